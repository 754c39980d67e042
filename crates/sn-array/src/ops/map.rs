//! Element-wise machinery: apply a function over one or two arrays into an
//! output array, coping with outputs that share storage with inputs.

use crate::array::Array;
use crate::error::ArrayError;

/// Check that `b` has the dims of `a` for operation `op`.
pub(crate) fn same_dims(op: &str, a: &Array, b: &Array) -> Result<(), ArrayError> {
    if a.dims() != b.dims() {
        return Err(ArrayError::shape(op, a.dims(), b.dims()));
    }
    Ok(())
}

/// The given output, checked against `dims`, or a fresh zero array.
pub(crate) fn out_or_new(
    op: &str,
    like: &[usize],
    out: Option<&Array>,
) -> Result<Array, ArrayError> {
    match out {
        Some(o) => {
            if o.dims() != like {
                return Err(ArrayError::shape(op, like, o.dims()));
            }
            Ok(o.clone())
        }
        None => Array::zeros(like),
    }
}

/// `out[i] = f(a[i])` for every element; `a` may share storage with `out`.
pub(crate) fn map_into(a: &Array, out: &Array, f: impl Fn(f32) -> f32) {
    let n = a.len();
    let mut o = out.storage.borrow_mut();
    if a.same_storage(out) {
        if a.same_view(out) && a.is_contiguous() {
            let r = out.offset..out.offset + n;
            o[r].iter_mut().for_each(|z| *z = f(*z));
            return;
        }
        // Read before write at each element, in row-major order.
        for (oa, oo) in a.offsets().zip(out.offsets()) {
            o[oo] = f(o[oa]);
        }
        return;
    }
    let g = a.storage.borrow();
    if a.is_contiguous() && out.is_contiguous() {
        let sa = &g[a.offset..a.offset + n];
        let so = &mut o[out.offset..out.offset + n];
        so.iter_mut().zip(sa).for_each(|(z, x)| *z = f(*x));
        return;
    }
    for (oa, oo) in a.offsets().zip(out.offsets()) {
        o[oo] = f(g[oa]);
    }
}

/// `out[i] = f(a[i], b[i])` for every element; inputs may share storage with `out`.
pub(crate) fn zip_into(a: &Array, b: &Array, out: &Array, f: impl Fn(f32, f32) -> f32) {
    let n = a.len();
    let mut o = out.storage.borrow_mut();
    let ga = (!a.same_storage(out)).then(|| a.storage.borrow());
    let gb = (!b.same_storage(out)).then(|| b.storage.borrow());
    let contiguous = a.is_contiguous() && b.is_contiguous() && out.is_contiguous();
    if contiguous {
        match (&ga, &gb) {
            (Some(ga), Some(gb)) => {
                let sa = &ga[a.offset..a.offset + n];
                let sb = &gb[b.offset..b.offset + n];
                let so = &mut o[out.offset..out.offset + n];
                for ((z, x), y) in so.iter_mut().zip(sa).zip(sb) {
                    *z = f(*x, *y);
                }
                return;
            }
            (None, Some(gb)) if a.same_view(out) => {
                let sb = &gb[b.offset..b.offset + n];
                let so = &mut o[out.offset..out.offset + n];
                so.iter_mut().zip(sb).for_each(|(z, y)| *z = f(*z, *y));
                return;
            }
            (Some(ga), None) if b.same_view(out) => {
                let sa = &ga[a.offset..a.offset + n];
                let so = &mut o[out.offset..out.offset + n];
                so.iter_mut().zip(sa).for_each(|(z, x)| *z = f(*x, *z));
                return;
            }
            _ => {}
        }
    }
    for ((oa, ob), oo) in a.offsets().zip(b.offsets()).zip(out.offsets()) {
        let x = match &ga {
            Some(g) => g[oa],
            None => o[oa],
        };
        let y = match &gb {
            Some(g) => g[ob],
            None => o[ob],
        };
        o[oo] = f(x, y);
    }
}

/// Fold over the elements of `a` in row-major order.
pub(crate) fn fold<T>(a: &Array, init: T, mut f: impl FnMut(T, f32) -> T) -> T {
    let g = a.storage.borrow();
    if a.is_contiguous() {
        return g[a.offset..a.offset + a.len()]
            .iter()
            .fold(init, |acc, &x| f(acc, x));
    }
    a.offsets().fold(init, |acc, o| f(acc, g[o]))
}

/// Fold over pairs of elements of `a` and `b` (same dims) in row-major order.
pub(crate) fn fold2<T>(a: &Array, b: &Array, init: T, mut f: impl FnMut(T, f32, f32) -> T) -> T {
    let ga = a.storage.borrow();
    let gb = b.storage.borrow();
    if a.is_contiguous() && b.is_contiguous() {
        let n = a.len();
        let sa = &ga[a.offset..a.offset + n];
        let sb = &gb[b.offset..b.offset + n];
        return sa.iter().zip(sb).fold(init, |acc, (&x, &y)| f(acc, x, y));
    }
    a.offsets()
        .zip(b.offsets())
        .fold(init, |acc, (oa, ob)| f(acc, ga[oa], gb[ob]))
}
