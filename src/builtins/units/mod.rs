//! Bindings of the SN2.8 level (`sn-units`): the current network, its
//! units and connections, non-linear functions, propagation primitives,
//! connection patterns, weight files, and the compiled loops behind
//! netenv's `learn` and `perf`.
//!
//! The current network lives in the interpreter's extension state
//! ([`UnitsState`]); the counters `nnum snum wnum nmax smax wmax` are global
//! variables updated by every primitive that changes the net.

mod euclid;
mod fast;
mod fields;
mod net;
mod nlf;
mod onnx;
mod patterns;
mod prop;
mod sfield;
mod sn28;
mod wfiles;

use std::cell::RefCell;
use std::rc::Rc;

use sn_units::Net;

use crate::lisp::args::type_error;
use crate::lisp::error::{ErrorKind, LispError, Unwind};
use crate::lisp::{Interp, Res, Value};

/// The current network.
#[derive(Default)]
pub struct UnitsState {
    /// The network of `alloc-net`.
    pub net: Option<Net>,
}

/// Registers every builtin of the family.
pub fn register(it: &mut Interp) {
    it.begin_family("units");
    net::register(it);
    fields::register(it);
    sfield::register(it);
    nlf::register(it);
    prop::register(it);
    patterns::register(it);
    fast::register(it);
    euclid::register(it);
    sn28::register(it);
    wfiles::register(it);
    onnx::register(it);
}

pub(crate) fn state(it: &mut Interp) -> Rc<RefCell<UnitsState>> {
    it.ext::<UnitsState>()
}

pub(crate) fn no_net(fname: &str) -> Unwind {
    LispError::new(
        ErrorKind::User,
        format!("{fname}: no network (call alloc-net first)"),
    )
    .into()
}

pub(crate) fn busy(fname: &str) -> Unwind {
    LispError::new(ErrorKind::User, format!("{fname}: the network is in use")).into()
}

/// Runs `f` on the current network.
pub(crate) fn with_net<T>(
    it: &mut Interp,
    fname: &str,
    f: impl FnOnce(&mut Net) -> Res<T>,
) -> Res<T> {
    let st = state(it);
    let mut s = st.try_borrow_mut().map_err(|_| busy(fname))?;
    match s.net.as_mut() {
        Some(n) => f(n),
        None => Err(no_net(fname)),
    }
}

/// Runs `f` on the current network and the interpreter (for callbacks).
pub(crate) fn with_net_it<T>(
    it: &mut Interp,
    fname: &str,
    f: impl FnOnce(&mut Net, &mut Interp) -> Res<T>,
) -> Res<T> {
    let st = state(it);
    let mut s = st.try_borrow_mut().map_err(|_| busy(fname))?;
    match s.net.as_mut() {
        Some(n) => f(n, it),
        None => Err(no_net(fname)),
    }
}

/// Publishes the counters as global variables.
pub(crate) fn update_counters(it: &mut Interp) {
    let st = state(it);
    let Ok(s) = st.try_borrow() else { return };
    let Some(n) = s.net.as_ref() else { return };
    let (nmax, smax, wmax) = n.capacities();
    let vals = [
        ("nnum", n.nnum()),
        ("snum", n.snum()),
        ("wnum", n.wnum()),
        ("nmax", nmax),
        ("smax", smax),
        ("wmax", wmax),
    ];
    drop(s);
    for (k, v) in vals {
        it.set_global(k, Value::Num(v as f64));
    }
}

/// A unit number argument.
pub(crate) fn unit(a: &[Value], i: usize, fname: &str) -> Res<u32> {
    match a.get(i) {
        Some(Value::Number(n))
            if n.get() >= 0.0 && n.get().fract() == 0.0 && n.get() < u32::MAX as f64 =>
        {
            Ok(n.get() as u32)
        }
        Some(v) => Err(type_error(fname, "a unit number", v)),
        None => Err(LispError::new(
            ErrorKind::Arity,
            format!("{fname}: missing argument {}", i + 1),
        )
        .with(crate::lisp::error_data::ErrorData::Arity {
            function: fname.to_string(),
            min: i + 1,
            max: None,
            found: a.len(),
        })
        .into()),
    }
}

/// Deepest nesting of unit lists that [`layer_of`] walks.
const MAX_LAYER_DEPTH: usize = 10_000;

/// A layer: a list of unit numbers, sublists and atom arrays flattened in
/// order (a single number is a layer of one), as SN2.8's `mapneur` and
/// TL3's `flatten` walk them. The walk
/// keeps its own stack, so a list nested through its cars without end (a
/// circular one) is an error, not a native stack overflow.
pub(crate) fn layer_of(v: &Value, fname: &str) -> Res<Vec<u32>> {
    if let Value::Number(_) = v {
        return unit(std::slice::from_ref(v), 0, fname).map(|u| vec![u]);
    }
    if let Some(units) = flat_layer(v, fname)? {
        return Ok(units);
    }
    let mut out = Vec::new();
    let mut stack: Vec<std::vec::IntoIter<Value>> = Vec::new();
    let top = v
        .list_to_vec()
        .or_else(|| crate::builtins::atom_array::items_of(v))
        .ok_or_else(|| type_error(fname, "a list of units", v))?;
    stack.push(top.into_iter());
    while let Some(items) = stack.last_mut() {
        let Some(x) = items.next() else {
            stack.pop();
            continue;
        };
        match &x {
            Value::Cons(_) | Value::Nil | Value::Native(_) => {
                if stack.len() >= MAX_LAYER_DEPTH {
                    return Err(LispError::new(
                        ErrorKind::Domain,
                        format!(
                            "{fname}: unit lists nested deeper than {MAX_LAYER_DEPTH} (circular?)"
                        ),
                    )
                    .culprit(v.clone())
                    .into());
                }
                let sub = x
                    .list_to_vec()
                    .or_else(|| crate::builtins::atom_array::items_of(&x))
                    .ok_or_else(|| type_error(fname, "a list of units", &x))?;
                stack.push(sub.into_iter());
            }
            _ => out.push(unit(std::slice::from_ref(&x), 0, fname)?),
        }
    }
    Ok(out)
}

/// The common case of [`layer_of`], without copying the list: a proper
/// list of unit numbers. `None` for anything else (nested lists, atom
/// arrays, a list of more than [`FLAT_LAYER_MAX`] units, which may be
/// circular), left to the general walk.
/// The longest list [`flat_layer`] walks.
const FLAT_LAYER_MAX: usize = 1 << 20;

fn flat_layer(v: &Value, fname: &str) -> Res<Option<Vec<u32>>> {
    let Value::Cons(first) = v else {
        return Ok(None);
    };
    let mut out = Vec::new();
    let mut cur = first.clone();
    loop {
        let x = cur.car();
        if !matches!(x, Value::Number(_)) || out.len() >= FLAT_LAYER_MAX {
            return Ok(None);
        }
        out.push(unit(std::slice::from_ref(&x), 0, fname)?);
        match cur.cdr() {
            Value::Cons(next) => cur = next,
            Value::Nil => return Ok(Some(out)),
            _ => return Ok(None),
        }
    }
}

/// A list of unit numbers as a Lisp list.
pub(crate) fn units_list(us: impl IntoIterator<Item = u32>) -> Value {
    Value::list(us.into_iter().map(|u| Value::Num(u as f64)).collect())
}

/// A global number (0 when unbound or not a number).
pub(crate) fn global_num(it: &mut Interp, name: &str) -> f32 {
    it.get_global(name).as_num().unwrap_or(0.0) as f32
}

/// Whether a value is a layer (a list, or `()`), as opposed to a leading
/// optional argument.
pub(crate) fn is_layer(v: &Value) -> bool {
    matches!(v, Value::Cons(_) | Value::Nil)
}

/// A single-precision field as a Lisp number: widened exactly, as SN2.8's
/// C kernels hand their `float` fields to the Lisp (Lush 1's printer shows
/// 0.1f32 as 0.1 all the same).
pub(crate) fn num32(x: f32) -> Value {
    Value::Num(f64::from(x))
}

/// A builtin to register: name, arity bounds, function, documentation.
pub(crate) type Def = (
    &'static str,
    usize,
    Option<usize>,
    crate::lisp::value::SubrFn,
    &'static str,
);
