//! Costs: energies of an output given class labels, averaged over the batch.

use crate::error::{count, reserve_f32, ModError, Result};
use crate::state::State;

/// A cost on a `[B × classes]` (or `[B × n]` for targets) output state;
/// `[B × classes × 1 × 1]` is read the same (see [`reads`]).
pub trait Cost: Send {
    /// The kind of cost.
    fn kind(&self) -> &'static str;
    /// Mean energy over the batch.
    ///
    /// # Errors
    /// `Shape` if the output does not fit, `Label` for a label out of range.
    fn fprop(&mut self, out: &State, labels: &[usize]) -> Result<f32>;
    /// `out.dx += ∂E/∂out` (after `fprop`).
    ///
    /// # Errors
    /// As `fprop`.
    fn bprop(&mut self, out: &mut State, labels: &[usize]) -> Result<()>;
    /// `out.ddx +=` the diagonal of `∂²E/∂out²` (after `fprop`).
    ///
    /// # Errors
    /// As `fprop`.
    fn bbprop(&mut self, out: &mut State, labels: &[usize]) -> Result<()>;
    /// The class the output of sample `b` votes for.
    ///
    /// # Errors
    /// `Shape` if the output is not `[B × width]`, `Label` (index) if `b`
    /// is not a sample of it.
    fn classify(&self, out: &State, b: usize) -> Result<usize>;
    /// Number of classes.
    fn classes(&self) -> usize;
    /// Width of the output it reads (outputs per sample).
    fn width(&self) -> usize {
        self.classes()
    }
    /// A copy (settings and workspace).
    fn clone_box(&self) -> Box<dyn Cost>;
}

/// Checks that `out` is `[B × width]` and `b` one of its samples; returns
/// sample `b`'s outputs.
fn sample_of<'a>(kind: &str, width: usize, out: &'a State, b: usize) -> Result<&'a [f32]> {
    if !reads(&out.dims, width) || out.x.len() != out.dims[0] * width {
        let batch = out.dims.first().copied().unwrap_or(1).max(1);
        return Err(ModError::shape(kind, &[batch, width], &out.dims));
    }
    if b >= out.dims[0] {
        return Err(ModError::Label {
            module: format!("{kind} (sample)"),
            label: b,
            classes: out.dims[0],
        });
    }
    Ok(&out.x[b * width..][..width])
}

/// Whether a cost of `width` reads an output of shape `dims`: `[B × width]`,
/// or `[B × width × 1 × 1]` (a convolutional recognizer's output on the
/// window it was made for, one position).
pub fn reads(dims: &[usize], width: usize) -> bool {
    dims.len() >= 2 && dims[1] == width && dims[2..].iter().all(|&d| d == 1)
}

fn check(kind: &str, width: usize, classes: usize, out: &State, labels: &[usize]) -> Result<()> {
    if !reads(&out.dims, width)
        || out.dims[0] != labels.len()
        || out.x.len() != labels.len() * width
    {
        return Err(ModError::shape(kind, &[labels.len(), width], &out.dims));
    }
    if let Some(&l) = labels.iter().find(|&&l| l >= classes) {
        return Err(ModError::Label {
            module: kind.to_string(),
            label: l,
            classes,
        });
    }
    Ok(())
}

fn argbest(v: &[f32], min: bool) -> usize {
    let mut best = 0;
    for (i, &x) in v.iter().enumerate() {
        if (min && x < v[best]) || (!min && x > v[best]) {
            best = i;
        }
    }
    best
}

/// Squared error to a per-class target vector: `E = ½‖x − t_label‖²`.
#[derive(Debug, Clone)]
pub struct SqErr {
    n: usize,
    classes: usize,
    targets: Vec<f32>,
}

impl SqErr {
    /// From `[classes × n]` targets.
    ///
    /// # Errors
    /// `Config` if the sizes do not match.
    pub fn new(n: usize, classes: usize, targets: Vec<f32>) -> Result<Self> {
        if n == 0 || classes == 0 || Some(targets.len()) != n.checked_mul(classes) {
            return Err(ModError::config("sqerr", "need classes x n target values"));
        }
        Ok(SqErr {
            n,
            classes,
            targets,
        })
    }

    /// Targets ±`hi` one-of-n (`hi` on the class, `-hi` elsewhere).
    ///
    /// # Errors
    /// `Config` for no class; `Memory` if the `classes²` targets do not fit
    /// in the memory budget.
    pub fn one_of_n(classes: usize, hi: f32) -> Result<Self> {
        if classes == 0 {
            return Err(ModError::config("sqerr", "need at least one class"));
        }
        let n = count("sqerr", &[classes, classes])?;
        reserve_f32("sqerr", n)?;
        let t = (0..n)
            .map(|i| if i / classes == i % classes { hi } else { -hi })
            .collect();
        Ok(SqErr {
            n: classes,
            classes,
            targets: t,
        })
    }

    fn target(&self, l: usize) -> &[f32] {
        &self.targets[l * self.n..][..self.n]
    }
}

impl Cost for SqErr {
    fn kind(&self) -> &'static str {
        "sqerr"
    }

    fn fprop(&mut self, out: &State, labels: &[usize]) -> Result<f32> {
        check("sqerr", self.n, self.classes, out, labels)?;
        let mut e = 0.0;
        for (x, &l) in out.x.chunks_exact(self.n).zip(labels) {
            e += x
                .iter()
                .zip(self.target(l))
                .map(|(a, t)| 0.5 * (a - t) * (a - t))
                .sum::<f32>();
        }
        Ok(e / labels.len().max(1) as f32)
    }

    fn bprop(&mut self, out: &mut State, labels: &[usize]) -> Result<()> {
        check("sqerr", self.n, self.classes, out, labels)?;
        let s = 1.0 / labels.len().max(1) as f32;
        for (b, &l) in labels.iter().enumerate() {
            let t = &self.targets[l * self.n..][..self.n];
            let x = &out.x[b * self.n..][..self.n];
            let d = &mut out.dx[b * self.n..][..self.n];
            for j in 0..self.n {
                d[j] += s * (x[j] - t[j]);
            }
        }
        Ok(())
    }

    fn bbprop(&mut self, out: &mut State, labels: &[usize]) -> Result<()> {
        check("sqerr", self.n, self.classes, out, labels)?;
        let s = 1.0 / labels.len().max(1) as f32;
        out.ddx.iter_mut().for_each(|v| *v += s);
        Ok(())
    }

    fn classify(&self, out: &State, b: usize) -> Result<usize> {
        let x = sample_of("sqerr", self.n, out, b)?;
        let d: Vec<f32> = (0..self.classes)
            .map(|c| {
                x.iter()
                    .zip(self.target(c))
                    .map(|(a, t)| (a - t) * (a - t))
                    .sum()
            })
            .collect();
        Ok(argbest(&d, true))
    }

    fn classes(&self) -> usize {
        self.classes
    }

    fn width(&self) -> usize {
        self.n
    }

    fn clone_box(&self) -> Box<dyn Cost> {
        Box::new(self.clone())
    }
}

/// The energy of the correct class on an RBF output: `E = y_label`;
/// the class is the one of least energy.
#[derive(Debug, Clone)]
pub struct RbfCost {
    classes: usize,
}

impl RbfCost {
    /// For `classes` RBF outputs.
    pub fn new(classes: usize) -> Self {
        RbfCost { classes }
    }
}

impl Cost for RbfCost {
    fn kind(&self) -> &'static str {
        "rbf-cost"
    }

    fn fprop(&mut self, out: &State, labels: &[usize]) -> Result<f32> {
        check("rbf-cost", self.classes, self.classes, out, labels)?;
        let e: f32 = labels
            .iter()
            .enumerate()
            .map(|(b, &l)| out.x[b * self.classes + l])
            .sum();
        Ok(e / labels.len().max(1) as f32)
    }

    fn bprop(&mut self, out: &mut State, labels: &[usize]) -> Result<()> {
        check("rbf-cost", self.classes, self.classes, out, labels)?;
        let s = 1.0 / labels.len().max(1) as f32;
        for (b, &l) in labels.iter().enumerate() {
            out.dx[b * self.classes + l] += s;
        }
        Ok(())
    }

    fn bbprop(&mut self, out: &mut State, labels: &[usize]) -> Result<()> {
        // linear in the output: no second-derivative term
        check("rbf-cost", self.classes, self.classes, out, labels)
    }

    fn classify(&self, out: &State, b: usize) -> Result<usize> {
        Ok(argbest(sample_of("rbf-cost", self.classes, out, b)?, true))
    }

    fn classes(&self) -> usize {
        self.classes
    }

    fn clone_box(&self) -> Box<dyn Cost> {
        Box::new(self.clone())
    }
}

/// Softmax followed by the negative log-likelihood of the label.
#[derive(Debug, Clone)]
pub struct SoftmaxCe {
    classes: usize,
    p: Vec<f32>,
}

impl SoftmaxCe {
    /// For `classes` outputs.
    pub fn new(classes: usize) -> Self {
        SoftmaxCe {
            classes,
            p: Vec::new(),
        }
    }
}

impl Cost for SoftmaxCe {
    fn kind(&self) -> &'static str {
        "softmax-ce"
    }

    fn fprop(&mut self, out: &State, labels: &[usize]) -> Result<f32> {
        check("softmax-ce", self.classes, self.classes, out, labels)?;
        crate::error::reserve_f32("softmax-ce", out.len().saturating_sub(self.p.len()))?;
        self.p.resize(out.len(), 0.0);
        let mut e = 0.0;
        for ((x, p), &l) in out
            .x
            .chunks_exact(self.classes)
            .zip(self.p.chunks_exact_mut(self.classes))
            .zip(labels)
        {
            let m = x.iter().cloned().fold(f32::NEG_INFINITY, f32::max);
            let mut z = 0.0;
            for (q, &v) in p.iter_mut().zip(x) {
                *q = (v - m).exp();
                z += *q;
            }
            p.iter_mut().for_each(|q| *q /= z);
            e += -(p[l].max(1e-30)).ln();
        }
        Ok(e / labels.len().max(1) as f32)
    }

    fn bprop(&mut self, out: &mut State, labels: &[usize]) -> Result<()> {
        check("softmax-ce", self.classes, self.classes, out, labels)?;
        if self.p.len() != out.len() {
            return Err(ModError::config("softmax-ce", "bprop before fprop"));
        }
        let s = 1.0 / labels.len().max(1) as f32;
        for (b, &l) in labels.iter().enumerate() {
            for i in 0..self.classes {
                let t = if i == l { 1.0 } else { 0.0 };
                out.dx[b * self.classes + i] += s * (self.p[b * self.classes + i] - t);
            }
        }
        Ok(())
    }

    fn bbprop(&mut self, out: &mut State, labels: &[usize]) -> Result<()> {
        check("softmax-ce", self.classes, self.classes, out, labels)?;
        if self.p.len() != out.len() {
            return Err(ModError::config("softmax-ce", "bbprop before fprop"));
        }
        let s = 1.0 / labels.len().max(1) as f32;
        for (d, &p) in out.ddx.iter_mut().zip(&self.p) {
            *d += s * p * (1.0 - p);
        }
        Ok(())
    }

    fn classify(&self, out: &State, b: usize) -> Result<usize> {
        Ok(argbest(
            sample_of("softmax-ce", self.classes, out, b)?,
            false,
        ))
    }

    fn classes(&self) -> usize {
        self.classes
    }

    fn clone_box(&self) -> Box<dyn Cost> {
        Box::new(self.clone())
    }
}
