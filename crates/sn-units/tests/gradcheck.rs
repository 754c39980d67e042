//! Finite-difference checks of the propagation primitives, with and
//! without shared weights, and of the second-derivative estimates.

use sn_units::{FanIn, Map, Net, Nlf, NlfKind, Scope, Sharing, Window};

struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> f32 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 40) as f32) / (1u64 << 24) as f32
    }
}

struct Toy {
    net: Net,
    hidden: Vec<u32>,
    output: Vec<u32>,
    desired: Vec<u32>,
}

/// 6 inputs -> 4 hidden (1-D windows of 3, step 1, shared kernel if
/// `shared`) -> 2 outputs (full, made row by row when `dense`), biases
/// everywhere.
fn toy(shared: bool) -> Toy {
    toy_with(shared, false)
}

fn toy_with(shared: bool, dense: bool) -> Toy {
    let mut net = Net::new(100, 100, 100);
    let input: Vec<u32> = net.newneurons(6).unwrap().collect();
    let hidden: Vec<u32> = net.newneurons(4).unwrap().collect();
    let output: Vec<u32> = net.newneurons(2).unwrap().collect();
    let desired: Vec<u32> = net.newneurons(2).unwrap().collect();
    let sharing = if shared {
        Sharing::Kernel
    } else {
        Sharing::None
    };
    let a = Map {
        units: &input,
        lin: 1,
        col: 6,
    };
    let b = Map {
        units: &hidden,
        lin: 1,
        col: 4,
    };
    let w = Window {
        xstep: 1,
        ystep: 1,
        xsize: 3,
        ysize: 1,
        toric: false,
    };
    net.window_connect("test", a, b, w, sharing).unwrap();
    net.bias_connect(&hidden).unwrap();
    if dense {
        for &o in &output {
            for &h in &hidden {
                net.connect(h, o, 0.0, None).unwrap();
            }
        }
    } else {
        for &h in &hidden {
            for &o in &output {
                net.connect(h, o, 0.0, None).unwrap();
            }
        }
    }
    net.bias_connect(&output).unwrap();
    let mut rng = Lcg(7);
    net.forget(0.8, FanIn::Const, None, &mut || rng.next())
        .unwrap();
    let x = [0.5, -1.0, 0.3, 0.9, -0.2, 0.7];
    for (&u, v) in input.iter().zip(x) {
        net.units.nval[u as usize] = v;
    }
    net.units.nval[desired[0] as usize] = 1.0;
    net.units.nval[desired[1] as usize] = -1.0;
    Toy {
        net,
        hidden,
        output,
        desired,
    }
}

fn tanh() -> (Nlf, Nlf, Nlf) {
    let k = NlfKind::Tanh {
        a: 1.7159,
        b: 0.666,
        c: 0.0,
        d: 0.0,
    };
    (
        Nlf::new(k.clone(), 0).unwrap(),
        Nlf::new(k.clone(), 1).unwrap(),
        Nlf::new(k, 2).unwrap(),
    )
}

fn cost(t: &mut Toy) -> f64 {
    let (mut f, mut df, _) = tanh();
    let mut g = || 0.0;
    t.net.update_state(0.0, &mut f, &t.hidden, &mut g).unwrap();
    t.net.update_state(0.0, &mut f, &t.output, &mut g).unwrap();
    t.net.init_grad_lms(&mut df, &t.output, &t.desired).unwrap()
}

fn check_weight_gradient(shared: bool) {
    check_weight_gradient_with(shared, false);
}

fn check_weight_gradient_with(shared: bool, dense: bool) {
    let mut t = toy_with(shared, dense);
    let out = t.output[0];
    assert_eq!(t.net.csr().dense_row(out).is_some(), dense);
    let (_, mut df, _) = tanh();
    cost(&mut t);
    t.net.update_gradient(&mut df, &t.hidden).unwrap();
    let all = (1..t.net.nnum() as u32).collect::<Vec<_>>();
    t.net.units.nepsilon.iter_mut().for_each(|e| *e = 1.0);
    let before = t.net.weights.val.clone();
    t.net
        .update_weight(0.0, 0.0, Scope::Layers(&[&all]))
        .unwrap();
    // the change of each weight: with alpha = decay = 0, the sum of the
    // terms of the connections using it (SN2.8 adds them one connection
    // at a time, so sdelta holds only the last one of a shared weight)
    let analytic: Vec<f32> = t
        .net
        .weights
        .val
        .iter()
        .zip(&before)
        .map(|(a, b)| a - b)
        .collect();
    t.net.weights.val = before.clone();
    let h = 1e-3f32;
    for w in 0..t.net.wnum() {
        t.net.weights.val[w] = before[w] + h;
        let up = cost(&mut t);
        t.net.weights.val[w] = before[w] - h;
        let down = cost(&mut t);
        t.net.weights.val[w] = before[w];
        let fd = -(up - down) / (2.0 * h as f64);
        let a = analytic[w] as f64;
        assert!(
            (fd - a).abs() <= 2e-3 + 2e-2 * a.abs(),
            "weight {w}: fd {fd} vs {a}"
        );
    }
    if shared {
        assert_eq!(t.net.wnum(), 3 + 4 + 8 + 2);
        assert_eq!(t.net.snum(), 12 + 4 + 8 + 2);
    }
}

#[test]
fn weight_gradient_matches_finite_differences() {
    check_weight_gradient(false);
}

#[test]
fn dense_rows_update_like_index_rows() {
    check_weight_gradient_with(true, true);
    check_weight_gradient_with(false, true);
}

#[test]
fn shared_weight_gradient_sums_its_connections() {
    check_weight_gradient(true);
}

#[test]
fn unit_gradient_matches_finite_differences() {
    let mut t = toy(true);
    let (_, mut df, _) = tanh();
    cost(&mut t);
    t.net.update_gradient(&mut df, &t.hidden).unwrap();
    // ngrad(h) = -dE/dnsum(h): perturb the hidden sum through a bias weight.
    let grads: Vec<f32> = t
        .hidden
        .iter()
        .map(|&u| t.net.units.ngrad[u as usize])
        .collect();
    let hidden = t.hidden.clone();
    for (i, &u) in hidden.iter().enumerate() {
        let w = t.net.weight_of("t", 0, u).unwrap() as usize;
        let v = t.net.weights.val[w];
        let h = 1e-3;
        t.net.weights.val[w] = v + h;
        let up = cost(&mut t);
        t.net.weights.val[w] = v - h;
        let down = cost(&mut t);
        t.net.weights.val[w] = v;
        let fd = -(up - down) / (2.0 * h as f64);
        assert!(
            (fd - grads[i] as f64).abs() < 2e-3 + 2e-2 * fd.abs(),
            "unit {u}: {fd} vs {}",
            grads[i]
        );
    }
}

/// A chain in -> h -> out (with biases): the diagonal second derivative
/// propagated by update-ggradient is exact there.
#[test]
fn second_derivative_is_exact_on_a_chain() {
    let mut net = Net::new(10, 10, 10);
    let (i, h, o, d) = (1u32, 2u32, 3u32, 4u32);
    net.newneurons(4).unwrap();
    net.connect(i, h, 0.7, None).unwrap();
    net.connect(0, h, -0.3, None).unwrap();
    net.connect(h, o, 1.1, None).unwrap();
    net.connect(0, o, 0.2, None).unwrap();
    net.units.nval[i as usize] = 0.8;
    net.units.nval[d as usize] = 1.0;
    let (mut f, mut df, mut ddf) = tanh();
    let mut run = |net: &mut Net| {
        let mut g = || 0.0;
        net.update_state(0.0, &mut f, &[h], &mut g).unwrap();
        net.update_state(0.0, &mut f, &[o], &mut g).unwrap();
        net.init_grad_lms(&mut df, &[o], &[d]).unwrap()
    };
    run(&mut net);
    let (_, mut df2, _) = tanh();
    net.update_gradient(&mut df2, &[h]).unwrap();
    net.clear_hess();
    // gamma 1: ssigma holds this pattern's second derivatives
    net.update_ggradient(&mut df2, Some(&mut ddf), 1.0, &[o])
        .unwrap();
    net.update_ggradient(&mut df2, Some(&mut ddf), 1.0, &[h])
        .unwrap();
    net.update_hess(Scope::All).unwrap();
    let hess = net.weights.hess.clone();
    let eps = 1e-2f32;
    for w in 0..net.wnum() {
        let v = net.weights.val[w];
        let c0 = run(&mut net);
        net.weights.val[w] = v + eps;
        let up = run(&mut net);
        net.weights.val[w] = v - eps;
        let down = run(&mut net);
        net.weights.val[w] = v;
        let fd = (up - 2.0 * c0 + down) / (eps as f64 * eps as f64);
        let a = hess[w] as f64;
        assert!(
            (fd - a).abs() < 1e-2 + 3e-2 * a.abs(),
            "weight {w}: fd {fd} vs {a}"
        );
    }
}

/// With a linear output and no hidden layer the Gauss-Newton estimate is
/// the exact diagonal Hessian (x² per weight); it is also averaged with
/// rate gamma.
#[test]
fn gauss_newton_estimate_on_a_linear_layer() {
    let mut net = Net::new(10, 10, 10);
    let u: Vec<u32> = net.newneurons(4).unwrap().collect();
    let (a, b, o, d) = (u[0], u[1], u[2], u[3]);
    net.connect(a, o, 0.3, None).unwrap();
    net.connect(b, o, -0.4, None).unwrap();
    net.dup_connection(a, o, 0, o).unwrap();
    net.units.nval[a as usize] = 0.5;
    net.units.nval[b as usize] = -2.0;
    let lin = NlfKind::Lin {
        a: 1.0,
        b: 1.0,
        c: 0.0,
        d: 0.0,
    };
    let (mut f, mut df) = (Nlf::new(lin.clone(), 0).unwrap(), Nlf::new(lin, 1).unwrap());
    let mut g = || 0.0;
    net.update_state(0.0, &mut f, &[o], &mut g).unwrap();
    net.init_grad_lms(&mut df, &[o], &[d]).unwrap();
    net.update_lmggradient(&mut df, 0.5, &[o]).unwrap();
    // shared weight a->o and 0->o: the sum over its connections of their
    // diagonal terms x², as in optimal brain damage, averaged with 0.5
    // into ssigma; update-hess adds ssigma to shess.
    let wa = net.weight_of("t", a, o).unwrap() as usize;
    let wb = net.weight_of("t", b, o).unwrap() as usize;
    assert!((net.weights.sigma[wa] - 0.5 * (0.25 + 1.0)).abs() < 1e-6);
    assert!((net.weights.sigma[wb] - 0.5 * 4.0).abs() < 1e-6);
    // the averaged curvature (ssigma) is not the accumulated one (shess)
    assert_eq!(net.weights.hess[wa], 0.0);
    net.update_lmggradient(&mut df, 0.5, &[o]).unwrap();
    assert!((net.weights.sigma[wa] - 0.75 * (0.25 + 1.0)).abs() < 1e-6);
    net.clear_hess();
    net.update_hess(Scope::All).unwrap();
    net.update_hess(Scope::All).unwrap();
    assert!((net.weights.hess[wa] - 1.5 * (0.25 + 1.0)).abs() < 1e-6);
    assert!((net.weights.hess[wb] - 1.5 * 4.0).abs() < 1e-6);
}
