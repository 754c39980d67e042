//! The training meter: age, cost, % correct, % errors, samples/second.

use std::time::Instant;

/// Accumulates a pass's statistics.
#[derive(Debug, Clone)]
pub struct Meter {
    cost: f64,
    errors: usize,
    n: usize,
    t0: Instant,
}

/// Statistics of a pass.
#[derive(Debug, Clone, PartialEq)]
pub struct EpochReport {
    /// Epoch number (1-based; 0 for a test pass).
    pub epoch: usize,
    /// Samples seen by the trainer so far.
    pub age: u64,
    /// Mean cost.
    pub cost: f64,
    /// Samples.
    pub n: usize,
    /// Misclassified samples.
    pub errors: usize,
    /// Wall-clock seconds.
    pub secs: f64,
}

impl EpochReport {
    /// Percentage of errors.
    pub fn error_pct(&self) -> f64 {
        100.0 * self.errors as f64 / self.n.max(1) as f64
    }

    /// Percentage correct.
    pub fn correct_pct(&self) -> f64 {
        100.0 - self.error_pct()
    }

    /// Samples per second.
    pub fn rate(&self) -> f64 {
        self.n as f64 / self.secs.max(1e-9)
    }
}

impl std::fmt::Display for EpochReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "age={} cost={:.5} correct={:.2}% errors={:.2}% ({}/{}) {:.0} samples/s",
            self.age,
            self.cost,
            self.correct_pct(),
            self.error_pct(),
            self.errors,
            self.n,
            self.rate()
        )
    }
}

impl Meter {
    /// A meter started now.
    pub fn start() -> Self {
        Meter {
            cost: 0.0,
            errors: 0,
            n: 0,
            t0: Instant::now(),
        }
    }

    /// Adds a batch: total cost, errors, samples.
    pub fn add(&mut self, cost: f32, errors: usize, n: usize) {
        self.cost += cost as f64;
        self.errors += errors;
        self.n += n;
    }

    /// The statistics so far.
    pub fn report(&self, epoch: usize, age: u64) -> EpochReport {
        EpochReport {
            epoch,
            age,
            cost: self.cost / self.n.max(1) as f64,
            n: self.n,
            errors: self.errors,
            secs: self.t0.elapsed().as_secs_f64(),
        }
    }
}
