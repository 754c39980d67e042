//! A compiled online iteration (present, forward, error, backward,
//! update) for nets whose non-linear functions are all built in: the fast
//! path of netenv's `learn` and `perf`.

use crate::error::{Result, UnitsError};
use crate::net::Net;
use crate::nlf::Nlf;
use crate::update::Scope;

/// One non-input layer with its functions.
#[derive(Debug, Clone)]
pub struct Stage {
    /// Units of the layer.
    pub units: Vec<u32>,
    /// Its non-linear function.
    pub nlf: Nlf,
    /// Its derivative.
    pub dnlf: Nlf,
}

/// Which weight rule a step uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// `update-weight`.
    Plain,
    /// `update-w-newton` after `update-lmggradient` with `gamma`.
    Newton,
}

/// The structure of a layered net: the input layer, the stages in forward
/// order (the last is the output), the desired layer.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The units a pattern's input is copied into.
    pub input: Vec<u32>,
    /// The non-input layers in forward order; at least one.
    pub stages: Vec<Stage>,
    /// The units holding the desired outputs, as many as the last stage's.
    pub desired: Vec<u32>,
    /// Every stage's units, concatenated (the scope of the weight update).
    all: Vec<u32>,
}

/// Scalars of one step.
#[derive(Debug, Clone, Copy)]
pub struct StepParams {
    /// Momentum: the part of the last change kept in the next one.
    pub alpha: f32,
    /// Weight decay: each update shrinks `sval` by this fraction of itself
    /// (times ε in the online rule of nets without shared weights).
    pub decay: f32,
    /// Standard deviation of the gaussian noise added to the weighted sums.
    pub theta: f32,
    /// Rate of the moving average `ssigma` of the second derivatives
    /// (Newton rule only).
    pub gamma: f32,
    /// The μ of the Newton rates `ε/(μ + |shess|)`.
    pub mu: f32,
    /// `Some(th)`: thresholded LMS cost.
    pub threshold: Option<f32>,
    /// The weight rule.
    pub rule: Rule,
}

impl Plan {
    /// A plan over units of `net`.
    ///
    /// # Errors
    /// Bad units, no stage, or a desired layer of another size than the
    /// output.
    pub fn new(net: &Net, input: Vec<u32>, stages: Vec<Stage>, desired: Vec<u32>) -> Result<Plan> {
        net.check_layer("plan", &input)?;
        net.check_layer("plan", &desired)?;
        let out = stages.last().ok_or(UnitsError::Shape {
            op: "plan",
            what: "no layer".into(),
        })?;
        if out.units.len() != desired.len() {
            let what = "desired layer and output layer differ in size".into();
            return Err(UnitsError::Shape { op: "plan", what });
        }
        let mut all = Vec::new();
        for s in &stages {
            net.check_layer("plan", &s.units)?;
            all.extend_from_slice(&s.units);
        }
        Ok(Plan {
            input,
            stages,
            desired,
            all,
        })
    }

    /// The output units.
    pub fn output(&self) -> &[u32] {
        self.stages
            .last()
            .map(|s| s.units.as_slice())
            .unwrap_or(&[])
    }

    /// Copies `x` into the input states.
    pub fn present(&self, net: &mut Net, x: &[f32]) {
        for (&u, &v) in self.input.iter().zip(x) {
            net.units.nval[u as usize] = v;
        }
    }

    /// Forward propagation of the current input.
    ///
    /// # Errors
    /// Bad units (only if the net changed after the plan was made).
    pub fn forward(
        &mut self,
        net: &mut Net,
        theta: f32,
        gauss: &mut dyn FnMut() -> f32,
    ) -> Result<()> {
        for s in &mut self.stages {
            net.update_state(theta, &mut s.nlf, &s.units, gauss)?;
        }
        Ok(())
    }

    /// Presents `d` as desired values, computes the output gradient and
    /// back-propagates; returns the cost `½Σ(d − x)²`.
    ///
    /// # Errors
    /// As [`Net::init_grad_lms`].
    pub fn backward(&mut self, net: &mut Net, d: &[f32], threshold: Option<f32>) -> Result<f64> {
        for (&u, &v) in self.desired.iter().zip(d) {
            net.units.nval[u as usize] = v;
        }
        let n = self.stages.len();
        let out = &mut self.stages[n - 1];
        let cost = net.init_grad_thlms(&mut out.dnlf, &out.units, &self.desired, threshold)?;
        for s in self.stages[..n - 1].iter_mut().rev() {
            net.update_gradient(&mut s.dnlf, &s.units)?;
        }
        Ok(cost)
    }

    /// One online iteration on input `x` and desired `d`; returns the cost.
    ///
    /// # Errors
    /// As the primitives it calls.
    pub fn step(
        &mut self,
        net: &mut Net,
        x: &[f32],
        d: &[f32],
        p: &StepParams,
        gauss: &mut dyn FnMut() -> f32,
    ) -> Result<f64> {
        self.present(net, x);
        self.forward(net, p.theta, gauss)?;
        let cost = self.backward(net, d, p.threshold)?;
        if !cost.is_finite() {
            // A NaN or infinite input, desired value or state: updating
            // would make every weight it reaches NaN.
            return Err(UnitsError::NotFinite {
                op: "learn",
                what: format!(
                    "the cost is {cost} (a NaN or infinite input, desired value or state): \
                     learning stopped before the weights changed"
                ),
            });
        }
        let scope = [self.all.as_slice()];
        match p.rule {
            Rule::Plain => net.update_weight(p.alpha, p.decay, Scope::Layers(&scope))?,
            Rule::Newton => {
                for s in self.stages.iter_mut().rev() {
                    net.update_lmggradient(&mut s.dnlf, p.gamma, &s.units)?;
                }
                net.update_w_newton(p.alpha, p.decay, p.mu, Scope::All)?
            }
        }
        Ok(cost)
    }

    /// The output states.
    pub fn outputs(&self, net: &Net) -> Vec<f32> {
        self.output()
            .iter()
            .map(|&u| net.units.nval[u as usize])
            .collect()
    }
}
