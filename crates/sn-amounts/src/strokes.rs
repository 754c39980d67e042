//! Glyphs: a character's ink (0..1) in a small box with its top row in
//! the field. Digits are scaled MNIST crops; the separators are drawn.

use crate::digits::{DigitSet, SIDE};
use crate::rng::Rng;

/// A character's ink: `h` rows of `w` values in 0..1, to be placed with
/// its top row at `top` of the field.
#[derive(Clone, Debug)]
pub(crate) struct Glyph {
    pub w: usize,
    pub h: usize,
    pub top: i64,
    pub ink: Vec<f32>,
}

impl Glyph {
    fn blank(w: usize, h: usize, top: i64) -> Glyph {
        Glyph {
            w,
            h,
            top,
            ink: vec![0.0; w * h],
        }
    }

    /// Leftmost (or rightmost) column of ink above `level` in each field
    /// row `0..rows` (relative to the glyph; `None` for rows without ink).
    pub fn profile(&self, rows: usize, level: f32, right: bool) -> Vec<Option<i64>> {
        let mut out = vec![None; rows];
        for r in 0..self.h {
            let fr = self.top + r as i64;
            if fr < 0 || fr >= rows as i64 {
                continue;
            }
            let row = &self.ink[r * self.w..(r + 1) * self.w];
            let hit = if right {
                row.iter().rposition(|&v| v > level)
            } else {
                row.iter().position(|&v| v > level)
            };
            out[fr as usize] = hit.map(|c| c as i64);
        }
        out
    }
}

/// Digit `i` of `set` scaled so that its larger side is `size` pixels
/// (as MNIST's own size normalisation; width scaled by the same factor
/// times `aspect`), bottom row at `bottom`; bilinear sampling.
pub(crate) fn digit(set: &DigitSet, i: usize, size: usize, aspect: f64, bottom: i64) -> Glyph {
    let [r0, r1, c0, c1] = set.ink_box(i);
    let img = set.image(i);
    let s = size as f64 / (r1 - r0).max(c1 - c0) as f64;
    let sx = s * aspect;
    let height = (((r1 - r0) as f64 * s).round() as usize).max(1);
    let w = (((c1 - c0) as f64 * sx).round() as usize).max(1);
    let mut g = Glyph::blank(w, height, bottom - height as i64 + 1);
    for y in 0..height {
        let sy = r0 as f64 + (y as f64 + 0.5) / s - 0.5;
        for x in 0..w {
            let sxp = c0 as f64 + (x as f64 + 0.5) / sx - 0.5;
            let v = bilinear(img, sy, sxp);
            g.ink[y * w + x] = v.clamp(0.0, 1.0) as f32;
        }
    }
    g
}

/// The grey level (0..1) of a 28x28 image at row `sy`, column `sx`
/// (pixel centres at integers), bilinear, 0 outside the image.
pub(crate) fn bilinear(img: &[u8], sy: f64, sx: f64) -> f64 {
    let at = |r: i64, c: i64| -> f64 {
        if r < 0 || c < 0 || r >= SIDE as i64 || c >= SIDE as i64 {
            0.0
        } else {
            img[r as usize * SIDE + c as usize] as f64 / 255.0
        }
    };
    let (fy, ty) = (sy.floor(), sy - sy.floor());
    let (fx, tx) = (sx.floor(), sx - sx.floor());
    let (iy, ix) = (fy as i64, fx as i64);
    at(iy, ix) * (1.0 - ty) * (1.0 - tx)
        + at(iy, ix + 1) * (1.0 - ty) * tx
        + at(iy + 1, ix) * ty * (1.0 - tx)
        + at(iy + 1, ix + 1) * ty * tx
}

/// Ink of a pen of `radius` at distance `d` from its centre line.
fn pen(d: f64, radius: f64) -> f32 {
    (radius + 0.5 - d).clamp(0.0, 1.0) as f32
}

/// A decimal point: a blob of radius 1.3-2.1 resting on `baseline`.
pub(crate) fn point(rng: &mut Rng, baseline: i64) -> Glyph {
    let r = rng.range(1.3, 2.1);
    let side = (2.0 * r).ceil() as usize + 2;
    let c = (side as f64 - 1.0) / 2.0;
    let (cx, cy) = (c + rng.range(-0.3, 0.3), c + rng.range(-0.3, 0.3));
    let mut g = Glyph::blank(side, side, baseline - side as i64 + 1);
    for y in 0..side {
        for x in 0..side {
            let d = ((x as f64 - cx).powi(2) + (y as f64 - cy).powi(2)).sqrt();
            g.ink[y * side + x] = pen(d, r - 0.5);
        }
    }
    g
}

/// A thousands comma: a short stroke slanting down to the left, from a
/// little above `baseline` to 3-5 pixels below it, with a heavier head.
pub(crate) fn comma(rng: &mut Rng, baseline: i64) -> Glyph {
    let above = rng.int(1, 3) as f64;
    let below = rng.int(3, 5) as f64;
    let slant = rng.range(1.0, 3.0);
    let thick = rng.range(0.8, 1.3);
    let (w, h) = (
        (slant + 2.0 * thick + 3.0).ceil() as usize,
        (above + below + 3.0) as usize,
    );
    let top = baseline - above as i64 - 1;
    let mut g = Glyph::blank(w, h, top);
    let (x0, y0) = (1.0 + thick + slant, 1.0);
    let (x1, y1) = (1.0 + thick, 1.0 + above + below);
    for y in 0..h {
        for x in 0..w {
            let (px, py) = (x as f64, y as f64);
            let d = seg_dist(px, py, x0, y0, x1, y1);
            let head = ((px - x0).powi(2) + (py - y0 - 0.5).powi(2)).sqrt();
            let v = pen(d, thick * (1.0 - 0.4 * (py - y0) / (y1 - y0))).max(pen(head, thick + 0.4));
            g.ink[y * w + x] = v;
        }
    }
    g
}

/// Distance from (px, py) to the segment (x0, y0)-(x1, y1).
fn seg_dist(px: f64, py: f64, x0: f64, y0: f64, x1: f64, y1: f64) -> f64 {
    let (dx, dy) = (x1 - x0, y1 - y0);
    let t = (((px - x0) * dx + (py - y0) * dy) / (dx * dx + dy * dy)).clamp(0.0, 1.0);
    ((px - x0 - t * dx).powi(2) + (py - y0 - t * dy).powi(2)).sqrt()
}
