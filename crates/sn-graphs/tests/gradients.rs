//! Gradients of every algorithm against central finite differences, in
//! f64, on small random graphs.

mod common;

use common::{central, compose_paths, gap, paths, random_dag, Rng};
use sn_graphs::{
    compose, compose_forward, compose_viterbi, discriminative, forward, viterbi, Graph, JUNK, NULL,
    WILD,
};

const SEEDS: u64 = 150;
const H: f64 = 1e-5;

fn close(got: f64, want: f64, what: &str) {
    assert!(
        (got - want).abs() < 1e-6 * (1.0 + want.abs()),
        "{what}: analytic {got}, finite difference {want}"
    );
}

/// Checks gradients `dxa` of `a` and `dxb` of `b` (if given) against
/// central differences of `score`.
fn check_both(
    a: &Graph,
    b: &Graph,
    dxa: &[f64],
    dxb: Option<&[f64]>,
    seed: u64,
    score: impl Fn(&Graph, &Graph) -> f64 + Copy,
) {
    for (k, &d) in dxa.iter().enumerate() {
        close(
            d,
            central(a, b, false, k, H, score),
            &format!("seed {seed} a arc {k}"),
        );
    }
    for (k, &d) in dxb.unwrap_or(&[]).iter().enumerate() {
        close(
            d,
            central(a, b, true, k, H, score),
            &format!("seed {seed} b arc {k}"),
        );
    }
}

fn pair(seed: u64) -> (Graph, Graph) {
    let mut r = Rng::new(seed);
    let (na, nb) = (3 + r.below(4) as usize, 2 + r.below(4) as usize);
    let a = {
        let m = 4 + r.below(10) as usize;
        random_dag(&mut r, na, m, &[0, 1, 2, NULL])
    };
    let b = {
        let m = 2 + r.below(8) as usize;
        random_dag(&mut r, nb, m, &[0, 1, 2, NULL, WILD, JUNK])
    };
    (a, b)
}

fn empty() -> Graph {
    Graph::new(1).unwrap()
}

#[test]
fn forward_gradient_matches_finite_differences() {
    for seed in 0..SEEDS {
        let (mut a, _) = pair(seed);
        let f = forward(&a).unwrap();
        if !f.penalty.is_finite() {
            continue;
        }
        f.backward(&mut a, 1.0).unwrap();
        for k in 0..a.narcs() {
            let fd = central(&a, &empty(), false, k, H, |a, _| {
                forward(a).unwrap().penalty
            });
            close(a.dx[k], fd, &format!("seed {seed} arc {k}"));
        }
    }
}

#[test]
fn viterbi_gradient_matches_finite_differences() {
    let mut checked = 0;
    for seed in 0..SEEDS {
        let (mut a, _) = pair(seed);
        let pens: Vec<f64> = paths(&a).iter().map(|p| p.1).collect();
        if pens.is_empty() || gap(pens) < 1e-3 {
            continue;
        }
        viterbi(&a).unwrap().backward(&mut a, 1.0).unwrap();
        for k in 0..a.narcs() {
            let fd = central(&a, &empty(), false, k, H, |a, _| {
                viterbi(a).unwrap().penalty
            });
            close(a.dx[k], fd, &format!("seed {seed} arc {k}"));
        }
        checked += 1;
    }
    assert!(checked > 20);
}

#[test]
fn composition_gradients_reach_both_operands() {
    // forward of the materialised composition, back through its arcs'
    // provenance into a and b
    let score = |a: &Graph, b: &Graph| forward(&compose(a, b).unwrap().graph).unwrap().penalty;
    let mut checked = 0;
    for seed in 0..SEEDS {
        let (mut a, mut b) = pair(seed);
        let mut c = compose(&a, &b).unwrap();
        let f = forward(&c.graph).unwrap();
        if !f.penalty.is_finite() {
            continue;
        }
        f.backward(&mut c.graph, 1.0).unwrap();
        c.backward(&mut a, &mut b).unwrap();
        check_both(&a, &b, &a.dx, Some(&b.dx), seed, score);
        checked += 1;
    }
    assert!(checked > 20, "{checked}");
}

#[test]
fn compose_forward_gradient_matches_finite_differences() {
    let score = |a: &Graph, b: &Graph| compose_forward(a, b).unwrap().penalty;
    for seed in 0..SEEDS {
        let (mut a, mut b) = pair(seed);
        let f = compose_forward(&a, &b).unwrap();
        if !f.penalty.is_finite() {
            continue;
        }
        f.backward(&mut a, &mut b, 1.0).unwrap();
        check_both(&a, &b, &a.dx, Some(&b.dx), seed, score);
    }
}

#[test]
fn compose_viterbi_gradient_matches_finite_differences() {
    let score = |a: &Graph, b: &Graph| compose_viterbi(a, b).unwrap().penalty;
    let mut checked = 0;
    for seed in 0..SEEDS {
        let (a, b) = pair(seed);
        let pens: Vec<f64> = compose_paths(&a, &b).iter().map(|p| p.2).collect();
        if pens.is_empty() || gap(pens) < 1e-3 {
            continue;
        }
        let v = compose_viterbi(&a, &b).unwrap();
        let (mut dxa, mut dxb) = (vec![0.0; a.narcs()], vec![0.0; b.narcs()]);
        v.backward_into(1.0, &mut dxa, Some(&mut dxb)).unwrap();
        check_both(&a, &b, &dxa, Some(&dxb), seed, score);
        checked += 1;
    }
    assert!(checked > 20, "{checked}");
}

#[test]
fn discriminative_criterion_gradient_matches_finite_differences() {
    let loss = |a: &Graph, ans: &Graph| discriminative(a, ans).unwrap().loss;
    let mut checked = 0;
    for seed in 0..SEEDS {
        let (mut a, _) = pair(seed);
        // the answer: the word of one path of a
        let all = paths(&a);
        if all.is_empty() {
            continue;
        }
        let w = common::word(&a, &all[seed as usize % all.len()].0);
        let ans = Graph::acceptor(&w).unwrap();
        let c = discriminative(&a, &ans).unwrap();
        assert!(c.loss >= -1e-12, "seed {seed}: loss {} < 0", c.loss);
        c.backward(&mut a, &ans, 1.0).unwrap();
        check_both(&a, &ans, &a.dx, None, seed, loss);
        checked += 1;
    }
    assert!(checked > 50, "{checked}");
}

#[test]
fn forward_second_derivative_is_minus_p_times_one_minus_p() {
    let h = 1e-4;
    for seed in 0..SEEDS {
        let (mut a, _) = pair(seed);
        let f0 = forward(&a).unwrap();
        if !f0.penalty.is_finite() {
            continue;
        }
        f0.backward(&mut a, 1.0).unwrap();
        for k in 0..a.narcs() {
            let mut g = a.clone();
            g.x[k] += h;
            let fp = forward(&g).unwrap().penalty;
            g.x[k] -= 2.0 * h;
            let fm = forward(&g).unwrap().penalty;
            let second = (fp - 2.0 * f0.penalty + fm) / (h * h);
            let p = a.dx[k];
            assert!(
                (second + p * (1.0 - p)).abs() < 1e-4,
                "seed {seed} arc {k}: {second} vs {}",
                -p * (1.0 - p)
            );
        }
    }
}
