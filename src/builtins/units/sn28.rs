//! The rest of SN2.8's unit-level interface (`interf.c`, `miscop.c`,
//! `network.c`, `sn2sn1.c`): `nfield`, mean squares of weights, `sindex`,
//! the compile-mode flags, state noise, neuron types and `get-pattern-2`.

use crate::lisp::args;
use crate::lisp::error::{ErrorKind, LispError};
use crate::lisp::{Interp, Res, Value};

use super::fields::{nfield_of, unit_field_fn};
use super::sfield::flat_units;
use super::{unit, with_net};

/// `(nfield n f [v])`: reads or writes unit field number `f` of unit `n`.
fn nfield(it: &mut Interp, a: &[Value]) -> Res {
    let f = nfield_of(a, 1, "nfield")?;
    let mut b = vec![a[0].clone()];
    b.extend(a.get(2).cloned());
    unit_field_fn(it, &b, f, "nfield")
}

/// Mean over the connections into the given units of `sval²` or `sdelta²`.
fn mean_sqr(it: &mut Interp, a: &[Value], fname: &'static str, delta: bool) -> Res {
    let us = (0..a.len())
        .map(|i| unit(a, i, fname))
        .collect::<Res<Vec<u32>>>()?;
    with_net(it, fname, |n| {
        let conns = n.incoming_of(fname, &us)?;
        let f = if delta {
            &n.weights.delta
        } else {
            &n.weights.val
        };
        let sum: f32 = conns
            .iter()
            .map(|&(_, _, w)| f[w as usize] * f[w as usize])
            .sum();
        if conns.is_empty() {
            return Ok(Value::Num(0.0));
        }
        Ok(super::num32(sum / conns.len() as f32))
    })
}

fn mean_sqr_weight(it: &mut Interp, a: &[Value]) -> Res {
    mean_sqr(it, a, "mean-sqr-weight", false)
}

fn mean_sqr_delta(it: &mut Interp, a: &[Value]) -> Res {
    mean_sqr(it, a, "mean-sqr-delta", true)
}

/// `(sindex from to [w])`: the weight index of a connection (`()` if
/// none), or makes the connection use weight `w`.
fn sindex(it: &mut Interp, a: &[Value]) -> Res {
    let (from, to) = (unit(a, 0, "sindex")?, unit(a, 1, "sindex")?);
    let set = match a.get(2) {
        Some(_) => Some(args::usize(a, 2, "sindex")?),
        None => None,
    };
    with_net(it, "sindex", |n| match set {
        None => Ok(n
            .weight_of("sindex", from, to)
            .map_or(Value::Nil, |w| Value::Num(w as f64))),
        Some(w) => {
            n.reassign_weight(from, to, w)?;
            Ok(Value::Num(w as f64))
        }
    })
}

/// The compile-time modes of SN2.8, as sn provides them: shared weights
/// (iterative), second order (newton) and per-connection rates
/// (synepsilon) are always there; the `ndesired`/`nfreedom` fields too.
fn mode_t(_: &mut Interp, _: &[Value]) -> Res {
    Ok(Value::truth(true))
}

fn units_arg(a: &[Value], fname: &str) -> Res<Vec<u32>> {
    let mut l = Vec::new();
    flat_units(&a[0], fname, &mut l)?;
    Ok(l)
}

/// `(gauss-state layer sdev)`: adds a zero-mean gaussian noise to `nval`.
fn gauss_state(it: &mut Interp, a: &[Value]) -> Res {
    let l = units_arg(a, "gauss-state")?;
    let s = args::num(a, 1, "gauss-state")? as f32;
    let st = super::state(it);
    let mut g = st
        .try_borrow_mut()
        .map_err(|_| super::busy("gauss-state"))?;
    let n = g.net.as_mut().ok_or_else(|| super::no_net("gauss-state"))?;
    n.check_layer("gauss-state", &l)?;
    for &u in &l {
        let x = it.rng().gauss() as f32;
        n.units.nval[u as usize] += s * x;
    }
    Ok(Value::Nil)
}

/// `(flip-state layer p)`: negates each `nval` with probability `p`.
fn flip_state(it: &mut Interp, a: &[Value]) -> Res {
    let l = units_arg(a, "flip-state")?;
    let p = args::num(a, 1, "flip-state")?;
    let st = super::state(it);
    let mut g = st.try_borrow_mut().map_err(|_| super::busy("flip-state"))?;
    let n = g.net.as_mut().ok_or_else(|| super::no_net("flip-state"))?;
    n.check_layer("flip-state", &l)?;
    for &u in &l {
        if it.rng().uniform() < p {
            n.units.nval[u as usize] = -n.units.nval[u as usize];
        }
    }
    Ok(Value::Nil)
}

/// `(set-neurtype-regular layer)`: every unit of sn is a regular unit.
fn set_neurtype_regular(it: &mut Interp, a: &[Value]) -> Res {
    let l = units_arg(a, "set-neurtype-regular")?;
    with_net(it, "set-neurtype-regular", |n| {
        n.check_layer("set-neurtype-regular", &l)?;
        Ok(Value::Nil)
    })
}

/// `(get-neurtype n)`: `"regular:0"` (sn has only regular units).
fn get_neurtype(it: &mut Interp, a: &[Value]) -> Res {
    let u = args::int(a, 0, "get-neurtype")?;
    with_net(it, "get-neurtype", |n| {
        n.check_unit("get-neurtype", u)?;
        Ok(Value::string("regular:0"))
    })
}

/// `(get-pattern-2 m layer ...)`: the elements of matrix `m`, in order,
/// become the states of the units of the layers, in order.
fn get_pattern_2(it: &mut Interp, a: &[Value]) -> Res {
    let m = args::array(a, 0, "get-pattern-2")?.to_vec();
    let mut us = Vec::new();
    for v in &a[1..] {
        flat_units(v, "get-pattern-2", &mut us)?;
    }
    if us.len() < m.len() || (us.len() > m.len() && a.len() > 2) {
        return Err(LispError::new(
            ErrorKind::Shape,
            format!(
                "get-pattern-2: {} units for a matrix of {} elements",
                us.len(),
                m.len()
            ),
        )
        .culprit(a[0].clone())
        .into());
    }
    with_net(it, "get-pattern-2", |n| {
        n.check_layer("get-pattern-2", &us)?;
        for (&u, &x) in us.iter().zip(&m) {
            n.units.nval[u as usize] = x;
        }
        Ok(Value::Nil)
    })
}

fn clear_net_compat(it: &mut Interp, a: &[Value]) -> Res {
    let f = it.get_global("clear-net");
    it.apply(&f, a)
}

use super::Def;

const DEFS: &[Def] = &[
    ("nfield", 2, Some(3), nfield, "(nfield n f [v]) reads or writes unit field number f (1 nval ... 13 nspare3) of unit n"),
    ("mean-sqr-weight", 0, None, mean_sqr_weight, "(mean-sqr-weight n ...) mean of sval² over the connections into the units"),
    ("mean-sqr-delta", 0, None, mean_sqr_delta, "(mean-sqr-delta n ...) mean of sdelta² over the connections into the units"),
    ("sindex", 2, Some(3), sindex, "(sindex from to [w]) index of the weight of a connection (() if none); with w, the connection uses weight w"),
    ("desired-mode", 0, Some(0), mode_t, "(desired-mode) t: units have ndesired and nfreedom fields"),
    ("newton-mode", 0, Some(0), mode_t, "(newton-mode) t: second-order fields and primitives are available"),
    ("iterative-mode", 0, Some(0), mode_t, "(iterative-mode) t: weights can be shared (sacc, dup-connection)"),
    ("synepsilon-mode", 0, Some(0), mode_t, "(synepsilon-mode) t: connections can have their own rates (sepsilon)"),
    ("gauss-state", 2, Some(2), gauss_state, "(gauss-state layer sdev) adds gaussian noise of deviation sdev to the states"),
    ("flip-state", 2, Some(2), flip_state, "(flip-state layer p) negates each state with probability p"),
    ("set-neurtype-regular", 1, Some(1), set_neurtype_regular, "(set-neurtype-regular layer) makes the units regular (all of sn's are)"),
    ("get-neurtype", 1, Some(1), get_neurtype, "(get-neurtype n) the type of unit n: \"regular:0\""),
    ("get-pattern-2", 2, None, get_pattern_2, "(get-pattern-2 m layer ...) the elements of m become the states of the units, in order"),
    ("clear_net", 0, Some(0), clear_net_compat, "(clear_net) SN2.8's name of clear-net"),
];

pub fn register(it: &mut Interp) {
    for &(name, min, max, f, doc) in DEFS {
        it.defn(name, min, max, f, doc);
    }
    // SN2.8 defines these variables at start: the counters at 0, the
    // parameters (set by netenv) empty.
    for v in ["nnum", "nmax", "snum", "smax", "wnum", "wmax", "age"] {
        if it.get_global(v).is_nil() {
            it.set_global(v, Value::Num(0.0));
        }
    }
    for v in [
        "alpha", "decay", "theta", "gamma", "mu", "nlf", "dnlf", "ddnlf",
    ] {
        if it.get_global(v).is_nil() {
            it.set_global(v, Value::Nil);
        }
    }
}
