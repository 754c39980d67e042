//! Maths on arrays: element-wise operations, reductions and matrix products,
//! each with an optional output array as last argument.

use sn_array::{ops, Array, ArrayError};

use super::{elem_num, out_arg};
use crate::lisp::args::{self, type_error};
use crate::lisp::error::{ErrorKind, LispError};
use crate::lisp::{Interp, Res, Value};

type Binary = fn(&Array, &Array, Option<&Array>) -> Result<Array, ArrayError>;
type Unary = fn(&Array, Option<&Array>) -> Result<Array, ArrayError>;

/// Element-wise binary operation; a number as second operand applies to every element.
fn binary(a: &[Value], name: &str, f: Binary, scalar: Option<fn(f32, f32) -> f32>) -> Res {
    let x = args::array(a, 0, name)?;
    let out = out_arg(a, 2, name)?;
    match (&a[1], scalar) {
        (Value::Array(y), _) => Ok(Value::array(f(x, y, out)?)),
        (Value::Number(c), Some(g)) => {
            let c = c.get() as f32;
            Ok(Value::array(ops::map(x, out, |v| g(v, c))?))
        }
        (other, _) => Err(type_error(name, "an array", other)),
    }
}

macro_rules! bin {
    ($fname:ident, $name:expr, $f:path, $s:expr) => {
        fn $fname(_: &mut Interp, a: &[Value]) -> Res {
            binary(a, $name, $f, $s)
        }
    };
}

macro_rules! un {
    ($fname:ident, $name:expr, $f:path) => {
        fn $fname(_: &mut Interp, a: &[Value]) -> Res {
            let x = args::array(a, 0, $name)?;
            let out = out_arg(a, 1, $name)?;
            let f: Unary = $f;
            Ok(Value::array(f(x, out)?))
        }
    };
}

bin!(idx_add, "idx-add", ops::add, Some(|x, c| x + c));
bin!(idx_sub, "idx-sub", ops::sub, Some(|x, c| x - c));
bin!(idx_mul, "idx-mul", ops::mul, Some(|x, c| x * c));
bin!(idx_div, "idx-div", ops::div, Some(|x, c| x / c));
bin!(idx_max, "idx-max", ops::max, Some(f32::max));
bin!(idx_min, "idx-min", ops::min, Some(f32::min));
bin!(idx_m2timesm2, "idx-m2timesm2", ops::m2timesm2, None);
bin!(idx_m2dotm1, "idx-m2dotm1", ops::m2dotm1, None);
bin!(idx_m1extm1, "idx-m1extm1", ops::m1extm1, None);
un!(idx_abs, "idx-abs", ops::abs);
un!(idx_tanh, "idx-tanh", ops::tanh);
un!(idx_minus, "idx-minus", ops::neg);
un!(idx_sqrt, "idx-sqrt", ops::sqrt);
un!(idx_exp, "idx-exp", ops::exp);
un!(idx_sqr, "idx-sqr", ops::sqr);

fn scalar_op(
    a: &[Value],
    name: &str,
    f: fn(&Array, f32, Option<&Array>) -> Result<Array, ArrayError>,
) -> Res {
    let x = args::array(a, 0, name)?;
    let c = args::num(a, 1, name)? as f32;
    Ok(Value::array(f(x, c, out_arg(a, 2, name)?)?))
}

fn idx_addm0(_: &mut Interp, a: &[Value]) -> Res {
    scalar_op(a, "idx-addm0", ops::add_scalar)
}

fn idx_dotm0(_: &mut Interp, a: &[Value]) -> Res {
    scalar_op(a, "idx-dotm0", ops::mul_scalar)
}

fn idx_clip(_: &mut Interp, a: &[Value]) -> Res {
    let x = args::array(a, 0, "idx-clip")?;
    let lo = args::num(a, 1, "idx-clip")? as f32;
    let hi = args::num(a, 2, "idx-clip")? as f32;
    Ok(Value::array(ops::clip(
        x,
        lo,
        hi,
        out_arg(a, 3, "idx-clip")?,
    )?))
}

/// A scalar result: a number, or stored in the one-element output array given at `i`.
fn scalar_result(a: &[Value], i: usize, name: &str, v: f64) -> Res {
    match out_arg(a, i, name)? {
        None => Ok(Value::Num(v)),
        Some(o) if o.len() == 1 => {
            ops::fill(o, v as f32);
            Ok(a[i].clone())
        }
        Some(o) => Err(LispError::shape(name, &[], o.dims()).into()),
    }
}

fn idx_sum(_: &mut Interp, a: &[Value]) -> Res {
    let x = args::array(a, 0, "idx-sum")?;
    scalar_result(a, 1, "idx-sum", ops::sum(x))
}

fn idx_sup(_: &mut Interp, a: &[Value]) -> Res {
    let x = args::array(a, 0, "idx-sup")?;
    scalar_result(a, 1, "idx-sup", elem_num(ops::sup(x)?))
}

fn idx_inf(_: &mut Interp, a: &[Value]) -> Res {
    let x = args::array(a, 0, "idx-inf")?;
    scalar_result(a, 1, "idx-inf", elem_num(ops::inf(x)?))
}

fn idx_indexmax(_: &mut Interp, a: &[Value]) -> Res {
    let x = args::array(a, 0, "idx-indexmax")?;
    Ok(Value::Num(ops::indexmax(x)? as f64))
}

fn idx_dotm1(_: &mut Interp, a: &[Value]) -> Res {
    let x = args::array(a, 0, "idx-dotm1")?;
    let y = args::array(a, 1, "idx-dotm1")?;
    scalar_result(a, 2, "idx-dotm1", ops::dot(x, y)?)
}

fn idx_sqrdist(_: &mut Interp, a: &[Value]) -> Res {
    let x = args::array(a, 0, "idx-sqrdist")?;
    let y = args::array(a, 1, "idx-sqrdist")?;
    scalar_result(a, 2, "idx-sqrdist", ops::sqrdist(x, y)?)
}

fn dot_product(_: &mut Interp, a: &[Value]) -> Res {
    let x = args::array(a, 0, "dot-product")?;
    let y = args::array(a, 1, "dot-product")?;
    if x.len() != y.len() {
        return Err(LispError::new(
            ErrorKind::Shape,
            format!(
                "dot-product: {} and {} elements ({:?} and {:?})",
                x.len(),
                y.len(),
                x.dims(),
                y.dims()
            ),
        )
        .into());
    }
    let s: f64 = x
        .to_vec()
        .iter()
        .zip(y.to_vec())
        .map(|(&p, q)| p as f64 * q as f64)
        .sum();
    Ok(Value::Num(s))
}

pub(super) fn register(it: &mut Interp) {
    let o = " Returns a new array unless an output array is passed last.";
    let bins: [(&str, crate::lisp::value::SubrFn, &str); 9] = [
        (
            "idx-add",
            idx_add,
            "(idx-add a b [out]) element-wise a + b (b may be a number).",
        ),
        (
            "idx-sub",
            idx_sub,
            "(idx-sub a b [out]) element-wise a - b (b may be a number).",
        ),
        (
            "idx-mul",
            idx_mul,
            "(idx-mul a b [out]) element-wise a * b (b may be a number).",
        ),
        (
            "idx-div",
            idx_div,
            "(idx-div a b [out]) element-wise a / b (b may be a number).",
        ),
        (
            "idx-max",
            idx_max,
            "(idx-max a b [out]) element-wise maximum.",
        ),
        (
            "idx-min",
            idx_min,
            "(idx-min a b [out]) element-wise minimum.",
        ),
        (
            "idx-m2timesm2",
            idx_m2timesm2,
            "(idx-m2timesm2 a b [out]) matrix product of an n×k and a k×m matrix.",
        ),
        (
            "idx-m2dotm1",
            idx_m2dotm1,
            "(idx-m2dotm1 m v [out]) product of an r×c matrix and a c vector.",
        ),
        (
            "idx-m1extm1",
            idx_m1extm1,
            "(idx-m1extm1 u v [out]) outer product of two vectors.",
        ),
    ];
    for (name, f, doc) in bins {
        it.defn(name, 2, Some(3), f, &format!("{doc}{o}"));
    }
    let uns: [(&str, crate::lisp::value::SubrFn, &str); 6] = [
        (
            "idx-abs",
            idx_abs,
            "(idx-abs m [out]) element-wise absolute value.",
        ),
        (
            "idx-tanh",
            idx_tanh,
            "(idx-tanh m [out]) element-wise hyperbolic tangent.",
        ),
        (
            "idx-minus",
            idx_minus,
            "(idx-minus m [out]) element-wise negation.",
        ),
        (
            "idx-sqrt",
            idx_sqrt,
            "(idx-sqrt m [out]) element-wise square root.",
        ),
        (
            "idx-exp",
            idx_exp,
            "(idx-exp m [out]) element-wise exponential.",
        ),
        ("idx-sqr", idx_sqr, "(idx-sqr m [out]) element-wise square."),
    ];
    for (name, f, doc) in uns {
        it.defn(name, 1, Some(2), f, &format!("{doc}{o}"));
    }
    it.defn(
        "idx-addm0",
        2,
        Some(3),
        idx_addm0,
        "(idx-addm0 m c [out]) adds the number c to every element.",
    );
    it.defn(
        "idx-dotm0",
        2,
        Some(3),
        idx_dotm0,
        "(idx-dotm0 m c [out]) multiplies every element by the number c.",
    );
    it.defn(
        "idx-clip",
        3,
        Some(4),
        idx_clip,
        "(idx-clip m lo hi [out]) every element limited to [lo, hi].",
    );
    let r = " Returns a number, or stores it in the one-element output array given last.";
    it.defn(
        "idx-sum",
        1,
        Some(2),
        idx_sum,
        &format!("(idx-sum m [out]) the sum of the elements.{r}"),
    );
    it.defn(
        "idx-sup",
        1,
        Some(2),
        idx_sup,
        &format!("(idx-sup m [out]) the largest element.{r}"),
    );
    it.defn(
        "idx-inf",
        1,
        Some(2),
        idx_inf,
        &format!("(idx-inf m [out]) the smallest element.{r}"),
    );
    it.defn("idx-indexmax", 1, Some(1), idx_indexmax, "(idx-indexmax m) the index of the first largest element of a vector (the row-major position for higher ranks).");
    it.defn(
        "idx-dotm1",
        2,
        Some(3),
        idx_dotm1,
        &format!("(idx-dotm1 a b [out]) the dot product of two arrays of the same dims.{r}"),
    );
    it.defn(
        "idx-sqrdist",
        2,
        Some(3),
        idx_sqrdist,
        &format!("(idx-sqrdist a b [out]) the sum of squared differences.{r}"),
    );
    it.defn("dot-product", 2, Some(2), dot_product, "(dot-product a b) the sum of products of the elements of two arrays with as many elements (SN2.8).");
}
