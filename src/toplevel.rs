//! Running sn: error reports, scripts, `-e`, and the interpreter thread.

use crate::lisp::error::{LispError, Unwind};
use crate::lisp::{printer, Interp, Value};

/// Stack size of the interpreter thread: deep (non-tail) recursion is
/// bounded by the evaluator's depth limits long before this is used up.
pub const INTERP_STACK: usize = 1 << 30;

/// Renders an error as `*** message`, the culprit, the position with the
/// source line and a caret, and a short backtrace.
pub fn render_error(it: &Interp, e: &LispError) -> String {
    let mut s = format!("*** {} [{}]\n", e.message, e.kind.name());
    if let Some(c) = &e.culprit {
        s.push_str(&format!("*** culprit: {}\n", printer::repr_short(c, 70)));
    }
    if let Some(sp) = e.span {
        s.push_str(&format!("*** at {}\n", it.sources.describe(sp)));
        if let Some(line) = it.sources.line(sp) {
            if line.len() < 200 {
                s.push_str(&format!(
                    "    {line}\n    {}^\n",
                    " ".repeat(sp.col.saturating_sub(1) as usize)
                ));
            }
        }
    }
    for b in &e.backtrace {
        s.push_str(&format!("    {b}\n"));
    }
    s
}

/// Prints an error on standard error (after flushing standard output).
pub fn report(it: &mut Interp, u: Unwind) {
    let e = u.into_error();
    it.flush();
    eprint!("{}", render_error(it, &e));
}

/// Loads a script; returns false if it failed (the error is reported).
pub fn run_file(it: &mut Interp, file: &str) -> bool {
    crate::lisp::interrupt::install();
    let r = it.load_file(file);
    it.flush();
    match r {
        Ok(_) => true,
        Err(e) => {
            report(it, e);
            false
        }
    }
}

/// Evaluates the forms of `src`, printing the value of the last one.
pub fn run_expr(it: &mut Interp, src: &str) -> bool {
    crate::lisp::interrupt::install();
    match it.eval_source(src, "<command line>", false) {
        Ok(v) => {
            let s = printer::repr(&v);
            it.out(&s);
            it.out("\n");
            it.flush();
            true
        }
        Err(e) => {
            report(it, e);
            false
        }
    }
}

/// Runs `f` with a fresh interpreter on a thread with a large stack and
/// returns its result.
pub fn with_interp<T: Send + 'static>(f: impl FnOnce(&mut Interp) -> T + Send + 'static) -> T {
    let h = std::thread::Builder::new()
        .stack_size(INTERP_STACK)
        .spawn(move || {
            let mut it = Interp::new();
            f(&mut it)
        });
    match h.map(|h| h.join()) {
        Ok(Ok(v)) => v,
        _ => {
            eprintln!("*** sn: the interpreter thread failed");
            std::process::exit(70)
        }
    }
}

/// A value's line in the REPL.
pub fn result_line(v: &Value) -> String {
    format!("= {}\n", printer::repr(v))
}
