//! Non-linear functions (NLF) of the units and their derivatives, with
//! SN2.8's shapes and arithmetic (`src/nlf.c`): every parametric shape
//! takes four numbers `A B C D`.
//!
//! An [`Nlf`] is one scalar function: a shape ([`NlfKind`]) and an order
//! (0 = the function, 1 = its first derivative, 2 = its second). SN2.8 kept
//! `nlf`, `dnlf` and `ddnlf` as three separate objects; so does sn.

use crate::error::{Result, UnitsError};

/// The shapes of non-linear function.
#[derive(Debug, Clone, PartialEq)]
pub enum NlfKind {
    /// Always 0 (`nlf-f-0`).
    Zero,
    /// `A·tanh(B·x) + C·x + D`.
    Tanh {
        /// `A`: the amplitude of the tanh.
        a: f32,
        /// `B`: the gain inside the tanh.
        b: f32,
        /// `C`: the slope of the added linear term.
        c: f32,
        /// `D`: the offset.
        d: f32,
    },
    /// `(A·B + C)·x + D`.
    Lin {
        /// `A`: multiplies `B` in the slope.
        a: f32,
        /// `B`: multiplies `A` in the slope.
        b: f32,
        /// `C`: added to the slope.
        c: f32,
        /// `D`: the offset.
        d: f32,
    },
    /// `A·clip(B·x) + C·x + D`, clip bounding to `[-1, 1]`.
    Piecewise {
        /// `A`: the height of the clipped part.
        a: f32,
        /// `B`: the gain before clipping.
        b: f32,
        /// `C`: the slope of the added linear term.
        c: f32,
        /// `D`: the offset.
        d: f32,
    },
    /// `A·s + C·x + D` with `s = 1` when `B·x ≥ 0`, `-1` otherwise.
    Threshold {
        /// `A`: the height of the step.
        a: f32,
        /// `B`: the sign of `B·x` picks the side of the step.
        b: f32,
        /// `C`: the slope of the added linear term.
        c: f32,
        /// `D`: the offset.
        d: f32,
    },
    /// `(1 - x²)³` on `[-1, 1]`, 0 outside.
    Bell,
    /// Natural cubic spline through the knots, linear beyond the ends.
    Spline(Spline),
    /// The derivative (`second` false) or second derivative of another
    /// function by central finite differences (`nlf-df-all`,
    /// `nlf-ddf-all`): steps 1/256 and 1/128 as in SN2.8.
    FiniteDiff {
        /// The function differentiated.
        of: Box<Nlf>,
        /// The second derivative when true, the first when false.
        second: bool,
    },
}

/// A natural cubic spline: knots and second derivatives at the knots.
#[derive(Debug, Clone, PartialEq)]
pub struct Spline {
    xs: Vec<f32>,
    ys: Vec<f32>,
    y2: Vec<f32>,
}

impl Spline {
    /// The natural spline (zero second derivative at both ends) through
    /// `(xs, ys)`.
    ///
    /// # Errors
    /// [`UnitsError::Domain`] unless there are at least two knots, as many
    /// x as y, with increasing x.
    pub fn new(xs: Vec<f32>, ys: Vec<f32>) -> Result<Spline> {
        let ok = xs.len() >= 2 && xs.len() == ys.len() && xs.windows(2).all(|w| w[0] < w[1]);
        if !ok {
            return Err(UnitsError::Domain {
                op: "nlf-f-spline",
                what: "knots must be at least two, as many x as y, with increasing x".into(),
            });
        }
        let n = xs.len();
        let (mut y2, mut u) = (vec![0f32; n], vec![0f32; n]);
        for i in 1..n - 1 {
            let sig = (xs[i] - xs[i - 1]) / (xs[i + 1] - xs[i - 1]);
            let p = sig * y2[i - 1] + 2.0;
            y2[i] = (sig - 1.0) / p;
            let slope = (ys[i + 1] - ys[i]) / (xs[i + 1] - xs[i])
                - (ys[i] - ys[i - 1]) / (xs[i] - xs[i - 1]);
            u[i] = (6.0 * slope / (xs[i + 1] - xs[i - 1]) - sig * u[i - 1]) / p;
        }
        for i in (0..n - 1).rev() {
            y2[i] = y2[i] * y2[i + 1] + u[i];
        }
        Ok(Spline { xs, ys, y2 })
    }

    /// The spline (order 0) or its derivatives at `x`.
    fn value(&self, x: f32, order: u8) -> f32 {
        let (xs, ys, y2) = (&self.xs, &self.ys, &self.y2);
        let n = xs.len();
        let hi = xs.partition_point(|&k| k <= x).clamp(1, n - 1);
        let lo = hi - 1;
        let h = xs[hi] - xs[lo];
        let secant = (ys[hi] - ys[lo]) / h;
        if (lo == 0 && x < xs[0]) || (hi == n - 1 && x > xs[n - 1]) {
            let end = if x < xs[0] { 0 } else { n - 1 };
            return match order {
                0 => ys[end] + secant * (x - xs[end]),
                1 => secant,
                _ => 0.0,
            };
        }
        let a = (xs[hi] - x) / h;
        let b = 1.0 - a;
        match order {
            0 => {
                let h6 = h * h / 6.0;
                a * ys[lo]
                    + b * ys[hi]
                    + (a * a * a - a) * h6 * y2[lo]
                    + (b * b * b - b) * h6 * y2[hi]
            }
            1 => secant + ((3.0 * b * b - 1.0) * y2[hi] - (3.0 * a * a - 1.0) * y2[lo]) * h / 6.0,
            _ => a * y2[lo] + b * y2[hi],
        }
    }
}

/// A scalar function evaluated on the weighted sums of units.
pub trait ScalarFn {
    /// Evaluates the function at `x`.
    ///
    /// # Errors
    /// User-defined functions may fail ([`UnitsError::Callback`]).
    fn eval(&mut self, x: f32) -> Result<f32>;
}

/// One non-linear function or one of its derivatives.
#[derive(Debug, Clone, PartialEq)]
pub struct Nlf {
    /// The shape.
    pub kind: NlfKind,
    /// 0: the function, 1: first derivative, 2: second derivative.
    pub order: u8,
}

/// Steps of SN2.8's finite-difference derivatives.
const DF_STEP: f32 = 1.0 / 256.0;
const DDF_STEP: f32 = 1.0 / 128.0;

impl Nlf {
    /// A function of the given shape and derivative order.
    ///
    /// # Errors
    /// [`UnitsError::Domain`] if `order > 2`.
    pub fn new(kind: NlfKind, order: u8) -> Result<Nlf> {
        if order > 2 {
            return Err(UnitsError::Domain {
                op: "nlf",
                what: format!("derivative order {order}"),
            });
        }
        Ok(Nlf { kind, order })
    }

    /// SN2.8's default: `(nlf-tanh 0.66666666 0)`, that is
    /// `A·tanh(0.66666666·x)` with A = 1/tanh(0.66666666) ≈ 1.7159, of order
    /// `order`.
    #[allow(clippy::excessive_precision)] // SN2.8's constant as it wrote it
    pub fn default_tanh(order: u8) -> Nlf {
        let b = 0.666_666_66f32;
        let kind = NlfKind::Tanh {
            a: 1.0 / fast_tanh(b),
            b,
            c: 0.0,
            d: 0.0,
        };
        Nlf {
            kind,
            order: order.min(2),
        }
    }

    /// Evaluates without error (every built-in shape is total).
    pub fn value(&self, x: f32) -> f32 {
        let o = self.order;
        match &self.kind {
            NlfKind::Zero => 0.0,
            NlfKind::Tanh { a, b, c, d } => tanh_family(*a, *b, *c, *d, x, o),
            NlfKind::Lin { a, b, c, d } => match o {
                0 => (a * b + c) * x + d,
                1 => a * b + c,
                _ => 0.0,
            },
            NlfKind::Piecewise { a, b, c, d } => {
                let y = b * x;
                match o {
                    0 => a * y.clamp(-1.0, 1.0) + c * x + d,
                    1 if y.abs() < 1.0 => a * b + c,
                    1 => *c,
                    _ => 0.0,
                }
            }
            NlfKind::Threshold { a, b, c, d } => match o {
                0 => a * if b * x >= 0.0 { 1.0 } else { -1.0 } + c * x + d,
                1 => *c,
                _ => 0.0,
            },
            NlfKind::Bell => bell(x, o),
            NlfKind::Spline(s) => s.value(x, o),
            NlfKind::FiniteDiff { of, second: false } => {
                (of.value(x + DF_STEP) - of.value(x - DF_STEP)) / (2.0 * DF_STEP)
            }
            NlfKind::FiniteDiff { of, second: true } => {
                let s = of.value(x - DDF_STEP) + of.value(x + DDF_STEP) - 2.0 * of.value(x);
                s / (DDF_STEP * DDF_STEP)
            }
        }
    }
}

impl ScalarFn for Nlf {
    fn eval(&mut self, x: f32) -> Result<f32> {
        Ok(self.value(x))
    }
}
/// `tanh` as a rational function of x, a few ulp from the exact value and
/// several times faster than the C library: sn's one tanh,
/// `sn_array::simd::tanh` (named without a link: rustdoc 1.95 crashes on
/// an intra-doc link in the documentation of a re-export).
pub use sn_array::simd::tanh as fast_tanh;

fn tanh_family(a: f32, b: f32, c: f32, d: f32, x: f32, order: u8) -> f32 {
    let t = fast_tanh(b * x);
    match order {
        0 => a * t + c * x + d,
        1 => a * b * (1.0 - t * t) + c,
        _ => -2.0 * a * b * b * t * (1.0 - t * t),
    }
}

fn bell(x: f32, order: u8) -> f32 {
    if x.abs() >= 1.0 {
        return 0.0;
    }
    let u = 1.0 - x * x;
    match order {
        0 => u * u * u,
        1 => -6.0 * x * u * u,
        _ => -6.0 * u * u + 24.0 * x * x * u,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fd(f: &Nlf, x: f32) -> f64 {
        let h = 1e-3f64;
        (f.value((x as f64 + h) as f32) as f64 - f.value((x as f64 - h) as f32) as f64) / (2.0 * h)
    }

    /// Checks f' and f'' of `kind` against finite differences at `xs`.
    fn check_derivatives(kind: NlfKind, xs: &[f32]) {
        let f = Nlf::new(kind.clone(), 0).unwrap();
        let df = Nlf::new(kind.clone(), 1).unwrap();
        let ddf = Nlf::new(kind, 2).unwrap();
        for &x in xs {
            let (d1, d2) = (df.value(x) as f64, ddf.value(x) as f64);
            assert!(
                (fd(&f, x) - d1).abs() < 2e-2,
                "f' at {x}: {} vs {d1}",
                fd(&f, x)
            );
            assert!(
                (fd(&df, x) - d2).abs() < 5e-2,
                "f'' at {x}: {} vs {d2}",
                fd(&df, x)
            );
        }
    }

    #[test]
    fn parametric_derivatives_match_finite_differences() {
        let (a, b, c, d) = (1.7159, 0.666, 0.1, 0.2);
        let pts = [-2.0, -0.5, 0.0, 0.3, 1.5];
        check_derivatives(NlfKind::Tanh { a, b, c, d }, &pts);
        check_derivatives(NlfKind::Lin { a, b, c, d }, &pts);
        // away from the kinks of the clip (|B·x| = 1) and the step (x = 0)
        check_derivatives(
            NlfKind::Piecewise { a, b: 0.5, c, d },
            &[-3.0, -1.0, 0.5, 1.5, 4.0],
        );
        check_derivatives(NlfKind::Threshold { a, b, c, d }, &[-2.0, -0.5, 0.3, 1.5]);
        check_derivatives(NlfKind::Bell, &[-0.7, -0.2, 0.1, 0.5]);
        check_derivatives(NlfKind::Zero, &pts);
    }

    #[test]
    fn spline_is_natural_cubic_with_linear_ends() {
        let s = Spline::new(vec![-1.0, 0.0, 2.0, 3.0], vec![-1.0, 0.5, 1.0, 0.0]).unwrap();
        let k = NlfKind::Spline(s);
        check_derivatives(k.clone(), &[-0.5, 0.3, 1.0, 2.5, -3.0, 5.0]);
        let f = Nlf::new(k.clone(), 0).unwrap();
        let ddf = Nlf::new(k, 2).unwrap();
        for (x, y) in [(-1.0, -1.0), (0.0, 0.5), (2.0, 1.0), (3.0, 0.0)] {
            assert!((f.value(x) - y).abs() < 1e-6, "knot {x}");
        }
        assert!(ddf.value(-1.0).abs() < 1e-6 && ddf.value(3.0).abs() < 1e-6);
        assert!(
            (f.value(-2.0) - (-2.5)).abs() < 1e-5,
            "linear beyond the ends"
        );
        assert!(Spline::new(vec![1.0, 0.0], vec![0.0, 0.0]).is_err());
        assert!(Spline::new(vec![1.0], vec![0.0]).is_err());
    }

    #[test]
    fn finite_difference_nlfs_follow_the_analytic_ones() {
        let k = NlfKind::Tanh {
            a: 1.7159,
            b: 0.6667,
            c: 0.0,
            d: 0.0,
        };
        let f = Nlf::new(k.clone(), 0).unwrap();
        let of = Box::new(f);
        let df = Nlf::new(
            NlfKind::FiniteDiff {
                of: of.clone(),
                second: false,
            },
            1,
        )
        .unwrap();
        let ddf = Nlf::new(NlfKind::FiniteDiff { of, second: true }, 2).unwrap();
        for x in [-2.0f32, -0.4, 0.0, 0.9, 2.5] {
            let d1 = Nlf::new(k.clone(), 1).unwrap().value(x);
            let d2 = Nlf::new(k.clone(), 2).unwrap().value(x);
            assert!((df.value(x) - d1).abs() < 1e-3, "df-all at {x}");
            assert!(
                (ddf.value(x) - d2).abs() < 2e-2,
                "ddf-all at {x}: {} vs {d2}",
                ddf.value(x)
            );
        }
    }

    #[test]
    fn fast_tanh_is_close_to_tanh() {
        let mut worst = 0.0f64;
        for i in -20000..=20000 {
            let x = i as f32 * 1e-3;
            let err = (fast_tanh(x) as f64 - (x as f64).tanh()).abs();
            worst = worst.max(err);
        }
        assert!(worst < 1e-6, "worst error {worst}");
    }

    #[test]
    fn default_tanh_is_sn28s() {
        let f = Nlf::default_tanh(0);
        assert!((f.value(1.0) - 1.0).abs() < 1e-6);
        let NlfKind::Tanh { a, .. } = f.kind else {
            panic!()
        };
        assert!((a - 1.7159).abs() < 1e-4, "{a}");
    }
}
