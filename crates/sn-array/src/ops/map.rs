//! Element-wise machinery: apply a function over one or two arrays into an
//! output array, coping with outputs that share storage with inputs.

use crate::array::{Array, Offsets};
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
        let ((ra, n, sa), (ro, _, so)) = (row_walk(a), row_walk(out));
        for (oa, oo) in ra.zip(ro) {
            for k in 0..n as isize {
                o[at(oo, k, so)] = f(o[at(oa, k, sa)]);
            }
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
    let ((ra, n, sa), (ro, _, so)) = (row_walk(a), row_walk(out));
    for (oa, oo) in ra.zip(ro) {
        if sa == 1 && so == 1 {
            let (xa, xo) = (&g[oa..oa + n], &mut o[oo..oo + n]);
            xo.iter_mut().zip(xa).for_each(|(z, x)| *z = f(*x));
        } else {
            for k in 0..n as isize {
                o[at(oo, k, so)] = f(g[at(oa, k, sa)]);
            }
        }
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
    let ((ra, n, sa), (rb, _, sb), (ro, _, so)) = (row_walk(a), row_walk(b), row_walk(out));
    for ((oa, ob), oo) in ra.zip(rb).zip(ro) {
        if let (Some(ga), Some(gb)) = (&ga, &gb) {
            for k in 0..n as isize {
                o[at(oo, k, so)] = f(ga[at(oa, k, sa)], gb[at(ob, k, sb)]);
            }
            continue;
        }
        for k in 0..n as isize {
            let x = match &ga {
                Some(g) => g[at(oa, k, sa)],
                None => o[at(oa, k, sa)],
            };
            let y = match &gb {
                Some(g) => g[at(ob, k, sb)],
                None => o[at(ob, k, sb)],
            };
            o[at(oo, k, so)] = f(x, y);
        }
    }
}

/// Storage index of element `k` of a row starting at `start` with stride `s`.
#[inline]
fn at(start: usize, k: isize, s: isize) -> usize {
    (start as isize + k * s) as usize
}

/// The start offsets of the rows (last dimension) of `a`, the row length and stride.
pub(crate) fn row_walk(a: &Array) -> (Offsets, usize, isize) {
    if a.ndim() == 0 || a.is_empty() {
        return (a.offsets(), if a.is_empty() { 0 } else { 1 }, 0);
    }
    let last = a.ndim() - 1;
    let (n, s) = (a.dims()[last], a.strides()[last]);
    match a.select(last, 0) {
        Ok(outer) => (outer.offsets(), n, s),
        Err(_) => (a.offsets(), 1, 0),
    }
}

/// Apply `f` to each row of `a` as a slice (gathered when strided).
pub(crate) fn for_rows(a: &Array, mut f: impl FnMut(&[f32])) {
    let g = a.storage.borrow();
    if a.is_contiguous() {
        f(&g[a.offset..a.offset + a.len()]);
        return;
    }
    let (rows, n, s) = row_walk(a);
    let mut buf = Vec::with_capacity(if s == 1 { 0 } else { n });
    for o in rows {
        if s == 1 {
            f(&g[o..o + n]);
        } else {
            buf.clear();
            buf.extend((0..n as isize).map(|k| g[at(o, k, s)]));
            f(&buf);
        }
    }
}

/// Apply `f` to the rows of `a` in row-major order, in slices of at most
/// 64 Ki elements (gathered when strided), stopping at the first error.
pub(crate) fn try_for_rows<E>(
    a: &Array,
    mut f: impl FnMut(&[f32]) -> Result<(), E>,
) -> Result<(), E> {
    const PIECE: usize = 1 << 16;
    let mut res = Ok(());
    for_rows(a, |row| {
        if res.is_ok() {
            res = row.chunks(PIECE).try_for_each(&mut f);
        }
    });
    res
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
