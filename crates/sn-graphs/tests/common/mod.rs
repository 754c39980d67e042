//! Shared helpers of the graph tests: a seeded generator, random graphs,
//! brute-force enumeration of paths.
#![allow(dead_code)]

use sn_graphs::{Graph, JUNK, NULL, WILD};

/// A small seeded generator (xorshift64*), so that failures reproduce.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    pub fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A random DAG on `n` nodes (arcs only from smaller to larger node
/// numbers), start 0, end n-1, labels drawn from `labels`, penalties in
/// [-2, 2]. Nodes are numbered in a shuffled order so that topological
/// sorting is exercised.
pub fn random_dag(r: &mut Rng, n: usize, narcs: usize, labels: &[u32]) -> Graph {
    let mut perm: Vec<u32> = (0..n as u32).collect();
    for i in (1..n).rev() {
        perm.swap(i, r.below(i as u64 + 1) as usize);
    }
    let mut g = Graph::new(n).unwrap();
    g.set_start(perm[0]).unwrap();
    g.set_end(perm[n - 1]).unwrap();
    for _ in 0..narcs {
        let i = r.below(n as u64 - 1) as usize;
        let j = i + 1 + r.below((n - i - 1) as u64) as usize;
        let l = labels[r.below(labels.len() as u64) as usize];
        g.add_arc(perm[i], perm[j], l, r.uniform(-2.0, 2.0))
            .unwrap();
    }
    g
}

/// Every path from start to end: (its arcs, its penalty).
pub fn paths(g: &Graph) -> Vec<(Vec<u32>, f64)> {
    let mut out = Vec::new();
    let mut stack = Vec::new();
    walk(g, g.start(), &mut stack, &mut out);
    out
}

fn walk(g: &Graph, n: u32, stack: &mut Vec<u32>, out: &mut Vec<(Vec<u32>, f64)>) {
    if n == g.end() {
        let p = stack.iter().map(|&a| g.x[a as usize]).sum();
        out.push((stack.clone(), p));
        return;
    }
    for a in 0..g.narcs() as u32 {
        if g.src(a) == n {
            stack.push(a);
            walk(g, g.dst(a), stack, out);
            stack.pop();
        }
    }
}

/// `-log Σ exp(-p)`, computed naively around the minimum.
pub fn logsum(ps: &[f64]) -> f64 {
    let m = ps.iter().cloned().fold(f64::INFINITY, f64::min);
    if m == f64::INFINITY {
        return m;
    }
    m - ps.iter().map(|p| (m - p).exp()).sum::<f64>().ln()
}

/// The non-null labels of a path.
pub fn word(g: &Graph, arcs: &[u32]) -> Vec<u32> {
    arcs.iter()
        .map(|&a| g.label(a))
        .filter(|&l| l != NULL)
        .collect()
}

/// Whether a label sequence of `a` matches one of `b` (WILD and JUNK in
/// `b` match any label).
pub fn matches(wa: &[u32], wb: &[u32]) -> bool {
    wa.len() == wb.len()
        && wa
            .iter()
            .zip(wb)
            .all(|(&la, &lb)| la == lb || lb == WILD || lb == JUNK)
}

/// Every path of the composition, by brute force: pairs of paths of `a`
/// and `b` whose words match: (arcs of a, arcs of b, penalty).
pub fn compose_paths(a: &Graph, b: &Graph) -> Vec<(Vec<u32>, Vec<u32>, f64)> {
    let pb = paths(b);
    let mut out = Vec::new();
    for (arcs_a, pa) in paths(a) {
        let wa = word(a, &arcs_a);
        for (arcs_b, pen_b) in &pb {
            if matches(&wa, &word(b, arcs_b)) {
                out.push((arcs_a.clone(), arcs_b.clone(), pa + pen_b));
            }
        }
    }
    out
}

/// Central difference of `f(a, b)` with respect to the penalty of arc
/// `k` of `a` (or of `b` when `on_b`).
pub fn central(
    a: &Graph,
    b: &Graph,
    on_b: bool,
    k: usize,
    h: f64,
    f: impl Fn(&Graph, &Graph) -> f64,
) -> f64 {
    let (mut a, mut b) = (a.clone(), b.clone());
    let x = if on_b { &mut b.x } else { &mut a.x };
    let x0 = x[k];
    x[k] = x0 + h;
    let fp = f(&a, &b);
    let x = if on_b { &mut b.x } else { &mut a.x };
    x[k] = x0 - h;
    let fm = f(&a, &b);
    (fp - fm) / (2.0 * h)
}

/// The gap between the two best penalties (infinite with fewer than 2).
pub fn gap(mut ps: Vec<f64>) -> f64 {
    ps.sort_by(|p, q| p.partial_cmp(q).unwrap());
    if ps.len() < 2 {
        f64::INFINITY
    } else {
        ps[1] - ps[0]
    }
}
