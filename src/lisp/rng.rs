//! The interpreter's random generator: Lush 1's (TL3's), so that a seed
//! gives the numbers it gave in Lush 1 and SN2.8.
//!
//! It is Knuth's subtractive generator (the `ran3` of Numerical Recipes)
//! on 31-bit integers in a table of 55, seeded from `161803398 - |seed|`.
//! A uniform draw turns one step into a single-precision number in
//! [0, 1] (the integer is rounded to 24 bits, so 1 itself can come out);
//! a normal draw sums twelve steps read as signed 24-bit fractions
//! (a quick approximate normal of mean 0 and deviation 1), after which
//! the last table entry is scrambled once more. Arithmetic on the table
//! wraps at 32 bits, as the C `int` arithmetic did.

/// Mask of the 31 bits the table keeps.
const MASK: i32 = 0x7fff_ffff;
/// The constant the seed is subtracted from.
const MSEED: i32 = 161_803_398;

/// Lush 1's generator state: the table and its two cursors.
pub struct Rng {
    ma: [i32; 56],
    inext: usize,
    inextp: usize,
}

impl Rng {
    /// The generator after `(seed seed)`.
    pub fn new(seed: i32) -> Rng {
        let mut r = Rng {
            ma: [0; 56],
            inext: 0,
            inextp: 31,
        };
        r.seed(seed);
        r
    }

    /// Re-seeds the table (Knuth's initialisation, then four warm-up passes).
    pub fn seed(&mut self, x: i32) {
        let ma = &mut self.ma;
        let mut mj = MSEED.wrapping_sub(x.wrapping_abs()) & MASK;
        ma[55] = mj;
        let mut mk: i32 = 1;
        for i in 1..=54 {
            let ii = (21 * i) % 55;
            ma[ii] = mk;
            mk = mj.wrapping_sub(mk) & MASK;
            mj = ma[ii];
        }
        for _ in 0..4 {
            for i in 1..55 {
                ma[i] = ma[i].wrapping_sub(ma[1 + (i + 30) % 55]) & MASK;
            }
        }
        self.inext = 0;
        self.inextp = 31;
    }

    /// Advances both cursors (1..=55, cyclic) and returns the difference
    /// of the two entries they point at, masked to 31 bits.
    fn step(&mut self) -> i32 {
        self.inext = if self.inext == 55 { 1 } else { self.inext + 1 };
        self.inextp = if self.inextp == 55 {
            1
        } else {
            self.inextp + 1
        };
        self.ma[self.inext].wrapping_sub(self.ma[self.inextp]) & MASK
    }

    /// The scrambling Lush applies to a table entry: `(x·84589 + 45989)`
    /// masked to 31 bits, wrapping at 32.
    fn scramble(x: i32) -> i32 {
        x.wrapping_mul(84_589).wrapping_add(45_989) & MASK
    }

    /// Uniform in [0, 1], in single precision (Lush's `Drand`/`Frand`).
    /// (Scrambling the masked difference is scrambling the raw one: they
    /// differ by 2^31, and 84589 is odd.)
    pub fn uniform(&mut self) -> f64 {
        let mj = Self::scramble(self.step());
        self.ma[self.inext] = mj;
        f64::from(mj as f32 * (1.0 / 2_147_483_648.0_f32))
    }

    /// Uniform in [lo, hi] as `(rand lo hi)` computes it: `(hi-lo)·r + lo`.
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        let r = self.uniform();
        (hi - lo) * r + lo
    }

    /// An approximately standard normal deviate (Lush's `Dgauss`/`Fgauss`).
    pub fn gauss(&mut self) -> f64 {
        let mut sum: i32 = 0;
        let mut mj: i32 = 0;
        for _ in 0..12 {
            let m = self.step();
            self.ma[self.inext] = m;
            // the low 24 bits, as a signed number
            mj = (m << 8) >> 8;
            sum += mj;
        }
        self.ma[self.inext] = Self::scramble(mj);
        f64::from(sum as f32 * (1.0 / 16_777_216.0_f32))
    }

    /// Uniform integer in [0, n): `n·r` truncated (the rare r = 1 gives
    /// `n - 1`).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            ((self.uniform() * n as f64) as usize).min(n - 1)
        }
    }
}
