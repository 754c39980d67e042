//! Linear algebra through ndarray: matrix-vector and matrix-matrix products,
//! outer product. Views are converted to ndarray views at this boundary.

use ndarray::linalg::{general_mat_mul, general_mat_vec_mul};
use ndarray::{Array2, ArrayView1, ArrayView2, ArrayViewMut1, ArrayViewMut2, ShapeBuilder};

use crate::array::Array;
use crate::error::ArrayError;
use crate::ops::kernels;
use crate::ops::map::out_or_new;

fn check_rank(op: &str, a: &Array, n: usize) -> Result<(), ArrayError> {
    if a.ndim() != n {
        return Err(ArrayError::Rank {
            op: op.to_string(),
            given: n,
            dims: a.dims().to_vec(),
        });
    }
    Ok(())
}

/// A view with non-negative strides: `a` itself or a contiguous copy.
fn positive(a: &Array) -> Array {
    if a.strides().iter().any(|&s| s < 0) {
        a.deep_copy()
    } else {
        a.clone()
    }
}

fn tail(data: &[f32], offset: usize) -> &[f32] {
    data.get(offset..).unwrap_or(&[])
}

fn view2<'a>(a: &Array, data: &'a [f32]) -> Result<ArrayView2<'a, f32>, ArrayError> {
    let (d, s) = (a.dims(), a.strides());
    let shape = (d[0], d[1]).strides((s[0] as usize, s[1] as usize));
    ArrayView2::from_shape(shape, tail(data, a.offset()))
        .map_err(|e| ArrayError::domain("ndarray view", e.to_string()))
}

fn view1<'a>(a: &Array, data: &'a [f32]) -> Result<ArrayView1<'a, f32>, ArrayError> {
    let shape = (a.dims()[0],).strides((a.strides()[0] as usize,));
    ArrayView1::from_shape(shape, tail(data, a.offset()))
        .map_err(|e| ArrayError::domain("ndarray view", e.to_string()))
}

fn out_error(op: &str) -> impl Fn(ndarray::ShapeError) -> ArrayError + '_ {
    move |_| ArrayError::domain(op, "the output array has overlapping elements")
}

/// Matrix product `a × b` of an `n×k` and a `k×m` matrix (`idx-m2timesm2`).
///
/// # Errors
/// `Rank` if an operand is not a matrix, `Shape` if the inner dims differ or
/// `out` is not `n×m`, `Domain` if `out` has overlapping elements.
pub fn m2timesm2(a: &Array, b: &Array, out: Option<&Array>) -> Result<Array, ArrayError> {
    const OP: &str = "idx-m2timesm2";
    check_rank(OP, a, 2)?;
    check_rank(OP, b, 2)?;
    if a.dims()[1] != b.dims()[0] {
        return Err(ArrayError::shape(OP, a.dims(), b.dims()));
    }
    let o = out_or_new(OP, &[a.dims()[0], b.dims()[1]], out)?;
    if a.is_empty() || b.is_empty() {
        // An empty operand: the product is empty, or all sums are empty (0).
        crate::ops::elementwise::fill(&o, 0.0);
        return Ok(o);
    }
    let (a, b) = (positive(a), positive(b));
    if a.same_storage(&o) || b.same_storage(&o) || o.strides().iter().any(|&s| s < 0) {
        let r: Array2<f32> = {
            let (ga, gb) = (a.data(), b.data());
            view2(&a, &ga)?.dot(&view2(&b, &gb)?)
        };
        let dims = [r.nrows(), r.ncols()];
        let tmp = Array::from_vec(&dims, r.iter().copied().collect())?;
        crate::ops::elementwise::copy(&tmp, Some(&o))?;
    } else {
        let (ga, gb) = (a.data(), b.data());
        let mut go = o.data_mut();
        let (d, s) = (o.dims(), o.strides());
        let shape = (d[0], d[1]).strides((s[0] as usize, s[1] as usize));
        let off = o.offset().min(go.len());
        let mut vo = ArrayViewMut2::from_shape(shape, &mut go[off..]).map_err(out_error(OP))?;
        general_mat_mul(1.0, &view2(&a, &ga)?, &view2(&b, &gb)?, 0.0, &mut vo);
    }
    Ok(o)
}

/// Matrix-vector product `m × v` of an `r×c` matrix and a `c` vector (`idx-m2dotm1`).
///
/// # Errors
/// `Rank` if `m` is not a matrix or `v` not a vector, `Shape` if the dims
/// disagree or `out` is not an `r` vector, `Domain` if `out` has overlapping elements.
pub fn m2dotm1(m: &Array, v: &Array, out: Option<&Array>) -> Result<Array, ArrayError> {
    const OP: &str = "idx-m2dotm1";
    check_rank(OP, m, 2)?;
    check_rank(OP, v, 1)?;
    if m.dims()[1] != v.dims()[0] {
        return Err(ArrayError::shape(OP, m.dims(), v.dims()));
    }
    let o = out_or_new(OP, &[m.dims()[0]], out)?;
    if m.is_empty() || v.is_empty() {
        crate::ops::elementwise::fill(&o, 0.0);
        return Ok(o);
    }
    let (m, v) = (positive(m), positive(v));
    if m.same_storage(&o) || v.same_storage(&o) || o.strides()[0] < 0 {
        let r = {
            let (gm, gv) = (m.data(), v.data());
            view2(&m, &gm)?.dot(&view1(&v, &gv)?)
        };
        let tmp = Array::from_vec(&[r.len()], r.to_vec())?;
        crate::ops::elementwise::copy(&tmp, Some(&o))?;
    } else if m.strides()[1] == 1 && v.is_contiguous() {
        // Rows of m are contiguous: one vectorised dot product per row.
        let (gm, gv) = (m.data(), v.data());
        let mut go = o.data_mut();
        let (c, vs) = (v.dims()[0], &gv[v.offset()..v.offset() + v.dims()[0]]);
        for i in 0..m.dims()[0] {
            let row = m.offset() + i * m.strides()[0] as usize;
            go[o.offset() + i * o.strides()[0] as usize] = kernels::dot_f32(&gm[row..row + c], vs);
        }
    } else {
        let (gm, gv) = (m.data(), v.data());
        let mut go = o.data_mut();
        let shape = (o.dims()[0],).strides((o.strides()[0] as usize,));
        let off = o.offset().min(go.len());
        let mut vo = ArrayViewMut1::from_shape(shape, &mut go[off..]).map_err(out_error(OP))?;
        general_mat_vec_mul(1.0, &view2(&m, &gm)?, &view1(&v, &gv)?, 0.0, &mut vo);
    }
    Ok(o)
}

/// Outer product of an `n` and an `m` vector, an `n×m` matrix (`idx-m1extm1`).
///
/// # Errors
/// `Rank` if an operand is not a vector, `Shape` if `out` is not `n×m`.
pub fn m1extm1(a: &Array, b: &Array, out: Option<&Array>) -> Result<Array, ArrayError> {
    const OP: &str = "idx-m1extm1";
    check_rank(OP, a, 1)?;
    check_rank(OP, b, 1)?;
    let o = out_or_new(OP, &[a.dims()[0], b.dims()[0]], out)?;
    let (va, vb) = (a.to_vec(), b.to_vec());
    let mut go = o.data_mut();
    let mut offs = o.offsets();
    for x in &va {
        for y in &vb {
            if let Some(k) = offs.next() {
                go[k] = x * y;
            }
        }
    }
    drop(go);
    Ok(o)
}
