//! Drawing numbers: Lush's `draw-value`, `draw-list`, `gray-draw-list`,
//! `gray-draw-matrix`, `rgb-draw-matrix`, and `draw-array` with a colour map.

use crate::canvas::Canvas;
use crate::color::{normalize, ColorMap, Rgb};
use crate::error::{GraphicsError, Result};

/// A row-major matrix of values borrowed from elsewhere.
#[derive(Debug, Clone, Copy)]
pub struct Grid<'a> {
    data: &'a [f32],
    rows: usize,
    cols: usize,
}

impl<'a> Grid<'a> {
    /// A `rows` x `cols` grid over `data`.
    ///
    /// # Errors
    /// `Shape` if `data` does not hold exactly `rows * cols` values.
    pub fn new(data: &'a [f32], rows: usize, cols: usize) -> Result<Grid<'a>> {
        if rows.checked_mul(cols) != Some(data.len()) {
            return Err(GraphicsError::shape("grid", &[rows, cols], data.len()));
        }
        Ok(Grid { data, rows, cols })
    }

    /// A grid from values and dims: 1 dim is one row, 2 dims are rows and columns.
    ///
    /// # Errors
    /// `Shape` if the dims are not 1 or 2 or do not match the number of values.
    pub fn from_dims(data: &'a [f32], dims: &[usize]) -> Result<Grid<'a>> {
        match *dims {
            [n] => Grid::new(data, 1, n),
            [r, c] => Grid::new(data, r, c),
            _ => Err(GraphicsError::shape("grid (1 or 2 dims)", dims, data.len())),
        }
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of columns.
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// The value at row `r`, column `c` (both in range).
    pub fn at(&self, r: usize, c: usize) -> f32 {
        self.data[r * self.cols + c]
    }

    /// The smallest and largest finite values, or `(0, 0)` if there are none.
    pub fn range(&self) -> (f64, f64) {
        value_range(self.data)
    }
}

/// The smallest and largest finite values of `data`, or `(0, 0)` if there are none.
pub fn value_range(data: &[f32]) -> (f64, f64) {
    let finite = data.iter().filter(|v| v.is_finite()).map(|&v| f64::from(v));
    let (lo, hi) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    if lo <= hi {
        (lo, hi)
    } else {
        (0.0, 0.0)
    }
}

/// The largest finite absolute value of `data` (0 if none).
pub fn max_abs(data: &[f32]) -> f64 {
    let (lo, hi) = value_range(data);
    lo.abs().max(hi.abs())
}

/// `draw-value`: in the `maxs` x `maxs` cell whose top left is `(x, y)`, a
/// square centred in the cell with side `maxs * |val| / maxv` (at most
/// `maxs`). Positive values are filled with `ink` (black squares), negative
/// values are outlined with `ink` (white squares); zero draws nothing.
pub fn draw_value(canvas: &mut Canvas, x: i64, y: i64, val: f64, maxv: f64, maxs: i64, ink: Rgb) {
    let frac = (val.abs() / maxv.abs()).min(1.0);
    if !frac.is_finite() || maxs <= 0 {
        return;
    }
    let side = (maxs as f64 * frac).round() as i64;
    if side == 0 {
        return;
    }
    let off = (maxs - side) / 2;
    let (sx, sy) = (x.saturating_add(off), y.saturating_add(off));
    if val > 0.0 {
        canvas.fill_rect(sx, sy, side, side, ink);
    } else {
        canvas.fill_rect(sx, sy, side, side, Rgb::WHITE);
        canvas.rect(sx, sy, side, side, ink);
    }
}

/// The top left corner of cell `i` of a grid of `ncol` columns spaced `apart`.
fn cell(x: i64, y: i64, i: usize, ncol: usize, apart: i64) -> (i64, i64) {
    let ncol = ncol.max(1);
    let (col, row) = ((i % ncol) as i64, (i / ncol) as i64);
    (
        x.saturating_add(col.saturating_mul(apart)),
        y.saturating_add(row.saturating_mul(apart)),
    )
}

/// `draw-list`: `values` as [`draw_value`] squares, `ncol` per row, cells
/// `apart` pixels apart, squares of at most `maxs` pixels for `|v| >= maxv`.
/// `layout` is `(ncol, apart)`, `scale` is `(maxv, maxs)`.
pub fn draw_list(
    canvas: &mut Canvas,
    x: i64,
    y: i64,
    values: &[f32],
    layout: (usize, i64),
    scale: (f64, i64),
    ink: Rgb,
) {
    let (ncol, apart) = layout;
    let (maxv, maxs) = scale;
    for (i, &v) in values.iter().enumerate() {
        let (cx, cy) = cell(x, y, i, ncol, apart);
        draw_value(canvas, cx, cy, f64::from(v), maxv, maxs, ink);
    }
}

/// `gray-draw-list`: `values` as `apart` x `apart` grey squares, `ncol` per
/// row; `minv` is black, `maxv` white, values between are grey levels.
pub fn gray_draw_list(
    canvas: &mut Canvas,
    x: i64,
    y: i64,
    values: &[f32],
    ncol: usize,
    range: (f64, f64),
    apart: i64,
) {
    for (i, &v) in values.iter().enumerate() {
        let (cx, cy) = cell(x, y, i, ncol, apart);
        let g = Rgb::gray(normalize(f64::from(v), range.0, range.1));
        canvas.fill_rect(cx, cy, apart, apart, g);
    }
}

/// `gray-draw-matrix`: each element a block of `apartx` x `aparty` pixels,
/// `minv` black and `maxv` white.
pub fn gray_draw_matrix(
    canvas: &mut Canvas,
    x: i64,
    y: i64,
    m: Grid,
    range: (f64, f64),
    apart: (i64, i64),
) {
    draw_array(canvas, x, y, m, ColorMap::Gray, range, apart);
}

/// `draw-array`: each element a block of `zoom.0` x `zoom.1` pixels coloured
/// by `map`, `range.0` mapping to the start of the map and `range.1` to its end.
pub fn draw_array(
    canvas: &mut Canvas,
    x: i64,
    y: i64,
    m: Grid,
    map: ColorMap,
    range: (f64, f64),
    zoom: (i64, i64),
) {
    let (zx, zy) = zoom;
    for r in 0..m.rows() {
        for c in 0..m.cols() {
            let col = map.at(normalize(f64::from(m.at(r, c)), range.0, range.1));
            let px = x.saturating_add((c as i64).saturating_mul(zx));
            let py = y.saturating_add((r as i64).saturating_mul(zy));
            canvas.fill_rect(px, py, zx, zy, col);
        }
    }
}

/// `rgb-draw-matrix`: an image of dims `(h w 3)` or `(h w 4)` (RGB, alpha
/// ignored) or `(h w)` (grey), channel values in `0 ..= 255` (clipped), each
/// pixel drawn as an `sx` x `sy` block.
///
/// # Errors
/// `Shape` if the dims are none of these or do not match the number of values.
pub fn rgb_draw_matrix(
    canvas: &mut Canvas,
    x: i64,
    y: i64,
    data: &[f32],
    dims: &[usize],
    scale: (i64, i64),
) -> Result<()> {
    let bad = || GraphicsError::shape("rgb-draw-matrix (h w [3|4])", dims, data.len());
    let (h, w, ch) = match *dims {
        [h, w] => (h, w, 1),
        [h, w, ch @ (3 | 4)] => (h, w, ch),
        _ => return Err(bad()),
    };
    if h.checked_mul(w).and_then(|n| n.checked_mul(ch)) != Some(data.len()) {
        return Err(bad());
    }
    let byte = |v: f32| {
        if v.is_nan() {
            0
        } else {
            v.clamp(0.0, 255.0).round() as u8
        }
    };
    for r in 0..h {
        for c in 0..w {
            let p = &data[(r * w + c) * ch..];
            let col = if ch == 1 {
                Rgb(byte(p[0]), byte(p[0]), byte(p[0]))
            } else {
                Rgb(byte(p[0]), byte(p[1]), byte(p[2]))
            };
            let px = x.saturating_add((c as i64).saturating_mul(scale.0));
            let py = y.saturating_add((r as i64).saturating_mul(scale.1));
            canvas.fill_rect(px, py, scale.0, scale.1, col);
        }
    }
    Ok(())
}
