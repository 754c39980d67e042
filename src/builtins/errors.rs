//! The last error caught by `catch-error`, for scripts: `last-error`
//! (kind and message) and `error-info` (everything as an association
//! list: kind, stable code, message, culprit, position and the error's
//! data, see [`crate::lisp::error::ErrorData`]).

use crate::lisp::args;
use crate::lisp::error::{ErrorKind, Field, LispError};
use crate::lisp::{Interp, Res, Value};

fn last_error(it: &mut Interp, _: &[Value]) -> Res {
    Ok(match &it.last_error {
        Some(e) => Value::list(vec![
            Value::string(e.kind.name()),
            Value::string(&e.message),
        ]),
        None => Value::Nil,
    })
}

fn field(f: Field) -> Value {
    match f {
        Field::Str(s) => Value::string(&s),
        Field::Int(n) => Value::Num(n as f64),
        Field::Dims(d) => Value::list(d.into_iter().map(|x| Value::Num(x as f64)).collect()),
        Field::Nil => Value::Nil,
    }
}

/// The association list of `e`: `((kind . "shape") (code . 9) ...)`.
pub fn error_alist(it: &mut Interp, e: &LispError) -> Value {
    let mut items: Vec<(&str, Value)> = vec![
        ("kind", Value::string(e.kind.name())),
        ("code", Value::Num(e.kind.code() as f64)),
        ("message", Value::string(&e.message)),
        ("culprit", e.culprit.clone().unwrap_or(Value::Nil)),
    ];
    if let Some(sp) = e.span {
        let sp = it.sources.complete(sp);
        let name = it.sources.name(sp.file).to_string();
        items.push(("source", Value::string(&name)));
        items.push(("line", Value::Num(sp.line as f64)));
        items.push(("col", Value::Num(sp.col as f64)));
        if sp.has_end() {
            items.push(("end-line", Value::Num(sp.end_line as f64)));
            items.push(("end-col", Value::Num(sp.end_col as f64)));
        }
    }
    if let Some(d) = &e.data {
        items.push(("data", Value::string(d.name())));
        items.extend(d.fields().into_iter().map(|(k, v)| (k, field(v))));
    }
    let pairs = items
        .into_iter()
        .map(|(k, v)| Value::cons(Value::Sym(it.intern(k)), v))
        .collect();
    Value::list(pairs)
}

fn error_info(it: &mut Interp, a: &[Value]) -> Res {
    let Some(e) = it.last_error.take() else {
        return Ok(Value::Nil);
    };
    let alist = error_alist(it, &e);
    it.last_error = Some(e);
    if a.is_empty() {
        return Ok(alist);
    }
    let key = args::name(a, 0, "error-info")?;
    let mut l = alist;
    while let Value::Cons(c) = l {
        if let Value::Cons(p) = c.car() {
            if matches!(p.car(), Value::Sym(s) if *s.name == *key) {
                return Ok(p.cdr());
            }
        }
        l = c.cdr();
    }
    Ok(Value::Nil)
}

fn error_code(_: &mut Interp, a: &[Value]) -> Res {
    let name = args::name(a, 0, "error-code")?;
    Ok(match ErrorKind::from_name(&name) {
        Some(k) => Value::Num(k.code() as f64),
        None => Value::Nil,
    })
}

/// Registers `last-error`, `error-info` and `error-code`.
pub fn register(it: &mut Interp) {
    it.begin_family("errors");
    it.defn(
        "last-error",
        0,
        Some(0),
        last_error,
        "(last-error) (kind message) of the last error caught by catch-error.",
    );
    it.defn(
        "error-info",
        0,
        Some(1),
        error_info,
        "(error-info [key]) the last error caught by catch-error as an association list: kind, code (stable number of the kind), message, culprit, source (the file), line, col, end-line, end-col (the extent of the form), and the error's data: data (its sort) then its fields, e.g. function min max found (arity), function expected found (type), op expected found (shape), op index dim dims (index); with a key, that field's value; () when no error was caught.",
    );
    it.defn(
        "error-code",
        1,
        Some(1),
        error_code,
        "(error-code kind) the stable number of an error kind named by a symbol or string (e.g. (error-code 'shape) is 9), () for an unknown name.",
    );
}
