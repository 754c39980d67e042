//! Trainers: online and mini-batch SGD with momentum and weight decay,
//! stochastic diagonal Levenberg-Marquardt, learning-rate schedules.

use crate::data::Dataset;
use crate::error::{ModError, Result};
use crate::kernels::elem;
use crate::meter::{EpochReport, Meter};
use crate::net::Net;
use crate::pool::Pool;
use crate::rng::Rng;

/// Learning rate by pass: `(first pass, eta)` steps in increasing order.
/// A pass is an epoch, or `pass_len` samples when that is non-zero (the
/// 1998 schedule counts passes over 60 000 samples).
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule(pub Vec<(usize, f32)>, pub u64);

impl Schedule {
    /// A constant rate.
    pub fn constant(eta: f32) -> Self {
        Schedule(vec![(0, eta)], 0)
    }

    /// LeCun et al. 1998: 0.0005 for 2 passes, 0.0002 for 3, 0.0001 for 3,
    /// 0.00005 for 4, then 0.00001, with passes of 60 000 samples.
    pub fn lenet5() -> Self {
        Schedule(
            vec![(0, 5e-4), (2, 2e-4), (5, 1e-4), (8, 5e-5), (12, 1e-5)],
            60_000,
        )
    }

    /// The rate at `epoch` (0-based) after `age` samples.
    pub fn eta(&self, epoch: usize, age: u64) -> f32 {
        let pass = age.checked_div(self.1).map_or(epoch, |p| p as usize);
        self.0
            .iter()
            .take_while(|(e, _)| *e <= pass)
            .last()
            .map_or(0.0, |s| s.1)
    }
}

/// Stochastic diagonal Levenberg-Marquardt settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DiagLm {
    /// Damping `μ` in `ε_i = η/(μ + h_ii)`.
    pub mu: f32,
    /// Samples used to estimate the diagonal Hessian before each epoch.
    pub samples: usize,
}

/// Training settings.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainConfig {
    /// Samples per update (1 = online).
    pub batch: usize,
    /// Momentum (0 = none).
    pub momentum: f32,
    /// Weight decay (L2 coefficient).
    pub decay: f32,
    /// Learning rate by epoch.
    pub schedule: Schedule,
    /// Diagonal Levenberg-Marquardt, if any.
    pub lm: Option<DiagLm>,
    /// Shuffling seed.
    pub seed: u64,
}

impl TrainConfig {
    /// The paper's LeNet-5 recipe: per-pattern updates, diagonal LM with
    /// μ = 0.02 re-estimated on 500 samples per pass, the 1998 schedule.
    pub fn lenet5_paper() -> Self {
        TrainConfig {
            batch: 1,
            momentum: 0.0,
            decay: 0.0,
            schedule: Schedule::lenet5(),
            lm: Some(DiagLm {
                mu: 0.02,
                samples: 500,
            }),
            seed: 1,
        }
    }

    /// Plain SGD at rate `eta` with batch `batch`.
    pub fn sgd(eta: f32, batch: usize) -> Self {
        TrainConfig {
            batch,
            momentum: 0.0,
            decay: 0.0,
            schedule: Schedule::constant(eta),
            lm: None,
            seed: 1,
        }
    }
}

/// A trainer: its settings, momentum buffer, shuffled order and meter.
#[derive(Debug, Clone)]
pub struct Trainer {
    /// Settings.
    pub cfg: TrainConfig,
    /// Samples seen.
    pub age: u64,
    /// Epochs completed.
    pub epoch: usize,
    vel: Vec<f32>,
    order: Vec<usize>,
    rng: Rng,
}

/// One SGD update; sets `dx` to zero.
pub fn update(pool: &mut Pool, vel: &mut Vec<f32>, eta: f32, momentum: f32, decay: f32, lm: bool) {
    let Pool { x, dx, eps, .. } = pool;
    if momentum == 0.0 {
        elem::sgd(x, dx, eps, eta, decay, lm);
    } else {
        vel.resize(x.len(), 0.0);
        elem::sgd_momentum(x, dx, eps, vel, eta, momentum, decay, lm);
    }
}

impl Trainer {
    /// A trainer with settings `cfg`.
    ///
    /// # Errors
    /// `Config` for a zero batch size, or a damping `μ` of diagonal LM
    /// that is not positive and finite (`ε = 1/(μ + h)` with `h ≥ 0`, so
    /// `μ ≤ 0` divides by zero or flips the step where `h` is small).
    pub fn new(cfg: TrainConfig) -> Result<Self> {
        if cfg.batch == 0 {
            return Err(ModError::config("trainer", "batch size must be positive"));
        }
        if let Some(lm) = cfg.lm {
            if !(lm.mu > 0.0 && lm.mu.is_finite()) {
                return Err(ModError::config(
                    "trainer",
                    format!(
                        "mu (the damping of diagonal Levenberg-Marquardt) must be positive, got {}",
                        lm.mu
                    ),
                ));
            }
        }
        let rng = Rng::new(cfg.seed);
        Ok(Trainer {
            cfg,
            age: 0,
            epoch: 0,
            vel: Vec::new(),
            order: Vec::new(),
            rng,
        })
    }

    /// Estimates the diagonal Hessian on `lm.samples` random samples and
    /// sets `pool.eps = 1/(μ + h)`.
    ///
    /// # Errors
    /// Shape errors from the network.
    pub fn estimate_hessian(&mut self, net: &mut Net, data: &Dataset, lm: DiagLm) -> Result<()> {
        if data.is_empty() {
            return Err(ModError::config("trainer", "empty data set"));
        }
        net.pool.clear_ddx();
        let n = lm.samples.max(1);
        let b = n.min(50);
        let mut idx = Vec::with_capacity(b);
        let mut done = 0;
        while done < n {
            let k = b.min(n - done);
            idx.clear();
            idx.extend((0..k).map(|_| self.rng.below(data.len())));
            net.load_batch(data, &idx)?;
            net.fprop()?;
            let e = net.energy()?;
            if !e.is_finite() {
                return Err(ModError::NotFinite {
                    module: net.name.clone(),
                    msg: format!("the cost became {e} while estimating the Hessian (NaN or infinite inputs?)"),
                });
            }
            net.bprop()?;
            net.bbprop()?;
            done += k;
            crate::interrupt::check()?;
        }
        let steps = n.div_ceil(b) as f32;
        let Pool { ddx, eps, dx, .. } = &mut net.pool;
        for (e, h) in eps.iter_mut().zip(ddx.iter()) {
            *e = 1.0 / (lm.mu + h / steps);
        }
        dx.iter_mut().for_each(|v| *v = 0.0);
        Ok(())
    }

    /// One update on the samples `idx` of `data`; returns (energy, errors).
    ///
    /// # Errors
    /// Shape and label errors.
    pub fn step(&mut self, net: &mut Net, data: &Dataset, idx: &[usize]) -> Result<(f32, usize)> {
        net.load_batch(data, idx)?;
        net.fprop()?;
        let e = net.energy()?;
        if !e.is_finite() {
            // before the update: the weights stay as they were
            return Err(ModError::NotFinite {
                module: net.name.clone(),
                msg: format!(
                    "the cost became {e} at sample {} of the pass (NaN or infinite inputs, \
                     or a learning rate too large); training stopped",
                    self.age
                ),
            });
        }
        let errs = net.errors()?;
        net.bprop()?;
        let eta = self.cfg.schedule.eta(self.epoch, self.age);
        update(
            &mut net.pool,
            &mut self.vel,
            eta,
            self.cfg.momentum,
            self.cfg.decay,
            self.cfg.lm.is_some(),
        );
        self.age += idx.len() as u64;
        Ok((e, errs))
    }

    /// One pass over `data` in shuffled order (re-estimating the Hessian
    /// first with diagonal LM).
    ///
    /// # Errors
    /// Shape and label errors.
    pub fn train_epoch(&mut self, net: &mut Net, data: &Dataset) -> Result<EpochReport> {
        self.train_epoch_with(net, data, &mut |_| ())
    }

    /// [`Trainer::train_epoch`], calling `progress` with the number of
    /// samples of each update once it is made.
    ///
    /// # Errors
    /// Shape and label errors.
    pub fn train_epoch_with(
        &mut self,
        net: &mut Net,
        data: &Dataset,
        progress: &mut (dyn FnMut(usize) + Send),
    ) -> Result<EpochReport> {
        // The pass runs on a thread of the pool: the kernels' `join`s then
        // stay among its threads, where called from outside they would each
        // hand the work over and wait (two futex calls a join). The caller's
        // stop flag goes with it.
        let stop = crate::interrupt::flag_here();
        rayon::scope(|_| {
            crate::interrupt::run_with_stop(stop, || self.epoch_here(net, data, progress))
        })
    }

    fn epoch_here(
        &mut self,
        net: &mut Net,
        data: &Dataset,
        progress: &mut (dyn FnMut(usize) + Send),
    ) -> Result<EpochReport> {
        if let Some(lm) = self.cfg.lm {
            self.estimate_hessian(net, data, lm)?;
        }
        if self.order.len() != data.len() {
            self.order = (0..data.len()).collect();
        }
        self.rng.shuffle(&mut self.order);
        let order = std::mem::take(&mut self.order);
        let mut m = Meter::start();
        let res = (|| {
            for idx in order.chunks(self.cfg.batch) {
                let (e, errs) = self.step(net, data, idx)?;
                m.add(e * idx.len() as f32, errs, idx.len());
                progress(idx.len());
                crate::interrupt::check()?;
            }
            Ok(())
        })();
        self.order = order;
        res?;
        net.check_finite()?;
        self.epoch += 1;
        Ok(m.report(self.epoch, self.age))
    }

    /// Mean cost and error count over `data` (no update), `batch` at a time.
    ///
    /// # Errors
    /// Shape and label errors.
    pub fn test(net: &mut Net, data: &Dataset, batch: usize) -> Result<EpochReport> {
        // on a thread of the pool, as `train_epoch_with`
        rayon::scope(|_| Self::test_here(net, data, batch))
    }

    /// [`Trainer::test`] that also counts the answers: the `n` x `n`
    /// confusion matrix (row: desired class, column: answer; `n` the
    /// larger of the cost's and the data's classes), row-major. Samples
    /// whose label or answer is past `n` are left out of it.
    ///
    /// # Errors
    /// Shape and label errors.
    pub fn test_confusion(
        net: &mut Net,
        data: &Dataset,
        batch: usize,
    ) -> Result<(EpochReport, Vec<u64>, usize)> {
        let n = net.cost.classes().max(data.classes);
        let mut conf = vec![0u64; n * n];
        let r = rayon::scope(|_| Self::test_here_with(net, data, batch, Some((&mut conf, n))))?;
        Ok((r, conf, n))
    }

    fn test_here(net: &mut Net, data: &Dataset, batch: usize) -> Result<EpochReport> {
        Self::test_here_with(net, data, batch, None)
    }

    fn test_here_with(
        net: &mut Net,
        data: &Dataset,
        batch: usize,
        mut conf: Option<(&mut Vec<u64>, usize)>,
    ) -> Result<EpochReport> {
        let mut m = Meter::start();
        let mut idx = Vec::with_capacity(batch.max(1));
        for s in (0..data.len()).step_by(batch.max(1)) {
            idx.clear();
            idx.extend(s..(s + batch.max(1)).min(data.len()));
            net.load_batch(data, &idx)?;
            net.fprop()?;
            let e = net.energy()?;
            m.add(e * idx.len() as f32, net.errors()?, idx.len());
            if let Some((c, n)) = conf.as_mut() {
                tally(net, c, *n)?;
            }
        }
        Ok(m.report(0, 0))
    }
}

/// Adds the answers of the current batch to the `n` x `n` confusion
/// matrix `conf` (row: label, column: answer).
fn tally(net: &Net, conf: &mut [u64], n: usize) -> Result<()> {
    for (b, &l) in net.labels.iter().enumerate() {
        let a = net.cost.classify(&net.output, b)?;
        if l < n && a < n {
            conf[l * n + a] += 1;
        }
    }
    Ok(())
}
