//! The transformers that score one graph (`gt-viterbi`, `gt-forward`)
//! and the discriminative criterion (`gt-criterion`).

use sn_graphs::{discriminative, forward, viterbi, GraphError};

use super::conv::{labels_value, opt_factor_arg};
use super::gt::{checked, graphs, last_fprop, not_here, op, GtObj, Kind, Last, Memo};
use crate::lisp::error::LispError;
use crate::lisp::{Interp, Res, Value};

/// Answers `(==> t method ...)` for the scoring transformers.
pub fn send(o: &GtObj, it: &mut Interp, method: &str, a: &[Value]) -> Option<Res> {
    Some(match method {
        "fprop" => fprop(o, a),
        "bprop" => bprop(o, a),
        "path" | "labels" | "parts" => result(o, it, method),
        _ => return None,
    })
}

/// The operation's name in errors (`gt-viterbi fprop` ...).

/// An infinite penalty as the no-path error of `f`, blaming argument 0.
fn no_path(f: &'static str, p: f64, a: &[Value]) -> Res<()> {
    if p == f64::INFINITY {
        return Err(LispError::from(GraphError::NoPath { op: f })
            .culprit(a[0].clone())
            .into());
    }
    Ok(())
}

/// `(==> t fprop g)`, `(==> t fprop interp answer)`: the score, remembered.
fn fprop(o: &GtObj, a: &[Value]) -> Res {
    let mut memo = o.memo()?;
    *memo = None;
    let n = if o.kind == Kind::Criterion { 2 } else { 1 };
    let gs = graphs(a, n, &op(o, "fprop"))?;
    let stamps = gs.iter().map(|g| g.stamp()).collect();
    let g = gs[0].graph()?;
    let (last, pen) = match o.kind {
        Kind::Viterbi => {
            let v = viterbi(&g)?;
            no_path("gt-viterbi fprop", v.penalty, a)?;
            let (p, ls) = (v.penalty, v.labels(&g));
            (Last::Viterbi(v, ls), p)
        }
        Kind::Forward => {
            let f = forward(&g)?;
            no_path("gt-forward fprop", f.penalty, a)?;
            let p = f.penalty;
            (Last::Forward(f), p)
        }
        _ => {
            let c = discriminative(&g, &*gs[1].graph()?)?;
            let p = c.loss;
            (Last::Criterion(c), p)
        }
    };
    *memo = Some(Memo { last, stamps });
    Ok(Value::Num(pen))
}

/// `(==> t bprop g [d])`, `(==> t bprop interp answer [d])`.
fn bprop(o: &GtObj, a: &[Value]) -> Res {
    let f = op(o, "bprop");
    let memo = o.memo()?;
    let n = if o.kind == Kind::Criterion { 2 } else { 1 };
    let gs = graphs(a, n, &f)?;
    let d = opt_factor_arg(a, n, &f, "the gradient factor d")?;
    let m = checked(&memo, &f, &gs, a, false)?;
    match &m.last {
        Last::Viterbi(v, _) => v.backward(&mut *gs[0].graph_mut()?, d)?,
        Last::Forward(fw) => fw.backward(&mut *gs[0].graph_mut()?, d)?,
        Last::Criterion(c) => {
            let mut g = gs[0].graph_mut()?;
            c.backward(&mut g, &*gs[1].graph()?, d)?
        }
        _ => return Err(not_here(&f)),
    }
    Ok(Value::Nil)
}

/// `(==> t path)`, `(==> t labels)` (Viterbi), `(==> t parts)` (criterion).
fn result(o: &GtObj, it: &mut Interp, method: &str) -> Res {
    let memo = o.memo()?;
    let f = op(o, method);
    let m = last_fprop(&memo, &f)?;
    let nums = |v: &[u32]| Value::list(v.iter().map(|&e| Value::Num(f64::from(e))).collect());
    Ok(match (&m.last, method) {
        (Last::Viterbi(v, _), "path") => nums(&v.arcs),
        (Last::Viterbi(_, ls), "labels") => labels_value(it, ls),
        (Last::Criterion(c), "parts") => Value::list(vec![
            Value::Num(c.constrained.penalty),
            Value::Num(c.free.penalty),
        ]),
        _ => return Err(not_here(&f)),
    })
}
