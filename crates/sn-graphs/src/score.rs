//! Viterbi and forward scoring of a DAG, and their backward passes.
//!
//! Both sweep the nodes in topological order, pulling over the arcs into
//! each node; the backward passes sweep in reverse order and add into a
//! gradient vector indexed by arc number.

use crate::error::{reserve, GraphError};
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
    let maxdeg = adj
        .in_off
        .windows(2)
        .map(|w| (w[1] - w[0]) as usize)
        .max()
        .unwrap_or(0);
    reserve("graph-forward", g.nnodes() + maxdeg, 8)?;
    let mut alpha = vec![f64::INFINITY; g.nnodes()];
    let (x, start) = (&g.x, g.start());
    alpha[start as usize] = 0.0;
    // the penalties of the paths through each arc into the node
    let mut v = Vec::with_capacity(maxdeg);
    for &n in order {
        if n == start {
            continue;
        }
        v.clear();
        v.extend(
            adj.into(n)
                .iter()
                .map(|&a| alpha[g.src(a) as usize] + x[a as usize]),
        );
        let m = v.iter().fold(f64::INFINITY, |m, &v| m.min(v));
        if m == f64::INFINITY {
            continue;
        }
        let s: f64 = v.iter().map(|&v| (m - v).exp()).sum();
        alpha[n as usize] = m - s.ln();
    }
    Ok(Forward {
        penalty: alpha[g.end() as usize],
        alpha,
        narcs: g.narcs(),
    })
}

impl Forward {
    /// Adds `d` times the gradient of the forward penalty into `dx` (one
    /// entry per arc of `g`): `d` times each arc's posterior probability.
    ///
    /// # Errors
    /// `Shape` when `g` or `dx` do not match the graph this was computed
    /// on; `Memory` when the node gradients do not fit.
    pub fn backward_into(&self, g: &Graph, d: f64, dx: &mut [f64]) -> Result<(), GraphError> {
        check_sizes(
            "graph-forward-backward",
            self.narcs,
            g,
            dx.len(),
            self.alpha.len(),
        )?;
        if self.penalty == f64::INFINITY || d == 0.0 {
            return Ok(());
        }
        reserve("graph-forward-backward", g.nnodes(), 8)?;
        let (adj, alpha, x) = (g.adjacency(), &self.alpha, &g.x);
        let mut gn = vec![0.0f64; g.nnodes()];
        gn[g.end() as usize] = d;
        for &n in g.topological_order()?.iter().rev() {
            let (w, an) = (gn[n as usize], alpha[n as usize]);
            if w == 0.0 || an == f64::INFINITY || n == g.start() {
                continue;
            }
            for &a in adj.into(n) {
                let s = g.src(a) as usize;
                let p = w * (an - alpha[s] - x[a as usize]).exp();
                dx[a as usize] += p;
                gn[s] += p;
            }
        }
        Ok(())
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
