//! Graphics: off-screen windows written as PNG files, the drawing functions
//! of Lush, pictures of networks, text art and progress reports.
//!
//! The current window is the value of the variable `window` (dynamically
//! bindable). Drawing with no current window makes a default one. Windows
//! go to disk only when asked: `(save-window w file)` writes one; a window
//! made while the variable `window-dir` names a folder (it is `()` by
//! default, or the value of the environment variable `SN_WINDOWS`) is
//! written there as `NAME.png` (folder made on first write) once drawn on,
//! and rewritten when a `graphics-batch` ends, by `flush-windows`, every
//! quarter second while drawing outside a batch, at exit, and when the
//! window is no longer referenced.

mod clicks;
mod draw;
mod lists;
mod pictures;
pub(crate) mod terminal;
mod windows;

use crate::lisp::args::{self, type_error};
use crate::lisp::error::{ErrorKind, LispError};
use crate::lisp::Res;
use crate::lisp::{Interp, Value};

pub(crate) use pictures::weights as weights_picture;
pub(crate) use windows::live_windows;
pub use windows::{flush_all, show_windows, WindowObj};

/// Registers the graphics builtins and their variables.
pub fn register(it: &mut Interp) {
    it.begin_family("graphics");
    it.set_global("color-fg", Value::Num(sn_graphics::color::COLOR_FG as f64));
    it.set_global("color-bg", Value::Num(sn_graphics::color::COLOR_BG as f64));
    it.set_global(
        "color-gray",
        Value::Num(sn_graphics::color::COLOR_GRAY as f64),
    );
    if it.get_global("window-dir").is_nil() {
        if let Some(d) = std::env::var_os(windows::DIR_ENV).filter(|d| !d.is_empty()) {
            it.set_global("window-dir", Value::string(&d.to_string_lossy()));
        }
    }
    windows::register(it);
    draw::register(it);
    clicks::register(it);
    lists::register(it);
    pictures::register(it);
    terminal::register(it);
}

/// A coordinate or size in pixels: a finite number, rounded, limited to ±2^30.
pub(crate) fn coord(a: &[Value], i: usize, fname: &str) -> Res<i64> {
    let n = args::num(a, i, fname)?;
    if !n.is_finite() {
        return Err(type_error(fname, "a finite number", &a[i]));
    }
    const LIMIT: f64 = (1u64 << 30) as f64;
    Ok(n.round().clamp(-LIMIT, LIMIT) as i64)
}

/// An optional coordinate, `default` when absent or `()`.
pub(crate) fn opt_coord(a: &[Value], i: usize, fname: &str, default: i64) -> Res<i64> {
    match args::opt(a, i) {
        Some(_) => coord(a, i, fname),
        None => Ok(default),
    }
}

/// An optional number, `default` when absent or `()`.
pub(crate) fn opt_num(a: &[Value], i: usize, fname: &str, default: f64) -> Res<f64> {
    match args::opt(a, i) {
        Some(_) => args::num(a, i, fname),
        None => Ok(default),
    }
}

/// Numbers of a list or an array argument, with their dims (`(n)` for a list).
pub(crate) fn values(a: &[Value], i: usize, fname: &str) -> Res<(Vec<f32>, Vec<usize>)> {
    let v = a.get(i).ok_or_else(|| {
        LispError::new(
            ErrorKind::Arity,
            format!("{fname}: missing argument {}", i + 1),
        )
        .with(crate::lisp::error_data::ErrorData::Arity {
            function: fname.to_string(),
            min: i + 1,
            max: None,
            found: a.len(),
        })
    })?;
    values_of(v, fname)
}

/// Numbers of a list or array value, with their dims.
pub(crate) fn values_of(v: &Value, fname: &str) -> Res<(Vec<f32>, Vec<usize>)> {
    match v {
        Value::Array(x) => Ok((x.to_vec(), x.dims().to_vec())),
        Value::Nil => Ok((Vec::new(), vec![0])),
        other => {
            let items = other
                .list_to_vec()
                .ok_or_else(|| type_error(fname, "a list or an array", other))?;
            let nums = items
                .iter()
                .map(|x| {
                    x.as_num()
                        .map(|n| n as f32)
                        .ok_or_else(|| type_error(fname, "a list of numbers", x))
                })
                .collect::<Res<Vec<f32>>>()?;
            let n = nums.len();
            Ok((nums, vec![n]))
        }
    }
}
