//! Conversions at the boundary: errors, sn arrays ⇄ states (copies),
//! dimension lists, labels.

use sn_modules::{ModError, State};

use crate::lisp::args;
use crate::lisp::error::{ErrorKind, LispError};
use crate::lisp::{Res, Unwind, Value};

/// A modules-level error as a Lisp error of the matching kind.
pub fn err(e: ModError) -> Unwind {
    let kind = match &e {
        ModError::Shape { .. } => ErrorKind::Shape,
        ModError::Label { .. } => ErrorKind::Index,
        ModError::Config { .. } => ErrorKind::Domain,
        ModError::Io { .. } => ErrorKind::Io,
        ModError::Format { .. } => ErrorKind::Format,
        ModError::Interrupted => {
            let _ = crate::lisp::interrupt::check();
            ErrorKind::Interrupt
        }
    };
    LispError::new(kind, e.to_string()).into()
}

/// A fresh sn array of shape `dims` holding a copy of `data`.
pub fn array_of(dims: &[usize], data: &[f32]) -> Res {
    sn_array::Array::from_vec(dims, data.to_vec())
        .map(Value::array)
        .map_err(|e| LispError::new(ErrorKind::Shape, e.to_string()).into())
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

/// Copies an array into a state's `x`, resizing the state to its shape.
pub fn state_from_array(s: &mut State, arr: &sn_array::Array) -> Res {
    let dims = arr.dims().to_vec();
    s.resize(&dims);
    s.x.copy_from_slice(&arr.to_vec());
    Ok(Value::Nil)
}

/// Labels: a number, a list of numbers or an array.
pub fn labels_of(a: &[Value], i: usize, f: &str) -> Res<Vec<usize>> {
    let v = a.get(i).cloned().unwrap_or(Value::Nil);
    let nums: Vec<f64> = match &v {
        Value::Number(n) => vec![n.get()],
        Value::Array(arr) => arr.to_vec().iter().map(|&x| x as f64).collect(),
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
