//! 2×2 sum pooling of one plane, the common case of LeNet subsampling.

use super::elem::multiversion;

multiversion! {
    /// `out[y,x] = coef·Σ_{2×2} pl + bias` for an `oh×ow` output of a plane
    /// of width `w`.
    pub fn sum2_fwd(pl: &[f32], w: usize, oh: usize, ow: usize, coef: f32, bias: f32, out: &mut [f32]) {
        for y in 0..oh {
            let r0 = &pl[2 * y * w..][..2 * ow];
            let r1 = &pl[(2 * y + 1) * w..][..2 * ow];
            let o = &mut out[y * ow..][..ow];
            for ((a, b), v) in r0.chunks_exact(2).zip(r1.chunks_exact(2)).zip(o.iter_mut()) {
                *v = coef * (a[0] + a[1] + b[0] + b[1]) + bias;
            }
        }
    }
}

multiversion! {
    /// Backward of [`sum2_fwd`] for gradient `go`: adds `f·go` to each
    /// window of `dpl` (when `grad_in`) and returns `(Σ go·S^e, Σ go)` where
    /// `S` is the window sum and `e` is 2 when `second`, else 1.
    #[allow(clippy::too_many_arguments)]
    pub fn sum2_bwd(pl: &[f32], w: usize, oh: usize, ow: usize, go: &[f32], f: f32, second: bool, grad_in: bool, dpl: &mut [f32]) -> (f32, f32) {
        let (mut dc, mut db) = (0.0f32, 0.0f32);
        for y in 0..oh {
            let r0 = &pl[2 * y * w..][..2 * ow];
            let r1 = &pl[(2 * y + 1) * w..][..2 * ow];
            let g = &go[y * ow..][..ow];
            for ((a, b), &d) in r0.chunks_exact(2).zip(r1.chunks_exact(2)).zip(g) {
                let s = a[0] + a[1] + b[0] + b[1];
                dc += d * if second { s * s } else { s };
                db += d;
            }
            if grad_in {
                for dy in 0..2 {
                    let row = &mut dpl[(2 * y + dy) * w..][..2 * ow];
                    for (r, &d) in row.chunks_exact_mut(2).zip(g) {
                        r[0] += f * d;
                        r[1] += f * d;
                    }
                }
            }
        }
        (dc, db)
    }
}
