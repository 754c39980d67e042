//! The `==>` methods of a graph: building it (nodes, arcs, start, end),
//! reading its arcs, penalties and gradients, and moving penalties in
//! from and gradients out to arrays (e.g. live views of a state).

use sn_graphs::{Graph, NONE};

use super::conv::{
    array_of, check_penalty, index_arg, index_value, label_arg, label_value, opt_factor_arg,
    opt_index_arg, opt_penalty_arg, with_flat, with_flat_mut,
};
use super::{graph_value, GraphObj};
use crate::builtins::modules::objects::culprit_arg;
use crate::lisp::error::{ErrorKind, LispError};
use crate::lisp::{args, Interp, Res, Unwind, Value};

/// Bytes of one arc of a graph copy (as `sn-graphs` counts them).
const ARC_BYTES: usize = 44;

/// Answers `(==> g method ...)`; `None` for a method a graph lacks.
pub fn send(o: &GraphObj, it: &mut Interp, method: &str, a: &[Value]) -> Option<Res> {
    let r = match method {
        "nnodes" | "narcs" | "start" | "end" => o.graph().map(|g| {
            Value::Num(match method {
                "nnodes" => g.nnodes(),
                "narcs" => g.narcs(),
                "start" => g.start() as usize,
                _ => g.end() as usize,
            } as f64)
        }),
        "add-node" => o
            .edit_arcs()
            .and_then(|mut g| Ok(Value::Num(f64::from(g.add_node()?)))),
        "add-arc" => add_arc(o, a),
        "set-start" | "set-end" => set_end(o, method, a),
        "arc" => arc(o, it, a),
        "arcs" => arcs(o, it),
        "labels" => o.graph().map(|g| {
            let ls: Vec<u32> = (0..g.narcs() as u32).map(|e| g.label(e)).collect();
            super::conv::labels_value(it, &ls)
        }),
        "penalties" => o.graph().and_then(|g| array_of(&g.x, "graph penalties")),
        "gradients" => o.graph().and_then(|g| array_of(&g.dx, "graph gradients")),
        "set-penalties" => set_penalties(o, a),
        "clear-dx" => o.graph_mut().map(|mut g| {
            g.clear_gradients();
            Value::Nil
        }),
        "load-penalties" => load_penalties(o, a),
        "scatter-gradients" => scatter_gradients(o, a),
        "copy" => copy(o),
        _ => return None,
    };
    Some(culprit_arg(r, a, method))
}

/// `(==> g add-arc src dst label [penalty data slot])`.
fn add_arc(o: &GraphObj, a: &[Value]) -> Res {
    const F: &str = "graph add-arc";
    let n = o.graph()?.nnodes();
    let src = index_arg(a, 0, F, n, false)?;
    let dst = index_arg(a, 1, F, n, false)?;
    let label = label_arg(a, 2, F)?;
    let pen = opt_penalty_arg(a, 3, F, 0.0)?;
    let data = opt_index_arg(a, 4, F)?;
    let slot = opt_index_arg(a, 5, F)?;
    let mut g = o.edit_arcs()?;
    let e = g.add_arc(src, dst, label, pen)?;
    g.set_data(e, data)?;
    g.set_slot(e, slot)?;
    Ok(Value::Num(f64::from(e)))
}

/// `(==> g set-start n)`, `(==> g set-end n)`.
fn set_end(o: &GraphObj, method: &str, a: &[Value]) -> Res {
    let f = if method == "set-start" {
        "graph set-start"
    } else {
        "graph set-end"
    };
    let k = index_arg(a, 0, f, o.graph()?.nnodes(), false)?;
    let mut g = o.edit_arcs()?;
    match method {
        "set-start" => g.set_start(k)?,
        _ => g.set_end(k)?,
    }
    Ok(Value::Nil)
}

/// The list `(src dst label penalty data slot)` of arc `e`.
fn arc_list(g: &Graph, it: &mut Interp, e: u32) -> Value {
    Value::list(vec![
        Value::Num(f64::from(g.src(e))),
        Value::Num(f64::from(g.dst(e))),
        label_value(it, g.label(e)),
        Value::Num(g.x[e as usize]),
        index_value(g.data(e)),
        index_value(g.slot(e)),
    ])
}

/// `(==> g arc i)`.
fn arc(o: &GraphObj, it: &mut Interp, a: &[Value]) -> Res {
    let g = o.graph()?;
    let e = index_arg(a, 0, "graph arc", g.narcs(), true)?;
    Ok(arc_list(&g, it, e))
}

/// `(==> g arcs)`: the list of every arc's list.
fn arcs(o: &GraphObj, it: &mut Interp) -> Res {
    let g = o.graph()?;
    sn_array::budget::reserve_items("graph arcs", g.narcs(), 7 * 32).map_err(Unwind::from)?;
    Ok(Value::list(
        (0..g.narcs() as u32).map(|e| arc_list(&g, it, e)).collect(),
    ))
}

/// `(==> g set-penalties array)`: one penalty per arc.
fn set_penalties(o: &GraphObj, a: &[Value]) -> Res {
    const F: &str = "graph set-penalties";
    let arr = args::array(a, 0, F)?;
    let n = o.graph()?.narcs();
    if arr.len() != n {
        return Err(LispError::shape(F, &[n], arr.dims())
            .culprit(a[0].clone())
            .into());
    }
    with_flat(arr, F, |v| {
        for (k, &p) in v.iter().enumerate() {
            check_penalty(f64::from(p), &format!("{F} (arc {k})"), || a[0].clone())?;
        }
        let mut g = o.edit_penalties()?;
        for (x, &p) in g.x.iter_mut().zip(v) {
            *x = f64::from(p);
        }
        Ok(Value::Nil)
    })
}

/// `(==> g load-penalties array [scale])`: `x[a] = scale * flat[slot[a]]`
/// for every arc with a slot.
fn load_penalties(o: &GraphObj, a: &[Value]) -> Res {
    const F: &str = "graph load-penalties";
    let arr = args::array(a, 0, F)?;
    let scale = opt_factor_arg(a, 1, F, "the scale")?;
    with_flat(arr, F, |v| {
        let mut g = o.edit_penalties()?;
        sn_array::budget::reserve_items(F, g.narcs(), 8).map_err(Unwind::from)?;
        let old = g.x.clone();
        g.load_penalties(v)?;
        let mut bad = None;
        for e in 0..g.narcs() {
            if g.slot(e as u32) != NONE {
                g.x[e] *= scale;
                if g.x[e].is_nan() || g.x[e] == f64::NEG_INFINITY {
                    bad = bad.or(Some(e));
                }
            }
        }
        if let Some(e) = bad {
            let (s, p) = (g.slot(e as u32), g.x[e]);
            g.x = old;
            return Err(LispError::new(
                ErrorKind::Domain,
                format!("{F}: arc {e} would get the penalty {p} (slot {s}): a penalty must be a number or +inf"),
            )
            .culprit(a[0].clone())
            .into());
        }
        Ok(Value::Nil)
    })
}

/// `(==> g scatter-gradients array [scale])`: `flat[slot[a]] += scale *
/// dx[a]` for every arc with a slot.
fn scatter_gradients(o: &GraphObj, a: &[Value]) -> Res {
    const F: &str = "graph scatter-gradients";
    let arr = args::array(a, 0, F)?;
    let scale = opt_factor_arg(a, 1, F, "the scale")?;
    with_flat_mut(arr, F, |v| {
        if scale == 1.0 {
            o.graph()?.scatter_gradients(v)?;
            return Ok(Value::Nil);
        }
        let mut g = o.graph_mut()?;
        sn_array::budget::reserve_items(F, g.narcs(), 8).map_err(Unwind::from)?;
        let scaled: Vec<f64> = g.dx.iter().map(|d| d * scale).collect();
        let saved = std::mem::replace(&mut g.dx, scaled);
        let r = g.scatter_gradients(v);
        g.dx = saved;
        r?;
        Ok(Value::Nil)
    })
}

/// `(==> g copy)`: a new graph with the same nodes, arcs, penalties and
/// gradients.
fn copy(o: &GraphObj) -> Res {
    let g = o.graph()?;
    sn_array::budget::reserve_items("graph copy", g.narcs(), ARC_BYTES).map_err(Unwind::from)?;
    Ok(graph_value(g.clone()))
}
