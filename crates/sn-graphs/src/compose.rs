//! Composition of a graph with a grammar (an acceptor).
//!
//! The composition of `a` (e.g. an interpretation graph) with `b` (e.g. a
//! grammar) has a path for every pair of a path of `a` and a path of `b`
//! whose label sequences match once their [`NULL`] arcs are dropped; its
//! penalty is the sum of both. Label matching:
//!
//! * a [`NULL`] arc of either operand moves that operand alone (the
//!   composed arc is labelled `NULL`);
//! * otherwise an arc of `a` labelled `la` and an arc of `b` labelled `lb`
//!   move together when `la == lb`, or when `lb` is [`WILD`] (the composed
//!   arc is labelled `la`) or [`JUNK`] (labelled `JUNK`). `WILD` and
//!   `JUNK` are patterns only in `b`; in `a` they are ordinary labels.
//!
//! A filter keeps exactly one composed path per pair of paths when both
//! operands have null arcs at the same place: null moves of `b` come
//! before null moves of `a` (a state remembers whether its last move was
//! a null move of `a`, after which `b` may not take a null move).
//!
//! `a` must be a DAG; `b` may have cycles, but not cycles of null arcs,
//! so that the composition is a DAG. Its states are ordered by `a`'s
//! topological order, then by the order of `b`'s null arcs, which makes
//! every sweep over the states a topological one.
//!
//! [`NULL`]: crate::NULL
//! [`WILD`]: crate::WILD
//! [`JUNK`]: crate::JUNK

use crate::error::{reserve, GraphError};
use crate::graph::{Adjacency, Graph};
use crate::{JUNK, NONE, NULL, WILD};

/// A move between states of the product: the arcs of `a` and `b` it
/// takes (either may be [`NONE`]), the state it reaches and its penalty.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Move {
    pub a: u32,
    pub b: u32,
    pub to: usize,
    pub pen: f64,
}

/// The implicit product of two graphs: states `(i, j, f)` numbered in a
/// topological order.
pub(crate) struct Product<'g> {
    pub a: &'g Graph,
    pub b: &'g Graph,
    order_a: &'g [u32],
    order_b: Vec<u32>,
    pos_a: Vec<u32>,
    pos_b: Vec<u32>,
    adj_a: &'g Adjacency,
    adj_b: &'g Adjacency,
    nstates: usize,
}

impl<'g> Product<'g> {
    /// The product of `a` (a DAG) and `b` (no null cycles); asks the
    /// budget for `state_bytes` per state on behalf of the caller.
    pub fn new(
        op: &'static str,
        a: &'g Graph,
        b: &'g Graph,
        state_bytes: usize,
    ) -> Result<Product<'g>, GraphError> {
        let order_a = a.topological_order()?;
        let order_b = b.null_order()?;
        let nstates = a
            .nnodes()
            .checked_mul(b.nnodes())
            .and_then(|n| n.checked_mul(2))
            .ok_or(GraphError::Memory {
                op,
                what: "too many states".into(),
            })?;
        reserve(op, nstates, state_bytes)?;
        Ok(Product {
            a,
            b,
            order_a,
            pos_a: positions(order_a),
            pos_b: positions(&order_b),
            order_b,
            adj_a: a.adjacency(),
            adj_b: b.adjacency(),
            nstates,
        })
    }

    /// Number of states (reachable or not).
    pub fn nstates(&self) -> usize {
        self.nstates
    }

    /// The state of nodes `i` of `a`, `j` of `b`, filter flag `f`.
    #[inline]
    pub fn state(&self, i: u32, j: u32, f: usize) -> usize {
        (self.pos_a[i as usize] as usize * self.b.nnodes() + self.pos_b[j as usize] as usize) * 2
            + f
    }

    /// The start state.
    pub fn start(&self) -> usize {
        self.state(self.a.start(), self.b.start(), 0)
    }

    /// The two end states (filter flag 0 and 1).
    pub fn ends(&self) -> [usize; 2] {
        let e = self.state(self.a.end(), self.b.end(), 0);
        [e, e + 1]
    }

    /// Calls `emit` for every move out of state `s`. No move leaves the
    /// end states: no path from them can come back (`a` is a DAG, `b`'s
    /// null arcs have no cycle).
    #[inline]
    pub fn moves(&self, s: usize, mut emit: impl FnMut(Move)) {
        let (p, f) = (s / 2, s % 2);
        let nb = self.b.nnodes();
        let i = self.order_a[p / nb];
        let j = self.order_b[p % nb];
        let (a, b) = (self.a, self.b);
        if i == a.end() && j == b.end() {
            return;
        }
        let outb = self.adj_b.out_of(j);
        for &ea in self.adj_a.out_of(i) {
            let (la, pa, ia) = (a.label(ea), a.x[ea as usize], a.dst(ea));
            if la == NULL {
                let to = self.state(ia, j, 1);
                emit(Move {
                    a: ea,
                    b: NONE,
                    to,
                    pen: pa,
                });
                continue;
            }
            for &eb in outb {
                let lb = b.label(eb);
                if lb != NULL && (lb == la || lb == WILD || lb == JUNK) {
                    let to = self.state(ia, b.dst(eb), 0);
                    emit(Move {
                        a: ea,
                        b: eb,
                        to,
                        pen: pa + b.x[eb as usize],
                    });
                }
            }
        }
        if f == 0 {
            for &eb in outb {
                if b.label(eb) == NULL {
                    let to = self.state(i, b.dst(eb), 0);
                    emit(Move {
                        a: NONE,
                        b: eb,
                        to,
                        pen: b.x[eb as usize],
                    });
                }
            }
        }
    }

    /// The label of the composed arc of move `m`.
    pub fn label(&self, m: &Move) -> u32 {
        if m.a == NONE || m.b == NONE {
            return NULL;
        }
        match self.b.label(m.b) {
            WILD => self.a.label(m.a),
            lb => lb,
        }
    }
}

/// `pos[order[k]] = k`.
fn positions(order: &[u32]) -> Vec<u32> {
    let mut pos = vec![0u32; order.len()];
    for (k, &n) in order.iter().enumerate() {
        pos[n as usize] = k as u32;
    }
    pos
}

/// A materialised composition: the graph and, for each of its arcs, the
/// arcs of the operands it came from ([`NONE`] for the operand that did
/// not move).
#[derive(Clone, Debug)]
pub struct Composition {
    /// The composed graph (trimmed: every node is on a path from the start
    /// to the end; nodes are numbered in a topological order). Arc data
    /// are copied from `a`'s arcs; arcs have no slots.
    pub graph: Graph,
    /// For each composed arc, the arc of `a` it came from.
    pub from_a: Vec<u32>,
    /// For each composed arc, the arc of `b` it came from.
    pub from_b: Vec<u32>,
}

/// Composes `a` with `b` (see the module documentation for label
/// matching and the null filter).
///
/// # Errors
/// `Cycle` when `a` has a cycle or `b` a cycle of null arcs; `Memory` when
/// the product's states or the result do not fit in the budget.
pub fn compose(a: &Graph, b: &Graph) -> Result<Composition, GraphError> {
    let p = Product::new("compose", a, b, 6)?;
    let live = live_states(&p);
    let ends = p.ends();
    let mut ids = vec![NONE; p.nstates()];
    let mut n = 0u32;
    for (s, id) in ids.iter_mut().enumerate() {
        if live[s] == 3 && s != ends[1] {
            *id = n;
            n += 1;
        }
    }
    if live[ends[1]] == 3 {
        if live[ends[0]] != 3 {
            ids[ends[0]] = n;
            n += 1;
        }
        ids[ends[1]] = ids[ends[0]];
    }
    if live[p.start()] != 3 {
        let graph = Graph::new(2)?;
        return Ok(Composition {
            graph,
            from_a: Vec::new(),
            from_b: Vec::new(),
        });
    }
    let mut graph = Graph::new(n as usize)?;
    graph.set_start(ids[p.start()])?;
    graph.set_end(ids[ends[0]])?;
    let (mut from_a, mut from_b) = (Vec::new(), Vec::new());
    let mut err = None;
    for s in (0..p.nstates()).filter(|&s| live[s] == 3) {
        p.moves(s, |m| {
            if live[m.to] != 3 || err.is_some() {
                return;
            }
            match graph.add_arc(ids[s], ids[m.to], p.label(&m), m.pen) {
                Ok(r) => {
                    if m.a != NONE {
                        graph.set_data(r, a.data(m.a)).expect("arc just added");
                    }
                    from_a.push(m.a);
                    from_b.push(m.b);
                }
                Err(e) => err = Some(e),
            }
        });
    }
    match err {
        Some(e) => Err(e),
        None => Ok(Composition {
            graph,
            from_a,
            from_b,
        }),
    }
}

/// For each state: bit 1 when reachable from the start, bit 2 when it
/// reaches an end state.
fn live_states(p: &Product) -> Vec<u8> {
    let mut live = vec![0u8; p.nstates()];
    live[p.start()] = 1;
    for s in 0..p.nstates() {
        if live[s] & 1 != 0 {
            p.moves(s, |m| live[m.to] |= 1);
        }
    }
    for e in p.ends() {
        live[e] |= 2 & (live[e] << 1);
    }
    for s in (0..p.nstates()).rev() {
        if live[s] != 1 {
            continue;
        }
        let mut co = false;
        p.moves(s, |m| co |= live[m.to] == 3);
        if co {
            live[s] = 3;
        }
    }
    live
}

impl Composition {
    /// Recomputes the composed penalties from the operands' current
    /// penalties (after a recognizer changed `a`'s), keeping the structure.
    ///
    /// # Errors
    /// `Shape` when an operand has fewer arcs than the composition refers to.
    pub fn refresh(&mut self, a: &Graph, b: &Graph) -> Result<(), GraphError> {
        self.check("compose-refresh", a.narcs(), b.narcs())?;
        for (r, x) in self.graph.x.iter_mut().enumerate() {
            let (ea, eb) = (self.from_a[r], self.from_b[r]);
            *x = side(&a.x, ea) + side(&b.x, eb);
        }
        Ok(())
    }

    /// Adds the gradients `dx` of the composed arcs into the arcs they
    /// came from: `dxa` for `a`, `dxb` (when given) for `b`.
    ///
    /// # Errors
    /// `Shape` when a vector does not match.
    pub fn backward_into(
        &self,
        dx: &[f64],
        dxa: &mut [f64],
        mut dxb: Option<&mut [f64]>,
    ) -> Result<(), GraphError> {
        let nb = dxb.as_ref().map_or(usize::MAX, |v| v.len());
        self.check("compose-backward", dxa.len(), nb)?;
        if dx.len() != self.from_a.len() {
            return Err(GraphError::Shape {
                op: "compose-backward",
                what: format!(
                    "{} gradients for {} composed arcs",
                    dx.len(),
                    self.from_a.len()
                ),
            });
        }
        for (r, &d) in dx.iter().enumerate() {
            if self.from_a[r] != NONE {
                dxa[self.from_a[r] as usize] += d;
            }
            if let (Some(v), eb) = (dxb.as_deref_mut(), self.from_b[r]) {
                if eb != NONE {
                    v[eb as usize] += d;
                }
            }
        }
        Ok(())
    }

    /// Adds the composed graph's `dx` into `a.dx` and `b.dx`.
    ///
    /// # Errors
    /// As [`Composition::backward_into`].
    pub fn backward(&self, a: &mut Graph, b: &mut Graph) -> Result<(), GraphError> {
        self.backward_into(&self.graph.dx, &mut a.dx, Some(&mut b.dx))
    }

    fn check(&self, op: &'static str, na: usize, nb: usize) -> Result<(), GraphError> {
        let bad = |v: &[u32], n: usize| v.iter().any(|&e| e != NONE && e as usize >= n);
        if bad(&self.from_a, na) || bad(&self.from_b, nb) {
            return Err(GraphError::Shape {
                op,
                what: "an operand has fewer arcs than the composition uses".into(),
            });
        }
        Ok(())
    }
}

#[inline]
fn side(x: &[f64], e: u32) -> f64 {
    if e == NONE {
        0.0
    } else {
        x[e as usize]
    }
}
