//! Non-linear function objects with SN2.8's constructors (`src/nlf.c`):
//! `nlf-f-0`, the four-parameter `A B C D` shapes (`nlf-f-tanh`,
//! `nlf-f-lin`, `nlf-f-piecewise`, `nlf-f-threshold`), bell, spline,
//! `nlf-f-lisp`, the finite-difference derivatives `nlf-df-all` and
//! `nlf-ddf-all`; and the adapter that lets the propagation primitives call
//! a Lisp function.

use std::any::Any;

use sn_units::{Nlf, NlfKind, ScalarFn, Spline, UnitsError};

use crate::lisp::args::{self, type_error};
use crate::lisp::error::Unwind;
use crate::lisp::{Interp, Native, Res, Value};

/// A built-in non-linear function (or derivative) held by Lisp.
pub struct NlfObj(pub Nlf);

impl Native for NlfObj {
    fn type_name(&self) -> &'static str {
        "nlf"
    }
    fn methods(&self) -> &'static [crate::lisp::value::MethodDoc] {
        crate::builtins::methods::NLF
    }
    fn repr(&self) -> String {
        let d = ["f", "df", "ddf"][self.0.order.min(2) as usize];
        format!("::nlf-{d}:{:?}", self.0.kind)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn call(&self, _it: &mut Interp, a: &[Value]) -> Option<Res> {
        Some(args::num(a, 0, "nlf").map(|x| super::num32(self.0.value(x as f32))))
    }
    fn send(&self, _it: &mut Interp, method: &str, a: &[Value]) -> Option<Res> {
        (method == "eval")
            .then(|| args::num(a, 0, "nlf").map(|x| Value::Num(self.0.value(x as f32) as f64)))
    }
}

/// `nlf-df-all` or `nlf-ddf-all` of a Lisp function: SN2.8's central
/// finite differences (steps 1/256 and 1/128) of calls to it.
pub struct FdLisp {
    f: Value,
    second: bool,
}

impl FdLisp {
    fn at(&self, it: &mut Interp, x: f32) -> Res<f32> {
        match it.apply(&self.f, &[Value::Num(x as f64)])? {
            Value::Number(y) => Ok(y.get() as f32),
            other => Err(type_error("non-linear function", "a number result", &other)),
        }
    }

    fn value(&self, it: &mut Interp, x: f32) -> Res<f32> {
        if self.second {
            let h = 1.0f32 / 128.0;
            let s = self.at(it, x - h)? + self.at(it, x + h)? - 2.0 * self.at(it, x)?;
            Ok(s / (h * h))
        } else {
            let h = 1.0f32 / 256.0;
            Ok((self.at(it, x + h)? - self.at(it, x - h)?) / (2.0 * h))
        }
    }
}

impl Native for FdLisp {
    fn type_name(&self) -> &'static str {
        "nlf"
    }
    fn repr(&self) -> String {
        format!("::nlf-{}-all:lisp", if self.second { "ddf" } else { "df" })
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn call(&self, it: &mut Interp, a: &[Value]) -> Option<Res> {
        let x = match args::num(a, 0, "nlf") {
            Ok(x) => x as f32,
            Err(e) => return Some(Err(e)),
        };
        Some(self.value(it, x).map(super::num32))
    }
}

/// A function argument of a primitive: built in, or a Lisp function.
pub enum NlfArg {
    Builtin(Nlf),
    Lisp(Value),
}

/// Whether `v` can serve as a non-linear function.
pub fn is_nlf(v: &Value) -> bool {
    match v {
        Value::Native(n) => n.as_any().is::<NlfObj>() || n.as_any().is::<FdLisp>(),
        Value::Func(_) | Value::Builtin(_) => true,
        _ => false,
    }
}

/// The function designated by `v`.
///
/// # Errors
/// `type` if `v` is not a function.
pub fn nlf_arg(v: &Value, fname: &str) -> Res<NlfArg> {
    if let Value::Native(n) = v {
        if let Some(o) = n.as_any().downcast_ref::<NlfObj>() {
            return Ok(NlfArg::Builtin(o.0.clone()));
        }
    }
    if is_nlf(v) {
        return Ok(NlfArg::Lisp(v.clone()));
    }
    Err(type_error(fname, "a non-linear function", v))
}

/// Calls a Lisp function on a number; keeps the first error to re-raise it.
pub struct LispFn<'a> {
    pub it: &'a mut Interp,
    pub f: Value,
    pub err: Option<Unwind>,
}

impl ScalarFn for LispFn<'_> {
    fn eval(&mut self, x: f32) -> sn_units::Result<f32> {
        match self.it.apply(&self.f, &[Value::Num(x as f64)]) {
            Ok(Value::Number(y)) => Ok(y.get() as f32),
            Ok(other) => {
                self.err = Some(type_error("non-linear function", "a number result", &other));
                Err(UnitsError::Callback("not a number".into()))
            }
            Err(e) => {
                self.err = Some(e);
                Err(UnitsError::Callback("error".into()))
            }
        }
    }
}

/// Evaluates `body` with `arg` as a [`ScalarFn`], re-raising Lisp errors.
pub fn with_fn<T>(
    it: &mut Interp,
    arg: &mut NlfArg,
    body: impl FnOnce(&mut dyn ScalarFn) -> sn_units::Result<T>,
) -> Res<T> {
    match arg {
        NlfArg::Builtin(n) => body(n).map_err(Unwind::from),
        NlfArg::Lisp(f) => {
            let mut l = LispFn {
                it,
                f: f.clone(),
                err: None,
            };
            let r = body(&mut l);
            match (r, l.err) {
                (Ok(v), _) => Ok(v),
                (Err(_), Some(e)) => Err(e),
                (Err(e), None) => Err(Unwind::from(e)),
            }
        }
    }
}

fn nums(a: &[Value], fname: &str) -> Res<Vec<f32>> {
    (0..a.len())
        .map(|i| args::num(a, i, fname).map(|x| x as f32))
        .collect()
}

fn make(kind: NlfKind, order: u8) -> Res {
    Nlf::new(kind, order)
        .map(|n| Value::native(NlfObj(n)))
        .map_err(Unwind::from)
}

/// The four numbers `A B C D` of a parametric shape.
fn abcd(a: &[Value], f: &str) -> Res<[f32; 4]> {
    let v = nums(a, f)?;
    Ok([v[0], v[1], v[2], v[3]])
}
fn tanh_kind(a: &[Value], f: &str) -> Res<NlfKind> {
    let [a, b, c, d] = abcd(a, f)?;
    Ok(NlfKind::Tanh { a, b, c, d })
}
fn lin_kind(a: &[Value], f: &str) -> Res<NlfKind> {
    let [a, b, c, d] = abcd(a, f)?;
    Ok(NlfKind::Lin { a, b, c, d })
}
fn piecewise_kind(a: &[Value], f: &str) -> Res<NlfKind> {
    let [a, b, c, d] = abcd(a, f)?;
    Ok(NlfKind::Piecewise { a, b, c, d })
}
fn threshold_kind(a: &[Value], f: &str) -> Res<NlfKind> {
    let [a, b, c, d] = abcd(a, f)?;
    Ok(NlfKind::Threshold { a, b, c, d })
}
fn spline_kind(a: &[Value], f: &str) -> Res<NlfKind> {
    let list = |i: usize| -> Res<Vec<f32>> {
        let l = args::list(a, i, f)?;
        l.iter()
            .map(|v| {
                v.as_num()
                    .map(|x| x as f32)
                    .ok_or_else(|| type_error(f, "a number", v))
            })
            .collect()
    };
    let s = Spline::new(list(0)?, list(1)?)?;
    Ok(NlfKind::Spline(s))
}

macro_rules! nlf_fns {
    ($($name:ident, $kind:ident, $order:expr;)*) => {
        $(fn $name(_it: &mut Interp, a: &[Value]) -> Res {
            let name = stringify!($name);
            make($kind(a, name)?, $order)
        })*
    };
}

nlf_fns! {
    f_tanh, tanh_kind, 0; df_tanh, tanh_kind, 1; ddf_tanh, tanh_kind, 2;
    f_lin, lin_kind, 0; df_lin, lin_kind, 1; ddf_lin, lin_kind, 2;
    f_piece, piecewise_kind, 0; df_piece, piecewise_kind, 1; ddf_piece, piecewise_kind, 2;
    f_thres, threshold_kind, 0; df_thres, threshold_kind, 1; ddf_thres, threshold_kind, 2;
    f_spline, spline_kind, 0; df_spline, spline_kind, 1; ddf_spline, spline_kind, 2;
}

fn bell(order: u8) -> Res {
    make(NlfKind::Bell, order)
}
fn f_bell(_: &mut Interp, _: &[Value]) -> Res {
    bell(0)
}
fn df_bell(_: &mut Interp, _: &[Value]) -> Res {
    bell(1)
}
fn ddf_bell(_: &mut Interp, _: &[Value]) -> Res {
    bell(2)
}

fn f_0(_: &mut Interp, _: &[Value]) -> Res {
    make(NlfKind::Zero, 0)
}

/// `nlf-df-all` (`second` false) or `nlf-ddf-all` of `a[0]`.
fn fd_all(a: &[Value], second: bool) -> Res {
    let name = if second { "nlf-ddf-all" } else { "nlf-df-all" };
    match nlf_arg(&a[0], name)? {
        NlfArg::Builtin(of) => make(
            NlfKind::FiniteDiff {
                of: Box::new(of),
                second,
            },
            1 + second as u8,
        ),
        NlfArg::Lisp(f) => Ok(Value::native(FdLisp { f, second })),
    }
}
fn df_all(_: &mut Interp, a: &[Value]) -> Res {
    fd_all(a, false)
}
fn ddf_all(_: &mut Interp, a: &[Value]) -> Res {
    fd_all(a, true)
}

fn f_lisp(_: &mut Interp, a: &[Value]) -> Res {
    if !is_nlf(&a[0]) {
        return Err(type_error("nlf-f-lisp", "a function", &a[0]));
    }
    Ok(a[0].clone())
}

fn nlf_eval(it: &mut Interp, a: &[Value]) -> Res {
    let x = args::num(a, 1, "nlf-eval")? as f32;
    let mut f = nlf_arg(&a[0], "nlf-eval")?;
    with_fn(it, &mut f, |g| g.eval(x)).map(super::num32)
}

fn nlfp(_: &mut Interp, a: &[Value]) -> Res {
    Ok(Value::truth(
        matches!(&a[0], Value::Native(n) if n.as_any().is::<NlfObj>()),
    ))
}

use super::Def;

const DEFS: &[Def] = &[
    ("nlf-f-0", 0, Some(0), f_0, "(nlf-f-0) the function 0"),
    (
        "nlf-df-all",
        1,
        Some(1),
        df_all,
        "(nlf-df-all f) the derivative of the nlf f by central differences (step 1/256)",
    ),
    (
        "nlf-ddf-all",
        1,
        Some(1),
        ddf_all,
        "(nlf-ddf-all f) the second derivative of the nlf f by central differences (step 1/128)",
    ),
    (
        "nlf-f-tanh",
        4,
        Some(4),
        f_tanh,
        "(nlf-f-tanh A B C D) the function A·tanh(B·x) + C·x + D",
    ),
    (
        "nlf-df-tanh",
        4,
        Some(4),
        df_tanh,
        "(nlf-df-tanh A B C D) derivative of A·tanh(B·x) + C·x + D",
    ),
    (
        "nlf-ddf-tanh",
        4,
        Some(4),
        ddf_tanh,
        "(nlf-ddf-tanh A B C D) second derivative of A·tanh(B·x) + C·x + D",
    ),
    (
        "nlf-f-lin",
        4,
        Some(4),
        f_lin,
        "(nlf-f-lin A B C D) the function (A·B + C)·x + D",
    ),
    (
        "nlf-df-lin",
        4,
        Some(4),
        df_lin,
        "(nlf-df-lin A B C D) its derivative A·B + C",
    ),
    (
        "nlf-ddf-lin",
        4,
        Some(4),
        ddf_lin,
        "(nlf-ddf-lin A B C D) its second derivative 0",
    ),
    (
        "nlf-f-piecewise",
        4,
        Some(4),
        f_piece,
        "(nlf-f-piecewise A B C D) A·clip(B·x) + C·x + D, clip bounding to [-1, 1]",
    ),
    (
        "nlf-df-piecewise",
        4,
        Some(4),
        df_piece,
        "(nlf-df-piecewise A B C D) its derivative: A·B + C where |B·x| < 1, else C",
    ),
    (
        "nlf-ddf-piecewise",
        4,
        Some(4),
        ddf_piece,
        "(nlf-ddf-piecewise A B C D) its second derivative 0",
    ),
    (
        "nlf-f-threshold",
        4,
        Some(4),
        f_thres,
        "(nlf-f-threshold A B C D) A·s + C·x + D, s = 1 when B·x >= 0, else -1",
    ),
    (
        "nlf-df-threshold",
        4,
        Some(4),
        df_thres,
        "(nlf-df-threshold A B C D) its derivative C (0 at the step)",
    ),
    (
        "nlf-ddf-threshold",
        4,
        Some(4),
        ddf_thres,
        "(nlf-ddf-threshold A B C D) its second derivative 0",
    ),
    (
        "nlf-f-bell",
        0,
        Some(0),
        f_bell,
        "(nlf-f-bell) (1 - x²)³ on [-1, 1], 0 outside",
    ),
    (
        "nlf-df-bell",
        0,
        Some(0),
        df_bell,
        "(nlf-df-bell) derivative of the bell",
    ),
    (
        "nlf-ddf-bell",
        0,
        Some(0),
        ddf_bell,
        "(nlf-ddf-bell) second derivative of the bell",
    ),
    (
        "nlf-f-spline",
        2,
        Some(2),
        f_spline,
        "(nlf-f-spline xs ys) natural cubic spline through the knots, linear beyond the ends",
    ),
    (
        "nlf-df-spline",
        2,
        Some(2),
        df_spline,
        "(nlf-df-spline xs ys) the spline's derivative",
    ),
    (
        "nlf-ddf-spline",
        2,
        Some(2),
        ddf_spline,
        "(nlf-ddf-spline xs ys) the spline's second derivative",
    ),
    (
        "nlf-f-lisp",
        1,
        Some(1),
        f_lisp,
        "(nlf-f-lisp f) a Lisp function of one number used as an NLF",
    ),
    (
        "nlf-df-lisp",
        1,
        Some(1),
        f_lisp,
        "(nlf-df-lisp f) a Lisp function used as the derivative of an NLF",
    ),
    (
        "nlf-ddf-lisp",
        1,
        Some(1),
        f_lisp,
        "(nlf-ddf-lisp f) a Lisp function used as the second derivative of an NLF",
    ),
    (
        "nlf-eval",
        2,
        Some(2),
        nlf_eval,
        "(nlf-eval nlf x) applies a non-linear function to x",
    ),
    (
        "nlfp",
        1,
        Some(1),
        nlfp,
        "(nlfp x) true if x is a built-in non-linear function object",
    ),
];

pub fn register(it: &mut Interp) {
    for &(name, min, max, f, doc) in DEFS {
        it.defn(name, min, max, f, doc);
    }
}
