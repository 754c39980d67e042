//! TensorBoard logs: while the variable `tensorboard-logdir` names a folder
//! (set it, or start sn with `--logdir DIR`), `train-net` appends its
//! per-pass figures to an event file there, and `tensorboard-scalar` and
//! `tensorboard-image` log values and windows. While it is `()` (the
//! default) nothing is opened or written.

use crate::builtins::graphics::{live_windows, weights_picture, WindowObj};
use crate::builtins::liveview;
use crate::lisp::args::{self, type_error};
use crate::lisp::error::{ErrorKind, LispError};
use crate::lisp::{Interp, Res, Unwind, Value};
use sn_graphics::Canvas;
use sn_tboard::EventWriter;
use std::cell::RefCell;
use std::path::{Path, PathBuf};

/// The variable naming the log folder.
pub const LOGDIR: &str = "tensorboard-logdir";

thread_local! {
    /// The open event file and the folder it is in; a new file is made
    /// when the folder changes.
    static OPEN: RefCell<Option<(PathBuf, EventWriter)>> = const { RefCell::new(None) };
}

/// The log folder, when `tensorboard-logdir` is a non-empty string.
fn logdir(it: &mut Interp) -> Option<PathBuf> {
    match it.get_global(LOGDIR) {
        Value::Str(s) if !s.is_empty() => Some(PathBuf::from(&*s)),
        _ => None,
    }
}

fn io_error(dir: &Path, e: &std::io::Error) -> Unwind {
    LispError::new(
        ErrorKind::Io,
        format!(
            "tensorboard: cannot write an event file in {}: {e}",
            dir.display()
        ),
    )
    .into()
}

/// Runs `f` on the event writer of the log folder (opened on first use);
/// `Ok(false)` without calling `f` when no folder is set.
fn with_writer(
    it: &mut Interp,
    f: impl FnOnce(&mut EventWriter) -> std::io::Result<()>,
) -> Res<bool> {
    let Some(dir) = logdir(it) else {
        return Ok(false);
    };
    OPEN.with(|o| {
        let mut o = o.borrow_mut();
        let (_, w) = match o.take() {
            Some(open) if open.0 == dir => o.insert(open),
            previous => {
                drop(previous); // flushes the previous file
                let w = EventWriter::create(&dir).map_err(|e| io_error(&dir, &e))?;
                o.insert((dir.clone(), w))
            }
        };
        f(w).and_then(|()| w.flush())
            .map_err(|e| io_error(&dir, &e))?;
        Ok(true)
    })
}

/// Whether a log folder is set (`tensorboard-logdir` a non-empty string).
pub fn enabled(it: &mut Interp) -> bool {
    logdir(it).is_some()
}

/// Appends `canvas` as a PNG image (nothing when no log folder is set).
///
/// # Errors
/// The picture cannot be encoded or the event file written.
pub fn log_canvas(it: &mut Interp, tag: &str, step: i64, canvas: &Canvas) -> Res<bool> {
    if !enabled(it) {
        return Ok(false);
    }
    let png = sn_graphics::png_io::encode(canvas)?;
    let (w, h) = (canvas.width() as u32, canvas.height() as u32);
    with_writer(it, |wr| wr.image_png(tag, step, png, w, h))
}

/// Appends `text` (Markdown) at `step` (nothing when no log folder is set).
///
/// # Errors
/// The event file cannot be written.
pub fn log_text(it: &mut Interp, tag: &str, step: i64, text: &str) -> Res<bool> {
    with_writer(it, |w| w.text(tag, step, text))
}

/// The figures of one training pass, as `train-net` logs them.
pub struct PassFigures {
    /// The pass (1-based): the step of every value.
    pub pass: i64,
    /// Mean cost over the pass's training samples.
    pub train_cost: f64,
    /// Training error in %.
    pub train_error: f64,
    /// Mean cost over the test set.
    pub test_cost: f64,
    /// Test error in %.
    pub test_error: f64,
    /// Training speed.
    pub samples_per_s: f64,
}

/// Logs one pass of `train-net` (nothing when no log folder is set), and
/// gives the same figures to the live view when it runs.
///
/// # Errors
/// The event file cannot be made or written.
pub fn log_pass(it: &mut Interp, p: &PassFigures) -> Res<()> {
    let figures = [
        ("train/cost", p.train_cost),
        ("train/error", p.train_error),
        ("test/cost", p.test_cost),
        ("test/error", p.test_error),
        ("samples_per_s", p.samples_per_s),
    ];
    if liveview::is_on() {
        for (tag, v) in figures {
            liveview::curve_point(tag, p.pass as f64, v);
        }
        liveview::show_pending();
    }
    with_writer(it, |w| {
        figures
            .iter()
            .try_for_each(|&(tag, v)| w.scalar(tag, p.pass, v as f32))
    })
    .map(|_| ())
}

/// A step argument: an integer.
fn step(a: &[Value], i: usize, f: &str) -> Res<i64> {
    args::int(a, i, f)
}

/// `(tensorboard-scalar tag step value)`.
fn tb_scalar(it: &mut Interp, a: &[Value]) -> Res {
    let f = "tensorboard-scalar";
    let tag = args::name(a, 0, f)?;
    let s = step(a, 1, f)?;
    let v = args::num(a, 2, f)? as f32;
    let shown = liveview::is_on();
    if shown {
        liveview::curve_point(&tag, s as f64, f64::from(v));
        liveview::show_pending();
    }
    let done = with_writer(it, |w| w.scalar(&tag, s, v))?;
    Ok(if done || shown {
        Value::Num(f64::from(v))
    } else {
        Value::Nil
    })
}

/// `(tensorboard-image tag step [window])`, or with an array of weights
/// and the options of `save-weights` in place of the window.
fn tb_image(it: &mut Interp, a: &[Value]) -> Res {
    let f = "tensorboard-image";
    let tag = args::name(a, 0, f)?;
    let s = step(a, 1, f)?;
    let win = match args::opt(a, 2) {
        Some(v) => v.clone(),
        None => it.get_global("window"),
    };
    let done = match &win {
        Value::Array(_) => {
            if !enabled(it) {
                return Ok(Value::Nil);
            }
            let canvas = weights_picture(&a[2..], f)?;
            log_canvas(it, &tag, s, &canvas)?
        }
        Value::Native(n) => {
            let Some(obj) = n.as_any().downcast_ref::<WindowObj>() else {
                return Err(type_error(f, "a window or an array", &win));
            };
            if a.len() > 3 {
                return Err(type_error(f, "no options after a window", &a[3]));
            }
            let b = obj.win.borrow();
            log_canvas(it, &tag, s, b.canvas())?
        }
        _ => return Err(type_error(f, "a window or an array", &win)),
    };
    Ok(if done {
        Value::string(&tag)
    } else {
        Value::Nil
    })
}

/// `(tensorboard-windows [step [prefix]])`: every live window as an image
/// tagged prefix + its name; the list of tags.
fn tb_windows(it: &mut Interp, a: &[Value]) -> Res {
    let f = "tensorboard-windows";
    let s = match args::opt(a, 0) {
        Some(_) => step(a, 0, f)?,
        None => 0,
    };
    let prefix = match args::opt(a, 1) {
        Some(_) => args::name(a, 1, f)?.to_string(),
        None => "windows/".to_string(),
    };
    if !enabled(it) {
        return Ok(Value::Nil);
    }
    let mut tags = Vec::new();
    for w in live_windows() {
        // a window being drawn on (busy) is left out
        let Ok(win) = w.try_borrow() else { continue };
        let tag = format!("{prefix}{}", win.name());
        log_canvas(it, &tag, s, win.canvas())?;
        tags.push(Value::string(&tag));
    }
    Ok(Value::list(tags))
}

/// `(tensorboard-text tag step text)`.
fn tb_text(it: &mut Interp, a: &[Value]) -> Res {
    let f = "tensorboard-text";
    let tag = args::name(a, 0, f)?;
    let s = step(a, 1, f)?;
    let text = args::string(a, 2, f)?.to_string();
    let done = with_writer(it, |w| w.text(&tag, s, &text))?;
    Ok(if done {
        Value::string(&tag)
    } else {
        Value::Nil
    })
}

/// Registers the TensorBoard builtins and `tensorboard-logdir`.
pub fn register(it: &mut Interp) {
    it.begin_family("tensorboard");
    if it.get_global(LOGDIR).is_nil() {
        it.set_global(LOGDIR, Value::Nil);
    }
    it.defn("tensorboard-scalar", 3, Some(3), tb_scalar, "(tensorboard-scalar tag step value) appends the point (step, value) of the curve TAG to the TensorBoard event file in the folder `tensorboard-logdir` (set it, or start sn with --logdir DIR) and returns value; while the live view runs (view-windows), also adds the point to its curve TAG; does nothing and returns () while tensorboard-logdir and the view are both off.");
    it.defn("tensorboard-image", 2, Some(6), tb_image, "(tensorboard-image tag step [window]) appends the picture of WINDOW (the current window by default), as PNG, to the TensorBoard event file in the folder `tensorboard-logdir` and returns tag; (tensorboard-image tag step m [zoom [map [per-tile]]]) appends the picture of the weights m as save-weights draws it. Does nothing and returns () while tensorboard-logdir is ().");
    it.defn("tensorboard-windows", 0, Some(2), tb_windows, "(tensorboard-windows [step [prefix]]) appends the picture of every live window of the session, as PNG, to the TensorBoard event file in the folder `tensorboard-logdir`, at step (0 by default), each tagged prefix (\"windows/\" by default) followed by the window's name, and returns the list of tags; does nothing and returns () while tensorboard-logdir is ().");
    it.defn("tensorboard-text", 3, Some(3), tb_text, "(tensorboard-text tag step text) appends TEXT (Markdown) to the TensorBoard event file in the folder `tensorboard-logdir` and returns tag; does nothing and returns () while tensorboard-logdir is ().");
}
