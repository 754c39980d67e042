//! Viterbi and forward scoring of a DAG, and their backward passes.
//!
//! Both sweep the nodes in topological order, pulling over the arcs into
//! each node; the backward passes sweep in reverse order and add into a
//! gradient vector indexed by arc number.

use crate::error::{reserve, GraphError};
use crate::fastexp::{logadd_all, scaled_exp_add, scaled_exp_set, weighted_exp};
use crate::graph::Graph;
use crate::NONE;

/// `-log(exp(-a) + exp(-b))`: the log-addition of two penalties, stable
/// for any finite or infinite (`+inf` = impossible) arguments.
#[inline]
pub fn logadd(a: f64, b: f64) -> f64 {
    let (lo, hi) = if a < b { (a, b) } else { (b, a) };
    if hi == f64::INFINITY {
        return lo;
    }
    lo - (-(hi - lo)).exp().ln_1p()
}

/// The forward penalty of a graph and what its backward pass needs.
#[derive(Clone, Debug)]
pub struct Forward {
    /// `-log Σ exp(-penalty(path))` over the paths from start to end
    /// (`+inf` when there is none).
    pub penalty: f64,
    /// Forward penalty of the paths from the start to each node.
    pub alpha: Vec<f64>,
    narcs: usize,
}

/// The best path of a graph.
#[derive(Clone, Debug)]
pub struct Viterbi {
    /// Its penalty (`+inf` when there is no path).
    pub penalty: f64,
    /// Its arcs, from the start node to the end node (empty when there is
    /// no path, or when start = end).
    pub arcs: Vec<u32>,
    narcs: usize,
}

/// Forward scoring: the log-added penalty of all paths.
///
/// # Errors
/// `Cycle` when the graph is not a DAG; `Memory` when the node vector
/// does not fit in the budget.
pub fn forward(g: &Graph) -> Result<Forward, GraphError> {
    let order = g.topological_order()?;
    let adj = g.adjacency();
    let maxdeg = max_degree(&adj.in_off);
    reserve("graph-forward", g.nnodes() + maxdeg, 8)?;
    let mut alpha = vec![f64::INFINITY; g.nnodes()];
    let (x, src, arcs_in, start) = (&g.x[..], g.srcs(), &adj.in_arc[..], g.start());
    alpha[start as usize] = 0.0;
    // the penalties of the paths through each arc into the node
    let mut v = Vec::with_capacity(maxdeg);
    for &n in order {
        if n == start {
            continue;
        }
        let n = n as usize;
        let arcs = &arcs_in[adj.in_off[n] as usize..adj.in_off[n + 1] as usize];
        v.resize(arcs.len(), 0.0);
        if let Some(r) = contiguous(arcs) {
            // arcs a0, a0+1, …: slices instead of scattered accesses
            for ((t, &s), &x) in v.iter_mut().zip(&src[r.clone()]).zip(&x[r]) {
                *t = alpha[s as usize] + x;
            }
        } else {
            for (t, &a) in v.iter_mut().zip(arcs) {
                *t = alpha[src[a as usize] as usize] + x[a as usize];
            }
        }
        alpha[n] = logadd_all(&mut v);
    }
    Ok(Forward {
        penalty: alpha[g.end() as usize],
        alpha,
        narcs: g.narcs(),
    })
}

/// Whether a backward pass adds into the gradients or overwrites them.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Store {
    Add,
    Set,
}

impl Forward {
    /// Adds `d` times the gradient of the forward penalty into `dx` (one
    /// entry per arc of `g`): `d` times each arc's posterior probability.
    ///
    /// # Errors
    /// `Shape` when `g` or `dx` do not match the graph this was computed
    /// on; `Memory` when the node gradients do not fit.
    pub fn backward_into(&self, g: &Graph, d: f64, dx: &mut [f64]) -> Result<(), GraphError> {
        self.pass(g, d, dx, Store::Add)
    }

    /// Writes `d` times the gradient into `dx`, whatever it held (0 for
    /// the arcs on no path): what clearing `dx` and then
    /// [`Forward::backward_into`] give, without reading `dx` or writing it
    /// twice.
    ///
    /// # Errors
    /// As [`Forward::backward_into`].
    pub fn gradient_into(&self, g: &Graph, d: f64, dx: &mut [f64]) -> Result<(), GraphError> {
        self.pass(g, d, dx, Store::Set)
    }

    /// Adds `d` times the gradient into `g.dx`.
    ///
    /// # Errors
    /// As [`Forward::backward_into`].
    pub fn backward(&self, g: &mut Graph, d: f64) -> Result<(), GraphError> {
        let mut dx = std::mem::take(&mut g.dx);
        let r = self.backward_into(g, d, &mut dx);
        g.dx = dx;
        r
    }

    /// Sets `g.dx` to `d` times the gradient (as
    /// [`Graph::clear_gradients`] then [`Forward::backward`], in one pass).
    ///
    /// # Errors
    /// As [`Forward::backward_into`].
    pub fn set_gradients(&self, g: &mut Graph, d: f64) -> Result<(), GraphError> {
        let mut dx = std::mem::take(&mut g.dx);
        let r = self.gradient_into(g, d, &mut dx);
        g.dx = dx;
        r
    }

    /// The backward pass: each node's gradient is pulled from the nodes
    /// its arcs go to, `gn[s] = Σ_{a: s→t} gn[t] e^(α_t - α_s - x_a)`,
    /// each term being `d` times arc `a`'s posterior, stored into `dx[a]`.
    fn pass(&self, g: &Graph, d: f64, dx: &mut [f64], store: Store) -> Result<(), GraphError> {
        let op = "graph-forward-backward";
        check_sizes(op, self.narcs, g, dx.len(), self.alpha.len())?;
        if self.penalty == f64::INFINITY || d == 0.0 {
            if store == Store::Set {
                dx.fill(0.0);
            }
            return Ok(());
        }
        let (adj, order) = (g.adjacency(), g.topological_order()?);
        let maxdeg = max_degree(&adj.out_off);
        reserve(op, g.nnodes() + 2 * maxdeg, 8)?;
        let mut p = Pull {
            g,
            alpha: &self.alpha,
            gn: vec![0.0f64; g.nnodes()],
            t: Vec::with_capacity(maxdeg),
            w: Vec::with_capacity(maxdeg),
        };
        for &s in order.iter().rev() {
            let al = self.alpha[s as usize];
            if s == g.end() || al == f64::INFINITY {
                // no path through the arcs out of s
                if s == g.end() {
                    p.gn[s as usize] = d;
                }
                if store == Store::Set {
                    adj.out_of(s).iter().for_each(|&a| dx[a as usize] = 0.0);
                }
                continue;
            }
            p.gn[s as usize] = p.node(s, al, dx, store);
        }
        Ok(())
    }
}

/// The state of a backward pass of forward scoring.
struct Pull<'a> {
    g: &'a Graph,
    alpha: &'a [f64],
    /// The gradient of each node's forward penalty (final for the nodes
    /// after the current one in topological order).
    gn: Vec<f64>,
    /// Per arc out of the current node: exponent and weight of its term.
    t: Vec<f64>,
    w: Vec<f64>,
}

impl Pull<'_> {
    /// Stores `d` times the posteriors of the arcs out of `s` (forward
    /// penalty `al`) into `dx`; returns `s`'s gradient, their sum.
    fn node(&mut self, s: u32, al: f64, dx: &mut [f64], store: Store) -> f64 {
        let (g, alpha) = (self.g, self.alpha);
        let (adj, x, dst) = (g.adjacency(), &g.x[..], g.dsts());
        let out = adj.out_of(s);
        let r = contiguous(out);
        if let Some(r) = r.clone() {
            let n = dst[r.start] as usize;
            if contiguous(adj.into(n as u32)) == Some(r.clone()) {
                // arcs a0, a0+1, … all from s to n (n's arcs in are
                // exactly these): one weight, one pass over x and dx
                let (w, dx) = (self.gn[n], &mut dx[r.clone()]);
                if w == 0.0 {
                    // n leads nowhere (or α_n = +inf): no inf - inf
                    if store == Store::Set {
                        dx.fill(0.0);
                    }
                    return 0.0;
                }
                let c = alpha[n] - al;
                return match store {
                    Store::Add => scaled_exp_add(&x[r], c, w, dx),
                    Store::Set => scaled_exp_set(&x[r], c, w, dx),
                };
            }
        }
        self.t.resize(out.len(), 0.0);
        self.w.resize(out.len(), 0.0);
        let terms = (&mut self.t[..], &mut self.w[..]);
        if let Some(r) = r {
            // arcs a0, a0+1, …: slices instead of scattered accesses
            let arcs = dst[r.clone()].iter().zip(&x[r.clone()]);
            pull_terms(terms, al, alpha, &self.gn, arcs);
            let gs = weighted_exp(&mut self.t, &self.w);
            let (dx, t) = (&mut dx[r], &self.t[..]);
            match store {
                Store::Add => dx.iter_mut().zip(t).for_each(|(d, &p)| *d += p),
                Store::Set => dx.copy_from_slice(t),
            }
            gs
        } else {
            let arcs = out.iter().map(|&a| (&dst[a as usize], &x[a as usize]));
            pull_terms(terms, al, alpha, &self.gn, arcs);
            let gs = weighted_exp(&mut self.t, &self.w);
            for (&a, &p) in out.iter().zip(&self.t) {
                match store {
                    Store::Add => dx[a as usize] += p,
                    Store::Set => dx[a as usize] = p,
                }
            }
            gs
        }
    }
}

/// Viterbi: the path of least penalty (ties go to the arc of the
/// smallest number).
///
/// # Errors
/// `Cycle` when the graph is not a DAG; `Memory` when the node vectors do
/// not fit in the budget.
pub fn viterbi(g: &Graph) -> Result<Viterbi, GraphError> {
    let order = g.topological_order()?;
    reserve("graph-viterbi", g.nnodes(), 12)?;
    let adj = g.adjacency();
    let mut alpha = vec![f64::INFINITY; g.nnodes()];
    let mut best = vec![NONE; g.nnodes()];
    let (x, start) = (&g.x, g.start());
    alpha[start as usize] = 0.0;
    for &n in order {
        if n == start {
            continue;
        }
        let (mut m, mut b) = (f64::INFINITY, NONE);
        for &a in adj.into(n) {
            let v = alpha[g.src(a) as usize] + x[a as usize];
            if v < m {
                (m, b) = (v, a);
            }
        }
        alpha[n as usize] = m;
        best[n as usize] = b;
    }
    let penalty = alpha[g.end() as usize];
    let mut arcs = Vec::new();
    if penalty < f64::INFINITY {
        let mut n = g.end();
        while n != start {
            let a = best[n as usize];
            arcs.push(a);
            n = g.src(a);
        }
        arcs.reverse();
    }
    Ok(Viterbi {
        penalty,
        arcs,
        narcs: g.narcs(),
    })
}

impl Viterbi {
    /// Adds `d` into `dx[a]` for every arc `a` of the best path.
    ///
    /// # Errors
    /// `Shape` when `dx` does not match the graph this was computed on.
    pub fn backward_into(&self, d: f64, dx: &mut [f64]) -> Result<(), GraphError> {
        if dx.len() != self.narcs {
            return Err(shape("graph-viterbi-backward", self.narcs, dx.len()));
        }
        for &a in &self.arcs {
            dx[a as usize] += d;
        }
        Ok(())
    }

    /// Adds `d` into `g.dx` along the best path.
    ///
    /// # Errors
    /// As [`Viterbi::backward_into`].
    pub fn backward(&self, g: &mut Graph, d: f64) -> Result<(), GraphError> {
        self.backward_into(d, &mut g.dx)
    }

    /// The labels of the best path's arcs.
    pub fn labels(&self, g: &Graph) -> Vec<u32> {
        self.arcs.iter().map(|&a| g.label(a)).collect()
    }
}

/// The arcs into or out of a node as a range of arc numbers, when they are
/// consecutive (arc lists are increasing, so the ends tell).
fn contiguous(arcs: &[u32]) -> Option<std::ops::Range<usize>> {
    let (&a, &b) = (arcs.first()?, arcs.last()?);
    (b as usize - a as usize + 1 == arcs.len()).then_some(a as usize..b as usize + 1)
}

/// For each arc `s → n` of penalty `x` (given as `(n, x)`), the weight
/// `w = gn[n]` and the exponent `t = α_n - α_s - x` of its posterior
/// (`-inf` when `w` is 0, which also covers `α_n = +inf`: no `inf - inf`).
#[inline(always)]
fn pull_terms<'a>(
    (t, w): (&mut [f64], &mut [f64]),
    al: f64,
    alpha: &[f64],
    gn: &[f64],
    arcs: impl Iterator<Item = (&'a u32, &'a f64)>,
) {
    for ((t, w), (&n, &x)) in t.iter_mut().zip(w.iter_mut()).zip(arcs) {
        let n = n as usize;
        *w = gn[n];
        *t = if *w == 0.0 {
            f64::NEG_INFINITY
        } else {
            (alpha[n] - al) - x
        };
    }
}

/// The largest row of compressed-row offsets (the most arcs into, or out
/// of, one node).
fn max_degree(off: &[u32]) -> usize {
    off.windows(2)
        .map(|w| (w[1] - w[0]) as usize)
        .max()
        .unwrap_or(0)
}

fn shape(op: &'static str, want: usize, got: usize) -> GraphError {
    GraphError::Shape {
        op,
        what: format!("{got} gradients for a graph of {want} arcs"),
    }
}

fn check_sizes(
    op: &'static str,
    narcs: usize,
    g: &Graph,
    ndx: usize,
    nnodes: usize,
) -> Result<(), GraphError> {
    if g.narcs() != narcs || g.nnodes() != nnodes {
        return Err(GraphError::Shape {
            op,
            what: "the graph changed since it was scored".into(),
        });
    }
    if ndx != narcs {
        return Err(shape(op, narcs, ndx));
    }
    Ok(())
}
