//! Coverage of SN2.8's documented API and C primitives in sn.
//!
//! At test time this reads `../shared/sn28/sn28.hlp` (every `#? (name ...)`
//! entry, several per line allowed, and every variable entry `#? <name>`
//! or `#? name`) and `../shared/sn28/src/*.c` (every `dx_define("name"`,
//! `dy_define("name"` and `var_define("name"`), then asks an sn running a
//! `.sn` script (so with sn's SN2.8 environment loaded) which of these
//! symbols are bound. No list of names is written here.
//!
//! Exclusion rule (the GUI tools, out of scope per the issue): every entry
//! of the chapter `***** SN Tools.` of `sn28.hlp` — `NetTool`, `BPTool`,
//! `StatTool`, `NormTool`. Nothing in `src/*.c` is excluded.
//!
//! Every name must be bound; the figures and any missing names, grouped
//! by source (the `.FILE` of a help entry, "C primitive" for entries
//! without one, or the C file), are printed.
//!
//! When `../shared/sn28` is absent the test prints a message and passes.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

fn sn28() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/sn28");
    p.join("sn28.hlp").is_file().then_some(p)
}

/// The names opened by `(` at depth 0 on a help entry line.
fn call_names(line: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut depth = 0;
    let chars = line.char_indices().peekable();
    for (i, c) in chars {
        match c {
            '(' => {
                if depth == 0 {
                    let rest = &line[i + 1..];
                    let end = rest
                        .find(|ch: char| ch.is_whitespace() || ch == ')' || ch == '(')
                        .unwrap_or(rest.len());
                    // `(update-back-sum...<l>...)`: the dots are the manual's
                    let name = rest[..end].split("...").next().unwrap_or("");
                    if !name.is_empty() && !name.starts_with('<') {
                        names.push(name.to_lowercase());
                    }
                }
                depth += 1;
            }
            ')' => depth -= 1,
            _ => {}
        }
    }
    names
}

/// (name, source) of every documented function and variable outside the
/// excluded chapter.
fn help_names(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut excluded = false;
    let lines: Vec<&str> = text.lines().collect();
    for (k, line) in lines.iter().enumerate() {
        let Some(entry) = line.strip_prefix("#?") else {
            continue;
        };
        let entry = entry.trim();
        if entry.starts_with("*****") && !entry.starts_with("******") {
            excluded = entry == "***** SN Tools.";
        }
        if excluded || entry.starts_with('*') {
            continue;
        }
        let names = if entry.starts_with('(') {
            call_names(entry)
        } else if let Some(v) = entry.strip_prefix('<').and_then(|e| e.strip_suffix('>')) {
            vec![v.to_lowercase()]
        } else if !entry.contains(' ') && !entry.is_empty() {
            vec![entry.to_lowercase()]
        } else {
            vec![]
        };
        let file = lines[k + 1..]
            .iter()
            .take_while(|l| !l.starts_with("#?"))
            .find_map(|l| l.strip_prefix(".FILE "))
            .map_or("C primitive".to_string(), |f| f.trim().to_string());
        out.extend(names.into_iter().map(|n| (n, format!("sn28.hlp ({file})"))));
    }
    out
}

/// (name, file) of every primitive defined in the C sources.
fn c_names(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("src"))
        .expect("src folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "c"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let text = String::from_utf8_lossy(&std::fs::read(&f).expect("C file")).to_string();
        let fname = format!("src/{}", f.file_name().unwrap().to_string_lossy());
        for key in ["dx_define(\"", "dy_define(\"", "var_define(\""] {
            for (i, _) in text.match_indices(key) {
                let rest = &text[i + key.len()..];
                if let Some(end) = rest.find('"') {
                    out.push((rest[..end].to_lowercase(), fname.clone()));
                }
            }
        }
    }
    out
}

/// The subset of `names` that a fresh sn (running a `.sn` script) has no
/// value once SN2.8's environment is loaded (`(libload "sn28/sn28")`, as
/// SN2.8's own programs start) and a small net is built: `forward-prop`, `backward-prop`
/// and the other functions that SN2.8's `define-net` defines exist only
/// after a net is defined, in SN2.8 as in sn.
fn unbound(names: &BTreeSet<String>) -> BTreeSet<String> {
    let dir = common::temp_dir("sn28-coverage-");
    let script = dir.join("coverage.sn");
    let list: Vec<String> = names.iter().cloned().collect();
    let body = format!(
        "(libload \"sn28/sn28\") (alloc-net 10 10) (build-net '((input 2) (output 1)) '((input output)))\n\
         (each ((s '({}))) (when (not (boundp s)) (printf \"MISSING %s\\n\" (pname s))))\n",
        list.join(" ")
    );
    std::fs::write(&script, body).unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    let out = Command::new(env!("CARGO_BIN_EXE_sn"))
        .arg(&script)
        .current_dir(&dir)
        .env("SN_HOME", root)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("sn runs");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "sn failed:\n{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text.lines()
        .filter_map(|l| l.strip_prefix("MISSING "))
        .map(str::to_string)
        .filter(|n| names.contains(n))
        .collect()
}

fn report(title: &str, entries: &[(String, String)], missing: &BTreeSet<String>) -> (usize, usize) {
    let names: BTreeSet<&String> = entries.iter().map(|(n, _)| n).collect();
    let bound = names.iter().filter(|n| !missing.contains(**n)).count();
    println!("{title}: {bound} of {} bound", names.len());
    let mut by_src: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (n, src) in entries {
        if missing.contains(n) {
            by_src.entry(src).or_default().insert(n);
        }
    }
    for (src, ns) in by_src {
        let v: Vec<&str> = ns.into_iter().collect();
        println!("  missing from {src} ({}): {}", v.len(), v.join(" "));
    }
    (bound, names.len())
}

#[test]
fn sn28_api_coverage() {
    let Some(dir) = sn28() else {
        println!("skipped: ../shared/sn28 (SN2.8's sources) is absent");
        return;
    };
    let hlp = String::from_utf8_lossy(&std::fs::read(dir.join("sn28.hlp")).expect("sn28.hlp"))
        .to_string();
    let doc = help_names(&hlp);
    let prim = c_names(&dir);
    assert!(
        doc.len() > 250 && prim.len() > 100,
        "parsing found too little"
    );
    assert!(doc.iter().any(|(n, _)| n == "alloc-net") && prim.iter().any(|(n, _)| n == "knn"));
    assert!(
        !doc.iter().any(|(n, _)| n == "nettool"),
        "the GUI chapter is excluded"
    );
    let all: BTreeSet<String> = doc.iter().chain(&prim).map(|(n, _)| n.clone()).collect();
    let missing = unbound(&all);
    let (db, dn) = report("documented in sn28.hlp", &doc, &missing);
    let (pb, pn) = report("primitives of src/*.c", &prim, &missing);
    let total = all.len() - missing.len();
    println!(
        "coverage: {total} of {} names bound ({:.1} %); documented {db}/{dn}, primitives {pb}/{pn}",
        all.len(),
        100.0 * total as f64 / all.len() as f64
    );
    assert!(missing.is_empty(), "not bound in sn: {:?}", missing);
}
