//! Element-wise operations with an optional output array. Each returns the
//! array written: `out` if given (it must have the dims of the inputs), or a
//! fresh array.

use crate::array::Array;
use crate::error::ArrayError;
use crate::ops::kernels;
use crate::ops::map::{map_into, out_or_new, same_dims, zip_into};

fn binary(
    op: &str,
    a: &Array,
    b: &Array,
    out: Option<&Array>,
    f: impl Fn(f32, f32) -> f32,
) -> Result<Array, ArrayError> {
    same_dims(op, a, b)?;
    let o = out_or_new(op, a.dims(), out)?;
    zip_into(a, b, &o, f);
    Ok(o)
}

fn unary(
    op: &str,
    a: &Array,
    out: Option<&Array>,
    f: impl Fn(f32) -> f32,
) -> Result<Array, ArrayError> {
    let o = out_or_new(op, a.dims(), out)?;
    map_into(a, &o, f);
    Ok(o)
}

macro_rules! binary_op {
    ($(#[$doc:meta])* $name:ident, $lisp:expr, $f:expr) => {
        $(#[$doc])*
        ///
        /// # Errors
        /// `Shape` if `a`, `b` and `out` do not all have the same dims.
        pub fn $name(a: &Array, b: &Array, out: Option<&Array>) -> Result<Array, ArrayError> {
            binary($lisp, a, b, out, $f)
        }
    };
}

macro_rules! unary_op {
    ($(#[$doc:meta])* $name:ident, $lisp:expr, $f:expr) => {
        $(#[$doc])*
        ///
        /// # Errors
        /// `Shape` if `out` does not have the dims of `a`.
        pub fn $name(a: &Array, out: Option<&Array>) -> Result<Array, ArrayError> {
            unary($lisp, a, out, $f)
        }
    };
}

binary_op!(/// Element-wise sum `a + b` (`idx-add`).
    add, "idx-add", |x, y| x + y);
binary_op!(/// Element-wise difference `a - b` (`idx-sub`).
    sub, "idx-sub", |x, y| x - y);
binary_op!(/// Element-wise product `a * b` (`idx-mul`).
    mul, "idx-mul", |x, y| x * y);
binary_op!(/// Element-wise quotient `a / b` (`idx-div`); division by zero gives infinities as in IEEE.
    div, "idx-div", |x, y| x / y);
binary_op!(/// Element-wise maximum (`idx-max`).
    max, "idx-max", f32::max);
binary_op!(/// Element-wise minimum (`idx-min`).
    min, "idx-min", f32::min);

unary_op!(/// Element-wise absolute value (`idx-abs`).
    abs, "idx-abs", f32::abs);
unary_op!(/// Element-wise negation (`idx-minus`).
    neg, "idx-minus", |x: f32| -x);
unary_op!(/// Element-wise square root (`idx-sqrt`); negative values give NaN.
    sqrt, "idx-sqrt", f32::sqrt);
unary_op!(/// Element-wise exponential (`idx-exp`).
    exp, "idx-exp", f32::exp);
unary_op!(/// Element-wise square (`idx-sqr`).
    sqr, "idx-sqr", |x: f32| x * x);
unary_op!(/// A copy of `a` into `out` or a fresh array (`idx-copy`, `array-copy`).
    copy, "idx-copy", |x| x);

/// Element-wise hyperbolic tangent (`idx-tanh`), a few ulp from the exact value.
///
/// # Errors
/// `Shape` if `out` does not have the dims of `a`.
pub fn tanh(a: &Array, out: Option<&Array>) -> Result<Array, ArrayError> {
    let o = out_or_new("idx-tanh", a.dims(), out)?;
    let n = a.len();
    if a.is_contiguous() && o.is_contiguous() {
        if a.same_view(&o) {
            kernels::tanh_slice(None, &mut o.data_mut()[o.offset..o.offset + n]);
            return Ok(o);
        }
        if !a.same_storage(&o) {
            let ga = a.data();
            kernels::tanh_slice(
                Some(&ga[a.offset..a.offset + n]),
                &mut o.data_mut()[o.offset..o.offset + n],
            );
            drop(ga);
            return Ok(o);
        }
    }
    map_into(a, &o, kernels::tanh);
    Ok(o)
}

/// `a + c` for a number `c` (`idx-addm0`).
///
/// # Errors
/// `Shape` if `out` does not have the dims of `a`.
pub fn add_scalar(a: &Array, c: f32, out: Option<&Array>) -> Result<Array, ArrayError> {
    unary("idx-addm0", a, out, |x| x + c)
}

/// `a * c` for a number `c` (`idx-dotm0`).
///
/// # Errors
/// `Shape` if `out` does not have the dims of `a`.
pub fn mul_scalar(a: &Array, c: f32, out: Option<&Array>) -> Result<Array, ArrayError> {
    unary("idx-dotm0", a, out, |x| x * c)
}

/// Each element of `a` limited to `[lo, hi]` (`idx-clip`).
///
/// # Errors
/// `Domain` if `lo > hi`; `Shape` if `out` does not have the dims of `a`.
pub fn clip(a: &Array, lo: f32, hi: f32, out: Option<&Array>) -> Result<Array, ArrayError> {
    if lo.is_nan() || hi.is_nan() || lo > hi {
        return Err(ArrayError::domain(
            "idx-clip",
            format!("empty range [{lo}, {hi}]"),
        ));
    }
    unary("idx-clip", a, out, |x| x.clamp(lo, hi))
}

/// Store `v` in every element of `a` (`array-fill`, `idx-clear` with 0).
pub fn fill(a: &Array, v: f32) {
    map_into(&a.clone(), a, |_| v);
}

/// Store `f()` in every element of `a`, in row-major order (`array-rand`).
pub fn fill_with(a: &Array, mut f: impl FnMut() -> f32) {
    let mut g = a.storage.borrow_mut();
    for o in a.offsets() {
        g[o] = f();
    }
}

/// `f` applied to every element of `a`, into `out` or a fresh array.
///
/// # Errors
/// `Shape` if `out` does not have the dims of `a`.
pub fn map(a: &Array, out: Option<&Array>, f: impl Fn(f32) -> f32) -> Result<Array, ArrayError> {
    unary("idx-map", a, out, f)
}
