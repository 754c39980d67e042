//! Graph transformers for sn: the graphs of LeCun, Bottou, Bengio and
//! Haffner (1998, sections V–VIII) and their algorithms, each with its
//! backward pass.
//!
//! * [`Graph`]: one start node, one end node, arcs with a label, a
//!   penalty `x[a]`, its gradient `dx[a]`, an optional data handle and an
//!   optional slot in an external penalty vector.
//! * [`viterbi`] and [`forward`] on a DAG: the best path's penalty and the
//!   log-added penalty of all paths, with gradients.
//! * [`compose`]: the composition of a graph with a grammar (an acceptor),
//!   materialised; its arcs remember the arcs of both operands.
//! * [`compose_forward`] and [`compose_viterbi`]: the same scores of the
//!   composition without building it, with gradients into both operands.
//! * [`expand`]: the interpretation graph of a segmentation graph for a
//!   recognizer of `n` classes (one arc per segment and class, its
//!   penalty slot in the recognizer's output).
//! * [`discriminative`]: the forward penalty of the graph constrained to
//!   the correct answer minus the forward penalty of the whole graph.
//!
//! Penalties: lower is better. A path's penalty is the sum of its arcs'
//! penalties; the forward penalty of a graph is
//! `-log Σ_paths exp(-penalty(path))`, computed stably. The gradient of the
//! Viterbi penalty is the indicator of the best path's arcs; that of the
//! forward penalty is each arc's posterior probability (the softmax of
//! `-penalty` over paths, summed over the paths through the arc).
//!
//! Labels are `u32`; the three largest values are reserved: [`NULL`],
//! [`WILD`], [`JUNK`] (see [`compose`] for their meaning).

mod compose;
mod compose_score;
mod error;
mod expand;
mod fastexp;
mod graph;
mod score;

pub use compose::{compose, Composition};
pub use compose_score::{
    compose_forward, compose_viterbi, discriminative, ComposeForward, ComposeViterbi, Criterion,
};
pub use error::GraphError;
pub use expand::expand;
pub use graph::{Adjacency, Graph, MAX_ITEMS};
pub use score::{forward, logadd, viterbi, Forward, Viterbi};

/// The null (epsilon) label: an arc that consumes nothing of the other
/// operand of a composition.
pub const NULL: u32 = u32::MAX;
/// The wildcard label: in the second operand of a composition, matches
/// any non-null label of the first; the composed arc takes the first
/// operand's label.
pub const WILD: u32 = u32::MAX - 1;
/// The junk label: in the second operand of a composition, matches any
/// non-null label of the first; the composed arc is labelled `JUNK` (the
/// input was consumed as meaningless). In the first operand it is an
/// ordinary label (e.g. a recognizer's junk class), matched by `JUNK`,
/// `WILD` and itself.
pub const JUNK: u32 = u32::MAX - 2;
/// "No data" / "no slot" / "no arc" in index fields.
pub const NONE: u32 = u32::MAX;
