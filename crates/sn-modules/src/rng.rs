//! A small deterministic random generator (SplitMix64) for initialisation
//! and shuffling, so that runs are reproducible from a seed.

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

/// SplitMix64 generator, with the initialisation rule modules use.
#[derive(Debug, Clone)]
pub struct Rng(u64, InitRule);

impl Rng {
    /// A generator from `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15, InitRule::InvSqrt)
    }

    /// A generator from `seed` with initialisation rule `rule`.
    pub fn with_rule(seed: u64, rule: InitRule) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15, rule)
    }

    /// Initialisation bound for a unit with `fan` inputs under the rule.
    pub fn bound(&self, fan: usize) -> f32 {
        match self.1 {
            InitRule::InvSqrt => init_bound(fan),
            InitRule::Lecun98 => 2.4 / fan.max(1) as f32,
        }
    }

    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn uniform(&mut self) -> f32 {
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
