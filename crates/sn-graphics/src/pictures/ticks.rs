//! Axis ticks at "nice" values (1, 2 or 5 times a power of ten) and their labels.

/// Tick values covering `[lo, hi]`: at most about `target` ticks, at multiples
/// of a step of 1, 2 or 5 times a power of ten, all within `[lo, hi]`.
/// A degenerate or non-finite range gives the ticks of a unit range around it.
pub fn nice_ticks(lo: f64, hi: f64, target: usize) -> (Vec<f64>, f64) {
    let (lo, hi) = widen(lo, hi);
    let step = nice_step((hi - lo) / target.max(2) as f64);
    let first = (lo / step).ceil();
    let last = (hi / step).floor();
    let count = ((last - first) as usize).min(1000);
    let ticks = (0..=count).map(|k| (first + k as f64) * step).collect();
    (ticks, step)
}

/// A range with `lo < hi`, both finite.
pub fn widen(lo: f64, hi: f64) -> (f64, f64) {
    match (lo.is_finite(), hi.is_finite()) {
        (true, true) if hi > lo => (lo, hi),
        (true, true) if hi == lo => (
            lo - 0.5_f64.max(lo.abs() * 0.1),
            hi + 0.5_f64.max(hi.abs() * 0.1),
        ),
        (true, true) => (hi, lo),
        _ => (0.0, 1.0),
    }
}

/// The smallest of 1, 2, 5 times a power of ten that is at least `raw`.
fn nice_step(raw: f64) -> f64 {
    let p = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * p)
        .find(|&s| s >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * p)
}

/// The label of a tick value given the step between ticks: as few decimals as
/// the step needs, exponent notation for very large or small values.
pub fn tick_label(v: f64, step: f64) -> String {
    let v = if v.abs() < step * 1e-9 { 0.0 } else { v };
    let a = v.abs();
    if a != 0.0 && !(1e-3..1e6).contains(&a) {
        return format!("{v:.0e}");
    }
    let decimals = (-step.log10().floor()).clamp(0.0, 6.0) as usize;
    format!("{v:.decimals$}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_nice_and_inside() {
        let (t, step) = nice_ticks(0.0, 1.0, 5);
        assert_eq!(step, 0.2);
        assert_eq!(t.len(), 6);
        assert!((t[5] - 1.0).abs() < 1e-12);
        let (t, step) = nice_ticks(3.0, 97.0, 5);
        assert_eq!(step, 20.0);
        assert_eq!(t, vec![20.0, 40.0, 60.0, 80.0]);
        let (t, _) = nice_ticks(5.0, 5.0, 4);
        assert!(!t.is_empty());
        let (t, _) = nice_ticks(f64::NAN, 1.0, 4);
        assert!(!t.is_empty());
    }

    #[test]
    fn labels() {
        assert_eq!(tick_label(0.4, 0.2), "0.4");
        assert_eq!(tick_label(40.0, 20.0), "40");
        assert_eq!(tick_label(1e-17, 0.1), "0.0");
        assert_eq!(tick_label(2e7, 1e7), "2e7");
    }
}
