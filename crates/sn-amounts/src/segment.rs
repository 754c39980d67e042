//! Heuristic over-segmentation: the segmentation graph of a field and its
//! segment images.
//!
//! The nodes of the graph are the cuts in order (node 0 the field's left
//! edge, the last node its right edge). For every pair of cuts `i < j`
//! at most `max_pieces` apart whose segment holds ink no wider than
//! `max_width`, an arc `i -> j` with penalty 0 whose label and data are
//! the number of its segment image (arc `a` has segment `a`).
//!
//! Each cut is a path ([`crate::paths`]): one boundary per row, bent
//! within a few columns of the cut's column to cross as little ink as it
//! can, so that a cut between touching characters goes around their
//! strokes where it can ([`SegParams::paths`], band 0 for straight cuts).
//!
//! A segment image is 32x32: the ink of the field between the paths of
//! its two cuts (in each row, the columns from the left path's boundary
//! to the right one's), without the ink of components that lie mostly
//! outside the cuts' columns [x0, x1).
//! By default ([`Placement::Normalized`], 22 and 12) that ink is
//! normalised much as MNIST's digits are: its bounding box scaled so that
//! its larger side is 22 pixels and its centre of mass put at the
//! image's centre, except when the ink is smaller than 12 pixels on both
//! sides (points, commas, small pieces), drawn as with [`Placement::Field`]
//! so that it stays small and keeps its place in the field's rows. With
//! `Field` (the images before the normalisation) every segment keeps the
//! field's vertical placement, trimmed to its ink columns and centred
//! horizontally; wider than 32 it is scaled down around its middle row,
//! keeping the aspect ratio. The reader's recognizer reads the
//! normalised images better (examples/read-amounts.lsp).

use sn_graphs::Graph;

use crate::cuts::{components, find_cuts, CutParams, Ink};
use crate::error::{reserve, AmountError};
use crate::paths::{crossed_ink, cut_paths, PathParams};
use crate::{scale, BG, HEIGHT};

/// Side of a segment image.
pub const SIDE: usize = 32;

/// How a segment's ink is placed in its 32x32 image.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Placement {
    /// The field's rows, centred horizontally, scaled down only when
    /// wider than 32 columns.
    Field,
    /// Larger side of the ink's bounding box scaled to `size` pixels,
    /// centre of mass at the centre; ink smaller than `min_side` on both
    /// sides drawn as `Field`.
    Normalized {
        /// Larger side of the scaled ink, in pixels.
        size: f32,
        /// Smallest larger side of the ink that is normalised.
        min_side: usize,
    },
}

/// Parameters of the over-segmentation.
#[derive(Clone, Copy, Debug)]
pub struct SegParams {
    /// Most pieces (intervals between consecutive cuts) in a segment.
    pub max_pieces: usize,
    /// Widest ink of a segment, in columns.
    pub max_width: usize,
    /// Ink level (0..1 of full ink) of the connected components.
    pub level: f32,
    /// The cut finder's parameters.
    pub cuts: CutParams,
    /// The cut paths' parameters (band 0: straight cuts).
    pub paths: PathParams,
    /// Placement of the ink in the segment images (normalised, 22 and 12).
    pub placement: Placement,
}

impl Default for SegParams {
    fn default() -> Self {
        SegParams {
            max_pieces: 6,
            max_width: 40,
            level: 0.3,
            cuts: CutParams::default(),
            paths: PathParams::default(),
            placement: Placement::Normalized {
                size: 22.0,
                min_side: 12,
            },
        }
    }
}

/// The over-segmentation of a field.
#[derive(Clone, Debug)]
pub struct Segmentation {
    /// Column of each node's cut.
    pub cuts: Vec<usize>,
    /// Path of each node's cut: `cuts.len() x HEIGHT` boundaries,
    /// row-major (boundary `b` of row `r`: the row's columns `< b` are
    /// left of the cut).
    pub paths: Vec<usize>,
    /// The segmentation graph.
    pub graph: Graph,
    /// `n x 1 x 32 x 32` segment images, row-major.
    pub images: Vec<f32>,
    /// Ink columns [x0, x1) of each segment in the field.
    pub ink: Vec<(usize, usize)>,
    /// `n x GEOMETRY` numbers describing each segment's shape in the
    /// field, row-major ([`GEOMETRY`]).
    pub geometry: Vec<f32>,
}

/// Numbers per segment in [`Segmentation::geometry`]: the ink its two
/// cut paths cross ([`crate::paths::crossed_ink`], in pixels of full ink,
/// divided by 4: about one per stroke cut), the height of its ink over
/// that of the field's ink, and its ink's width over 32. A segment that
/// cuts a character apart crosses strokes; a piece of a character is
/// lower or narrower than the field's characters.
pub const GEOMETRY: usize = 3;

impl Segmentation {
    /// Number of segments (= arcs).
    pub fn len(&self) -> usize {
        self.ink.len()
    }

    /// True when there is no segment.
    pub fn is_empty(&self) -> bool {
        self.ink.is_empty()
    }

    /// Columns [cut of the arc's source, cut of its destination) of arc `a`.
    pub fn columns(&self, a: u32) -> (usize, usize) {
        let g = &self.graph;
        (self.cuts[g.src(a) as usize], self.cuts[g.dst(a) as usize])
    }

    /// The path of node `i`'s cut (one boundary per row).
    pub fn path(&self, i: usize) -> &[usize] {
        &self.paths[i * HEIGHT..(i + 1) * HEIGHT]
    }
}

/// The region of a segment: the pixels of rows `r` in columns
/// `left[r] <= x < right[r]` of the components kept (judged from the
/// cuts' columns `x0`, `x1`).
#[derive(Clone, Copy)]
struct Region<'a> {
    left: &'a [usize],
    right: &'a [usize],
    keep: &'a [bool],
}

impl Region<'_> {
    /// The columns [lo, hi) that the region may cover.
    fn span(&self, width: usize) -> (usize, usize) {
        let lo = self.left.iter().copied().min().unwrap_or(0);
        let hi = self.right.iter().copied().max().unwrap_or(0).min(width);
        (lo, hi)
    }

    /// True when pixel (r, x) of the field is in the region.
    #[inline]
    fn has(&self, ink: &Ink, r: usize, x: usize) -> bool {
        x >= self.left[r] && x < self.right[r] && self.keep[ink.label[r * ink.width + x] as usize]
    }
}

/// Over-segments the field `px` (`HEIGHT x width`, row-major).
///
/// # Errors
/// `Domain` when `px` is not `HEIGHT x width` or `max_pieces` is 0;
/// `Memory` when the segments do not fit in the budget.
pub fn segment(px: &[f32], width: usize, p: &SegParams) -> Result<Segmentation, AmountError> {
    const OP: &str = "segment-field";
    if width == 0 || px.len() != HEIGHT * width {
        return Err(AmountError::domain(
            OP,
            format!("{} values for a field {HEIGHT} x {width}", px.len()),
        ));
    }
    if p.max_pieces == 0 || p.max_width == 0 {
        return Err(AmountError::domain(
            OP,
            "max-pieces and max-width must be at least 1",
        ));
    }
    let ink = components(px, width, scale(p.level), scale(0.02));
    let cuts = find_cuts(&ink, px, &p.cuts);
    let paths = cut_paths(px, width, &cuts, &p.paths);
    let path = |i: usize| &paths[i * HEIGHT..(i + 1) * HEIGHT];
    let mut graph = Graph::new(cuts.len())?;
    let mut images = Vec::new();
    let mut spans = Vec::new();
    let mut keep = vec![false; ink.comps.len() + 1];
    let crossed: Vec<f32> = (0..cuts.len())
        .map(|k| crossed_ink(px, width, path(k)))
        .collect();
    let (core, mut f0, mut f1) = (scale(p.level), HEIGHT, 0);
    for r in 0..HEIGHT {
        if px[r * width..(r + 1) * width].iter().any(|&v| v > core) {
            (f0, f1) = (f0.min(r), r + 1);
        }
    }
    let field_rows = f1.saturating_sub(f0).max(1) as f32;
    let mut geometry = Vec::new();
    for i in 0..cuts.len() {
        for j in i + 1..cuts.len().min(i + p.max_pieces + 1) {
            let (x0, x1) = (cuts[i], cuts[j]);
            kept_components(&ink, x0, x1, &mut keep);
            let region = Region {
                left: path(i),
                right: path(j),
                keep: &keep,
            };
            let Some((a, b, rows)) = ink_extent(&ink, px, core, &region) else {
                continue;
            };
            if b - a > p.max_width {
                break;
            }
            reserve(OP, SIDE * SIDE, 4)?;
            let k = spans.len() as u32;
            let arc = graph.add_arc(i as u32, j as u32, k, 0.0)?;
            graph.set_data(arc, k)?;
            images.resize(images.len() + SIDE * SIDE, BG);
            let n = images.len();
            let out = &mut images[n - SIDE * SIDE..];
            match p.placement {
                Placement::Field => draw_segment(&ink, px, (a, b), &region, out),
                Placement::Normalized { size, min_side } => {
                    draw_normalized(&ink, px, (a, b), &region, (size, min_side), out)
                }
            }
            spans.push((a, b));
            geometry.extend([
                (crossed[i] + crossed[j]) / 4.0,
                rows as f32 / field_rows,
                (b - a) as f32 / SIDE as f32,
            ]);
        }
    }
    Ok(Segmentation {
        cuts,
        paths,
        graph,
        images,
        ink: spans,
        geometry,
    })
}

/// The ink of a field as the segmenter sees it, to tell which field
/// pixels a segment image shows.
pub struct SegmentInk {
    ink: Ink,
    keep: Vec<bool>,
}

impl SegmentInk {
    /// The components of field `px` (`HEIGHT x width`) at ink `level`
    /// (0..1; [`SegParams::level`] for the images of [`segment`]).
    ///
    /// # Errors
    /// `Domain` when `px` is not `HEIGHT x width`.
    pub fn new(px: &[f32], width: usize, level: f32) -> Result<SegmentInk, AmountError> {
        if width == 0 || px.len() != HEIGHT * width {
            return Err(AmountError::domain(
                "segment-truth",
                format!("{} values for a field {HEIGHT} x {width}", px.len()),
            ));
        }
        let ink = components(px, width, scale(level), scale(0.02));
        let keep = vec![false; ink.comps.len() + 1];
        Ok(SegmentInk { ink, keep })
    }

    /// True when pixel `p` belongs to a component (may show in a segment).
    pub fn visible(&self, p: usize) -> bool {
        self.ink.label[p] != 0
    }

    /// Calls `f` on each field pixel (row-major index) that the image of
    /// segment [x0, x1) between straight cuts shows: its columns' pixels
    /// of kept components.
    pub fn pixels(&mut self, x0: usize, x1: usize, f: impl FnMut(usize)) {
        self.pixels_between((x0, &[x0; HEIGHT]), (x1, &[x1; HEIGHT]), f);
    }

    /// Calls `f` on each field pixel (row-major index) that the image of
    /// the segment between the cut at column `x0` of path `left` and the
    /// cut at `x1` of path `right` shows (`HEIGHT` boundaries each, as
    /// [`Segmentation::paths`]): the pixels between the paths of the
    /// components kept.
    pub fn pixels_between(
        &mut self,
        (x0, left): (usize, &[usize]),
        (x1, right): (usize, &[usize]),
        mut f: impl FnMut(usize),
    ) {
        let w = self.ink.width;
        if x0 >= x1.min(w) || left.len() != HEIGHT || right.len() != HEIGHT {
            return;
        }
        kept_components(&self.ink, x0, x1.min(w), &mut self.keep);
        let region = Region {
            left,
            right,
            keep: &self.keep,
        };
        let (lo, hi) = region.span(w);
        for r in 0..HEIGHT {
            for x in lo..hi {
                if region.has(&self.ink, r, x) {
                    f(r * w + x);
                }
            }
        }
    }
}

/// Marks the components whose pixels a segment [x0, x1) keeps: those
/// that overlap it by at least half of the narrower of the two, the
/// segment's width being that of the components' columns inside it (a
/// segment with blank columns at an end is no wider than its ink).
fn kept_components(ink: &Ink, x0: usize, x1: usize, keep: &mut [bool]) {
    let (mut t0, mut t1) = (x1, x0);
    for c in ink.comps.iter().filter(|c| c.c1 > x0 && c.c0 < x1) {
        t0 = t0.min(c.c0.max(x0));
        t1 = t1.max(c.c1.min(x1));
    }
    let span = t1.saturating_sub(t0);
    for (i, c) in ink.comps.iter().enumerate() {
        let ov = c.c1.min(x1).saturating_sub(c.c0.max(x0));
        keep[i + 1] = 2 * ov >= (c.c1 - c.c0).min(span) && ov > 0;
    }
}

/// The columns [a, b) of the region's ink (faint pixels next to ink
/// included) and the number of rows of its pixels above `core`; `None`
/// when it holds no pixel above `core` (a path may leave a faint fringe
/// of a stroke on its other side).
fn ink_extent(ink: &Ink, px: &[f32], core: f32, region: &Region) -> Option<(usize, usize, usize)> {
    let (x0, x1) = region.span(ink.width);
    let (mut a, mut b) = (x1, x0);
    let (mut r0, mut r1) = (HEIGHT, 0);
    for x in x0..x1 {
        for r in (0..HEIGHT).filter(|&r| region.has(ink, r, x)) {
            (a, b) = (a.min(x), x + 1);
            if px[r * ink.width + x] > core {
                (r0, r1) = (r0.min(r), r1.max(r + 1));
            }
        }
    }
    (r1 > r0).then_some((a, b, r1 - r0))
}

/// Writes the region's ink of columns [a, b) into the 32x32 image `out`
/// (already background), centred horizontally, scaled down when wider
/// than 32.
fn draw_segment(ink: &Ink, px: &[f32], (a, b): (usize, usize), region: &Region, out: &mut [f32]) {
    let w = ink.width;
    let n = b - a;
    let src = |r: usize, x: usize| -> f32 {
        if region.has(ink, r, x) {
            px[r * w + x]
        } else {
            BG
        }
    };
    if n <= SIDE {
        let off = (SIDE - n) / 2;
        for r in 0..HEIGHT {
            for x in a..b {
                out[r * SIDE + off + x - a] = src(r, x);
            }
        }
        return;
    }
    // Scale s = 32 / n around the middle row, bilinear sampling.
    let s = SIDE as f32 / n as f32;
    let mid = HEIGHT as f32 / 2.0;
    for y in 0..SIDE {
        let sy = mid + (y as f32 + 0.5 - mid) / s - 0.5;
        for x in 0..SIDE {
            let sx = a as f32 + (x as f32 + 0.5) / s - 0.5;
            out[y * SIDE + x] = bilinear(&src, sy, sx, a, b);
        }
    }
}

/// Writes the region's ink of columns [a, b) into `out` (already
/// background) normalised: its bounding box scaled so that its larger
/// side is `size`, its centre of mass at the image's centre, bilinear
/// sampling; as [`draw_segment`] when both sides are below `min_side`.
fn draw_normalized(
    ink: &Ink,
    px: &[f32],
    (a, b): (usize, usize),
    region: &Region,
    (size, min_side): (f32, usize),
    out: &mut [f32],
) {
    let w = ink.width;
    let src = |r: usize, x: usize| -> f32 {
        if region.has(ink, r, x) {
            px[r * w + x]
        } else {
            BG
        }
    };
    let (mut r0, mut r1) = (HEIGHT, 0);
    let (mut m, mut my, mut mx) = (0f64, 0f64, 0f64);
    for r in 0..HEIGHT {
        for x in a..b {
            let v = src(r, x);
            if v > BG {
                (r0, r1) = (r0.min(r), r1.max(r + 1));
                let v = f64::from(v - BG);
                (m, my, mx) = (m + v, my + v * r as f64, mx + v * x as f64);
            }
        }
    }
    let side = (b - a).max(r1.saturating_sub(r0));
    if side < min_side || m <= 0.0 || size <= 0.0 {
        draw_segment(ink, px, (a, b), region, out);
        return;
    }
    let s = size / side as f32;
    let (cy, cx) = ((my / m) as f32, (mx / m) as f32);
    let mid = SIDE as f32 / 2.0;
    for y in 0..SIDE {
        let sy = cy + (y as f32 + 0.5 - mid) / s;
        for x in 0..SIDE {
            let sx = cx + (x as f32 + 0.5 - mid) / s;
            out[y * SIDE + x] = bilinear(&src, sy, sx, a, b);
        }
    }
}

/// Bilinear sample at (sy, sx) of `src` (rows 0..HEIGHT, columns [a, b)),
/// background outside.
fn bilinear(src: &impl Fn(usize, usize) -> f32, sy: f32, sx: f32, a: usize, b: usize) -> f32 {
    let (fy, fx) = (sy.floor(), sx.floor());
    let (ty, tx) = (sy - fy, sx - fx);
    let at = |r: i64, x: i64| -> f32 {
        if r < 0 || r >= HEIGHT as i64 || x < a as i64 || x >= b as i64 {
            BG
        } else {
            src(r as usize, x as usize)
        }
    };
    let (r, x) = (fy as i64, fx as i64);
    at(r, x) * (1.0 - ty) * (1.0 - tx)
        + at(r, x + 1) * (1.0 - ty) * tx
        + at(r + 1, x) * ty * (1.0 - tx)
        + at(r + 1, x + 1) * ty * tx
}
