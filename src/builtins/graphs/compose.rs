//! The transformers of compositions: `gt-compose` (materialised; its
//! result is a Lisp graph whose arc data name the arcs of the first
//! operand), `gt-compose-forward` and `gt-compose-viterbi` (scores of the
//! composition without building it).

use sn_graphs::{compose, compose_forward, compose_viterbi, Composition, Graph, GraphError};

use super::conv::{index_value, labels_value, opt_factor_arg};
use super::gt::{checked, graphs, last_fprop, not_here, op, GtObj, Kind, Last, Memo};
use super::{GraphObj, Stamp};
use crate::lisp::error::{ErrorKind, LispError};
use crate::lisp::{Interp, Res, Value};

/// Answers `(==> t method ...)` for the composition transformers.
pub fn send(o: &GtObj, it: &mut Interp, method: &str, a: &[Value]) -> Option<Res> {
    Some(match method {
        "fprop" => fprop(o, a),
        "bprop" => bprop(o, a),
        "refresh" => refresh(o, a),
        _ => result(o, it, method),
    })
}

/// `(==> t fprop a b)`: the composed graph, or the composition's score.
fn fprop(o: &GtObj, a: &[Value]) -> Res {
    let mut memo = o.memo()?;
    *memo = None;
    let gs = graphs(a, 2, &op(o, "fprop"))?;
    let mut stamps: Vec<_> = gs.iter().map(|g| g.stamp()).collect();
    let (ga, gb) = (gs[0].graph()?, gs[1].graph()?);
    let no_path = |op: &'static str, p: f64| -> Res<()> {
        match p == f64::INFINITY {
            true => Err(LispError::from(GraphError::NoPath { op })
                .culprit(a[0].clone())
                .into()),
            false => Ok(()),
        }
    };
    let (last, out) = match o.kind {
        Kind::Compose => {
            let c = compose(&ga, &gb)?;
            let Composition {
                mut graph,
                from_a,
                from_b,
            } = c;
            for (r, &e) in from_a.iter().enumerate() {
                graph.set_data(r as u32, e)?;
            }
            let obj = GraphObj::new(graph);
            stamps.push(obj.stamp());
            let out = Value::native(obj);
            let stand_in = Composition {
                graph: Graph::new(1)?,
                from_a,
                from_b,
            };
            (Last::Compose(Box::new(stand_in), out.clone()), out)
        }
        Kind::ComposeForward => {
            let c = compose_forward(&ga, &gb)?;
            no_path("gt-compose-forward fprop", c.penalty)?;
            let p = c.penalty;
            (Last::ComposeForward(c), Value::Num(p))
        }
        _ => {
            let c = compose_viterbi(&ga, &gb)?;
            no_path("gt-compose-viterbi fprop", c.penalty)?;
            let p = c.penalty;
            (Last::ComposeViterbi(c), Value::Num(p))
        }
    };
    *memo = Some(Memo { last, stamps });
    Ok(out)
}

/// The composed graph `out` of a `gt-compose`'s memo (stamped `then` by
/// its fprop), checked unchanged since.
fn composed<'v>(out: &'v Value, then: Stamp, f: &str) -> Res<&'v GraphObj> {
    let g = as_graph(out, f)?;
    if g.stamp().arcs != then.arcs {
        return Err(LispError::new(
            ErrorKind::Domain,
            format!("{f}: the composed graph changed (nodes or arcs) since the last fprop"),
        )
        .culprit(out.clone())
        .into());
    }
    Ok(g)
}

/// The graph of the value `v` (the composed graph a memo holds).
fn as_graph<'v>(v: &'v Value, f: &str) -> Res<&'v GraphObj> {
    super::graph_arg(std::slice::from_ref(v), 0, f)
}

/// `(==> t bprop a b [d])`: gradients into both operands' dx.
fn bprop(o: &GtObj, a: &[Value]) -> Res {
    let f = op(o, "bprop");
    let memo = o.memo()?;
    let gs = graphs(a, 2, &f)?;
    let d = opt_factor_arg(a, 2, &f, "the gradient factor d")?;
    let m = checked(&memo, &f, &gs, a, o.kind == Kind::Compose)?;
    if let Last::Compose(c, out) = &m.last {
        let og = composed(out, m.stamps[2], &f)?.graph()?;
        let dx: std::borrow::Cow<[f64]> = if d == 1.0 {
            std::borrow::Cow::Borrowed(&og.dx)
        } else {
            sn_array::budget::reserve_items(&f, og.dx.len(), 8)
                .map_err(crate::lisp::Unwind::from)?;
            std::borrow::Cow::Owned(og.dx.iter().map(|x| x * d).collect())
        };
        let mut ga = gs[0].graph_mut()?;
        let mut gb = gs[1].graph_mut()?;
        c.backward_into(&dx, &mut ga.dx, Some(&mut gb.dx))?;
        return Ok(Value::Nil);
    }
    let mut ga = gs[0].graph_mut()?;
    let mut gb = gs[1].graph_mut()?;
    match &m.last {
        Last::ComposeForward(c) => c.backward(&mut ga, &mut gb, d)?,
        Last::ComposeViterbi(c) => {
            let gb = &mut *gb;
            c.backward_into(d, &mut ga.dx, Some(&mut gb.dx))?
        }
        _ => return Err(not_here(&f)),
    }
    Ok(Value::Nil)
}

/// `(==> t refresh a b)`: the composed graph's penalties recomputed from
/// the operands' current penalties (same arcs).
fn refresh(o: &GtObj, a: &[Value]) -> Res {
    let f = op(o, "refresh");
    let mut memo = o.memo()?;
    let gs = graphs(a, 2, &f)?;
    checked(&memo, &f, &gs, a, true)?;
    let Some(Memo {
        last: Last::Compose(c, out),
        stamps,
    }) = memo.as_mut()
    else {
        return Err(not_here(&f));
    };
    let mut og = composed(out, stamps[2], &f)?.edit_penalties()?;
    std::mem::swap(&mut *og, &mut c.graph);
    let r = c.refresh(&*gs[0].graph()?, &*gs[1].graph()?);
    std::mem::swap(&mut *og, &mut c.graph);
    r?;
    Ok(Value::Nil)
}

/// The lists of what the last fprop found: `from-a`, `from-b` (compose),
/// `labels`, `arcs-a`, `arcs-b` (compose-viterbi).
fn result(o: &GtObj, it: &mut Interp, method: &str) -> Res {
    let memo = o.memo()?;
    let f = op(o, method);
    let m = last_fprop(&memo, &f)?;
    let idx = |v: &[u32]| Value::list(v.iter().map(|&e| index_value(e)).collect());
    Ok(match (&m.last, method) {
        (Last::Compose(c, _), "from-a") => idx(&c.from_a),
        (Last::Compose(c, _), "from-b") => idx(&c.from_b),
        (Last::ComposeViterbi(c), "labels") => labels_value(it, &c.labels),
        (Last::ComposeViterbi(c), "arcs-a") => idx(&c.arcs_a),
        (Last::ComposeViterbi(c), "arcs-b") => idx(&c.arcs_b),
        _ => return Err(not_here(&f)),
    })
}
