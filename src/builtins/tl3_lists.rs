//! TL3/Lush 1 list and printing functions that SN2.8's Lisp layer calls:
//! `lasta`, `tab` (the output column), `classp` and `sort-list` (Lush
//! 1's `sysenv.lsh` quicksort with a comparison function).

use crate::lisp::args::{self, type_error};
use crate::lisp::printer::equal;
use crate::lisp::{Interp, Res, Value};

use super::lists::{cons_of, no_cycle};

/// `(lasta l)`: the last element of a list, () for ().
fn lasta(_: &mut Interp, a: &[Value]) -> Res {
    cons_of(&a[0], "lasta")?;
    no_cycle(&a[0], "lasta")?;
    Ok(a[0].iter().last().unwrap_or_default())
}

/// `(tab [n])`: prints blanks until the output column reaches n; returns
/// the column.
fn tab(it: &mut Interp, a: &[Value]) -> Res {
    if !a.is_empty() {
        let n = args::int(a, 0, "tab")?;
        let col = it.column as i64;
        if n > col {
            // at most one screenful of blanks per call
            let k = (n - col).min(1 << 16) as usize;
            it.out(&" ".repeat(k));
        }
    }
    Ok(Value::Num(it.column as f64))
}

/// Lush 1's quicksort: a pivot from the first, middle and last elements,
/// elements equal to it in
/// the middle, those for which `(comp x pivot)` is true after it, the
/// others before it.
fn quicksort(it: &mut Interp, l: Vec<Value>, comp: &Value) -> Res<Vec<Value>> {
    if l.len() < 2 {
        return Ok(l);
    }
    crate::lisp::interrupt::check()?;
    // the pivot as Lush 1 picks it (its sequential setq makes each step
    // an assignment, not a swap)
    let p1 = l[0].clone();
    let mut piv = l[l.len() / 2].clone();
    let p3 = l[l.len() - 1].clone();
    let less = |it: &mut Interp, x: &Value, y: &Value| -> Res<bool> {
        Ok(it.apply(comp, &[x.clone(), y.clone()])?.truthy())
    };
    if less(it, &p1, &piv)? {
        piv = p1.clone();
    }
    if less(it, &piv, &p3)? {
        piv = p3;
    }
    if less(it, &p1, &piv)? {
        piv = p1;
    }
    let (mut before, mut same, mut after) = (Vec::new(), Vec::new(), Vec::new());
    // each part is built by pushing at its front, as Lush's conses
    for x in l {
        if equal(&x, &piv) {
            same.push(x);
        } else if less(it, &x, &piv)? {
            after.push(x);
        } else {
            before.push(x);
        }
    }
    before.reverse();
    same.reverse();
    after.reverse();
    let mut out = quicksort(it, before, comp)?;
    out.extend(same);
    out.extend(quicksort(it, after, comp)?);
    Ok(out)
}

/// `(sort-list l comp)`: a new list of the elements of l sorted by comp,
/// as Lush 1's (elements x with `(comp x y)` true come after y).
fn sort_list(it: &mut Interp, a: &[Value]) -> Res {
    if !matches!(a[0], Value::Nil | Value::Cons(_)) {
        return Err(type_error("sort-list", "a list", &a[0]));
    }
    no_cycle(&a[0], "sort-list")?;
    let l: Vec<Value> = a[0].iter().collect();
    Ok(Value::list(quicksort(it, l, &a[1])?))
}

/// `(classp x)`: t when x is a class.
fn classp(it: &mut Interp, a: &[Value]) -> Res {
    Ok(it.truth(matches!(a[0], Value::Class(_))))
}

pub(crate) fn register(it: &mut Interp) {
    it.begin_family("tl3");
    it.defn(
        "lasta",
        1,
        Some(1),
        lasta,
        "(lasta l) the last element of the list l; () for ().",
    );
    it.defn("tab", 0, Some(1), tab, "(tab [n]) prints blanks until the output column is n (when given); returns the output column.");
    it.defn(
        "classp",
        1,
        Some(1),
        classp,
        "(classp x) t when x is a class (as made by defclass), else ().",
    );
    it.defn("sort-list", 2, Some(2), sort_list, "(sort-list l comp) a new list of l's elements sorted by the comparison comp, as Lush 1 (x after y when (comp x y)): (sort-list l >) sorts in increasing order.");
}
