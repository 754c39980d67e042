//! Graphs as Lisp values: the penalised graphs of `sn-graphs` (start
//! node, end node, arcs with a label, a penalty and its gradient, a data
//! index and a slot in an external penalty vector), made with `new-graph`
//! and driven with `==>`.

use std::cell::{Ref, RefCell, RefMut};

use sn_graphs::Graph;

use crate::builtins::modules::objects::{busy, obj_arg};
use crate::lisp::{args, Interp, Native, Res, Value};

/// A graph as a Lisp value.
pub struct GraphObj(pub RefCell<Graph>);

impl GraphObj {
    /// The graph, read-only.
    ///
    /// # Errors
    /// A graph busy in another operation of the same call.
    pub fn graph(&self) -> Res<Ref<'_, Graph>> {
        self.0.try_borrow().map_err(|_| busy("graph"))
    }

    /// The graph, for changing it.
    ///
    /// # Errors
    /// A graph busy in another operation of the same call.
    pub fn graph_mut(&self) -> Res<RefMut<'_, Graph>> {
        self.0.try_borrow_mut().map_err(|_| busy("graph"))
    }
}

/// A new Lisp graph holding `g`.
pub fn graph_value(g: Graph) -> Value {
    Value::native(GraphObj(RefCell::new(g)))
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
        match self.0.try_borrow() {
            Ok(g) => format!("::graph<{} nodes, {} arcs>", g.nnodes(), g.narcs()),
            Err(_) => "::graph".to_string(),
        }
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn send(&self, _it: &mut Interp, method: &str, _a: &[Value]) -> Option<Res> {
        let r = (|| {
            let g = self.graph()?;
            Ok(match method {
                "nnodes" => Value::Num(g.nnodes() as f64),
                "narcs" => Value::Num(g.narcs() as f64),
                "start" => Value::Num(g.start() as f64),
                "end" => Value::Num(g.end() as f64),
                _ => return Ok(Value::Nil),
            })
        })();
        Some(r)
    }
}

fn new_graph(_it: &mut Interp, a: &[Value]) -> Res {
    let n = args::usize(a, 0, "new-graph")?;
    Ok(graph_value(Graph::new(n)?))
}

/// Registers the graph builtins.
pub fn register(it: &mut Interp) {
    it.defn(
        "new-graph",
        1,
        Some(1),
        new_graph,
        "(new-graph nnodes) a graph of nnodes nodes (at least 1) and no arcs; its start node is 0 and its end node nnodes - 1",
    );
}
