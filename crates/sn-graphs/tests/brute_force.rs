//! Brute-force enumeration of all paths agrees with Viterbi, forward,
//! their gradients (the closed form: forward gradients are the softmax of
//! the path penalties) and the composition, over many random tiny DAGs.

mod common;

use common::{compose_paths, logsum, paths, random_dag, Rng};
use sn_graphs::{
    compose, compose_forward, compose_viterbi, forward, viterbi, Graph, JUNK, NULL, WILD,
};

const SEEDS: u64 = 400;

#[test]
fn viterbi_and_forward_agree_with_all_paths() {
    let mut checked = 0;
    for seed in 0..SEEDS {
        let mut r = Rng::new(seed);
        let n = 2 + r.below(5) as usize;
        let g = {
            let m = 1 + r.below(10) as usize;
            random_dag(&mut r, n, m, &[0, 1, 2])
        };
        let all = paths(&g);
        let pens: Vec<f64> = all.iter().map(|p| p.1).collect();
        let v = viterbi(&g).unwrap();
        let f = forward(&g).unwrap();
        assert_eq!(f.penalty.is_finite(), !all.is_empty(), "seed {seed}");
        if all.is_empty() {
            assert!(v.arcs.is_empty() && v.penalty == f64::INFINITY);
            continue;
        }
        let best = pens.iter().cloned().fold(f64::INFINITY, f64::min);
        assert!(
            (v.penalty - best).abs() < 1e-12,
            "seed {seed}: {} vs {best}",
            v.penalty
        );
        assert!(
            all.iter().any(|(arcs, _)| *arcs == v.arcs),
            "seed {seed}: Viterbi path is a path"
        );
        assert!((f.penalty - logsum(&pens)).abs() < 1e-12, "seed {seed}");
        checked += 1;
    }
    assert!(checked > SEEDS / 2, "only {checked} graphs had a path");
}

#[test]
fn forward_gradient_is_the_softmax_of_path_penalties() {
    for seed in 0..SEEDS {
        let mut r = Rng::new(1000 + seed);
        let n = 2 + r.below(5) as usize;
        let mut g = {
            let m = 1 + r.below(12) as usize;
            random_dag(&mut r, n, m, &[0, 1])
        };
        let all = paths(&g);
        let f = forward(&g).unwrap();
        f.backward(&mut g, 1.0).unwrap();
        let mut post = vec![0.0; g.narcs()];
        for (arcs, p) in &all {
            for &a in arcs {
                post[a as usize] += (f.penalty - p).exp();
            }
        }
        for (a, (&d, &q)) in g.dx.iter().zip(&post).enumerate() {
            assert!((d - q).abs() < 1e-12, "seed {seed} arc {a}: {d} vs {q}");
        }
        let on_paths: f64 = all.iter().map(|(_, p)| (f.penalty - p).exp()).sum();
        assert!(all.is_empty() || (on_paths - 1.0).abs() < 1e-12);
    }
}

#[test]
fn composition_agrees_with_pairs_of_matching_paths() {
    let la = [0, 1, 2, NULL];
    let lb = [0, 1, 2, NULL, WILD, JUNK];
    let mut nonempty = 0;
    for seed in 0..SEEDS {
        let mut r = Rng::new(5000 + seed);
        let (na, nb) = (2 + r.below(4) as usize, 2 + r.below(4) as usize);
        let a = {
            let m = 1 + r.below(8) as usize;
            random_dag(&mut r, na, m, &la)
        };
        let b = {
            let m = 1 + r.below(7) as usize;
            random_dag(&mut r, nb, m, &lb)
        };
        let pairs = compose_paths(&a, &b);
        let pens: Vec<f64> = pairs.iter().map(|p| p.2).collect();
        let c = compose(&a, &b).unwrap();
        let cf = compose_forward(&a, &b).unwrap();
        let cv = compose_viterbi(&a, &b).unwrap();
        let fm = forward(&c.graph).unwrap();
        let vm = viterbi(&c.graph).unwrap();
        assert_eq!(
            paths(&c.graph).len(),
            pairs.len(),
            "seed {seed}: one composed path per matching pair"
        );
        let want = logsum(&pens);
        let best = pens.iter().cloned().fold(f64::INFINITY, f64::min);
        if pairs.is_empty() {
            assert!(
                cf.penalty == f64::INFINITY
                    && fm.penalty == f64::INFINITY
                    && cv.penalty == f64::INFINITY
            );
            continue;
        }
        nonempty += 1;
        assert!(
            (cf.penalty - want).abs() < 1e-12,
            "seed {seed}: {} vs {want}",
            cf.penalty
        );
        assert!((fm.penalty - want).abs() < 1e-12, "seed {seed}");
        assert!(
            (cv.penalty - best).abs() < 1e-12 && (vm.penalty - best).abs() < 1e-12,
            "seed {seed}"
        );
        let ca: Vec<u32> = cv
            .arcs_a
            .iter()
            .cloned()
            .filter(|&e| e != sn_graphs::NONE)
            .collect();
        let cb: Vec<u32> = cv
            .arcs_b
            .iter()
            .cloned()
            .filter(|&e| e != sn_graphs::NONE)
            .collect();
        assert!(
            pairs.iter().any(|(pa, pb, _)| *pa == ca && *pb == cb),
            "seed {seed}: best path is a pair"
        );
    }
    assert!(
        nonempty > SEEDS / 5,
        "only {nonempty} compositions had a path"
    );
}

/// A chain of nodes joined by blocks of parallel arcs (numbered
/// consecutively, as in gtn's linear graph, so the backward pass takes
/// its one-destination path), some forbidden (`+inf`), plus a few arcs
/// that break the blocks: skips, and arcs into a node off every path.
fn blocky(r: &mut Rng) -> Graph {
    let k = 1 + r.below(4) as usize;
    let mut g = Graph::new(k + 2).unwrap();
    g.set_end(k as u32).unwrap();
    for i in 0..k as u32 {
        for _ in 0..1 + r.below(4) {
            let x = if r.below(6) == 0 {
                f64::INFINITY
            } else {
                r.uniform(-3.0, 3.0)
            };
            g.add_arc(i, i + 1, 0, x).unwrap();
        }
    }
    for _ in 0..r.below(3) {
        let s = r.below(k as u64) as u32;
        let d = if r.below(2) == 0 {
            k as u32 + 1
        } else {
            (s + 2).min(k as u32)
        };
        g.add_arc(s, d, 0, r.uniform(-3.0, 3.0)).unwrap();
    }
    g
}

#[test]
fn forward_gradients_of_parallel_arc_blocks_are_the_posteriors() {
    for seed in 0..SEEDS {
        let mut r = Rng::new(5000 + seed);
        let mut g = blocky(&mut r);
        let all = paths(&g);
        let f = forward(&g).unwrap();
        let mut post = vec![0.0; g.narcs()];
        // forbidden paths (and all paths when all are) have posterior 0
        for (arcs, p) in all.iter().filter(|(_, p)| p.is_finite()) {
            for &a in arcs {
                post[a as usize] += 0.5 * (f.penalty - p).exp();
            }
        }
        // accumulating onto 1s, and overwriting garbage
        g.dx.iter_mut().for_each(|d| *d = 1.0);
        f.backward(&mut g, 0.5).unwrap();
        let mut set = vec![f64::NAN; g.narcs()];
        f.gradient_into(&g, 0.5, &mut set).unwrap();
        for (a, &q) in post.iter().enumerate() {
            let (d, s) = (g.dx[a], set[a]);
            assert!(
                (d - 1.0 - q).abs() < 1e-12,
                "seed {seed} arc {a}: {d} vs 1 + {q}"
            );
            assert!((s - q).abs() < 1e-12, "seed {seed} arc {a}: {s} vs {q}");
        }
        // with no path at all (or d = 0), overwriting gives zeros
        let mut none = g.clone();
        none.x.iter_mut().for_each(|x| *x = f64::INFINITY);
        let f = forward(&none).unwrap();
        f.set_gradients(&mut none, 1.0).unwrap();
        assert!(none.dx.iter().all(|&d| d == 0.0), "seed {seed}");
    }
}
