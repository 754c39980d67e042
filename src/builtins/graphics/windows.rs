//! Window objects, the current window, batches and files.

use super::coord;
use crate::lisp::args::{self, type_error};
use crate::lisp::error::{ErrorKind, LispError};
use crate::lisp::{Interp, Native, Res, Tail, Unwind, Value};
use sn_graphics::{Canvas, Rgb, Window};
use std::any::Any;
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::{Rc, Weak};

/// The environment variable that sets `window-dir` at startup.
pub const DIR_ENV: &str = "SN_WINDOWS";
/// Size of a window made without one.
const DEFAULT_SIZE: usize = 512;

/// A window as a Lisp value.
pub struct WindowObj {
    pub(crate) win: Rc<RefCell<Window>>,
}

impl Native for WindowObj {
    fn type_name(&self) -> &'static str {
        "window"
    }
    fn repr(&self) -> String {
        match self.win.try_borrow() {
            Ok(w) => format!("::window:{}", w.name()),
            Err(_) => "::window".to_string(),
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A counter for the names of windows made without one.
#[derive(Default)]
struct Registry {
    made: usize,
}

/// The windows of this thread, flushed when the thread ends: a window still
/// referenced then (a global of an interpreter that is not dropped, or a
/// value kept alive by a reference cycle) gets its last drawing written.
#[derive(Default)]
struct Open(Vec<Weak<RefCell<Window>>>);

impl Open {
    fn live(&mut self) -> Vec<Rc<RefCell<Window>>> {
        self.0.retain(|w| w.strong_count() > 0);
        self.0.iter().filter_map(Weak::upgrade).collect()
    }
}

impl Drop for Open {
    fn drop(&mut self) {
        for w in self.live() {
            if let Ok(mut win) = w.try_borrow_mut() {
                // Nothing can report an error at thread exit.
                let _ = win.flush();
            }
        }
    }
}

thread_local! {
    static OPEN: RefCell<Open> = RefCell::new(Open::default());
}

/// The live windows of this thread (of the session), oldest first.
pub(crate) fn live_windows() -> Vec<Rc<RefCell<Window>>> {
    OPEN.with(|o| o.borrow_mut().live())
}

/// Writes every window changed since its last write.
///
/// # Errors
/// The first `io` error met (every window is tried).
pub fn flush_all(_it: &mut Interp) -> Res<()> {
    let live = OPEN.with(|o| o.borrow_mut().live());
    let mut first = Ok(());
    for w in live {
        if let Ok(mut win) = w.try_borrow_mut() {
            if let Err(e) = win.flush() {
                first = first.and(Err(Unwind::from(e)));
            }
        }
    }
    first
}

/// Hands the windows to the live view: every live window (`all`, when
/// the view starts), or those drawn on since they were last shown.
pub fn show_windows(all: bool) {
    let Ok(live) = OPEN.try_with(|o| o.borrow_mut().live()) else {
        return;
    };
    for w in live {
        if let Ok(mut win) = w.try_borrow_mut() {
            if all {
                win.show();
            } else {
                win.show_pending();
            }
        }
    }
}

fn make_window(it: &mut Interp, name: Option<&str>, w: usize, h: usize) -> Res {
    let reg = it.ext::<Registry>();
    let made = {
        let mut r = reg.borrow_mut();
        r.made += 1;
        r.made
    };
    let name = name.map_or_else(|| format!("window-{made}"), str::to_string);
    let win = match it.get_global("window-dir") {
        Value::Str(s) if !s.is_empty() => Window::new(&name, w, h, &PathBuf::from(&*s)),
        _ => Window::in_memory(&name, w, h),
    };
    let win = Rc::new(RefCell::new(win?));
    OPEN.with(|o| o.borrow_mut().0.push(Rc::downgrade(&win)));
    let v = Value::native(WindowObj { win });
    it.intern("window").set(v.clone());
    Ok(v)
}

/// `(new-window [[x y] w h] [name])`.
fn new_window(it: &mut Interp, a: &[Value]) -> Res {
    let f = "new-window";
    let (nums, name) = match a.last() {
        Some(Value::Str(s)) => (&a[..a.len() - 1], Some(s.to_string())),
        _ => (a, None),
    };
    let (w, h) = match nums.len() {
        0 => (DEFAULT_SIZE as i64, DEFAULT_SIZE as i64),
        2 => (coord(nums, 0, f)?, coord(nums, 1, f)?),
        4 => (coord(nums, 2, f)?, coord(nums, 3, f)?),
        n => {
            let msg = format!("{f}: expected [[x y] w h] [name], got {n} numbers");
            return Err(LispError::new(ErrorKind::Arity, msg).into());
        }
    };
    if w <= 0 || h <= 0 {
        let msg = format!("{f}: size {w}x{h} must be positive");
        return Err(LispError::new(ErrorKind::Domain, msg).into());
    }
    make_window(it, name.as_deref(), w as usize, h as usize)
}

/// The window object of a value, or a type error naming `fname`.
pub(crate) fn window_of<'a>(v: &'a Value, fname: &str) -> Res<&'a WindowObj> {
    if let Value::Native(n) = v {
        if let Some(w) = n.as_any().downcast_ref::<WindowObj>() {
            return Ok(w);
        }
    }
    Err(type_error(fname, "a window", v))
}

/// The current window (the value of `window`), made if there is none.
pub(crate) fn current(it: &mut Interp, fname: &str) -> Res<Value> {
    let v = it.get_global("window");
    if v.is_nil() {
        return make_window(it, None, DEFAULT_SIZE, DEFAULT_SIZE);
    }
    window_of(&v, fname)?;
    Ok(v)
}

/// Runs `f` on the current window, mutably.
pub(crate) fn with_window<R>(
    it: &mut Interp,
    fname: &str,
    f: impl FnOnce(&mut Window) -> Res<R>,
) -> Res<R> {
    let v = current(it, fname)?;
    let obj = window_of(&v, fname)?;
    let mut win = obj
        .win
        .try_borrow_mut()
        .map_err(|_| LispError::new(ErrorKind::User, format!("{fname}: window is busy")))?;
    f(&mut win)
}

/// Draws on the current window's canvas with its colour; returns what `f` returns.
pub(crate) fn draw_with<R>(
    it: &mut Interp,
    fname: &str,
    f: impl FnOnce(&mut Canvas, Rgb) -> R,
) -> Res<R> {
    with_window(it, fname, |w| w.draw(f).map_err(Unwind::from))
}

/// Draws on the current window's canvas with its colour; returns `()`.
pub(crate) fn draw(it: &mut Interp, fname: &str, f: impl FnOnce(&mut Canvas, Rgb)) -> Res {
    draw_with(it, fname, f)?;
    Ok(Value::Nil)
}

fn cls(it: &mut Interp, _: &[Value]) -> Res {
    with_window(it, "cls", |w| w.cls().map_err(Unwind::from))?;
    Ok(Value::Nil)
}

fn color(it: &mut Interp, a: &[Value]) -> Res {
    let c = match args::opt(a, 0) {
        Some(_) => Some(args::int(a, 0, "color")?),
        None => None,
    };
    with_window(it, "color", |w| {
        if let Some(c) = c {
            w.set_color(c)?;
        }
        Ok(Value::Num(w.color() as f64))
    })
}

fn alloccolor(_: &mut Interp, a: &[Value]) -> Res {
    let ch = |i| args::num(a, i, "alloccolor");
    Ok(Value::Num(
        Rgb::from_unit(ch(0)?, ch(1)?, ch(2)?).number() as f64
    ))
}

/// `(graphics-batch . body)`: no writes while body runs, then the file is written.
fn graphics_batch(it: &mut Interp, body: &Value, _: usize) -> Res<Tail> {
    let v = current(it, "graphics-batch")?;
    let obj = window_of(&v, "graphics-batch")?;
    obj.win
        .try_borrow_mut()
        .map_err(|_| LispError::new(ErrorKind::User, "graphics-batch: window is busy"))?
        .begin_batch();
    let r = it.eval_body(body);
    let ended = match obj.win.try_borrow_mut() {
        Ok(mut w) => w.end_batch().map_err(Unwind::from),
        Err(_) => Ok(()),
    };
    let value = r?;
    ended?;
    Ok(Tail::Done(value))
}

/// The window argument `i`, or the current window when it is `()`.
fn window_arg(it: &mut Interp, a: &[Value], i: usize, fname: &str) -> Res<Value> {
    match args::opt(a, i) {
        Some(v) => {
            window_of(v, fname)?;
            Ok(v.clone())
        }
        None => current(it, fname),
    }
}

fn save_window(it: &mut Interp, a: &[Value]) -> Res {
    let v = window_arg(it, a, 0, "save-window")?;
    let file = args::string(a, 1, "save-window")?;
    let w = window_of(&v, "save-window")?;
    w.win.borrow().save_as(Path::new(file))?;
    Ok(Value::string(file))
}

fn window_file(it: &mut Interp, a: &[Value]) -> Res {
    let v = window_arg(it, a, 0, "window-file")?;
    let path = window_of(&v, "window-file")?.win.borrow().path();
    Ok(path.map_or(Value::Nil, |p| Value::string(&p.to_string_lossy())))
}

fn flush_windows(it: &mut Interp, _: &[Value]) -> Res {
    flush_all(it)?;
    Ok(Value::Nil)
}

fn xsize(it: &mut Interp, _: &[Value]) -> Res {
    with_window(it, "xsize", |w| Ok(Value::Num(w.canvas().width() as f64)))
}

fn ysize(it: &mut Interp, _: &[Value]) -> Res {
    with_window(it, "ysize", |w| Ok(Value::Num(w.canvas().height() as f64)))
}

fn point(it: &mut Interp, a: &[Value]) -> Res {
    let (x, y) = (coord(a, 0, "point")?, coord(a, 1, "point")?);
    let c = with_window(it, "point", |w| Ok(w.canvas().get(x, y)))?;
    Ok(c.map_or(Value::Nil, |c| Value::Num(c.number() as f64)))
}

pub(super) fn register(it: &mut Interp) {
    it.defn("new-window", 0, Some(5), new_window, "(new-window [[x y] w h] [name]) makes an off-screen window (512x512 by default), sets `window` to it and returns it. When `window-dir` is a folder name (set it, or the SN_WINDOWS environment variable), the window is written there as NAME.png once drawn on; when it is () (the default), only save-window writes it (x and y are accepted and ignored).");
    it.defn(
        "cls",
        0,
        Some(0),
        cls,
        "(cls) clears the current window to white.",
    );
    it.defn("color", 0, Some(1), color, "(color [c]) sets the drawing colour of the current window (color-fg = -1 black, color-bg = -2 white, color-gray = -3, or a number from alloccolor); returns the current colour.");
    it.defn("alloccolor", 3, Some(3), alloccolor, "(alloccolor r g b) the colour number of red, green, blue in [0, 1] (grey levels: r = g = b).");
    it.defspecial("graphics-batch", graphics_batch, "(graphics-batch . body) draws body on the current window without intermediate writes, then writes the window's PNG file (if it has one: see window-dir); returns the value of body.");
    it.defn("save-window", 2, Some(2), save_window, "(save-window w file) writes window w (() for the current one) as a PNG file; returns file.");
    it.defn(
        "window-file",
        0,
        Some(1),
        window_file,
        "(window-file [w]) the PNG file that window w (default the current one) is written to, or () if it is written only by save-window.",
    );
    it.defn(
        "flush-windows",
        0,
        Some(0),
        flush_windows,
        "(flush-windows) writes every window changed since its last write.",
    );
    it.defn(
        "xsize",
        0,
        Some(0),
        xsize,
        "(xsize) width of the current window in pixels.",
    );
    it.defn(
        "ysize",
        0,
        Some(0),
        ysize,
        "(ysize) height of the current window in pixels.",
    );
    it.defn("point", 2, Some(2), point, "(point x y) the colour number of the pixel at x, y of the current window, or () outside it.");
}
