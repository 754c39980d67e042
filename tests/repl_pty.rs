//! The REPL driven through a pseudo-terminal: results, errors, multi-line
//! input, Ctrl-C during a running loop (globals intact afterwards), Ctrl-D
//! and the history file.

mod common;

use std::process::Command;
use std::time::Duration;

use expectrl::{ControlCode, Session};

/// A REPL session with HOME and the data directory in a fresh temp dir.
fn start(home: &std::path::Path) -> Session {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sn"));
    cmd.env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("TERM", "xterm");
    let mut p = Session::spawn(cmd).expect("spawning sn on a pseudo-terminal");
    p.set_expect_timeout(Some(Duration::from_secs(20)));
    p
}

/// A fresh, empty home directory for one test.
fn fresh_home(name: &str) -> common::TempDir {
    common::temp_dir(&format!("sn-repl-{name}-"))
}

fn expect(p: &mut Session, what: &str, step: &str) {
    if let Err(e) = p.expect(what) {
        panic!("{step}: did not see {what:?}: {e}");
    }
}

#[test]
fn repl_results_errors_interrupt_and_history() {
    let home = fresh_home("pty");
    let mut p = start(&home);
    expect(&mut p, "? ", "the prompt");

    p.send_line("(setq x 41)").expect("send");
    expect(&mut p, "= 41", "an assignment");
    p.send_line("(+ 1 2)").expect("send");
    expect(&mut p, "= 3", "a form");

    p.send_line("(car 1)").expect("send");
    expect(&mut p, "***", "an error");
    expect(&mut p, "[type]", "the error kind");

    p.send("(defcla").expect("send");
    p.send("\t").expect("send Tab");
    p.send(" pt object a)\r").expect("send");
    expect(&mut p, "= pt", "Tab completion of defclass");

    p.send_line("(+ 1").expect("send");
    p.send_line("   10)").expect("send");
    expect(&mut p, "= 11", "multi-line input");

    p.send_line("(let ((x 0)) (while t (incr x)))")
        .expect("send");
    std::thread::sleep(Duration::from_millis(500));
    p.send(ControlCode::EndOfText).expect("send Ctrl-C");
    expect(&mut p, "[interrupt]", "Ctrl-C during a loop");

    p.send_line("(+ x 1)").expect("send");
    expect(&mut p, "= 42", "globals intact after the interrupt");

    p.send_line("(de f (n) (+ 1 (f n)))").expect("send");
    expect(&mut p, "= f", "a definition");
    p.send_line("(f 1)").expect("send");
    expect(&mut p, "[stack-overflow]", "runaway recursion");
    p.send_line("(* x 2)").expect("send");
    expect(&mut p, "= 82", "after a stack overflow");
    expect(&mut p, "? ", "the prompt");

    p.send(ControlCode::EndOfTransmission).expect("send Ctrl-D");
    let mut status = None;
    for _ in 0..100 {
        if !p.is_alive().unwrap_or(false) {
            status = Some(());
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(status.is_some(), "Ctrl-D did not end the REPL");
    let hist = home.join("data/sn/history.txt");
    let text = std::fs::read_to_string(&hist).unwrap_or_default();
    assert!(
        text.contains("(setq x 41)"),
        "history file {hist:?}: {text:?}"
    );
}

#[test]
fn repl_keeps_history_across_sessions() {
    let home = fresh_home("hist");
    // the first session ends with Ctrl-D, the second with (exit)
    for (form, leave) in [
        ("(setq first-session 1)", None),
        ("(setq second-session 2)", Some("(exit)")),
    ] {
        let mut p = start(&home);
        expect(&mut p, "? ", "the prompt");
        p.send_line(form).expect("send");
        expect(&mut p, "= ", "a result");
        expect(&mut p, "? ", "the prompt");
        match leave {
            Some(f) => p.send_line(f).expect("send"),
            None => p.send(ControlCode::EndOfTransmission).expect("send Ctrl-D"),
        }
        for _ in 0..100 {
            if !p.is_alive().unwrap_or(false) {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    let text = std::fs::read_to_string(home.join("data/sn/history.txt")).unwrap_or_default();
    assert!(
        text.contains("first-session") && text.contains("second-session"),
        "{text:?}"
    );
}

#[test]
fn repl_reads_lines_typed_ahead() {
    let home = fresh_home("ahead");
    let mut p = start(&home);
    expect(&mut p, "? ", "the prompt");
    // three lines arrive in one write, as when pasting or typing ahead
    // while a form runs; the second form spans two lines
    p.send("(setq a 20)\r(setq b\r 22)\r(+ a b)\r")
        .expect("send");
    expect(&mut p, "= 20", "the first line");
    expect(&mut p, "= 22", "the form on the second and third lines");
    expect(&mut p, "= 42", "the last line");
    p.send(ControlCode::EndOfTransmission).expect("send Ctrl-D");
}

#[test]
fn train_net_draws_a_bar_on_a_terminal() {
    let home = fresh_home("bar");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sn"));
    cmd.env("HOME", &home).env("TERM", "xterm").args([
        "-e",
        "(progn (libload \"lenet\") (setq d (lenet1-data () 400)) \
         (train-net (lenet1 1) (lenet1-recipe) (car d) (cadr d) 2))",
    ]);
    let mut p = Session::spawn(cmd).expect("spawning sn on a pseudo-terminal");
    p.set_expect_timeout(Some(Duration::from_secs(60)));
    expect(&mut p, "epoch 1 ", "the first epoch line");
    expect(&mut p, "epoch 2 ", "the second epoch line");
    // the bar ends with a summary of the samples of the run
    expect(&mut p, "train-net: 800 steps", "the summary of the bar");
}
