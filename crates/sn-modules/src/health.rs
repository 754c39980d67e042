//! Dead training: a pass after which the network has stopped learning.
//!
//! Two signs, checked after each pass by [`Watch::after_pass`]:
//!
//! - the pass ran at learning rate 0: its weights did not move (a
//!   schedule whose first step comes after pass 0 gives 0 before it);
//! - the network is *dead*: two consecutive passes whose share of correct
//!   answers is at chance (at most 1.5 / classes, 15 % for 10 classes),
//!   the second with a training cost no lower (by 0.1 %) than the first.
//!   Units saturated by steps too large (or by inputs far from the
//!   −0.1 … 1.175 scale) give every sample the same output; the cost then
//!   stays where it is, or bounces while the last layer is thrown about.
//!
//! A cost that becomes NaN or infinite stops the pass with an error
//! ([`crate::Trainer::step`]), which names the same causes.
//!
//! Whether to stop is the caller's decision: [`Trainer::rate_changes`]
//! says whether the schedule gives another rate to a later pass, the one
//! thing that may bring such a network back.

use crate::meter::EpochReport;
use crate::trainer::Trainer;

/// Relative decrease of the cost between two passes below which it
/// counts as not going down.
pub const STILL: f64 = 1e-3;

/// What a pass showed.
#[derive(Debug, Clone, PartialEq)]
pub enum Stalled {
    /// The pass ran at rate 0.
    ZeroRate {
        /// The pass (1-based).
        pass: usize,
    },
    /// Two passes at chance, the cost not going down.
    Dead {
        /// The pass (1-based).
        pass: usize,
        /// The training cost of the pass before.
        before: f64,
        /// The training cost of the pass.
        cost: f64,
        /// Percent correct on the training samples of the pass.
        correct: f64,
        /// Percent correct by chance (100 / classes).
        chance: f64,
        /// The learning rate of the pass.
        eta: f32,
    },
}

impl Stalled {
    /// The message printed after the pass: what happened and its likely
    /// cause.
    pub fn message(&self) -> String {
        match self {
            Stalled::ZeroRate { pass } => format!(
                "pass {pass} ran at learning rate 0: the weights did not change \
                 (does the schedule start after pass 0?)"
            ),
            Stalled::Dead {
                pass,
                before,
                cost,
                correct,
                chance,
                eta,
            } => format!(
                "the network is dead: pass {pass} ends with {correct:.2}% correct, chance \
                 level ({chance:.0}% for this many classes) as the pass before, and its cost \
                 did not go down ({before:.5} -> {cost:.5}). Likely cause: the learning rate ({eta}) is too \
                 high and saturated the units; lower it 3 to 10 times, and check that the \
                 inputs are on a scale of about -0.1 to 1.175"
            ),
        }
    }
}

/// Watches the passes of one run.
#[derive(Debug, Clone, Default)]
pub struct Watch {
    last: Option<(f64, f64)>,
}

impl Watch {
    /// A watch with no pass seen.
    pub fn new() -> Self {
        Watch::default()
    }

    /// After a pass with report `r`, made at rate `eta` by a network of
    /// `classes` classes: what, if anything, went wrong.
    pub fn after_pass(&mut self, r: &EpochReport, classes: usize, eta: f32) -> Option<Stalled> {
        let chance_hi = 150.0 / classes.max(1) as f64;
        let correct = r.correct_pct();
        let at_chance = correct <= chance_hi;
        let prev = self.last.replace((r.cost, correct));
        if eta == 0.0 {
            return Some(Stalled::ZeroRate { pass: r.epoch });
        }
        let (pc, pcorrect) = prev?;
        let still = r.cost >= pc - STILL * pc.abs();
        (still && at_chance && pcorrect <= chance_hi && r.cost.is_finite()).then(|| Stalled::Dead {
            pass: r.epoch,
            before: pc,
            cost: r.cost,
            correct,
            chance: 100.0 / classes.max(1) as f64,
            eta,
        })
    }
}

impl Trainer {
    /// The learning rate of the pass just made (the rate at its start).
    pub fn last_rate(&self, pass_samples: usize) -> f32 {
        let age = self.age.saturating_sub(pass_samples as u64);
        self.cfg.schedule.eta(self.epoch.saturating_sub(1), age)
    }

    /// Whether the schedule gives another rate than the last pass's to any
    /// part of the passes up to `epochs` (each of `pass_samples` samples).
    pub fn rate_changes(&self, epochs: usize, pass_samples: usize) -> bool {
        let now = self.last_rate(pass_samples);
        let s = &self.cfg.schedule;
        let (from, to) = match s.1 {
            0 => (self.epoch, epochs.saturating_sub(1)),
            len => {
                let left = epochs.saturating_sub(self.epoch) as u64 * pass_samples as u64;
                (
                    (self.age / len) as usize,
                    ((self.age + left).saturating_sub(1) / len) as usize,
                )
            }
        };
        s.0.iter()
            .any(|&(p, e)| p > from.saturating_sub(1) && p <= to && e != now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(epoch: usize, cost: f64, errors: usize) -> EpochReport {
        EpochReport {
            epoch,
            age: 0,
            cost,
            n: 1000,
            errors,
            secs: 1.0,
        }
    }

    #[test]
    fn two_still_passes_at_chance_are_dead() {
        let mut w = Watch::new();
        assert_eq!(w.after_pass(&report(1, 2.32424, 890), 10, 0.5), None);
        let s = w.after_pass(&report(2, 2.32430, 891), 10, 0.5);
        assert!(matches!(s, Some(Stalled::Dead { pass: 2, .. })), "{s:?}");
        assert!(s.unwrap().message().contains("too high"));
    }

    #[test]
    fn learning_or_accurate_passes_are_fine() {
        let mut w = Watch::new();
        assert_eq!(w.after_pass(&report(1, 2.3, 890), 10, 0.01), None);
        // the cost went down
        assert_eq!(w.after_pass(&report(2, 2.2, 890), 10, 0.01), None);
        // a cost going up at chance is dead
        let s = w.after_pass(&report(3, 2.5, 890), 10, 0.01);
        assert!(matches!(s, Some(Stalled::Dead { pass: 3, .. })), "{s:?}");
        // unchanged cost but far above chance: a converged net
        let mut w = Watch::new();
        assert_eq!(w.after_pass(&report(1, 0.3, 100), 10, 1e-5), None);
        assert_eq!(w.after_pass(&report(2, 0.3, 100), 10, 1e-5), None);
    }

    #[test]
    fn a_zero_rate_is_reported() {
        let mut w = Watch::new();
        let s = w.after_pass(&report(1, 2.3, 890), 10, 0.0);
        assert_eq!(s, Some(Stalled::ZeroRate { pass: 1 }));
    }

    #[test]
    fn rate_changes_follow_the_schedule() {
        let mut cfg = crate::TrainConfig::sgd(0.01, 1);
        cfg.schedule = crate::Schedule(vec![(0, 0.01), (5, 0.001)], 0);
        let mut t = Trainer::new(cfg).unwrap();
        t.epoch = 2;
        t.age = 200;
        assert_eq!(t.last_rate(100), 0.01);
        assert!(t.rate_changes(8, 100));
        assert!(!t.rate_changes(5, 100));
        t.epoch = 6;
        t.age = 600;
        assert_eq!(t.last_rate(100), 0.001);
        assert!(!t.rate_changes(12, 100));
    }
}
