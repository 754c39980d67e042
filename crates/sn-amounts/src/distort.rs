//! Random distortions of digit glyphs for training fields, after Simard,
//! Steinkraus and Platt (2003): a random affine map per glyph and a mild
//! elastic distortion (a smoothed random displacement field), applied
//! while the MNIST crop is resampled (bilinear), before the glyph is
//! placed.
//!
//! At distortion `a` in (0, [`MAX_DISTORT`]] (the ranges scale linearly with
//! `a`; the figures below are those of `a` = 1):
//! * shear in x: `x += k y`, k uniform in ±[`SHEAR`] a;
//! * rotation: uniform in ±[`ROTATE_DEG`] a degrees;
//! * x and y scales: independent, uniform in 1 ± [`SCALE`] a;
//! * elastic: per output pixel a displacement uniform in [-1, 1] in x and
//!   y, smoothed by a Gaussian of σ = [`ELASTIC_SIGMA`] pixels and scaled
//!   by α = [`ELASTIC_ALPHA`] a (about 0.8 pixel RMS at a = 1).
//!
//! Only the ink box of the MNIST digit is sampled (as for undistorted
//! glyphs). The glyph keeps its centre (so its baseline moves with it by at most a
//! pixel or two), is trimmed to its ink and kept inside the field's rows.

use crate::digits::DigitSet;
use crate::rng::Rng;
use crate::strokes::{bilinear, Glyph};
use crate::HEIGHT;

/// Largest accepted distortion strength (at 3: rotations up to 24
/// degrees, scales 0.7 to 1.3, shear up to 0.75).
pub const MAX_DISTORT: f64 = 3.0;
/// Largest shear in x (at distortion 1).
pub const SHEAR: f64 = 0.25;
/// Largest rotation in degrees (at distortion 1).
pub const ROTATE_DEG: f64 = 8.0;
/// Largest relative change of the x and y scales (at distortion 1).
pub const SCALE: f64 = 0.1;
/// Standard deviation of the Gaussian smoothing the displacements, in pixels.
pub const ELASTIC_SIGMA: f64 = 4.0;
/// Scale of the smoothed displacements (at distortion 1).
pub const ELASTIC_ALPHA: f64 = 20.0;
/// Blank margin around the affine image of the glyph for the elastic shift.
const PAD: usize = 2;

/// The forward linear map (output offset = m · glyph offset), row-major.
fn affine(rng: &mut Rng, a: f64) -> [f64; 4] {
    let k = rng.range(-SHEAR, SHEAR) * a;
    let t = rng.range(-ROTATE_DEG, ROTATE_DEG).to_radians() * a;
    let sx = 1.0 + rng.range(-SCALE, SCALE) * a;
    let sy = 1.0 + rng.range(-SCALE, SCALE) * a;
    let (c, s) = (t.cos(), t.sin());
    // rotation · shear · diag(sx, sy); shear = [[1, k], [0, 1]].
    [c * sx, (c * k - s) * sy, s * sx, (s * k + c) * sy]
}

/// A `h x w` displacement map: uniform noise smoothed by a Gaussian of
/// σ = ELASTIC_SIGMA (zero outside), times `alpha`.
fn displacement(rng: &mut Rng, h: usize, w: usize, alpha: f64) -> Vec<f64> {
    let noise: Vec<f64> = (0..h * w).map(|_| rng.range(-1.0, 1.0)).collect();
    let r = (3.0 * ELASTIC_SIGMA).ceil() as i64;
    let kernel: Vec<f64> = (-r..=r)
        .map(|d| (-(d * d) as f64 / (2.0 * ELASTIC_SIGMA * ELASTIC_SIGMA)).exp())
        .collect();
    let norm: f64 = kernel.iter().sum();
    let pass = |src: &[f64], along_x: bool| -> Vec<f64> {
        let mut out = vec![0.0; h * w];
        for y in 0..h {
            for x in 0..w {
                let mut acc = 0.0;
                for (j, kv) in kernel.iter().enumerate() {
                    let d = j as i64 - r;
                    let (yy, xx) = if along_x {
                        (y as i64, x as i64 + d)
                    } else {
                        (y as i64 + d, x as i64)
                    };
                    if yy >= 0 && xx >= 0 && (yy as usize) < h && (xx as usize) < w {
                        acc += kv * src[yy as usize * w + xx as usize];
                    }
                }
                out[y * w + x] = acc / norm;
            }
        }
        out
    };
    pass(&pass(&noise, true), false)
        .into_iter()
        .map(|v| v * alpha)
        .collect()
}

/// Digit `i` of `set` as [`crate::strokes::digit`] draws it (larger side
/// `size`, width times `aspect`, bottom row at `bottom`), distorted by a
/// random affine map and elastic field of strength `a` in
/// (0, [`MAX_DISTORT`]] drawn
/// from `rng`.
pub(crate) fn distorted_digit(
    set: &DigitSet,
    i: usize,
    size: usize,
    aspect: f64,
    bottom: i64,
    rng: &mut Rng,
    a: f64,
) -> Glyph {
    let [r0, r1, c0, c1] = set.ink_box(i);
    let img = set.image(i);
    let s = size as f64 / (r1 - r0).max(c1 - c0) as f64;
    let sx = s * aspect;
    let (h0, w0) = ((r1 - r0) as f64 * s, (c1 - c0) as f64 * sx);
    let m = affine(rng, a);
    let ext_x = m[0].abs() * w0 / 2.0 + m[1].abs() * h0 / 2.0;
    let ext_y = m[2].abs() * w0 / 2.0 + m[3].abs() * h0 / 2.0;
    let w = (2.0 * ext_x).ceil() as usize + 2 * PAD;
    let h = (2.0 * ext_y).ceil() as usize + 2 * PAD;
    let dx = displacement(rng, h, w, ELASTIC_ALPHA * a);
    let dy = displacement(rng, h, w, ELASTIC_ALPHA * a);
    let det = m[0] * m[3] - m[1] * m[2];
    let inv = [m[3] / det, -m[1] / det, -m[2] / det, m[0] / det];
    let mut ink = vec![0f32; h * w];
    for y in 0..h {
        for x in 0..w {
            let p = y * w + x;
            let ox = x as f64 + 0.5 - w as f64 / 2.0 + dx[p];
            let oy = y as f64 + 0.5 - h as f64 / 2.0 + dy[p];
            let gx = inv[0] * ox + inv[1] * oy + w0 / 2.0;
            let gy = inv[2] * ox + inv[3] * oy + h0 / 2.0;
            // Inside the crop of the undistorted glyph only (as `digit`).
            if (0.0..w0).contains(&gx) && (0.0..h0).contains(&gy) {
                let v = bilinear(img, r0 as f64 + gy / s - 0.5, c0 as f64 + gx / sx - 0.5);
                ink[p] = v.clamp(0.0, 1.0) as f32;
            }
        }
    }
    let centre = (bottom + 1) as f64 - h0 / 2.0;
    let top = (centre - h as f64 / 2.0).round() as i64;
    trim(Glyph { w, h, top, ink })
}

/// The glyph cut to the rows and columns holding ink, moved inside the
/// field's rows when it sticks out (and fits).
fn trim(g: Glyph) -> Glyph {
    let inked = |r: usize, c: usize| g.ink[r * g.w + c] > 0.0;
    let rows: Vec<usize> = (0..g.h)
        .filter(|&r| (0..g.w).any(|c| inked(r, c)))
        .collect();
    let cols: Vec<usize> = (0..g.w)
        .filter(|&c| (0..g.h).any(|r| inked(r, c)))
        .collect();
    let (Some(&ra), Some(&rb), Some(&ca), Some(&cb)) =
        (rows.first(), rows.last(), cols.first(), cols.last())
    else {
        return g;
    };
    let (h, w) = (rb + 1 - ra, cb + 1 - ca);
    let mut ink = Vec::with_capacity(h * w);
    for r in ra..=rb {
        ink.extend_from_slice(&g.ink[r * g.w + ca..r * g.w + cb + 1]);
    }
    let mut top = g.top + ra as i64;
    if h <= HEIGHT {
        top = top.clamp(0, (HEIGHT - h) as i64);
    }
    Glyph { w, h, top, ink }
}
