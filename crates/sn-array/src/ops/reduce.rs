//! Reductions: sum, extrema, index of the maximum, dot product, squared distance.

use crate::array::Array;
use crate::error::ArrayError;
use crate::ops::kernels;
use crate::ops::map::{fold, fold2, for_rows, same_dims};

/// The sum of all elements, accumulated in `f64` (`idx-sum`).
pub fn sum(a: &Array) -> f64 {
    let mut s = 0.0;
    for_rows(a, |r| s += kernels::sum(r));
    s
}

/// The largest element (`idx-sup`).
///
/// # Errors
/// `Domain` if the array has no element.
pub fn sup(a: &Array) -> Result<f32, ArrayError> {
    nonempty("idx-sup", a)?;
    Ok(extremum(a, true))
}

/// The smallest element (`idx-inf`).
///
/// # Errors
/// `Domain` if the array has no element.
pub fn inf(a: &Array) -> Result<f32, ArrayError> {
    nonempty("idx-inf", a)?;
    Ok(extremum(a, false))
}

/// The row-major position of the first largest element (`idx-indexmax`);
/// for a vector, its index.
///
/// # Errors
/// `Domain` if the array has no element.
pub fn indexmax(a: &Array) -> Result<usize, ArrayError> {
    nonempty("idx-indexmax", a)?;
    let (best, _) = fold(a, (None::<(usize, f32)>, 0usize), |(best, i), x| {
        let keep =
            matches!(best, Some((_, m)) if x.partial_cmp(&m) != Some(std::cmp::Ordering::Greater));
        (if keep { best } else { Some((i, x)) }, i + 1)
    });
    Ok(best.map_or(0, |(i, _)| i))
}

/// The sum of products of corresponding elements of `a` and `b`, in `f64` (`idx-dotm1`).
///
/// # Errors
/// `Shape` if the dims differ.
pub fn dot(a: &Array, b: &Array) -> Result<f64, ArrayError> {
    same_dims("idx-dotm1", a, b)?;
    if a.is_contiguous() && b.is_contiguous() {
        let (ga, gb) = (a.data(), b.data());
        let n = a.len();
        return Ok(kernels::dot(
            &ga[a.offset()..a.offset() + n],
            &gb[b.offset()..b.offset() + n],
        ));
    }
    Ok(fold2(a, b, 0.0f64, |s, x, y| s + x as f64 * y as f64))
}

/// The sum of squared differences of `a` and `b` (`idx-sqrdist`).
///
/// # Errors
/// `Shape` if the dims differ.
pub fn sqrdist(a: &Array, b: &Array) -> Result<f64, ArrayError> {
    same_dims("idx-sqrdist", a, b)?;
    Ok(fold2(a, b, 0.0f64, |s, x, y| {
        let d = x as f64 - y as f64;
        s + d * d
    }))
}

/// Extremum over the rows of a non-empty array.
fn extremum(a: &Array, max: bool) -> f32 {
    let mut parts = Vec::new();
    for_rows(a, |r| parts.push(kernels::extremum(r, max)));
    kernels::extremum(&parts, max)
}

fn nonempty(op: &str, a: &Array) -> Result<(), ArrayError> {
    if a.is_empty() {
        return Err(ArrayError::domain(
            op,
            format!("empty array of dims {:?}", a.dims()),
        ));
    }
    Ok(())
}
