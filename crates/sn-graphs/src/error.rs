//! Errors of graph construction and graph algorithms.

use thiserror::Error;

/// Everything that can go wrong when building or scoring a graph.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum GraphError {
    /// A node number outside `0..nnodes`.
    #[error("{op}: no node {node} (the graph has {nnodes} nodes)")]
    Node {
        /// The operation that failed.
        op: &'static str,
        /// The node number given.
        node: u64,
        /// The number of nodes of the graph.
        nnodes: usize,
    },
    /// An arc number outside `0..narcs`.
    #[error("{op}: no arc {arc} (the graph has {narcs} arcs)")]
    Arc {
        /// The operation that failed.
        op: &'static str,
        /// The arc number given.
        arc: u64,
        /// The number of arcs of the graph.
        narcs: usize,
    },
    /// The graph (or, for the second operand of a composition, the
    /// subgraph of its null arcs) has a cycle.
    #[error("{op}: the graph has a cycle{}", if *.null_arcs { " of null arcs" } else { "" })]
    Cycle {
        /// The operation that failed.
        op: &'static str,
        /// Whether the cycle is made of null arcs only.
        null_arcs: bool,
    },
    /// Arguments of inconsistent sizes (a gradient vector shorter than the
    /// arcs, a result applied to a graph it was not computed on...).
    #[error("{op}: {what}")]
    Shape {
        /// The operation that failed.
        op: &'static str,
        /// What does not fit.
        what: String,
    },
    /// No path from the start node to the end node (the penalty would be
    /// infinite).
    #[error("{op}: no path from the start node to the end node")]
    NoPath {
        /// The operation that failed.
        op: &'static str,
    },
    /// A request that does not fit in the memory budget, or more items
    /// than a graph may hold.
    #[error("{op}: {what}")]
    Memory {
        /// The operation that failed.
        op: &'static str,
        /// The budget's answer.
        what: String,
    },
}

impl GraphError {
    /// The memory error of `op` from the budget's answer.
    pub fn memory(op: &'static str, e: sn_array::ArrayError) -> GraphError {
        GraphError::Memory {
            op,
            what: e.to_string(),
        }
    }
}

/// Asks the memory budget for `n` items of `size` bytes, for `op`.
pub(crate) fn reserve(op: &'static str, n: usize, size: usize) -> Result<(), GraphError> {
    sn_array::budget::reserve_items(op, n, size).map_err(|e| GraphError::memory(op, e))
}
