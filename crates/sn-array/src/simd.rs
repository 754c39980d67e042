//! The kernel base shared by sn's numeric crates: run-time dispatch between
//! a baseline and an AVX2 build of a loop ([`multiversion!`](crate::multiversion)),
//! and the rational tanh that every layer of sn uses (arrays' `idx-tanh`,
//! the modules' scaled tanh and logistic, SN2.8's `nlf-tanh` units).

/// Defines a function whose body is compiled twice, for the baseline
/// processor and with AVX2 and FMA enabled, and picks the second at run
/// time when the processor has both. Rust does not contract `a * b + c`
/// into a fused multiply-add unless asked, so both builds give the same
/// results; the second only gets wider vectors.
///
/// ```
/// sn_array::multiversion! {
///     /// `y[i] += a * x[i]`.
///     pub fn axpy(a: f32, x: &[f32], y: &mut [f32]) {
///         y.iter_mut().zip(x).for_each(|(o, i)| *o += a * i);
///     }
/// }
/// let mut y = [1.0, 2.0];
/// axpy(2.0, &[1.0, 1.0], &mut y);
/// assert_eq!(y, [3.0, 4.0]);
/// ```
#[macro_export]
macro_rules! multiversion {
    ($(#[$m:meta])* $vis:vis fn $name:ident($($arg:ident : $ty:ty),* $(,)?) $(-> $ret:ty)? $body:block) => {
        $(#[$m])*
        $vis fn $name($($arg: $ty),*) $(-> $ret)? {
            #[inline(always)]
            fn generic($($arg: $ty),*) $(-> $ret)? $body
            #[cfg(target_arch = "x86_64")]
            {
                #[target_feature(enable = "avx2,fma")]
                unsafe fn avx2($($arg: $ty),*) $(-> $ret)? { generic($($arg),*) }
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

/// Hyperbolic tangent by a rational approximation (13/6 in `x`): within
/// 5e-7 of the exact value, written without branches so that loops over it
/// vectorise. The argument is clamped where the approximation stays
/// accurate, and beyond 9 the result is ±1 (what tanh rounds to in `f32`);
/// NaN stays NaN.
#[inline(always)]
pub fn tanh(x0: f32) -> f32 {
    const CLAMP: f32 = 7.905_311;
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
    let r = p / q;
    // a select, not a branch
    if x0.abs() > 9.0 {
        1f32.copysign(x0)
    } else {
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tanh_is_accurate_and_saturates() {
        let mut worst = 0f64;
        for i in -200_000..=200_000 {
            let x = i as f32 * 1e-4;
            worst = worst.max((tanh(x) as f64 - (x as f64).tanh()).abs());
        }
        assert!(worst < 5e-7, "max error {worst}");
        assert_eq!(tanh(100.0), 1.0);
        assert_eq!(tanh(-100.0), -1.0);
        assert_eq!(tanh(0.0), 0.0);
        assert!(tanh(f32::NAN).is_nan());
        // odd and bounded over a fine grid (near saturation the rational
        // function wobbles by an ulp, so it is not checked to be monotone)
        for i in -12_000..=12_000 {
            let x = i as f32 * 1e-3;
            assert_eq!(tanh(-x), -tanh(x));
            assert!(tanh(x).abs() <= 1.0, "{x}");
        }
    }

    multiversion! {
        fn scaled(a: f32, x: &[f32], y: &mut [f32]) {
            y.iter_mut().zip(x).for_each(|(o, i)| *o = a * tanh(*i));
        }
    }

    #[test]
    fn both_builds_agree_with_the_scalar_function() {
        let x: Vec<f32> = (0..1001).map(|i| i as f32 * 0.021 - 10.5).collect();
        let mut y = vec![0f32; x.len()];
        scaled(1.5, &x, &mut y);
        for (i, v) in x.iter().zip(&y) {
            assert_eq!(*v, 1.5 * tanh(*i));
        }
    }
}
