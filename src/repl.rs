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

fn history_path() -> Option<std::path::PathBuf> {
    let dir = dirs::data_dir()?.join("sn");
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
                eval_input(it, &line, count);
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

/// Evaluates every form of one REPL input, printing `= value` for each.
pub fn eval_input(it: &mut Interp, text: &str, count: usize) {
    interrupt::FLAG.store(false, std::sync::atomic::Ordering::SeqCst);
    let name = format!("<stdin:{count}>");
    let file = it.sources.add(&name, text);
    let mut r = reader::Reader::new(text, file, false);
    loop {
        match r.read(it) {
            Ok(None) => break,
            Ok(Some(form)) => match it.eval(&form.value) {
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
