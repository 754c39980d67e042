//! Expansion of a segmentation graph into an interpretation graph.
//!
//! In a segmentation graph each arc stands for a piece of the input (a
//! segment), named by its data index. A recognizer classifies every
//! segment into `nclasses` classes, giving a batch of `segments ×
//! nclasses` penalties. The interpretation graph has, for each arc of the
//! segmentation graph, one parallel arc per class, labelled with the
//! class and pointing (by its slot) at the recognizer's penalty of that
//! segment and class, so that [`Graph::load_penalties`] fills it from the
//! recognizer's output and [`Graph::scatter_gradients`] sends its
//! gradients back there.

use crate::error::GraphError;
use crate::graph::Graph;
use crate::NONE;

/// The interpretation graph of the segmentation graph `g` for a
/// recognizer of `nclasses` classes: the nodes, start and end of `g`;
/// every arc `a` of `g` (in order) becomes `nclasses` arcs with the same
/// ends, labelled `0..nclasses`, with `a`'s data and penalty and the slot
/// `data(a) * nclasses + class` (row `data(a)`, column `class` of a
/// row-major `segments × nclasses` array). Arc `a * nclasses + c` of the
/// result is class `c` of arc `a`.
///
/// # Errors
/// `Shape` when `nclasses` is 0, when an arc of `g` has no data, or when
/// a slot would not fit in a `u32`; `Memory` when the result does not
/// fit in the budget.
pub fn expand(g: &Graph, nclasses: usize) -> Result<Graph, GraphError> {
    const OP: &str = "graph-expand";
    if nclasses == 0 {
        return Err(GraphError::Shape {
            op: OP,
            what: "the number of classes must be at least 1".into(),
        });
    }
    let shape = |what: String| GraphError::Shape { op: OP, what };
    for a in 0..g.narcs() as u32 {
        let d = g.data(a);
        if d == NONE {
            return Err(shape(format!("arc {a} has no data (its segment index)")));
        }
        let last = (d as u64) * (nclasses as u64) + (nclasses as u64 - 1);
        if last >= u64::from(NONE) {
            return Err(shape(format!(
                "the slots of arc {a} (segment {d}, {nclasses} classes) overflow"
            )));
        }
    }
    let mut r = Graph::new(g.nnodes())?;
    r.set_start(g.start())?;
    r.set_end(g.end())?;
    r.reserve_arcs(g.narcs().saturating_mul(nclasses))?;
    for a in 0..g.narcs() as u32 {
        let d = g.data(a);
        for c in 0..nclasses as u32 {
            let e = r.add_arc(g.src(a), g.dst(a), c, g.x[a as usize])?;
            r.set_data(e, d)?;
            r.set_slot(e, d * nclasses as u32 + c)?;
        }
    }
    Ok(r)
}
