//! Scores of a composition computed without building it (Lush's
//! `g-compose-forward` and `g-compose-viterbi`), their backward passes
//! into both operands, and the discriminative forward criterion.
//!
//! The sweeps run over the product's states in their topological order
//! (see [`compose`](crate::compose)), keeping one penalty per state: the
//! memory is `8 × 2 × nodes(a) × nodes(b)` bytes, never the composed arcs.

use crate::compose::{Move, Product};
use crate::error::GraphError;
use crate::graph::Graph;
use crate::score::{forward, logadd, Forward};
use crate::NONE;

/// The forward penalty of `a ∘ b` and the state penalties its backward
/// pass needs.
#[derive(Clone, Debug)]
pub struct ComposeForward {
    /// `-log Σ exp(-penalty)` over the paths of the composition (`+inf`
    /// when it has none).
    pub penalty: f64,
    alpha: Vec<f64>,
}

/// The best path of `a ∘ b`.
#[derive(Clone, Debug)]
pub struct ComposeViterbi {
    /// Its penalty (`+inf` when the composition has no path).
    pub penalty: f64,
    /// For each of its arcs, the arc of `a` it takes ([`NONE`] for a null
    /// move of `b`), from start to end.
    pub arcs_a: Vec<u32>,
    /// For each of its arcs, the arc of `b` it takes ([`NONE`] for a null
    /// move of `a`).
    pub arcs_b: Vec<u32>,
    /// For each of its arcs, the composed label (as [`compose`](crate::compose)
    /// would label it).
    pub labels: Vec<u32>,
}

/// The forward penalty of the composition of `a` with `b`.
///
/// # Errors
/// As [`compose`](crate::compose).
pub fn compose_forward(a: &Graph, b: &Graph) -> Result<ComposeForward, GraphError> {
    let p = Product::new("compose-forward", a, b, 16)?;
    let mut alpha = vec![f64::INFINITY; p.nstates()];
    alpha[p.start()] = 0.0;
    for s in 0..p.nstates() {
        let al = alpha[s];
        if al < f64::INFINITY {
            p.moves(s, |m| alpha[m.to] = logadd(alpha[m.to], al + m.pen));
        }
    }
    let [e0, e1] = p.ends();
    Ok(ComposeForward {
        penalty: logadd(alpha[e0], alpha[e1]),
        alpha,
    })
}

impl ComposeForward {
    /// Adds `d` times the gradient of the forward penalty with respect to
    /// the penalties of `a` into `dxa` and, when given, of `b` into `dxb`:
    /// each arc's posterior probability in the composition.
    ///
    /// # Errors
    /// `Shape` when the graphs or vectors do not match; `Memory` when the
    /// backward penalties do not fit.
    pub fn backward_into(
        &self,
        a: &Graph,
        b: &Graph,
        d: f64,
        dxa: &mut [f64],
        mut dxb: Option<&mut [f64]>,
    ) -> Result<(), GraphError> {
        const OP: &str = "compose-forward-backward";
        let p = Product::new(OP, a, b, 8)?;
        check(
            OP,
            &p,
            self.alpha.len(),
            dxa.len(),
            dxb.as_ref().map(|v| v.len()),
        )?;
        if self.penalty == f64::INFINITY || d == 0.0 {
            return Ok(());
        }
        let mut beta = vec![f64::INFINITY; p.nstates()];
        let ends = p.ends();
        for e in ends {
            beta[e] = 0.0;
        }
        for s in (0..p.nstates()).rev() {
            let al = self.alpha[s];
            if al == f64::INFINITY || ends.contains(&s) {
                continue;
            }
            let mut bs = f64::INFINITY;
            p.moves(s, |m| {
                let bt = beta[m.to];
                if bt == f64::INFINITY {
                    return;
                }
                bs = logadd(bs, m.pen + bt);
                let post = d * (self.penalty - al - m.pen - bt).exp();
                add(dxa, m.a, post);
                if let Some(v) = dxb.as_deref_mut() {
                    add(v, m.b, post);
                }
            });
            beta[s] = bs;
        }
        Ok(())
    }

    /// Adds `d` times the gradient into `a.dx` and `b.dx`.
    ///
    /// # Errors
    /// As [`ComposeForward::backward_into`].
    pub fn backward(&self, a: &mut Graph, b: &mut Graph, d: f64) -> Result<(), GraphError> {
        let mut dxa = std::mem::take(&mut a.dx);
        let mut dxb = std::mem::take(&mut b.dx);
        let r = self.backward_into(a, b, d, &mut dxa, Some(&mut dxb));
        a.dx = dxa;
        b.dx = dxb;
        r
    }
}

/// The best path of the composition of `a` with `b`.
///
/// # Errors
/// As [`compose`](crate::compose).
pub fn compose_viterbi(a: &Graph, b: &Graph) -> Result<ComposeViterbi, GraphError> {
    let p = Product::new("compose-viterbi", a, b, 24)?;
    let mut alpha = vec![f64::INFINITY; p.nstates()];
    let mut back: Vec<(usize, Move)> = vec![
        (
            usize::MAX,
            Move {
                a: NONE,
                b: NONE,
                to: 0,
                pen: 0.0
            }
        );
        p.nstates()
    ];
    alpha[p.start()] = 0.0;
    for s in 0..p.nstates() {
        let al = alpha[s];
        if al < f64::INFINITY {
            p.moves(s, |m| {
                if al + m.pen < alpha[m.to] {
                    alpha[m.to] = al + m.pen;
                    back[m.to] = (s, m);
                }
            });
        }
    }
    let [e0, e1] = p.ends();
    let mut s = if alpha[e1] < alpha[e0] { e1 } else { e0 };
    let mut out = ComposeViterbi {
        penalty: alpha[s],
        arcs_a: Vec::new(),
        arcs_b: Vec::new(),
        labels: Vec::new(),
    };
    if out.penalty < f64::INFINITY {
        while s != p.start() {
            let (from, m) = back[s];
            out.arcs_a.push(m.a);
            out.arcs_b.push(m.b);
            out.labels.push(p.label(&m));
            s = from;
        }
        out.arcs_a.reverse();
        out.arcs_b.reverse();
        out.labels.reverse();
    }
    Ok(out)
}

impl ComposeViterbi {
    /// Adds `d` into the gradients of the arcs of `a` (into `dxa`) and of
    /// `b` (into `dxb` when given) that the best path takes.
    ///
    /// # Errors
    /// `Shape` when an arc is outside its vector.
    pub fn backward_into(
        &self,
        d: f64,
        dxa: &mut [f64],
        mut dxb: Option<&mut [f64]>,
    ) -> Result<(), GraphError> {
        let outside = |v: &[u32], n: usize| v.iter().any(|&e| e != NONE && e as usize >= n);
        if outside(&self.arcs_a, dxa.len())
            || dxb.as_ref().is_some_and(|v| outside(&self.arcs_b, v.len()))
        {
            return Err(GraphError::Shape {
                op: "compose-viterbi-backward",
                what: "a gradient vector is too short".into(),
            });
        }
        for (&ea, &eb) in self.arcs_a.iter().zip(&self.arcs_b) {
            add(dxa, ea, d);
            if let Some(v) = dxb.as_deref_mut() {
                add(v, eb, d);
            }
        }
        Ok(())
    }
}

/// The discriminative forward criterion of one example.
#[derive(Clone, Debug)]
pub struct Criterion {
    /// Forward penalty of `a ∘ answer` minus forward penalty of `a`: the
    /// negative log-probability of the correct answer (≥ 0 when `answer`
    /// is deterministic, i.e. matches each label sequence once).
    pub loss: f64,
    /// The constrained forward penalty.
    pub constrained: ComposeForward,
    /// The free forward penalty.
    pub free: Forward,
}

/// The discriminative forward criterion (LeCun et al. 1998, section VI):
/// the forward penalty of the interpretations `a` composed with the
/// acceptor of the correct answer, minus the forward penalty of `a`.
///
/// # Errors
/// `NoPath` when no path of `a` matches `answer` (the loss would be
/// infinite); otherwise as [`compose`](crate::compose) and [`forward`].
pub fn discriminative(a: &Graph, answer: &Graph) -> Result<Criterion, GraphError> {
    let constrained = compose_forward(a, answer)?;
    if constrained.penalty == f64::INFINITY {
        return Err(GraphError::NoPath {
            op: "discriminative",
        });
    }
    let free = forward(a)?;
    Ok(Criterion {
        loss: constrained.penalty - free.penalty,
        constrained,
        free,
    })
}

impl Criterion {
    /// Adds `d` times the gradient of the loss with respect to the
    /// penalties of `a` into `dxa`: the arc's posterior under the
    /// constraint minus its posterior in the whole graph.
    ///
    /// # Errors
    /// `Shape` when the graphs or `dxa` do not match.
    pub fn backward_into(
        &self,
        a: &Graph,
        answer: &Graph,
        d: f64,
        dxa: &mut [f64],
    ) -> Result<(), GraphError> {
        self.constrained.backward_into(a, answer, d, dxa, None)?;
        self.free.backward_into(a, -d, dxa)
    }

    /// Adds `d` times the gradient into `a.dx`.
    ///
    /// # Errors
    /// As [`Criterion::backward_into`].
    pub fn backward(&self, a: &mut Graph, answer: &Graph, d: f64) -> Result<(), GraphError> {
        let mut dx = std::mem::take(&mut a.dx);
        let r = self.backward_into(a, answer, d, &mut dx);
        a.dx = dx;
        r
    }
}

#[inline]
fn add(v: &mut [f64], e: u32, d: f64) {
    if e != NONE {
        v[e as usize] += d;
    }
}

fn check(
    op: &'static str,
    p: &Product,
    nalpha: usize,
    na: usize,
    nb: Option<usize>,
) -> Result<(), GraphError> {
    if nalpha != p.nstates() || na != p.a.narcs() || nb.is_some_and(|n| n != p.b.narcs()) {
        return Err(GraphError::Shape {
            op,
            what: "graphs or gradient vectors differ from those scored".into(),
        });
    }
    Ok(())
}
