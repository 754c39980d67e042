//! Cut paths: each candidate cut bent, row by row, to follow the gaps
//! between strokes, so that a cut between two touching characters can go
//! around the ink of both instead of straight through one of them.
//!
//! A path is one boundary per row: boundary `b` of row `r` puts the
//! field's columns `< b` of that row on the left of the cut. The path of
//! a cut at column `c` stays within `band` columns of `c` and strictly
//! between its neighbouring cuts' columns; among those it is the one of
//! least cost, found by dynamic programming over the rows:
//!
//! * in each row, the ink it separates horizontally: `min` of the ink
//!   levels (0..1) of the two pixels on either side of the boundary;
//! * between two rows, the ink it separates vertically: for each column
//!   the boundary moves across, `min` of the levels of the pixel and the
//!   one below it; plus `step` per column moved;
//! * `stray` per row and per column between the boundary and `c`;
//! * `moved` per pixel of ink (times its level) between the boundary and
//!   `c`: ink that the path puts on the other side than the straight cut
//!   does.
//!
//! Crossing a stroke thus costs about one per row of stroke cut. Going
//! around the tip of a neighbour that pokes across the cut costs a third
//! of its pixels, while taking a whole character to the other side (to
//! reach the blank gap beyond it, where a cut of its own already is)
//! costs far more than cutting the stroke where it touches. Through
//! blank columns the path stays straight. Paths of neighbouring cuts are then made not to
//! cross (each row's boundaries in the order of the cuts), so that the
//! pieces between consecutive paths partition every row.

use crate::{BG, HEIGHT, INK};

/// Parameters of the cut paths.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PathParams {
    /// Most columns a path strays from its cut (0: straight cuts).
    pub band: usize,
    /// Cost of each column a path moves between two rows.
    pub step: f32,
    /// Cost, per row, of each column between the path and its cut.
    pub stray: f32,
    /// Cost of each pixel of ink (times its level) that the path puts on
    /// the other side of its cut than the straight cut does.
    pub moved: f32,
}

impl Default for PathParams {
    fn default() -> Self {
        PathParams {
            band: 4,
            step: 0.1,
            stray: 0.02,
            moved: 0.3,
        }
    }
}

/// The straight paths of `cuts`: each cut's column on every row
/// (`cuts.len() x HEIGHT` boundaries, row-major).
pub fn straight_paths(cuts: &[usize]) -> Vec<usize> {
    cuts.iter()
        .flat_map(|&c| std::iter::repeat_n(c, HEIGHT))
        .collect()
}

/// Ink level 0..1 of a pixel value.
#[inline]
fn level(v: f32) -> f32 {
    ((v - BG) / (INK - BG)).clamp(0.0, 1.0)
}

/// The ink that a path (`HEIGHT` boundaries) separates, in pixels of
/// full ink: in each row, `min` of the levels of the two pixels on either
/// side of its boundary; between two rows, for each column its boundary
/// moves across, `min` of the levels of the pixel and the one below (the
/// ink terms of the paths' cost). A boundary at a field edge (0 or
/// `width`) separates nothing in its row.
pub fn crossed_ink(px: &[f32], width: usize, path: &[usize]) -> f32 {
    let mut sum = 0f32;
    for (r, &b) in path.iter().enumerate().take(HEIGHT) {
        if b > 0 && b < width {
            sum += across(px, width, r, b);
        }
        if r > 0 {
            let prev = path[r - 1];
            for x in prev.min(b)..prev.max(b).min(width) {
                sum += below(px, width, r, x);
            }
        }
    }
    sum
}

/// The ink a boundary at `b` (`0 < b < width`) separates in row `r`:
/// `min` of the levels of pixels `b - 1` and `b`.
#[inline]
fn across(px: &[f32], width: usize, r: usize, b: usize) -> f32 {
    level(px[r * width + b - 1]).min(level(px[r * width + b]))
}

/// The ink separated between rows `r - 1` and `r` (`r > 0`) in column
/// `x`: `min` of the levels of the two pixels.
#[inline]
fn below(px: &[f32], width: usize, r: usize, x: usize) -> f32 {
    level(px[(r - 1) * width + x]).min(level(px[r * width + x]))
}

/// The paths of `cuts` (sorted, distinct, the first 0 and the last
/// `width`) through field `px` (`HEIGHT x width`): `cuts.len() x HEIGHT`
/// boundaries, row-major. The field's edges, and every cut when `band`
/// is 0, are straight.
pub(crate) fn cut_paths(px: &[f32], width: usize, cuts: &[usize], p: &PathParams) -> Vec<usize> {
    let n = cuts.len();
    let mut out = Vec::with_capacity(n * HEIGHT);
    for (k, &c) in cuts.iter().enumerate() {
        if p.band == 0 || k == 0 || k + 1 == n || c == 0 || c >= width {
            out.extend(std::iter::repeat_n(c, HEIGHT));
            continue;
        }
        let lo = c.saturating_sub(p.band).max(cuts[k - 1] + 1).min(c);
        let hi = (c + p.band).min(cuts[k + 1] - 1).max(c);
        out.extend(best_path(px, width, c, (lo, hi), p));
    }
    for k in 1..n {
        for r in 0..HEIGHT {
            let prev = out[(k - 1) * HEIGHT + r];
            let b = &mut out[k * HEIGHT + r];
            *b = (*b).max(prev);
        }
    }
    out
}

/// The least-cost path of the cut at column `c` with boundaries in
/// `[lo, hi]` (`0 < lo <= c <= hi < width`).
fn best_path(
    px: &[f32],
    width: usize,
    c: usize,
    (lo, hi): (usize, usize),
    p: &PathParams,
) -> Vec<usize> {
    let m = hi - lo + 1;
    let lv = |r: usize, x: usize| level(px[r * width + x]);
    let row_cost = |r: usize, b: usize| {
        let moved: f32 = (b.min(c)..b.max(c)).map(|x| lv(r, x)).sum();
        across(px, width, r, b) + p.stray * b.abs_diff(c) as f32 + p.moved * moved
    };
    // prefix[i]: the sum over columns lo..lo + i of min(level(r - 1, x), level(r, x))
    let mut prefix = vec![0f32; m + 1];
    let mut cost: Vec<f32> = (lo..=hi).map(|b| row_cost(0, b)).collect();
    let mut next = vec![0f32; m];
    let mut back = vec![0usize; HEIGHT * m];
    for r in 1..HEIGHT {
        for i in 0..m {
            let x = lo + i;
            prefix[i + 1] = prefix[i] + below(px, width, r, x);
        }
        for (j, nj) in next.iter_mut().enumerate() {
            let (mut best, mut arg) = (f32::INFINITY, j);
            for (i, &ci) in cost.iter().enumerate() {
                let (a, b) = (i.min(j), i.max(j));
                let v = ci + prefix[b] - prefix[a] + p.step * (b - a) as f32;
                if v < best || (v == best && i.abs_diff(c - lo) < arg.abs_diff(c - lo)) {
                    (best, arg) = (v, i);
                }
            }
            *nj = best + row_cost(r, lo + j);
            back[r * m + j] = arg;
        }
        std::mem::swap(&mut cost, &mut next);
    }
    let mut j = (0..m)
        .min_by(|&a, &b| {
            cost[a]
                .total_cmp(&cost[b])
                .then(a.abs_diff(c - lo).cmp(&b.abs_diff(c - lo)))
        })
        .unwrap_or(c - lo);
    let mut path = vec![0usize; HEIGHT];
    for r in (0..HEIGHT).rev() {
        path[r] = lo + j;
        j = back[r * m + j];
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scale;

    /// A field of `width` columns with ink at the given (row, column)s.
    fn field(width: usize, ink: &[(usize, usize)]) -> Vec<f32> {
        let mut px = vec![BG; HEIGHT * width];
        for &(r, x) in ink {
            px[r * width + x] = scale(1.0);
        }
        px
    }

    #[test]
    fn crossed_ink_counts_the_strokes_a_path_cuts() {
        // a horizontal stroke of 3 rows across columns 2..10
        let ink: Vec<_> = (12..15)
            .flat_map(|r| (2..10).map(move |x| (r, x)))
            .collect();
        let px = field(12, &ink);
        // a straight cut at 6 crosses each of the 3 rows once
        assert_eq!(crossed_ink(&px, 12, &[6; HEIGHT]), 3.0);
        // around the stroke's end, or at the field's edges: nothing
        assert_eq!(crossed_ink(&px, 12, &[11; HEIGHT]), 0.0);
        assert_eq!(crossed_ink(&px, 12, &[0; HEIGHT]), 0.0);
        // a path stepping from 6 to 8 inside the stroke separates the
        // pixels of columns 6 and 7 from those below them
        let mut path = [6; HEIGHT];
        path[13..].fill(8);
        assert_eq!(crossed_ink(&px, 12, &path), 5.0);
    }

    #[test]
    fn blank_columns_give_straight_paths() {
        let px = field(30, &[]);
        let paths = cut_paths(&px, 30, &[0, 10, 20, 30], &PathParams::default());
        for (k, c) in [0, 10, 20, 30].into_iter().enumerate() {
            assert!(paths[k * HEIGHT..(k + 1) * HEIGHT].iter().all(|&b| b == c));
        }
    }

    /// Two vertical strokes side by side, the left one bulging right in
    /// rows 10..20 over the straight cut: the path goes around the bulge.
    #[test]
    fn a_path_goes_around_a_stroke_that_crosses_its_cut() {
        let mut ink = Vec::new();
        for r in 4..28 {
            ink.push((r, 6));
            ink.push((r, 16));
        }
        for r in 10..20 {
            for x in 7..=12 {
                ink.push((r, x));
            }
        }
        let px = field(24, &ink);
        let paths = cut_paths(&px, 24, &[0, 11, 24], &PathParams::default());
        let path = &paths[HEIGHT..2 * HEIGHT];
        for (r, &b) in path.iter().enumerate() {
            assert!((7..=15).contains(&b), "row {r}: boundary {b}");
            let left_ink = ink.iter().filter(|&&(rr, x)| rr == r && x < b).count();
            let right_ink = ink.iter().filter(|&&(rr, x)| rr == r && x >= b).count();
            let row_ink: Vec<usize> = ink
                .iter()
                .filter(|&&(rr, _)| rr == r)
                .map(|&(_, x)| x)
                .collect();
            if !row_ink.is_empty() {
                assert_eq!(
                    right_ink, 1,
                    "row {r}: only the right stroke is right of {b}"
                );
                assert_eq!(left_ink, row_ink.len() - 1);
            }
        }
        let straight = cut_paths(
            &px,
            24,
            &[0, 11, 24],
            &PathParams {
                band: 0,
                ..PathParams::default()
            },
        );
        assert!(straight[HEIGHT..2 * HEIGHT].iter().all(|&b| b == 11));
    }

    #[test]
    fn paths_stay_in_their_band_and_in_order() {
        // dense random ink: paths must still keep their band and order
        let w = 40;
        let mut s = 12345u64;
        let mut ink = Vec::new();
        for r in 0..HEIGHT {
            for x in 0..w {
                s = s
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                if (s >> 60) < 7 {
                    ink.push((r, x));
                }
            }
        }
        let px = field(w, &ink);
        let cuts = [0, 5, 7, 15, 18, 30, 40];
        let p = PathParams::default();
        let paths = cut_paths(&px, w, &cuts, &p);
        for (k, &c) in cuts.iter().enumerate() {
            for r in 0..HEIGHT {
                let b = paths[k * HEIGHT + r];
                if k > 0 {
                    assert!(b >= paths[(k - 1) * HEIGHT + r]);
                }
                assert!(b <= w);
                if k > 0 && k + 1 < cuts.len() {
                    assert!(b + p.band >= c && b <= (c + p.band).max(paths[(k - 1) * HEIGHT + r]));
                }
            }
        }
    }
}
