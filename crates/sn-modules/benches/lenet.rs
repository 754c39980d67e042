//! Criterion benchmarks: SGEMM on LeNet-5's shapes, one training step of
//! LeNet-5 at batch 1 and 64, inference at batch 1000.
//! `cargo bench -p sn-modules` (the side-by-side PyTorch comparison is
//! `scripts/bench-vs-torch.sh`).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sn_modules::data::Dataset;
use sn_modules::kernels::{gemm, Mat};
use sn_modules::lenet::{lenet5, Head};
use sn_modules::{Rng, TrainConfig, Trainer};

fn data(n: usize) -> Dataset {
    let mut rng = Rng::new(1);
    Dataset {
        x: (0..n * 1024).map(|_| rng.range(-0.1, 1.175)).collect(),
        y: (0..n).map(|_| rng.below(10)).collect(),
        shape: vec![1, 32, 32],
        classes: 10,
    }
}

fn gemms(c: &mut Criterion) {
    let mut g = c.benchmark_group("sgemm");
    for &(name, m, k, n) in &[
        ("c1_fwd", 6, 25, 784),
        ("c3_fwd", 16, 150, 100),
        ("square256", 256, 256, 256),
    ] {
        let a = vec![0.5f32; m * k];
        let b = vec![0.25f32; k * n];
        let mut out = vec![0.0f32; m * n];
        g.throughput(Throughput::Elements((2 * m * k * n) as u64));
        g.bench_function(name, |bch| {
            bch.iter(|| {
                gemm(
                    m,
                    k,
                    n,
                    Mat::rows(&a, k),
                    Mat::rows(&b, n),
                    1.0,
                    &mut out,
                    n,
                )
            })
        });
    }
    g.finish();
}

fn training(c: &mut Criterion) {
    let d = data(1000);
    let mut g = c.benchmark_group("lenet5");
    g.sample_size(20);
    for &(name, batch, par, paper) in &[
        ("train_b1_paper", 1, false, true),
        ("train_b1", 1, false, false),
        ("train_b64", 64, true, false),
    ] {
        let head = if paper { Head::Rbf } else { Head::SoftmaxCe };
        let mut net = lenet5(head, paper, 1).expect("lenet5");
        net.par = par;
        let mut tr = Trainer::new(TrainConfig::sgd(0.001, batch)).expect("trainer");
        let mut pos = 0;
        let mut idx = Vec::with_capacity(batch);
        g.throughput(Throughput::Elements(batch as u64));
        g.bench_function(name, |b| {
            b.iter(|| {
                idx.clear();
                idx.extend((0..batch).map(|k| (pos + k) % d.len()));
                pos = (pos + batch) % d.len();
                tr.step(&mut net, &d, &idx).expect("step")
            })
        });
    }
    let mut net = lenet5(Head::SoftmaxCe, false, 1).expect("lenet5");
    net.par = true;
    let idx: Vec<usize> = (0..1000).collect();
    g.throughput(Throughput::Elements(1000));
    g.bench_function("infer_b1000", |b| {
        b.iter(|| {
            net.load_batch(&d, &idx).expect("batch");
            net.fprop().expect("fprop")
        })
    });
    g.finish();
}

criterion_group!(benches, gemms, training);
criterion_main!(benches);
