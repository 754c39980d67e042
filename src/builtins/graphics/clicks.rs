//! Mouse clicks for `get-click`, in a session without a pointer.
//!
//! sn's windows are off screen, so there is no mouse. Clicks come from a
//! queue, filled by `(set-clicks '((x y) ...))` or, once per session, from
//! the file named by the environment variable `SN_CLICKS` (one click a
//! line, `x y` in window pixels; blank lines and lines starting with `#`
//! are skipped). When the queue is empty and standard input is a terminal,
//! `get-click` asks for `x y` there; otherwise it stops with an error that
//! says how to give clicks.

use super::coord;
use crate::lisp::args::{self, type_error};
use crate::lisp::error::{ErrorKind, LispError};
use crate::lisp::{Interp, Res, Value};
use std::collections::VecDeque;
use std::io::Write;

/// The environment variable naming a file of clicks.
pub const CLICKS_ENV: &str = "SN_CLICKS";

/// Pending clicks of an interpreter.
#[derive(Default)]
struct Clicks {
    queue: VecDeque<(i64, i64)>,
    /// Whether `SN_CLICKS` was read (it is read once, on first use).
    env_read: bool,
}

/// The clicks of a file's text; an error names the file and the line.
fn parse_clicks(text: &str, file: &str) -> Res<Vec<(i64, i64)>> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match parse_pair(line) {
            Some(p) => out.push(p),
            None => {
                let msg = format!(
                    "get-click: {file}:{}: expected a click `x y` (two numbers), got {line:?}",
                    n + 1
                );
                return Err(LispError::new(ErrorKind::Format, msg)
                    .culprit(Value::string(file))
                    .into());
            }
        }
    }
    Ok(out)
}

/// `x y` (spaces, tabs or a comma between) as rounded pixels.
fn parse_pair(line: &str) -> Option<(i64, i64)> {
    let mut it = line
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty());
    let mut num = || -> Option<i64> {
        let v: f64 = it.next()?.parse().ok()?;
        v.is_finite().then(|| v.round().clamp(-1e9, 1e9) as i64)
    };
    let p = (num()?, num()?);
    it.next().is_none().then_some(p)
}

/// Reads `SN_CLICKS` into the queue the first time it is needed.
fn read_env_clicks(it: &mut Interp) -> Res<()> {
    let st = it.ext::<Clicks>();
    if std::mem::replace(&mut st.borrow_mut().env_read, true) {
        return Ok(());
    }
    let Some(file) = std::env::var_os(CLICKS_ENV).filter(|f| !f.is_empty()) else {
        return Ok(());
    };
    let file = file.to_string_lossy().to_string();
    let text = std::fs::read_to_string(&file).map_err(|e| {
        LispError::new(
            ErrorKind::Io,
            format!("get-click: cannot read the clicks file {file} ({CLICKS_ENV}): {e}"),
        )
        .with(crate::lisp::error::ErrorData::File {
            file: file.clone(),
            problem: e.to_string(),
        })
        .culprit(Value::string(&file))
    })?;
    let clicks = parse_clicks(&text, &file)?;
    st.borrow_mut().queue.extend(clicks);
    Ok(())
}

/// Whether `(x, y)` is inside the rectangle `(rx ry rw rh)`.
fn in_rect(x: i64, y: i64, r: &[i64; 4]) -> bool {
    x >= r[0] && y >= r[1] && x < r[0] + r[2] && y < r[1] + r[3]
}

/// The optional rectangle argument of get-click.
fn rect_arg(a: &[Value]) -> Res<Option<[i64; 4]>> {
    let Some(v) = args::opt(a, 0) else {
        return Ok(None);
    };
    let items = v
        .list_to_vec()
        .filter(|l| l.len() == 4)
        .ok_or_else(|| type_error("get-click", "a rectangle (x y w h)", v))?;
    let mut r = [0i64; 4];
    for (k, slot) in r.iter_mut().enumerate() {
        *slot = coord(&items, k, "get-click")?;
    }
    Ok(Some(r))
}

/// Asks for a click on the terminal; `None` at the end of input.
fn ask_terminal(it: &mut Interp) -> Option<(i64, i64)> {
    loop {
        it.out("get-click: x y? ");
        it.flush();
        let _ = std::io::stdout().flush();
        let line = crate::builtins::tl3::stdin_line()?;
        if let Some(p) = parse_pair(line.trim()) {
            return Some(p);
        }
        it.out("get-click: type two numbers, the pixel coordinates x y of the click\n");
    }
}

fn no_pointer(it: &mut Interp) -> LispError {
    let msg = format!(
        "get-click: this session has no pointer and no click is queued; give clicks with \
         (set-clicks '((x y) ...)) or in a file of lines `x y` (window pixels) named by \
         {CLICKS_ENV}, or run sn with a terminal on standard input"
    );
    let w = it.get_global("window");
    LispError::new(ErrorKind::Io, msg).culprit(if w.is_nil() {
        Value::Sym(it.intern("get-click"))
    } else {
        w
    })
}

/// `(get-click [rect])`: the next click `(x y)`, skipping those outside rect.
fn get_click(it: &mut Interp, a: &[Value]) -> Res {
    let rect = rect_arg(a)?;
    read_env_clicks(it)?;
    let st = it.ext::<Clicks>();
    loop {
        let next = st.borrow_mut().queue.pop_front();
        let p = match next {
            Some(p) => p,
            None if std::io::IsTerminal::is_terminal(&std::io::stdin()) => {
                ask_terminal(it).ok_or_else(|| no_pointer(it))?
            }
            None => return Err(no_pointer(it).into()),
        };
        if rect.is_none_or(|r| in_rect(p.0, p.1, &r)) {
            return Ok(Value::list(vec![
                Value::Num(p.0 as f64),
                Value::Num(p.1 as f64),
            ]));
        }
    }
}

/// `(set-clicks clicks)`: replaces the queue; returns the number of clicks.
fn set_clicks(it: &mut Interp, a: &[Value]) -> Res {
    let f = "set-clicks";
    let v = &a[0];
    let items = v
        .list_to_vec()
        .ok_or_else(|| type_error(f, "a list of clicks (x y)", v))?;
    let mut queue = VecDeque::with_capacity(items.len());
    for c in &items {
        let pair = c
            .list_to_vec()
            .filter(|l| l.len() == 2)
            .ok_or_else(|| type_error(f, "a click (x y)", c))?;
        queue.push_back((coord(&pair, 0, f)?, coord(&pair, 1, f)?));
    }
    let n = queue.len();
    let st = it.ext::<Clicks>();
    let mut st = st.borrow_mut();
    st.queue = queue;
    // clicks given in the program come before (and replace) SN_CLICKS
    st.env_read = true;
    Ok(Value::Num(n as f64))
}

pub(super) fn register(it: &mut Interp) {
    it.defn("get-click", 0, Some(1), get_click, "(get-click [rect]) waits for a click on the current window and returns its pixel coordinates (x y); clicks outside rect (x y w h) are skipped. sn has no pointer: clicks come from the queue that set-clicks fills, or from the file named by the environment variable SN_CLICKS (lines `x y`, window pixels, read once); when the queue is empty and standard input is a terminal, get-click asks for `x y` there, otherwise it stops with an io error.");
    it.defn("set-clicks", 1, Some(1), set_clicks, "(set-clicks '((x y) ...)) the clicks that the next calls of get-click return, in order (replacing any queued clicks and those of SN_CLICKS); returns their number.");
}
