//! One-way layers: the Lisp core (`src/lisp`) does not reach into the
//! builtin families or the toplevel; a bare interpreter has the core only;
//! `(exit)` unwinds to the toplevel instead of ending the process.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use sn::lisp::{ErrorKind, Interp, Res, Unwind};

/// The exit of a run that must fail.
fn fails(r: Res, what: &str) -> Unwind {
    match r {
        Ok(v) => panic!("{what}: got {}", sn::lisp::printer::repr(&v)),
        Err(e) => e,
    }
}

/// Paths into the layers above the core, in any spelling a module path
/// can take (`crate::builtins`, `super::super::toplevel`, `sn::builtins`
/// ...), and attributes that would pull in files from elsewhere.
const FORBIDDEN: &[&str] = &[
    "builtins::",
    "toplevel::",
    "crate::repl",
    "#[path",
    "include!(",
];

/// Every `.rs` file under `dir`, recursively.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        panic!("cannot read {}", dir.display());
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The lines of the core's files that name a forbidden path.
fn offending_lines(root: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(root, &mut files);
    let mut found = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("reading a source file");
        for (n, line) in text.lines().enumerate() {
            if FORBIDDEN.iter().any(|pat| line.contains(pat)) {
                found.push(format!("{}:{}: {}", f.display(), n + 1, line.trim()));
            }
        }
    }
    found
}

#[test]
fn the_core_does_not_import_the_builtins_or_the_toplevel() {
    let core = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/lisp");
    let mut files = Vec::new();
    rust_files(&core, &mut files);
    assert!(
        files.len() > 10,
        "the core's files were not found in {}",
        core.display()
    );
    let found = offending_lines(&core);
    assert!(
        found.is_empty(),
        "src/lisp reaches into the layers above it:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_layer_check_finds_an_import() {
    // the check itself can fail: a file with an import is caught
    let dir = common::temp_dir("sn-layers-");
    let sub = dir.join("reader");
    std::fs::create_dir_all(&sub).expect("temp dir");
    std::fs::write(dir.join("ok.rs"), "use super::Interp;\n").expect("write");
    std::fs::write(
        sub.join("bad.rs"),
        "fn f() { super::super::builtins::x() }\n",
    )
    .expect("write");
    let found = offending_lines(&dir);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("bad.rs:1"), "{found:?}");
}

#[test]
fn a_bare_interpreter_has_the_core_only() {
    let mut it = Interp::bare();
    let v = it
        .eval_str("(de twice (x) (list x x)) (setq y 4) (let ((z 1)) (if z (progn (setq y (+ y z)) y) 0))")
        .map(|v| sn::lisp::printer::repr(&v));
    // `list` and `+` are builtins: the bare interpreter does not know them
    let e = v.expect_err("list and + are not in the core");
    assert_eq!(e.kind(), ErrorKind::UnboundFunction, "{e:?}");
    let v = it
        .eval_str("(setq y 4) (let ((z 1)) (cond (() 0) (z (setq y z) (quote done))))")
        .map(|v| sn::lisp::printer::repr(&v));
    assert_eq!(v.ok().as_deref(), Some("done"));
    let full = Interp::new().bound_names();
    let bare = it.bound_names();
    for name in [
        "car",
        "cons",
        "print",
        "matrix",
        "train-net",
        "load",
        "exit",
    ] {
        assert!(
            full.iter().any(|n| &**n == name),
            "{name} missing from Interp::new"
        );
        assert!(
            !bare.iter().any(|n| &**n == name),
            "{name} bound in a bare interpreter"
        );
    }
    for name in ["quote", "setq", "let", "if", "cond", "de", "while", "catch"] {
        assert!(
            bare.iter().any(|n| &**n == name),
            "special form {name} missing"
        );
    }
    let e = fails(it.eval_str("(car '(1 2))"), "car is a builtin");
    assert_eq!(e.kind(), ErrorKind::UnboundFunction);
}

#[test]
fn arrays_called_as_functions_are_part_of_the_core() {
    // an array made outside the core is called by the bare evaluator
    let mut full = Interp::new();
    let m = full.eval_str("(matrix 2 3)").expect("matrix");
    let mut it = Interp::bare();
    it.set_global("m", m);
    let v = it
        .eval_str("(m 1 2 7) (m 1 2)")
        .ok()
        .and_then(|v| v.as_num());
    assert_eq!(v, Some(7.0));
    let e = fails(it.eval_str("(m 2 0)"), "out of range");
    assert_eq!(e.kind(), ErrorKind::Index);
}

#[test]
fn exit_unwinds_to_the_caller_through_cleanups() {
    let mut it = Interp::new();
    let r = it.eval_str(
        "(setq cleaned ()) (catch-error (catch 'x (unwind-protect (exit 7) (setq cleaned t)))) (setq after t)",
    );
    let e = fails(r, "exit is not a value");
    assert_eq!(e.quit_status(), Some(7));
    assert_eq!(e.kind(), ErrorKind::Exit);
    let v = it
        .eval_str("(list cleaned after)")
        .map(|v| sn::lisp::printer::repr(&v));
    // the cleanup ran; neither catch stopped the exit, so `after` was not set
    assert_eq!(v.ok().as_deref(), Some("(t ())"));
    let e = fails(it.eval_str("(exit 300)"), "out of range");
    assert_eq!(e.kind(), ErrorKind::Domain);
}

/// Runs the `sn` binary with `args` in `dir`; (status, stdout, stderr).
fn sn(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_sn"))
        .args(args)
        .current_dir(dir)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("running sn");
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn the_toplevel_carries_out_exit() {
    let dir = common::temp_dir("sn-layers-exit-");
    let f = dir.join("quit.lsp");
    std::fs::write(&f, "(print 'before)\n(exit 4)\n(print 'after)\n").expect("write");
    let file = f.to_string_lossy().into_owned();
    let (code, out, err) = sn(&dir, &[&file]);
    assert_eq!(code, Some(4), "{err}");
    assert_eq!(out, "before\n");
    // -i: an exit in the file leaves before the REPL starts
    let (code, out, err) = sn(&dir, &["-i", &file]);
    assert_eq!(code, Some(4), "{err}");
    assert_eq!(out, "before\n");
    // a window drawn before the exit is written on the way out
    let (code, _, err) = sn(
        &dir,
        &[
            "-e",
            "(setq window-dir \".\") (new-window 20 20 \"w\") (draw-line 0 0 10 10) (exit 5)",
        ],
    );
    let written = dir.join("w.png").is_file();
    assert_eq!(code, Some(5), "{err}");
    assert!(err.is_empty(), "{err}");
    assert!(written, "the window was not written at the exit");
}

#[test]
fn exit_at_the_repl_leaves_with_its_status() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_sn"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("running sn");
    if let Some(mut i) = child.stdin.take() {
        // the forms after the exit, and the next input, are not run
        let _ = i.write_all(b"(print 'one) (exit 6) (print 'two)\n(print 'three)\n");
    }
    let o = child.wait_with_output().expect("waiting for sn");
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        o.status.code(),
        Some(6),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(out.contains("one"), "{out}");
    assert!(!out.contains("two") && !out.contains("three"), "{out}");
}
