//! Fully connected products over a batch: `out[B×n] = x[B×k]·Wᵀ + bias`,
//! with `W` row-major `[n×k]`. Batch 1 uses vectorised dot/axpy loops
//! (no packing); larger batches use the packed SGEMM, split over two halves
//! of the rows when parallel.

use super::elem::{axpy, dot};
use super::gemm::{gemm, Mat};

/// Minimum batch for the parallel split to pay off.
const PAR_MIN_ROWS: usize = 8;

/// `out[b×n] = x[b×k]·wᵀ (+ bias)`.
#[allow(clippy::too_many_arguments)]
pub fn forward(
    par: bool,
    x: &[f32],
    b: usize,
    k: usize,
    w: &[f32],
    n: usize,
    bias: Option<&[f32]>,
    out: &mut [f32],
) {
    let out = &mut out[..b * n];
    for row in out.chunks_exact_mut(n) {
        match bias {
            Some(bs) => row.copy_from_slice(&bs[..n]),
            None => row.iter_mut().for_each(|v| *v = 0.0),
        }
    }
    if b == 1 {
        for (j, o) in out.iter_mut().enumerate() {
            *o += dot(&w[j * k..(j + 1) * k], &x[..k]);
        }
        return;
    }
    if par && b >= PAR_MIN_ROWS {
        let h = b / 2;
        let (o1, o2) = out.split_at_mut(h * n);
        let (x1, x2) = x.split_at(h * k);
        rayon::join(
            || gemm(h, k, n, Mat::rows(x1, k), Mat::t(w, k), 1.0, o1, n),
            || gemm(b - h, k, n, Mat::rows(x2, k), Mat::t(w, k), 1.0, o2, n),
        );
    } else {
        gemm(b, k, n, Mat::rows(x, k), Mat::t(w, k), 1.0, out, n);
    }
}

/// `dw[n×k] += doutᵀ·x`, `dbias[n] += Σ_rows dout`.
#[allow(clippy::too_many_arguments)]
pub fn backward_w(
    par: bool,
    x: &[f32],
    b: usize,
    k: usize,
    dout: &[f32],
    n: usize,
    dw: &mut [f32],
    dbias: Option<&mut [f32]>,
) {
    if let Some(db) = dbias {
        for row in dout[..b * n].chunks_exact(n) {
            db.iter_mut().zip(row).for_each(|(d, g)| *d += g);
        }
    }
    if b == 1 {
        for j in 0..n {
            axpy(dout[j], &x[..k], &mut dw[j * k..(j + 1) * k]);
        }
        return;
    }
    if par && n >= 2 && b >= PAR_MIN_ROWS {
        let h = n / 2;
        let (w1, w2) = dw[..n * k].split_at_mut(h * k);
        let d2 = &dout[h..];
        rayon::join(
            || gemm(h, b, k, Mat::t(dout, n), Mat::rows(x, k), 1.0, w1, k),
            || gemm(n - h, b, k, Mat::t(d2, n), Mat::rows(x, k), 1.0, w2, k),
        );
    } else {
        gemm(n, b, k, Mat::t(dout, n), Mat::rows(x, k), 1.0, dw, k);
    }
}

/// `dx[b×k] += dout[b×n]·w`.
pub fn backward_x(
    par: bool,
    dout: &[f32],
    b: usize,
    n: usize,
    w: &[f32],
    k: usize,
    dx: &mut [f32],
) {
    if b == 1 {
        for j in 0..n {
            axpy(dout[j], &w[j * k..(j + 1) * k], &mut dx[..k]);
        }
        return;
    }
    if par && b >= PAR_MIN_ROWS {
        let h = b / 2;
        let (x1, x2) = dx[..b * k].split_at_mut(h * k);
        let (d1, d2) = dout.split_at(h * n);
        rayon::join(
            || gemm(h, n, k, Mat::rows(d1, n), Mat::rows(w, k), 1.0, x1, k),
            || gemm(b - h, n, k, Mat::rows(d2, n), Mat::rows(w, k), 1.0, x2, k),
        );
    } else {
        gemm(b, n, k, Mat::rows(dout, n), Mat::rows(w, k), 1.0, dx, k);
    }
}
