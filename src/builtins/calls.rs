//! Calling functions: apply, funcall, eval, the mapping functions, and the
//! non-local exits throw and error.

use crate::lisp::args::type_error;
use crate::lisp::error::{LispError, Unwind};
use crate::lisp::{Interp, Res, Value};

use super::lists::{cons_of, nconc, no_cycle};

fn apply(it: &mut Interp, a: &[Value]) -> Res {
    let mut args: Vec<Value> = a[1..a.len() - 1].to_vec();
    let lastv = &a[a.len() - 1];
    match lastv.list_to_vec() {
        Some(items) => args.extend(items),
        None => {
            args.extend(spread_tail(lastv).ok_or_else(|| type_error("apply", "a list", lastv))?)
        }
    }
    it.apply(&a[0], &args)
}

/// The arguments of a list ending in an atom-array instead of `()` (as
/// SN2.8's knnenv.sn passes `(cons pred (subsets ()))`): the cars, then the
/// elements of the atom-array. `None` for anything else.
fn spread_tail(v: &Value) -> Option<Vec<Value>> {
    if v.is_circular() {
        return None;
    }
    let mut out = Vec::new();
    let mut cur = v.clone();
    while let Value::Cons(c) = cur {
        out.push(c.car());
        cur = c.cdr();
    }
    out.extend(super::atom_array::items_of(&cur)?);
    Some(out)
}

fn funcall(it: &mut Interp, a: &[Value]) -> Res {
    it.apply(&a[0], &a[1..])
}

fn eval(it: &mut Interp, a: &[Value]) -> Res {
    it.eval(&a[0])
}

/// Calls `f` on successive elements of the lists (stopping at the shortest).
fn map_lists(it: &mut Interp, a: &[Value], name: &str, mut sink: impl FnMut(Value)) -> Res<()> {
    let mut lists: Vec<Value> = a[1..].to_vec();
    for (i, l) in lists.iter().enumerate() {
        cons_of(l, name).map_err(|_| type_error(name, "a list", &a[i + 1]))?;
        no_cycle(l, name)?;
    }
    // one buffer for the arguments of every call
    let mut args: Vec<Value> = Vec::with_capacity(lists.len());
    loop {
        if lists.iter().any(|l| !matches!(l, Value::Cons(_))) {
            return Ok(());
        }
        args.clear();
        for l in lists.iter_mut() {
            args.push(l.car());
            *l = l.cdr();
        }
        sink(it.apply(&a[0], &args)?);
    }
}

fn mapcar(it: &mut Interp, a: &[Value]) -> Res {
    let mut out = Vec::new();
    map_lists(it, a, "mapcar", |v| out.push(v))?;
    Ok(Value::list(out))
}
fn mapc(it: &mut Interp, a: &[Value]) -> Res {
    map_lists(it, a, "mapc", |_| ())?;
    Ok(a[1].clone())
}
fn mapcan(it: &mut Interp, a: &[Value]) -> Res {
    let mut out = Vec::new();
    map_lists(it, a, "mapcan", |v| out.push(v))?;
    nconc(it, &out)
}

fn throw(_: &mut Interp, a: &[Value]) -> Res {
    Err(Unwind::throw(
        a[0].clone(),
        a.get(1).cloned().unwrap_or_default(),
    ))
}

/// `(error [fname] message [culprit])` as TL3: with three arguments, or
/// two whose first is a symbol, the first names the function the error is
/// reported in (`fname: message`).
fn error(_: &mut Interp, a: &[Value]) -> Res {
    let text = |v: &Value| match v {
        Value::Str(s) => s.to_string(),
        other => crate::lisp::printer::text(other),
    };
    let named = a.len() == 3 || (a.len() == 2 && matches!(a[0], Value::Sym(_)));
    let (msg, culprit) = if named {
        let Value::Sym(f) = &a[0] else {
            return Err(crate::lisp::args::type_error("error", "a symbol", &a[0]));
        };
        (format!("{}: {}", f.name, text(&a[1])), a.get(2))
    } else {
        (text(&a[0]), a.get(1))
    };
    let mut e = LispError::user(msg);
    if let Some(c) = culprit {
        e = e.culprit(c.clone());
    }
    Err(e.into())
}

pub(crate) fn register(it: &mut Interp) {
    it.begin_family("calls");
    it.defn(
        "apply",
        2,
        None,
        apply,
        "(apply f a ... list) calls f with the arguments and the elements of list (a list may end in an atom-array, whose elements then follow).",
    );
    it.defn("funcall", 1, None, funcall, "(funcall f . args) calls f.");
    it.defn("eval", 1, Some(1), eval, "(eval form) evaluates a form.");
    it.defn(
        "mapcar",
        2,
        None,
        mapcar,
        "(mapcar f . lists) the list of (f x ...).",
    );
    it.defn(
        "mapc",
        2,
        None,
        mapc,
        "(mapc f . lists) calls f for effect, returns the first list.",
    );
    it.defn(
        "mapcan",
        2,
        None,
        mapcan,
        "(mapcan f . lists) nconc of the results.",
    );
    it.defn(
        "throw",
        1,
        Some(2),
        throw,
        "(throw tag [value]) exits to the matching (catch tag ...).",
    );
    it.defn(
        "error",
        1,
        Some(3),
        error,
        "(error message [culprit]) raises a user error; (error fname message [culprit]) as TL3, fname (a symbol) naming the function: the message is \"fname: message\".",
    );
}
