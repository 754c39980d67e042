//! Candidate cuts of a field: the middles of blank gaps, the boundaries
//! between connected components of ink, the projection minima and
//! contour valleys inside components wide enough to hold touching
//! characters, and evenly spaced cuts where these leave a long stretch of
//! a component wider than one digit uncut.

use crate::HEIGHT;

/// The ink of a field: a component label per pixel (0 for none) and the
/// extent of each component.
pub(crate) struct Ink {
    pub width: usize,
    /// Component of each pixel (row-major, 1-based; 0 = background),
    /// faint pixels next to ink included.
    pub label: Vec<u32>,
    /// Per component (index label - 1): columns [c0, c1) and pixel count.
    pub comps: Vec<Comp>,
}

/// A connected component of ink.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Comp {
    pub c0: usize,
    pub c1: usize,
    pub size: usize,
}

/// Labels the 8-connected components of the pixels above `level`, then
/// gives each faint pixel (above `faint`) next to a labelled one its label.
pub(crate) fn components(px: &[f32], width: usize, level: f32, faint: f32) -> Ink {
    let mut label = vec![0u32; px.len()];
    let mut comps = Vec::new();
    let mut stack = Vec::new();
    for p0 in 0..px.len() {
        if px[p0] <= level || label[p0] != 0 {
            continue;
        }
        let id = comps.len() as u32 + 1;
        let mut c = Comp {
            c0: usize::MAX,
            c1: 0,
            size: 0,
        };
        label[p0] = id;
        stack.push(p0);
        while let Some(p) = stack.pop() {
            let (r, x) = (p / width, p % width);
            c.c0 = c.c0.min(x);
            c.c1 = c.c1.max(x + 1);
            c.size += 1;
            for_neighbours(r, x, width, |q| {
                if px[q] > level && label[q] == 0 {
                    label[q] = id;
                    stack.push(q);
                }
            });
        }
        comps.push(c);
    }
    let core = label.clone();
    for p in 0..px.len() {
        if core[p] == 0 && px[p] > faint {
            let mut l = 0;
            for_neighbours(p / width, p % width, width, |q| l = l.max(core[q]));
            label[p] = l;
        }
    }
    Ink {
        width,
        label,
        comps,
    }
}

/// Calls `f` on the 8 neighbours of (r, x) inside the field.
#[inline]
fn for_neighbours(r: usize, x: usize, width: usize, mut f: impl FnMut(usize)) {
    for rr in r.saturating_sub(1)..=(r + 1).min(HEIGHT - 1) {
        for xx in x.saturating_sub(1)..=(x + 1).min(width - 1) {
            if rr != r || xx != x {
                f(rr * width + xx);
            }
        }
    }
}

/// Parameters of the cut finder.
#[derive(Clone, Copy, Debug)]
pub struct CutParams {
    /// Components of fewer pixels make no cuts of their own.
    pub min_component: usize,
    /// Components at least this wide are searched for projection minima.
    pub split_width: usize,
    /// A projection minimum must be at most this fraction of the
    /// component's highest column.
    pub valley: f32,
    /// Components at least this wide get extra cuts wherever two
    /// consecutive cuts inside them are farther apart than `fill_gap`.
    pub fill_width: usize,
    /// Widest interval between cuts inside a component of `fill_width`.
    pub fill_gap: usize,
}

impl Default for CutParams {
    fn default() -> Self {
        CutParams {
            min_component: 3,
            split_width: 9,
            valley: 0.6,
            fill_width: 20,
            fill_gap: 8,
        }
    }
}

/// The cuts of a field (sorted, distinct, from 0 to the width).
pub(crate) fn find_cuts(ink: &Ink, px: &[f32], p: &CutParams) -> Vec<usize> {
    let w = ink.width;
    let mut cuts = vec![0, w];
    let mut colink = vec![false; w];
    for (i, &l) in ink.label.iter().enumerate() {
        if l != 0 && ink.comps[l as usize - 1].size > 0 {
            colink[i % w] = true;
        }
    }
    blank_cuts(&colink, &mut cuts);
    let mut big: Vec<(usize, Comp)> = (0..ink.comps.len())
        .map(|i| (i, ink.comps[i]))
        .filter(|(_, c)| c.size >= p.min_component)
        .collect();
    big.sort_by_key(|(_, c)| c.c0 + c.c1);
    for pair in big.windows(2) {
        let (a, b) = (pair[0].1, pair[1].1);
        if a.c0 <= b.c0 && a.c1 < b.c1 {
            cuts.push((a.c1 + b.c0).div_ceil(2).clamp(a.c0 + 1, b.c1 - 1));
        }
    }
    for &(i, c) in &big {
        if c.c1 - c.c0 >= p.split_width {
            valley_cuts(ink, px, i as u32 + 1, c, p.valley, &mut cuts);
        }
    }
    cuts.sort_unstable();
    let mut cuts = merge_close(&cuts, w);
    for &(_, c) in &big {
        if c.c1 - c.c0 >= p.fill_width {
            fill_gaps(c, p.fill_gap, &mut cuts);
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts
}

/// Adds evenly spaced cuts inside component `c` wherever consecutive
/// cuts (or the component's ends) inside it are more than `gap` apart.
/// `cuts` need not be sorted: components may share columns, and the cuts
/// filled into an earlier one are appended at the end.
fn fill_gaps(c: Comp, gap: usize, cuts: &mut Vec<usize>) {
    let gap = gap.max(2);
    let mut inner: Vec<usize> = cuts
        .iter()
        .copied()
        .filter(|&x| x > c.c0 && x < c.c1)
        .collect();
    inner.sort_unstable();
    inner.dedup();
    inner.insert(0, c.c0);
    inner.push(c.c1);
    for pair in inner.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let k = (b - a).div_ceil(gap);
        for j in 1..k {
            cuts.push(a + (b - a) * j / k);
        }
    }
}

/// Cuts inside component `id`, at least 2 columns from its ends: the
/// local minima of its column ink below `valley` times its highest
/// column, and the valleys of its upper and lower contours (where the
/// top of the ink dips, or its bottom rises, by 3 rows or more).
fn valley_cuts(ink: &Ink, px: &[f32], id: u32, c: Comp, valley: f32, cuts: &mut Vec<usize>) {
    let w = ink.width;
    let n = c.c1 - c.c0;
    let mut prof = vec![0f32; n];
    let mut top = vec![HEIGHT as f32; n];
    let mut bottom = vec![0f32; n];
    for r in 0..HEIGHT {
        for x in c.c0..c.c1 {
            if ink.label[r * w + x] == id && px[r * w + x] > crate::scale(0.3) {
                prof[x - c.c0] += px[r * w + x] - crate::BG;
                top[x - c.c0] = top[x - c.c0].min(r as f32);
                bottom[x - c.c0] = bottom[x - c.c0].max(r as f32);
            }
        }
    }
    let high = prof.iter().cloned().fold(0.0, f32::max);
    let neg_top: Vec<f32> = top.iter().map(|t| -t).collect();
    minima(&prof, 0.0, |v| v <= valley * high, c.c0, cuts);
    minima(&neg_top, 3.0, |_| true, c.c0, cuts);
    minima(&bottom, 3.0, |_| true, c.c0, cuts);
}

/// Pushes `base +` the middle of every plateau of `v` (at least 2 from
/// the ends) lower than its neighbours, by at least `depth` below the
/// highest values within 6 columns on both sides, and passing `ok`.
fn minima(v: &[f32], depth: f32, ok: impl Fn(f32) -> bool, base: usize, cuts: &mut Vec<usize>) {
    let n = v.len();
    let mut k = 2;
    while k + 2 < n {
        let mut e = k + 1;
        while e + 2 < n && v[e] == v[k] {
            e += 1;
        }
        if v[k] < v[k - 1] && v[e.min(n - 1)] > v[k] && ok(v[k]) {
            let left = v[k.saturating_sub(6)..k]
                .iter()
                .cloned()
                .fold(f32::MIN, f32::max);
            let right = v[e..(e + 6).min(n)]
                .iter()
                .cloned()
                .fold(f32::MIN, f32::max);
            if left.min(right) - v[k] >= depth {
                cuts.push(base + (k + e) / 2);
            }
        }
        k = e;
    }
}

/// Replaces each run of cuts in adjacent columns by its middle
/// one (the field's edges stay).
fn merge_close(cuts: &[usize], w: usize) -> Vec<usize> {
    let mut out = vec![0];
    let mut k = 0;
    while k < cuts.len() {
        let mut e = k + 1;
        while e < cuts.len() && cuts[e] - cuts[e - 1] < 2 {
            e += 1;
        }
        let c = cuts[(k + e - 1) / 2];
        if cuts[k] > 0 && cuts[e - 1] < w && c > *out.last().unwrap_or(&0) {
            out.push(c);
        }
        k = e;
    }
    out.push(w);
    out
}

/// The middle of every run of columns without ink.
fn blank_cuts(colink: &[bool], cuts: &mut Vec<usize>) {
    let mut x = 0;
    while x < colink.len() {
        if colink[x] {
            x += 1;
            continue;
        }
        let s = x;
        while x < colink.len() && !colink[x] {
            x += 1;
        }
        if s > 0 && x < colink.len() {
            cuts.push((s + x) / 2);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cuts appended for an earlier component that shares columns with
    /// this one arrive out of order; the gaps are still those between
    /// sorted cuts (out of order they made `b - a` wrap around).
    #[test]
    fn fill_gaps_takes_unsorted_cuts() {
        let c = Comp {
            c0: 10,
            c1: 40,
            size: 100,
        };
        let mut cuts = vec![20, 35, 25];
        fill_gaps(c, 8, &mut cuts);
        assert_eq!(cuts, vec![20, 35, 25, 15, 30]);
        let mut sorted = vec![20, 25, 35];
        fill_gaps(c, 8, &mut sorted);
        assert_eq!(sorted, vec![20, 25, 35, 15, 30]);
    }
}
