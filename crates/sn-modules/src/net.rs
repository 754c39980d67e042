//! A trainable network: a parameter pool, a sequence of modules, a cost,
//! and its input and output states.

use crate::cost::Cost;
use crate::data::Dataset;
use crate::error::{ModError, Result};
use crate::module::{check_pool, Ctx, Module, Shape};
use crate::modules::Seq;
use crate::pool::Pool;
use crate::rng::Rng;
use crate::state::State;

/// A network.
pub struct Net {
    /// A name (used in files and messages).
    pub name: String,
    /// All parameters.
    pub pool: Pool,
    /// The modules.
    pub seq: Seq,
    /// The cost.
    pub cost: Box<dyn Cost>,
    /// Shape of one input sample.
    pub in_shape: Vec<usize>,
    /// Input state (batch first).
    pub input: State,
    /// Output state.
    pub output: State,
    /// Labels of the current batch.
    pub labels: Vec<usize>,
    /// Use the parallel kernels.
    pub par: bool,
}

impl Net {
    /// A network from its parts.
    pub fn new(name: &str, pool: Pool, seq: Seq, cost: Box<dyn Cost>, in_shape: &[usize]) -> Self {
        Net {
            name: name.to_string(),
            pool,
            seq,
            cost,
            in_shape: in_shape.to_vec(),
            input: State::default(),
            output: State::default(),
            labels: Vec::new(),
            par: false,
        }
    }

    /// Re-initialises all parameters from `seed`.
    ///
    /// # Errors
    /// `Config` if the pool does not hold the modules' parameters.
    pub fn forget(&mut self, seed: u64) -> Result<()> {
        self.forget_with(&mut Rng::new(seed))
    }

    /// Re-initialises all parameters with `rng` (and its rule).
    ///
    /// # Errors
    /// `Config` if the pool does not hold the modules' parameters.
    pub fn forget_with(&mut self, rng: &mut Rng) -> Result<()> {
        check_pool(&self.seq, &self.pool)?;
        self.seq.forget(&mut self.pool, rng);
        Ok(())
    }

    /// The first module (0-based, with its kind) whose parameters hold a
    /// NaN or an infinity, and the offending value.
    pub fn non_finite(&self) -> Option<(usize, &'static str, f32)> {
        let i = self.pool.first_non_finite()?;
        for (k, m) in self.seq.mods.iter().enumerate() {
            let (end, np) = (m.pool_end(), m.nparams());
            if np > 0 && i < end && i >= end.saturating_sub(np) {
                return Some((k, m.kind(), self.pool.x[i]));
            }
        }
        Some((usize::MAX, "param", self.pool.x[i]))
    }

    fn batch_shape(&self, b: usize) -> Result<Shape> {
        let mut d = [b, 0, 0, 0];
        let r = self.in_shape.len();
        if r > 3 {
            return Err(ModError::config(&self.name, "input rank above 3"));
        }
        d[1..=r].copy_from_slice(&self.in_shape);
        Shape::new(&d[..=r])
    }

    /// Copies samples `idx` of `data` (and their labels) into the input.
    ///
    /// # Errors
    /// `Shape` if the data's sample shape differs from the network's input.
    pub fn load_batch(&mut self, data: &Dataset, idx: &[usize]) -> Result<()> {
        if data.shape != self.in_shape {
            return Err(ModError::shape(&self.name, &self.in_shape, &data.shape));
        }
        let s = self.batch_shape(idx.len())?;
        self.input.resize(s.dims())?;
        let per = data.per();
        self.labels.clear();
        for (k, &i) in idx.iter().enumerate() {
            self.input.x[k * per..(k + 1) * per].copy_from_slice(data.sample(i));
            self.labels.push(data.y[i]);
        }
        Ok(())
    }

    /// Copies `b` samples of values `x` into the input (labels unchanged).
    ///
    /// # Errors
    /// `Shape` if `x` does not hold `b` samples of the input shape.
    pub fn set_input(&mut self, x: &[f32], b: usize) -> Result<()> {
        let s = self.batch_shape(b)?;
        if x.len() != s.dims().iter().product::<usize>() {
            return Err(ModError::shape(&self.name, s.dims(), &[x.len()]));
        }
        self.input.resize(s.dims())?;
        self.input.x.copy_from_slice(x);
        Ok(())
    }

    fn ctx(&self) -> Ctx {
        Ctx {
            par: self.par,
            grad_in: false,
        }
    }

    /// `NotFinite` naming the first module whose parameters hold a NaN or
    /// an infinity, if one does.
    ///
    /// # Errors
    /// `NotFinite` then.
    pub fn check_finite(&self) -> Result<()> {
        match self.non_finite() {
            None => Ok(()),
            Some((k, kind, v)) => Err(ModError::NotFinite {
                module: self.name.clone(),
                msg: if k == usize::MAX {
                    format!("a parameter is {v}")
                } else {
                    format!("module {} ({kind}) has a parameter {v}", k + 1)
                },
            }),
        }
    }

    /// Forward pass of the current input.
    ///
    /// # Errors
    /// Module shape errors.
    pub fn fprop(&mut self) -> Result<()> {
        check_pool(&self.seq, &self.pool)?;
        let ctx = self.ctx();
        self.seq
            .fprop(&self.pool, &self.input, &mut self.output, ctx)
    }

    /// Mean energy of the current output for the current labels.
    ///
    /// # Errors
    /// Cost shape or label errors.
    pub fn energy(&mut self) -> Result<f32> {
        self.cost.fprop(&self.output, &self.labels)
    }

    /// Backward pass: parameter gradients accumulate in `pool.dx`.
    ///
    /// # Errors
    /// Module shape errors.
    pub fn bprop(&mut self) -> Result<()> {
        check_pool(&self.seq, &self.pool)?;
        let ctx = self.ctx();
        self.output.clear_dx();
        self.cost.bprop(&mut self.output, &self.labels)?;
        self.seq
            .bprop(&mut self.pool, &mut self.input, &self.output, ctx)
    }

    /// Second-order backward pass (after `bprop`): diagonal Gauss-Newton
    /// terms accumulate in `pool.ddx`.
    ///
    /// # Errors
    /// Module shape errors.
    pub fn bbprop(&mut self) -> Result<()> {
        check_pool(&self.seq, &self.pool)?;
        let ctx = self.ctx();
        self.output.clear_ddx();
        self.cost.bbprop(&mut self.output, &self.labels)?;
        self.seq
            .bbprop(&mut self.pool, &mut self.input, &self.output, ctx)
    }

    /// Number of errors in the current batch.
    ///
    /// # Errors
    /// `Shape` if the output does not fit the cost.
    pub fn errors(&self) -> Result<usize> {
        let mut n = 0;
        for (b, &l) in self.labels.iter().enumerate() {
            if self.cost.classify(&self.output, b)? != l {
                n += 1;
            }
        }
        Ok(n)
    }

    /// Trainable parameters.
    pub fn nparams(&self) -> usize {
        self.seq.nparams()
    }

    /// Connections per sample (LeCun 1998's count).
    ///
    /// # Errors
    /// Shape errors.
    pub fn connections(&self) -> Result<usize> {
        self.seq.connections(self.batch_shape(1)?.dims())
    }

    /// Forward multiply-adds per sample in matrix products.
    ///
    /// # Errors
    /// Shape errors.
    pub fn macs(&self) -> Result<usize> {
        self.seq.macs(self.batch_shape(1)?.dims())
    }
}
