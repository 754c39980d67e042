//! Arrays applied as functions: `(m i j)` reads an element, `(m i j x)`
//! writes one, `()` subscripts give views. The evaluator calls an array
//! named by the head of a form through [`call_array`]; the array builtins
//! use the same element conversion ([`elem_num`]); array errors become
//! Lisp errors through `From` (see [`super::error_from`]).

use std::rc::Rc;

use sn_array::{ops, resolve_index, Array, Sub};

use super::args::{self, type_error};
use super::error::{ErrorKind, LispError};
use super::{Interp, Res, Value};

/// An element as a Lisp number: the shortest decimal that reads back as the
/// same `f32`, so that `(m i j 0.1)` then `(m i j)` gives `0.1`.
pub fn elem_num(x: f32) -> f64 {
    // integers (every f32 from 2^24 up is one) and non-finite values as
    // they are; the test avoids a call of `trunc`
    if !x.is_finite() || x.abs() >= 16_777_216.0 || (x as i32) as f32 == x {
        return x as f64;
    }
    format!("{x}").parse::<f64>().unwrap_or(x as f64)
}

/// Called by the evaluator for `(m i j ...)`: with one subscript per
/// dimension, reads the element; with one more argument, writes it and
/// returns `m`. Negative subscripts count from the end; `()` as a
/// subscript means the whole dimension and gives a view (which the extra
/// argument, a number or an array, fills).
///
/// # Errors
/// `shape` for a wrong number of subscripts or an array of other dims to
/// store, `index` for a subscript out of range, `type` for a subscript that
/// is not an integer or `()`, or a value that is neither a number nor an array.
pub fn call_array(it: &mut Interp, arr: &Rc<Array>, a: &[Value]) -> Res {
    if let Some(r) = element_access(arr, a) {
        return r;
    }
    call_array_general(it, arr, a)
}

/// The common case of `call_array`: integral numbers as subscripts, one per
/// dimension, and a number to store if any. `None` for anything else.
fn element_access(arr: &Rc<Array>, a: &[Value]) -> Option<Res> {
    let n = arr.ndim();
    if a.len() != n && a.len() != n + 1 {
        return None;
    }
    let mut off = arr.offset() as isize;
    for (k, v) in a[..n].iter().enumerate() {
        let Value::Number(x) = v else { return None };
        let x = &x.get();
        // signed conversions: one instruction each, where unsigned ones
        // take several
        let d = arr.dims()[k] as i64 as f64;
        let i = if *x < 0.0 { x + d } else { *x };
        if !(0.0..d).contains(&i) || (i as i64) as f64 != i {
            return None;
        }
        off += i as i64 as isize * arr.strides()[k];
    }
    let off = off as usize;
    match a.get(n) {
        None => Some(Ok(Value::Num(elem_num(arr.data()[off])))),
        Some(Value::Number(v)) => {
            arr.data_mut()[off] = v.get() as f32;
            Some(Ok(Value::Array(arr.clone())))
        }
        Some(_) => None,
    }
}

fn call_array_general(_it: &mut Interp, arr: &Rc<Array>, a: &[Value]) -> Res {
    let n = arr.ndim();
    let (subs_v, value) = if a.len() == n {
        (a, None)
    } else if a.len() == n + 1 {
        (&a[..n], Some(&a[n]))
    } else {
        return Err(LispError::new(
            ErrorKind::Shape,
            format!(
                "array call: {} subscripts for an array of dims {:?}",
                a.len(),
                arr.dims()
            ),
        )
        .into());
    };
    let mut subs = Vec::with_capacity(n);
    for (k, v) in subs_v.iter().enumerate() {
        subs.push(match v {
            Value::Nil => Sub::All,
            // a fraction is truncated, as Lush 1's index_ref does
            Value::Number(x) if x.get().is_finite() => Sub::At(resolve_index(
                "array call",
                arr.dims(),
                k,
                x.get().trunc() as i64,
            )?),
            _ => Sub::At(resolve_index(
                "array call",
                arr.dims(),
                k,
                args::int(subs_v, k, "array call")?,
            )?),
        });
    }
    let view = arr.subscript(&subs)?;
    match value {
        None if view.ndim() == 0 => Ok(Value::Num(elem_num(view.get(&[])?))),
        None => Ok(Value::array(view)),
        Some(Value::Number(x)) => {
            ops::fill(&view, x.get() as f32);
            Ok(Value::Array(arr.clone()))
        }
        Some(Value::Array(src)) => {
            ops::copy(src, Some(&view))?;
            Ok(Value::Array(arr.clone()))
        }
        Some(list @ Value::Cons(_)) => {
            store_list(&view, list)?;
            Ok(Value::Array(arr.clone()))
        }
        Some(other) => Err(type_error(
            "array call",
            "a number, an array or a list of numbers to store",
            other,
        )),
    }
}

/// Stores the numbers of a (nested) list, in row-major order, into the
/// first elements of a view (as Lush stores a list into a submatrix:
/// SN2.8's knnenv.sn sets the first two coordinates of a word so).
fn store_list(view: &Array, list: &Value) -> Res<()> {
    fn walk(v: &Value, out: &mut Vec<f32>, depth: usize) -> Res<()> {
        match v {
            Value::Number(x) => out.push(x.get() as f32),
            Value::Cons(_) if depth < 64 => {
                let items = v
                    .list_to_vec()
                    .ok_or_else(|| type_error("array call", "a proper list of numbers", v))?;
                for x in &items {
                    walk(x, out, depth + 1)?;
                }
            }
            other => return Err(type_error("array call", "a list of numbers", other)),
        }
        Ok(())
    }
    let mut vals = Vec::new();
    walk(list, &mut vals, 0)?;
    if vals.len() > view.len() {
        return Err(LispError::new(
            ErrorKind::Shape,
            format!(
                "array call: {} numbers for a view of dims {:?}",
                vals.len(),
                view.dims()
            ),
        )
        .culprit(list.clone())
        .into());
    }
    let offs: Vec<usize> = view.offsets().collect();
    let mut data = view.data_mut();
    for (o, v) in offs.into_iter().zip(vals) {
        data[o] = v;
    }
    Ok(())
}
