//! The Lush 1 matrix and list functions that SN2.8's own libraries
//! (`knnenv.sn`, `statenv.sn`, `matrixtool.sn`, `imagetool.sn`,
//! `perf-file.sn`, `plot-nlf.sn`) call: the SN1/SN2/TL3 compatibility
//! functions of Lush's `lsh/libstd/compat.lsh` (`mean-mat`, `sdev-mat`,
//! `sup-mat`, `m+c`, `m*m` ...), the `idx-f1dotc` family, `double-array`,
//! `mrep-dim`, `index-print`, and the TL3 list and file-name functions
//! `flatten`, `mean`, `sdev`, `makelist`, `concat-fname` (Lush's `at.c`,
//! `classify.c`, `calls.c`, `fileio.c`), with the variable `lushdir`.
//!
//! sn's arrays hold single floats, so the "double" arrays are sn's arrays.

use std::path::{Component, Path, PathBuf};

use sn_array::{ops, Array};

use crate::lisp::args;
use crate::lisp::error::{ErrorKind, LispError};
use crate::lisp::{Interp, Res, Unwind, Value};

use super::arrays::{dims_args, out_arg};

/// The elements of `a` in row-major order, as `f64`.
fn values(a: &Array) -> Vec<f64> {
    a.to_vec().into_iter().map(f64::from).collect()
}

/// Writes `vals` (row-major) into `out`, which must have as many elements.
fn store(out: &Array, vals: &[f64], fname: &str) -> Res<()> {
    if out.len() != vals.len() {
        return Err(LispError::new(
            ErrorKind::Shape,
            format!(
                "{fname}: {} elements do not fit in an array of dims {:?}",
                vals.len(),
                out.dims()
            ),
        )
        .into());
    }
    let offs: Vec<usize> = out.offsets().collect();
    let mut data = out.data_mut();
    for (o, v) in offs.into_iter().zip(vals) {
        data[o] = *v as f32;
    }
    Ok(())
}

/// The output at argument `i`, or a fresh array of dims `dims`; it must have
/// dims `dims` when given.
fn output(a: &[Value], i: usize, dims: &[usize], fname: &str) -> Res<Array> {
    match out_arg(a, i, fname)? {
        Some(o) if o.dims() == dims => Ok(o.clone()),
        Some(o) => Err(LispError::new(
            ErrorKind::Shape,
            format!("{fname}: the output has dims {:?}, not {dims:?}", o.dims()),
        )
        .culprit(a[i].clone())
        .into()),
        None => (Array::zeros(dims)).map_err(Unwind::from),
    }
}

/// `(mean-mat m)`: the mean of the elements of `m` (Lush's compat.lsh).
fn mean_mat(_: &mut Interp, a: &[Value]) -> Res {
    let m = args::array(a, 0, "mean-mat")?;
    // an empty matrix gives 0/0, NaN, as in Lush
    Ok(Value::Num(ops::sum(m) / m.len() as f64))
}

/// `(sdev-mat m)`: as Lush 1's compat.lsh computes it, the mean of the
/// squares minus the square of the mean — the variance of the elements.
fn sdev_mat(_: &mut Interp, a: &[Value]) -> Res {
    let m = args::array(a, 0, "sdev-mat")?;
    let v = values(m);
    let n = v.len() as f64;
    let s: f64 = v.iter().sum::<f64>() / n;
    let s2: f64 = v.iter().map(|x| x * x).sum::<f64>() / n;
    Ok(Value::Num(s2 - s * s))
}

fn sup_mat(_: &mut Interp, a: &[Value]) -> Res {
    let m = args::array(a, 0, "sup-mat")?;
    Ok(Value::Num(f64::from(ops::sup(m)?)))
}

fn inf_mat(_: &mut Interp, a: &[Value]) -> Res {
    let m = args::array(a, 0, "inf-mat")?;
    Ok(Value::Num(f64::from(ops::inf(m)?)))
}

/// `out = m * c` (`acc` false) or `out += m * c`, out of the dims of m.
fn f1dotc(a: &[Value], fname: &str, acc: bool) -> Res {
    let m = args::array(a, 0, fname)?;
    let c = args::num(a, 1, fname)?;
    let out = args::array(a, 2, fname)?;
    if out.dims() != m.dims() {
        return Err(LispError::new(
            ErrorKind::Shape,
            format!("{fname}: dims {:?} and {:?} differ", m.dims(), out.dims()),
        )
        .culprit(a[2].clone())
        .into());
    }
    let old = if acc {
        values(out)
    } else {
        vec![0.0; out.len()]
    };
    // all in f32, as Lush's compiled loops on float vectors
    let vals: Vec<f64> = values(m)
        .iter()
        .zip(&old)
        .map(|(x, o)| f64::from((*o as f32) + (*x as f32) * (c as f32)))
        .collect();
    store(out, &vals, fname)?;
    Ok(a[2].clone())
}

fn idx_f1dotc(_: &mut Interp, a: &[Value]) -> Res {
    f1dotc(a, "idx-f1dotc", false)
}

fn idx_f1dotcacc(_: &mut Interp, a: &[Value]) -> Res {
    f1dotc(a, "idx-f1dotcacc", true)
}

/// `(copy-any-matrix m1 [m2])`: Lush's copy-matrix: the elements of m1 in
/// row-major order into m2 (any dims, as many elements), or a fresh copy.
fn copy_any_matrix(_: &mut Interp, a: &[Value]) -> Res {
    let m = args::array(a, 0, "copy-any-matrix")?;
    match out_arg(a, 1, "copy-any-matrix")? {
        Some(out) => {
            store(out, &values(m), "copy-any-matrix")?;
            Ok(a[1].clone())
        }
        None => Ok(Value::array(m.deep_copy())),
    }
}

/// `(m+c a b [c])`, `(m*c a b [c])`: each element of a plus (times) the
/// number b, into c (dims of a) or a fresh matrix.
fn matrix_const(a: &[Value], fname: &str, f: fn(f64, f64) -> f64) -> Res {
    let m = args::array(a, 0, fname)?;
    let c = args::num(a, 1, fname)?;
    let out = output(a, 2, m.dims(), fname)?;
    let vals: Vec<f64> = values(m).into_iter().map(|x| f(x, c)).collect();
    store(&out, &vals, fname)?;
    Ok(Value::array(out))
}

fn m_plus_c(_: &mut Interp, a: &[Value]) -> Res {
    matrix_const(a, "m+c", |x, c| x + c)
}

fn m_times_c(_: &mut Interp, a: &[Value]) -> Res {
    matrix_const(a, "m*c", |x, c| x * c)
}

/// Element-wise `a op b` into c (dims of b, as Lush's clone of b).
fn elementwise(a: &[Value], fname: &str, f: &dyn Fn(f64, f64) -> f64) -> Res {
    let x = args::array(a, 0, fname)?;
    let y = args::array(a, 1, fname)?;
    if x.dims() != y.dims() {
        return Err(LispError::new(
            ErrorKind::Shape,
            format!("{fname}: dims {:?} and {:?} differ", x.dims(), y.dims()),
        )
        .culprit(a[1].clone())
        .into());
    }
    let out = output(a, 2, y.dims(), fname)?;
    let vals: Vec<f64> = values(x)
        .into_iter()
        .zip(values(y))
        .map(|(p, q)| f(p, q))
        .collect();
    store(&out, &vals, fname)?;
    Ok(Value::array(out))
}

fn m_plus_m(_: &mut Interp, a: &[Value]) -> Res {
    elementwise(a, "m+m", &|x, y| x + y)
}

fn m_minus_m(_: &mut Interp, a: &[Value]) -> Res {
    elementwise(a, "m-m", &|x, y| x - y)
}

/// `(m/m a b [c [z]])`: a / b element-wise; with z (TL3's fourth argument,
/// which statenv.sn passes), elements whose divisor is 0 get z when it is
/// a number and are left as a's element otherwise.
fn m_div_m(_: &mut Interp, a: &[Value]) -> Res {
    let zero = match a.get(3) {
        None => None,
        Some(Value::Number(z)) => Some(Some(z.get())),
        Some(_) => Some(None),
    };
    elementwise(a, "m/m", &move |x, y| match zero {
        Some(z) if y == 0.0 => z.unwrap_or(x),
        _ => x / y,
    })
}

/// `(m*m a b [c])` as Lush's compat.lsh: a vector times a one-element
/// vector scales it; a vector times a 1×m matrix is their outer product; a
/// matrix times a vector or a matrix is the matrix product.
fn m_times_m(_: &mut Interp, a: &[Value]) -> Res {
    let x = args::array(a, 0, "m*m")?;
    let y = args::array(a, 1, "m*m")?;
    let out = out_arg(a, 2, "m*m")?;
    let r = match (x.ndim(), y.ndim()) {
        (1, 1) if y.dims()[0] == 1 => {
            let c = y.to_vec()[0];
            ops::mul_scalar(x, c, out)?
        }
        (1, 1) => return Err(bad_dims(a, "m*m: idx 2 must have 1 element")),
        (1, 2) if y.dims()[0] == 1 => ops::m1extm1(x, &y.select(0, 0)?, out)?,
        (1, _) => return Err(bad_dims(a, "m*m: idx 2 have bad dimensions")),
        (2, 1) => ops::m2dotm1(x, y, out)?,
        (2, 2) => ops::m2timesm2(x, y, out)?,
        _ => return Err(bad_dims(a, "m*m: idx must be of dimension 1 or 2")),
    };
    Ok(Value::array(r))
}

fn bad_dims(a: &[Value], msg: &str) -> crate::lisp::Unwind {
    LispError::new(ErrorKind::Shape, msg.to_string())
        .culprit(a[1].clone())
        .into()
}

/// `(mrep-dim m d n)`: a new array with a dimension of size n inserted at
/// position d, each of its n slices a copy of m.
fn mrep_dim(_: &mut Interp, a: &[Value]) -> Res {
    let m = args::array(a, 0, "mrep-dim")?;
    let d = args::usize(a, 1, "mrep-dim")?;
    let n = args::usize(a, 2, "mrep-dim")?;
    if d > m.ndim() {
        return Err(LispError::new(
            ErrorKind::Index,
            format!(
                "mrep-dim: no position {d} in an array of dims {:?}",
                m.dims()
            ),
        )
        .culprit(a[1].clone())
        .into());
    }
    let mut dims = m.dims().to_vec();
    dims.insert(d, n);
    let outer: usize = m.dims()[..d].iter().product();
    let inner: usize = m.dims()[d..].iter().product();
    let src = values(m);
    let out = Array::zeros(&dims)?;
    let mut vals = Vec::with_capacity(out.len());
    for o in 0..outer {
        for _ in 0..n {
            vals.extend_from_slice(&src[o * inner..(o + 1) * inner]);
        }
    }
    store(&out, &vals, "mrep-dim")?;
    Ok(Value::array(out))
}

/// `(double-array d1 ... dn)`: a zero matrix (Lush 2's name for
/// double-matrix).
fn double_array(_: &mut Interp, a: &[Value]) -> Res {
    let dims = dims_args(a, 0, "double-array")?;
    Ok(Value::array(Array::zeros(&dims)?))
}

/// `(index-print m)`: prints the elements of m in a row, separated by
/// spaces, as numbers print; returns ().
fn index_print(it: &mut Interp, a: &[Value]) -> Res {
    let m = args::array(a, 0, "index-print")?;
    let text: Vec<String> = values(m).into_iter().map(sn_array::lush_number).collect();
    it.out(&text.join(" "));
    Ok(Value::Nil)
}

/// `(copy-array m)`: a fresh copy of m (Lush 2's name for copy-matrix).
fn copy_array(_: &mut Interp, a: &[Value]) -> Res {
    Ok(Value::array(args::array(a, 0, "copy-array")?.deep_copy()))
}

/// `(nan)`: the not-a-number value.
fn nan(_: &mut Interp, _: &[Value]) -> Res {
    Ok(Value::Num(f64::NAN))
}

/// `(moccur m v r)`: every element of m equal to v (NaN matching NaN) set
/// to r; returns m.
fn moccur(_: &mut Interp, a: &[Value]) -> Res {
    let m = args::array(a, 0, "moccur")?;
    let v = args::num(a, 1, "moccur")? as f32;
    let r = args::num(a, 2, "moccur")?;
    let vals: Vec<f64> = m
        .to_vec()
        .into_iter()
        .map(|x| {
            if x == v || (x.is_nan() && v.is_nan()) {
                r
            } else {
                f64::from(x)
            }
        })
        .collect();
    store(m, &vals, "moccur")?;
    Ok(a[0].clone())
}

/// `(transpose m)` as Lush's compat.lsh: a vector of n as a 1×n matrix,
/// a matrix transposed (views sharing m's elements).
fn transpose(_: &mut Interp, a: &[Value]) -> Res {
    let m = args::array(a, 0, "transpose")?;
    let v = match m.ndim() {
        1 => m.unfold(0, m.dims()[0], 1)?,
        2 => m.transpose(0, 1)?,
        _ => {
            return Err(LispError::new(
                ErrorKind::Shape,
                "transpose: Two dimensioned matrix expected".to_string(),
            )
            .culprit(a[0].clone())
            .into())
        }
    };
    Ok(Value::array(v))
}

#[path = "lush_lists.rs"]
mod lists;

#[path = "lush_listlike.rs"]
mod listlike;

/// Registers the Lush 1 matrix and list functions and `lushdir`.
pub fn register(it: &mut Interp) {
    it.begin_family("lush-matrix");
    it.defn(
        "mean-mat",
        1,
        Some(1),
        mean_mat,
        "(mean-mat m) the mean of the elements of matrix m (NaN when it has none, as in Lush).",
    );
    it.defn("sdev-mat", 1, Some(1), sdev_mat, "(sdev-mat m) as in Lush 1: the mean of the squares of the elements of m minus the square of their mean (their variance, no square root).");
    it.defn(
        "sup-mat",
        1,
        Some(1),
        sup_mat,
        "(sup-mat m) the largest element of matrix m.",
    );
    it.defn(
        "inf-mat",
        1,
        Some(1),
        inf_mat,
        "(inf-mat m) the smallest element of matrix m.",
    );
    it.defn("idx-f1dotc", 3, Some(3), idx_f1dotc, "(idx-f1dotc m c out) out = c times m, element-wise (m and out of the same dims, may be the same); returns out.");
    it.defn(
        "idx-f1dotcacc",
        3,
        Some(3),
        idx_f1dotcacc,
        "(idx-f1dotcacc m c out) out += c times m, element-wise; returns out.",
    );
    it.defn("copy-any-matrix", 1, Some(2), copy_any_matrix, "(copy-any-matrix m1 [m2]) copies the elements of m1 in row-major order into m2 (any dims with as many elements) and returns m2, or returns a fresh copy of m1.");
    it.defn("m+c", 2, Some(3), m_plus_c, "(m+c a b [c]) each element of matrix a plus number b, into c (dims of a) or a fresh matrix.");
    it.defn("m*c", 2, Some(3), m_times_c, "(m*c a b [c]) each element of matrix a times number b, into c (dims of a) or a fresh matrix.");
    it.defn(
        "m+m",
        2,
        Some(3),
        m_plus_m,
        "(m+m a b [c]) a + b element-wise (same dims), into c or a fresh matrix.",
    );
    it.defn(
        "m-m",
        2,
        Some(3),
        m_minus_m,
        "(m-m a b [c]) a - b element-wise (same dims), into c or a fresh matrix.",
    );
    it.defn("m/m", 2, Some(4), m_div_m, "(m/m a b [c [z]]) a / b element-wise (same dims), into c or a fresh matrix; with z, where b is 0 the result is z if a number, else a's element.");
    it.defn("m*m", 2, Some(3), m_times_m, "(m*m a b [c]) the matrix product of a (vector or matrix) and b (vector or matrix) as Lush 1: matrix x matrix, matrix x vector, vector x 1-element vector (scaling), vector x 1xm matrix (outer product); into c or a fresh matrix.");
    it.defn("mrep-dim", 3, Some(3), mrep_dim, "(mrep-dim m d n) a new matrix: m repeated n times along a new dimension inserted at position d.");
    it.defn(
        "double-array",
        0,
        None,
        double_array,
        "(double-array d1 ... dn) a new zero matrix of dims d1 x ... x dn (Lush's double-matrix).",
    );
    it.defn("index-print", 1, Some(1), index_print, "(index-print m) prints the elements of matrix m on one line, separated by spaces; returns ().");
    it.defn(
        "copy-array",
        1,
        Some(1),
        copy_array,
        "(copy-array m) a fresh copy of matrix m.",
    );
    it.defn("nan", 0, Some(0), nan, "(nan) the not-a-number value.");
    it.defn("moccur", 3, Some(3), moccur, "(moccur m v r) sets to r every element of matrix m equal to v (NaN matches NaN); returns m.");
    it.defn(
        "transpose",
        1,
        Some(1),
        transpose,
        "(transpose m) as Lush 1: a vector of n as a 1xn matrix, a matrix transposed (views on m).",
    );
    lists::register(it);
    listlike::register(it);
    let home = it.home.to_string_lossy().to_string();
    it.set_global("lushdir", Value::string(&home));
}

/// `a` resolved against the current folder, `.` and `..` taken out.
pub(crate) fn clean_path(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}
