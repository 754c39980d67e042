//! Helpers shared by the integration tests that run the `sn` binary.
#![allow(dead_code)] // each test file uses some of these

use std::process::Command;

/// Runs `sn` with `args` from the repository root; asserts that it
/// succeeded and returns its standard output.
pub fn run_sn(args: &[&str]) -> String {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = Command::new(env!("CARGO_BIN_EXE_sn"))
        .args(args)
        .current_dir(root)
        .env("SN_HOME", root)
        .output()
        .expect("the sn binary runs");
    stdout_ok(out)
}

/// The standard output of a run of `sn` that must have succeeded (the
/// test fails with both outputs otherwise).
pub fn stdout_ok(out: std::process::Output) -> String {
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

/// SN2.8's folder (`../shared/sn28`, with its examples and libraries), or
/// `None` after printing that the tests needing it are skipped.
pub fn sn28() -> Option<std::path::PathBuf> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/sn28");
    if p.join("examples").is_dir() && p.join("lib").is_dir() {
        Some(p.canonicalize().unwrap_or(p))
    } else {
        eprintln!(
            "skipped: {} is absent (SN2.8's examples and lib)",
            p.display()
        );
        None
    }
}

/// Copies a folder tree.
pub fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("create a folder in the temporary copy");
    for e in std::fs::read_dir(from).expect("read a folder to copy") {
        let e = e.expect("a folder entry");
        let dest = to.join(e.file_name());
        if e.path().is_dir() {
            copy_tree(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), &dest).expect("copy a file");
        }
    }
}

/// Writes `script` to `dir/name` and runs it with `sn` in `dir` (standard
/// input empty); its output.
pub fn run_script(dir: &std::path::Path, name: &str, script: &str) -> std::process::Output {
    run_script_with(dir, &[], name, script)
}

/// [`run_script`] with `args` (options of `sn`) before the script.
pub fn run_script_with(
    dir: &std::path::Path,
    args: &[&str],
    name: &str,
    script: &str,
) -> std::process::Output {
    let file = dir.join(name);
    std::fs::write(&file, script).expect("the script is written");
    Command::new(env!("CARGO_BIN_EXE_sn"))
        .args(args)
        .arg(&file)
        .current_dir(dir)
        .env("SN_HOME", env!("CARGO_MANIFEST_DIR"))
        .stdin(std::process::Stdio::null())
        .output()
        .expect("the sn binary runs")
}

/// [`run_script`] that must succeed: its standard output (the test fails
/// with both outputs otherwise).
pub fn run_script_ok(dir: &std::path::Path, name: &str, script: &str) -> String {
    stdout_ok(run_script(dir, name, script))
}

/// Runs `f` on a thread with the interpreter's stack (deep Lisp recursion
/// needs more than a test thread has) and returns its result; a panic in
/// `f` fails the test.
pub fn on_interp_thread<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(sn::toplevel::INTERP_STACK)
        .spawn(f)
        .expect("spawning an interpreter thread")
        .join()
        .unwrap_or_else(|_| panic!("the interpreter thread panicked"))
}

/// A fresh interpreter whose printing goes to a buffer (returned too).
pub fn buffered_interp() -> (sn::lisp::Interp, std::rc::Rc<std::cell::RefCell<Vec<u8>>>) {
    let mut it = sn::lisp::Interp::new();
    let buf = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    it.output = sn::lisp::Output::Buffer(buf.clone());
    (it, buf)
}

/// Runs `f` on a thread with the interpreter's stack, with a fresh
/// interpreter (printing to a buffer) that has evaluated `setup` (the
/// Lisp helpers of a test file) first.
pub fn with_interp<T: Send + 'static>(
    setup: &'static str,
    f: impl FnOnce(&mut sn::lisp::Interp) -> T + Send + 'static,
) -> T {
    on_interp_thread(move || {
        let (mut it, _) = buffered_interp();
        if let Err(e) = it.eval_source(setup, "setup.lsp", false) {
            panic!("the test's Lisp helpers: {}", e.into_error().message);
        }
        f(&mut it)
    })
}

/// The numbers of a printed string of numbers separated by spaces (the
/// quotes of its printed form ignored).
pub fn parse_numbers(s: &str) -> Vec<f64> {
    s.trim_matches('"')
        .split_whitespace()
        .map(|t| t.parse().expect("a number"))
        .collect()
}

/// A temporary folder removed with everything in it when dropped, also
/// when the test fails; it derefs to its path.
pub struct TempDir(tempfile::TempDir);

impl std::ops::Deref for TempDir {
    type Target = std::path::Path;
    fn deref(&self) -> &std::path::Path {
        self.0.path()
    }
}

impl AsRef<std::path::Path> for TempDir {
    fn as_ref(&self) -> &std::path::Path {
        self.0.path()
    }
}

impl AsRef<std::ffi::OsStr> for TempDir {
    fn as_ref(&self) -> &std::ffi::OsStr {
        self.0.path().as_os_str()
    }
}

/// A fresh empty folder in the system's temporary folder, named `prefix`
/// and random characters.
pub fn temp_dir(prefix: &str) -> TempDir {
    TempDir(
        tempfile::Builder::new()
            .prefix(prefix)
            .tempdir()
            .expect("make a temporary folder"),
    )
}
