//! A confusion matrix: rows are the desired classes, columns the classes the
//! network answered; each cell shows its count on a shade proportional to
//! the fraction of its row (white for none, dark blue for all).

use crate::canvas::Canvas;
use crate::color::Rgb;
use crate::error::{GraphicsError, Result};
use crate::text::{self, CHAR_H, CHAR_W};

/// Side of a cell in pixels.
const CELL: usize = 30;
/// Left margin (row labels and the vertical axis name).
const LEFT: usize = 40;
/// Top margin (title, axis name and column labels).
const TOP: usize = 44;
/// Right and bottom margin.
const MARGIN: usize = 8;

const DARK: Rgb = Rgb(8, 48, 107);

/// The picture of the `n` x `n` matrix of counts `counts` (row-major, rows
/// desired, columns answered), with class labels (`0 .. n-1` if `labels` is
/// empty) and a title.
///
/// # Errors
/// `Shape` if `counts` is not square or does not match the labels; `Domain`
/// if it is empty or the picture would be too large.
pub fn confusion_matrix(
    counts: &[f32],
    dims: &[usize],
    labels: &[String],
    title: &str,
) -> Result<Canvas> {
    let n = match *dims {
        [r, c] if r == c && r * c == counts.len() => r,
        _ => {
            return Err(GraphicsError::shape(
                "confusion-matrix (n n)",
                dims,
                counts.len(),
            ))
        }
    };
    if n == 0 {
        return Err(GraphicsError::domain("confusion-matrix", "no classes"));
    }
    if !labels.is_empty() && labels.len() != n {
        return Err(GraphicsError::shape(
            "confusion-matrix labels",
            dims,
            labels.len(),
        ));
    }
    let label = |i: usize| labels.get(i).cloned().unwrap_or_else(|| i.to_string());
    let side = n.saturating_mul(CELL);
    // The picture widens to hold a title longer than the matrix.
    let title_w = title.chars().count().saturating_mul(CHAR_W as usize);
    let width = (LEFT + side + MARGIN).max(title_w.saturating_add(2 * MARGIN));
    let mut c = Canvas::new(width, TOP + side + MARGIN)?;
    let title_x = (LEFT + side / 2).clamp(MARGIN + title_w / 2, width - MARGIN - title_w / 2);
    text::draw_text_centered(&mut c, title_x as i64, 2, title, Rgb::BLACK);
    text::draw_text_centered(&mut c, (LEFT + side / 2) as i64, 16, "answer", Rgb::GRAY);
    text::draw_text_vertical(&mut c, 2, (TOP + side / 2) as i64, "desired", Rgb::GRAY);
    for i in 0..n {
        let mid = (i * CELL + CELL / 2) as i64;
        text::draw_text_centered(
            &mut c,
            LEFT as i64 + mid,
            (TOP - CHAR_H as usize - 4) as i64,
            &short(&label(i)),
            Rgb::BLACK,
        );
        let lw = (short(&label(i)).chars().count() as i64) * CHAR_W;
        text::draw_text(
            &mut c,
            LEFT as i64 - 4 - lw,
            TOP as i64 + mid + 4,
            &short(&label(i)),
            Rgb::BLACK,
        );
    }
    for r in 0..n {
        let row = &counts[r * n..(r + 1) * n];
        let total: f64 = row
            .iter()
            .filter(|v| v.is_finite())
            .map(|&v| f64::from(v).max(0.0))
            .sum();
        for (col, &v) in row.iter().enumerate() {
            draw_cell(
                &mut c,
                (LEFT + col * CELL) as i64,
                (TOP + r * CELL) as i64,
                f64::from(v),
                total,
            );
        }
    }
    Ok(c)
}

/// Labels longer than 3 characters are cut to fit a cell.
fn short(s: &str) -> String {
    s.chars().take(3).collect()
}

fn draw_cell(c: &mut Canvas, x: i64, y: i64, v: f64, row_total: f64) {
    let frac = if row_total > 0.0 && v.is_finite() {
        (v.max(0.0) / row_total).min(1.0)
    } else {
        0.0
    };
    let shade = Rgb::WHITE.lerp(DARK, frac);
    c.fill_rect(x, y, CELL as i64, CELL as i64, shade);
    c.rect(x, y, CELL as i64 + 1, CELL as i64 + 1, Rgb(200, 200, 200));
    let ink = if frac > 0.5 { Rgb::WHITE } else { Rgb::BLACK };
    let txt = count_text(v);
    text::draw_text_centered(
        c,
        x + CELL as i64 / 2,
        y + (CELL as i64 - CHAR_H) / 2,
        &txt,
        ink,
    );
}

/// A count in at most 3 characters: `999`, `1k`, `12k`, `1M`.
fn count_text(v: f64) -> String {
    match v {
        v if !v.is_finite() => "?".into(),
        v if v.abs() < 999.5 => format!("{}", v.round()),
        v if v.abs() < 99_500.0 => format!("{}k", (v / 1e3).round()),
        v => format!("{}M", (v / 1e6).round().min(99.0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shades_follow_row_fractions() {
        let counts = [10.0, 0.0, 5.0, 5.0];
        let c = confusion_matrix(&counts, &[2, 2], &[], "t").unwrap();
        assert_eq!(
            (c.width(), c.height()),
            (LEFT + 60 + MARGIN, TOP + 60 + MARGIN)
        );
        // Corners of cells avoid the printed digits.
        let px = |r: usize, col: usize| {
            c.get((LEFT + col * CELL + 2) as i64, (TOP + r * CELL + 2) as i64)
        };
        assert_eq!(px(0, 0), Some(DARK));
        assert_eq!(px(0, 1), Some(Rgb::WHITE));
        assert_eq!(px(1, 0), px(1, 1));
        assert_eq!(px(1, 0), Some(Rgb::WHITE.lerp(DARK, 0.5)));
    }

    #[test]
    fn a_long_title_widens_the_picture() {
        let title = "LeNet-5 on 2000 test digits: 8.75% errors";
        let c = confusion_matrix(&[1.0; 100], &[10, 10], &[], title).unwrap();
        let w = title.len() * CHAR_W as usize;
        assert!(c.width() >= w + 2 * MARGIN, "{} < {w}", c.width());
        // the title's ink spans its whole width, inside the picture
        let ink: Vec<usize> = (0..c.width())
            .filter(|&x| (0..12).any(|y| c.get(x as i64, y) == Some(Rgb::BLACK)))
            .collect();
        let (lo, hi) = (ink[0], ink[ink.len() - 1]);
        assert!(
            lo > 0 && hi + 1 < c.width(),
            "title at {lo}..{hi} of {}",
            c.width()
        );
        assert!(
            hi - lo + 1 >= w - CHAR_W as usize,
            "title ink {lo}..{hi}, text {w}"
        );
    }

    #[test]
    fn rejects_bad_shapes() {
        assert!(confusion_matrix(&[1.0, 2.0], &[1, 2], &[], "").is_err());
        assert!(confusion_matrix(&[1.0], &[1, 1], &["a".into(), "b".into()], "").is_err());
        assert!(confusion_matrix(&[], &[0, 0], &[], "").is_err());
        assert_eq!(count_text(12345.0), "12k");
        assert_eq!(count_text(7.0), "7");
    }
}
