//! Golden Lisp tests: every `tests/lisp/*.lsp` file is a series of cases
//!
//! ```text
//! ;; case: short name
//! (print (+ 1 2))
//! ;; => 3
//! ;; case: errors name their kind
//! (car 1)
//! ;; error: type
//! ```
//!
//! Lines after `;; =>` (and the following `;; ` lines, up to the first line
//! that is not a `;;` comment) are the expected standard output; `;; error:
//! kind` expects the case to fail with that kind of error (its output is then
//! checked only if `;; =>` is also given). A case with neither must simply
//! not fail. A line `;; fold` in a case reads it as an SN2.8 `.sn` script
//! (symbols folded to lower case, `_` to `-`).
//!
//! Each case runs in a fresh interpreter, on a thread with a large stack,
//! with the global `test-dir` set to an empty temporary directory of its
//! own. A case running longer than [`CASE_TIMEOUT`] is interrupted. Every
//! failure is reported with its `file:line`, then the test fails.
//! `GOLDEN_FILTER=text` runs only the cases whose file or name contains text.

mod common;

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::mpsc;
use std::time::Duration;

use sn::lisp::{Interp, Output, Value};

/// Time after which a case is interrupted.
const CASE_TIMEOUT: Duration = Duration::from_secs(20);

/// One case of a golden file.
#[derive(Clone, Debug)]
struct Case {
    file: String,
    line: usize,
    name: String,
    code: String,
    output: Option<String>,
    error: Option<String>,
    fold: bool,
}

/// Parses a golden file into cases. Text before the first case is ignored
/// (it is a comment header).
fn parse(file: &str, text: &str) -> Vec<Case> {
    let mut cases: Vec<Case> = Vec::new();
    let mut in_output = false;
    for (k, line) in text.lines().enumerate() {
        let t = line.trim_end();
        if let Some(name) = t.strip_prefix(";; case:") {
            cases.push(Case {
                file: file.to_string(),
                line: k + 1,
                name: name.trim().to_string(),
                code: String::new(),
                output: None,
                error: None,
                fold: false,
            });
            in_output = false;
            continue;
        }
        let Some(case) = cases.last_mut() else {
            continue;
        };
        case.code.push_str(line);
        case.code.push('\n');
        if let Some(first) = t.strip_prefix(";; =>") {
            case.output = Some(first.strip_prefix(' ').unwrap_or(first).to_string());
            in_output = true;
        } else if let Some(kind) = t.strip_prefix(";; error:") {
            case.error = Some(kind.trim().to_string());
            in_output = false;
        } else if t == ";; fold" {
            case.fold = true;
            in_output = false;
        } else if in_output && (t == ";;" || t.starts_with(";; ")) {
            if let Some(out) = case.output.as_mut() {
                out.push('\n');
                let rest = t.strip_prefix(";;").unwrap_or("");
                out.push_str(rest.strip_prefix(' ').unwrap_or(rest));
            }
        } else {
            in_output = false;
        }
    }
    cases
}

/// Normalises output for comparison: trailing blanks of each line and
/// trailing empty lines are not significant.
fn normalise(s: &str) -> String {
    let lines: Vec<&str> = s.lines().map(str::trim_end).collect();
    lines.join("\n").trim_end_matches('\n').to_string()
}

/// Runs one case; returns a description of the failure, if any.
fn run_case(case: &Case, dir: &Path, mut it: Interp) -> Option<String> {
    let buf = Rc::new(RefCell::new(Vec::new()));
    it.output = Output::Buffer(buf.clone());
    it.set_global("test-dir", Value::string(&dir.to_string_lossy()));
    let name = if case.fold {
        format!("{}.sn", case.file)
    } else {
        case.file.clone()
    };
    let r = it.eval_source(&case.code, &name, case.fold);
    let out = String::from_utf8_lossy(&buf.borrow()).to_string();
    let mut problems = Vec::new();
    match (&r, &case.error) {
        (Ok(_), Some(kind)) => problems.push(format!("expected a `{kind}` error, got success")),
        (Err(e), Some(kind)) if e.kind().name() != kind => {
            problems.push(format!(
                "expected a `{kind}` error, got `{}`: {e:?}",
                e.kind().name()
            ));
        }
        (Err(e), None) => problems.push(format!("unexpected error: {e:?}")),
        _ => {}
    }
    if let Some(expected) = &case.output {
        if normalise(&out) != normalise(expected) {
            problems.push(format!(
                "output differs\n  expected:\n{}\n  got:\n{}",
                indent(expected),
                indent(&out)
            ));
        }
    }
    if problems.is_empty() {
        None
    } else {
        Some(problems.join("\n"))
    }
}

fn indent(s: &str) -> String {
    s.lines()
        .map(|l| format!("    | {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// All cases of `tests/lisp/*.lsp`, in file order.
fn all_cases() -> Vec<Case> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("tests/lisp");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "lsp"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let filter = std::env::var("GOLDEN_FILTER").unwrap_or_default();
    let mut cases = Vec::new();
    for f in files {
        let text = match std::fs::read_to_string(&f) {
            Ok(t) => t,
            Err(e) => panic!("cannot read the golden file {}: {e}", f.display()),
        };
        let rel = f
            .strip_prefix(&root)
            .unwrap_or(&f)
            .to_string_lossy()
            .to_string();
        cases.extend(
            parse(&rel, &text)
                .into_iter()
                .filter(|c| c.file.contains(&filter) || c.name.contains(&filter)),
        );
    }
    cases
}

/// Messages from the thread running the cases.
enum Msg {
    /// A case began, in the interpreter with this interrupt flag.
    Started(usize, sn::lisp::interrupt::Flag),
    Failed(usize, String),
    Finished,
}

#[test]
fn golden_lisp_files() {
    let cases = all_cases();
    assert!(!cases.is_empty(), "no golden cases found in tests/lisp");
    let (tx, rx) = mpsc::channel();
    let runner_cases = cases.clone();
    let tmp = common::temp_dir("sn-golden-");
    let runner_tmp = tmp.to_path_buf();
    let handle = std::thread::Builder::new()
        .stack_size(sn::toplevel::INTERP_STACK)
        .spawn(move || {
            for (k, case) in runner_cases.iter().enumerate() {
                let it = Interp::new();
                let _ = tx.send(Msg::Started(k, it.interrupt_handle()));
                let dir = runner_tmp.join(format!("case-{k}"));
                let _ = std::fs::create_dir_all(&dir);
                if let Some(p) = run_case(case, &dir, it) {
                    let _ = tx.send(Msg::Failed(k, p));
                }
                let _ = std::fs::remove_dir_all(&dir);
            }
            let _ = tx.send(Msg::Finished);
        })
        .expect("spawning the golden runner thread");
    let mut failures: Vec<(usize, String)> = Vec::new();
    let mut current = None;
    let mut flag: Option<sn::lisp::interrupt::Flag> = None;
    loop {
        match rx.recv_timeout(CASE_TIMEOUT) {
            Ok(Msg::Started(k, f)) => {
                current = Some(k);
                flag = Some(f);
            }
            Ok(Msg::Failed(k, p)) => failures.push((k, p)),
            Ok(Msg::Finished) => break,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if let Some(k) = current {
                    eprintln!("golden: case {} timed out, interrupting", cases[k].name);
                }
                // only the case's own interpreter is stopped
                if let Some(f) = &flag {
                    f.store(true, std::sync::atomic::Ordering::SeqCst);
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                failures.push((
                    current.unwrap_or(0),
                    "the runner thread died (panic or abort) during this case".into(),
                ));
                break;
            }
        }
    }
    let _ = handle.join();
    let mut report = String::new();
    for (k, p) in &failures {
        let c = &cases[*k];
        report.push_str(&format!(
            "\n{}:{}: case `{}`\n{}\n",
            c.file, c.line, c.name, p
        ));
    }
    eprintln!("golden: {} cases, {} failed", cases.len(), failures.len());
    assert!(
        failures.is_empty(),
        "{} golden case(s) failed:{report}",
        failures.len()
    );
}

#[test]
fn the_parser_reads_cases() {
    let text = ";; header\n;; case: a\n(print 1)\n;; => 1\n;;   2\n;;\n;; x\n\n;; not output\n;; case: b\n(car 1)\n;; error: type\n;; case: c\n;; fold\n(print 'A_B)\n;; => a-b\n";
    let cases = parse("f.lsp", text);
    assert_eq!(cases.len(), 3);
    assert_eq!(cases[0].line, 2);
    assert_eq!(cases[0].output.as_deref(), Some("1\n  2\n\nx"));
    assert_eq!(cases[0].error, None);
    assert_eq!(cases[1].error.as_deref(), Some("type"));
    assert_eq!(cases[1].output, None);
    assert!(cases[2].fold);
    let dir = common::temp_dir("sn-golden-parser-");
    assert_eq!(run_case(&cases[2], &dir, Interp::new()), None);
    assert_eq!(run_case(&cases[1], &dir, Interp::new()), None);
    let mut wrong = cases[1].clone();
    wrong.error = Some("arity".into());
    assert!(run_case(&wrong, &dir, Interp::new()).is_some());
    let mut wrong = cases[2].clone();
    wrong.output = Some("A_B".into());
    assert!(run_case(&wrong, &dir, Interp::new()).is_some());
}
