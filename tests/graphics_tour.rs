//! Every script of the guided tour (`examples/tour-*.lsp`) runs with short
//! settings (`SN_TOUR_QUICK`), with no terminal and no display, and writes
//! the pictures its header promises as PNG files that decode.

use sn_graphics::png_io::read_png;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The picture names (`tour-...png`) that a script's header comments mention.
fn promised_pictures(script: &str) -> Vec<String> {
    let mut names = Vec::new();
    for line in script
        .lines()
        .take_while(|l| l.starts_with(";;") || l.starts_with("#!"))
    {
        for word in line.split_whitespace() {
            if let Some(name) = word.strip_prefix("docs/pictures/") {
                names.push(name.trim_end_matches([',', '.', ')']).to_string());
            }
        }
    }
    names
}

fn run_tour_script(path: &Path, out: &Path) {
    let _ = std::fs::remove_dir_all(out);
    std::fs::create_dir_all(out).unwrap();
    let result = Command::new(env!("CARGO_BIN_EXE_sn"))
        .arg(path)
        .env("SN_TOUR_QUICK", "1")
        .env("SN_TOUR_DIR", out)
        .env("SN_HOME", env!("CARGO_MANIFEST_DIR"))
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env("TERM", "dumb")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        result.status.success(),
        "{} failed:\n{}\n{}",
        path.display(),
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
    let script = std::fs::read_to_string(path).unwrap();
    let promised = promised_pictures(&script);
    assert!(
        !promised.is_empty(),
        "{} promises no picture",
        path.display()
    );
    for name in promised {
        let png = read_png(&out.join(&name));
        assert!(png.is_ok(), "{}: {name}: {:?}", path.display(), png.err());
    }
}

#[test]
fn every_tour_script_runs_and_draws() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut scripts: Vec<PathBuf> = std::fs::read_dir(root.join("examples"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("tour-") && n.ends_with(".lsp"))
        })
        .collect();
    scripts.sort();
    assert!(!scripts.is_empty());
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("tour");
    for script in &scripts {
        let stem = script.file_stem().unwrap().to_string_lossy().to_string();
        run_tour_script(script, &tmp.join(stem));
    }
}

#[test]
fn headers_are_parsed_for_pictures() {
    let header =
        ";; writes\n;;   docs/pictures/a.png  and docs/pictures/b.png.\n(code docs/pictures/c.png)";
    assert_eq!(promised_pictures(header), vec!["a.png", "b.png"]);
}
