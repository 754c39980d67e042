//! Inner loops written so that the compiler vectorises them: several
//! independent accumulators, a rational tanh, contiguous row walks. Each
//! public kernel is compiled twice, for the baseline processor and with
//! AVX2, and picks at run time (same results: no contraction into FMA).

/// Defines `$name` calling `$generic` compiled with AVX2 when the processor has it.
macro_rules! avx2_dispatch {
    ($(#[$m:meta])* fn $name:ident / $avx:ident = $generic:ident ($($arg:ident: $t:ty),*) -> $ret:ty) => {
        $(#[$m])*
        pub(crate) fn $name($($arg: $t),*) -> $ret {
            #[cfg(target_arch = "x86_64")]
            if std::arch::is_x86_feature_detected!("avx2") {
                // SAFETY: the processor supports AVX2, checked just above.
                return unsafe { $avx($($arg),*) };
            }
            $generic($($arg),*)
        }

        #[cfg(target_arch = "x86_64")]
        #[target_feature(enable = "avx2")]
        unsafe fn $avx($($arg: $t),*) -> $ret {
            $generic($($arg),*)
        }
    };
}

avx2_dispatch!(
    /// Sum of a slice, accumulated in `f64` over independent lanes.
    fn sum / sum_avx2 = sum_generic(x: &[f32]) -> f64
);
avx2_dispatch!(
    /// Dot product of two slices of the same length, accumulated in `f64`.
    fn dot / dot_avx2 = dot_generic(x: &[f32], y: &[f32]) -> f64
);
avx2_dispatch!(
    /// Dot product in `f32` over independent lanes (matrix-vector rows).
    fn dot_f32 / dot_f32_avx2 = dot_f32_generic(x: &[f32], y: &[f32]) -> f32
);
avx2_dispatch!(
    /// Largest (`max = true`) or smallest element of a non-empty slice; NaN
    /// are skipped unless every element is NaN.
    fn extremum / extremum_avx2 = extremum_generic(x: &[f32], max: bool) -> f32
);
avx2_dispatch!(
    /// `out[i] = tanh(x[i])`, or in place when `x` is `None`.
    fn tanh_slice / tanh_slice_avx2 = tanh_slice_generic(x: Option<&[f32]>, out: &mut [f32]) -> ()
);

/// Number of independent accumulators of the `f64` reductions.
const LANES: usize = 8;

#[inline(always)]
fn sum_generic(x: &[f32]) -> f64 {
    let mut acc = [0f64; LANES];
    let chunks = x.chunks_exact(LANES);
    let rest: f64 = chunks.remainder().iter().map(|&v| v as f64).sum();
    for c in chunks {
        for k in 0..LANES {
            acc[k] += c[k] as f64;
        }
    }
    acc.iter().sum::<f64>() + rest
}

#[inline(always)]
fn dot_generic(x: &[f32], y: &[f32]) -> f64 {
    let mut acc = [0f64; LANES];
    let (cx, cy) = (x.chunks_exact(LANES), y.chunks_exact(LANES));
    let rest: f64 = cx
        .remainder()
        .iter()
        .zip(cy.remainder())
        .map(|(&a, &b)| a as f64 * b as f64)
        .sum();
    for (a, b) in cx.zip(cy) {
        for k in 0..LANES {
            acc[k] += a[k] as f64 * b[k] as f64;
        }
    }
    acc.iter().sum::<f64>() + rest
}

#[inline(always)]
fn dot_f32_generic(x: &[f32], y: &[f32]) -> f32 {
    const L: usize = 16;
    let mut acc = [0f32; L];
    let (cx, cy) = (x.chunks_exact(L), y.chunks_exact(L));
    let rest: f32 = cx
        .remainder()
        .iter()
        .zip(cy.remainder())
        .map(|(&a, &b)| a * b)
        .sum();
    for (a, b) in cx.zip(cy) {
        for k in 0..L {
            acc[k] += a[k] * b[k];
        }
    }
    acc.iter().sum::<f32>() + rest
}

#[inline(always)]
fn extremum_generic(x: &[f32], max: bool) -> f32 {
    let init = if max {
        f32::NEG_INFINITY
    } else {
        f32::INFINITY
    };
    // Comparisons are false for NaN, which is thus skipped; this form vectorises.
    let pick = |a: f32, b: f32| {
        if (max && b > a) || (!max && b < a) {
            b
        } else {
            a
        }
    };
    let mut acc = [init; 16];
    let chunks = x.chunks_exact(16);
    let mut r = chunks.remainder().iter().fold(init, |a, &b| pick(a, b));
    for c in chunks {
        for k in 0..16 {
            acc[k] = pick(acc[k], c[k]);
        }
    }
    r = acc.iter().fold(r, |a, &b| pick(a, b));
    if r == init && x.iter().all(|v| v.is_nan()) {
        return f32::NAN;
    }
    r
}

/// Hyperbolic tangent by a rational approximation (a few ulp in `f32`),
/// written without branches so that loops over it vectorise.
#[inline(always)]
pub(crate) fn tanh(x0: f32) -> f32 {
    const CLAMP: f32 = 7.998_811_7;
    let x = x0.clamp(-CLAMP, CLAMP);
    let x2 = x * x;
    let mut p = x2 * -2.760_768_5e-16 + 2.000_188e-13;
    p = p * x2 + -8.604_672e-11;
    p = p * x2 + 5.122_297e-8;
    p = p * x2 + 1.485_722_4e-5;
    p = p * x2 + 6.372_619_3e-4;
    p = p * x2 + 4.893_524_6e-3;
    p *= x;
    let mut q = x2 * 1.198_258_4e-6 + 1.185_347_1e-4;
    q = q * x2 + 2.268_434_6e-3;
    q = q * x2 + 4.893_525e-3;
    // Beyond 9, tanh rounds to +-1 in f32 (a select, not a branch).
    let r = p / q;
    if x0.abs() > 9.0 {
        1f32.copysign(x0)
    } else {
        r
    }
}

#[inline(always)]
fn tanh_slice_generic(x: Option<&[f32]>, out: &mut [f32]) {
    match x {
        Some(x) => out.iter_mut().zip(x).for_each(|(z, v)| *z = tanh(*v)),
        None => out.iter_mut().for_each(|z| *z = tanh(*z)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tanh_is_accurate() {
        let mut worst = 0f64;
        for i in -200_000..=200_000 {
            let x = i as f32 * 1e-4;
            let e = (tanh(x) as f64 - (x as f64).tanh()).abs();
            worst = worst.max(e);
        }
        assert!(worst < 5e-7, "max error {worst}");
        assert_eq!(tanh(100.0), 1.0);
        assert_eq!(tanh(-100.0), -1.0);
        assert!(tanh(f32::NAN).is_nan());
        let x: Vec<f32> = (0..1000).map(|i| i as f32 * 0.021 - 10.5).collect();
        let mut fast = vec![0f32; 1000];
        tanh_slice(Some(&x), &mut fast);
        let scalar: Vec<f32> = x.iter().map(|&v| tanh(v)).collect();
        assert_eq!(fast, scalar);
        tanh_slice(None, &mut fast);
        assert_eq!(fast, scalar.iter().map(|&v| tanh(v)).collect::<Vec<_>>());
    }

    #[test]
    fn reductions_match_sequential() {
        let x: Vec<f32> = (0..1003).map(|i| ((i * 37) % 101) as f32 - 50.0).collect();
        let y: Vec<f32> = (0..1003).map(|i| ((i * 13) % 7) as f32).collect();
        assert_eq!(sum(&x), x.iter().map(|&v| v as f64).sum::<f64>());
        assert_eq!(
            dot(&x, &y),
            x.iter()
                .zip(&y)
                .map(|(&a, &b)| a as f64 * b as f64)
                .sum::<f64>()
        );
        assert_eq!(dot_f32(&x, &y) as f64, dot(&x, &y));
        assert_eq!(extremum(&x, true), 50.0);
        assert_eq!(extremum(&x, false), -50.0);
        assert_eq!(extremum(&[f32::NAN, 2.0], true), 2.0);
        assert!(extremum(&[f32::NAN], false).is_nan());
    }
}
