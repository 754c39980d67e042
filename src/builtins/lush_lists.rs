//! TL3 list and file-name functions that SN2.8's libraries call: `flatten`
//! (Lush's `at.c`), `mean` and `sdev` of a list of numbers (`classify.c`),
//! `makelist` (`calls.c`) and `concat-fname` (`fileio.c`).

use std::path::Path;

use crate::lisp::args::{self, type_error};
use crate::lisp::error::{ErrorKind, LispError};
use crate::lisp::{Interp, Res, Value};

/// Appends the atoms of `v` (a tree of conses) to `out`, depth first; `()`
/// leaves add nothing, a dotted tail is kept as an element.
fn flat_into(v: &Value, out: &mut Vec<Value>, depth: usize) -> Res<()> {
    if depth > 10_000 {
        return Err(LispError::new(ErrorKind::Domain, "flatten: list too deep or circular").into());
    }
    let mut cur = v.clone();
    let mut steps = 0usize;
    loop {
        match cur {
            Value::Nil => return Ok(()),
            Value::Cons(c) => {
                flat_into(&c.car(), out, depth + 1)?;
                cur = c.cdr();
                steps += 1;
                if steps > 100_000_000 {
                    return Err(LispError::new(ErrorKind::Domain, "flatten: circular list").into());
                }
            }
            atom => {
                out.push(atom);
                return Ok(());
            }
        }
    }
}

/// `(flatten l)`: the atoms of tree l in order, as one list.
fn flatten(_: &mut Interp, a: &[Value]) -> Res {
    if a[0].is_circular() {
        return Err(
            LispError::new(ErrorKind::Domain, "Cannot flatten circular list")
                .culprit(a[0].clone())
                .into(),
        );
    }
    let mut out = Vec::new();
    flat_into(&a[0], &mut out, 0)?;
    Ok(Value::list(out))
}

/// The numbers of the list argument 0.
fn numbers(a: &[Value], fname: &str) -> Res<Vec<f64>> {
    let items = args::list(a, 0, fname)?;
    let xs = (0..items.len())
        .map(|k| match &items[k] {
            Value::Number(x) => Ok(x.get()),
            other => Err(type_error(fname, "a numeric list", other)),
        })
        .collect::<Res<Vec<f64>>>()?;
    if xs.is_empty() {
        return Err(
            LispError::new(ErrorKind::Domain, format!("{fname}: Division by zero"))
                .culprit(a[0].clone())
                .into(),
        );
    }
    Ok(xs)
}

fn mean_of(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len() as f64
}

/// `(mean l)`: the average of the numbers of l.
fn mean(_: &mut Interp, a: &[Value]) -> Res {
    Ok(Value::Num(mean_of(&numbers(a, "mean")?)))
}

/// `(sdev l)`: the standard deviation of the numbers of l (square root of
/// the mean square minus the squared mean, 0 when rounding makes that
/// negative), as Lush 1's classify.c.
fn sdev(_: &mut Interp, a: &[Value]) -> Res {
    let xs = numbers(a, "sdev")?;
    let m = mean_of(&xs);
    let m2 = xs.iter().map(|x| x * x).sum::<f64>() / xs.len() as f64;
    let d = m2 - m * m;
    Ok(Value::Num(if d < 0.0 { 0.0 } else { d.sqrt() }))
}

/// `(makelist n v)`: a list of n times v.
fn makelist(_: &mut Interp, a: &[Value]) -> Res {
    let n = args::int(a, 0, "makelist")?;
    if n < 0 {
        return Err(
            LispError::new(ErrorKind::Domain, "makelist: negative count")
                .culprit(a[0].clone())
                .into(),
        );
    }
    sn_array::budget::reserve_items("makelist", n as usize, 16)?;
    let v = args::opt(a, 1).cloned().unwrap_or(Value::Nil);
    Ok(Value::list(vec![v; n as usize]))
}

/// `(concat-fname [dir] name)`: name made absolute against dir (default
/// the current folder), with `.` and `..` taken out; an absolute name is
/// only cleaned.
fn concat_fname(_: &mut Interp, a: &[Value]) -> Res {
    let joined = if a.len() == 1 {
        Path::new(args::string(a, 0, "concat-fname")?).to_path_buf()
    } else {
        let dir = args::string(a, 0, "concat-fname")?;
        Path::new(dir).join(args::string(a, 1, "concat-fname")?)
    };
    let p = super::clean_path(&joined);
    Ok(Value::string(&p.to_string_lossy()))
}

pub fn register(it: &mut Interp) {
    it.defn(
        "flatten",
        1,
        Some(1),
        flatten,
        "(flatten l) the atoms of the tree l, depth first, in one list (() leaves dropped).",
    );
    it.defn(
        "mean",
        1,
        Some(1),
        mean,
        "(mean l) the average of the numbers of list l.",
    );
    it.defn(
        "sdev",
        1,
        Some(1),
        sdev,
        "(sdev l) the standard deviation of the numbers of list l.",
    );
    it.defn(
        "makelist",
        1,
        Some(2),
        makelist,
        "(makelist n [v]) a list of n times v (default ()).",
    );
    it.defn("concat-fname", 1, Some(2), concat_fname, "(concat-fname [dir] name) the absolute file name of name in folder dir (default the current folder), without . and .. components.");
}
