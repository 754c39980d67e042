//! The cheque reader's data and over-segmentation in Lisp: fields of
//! handwritten amounts and digit strings, the segmentation graph of a
//! field with its segment images, the truth of its segments, grammars of
//! amounts as graphs, and pictures of fields with their cuts.
//!
//! Classes: 0-9 digits, 10 comma, 11 point, 12 junk.

use std::collections::HashMap;
use std::path::PathBuf;
use std::rc::Rc;

use sn_amounts::distort::MAX_DISTORT;
use sn_amounts::grammar;
use sn_amounts::paths::straight_paths;
use sn_amounts::picture::{write_field_paths_png, Outline};
use sn_amounts::segment::SIDE;
use sn_amounts::{AmountError, DigitSet, FieldGen, Kind, Placement, SegParams, HEIGHT};
use sn_array::Array;

use crate::builtins::graphs::{graph_arg, graph_value};
use crate::lisp::args::{self, type_error};
use crate::lisp::error::{ErrorKind, LispError};
use crate::lisp::{Interp, Res, Unwind, Value};

/// The field generators of the embedded digits, loaded on first use.
#[derive(Default)]
struct Generators(HashMap<&'static str, Rc<FieldGen>>);

/// The generator of part `train` or `test` (the embedded files under sn-home).
fn generator(it: &mut Interp, part: &str, f: &str, culprit: &Value) -> Res<Rc<FieldGen>> {
    let key = match part {
        "train" => "train",
        "test" => "test",
        _ => {
            return Err(LispError::new(
                ErrorKind::Domain,
                format!("{f}: the part is train or test"),
            )
            .culprit(culprit.clone())
            .into())
        }
    };
    let cache = it.ext::<Generators>();
    if let Some(g) = cache.borrow().0.get(key) {
        return Ok(g.clone());
    }
    let home = match it.get_global("sn-home") {
        Value::Str(s) => PathBuf::from(s.as_str()),
        _ => PathBuf::from("."),
    };
    let set = DigitSet::load(&home.join("data/mnist"), key).map_err(Unwind::from)?;
    let g = Rc::new(FieldGen::new(set));
    cache.borrow_mut().0.insert(key, g.clone());
    Ok(g)
}

/// A list of numbers.
fn num_list(xs: impl Iterator<Item = f64>) -> Value {
    Value::list(xs.map(Value::Num).collect())
}

/// `(amount-field seed index part [kind [distort]])`.
fn amount_field(it: &mut Interp, a: &[Value]) -> Res {
    let f = "amount-field";
    let seed = args::int(a, 0, f)?;
    let index = args::int(a, 1, f)?;
    let part = args::name(a, 2, f)?;
    let kind = match args::opt(a, 3) {
        None => Kind::Amount,
        Some(Value::Sym(s)) if &*s.name == "amount" => Kind::Amount,
        Some(v) if v.as_num().is_some() => Kind::Digits(args::usize(a, 3, f)?),
        Some(v) => return Err(type_error(f, "amount or a number of digits", v)),
    };
    let distort = match args::opt(a, 4) {
        None => 0.0,
        Some(_) => args::num(a, 4, f)?,
    };
    if !(0.0..=MAX_DISTORT).contains(&distort) {
        return Err(LispError::new(
            ErrorKind::Domain,
            format!("{f}: the distortion is 0 to {MAX_DISTORT}"),
        )
        .culprit(a[4].clone())
        .into());
    }
    let gen = generator(it, &part, f, &a[2])?;
    let fl = gen
        .field_distorted(seed as u64, index as u64, kind, distort)
        .map_err(Unwind::from)?;
    sn_array::budget::reserve_items(f, fl.pixels.len(), 4).map_err(LispError::from)?;
    let img = Array::from_vec(&[HEIGHT, fl.width], fl.pixels.clone()).map_err(LispError::from)?;
    sn_array::budget::reserve_items(f, fl.owners.len(), 4).map_err(LispError::from)?;
    let owners = fl.owners.iter().map(|&o| o as f32).collect();
    let owners = Array::from_vec(&[HEIGHT, fl.width], owners).map_err(LispError::from)?;
    let boxes = fl
        .boxes
        .iter()
        .map(|&(x0, x1)| num_list([x0 as f64, x1 as f64].into_iter()));
    Ok(Value::list(vec![
        Value::array(img),
        Value::string(&fl.text()),
        Value::list(boxes.collect()),
        Value::truth(fl.touching),
        Value::array(owners),
    ]))
}

/// A field image argument: a 32 x W array, as its values and width.
fn field_arg(a: &[Value], i: usize, f: &str) -> Res<(Vec<f32>, usize)> {
    let img = args::array(a, i, f)?;
    match img.dims() {
        [h, w] if *h == HEIGHT && *w > 0 => Ok((img.to_vec(), *w)),
        d => Err(LispError::new(
            ErrorKind::Shape,
            format!("{f}: a field is {HEIGHT} x W, not {d:?}"),
        )
        .culprit(a[i].clone())
        .into()),
    }
}

/// Widest band of a cut path, in columns.
const MAX_BAND: usize = 16;

/// `(segment-field image [max-pieces [max-width [size [min-side [band]]]]])`.
fn segment_field(_it: &mut Interp, a: &[Value]) -> Res {
    let f = "segment-field";
    let (px, w) = field_arg(a, 0, f)?;
    let mut p = SegParams::default();
    if args::opt(a, 1).is_some() {
        p.max_pieces = args::usize(a, 1, f)?;
    }
    if args::opt(a, 2).is_some() {
        p.max_width = args::usize(a, 2, f)?;
    }
    p.placement = placement_arg(a, 3, p.placement, f)?;
    if args::opt(a, 5).is_some() {
        p.paths.band = args::usize(a, 5, f)?;
        if p.paths.band > MAX_BAND {
            return Err(LispError::new(
                ErrorKind::Domain,
                format!("{f}: band {} is not in 0..{MAX_BAND}", p.paths.band),
            )
            .culprit(a[5].clone())
            .into());
        }
    }
    let s = sn_amounts::segment(&px, w, &p).map_err(Unwind::from)?;
    let segs = Array::from_vec(&[s.len(), 1, SIDE, SIDE], s.images).map_err(LispError::from)?;
    let cuts = num_list(s.cuts.iter().map(|&c| c as f64));
    let paths = s.paths.iter().map(|&b| b as f32).collect();
    let paths = Array::from_vec(&[s.cuts.len(), HEIGHT], paths).map_err(LispError::from)?;
    let geometry = Array::from_vec(&[s.ink.len(), sn_amounts::GEOMETRY], s.geometry)
        .map_err(LispError::from)?;
    Ok(Value::list(vec![
        graph_value(s.graph),
        Value::array(segs),
        cuts,
        Value::array(paths),
        Value::array(geometry),
    ]))
}

/// The placement of segment images from arguments `i` (size: 0 for the
/// field's placement, the default's size unless given) and `i + 1`
/// (min-side, 12 unless given), `default` when both are absent.
fn placement_arg(a: &[Value], i: usize, default: Placement, f: &str) -> Res<Placement> {
    if args::opt(a, i).is_none() && args::opt(a, i + 1).is_none() {
        return Ok(default);
    }
    let size = match args::opt(a, i) {
        Some(_) => args::num(a, i, f)?,
        None => match default {
            Placement::Normalized { size, .. } => f64::from(size),
            Placement::Field => 22.0,
        },
    };
    if !(0.0..=64.0).contains(&size) {
        return Err(LispError::new(
            ErrorKind::Domain,
            format!("{f}: size {size} is not in 0..64"),
        )
        .culprit(a[i].clone())
        .into());
    }
    if size == 0.0 {
        return Ok(Placement::Field);
    }
    let min_side = match args::opt(a, i + 1) {
        Some(_) => args::usize(a, i + 1, f)?,
        None => 12,
    };
    Ok(Placement::Normalized {
        size: size as f32,
        min_side,
    })
}

/// A list of non-negative integers.
fn usize_list(a: &[Value], i: usize, f: &str) -> Res<Vec<usize>> {
    let items = args::list(a, i, f)?;
    (0..items.len())
        .map(|k| args::usize(&items, k, f))
        .collect()
}

/// A list of boxes `(x0 x1)` with x0 < x1.
fn boxes_arg(a: &[Value], i: usize, f: &str) -> Res<Vec<(usize, usize)>> {
    let items = args::list(a, i, f)?;
    let mut out = Vec::with_capacity(items.len());
    for (k, _) in items.iter().enumerate() {
        match usize_list(&items, k, f)?[..] {
            [x0, x1] if x0 < x1 => out.push((x0, x1)),
            _ => return Err(type_error(f, "a list of boxes (x0 x1) with x0 < x1", &a[i])),
        }
    }
    Ok(out)
}

/// Element `i` of list argument `k`, or a type error naming `what`.
fn nth_of(a: &[Value], k: usize, i: usize, f: &str, what: &str) -> Res<Value> {
    let items = args::list(a, k, f)?;
    items
        .get(i)
        .cloned()
        .ok_or_else(|| type_error(f, what, &a[k]))
}

/// The values of a 2-d array argument `v` of dimensions `dims`, each an
/// integer from `lo` to `hi`: a `shape` error naming `what` when the
/// dimensions differ, a type error asking for `values` when a value is not.
fn int_grid(
    v: &Value,
    dims: [usize; 2],
    (lo, hi): (f32, f32),
    f: &str,
    (what, values): (&str, &str),
) -> Res<Vec<f32>> {
    let arr = args::array(std::slice::from_ref(v), 0, f)?;
    if arr.dims() != dims {
        return Err(LispError::new(
            ErrorKind::Shape,
            format!("{f}: {what} of {:?}, not {dims:?}", arr.dims()),
        )
        .culprit(v.clone())
        .into());
    }
    let vals = arr.to_vec();
    if vals
        .iter()
        .any(|&x| x.fract() != 0.0 || !(lo..=hi).contains(&x))
    {
        return Err(type_error(f, values, v));
    }
    Ok(vals)
}

/// A paths argument: an array of `ncuts x 32` boundaries, each an
/// integer from 0 to the field's width `w`.
fn paths_arg(v: &Value, ncuts: usize, w: usize, f: &str) -> Res<Vec<usize>> {
    let what = ("paths", "paths of columns 0 to the field's width");
    let vals = int_grid(v, [ncuts, HEIGHT], (0.0, w as f32), f, what)?;
    Ok(vals.into_iter().map(|b| b as usize).collect())
}

/// An owner map argument: a 32 x W array of integers -1 (none) to n - 1.
fn owners_arg(v: &Value, w: usize, f: &str) -> Res<Vec<i32>> {
    let what = ("an owner map", "an owner map of integers from -1");
    let vals = int_grid(v, [HEIGHT, w], (-1.0, i32::MAX as f32), f, what)?;
    Ok(vals.into_iter().map(|o| o as i32).collect())
}

/// `(segment-truth field segmentation)`: the ink rule.
fn segment_truth_ink(a: &[Value], f: &str) -> Res {
    const FIELD: &str = "a field (image text boxes touching owners)";
    const SEG: &str = "a segmentation (graph segments cuts)";
    let fl = [
        nth_of(a, 0, 0, f, FIELD)?,
        nth_of(a, 0, 1, f, FIELD)?,
        nth_of(a, 0, 2, f, FIELD)?,
        nth_of(a, 0, 4, f, FIELD)?,
    ];
    let (px, w) = field_arg(&fl, 0, f)?;
    let text = args::string(&fl, 1, f)?;
    let labels = grammar::labels_of(text).map_err(|e| blame(e, &fl[1]))?;
    let boxes = boxes_arg(&fl, 2, f)?;
    let owners = owners_arg(&fl[3], w, f)?;
    let sg = [nth_of(a, 1, 0, f, SEG)?, nth_of(a, 1, 2, f, SEG)?];
    let g = graph_arg(&sg, 0, f)?.graph()?;
    let cuts = usize_list(&sg, 1, f)?;
    let paths = match args::list(a, 1, f)?.get(3) {
        Some(v) if !v.is_nil() => paths_arg(v, cuts.len(), w, f)?,
        _ => straight_paths(&cuts),
    };
    let ground = sn_amounts::Ground {
        px: &px,
        width: w,
        owners: &owners,
        boxes: &boxes,
        labels: &labels,
    };
    let t =
        sn_amounts::ink_truth_paths(&g, &cuts, &paths, &ground, &sn_amounts::InkRule::default())
            .map_err(|e| blame(e, &a[0]))?;
    Ok(truth_value(t))
}

/// A truth as the list (classes path).
fn truth_value(t: sn_amounts::Truth) -> Value {
    let classes = num_list(t.classes.iter().map(|&c| c as f64));
    let path = t
        .path
        .map_or(Value::Nil, |p| num_list(p.iter().map(|&x| x as f64)));
    Value::list(vec![classes, path])
}

/// `(segment-truth field segmentation)` or, by the cut rule,
/// `(segment-truth graph cuts boxes labels [tolerance])`.
fn segment_truth(_it: &mut Interp, a: &[Value]) -> Res {
    let f = "segment-truth";
    match a.len() {
        2 => return segment_truth_ink(a, f),
        3 => return Err(LispError::new(ErrorKind::Arity, format!("{f}: 2 arguments (field segmentation) or 4 to 5 (graph cuts boxes labels [tolerance])")).into()),
        _ => {}
    }
    let g = graph_arg(a, 0, f)?.graph()?;
    let cuts = usize_list(a, 1, f)?;
    let boxes = boxes_arg(a, 2, f)?;
    let labels: Vec<u32> = usize_list(a, 3, f)?.into_iter().map(|l| l as u32).collect();
    let tol = if args::opt(a, 4).is_some() {
        args::usize(a, 4, f)?
    } else {
        sn_amounts::truth::TOLERANCE
    };
    if cuts.len() != g.nnodes() || labels.len() != boxes.len() {
        let msg = format!(
            "{f}: {} cuts for {} nodes, {} labels for {} boxes",
            cuts.len(),
            g.nnodes(),
            labels.len(),
            boxes.len()
        );
        return Err(LispError::new(ErrorKind::Shape, msg).into());
    }
    Ok(truth_value(sn_amounts::truth(
        &g, &cuts, &boxes, &labels, tol,
    )))
}

fn amount_grammar(_it: &mut Interp, _a: &[Value]) -> Res {
    Ok(graph_value(grammar::amount_grammar()?))
}

fn digits_grammar(_it: &mut Interp, a: &[Value]) -> Res {
    Ok(graph_value(grammar::digits_grammar(args::usize(
        a,
        0,
        "digits-grammar",
    )?)?))
}

fn text_acceptor(_it: &mut Interp, a: &[Value]) -> Res {
    let t = args::string(a, 0, "text-acceptor")?;
    Ok(graph_value(
        grammar::text_acceptor(t).map_err(|e| blame(e, &a[0]))?,
    ))
}

/// An error blaming `v`.
fn blame(e: AmountError, v: &Value) -> Unwind {
    let mut u = Unwind::from(e);
    if let Some(le) = u.error_mut() {
        if le.culprit.is_none() {
            le.culprit = Some(v.clone());
        }
    }
    u
}

fn text_labels(_it: &mut Interp, a: &[Value]) -> Res {
    let t = args::string(a, 0, "text-labels")?;
    let l = grammar::labels_of(t).map_err(|e| blame(e, &a[0]))?;
    Ok(num_list(l.iter().map(|&x| x as f64)))
}

fn labels_text(_it: &mut Interp, a: &[Value]) -> Res {
    let l = usize_list(a, 0, "labels-text")?;
    let l: Vec<u32> = l
        .into_iter()
        .map(|x| x.min(u32::MAX as usize) as u32)
        .collect();
    Ok(Value::string(&grammar::text_of(&l)))
}

/// `(field-picture file image [cuts [outlines [zoom]]])`.
fn field_picture(_it: &mut Interp, a: &[Value]) -> Res {
    let f = "field-picture";
    let file = args::string(a, 0, f)?;
    let (px, w) = field_arg(a, 1, f)?;
    let paths = match args::opt(a, 2) {
        None => Vec::new(),
        Some(Value::Array(_)) => {
            let n = args::array(a, 2, f)?.dims().first().copied().unwrap_or(0);
            paths_arg(&a[2], n, w, f)?
        }
        Some(_) => straight_paths(&usize_list(a, 2, f)?),
    };
    let mut outlines = Vec::new();
    if args::opt(a, 3).is_some() {
        for o in args::list(a, 3, f)? {
            let items = o.list_to_vec().unwrap_or_default();
            match (
                items.first().and_then(Value::as_num),
                items.get(1).and_then(Value::as_num),
                items.get(2),
            ) {
                (Some(x0), Some(x1), Some(Value::Str(t))) if x0 >= 0.0 && x1 >= x0 => outlines
                    .push(Outline {
                        x0: x0 as usize,
                        x1: x1 as usize,
                        text: t.to_string(),
                    }),
                _ => return Err(type_error(f, "a list of (x0 x1 \"text\")", &o)),
            }
        }
    }
    let zoom = if args::opt(a, 4).is_some() {
        args::usize(a, 4, f)?
    } else {
        4
    };
    write_field_paths_png(file.as_ref(), &px, w, &paths, &outlines, zoom)
        .map_err(|e| blame(e, &a[0]))?;
    Ok(a[0].clone())
}

/// Registers the amount builtins.
pub fn register(it: &mut Interp) {
    it.defn("amount-field", 3, Some(5), amount_field, "(amount-field seed index part [kind [distort]]) field number index of stream seed, from the embedded train or test digits (part 'train or 'test), kind 'amount (default, also for (): 1 to 7 characters such as 1,234.56) or n (n digits), distort 0 (default: none) to 3: each digit distorted by a random affine map (at 1: shear in x up to 0.25, rotation up to 8 degrees, x and y scales 0.9 to 1.1; ranges times distort) and a mild elastic field (sigma 4 pixels, alpha 20 distort), with the same text, digits and placement draws as the undistorted field: a list (image text boxes touching owners), image a 32 x W array (background -0.1, ink up to 1.175), boxes the ink columns (x0 x1) of each character, touching t when two neighbours' inks touch or overlap, owners a 32 x W array: the index in the text of the character whose ink is strongest at each pixel, -1 where none");
    it.defn("segment-field", 1, Some(6), segment_field, "(segment-field image [max-pieces [max-width [size [min-side [band]]]]]) heuristic over-segmentation of a 32 x W field: a list (graph segments cuts paths geometry): graph has a node per cut and an arc per segment of at most max-pieces (6) pieces and max-width (40) ink columns, arc label and data the segment's number; segments an n x 1 x 32 x 32 array of segment images; cuts the column of each node; paths an n x 32 array, the path of each cut: in each row, the column b such that the row's columns before b are left of the cut. A path bends around the ink within band (4; 0 to 16, 0 for straight cuts) columns of its cut and strictly between its neighbours, crossing as little ink as it can; a segment shows the pixels between its two paths; geometry an n x 3 array, for each segment the ink its two paths cross (pixels of full ink / 4: about one per stroke cut), the height of its ink over the field's ink height and its ink's width / 32. Segment images: with size > 0 (22 unless given) the ink's bounding box scaled so that its larger side is size pixels and centred by its centre of mass, except ink smaller than min-side (12) on both sides, drawn as with size 0; with size 0 (the images before that normalisation) the field's rows, centred horizontally, scaled down only when wider than 32");
    it.defn("segment-truth", 2, Some(5), segment_truth, "(segment-truth field segmentation) the truth of a segmentation (the list of segment-field) of a field (the list of amount-field), from the ink: a list (classes path), classes the class of each arc: character k's label when its image shows at least 90 % of k's ink and, of each other character, at most 10 % of its ink and 6 pixels of stray ink in all, else 12 (junk); path the arcs of the correct segmentation (one character segment per character, least missed and stray ink) or () when the graph has none. (segment-truth graph cuts boxes labels [tolerance]) the older rule from the cut positions, for characters of ink boxes (x0 x1) and classes labels: a segment is a character when its cuts fall at the boundaries of its box, give or take tolerance (2) columns");
    it.defn("amount-grammar", 0, Some(0), amount_grammar, "(amount-grammar) the grammar of amounts as an acceptor graph over classes 0-9, 10 (comma), 11 (point): 0 or digits without leading zero, with or without thousands commas, then optionally a point and two digits");
    it.defn(
        "digits-grammar",
        1,
        Some(1),
        digits_grammar,
        "(digits-grammar n) the acceptor graph of strings of exactly n digits",
    );
    it.defn("text-acceptor", 1, Some(1), text_acceptor, "(text-acceptor text) the linear acceptor graph of a text of digits, commas and points, e.g. \"1,234.56\"");
    it.defn(
        "text-labels",
        1,
        Some(1),
        text_labels,
        "(text-labels text) the classes of a text: digits 0-9, comma 10, point 11 (\"?\" 12)",
    );
    it.defn(
        "labels-text",
        1,
        Some(1),
        labels_text,
        "(labels-text labels) the text of a list of classes (10 comma, 11 point, others ?)",
    );
    it.defn("field-picture", 2, Some(5), field_picture, "(field-picture file image [cuts [outlines [zoom]]]) writes a PNG of a 32 x W field zoomed (4) with red lines at the cut columns (cuts a list of columns, or the paths array of segment-field) and green boxes for outlines (x0 x1 \"label\"); returns file");
}
