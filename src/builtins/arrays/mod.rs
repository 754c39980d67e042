//! Lisp bindings of arrays (idx): construction, shape views, maths, matrix
//! files and image preprocessing. Calling an array to read and write its
//! elements is part of the evaluator (`lisp::array_call`), re-exported here.

mod construct;
mod files;
mod images;
mod maths;
mod shape;

use sn_array::Array;

use crate::lisp::args::{self, type_error};
pub use crate::lisp::array_call::call_array;
pub(crate) use crate::lisp::array_call::elem_num;
use crate::lisp::error::{ErrorKind, LispError};
use crate::lisp::{Interp, Res, Value};

/// Registers every array builtin.
pub fn register(it: &mut Interp) {
    it.begin_family("arrays");
    construct::register(it);
    shape::register(it);
    maths::register(it);
    files::register(it);
    images::register(it);
}

/// An optional output array at position `i` (absent or `()` gives `None`).
pub(crate) fn out_arg<'a>(a: &'a [Value], i: usize, fname: &str) -> Res<Option<&'a Array>> {
    match args::opt(a, i) {
        None => Ok(None),
        Some(Value::Array(x)) => Ok(Some(x)),
        Some(other) => Err(type_error(fname, "an output array", other)),
    }
}

/// A dimension number of `m` at argument `i`.
pub(crate) fn dim_arg(a: &[Value], i: usize, m: &Array, fname: &str) -> Res<usize> {
    let d = args::usize(a, i, fname)?;
    if d >= m.ndim() {
        return Err(LispError::new(
            ErrorKind::Index,
            format!(
                "{fname}: no dimension {d} in an array of dims {:?}",
                m.dims()
            ),
        )
        .culprit(a[i].clone())
        .into());
    }
    Ok(d)
}

/// A list of non-negative integers (dims) from the arguments starting at
/// `from`, or from a single list argument there.
pub(crate) fn dims_args(a: &[Value], from: usize, fname: &str) -> Res<Vec<usize>> {
    if a.len() == from + 1 && (a[from].as_cons().is_some()) {
        let items = args::list(a, from, fname)?;
        return (0..items.len())
            .map(|k| args::usize(&items, k, fname))
            .collect();
    }
    (from..a.len()).map(|k| args::usize(a, k, fname)).collect()
}
