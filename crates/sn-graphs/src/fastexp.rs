//! A branch-free `f64` exponential for the log-additions of the forward
//! passes, and the loops over it that the compiler vectorises.
//!
//! `exp` of the standard library is a call per element, which keeps the
//! loop scalar: on a graph of 2 million arcs the exponentials were most of
//! the forward pass. [`exp`] is written without branches (selects only),
//! so a loop over a slice of arguments becomes vector code, and
//! [`logadd_all`] / [`weighted_exp`] / [`scaled_exp_add`] /
//! [`scaled_exp_set`] are compiled three times
//! (`multiversion3!`: baseline, AVX2 and AVX-512F) with eight independent
//! accumulators, so that the sum is a vector reduction.
//!
//! Accuracy: the argument is reduced to `x = k ln 2 + r`, `|r| ≤ ln 2 / 2`
//! (`ln 2` split in two parts, Cody and Waite, so `r` is exact to about
//! 2⁻⁶⁴ relative), `e^r` is its Taylor polynomial of degree 12 (truncation
//! below `0.347¹³ / 13! < 1.7e-16` relative) evaluated by Horner's rule, and
//! `2^k` is built in the exponent bits. The result is within a few ulps of
//! the exact value (`tests`: relative error below `1e-15` over
//! `[-708, 709]`, against `f64::exp`). Below `-708.39` the result is 0 (the
//! exact value is a subnormal below `2.3e-308`: an absolute error that the
//! log-additions, whose largest term is 1, cannot see); above `709.78`, `+inf`;
//! `-inf` gives 0 and NaN stays NaN.

/// As [`sn_array::multiversion!`] (a baseline and an AVX2 + FMA build of a
/// function, picked at run time), with a third build for AVX-512F (eight
/// `f64` lanes instead of four). No build contracts `a * b + c` into a
/// fused multiply-add, so all three give the same results.
macro_rules! multiversion3 {
    ($(#[$m:meta])* $vis:vis fn $name:ident($($arg:ident : $ty:ty),* $(,)?) -> $ret:ty $body:block) => {
        $(#[$m])*
        $vis fn $name($($arg: $ty),*) -> $ret {
            #[inline(always)]
            fn generic($($arg: $ty),*) -> $ret $body
            #[cfg(target_arch = "x86_64")]
            {
                #[target_feature(enable = "avx512f")]
                unsafe fn avx512($($arg: $ty),*) -> $ret { generic($($arg),*) }
                #[target_feature(enable = "avx2,fma")]
                unsafe fn avx2($($arg: $ty),*) -> $ret { generic($($arg),*) }
                if std::arch::is_x86_feature_detected!("avx512f") {
                    // SAFETY: the processor has the feature `avx512` was compiled for.
                    return unsafe { avx512($($arg),*) };
                }
                if std::arch::is_x86_feature_detected!("avx2")
                    && std::arch::is_x86_feature_detected!("fma")
                {
                    // SAFETY: the processor has the features `avx2` was compiled for.
                    return unsafe { avx2($($arg),*) };
                }
            }
            generic($($arg),*)
        }
    };
}

/// Largest argument whose exponential is finite.
const HI: f64 = 709.782_712_893_384;
/// Smallest argument whose exponential is a normal number.
const LO: f64 = -708.396_418_532_264_1;

/// `e^x` (see the module documentation for its accuracy), without branches.
#[inline(always)]
pub fn exp(x: f64) -> f64 {
    const LOG2E: f64 = std::f64::consts::LOG2_E;
    // ln 2 = LN2_HI + LN2_LO, LN2_HI with 32 significant bits so that
    // k * LN2_HI is exact for |k| < 2^21
    const LN2_HI: f64 = 6.931_471_803_691_238e-1;
    const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;
    // adding 1.5 * 2^52 rounds to an integer kept in the low mantissa bits
    const SHIFT: f64 = 6_755_399_441_055_744.0;
    // selects (`f64::clamp` would compile to the same, but the ends are
    // tested again below and the pattern is kept explicit)
    #[allow(clippy::manual_clamp)]
    let xc = if x < LO {
        LO
    } else if x > HI {
        HI
    } else {
        x
    };
    let kd = xc * LOG2E + SHIFT;
    let ki = kd.to_bits();
    let k = kd - SHIFT;
    let r = (xc - k * LN2_HI) - k * LN2_LO;
    // Taylor coefficients 1/n!, n = 12 down to 0
    let mut p = 2.087_675_698_786_81e-9;
    p = p * r + 2.505_210_838_544_172e-8;
    p = p * r + 2.755_731_922_398_589e-7;
    p = p * r + 2.755_731_922_398_589e-6;
    p = p * r + 2.480_158_730_158_73e-5;
    p = p * r + 1.984_126_984_126_984e-4;
    p = p * r + 1.388_888_888_888_889e-3;
    p = p * r + 8.333_333_333_333_333e-3;
    p = p * r + 4.166_666_666_666_666_4e-2;
    p = p * r + 1.666_666_666_666_666_6e-1;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    // k in [-1022, 1024]: 2^k as exponent bits (k + 1023 in 12 bits; for
    // k = 1024 the product is split as 2 * 2^1023)
    let top = k > 1023.5;
    let scale = f64::from_bits(ki.wrapping_add(if top { 1022 } else { 1023 }) << 52);
    let y = p * scale * if top { 2.0 } else { 1.0 };
    if x < LO {
        0.0
    } else if x > HI {
        f64::INFINITY
    } else {
        y
    }
}

multiversion3! {
    /// The log-addition of penalties: `-ln Σ e^(-v[i])`, computed as
    /// `m - ln Σ e^(m - v[i])` with `m` the least (so that every argument
    /// of the exponential is `≤ 0` and the largest term 1); `+inf` when
    /// `v` is empty or all `+inf`. `v` is overwritten (by the terms).
    pub fn logadd_all(v: &mut [f64]) -> f64 {
        // three loops the compiler vectorises: a minimum and a sum in
        // eight independent lanes, and a map
        let m = min(v);
        if m == f64::INFINITY {
            return m;
        }
        v.iter_mut().for_each(|t| *t = exp(m - *t));
        m - sum(v).ln()
    }
}

multiversion3! {
    /// Replaces each `t[i]` by `w[i] e^(t[i])` and returns their sum (the
    /// posteriors of the arcs out of a node and the node's own gradient).
    pub fn weighted_exp(t: &mut [f64], w: &[f64]) -> f64 {
        t.iter_mut().zip(w).for_each(|(t, &w)| *t = w * exp(*t));
        sum(t)
    }
}

multiversion3! {
    /// The posteriors of arcs that all go from one node to one other:
    /// adds `p[i] = w e^(c - x[i])` into `dx[i]` and returns `Σ p[i]`
    /// (the same terms, and the same sum, as [`weighted_exp`] on
    /// `t[i] = c - x[i]`), reading each penalty once.
    pub fn scaled_exp_add(x: &[f64], c: f64, w: f64, dx: &mut [f64]) -> f64 {
        scaled_exp(x, c, w, dx, |d, p| *d += p)
    }
}

multiversion3! {
    /// As [`scaled_exp_add`], but writes `p[i]` into `dx[i]` (the old
    /// values are not read).
    pub fn scaled_exp_set(x: &[f64], c: f64, w: f64, dx: &mut [f64]) -> f64 {
        scaled_exp(x, c, w, dx, |d, p| *d = p)
    }
}

/// `p[i] = w e^(c - x[i])` stored into `dx[i]` by `store`, summed in
/// eight lanes as [`sum`] sums (lane `i mod 8`, in order); `x` and `dx`
/// have the same length. Blocks of [`BLOCK`] terms go through a buffer
/// so that the exponentials, the stores and the sum are each a plain
/// vector loop.
#[inline(always)]
fn scaled_exp(x: &[f64], c: f64, w: f64, dx: &mut [f64], store: impl Fn(&mut f64, f64)) -> f64 {
    let mut acc = [0.0f64; 8];
    let n = x.len().min(dx.len());
    let (mut xs, mut ds) = (x[..n].chunks_exact(BLOCK), dx[..n].chunks_exact_mut(BLOCK));
    let mut p = [0.0f64; BLOCK];
    for (xb, db) in (&mut xs).zip(&mut ds) {
        let xb: &[f64; BLOCK] = xb.try_into().expect("a block");
        for (p, &x) in p.iter_mut().zip(xb) {
            *p = w * exp(c - x);
        }
        db.iter_mut().zip(&p).for_each(|(d, &p)| store(d, p));
        for c in p.chunks_exact(8) {
            for (s, &t) in acc.iter_mut().zip(c) {
                *s += t;
            }
        }
    }
    // the rest (fewer than BLOCK terms, lanes still i mod 8)
    let (xr, dr) = (xs.remainder(), ds.into_remainder());
    for (i, (d, &x)) in dr.iter_mut().zip(xr).enumerate() {
        let p = w * exp(c - x);
        acc[i % 8] += p;
        store(d, p);
    }
    total(&acc)
}

/// Terms per block of [`scaled_exp`] (a multiple of 8).
const BLOCK: usize = 64;

/// The least of `v` (`+inf` when empty), in eight lanes.
#[inline(always)]
fn min(v: &[f64]) -> f64 {
    let mut acc = [f64::INFINITY; 8];
    let chunks = v.chunks_exact(8);
    let rest = chunks.remainder();
    for c in chunks {
        for (s, &t) in acc.iter_mut().zip(c) {
            *s = if t < *s { t } else { *s };
        }
    }
    for (s, &t) in acc.iter_mut().zip(rest) {
        *s = if t < *s { t } else { *s };
    }
    acc.iter()
        .fold(f64::INFINITY, |m, &t| if t < m { t } else { m })
}

/// `Σ v[i]` in eight lanes (a vector reduction; the order differs from a
/// left-to-right sum by rounding only).
#[inline(always)]
fn sum(v: &[f64]) -> f64 {
    let mut acc = [0.0f64; 8];
    let chunks = v.chunks_exact(8);
    let rest = chunks.remainder();
    for c in chunks {
        for (s, &t) in acc.iter_mut().zip(c) {
            *s += t;
        }
    }
    for (s, &t) in acc.iter_mut().zip(rest) {
        *s += t;
    }
    total(&acc)
}

/// The sum of eight lanes, in a fixed order.
#[inline(always)]
fn total(acc: &[f64; 8]) -> f64 {
    ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Relative error of [`exp`] against `f64::exp`.
    fn rel(x: f64) -> f64 {
        let (got, want) = (exp(x), x.exp());
        ((got - want) / want).abs()
    }

    #[test]
    fn exp_is_accurate_over_its_range() {
        // a fine grid over the whole normal range, and random points
        let mut worst = (0f64, 0f64);
        let mut check = |x: f64| {
            let e = rel(x);
            if e > worst.0 {
                worst = (e, x);
            }
        };
        let n = 2_000_000;
        for i in 0..=n {
            check(LO + (HI - LO) * i as f64 / n as f64);
        }
        let mut s = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..1_000_000 {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            let u = (s >> 11) as f64 / (1u64 << 53) as f64;
            check(-40.0 * u); // where the log-additions' arguments lie
            check(LO + (HI - LO) * u);
        }
        // around the reduction's boundaries (r = ±ln2/2) and the ends
        for k in -1022..=1023 {
            let c = (f64::from(k) + 0.5) * std::f64::consts::LN_2;
            for d in [-1e-12, 0.0, 1e-12] {
                if (LO..=HI).contains(&(c + d)) {
                    check(c + d);
                }
            }
        }
        for x in [LO, HI, 0.0, -0.0, -1e-300, 1e-300, -1.0, 1.0, -745.0 + 37.0] {
            if (LO..=HI).contains(&x) {
                check(x);
            }
        }
        assert!(worst.0 < 1e-15, "relative error {} at {}", worst.0, worst.1);
        assert_eq!(exp(0.0), 1.0);
    }

    #[test]
    fn exp_limits() {
        assert_eq!(exp(f64::NEG_INFINITY), 0.0);
        assert_eq!(exp(-709.0), 0.0);
        assert_eq!(exp(f64::INFINITY), f64::INFINITY);
        assert_eq!(exp(710.0), f64::INFINITY);
        assert!(exp(f64::NAN).is_nan());
        assert!(exp(HI).is_finite() && exp(HI) > 1.79e308);
        assert!(exp(LO) >= f64::MIN_POSITIVE);
    }

    #[test]
    fn sums_match_the_exact_computation() {
        for n in [0usize, 1, 7, 8, 9, 100, 1001] {
            let v: Vec<f64> = (0..n)
                .map(|i| (i as f64 * 0.37).sin() * 30.0 + 30.0)
                .collect();
            let m = v.iter().fold(f64::INFINITY, |m, &t| m.min(t));
            let want: f64 = v.iter().map(|&t| (m - t).exp()).sum();
            let got = logadd_all(&mut v.clone());
            if n == 0 {
                assert_eq!(got, f64::INFINITY);
            } else {
                let want = m - want.ln();
                assert!(
                    (got - want).abs() <= 1e-14 * want.abs().max(1.0),
                    "{n}: {got} vs {want}"
                );
            }
            let w: Vec<f64> = (0..n).map(|i| 0.5 + i as f64 * 0.01).collect();
            let mut t: Vec<f64> = v.iter().map(|&t| m - t).collect();
            let got = weighted_exp(&mut t, &w);
            let want: f64 = v.iter().zip(&w).map(|(&t, &w)| w * (m - t).exp()).sum();
            assert!(
                (got - want).abs() <= 1e-14 * want.max(1.0),
                "{n}: {got} vs {want}"
            );
            for ((&p, &t), &w) in t.iter().zip(&v).zip(&w) {
                let q = w * (m - t).exp();
                assert!((p - q).abs() <= 1e-15 * q, "{p} vs {q}");
            }
        }
        assert_eq!(logadd_all(&mut [0.0, f64::INFINITY]), 0.0);
        // the fused pass gives weighted_exp's terms and sum, bit for bit
        for n in [0usize, 1, 7, 8, 9, 63, 64, 65, 200] {
            let x: Vec<f64> = (0..n).map(|i| (i as f64 * 0.71).cos() * 9.0).collect();
            let (c, w) = (-1.25, 0.75);
            let mut t: Vec<f64> = x.iter().map(|&x| c - x).collect();
            let want = weighted_exp(&mut t, &vec![w; n]);
            let mut set = vec![f64::NAN; n];
            assert_eq!(scaled_exp_set(&x, c, w, &mut set).to_bits(), want.to_bits());
            assert!(set.iter().zip(&t).all(|(a, b)| a.to_bits() == b.to_bits()));
            let mut add = vec![2.0; n];
            assert_eq!(scaled_exp_add(&x, c, w, &mut add).to_bits(), want.to_bits());
            assert!(add.iter().zip(&t).all(|(&a, &b)| a == 2.0 + b));
        }
        assert_eq!(logadd_all(&mut [f64::INFINITY; 3]), f64::INFINITY);
        let ties = logadd_all(&mut [5.0; 4]);
        assert!((ties - (5.0 - 4f64.ln())).abs() < 1e-15, "{ties}");
    }
}
