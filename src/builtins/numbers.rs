//! Numbers: arithmetic, comparisons, the seeded random generator.

use crate::lisp::args::{self, type_error};
use crate::lisp::error::{ErrorKind, LispError};
use crate::lisp::{Interp, Res, Value};

fn nums(a: &[Value], fname: &str) -> Res<Vec<f64>> {
    a.iter()
        .enumerate()
        .map(|(i, _)| args::num(a, i, fname))
        .collect()
}

fn add(_: &mut Interp, a: &[Value]) -> Res {
    // folded from the first operand, so that `(+ -0 -0)` is -0, as in
    // compiled arithmetic
    let mut s: Option<f64> = None;
    for (i, v) in a.iter().enumerate() {
        match v {
            Value::Number(n) => s = Some(s.map_or(n.get(), |s| s + n.get())),
            _ => return Err(type_error("+", "a number", &a[i])),
        }
    }
    Ok(Value::Num(s.unwrap_or(0.0)))
}

fn sub(_: &mut Interp, a: &[Value]) -> Res {
    match a {
        [Value::Number(x)] => Ok(Value::Num(-x.get())),
        [Value::Number(x), Value::Number(y)] => Ok(Value::Num(x.get() - y.get())),
        _ => {
            let v = nums(a, "-")?;
            if v.len() == 1 {
                return Ok(Value::Num(-v[0]));
            }
            Ok(Value::Num(v[1..].iter().fold(v[0], |s, x| s - x)))
        }
    }
}

fn mul(_: &mut Interp, a: &[Value]) -> Res {
    let mut p = 1.0;
    for (i, v) in a.iter().enumerate() {
        match v {
            Value::Number(n) => p *= n.get(),
            _ => return Err(type_error("*", "a number", &a[i])),
        }
    }
    Ok(Value::Num(p))
}

fn div(_: &mut Interp, a: &[Value]) -> Res {
    let v = nums(a, "/")?;
    if v.len() == 1 {
        return Ok(Value::Num(1.0 / v[0]));
    }
    Ok(Value::Num(v[1..].iter().fold(v[0], |s, x| s / x)))
}

fn int_div(_: &mut Interp, a: &[Value]) -> Res {
    let x = args::int(a, 0, "div")?;
    let y = args::int(a, 1, "div")?;
    if y == 0 {
        return Err(LispError::new(ErrorKind::Domain, "div: division by zero").into());
    }
    // floor division, so that (= a (+ (* b (div a b)) (mod a b)))
    let q = x.wrapping_div(y);
    let q = if (x % y != 0) && ((x < 0) != (y < 0)) {
        q - 1
    } else {
        q
    };
    Ok(Value::Num(q as f64))
}

fn modulo(_: &mut Interp, a: &[Value]) -> Res {
    let x = args::int(a, 0, "mod")?;
    let y = args::int(a, 1, "mod")?;
    if y == 0 {
        return Err(LispError::new(ErrorKind::Domain, "mod: division by zero").into());
    }
    // the remainder of floor division: it has the sign of y
    let r = x.wrapping_rem(y);
    let r = if r != 0 && ((r < 0) != (y < 0)) {
        r + y
    } else {
        r
    };
    Ok(Value::Num(r as f64))
}

macro_rules! unary {
    ($name:ident, $lisp:expr, $f:expr) => {
        fn $name(_: &mut Interp, a: &[Value]) -> Res {
            let x = args::num(a, 0, $lisp)?;
            let f: fn(f64) -> f64 = $f;
            Ok(Value::Num(f(x)))
        }
    };
}

unary!(one_plus, "1+", |x| x + 1.0);
unary!(one_minus, "1-", |x| x - 1.0);
unary!(abs, "abs", f64::abs);
unary!(exp, "exp", f64::exp);
unary!(tanh, "tanh", f64::tanh);
unary!(sin, "sin", f64::sin);
unary!(cos, "cos", f64::cos);
unary!(int, "int", f64::floor);
unary!(round, "round", f64::round);
unary!(half, "2/", |x| x / 2.0);
unary!(twice, "2*", |x| x * 2.0);
unary!(sgn, "sgn", |x| if x > 0.0 {
    1.0
} else if x < 0.0 {
    -1.0
} else {
    0.0
});

fn sqrt(_: &mut Interp, a: &[Value]) -> Res {
    let x = args::num(a, 0, "sqrt")?;
    if x < 0.0 {
        return Err(LispError::new(ErrorKind::Domain, "sqrt: negative argument")
            .culprit(a[0].clone())
            .into());
    }
    Ok(Value::Num(x.sqrt()))
}

fn log(_: &mut Interp, a: &[Value]) -> Res {
    let x = args::num(a, 0, "log")?;
    if x <= 0.0 {
        return Err(
            LispError::new(ErrorKind::Domain, "log: argument must be positive")
                .culprit(a[0].clone())
                .into(),
        );
    }
    Ok(Value::Num(x.ln()))
}

fn atan(_: &mut Interp, a: &[Value]) -> Res {
    let y = args::num(a, 0, "atan")?;
    match a.get(1) {
        Some(_) => Ok(Value::Num(y.atan2(args::num(a, 1, "atan")?))),
        None => Ok(Value::Num(y.atan())),
    }
}

fn pow(_: &mut Interp, a: &[Value]) -> Res {
    Ok(Value::Num(
        args::num(a, 0, "**")?.powf(args::num(a, 1, "**")?),
    ))
}

fn min(_: &mut Interp, a: &[Value]) -> Res {
    let v = nums(a, "min")?;
    Ok(Value::Num(v.iter().copied().fold(f64::INFINITY, f64::min)))
}

fn max(_: &mut Interp, a: &[Value]) -> Res {
    let v = nums(a, "max")?;
    Ok(Value::Num(
        v.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    ))
}

fn compare(a: &[Value], name: &str, ok: fn(f64, f64) -> bool) -> Res {
    if let [Value::Number(x), Value::Number(y)] = a {
        return Ok(Value::truth(ok(x.get(), y.get())));
    }
    let v = nums(a, name)?;
    Ok(Value::truth(v.windows(2).all(|w| ok(w[0], w[1]))))
}

/// TL3's `=`: numbers by value (the fast path), anything else
/// structurally (lists element by element, strings and arrays by content,
/// other values by identity); `(= () ())` is true, `(= 1 ())` false.
fn structural_eq(a: &[Value]) -> Res<bool> {
    if let [Value::Number(x), Value::Number(y)] = a {
        return Ok(x.get() == y.get());
    }
    for w in a.windows(2) {
        if !crate::lisp::printer::try_equal(&w[0], &w[1])? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn num_eq(_: &mut Interp, a: &[Value]) -> Res {
    Ok(Value::truth(structural_eq(a)?))
}
fn num_ne(_: &mut Interp, a: &[Value]) -> Res {
    Ok(Value::truth(!structural_eq(a)?))
}
fn lt(_: &mut Interp, a: &[Value]) -> Res {
    compare(a, "<", |x, y| x < y)
}
fn gt(_: &mut Interp, a: &[Value]) -> Res {
    compare(a, ">", |x, y| x > y)
}
fn le(_: &mut Interp, a: &[Value]) -> Res {
    compare(a, "<=", |x, y| x <= y)
}
fn ge(_: &mut Interp, a: &[Value]) -> Res {
    compare(a, ">=", |x, y| x >= y)
}
fn zerop(_: &mut Interp, a: &[Value]) -> Res {
    Ok(Value::truth(args::num(a, 0, "0=")? == 0.0))
}
fn nonzerop(_: &mut Interp, a: &[Value]) -> Res {
    Ok(Value::truth(args::num(a, 0, "0<>")? != 0.0))
}

/// The integer `(seed x)` seeds with: `x` truncated toward zero, as C's
/// `(int)` cast in Lush 1 (so `(seed 0.87)` is `(seed 0)`); out of the
/// 32-bit range or not a number, the x86 cast's `-2^31`.
pub fn seed_integer(x: f64) -> i32 {
    let t = x.trunc();
    if (-2_147_483_648.0..=2_147_483_647.0).contains(&t) {
        t as i32
    } else {
        i32::MIN
    }
}

fn seed(it: &mut Interp, a: &[Value]) -> Res {
    let s = args::num(a, 0, "seed")?;
    it.seed(seed_integer(s));
    Ok(Value::Nil)
}

fn rand(it: &mut Interp, a: &[Value]) -> Res {
    let (lo, hi) = match a.len() {
        0 => (0.0, 1.0),
        1 => (-args::num(a, 0, "rand")?, args::num(a, 0, "rand")?),
        _ => (args::num(a, 0, "rand")?, args::num(a, 1, "rand")?),
    };
    Ok(Value::Num(it.rng().range(lo, hi)))
}

/// `(gauss)`: mean 0, deviation 1; `(gauss s)`: deviation s; `(gauss m s)`.
fn gauss(it: &mut Interp, a: &[Value]) -> Res {
    let (mean, sd) = match a.len() {
        0 => (0.0, 1.0),
        1 => (0.0, args::num(a, 0, "gauss")?),
        _ => (args::num(a, 0, "gauss")?, args::num(a, 1, "gauss")?),
    };
    Ok(Value::Num(sd * it.rng().gauss() + mean))
}

pub(crate) fn register(it: &mut Interp) {
    it.begin_family("numbers");
    it.defn("+", 0, None, add, "(+ . numbers) sum.");
    it.defn("-", 1, None, sub, "(- x . ys) difference; (- x) negation.");
    it.defn("*", 0, None, mul, "(* . numbers) product.");
    it.defn("/", 1, None, div, "(/ x . ys) quotient; (/ x) inverse.");
    it.defn(
        "div",
        2,
        Some(2),
        int_div,
        "(div a b) integer division (floor).",
    );
    it.defn(
        "mod",
        2,
        Some(2),
        modulo,
        "(mod a b) remainder of the integer division, with the sign of b.",
    );
    it.defn("1+", 1, Some(1), one_plus, "(1+ x) x + 1.");
    it.defn("1-", 1, Some(1), one_minus, "(1- x) x - 1.");
    it.defn("2/", 1, Some(1), half, "(2/ x) x / 2.");
    it.defn("2*", 1, Some(1), twice, "(2* x) x * 2.");
    it.defn("abs", 1, Some(1), abs, "(abs x) absolute value.");
    it.defn("sgn", 1, Some(1), sgn, "(sgn x) -1, 0 or 1.");
    it.defn("min", 1, None, min, "(min . numbers) smallest.");
    it.defn("max", 1, None, max, "(max . numbers) largest.");
    it.defn("sqrt", 1, Some(1), sqrt, "(sqrt x) square root.");
    it.defn("exp", 1, Some(1), exp, "(exp x) e to the x.");
    it.defn("log", 1, Some(1), log, "(log x) natural logarithm.");
    it.defn("tanh", 1, Some(1), tanh, "(tanh x) hyperbolic tangent.");
    it.defn("sin", 1, Some(1), sin, "(sin x) sine.");
    it.defn("cos", 1, Some(1), cos, "(cos x) cosine.");
    it.defn(
        "atan",
        1,
        Some(2),
        atan,
        "(atan y [x]) arc tangent (of y/x with the quadrant).",
    );
    it.defn("**", 2, Some(2), pow, "(** x y) x to the power y.");
    it.defn("int", 1, Some(1), int, "(int x) largest integer <= x.");
    it.defn("round", 1, Some(1), round, "(round x) nearest integer.");
    it.defn(
        "=",
        2,
        None,
        num_eq,
        "(= a b ...) equality as in TL3: numbers by value, lists, strings and arrays by content, other values by identity; (= () ()) is t.",
    );
    it.defn("<>", 2, None, num_ne, "(<> a b) t when (= a b) is ().");
    it.defn("<", 2, None, lt, "(< a b ...) strictly increasing.");
    it.defn(">", 2, None, gt, "(> a b ...) strictly decreasing.");
    it.defn("<=", 2, None, le, "(<= a b ...) non-decreasing.");
    it.defn(">=", 2, None, ge, "(>= a b ...) non-increasing.");
    it.defn("0=", 1, Some(1), zerop, "(0= x) true if x is zero.");
    it.defn(
        "0<>",
        1,
        Some(1),
        nonzerop,
        "(0<> x) true if x is not zero.",
    );
    it.defn(
        "seed",
        1,
        Some(1),
        seed,
        "(seed n) seeds Lush 1's random generator with n truncated to an integer; returns ().",
    );
    it.defn(
        "rand",
        0,
        Some(2),
        rand,
        "(rand) uniform in [0,1]; (rand x) in [-x,x]; (rand lo hi) in [lo,hi] (Lush 1's generator).",
    );
    it.defn(
        "gauss",
        0,
        Some(2),
        gauss,
        "(gauss) a normal deviate (sum of 12 uniforms); (gauss s) deviation s; (gauss m s).",
    );
}
