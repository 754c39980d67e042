//! Running sn: error reports, scripts, `-e`, and the interpreter thread.

use crate::lisp::error::{ErrorKind, LispError, Unwind};
use crate::lisp::span::Span;
use crate::lisp::{printer, Interp, Value};

/// Stack size of the interpreter thread: deep (non-tail) recursion is
/// bounded by the evaluator's depth limits long before this is used up.
pub const INTERP_STACK: usize = 1 << 30;

/// Renders an error as `*** message`, the culprit, the position with the
/// source line and a marker under the form (see [`marker`]), and a short
/// backtrace.
pub fn render_error(it: &Interp, e: &LispError) -> String {
    let mut s = format!("*** {} [{}]\n", e.message, e.kind.name());
    if let Some(c) = &e.culprit {
        s.push_str(&format!("*** culprit: {}\n", printer::repr_short(c, 70)));
    }
    if let Some(sp) = e.span {
        let sp = it.sources.complete(sp);
        s.push_str(&format!("*** at {}\n", it.sources.describe(sp)));
        if let Some(line) = it.sources.line(sp) {
            if line.len() < 200 {
                s.push_str(&format!("    {line}\n    {}\n", marker(sp, &line)));
            }
        }
    }
    for b in &e.backtrace {
        s.push_str(&format!("    {b}\n"));
    }
    s
}

/// The line under the first source line of a form: `^` under its first
/// character, `~` under the rest of it on that line (to the end of the
/// line when the form goes on below).
pub fn marker(sp: Span, line: &str) -> String {
    let start = sp.col.saturating_sub(1) as usize;
    let last = if !sp.has_end() {
        start + 1
    } else if sp.end_line == sp.line {
        sp.end_col as usize
    } else {
        line.trim_end().chars().count()
    };
    let width = last.saturating_sub(start).max(1);
    format!("{}^{}", " ".repeat(start), "~".repeat(width - 1))
}

/// Prints an error on standard error (after flushing standard output).
pub fn report(it: &mut Interp, u: Unwind) {
    let e = u.into_error();
    it.flush();
    eprint!("{}", render_error(it, &e));
}

/// Exit statuses of the `sn` command.
pub mod status {
    /// Success.
    pub const OK: i32 = 0;
    /// An error was reported.
    pub const ERROR: i32 = 1;
    /// Bad command line or installation (e.g. a wrong `SN_HOME`).
    pub const USAGE: i32 = 2;
    /// Stopped by Ctrl-C (128 + SIGINT).
    pub const INTERRUPTED: i32 = crate::lisp::interrupt::EXIT_STATUS;
    /// The interpreter thread failed (a bug: a panic).
    pub const INTERNAL: i32 = 70;
}

/// The status asked for by `(exit code)`, once the toplevel has carried it
/// out (kept in the interpreter's extension state).
#[derive(Default)]
struct ExitRequest(Option<i32>);

/// Carries out `(exit code)`, which unwinds to the toplevel: writes the
/// windows changed since their last write (reporting an error in doing
/// so), flushes the output and records the request; returns `code`.
pub fn leave(it: &mut Interp, code: i32) -> i32 {
    if let Err(e) = crate::builtins::graphics::flush_all(it) {
        report(it, e);
    }
    it.flush();
    it.ext::<ExitRequest>().borrow_mut().0 = Some(code);
    code
}

/// The status of an `(exit code)` carried out by [`leave`], if any: the
/// caller then leaves sn with it (no REPL after `-i FILE`, none after
/// the current input).
pub fn exit_requested(it: &mut Interp) -> Option<i32> {
    it.ext::<ExitRequest>().borrow().0
}

/// The exit status of a finished run: an interrupt still pending (pressed
/// during the last builtin) counts as an interrupt; errors are reported;
/// an `(exit code)` is carried out by [`leave`].
fn finish(it: &mut Interp, r: Result<(), Unwind>) -> i32 {
    it.flush();
    let e = match r.and_then(|()| it.take_interrupt()) {
        Ok(()) => return status::OK,
        Err(e) => e,
    };
    match e.quit_status() {
        Some(code) => leave(it, code),
        None => {
            let interrupted = e.kind() == ErrorKind::Interrupt;
            report(it, e);
            if interrupted {
                status::INTERRUPTED
            } else {
                status::ERROR
            }
        }
    }
}

/// Why `file` cannot be loaded as a script at all (missing, a folder),
/// before anything runs.
pub fn unloadable(it: &Interp, file: &str) -> Option<String> {
    if crate::builtins::system::resolve(it, file).is_some() {
        return None;
    }
    Some(if std::path::Path::new(file).is_dir() {
        format!("*** {file} is a folder, not a file [io]")
    } else {
        format!("*** cannot find file {file} [io]")
    })
}

/// Checks the installation when `SN_HOME` is set: it must hold the
/// library `lisp/netenv.lsp` (SN2.8 scripts need it).
///
/// # Errors
/// A message naming `SN_HOME` and what is missing.
pub fn check_home(it: &Interp) -> Result<(), String> {
    let Some(var) = std::env::var_os("SN_HOME") else {
        return Ok(());
    };
    let lisp = it.home.join("lisp");
    let missing = if !it.home.is_dir() {
        "that folder does not exist".to_string()
    } else if !lisp.is_dir() {
        format!("it has no library folder {}", lisp.display())
    } else if !lisp.join("netenv.lsp").is_file() {
        format!("its library folder has no netenv.lsp ({})", lisp.display())
    } else {
        return Ok(());
    };
    Err(format!(
        "*** sn: SN_HOME is {}, but {missing}; point SN_HOME at the folder holding lisp/ and data/, or unset it",
        std::path::Path::new(&var).display()
    ))
}

/// Loads a script; returns the exit status (0, 1 after an error, 130
/// after Ctrl-C, or the status of an `(exit code)`). Errors are reported.
pub fn run_file(it: &mut Interp, file: &str) -> i32 {
    crate::lisp::interrupt::install(it);
    let r = it.load_file(file).map(|_| ());
    finish(it, r)
}

/// Evaluates the forms of `src`, printing the value of the last one;
/// returns the exit status as [`run_file`].
pub fn run_expr(it: &mut Interp, src: &str) -> i32 {
    crate::lisp::interrupt::install(it);
    let r = it.eval_source(src, "<command line>", false).and_then(|v| {
        // a Ctrl-C during the last builtin: no value
        it.take_interrupt()?;
        let s = printer::repr(&v);
        it.out(&s);
        it.out("\n");
        Ok(())
    });
    finish(it, r)
}

/// Evaluates `src` (called `origin` in messages) without printing its
/// value; the exit status as for a script.
pub fn run_silent(it: &mut Interp, src: &str, origin: &str) -> i32 {
    crate::lisp::interrupt::install(it);
    let r = it.eval_source(src, origin, false).map(|_| ());
    finish(it, r)
}

/// Runs `f` with a fresh interpreter on a thread with a large stack and
/// returns its result. If the thread panics (a bug: errors are values,
/// not panics), the panic message has been printed by the panic hook and
/// sn exits with [`status::INTERNAL`]; the REPL catches a panic of one
/// input itself and goes on (see `repl::run`).
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
            eprintln!(
                "*** sn: internal error: the interpreter thread failed (this is a bug in sn)"
            );
            std::process::exit(status::INTERNAL)
        }
    }
}

/// A value's line in the REPL.
pub fn result_line(v: &Value) -> String {
    format!("= {}\n", printer::repr(v))
}
