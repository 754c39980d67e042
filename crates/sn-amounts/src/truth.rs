//! The truth alignment of a segmentation with the characters of a field
//! whose ink boxes are known: the cut rule, for fields whose ink
//! ownership is unknown (see [`crate::truth_ink`] for the rule from the
//! ink, the one to train on).
//!
//! Rule: a cut at column `x` is a valid boundary between characters
//! `k-1` and `k` (boxes [a0, a1) and [b0, b1)) when
//! `min(a1, b0) - t <= x <= max(a1, b0) + t`, with the tolerance
//! `t = min(tol, narrower width / 3)`: anywhere in the blank gap between
//! them, or in the columns where their boxes overlap, give or take `t`.
//! Before the first character any `x <= b0 + t` is valid, after the last
//! any `x >= a1 - t`. A segment matches character `k` when its left cut
//! is a valid boundary before `k` and its right cut a valid boundary
//! after `k`; its class is then `k`'s label. Every other segment is junk
//! (class 12): it straddles two characters, cuts one, or holds only a
//! piece. The correct path is the path of the graph whose arcs match the
//! characters in order, the one whose cuts are nearest the middles of the
//! valid intervals when there are several.

use sn_graphs::Graph;

use crate::JUNK_CLASS;

/// The truth of a segmentation.
#[derive(Clone, Debug, PartialEq)]
pub struct Truth {
    /// Class of each arc (the label of the character it matches, or 12).
    pub classes: Vec<u32>,
    /// Character matched by each arc (`None` for junk).
    pub chars: Vec<Option<usize>>,
    /// The arcs of the correct path, when there is one.
    pub path: Option<Vec<u32>>,
}

/// Default tolerance of the boundaries, in columns.
pub const TOLERANCE: usize = 2;

/// Interval of valid cuts before character `k` (`k == n` for the end).
fn boundary(boxes: &[(usize, usize)], k: usize, tol: usize) -> (i64, i64) {
    let n = boxes.len();
    let w = |i: usize| (boxes[i].1 - boxes[i].0) / 3;
    if k == 0 {
        let (b0, _) = boxes[0];
        (i64::MIN, (b0 + tol.min(w(0))) as i64)
    } else if k == n {
        let (_, a1) = boxes[n - 1];
        ((a1 - tol.min(w(n - 1)).min(a1)) as i64, i64::MAX)
    } else {
        let (a1, b0) = (boxes[k - 1].1, boxes[k].0);
        let t = tol.min(w(k - 1)).min(w(k)) as i64;
        (a1.min(b0) as i64 - t, a1.max(b0) as i64 + t)
    }
}

/// The truth of the segmentation `graph` (node `i` at column `cuts[i]`)
/// for characters of ink boxes `boxes` and classes `labels`.
pub fn truth(
    graph: &Graph,
    cuts: &[usize],
    boxes: &[(usize, usize)],
    labels: &[u32],
    tol: usize,
) -> Truth {
    let n = boxes.len().min(labels.len());
    let bounds: Vec<(i64, i64)> = (0..=n).map(|k| boundary(&boxes[..n], k, tol)).collect();
    let inside = |x: usize, k: usize| {
        let (lo, hi) = bounds[k];
        (lo..=hi).contains(&(x as i64))
    };
    let mut classes = Vec::with_capacity(graph.narcs());
    let mut chars = Vec::with_capacity(graph.narcs());
    for a in 0..graph.narcs() as u32 {
        let (x0, x1) = (cuts[graph.src(a) as usize], cuts[graph.dst(a) as usize]);
        let k = (0..n).find(|&k| inside(x0, k) && inside(x1, k + 1));
        classes.push(k.map_or(JUNK_CLASS, |k| labels[k]));
        chars.push(k);
    }
    let cost = |a: u32, k: usize| off_centre(cuts[graph.dst(a) as usize], bounds[k + 1]);
    let path = if n == 0 {
        None
    } else {
        best_path(graph, &chars, n, cost)
    };
    Truth {
        classes,
        chars,
        path,
    }
}

/// Distance of a cut from the middle of its valid interval.
fn off_centre(x: usize, (lo, hi): (i64, i64)) -> i64 {
    match (lo, hi) {
        (i64::MIN, h) => (x as i64 - h).max(0),
        (l, i64::MAX) => (l - x as i64).max(0),
        (l, h) => (2 * x as i64 - l - h).abs(),
    }
}

/// The path of character arcs (arc `a` matching character `chars[a]`),
/// one per character in order, of least total `cost(arc, character)`
/// (dynamic programming over nodes in order: nodes are cuts, sorted left
/// to right, arcs go forward).
pub(crate) fn best_path(
    g: &Graph,
    chars: &[Option<usize>],
    n: usize,
    cost_of: impl Fn(u32, usize) -> i64,
) -> Option<Vec<u32>> {
    let nn = g.nnodes();
    // cost[node * (n + 1) + k]: best cost reaching node having read k characters.
    let mut cost = vec![i64::MAX; nn * (n + 1)];
    let mut back = vec![u32::MAX; nn * (n + 1)];
    cost[g.start() as usize * (n + 1)] = 0;
    let adj = g.adjacency();
    for node in 0..nn as u32 {
        for &a in adj.out_of(node) {
            let Some(k) = chars[a as usize].filter(|&k| k < n) else {
                continue;
            };
            let from = node as usize * (n + 1) + k;
            if cost[from] == i64::MAX {
                continue;
            }
            let d = g.dst(a) as usize;
            let c = cost[from] + cost_of(a, k);
            let to = d * (n + 1) + k + 1;
            if c < cost[to] {
                cost[to] = c;
                back[to] = a;
            }
        }
    }
    let mut s = g.end() as usize * (n + 1) + n;
    if cost[s] == i64::MAX {
        return None;
    }
    let mut path = Vec::with_capacity(n);
    while back[s] != u32::MAX {
        let a = back[s];
        path.push(a);
        s = g.src(a) as usize * (n + 1) + chars[a as usize]?;
    }
    path.reverse();
    Some(path)
}
