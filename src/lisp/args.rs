//! Argument checking helpers for builtins: each names the function in its
//! error, so that a wrong argument says where it went wrong.

use std::rc::Rc;

use super::error::{ErrorData, ErrorKind, LispError, Unwind};
use super::printer;
use super::value::{Native, Value};
use super::Res;

/// A `type` error: `fname` expected `expected` and got `got`.
pub fn type_error(fname: &str, expected: &str, got: &Value) -> Unwind {
    LispError::new(
        ErrorKind::Type,
        format!(
            "{fname}: expected {expected}, got {} {}",
            got.type_name(),
            printer::repr_short(got, 40)
        ),
    )
    .with(ErrorData::Type {
        function: fname.to_string(),
        expected: expected.to_string(),
        found: got.type_name().to_string(),
    })
    .culprit(got.clone())
    .into()
}

fn get<'a>(a: &'a [Value], i: usize, fname: &str) -> Res<&'a Value> {
    a.get(i).ok_or_else(|| {
        LispError::new(
            ErrorKind::Arity,
            format!("{fname}: missing argument {}", i + 1),
        )
        .with(ErrorData::Arity {
            function: fname.to_string(),
            min: i + 1,
            max: None,
            found: a.len(),
        })
        .into()
    })
}

/// A number argument.
pub fn num(a: &[Value], i: usize, fname: &str) -> Res<f64> {
    match get(a, i, fname)? {
        Value::Number(n) => Ok(n.get()),
        other => Err(type_error(fname, "a number", other)),
    }
}

/// An integral number argument.
pub fn int(a: &[Value], i: usize, fname: &str) -> Res<i64> {
    let n = num(a, i, fname)?;
    if n.fract() != 0.0 || !n.is_finite() || n.abs() > 9.0e15 {
        return Err(type_error(fname, "an integer", &a[i]));
    }
    Ok(n as i64)
}

/// A non-negative integral number argument.
pub fn usize(a: &[Value], i: usize, fname: &str) -> Res<usize> {
    let n = int(a, i, fname)?;
    if n < 0 {
        return Err(type_error(fname, "a non-negative integer", &a[i]));
    }
    Ok(n as usize)
}

/// A string argument.
pub fn string<'a>(a: &'a [Value], i: usize, fname: &str) -> Res<&'a str> {
    match get(a, i, fname)? {
        Value::Str(s) => Ok(s),
        other => Err(type_error(fname, "a string", other)),
    }
}

/// A string or symbol argument, as text.
pub fn name(a: &[Value], i: usize, fname: &str) -> Res<Rc<str>> {
    match get(a, i, fname)? {
        Value::Str(s) => Ok(Rc::from(s.as_str())),
        Value::Sym(s) => Ok(s.name.clone()),
        other => Err(type_error(fname, "a string or symbol", other)),
    }
}

/// An array argument.
pub fn array<'a>(a: &'a [Value], i: usize, fname: &str) -> Res<&'a sn_array::Array> {
    match get(a, i, fname)? {
        Value::Array(x) => Ok(x),
        other => Err(type_error(fname, "an array", other)),
    }
}

/// A proper list argument, as a vector.
pub fn list(a: &[Value], i: usize, fname: &str) -> Res<Vec<Value>> {
    let v = get(a, i, fname)?;
    v.list_to_vec().ok_or_else(|| {
        let what = if v.is_circular() {
            "a finite list (not a circular one)"
        } else {
            "a proper list"
        };
        type_error(fname, what, v)
    })
}

/// An optional argument: `None` when absent or `()`.
pub fn opt(a: &[Value], i: usize) -> Option<&Value> {
    a.get(i).filter(|v| !v.is_nil())
}

/// A native object of type `T`.
pub fn native<'a, T: Native>(a: &'a [Value], i: usize, fname: &str) -> Res<&'a T> {
    let v = get(a, i, fname)?;
    if let Value::Native(n) = v {
        if let Some(t) = n.as_any().downcast_ref::<T>() {
            return Ok(t);
        }
    }
    Err(type_error(
        fname,
        std::any::type_name::<T>()
            .rsplit("::")
            .next()
            .unwrap_or("object"),
        v,
    ))
}
