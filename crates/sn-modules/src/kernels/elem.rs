//! Element-wise kernels, compiled twice (baseline and AVX2+FMA) and
//! dispatched at run time ([`sn_array::multiversion!`]), written so that
//! LLVM vectorises them; the tanh is [`sn_array::simd::tanh`].

/// Scaled tanh amplitude (LeCun 1998): `A·tanh(S·x)`.
pub const STANH_A: f32 = 1.7159;
/// Scaled tanh slope.
pub const STANH_S: f32 = 2.0 / 3.0;

pub(crate) use sn_array::multiversion;
use sn_array::simd::tanh as fast_tanh;

multiversion! {
    /// `y = A·tanh(S·x)` (LeCun's scaled tanh).
    pub fn stanh_fwd(x: &[f32], y: &mut [f32]) {
        for (o, &i) in y.iter_mut().zip(x) {
            *o = STANH_A * fast_tanh(STANH_S * i);
        }
    }
}

multiversion! {
    /// `dx += dy · f'(x)` for the scaled tanh, from its output `y`.
    pub fn stanh_bwd(y: &[f32], dy: &[f32], dx: &mut [f32]) {
        let c = STANH_S / STANH_A;
        for ((d, &o), &g) in dx.iter_mut().zip(y).zip(dy) {
            *d += g * c * (STANH_A * STANH_A - o * o);
        }
    }
}

multiversion! {
    /// `ddx += ddy · f'(x)²` for the scaled tanh, from its output `y`.
    pub fn stanh_bbwd(y: &[f32], ddy: &[f32], ddx: &mut [f32]) {
        let c = STANH_S / STANH_A;
        for ((d, &o), &g) in ddx.iter_mut().zip(y).zip(ddy) {
            let fp = c * (STANH_A * STANH_A - o * o);
            *d += g * fp * fp;
        }
    }
}

multiversion! {
    /// `y = tanh(x)`.
    pub fn tanh_fwd(x: &[f32], y: &mut [f32]) {
        for (o, &i) in y.iter_mut().zip(x) {
            *o = fast_tanh(i);
        }
    }
}

multiversion! {
    /// `dx += dy·(1 - y²)`; with `square`, `ddx += ddy·(1 - y²)²`.
    pub fn tanh_bwd(y: &[f32], dy: &[f32], dx: &mut [f32], square: bool) {
        for ((d, &o), &g) in dx.iter_mut().zip(y).zip(dy) {
            let fp = 1.0 - o * o;
            *d += g * if square { fp * fp } else { fp };
        }
    }
}

multiversion! {
    /// `y = 1/(1+exp(-x))`.
    pub fn logistic_fwd(x: &[f32], y: &mut [f32]) {
        for (o, &i) in y.iter_mut().zip(x) {
            *o = 0.5 + 0.5 * fast_tanh(0.5 * i);
        }
    }
}

multiversion! {
    /// `dx += dy·y(1-y)`; with `square`, `ddx += ddy·(y(1-y))²`.
    pub fn logistic_bwd(y: &[f32], dy: &[f32], dx: &mut [f32], square: bool) {
        for ((d, &o), &g) in dx.iter_mut().zip(y).zip(dy) {
            let fp = o * (1.0 - o);
            *d += g * if square { fp * fp } else { fp };
        }
    }
}

multiversion! {
    /// `y = max(x, 0)`.
    pub fn relu_fwd(x: &[f32], y: &mut [f32]) {
        for (o, &i) in y.iter_mut().zip(x) {
            *o = i.max(0.0);
        }
    }
}

multiversion! {
    /// `dx += dy·[y > 0]` (also the second-order rule, the factor being 0 or 1).
    pub fn relu_bwd(y: &[f32], dy: &[f32], dx: &mut [f32]) {
        for ((d, &o), &g) in dx.iter_mut().zip(y).zip(dy) {
            *d += if o > 0.0 { g } else { 0.0 };
        }
    }
}

multiversion! {
    /// `y += a·x`.
    pub fn axpy(a: f32, x: &[f32], y: &mut [f32]) {
        for (o, &i) in y.iter_mut().zip(x) {
            *o += a * i;
        }
    }
}

multiversion! {
    /// `Σ a_i·b_i`, with eight partial sums so that it vectorises.
    pub fn dot(a: &[f32], b: &[f32]) -> f32 {
        let n = a.len().min(b.len());
        let (a, b) = (&a[..n], &b[..n]);
        let mut acc = [0.0f32; 16];
        let mut ca = a.chunks_exact(16);
        let mut cb = b.chunks_exact(16);
        for (x, y) in (&mut ca).zip(&mut cb) {
            for i in 0..16 {
                acc[i] += x[i] * y[i];
            }
        }
        let mut s: f32 = acc.iter().sum();
        for (x, y) in ca.remainder().iter().zip(cb.remainder()) {
            s += x * y;
        }
        s
    }
}

multiversion! {
    /// `Σ x_i`, with partial sums.
    pub fn sum(x: &[f32]) -> f32 {
        let mut acc = [0.0f32; 16];
        let mut c = x.chunks_exact(16);
        for v in &mut c {
            for i in 0..16 {
                acc[i] += v[i];
            }
        }
        acc.iter().sum::<f32>() + c.remainder().iter().sum::<f32>()
    }
}

multiversion! {
    /// `y[i] = x[i]²`.
    pub fn square(x: &[f32], y: &mut [f32]) {
        for (o, &i) in y.iter_mut().zip(x) {
            *o = i * i;
        }
    }
}

multiversion! {
    /// SGD step `x -= η·ε·(dx + λx)` (`ε` = 1 unless `lm`), then `dx = 0`.
    pub fn sgd(x: &mut [f32], dx: &mut [f32], eps: &[f32], eta: f32, decay: f32, lm: bool) {
        for ((w, g), e) in x.iter_mut().zip(dx.iter_mut()).zip(eps) {
            let f = if lm { eta * e } else { eta };
            *w -= f * (*g + decay * *w);
            *g = 0.0;
        }
    }
}

multiversion! {
    /// SGD step with momentum: `v = μv − η·ε·(dx + λx)`, `x += v`, `dx = 0`.
    #[allow(clippy::too_many_arguments)]
    pub fn sgd_momentum(x: &mut [f32], dx: &mut [f32], eps: &[f32], v: &mut [f32], eta: f32, mom: f32, decay: f32, lm: bool) {
        for (((w, g), e), v) in x.iter_mut().zip(dx.iter_mut()).zip(eps).zip(v.iter_mut()) {
            let f = if lm { eta * e } else { eta };
            *v = mom * *v - f * (*g + decay * *w);
            *w += *v;
            *g = 0.0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_and_sum_match_naive() {
        let a: Vec<f32> = (0..37).map(|i| i as f32 * 0.5).collect();
        let b: Vec<f32> = (0..37).map(|i| 1.0 - i as f32 * 0.1).collect();
        let naive: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
        assert!((dot(&a, &b) - naive).abs() < 1e-3);
        assert!((sum(&a) - a.iter().sum::<f32>()).abs() < 1e-3);
    }
}
