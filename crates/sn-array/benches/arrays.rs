//! Matrix operations: products, element-wise maps and reductions, with
//! output arrays (no allocation in the timed loop). The same operations in
//! numpy: `python3 crates/sn-array/benches/numpy_ops.py`.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use sn_array::{ops, Array};

fn random(dims: &[usize], seed: u64) -> Array {
    let n: usize = dims.iter().product();
    let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let data = (0..n)
        .map(|_| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s >> 40) as f32 / (1u64 << 23) as f32 - 1.0
        })
        .collect();
    Array::from_vec(dims, data).expect("bench dims are valid")
}

fn products(c: &mut Criterion) {
    let mut g = c.benchmark_group("products");
    for n in [256usize, 512] {
        let (a, b, o) = (
            random(&[n, n], 1),
            random(&[n, n], 2),
            Array::zeros(&[n, n]).expect("dims"),
        );
        g.throughput(Throughput::Elements((2 * n * n * n) as u64));
        g.bench_function(format!("m2timesm2 {n}x{n}"), |k| {
            k.iter(|| ops::m2timesm2(black_box(&a), black_box(&b), Some(&o)))
        });
    }
    let (a, b, o) = (
        random(&[512, 512], 1),
        random(&[512, 512], 2),
        Array::zeros(&[512, 512]).expect("dims"),
    );
    let at = a.transpose(0, 1).expect("2-D");
    g.throughput(Throughput::Elements(2 * 512 * 512 * 512));
    g.bench_function("m2timesm2 512x512 (a^T b)", |k| {
        k.iter(|| ops::m2timesm2(&at, &b, Some(&o)))
    });
    let (v, vo) = (random(&[512], 3), Array::zeros(&[512]).expect("dims"));
    g.throughput(Throughput::Elements(2 * 512 * 512));
    g.bench_function("m2dotm1 512x512", |k| {
        k.iter(|| ops::m2dotm1(&a, &v, Some(&vo)))
    });
    g.finish();
}

fn elementwise(c: &mut Criterion) {
    let mut g = c.benchmark_group("elementwise");
    let n = 1 << 20;
    let (x, y, o) = (
        random(&[n], 4),
        random(&[n], 5),
        Array::zeros(&[n]).expect("dims"),
    );
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function("add 1M", |k| k.iter(|| ops::add(&x, &y, Some(&o))));
    g.bench_function("mul 1M", |k| k.iter(|| ops::mul(&x, &y, Some(&o))));
    g.bench_function("tanh 1M", |k| k.iter(|| ops::tanh(&x, Some(&o))));
    g.bench_function("sum 1M", |k| k.iter(|| ops::sum(black_box(&x))));
    g.bench_function("dot 1M", |k| k.iter(|| ops::dot(&x, &y)));
    g.bench_function("sup 1M", |k| k.iter(|| ops::sup(&x)));
    let (a, b, m) = (
        random(&[512, 512], 6),
        random(&[512, 512], 7),
        Array::zeros(&[512, 512]).expect("dims"),
    );
    let at = a.transpose(0, 1).expect("2-D");
    g.throughput(Throughput::Elements(512 * 512));
    g.bench_function("add 512x512 transposed", |k| {
        k.iter(|| ops::add(&at, &b, Some(&m)))
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(2));
    targets = products, elementwise
}
criterion_main!(benches);
