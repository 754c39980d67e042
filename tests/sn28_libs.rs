//! SN2.8's own Lisp libraries on sn's primitives: with `SN28_LIB` naming
//! SN2.8's `lib/`, `(libload "sn28/sn28")` and the netenv loaded before a
//! `.sn` script are SN2.8's `netenv.sn`, `connect.sn` and `knnenv.sn`
//! instead of sn's `lisp/netenv*.lsp`. The demos of SN2.8's examples run
//! both ways from a temporary copy and must print the same lines; the GUI
//! libraries load, and their tools stop with the Ogre error.
//!
//! Without `../shared/sn28` every test prints a skip message and passes.

use std::path::Path;
use std::process::{Command, Stdio};

mod common;
use common::{copy_tree, sn28};

/// What one run printed.
struct Run {
    status: Option<i32>,
    stdout: String,
    stderr: String,
}

/// A fresh copy of SN2.8's examples and lib in a temporary folder.
fn copy_of(root: &Path, tag: &str) -> common::TempDir {
    let tmp = common::temp_dir(&format!("sn28-libs-{tag}-"));
    copy_tree(&root.join("examples"), &tmp.join("examples"));
    copy_tree(&root.join("lib"), &tmp.join("lib"));
    tmp
}

/// Runs `sn args < /dev/null` in `dir` (SN_PATH at the copy's lib, as
/// Lush's path; SN28_LIB set to it when `sn28_lib`).
fn run_sn(tmp: &Path, dir: &Path, args: &[&str], sn28_lib: bool) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sn"));
    cmd.args(args)
        .current_dir(dir)
        .env("SN_HOME", env!("CARGO_MANIFEST_DIR"))
        .env("SN_PATH", tmp.join("lib"))
        .env_remove("SN28_LIB")
        .stdin(Stdio::null());
    if sn28_lib {
        cmd.env("SN28_LIB", tmp.join("lib"));
    }
    let out = cmd.output().expect("the sn binary runs");
    Run {
        status: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).to_string(),
        stderr: String::from_utf8_lossy(&out.stderr).to_string(),
    }
}

/// The `patterns{…}, age=…, error=…, performance=…` lines of a run.
fn result_lines(s: &str) -> Vec<String> {
    s.lines()
        .filter(|l| l.starts_with("patterns{"))
        .map(str::to_string)
        .collect()
}

/// Runs one demo of `examples/dir` with sn's netenv and with SN2.8's; both
/// must end cleanly and print the same lines. Returns SN2.8's run.
fn same_both_ways(dir: &str, file: &str) -> Option<Run> {
    same_both_ways_args(dir, file, &[file])
}

/// [`same_both_ways`] with the arguments given to sn (`tag` names the run).
fn same_both_ways_args(dir: &str, file: &str, args: &[&str]) -> Option<Run> {
    let root = sn28()?;
    let tag = format!("{}-{file}", dir.replace('/', "-"));
    let tmp = copy_of(&root, &tag);
    let at = tmp.join("examples").join(dir);
    let own = run_sn(&tmp, &at, args, false);
    // a fresh copy: the first run may have written files (weights, perf)
    let tmp2 = copy_of(&root, &format!("{tag}-lib"));
    let lib = run_sn(&tmp2, &tmp2.join("examples").join(dir), args, true);
    for (name, r) in [("sn's netenv", &own), ("SN2.8's netenv", &lib)] {
        assert!(
            r.status == Some(0) && !r.stderr.contains("***"),
            "{dir}/{file} with {name}: status {:?}, stderr:\n{}",
            r.status,
            r.stderr
        );
    }
    assert_eq!(
        own.stdout, lib.stdout,
        "{dir}/{file}: sn's netenv and SN2.8's netenv.sn print differently"
    );
    Some(lib)
}

#[test]
fn xor_reaches_100_percent_with_sn28_netenv_as_with_sns() {
    let Some(run) = same_both_ways("netold/xor", "demo") else {
        return;
    };
    let lines = result_lines(&run.stdout);
    assert!(!lines.is_empty(), "xor printed no performance line");
    let last = lines.last().unwrap();
    assert!(last.ends_with("performance=100"), "xor ends at {last}");
}

#[test]
fn obd_prints_the_same_figures_with_sn28_netenv() {
    let Some(run) = same_both_ways("obd", "demo") else {
        return;
    };
    let lines = result_lines(&run.stdout);
    // stochastic gradient, conjugate gradient, then four rounds of
    // pruning: every round ends with a line on the test set (320-479)
    let test_lines = lines
        .iter()
        .filter(|l| l.starts_with("patterns{320-479}"))
        .count();
    assert_eq!(test_lines, 6, "obd's test-set lines: {lines:#?}");
    assert_eq!(run.stdout.matches("Pruned ").count(), 4);
}

#[test]
fn other_netold_demos_print_the_same_with_sn28_netenv() {
    for (dir, file) in [
        ("netold/adaline", "demo"),
        ("netold/hamming", "demo"),
        ("netold/hopfield", "demo"),
        ("netold/kanerva", "demo"),
        ("netold/perceptron", "demo"),
        ("netold/sla", "demo1"),
        ("netold/sla", "demo2"),
    ] {
        if same_both_ways(dir, file).is_none() {
            return;
        }
    }
}

/// Loads a file of SN2.8's lib (then evaluates `then`), with SN2.8's
/// netenv or sn's.
fn load_lib(file: &str, then: &str, sn28_lib: bool) -> Option<Run> {
    let root = sn28()?;
    let lib = root.join("lib").join(file);
    let expr = format!("(progn (load \"{}\") {then})", lib.display());
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sn"));
    cmd.args(["-e", &expr])
        .env("SN_HOME", env!("CARGO_MANIFEST_DIR"))
        .env_remove("SN28_LIB")
        .stdin(Stdio::null());
    if sn28_lib {
        cmd.env("SN28_LIB", root.join("lib"));
    }
    let out = cmd.output().expect("the sn binary runs");
    Some(Run {
        status: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).to_string(),
        stderr: String::from_utf8_lossy(&out.stderr).to_string(),
    })
}

#[test]
fn the_gui_libraries_load_with_either_netenv() {
    for file in ["imagetool.sn", "matrixtool.sn", "nettool.sn", "bptool.sn"] {
        for sn28_lib in [false, true] {
            let Some(r) = load_lib(file, "(classp windowobject)", sn28_lib) else {
                return;
            };
            assert!(
                r.status == Some(0) && !r.stderr.contains("***"),
                "loading {file} (SN28_LIB {sn28_lib}): {}",
                r.stderr
            );
            assert!(r.stdout.trim_end().ends_with('t'), "{file}: {}", r.stdout);
        }
    }
}

#[test]
fn the_gui_tools_stop_with_the_ogre_error() {
    for (file, tool) in [("matrixtool.sn", "(stattool)"), ("nettool.sn", "(nettool)")] {
        let Some(r) = load_lib(file, tool, true) else {
            return;
        };
        assert_eq!(r.status, Some(1), "{tool}: {}", r.stderr);
        assert!(
            r.stderr.contains("the Ogre GUI (X11) is not part of sn"),
            "{tool}: {}",
            r.stderr
        );
    }
}

#[test]
fn sn28_lib_loads_sn28s_files_in_place_of_sns() {
    let Some(root) = sn28() else { return };
    // connect.sn defines mask-toric-connect in Lisp (sn has it as a
    // builtin); sn's netenv defines %define-props, SN2.8's does not
    let probe = "(progn (libload \"sn28/sn28\") (list mask-toric-connect (boundp '%define-props)))";
    let run = |lib: bool| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_sn"));
        cmd.args(["-e", probe])
            .env("SN_HOME", env!("CARGO_MANIFEST_DIR"))
            .env_remove("SN28_LIB")
            .stdin(Stdio::null());
        if lib {
            cmd.env("SN28_LIB", root.join("lib"));
        }
        String::from_utf8_lossy(&cmd.output().expect("sn runs").stdout)
            .trim()
            .to_string()
    };
    assert_eq!(run(true), "(::lambda:mask-toric-connect ())");
    assert_eq!(run(false), "(::builtin:mask-toric-connect t)");
    // a folder without SN2.8's files is a clear error
    let out = Command::new(env!("CARGO_BIN_EXE_sn"))
        .args(["-e", "(libload \"sn28/sn28\")"])
        .env("SN_HOME", env!("CARGO_MANIFEST_DIR"))
        .env("SN28_LIB", std::env::temp_dir().join("no-such-sn28-lib"))
        .stdin(Stdio::null())
        .output()
        .expect("sn runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("SN28_LIB") && err.contains("netenv.sn"),
        "{err}"
    );
}

/// conjgrad's online Levenberg-Marquardt and batch conjugate gradient
/// (SN2.8's Hestenes-Stiefel directions, which need TL3's parallel `setq`)
/// print the same runs with both netenvs, and reach their error goals.
#[test]
fn conjgrad_lm_and_cg_print_the_same_with_sn28_netenv() {
    for (go, goal) in [("go-lm", 0.005), ("go-batch-cg", 0.0015)] {
        let expr = format!("(load \"demo\") ({go})");
        let Some(run) = same_both_ways_args("conjgrad", go, &["-e", &expr]) else {
            return;
        };
        let last = result_lines(&run.stdout).pop().expect("a performance line");
        let err: f64 = last
            .split("error=")
            .nth(1)
            .and_then(|t| t.split(',').next())
            .and_then(|t| t.parse().ok())
            .expect("an error figure");
        assert!(err <= goal, "{go} ends at {last}");
    }
}

/// SN28_LIB naming a folder without SN2.8's files is an io error that
/// names the missing file, not a silent fall-back to sn's netenv.
#[test]
fn sn28_lib_without_the_files_is_a_clear_error() {
    let dir = common::temp_dir("sn28-lib-empty-");
    let out = Command::new(env!("CARGO_BIN_EXE_sn"))
        .args(["-e", "(libload \"sn28/sn28\")"])
        .env("SN_HOME", env!("CARGO_MANIFEST_DIR"))
        .env("SN28_LIB", &dir)
        .stdin(Stdio::null())
        .output()
        .expect("sn runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("netenv.sn does not exist") && err.contains("[io]"),
        "{err}"
    );
}
