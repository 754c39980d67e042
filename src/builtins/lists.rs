//! Lists (construction, access, surgery, sorting, `range`), type
//! predicates, `null`/`not`, equality, `set`/`boundp`, and TL3's `sup`,
//! `inf` and `rank` on lists (`lush_listlike.rs` extends `sup` and `inf`
//! to matrices); the function-calling builtins (`apply`, `mapcar` ...)
//! are in `calls.rs`.

use crate::lisp::args::{self, type_error};
use crate::lisp::error::{ErrorKind, LispError};
use crate::lisp::printer::try_equal;
use crate::lisp::{Interp, Res, Value};

/// A `domain` error for a circular list given to `fname`.
pub(crate) fn no_cycle(v: &Value, fname: &str) -> Res<()> {
    if v.is_circular() {
        return Err(
            LispError::new(ErrorKind::Domain, format!("{fname}: circular list"))
                .culprit(v.clone())
                .into(),
        );
    }
    Ok(())
}

pub(crate) fn cons_of<'a>(
    v: &'a Value,
    fname: &str,
) -> Res<Option<&'a std::rc::Rc<crate::lisp::value::Cons>>> {
    match v {
        Value::Cons(c) => Ok(Some(c)),
        Value::Nil => Ok(None),
        other => Err(type_error(fname, "a list", other)),
    }
}

fn car(_: &mut Interp, a: &[Value]) -> Res {
    Ok(cons_of(&a[0], "car")?.map(|c| c.car()).unwrap_or_default())
}
fn cdr(_: &mut Interp, a: &[Value]) -> Res {
    Ok(cons_of(&a[0], "cdr")?.map(|c| c.cdr()).unwrap_or_default())
}

/// c[ad]+r: applies the letters right to left.
fn cxr(a: &[Value], path: &str, name: &str) -> Res {
    let mut v = a[0].clone();
    for ch in path.chars().rev() {
        v = match cons_of(&v, name)? {
            Some(c) => {
                if ch == 'a' {
                    c.car()
                } else {
                    c.cdr()
                }
            }
            None => Value::Nil,
        };
    }
    Ok(v)
}
fn caar(_: &mut Interp, a: &[Value]) -> Res {
    cxr(a, "aa", "caar")
}
fn cadr(_: &mut Interp, a: &[Value]) -> Res {
    cxr(a, "ad", "cadr")
}
fn cdar(_: &mut Interp, a: &[Value]) -> Res {
    cxr(a, "da", "cdar")
}
fn cddr(_: &mut Interp, a: &[Value]) -> Res {
    cxr(a, "dd", "cddr")
}
fn caddr(_: &mut Interp, a: &[Value]) -> Res {
    cxr(a, "add", "caddr")
}
fn cdddr(_: &mut Interp, a: &[Value]) -> Res {
    cxr(a, "ddd", "cdddr")
}

fn cons(_: &mut Interp, a: &[Value]) -> Res {
    Ok(Value::cons(a[0].clone(), a[1].clone()))
}
fn list(_: &mut Interp, a: &[Value]) -> Res {
    Ok(Value::list(a.to_vec()))
}

fn length(_: &mut Interp, a: &[Value]) -> Res {
    match &a[0] {
        Value::Str(s) => Ok(Value::Num(s.chars().count() as f64)),
        Value::Array(x) => Ok(Value::Num(x.dims().first().copied().unwrap_or(1) as f64)),
        v => {
            cons_of(v, "length")?;
            Ok(Value::Num(list_len(v, "length")? as f64))
        }
    }
}

/// The number of conses of a list; a circular list is a `domain` error.
fn list_len(v: &Value, fname: &str) -> Res<usize> {
    let mut n = 0usize;
    let mut cur = v.clone();
    let mut slow = v.clone();
    while let Value::Cons(c) = &cur {
        let next = c.cdr();
        n += 1;
        if n.is_multiple_of(2) {
            slow = slow.cdr();
            if let (Value::Cons(a), Value::Cons(b)) = (&slow, &next) {
                if std::rc::Rc::ptr_eq(a, b) {
                    return Err(LispError::new(
                        ErrorKind::Domain,
                        format!("{fname}: circular list"),
                    )
                    .into());
                }
            }
        }
        cur = next;
    }
    Ok(n)
}

/// The `n`th cdr of a list. Past a million steps a circular list is a
/// `domain` error (its turns would be counted one by one).
fn nthcdr_of(l: &Value, n: usize, fname: &str) -> Res {
    if n > 1 << 20 {
        no_cycle(l, fname)?;
    }
    let mut cur = l.clone();
    for _ in 0..n {
        cur = cur.cdr();
        if cur.is_nil() {
            break;
        }
    }
    Ok(cur)
}

fn nth(_: &mut Interp, a: &[Value]) -> Res {
    let n = args::usize(a, 0, "nth")?;
    cons_of(&a[1], "nth")?;
    Ok(nthcdr_of(&a[1], n, "nth")?.car())
}
fn nthcdr(_: &mut Interp, a: &[Value]) -> Res {
    let n = args::usize(a, 0, "nthcdr")?;
    cons_of(&a[1], "nthcdr")?;
    nthcdr_of(&a[1], n, "nthcdr")
}

fn append(_: &mut Interp, a: &[Value]) -> Res {
    let Some((last, init)) = a.split_last() else {
        return Ok(Value::Nil);
    };
    let mut items = Vec::new();
    for (i, l) in init.iter().enumerate() {
        cons_of(l, "append").map_err(|_| type_error("append", "a list", &a[i]))?;
        no_cycle(l, "append")?;
        items.extend(l.iter());
    }
    let mut out = last.clone();
    for v in items.into_iter().rev() {
        out = Value::cons(v, out);
    }
    Ok(out)
}

fn reverse(_: &mut Interp, a: &[Value]) -> Res {
    cons_of(&a[0], "reverse")?;
    no_cycle(&a[0], "reverse")?;
    Ok(Value::list_from_iter(a[0].iter()))
}

fn last(_: &mut Interp, a: &[Value]) -> Res {
    cons_of(&a[0], "last")?;
    no_cycle(&a[0], "last")?;
    Ok(a[0].iter().last().unwrap_or_default())
}

fn member(_: &mut Interp, a: &[Value]) -> Res {
    no_cycle(&a[1], "member")?;
    let mut cur = a[1].clone();
    while let Value::Cons(c) = &cur {
        if try_equal(&c.car(), &a[0])? {
            return Ok(cur);
        }
        let n = c.cdr();
        cur = n;
    }
    Ok(Value::Nil)
}

fn assoc(_: &mut Interp, a: &[Value]) -> Res {
    for pair in a[1].iter() {
        if try_equal(&pair.car(), &a[0])? {
            return Ok(pair);
        }
    }
    Ok(Value::Nil)
}

fn range(_: &mut Interp, a: &[Value]) -> Res {
    let (from, to) = if a.len() == 1 {
        (1.0, args::num(a, 0, "range")?)
    } else {
        (args::num(a, 0, "range")?, args::num(a, 1, "range")?)
    };
    let step = if a.len() > 2 {
        args::num(a, 2, "range")?
    } else {
        1.0
    };
    if step == 0.0 {
        return Err(LispError::new(ErrorKind::Domain, "range: step is zero").into());
    }
    let count = ((to - from) / step).floor() + 1.0;
    if count > 1e8 {
        return Err(LispError::new(ErrorKind::Domain, "range: too many elements").into());
    }
    if count >= 1.0 {
        // the vector of numbers, then the list's cells
        let cell = std::mem::size_of::<Value>() + std::mem::size_of::<crate::lisp::value::Cons>();
        sn_array::budget::reserve_items("range", count as usize, cell)?;
    }
    let mut out = Vec::new();
    let mut k = 0.0;
    while k < count {
        out.push(Value::Num(from + k * step));
        k += 1.0;
    }
    Ok(Value::list(out))
}

fn less(it: &mut Interp, pred: &Option<Value>, x: &Value, y: &Value) -> Res<bool> {
    match pred {
        Some(p) => Ok(it.apply(p, &[x.clone(), y.clone()])?.truthy()),
        None => match (x, y) {
            (Value::Number(p), Value::Number(q)) => Ok(p.get() < q.get()),
            (Value::Str(p), Value::Str(q)) => Ok(p < q),
            (Value::Sym(p), Value::Sym(q)) => Ok(p.name < q.name),
            _ => Err(type_error(
                "sort",
                "numbers or strings (or give a predicate)",
                x,
            )),
        },
    }
}

/// Stable merge sort calling a Lisp predicate (whose errors propagate).
fn sort(it: &mut Interp, a: &[Value]) -> Res {
    let mut v = args::list(a, 0, "sort")?;
    let pred = a.get(1).filter(|p| !p.is_nil()).cloned();
    let mut buf = v.clone();
    let n = v.len();
    let mut width = 1;
    while width < n {
        let mut i = 0;
        while i < n {
            let mid = (i + width).min(n);
            let hi = (i + 2 * width).min(n);
            let (mut l, mut r, mut k) = (i, mid, i);
            while l < mid && r < hi {
                if less(it, &pred, &v[r], &v[l])? {
                    buf[k] = v[r].clone();
                    r += 1;
                } else {
                    buf[k] = v[l].clone();
                    l += 1;
                }
                k += 1;
            }
            while l < mid {
                buf[k] = v[l].clone();
                l += 1;
                k += 1;
            }
            while r < hi {
                buf[k] = v[r].clone();
                r += 1;
                k += 1;
            }
            i += 2 * width;
        }
        std::mem::swap(&mut v, &mut buf);
        width *= 2;
    }
    Ok(Value::list(v))
}

fn copy_tree(_: &mut Interp, a: &[Value]) -> Res {
    crate::lisp::tree::copy_tree(&a[0], "copy-tree")
}

fn rplaca(it: &mut Interp, a: &[Value]) -> Res {
    match &a[0] {
        Value::Cons(c) => {
            it.note_mutation(c);
            c.car.set(a[1].clone());
            Ok(a[0].clone())
        }
        other => Err(type_error("rplaca", "a cons", other)),
    }
}
fn rplacd(it: &mut Interp, a: &[Value]) -> Res {
    match &a[0] {
        Value::Cons(c) => {
            it.note_mutation(c);
            c.cdr.set(a[1].clone());
            Ok(a[0].clone())
        }
        other => Err(type_error("rplacd", "a cons", other)),
    }
}

fn last_cons(l: &Value) -> Option<std::rc::Rc<crate::lisp::value::Cons>> {
    let mut cur = l.as_cons()?.clone();
    loop {
        let next = cur.cdr();
        match next {
            Value::Cons(n) => cur = n,
            _ => return Some(cur),
        }
    }
}

pub(crate) fn nconc(it: &mut Interp, a: &[Value]) -> Res {
    let mut result = Value::Nil;
    let mut tail: Option<std::rc::Rc<crate::lisp::value::Cons>> = None;
    for l in a {
        if l.is_nil() {
            continue;
        }
        no_cycle(l, "nconc")?;
        let lc = last_cons(l);
        match &tail {
            Some(t) => {
                // the list already ends with `l`: linking would close a cycle
                if lc.as_ref().is_some_and(|lc| std::rc::Rc::ptr_eq(lc, t)) {
                    return Err(LispError::new(
                        ErrorKind::Domain,
                        "nconc: a list cannot be joined to itself (it would become circular)",
                    )
                    .culprit(l.clone())
                    .into());
                }
                it.note_mutation(t);
                t.cdr.set(l.clone())
            }
            None => result = l.clone(),
        }
        if let Some(lc) = lc {
            tail = Some(lc);
        }
    }
    Ok(result)
}

fn nconc1(it: &mut Interp, a: &[Value]) -> Res {
    let cell = Value::cons(a[1].clone(), Value::Nil);
    nconc(it, &[a[0].clone(), cell])
}

macro_rules! pred {
    ($name:ident, $p:pat) => {
        fn $name(_: &mut Interp, a: &[Value]) -> Res {
            Ok(Value::truth(matches!(&a[0], $p)))
        }
    };
}
pred!(consp, Value::Cons(_));
pred!(listp, Value::Cons(_) | Value::Nil);
pred!(
    atom,
    Value::Number(_) | Value::Str(_) | Value::Sym(_) | Value::Nil | Value::Array(_)
);
pred!(symbolp, Value::Sym(_));
pred!(numberp, Value::Number(_));
pred!(stringp, Value::Str(_));
pred!(null, Value::Nil);
pred!(functionp, Value::Func(_) | Value::Builtin(_));
pred!(arrayp, Value::Array(_));

fn eq(_: &mut Interp, a: &[Value]) -> Res {
    Ok(Value::truth(a[0].eq(&a[1])))
}
fn equal_(_: &mut Interp, a: &[Value]) -> Res {
    Ok(Value::truth(try_equal(&a[0], &a[1])?))
}

fn set(it: &mut Interp, a: &[Value]) -> Res {
    match &a[0] {
        Value::Sym(s) => {
            crate::lisp::special::check_unlocked(it, s, "set", false)?;
            s.set(a[1].clone());
            Ok(a[1].clone())
        }
        other => Err(type_error("set", "a symbol", other)),
    }
}

fn boundp(_: &mut Interp, a: &[Value]) -> Res {
    match &a[0] {
        Value::Sym(s) => Ok(Value::truth(s.is_bound())),
        _ => Ok(Value::truth(true)),
    }
}

fn sup_inf(a: &[Value], name: &str, pick: fn(f64, f64) -> f64) -> Res {
    let l = args::list(a, 0, name)?;
    let mut best: Option<f64> = None;
    for (i, v) in l.iter().enumerate() {
        let x = v
            .as_num()
            .ok_or_else(|| type_error(name, "a list of numbers", &l[i]))?;
        best = Some(best.map_or(x, |b| pick(b, x)));
    }
    Ok(best.map(Value::Num).unwrap_or_default())
}
fn sup(_: &mut Interp, a: &[Value]) -> Res {
    sup_inf(a, "sup", f64::max)
}
fn inf(_: &mut Interp, a: &[Value]) -> Res {
    sup_inf(a, "inf", f64::min)
}

/// TL3's `rank` (classify.c): the positions of the numbers of `l` within
/// `width` (default 0) of `target`.
fn rank(_: &mut Interp, a: &[Value]) -> Res {
    let l = args::list(a, 0, "rank")?;
    let target = args::num(a, 1, "rank")?;
    let width = if a.len() > 2 {
        args::num(a, 2, "rank")?
    } else {
        0.0
    };
    let mut out = Vec::new();
    for (i, v) in l.iter().enumerate() {
        let x = v.as_num().ok_or_else(|| {
            LispError::new(ErrorKind::Type, "rank: expected a list of numbers").culprit(v.clone())
        })?;
        if x >= target - width && x <= target + width {
            out.push(Value::Num(i as f64));
        }
    }
    Ok(Value::list(out))
}

fn not(_: &mut Interp, a: &[Value]) -> Res {
    Ok(Value::truth(a[0].is_nil()))
}

pub(crate) fn register(it: &mut Interp) {
    it.begin_family("lists");
    it.defn("car", 1, Some(1), car, "(car l) first element.");
    it.defn(
        "cdr",
        1,
        Some(1),
        cdr,
        "(cdr l) the list without its first element.",
    );
    it.defn("caar", 1, Some(1), caar, "(caar l) = (car (car l)).");
    it.defn("cadr", 1, Some(1), cadr, "(cadr l) = (car (cdr l)).");
    it.defn("cdar", 1, Some(1), cdar, "(cdar l) = (cdr (car l)).");
    it.defn("cddr", 1, Some(1), cddr, "(cddr l) = (cdr (cdr l)).");
    it.defn("caddr", 1, Some(1), caddr, "(caddr l) = (car (cddr l)).");
    it.defn("cdddr", 1, Some(1), cdddr, "(cdddr l) = (cdr (cddr l)).");
    it.defn("cons", 2, Some(2), cons, "(cons a d) a new pair.");
    it.defn("list", 0, None, list, "(list . items) a new list.");
    it.defn(
        "length",
        1,
        Some(1),
        length,
        "(length l) number of elements (characters of a string).",
    );
    it.defn("nth", 2, Some(2), nth, "(nth n l) element n (from 0).");
    it.defn(
        "nthcdr",
        2,
        Some(2),
        nthcdr,
        "(nthcdr n l) l without its first n elements.",
    );
    it.defn(
        "append",
        0,
        None,
        append,
        "(append . lists) concatenation (the last list is shared).",
    );
    it.defn(
        "reverse",
        1,
        Some(1),
        reverse,
        "(reverse l) a reversed copy.",
    );
    it.defn("last", 1, Some(1), last, "(last l) the last element.");
    it.defn(
        "member",
        2,
        Some(2),
        member,
        "(member x l) the tail of l starting with x (equal), or ().",
    );
    it.defn(
        "assoc",
        2,
        Some(2),
        assoc,
        "(assoc key alist) the first pair whose car is equal to key.",
    );
    it.defn(
        "range",
        1,
        Some(3),
        range,
        "(range a b [step]) numbers from a to b INCLUSIVE; (range n) is 1..n.",
    );
    it.defn(
        "sort",
        1,
        Some(2),
        sort,
        "(sort l [pred]) a sorted copy (stable; default order <).",
    );
    it.defn(
        "copy-tree",
        1,
        Some(1),
        copy_tree,
        "(copy-tree x) copies the list structure.",
    );
    it.defn(
        "rplaca",
        2,
        Some(2),
        rplaca,
        "(rplaca c v) sets the car of a cons.",
    );
    it.defn(
        "rplacd",
        2,
        Some(2),
        rplacd,
        "(rplacd c v) sets the cdr of a cons.",
    );
    it.defn(
        "nconc",
        0,
        None,
        nconc,
        "(nconc . lists) destructive concatenation.",
    );
    it.defn(
        "nconc1",
        2,
        Some(2),
        nconc1,
        "(nconc1 l x) appends x at the end of l, destructively.",
    );
    it.defn(
        "list?",
        1,
        Some(1),
        listp,
        "(list? x) true for a list or ().",
    );
    it.defn(
        "listp",
        1,
        Some(1),
        listp,
        "(listp x) true for a list or ().",
    );
    it.defn(
        "consp",
        1,
        Some(1),
        consp,
        "(consp x) true for a non-empty list.",
    );
    it.defn(
        "atom",
        1,
        Some(1),
        atom,
        "(atom x) true for a number, string, symbol, () or array.",
    );
    it.defn(
        "symbolp",
        1,
        Some(1),
        symbolp,
        "(symbolp x) true for a symbol.",
    );
    it.defn(
        "numberp",
        1,
        Some(1),
        numberp,
        "(numberp x) true for a number.",
    );
    it.defn(
        "stringp",
        1,
        Some(1),
        stringp,
        "(stringp x) true for a string.",
    );
    it.defn(
        "functionp",
        1,
        Some(1),
        functionp,
        "(functionp x) true for a function.",
    );
    it.defn(
        "arrayp",
        1,
        Some(1),
        arrayp,
        "(arrayp x) true for an array.",
    );
    it.defn("null", 1, Some(1), null, "(null x) true for ().");
    it.defn("not", 1, Some(1), not, "(not x) or ~x: true for ().");
    it.defn(
        "eq",
        2,
        Some(2),
        eq,
        "(eq a b) identity (numbers by value).",
    );
    it.defn(
        "equal",
        2,
        Some(2),
        equal_,
        "(equal a b) structural equality.",
    );
    it.defn(
        "set",
        2,
        Some(2),
        set,
        "(set sym v) assigns the value of a computed symbol.",
    );
    it.defn(
        "boundp",
        1,
        Some(1),
        boundp,
        "(boundp sym) true if sym has a value.",
    );
    it.defn("sup", 1, Some(1), sup, "(sup l) largest number of a list.");
    it.defn("inf", 1, Some(1), inf, "(inf l) smallest number of a list.");
    it.defn(
        "rank",
        2,
        Some(3),
        rank,
        "(rank l target [width]) the indices of the numbers of l within width (default 0) of target (TL3).",
    );
}
