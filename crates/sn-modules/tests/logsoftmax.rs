//! The log-softmax module: values against a direct f64 computation,
//! stability with large inputs, `bprop` (inputs and, in a sequence,
//! parameters) against central differences, `bbprop` against the
//! Gauss-Newton diagonal `Σ_k (∂y_k/∂x_j)² ddy_k` measured by finite
//! differences.

use sn_modules::modules::{full_table, Conv, LogSoftmax, Seq};
use sn_modules::{Ctx, Module, Pool, Rng, State};

const CTX: Ctx = Ctx {
    par: false,
    grad_in: true,
};

fn outputs(m: &mut dyn Module, pool: &Pool, inp: &State) -> Vec<f64> {
    let mut out = State::default();
    m.fprop(pool, inp, &mut out, CTX).unwrap();
    out.x.iter().map(|&v| v as f64).collect()
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * (1.0 + a.abs().max(b.abs()))
}

/// Central differences of all outputs with respect to `v[j]`, a value of
/// the input (`param` false) or of the pool.
fn jacobian_column(
    m: &mut dyn Module,
    pool: &mut Pool,
    inp: &mut State,
    param: bool,
    j: usize,
) -> Vec<f64> {
    let h = 1e-3f32;
    let v = |pool: &mut Pool, inp: &mut State, d: f32| {
        let r = if param { &mut pool.x[j] } else { &mut inp.x[j] };
        *r += d;
    };
    v(pool, inp, h);
    let op = outputs(m, pool, inp);
    v(pool, inp, -2.0 * h);
    let om = outputs(m, pool, inp);
    v(pool, inp, h);
    op.iter()
        .zip(&om)
        .map(|(a, b)| (a - b) / (2.0 * h as f64))
        .collect()
}

/// Checks `bprop` (and `bbprop` when `gn`) of `m` at a random point of
/// shape `dims`, for the inputs and the pool's parameters.
fn check(name: &str, m: &mut dyn Module, pool: &mut Pool, dims: &[usize], seed: u64, gn: bool) {
    let mut rng = Rng::new(seed);
    m.forget(pool, &mut rng);
    let mut inp = State::new(dims).unwrap();
    inp.x.iter_mut().for_each(|v| *v = rng.range(-2.0, 2.0));
    let mut out = State::default();
    m.fprop(pool, &inp, &mut out, CTX).unwrap();
    let r: Vec<f32> = (0..out.len()).map(|_| rng.range(-1.0, 1.0)).collect();
    let c: Vec<f32> = (0..out.len()).map(|_| rng.range(0.5, 1.5)).collect();
    out.dx.copy_from_slice(&r);
    out.ddx.copy_from_slice(&c);
    pool.clear_dx();
    pool.clear_ddx();
    m.bprop(pool, &mut inp, &out, CTX).unwrap();
    m.bbprop(pool, &mut inp, &out, CTX).unwrap();
    let nparams = pool.len();
    for (param, n) in [(false, inp.len()), (true, nparams)] {
        for j in 0..n {
            let col = jacobian_column(m, pool, &mut inp, param, j);
            let fd: f64 = col.iter().zip(&r).map(|(a, &b)| a * b as f64).sum();
            let g: f64 = col.iter().zip(&c).map(|(a, &w)| a * a * w as f64).sum();
            let (d, dd) = if param {
                (pool.dx[j], pool.ddx[j])
            } else {
                (inp.dx[j], inp.ddx[j])
            };
            assert!(
                close(fd, d as f64, 2e-2),
                "{name}: d[{j}] (param {param}) fd {fd} vs {d}"
            );
            assert!(
                !gn || close(g, dd as f64, 3e-2),
                "{name}: dd[{j}] (param {param}) gn {g} vs {dd}"
            );
        }
    }
}

/// Log-softmax over the maps at every position, in f64.
fn reference(x: &[f32], dims: &[usize]) -> Vec<f64> {
    let (b, maps) = (dims[0], dims[1]);
    let n: usize = dims[2..].iter().product();
    let mut y = vec![0.0; x.len()];
    for s in 0..b {
        for p in 0..n {
            let at = |i: usize| s * maps * n + i * n + p;
            let m = (0..maps).map(|i| x[at(i)] as f64).fold(f64::MIN, f64::max);
            let z: f64 = (0..maps).map(|i| (x[at(i)] as f64 - m).exp()).sum();
            for i in 0..maps {
                y[at(i)] = x[at(i)] as f64 - m - z.ln();
            }
        }
    }
    y
}

#[test]
fn values_are_log_probabilities_over_the_maps() {
    let mut rng = Rng::new(3);
    for dims in [
        vec![4, 7],
        vec![2, 5, 3, 11],
        vec![3, 4, 1, 9],
        vec![2, 3, 6],
    ] {
        let mut inp = State::new(&dims).unwrap();
        inp.x.iter_mut().for_each(|v| *v = rng.range(-8.0, 8.0));
        let y = outputs(&mut LogSoftmax::new(), &Pool::new(), &inp);
        let want = reference(&inp.x, &dims);
        for (a, b) in y.iter().zip(&want) {
            assert!((a - b).abs() < 1e-5, "{dims:?}: {a} vs {b}");
        }
        // the probabilities at each position sum to 1
        let (maps, n) = (dims[1], dims[2..].iter().product::<usize>());
        for s in 0..dims[0] {
            for p in 0..n {
                let z: f64 = (0..maps).map(|i| y[s * maps * n + i * n + p].exp()).sum();
                assert!((z - 1.0).abs() < 1e-5, "{dims:?}: sum {z}");
            }
        }
    }
}

#[test]
fn large_inputs_stay_finite_and_shift_invariant() {
    let mut inp = State::new(&[1, 3, 1, 2]).unwrap();
    inp.x
        .copy_from_slice(&[1000.0, -1000.0, 1001.0, 0.0, 999.0, 5.0]);
    let y = outputs(&mut LogSoftmax::new(), &Pool::new(), &inp);
    assert!(y.iter().all(|v| v.is_finite()), "{y:?}");
    let want = reference(&inp.x, &inp.dims);
    for (a, b) in y.iter().zip(&want) {
        assert!((a - b).abs() < 1e-4, "{a} vs {b}");
    }
    // position 0 reads 1000, 1001, 999: the same as 1, 2, 0
    let mut small = State::new(&[1, 3, 1, 1]).unwrap();
    small.x.copy_from_slice(&[1.0, 2.0, 0.0]);
    let s = outputs(&mut LogSoftmax::new(), &Pool::new(), &small);
    for i in 0..3 {
        assert!((y[2 * i] - s[i]).abs() < 1e-4, "{} vs {}", y[2 * i], s[i]);
    }
}

#[test]
fn gradients_and_gauss_newton_diagonal() {
    let mut p = Pool::new();
    check(
        "logsoftmax (b n)",
        &mut LogSoftmax::new(),
        &mut p,
        &[3, 6],
        1,
        true,
    );
    check(
        "logsoftmax (b m h w)",
        &mut LogSoftmax::new(),
        &mut p,
        &[2, 4, 2, 5],
        2,
        true,
    );
    check(
        "logsoftmax one map",
        &mut LogSoftmax::new(),
        &mut p,
        &[2, 1, 1, 3],
        3,
        true,
    );
}

#[test]
fn gradients_through_a_1x1_convolution_on_a_wide_input() {
    // the head of a space-displacement net: a 1x1 convolution to the
    // classes, then log-softmax over them at every column
    let mut p = Pool::new();
    let mut s = Seq::new();
    s.push(Box::new(
        Conv::new(&mut p, 3, 4, (1, 1), 1, &full_table(3, 4)).unwrap(),
    ));
    s.push(Box::new(LogSoftmax::new()));
    // bbprop of a mixing chain is Gauss-Newton's only approximately
    check(
        "conv1x1+logsoftmax",
        &mut s,
        &mut p,
        &[2, 3, 1, 7],
        4,
        false,
    );
}

#[test]
fn refuses_states_without_maps() {
    let m = LogSoftmax::new();
    assert!(m.out_shape(&[3]).is_err());
    assert!(m.out_shape(&[2, 0, 4]).is_err());
    assert!(m.out_shape(&[1, 2, 3, 4, 5]).is_err());
    assert_eq!(m.out_shape(&[2, 5, 1, 9]).unwrap().dims(), &[2, 5, 1, 9]);
}

#[test]
fn costs_read_a_one_position_map_output_as_a_vector() {
    use sn_modules::{Cost, SoftmaxCe};
    let mut rng = Rng::new(7);
    let mut flat = State::new(&[2, 5]).unwrap();
    flat.x.iter_mut().for_each(|v| *v = rng.range(-2.0, 2.0));
    let mut maps = State::new(&[2, 5, 1, 1]).unwrap();
    maps.x.copy_from_slice(&flat.x);
    let (mut a, mut b) = (SoftmaxCe::new(5), SoftmaxCe::new(5));
    let ea = a.fprop(&flat, &[1, 4]).unwrap();
    let eb = b.fprop(&maps, &[1, 4]).unwrap();
    assert_eq!(ea, eb);
    a.bprop(&mut flat, &[1, 4]).unwrap();
    b.bprop(&mut maps, &[1, 4]).unwrap();
    assert_eq!(flat.dx, maps.dx);
    assert_eq!(b.classify(&maps, 1).unwrap(), a.classify(&flat, 1).unwrap());
    // several positions are not one vector per sample
    let wide = State::new(&[2, 5, 1, 2]).unwrap();
    assert!(b.fprop(&wide, &[1, 4]).is_err());
    assert!(!sn_modules::cost_reads(&[2, 5, 1, 2], 5));
    assert!(sn_modules::cost_reads(&[2, 5, 1, 1], 5));
}
