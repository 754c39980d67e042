//! GFLOP/s (per CPU second of the thread) of the SGEMM kernel on LeNet-5's shapes and a large square one.
//! `cargo run --release -p sn-modules --example gemm_speed`

/// CPU seconds of this thread (from /proc), so that a loaded machine does
/// not distort the figure.
fn cpu_now() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| {
            s.split_whitespace()
                .next()
                .and_then(|v| v.parse::<f64>().ok())
        })
        .map_or(0.0, |ns| ns * 1e-9)
}

use sn_modules::kernels::{gemm, Mat};

fn main() {
    // (name, m, k, n, a transposed, b transposed)
    let shapes = [
        ("c1 fwd 6x25x784", 6, 25, 784, false, false),
        ("c1 dW 6x784x25", 6, 784, 25, false, false),
        ("c3 fwd 16x150x100", 16, 150, 100, false, false),
        ("c3 dW 16x100x150", 16, 100, 150, false, false),
        ("c3 dcol 150x16x100", 150, 16, 100, true, false),
        ("c5 fwd b64 64x400x120", 64, 400, 120, false, true),
        ("c5 dW b64 120x64x400", 120, 64, 400, true, false),
        ("square 512", 512, 512, 512, false, false),
        ("square 1024", 1024, 1024, 1024, false, false),
    ];
    for (name, m, k, n, at, bt) in shapes {
        let a: Vec<f32> = (0..m * k).map(|i| (i % 7) as f32 * 0.1).collect();
        let b: Vec<f32> = (0..k * n).map(|i| (i % 5) as f32 * 0.1).collect();
        let mut c = vec![0.0f32; m * n];
        let av = if at { Mat::t(&a, m) } else { Mat::rows(&a, k) };
        let bv = if bt { Mat::t(&b, k) } else { Mat::rows(&b, n) };
        let flops = 2.0 * (m * k * n) as f64;
        let reps = ((2e9 / flops) as usize).max(3);
        gemm(m, k, n, av, bv, 0.0, &mut c, n);
        let (t, w) = (cpu_now(), std::time::Instant::now());
        for _ in 0..reps {
            gemm(m, k, n, av, bv, 1.0, &mut c, n);
        }
        let s = (cpu_now() - t).max(1e-9);
        let _ = w;
        println!("{name:28} {:6.1} GFLOP/s", flops * reps as f64 / s / 1e9);
    }
}
