//! LeNet-1 and LeNet-5 as published; parallel and serial kernels agree;
//! save/load round trip; training lowers the error.

use sn_modules::data::Dataset;
use sn_modules::io::{load, save, Meta};
use sn_modules::lenet::{lenet1, lenet5, Head};
use sn_modules::{Rng, TrainConfig, Trainer};

#[test]
fn lenet5_has_60000_parameters_and_340908_connections() {
    let net = lenet5(Head::Rbf, true, 1).unwrap();
    assert_eq!(net.nparams(), 60_000);
    assert_eq!(net.pool.len(), 60_000);
    assert_eq!(net.connections().unwrap(), 340_908);
}

#[test]
fn lenet1_has_about_2600_parameters() {
    let net = lenet1(1).unwrap();
    assert_eq!(net.nparams(), 2_578);
}

fn random_data(n: usize, side: usize, seed: u64) -> Dataset {
    let mut rng = Rng::new(seed);
    Dataset {
        x: (0..n * side * side)
            .map(|_| rng.range(-0.1, 1.175))
            .collect(),
        y: (0..n).map(|_| rng.below(10)).collect(),
        shape: vec![1, side, side],
        classes: 10,
    }
}

#[test]
fn parallel_and_serial_kernels_agree() {
    let d = random_data(40, 32, 3);
    let idx: Vec<usize> = (0..40).collect();
    for head in [Head::Rbf, Head::SoftmaxCe] {
        let mut a = lenet5(head, true, 9).unwrap();
        let mut b = lenet5(head, true, 9).unwrap();
        b.par = true;
        for n in [&mut a, &mut b] {
            n.load_batch(&d, &idx).unwrap();
            n.fprop().unwrap();
            n.energy().unwrap();
            n.bprop().unwrap();
            n.bbprop().unwrap();
        }
        let close = |x: &[f32], y: &[f32]| {
            x.iter()
                .zip(y)
                .all(|(p, q)| (p - q).abs() <= 1e-4 * (1.0 + p.abs()))
        };
        assert!(close(&a.output.x, &b.output.x), "outputs differ");
        assert!(close(&a.pool.dx, &b.pool.dx), "gradients differ");
        assert!(close(&a.pool.ddx, &b.pool.ddx), "second derivatives differ");
        assert!(a.pool.dx.iter().any(|&v| v != 0.0));
    }
}

#[test]
fn save_and_load_round_trip_and_reject_other_networks() {
    let tmp = tempfile::Builder::new()
        .prefix("sn-modules-io-")
        .tempdir()
        .unwrap();
    let dir = tmp.path();
    let path = dir.join("net.snp");
    let a = lenet5(Head::Rbf, true, 4).unwrap();
    save(
        &path,
        &a,
        Meta {
            epoch: 3,
            age: 24_000,
        },
    )
    .unwrap();
    let mut b = lenet5(Head::Rbf, true, 5).unwrap();
    assert_ne!(a.pool.x, b.pool.x);
    let meta = load(&path, &mut b).unwrap();
    assert_eq!(a.pool.x, b.pool.x);
    assert_eq!(
        meta,
        Meta {
            epoch: 3,
            age: 24_000
        }
    );
    let mut c = lenet1(1).unwrap();
    assert!(load(&path, &mut c).is_err());
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[100] ^= 1;
    std::fs::write(&path, bytes).unwrap();
    assert!(load(&path, &mut b).is_err());
}

/// Two classes of 28×28 images: a bright bar in the top or bottom half.
fn bars(n: usize, seed: u64) -> Dataset {
    let mut rng = Rng::new(seed);
    let mut d = Dataset {
        x: Vec::new(),
        y: Vec::new(),
        shape: vec![1, 28, 28],
        classes: 10,
    };
    for _ in 0..n {
        let c = rng.below(2);
        let row = if c == 0 {
            4 + rng.below(8)
        } else {
            16 + rng.below(8)
        };
        for y in 0..28 {
            for _ in 0..28 {
                d.x.push(if y == row {
                    1.175
                } else {
                    -0.1 + 0.1 * rng.uniform()
                });
            }
        }
        d.y.push(c);
    }
    d
}

#[test]
fn training_lenet1_lowers_the_test_error() {
    let (train, test) = (bars(300, 1), bars(100, 2));
    let mut net = lenet1(2).unwrap();
    let before = Trainer::test(&mut net, &test, 50).unwrap();
    let mut tr = Trainer::new(TrainConfig::sgd(0.01, 1)).unwrap();
    for _ in 0..2 {
        tr.train_epoch(&mut net, &train).unwrap();
    }
    let after = Trainer::test(&mut net, &test, 50).unwrap();
    assert!(after.errors < before.errors, "{before} -> {after}");
    assert!(after.error_pct() < 10.0, "{after}");
    assert_eq!(tr.age, 600);
}

#[test]
fn diagonal_levenberg_marquardt_sets_per_parameter_rates() {
    let train = bars(100, 3).padded(2, -0.1).unwrap();
    let mut net = lenet5(Head::Rbf, true, 1).unwrap();
    let mut tr = Trainer::new(TrainConfig::lenet5_paper()).unwrap();
    let r = tr.train_epoch(&mut net, &train).unwrap();
    assert_eq!(r.n, 100);
    let (lo, hi) = net
        .pool
        .eps
        .iter()
        .fold((f32::MAX, 0.0f32), |(a, b), &e| (a.min(e), b.max(e)));
    assert!(
        hi <= 1.0 / 0.02 + 1e-3 && lo > 0.0 && lo < hi,
        "eps in [{lo}, {hi}]"
    );
    assert!(net.pool.dx.iter().all(|&v| v == 0.0));
}

#[test]
fn shape_errors_name_the_module_and_both_shapes() {
    let mut net = lenet5(Head::Rbf, true, 1).unwrap();
    let e = net.set_input(&[0.0; 784], 1).unwrap_err().to_string();
    assert!(e.contains("lenet5"), "{e}");
    net.in_shape = vec![1, 28, 28];
    net.set_input(&[0.0; 784], 1).unwrap();
    let e = net.fprop().unwrap_err().to_string();
    assert!(e.contains("conv") || e.contains("subsample"), "{e}");
    assert!(e.contains('['), "{e}");
}
