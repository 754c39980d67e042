//! Conversions at the boundary: culprits of errors (the errors themselves
//! convert through `From`, see `crate::lisp::error_from`), copies of
//! buffers into fresh arrays, dimension lists, labels.

use crate::lisp::args;
use crate::lisp::error::{ErrorKind, LispError};
use crate::lisp::{Res, Unwind, Value};

/// Gives `r`'s error, if it has no culprit yet, the culprit `v`.
pub fn blame<T>(r: Res<T>, v: &Value) -> Res<T> {
    r.map_err(|u| blamed(u, v))
}

/// Gives the error `u`, if it has no culprit yet, the culprit `v`.
pub fn blamed(mut u: Unwind, v: &Value) -> Unwind {
    if let Some(le) = u.error_mut() {
        if le.culprit.is_none() {
            le.culprit = Some(v.clone());
        }
    }
    u
}

/// Checks that `n` more `f32` values fit in the memory budget.
pub fn reserve(op: &str, n: usize) -> Res<()> {
    sn_array::budget::reserve_items(op, n, std::mem::size_of::<f32>()).map_err(Unwind::from)
}

/// The elements of `arr` in row-major order, after asking the budget.
pub fn values_of(arr: &sn_array::Array, op: &str) -> Res<Vec<f32>> {
    reserve(op, arr.len())?;
    Ok(arr.to_vec())
}

/// A fresh sn array of shape `dims` holding a copy of `data`.
pub fn array_of(dims: &[usize], data: &[f32]) -> Res {
    reserve("array", data.len())?;
    sn_array::Array::from_vec(dims, data.to_vec())
        .map(Value::array)
        .map_err(Unwind::from)
}

/// A list of numbers.
pub fn dims_list(d: &[usize]) -> Value {
    Value::list(d.iter().map(|&v| Value::Num(v as f64)).collect())
}

/// A list of non-negative integers (dimensions).
pub fn dims_arg(a: &[Value], i: usize, f: &str) -> Res<Vec<usize>> {
    let l = args::list(a, i, f)?;
    l.iter()
        .map(|v| match v.as_num() {
            Some(n) if n >= 0.0 && n.fract() == 0.0 && n < 1e9 => Ok(n as usize),
            _ => Err(args::type_error(f, "a list of dimensions", v)),
        })
        .collect()
}

/// Labels: a number, a list of numbers or an array.
pub fn labels_of(a: &[Value], i: usize, f: &str) -> Res<Vec<usize>> {
    let v = a.get(i).cloned().unwrap_or(Value::Nil);
    let nums: Vec<f64> = match &v {
        Value::Number(n) => vec![n.get()],
        Value::Array(arr) => {
            reserve(f, arr.len().saturating_mul(3))?;
            arr.to_vec().iter().map(|&x| x as f64).collect()
        }
        _ => match v.list_to_vec() {
            Some(l) if !l.is_empty() => l.iter().map(|x| x.as_num().unwrap_or(-1.0)).collect(),
            _ => return Err(args::type_error(f, "labels (number, list or array)", &v)),
        },
    };
    nums.iter()
        .map(|&n| {
            if n >= 0.0 && n.fract() == 0.0 && n < 1e9 {
                Ok(n as usize)
            } else {
                Err(args::type_error(f, "non-negative integer labels", &v))
            }
        })
        .collect()
}

/// Argument `i` as a finite number, `default` when absent.
pub(super) fn finite(a: &[Value], i: usize, f: &str, what: &str, default: f32) -> Res<f32> {
    if args::opt(a, i).is_none() {
        return Ok(default);
    }
    let v = args::num(a, i, f)?;
    if !v.is_finite() || !(v as f32).is_finite() {
        return Err(LispError::new(
            ErrorKind::Domain,
            format!("{f}: {what} must be a finite number, got {v}"),
        )
        .culprit(a[i].clone())
        .into());
    }
    Ok(v as f32)
}
