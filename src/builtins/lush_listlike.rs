//! `sup`, `inf` and `find-interval` also take a matrix, as the list of its
//! elements in row-major order: SN2.8's own knnenv.sn and netenv.sn (its
//! `rank-of-max`) call them on rows of matrices (`(votes i ())`). The list
//! forms are the builtins registered before; they are kept and called.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::lisp::{Interp, Res, Value};

/// The list builtins these wrap, by name.
#[derive(Default)]
struct Saved {
    fns: HashMap<&'static str, Value>,
}

/// The argument list with a matrix first argument turned into the list of
/// its elements.
fn listed(a: &[Value]) -> Vec<Value> {
    let mut v = a.to_vec();
    if let Some(Value::Array(m)) = a.first() {
        v[0] = Value::list(
            m.to_vec()
                .into_iter()
                .map(|x| Value::Num(f64::from(x)))
                .collect(),
        );
    }
    v
}

fn call_saved(it: &mut Interp, name: &'static str, a: &[Value]) -> Res {
    let st: Rc<RefCell<Saved>> = it.ext::<Saved>();
    let f = st.borrow().fns.get(name).cloned().unwrap_or(Value::Nil);
    it.apply(&f, &listed(a))
}

fn sup(it: &mut Interp, a: &[Value]) -> Res {
    call_saved(it, "sup", a)
}

fn inf(it: &mut Interp, a: &[Value]) -> Res {
    call_saved(it, "inf", a)
}

fn find_interval(it: &mut Interp, a: &[Value]) -> Res {
    call_saved(it, "find-interval", a)
}

/// Wraps the list builtins (registered before this is called).
pub fn register(it: &mut Interp) {
    let st = it.ext::<Saved>();
    for name in ["sup", "inf", "find-interval"] {
        let f = it.get_global(name);
        st.borrow_mut().fns.insert(name, f);
    }
    it.defn(
        "sup",
        1,
        Some(1),
        sup,
        "(sup l) the largest number of list l, or the largest element of a matrix l.",
    );
    it.defn(
        "inf",
        1,
        Some(1),
        inf,
        "(inf l) the smallest number of list l, or the smallest element of a matrix l.",
    );
    it.defn("find-interval", 2, Some(3), find_interval, "(find-interval l target [width]) the indices of the elements of l (a list of numbers or a matrix, row-major) within width (default 0) of target.");
}
