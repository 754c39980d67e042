//! Graphs as Lisp values: the penalised graphs of `sn-graphs` (start
//! node, end node, arcs with a label, a penalty and its gradient, a data
//! index and a slot in an external penalty vector), made with `new-graph`,
//! `graph-acceptor` and `graph-expand` and driven with `==>`; and the
//! graph transformers (`new-gt-viterbi` ...), objects with `fprop` and
//! `bprop` as the modules (see docs/graphs.md).

mod compose;
mod conv;
mod edit;
mod gt;
mod score;

use std::cell::{Cell, Ref, RefCell, RefMut};
use std::sync::atomic::{AtomicU64, Ordering};

use sn_graphs::Graph;

use crate::builtins::modules::objects::{busy, obj_arg};
use crate::lisp::error::LispError;
use crate::lisp::{args, Interp, Native, Res, Value};

/// What a transformer remembers of a graph it scored: which graph, and
/// the versions of its arcs and of its penalties then.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Stamp {
    id: u64,
    arcs: u64,
    penalties: u64,
}

/// A graph as a Lisp value, with a serial number and counters of the
/// changes of its structure and of its penalties (so that a transformer
/// can tell that a graph is the one it scored, unchanged).
pub struct GraphObj {
    cell: RefCell<Graph>,
    id: u64,
    arcs: Cell<u64>,
    penalties: Cell<u64>,
}

impl GraphObj {
    /// A graph object holding `g`.
    pub fn new(g: Graph) -> GraphObj {
        static SERIAL: AtomicU64 = AtomicU64::new(1);
        GraphObj {
            cell: RefCell::new(g),
            id: SERIAL.fetch_add(1, Ordering::Relaxed),
            arcs: Cell::new(0),
            penalties: Cell::new(0),
        }
    }

    /// The graph, read-only.
    ///
    /// # Errors
    /// A graph busy in another operation of the same call.
    pub fn graph(&self) -> Res<Ref<'_, Graph>> {
        self.cell.try_borrow().map_err(|_| busy("graph"))
    }

    /// The graph, for changing it (its gradients only: see
    /// [`GraphObj::edit_arcs`] and [`GraphObj::edit_penalties`]).
    ///
    /// # Errors
    /// A graph busy in another operation of the same call.
    pub fn graph_mut(&self) -> Res<RefMut<'_, Graph>> {
        self.cell.try_borrow_mut().map_err(|_| busy("graph"))
    }

    /// The graph, for changing its structure (nodes, arcs, start, end,
    /// labels, data, slots): what transformers scored before is stale.
    ///
    /// # Errors
    /// A graph busy in another operation of the same call.
    pub fn edit_arcs(&self) -> Res<RefMut<'_, Graph>> {
        let g = self.graph_mut()?;
        self.arcs.set(self.arcs.get() + 1);
        Ok(g)
    }

    /// The graph, for changing its penalties.
    ///
    /// # Errors
    /// A graph busy in another operation of the same call.
    pub fn edit_penalties(&self) -> Res<RefMut<'_, Graph>> {
        let g = self.graph_mut()?;
        self.penalties.set(self.penalties.get() + 1);
        Ok(g)
    }

    /// The graph's identity and change counters now.
    pub fn stamp(&self) -> Stamp {
        Stamp {
            id: self.id,
            arcs: self.arcs.get(),
            penalties: self.penalties.get(),
        }
    }
}

/// A new Lisp graph holding `g`.
pub fn graph_value(g: Graph) -> Value {
    Value::native(GraphObj::new(g))
}

/// Argument `i` of `f` as a graph.
///
/// # Errors
/// A type error naming `f` when the argument is not a graph.
pub fn graph_arg<'a>(a: &'a [Value], i: usize, f: &str) -> Res<&'a GraphObj> {
    obj_arg::<GraphObj>(a, i, f, "a graph (new-graph)")
}

impl Native for GraphObj {
    fn type_name(&self) -> &'static str {
        "graph"
    }
    fn methods(&self) -> &'static [crate::lisp::value::MethodDoc] {
        crate::builtins::methods::GRAPH
    }
    fn repr(&self) -> String {
        match self.cell.try_borrow() {
            Ok(g) => format!("::graph<{} nodes, {} arcs>", g.nnodes(), g.narcs()),
            Err(_) => "::graph".to_string(),
        }
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn send(&self, it: &mut Interp, method: &str, a: &[Value]) -> Option<Res> {
        edit::send(self, it, method, a)
    }
}

fn new_graph(_it: &mut Interp, a: &[Value]) -> Res {
    let n = args::usize(a, 0, "new-graph")?;
    Ok(graph_value(Graph::new(n)?))
}

fn graph_acceptor(_it: &mut Interp, a: &[Value]) -> Res {
    let labels = conv::labels_arg(a, 0, "graph-acceptor")?;
    Ok(graph_value(Graph::acceptor(&labels)?))
}

fn graph_expand(_it: &mut Interp, a: &[Value]) -> Res {
    const F: &str = "graph-expand";
    let g = graph_arg(a, 0, F)?;
    let n = args::usize(a, 1, F)?;
    let r = sn_graphs::expand(&*g.graph()?, n);
    let culprit = a[if n == 0 { 1 } else { 0 }].clone();
    r.map(graph_value)
        .map_err(|e| LispError::from(e).culprit(culprit).into())
}

/// Registers the graph builtins.
pub fn register(it: &mut Interp) {
    it.begin_family("graphs");
    it.defn(
        "new-graph",
        1,
        Some(1),
        new_graph,
        "(new-graph nnodes) a graph of nnodes nodes (at least 1) and no arcs; its start node is 0 and its end node nnodes - 1",
    );
    it.defn(
        "graph-acceptor",
        1,
        Some(1),
        graph_acceptor,
        "(graph-acceptor '(labels)) the linear acceptor of the labels: len+1 nodes, arc i from node i to i+1 with label i, penalty 0 (labels: integers, or null, wild, junk)",
    );
    it.defn(
        "graph-expand",
        2,
        Some(2),
        graph_expand,
        "(graph-expand g nclasses) the interpretation graph of segmentation graph g (each arc's data its segment index): every arc becomes nclasses parallel arcs labelled 0..nclasses-1, with the arc's data and penalty and slot data*nclasses + class (the element of a segments x nclasses recognizer output; arc a*nclasses+c is class c of arc a)",
    );
    gt::register(it);
}
