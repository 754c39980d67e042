//! Penalised graphs: nodes, arcs with a label, a penalty, a gradient, an
//! optional data handle and an optional penalty slot.
//!
//! A graph has one start node and one end node; a path is a sequence of
//! arcs from the start node to the end node. Arcs are stored as parallel
//! vectors (structure of arrays); the penalties `x` and their gradients
//! `dx` are public vectors indexed by arc number, so that a caller can
//! write penalties in and read gradients out without copying arcs.
//!
//! The adjacency lists (arcs into and out of each node) and the
//! topological order are computed on first use and kept until the
//! structure changes (adding a node or an arc); changing penalties keeps
//! them.

use std::sync::OnceLock;

use crate::error::{reserve, GraphError};
use crate::NONE;

/// Most nodes or arcs a graph may hold (ids are `u32`; `u32::MAX` is
/// [`NONE`]).
pub const MAX_ITEMS: usize = (u32::MAX - 1) as usize;

/// A graph whose arcs carry a label, a penalty and its gradient.
#[derive(Clone, Debug)]
pub struct Graph {
    nnodes: usize,
    start: u32,
    end: u32,
    src: Vec<u32>,
    dst: Vec<u32>,
    label: Vec<u32>,
    data: Vec<u32>,
    slot: Vec<u32>,
    /// Arc penalties (lower is better), indexed by arc number.
    pub x: Vec<f64>,
    /// Gradients with respect to the arc penalties, accumulated by the
    /// backward passes; cleared by [`Graph::clear_gradients`].
    pub dx: Vec<f64>,
    adj: OnceLock<Adjacency>,
    order: OnceLock<Result<Vec<u32>, GraphError>>,
}

/// Arcs grouped by node (compressed rows): arcs into node `n` are
/// `in_arc[in_off[n]..in_off[n+1]]`, likewise out.
#[derive(Clone, Debug, Default)]
pub struct Adjacency {
    /// Row offsets of the arcs into each node (`nnodes + 1` entries).
    pub in_off: Vec<u32>,
    /// Arc numbers, grouped by destination node, increasing within a node.
    pub in_arc: Vec<u32>,
    /// Row offsets of the arcs out of each node (`nnodes + 1` entries).
    pub out_off: Vec<u32>,
    /// Arc numbers, grouped by source node, increasing within a node.
    pub out_arc: Vec<u32>,
}

impl Adjacency {
    /// The arcs into node `n`.
    #[inline]
    pub fn into(&self, n: u32) -> &[u32] {
        let n = n as usize;
        &self.in_arc[self.in_off[n] as usize..self.in_off[n + 1] as usize]
    }

    /// The arcs out of node `n`.
    #[inline]
    pub fn out_of(&self, n: u32) -> &[u32] {
        let n = n as usize;
        &self.out_arc[self.out_off[n] as usize..self.out_off[n + 1] as usize]
    }
}

impl Graph {
    /// A graph of `nnodes` nodes (at least 1) and no arcs; the start node
    /// is 0 and the end node `nnodes - 1`.
    ///
    /// # Errors
    /// `Memory` when the nodes do not fit in the budget or exceed
    /// [`MAX_ITEMS`]; `Node` when `nnodes` is 0.
    pub fn new(nnodes: usize) -> Result<Graph, GraphError> {
        const OP: &str = "graph";
        if nnodes == 0 {
            return Err(GraphError::Node {
                op: OP,
                node: 0,
                nnodes,
            });
        }
        check_items(OP, nnodes)?;
        reserve(OP, nnodes, 8)?;
        Ok(Graph {
            nnodes,
            start: 0,
            end: (nnodes - 1) as u32,
            src: Vec::new(),
            dst: Vec::new(),
            label: Vec::new(),
            data: Vec::new(),
            slot: Vec::new(),
            x: Vec::new(),
            dx: Vec::new(),
            adj: OnceLock::new(),
            order: OnceLock::new(),
        })
    }

    /// A linear acceptor of `labels`: `len + 1` nodes, one arc of penalty
    /// 0 per label.
    ///
    /// # Errors
    /// `Memory` when it does not fit in the budget.
    pub fn acceptor(labels: &[u32]) -> Result<Graph, GraphError> {
        let mut g = Graph::new(labels.len() + 1)?;
        g.reserve_arcs(labels.len())?;
        for (i, &l) in labels.iter().enumerate() {
            g.add_arc(i as u32, i as u32 + 1, l, 0.0)?;
        }
        Ok(g)
    }

    /// gtn's linear graph: `m + 1` nodes and `n` parallel arcs between
    /// consecutive nodes (labels `0..n`), penalties 0.
    ///
    /// # Errors
    /// `Memory` when it does not fit in the budget.
    pub fn linear(m: usize, n: usize) -> Result<Graph, GraphError> {
        let mut g = Graph::new(m.saturating_add(1))?;
        g.reserve_arcs(m.saturating_mul(n))?;
        for i in 0..m as u32 {
            for l in 0..n as u32 {
                g.add_arc(i, i + 1, l, 0.0)?;
            }
        }
        Ok(g)
    }

    /// Number of nodes.
    pub fn nnodes(&self) -> usize {
        self.nnodes
    }

    /// Number of arcs.
    pub fn narcs(&self) -> usize {
        self.src.len()
    }

    /// The start node.
    pub fn start(&self) -> u32 {
        self.start
    }

    /// The end node.
    pub fn end(&self) -> u32 {
        self.end
    }

    /// Makes `n` the start node.
    ///
    /// # Errors
    /// `Node` when `n` is not a node.
    pub fn set_start(&mut self, n: u32) -> Result<(), GraphError> {
        self.check_node("graph-set-start", n)?;
        self.start = n;
        Ok(())
    }

    /// Makes `n` the end node.
    ///
    /// # Errors
    /// `Node` when `n` is not a node.
    pub fn set_end(&mut self, n: u32) -> Result<(), GraphError> {
        self.check_node("graph-set-end", n)?;
        self.end = n;
        Ok(())
    }

    /// Adds a node; returns its number.
    ///
    /// # Errors
    /// `Memory` past [`MAX_ITEMS`] nodes.
    pub fn add_node(&mut self) -> Result<u32, GraphError> {
        check_items("graph-add-node", self.nnodes + 1)?;
        self.nnodes += 1;
        self.invalidate();
        Ok((self.nnodes - 1) as u32)
    }

    /// Makes room for `n` more arcs (asking the budget first).
    ///
    /// # Errors
    /// `Memory` when they do not fit.
    pub fn reserve_arcs(&mut self, n: usize) -> Result<(), GraphError> {
        const OP: &str = "graph-add-arc";
        check_items(OP, self.narcs().saturating_add(n))?;
        reserve(OP, n, ARC_BYTES)?;
        self.src.reserve(n);
        self.dst.reserve(n);
        self.label.reserve(n);
        self.data.reserve(n);
        self.slot.reserve(n);
        self.x.reserve(n);
        self.dx.reserve(n);
        Ok(())
    }

    /// Adds an arc `src -> dst` with `label` and `penalty` (no data, no
    /// slot, gradient 0); returns its number.
    ///
    /// # Errors
    /// `Node` when an end is not a node; `Memory` when it does not fit.
    pub fn add_arc(
        &mut self,
        src: u32,
        dst: u32,
        label: u32,
        penalty: f64,
    ) -> Result<u32, GraphError> {
        self.check_node("graph-add-arc", src)?;
        self.check_node("graph-add-arc", dst)?;
        if self.src.len() == self.src.capacity() {
            self.reserve_arcs(self.src.len().max(16))?;
        }
        self.src.push(src);
        self.dst.push(dst);
        self.label.push(label);
        self.data.push(NONE);
        self.slot.push(NONE);
        self.x.push(penalty);
        self.dx.push(0.0);
        self.invalidate();
        Ok((self.src.len() - 1) as u32)
    }

    /// Source nodes of the arcs, indexed by arc number.
    #[inline]
    pub(crate) fn srcs(&self) -> &[u32] {
        &self.src
    }

    /// Destination nodes of the arcs, indexed by arc number.
    #[inline]
    pub(crate) fn dsts(&self) -> &[u32] {
        &self.dst
    }

    /// Source node of arc `a`.
    #[inline]
    pub fn src(&self, a: u32) -> u32 {
        self.src[a as usize]
    }

    /// Destination node of arc `a`.
    #[inline]
    pub fn dst(&self, a: u32) -> u32 {
        self.dst[a as usize]
    }

    /// Label of arc `a`.
    #[inline]
    pub fn label(&self, a: u32) -> u32 {
        self.label[a as usize]
    }

    /// Data handle of arc `a` ([`NONE`] when it has none).
    #[inline]
    pub fn data(&self, a: u32) -> u32 {
        self.data[a as usize]
    }

    /// Penalty slot of arc `a` ([`NONE`] when it has none).
    #[inline]
    pub fn slot(&self, a: u32) -> u32 {
        self.slot[a as usize]
    }

    /// Sets the label of arc `a`.
    ///
    /// # Errors
    /// `Arc` when `a` is not an arc.
    pub fn set_label(&mut self, a: u32, label: u32) -> Result<(), GraphError> {
        self.check_arc("graph-set-label", a)?;
        self.label[a as usize] = label;
        Ok(())
    }

    /// Sets the data handle of arc `a` (an index the caller gives meaning
    /// to, e.g. an image segment; [`NONE`] for none). Composition copies
    /// the data of the first operand's arcs.
    ///
    /// # Errors
    /// `Arc` when `a` is not an arc.
    pub fn set_data(&mut self, a: u32, data: u32) -> Result<(), GraphError> {
        self.check_arc("graph-set-data", a)?;
        self.data[a as usize] = data;
        Ok(())
    }

    /// Points the penalty of arc `a` at element `slot` of an external
    /// vector (e.g. a recognizer's output state); see
    /// [`Graph::load_penalties`] and [`Graph::scatter_gradients`].
    ///
    /// # Errors
    /// `Arc` when `a` is not an arc.
    pub fn set_slot(&mut self, a: u32, slot: u32) -> Result<(), GraphError> {
        self.check_arc("graph-set-slot", a)?;
        self.slot[a as usize] = slot;
        Ok(())
    }

    /// Copies `ext[slot]` into the penalty of every arc that has a slot.
    ///
    /// # Errors
    /// `Shape` when a slot is outside `ext` (nothing is changed then).
    pub fn load_penalties(&mut self, ext: &[f32]) -> Result<(), GraphError> {
        self.check_slots("graph-load-penalties", ext.len())?;
        for (x, &s) in self.x.iter_mut().zip(&self.slot) {
            if s != NONE {
                *x = f64::from(ext[s as usize]);
            }
        }
        Ok(())
    }

    /// Adds the gradient of every arc that has a slot into `ext_dx[slot]`.
    ///
    /// # Errors
    /// `Shape` when a slot is outside `ext_dx` (nothing is changed then).
    pub fn scatter_gradients(&self, ext_dx: &mut [f32]) -> Result<(), GraphError> {
        self.check_slots("graph-scatter-gradients", ext_dx.len())?;
        for (&d, &s) in self.dx.iter().zip(&self.slot) {
            if s != NONE {
                ext_dx[s as usize] += d as f32;
            }
        }
        Ok(())
    }

    /// Sets every arc gradient to 0.
    pub fn clear_gradients(&mut self) {
        self.dx.iter_mut().for_each(|d| *d = 0.0);
    }

    /// The arcs into and out of each node (computed on first use).
    pub fn adjacency(&self) -> &Adjacency {
        self.adj.get_or_init(|| self.build_adjacency())
    }

    /// The nodes in a topological order (every arc goes from an earlier
    /// node to a later one), computed on first use: the node numbers
    /// themselves when every arc goes to a larger number (one pass over
    /// the arcs), else Kahn's algorithm.
    ///
    /// # Errors
    /// `Cycle` when the graph has a cycle; `Memory` when the order does
    /// not fit in the budget.
    pub fn topological_order(&self) -> Result<&[u32], GraphError> {
        if self.order.get().is_none() {
            reserve("graph-topological-order", self.nnodes, 12)?;
        }
        let r = self.order.get_or_init(|| {
            if numbered_in_order(&self.src, &self.dst) {
                return Ok((0..self.nnodes as u32).collect());
            }
            kahn(self.nnodes, self.adjacency(), &self.dst, |_| true).ok_or(GraphError::Cycle {
                op: "graph-topological-order",
                null_arcs: false,
            })
        });
        r.as_deref().map_err(Clone::clone)
    }

    /// A topological order of the subgraph of the arcs labelled
    /// [`NULL`](crate::NULL) (what composition needs of its second
    /// operand, which may have other cycles).
    ///
    /// # Errors
    /// `Cycle` when the null arcs make a cycle.
    pub fn null_order(&self) -> Result<Vec<u32>, GraphError> {
        reserve("graph-null-order", self.nnodes, 12)?;
        kahn(self.nnodes, self.adjacency(), &self.dst, |a| {
            self.label[a as usize] == crate::NULL
        })
        .ok_or(GraphError::Cycle {
            op: "compose",
            null_arcs: true,
        })
    }

    /// Drops the cached adjacency and topological order (the next
    /// algorithm rebuilds them); only useful to time that rebuilding.
    pub fn forget_index(&mut self) {
        self.invalidate();
    }

    /// Drops the cached topological order only (the next algorithm sorts
    /// the nodes again); only useful to time the sorting.
    pub fn forget_order(&mut self) {
        self.order = OnceLock::new();
    }

    /// Forgets the adjacency and the order after a structural change.
    fn invalidate(&mut self) {
        if self.adj.get().is_some() {
            self.adj = OnceLock::new();
        }
        if self.order.get().is_some() {
            self.order = OnceLock::new();
        }
    }

    fn build_adjacency(&self) -> Adjacency {
        let in_off = offsets(self.nnodes, &self.dst);
        let out_off = offsets(self.nnodes, &self.src);
        Adjacency {
            in_arc: group(&in_off, &self.dst),
            out_arc: group(&out_off, &self.src),
            in_off,
            out_off,
        }
    }

    fn check_node(&self, op: &'static str, n: u32) -> Result<(), GraphError> {
        if (n as usize) < self.nnodes {
            Ok(())
        } else {
            Err(GraphError::Node {
                op,
                node: u64::from(n),
                nnodes: self.nnodes,
            })
        }
    }

    fn check_arc(&self, op: &'static str, a: u32) -> Result<(), GraphError> {
        if (a as usize) < self.narcs() {
            Ok(())
        } else {
            Err(GraphError::Arc {
                op,
                arc: u64::from(a),
                narcs: self.narcs(),
            })
        }
    }

    fn check_slots(&self, op: &'static str, len: usize) -> Result<(), GraphError> {
        match self.slot.iter().find(|&&s| s != NONE && s as usize >= len) {
            Some(s) => Err(GraphError::Shape {
                op,
                what: format!("penalty slot {s} outside a vector of {len} elements"),
            }),
            None => Ok(()),
        }
    }
}

/// Bytes of one arc (five `u32`, two `f64`) plus its share of the
/// adjacency lists.
const ARC_BYTES: usize = 5 * 4 + 2 * 8 + 2 * 4;

fn check_items(op: &'static str, n: usize) -> Result<(), GraphError> {
    if n > MAX_ITEMS {
        return Err(GraphError::Memory {
            op,
            what: format!("more than {MAX_ITEMS} items"),
        });
    }
    Ok(())
}

/// Row offsets of `keys` counted per node (a counting sort's prefix sums).
fn offsets(nnodes: usize, keys: &[u32]) -> Vec<u32> {
    let mut off = vec![0u32; nnodes + 1];
    for &k in keys {
        off[k as usize + 1] += 1;
    }
    for i in 0..nnodes {
        off[i + 1] += off[i];
    }
    off
}

/// Arc numbers sorted (stably) by `keys`, whose row offsets are `off`.
fn group(off: &[u32], keys: &[u32]) -> Vec<u32> {
    let mut next = off.to_vec();
    let mut out = vec![0u32; keys.len()];
    for (a, &k) in keys.iter().enumerate() {
        out[next[k as usize] as usize] = a as u32;
        next[k as usize] += 1;
    }
    out
}

/// Whether every arc goes from a node to a larger-numbered one.
fn numbered_in_order(src: &[u32], dst: &[u32]) -> bool {
    src.chunks(1024)
        .zip(dst.chunks(1024))
        .all(|(s, d)| s.iter().zip(d).fold(true, |ok, (s, d)| ok & (s < d)))
}

/// Kahn's algorithm on the arcs for which `keep` holds; `None` on a cycle.
/// Ties are broken by node number (smallest first among the ready nodes
/// of a round), so the order is deterministic.
fn kahn(
    nnodes: usize,
    adj: &Adjacency,
    dst: &[u32],
    keep: impl Fn(u32) -> bool,
) -> Option<Vec<u32>> {
    let mut indeg = vec![0u32; nnodes];
    for (a, &d) in dst.iter().enumerate() {
        if keep(a as u32) {
            indeg[d as usize] += 1;
        }
    }
    let mut order: Vec<u32> = (0..nnodes as u32)
        .filter(|&n| indeg[n as usize] == 0)
        .collect();
    order.reserve(nnodes - order.len());
    let mut head = 0;
    while head < order.len() {
        let n = order[head];
        head += 1;
        for &a in adj.out_of(n) {
            if keep(a) {
                let d = dst[a as usize] as usize;
                indeg[d] -= 1;
                if indeg[d] == 0 {
                    order.push(d as u32);
                }
            }
        }
    }
    (order.len() == nnodes).then_some(order)
}
