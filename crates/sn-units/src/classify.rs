//! Classification criteria of netenv (`set-class-*`).

/// A criterion deciding whether the outputs answer the desired values,
/// with SN2.8's rules (`class-*` of `lib/netenv.sn`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Class {
    /// TL3's `quadrant-dist` is 0: no desired value `d > 0` with output
    /// `o <= 0`, nor `d < 0` with `o >= 0` (`d = 0` accepts anything).
    Quadrant,
    /// The outputs and the desired values have the same positions of their
    /// maximum (all of them, when it is reached more than once).
    Max,
    /// Every output on the same side as its desired value of both `tmin`
    /// and `tmax` (comparing the signs of `x − t`, 0 included).
    Sgn {
        /// The lower threshold.
        tmin: f32,
        /// The upper threshold.
        tmax: f32,
    },
    /// Mean squared distance below `margin`.
    Lms {
        /// The largest mean squared distance that is still wrong.
        margin: f32,
    },
    /// No output farther than `margin` from its desired value.
    Hamming {
        /// The largest distance allowed between an output and its desired value.
        margin: f32,
    },
    /// No classification: always good.
    Nil,
}

/// The positions where `v` reaches its maximum.
fn argmax(v: &[f32]) -> Vec<usize> {
    let m = v.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    (0..v.len()).filter(|&i| v[i] == m).collect()
}

fn sgn(x: f32) -> i8 {
    (x > 0.0) as i8 - (x < 0.0) as i8
}

impl Class {
    /// Whether `out` answers `des` (slices of equal length).
    pub fn good(&self, out: &[f32], des: &[f32]) -> bool {
        let pairs = || out.iter().zip(des);
        match *self {
            Class::Quadrant => {
                pairs().all(|(&o, &d)| !((d > 0.0 && o <= 0.0) || (d < 0.0 && o >= 0.0)))
            }
            Class::Max => argmax(out) == argmax(des),
            Class::Sgn { tmin, tmax } => pairs()
                .all(|(&o, &d)| sgn(d - tmin) == sgn(o - tmin) && sgn(d - tmax) == sgn(o - tmax)),
            Class::Lms { margin } => {
                let n = out.len().max(1) as f32;
                pairs().map(|(&o, &d)| (o - d) * (o - d)).sum::<f32>() / n < margin
            }
            Class::Hamming { margin } => pairs().all(|(&o, &d)| (o - d).abs() <= margin),
            Class::Nil => true,
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
        assert!(Class::Nil.good(&[1.0], &[-1.0]));
        // SN2.8's quadrant rule: an output at 0 is wrong, a desired 0 is
        // answered by anything
        assert!(!Class::Quadrant.good(&[0.0], &[1.0]));
        assert!(!Class::Quadrant.good(&[0.0], &[-1.0]));
        assert!(Class::Quadrant.good(&[-3.0], &[0.0]));
        // ties of the maximum must be the same positions
        assert!(!Class::Max.good(&[0.5, 0.5], &[1.0, -1.0]));
        assert!(Class::Max.good(&[0.5, 0.5], &[1.0, 1.0]));
    }
}
