//! SN2.8's own example programs run with sn's netenv, from a copy of their
//! folders in `../shared/sn28/examples` (the files are not changed), and
//! reach the figures that SN2.8's netenv gives them. Without that folder
//! the tests print a message and pass.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// SN2.8's examples folder, if present.
fn examples() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/sn28/examples");
    if p.is_dir() {
        Some(p)
    } else {
        println!("skipped: {} is absent", p.display());
        None
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dst = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dst);
        } else {
            fs::copy(e.path(), dst).unwrap();
        }
    }
}

/// A fresh temporary folder holding copies of the named example folders.
fn copies(name: &str, folders: &[&str]) -> Option<common::TempDir> {
    let ex = examples()?;
    let tmp = common::temp_dir(&format!("sn28-netenv-{name}-"));
    for f in folders {
        copy_dir(&ex.join(f), &tmp.join("examples").join(f));
    }
    fs::create_dir_all(tmp.join("run")).unwrap();
    Some(tmp)
}

/// Runs `sn file` in `dir`; asserts a clean end and returns the output.
fn run_in(dir: &Path, file: &str) -> String {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = Command::new(env!("CARGO_BIN_EXE_sn"))
        .arg(file)
        .current_dir(dir)
        .env("SN_HOME", root)
        .output()
        .expect("the sn binary runs");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "{text}\n{err}");
    assert!(
        !text.contains("***") && !err.contains("***"),
        "{text}\n{err}"
    );
    text
}

/// The performance figures of the perf lines over patterns `range`.
fn perfs(text: &str, range: &str) -> Vec<f64> {
    let head = format!("patterns{{{range}}}, age=");
    text.lines()
        .filter(|l| l.starts_with(&head))
        .map(|l| {
            let v = l.rsplit("performance=").next().unwrap_or("");
            v.trim().parse().unwrap_or(-1.0)
        })
        .collect()
}

#[test]
fn perceptron_sn_learns_its_patterns() {
    let Some(tmp) = copies("perceptron", &["netold/perceptron"]) else {
        return;
    };
    let dir = tmp.join("examples/netold/perceptron");
    let text = run_in(&dir, "perceptron.sn");
    // SN2.8's nlf-bin (four arguments) and its perf lines: 5 runs of
    // 20 iterations after the initial perf; the perceptron separates
    // the ten patterns
    let p = perfs(&text, "0-9");
    assert_eq!(p.len(), 6, "{text}");
    assert!(p[0] < 100.0, "the net must start untrained: {text}");
    assert_eq!(*p.last().unwrap(), 100.0, "{text}");
    assert!(
        text.lines()
            .filter(|l| l.starts_with('-'))
            .all(|l| l == "-".repeat(55)),
        "SN2.8's separator lines: {text}"
    );
}

#[test]
fn obd_example_trains_prunes_and_generalises() {
    let Some(tmp) = copies("obd", &["obd", "bptool"]) else {
        return;
    };
    // example.sn reads "../examples/bptool/dig.pat": run from a sibling
    // folder of examples/
    let text = run_in(&tmp.join("run"), "../examples/obd/example.sn");
    assert!(text.contains("** Test set size = 160, 90% confidence interval = +-9.68%."));
    let train = perfs(&text, "0-319");
    let test = perfs(&text, "320-479");
    assert_eq!(test.len(), 6, "one test perf after each phase: {text}");
    assert_eq!(*train.last().unwrap(), 100.0, "{text}");
    assert!(test.iter().all(|&p| p >= 90.0), "{test:?}");
    // each pruning cuts the connections below the 10 % quantile of the
    // saliencies: about a tenth of what is left
    let pruned: Vec<usize> = text
        .lines()
        .filter_map(|l| l.strip_prefix("Pruned "))
        .map(|l| l.split(' ').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(pruned.len(), 4, "{text}");
    assert!(pruned.iter().all(|&n| n > 500 && n < 1500), "{pruned:?}");
    assert!(
        pruned.windows(2).all(|w| w[1] <= w[0]),
        "fewer each time: {pruned:?}"
    );
}

#[test]
fn or_sn_follows_the_quadrant_rule_of_tl3() {
    let Some(tmp) = copies("sla", &["netold/sla"]) else {
        return;
    };
    let text = run_in(&tmp.join("examples/netold/sla"), "or.sn");
    // the first pattern gives an output of 0 exactly: in no quadrant
    let first = text.lines().find(|l| l.starts_with("age=")).unwrap_or("");
    assert!(first.ends_with("**arrgh**"), "{text}");
}
