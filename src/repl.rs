//! The interactive loop: a one-line greeting, `? ` prompt, `= value`
//! results, multi-line input decided by the reader (`... ` on the lines
//! after the first), history, completion of bound symbols (listed on a
//! second Tab).

use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;

use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::validate::Validator;
use rustyline::{CompletionType, Config, Context, Editor, Helper};

use crate::lisp::{interrupt, reader, Interp};
use crate::toplevel::{exit_requested, leave, report, result_line};

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

// Multi-line input is gathered by `read_input` (with a continuation
// prompt), not by rustyline's validator, which gives no prompt to the
// lines after the first.
impl Validator for SnHelper {}

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

/// The prompt of a new input and that of its continuation lines.
const PROMPT: &str = "? ";
const CONTINUATION: &str = "... ";

/// The greeting of an interactive start: one line.
fn greet(it: &mut Interp) {
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() {
        it.out(&format!(
            "sn {}: (help) for help, (apropos \"word\") to search, Ctrl-D to leave\n",
            env!("CARGO_PKG_VERSION")
        ));
    }
}

/// What the person typed: a whole input, or a Ctrl-C, or the end.
enum Input {
    Text(String),
    Interrupted,
    End,
}

/// Reads one input: lines are added, under the continuation prompt, until
/// the reader finds the forms complete (or broken beyond repair).
fn read_input(rl: &mut Editor<SnHelper, rustyline::history::DefaultHistory>) -> Input {
    let mut text = String::new();
    loop {
        let prompt = if text.is_empty() {
            PROMPT
        } else {
            CONTINUATION
        };
        match rl.readline(prompt) {
            Ok(line) => {
                if text.is_empty() && line.trim().is_empty() {
                    continue;
                }
                if !text.is_empty() {
                    text.push('\n');
                }
                text.push_str(&line);
                let complete = match rl.helper() {
                    Some(h) => reader::is_complete(&mut h.scratch.borrow_mut(), &text),
                    None => true,
                };
                if complete {
                    return Input::Text(text);
                }
            }
            Err(ReadlineError::Interrupted) => return Input::Interrupted,
            // Ctrl-D in the middle of a form: what was typed is read (and
            // reported as unfinished)
            Err(_) if !text.is_empty() => return Input::Text(text),
            Err(_) => return Input::End,
        }
    }
}

/// Runs the read-eval-print loop until end of input or `(exit code)`;
/// returns the exit status (0 at the end of input).
pub fn run(it: &mut Interp) -> i32 {
    interrupt::install(it);
    let names = Rc::new(RefCell::new(Vec::new()));
    refresh_names(it, &names);
    let helper = SnHelper {
        scratch: RefCell::new(Interp::new()),
        names: names.clone(),
    };
    // Tab completes the common prefix; a second Tab lists the candidates
    let config = Config::builder()
        .completion_type(CompletionType::List)
        .build();
    let mut rl: Editor<SnHelper, rustyline::history::DefaultHistory> =
        match Editor::with_config(config) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("*** cannot start the line editor: {e}");
                return crate::toplevel::status::ERROR;
            }
        };
    rl.set_helper(Some(helper));
    let hist = history_path();
    if let Some(h) = &hist {
        let _ = rl.load_history(h);
    }
    greet(it);
    let mut count = 0usize;
    loop {
        it.flush();
        match read_input(&mut rl) {
            Input::Text(text) => {
                let _ = rl.add_history_entry(text.as_str());
                // saved at once: `(exit)` leaves without passing below
                if let Some(h) = &hist {
                    let _ = rl.save_history(h);
                }
                count += 1;
                guarded_eval(it, &text, count);
                if let Some(code) = exit_requested(it) {
                    return code;
                }
                refresh_names(it, &names);
            }
            Input::Interrupted => continue,
            Input::End => break,
        }
    }
    if let Some(h) = &hist {
        let _ = rl.save_history(h);
    }
    it.out("\n");
    it.flush();
    crate::toplevel::status::OK
}

/// Evaluates one input; a panic (a bug in sn: errors are values) is
/// reported and the session goes on, with the evaluator's stacks reset.
fn guarded_eval(it: &mut Interp, line: &str, count: usize) {
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        eval_input(it, line, count);
    }));
    // the last drawing of the input, held back by the view's rate limit
    crate::builtins::liveview::show_pending();
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
/// (instead of its value) and stops the input; `(exit code)` is carried
/// out by the toplevel (see [`crate::toplevel::exit_requested`]).
pub fn eval_input(it: &mut Interp, text: &str, count: usize) {
    it.clear_interrupt();
    let name = format!("<stdin:{count}>");
    let file = it.sources.add(&name, text);
    let mut r = reader::Reader::new(text, file, false);
    loop {
        match r.read(it) {
            Ok(None) => break,
            Ok(Some(form)) => match it.eval(&form.value).and_then(|v| {
                it.take_interrupt()?;
                Ok(v)
            }) {
                Ok(v) => {
                    let s = result_line(&v);
                    it.out(&s);
                }
                Err(e) => {
                    match e.quit_status() {
                        Some(code) => {
                            leave(it, code);
                        }
                        None => report(it, e),
                    }
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
