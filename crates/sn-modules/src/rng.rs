//! A small deterministic random generator (SplitMix64) for initialisation
//! and shuffling, so that runs are reproducible from a seed.
//!
//! Initialisation (a module's `forget`) follows PyTorch's defaults for
//! `Linear` and `Conv2d`: weights *and biases* uniform in `±1/√fan-in`
//! (gblearn2's `forget 1 2` draws the weights the same way but clears the
//! biases). Subsampling coefficients are the exception: they start near
//! the window's average (0.8 to 1.2 times it, bias `±0.1`). A generator
//! can also hand out uniform draws made elsewhere first
//! ([`Rng::from_draws`]): the Lisp bindings initialise new modules with
//! draws from the interpreter's global generator, so that `(seed n)`
//! reproduces them.

/// How `forget` draws the weights of a unit with `fan` inputs: uniform in
/// `±1/√fan` (gblearn2's `forget 1 2`, the default) or `±2.4/fan` (LeCun
/// et al. 1998).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InitRule {
    /// `±1/√fan`.
    #[default]
    InvSqrt,
    /// `±2.4/fan`.
    Lecun98,
}

/// SplitMix64 generator, with the initialisation rule modules use, and
/// optionally uniform draws given in advance.
#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
    rule: InitRule,
    /// Uniform draws in [0, 1] handed out first by [`Rng::uniform`].
    given: Vec<f32>,
    /// How many of `given` were handed out.
    used: usize,
}

impl Rng {
    /// A generator from `seed`.
    pub fn new(seed: u64) -> Self {
        Self::with_rule(seed, InitRule::InvSqrt)
    }

    /// A generator from `seed` with initialisation rule `rule`.
    pub fn with_rule(seed: u64, rule: InitRule) -> Self {
        Rng {
            state: seed ^ 0x9E37_79B9_7F4A_7C15,
            rule,
            given: Vec::new(),
            used: 0,
        }
    }

    /// A generator whose [`uniform`](Rng::uniform) draws (hence
    /// [`range`](Rng::range)) are first `draws` (each in [0, 1]), in
    /// order, then those of SplitMix64 from `seed`. A module's `forget`
    /// makes one uniform draw per parameter, so `nparams` draws made by
    /// another generator decide all of its parameters.
    pub fn from_draws(draws: Vec<f32>, seed: u64) -> Self {
        Rng {
            given: draws,
            ..Self::new(seed)
        }
    }

    /// Initialisation bound for a unit with `fan` inputs under the rule.
    pub fn bound(&self, fan: usize) -> f32 {
        match self.rule {
            InitRule::InvSqrt => init_bound(fan),
            InitRule::Lecun98 => 2.4 / fan.max(1) as f32,
        }
    }

    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1) (in [0, 1] while given draws last).
    pub fn uniform(&mut self) -> f32 {
        if let Some(&u) = self.given.get(self.used) {
            self.used += 1;
            return u;
        }
        (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32
    }

    /// Uniform in [lo, hi).
    pub fn range(&mut self, lo: f32, hi: f32) -> f32 {
        lo + (hi - lo) * self.uniform()
    }

    /// Uniform integer in 0..n (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// Shuffles `v` in place (Fisher-Yates).
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

/// Bound of the uniform initialisation of a unit with `fan` inputs:
/// `1/√fan` (gblearn2's `forget 1 2`).
pub fn init_bound(fan: usize) -> f32 {
    1.0 / (fan.max(1) as f32).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn given_draws_come_first_then_splitmix() {
        let mut r = Rng::from_draws(vec![0.25, 1.0], 9);
        assert_eq!(r.range(-2.0, 2.0), -1.0);
        assert_eq!(r.range(-2.0, 2.0), 2.0);
        let mut plain = Rng::new(9);
        assert_eq!(r.uniform(), plain.uniform());
    }

    #[test]
    fn forget_of_a_full_layer_is_fan_in_scaled() {
        use crate::module::Module;
        let mut pool = crate::Pool::new();
        let mut f = crate::modules::Full::new(&mut pool, 25, 4).expect("full");
        f.forget(&mut pool, &mut Rng::new(3));
        let a = init_bound(25);
        assert!(pool.x.iter().all(|v| v.abs() <= a), "within 1/sqrt(25)");
        assert!(
            pool.x.iter().any(|v| v.abs() > a / 2.0),
            "spread, not all near 0"
        );
        // one uniform draw per parameter: nparams given draws decide them all
        let draws: Vec<f32> = (0..f.nparams()).map(|i| (i % 3) as f32 / 2.0).collect();
        f.forget(&mut pool, &mut Rng::from_draws(draws.clone(), 77));
        let want: Vec<f32> = draws.iter().map(|u| -a + 2.0 * a * u).collect();
        assert_eq!(pool.x, want);
    }
}
