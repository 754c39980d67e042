//! Robustness: hostile input gives typed errors with positions, deep
//! structures and runaway recursion never crash the process, bindings are
//! restored on every exit, and the `sn` binary exits with status 1 (not a
//! signal) on bad input.

mod common;

use std::cell::RefCell;
use std::process::Command;
use std::rc::Rc;
use std::time::Duration;

use sn::lisp::span::Span;
use sn::lisp::{Interp, Output};

/// What a piece of code did: its output, and its error kind and position.
struct Outcome {
    out: String,
    error: Option<(String, Option<Span>, String)>,
}

/// Runs `code` in a fresh interpreter on a thread with the interpreter's
/// large stack.
fn run(code: &str) -> Outcome {
    let code = code.to_string();
    let h = std::thread::Builder::new()
        .stack_size(sn::toplevel::INTERP_STACK)
        .spawn(move || {
            let mut it = Interp::new();
            let buf = Rc::new(RefCell::new(Vec::new()));
            it.output = Output::Buffer(buf.clone());
            let r = it.eval_source(&code, "robust.lsp", false);
            let out = String::from_utf8_lossy(&buf.borrow()).to_string();
            let error = r.err().map(|u| {
                let e = u.into_error();
                (e.kind.name().to_string(), e.span, e.message.clone())
            });
            Outcome { out, error }
        })
        .expect("spawning an interpreter thread");
    match h.join() {
        Ok(o) => o,
        Err(_) => panic!("the interpreter thread panicked"),
    }
}

fn kind(o: &Outcome) -> Option<&str> {
    o.error.as_ref().map(|(k, _, _)| k.as_str())
}

fn assert_ok(o: &Outcome) {
    assert!(o.error.is_none(), "unexpected error: {:?}", o.error);
}

#[test]
fn hundred_thousand_open_parentheses_are_a_read_error_with_position() {
    let src = "(".repeat(100_000);
    let o = run(&src);
    let (k, span, msg) = o.error.expect("an error");
    assert_eq!(k, "read", "{msg}");
    let span = span.expect("a position");
    assert_eq!(span.line, 1);
    assert!(span.col >= 1, "{span:?}");
    assert!(msg.contains("opened at line 1"), "{msg}");
}

#[test]
fn deep_closed_nesting_reads_and_evaluates_or_overflows_cleanly() {
    // 100 000 nested lists, closed: reading works; quoting it works.
    let src = format!(
        "(setq x '{}{}) (print 'read)",
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    let o = run(&src);
    assert_ok(&o);
    assert_eq!(o.out, "read\n");
    // 200 000 nested calls: an error of the evaluator, not a crash.
    let src = format!("{}0{}", "(+ 1 ".repeat(200_000), ")".repeat(200_000));
    let o = run(&src);
    assert_eq!(kind(&o), Some("stack-overflow"), "{:?}", o.error);
}

#[test]
fn unterminated_string_is_a_read_error_at_its_quote() {
    let o = run("(print 1)\n(print \"abc\n\n");
    let (k, span, _) = o.error.expect("an error");
    assert_eq!(k, "read");
    let span = span.expect("a position");
    assert_eq!((span.line, span.col), (2, 8));
    assert_eq!(o.out, "1\n", "forms before the error ran");
}

#[test]
fn stray_closing_bracket_is_a_read_error_at_it() {
    let o = run("(print 1)\n  ]");
    let (k, span, _) = o.error.expect("an error");
    assert_eq!(k, "read");
    let span = span.expect("a position");
    assert_eq!((span.line, span.col), (2, 3));
}

#[test]
fn stray_closing_parentheses_at_top_level_are_skipped_as_in_lush() {
    let o = run("(print 1)\n  ))) (print 2)");
    assert!(o.error.is_none(), "{:?}", o.error);
    assert_eq!(o.out, "1\n2\n");
}

#[test]
fn mismatched_brackets_and_bad_escapes_are_read_errors() {
    for src in [
        "(1 2]",
        "[1 2)",
        "\"a\\q\"",
        "(. 1)",
        "(1 . 2 3)",
        "'",
        "(1 . )",
        "[(1)]",
        "[1 a]",
        "1 #! open",
    ] {
        let o = run(src);
        assert_eq!(kind(&o), Some("read"), "{src:?}: {:?}", o.error);
        assert!(
            o.error.as_ref().and_then(|e| e.1).is_some(),
            "{src:?} has no position"
        );
    }
}

#[test]
fn non_tail_recursion_is_a_stack_overflow_error() {
    let o = run("(de f (n) (+ 1 (f n))) (f 1)");
    assert_eq!(kind(&o), Some("stack-overflow"), "{:?}", o.error);
}

#[test]
fn raising_the_frame_limit_still_ends_in_an_error_not_a_crash() {
    let o = run("(stack-limit 1000000) (de f (n) (+ 1 (f n))) (f 1)");
    assert_eq!(kind(&o), Some("stack-overflow"), "{:?}", o.error);
    let o = run("(stack-limit 1000000) (de g (n) (cons 1 (g n))) (g 1)");
    assert_eq!(kind(&o), Some("stack-overflow"), "{:?}", o.error);
    let o = run("(stack-limit 1000000) (de h (n) (let ((m n)) (list (h m)))) (h 1)");
    assert_eq!(kind(&o), Some("stack-overflow"), "{:?}", o.error);
}

#[test]
fn recursion_through_apply_mapcar_eval_and_methods_overflows_cleanly() {
    for src in [
        "(de f (n) (apply f (list n))) (f 1)",
        "(de f (n) (car (mapcar f (list n)))) (f 1)",
        "(de f (n) (eval '(f n))) (f 1)",
        "(de f (n) (funcall f n) 1) (f 1)",
        "(defclass c object) (defmethod c m () (list (==> this m))) (==> (new c) m)",
        "(df f (n) (list (f n))) (f 1)",
        "(de f (n) (catch 'x (list (f n)))) (f 1)",
        "(de f (n) (unwind-protect (list (f n)) 1)) (f 1)",
        "(de f (n) (sort (list 1 2) (lambda (a b) (f n)))) (f 1)",
    ] {
        let o = run(src);
        assert_eq!(kind(&o), Some("stack-overflow"), "{src}: {:?}", o.error);
    }
}

#[test]
fn a_caught_stack_overflow_lets_the_outer_frames_go_on() {
    let o = run("(de f (n) (catch-error (list (f n)))) (print (length (f 1)))");
    assert_ok(&o);
    assert_eq!(o.out, "1\n");
}

#[test]
fn deep_recursion_in_macro_expansion_is_an_error() {
    // an expander that calls itself while expanding
    let o = run("(defmacro m (x) (list 'quote (m x))) (m 1)");
    assert_eq!(kind(&o), Some("stack-overflow"), "{:?}", o.error);
    // an expansion that contains the macro in a non-tail position, forever
    let o = run("(defmacro m (x) `(+ 1 (m ,x))) (m 1)");
    assert_eq!(kind(&o), Some("stack-overflow"), "{:?}", o.error);
    // a finite but deep expansion either works or overflows cleanly
    let o = run("(defmacro m (n) (if (> n 0) `(+ 1 (m ,(- n 1))) 0)) (print (m 5000))");
    match kind(&o) {
        None => assert_eq!(o.out, "5000\n"),
        Some(k) => assert_eq!(k, "stack-overflow"),
    }
    // a tail-position expansion chain does not grow the stack
    let o = run("(defmacro m (n) (if (> n 0) `(m ,(- n 1)) ''done)) (print (m 100000))");
    assert_ok(&o);
    assert_eq!(o.out, "done\n");
}

#[test]
fn a_million_tail_calls_return() {
    let o = run("(de loop (n) (if (> n 0) (loop (- n 1)))) (print (loop 1000000)) (print 'ok)");
    assert_ok(&o);
    assert_eq!(o.out, "()\nok\n");
}

#[test]
fn deep_nested_list_built_in_lisp_survives_everything() {
    let src = "
        (setq x ())
        (repeat 100000 (setq x (list x)))
        (setq y ())
        (repeat 100000 (setq y (list y)))
        (print (equal x y))
        (setq s (str x))
        (print (> (strlen s) 1000))
        (setq z (copy-tree x))
        (print (equal z x) (eq z x))
        (setq x () y () z ())
        (print 'dropped)";
    let o = run(src);
    assert_ok(&o);
    assert_eq!(o.out, "t\nt\nt ()\ndropped\n");
}

#[test]
fn deep_nested_data_as_error_culprit_and_through_backquote() {
    let src = "
        (setq x ())
        (repeat 100000 (setq x (list x)))
        (catch-error (error \"deep culprit\" x))
        (catch-error (car (list (+ 1 x))))
        (setq q (eval (list 'backquote x)))
        (print (equal q x))";
    let o = run(src);
    match kind(&o) {
        None => assert_eq!(o.out, "t\n"),
        Some(k) => assert_eq!(k, "stack-overflow"),
    }
}

#[test]
fn long_lists_do_not_overflow() {
    let src = "
        (setq l (range 1 1000000))
        (print (length l) (length (copy-tree l)) (equal l (copy-tree l)))
        (print (length (sort (reverse l))))
        (setq l ())
        (print 'ok)";
    let o = run(src);
    assert_ok(&o);
    assert_eq!(o.out, "1000000 1000000 t\n1000000\nok\n");
}

#[test]
fn errors_restore_bindings_at_every_level() {
    let src = "
        (setq a 'ga b 'gb c 'gc)
        (de inner (c) (error \"inner\"))
        (de middle (b) (let ((a 'la)) (inner 'ic)))
        (catch-error (middle 'mb))
        (print a b c)
        (catch-error (let* ((a 1) (b (car 'x))) a))
        (print a b c)
        (catch-error (for (a 1 10) (each ((b '(1 2))) (let ((c b)) (error \"x\")))))
        (print a b c)
        (catch-error (let ((a 1)) (de f (x) (+ x 1)) (f 'y)))
        (print a b c)
        (print (catch 'k (let ((a 1)) (mapcar (lambda (b) (throw 'k (list a b))) '(5)))))
        (print a b c)";
    let o = run(src);
    assert_ok(&o);
    assert_eq!(
        o.out,
        "ga gb gc\nga gb gc\nga gb gc\nga gb gc\n(1 5)\nga gb gc\n"
    );
}

#[test]
fn an_error_at_top_level_leaves_globals_consistent() {
    // one interpreter, several evaluations, as in the REPL
    let h = std::thread::Builder::new()
        .stack_size(sn::toplevel::INTERP_STACK)
        .spawn(|| {
            let mut it = Interp::new();
            it.output = Output::Buffer(Rc::new(RefCell::new(Vec::new())));
            let _ = it.eval_str("(setq x 'global) (de f (x) (g)) (de g () (car x))");
            assert!(it.eval_str("(let ((x 'bound)) (f 5))").is_err());
            assert!(it
                .eval_str("(de deep (n) (+ 1 (deep n))) (deep 1)")
                .is_err());
            let v = it.eval_str("x").map(|v| sn::lisp::printer::repr(&v));
            assert_eq!(v.ok().as_deref(), Some("global"));
            let v = it.eval_str("(de ok (n) (if (= n 0) 0 (+ 1 (ok (- n 1))))) (ok 5000)");
            assert_eq!(v.ok().and_then(|v| v.as_num()), Some(5000.0));
        })
        .expect("thread");
    assert!(h.join().is_ok());
}

/// SIGINT (Ctrl-C) stops a running loop of the `sn` binary at a safe
/// point; the bindings are unwound (the cleanup of an `unwind-protect`
/// sees the global values again) and the script fails with `interrupt`
/// and exit status 130 (128 + SIGINT).
/// Run as a separate process: SIGINT goes to the whole process.
#[test]
fn sigint_stops_a_loop_and_unwinds_the_bindings() {
    let dir = common::temp_dir("sn-sigint-");
    let f = dir.join("loop.lsp");
    let script = "(setq x 'global n 0)\n(printf \"started\\n\")\n\
        (unwind-protect (let ((x 'bound)) (while t (incr n))) (print x (> n 0)))\n";
    std::fs::write(&f, script).expect("writing");
    let child = Command::new(env!("CARGO_BIN_EXE_sn"))
        .arg(&f)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("running sn");
    std::thread::sleep(Duration::from_millis(500));
    let pid = child.id().to_string();
    let killed = Command::new("kill").args(["-INT", &pid]).status();
    assert!(killed.is_ok_and(|s| s.success()), "kill -INT failed");
    let out = child.wait_with_output().expect("waiting for sn");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert_eq!(stdout, "started\nglobal t\n");
    assert!(stderr.contains("[interrupt]"), "{stderr}");
}

/// Runs the `sn` binary; returns (exit code, stdout, stderr). Panics if
/// the process was killed by a signal.
fn sn(args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    use std::io::Write;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sn"));
    cmd.args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().expect("running sn");
    if let Some(mut si) = child.stdin.take() {
        let _ = si.write_all(stdin.unwrap_or("").as_bytes());
    }
    let out = child.wait_with_output().expect("waiting for sn");
    let code = match out.status.code() {
        Some(c) => c,
        None => panic!(
            "sn {args:?} was killed by a signal: {:?}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ),
    };
    (
        code,
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

#[test]
fn the_binary_exits_with_status_one_on_bad_input() {
    let dir = common::temp_dir("sn-robust-");
    let cases: Vec<(String, &str)> = vec![
        ("(".repeat(100_000), "read"),
        ("(print \"abc".into(), "read"),
        ("]".into(), "read"),
        ("(de f (n) (+ 1 (f n))) (f 1)".into(), "stack-overflow"),
        (
            "(stack-limit 1000000) (de f (n) (+ 1 (f n))) (f 1)".into(),
            "stack-overflow",
        ),
        ("(car 1)".into(), "type"),
        ("(no-such-function)".into(), "unbound-function"),
        ("(throw 'x 1)".into(), "throw"),
        ("(printf \"%99999999999d\" 1)".into(), "domain"),
        ("\u{0}\u{1}\u{ff}(((".into(), "read"),
    ];
    for (k, (src, kind)) in cases.iter().enumerate() {
        let f = dir.join(format!("bad{k}.lsp"));
        std::fs::write(&f, src).expect("writing a script");
        let (code, _, err) = sn(&[f.to_str().unwrap_or("")], None);
        assert_eq!(code, 1, "script {k}: {err}");
        assert!(err.contains(&format!("[{kind}]")), "script {k}: {err}");
        if !src.contains('\0') {
            let (code, _, err) = sn(&["-e", src], None);
            assert_eq!(code, 1, "-e {k}: {err}");
        }
    }
    std::fs::write(dir.join("bin.lsp"), [0xffu8, 0xfe, 0x00, 0x28]).expect("writing");
    let (code, _, err) = sn(&[dir.join("bin.lsp").to_str().unwrap_or("")], None);
    assert_eq!(code, 1, "a binary file");
    assert!(err.contains("[read]"), "{err}");
    // a Latin-1 SN2.8 script (comment and string with e-acute) loads
    let latin1 = b"; r\xe9seau\n(print \"caf\xe9\" (+ 1 2))\n";
    std::fs::write(dir.join("latin1.lsp"), latin1).expect("writing");
    let (code, out, err) = sn(&[dir.join("latin1.lsp").to_str().unwrap_or("")], None);
    assert_eq!((code, out.as_str()), (0, "\"caf\u{e9}\" 3\n"), "{err}");
    let (code, _, _) = sn(&["/nonexistent/sn/script.lsp"], None);
    assert_eq!(code, 1);
    let (code, out, _) = sn(&["-e", "(+ 1 2)"], None);
    assert_eq!((code, out.as_str()), (0, "3\n"));
}

#[test]
fn the_repl_survives_errors_on_piped_input() {
    let home = common::temp_dir("sn-robust-home-");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sn"));
    cmd.env("HOME", &home)
        .env("XDG_DATA_HOME", home.join("data"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().expect("running sn");
    if let Some(mut si) = child.stdin.take() {
        use std::io::Write;
        let input = "(setq x 41)\n(car 1)\n)\n(de f (n) (+ 1 (f n)))\n(f 1)\n(+ x 1)\n";
        let _ = si.write_all(input.as_bytes());
    }
    let out = child.wait_with_output().expect("waiting for sn");
    assert!(out.status.code().is_some(), "killed by a signal");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stdout.contains("= 42"),
        "stdout: {stdout}\nstderr: {stderr}"
    );
    assert!(
        stderr.contains("[type]") && stderr.contains("[stack-overflow]"),
        "{stderr}"
    );
}

/// The resident memory of a script looping a million times while building
/// lists and calling functions stays flat: its growth between the
/// 100 000th and the 1 000 000th iteration is under 1 MB.
#[test]
fn a_million_iterations_keep_resident_memory_flat() {
    let script = r#"
(de rss ()
  (let ((r ()))
    (each ((l (string-split (read-file "/proc/self/status") "\n")))
      (when (= (left l 6) "VmRSS:") (setq r (val (cadr (string-split l))))))
    r))
(de work (n) (let ((l (list n (1+ n) "s" 'sym))) (setq keep (cdr l)) (reverse l)))
(for (i 1 1000000)
  (work i)
  (when (= 0 (mod i 100000)) (printf "%d\n" (rss))))
"#;
    if !std::path::Path::new("/proc/self/status").exists() {
        return;
    }
    let dir = common::temp_dir("sn-rss-");
    let f = dir.join("rss.lsp");
    std::fs::write(&f, script).expect("writing the script");
    let (code, out, err) = sn(&[f.to_str().unwrap_or("")], None);
    assert_eq!(code, 0, "{err}");
    let kb: Vec<f64> = out.lines().filter_map(|l| l.trim().parse().ok()).collect();
    assert_eq!(kb.len(), 10, "{out}");
    let growth = kb[9] - kb[0];
    eprintln!("resident memory (KB) every 100 000 iterations: {kb:?}");
    assert!(
        growth < 1024.0,
        "resident memory grew by {growth} KB: {kb:?}"
    );
}

#[test]
fn errors_point_into_the_loaded_file_with_a_backtrace() {
    let dir = common::temp_dir("sn-positions-");
    let f = dir.join("positions.lsp");
    std::fs::write(
        &f,
        ";; a comment\n(de inner (x)\n    (car x))\n(de outer (y) (+ 1 (inner y)))\n(outer 5)\n",
    )
    .expect("writing");
    let (code, _, err) = sn(&[f.to_str().unwrap_or("")], None);
    assert_eq!(code, 1);
    assert!(err.contains("*** "), "{err}");
    assert!(err.contains("[type]"), "{err}");
    assert!(err.contains("positions.lsp:3:5"), "the failing form: {err}");
    assert!(err.contains("in inner"), "backtrace: {err}");
    assert!(err.contains("in outer"), "backtrace: {err}");
    assert!(
        err.contains("positions.lsp:5:1"),
        "the call at top level: {err}"
    );
}

#[test]
fn command_line_help_expressions_arguments_and_interactive() {
    let (code, out, _) = sn(&["--help"], None);
    assert_eq!(code, 0);
    for w in ["-e", "-i", "REPL", "FILE"] {
        assert!(out.contains(w), "--help lacks {w}: {out}");
    }
    let (code, out, _) = sn(&["-e", "(setq a 2) (* a 21)"], None);
    assert_eq!((code, out.as_str()), (0, "42\n"));
    let dir = common::temp_dir("sn-cli-");
    let f = dir.join("args.lsp");
    std::fs::write(&f, "(print (argv))\n(setq loaded 'yes)\n").expect("writing");
    let path = f.to_str().unwrap_or("");
    let (code, out, _) = sn(&[path, "one", "-x", "two words"], None);
    assert_eq!(
        (code, out.as_str()),
        (0, "(\"one\" \"-x\" \"two words\")\n")
    );
    let (code, out, _) = sn(&["-i", path], Some("(list loaded (+ 1 2))\n"));
    assert_eq!(code, 0);
    assert!(out.contains("= (yes 3)"), "{out}");
    let (code, _, _) = sn(&["-e", "(exit 3)"], None);
    assert_eq!(code, 3);
}

/// Every list function given a circular list ends (with a value or an
/// error) instead of looping or allocating without bound.
#[test]
fn circular_lists_never_hang() {
    let setup = "(setq l (list 1 2 3)) (rplacd (cddr l) l) ";
    for call in [
        "(length l)",
        "(print l)",
        "(str l)",
        "(pretty l)",
        "(equal l (copy-tree l))",
        "(reverse l)",
        "(mapcar 1+ l)",
        "(append l '(4))",
        "(member 9 l)",
        "(assoc 9 l)",
        "(last l)",
        "(copy-tree l)",
        "(sort l)",
        "(apply + l)",
        "(each ((x l)) x)",
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sn"))
            .args(["-e", &format!("{setup}{call}")])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("running sn");
        let start = std::time::Instant::now();
        let mut finished = false;
        while start.elapsed() < Duration::from_secs(5) {
            if let Ok(Some(status)) = child.try_wait() {
                assert!(
                    status.code().is_some(),
                    "{call} on a circular list: {status:?}"
                );
                finished = true;
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        if !finished {
            let _ = child.kill();
            let _ = child.wait();
        }
        assert!(finished, "{call} on a circular list does not end");
    }
}

/// Nesting depth costs linear time whatever the form. Ignored until the
/// compiler stops compiling the arguments of forms that it does not
/// compile itself (`catch`, `unwind-protect`, `catch-error`, `lambda`,
/// `each`, `selectq`, `time`, backquote, fexprs): each level recompiles
/// the whole subtree when the special form evaluates it, so 5 000 nested
/// `catch` take 5 s and 10 000 take 26 s.
#[test]
fn deeply_nested_special_forms_evaluate_in_linear_time() {
    for (open, close) in [
        ("(catch 'a ", ")"),
        ("(unwind-protect ", " 1)"),
        ("(catch-error ", ")"),
        ("((lambda () ", "))"),
        ("(each ((x '(1))) ", ")"),
        ("(selectq 1 (1 ", "))"),
    ] {
        let n = 5000;
        let src = format!("{}1{}", open.repeat(n), close.repeat(n));
        let t0 = std::time::Instant::now();
        let o = run(&src);
        let dt = t0.elapsed();
        assert_ok(&o);
        assert!(dt < Duration::from_secs(2), "{n} nested {open}: {dt:?}");
    }
}
