//! Curves with axes, ticks, labels and a legend: training and test error or
//! performance over epochs.

use super::ticks::{nice_ticks, tick_label, widen};
use super::PALETTE;
use crate::canvas::Canvas;
use crate::color::Rgb;
use crate::error::{GraphicsError, Result};
use crate::text::{self, CHAR_H, CHAR_W};

/// Height of the legend row above the plotting area.
const LEGEND_H: i64 = 14;

/// One curve: points `(x, y)` joined by lines; non-finite points break the line.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Shown in the legend.
    pub name: String,
    /// The points, in drawing order.
    pub points: Vec<(f64, f64)>,
    /// Its colour (the next colour of [`PALETTE`] when `None`).
    pub color: Option<Rgb>,
}

impl Series {
    /// A series of values at x = 1, 2, 3, ... (epochs).
    pub fn over_epochs(name: &str, values: &[f64]) -> Series {
        Series {
            name: name.to_string(),
            points: values
                .iter()
                .enumerate()
                .map(|(i, &v)| ((i + 1) as f64, v))
                .collect(),
            color: None,
        }
    }
}

/// A plot: title, axis labels, size and curves.
#[derive(Debug, Clone, PartialEq)]
pub struct Plot {
    /// Written above the legend; no title row when empty.
    pub title: String,
    /// Written under the x axis; no row when empty.
    pub x_label: String,
    /// Written along the y axis; no column when empty.
    pub y_label: String,
    /// Width of the whole picture, in pixels.
    pub width: usize,
    /// Height of the whole picture, in pixels.
    pub height: usize,
    /// The curves, drawn in order and listed in the legend.
    pub series: Vec<Series>,
    /// Fixed x range; from the data when `None`.
    pub x_range: Option<(f64, f64)>,
    /// Fixed y range; from the data when `None`.
    pub y_range: Option<(f64, f64)>,
    /// Logarithmic y axis (non-positive values are left out).
    pub log_y: bool,
}

impl Plot {
    /// An empty 480 x 320 plot with a title, x labelled `epoch`.
    pub fn new(title: &str) -> Plot {
        Plot {
            title: title.to_string(),
            x_label: "epoch".to_string(),
            y_label: String::new(),
            width: 480,
            height: 320,
            series: Vec::new(),
            x_range: None,
            y_range: None,
            log_y: false,
        }
    }

    /// The y of a value on the axis scale (log10 on a log axis; `None` if not drawable).
    fn ty(&self, y: f64) -> Option<f64> {
        let v = if self.log_y {
            (y > 0.0).then(|| y.log10())?
        } else {
            y
        };
        v.is_finite().then_some(v)
    }

    fn data_range(&self, pick: impl Fn(&(f64, f64)) -> Option<f64>) -> (f64, f64) {
        let vals = self
            .series
            .iter()
            .flat_map(|s| s.points.iter())
            .filter_map(pick);
        let (lo, hi) = vals.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
        widen(lo, hi)
    }

    fn ranges(&self) -> ((f64, f64), (f64, f64)) {
        let xr = self.x_range.map_or_else(
            || self.data_range(|p| p.0.is_finite().then_some(p.0)),
            |(a, b)| widen(a, b),
        );
        let yr = match self.y_range {
            Some((a, b)) => widen(self.ty(a).unwrap_or(0.0), self.ty(b).unwrap_or(1.0)),
            None => {
                let (lo, hi) = self.data_range(|p| self.ty(p.1));
                let pad = (hi - lo) * 0.05;
                (lo - pad, hi + pad)
            }
        };
        (xr, yr)
    }

    /// Draws the plot.
    ///
    /// # Errors
    /// `Domain` if the size leaves no room for the plotting area.
    pub fn render(&self) -> Result<Canvas> {
        let ((x0, x1), (y0, y1)) = self.ranges();
        let (yticks, ystep) = nice_ticks(y0, y1, 6);
        let ylabels: Vec<String> = yticks
            .iter()
            .map(|&t| self.y_tick_label(t, ystep))
            .collect();
        let widest = ylabels.iter().map(|l| l.chars().count()).max().unwrap_or(1) as i64;
        let left =
            6 + if self.y_label.is_empty() {
                0
            } else {
                CHAR_H + 6
            } + widest * CHAR_W
                + 6;
        let legend = if self.named().is_empty() { 0 } else { LEGEND_H };
        let title_h = if self.title.is_empty() {
            10
        } else {
            CHAR_H + 14
        };
        let top = title_h + legend;
        let bottom = 6
            + CHAR_H
            + 6
            + if self.x_label.is_empty() {
                0
            } else {
                CHAR_H + 6
            };
        let (pw, ph) = (
            self.width as i64 - left - 16,
            self.height as i64 - top - bottom,
        );
        if pw < 16 || ph < 16 {
            return Err(GraphicsError::domain(
                "plot",
                format!("size {}x{} too small", self.width, self.height),
            ));
        }
        let mut c = Canvas::new(self.width, self.height)?;
        let area = Area {
            left,
            top,
            w: pw,
            h: ph,
            x0,
            x1,
            y0,
            y1,
        };
        let mut inner = Canvas::new(pw as usize, ph as usize)?;
        for &t in &yticks {
            let y = area.py(t) - top;
            inner.line(0, y, pw - 1, y, Rgb(230, 230, 230));
        }
        self.draw_series(&mut inner, &area);
        c.blit(&inner, left, top);
        c.rect(left - 1, top - 1, pw + 2, ph + 2, Rgb::BLACK);
        for (t, label) in yticks.iter().zip(&ylabels) {
            let y = area.py(*t);
            c.line(left - 5, y, left - 2, y, Rgb::BLACK);
            let lw = label.chars().count() as i64 * CHAR_W;
            text::draw_text(&mut c, left - 7 - lw, y + 3, label, Rgb::BLACK);
        }
        self.draw_x_axis(&mut c, &area);
        self.draw_titles(&mut c, &area);
        self.draw_legend(&mut c, &area);
        Ok(c)
    }

    fn y_tick_label(&self, t: f64, step: f64) -> String {
        if self.log_y {
            let v = 10f64.powf(t);
            tick_label(v, v.min(1.0))
        } else {
            tick_label(t, step)
        }
    }

    fn draw_x_axis(&self, c: &mut Canvas, a: &Area) {
        let max_ticks = (a.w / (CHAR_W * 7)).clamp(2, 10) as usize;
        let (xticks, xstep) = nice_ticks(a.x0, a.x1, max_ticks);
        for &t in &xticks {
            let x = a.px(t);
            let yb = a.top + a.h;
            c.line(x, yb + 1, x, yb + 4, Rgb::BLACK);
            text::draw_text_centered(c, x, yb + 6, &tick_label(t, xstep), Rgb::BLACK);
        }
    }

    fn draw_titles(&self, c: &mut Canvas, a: &Area) {
        let cx = a.left + a.w / 2;
        text::draw_text_centered(c, cx, 4, &self.title, Rgb::BLACK);
        let label_top = a.top + a.h + 6 + CHAR_H + 6;
        text::draw_text_centered(c, cx, label_top, &self.x_label, Rgb::BLACK);
        if !self.y_label.is_empty() {
            text::draw_text_vertical(c, 6, a.top + a.h / 2, &self.y_label, Rgb::BLACK);
        }
    }

    fn draw_series(&self, inner: &mut Canvas, a: &Area) {
        for (k, s) in self.series.iter().enumerate() {
            let col = s.color.unwrap_or(PALETTE[k % PALETTE.len()]);
            let mut prev: Option<(i64, i64)> = None;
            let mark = s.points.len() <= 40;
            for &(x, y) in &s.points {
                let p = self
                    .ty(y)
                    .filter(|_| x.is_finite())
                    .map(|ty| (a.px(x) - a.left, a.py(ty) - a.top));
                if let (Some((px, py)), Some((qx, qy))) = (prev, p) {
                    inner.line(px, py, qx, qy, col);
                    inner.line(px, py + 1, qx, qy + 1, col);
                }
                if let (Some((qx, qy)), true) = (p, mark) {
                    inner.fill_rect(qx - 1, qy - 1, 3, 3, col);
                }
                prev = p;
            }
        }
    }

    /// Curves that have a name, with their colours.
    fn named(&self) -> Vec<(Rgb, &str)> {
        let colour = |k: usize, s: &Series| s.color.unwrap_or(PALETTE[k % PALETTE.len()]);
        self.series
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.name.is_empty())
            .map(|(k, s)| (colour(k, s), s.name.as_str()))
            .collect()
    }

    /// The legend: one row of colour swatches and names above the plotting area.
    fn draw_legend(&self, c: &mut Canvas, a: &Area) {
        let mut x = a.left;
        let y = a.top - LEGEND_H;
        for (col, name) in self.named() {
            c.fill_rect(x, y + 4, 16, 3, col);
            text::draw_text(c, x + 20, y + 8, name, Rgb::BLACK);
            x += 20 + name.chars().count() as i64 * CHAR_W + 16;
        }
    }
}

/// The plotting area in canvas pixels and the data ranges it shows.
struct Area {
    left: i64,
    top: i64,
    w: i64,
    h: i64,
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
}

impl Area {
    fn px(&self, x: f64) -> i64 {
        let t = (x - self.x0) / (self.x1 - self.x0);
        self.left + (t * (self.w - 1) as f64).round().clamp(-1e6, 1e6) as i64
    }

    fn py(&self, y: f64) -> i64 {
        let t = (y - self.y0) / (self.y1 - self.y0);
        self.top + ((1.0 - t) * (self.h - 1) as f64).round().clamp(-1e6, 1e6) as i64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curves_are_drawn_in_their_colours() {
        let mut p = Plot::new("error");
        p.series
            .push(Series::over_epochs("train", &[1.0, 0.5, 0.25, 0.2]));
        p.series.push(Series {
            color: Some(Rgb(0, 200, 0)),
            ..Series::over_epochs("test", &[1.2, 0.8, 0.6, 0.55])
        });
        let c = p.render().unwrap();
        assert_eq!((c.width(), c.height()), (480, 320));
        let count = |col: Rgb| c.pixels().iter().filter(|&&q| q == col).count();
        assert!(count(PALETTE[0]) > 100);
        assert!(count(Rgb(0, 200, 0)) > 100);
    }

    #[test]
    fn log_axis_and_degenerate_data() {
        let mut p = Plot::new("");
        p.log_y = true;
        p.series
            .push(Series::over_epochs("", &[1.0, 0.1, 0.0, f64::NAN, 0.01]));
        assert!(p.render().is_ok());
        let mut q = Plot::new("flat");
        q.series.push(Series::over_epochs("x", &[3.0]));
        assert!(q.render().is_ok());
        let r = Plot {
            width: 20,
            height: 20,
            ..Plot::new("tiny")
        };
        assert!(r.render().is_err());
    }
}
