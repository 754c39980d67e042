//! Conversions between Lisp values and the graph's fields: labels
//! (non-negative integers and the symbols `null`, `wild`, `junk`), node
//! and arc numbers, data and slot indices, penalties, and the flat
//! elements of arrays read or written by `load-penalties` and
//! `scatter-gradients`.

use sn_array::Array;
use sn_graphs::{GraphError, JUNK, NONE, NULL, WILD};

use crate::lisp::args;
use crate::lisp::error::{ErrorKind, LispError};
use crate::lisp::{Interp, Res, Unwind, Value};

/// The special labels and their names in Lisp.
const SPECIAL: [(u32, &str); 3] = [(NULL, "null"), (WILD, "wild"), (JUNK, "junk")];

/// A label as a Lisp value: a number, or the symbol of a special label.
pub fn label_value(it: &mut Interp, l: u32) -> Value {
    match SPECIAL.iter().find(|(v, _)| *v == l) {
        Some((_, name)) => Value::Sym(it.intern(name)),
        None => Value::Num(f64::from(l)),
    }
}

/// A list of labels.
pub fn labels_value(it: &mut Interp, ls: &[u32]) -> Value {
    Value::list(ls.iter().map(|&l| label_value(it, l)).collect())
}

/// A Lisp value as a label.
///
/// # Errors
/// A type error for anything but a non-negative integer below the
/// special labels or one of the symbols `null`, `wild`, `junk`.
pub fn label_of(v: &Value, f: &str) -> Res<u32> {
    if let Some(s) = v.as_sym() {
        if let Some((l, _)) = SPECIAL.iter().find(|(_, n)| s.name.eq_ignore_ascii_case(n)) {
            return Ok(*l);
        }
    }
    match v.as_num() {
        Some(n) if n >= 0.0 && n.fract() == 0.0 && n < f64::from(JUNK) => Ok(n as u32),
        _ => Err(args::type_error(
            f,
            "a label (an integer from 0 to 4294967292, or null, wild, junk)",
            v,
        )),
    }
}

/// Argument `i` as a label.
pub fn label_arg(a: &[Value], i: usize, f: &str) -> Res<u32> {
    match a.get(i) {
        Some(v) => label_of(v, f),
        None => args::num(a, i, f).map(|_| 0),
    }
}

/// A list of labels.
pub fn labels_arg(a: &[Value], i: usize, f: &str) -> Res<Vec<u32>> {
    let l = args::list(a, i, f)?;
    sn_array::budget::reserve_items(f, l.len(), 4).map_err(Unwind::from)?;
    l.iter().map(|v| label_of(v, f)).collect()
}

/// Argument `i` as a number below `n` (a node or an arc of a graph of
/// `n`); the error names the argument and the graph's size.
pub fn index_arg(a: &[Value], i: usize, f: &'static str, n: usize, arc: bool) -> Res<u32> {
    let k = args::usize(a, i, f)?;
    if k < n {
        return Ok(k as u32);
    }
    let e = if arc {
        GraphError::Arc {
            op: f,
            arc: k as u64,
            narcs: n,
        }
    } else {
        GraphError::Node {
            op: f,
            node: k as u64,
            nnodes: n,
        }
    };
    Err(LispError::from(e).culprit(a[i].clone()).into())
}

/// Optional argument `i` as a data or slot index (`()` or absent: none).
pub fn opt_index_arg(a: &[Value], i: usize, f: &str) -> Res<u32> {
    if args::opt(a, i).is_none() {
        return Ok(NONE);
    }
    let k = args::usize(a, i, f)?;
    if k >= NONE as usize {
        return Err(LispError::new(
            ErrorKind::Domain,
            format!("{f}: an index must be below {NONE}, got {k}"),
        )
        .culprit(a[i].clone())
        .into());
    }
    Ok(k as u32)
}

/// A data or slot index as a Lisp value (`()` for none).
pub fn index_value(k: u32) -> Value {
    if k == NONE {
        Value::Nil
    } else {
        Value::Num(f64::from(k))
    }
}

/// Checks a penalty: a number, not NaN and not `-inf` (`+inf` is an
/// impossible arc).
pub fn check_penalty(p: f64, f: &str, culprit: impl FnOnce() -> Value) -> Res<f64> {
    if p.is_nan() || p == f64::NEG_INFINITY {
        return Err(LispError::new(
            ErrorKind::Domain,
            format!("{f}: a penalty must be a number or +inf (not NaN or -inf), got {p}"),
        )
        .culprit(culprit())
        .into());
    }
    Ok(p)
}

/// Optional argument `i` as a penalty (`default` when absent).
pub fn opt_penalty_arg(a: &[Value], i: usize, f: &str, default: f64) -> Res<f64> {
    if args::opt(a, i).is_none() {
        return Ok(default);
    }
    let p = args::num(a, i, f)?;
    check_penalty(p, f, || a[i].clone())
}

/// Optional argument `i` as a finite factor (`1` when absent).
pub fn opt_factor_arg(a: &[Value], i: usize, f: &str, what: &str) -> Res<f64> {
    if args::opt(a, i).is_none() {
        return Ok(1.0);
    }
    let v = args::num(a, i, f)?;
    if !v.is_finite() {
        return Err(LispError::new(
            ErrorKind::Domain,
            format!("{f}: {what} must be a finite number, got {v}"),
        )
        .culprit(a[i].clone())
        .into());
    }
    Ok(v)
}

/// A fresh 1-D array holding `v` (rounded to `f32`), after asking the budget.
pub fn array_of(v: &[f64], f: &str) -> Res {
    sn_array::budget::reserve_items(f, v.len(), 4).map_err(Unwind::from)?;
    let data = v.iter().map(|&x| x as f32).collect();
    Array::from_vec(&[v.len()], data)
        .map(Value::array)
        .map_err(Unwind::from)
}

/// Runs `g` on the elements of `arr` in row-major order (no copy when
/// they are contiguous).
pub fn with_flat<R>(arr: &Array, f: &str, g: impl FnOnce(&[f32]) -> Res<R>) -> Res<R> {
    if arr.is_contiguous() {
        let data = arr.data();
        let o = arr.offset();
        return g(&data[o..o + arr.len()]);
    }
    sn_array::budget::reserve_items(f, arr.len(), 4).map_err(Unwind::from)?;
    g(&arr.to_vec())
}

/// Runs `g` on the elements of `arr` in row-major order for changing
/// them (in place when contiguous, else on a copy written back).
pub fn with_flat_mut<R>(arr: &Array, f: &str, g: impl FnOnce(&mut [f32]) -> Res<R>) -> Res<R> {
    if arr.is_contiguous() {
        let mut data = arr.data_mut();
        let o = arr.offset();
        return g(&mut data[o..o + arr.len()]);
    }
    sn_array::budget::reserve_items(f, arr.len(), 4).map_err(Unwind::from)?;
    let mut v = arr.to_vec();
    let r = g(&mut v)?;
    let mut data = arr.data_mut();
    for (o, x) in arr.offsets().zip(v) {
        data[o] = x;
    }
    Ok(r)
}
