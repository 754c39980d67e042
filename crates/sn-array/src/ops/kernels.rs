//! Inner loops written so that the compiler vectorises them: several
//! independent accumulators, contiguous row walks. Each kernel is compiled
//! twice, for the baseline processor and with AVX2, and picks at run time
//! ([`crate::multiversion!`]; same results: no contraction into FMA). The
//! tanh is the shared [`crate::simd::tanh`].

crate::multiversion! {
    /// Sum of a slice, accumulated in `f64` over independent lanes.
    pub(crate) fn sum(x: &[f32]) -> f64 {
        sum_generic(x)
    }
}
crate::multiversion! {
    /// Dot product of two slices of the same length, accumulated in `f64`.
    pub(crate) fn dot(x: &[f32], y: &[f32]) -> f64 {
        dot_generic(x, y)
    }
}
crate::multiversion! {
    /// Dot product in `f32` over independent lanes (matrix-vector rows).
    pub(crate) fn dot_f32(x: &[f32], y: &[f32]) -> f32 {
        dot_f32_generic(x, y)
    }
}
crate::multiversion! {
    /// Largest (`max = true`) or smallest element of a non-empty slice; NaN
    /// are skipped unless every element is NaN.
    pub(crate) fn extremum(x: &[f32], max: bool) -> f32 {
        extremum_generic(x, max)
    }
}
crate::multiversion! {
    /// `out[i] = tanh(x[i])`, or in place when `x` is `None`.
    pub(crate) fn tanh_slice(x: Option<&[f32]>, out: &mut [f32]) {
        tanh_slice_generic(x, out)
    }
}

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

pub(crate) use crate::simd::tanh;

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
    fn tanh_slice_is_the_scalar_tanh() {
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
