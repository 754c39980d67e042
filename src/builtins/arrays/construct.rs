//! Construction: `matrix`, `float-matrix`, `array-copy`, `array-fill`,
//! `array-rand`, `copy-matrix`, predicates.

use sn_array::{ops, Array};

use super::{dims_args, out_arg};
use crate::lisp::args;
use crate::lisp::{Interp, Res, Value};

pub(super) fn register(it: &mut Interp) {
    it.defn(
        "matrix",
        0,
        None,
        matrix,
        "(matrix d0 d1 ...) a fresh zero-filled array of those dimensions (0 to 8; f32 storage).",
    );
    it.defn(
        "float-matrix",
        0,
        None,
        matrix,
        "(float-matrix d0 d1 ...) same as matrix: a fresh zero-filled f32 array.",
    );
    it.defn(
        "double-matrix",
        0,
        None,
        matrix,
        "(double-matrix d0 d1 ...) a fresh zero-filled array (storage is f32 in sn).",
    );
    it.defn("array-copy", 1, Some(2), array_copy, "(array-copy m [dst]) a fresh contiguous copy of m, or m copied into dst (same dims, or other dims with as many elements, in row-major order), which is returned.");
    it.defn(
        "copy-matrix",
        1,
        Some(2),
        array_copy,
        "(copy-matrix m [dst]) SN name of array-copy.",
    );
    it.defn(
        "idx-copy",
        1,
        Some(2),
        array_copy,
        "(idx-copy m [dst]) copy m into dst (same dims) or into a fresh array.",
    );
    it.defn(
        "array-fill",
        2,
        Some(2),
        array_fill,
        "(array-fill m v) stores v in every element of m; returns m.",
    );
    it.defn(
        "idx-clear",
        1,
        Some(1),
        idx_clear,
        "(idx-clear m) stores 0 in every element of m; returns m.",
    );
    it.defn("array-rand", 1, Some(3), array_rand, "(array-rand m [lo hi]) fills m with uniform numbers in [lo, hi) (default [0, 1)) from the seeded generator; returns m.");
    it.defn("array-gauss", 1, Some(3), array_gauss, "(array-gauss m [mean sigma]) fills m with normal numbers from the seeded generator; returns m.");
    it.defn(
        "matrixp",
        1,
        Some(1),
        matrixp,
        "(matrixp x) t if x is an array.",
    );
}

fn matrix(_: &mut Interp, a: &[Value]) -> Res {
    let dims = dims_args(a, 0, "matrix")?;
    Ok(Value::array(Array::zeros(&dims)?))
}

fn array_copy(_: &mut Interp, a: &[Value]) -> Res {
    let m = args::array(a, 0, "array-copy")?;
    let out = out_arg(a, 1, "array-copy")?;
    if let Some(o) = out {
        // other dims with as many elements: row-major, as Lush's copy_index
        if o.dims() != m.dims() && o.len() == m.len() {
            let vals = m.to_vec();
            let offs: Vec<usize> = o.offsets().collect();
            let mut data = o.data_mut();
            for (k, v) in offs.into_iter().zip(vals) {
                data[k] = v;
            }
            return Ok(a[1].clone());
        }
    }
    Ok(Value::array(ops::copy(m, out)?))
}

fn array_fill(_: &mut Interp, a: &[Value]) -> Res {
    let m = args::array(a, 0, "array-fill")?;
    ops::fill(m, args::num(a, 1, "array-fill")? as f32);
    Ok(a[0].clone())
}

fn idx_clear(_: &mut Interp, a: &[Value]) -> Res {
    ops::fill(args::array(a, 0, "idx-clear")?, 0.0);
    Ok(a[0].clone())
}

fn array_rand(it: &mut Interp, a: &[Value]) -> Res {
    let m = args::array(a, 0, "array-rand")?;
    let (lo, hi) = if a.len() >= 3 {
        (
            args::num(a, 1, "array-rand")?,
            args::num(a, 2, "array-rand")?,
        )
    } else if a.len() == 2 {
        let h = args::num(a, 1, "array-rand")?;
        (-h, h)
    } else {
        (0.0, 1.0)
    };
    let rng = it.rng();
    ops::fill_with(m, || rng.range(lo, hi) as f32);
    Ok(a[0].clone())
}

fn array_gauss(it: &mut Interp, a: &[Value]) -> Res {
    let m = args::array(a, 0, "array-gauss")?;
    let mean = if a.len() > 1 {
        args::num(a, 1, "array-gauss")?
    } else {
        0.0
    };
    let sigma = if a.len() > 2 {
        args::num(a, 2, "array-gauss")?
    } else {
        1.0
    };
    let rng = it.rng();
    ops::fill_with(m, || (mean + sigma * rng.gauss()) as f32);
    Ok(a[0].clone())
}

fn matrixp(_: &mut Interp, a: &[Value]) -> Res {
    Ok(Value::truth(matches!(a[0], Value::Array(_))))
}
