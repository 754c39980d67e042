//! Finite-difference checks of `bprop` (inputs and parameters) and of
//! `bbprop` against the Gauss-Newton diagonal, for every module.

use sn_modules::modules::{
    full_table, Act, ActKind, Conv, Full, MaxPool, Pad, Rbf, Seq, Subsample,
};
use sn_modules::{Ctx, Module, Pool, Rng, State};

const CTX: Ctx = Ctx {
    par: false,
    grad_in: true,
};

/// Loss `L = Σ r_k·out_k` for fixed random `r`.
fn loss(m: &mut dyn Module, pool: &Pool, inp: &State, r: &[f32]) -> f64 {
    let mut out = State::default();
    m.fprop(pool, inp, &mut out, CTX).unwrap();
    out.x
        .iter()
        .zip(r)
        .map(|(a, b)| *a as f64 * *b as f64)
        .sum()
}

fn outputs(m: &mut dyn Module, pool: &Pool, inp: &State) -> Vec<f64> {
    let mut out = State::default();
    m.fprop(pool, inp, &mut out, CTX).unwrap();
    out.x.iter().map(|&v| v as f64).collect()
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * (1.0 + a.abs().max(b.abs()))
}

/// Checks `bprop` and `bbprop` of `m` at a random point.
fn check(name: &str, m: &mut dyn Module, pool: &mut Pool, in_dims: &[usize], seed: u64) {
    check_gn(name, m, pool, in_dims, seed, true)
}

/// With `exact_gn` false, only `bprop` is checked (a chain of several
/// mixing layers makes bbprop's diagonal an approximation of the
/// Gauss-Newton diagonal, by design).
fn check_gn(
    name: &str,
    m: &mut dyn Module,
    pool: &mut Pool,
    in_dims: &[usize],
    seed: u64,
    exact_gn: bool,
) {
    let mut rng = Rng::new(seed);
    m.forget(pool, &mut rng);
    let mut inp = State::new(in_dims).unwrap();
    inp.x.iter_mut().for_each(|v| *v = rng.range(-1.0, 1.0));
    let mut out = State::default();
    m.fprop(pool, &inp, &mut out, CTX).unwrap();
    let r: Vec<f32> = (0..out.len()).map(|_| rng.range(-1.0, 1.0)).collect();
    out.dx.copy_from_slice(&r);
    pool.clear_dx();
    m.bprop(pool, &mut inp, &out, CTX).unwrap();
    let h = 1e-3f32;
    let base_out = outputs(m, pool, &inp);
    // input gradients and input Gauss-Newton terms
    let c: Vec<f32> = (0..out.len()).map(|_| rng.range(0.5, 1.5)).collect();
    out.ddx.copy_from_slice(&c);
    out.dx.iter_mut().for_each(|v| *v = 0.0);
    inp.clear_ddx();
    pool.clear_ddx();
    m.bbprop(pool, &mut inp, &out, CTX).unwrap();
    for j in 0..inp.len() {
        let x0 = inp.x[j];
        inp.x[j] = x0 + h;
        let lp = loss(m, pool, &inp, &r);
        let op = outputs(m, pool, &inp);
        inp.x[j] = x0 - h;
        let lm = loss(m, pool, &inp, &r);
        let om = outputs(m, pool, &inp);
        inp.x[j] = x0;
        let fd = (lp - lm) / (2.0 * h as f64);
        assert!(
            close(fd, inp.dx[j] as f64, 2e-2),
            "{name}: dx[{j}] fd {fd} vs {}",
            inp.dx[j]
        );
        let gn: f64 = op
            .iter()
            .zip(&om)
            .zip(&c)
            .map(|((a, b), w)| ((a - b) / (2.0 * h as f64)).powi(2) * *w as f64)
            .sum();
        assert!(
            !exact_gn || close(gn, inp.ddx[j] as f64, 3e-2),
            "{name}: ddx[{j}] gn {gn} vs {}",
            inp.ddx[j]
        );
    }
    for p in 0..pool.len() {
        let w0 = pool.x[p];
        pool.x[p] = w0 + h;
        let lp = loss(m, pool, &inp, &r);
        let op = outputs(m, pool, &inp);
        pool.x[p] = w0 - h;
        let lm = loss(m, pool, &inp, &r);
        let om = outputs(m, pool, &inp);
        pool.x[p] = w0;
        let fd = (lp - lm) / (2.0 * h as f64);
        assert!(
            close(fd, pool.dx[p] as f64, 2e-2),
            "{name}: param {p} fd {fd} vs {}",
            pool.dx[p]
        );
        let gn: f64 = op
            .iter()
            .zip(&om)
            .zip(&c)
            .map(|((a, b), w)| ((a - b) / (2.0 * h as f64)).powi(2) * *w as f64)
            .sum();
        assert!(
            !exact_gn || close(gn, pool.ddx[p] as f64, 3e-2),
            "{name}: ddparam {p} gn {gn} vs {}",
            pool.ddx[p]
        );
    }
    assert!(base_out.iter().all(|v| v.is_finite()));
}

#[test]
fn full_layer() {
    let mut p = Pool::new();
    let mut m = Full::new(&mut p, 6, 4).unwrap();
    check("full b1", &mut m, &mut p, &[1, 6], 1);
    check("full b3", &mut m, &mut p, &[3, 2, 3], 2);
    check("full b9", &mut m, &mut p, &[9, 6], 3);
}

#[test]
fn convolution_with_table_and_stride() {
    let mut p = Pool::new();
    let mut m = Conv::new(
        &mut p,
        3,
        4,
        (3, 2),
        1,
        &[(0, 0), (1, 0), (2, 1), (0, 2), (1, 3), (2, 3)],
    )
    .unwrap();
    check("conv table", &mut m, &mut p, &[2, 3, 5, 6], 4);
    let mut p = Pool::new();
    let mut m = Conv::new(&mut p, 2, 3, (3, 3), 2, &full_table(2, 3)).unwrap();
    check("conv stride 2", &mut m, &mut p, &[2, 2, 7, 7], 5);
    let mut p = Pool::new();
    let mut m = Conv::new(&mut p, 2, 3, (4, 4), 1, &full_table(2, 3)).unwrap();
    check("conv covering the input", &mut m, &mut p, &[3, 2, 4, 4], 6);
}

#[test]
fn subsampling_and_max_pooling() {
    let mut p = Pool::new();
    let mut m = Subsample::new(&mut p, 3, 2).unwrap();
    check("subsample", &mut m, &mut p, &[2, 3, 4, 6], 7);
    let mut p = Pool::new();
    let mut m = MaxPool::new(2, 2).unwrap();
    check("maxpool", &mut m, &mut p, &[2, 2, 4, 4], 8);
}

#[test]
fn nonlinearities() {
    for (k, s) in [
        (ActKind::Stanh, 9),
        (ActKind::Tanh, 12),
        (ActKind::Logistic, 10),
        (ActKind::Relu, 11),
    ] {
        let mut p = Pool::new();
        let mut m = Act(k);
        check(m.kind(), &mut m, &mut p, &[2, 7], s);
    }
}

#[test]
fn rbf_and_padding() {
    let mut p = Pool::new();
    let mut m = Rbf::new(5, 3, Rbf::pm1_codes(5, 3, 1).unwrap()).unwrap();
    check("rbf", &mut m, &mut p, &[2, 5], 12);
    let mut p = Pool::new();
    let mut m = Pad::new(2, -0.1);
    check("pad", &mut m, &mut p, &[2, 1, 3, 4], 13);
}

#[test]
fn sequence_with_shared_parameters() {
    let mut p = Pool::new();
    let mut s = Seq::new();
    s.push(Box::new(
        Conv::new(&mut p, 1, 2, (3, 3), 1, &full_table(1, 2)).unwrap(),
    ));
    s.push(Box::new(Act(ActKind::Stanh)));
    s.push(Box::new(Subsample::new(&mut p, 2, 2).unwrap()));
    s.push(Box::new(Act(ActKind::Stanh)));
    s.push(Box::new(Full::new(&mut p, 8, 3).unwrap()));
    check_gn("seq", &mut s, &mut p, &[2, 1, 6, 6], 14, false);
}

#[test]
fn bbprop_of_a_non_mixing_chain_is_the_gauss_newton_diagonal() {
    let mut p = Pool::new();
    let mut s = Seq::new();
    s.push(Box::new(Full::new(&mut p, 5, 4).unwrap()));
    s.push(Box::new(Act(ActKind::Stanh)));
    check("full+stanh", &mut s, &mut p, &[3, 5], 15);
}

/// Checks a cost's `bprop` against finite differences of its `fprop`.
fn check_cost(c: &mut dyn sn_modules::Cost, n: usize, labels: &[usize], seed: u64) {
    let mut rng = Rng::new(seed);
    let mut out = State::new(&[labels.len(), n]).unwrap();
    out.x.iter_mut().for_each(|v| *v = rng.range(-1.0, 1.0));
    c.fprop(&out, labels).unwrap();
    out.clear_dx();
    c.bprop(&mut out, labels).unwrap();
    let h = 1e-3f32;
    for j in 0..out.len() {
        let x0 = out.x[j];
        out.x[j] = x0 + h;
        let ep = c.fprop(&out, labels).unwrap() as f64;
        out.x[j] = x0 - h;
        let em = c.fprop(&out, labels).unwrap() as f64;
        out.x[j] = x0;
        let fd = (ep - em) / (2.0 * h as f64);
        assert!(
            close(fd, out.dx[j] as f64, 2e-2),
            "{}: dx[{j}] fd {fd} vs {}",
            c.kind(),
            out.dx[j]
        );
    }
}

#[test]
fn costs() {
    use sn_modules::{RbfCost, SoftmaxCe, SqErr};
    check_cost(&mut SqErr::one_of_n(4, 1.0).unwrap(), 4, &[1, 3], 16);
    check_cost(&mut RbfCost::new(4), 4, &[0, 2, 3], 17);
    check_cost(&mut SoftmaxCe::new(5), 5, &[4, 0], 18);
}

#[test]
fn locally_connected_and_toric_padding() {
    use sn_modules::modules::{Local, Wrap};
    let mut p = Pool::new();
    let mut m = Local::new(&mut p, 2, 3, (5, 6), (3, 2), 1).unwrap();
    check("local", &mut m, &mut p, &[2, 2, 5, 6], 16);
    let mut p = Pool::new();
    let mut m = Local::new(&mut p, 1, 2, (7, 7), (3, 3), 2).unwrap();
    check("local stride 2", &mut m, &mut p, &[3, 1, 7, 7], 17);
    let mut p = Pool::new();
    let mut m = Wrap::new(1, 3);
    check("wrap", &mut m, &mut p, &[2, 2, 3, 4], 18);
    // a toric window chain as in LeCun 1989: wrap, then local (bprop only:
    // the chain mixes, so bbprop is Gauss-Newton's only approximately)
    let mut p = Pool::new();
    let mut s = Seq::new();
    s.push(Box::new(Wrap::new(0, 1)));
    s.push(Box::new(
        Local::new(&mut p, 1, 1, (7, 7), (3, 3), 2).unwrap(),
    ));
    check_gn("wrap+local", &mut s, &mut p, &[2, 1, 6, 6], 19, false);
}

#[test]
fn toric_padding_wraps_as_sn28_windows() {
    use sn_modules::modules::Wrap;
    // window k=3 stepped by 2 over n=4: sn28 window i reads (2i + d) mod 4
    let mut m = Wrap::new(0, 1);
    let mut inp = State::new(&[1, 1, 1, 4]).unwrap();
    inp.x.copy_from_slice(&[10.0, 11.0, 12.0, 13.0]);
    let mut out = State::default();
    m.fprop(&Pool::new(), &inp, &mut out, CTX).unwrap();
    let want: Vec<f32> = (0..5).map(|o| 10.0 + (o % 4) as f32).collect();
    // rows wrap too: a 1-row map gains one copy of its row
    assert_eq!(out.dims, vec![1, 1, 2, 5]);
    assert_eq!(out.x[..5], want[..]);
    assert_eq!(out.x[5..], want[..]);
    let mut m = Wrap::new(2, 0);
    m.fprop(&Pool::new(), &inp, &mut out, CTX).unwrap();
    assert_eq!(out.dims, vec![1, 1, 3, 6]);
    assert_eq!(out.x[..6], [12.0, 13.0, 10.0, 11.0, 12.0, 13.0]);
}
