//! The interactive loop: `? ` prompt, `= value` results, multi-line input
//! decided by the reader, history, completion of bound symbols.

use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;

use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Context, Editor, Helper};

use crate::lisp::{interrupt, reader, Interp};
use crate::toplevel::{report, result_line};

struct SnHelper {
    /// A scratch interpreter for the reader's completeness check.
    scratch: RefCell<Interp>,
    names: Rc<RefCell<Vec<String>>>,
}

impl Completer for SnHelper {
    type Candidate = Pair;
    fn complete(
        &self,
        line: &str,
        pos: usize,
        _: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let start = line[..pos]
            .rfind(|c: char| c.is_whitespace() || "()[]'`,\"".contains(c))
            .map(|i| i + 1)
            .unwrap_or(0);
        let prefix = &line[start..pos];
        if prefix.is_empty() {
            return Ok((pos, Vec::new()));
        }
        let names = self.names.borrow();
        let mut found: Vec<Pair> = names
            .iter()
            .filter(|n| n.starts_with(prefix))
            .map(|n| Pair {
                display: n.clone(),
                replacement: n.clone(),
            })
            .collect();
        found.sort_by(|a, b| a.display.cmp(&b.display));
        Ok((start, found))
    }
}

impl Hinter for SnHelper {
    type Hint = String;
}

impl Highlighter for SnHelper {
    fn highlight_prompt<'b, 's: 'b, 'p: 'b>(
        &'s self,
        prompt: &'p str,
        _default: bool,
    ) -> Cow<'b, str> {
        Cow::Borrowed(prompt)
    }
}

impl Validator for SnHelper {
    fn validate(&self, ctx: &mut ValidationContext) -> rustyline::Result<ValidationResult> {
        let complete = reader::is_complete(&mut self.scratch.borrow_mut(), ctx.input());
        Ok(if complete {
            ValidationResult::Valid(None)
        } else {
            ValidationResult::Incomplete
        })
    }
}

impl Helper for SnHelper {}

/// The history file: only for a person at a terminal, and only under a
/// home folder that exists (the home is never made; `sn/` inside the
/// data directory is).
fn history_path() -> Option<std::path::PathBuf> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        return None;
    }
    let home = dirs::home_dir().filter(|h| h.is_dir())?;
    let data = dirs::data_dir()?;
    if !data.is_dir() && !data.starts_with(&home) {
        return None;
    }
    let dir = data.join("sn");
    std::fs::create_dir_all(&dir).ok()?;
    Some(dir.join("history.txt"))
}

fn refresh_names(it: &Interp, names: &Rc<RefCell<Vec<String>>>) {
    *names.borrow_mut() = it.bound_names().iter().map(|s| s.to_string()).collect();
}

/// Runs the read-eval-print loop until end of input.
pub fn run(it: &mut Interp) {
    interrupt::install();
    let names = Rc::new(RefCell::new(Vec::new()));
    refresh_names(it, &names);
    let helper = SnHelper {
        scratch: RefCell::new(Interp::new()),
        names: names.clone(),
    };
    let mut rl: Editor<SnHelper, rustyline::history::DefaultHistory> = match Editor::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("*** cannot start the line editor: {e}");
            return;
        }
    };
    rl.set_helper(Some(helper));
    let hist = history_path();
    if let Some(h) = &hist {
        let _ = rl.load_history(h);
    }
    let mut count = 0usize;
    loop {
        it.flush();
        match rl.readline("? ") {
            Ok(line) => {
                if line.trim().is_empty() {
                    continue;
                }
                let _ = rl.add_history_entry(line.as_str());
                // saved at once: `(exit)` leaves without passing below
                if let Some(h) = &hist {
                    let _ = rl.save_history(h);
                }
                count += 1;
                guarded_eval(it, &line, count);
                refresh_names(it, &names);
            }
            Err(ReadlineError::Interrupted) => continue,
            Err(_) => break,
        }
    }
    if let Some(h) = &hist {
        let _ = rl.save_history(h);
    }
    it.out("\n");
    it.flush();
}

/// Evaluates one input; a panic (a bug in sn: errors are values) is
/// reported and the session goes on, with the evaluator's stacks reset.
fn guarded_eval(it: &mut Interp, line: &str, count: usize) {
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        eval_input(it, line, count);
    }));
    if let Err(p) = r {
        let msg = p
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        reset_after_panic(it);
        it.flush();
        eprintln!(
            "*** internal error: {msg} [internal]\n*** this is a bug in sn; the session goes on"
        );
    }
}

/// Puts the evaluator back at top level after a panic unwound through it:
/// dynamic bindings restored, call stacks emptied, output to the terminal.
fn reset_after_panic(it: &mut Interp) {
    it.unbind_to(0);
    it.argstack.clear();
    it.tail_nargs = 0;
    it.tail_form = std::rc::Weak::new();
    it.tail_eval = crate::lisp::Value::Nil;
    it.method_frames.clear();
    it.exit = None;
    it.eval_depth = 0;
    it.frames = 0;
    it.loading.clear();
    it.output = crate::lisp::Output::Stdout;
}

/// Evaluates every form of one REPL input, printing `= value` for each.
/// A Ctrl-C pressed during a form's last builtin is reported after it
/// (instead of its value) and stops the input.
pub fn eval_input(it: &mut Interp, text: &str, count: usize) {
    interrupt::FLAG.store(false, std::sync::atomic::Ordering::SeqCst);
    let name = format!("<stdin:{count}>");
    let file = it.sources.add(&name, text);
    let mut r = reader::Reader::new(text, file, false);
    loop {
        match r.read(it) {
            Ok(None) => break,
            Ok(Some(form)) => match it.eval(&form.value).and_then(|v| {
                interrupt::take()?;
                Ok(v)
            }) {
                Ok(v) => {
                    let s = result_line(&v);
                    it.out(&s);
                }
                Err(e) => {
                    report(it, e);
                    break;
                }
            },
            Err(e) => {
                report(it, e.into_lisp().into());
                break;
            }
        }
    }
}
