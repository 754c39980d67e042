//! The process level: Ctrl-C is never lost (during builtins, blocked
//! reads, at the REPL), windows go to disk only when asked, the REPL
//! history is kept only for a terminal under an existing home, exit
//! statuses are meaningful, and the memory budget can be set from the
//! command line and from Lisp.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A fresh, empty folder for one test.
fn scratch(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("robustness-process")
        .join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("scratch folder");
    d
}

/// The `sn` command run from `dir`, with the repository as SN_HOME.
fn sn(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sn"));
    c.current_dir(dir)
        .env("SN_HOME", env!("CARGO_MANIFEST_DIR"))
        .env_remove("SN_WINDOWS")
        .env_remove("SN_MEMORY");
    c
}

/// Runs `sn ARGS` in `dir` with no input.
fn run(dir: &Path, args: &[&str]) -> Output {
    sn(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("the sn binary runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).to_string()
}

/// Sends SIGINT to a child process.
fn interrupt(child: &Child) {
    let st = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(st.success());
}

/// Reads the child's standard output until a line equal to `line`.
fn wait_for_line(out: &mut BufReader<std::process::ChildStdout>, line: &str) -> String {
    let mut seen = String::new();
    loop {
        let mut l = String::new();
        let n = out.read_line(&mut l).expect("reading sn's output");
        assert!(n > 0, "sn ended before printing {line:?}: {seen}");
        seen.push_str(&l);
        if l.trim_end() == line {
            return seen;
        }
    }
}

/// Waits for a child to end, at most `limit`; kills it and fails after.
fn wait_at_most(child: &mut Child, limit: Duration, what: &str) -> std::process::ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(st) = child.try_wait().expect("waiting for sn") {
            return st;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: sn did not stop within {limit:?} after Ctrl-C");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Starts a script, waits for it to print `ready`, sends Ctrl-C, and
/// returns its exit status and the rest of its output.
fn interrupt_script(name: &str, script: &str, stdin: Stdio) -> (Option<i32>, String, String) {
    let dir = scratch(name);
    std::fs::write(dir.join("s.lsp"), script).unwrap();
    let mut child = sn(&dir)
        .arg("s.lsp")
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sn starts");
    let mut out = BufReader::new(child.stdout.take().unwrap());
    wait_for_line(&mut out, "\"ready\"");
    std::thread::sleep(Duration::from_millis(300));
    interrupt(&child);
    let st = wait_at_most(&mut child, Duration::from_secs(60), name);
    let mut rest = String::new();
    out.read_to_string(&mut rest).unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    (st.code(), rest, err)
}

#[test]
fn ctrl_c_during_top_level_builtins_stops_the_script_with_130() {
    // Straight-line builtins: no Lisp call, no loop between them.
    let mut script = String::from("(setq a (matrix 1200 1200))\n(print \"ready\")\n");
    for _ in 0..40 {
        script.push_str("(setq b (idx-m2timesm2 a a))\n");
    }
    script.push_str("(print \"done\")\n");
    let (code, rest, err) = interrupt_script("builtins", &script, Stdio::null());
    assert_eq!(code, Some(130), "stdout: {rest}\nstderr: {err}");
    assert!(!rest.contains("done"), "the script ran on: {rest}");
    assert!(err.contains("interrupted [interrupt]"), "{err}");
}

#[test]
fn ctrl_c_during_the_last_builtin_is_not_lost() {
    // -e: the interrupt arrives during the only builtin of the program.
    let dir = scratch("last");
    let mut child = sn(&dir)
        .args([
            "-e",
            "(progn (print \"ready\") (setq a (matrix 1500 1500)) (idx-m2timesm2 a a) (idx-m2timesm2 a a) (idx-m2timesm2 a a) (idx-m2timesm2 a a) 'finished)",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    wait_for_line(&mut out, "\"ready\"");
    std::thread::sleep(Duration::from_millis(100));
    interrupt(&child);
    let st = wait_at_most(&mut child, Duration::from_secs(60), "-e");
    let mut rest = String::new();
    out.read_to_string(&mut rest).unwrap();
    assert_eq!(st.code(), Some(130), "{rest}");
    assert!(!rest.contains("finished"), "{rest}");
}

#[test]
fn ctrl_c_while_blocked_reading_standard_input_exits_130() {
    let script =
        "(print \"ready\")\n(print (read-line (open-read \"/dev/stdin\")))\n(print \"after\")\n";
    // a pipe that stays open and that nobody writes
    let (code, rest, err) = interrupt_script("stdin", script, Stdio::piped());
    assert_eq!(code, Some(130), "stdout: {rest}\nstderr: {err}");
    assert!(!rest.contains("after"), "{rest}");
}

#[test]
fn ctrl_c_while_blocked_opening_a_fifo_exits_130() {
    let dir = scratch("fifo");
    let fifo = dir.join("f");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let script = format!(
        "(print \"ready\")\n(print (read-file {:?}))\n(print \"after\")\n",
        fifo.to_string_lossy()
    );
    let (code, rest, err) = interrupt_script("fifo-run", &script, Stdio::null());
    assert_eq!(code, Some(130), "stdout: {rest}\nstderr: {err}");
    assert!(!rest.contains("after"), "{rest}");
}

#[test]
fn ctrl_c_at_a_piped_repl_exits_130() {
    // The REPL reading a pipe nobody writes: no person to return to.
    let dir = scratch("piped-repl");
    let mut child = sn(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("HOME", dir.join("home"))
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    interrupt(&child);
    let st = wait_at_most(&mut child, Duration::from_secs(30), "piped REPL");
    assert_eq!(st.code(), Some(130));
}

/// The files under `dir`, relative, sorted.
fn files_under(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap();
                found.push(rel.to_string_lossy().to_string());
            }
        }
    }
    found.sort();
    found
}

const WINDOWS: &str = "(new-window)
(setq w (new-window 10 10 \"drawn\"))
(draw-line 0 0 9 9)
(save-window w \"out.png\")
(print (window-file w))
";

#[test]
fn windows_go_to_disk_only_when_saved() {
    let dir = scratch("windows");
    std::fs::write(dir.join("w.lsp"), WINDOWS).unwrap();
    let o = run(&dir, &["w.lsp"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(
        text(&o.stdout).trim(),
        "()",
        "window-file of an unsaved window"
    );
    assert_eq!(files_under(&dir), vec!["out.png", "w.lsp"]);
}

#[test]
fn sn_windows_asks_for_window_files() {
    let dir = scratch("windows-env");
    std::fs::write(dir.join("w.lsp"), WINDOWS).unwrap();
    let o = sn(&dir)
        .arg("w.lsp")
        .env("SN_WINDOWS", "pics")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout).trim(), "\"pics/drawn.png\"");
    // the blank window-1 is not written: nothing was drawn on it
    assert_eq!(
        files_under(&dir),
        vec!["out.png", "pics/drawn.png", "w.lsp"]
    );
}

#[test]
fn no_history_without_a_terminal_and_no_home_is_made() {
    let dir = scratch("history");
    let home = dir.join("home");
    std::fs::create_dir_all(&home).unwrap();
    let missing = dir.join("nowhere");
    for (h, data) in [(&home, home.join("data")), (&missing, missing.join("data"))] {
        let mut child = sn(&dir)
            .env("HOME", h)
            .env("XDG_DATA_HOME", &data)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child.stdin.take().unwrap().write_all(b"(+ 1 2)\n").unwrap();
        let o = child.wait_with_output().unwrap();
        assert!(text(&o.stdout).contains("= 3"), "{}", text(&o.stdout));
        assert!(!data.exists(), "{} was made", data.display());
    }
    assert!(!missing.exists(), "the missing home was made");
}

#[test]
fn exit_statuses_out_of_range_are_errors() {
    let dir = scratch("exit");
    let o = run(&dir, &["-e", "(exit 256)"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("[domain]"), "{}", text(&o.stderr));
    let o = run(&dir, &["-e", "(exit -1)"]);
    assert_eq!(o.status.code(), Some(1));
    let o = run(&dir, &["-e", "(exit 255)"]);
    assert_eq!(o.status.code(), Some(255));
    let o = run(&dir, &["-e", "(exit 3)"]);
    assert_eq!(o.status.code(), Some(3));
}

#[test]
fn loading_dev_null_and_empty_files_gives_nil() {
    let dir = scratch("load");
    std::fs::write(dir.join("empty.lsp"), "").unwrap();
    let o = run(
        &dir,
        &["-e", "(list (load \"/dev/null\") (load \"empty.lsp\"))"],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout).trim(), "(() ())");
}

#[test]
fn a_folder_is_named_as_a_folder() {
    let dir = scratch("folder");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    let o = run(&dir, &["sub"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("sub is a folder"),
        "{}",
        text(&o.stderr)
    );
    let o = run(&dir, &["-e", "(load \"sub\")"]);
    assert!(
        text(&o.stderr).contains("is a folder"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn interactive_with_a_missing_or_failing_file_fails_without_a_terminal() {
    let dir = scratch("interactive");
    let o = run(&dir, &["-i", "missing.lsp"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stdout));
    assert!(text(&o.stderr).contains("cannot find file missing.lsp"));
    assert!(!text(&o.stdout).contains("? "), "the REPL started");
    std::fs::write(dir.join("bad.lsp"), "(car 1)\n").unwrap();
    let o = run(&dir, &["-i", "bad.lsp"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stdout));
    assert!(text(&o.stderr).contains("[type]"));
    std::fs::write(dir.join("good.lsp"), "(setq x 5)\n").unwrap();
    let mut child = sn(&dir)
        .args(["-i", "good.lsp"])
        .env("HOME", dir.join("home"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"(+ x 1)\n").unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    assert!(text(&o.stdout).contains("= 6"), "{}", text(&o.stdout));
}

#[test]
fn a_wrong_sn_home_is_reported_at_startup() {
    let dir = scratch("home");
    std::fs::write(dir.join("s.sn"), "(print 1)\n").unwrap();
    let o = sn(&dir)
        .arg("s.sn")
        .env("SN_HOME", dir.join("nowhere"))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(err.contains("SN_HOME") && err.contains("nowhere"), "{err}");
    assert!(err.contains("does not exist"), "{err}");
    let o = sn(&dir)
        .args(["-e", "1"])
        .env("SN_HOME", &dir)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("library folder"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn memory_flag_and_builtin_set_the_budget() {
    let dir = scratch("memory");
    let o = run(&dir, &["--memory", "512M", "-e", "(memory-limit)"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout).trim(), (512u64 << 20).to_string());
    let o = run(
        &dir,
        &[
            "-e",
            "(list (memory-limit \"2G\") (memory-limit 3000000) (memory-limit))",
        ],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(
        text(&o.stdout).trim(),
        format!("({} 3000000 3000000)", 2u64 << 30)
    );
    let o = run(&dir, &["-e", "(memory-limit \"lots\")"]);
    assert!(text(&o.stderr).contains("[domain]"), "{}", text(&o.stderr));
    let o = run(&dir, &["--memory", "lots", "-e", "1"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&dir, &["--memory", "64M", "-e", "(matrix 10000 10000)"]);
    assert!(text(&o.stderr).contains("[memory]"), "{}", text(&o.stderr));
    let o = run(&dir, &["--help"]);
    assert!(text(&o.stdout).contains("SN_MEMORY"));
    assert!(text(&o.stdout).contains("--memory"));
}

#[test]
fn ctrl_c_during_a_builtin_at_the_repl_returns_to_the_prompt() {
    use expectrl::{ControlCode, Session};
    let dir = scratch("pty");
    let mut cmd = sn(&dir);
    cmd.env("HOME", dir.join("home")).env("TERM", "xterm");
    let mut p = Session::spawn(cmd).expect("sn on a pseudo-terminal");
    p.set_expect_timeout(Some(Duration::from_secs(60)));
    p.expect("? ").expect("the prompt");
    p.send_line("(setq a (matrix 2000 2000))").unwrap();
    p.expect("= ").unwrap();
    // builtins only: no safe point of the evaluator inside the progn; 40
    // products of 2000 x 2000 take seconds even on a fast machine (about
    // 0.2 s each on 2 cores), so the interrupt arrives while they run, and
    // is taken when the form ends
    let form = format!(
        "(progn (print 'started) {} 'finished)",
        "(idx-m2timesm2 a a) ".repeat(40)
    );
    p.send_line(&form).unwrap();
    // the printed line, not the echo of the input, which holds 'started
    p.expect("started\r\n").expect("the form started");
    std::thread::sleep(Duration::from_millis(200));
    p.send(ControlCode::EndOfText).unwrap();
    p.expect("interrupted [interrupt]")
        .expect("the interrupt is reported");
    p.send_line("(+ 40 2)").unwrap();
    p.expect("= 42").expect("the session goes on");
    let seen = String::from_utf8_lossy(p.expect("? ").unwrap().before()).to_string();
    assert!(!seen.contains("= finished"), "{seen}");
    p.send(ControlCode::EndOfTransmission).unwrap();
}
