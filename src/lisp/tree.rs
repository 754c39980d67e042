//! Walks over whole list structures (cars and cdrs) that stay bounded
//! whatever the data: no Rust recursion (pending sublists wait on a
//! vector), cycles through cars or cdrs reported as errors, Ctrl-C and
//! the memory budget checked as they go.

use std::collections::HashSet;
use std::rc::Rc;

use super::error::{ErrorKind, LispError};
use super::value::{Cons, Value};
use super::{interrupt, Res};

/// Cells visited between two checks of Ctrl-C and of the memory budget.
const CHECK_EVERY: usize = 1 << 16;

/// A sublist being copied: the cell that starts it, the copies of its
/// elements so far, and the rest of it.
struct Open {
    key: *const Cons,
    items: Vec<Value>,
    rest: Value,
}

fn circular(fname: &str, v: &Value) -> LispError {
    LispError::new(ErrorKind::Domain, format!("{fname}: circular structure")).culprit(v.clone())
}

/// Starts copying the sublist `v`, unless it is circular (along its
/// cdrs, or contains one of the sublists being copied).
fn open(fname: &str, c: &Rc<Cons>, v: &Value, seen: &mut HashSet<*const Cons>) -> Res<Open> {
    let key = Rc::as_ptr(c);
    if !seen.insert(key) || v.is_circular() {
        return Err(circular(fname, v).into());
    }
    Ok(Open {
        key,
        items: Vec::new(),
        rest: v.clone(),
    })
}

/// A copy of every cons of a tree (`copy-tree`); atoms are shared.
///
/// # Errors
/// `domain` for a circular structure; `interrupt` or `memory` from the
/// evaluator's checks.
pub fn copy_tree(v: &Value, fname: &str) -> Res {
    let Value::Cons(c) = v else {
        return Ok(v.clone());
    };
    let mut seen = HashSet::new();
    let mut stack = vec![open(fname, c, v, &mut seen)?];
    let mut cells = 0usize;
    loop {
        let Some(top) = stack.last_mut() else {
            return Ok(Value::Nil);
        };
        cells += 1;
        if cells.is_multiple_of(CHECK_EVERY) {
            interrupt::check()?;
        }
        if let Value::Cons(c) = &top.rest {
            let item = c.car();
            top.rest = c.cdr();
            match &item {
                Value::Cons(ic) => {
                    let o = open(fname, ic, &item, &mut seen)?;
                    stack.push(o);
                }
                _ => top.items.push(item),
            }
            continue;
        }
        let Some(done) = stack.pop() else {
            return Ok(Value::Nil);
        };
        seen.remove(&done.key);
        let mut out = done.rest;
        for x in done.items.into_iter().rev() {
            out = Value::cons(x, out);
        }
        match stack.last_mut() {
            Some(parent) => parent.items.push(out),
            None => return Ok(out),
        }
    }
}
