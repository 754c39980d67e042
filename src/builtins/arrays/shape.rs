//! Shape queries and views: `idx-ndim`, `idx-dim`, `bound`, `idx-select`,
//! `idx-narrow`, `idx-unfold`, `idx-transpose`, `idx-reshape`, `submatrix`.

use sn_array::{resolve_index, Array};

use super::{dim_arg, dims_args};
use crate::lisp::args::{self, type_error};
use crate::lisp::error::{ErrorKind, LispError};
use crate::lisp::{Interp, Res, Value};

pub(super) fn register(it: &mut Interp) {
    it.defn(
        "idx-ndim",
        1,
        Some(1),
        idx_ndim,
        "(idx-ndim m) the number of dimensions of m.",
    );
    it.defn(
        "idx-dim",
        1,
        Some(2),
        idx_dim,
        "(idx-dim m d) the size of dimension d (from 0); (idx-dim m) the list of sizes.",
    );
    it.defn("bound", 1, Some(2), bound, "(bound m) the list of the sizes of m; (bound m d) the last valid index along dimension d, counted from 1; (bound m 0) the number of dimensions (as SN2.8).");
    it.defn("idx-select", 3, Some(3), idx_select, "(idx-select m d i) the view of m with dimension d fixed at index i (negative counts from the end); shares storage.");
    it.defn(
        "idx-narrow",
        4,
        Some(4),
        idx_narrow,
        "(idx-narrow m d n start) the view of n indices of dimension d from start; shares storage.",
    );
    it.defn("idx-unfold", 4, Some(4), idx_unfold, "(idx-unfold m d size step) windows of size taken every step along dimension d, as a new last dimension; shares storage.");
    it.defn("idx-transpose", 1, Some(3), idx_transpose, "(idx-transpose m d1 d2) the view with dimensions d1 and d2 swapped; (idx-transpose m) swaps the two dims of a matrix; (idx-transpose m '(p0 p1 ...)) permutes them.");
    it.defn("idx-reshape", 1, None, idx_reshape, "(idx-reshape m d0 d1 ...) the view of the (contiguous) elements of m with new dims; copy a non-contiguous array first.");
    it.defn("submatrix", 1, None, submatrix, "(submatrix m r0 r1 ...) a view sharing storage: for each dimension () for all of it, (lo hi) the inclusive range lo..hi, or a number i for plane i alone (that dimension goes, as in Lush 1); fractions are truncated.");
}

fn idx_ndim(_: &mut Interp, a: &[Value]) -> Res {
    Ok(Value::Num(args::array(a, 0, "idx-ndim")?.ndim() as f64))
}

fn num_list(v: impl Iterator<Item = usize>) -> Value {
    Value::list(v.map(|x| Value::Num(x as f64)).collect())
}

fn idx_dim(_: &mut Interp, a: &[Value]) -> Res {
    let m = args::array(a, 0, "idx-dim")?;
    if a.len() < 2 {
        return Ok(num_list(m.dims().iter().copied()));
    }
    let d = dim_arg(a, 1, m, "idx-dim")?;
    Ok(Value::Num(m.dims()[d] as f64))
}

fn bound(_: &mut Interp, a: &[Value]) -> Res {
    let m = args::array(a, 0, "bound")?;
    let last = |d: usize| m.dims()[d] as f64 - 1.0;
    if a.len() < 2 {
        // SN2.8 (sn28common.lsh): the sizes, as `shape`
        return Ok(num_list(m.dims().iter().copied()));
    }
    let d = args::int(a, 1, "bound")?;
    if d == 0 {
        // TL3: dimension 0 is the number of dimensions
        return Ok(Value::Num(m.ndim() as f64));
    }
    if d < 1 || d as usize > m.ndim() {
        return Err(LispError::new(
            ErrorKind::Index,
            format!(
                "bound: no dimension {d} (counted from 1) in an array of dims {:?}",
                m.dims()
            ),
        )
        .culprit(a[1].clone())
        .into());
    }
    Ok(Value::Num(last(d as usize - 1)))
}

fn idx_select(_: &mut Interp, a: &[Value]) -> Res {
    let m = args::array(a, 0, "idx-select")?;
    let d = dim_arg(a, 1, m, "idx-select")?;
    let i = resolve_index("idx-select", m.dims(), d, args::int(a, 2, "idx-select")?)?;
    Ok(Value::array(m.select(d, i)?))
}

fn idx_narrow(_: &mut Interp, a: &[Value]) -> Res {
    let m = args::array(a, 0, "idx-narrow")?;
    let d = dim_arg(a, 1, m, "idx-narrow")?;
    let n = args::usize(a, 2, "idx-narrow")?;
    let start = args::usize(a, 3, "idx-narrow")?;
    Ok(Value::array(m.narrow(d, n, start)?))
}

fn idx_unfold(_: &mut Interp, a: &[Value]) -> Res {
    let m = args::array(a, 0, "idx-unfold")?;
    let d = dim_arg(a, 1, m, "idx-unfold")?;
    let size = args::usize(a, 2, "idx-unfold")?;
    let step = args::usize(a, 3, "idx-unfold")?;
    Ok(Value::array(m.unfold(d, size, step)?))
}

fn idx_transpose(_: &mut Interp, a: &[Value]) -> Res {
    let m = args::array(a, 0, "idx-transpose")?;
    let v = match a.len() {
        1 if m.ndim() == 2 => m.transpose(0, 1),
        2 => {
            let p = dims_args(a, 1, "idx-transpose")?;
            m.permute(&p)
        }
        3 => m.transpose(
            dim_arg(a, 1, m, "idx-transpose")?,
            dim_arg(a, 2, m, "idx-transpose")?,
        ),
        _ => return Err(type_error("idx-transpose", "two dimension numbers", &a[0])),
    };
    Ok(Value::array(v?))
}

fn idx_reshape(_: &mut Interp, a: &[Value]) -> Res {
    let m = args::array(a, 0, "idx-reshape")?;
    let dims = dims_args(a, 1, "idx-reshape")?;
    Ok(Value::array(m.reshape(&dims)?))
}

/// A subscript of `submatrix` as Lush 1's `sub-index` takes it: a number
/// truncated towards zero.
fn sub_int(a: &[Value], k: usize) -> Res<i64> {
    match &a[k] {
        Value::Number(x) if x.get().is_finite() => Ok(x.get().trunc() as i64),
        _ => args::int(a, k, "submatrix"),
    }
}

/// One range argument of `submatrix`: `()` (all), `(lo hi)` or `lo` (a
/// single index; the caller then drops that dimension, as Lush 1 does).
fn range_arg(m: &Array, a: &[Value], k: usize) -> Res<(usize, usize)> {
    let d = k - 1;
    let n = m.dims()[d];
    let (lo, hi) = match &a[k] {
        Value::Nil => return Ok((0, n)),
        Value::Number(_) => {
            let i = sub_int(a, k)?;
            (i, i)
        }
        _ => {
            let r = args::list(a, k, "submatrix")?;
            if r.len() != 2 {
                return Err(type_error("submatrix", "a range (lo hi)", &a[k]));
            }
            (sub_int(&r, 0)?, sub_int(&r, 1)?)
        }
    };
    let lo = resolve_index("submatrix", m.dims(), d, lo)?;
    let hi = resolve_index("submatrix", m.dims(), d, hi)?;
    if hi < lo {
        return Err(LispError::new(
            ErrorKind::Index,
            format!("submatrix: empty range {lo}..{hi} of dimension {d}"),
        )
        .culprit(a[k].clone())
        .into());
    }
    Ok((lo, hi + 1 - lo))
}

fn submatrix(_: &mut Interp, a: &[Value]) -> Res {
    let m = args::array(a, 0, "submatrix")?;
    if a.len() - 1 > m.ndim() {
        return Err(LispError::shape("submatrix", m.dims(), &[a.len() - 1]).into());
    }
    let mut v = m.clone();
    for k in 1..a.len() {
        let (start, n) = range_arg(m, a, k)?;
        v = v.narrow(k - 1, n, start)?;
    }
    // a single index selects its plane: that dimension goes (last first,
    // so that the earlier dimension numbers stay)
    for k in (1..a.len()).rev() {
        if matches!(a[k], Value::Number(_)) {
            v = v.select(k - 1, 0)?;
        }
    }
    Ok(Value::array(v))
}
