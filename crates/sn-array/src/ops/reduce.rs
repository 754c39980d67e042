//! Reductions: sum, extrema, index of the maximum, dot product, squared distance.

use crate::array::Array;
use crate::error::ArrayError;
use crate::ops::map::{fold, fold2, same_dims};

/// The sum of all elements, accumulated in `f64` (`idx-sum`).
pub fn sum(a: &Array) -> f64 {
    fold(a, 0.0f64, |s, x| s + x as f64)
}

/// The largest element (`idx-sup`).
///
/// # Errors
/// `Domain` if the array has no element.
pub fn sup(a: &Array) -> Result<f32, ArrayError> {
    nonempty("idx-sup", a)?;
    Ok(fold(a, f32::NEG_INFINITY, f32::max))
}

/// The smallest element (`idx-inf`).
///
/// # Errors
/// `Domain` if the array has no element.
pub fn inf(a: &Array) -> Result<f32, ArrayError> {
    nonempty("idx-inf", a)?;
    Ok(fold(a, f32::INFINITY, f32::min))
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

fn nonempty(op: &str, a: &Array) -> Result<(), ArrayError> {
    if a.is_empty() {
        return Err(ArrayError::domain(
            op,
            format!("empty array of dims {:?}", a.dims()),
        ));
    }
    Ok(())
}
