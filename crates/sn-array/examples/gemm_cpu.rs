//! CPU time (not wall time) of `idx-m2timesm2` on 512×512, robust to a
//! machine shared with other jobs. Compare with the same measure in numpy:
//! `python3 benches/numpy_ops.py --cpu`. Run single-threaded on both sides
//! for a per-core comparison: `MATMUL_NUM_THREADS=1` and `OPENBLAS_NUM_THREADS=1`.

use sn_array::{ops, Array, ArrayError};

/// User + system CPU seconds of this process, from /proc/self/stat.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let ticks: f64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i)?.parse::<f64>().ok())
        .sum();
    ticks / 100.0
}

fn main() -> Result<(), ArrayError> {
    let n = 512;
    let fill = |k: usize| {
        (0..n * n)
            .map(|i| ((i * k) % 97) as f32 / 97.0 - 0.5)
            .collect::<Vec<_>>()
    };
    let (a, b) = (
        Array::from_vec(&[n, n], fill(7))?,
        Array::from_vec(&[n, n], fill(13))?,
    );
    let o = Array::zeros(&[n, n])?;
    ops::m2timesm2(&a, &b, Some(&o))?;
    let reps = 200;
    let (c0, w0) = (cpu_seconds(), std::time::Instant::now());
    for _ in 0..reps {
        ops::m2timesm2(&a, &b, Some(&o))?;
    }
    let (cpu, wall) = (
        (cpu_seconds() - c0) / reps as f64,
        w0.elapsed().as_secs_f64() / reps as f64,
    );
    let flop = 2.0 * (n * n * n) as f64;
    println!(
        "m2timesm2 512x512: {:.0} us CPU ({:.1} GFLOP per CPU-second), {:.0} us wall ({:.1} GFLOP/s)",
        cpu * 1e6,
        flop / cpu / 1e9,
        wall * 1e6,
        flop / wall / 1e9
    );
    Ok(())
}
