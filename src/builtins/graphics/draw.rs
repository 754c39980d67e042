//! Lines, rectangles, circles and text on the current window.

use super::coord;
use super::windows::draw;
use crate::lisp::error::{ErrorKind, LispError};
use crate::lisp::{Interp, Res, Value};
use sn_graphics::text;

/// The first `n` arguments as coordinates.
fn coords<const N: usize>(a: &[Value], fname: &str) -> Res<[i64; N]> {
    let mut out = [0i64; N];
    for (i, o) in out.iter_mut().enumerate() {
        *o = coord(a, i, fname)?;
    }
    Ok(out)
}

fn draw_line(it: &mut Interp, a: &[Value]) -> Res {
    let [x1, y1, x2, y2] = coords(a, "draw-line")?;
    draw(it, "draw-line", |c, ink| c.line(x1, y1, x2, y2, ink))
}

fn draw_rect(it: &mut Interp, a: &[Value]) -> Res {
    let [x, y, w, h] = coords(a, "draw-rect")?;
    draw(it, "draw-rect", |c, ink| c.rect(x, y, w, h, ink))
}

fn fill_rect(it: &mut Interp, a: &[Value]) -> Res {
    let [x, y, w, h] = coords(a, "fill-rect")?;
    draw(it, "fill-rect", |c, ink| c.fill_rect(x, y, w, h, ink))
}

fn draw_circle(it: &mut Interp, a: &[Value]) -> Res {
    let [x, y, r] = coords(a, "draw-circle")?;
    draw(it, "draw-circle", |c, ink| c.circle(x, y, r, ink))
}

fn fill_circle(it: &mut Interp, a: &[Value]) -> Res {
    let [x, y, r] = coords(a, "fill-circle")?;
    draw(it, "fill-circle", |c, ink| c.fill_circle(x, y, r, ink))
}

fn gprintf(it: &mut Interp, a: &[Value]) -> Res {
    let [x, y] = coords(a, "gprintf")?;
    let fmt = crate::lisp::args::string(a, 2, "gprintf")?;
    let s = crate::lisp::printf::format(fmt, &a[3..])?;
    draw(it, "gprintf", |c, ink| text::draw_text(c, x, y, &s, ink))
}

fn draw_text(it: &mut Interp, a: &[Value]) -> Res {
    let [x, y] = coords(a, "draw-text")?;
    let s = crate::lisp::printer::text(&a[2]);
    draw(it, "draw-text", |c, ink| text::draw_text(c, x, y, &s, ink))
}

/// `(rect-text x y text)`: `(x y w h)` of the text drawn at x, y (baseline y).
fn rect_text(_: &mut Interp, a: &[Value]) -> Res {
    let [x, y] = coords(a, "rect-text")?;
    let (w, h) = text::text_size(&crate::lisp::printer::text(&a[2]));
    let top = y - (text::CHAR_H - 1);
    Ok(Value::list(
        [x, top, w, h]
            .iter()
            .map(|&v| Value::Num(v as f64))
            .collect(),
    ))
}

/// `(fill-polygon x1 y1 ... xn yn)`: the polygon filled in the current colour.
fn fill_polygon(it: &mut Interp, a: &[Value]) -> Res {
    let f = "fill-polygon";
    if !a.len().is_multiple_of(2) {
        let msg = format!(
            "{f}: expected pairs of coordinates, got {} numbers",
            a.len()
        );
        return Err(LispError::new(ErrorKind::Arity, msg).into());
    }
    let mut points = Vec::with_capacity(a.len() / 2);
    for k in (0..a.len()).step_by(2) {
        points.push((coord(a, k, f)?, coord(a, k + 1, f)?));
    }
    draw(it, f, |c, ink| c.fill_polygon(&points, ink))
}

/// The line style number of `linestyle` (lines are drawn solid whatever it is).
#[derive(Default)]
struct LineStyle(i64);

/// `(linestyle [n])`: records the line style; returns the current one.
fn linestyle(it: &mut Interp, a: &[Value]) -> Res {
    let new = match crate::lisp::args::opt(a, 0) {
        Some(_) => Some(crate::lisp::args::int(a, 0, "linestyle")?),
        None => None,
    };
    let st = it.ext::<LineStyle>();
    let mut st = st.borrow_mut();
    if let Some(n) = new {
        st.0 = n;
    }
    Ok(Value::Num(st.0 as f64))
}

/// `(font [name])`: one 8x8 font only; the name is accepted and ignored.
fn font(_: &mut Interp, _: &[Value]) -> Res {
    Ok(Value::string("8x8"))
}

pub(super) fn register(it: &mut Interp) {
    it.defn("draw-line", 4, Some(4), draw_line, "(draw-line x1 y1 x2 y2) a line in the current colour, both ends included (pixels, origin top left).");
    it.defn(
        "draw-rect",
        4,
        Some(4),
        draw_rect,
        "(draw-rect x y w h) the outline of the w x h rectangle from x, y.",
    );
    it.defn(
        "fill-rect",
        4,
        Some(4),
        fill_rect,
        "(fill-rect x y w h) fills the w x h pixels from x, y.",
    );
    it.defn(
        "draw-circle",
        3,
        Some(3),
        draw_circle,
        "(draw-circle x y r) the circle of centre x, y and radius r.",
    );
    it.defn(
        "fill-circle",
        3,
        Some(3),
        fill_circle,
        "(fill-circle x y r) the disc of centre x, y and radius r.",
    );
    it.defn(
        "draw-text",
        3,
        Some(3),
        draw_text,
        "(draw-text x y text) draws text (any value, as printed by princ) with its baseline at y.",
    );
    it.defn(
        "rect-text",
        3,
        Some(3),
        rect_text,
        "(rect-text x y text) the rectangle (x y w h) covered by text drawn at x, y.",
    );
    it.defn(
        "font",
        0,
        Some(1),
        font,
        "(font [name]) sn has one 8x8 bitmap font: the name is ignored; returns \"8x8\".",
    );
    it.defn("fill-polygon", 0, None, fill_polygon, "(fill-polygon x1 y1 ... xn yn) fills the polygon of vertices (x1, y1) ... (xn, yn) in the current colour (even-odd rule; fewer than three vertices draw nothing).");
    it.defn("linestyle", 0, Some(1), linestyle, "(linestyle [n]) sets the line style (0 solid, 1 dotted, 2 dashed, 3 dot-dashed) and returns the current one; sn draws every line solid.");
    it.defn("gprintf", 3, None, gprintf, "(gprintf x y fmt . args) draws the text (formatted as by printf) with its baseline at y, in an 8x8 font.");
}
