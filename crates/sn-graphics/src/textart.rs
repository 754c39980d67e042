//! Arrays as text: digits and small arrays at the REPL.
//!
//! [`Style::Shades`] uses the five characters ` ░▒▓█`, two per value so
//! that cells look square; it is plain text, good in logs and tests.
//! [`Style::HalfBlocks`] packs two rows per line with `▀` and 24-bit ANSI
//! grey colours, for terminals.

use crate::color::normalize;
use crate::error::{GraphicsError, Result};
use crate::values::Grid;

/// How to render values as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Plain shade characters, two per value.
    Shades,
    /// Upper half blocks coloured with ANSI escapes, two rows per line.
    HalfBlocks,
}

const SHADES: [char; 5] = [' ', '░', '▒', '▓', '█'];

/// The largest array rendered (rows or columns).
pub const MAX_SIDE: usize = 512;

/// Text art of `m`: `range.0` maps to blank (or black), `range.1` to full
/// block (or white); `None` uses the values' own range. Each line ends in `\n`.
///
/// # Errors
/// `Domain` if the grid has more than [`MAX_SIDE`] rows or columns.
pub fn render(m: Grid, range: Option<(f64, f64)>, style: Style) -> Result<String> {
    if m.rows() > MAX_SIDE || m.cols() > MAX_SIDE {
        return Err(GraphicsError::domain(
            "text art",
            format!(
                "{}x{} is too large (at most {MAX_SIDE} a side)",
                m.rows(),
                m.cols()
            ),
        ));
    }
    let (lo, hi) = range.unwrap_or_else(|| m.range());
    let level = |r: usize, c: usize| normalize(f64::from(m.at(r, c)), lo, hi);
    Ok(match style {
        Style::Shades => shades(m, level),
        Style::HalfBlocks => half_blocks(m, level),
    })
}

fn shades(m: Grid, level: impl Fn(usize, usize) -> f64) -> String {
    let mut s = String::with_capacity(m.rows() * (m.cols() * 6 + 1));
    for r in 0..m.rows() {
        for c in 0..m.cols() {
            let ch = SHADES[(level(r, c) * 4.0).round() as usize];
            s.push(ch);
            s.push(ch);
        }
        s.push('\n');
    }
    s
}

fn half_blocks(m: Grid, level: impl Fn(usize, usize) -> f64) -> String {
    let byte = |t: f64| (t * 255.0).round() as u8;
    let mut s = String::new();
    for r in (0..m.rows()).step_by(2) {
        for c in 0..m.cols() {
            let top = byte(level(r, c));
            s.push_str(&format!("\x1b[38;2;{top};{top};{top}m"));
            if r + 1 < m.rows() {
                let bot = byte(level(r + 1, c));
                s.push_str(&format!("\x1b[48;2;{bot};{bot};{bot}m"));
            }
            s.push('▀');
            s.push_str("\x1b[0m");
        }
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shades_cover_the_range() {
        let data = [0.0, 0.25, 0.5, 0.75, 1.0, 1.0];
        let g = Grid::new(&data, 2, 3).unwrap();
        let s = render(g, None, Style::Shades).unwrap();
        assert_eq!(s, "  ░░▒▒\n▓▓████\n");
        let clipped = render(g, Some((0.5, 0.75)), Style::Shades).unwrap();
        assert_eq!(clipped.lines().next(), Some("      "));
    }

    #[test]
    fn half_blocks_pair_rows() {
        let data = [0.0, 1.0, 1.0, 0.0, 0.5, 0.5];
        let g = Grid::new(&data, 3, 2).unwrap();
        let s = render(g, None, Style::HalfBlocks).unwrap();
        assert_eq!(s.lines().count(), 2);
        assert_eq!(s.matches('▀').count(), 4);
        assert!(s.starts_with("\x1b[38;2;0;0;0m\x1b[48;2;255;255;255m▀"));
    }
}
