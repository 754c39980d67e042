//! Numbers as pictures: `draw-value`, `draw-list`, `gray-draw-list`,
//! `gray-draw-matrix`, `rgb-draw-matrix`, `draw-array`.

use super::windows::{draw, draw_with};
use super::{coord, opt_coord, opt_num, values};
use crate::lisp::args;
use crate::lisp::{Interp, Res, Unwind, Value};
use sn_graphics::values as v;
use sn_graphics::{ColorMap, Grid};

fn draw_value(it: &mut Interp, a: &[Value]) -> Res {
    let f = "draw-value";
    let (x, y) = (coord(a, 0, f)?, coord(a, 1, f)?);
    let (val, maxv, maxs) = (args::num(a, 2, f)?, args::num(a, 3, f)?, coord(a, 4, f)?);
    draw(it, f, |c, ink| v::draw_value(c, x, y, val, maxv, maxs, ink))
}

fn draw_list(it: &mut Interp, a: &[Value]) -> Res {
    let f = "draw-list";
    let (x, y) = (coord(a, 0, f)?, coord(a, 1, f)?);
    let (l, _) = values(a, 2, f)?;
    let ncol = args::usize(a, 3, f)?;
    let maxv = args::num(a, 4, f)?;
    let (apart, maxs) = (coord(a, 5, f)?, coord(a, 6, f)?);
    draw(it, f, |c, ink| {
        v::draw_list(c, x, y, &l, (ncol, apart), (maxv, maxs), ink)
    })
}

fn gray_draw_list(it: &mut Interp, a: &[Value]) -> Res {
    let f = "gray-draw-list";
    let (x, y) = (coord(a, 0, f)?, coord(a, 1, f)?);
    let (l, _) = values(a, 2, f)?;
    let ncol = args::usize(a, 3, f)?;
    let range = (args::num(a, 4, f)?, args::num(a, 5, f)?);
    let apart = coord(a, 6, f)?;
    draw(it, f, |c, _| {
        v::gray_draw_list(c, x, y, &l, ncol, range, apart)
    })
}

fn gray_draw_matrix(it: &mut Interp, a: &[Value]) -> Res {
    let f = "gray-draw-matrix";
    let (x, y) = (coord(a, 0, f)?, coord(a, 1, f)?);
    let (data, dims) = values(a, 2, f)?;
    let grid = Grid::from_dims(&data, &dims)?;
    let range = (args::num(a, 3, f)?, args::num(a, 4, f)?);
    let apart = (opt_coord(a, 5, f, 1)?, opt_coord(a, 6, f, 1)?);
    draw(it, f, |c, _| {
        v::gray_draw_matrix(c, x, y, grid, range, apart)
    })
}

fn rgb_draw_matrix(it: &mut Interp, a: &[Value]) -> Res {
    let f = "rgb-draw-matrix";
    let (x, y) = (coord(a, 0, f)?, coord(a, 1, f)?);
    let (data, dims) = values(a, 2, f)?;
    let sx = opt_coord(a, 3, f, 1)?;
    let sy = opt_coord(a, 4, f, sx)?;
    draw_with(it, f, |c, _| {
        v::rgb_draw_matrix(c, x, y, &data, &dims, (sx, sy))
    })??;
    Ok(Value::Nil)
}

/// A colour map argument: a string or symbol naming it, `default` when absent.
pub(super) fn colormap(a: &[Value], i: usize, fname: &str, default: ColorMap) -> Res<ColorMap> {
    match args::opt(a, i) {
        Some(_) => ColorMap::from_name(&args::name(a, i, fname)?).map_err(Unwind::from),
        None => Ok(default),
    }
}

fn draw_array(it: &mut Interp, a: &[Value]) -> Res {
    let f = "draw-array";
    let (x, y) = (coord(a, 0, f)?, coord(a, 1, f)?);
    let (data, dims) = values(a, 2, f)?;
    let grid = Grid::from_dims(&data, &dims)?;
    let map = colormap(a, 3, f, ColorMap::Gray)?;
    let (lo, hi) = grid.range();
    let range = (opt_num(a, 4, f, lo)?, opt_num(a, 5, f, hi)?);
    let zoom = opt_coord(a, 6, f, 1)?;
    draw(it, f, |c, _| {
        v::draw_array(c, x, y, grid, map, range, (zoom, zoom))
    })
}

pub(super) fn register(it: &mut Interp) {
    it.defn("draw-value", 5, Some(5), draw_value, "(draw-value x y val maxv maxs) in the maxs x maxs cell at x, y, a centred square of side maxs*|val|/maxv: filled (black) for val > 0, outlined (white) for val < 0.");
    it.defn("draw-list", 7, Some(7), draw_list, "(draw-list x y l ncol maxv apart maxs) the numbers of list (or array) l as draw-value squares, ncol per row, cells apart pixels apart.");
    it.defn("gray-draw-list", 7, Some(7), gray_draw_list, "(gray-draw-list x y l ncol minv maxv apart) the numbers of l as apart x apart grey squares, ncol per row: minv black, maxv white.");
    it.defn("gray-draw-matrix", 5, Some(7), gray_draw_matrix, "(gray-draw-matrix x y m minv maxv [apartx aparty]) a 1 or 2 dim array, each element an apartx x aparty grey block: minv black, maxv white.");
    it.defn("rgb-draw-matrix", 3, Some(5), rgb_draw_matrix, "(rgb-draw-matrix x y m [sx sy]) an image of dims (h w 3) or (h w 4) (RGB in 0..255) or (h w) (grey), each pixel an sx x sy block.");
    it.defn("draw-array", 3, Some(7), draw_array, "(draw-array x y m [map minv maxv zoom]) a 1 or 2 dim array with a colour map (gray, gray-inverse, hot, bwr, viridis; default gray), minv..maxv (default the array's range) over the map, zoom pixels per element.");
}
