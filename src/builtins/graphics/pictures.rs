//! Pictures of networks: weights as tiles, feature maps, confusion matrices
//! and curves. Each comes as `save-P` (writes a PNG file, returns its name)
//! and `draw-P` (draws into the current window at x, y).

use super::lists::colormap;
use super::windows::draw;
use super::{coord, opt_coord, values, values_of};
use crate::lisp::args::{self, type_error};
use crate::lisp::printer;
use crate::lisp::{Interp, Res, Unwind, Value};
use sn_graphics::pictures::{self as pic, MapLayer, Plot, Series, TileOptions};
use sn_graphics::{png_io, Canvas, ColorMap};
use std::path::Path;

type Maker = fn(&[Value], &str) -> Res<Canvas>;

fn save(a: &[Value], fname: &str, make: Maker) -> Res {
    let file = args::string(a, 0, fname)?;
    let canvas = make(&a[1..], fname)?;
    png_io::write_png(&canvas, Path::new(file))?;
    Ok(Value::string(file))
}

fn put(it: &mut Interp, a: &[Value], fname: &str, make: Maker) -> Res {
    let (x, y) = (coord(a, 0, fname)?, coord(a, 1, fname)?);
    let canvas = make(&a[2..], fname)?;
    draw(it, fname, |c, _| c.blit(&canvas, x, y))
}

/// `m [zoom [map [per-tile]]]`: the picture of `save-weights`.
pub(crate) fn weights(a: &[Value], f: &str) -> Res<Canvas> {
    let (data, dims) = values(a, 0, f)?;
    let opts = TileOptions {
        zoom: opt_coord(a, 1, f, 4)?.clamp(1, 64) as usize,
        map: colormap(a, 2, f, ColorMap::Gray)?,
        per_tile: args::opt(a, 3).is_some(),
        ..TileOptions::default()
    };
    pic::weight_tiles(&data, &dims, &opts).map_err(Unwind::from)
}

/// `layers [map]`, each layer an array or `(name . array)`.
fn feature_maps(a: &[Value], f: &str) -> Res<Canvas> {
    let items = args::list(a, 0, f)?;
    let mut owned: Vec<(String, Vec<f32>, Vec<usize>)> = Vec::new();
    for (k, item) in items.iter().enumerate() {
        let (name, arr) = match item {
            Value::Cons(_) if !matches!(item.cdr(), Value::Cons(_)) => {
                (printer::text(&item.car()), item.cdr())
            }
            other => (format!("L{}", k + 1), other.clone()),
        };
        let (data, dims) = values_of(&arr, f)?;
        owned.push((name, data, dims));
    }
    let layers: Vec<MapLayer> = owned
        .iter()
        .map(|(n, d, s)| MapLayer {
            name: n,
            data: d,
            dims: s,
        })
        .collect();
    pic::feature_maps(&layers, colormap(a, 1, f, ColorMap::Gray)?).map_err(Unwind::from)
}

/// `m [title [labels]]`.
fn confusion(a: &[Value], f: &str) -> Res<Canvas> {
    let (data, dims) = values(a, 0, f)?;
    let title = match args::opt(a, 1) {
        Some(v) => printer::text(v),
        None => String::new(),
    };
    let labels: Vec<String> = match args::opt(a, 2) {
        Some(_) => args::list(a, 2, f)?.iter().map(printer::text).collect(),
        None => Vec::new(),
    };
    pic::confusion_matrix(&data, &dims, &labels, &title).map_err(Unwind::from)
}

/// One curve: `(name . values)` with values an array, numbers, or `(x y)` points.
fn series(v: &Value, f: &str) -> Res<Series> {
    let Value::Cons(_) = v else {
        return Err(type_error(f, "a curve (name . values)", v));
    };
    let name = printer::text(&v.car());
    let rest = v.cdr();
    let points = match &rest {
        Value::Array(_) => {
            let (d, _) = values_of(&rest, f)?;
            d.iter()
                .enumerate()
                .map(|(i, &y)| ((i + 1) as f64, f64::from(y)))
                .collect()
        }
        _ => {
            let items = rest
                .list_to_vec()
                .ok_or_else(|| type_error(f, "a list of values", &rest))?;
            items
                .iter()
                .enumerate()
                .map(|(i, p)| point(i, p, f))
                .collect::<Res<Vec<_>>>()?
        }
    };
    Ok(Series {
        name,
        points,
        color: None,
    })
}

/// A number (at x = i + 1) or an `(x y)` / `(x . y)` point.
fn point(i: usize, p: &Value, f: &str) -> Res<(f64, f64)> {
    if let Some(y) = p.as_num() {
        return Ok(((i + 1) as f64, y));
    }
    let x = p.car().as_num();
    let y = match p.cdr() {
        Value::Number(n) => Some(n.get()),
        rest => rest.car().as_num(),
    };
    match (x, y) {
        (Some(x), Some(y)) => Ok((x, y)),
        _ => Err(type_error(f, "a number or an (x y) point", p)),
    }
}

/// `title curves [ylabel [log [w h]]]`.
fn curves(a: &[Value], f: &str) -> Res<Canvas> {
    let mut plot = Plot::new(&printer::text(&a[0]));
    plot.series = args::list(a, 1, f)?
        .iter()
        .map(|c| series(c, f))
        .collect::<Res<Vec<_>>>()?;
    if let Some(v) = args::opt(a, 2) {
        plot.y_label = printer::text(v);
    }
    plot.log_y = args::opt(a, 3).is_some();
    plot.width = opt_coord(a, 4, f, 480)?.clamp(1, 16_384) as usize;
    plot.height = opt_coord(a, 5, f, 320)?.clamp(1, 16_384) as usize;
    plot.render().map_err(Unwind::from)
}

fn save_weights(_: &mut Interp, a: &[Value]) -> Res {
    save(a, "save-weights", weights)
}
fn draw_weights(it: &mut Interp, a: &[Value]) -> Res {
    put(it, a, "draw-weights", weights)
}
fn save_feature_maps(_: &mut Interp, a: &[Value]) -> Res {
    save(a, "save-feature-maps", feature_maps)
}
fn draw_feature_maps(it: &mut Interp, a: &[Value]) -> Res {
    put(it, a, "draw-feature-maps", feature_maps)
}
fn save_confusion(_: &mut Interp, a: &[Value]) -> Res {
    save(a, "save-confusion", confusion)
}
fn draw_confusion(it: &mut Interp, a: &[Value]) -> Res {
    put(it, a, "draw-confusion", confusion)
}
fn save_curves(_: &mut Interp, a: &[Value]) -> Res {
    save(a, "save-curves", curves)
}
fn draw_curves(it: &mut Interp, a: &[Value]) -> Res {
    put(it, a, "draw-curves", curves)
}

pub(super) fn register(it: &mut Interp) {
    let w = "m [zoom [map [per-tile]]]: weights as tiles. Dims (h w) one tile, (n h w) n tiles, (o i h w) a convolution layer (o rows of i tiles), (n) one row; -max|w| dark, 0 mid grey, +max|w| light (zoom 4, map gray; per-tile scales each tile alone).";
    it.defn(
        "save-weights",
        2,
        Some(5),
        save_weights,
        &format!("(save-weights file {w}"),
    );
    it.defn(
        "draw-weights",
        3,
        Some(6),
        draw_weights,
        &format!("(draw-weights x y {w}"),
    );
    let m = "layers [map]: one row per layer (an array of dims (n h w), (h w) or (n), or (name . array)), each layer scaled from its min to its max.";
    it.defn(
        "save-feature-maps",
        2,
        Some(3),
        save_feature_maps,
        &format!("(save-feature-maps file {m}"),
    );
    it.defn(
        "draw-feature-maps",
        3,
        Some(4),
        draw_feature_maps,
        &format!("(draw-feature-maps x y {m}"),
    );
    let c = "m [title [labels]]: the n x n confusion matrix m (rows desired, columns answered) with counts, shaded by row fraction.";
    it.defn(
        "save-confusion",
        2,
        Some(4),
        save_confusion,
        &format!("(save-confusion file {c}"),
    );
    it.defn(
        "draw-confusion",
        3,
        Some(5),
        draw_confusion,
        &format!("(draw-confusion x y {c}"),
    );
    let p = "title curves [ylabel [log [w h]]]: curves, each (name . values) with values an array, a list of numbers (at x = 1, 2, ...) or of (x y) points, with axes, ticks and a legend (480x320; log: logarithmic y).";
    it.defn(
        "save-curves",
        3,
        Some(7),
        save_curves,
        &format!("(save-curves file {p}"),
    );
    it.defn(
        "draw-curves",
        4,
        Some(8),
        draw_curves,
        &format!("(draw-curves x y {p}"),
    );
}
