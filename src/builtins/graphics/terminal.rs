//! The terminal side: arrays as text art, and progress reports.

use super::{opt_num, values};
use crate::lisp::args;
use crate::lisp::error::{ErrorKind, LispError};
use crate::lisp::{Interp, Native, Output, Res, Value};
use sn_graphics::progress::{Mode, Progress};
use sn_graphics::textart::{self, Style};
use sn_graphics::Grid;
use std::any::Any;
use std::cell::RefCell;
use std::io::IsTerminal;

/// `(show-array m [minv maxv [style]])`.
fn show_array(it: &mut Interp, a: &[Value]) -> Res {
    let f = "show-array";
    let (data, dims) = values(a, 0, f)?;
    let grid = Grid::from_dims(&data, &dims)?;
    let (lo, hi) = grid.range();
    let range = (opt_num(a, 1, f, lo)?, opt_num(a, 2, f, hi)?);
    let style = match args::opt(a, 3) {
        None => Style::Shades,
        Some(_) => match &*args::name(a, 3, f)? {
            "shades" => Style::Shades,
            "color" | "colour" => Style::HalfBlocks,
            other => {
                let msg = format!("{f}: unknown style {other} (shades or color)");
                return Err(LispError::new(ErrorKind::Domain, msg).into());
            }
        },
    };
    let art = textart::render(grid, Some(range), style)?;
    it.out(&art);
    Ok(Value::Nil)
}

/// A progress reporter as a Lisp value. Reports go through the interpreter's
/// output unless a bar is drawn.
pub struct ProgressObj {
    bar: Option<RefCell<Progress>>,
    done: RefCell<u64>,
}

impl Native for ProgressObj {
    fn type_name(&self) -> &'static str {
        "progress"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A bar only when the interpreter prints to a terminal (not a buffer, a
/// file or a pipe).
pub(crate) fn wants_bar(it: &Interp) -> bool {
    matches!(it.output, Output::Stdout) && std::io::stdout().is_terminal()
}

fn progress_start(it: &mut Interp, a: &[Value]) -> Res {
    let total = args::usize(a, 0, "progress-start")? as u64;
    let label = match args::opt(a, 1) {
        Some(_) => args::string(a, 1, "progress-start")?.to_string(),
        None => String::new(),
    };
    let bar = wants_bar(it).then(|| RefCell::new(Progress::new(&label, total, Mode::Bar)));
    Ok(Value::native(ProgressObj {
        bar,
        done: RefCell::new(0),
    }))
}

fn progress_step(_: &mut Interp, a: &[Value]) -> Res {
    let p = args::native::<ProgressObj>(a, 0, "progress-step")?;
    let n = match args::opt(a, 1) {
        Some(_) => args::usize(a, 1, "progress-step")? as u64,
        None => 1,
    };
    let mut done = p.done.borrow_mut();
    *done = done.saturating_add(n);
    if let Some(b) = &p.bar {
        b.borrow_mut().inc(n);
    }
    Ok(Value::Num(*done as f64))
}

fn progress_report(it: &mut Interp, a: &[Value]) -> Res {
    let p = args::native::<ProgressObj>(a, 0, "progress-report")?;
    let fmt = args::string(a, 1, "progress-report")?;
    let line = crate::lisp::printf::format(fmt, &a[2..])?;
    let line = line.trim_end_matches('\n');
    match &p.bar {
        Some(b) => b.borrow_mut().report(line),
        None => {
            it.out(line);
            it.out("\n");
            it.flush();
        }
    }
    Ok(Value::Nil)
}

fn progress_end(_: &mut Interp, a: &[Value]) -> Res {
    let p = args::native::<ProgressObj>(a, 0, "progress-end")?;
    if let Some(b) = &p.bar {
        b.borrow_mut().finish();
    }
    let done = *p.done.borrow();
    Ok(Value::Num(done as f64))
}

pub(super) fn register(it: &mut Interp) {
    it.defn("show-array", 1, Some(4), show_array, "(show-array m [minv maxv [style]]) prints a 1 or 2 dim array (or list) as text art: shades ' ░▒▓█' two per value from minv (blank) to maxv (full), or style color: half blocks in 24-bit grey, two rows per line.");
    it.defn("progress-start", 1, Some(2), progress_start, "(progress-start total [label]) a progress reporter over total steps: a bar with rate and remaining time when the output is a terminal, nothing but its report lines otherwise.");
    it.defn(
        "progress-step",
        1,
        Some(2),
        progress_step,
        "(progress-step p [n]) advances p by n steps (1); returns the steps done.",
    );
    it.defn("progress-report", 2, None, progress_report, "(progress-report p fmt . args) prints a line formatted as by printf (above the bar on a terminal), e.g. one per epoch.");
    it.defn(
        "progress-end",
        1,
        Some(1),
        progress_end,
        "(progress-end p) finishes the bar; returns the steps done.",
    );
}
