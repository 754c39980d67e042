//! Runs `scripts/reproduce.sh --quick`: every quick figure published in the
//! READMEs and docs (listed in `scripts/figures/*.tsv`) must come out of its
//! command within its tolerance, and every quick row whose data is present
//! must actually run (not be skipped).

mod common;

use std::path::Path;
use std::process::Command;

/// The quick rows of the figure tables whose `needs:` paths are present.
fn runnable_quick_rows(root: &Path) -> usize {
    let mut n = 0;
    for entry in std::fs::read_dir(root.join("scripts/figures")).expect("scripts/figures") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("tsv") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read tsv");
        for line in text
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        {
            let mode = line.split('\t').nth(6).expect("seven columns");
            let parts: Vec<&str> = mode.split(',').map(str::trim).collect();
            let present = parts
                .iter()
                .filter_map(|p| p.strip_prefix("needs:"))
                .all(|need| {
                    need.split('|')
                        .any(|alt| !alt.contains('$') && root.join(alt).exists())
                });
            if parts.contains(&"quick") && present {
                n += 1;
            }
        }
    }
    n
}

#[test]
fn quick_figures_reproduce() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let expected = runnable_quick_rows(root);
    assert!(expected >= 10, "only {expected} quick figure rows");
    // the figures' commands make folders with mktemp: in TMPDIR, a folder
    // of the test's own removed at its end
    let tmp = common::temp_dir("sn-reproduce-quick-");
    let out = Command::new("bash")
        .arg(root.join("scripts/reproduce.sh"))
        .arg("--quick")
        .env("SN", env!("CARGO_BIN_EXE_sn"))
        .env("TMPDIR", &tmp)
        .current_dir(root)
        .output()
        .expect("run scripts/reproduce.sh");
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    println!("{text}");
    assert!(out.status.success(), "a quick figure is OFF:\n{text}");
    let summary = text
        .lines()
        .find(|l| l.starts_with("rows: "))
        .expect("summary line");
    let ran: usize = summary
        .split(", ")
        .find_map(|f| f.strip_prefix("ran "))
        .and_then(|n| n.parse().ok())
        .expect("ran count");
    assert!(
        ran >= expected,
        "ran {ran} rows, expected at least {expected}: {summary}"
    );
}
