//! `alloc-net`, `newneurons`, `connect`, `dup-connection`,
//! `cut-connection`, `amont`, `aval`, `nfanin`, `scounter`.

use sn_units::Net;

use crate::lisp::args;
use crate::lisp::error::{ErrorKind, LispError};
use crate::lisp::{Interp, Res, Unwind, Value};

use super::{layer_of, state, unit, units_list, update_counters, with_net};

fn alloc_net(it: &mut Interp, a: &[Value]) -> Res {
    let n = args::usize(a, 0, "alloc-net")?;
    let s = args::usize(a, 1, "alloc-net")?;
    let w = match args::opt(a, 2) {
        Some(_) => args::usize(a, 2, "alloc-net")?,
        None => s,
    };
    let st = state(it);
    {
        let mut st = st.try_borrow_mut().map_err(|_| {
            Unwind::from(sn_units::UnitsError::Domain {
                op: "alloc-net",
                what: "network in use".into(),
            })
        })?;
        st.net = Some(Net::new(n, s, w));
    }
    forget_layers(it);
    update_counters(it);
    Ok(Value::Num(n as f64))
}

/// A new net invalidates netenv's layers.
fn forget_layers(it: &mut Interp) {
    for g in [
        "input-layer",
        "output-layer",
        "desired-layer",
        "net-struc",
        "%net-stages",
    ] {
        it.set_global(g, Value::Nil);
    }
}

fn clear_net(it: &mut Interp, _a: &[Value]) -> Res {
    let caps = with_net(it, "clear-net", |n| Ok(n.capacities()))?;
    let st = state(it);
    if let Ok(mut s) = st.try_borrow_mut() {
        s.net = Some(Net::new(caps.0, caps.1, caps.2));
    }
    forget_layers(it);
    update_counters(it);
    Ok(Value::Nil)
}

fn newneurons(it: &mut Interp, a: &[Value]) -> Res {
    let k = args::usize(a, 0, "newneurons")?;
    // The units, then the list of their numbers (a cons of 48 bytes each).
    sn_array::budget::reserve_items("newneurons (the list of new units)", k, 48)?;
    let r = with_net(it, "newneurons", |n| n.newneurons(k).map_err(Unwind::from))?;
    update_counters(it);
    Ok(units_list(r))
}

fn connect(it: &mut Interp, a: &[Value]) -> Res {
    let from = layer_of(&a[0], "connect")?;
    let to = layer_of(&a[1], "connect")?;
    let w = match args::opt(a, 2) {
        Some(_) => args::num(a, 2, "connect")? as f32,
        None => 0.0,
    };
    let eps = match args::opt(a, 3) {
        Some(_) => Some(args::num(a, 3, "connect")? as f32),
        None => None,
    };
    let r = with_net(it, "connect", |n| {
        for &t in &to {
            for &f in &from {
                n.connect(f, t, w, eps)?;
            }
        }
        n.sn28_source_major(from.len(), to.len());
        Ok(())
    });
    update_counters(it);
    r.map(|_| Value::truth(true))
}

/// Expands the arguments of `dup-connection`: lists pair element by
/// element, numbers repeat.
fn expand(a: &[Value]) -> Res<Vec<[u32; 4]>> {
    let ls: Vec<Vec<u32>> = a
        .iter()
        .map(|v| layer_of(v, "dup-connection"))
        .collect::<Res<_>>()?;
    let is_num: Vec<bool> = a.iter().map(|v| matches!(v, Value::Number(_))).collect();
    let lens: Vec<usize> = (0..4)
        .filter(|&k| !is_num[k])
        .map(|k| ls[k].len())
        .collect();
    let n = lens.first().copied().unwrap_or(1);
    if lens.iter().any(|&l| l != n) {
        return Err(LispError::new(
            ErrorKind::Shape,
            "dup-connection: lists of different lengths",
        )
        .into());
    }
    Ok((0..n)
        .map(|i| std::array::from_fn(|k| if is_num[k] { ls[k][0] } else { ls[k][i] }))
        .collect())
}

/// SN2.8's pairing: the source connections `(sm, sv)` and the new ones
/// `(am, av)` run over `sm × sv` with `am` paired to `sm` and `av` to `sv`
/// (a full connection sharing weights); `None` when the lengths do not
/// match (sn then pairs element by element, see [`expand`]).
fn cross(a: &[Value]) -> Res<Option<Vec<[u32; 4]>>> {
    let ls: Vec<Vec<u32>> = a
        .iter()
        .map(|v| layer_of(v, "dup-connection"))
        .collect::<Res<_>>()?;
    if ls[0].len() != ls[2].len() || ls[1].len() != ls[3].len() {
        return Ok(None);
    }
    let mut out = Vec::with_capacity(ls[0].len() * ls[1].len());
    for (&sm, &am) in ls[0].iter().zip(&ls[2]) {
        for (&sv, &av) in ls[1].iter().zip(&ls[3]) {
            out.push([sm, sv, am, av]);
        }
    }
    Ok(Some(out))
}

/// `(dup-connection sm sv am av [val [eps]])`: with a value, the shared
/// weight becomes the average of its value over the connections using it
/// and `val` (as SN2.8); with `eps`, the weight gets that rate.
fn dup_one_valued(it: &mut Interp, a: &[Value]) -> Res {
    let q: Vec<u32> = (0..4)
        .map(|i| super::unit(a, i, "dup-connection"))
        .collect::<Res<_>>()?;
    let val = crate::lisp::args::num(a, 4, "dup-connection")? as f32;
    let eps = match a.get(5) {
        Some(_) => Some(crate::lisp::args::num(a, 5, "dup-connection")? as f32),
        None => None,
    };
    let r = with_net(it, "dup-connection", |n| {
        let w = n.weight_of("dup-connection", q[0], q[1])? as usize;
        let k = n.weights.refs[w] as f32;
        n.dup_connection(q[0], q[1], q[2], q[3])?;
        let old = n.weights.val[w];
        n.weights.val[w] = (val + k * old) / (k + 1.0);
        if let Some(e) = eps {
            n.set_weight_at(sn_units::WeightField::Epsilon, w, e)?;
        }
        Ok(())
    });
    update_counters(it);
    r.map(|_| Value::truth(true))
}

fn dup_connection(it: &mut Interp, a: &[Value]) -> Res {
    if a.len() > 4 {
        return dup_one_valued(it, a);
    }
    let quads = match cross(a)? {
        Some(q) => q,
        None => expand(a)?,
    };
    let r = with_net(it, "dup-connection", |n| {
        for [m1, m2, n1, n2] in quads {
            n.dup_connection(m1, m2, n1, n2)?;
        }
        Ok(())
    });
    update_counters(it);
    r.map(|_| Value::truth(true))
}

fn cut_connection(it: &mut Interp, a: &[Value]) -> Res {
    let from = layer_of(&a[0], "cut-connection")?;
    let to = layer_of(&a[1], "cut-connection")?;
    let r = with_net(it, "cut-connection", |n| {
        for &t in &to {
            for &f in &from {
                n.cut_connection(f, t)?;
            }
        }
        Ok(())
    });
    update_counters(it);
    r.map(|_| Value::truth(true))
}

fn amont(it: &mut Interp, a: &[Value]) -> Res {
    let u = unit(a, 0, "amont")?;
    with_net(it, "amont", |n| {
        n.check_unit("amont", u as i64)?;
        Ok(units_list(n.amont(u)))
    })
}

fn aval(it: &mut Interp, a: &[Value]) -> Res {
    let u = unit(a, 0, "aval")?;
    with_net(it, "aval", |n| {
        n.check_unit("aval", u as i64)?;
        Ok(units_list(n.aval(u)))
    })
}

fn nfanin(it: &mut Interp, a: &[Value]) -> Res {
    let u = unit(a, 0, "nfanin")?;
    with_net(it, "nfanin", |n| {
        n.check_unit("nfanin", u as i64)?;
        Ok(Value::Num(n.nfanin(u) as f64))
    })
}

fn scounter(it: &mut Interp, a: &[Value]) -> Res {
    let (f, t) = (unit(a, 0, "scounter")?, unit(a, 1, "scounter")?);
    with_net(it, "scounter", |n| {
        n.scounter(f, t)
            .map(|c| Value::Num(c as f64))
            .map_err(Unwind::from)
    })
}

fn connectedp(it: &mut Interp, a: &[Value]) -> Res {
    let (f, t) = (unit(a, 0, "connectedp")?, unit(a, 1, "connectedp")?);
    with_net(it, "connectedp", |n| {
        Ok(Value::truth(n.weight_of("connectedp", f, t).is_ok()))
    })
}

fn weight_index(it: &mut Interp, a: &[Value]) -> Res {
    let (f, t) = (unit(a, 0, "weight-index")?, unit(a, 1, "weight-index")?);
    with_net(it, "weight-index", |n| {
        n.weight_of("weight-index", f, t)
            .map(|w| Value::Num(w as f64))
            .map_err(Unwind::from)
    })
}

fn all_connections(it: &mut Interp, _a: &[Value]) -> Res {
    with_net(it, "all-connections", |n| {
        let v: Vec<Value> = n
            .connections()
            .map(|c| Value::list(vec![Value::Num(c.src as f64), Value::Num(c.dst as f64)]))
            .collect();
        Ok(Value::list(v))
    })
}

use super::Def;

const DEFS: &[Def] = &[
    ("alloc-net", 2, Some(3), alloc_net, "(alloc-net units links [weights]) allocates the current network (unit 0 = bias)"),
    ("clear-net", 0, Some(0), clear_net, "(clear-net) removes every unit but the bias, keeping the capacities"),
    ("newneurons", 1, Some(1), newneurons, "(newneurons n) list of n fresh unit numbers"),
    ("connect", 2, Some(4), connect, "(connect from to [w [eps]]) connects units (lists: every pair)"),
    ("dup-connection", 4, Some(6), dup_connection, "(dup-connection sm sv am av [val [eps]]) am->av shares the weight of sm->sv; lists as SN2.8 (every sm×sv pair, am with sm, av with sv), or element by element when their lengths differ; val averages into the weight, eps is its rate"),
    ("cut-connection", 2, Some(2), cut_connection, "(cut-connection from to) removes a connection"),
    ("amont", 1, Some(1), amont, "(amont n) units feeding n"),
    ("aval", 1, Some(1), aval, "(aval n) units fed by n"),
    ("nfanin", 1, Some(1), nfanin, "(nfanin n) number of connections into n"),
    ("scounter", 2, Some(2), scounter, "(scounter from to) number of connections sharing the weight of from->to"),
    ("connectedp", 2, Some(2), connectedp, "(connectedp from to) true if from->to exists"),
    ("weight-index", 2, Some(2), weight_index, "(weight-index from to) index of the weight of from->to"),
    ("all-connections", 0, Some(0), all_connections, "(all-connections) list of (from to) of every connection"),
];

pub fn register(it: &mut Interp) {
    for &(name, min, max, f, doc) in DEFS {
        it.defn(name, min, max, f, doc);
    }
}
