//! Matrix products over strided `f32` slices, through `matrixmultiply`'s
//! packed SGEMM (runtime AVX/FMA dispatch).

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
}

fn fits(len: usize, r: usize, c: usize, rs: usize, cs: usize) -> bool {
    r == 0 || c == 0 || (r - 1) * rs + (c - 1) * cs < len
}

/// `c[m×n] = a[m×k] · b[k×n] + beta · c` with `c` row-major (row stride
/// `rsc`, unit column stride).
///
/// # Panics
/// If a view is too short for its shape (an internal invariant: callers size
/// their buffers from the same dimensions).
#[allow(clippy::too_many_arguments)]
pub fn gemm(m: usize, k: usize, n: usize, a: Mat, b: Mat, beta: f32, c: &mut [f32], rsc: usize) {
    assert!(fits(a.data.len(), m, k, a.rs, a.cs), "gemm: a too short");
    assert!(fits(b.data.len(), k, n, b.rs, b.cs), "gemm: b too short");
    assert!(fits(c.len(), m, n, rsc, 1), "gemm: c too short");
    if m == 0 || n == 0 {
        return;
    }
    if k == 0 {
        for i in 0..m {
            c[i * rsc..i * rsc + n].iter_mut().for_each(|v| *v *= beta);
        }
        return;
    }
    // SAFETY: the three asserts above guarantee every index
    // i*rs + j*cs that sgemm touches lies inside its slice; `c` is borrowed
    // mutably so it does not alias `a` or `b`.
    unsafe {
        matrixmultiply::sgemm(
            m,
            k,
            n,
            1.0,
            a.data.as_ptr(),
            a.rs as isize,
            a.cs as isize,
            b.data.as_ptr(),
            b.rs as isize,
            b.cs as isize,
            beta,
            c.as_mut_ptr(),
            rsc as isize,
            1,
        );
    }
}
