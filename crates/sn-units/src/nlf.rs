//! Non-linear functions (NLF) of the units and their derivatives.
//!
//! An [`Nlf`] is one scalar function: a shape ([`NlfKind`]) and an order
//! (0 = the function, 1 = its first derivative, 2 = its second). SN2.8 kept
//! `nlf`, `dnlf` and `ddnlf` as three separate objects; so does sn.

use crate::error::{Result, UnitsError};

/// The shapes of non-linear function.
#[derive(Debug, Clone, PartialEq)]
pub enum NlfKind {
    /// `a·tanh(b·x) + c·x + d`.
    Tanh { a: f32, b: f32, c: f32, d: f32 },
    /// `a·x + b`.
    Lin { a: f32, b: f32 },
    /// Slope `dmax` on `[-th, th]`, slope `dmin` outside (continuous).
    Piecewise { dmin: f32, dmax: f32, th: f32 },
    /// `hi` when `x > th`, `lo` otherwise.
    Threshold { lo: f32, hi: f32, th: f32 },
    /// `(1 - x²)³` on `[-1, 1]`, 0 outside.
    Bell,
    /// Piecewise-linear interpolation through the knots `(xs, ys)`, constant
    /// beyond the ends.
    Spline { xs: Vec<f32>, ys: Vec<f32> },
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

impl Nlf {
    /// A function of the given shape and derivative order.
    ///
    /// # Errors
    /// [`UnitsError::Domain`] if `order > 2` or a spline's knots are empty,
    /// of different lengths or not increasing.
    pub fn new(kind: NlfKind, order: u8) -> Result<Nlf> {
        if order > 2 {
            return Err(UnitsError::Domain {
                op: "nlf",
                what: format!("derivative order {order}"),
            });
        }
        if let NlfKind::Spline { xs, ys } = &kind {
            let ok = !xs.is_empty() && xs.len() == ys.len() && xs.windows(2).all(|w| w[0] < w[1]);
            if !ok {
                return Err(UnitsError::Domain {
                    op: "nlf-f-spline",
                    what: "knots must be non-empty, of equal lengths, with increasing x".into(),
                });
            }
        }
        Ok(Nlf { kind, order })
    }

    /// The scaled hyperbolic tangent `1.7159·tanh(2x/3)` of order `order`.
    pub fn default_tanh(order: u8) -> Nlf {
        let kind = NlfKind::Tanh {
            a: 1.7159,
            b: 2.0 / 3.0,
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
        match (&self.kind, self.order) {
            (NlfKind::Tanh { a, b, c, d }, o) => tanh_family(*a, *b, *c, *d, x, o),
            (NlfKind::Lin { a, b }, 0) => a * x + b,
            (NlfKind::Lin { a, .. }, 1) => *a,
            (NlfKind::Piecewise { dmin, dmax, th }, o) => piecewise(*dmin, *dmax, *th, x, o),
            (NlfKind::Threshold { lo, hi, th }, 0) => {
                if x > *th {
                    *hi
                } else {
                    *lo
                }
            }
            (NlfKind::Bell, o) => bell(x, o),
            (NlfKind::Spline { xs, ys }, o) => spline(xs, ys, x, o),
            _ => 0.0,
        }
    }
}

impl ScalarFn for Nlf {
    fn eval(&mut self, x: f32) -> Result<f32> {
        Ok(self.value(x))
    }
}

/// `tanh` as a rational function (13/6) of x, clamped where tanh is ±1 in
/// single precision: a few ulp from the exact value, several times faster
/// than the C library.
pub fn fast_tanh(x: f32) -> f32 {
    if x.abs() < 4e-4 {
        return x;
    }
    let x = x.clamp(-7.905_311, 7.905_311);
    let x2 = x * x;
    let mut p = -2.760_768_5e-16f32;
    p = p * x2 + 2.000_188e-13;
    p = p * x2 - 8.604_672e-11;
    p = p * x2 + 5.122_297e-8;
    p = p * x2 + 1.485_722_4e-5;
    p = p * x2 + 6.372_619_3e-4;
    p = p * x2 + 4.893_524_6e-3;
    let mut q = 1.198_258_4e-6f32;
    q = q * x2 + 1.185_347_1e-4;
    q = q * x2 + 2.268_434_6e-3;
    q = q * x2 + 4.893_525e-3;
    x * p / q
}

fn tanh_family(a: f32, b: f32, c: f32, d: f32, x: f32, order: u8) -> f32 {
    let t = fast_tanh(b * x);
    match order {
        0 => a * t + c * x + d,
        1 => a * b * (1.0 - t * t) + c,
        _ => -2.0 * a * b * b * t * (1.0 - t * t),
    }
}

fn piecewise(dmin: f32, dmax: f32, th: f32, x: f32, order: u8) -> f32 {
    let inside = x.abs() <= th;
    match order {
        0 if inside => dmax * x,
        0 => dmax * th * x.signum() + dmin * (x - th * x.signum()),
        1 if inside => dmax,
        1 => dmin,
        _ => 0.0,
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

fn spline(xs: &[f32], ys: &[f32], x: f32, order: u8) -> f32 {
    let n = xs.len();
    if n == 1 || x <= xs[0] {
        return if order == 0 { ys[0] } else { 0.0 };
    }
    if x >= xs[n - 1] {
        return if order == 0 { ys[n - 1] } else { 0.0 };
    }
    let i = xs.partition_point(|&k| k <= x).saturating_sub(1).min(n - 2);
    let slope = (ys[i + 1] - ys[i]) / (xs[i + 1] - xs[i]);
    match order {
        0 => ys[i] + slope * (x - xs[i]),
        1 => slope,
        _ => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_derivatives(kind: NlfKind, xs: &[f32]) {
        let f = Nlf::new(kind.clone(), 0).unwrap();
        let df = Nlf::new(kind.clone(), 1).unwrap();
        let ddf = Nlf::new(kind, 2).unwrap();
        let h = 1e-3f64;
        for &x in xs {
            let fd1 = (f.value(x + h as f32) as f64 - f.value(x - h as f32) as f64) / (2.0 * h);
            assert!(
                (fd1 - df.value(x) as f64).abs() < 2e-2,
                "f' at {x}: {fd1} vs {}",
                df.value(x)
            );
            let fd2 = (df.value(x + h as f32) as f64 - df.value(x - h as f32) as f64) / (2.0 * h);
            assert!(
                (fd2 - ddf.value(x) as f64).abs() < 5e-2,
                "f'' at {x}: {fd2} vs {}",
                ddf.value(x)
            );
        }
    }

    #[test]
    fn tanh_derivatives_match_finite_differences() {
        let k = NlfKind::Tanh {
            a: 1.7159,
            b: 0.666,
            c: 0.1,
            d: 0.2,
        };
        check_derivatives(k, &[-2.0, -0.5, 0.0, 0.3, 1.5]);
    }

    #[test]
    fn bell_and_piecewise_derivatives() {
        check_derivatives(NlfKind::Bell, &[-0.7, -0.2, 0.1, 0.5]);
        check_derivatives(
            NlfKind::Piecewise {
                dmin: 0.1,
                dmax: 1.0,
                th: 1.0,
            },
            &[-2.0, 0.5, 3.0],
        );
    }

    #[test]
    fn spline_interpolates_and_validates() {
        let k = NlfKind::Spline {
            xs: vec![-1.0, 0.0, 2.0],
            ys: vec![-1.0, 0.0, 1.0],
        };
        let f = Nlf::new(k, 0).unwrap();
        assert_eq!(f.value(1.0), 0.5);
        assert_eq!(f.value(-5.0), -1.0);
        let bad = NlfKind::Spline {
            xs: vec![1.0, 0.0],
            ys: vec![0.0, 0.0],
        };
        assert!(Nlf::new(bad, 0).is_err());
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
    fn default_tanh_maps_one_near_one() {
        assert!((Nlf::default_tanh(0).value(1.0) - 1.0).abs() < 1e-3);
    }
}
