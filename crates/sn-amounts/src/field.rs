//! Fields: a line of handwritten characters, 32 pixels high, made of the
//! embedded MNIST digits (scaled, with size and baseline jitter) and drawn
//! separators, placed with random spacing: gaps, kerning (boxes overlap,
//! ink does not), touching pairs and slightly overlapping pairs (ink
//! max-combined). Each field is a function of (seed, index, kind) and of
//! the digit set alone. Training fields may have their digits distorted
//! ([`FieldGen::field_distorted`], module [`crate::distort`]).

use crate::digits::DigitSet;
use crate::distort::{distorted_digit, MAX_DISTORT};
use crate::error::AmountError;
use crate::grammar::text_of;
use crate::rng::Rng;
use crate::strokes::{comma, digit, point, Glyph};
use crate::{scale, COMMA, HEIGHT, POINT};

/// Nominal baseline (bottom row of the digits).
const BASELINE: i64 = 26;
/// Ink above this level (0..1) counts for placement and contacts.
const LEVEL: f32 = 0.3;
/// Most columns by which the ink boxes of two digits overlap (those of
/// a separator and a digit do not).
const MAX_BOX_OVERLAP: i64 = 3;

/// What a field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An amount of 1 to 7 characters (grammar of amounts).
    Amount,
    /// A string of exactly n digits (any digits).
    Digits(usize),
}

/// A generated field.
#[derive(Clone, Debug)]
pub struct Field {
    /// Width in pixels.
    pub width: usize,
    /// `HEIGHT x width` pixel values, row-major (background -0.1, ink up to 1.175).
    pub pixels: Vec<f32>,
    /// The classes of its characters (0-9, 10 comma, 11 point).
    pub labels: Vec<u32>,
    /// Each character's ink columns [x0, x1).
    pub boxes: Vec<(usize, usize)>,
    /// For each character, the index of its digit in the digit set (`None` for separators).
    pub sources: Vec<Option<u32>>,
    /// True when two consecutive characters' inks touch or overlap.
    pub touching: bool,
    /// `HEIGHT x width` owner map, row-major: the index in `labels` of the
    /// character whose ink is strongest at each pixel (the one whose value
    /// the max-combined field shows), -1 where no character has ink.
    pub owners: Vec<i32>,
}

impl Field {
    /// The field's text, e.g. `"1,234.56"`.
    pub fn text(&self) -> String {
        text_of(&self.labels)
    }
}

/// Salt added to a field's salt for the stream of its distortions, so
/// that distortions leave every other draw of the field unchanged.
const DISTORT_SALT: u64 = 1 << 32;

/// The stream of a field's distortions and their strength
/// (0, [`MAX_DISTORT`]].
type Warp = Option<(Rng, f64)>;

/// A generator of fields from one digit set.
pub struct FieldGen {
    digits: DigitSet,
}

impl FieldGen {
    /// A generator drawing its digits from `digits`.
    pub fn new(digits: DigitSet) -> FieldGen {
        FieldGen { digits }
    }

    /// The digit set.
    pub fn digits(&self) -> &DigitSet {
        &self.digits
    }

    /// Field `index` of stream `seed`.
    ///
    /// # Errors
    /// `Domain` for digit strings of length 0 or above 64.
    pub fn field(&self, seed: u64, index: u64, kind: Kind) -> Result<Field, AmountError> {
        self.field_distorted(seed, index, kind, 0.0)
    }

    /// Field `index` of stream `seed` with each digit glyph distorted
    /// (random affine map and elastic field, see [`crate::distort`]) with
    /// strength `distort` in [0, [`MAX_DISTORT`]], which scales the
    /// ranges. The text,
    /// the digits chosen and every other random draw are those of the
    /// undistorted field (the distortions have their own stream); 0 gives
    /// the undistorted field bit for bit.
    ///
    /// # Errors
    /// `Domain` for digit strings of length 0 or above 64 and for a
    /// distortion outside [0, [`MAX_DISTORT`]].
    pub fn field_distorted(
        &self,
        seed: u64,
        index: u64,
        kind: Kind,
        distort: f64,
    ) -> Result<Field, AmountError> {
        if !(0.0..=MAX_DISTORT).contains(&distort) {
            return Err(AmountError::domain(
                "amount-field",
                format!("distortion {distort} (0 to {MAX_DISTORT})"),
            ));
        }
        let salt = match kind {
            Kind::Amount => 0,
            Kind::Digits(n) => n as u64 + 1,
        };
        let mut rng = Rng::for_item(seed, index, salt);
        let labels = match kind {
            Kind::Amount => amount_text(&mut rng),
            Kind::Digits(n) if (1..=64).contains(&n) => {
                (0..n).map(|_| rng.below(10) as u32).collect()
            }
            Kind::Digits(n) => {
                return Err(AmountError::domain(
                    "amount-field",
                    format!("{n} digits (1 to 64)"),
                ))
            }
        };
        let mut warp =
            (distort > 0.0).then(|| (Rng::for_item(seed, index, salt + DISTORT_SALT), distort));
        Ok(self.render(&mut rng, &mut warp, labels))
    }

    /// Draws the characters of `labels` into a field.
    fn render(&self, rng: &mut Rng, warp: &mut Warp, labels: Vec<u32>) -> Field {
        let height = rng.int(19, 23);
        let mut glyphs = Vec::with_capacity(labels.len());
        let mut sources = Vec::with_capacity(labels.len());
        for &l in &labels {
            let (g, src) = self.glyph(rng, warp, l, height);
            glyphs.push(g);
            sources.push(src);
        }
        let xs = place(rng, &glyphs, &labels);
        let width = glyphs
            .iter()
            .zip(&xs)
            .map(|(g, &x)| x as usize + g.w)
            .max()
            .unwrap_or(0)
            + rng.int(1, 4) as usize;
        let Composed {
            pixels,
            boxes,
            touching,
            owners,
        } = compose(&glyphs, &xs, width);
        Field {
            width,
            pixels,
            labels,
            boxes,
            sources,
            touching,
            owners,
        }
    }

    /// The glyph of class `l` (digit `height` ± 1 rows high, distorted
    /// when `warp` is set).
    fn glyph(&self, rng: &mut Rng, warp: &mut Warp, l: u32, height: i64) -> (Glyph, Option<u32>) {
        let base = BASELINE + rng.int(-2, 2);
        let sep_base = BASELINE + rng.int(-1, 1);
        match l {
            COMMA => (comma(rng, sep_base), None),
            POINT => (point(rng, sep_base), None),
            d => {
                let pool = self.digits.of_class(d as usize);
                let i = pool[rng.below(pool.len())];
                let h = (height + rng.int(-1, 1)).clamp(18, 24) as usize;
                let aspect = rng.range(0.9, 1.1);
                let (set, bottom) = (&self.digits, base.min(HEIGHT as i64 - 4));
                let g = match warp {
                    None => digit(set, i as usize, h, aspect, bottom),
                    Some((wr, a)) => distorted_digit(set, i as usize, h, aspect, bottom, wr, *a),
                };
                (g, Some(i))
            }
        }
    }
}

/// A random amount of 1 to 7 characters: an integer part (`0`, or digits
/// without a leading zero, with or without thousands commas) and optional
/// cents (`.dd`).
pub fn amount_text(rng: &mut Rng) -> Vec<u32> {
    let len = rng.int(1, 7) as usize;
    let cents = len >= 4 && rng.chance(0.5);
    let m = if cents { len - 3 } else { len };
    let commas = m >= 5 && rng.chance(0.6);
    let ndig = if commas { m - 1 } else { m };
    let mut out = Vec::with_capacity(len);
    for k in 0..ndig {
        let first = k == 0 && ndig > 1;
        out.push(if first { rng.int(1, 9) } else { rng.int(0, 9) } as u32);
        if commas && k + 1 < ndig && (ndig - k - 1) % 3 == 0 {
            out.push(COMMA);
        }
    }
    if cents {
        out.push(POINT);
        out.push(rng.int(0, 9) as u32);
        out.push(rng.int(0, 9) as u32);
    }
    out
}

/// The left column of each glyph: a left margin, then each glyph after
/// the previous ones with a gap, kerning, a touch or an overlap.
fn place(rng: &mut Rng, glyphs: &[Glyph], labels: &[u32]) -> Vec<i64> {
    let rows = HEIGHT;
    let mut right: Vec<Option<i64>> = vec![None; rows];
    let mut box_right = 0i64;
    let mut xs = Vec::with_capacity(glyphs.len());
    for (k, g) in glyphs.iter().enumerate() {
        let x = if k == 0 {
            rng.int(1, 4)
        } else {
            let both_digits = labels[k] < 10 && labels[k - 1] < 10;
            let left = g.profile(rows, LEVEL, false);
            next_x(rng, both_digits, &left, &right, box_right)
        }
        .max(0);
        for (r, p) in g.profile(rows, LEVEL, true).iter().enumerate() {
            if let Some(c) = p {
                right[r] = Some(right[r].map_or(x + c, |o| o.max(x + c)));
            }
        }
        box_right = box_right.max(x + g.w as i64);
        xs.push(x);
    }
    xs
}

/// Where the next glyph goes, given its left profile and the right
/// profile of the ink so far.
fn next_x(
    rng: &mut Rng,
    both_digits: bool,
    left: &[Option<i64>],
    right: &[Option<i64>],
    box_right: i64,
) -> i64 {
    let gap_box = box_right + rng.int(1, 5);
    // Smallest x at which the glyph's ink is `d` columns right of the ink so far.
    let at_distance = |d: i64| -> Option<i64> {
        left.iter()
            .zip(right)
            .filter_map(|(l, r)| Some(r.as_ref()? - l.as_ref()? + d))
            .max()
    };
    let u = rng.uniform();
    let target = if !both_digits {
        if u < 0.7 {
            return gap_box;
        } else {
            rng.int(2, 3)
        }
    } else if u < 0.5 {
        return gap_box;
    } else if u < 0.75 {
        rng.int(2, 3)
    } else if u < 0.9 {
        1
    } else {
        rng.int(-2, 0)
    };
    let overlap = if both_digits { MAX_BOX_OVERLAP } else { 0 };
    at_distance(target).map_or(gap_box, |x| x.min(gap_box).max(box_right - overlap))
}

/// The glyphs of a field max-combined.
struct Composed {
    pixels: Vec<f32>,
    boxes: Vec<(usize, usize)>,
    touching: bool,
    owners: Vec<i32>,
}

/// Max-combines the glyphs into the field's pixels; returns them with
/// each glyph's ink columns, whether consecutive inks touch and the owner
/// map (the glyph of the maximum at each pixel, -1 where none has ink).
fn compose(glyphs: &[Glyph], xs: &[i64], width: usize) -> Composed {
    let mut ink = vec![0f32; HEIGHT * width];
    let mut owners = vec![-1i32; HEIGHT * width];
    let mut owner: Vec<Vec<bool>> = Vec::with_capacity(glyphs.len());
    let mut boxes = Vec::with_capacity(glyphs.len());
    for (k, (g, &x)) in glyphs.iter().zip(xs).enumerate() {
        let mut mine = vec![false; HEIGHT * width];
        let (mut b0, mut b1) = (usize::MAX, 0);
        for r in 0..g.h {
            let fr = g.top + r as i64;
            if !(0..HEIGHT as i64).contains(&fr) {
                continue;
            }
            for c in 0..g.w {
                let v = g.ink[r * g.w + c];
                let fc = x as usize + c;
                let p = fr as usize * width + fc;
                if v > ink[p] {
                    ink[p] = v;
                    owners[p] = k as i32;
                }
                if v > LEVEL {
                    mine[p] = true;
                    b0 = b0.min(fc);
                    b1 = b1.max(fc + 1);
                }
            }
        }
        if b1 == 0 {
            (b0, b1) = (x as usize, x as usize + g.w);
        }
        boxes.push((b0, b1));
        owner.push(mine);
    }
    let touching = owner.windows(2).any(|w| contact(&w[0], &w[1], width));
    Composed {
        pixels: ink.into_iter().map(scale).collect(),
        boxes,
        touching,
        owners,
    }
}

/// True when an ink pixel of `a` is on or 8-next to an ink pixel of `b`.
fn contact(a: &[bool], b: &[bool], width: usize) -> bool {
    for (p, _) in a.iter().enumerate().filter(|(_, &v)| v) {
        let (r, c) = ((p / width) as i64, (p % width) as i64);
        for dr in -1..=1 {
            for dc in -1..=1 {
                let (rr, cc) = (r + dr, c + dc);
                let inside = rr >= 0 && cc >= 0 && rr < HEIGHT as i64 && cc < width as i64;
                if inside && b[rr as usize * width + cc as usize] {
                    return true;
                }
            }
        }
    }
    false
}
