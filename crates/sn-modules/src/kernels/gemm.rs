//! Matrix products over strided `f32` slices: a packed-A, register-blocked
//! (6×16) SGEMM. The right operand is read in place when its rows are
//! contiguous, packed otherwise; packing buffers are thread-local and
//! reused, so a product allocates nothing once they have grown. Compiled
//! for AVX2+FMA (chosen at run time) and for the baseline target.

use std::cell::RefCell;

const MR: usize = 6;
const NR: usize = 16;

/// A read-only strided matrix view: element (i, j) is `data[i*rs + j*cs]`.
#[derive(Clone, Copy)]
pub struct Mat<'a> {
    /// Storage.
    pub data: &'a [f32],
    /// Row stride.
    pub rs: usize,
    /// Column stride.
    pub cs: usize,
}

impl<'a> Mat<'a> {
    /// Row-major view with `cols` columns.
    pub fn rows(data: &'a [f32], cols: usize) -> Self {
        Mat {
            data,
            rs: cols,
            cs: 1,
        }
    }

    /// Transposed view of a row-major matrix with `cols` columns.
    pub fn t(data: &'a [f32], cols: usize) -> Self {
        Mat {
            data,
            rs: 1,
            cs: cols,
        }
    }

    #[inline(always)]
    fn at(&self, i: usize, j: usize) -> f32 {
        self.data[i * self.rs + j * self.cs]
    }
}

thread_local! {
    static PACK: RefCell<(Vec<f32>, Vec<f32>)> = const { RefCell::new((Vec::new(), Vec::new())) };
}

fn fits(len: usize, r: usize, c: usize, rs: usize, cs: usize) -> bool {
    r == 0 || c == 0 || (r - 1) * rs + (c - 1) * cs < len
}

/// `c[m×n] = a[m×k] · b[k×n] + beta · c` with `c` row-major (row stride
/// `rsc`, unit column stride).
///
/// # Panics
/// If a view is too short for its shape (an internal invariant: callers
/// size their buffers from the same dimensions).
#[allow(clippy::too_many_arguments)]
pub fn gemm(m: usize, k: usize, n: usize, a: Mat, b: Mat, beta: f32, c: &mut [f32], rsc: usize) {
    assert!(fits(a.data.len(), m, k, a.rs, a.cs), "gemm: a too short");
    assert!(fits(b.data.len(), k, n, b.rs, b.cs), "gemm: b too short");
    assert!(fits(c.len(), m, n, rsc, 1), "gemm: c too short");
    if m == 0 || n == 0 {
        return;
    }
    if beta != 1.0 {
        for i in 0..m {
            let row = &mut c[i * rsc..i * rsc + n];
            if beta == 0.0 {
                row.iter_mut().for_each(|v| *v = 0.0);
            } else {
                row.iter_mut().for_each(|v| *v *= beta);
            }
        }
    }
    if k == 0 {
        return;
    }
    PACK.with(|p| {
        let mut p = p.borrow_mut();
        let (ap, bp) = &mut *p;
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx2")
                && std::arch::is_x86_feature_detected!("fma")
            {
                // SAFETY: the CPU supports the features `gemm_fma` is compiled for.
                unsafe { gemm_fma(m, k, n, a, b, c, rsc, ap, bp) };
                return;
            }
        }
        gemm_impl::<false>(m, k, n, a, b, c, rsc, ap, bp);
    });
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
#[allow(clippy::too_many_arguments)]
unsafe fn gemm_fma(
    m: usize,
    k: usize,
    n: usize,
    a: Mat,
    b: Mat,
    c: &mut [f32],
    rsc: usize,
    ap: &mut Vec<f32>,
    bp: &mut Vec<f32>,
) {
    gemm_impl::<true>(m, k, n, a, b, c, rsc, ap, bp)
}

/// Packs `a` into row panels of `MR`: `ap[panel][p][i]`, zero-padded.
#[inline(always)]
fn pack_a(m: usize, k: usize, a: Mat, ap: &mut Vec<f32>) {
    let panels = m.div_ceil(MR);
    ap.clear();
    ap.resize(panels * k * MR, 0.0);
    for (pi, panel) in ap.chunks_exact_mut(k * MR).enumerate() {
        let i0 = pi * MR;
        let rows = MR.min(m - i0);
        if a.cs == 1 {
            for r in 0..rows {
                let src = &a.data[(i0 + r) * a.rs..][..k];
                for (p, &v) in src.iter().enumerate() {
                    panel[p * MR + r] = v;
                }
            }
        } else {
            for p in 0..k {
                for r in 0..rows {
                    panel[p * MR + r] = a.at(i0 + r, p);
                }
            }
        }
    }
}

/// Packs columns `j0..j0+cols` of `b` into `bp[p][j]` (`NR` wide, zero-padded).
#[inline(always)]
fn pack_b(k: usize, j0: usize, cols: usize, b: Mat, bp: &mut Vec<f32>) {
    bp.clear();
    bp.resize(k * NR, 0.0);
    if b.rs == 1 {
        for j in 0..cols {
            let src = &b.data[(j0 + j) * b.cs..][..k];
            for (p, &v) in src.iter().enumerate() {
                bp[p * NR + j] = v;
            }
        }
    } else {
        for p in 0..k {
            for j in 0..cols {
                bp[p * NR + j] = b.at(p, j0 + j);
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn gemm_impl<const FMA: bool>(
    m: usize,
    k: usize,
    n: usize,
    a: Mat,
    b: Mat,
    c: &mut [f32],
    rsc: usize,
    ap: &mut Vec<f32>,
    bp: &mut Vec<f32>,
) {
    pack_a(m, k, a, ap);
    for j0 in (0..n).step_by(NR) {
        let cols = NR.min(n - j0);
        // a partial panel is read in place too when the row has room (the
        // extra columns are computed and dropped)
        let direct = b.cs == 1 && (cols == NR || (k - 1) * b.rs + j0 + NR <= b.data.len());
        if !direct {
            pack_b(k, j0, cols, b, bp);
        }
        for (pi, panel) in ap.chunks_exact(k * MR).enumerate() {
            let (bb, bs) = if direct {
                (&b.data[j0..], b.rs)
            } else {
                (&bp[..], NR)
            };
            let acc = tile::<FMA>(k, panel, bb, bs);
            let i0 = pi * MR;
            for (r, row) in acc.iter().enumerate().take(MR.min(m - i0)) {
                let dst = &mut c[(i0 + r) * rsc + j0..][..cols];
                dst.iter_mut().zip(row).for_each(|(d, v)| *d += v);
            }
        }
    }
}

/// One tile: the explicit AVX2 kernel when compiled with FMA, else the
/// portable one.
#[inline(always)]
fn tile<const FMA: bool>(k: usize, panel: &[f32], b: &[f32], bs: usize) -> [[f32; NR]; MR] {
    #[cfg(target_arch = "x86_64")]
    if FMA {
        // SAFETY: FMA is true only inside `gemm_fma`, which runs after the
        // CPU was found to support AVX2 and FMA.
        return unsafe { kernel_avx2(k, panel, b, bs) };
    }
    kernel::<FMA>(k, panel, b, bs)
}

/// The 6×16 tile with AVX2 intrinsics: twelve accumulators in registers.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn kernel_avx2(k: usize, panel: &[f32], b: &[f32], bs: usize) -> [[f32; NR]; MR] {
    use std::arch::x86_64::*;
    let mut out = [[0.0f32; NR]; MR];
    if k == 0 || panel.len() < k * MR || (k - 1) * bs + NR > b.len() {
        return kernel::<true>(k, panel, b, bs);
    }
    let (pa, pb) = (panel.as_ptr(), b.as_ptr());
    let z = _mm256_setzero_ps();
    let (mut c00, mut c01, mut c10, mut c11, mut c20, mut c21) = (z, z, z, z, z, z);
    let (mut c30, mut c31, mut c40, mut c41, mut c50, mut c51) = (z, z, z, z, z, z);
    for p in 0..k {
        // SAFETY: p < k, so p·MR + 5 < k·MR ≤ panel.len() and
        // p·bs + 15 < (k−1)·bs + NR ≤ b.len() (checked above).
        unsafe {
            let b0 = _mm256_loadu_ps(pb.add(p * bs));
            let b1 = _mm256_loadu_ps(pb.add(p * bs + 8));
            let a = pa.add(p * MR);
            let x = _mm256_broadcast_ss(&*a);
            c00 = _mm256_fmadd_ps(x, b0, c00);
            c01 = _mm256_fmadd_ps(x, b1, c01);
            let x = _mm256_broadcast_ss(&*a.add(1));
            c10 = _mm256_fmadd_ps(x, b0, c10);
            c11 = _mm256_fmadd_ps(x, b1, c11);
            let x = _mm256_broadcast_ss(&*a.add(2));
            c20 = _mm256_fmadd_ps(x, b0, c20);
            c21 = _mm256_fmadd_ps(x, b1, c21);
            let x = _mm256_broadcast_ss(&*a.add(3));
            c30 = _mm256_fmadd_ps(x, b0, c30);
            c31 = _mm256_fmadd_ps(x, b1, c31);
            let x = _mm256_broadcast_ss(&*a.add(4));
            c40 = _mm256_fmadd_ps(x, b0, c40);
            c41 = _mm256_fmadd_ps(x, b1, c41);
            let x = _mm256_broadcast_ss(&*a.add(5));
            c50 = _mm256_fmadd_ps(x, b0, c50);
            c51 = _mm256_fmadd_ps(x, b1, c51);
        }
    }
    let rows = [
        (c00, c01),
        (c10, c11),
        (c20, c21),
        (c30, c31),
        (c40, c41),
        (c50, c51),
    ];
    for (o, (lo, hi)) in out.iter_mut().zip(rows) {
        // SAFETY: each row of `out` holds NR = 16 floats.
        unsafe {
            _mm256_storeu_ps(o.as_mut_ptr(), lo);
            _mm256_storeu_ps(o.as_mut_ptr().add(8), hi);
        }
    }
    out
}

/// `Σ_p panel[p][i] · b[p·bs + j]` for an `MR×NR` tile. The accumulator is
/// a local returned by value, so that it stays in registers.
#[inline(always)]
fn kernel<const FMA: bool>(k: usize, panel: &[f32], b: &[f32], bs: usize) -> [[f32; NR]; MR] {
    let mut acc = [[0.0f32; NR]; MR];
    for (p, av) in panel.chunks_exact(MR).take(k).enumerate() {
        let Some(bv) = b.get(p * bs..p * bs + NR) else {
            break;
        };
        for i in 0..MR {
            for j in 0..NR {
                acc[i][j] = if FMA {
                    av[i].mul_add(bv[j], acc[i][j])
                } else {
                    acc[i][j] + av[i] * bv[j]
                };
            }
        }
    }
    acc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(m: usize, k: usize, n: usize, a: Mat, b: Mat) -> Vec<f32> {
        let mut c = vec![0.0; m * n];
        for i in 0..m {
            for j in 0..n {
                c[i * n + j] = (0..k).map(|p| a.at(i, p) * b.at(p, j)).sum();
            }
        }
        c
    }

    #[test]
    fn matches_the_naive_product_for_all_layouts() {
        for &(m, k, n) in &[
            (1, 1, 1),
            (6, 25, 784),
            (7, 3, 17),
            (13, 40, 33),
            (2, 150, 100),
        ] {
            let a: Vec<f32> = (0..m * k).map(|i| ((i * 7) % 11) as f32 - 5.0).collect();
            let b: Vec<f32> = (0..k * n).map(|i| ((i * 5) % 13) as f32 - 6.0).collect();
            for (av, bv) in [
                (Mat::rows(&a, k), Mat::rows(&b, n)),
                (Mat::t(&a, m), Mat::t(&b, k)),
                (Mat::rows(&a, k), Mat::t(&b, k)),
            ] {
                let want = naive(m, k, n, av, bv);
                let mut c = vec![1.0; m * n];
                gemm(m, k, n, av, bv, 0.0, &mut c, n);
                assert_eq!(c, want, "{m}x{k}x{n}");
                gemm(m, k, n, av, bv, 1.0, &mut c, n);
                assert!(c.iter().zip(&want).all(|(x, y)| *x == 2.0 * y));
            }
        }
    }
}
