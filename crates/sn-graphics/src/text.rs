//! Text in an 8x8 bitmap font (the public-domain `font8x8` glyphs).
//!
//! The position given to [`draw_text`] is that of the baseline, as with X11
//! and Lush's `gprintf`: the glyph cells span `y - 7 ..= y` (descenders of
//! `g`, `p`, `y` reach `y`), and the text advances 8 pixels per character.
//! `\n` starts a new line 10 pixels lower at the same `x`.

use crate::canvas::Canvas;
use crate::color::Rgb;
use font8x8::legacy::{BASIC_LEGACY, LATIN_LEGACY};

/// Width of a character cell.
pub const CHAR_W: i64 = 8;
/// Height of a character cell.
pub const CHAR_H: i64 = 8;
/// Distance between baselines of successive lines.
pub const LINE_H: i64 = 10;

/// The glyph of a character: 8 rows, bit `i` of a row is column `i`.
/// Characters without a glyph are drawn as `?`.
fn glyph(ch: char) -> [u8; 8] {
    let code = ch as usize;
    match code {
        0x20..=0x7E => BASIC_LEGACY[code],
        0xA0..=0xFF => LATIN_LEGACY[code - 0xA0],
        _ => BASIC_LEGACY['?' as usize],
    }
}

/// Draws `text` with its first baseline at `y`, starting at `x`, in colour `c`.
pub fn draw_text(canvas: &mut Canvas, x: i64, y: i64, text: &str, c: Rgb) {
    let (mut cx, mut base) = (x, y);
    for ch in text.chars() {
        match ch {
            '\n' => {
                cx = x;
                base = base.saturating_add(LINE_H);
            }
            '\r' => cx = x,
            '\t' => cx = cx.saturating_add(CHAR_W * 4),
            ch if ch.is_control() => {}
            ch => {
                draw_glyph(canvas, cx, base - (CHAR_H - 1), glyph(ch), c);
                cx = cx.saturating_add(CHAR_W);
            }
        }
    }
}

/// Draws one glyph with its top left corner at `(x, top)`.
fn draw_glyph(canvas: &mut Canvas, x: i64, top: i64, rows: [u8; 8], c: Rgb) {
    for (dy, bits) in rows.iter().enumerate() {
        for dx in 0..8 {
            if bits & (1 << dx) != 0 {
                canvas.set(x.saturating_add(dx), top.saturating_add(dy as i64), c);
            }
        }
    }
}

/// Width and height in pixels of `text` drawn by [`draw_text`] (lines of `\n`).
pub fn text_size(text: &str) -> (i64, i64) {
    let lines: Vec<&str> = text.split('\n').collect();
    let widest = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    (
        widest as i64 * CHAR_W,
        (lines.len() as i64 - 1) * LINE_H + CHAR_H,
    )
}

/// Draws `text` centred horizontally on `cx` with its top at `top`.
pub fn draw_text_centered(canvas: &mut Canvas, cx: i64, top: i64, text: &str, c: Rgb) {
    let (w, _) = text_size(text);
    draw_text(canvas, cx - w / 2, top + CHAR_H - 1, text, c);
}

/// Draws `text` rotated a quarter turn counter-clockwise (reading bottom to top),
/// centred vertically on `cy`, its left edge at `left`: for vertical axis labels.
pub fn draw_text_vertical(canvas: &mut Canvas, left: i64, cy: i64, text: &str, c: Rgb) {
    let n = text.chars().count() as i64;
    let bottom = cy + n * CHAR_W / 2;
    for (i, ch) in text.chars().enumerate() {
        let rows = glyph(ch);
        let base_y = bottom - i as i64 * CHAR_W;
        for (gy, bits) in rows.iter().enumerate() {
            for gx in 0..8i64 {
                if bits & (1 << gx) != 0 {
                    canvas.set(left + gy as i64, base_y - gx, c);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ink(c: &Canvas) -> Vec<(i64, i64)> {
        let mut v = Vec::new();
        for y in 0..c.height() as i64 {
            for x in 0..c.width() as i64 {
                if c.get(x, y) == Some(Rgb::BLACK) {
                    v.push((x, y));
                }
            }
        }
        v
    }

    #[test]
    fn text_sits_on_its_baseline() {
        let mut c = Canvas::new(40, 20).unwrap();
        draw_text(&mut c, 2, 10, "H", Rgb::BLACK);
        let pts = ink(&c);
        assert!(!pts.is_empty());
        assert!(pts
            .iter()
            .all(|&(x, y)| (2..10).contains(&x) && (3..=10).contains(&y)));
        // An H has a vertical stroke: several rows share its leftmost column.
        let left = pts.iter().map(|p| p.0).min().unwrap();
        assert!(pts.iter().filter(|p| p.0 == left).count() >= 5);
    }

    #[test]
    fn sizes_and_unknown_characters() {
        assert_eq!(text_size("abc"), (24, 8));
        assert_eq!(text_size("ab\ncdef"), (32, 18));
        let mut a = Canvas::new(10, 10).unwrap();
        let mut b = Canvas::new(10, 10).unwrap();
        draw_text(&mut a, 0, 8, "\u{4e2d}", Rgb::BLACK);
        draw_text(&mut b, 0, 8, "?", Rgb::BLACK);
        assert_eq!(a, b);
    }
}
