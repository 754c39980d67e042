//! Finite-difference checks of SN2.8's Euclidean units, of
//! `update-deltastate`, and arithmetic checks of the IAC/ART units, the
//! conjugate-gradient step and SN2.8's weight files.

use sn_units::{Iac, Net, Nlf, NlfKind};

fn tanh() -> (Nlf, Nlf, Nlf) {
    let k = NlfKind::Tanh {
        a: 1.7159,
        b: 0.6667,
        c: 0.0,
        d: 0.0,
    };
    (
        Nlf::new(k.clone(), 0).unwrap(),
        Nlf::new(k.clone(), 1).unwrap(),
        Nlf::new(k, 2).unwrap(),
    )
}

/// 3 inputs -> 2 Euclidean units (tanh of the distance) -> compared with 2
/// desired values.
struct Rbf {
    net: Net,
    input: Vec<u32>,
    out: Vec<u32>,
    des: Vec<u32>,
}

fn rbf() -> Rbf {
    let mut net = Net::new(10, 10, 10);
    let input: Vec<u32> = net.newneurons(3).unwrap().collect();
    let out: Vec<u32> = net.newneurons(2).unwrap().collect();
    let des: Vec<u32> = net.newneurons(2).unwrap().collect();
    let w = [0.3, -0.2, 0.5, -0.4, 0.1, 0.25];
    let mut k = 0;
    for &o in &out {
        for &i in &input {
            net.connect(i, o, w[k], None).unwrap();
            k += 1;
        }
    }
    for (&i, x) in input.iter().zip([0.2f32, -0.1, 0.4]) {
        net.units.nval[i as usize] = x;
        net.units.nsum[i as usize] = x; // linear input units
    }
    net.units.nval[des[0] as usize] = 0.5;
    net.units.nval[des[1] as usize] = -0.3;
    Rbf {
        net,
        input,
        out,
        des,
    }
}

/// Forward then LMS cost (SN2.8's ½Σ(d − y)²).
fn cost(r: &mut Rbf) -> f64 {
    let (mut f, mut df, _) = tanh();
    r.net.update_nn_sum(0.0, &r.out, &mut || 0.0).unwrap();
    r.net.update_state_only(&mut f, &r.out).unwrap();
    r.net.init_grad_lms(&mut df, &r.out, &r.des).unwrap()
}

#[test]
fn euclidean_weight_gradient_matches_finite_differences() {
    let mut r = rbf();
    // rate 1: sacc holds (sval − x)·ngrad·ε
    for &u in &r.out {
        r.net.units.nepsilon[u as usize] = 1.0;
    }
    cost(&mut r);
    r.net.update_nn_acc(Some(&r.out)).unwrap();
    let acc = r.net.weights.acc.clone();
    let h = 1e-3f32;
    for w in 0..r.net.wnum() {
        let w0 = r.net.weights.val[w];
        r.net.weights.val[w] = w0 + h;
        let cp = cost(&mut r);
        r.net.weights.val[w] = w0 - h;
        let cm = cost(&mut r);
        r.net.weights.val[w] = w0;
        let de_dw = (cp - cm) / (2.0 * h as f64);
        // sacc = (sval − x)·ngrad = −½·dE/dw (SN2.8 folds the 2 into ε).
        assert!(
            (acc[w] as f64 + 0.5 * de_dw).abs() < 2e-3,
            "weight {w}: {} vs {}",
            acc[w],
            -0.5 * de_dw
        );
    }
}

#[test]
fn euclidean_back_sum_and_second_derivative_match_finite_differences() {
    let mut r = rbf();
    let (_, mut df, mut ddf) = tanh();
    cost(&mut r);
    r.net.update_nn_back_sum(&r.input).unwrap();
    r.net
        .update_nn_ggradient(&mut df, Some(&mut ddf), 1.0, &r.out)
        .unwrap();
    r.net
        .update_nn_ggradient(&mut df, Some(&mut ddf), 1.0, &r.input)
        .unwrap();
    let h = 1e-2f32;
    for &i in &r.input.clone() {
        let k = i as usize;
        let x0 = r.net.units.nval[k];
        let e0 = cost(&mut r);
        let at = |x: f32, r: &mut Rbf| {
            r.net.units.nval[k] = x;
            let c = cost(r);
            r.net.units.nval[k] = x0;
            c
        };
        let (cp, cm) = (at(x0 + h, &mut r), at(x0 - h, &mut r));
        let d1 = (cp - cm) / (2.0 * h as f64);
        let d2 = (cp - 2.0 * e0 + cm) / (h as f64 * h as f64);
        let back = r.net.units.nbacksum[k] as f64;
        let sq = r.net.units.nsqbacksum[k] as f64;
        assert!(
            (back + d1).abs() < 2e-3,
            "unit {i}: nbacksum {back} vs −dE/dx {}",
            -d1
        );
        assert!(
            (sq - d2).abs() < 2e-2 * (1.0 + d2.abs()),
            "unit {i}: nsqbacksum {sq} vs d²E/dx² {d2}"
        );
    }
}

/// The state of unit `u` after moving the weights by `t·sdelta` and the
/// inputs by `t·ngrad`.
fn moved_state(net: &Net, u: u32, layer: &[u32], t: f32, euclid: bool) -> f32 {
    let mut n = net.clone();
    for w in 0..n.wnum() {
        n.weights.val[w] += t * n.weights.delta[w];
    }
    for &i in layer {
        n.units.nval[i as usize] += t * n.units.ngrad[i as usize];
    }
    let (mut f, _, _) = tanh();
    if euclid {
        n.update_nn_sum(0.0, &[u], &mut || 0.0).unwrap();
    } else {
        n.update_weighted_sum(0.0, &[u], &mut || 0.0).unwrap();
    }
    n.update_state_only(&mut f, &[u]).unwrap();
    n.units.nval[u as usize]
}

#[test]
fn deltastate_is_the_directional_derivative_of_the_state() {
    for euclid in [false, true] {
        let mut r = rbf();
        cost(&mut r);
        if !euclid {
            r.net.update_weighted_sum(0.0, &r.out, &mut || 0.0).unwrap();
        }
        let dirs = [0.7f32, -0.3, 0.2, 0.5, -0.6, 0.1];
        r.net.weights.delta.copy_from_slice(&dirs);
        for (&i, g) in r.input.iter().zip([0.4f32, -0.2, 0.3]) {
            r.net.units.ngrad[i as usize] = g;
        }
        let (_, mut df, _) = tanh();
        if euclid {
            r.net.update_nn_deltastate(&mut df, &r.out).unwrap();
        } else {
            r.net.update_deltastate(&mut df, &r.out).unwrap();
        }
        let h = 1e-3;
        for &o in &r.out {
            let fd = (moved_state(&r.net, o, &r.input, h, euclid)
                - moved_state(&r.net, o, &r.input, -h, euclid))
                / (2.0 * h);
            let g = r.net.units.ngrad[o as usize];
            assert!(
                (g - fd).abs() < 2e-3,
                "euclid {euclid}, unit {o}: {g} vs {fd}"
            );
        }
    }
}

#[test]
fn find_winner_and_loser_take_the_first_of_equals() {
    let mut net = Net::new(10, 0, 0);
    let l: Vec<u32> = net.newneurons(4).unwrap().collect();
    for (&u, x) in l.iter().zip([0.5f32, 0.9, 0.9, -1.0]) {
        net.units.nval[u as usize] = x;
    }
    assert_eq!(net.find_extreme(&l, true).unwrap(), Some(l[1]));
    assert_eq!(net.find_extreme(&l, false).unwrap(), Some(l[3]));
    assert_eq!(net.find_extreme(&[], true).unwrap(), None);
}

#[test]
fn iac_and_art_follow_their_formulas() {
    let mut net = Net::new(10, 10, 10);
    let a: Vec<u32> = net.newneurons(2).unwrap().collect();
    let b = net.newneurons(1).unwrap().start;
    net.connect(a[0], b, 0.5, None).unwrap();
    net.connect(a[1], b, -2.0, None).unwrap();
    net.units.nval[a[0] as usize] = 1.0;
    net.units.nval[a[1] as usize] = 0.25;
    net.update_excitation(&[b], true).unwrap();
    net.update_excitation(&[b], false).unwrap();
    let k = b as usize;
    assert_eq!((net.units.nspare[k], net.units.nspare2[k]), (0.5, -0.5));
    let c = Iac {
        alpha: 0.1,
        beta: 0.2,
        gamma: 0.3,
        min: -0.2,
        max: 1.0,
        rest: -0.1,
        decay: 0.05,
    };
    net.units.nval[k] = 0.4;
    net.units.nsum[k] = 0.3;
    net.update_iac_activation(&[b], &c).unwrap();
    // net = 0.3·0.4 + 0.1·0.5 + 0.2·(−0.5) = 0.07 > 0
    let want = 0.3 + (0.07 * (1.0 - 0.3) - 0.05 * (0.3 + 0.1));
    assert!((net.units.nsum[k] - want).abs() < 1e-6);
    net.units.nsum[k] = 0.3;
    net.update_art_activation(&[b], &c).unwrap();
    let (e, i) = (0.3 * 0.4 + 0.1 * 0.5, 0.2 * -0.5);
    let want = (0.3 + (e * (1.0 - 0.3) + i * (0.3 + 0.2))) - 0.05 * (0.3 + 0.1);
    assert!((net.units.nsum[k] - want).abs() < 1e-6);
}

#[test]
fn conjgrad_step_and_its_curvature_check() {
    let mut net = Net::new(10, 10, 10);
    let l: Vec<u32> = net.newneurons(3).unwrap().collect();
    net.connect(l[0], l[2], 1.0, None).unwrap();
    net.connect(l[1], l[2], 2.0, None).unwrap();
    net.weights.acc.copy_from_slice(&[0.5, 1.0]);
    net.weights.delta.copy_from_slice(&[2.0, -1.0]);
    net.update_wghtonly_conjgrad(0.5).unwrap();
    // t = (0.5·2 − 1)/0.5 = 0
    assert_eq!(net.weights.val, vec![1.0, 2.0]);
    net.weights.acc.copy_from_slice(&[1.0, 1.0]);
    net.update_wghtonly_conjgrad(2.0).unwrap(); // t = 0.5
    assert_eq!(net.weights.val, vec![2.0, 1.5]);
    assert!(net.update_wghtonly_conjgrad(0.0).is_err());
}

#[test]
fn sn28_record_files_round_trip_between_cell_lists() {
    let tmp = tempfile::Builder::new()
        .prefix("sn28-prims-")
        .tempdir()
        .unwrap();
    let dir = tmp.path();
    let mut a = Net::new(10, 10, 10);
    let l: Vec<u32> = a.newneurons(3).unwrap().collect();
    a.connect(0, l[2], 0.125, None).unwrap();
    a.connect(l[0], l[2], -1.5, None).unwrap();
    a.connect(l[1], l[2], 3.25, None).unwrap();
    for ascii in [false, true] {
        let p = dir.join(if ascii { "w.asc" } else { "w.wei" });
        a.save_sn28_records(&p, Some(&l), ascii, 7).unwrap();
        let bytes = std::fs::read(&p).unwrap();
        if ascii {
            let text = String::from_utf8(bytes).unwrap();
            assert!(
                text.starts_with(".WEI 3 7\n   0    3  0.1250000\n"),
                "{text}"
            );
        } else {
            assert_eq!(
                &bytes[..12],
                &[0x93, 0x1c, 0x4f, 0x2d, 3, 0, 0, 0, 7, 0, 0, 0]
            );
            assert_eq!(bytes.len(), 12 + 3 * 12);
        }
        // Another net with the units in another order.
        let mut b = Net::new(10, 10, 10);
        let m: Vec<u32> = b.newneurons(4).unwrap().collect();
        b.connect(m[1], m[3], 0.0, None).unwrap();
        b.connect(m[2], m[3], 0.0, None).unwrap();
        b.connect(0, m[3], 0.0, None).unwrap();
        let h = b.merge_sn28(&p, &[m[2], m[1], m[3]]).unwrap();
        assert_eq!((h.count, h.age), (3, 7));
        assert_eq!(
            b.weight_field(sn_units::WeightField::Val, m[2], m[3])
                .unwrap(),
            -1.5
        );
        assert_eq!(
            b.weight_field(sn_units::WeightField::Val, m[1], m[3])
                .unwrap(),
            3.25
        );
        assert_eq!(
            b.weight_field(sn_units::WeightField::Val, 0, m[3]).unwrap(),
            0.125
        );
        // A missing connection is an error and leaves the net untouched.
        let mut c = Net::new(10, 10, 10);
        let n: Vec<u32> = c.newneurons(3).unwrap().collect();
        c.connect(n[0], n[2], 9.0, None).unwrap();
        assert!(c.merge_sn28(&p, &n).is_err());
        assert_eq!(c.weights.val, vec![9.0]);
    }
}
