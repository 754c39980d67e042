//! Classification criteria of netenv (`set-class-*`).

/// A criterion deciding whether the outputs answer the desired values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Class {
    /// Every output on the same side of 0 as its desired value.
    Quadrant,
    /// The most active output is the most active desired one.
    Max,
    /// Outputs above `tmax` count +1, below `tmin` −1, else undecided;
    /// all must match the sign of the desired values.
    Sgn { tmin: f32, tmax: f32 },
    /// Mean squared distance below `margin`.
    Lms { margin: f32 },
    /// No output farther than `margin` from its desired value.
    Hamming { margin: f32 },
    /// No classification: never good.
    Nil,
}

fn argmax(v: &[f32]) -> usize {
    let mut best = 0;
    for (i, &x) in v.iter().enumerate() {
        if x > v[best] {
            best = i;
        }
    }
    best
}

impl Class {
    /// Whether `out` answers `des` (slices of equal length).
    pub fn good(&self, out: &[f32], des: &[f32]) -> bool {
        let pairs = || out.iter().zip(des);
        match *self {
            Class::Quadrant => pairs().all(|(&o, &d)| (o > 0.0) == (d > 0.0)),
            Class::Max => !out.is_empty() && argmax(out) == argmax(des),
            Class::Sgn { tmin, tmax } => {
                pairs().all(|(&o, &d)| if d > 0.0 { o > tmax } else { o < tmin })
            }
            Class::Lms { margin } => {
                let n = out.len().max(1) as f32;
                pairs().map(|(&o, &d)| (o - d) * (o - d)).sum::<f32>() / n < margin
            }
            Class::Hamming { margin } => pairs().all(|(&o, &d)| (o - d).abs() <= margin),
            Class::Nil => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn criteria() {
        assert!(Class::Quadrant.good(&[0.5, -0.2], &[1.0, -1.0]));
        assert!(!Class::Quadrant.good(&[0.5, 0.2], &[1.0, -1.0]));
        assert!(Class::Max.good(&[0.1, 0.9, 0.3], &[-1.0, 1.0, -1.0]));
        assert!(!Class::Max.good(&[0.9, 0.1, 0.3], &[-1.0, 1.0, -1.0]));
        assert!(Class::Sgn {
            tmin: -0.5,
            tmax: 0.5
        }
        .good(&[0.6, -0.6], &[1.0, -1.0]));
        assert!(!Class::Sgn {
            tmin: -0.5,
            tmax: 0.5
        }
        .good(&[0.4, -0.6], &[1.0, -1.0]));
        assert!(Class::Hamming { margin: 0.5 }.good(&[0.6], &[1.0]));
        assert!(!Class::Nil.good(&[1.0], &[1.0]));
    }
}
