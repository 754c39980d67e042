//! The truth of a segmentation from the ink itself: which character each
//! segment image shows, judged from the field's owner map (the character
//! whose ink is strongest at each pixel, as [`crate::Field::owners`]).
//!
//! The image of a segment shows a known set of field pixels: the pixels
//! between its cuts' paths of the connected components it keeps
//! ([`crate::segment::SegmentInk::pixels_between`]). The ink mass of character
//! `k` is the sum of the ink levels (0..1 of full ink) of the visible
//! pixels it owns (those in a component: what any segment can show); a
//! segment holds the part of that mass that its pixels carry.
//!
//! Rule, with the defaults of [`InkRule`]:
//!
//! 1. A segment is character `k` when it holds at least `hold` (90 %) of
//!    `k`'s mass and, of every other character `j`, at most
//!    `stray_share` (10 %) of `j`'s mass, the stray ink of all other
//!    characters (and unowned ink) being at most `stray_mass` (6 pixels
//!    of full ink) in all. The stray allowance keeps whole characters
//!    with a touching neighbour's fringe: a comma whose stroke touches a
//!    digit, cut with a few pixels of the digit (a tenth of a digit's
//!    mass is 8 to 15 pixels, hence the absolute cap); a whole separator
//!    (a point weighs 3 to 10 pixels) never counts as stray.
//! 2. Touching and overlapping characters cannot be cut apart that
//!    cleanly (a cut between two touching digits typically leaves 5 to 20
//!    pixels of one with the other). A segment whose cuts fall at the
//!    boundaries of `k`'s ink box (the cut rule of [`crate::truth`], with
//!    `tolerance`) is also `k` when it holds at least `cut_hold` (50 %) of
//!    `k`'s mass and more of `k`'s ink than of all others together.
//! 3. Segments showing the same pixels (the same character cut with more
//!    blank columns, or with a neighbour's component removed) get the
//!    same class: the character, when rule 1 or 2 makes one of them a
//!    character.
//!
//! Every other segment is junk (class 12). The correct path is the path
//! of character segments, one per character in order, that misses the
//! least ink and holds the least stray ink; rule 2 keeps nearly every
//! path that the cut rule finds (not one whose cut leaves less than half
//! of a digit overlapped by its neighbour in the digit's segment), so the
//! recall of the correct segmentation barely drops.

use sn_graphs::Graph;

use crate::error::AmountError;
use crate::field::Field;
use crate::paths::straight_paths;
use crate::segment::{SegParams, SegmentInk};
use crate::truth::{best_path, truth, Truth, TOLERANCE};
use crate::{BG, HEIGHT, INK, JUNK_CLASS};
use std::collections::HashMap;

/// Thresholds of the ink rule.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct InkRule {
    /// Least share of a character's mass that its segment holds.
    pub hold: f32,
    /// Most share of another character's mass that the segment may hold.
    pub stray_share: f32,
    /// Most stray ink in all, in pixels of full ink.
    pub stray_mass: f32,
    /// Ink level of the components (that of the segment images).
    pub level: f32,
    /// Tolerance of the cut rule (rule 2), in columns; `None`: no rule 2.
    pub tolerance: Option<usize>,
    /// Least share of a character's mass held by a segment of rule 2.
    pub cut_hold: f32,
}

impl Default for InkRule {
    fn default() -> Self {
        InkRule {
            hold: 0.9,
            stray_share: 0.1,
            stray_mass: 6.0,
            level: SegParams::default().level,
            tolerance: Some(TOLERANCE),
            cut_hold: 0.5,
        }
    }
}

/// Ink level 0..1 of a pixel value.
fn level_of(v: f32) -> f32 {
    ((v - BG) / (INK - BG)).clamp(0.0, 1.0)
}

/// What the generator knows of a field: its pixels (`HEIGHT x width`),
/// the owner of each pixel (an index in `labels`, -1 for none), the ink
/// columns of each character and their classes.
#[derive(Clone, Copy, Debug)]
pub struct Ground<'a> {
    /// Pixel values, row-major.
    pub px: &'a [f32],
    /// Width of the field.
    pub width: usize,
    /// Owner of each pixel.
    pub owners: &'a [i32],
    /// Ink columns [x0, x1) of each character (for rule 2).
    pub boxes: &'a [(usize, usize)],
    /// Class of each character.
    pub labels: &'a [u32],
}

impl<'a> From<&'a Field> for Ground<'a> {
    fn from(f: &'a Field) -> Ground<'a> {
        Ground {
            px: &f.pixels,
            width: f.width,
            owners: &f.owners,
            boxes: &f.boxes,
            labels: &f.labels,
        }
    }
}

/// Checks the shapes of an ink-truth call.
fn check(graph: &Graph, cuts: &[usize], g: &Ground, rule: &InkRule) -> Result<(), AmountError> {
    const OP: &str = "segment-truth";
    let n = g.labels.len();
    if cuts.len() != graph.nnodes() {
        return Err(AmountError::domain(
            OP,
            format!("{} cuts for {} nodes", cuts.len(), graph.nnodes()),
        ));
    }
    if g.owners.len() != g.px.len() {
        return Err(AmountError::domain(
            OP,
            format!("{} owners for {} pixels", g.owners.len(), g.px.len()),
        ));
    }
    if rule.tolerance.is_some() && g.boxes.len() != n {
        return Err(AmountError::domain(
            OP,
            format!("{} boxes for {n} characters", g.boxes.len()),
        ));
    }
    if let Some(o) = g.owners.iter().find(|&&o| o < -1 || o >= n as i32) {
        return Err(AmountError::domain(
            OP,
            format!("owner {o} of a field of {n} characters"),
        ));
    }
    Ok(())
}

/// The ink a segment holds: of each character, and unowned.
struct Held {
    of: Vec<f32>,
    unowned: f32,
}

impl Held {
    /// Stray ink when the segment is character `k`.
    fn stray(&self, k: usize) -> f32 {
        self.unowned
            + self
                .of
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != k)
                .map(|(_, h)| h)
                .sum::<f32>()
    }

    /// Cost of taking the segment as `k`: missed plus stray ink, in
    /// hundredths of a pixel of full ink.
    fn cost(&self, k: usize, mass: &[f32]) -> i64 {
        (100.0 * (mass[k] - self.of[k] + self.stray(k))).round() as i64
    }
}

/// The truth of the segmentation `graph` (node `i` at column `cuts[i]`)
/// of the field `g` by the rules of the module.
///
/// # Errors
/// `Domain` for inconsistent sizes or owners outside `-1..labels.len()`.
pub fn ink_truth(
    graph: &Graph,
    cuts: &[usize],
    g: &Ground,
    rule: &InkRule,
) -> Result<Truth, AmountError> {
    ink_truth_paths(graph, cuts, &straight_paths(cuts), g, rule)
}

/// [`ink_truth`] of a segmentation whose cuts follow `paths`
/// (`cuts.len() x HEIGHT` boundaries, as [`crate::Segmentation::paths`]).
///
/// # Errors
/// As [`ink_truth`]; `Domain` when `paths` is not `cuts.len() x HEIGHT`
/// or has a boundary beyond the field's width.
pub fn ink_truth_paths(
    graph: &Graph,
    cuts: &[usize],
    paths: &[usize],
    g: &Ground,
    rule: &InkRule,
) -> Result<Truth, AmountError> {
    let n = g.labels.len();
    check(graph, cuts, g, rule)?;
    if paths.len() != cuts.len() * HEIGHT {
        return Err(AmountError::domain(
            "segment-truth",
            format!(
                "{} path boundaries for {} cuts of {HEIGHT} rows",
                paths.len(),
                cuts.len()
            ),
        ));
    }
    if let Some(b) = paths.iter().find(|&&b| b > g.width) {
        return Err(AmountError::domain(
            "segment-truth",
            format!("a path at column {b} of a field {} wide", g.width),
        ));
    }
    let path = |i: usize| &paths[i * HEIGHT..(i + 1) * HEIGHT];
    let mut ink = SegmentInk::new(g.px, g.width, rule.level)?;
    let mut mass = vec![0f32; n];
    for (p, &o) in g.owners.iter().enumerate() {
        if o >= 0 && ink.visible(p) {
            mass[o as usize] += level_of(g.px[p]);
        }
    }
    let by_cut = rule
        .tolerance
        .map(|t| truth(graph, cuts, g.boxes, g.labels, t));
    let narcs = graph.narcs();
    let (mut chars, mut costs, mut group) = (
        Vec::with_capacity(narcs),
        Vec::with_capacity(narcs),
        Vec::with_capacity(narcs),
    );
    let mut first_with: HashMap<Vec<u32>, usize> = HashMap::new();
    for a in 0..narcs as u32 {
        let (i, j) = (graph.src(a) as usize, graph.dst(a) as usize);
        let mut held = Held {
            of: vec![0f32; n],
            unowned: 0.0,
        };
        let mut shown = Vec::new();
        ink.pixels_between((cuts[i], path(i)), (cuts[j], path(j)), |p| {
            shown.push(p as u32);
            match g.owners[p] {
                o if o >= 0 => held.of[o as usize] += level_of(g.px[p]),
                _ => held.unowned += level_of(g.px[p]),
            }
        });
        let cut_k = by_cut
            .as_ref()
            .and_then(|t| t.chars[a as usize])
            .filter(|&k| k < n);
        let k = whole(&held, &mass, rule).or(cut_k.filter(|&k| mostly(&held, &mass, k, rule)));
        chars.push(k);
        costs.push(k.map_or(0, |k| held.cost(k, &mass)));
        let next = group.len();
        group.push(*first_with.entry(shown).or_insert(next));
    }
    // Rule 3: segments showing the same pixels share their class.
    for a in 0..narcs {
        let r = group[a];
        if chars[r].is_none() && chars[a].is_some() {
            (chars[r], costs[r]) = (chars[a], costs[a]);
        }
    }
    for a in 0..narcs {
        (chars[a], costs[a]) = (chars[group[a]], costs[group[a]]);
    }
    let classes = chars
        .iter()
        .map(|k| k.map_or(JUNK_CLASS, |k| g.labels[k]))
        .collect();
    let path = if n == 0 {
        None
    } else {
        best_path(graph, &chars, n, |a, _| costs[a as usize])
    };
    Ok(Truth {
        classes,
        chars,
        path,
    })
}

/// Rule 1: the character whose whole ink the segment holds, with little
/// stray ink; `None` when there is none.
fn whole(held: &Held, mass: &[f32], rule: &InkRule) -> Option<usize> {
    let share = |k: usize| {
        if mass[k] > 0.0 {
            held.of[k] / mass[k]
        } else {
            0.0
        }
    };
    let k = (0..held.of.len()).max_by(|&i, &j| share(i).total_cmp(&share(j)))?;
    if mass[k] <= 0.0 || held.of[k] < rule.hold * mass[k] {
        return None;
    }
    let few = (0..held.of.len()).all(|j| j == k || held.of[j] <= rule.stray_share * mass[j]);
    (few && held.stray(k) <= rule.stray_mass).then_some(k)
}

/// Rule 2's check of a segment the cut rule takes as `k`: it holds at
/// least `cut_hold` of `k`'s mass, and more ink of `k` than stray ink.
fn mostly(held: &Held, mass: &[f32], k: usize, rule: &InkRule) -> bool {
    mass[k] > 0.0 && held.of[k] >= rule.cut_hold * mass[k] && held.of[k] > held.stray(k)
}
