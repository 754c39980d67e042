//! An RGB canvas and the drawing primitives of Lush windows.
//!
//! Coordinates are pixels, origin top left, `x` to the right and `y` down.
//! Everything is clipped to the canvas: drawing outside it is not an error.

use crate::color::Rgb;
use crate::error::{GraphicsError, Result};

/// The largest width or height of a canvas.
pub const MAX_SIDE: usize = 16_384;

/// The largest number of pixels of a canvas (2^25: 96 MiB of RGB).
pub const MAX_PIXELS: usize = 1 << 25;

/// The largest radius of a circle that is drawn.
pub const MAX_RADIUS: i64 = 1 << 20;

/// An off-screen RGB image with a white background.
#[derive(Debug, Clone, PartialEq)]
pub struct Canvas {
    width: usize,
    height: usize,
    pixels: Vec<Rgb>,
}

impl Canvas {
    /// A white canvas of `width` x `height` pixels.
    ///
    /// # Errors
    /// `Domain` if a side is 0 or larger than [`MAX_SIDE`], or the canvas
    /// would have more than [`MAX_PIXELS`] pixels.
    pub fn new(width: usize, height: usize) -> Result<Canvas> {
        if width == 0 || height == 0 || width > MAX_SIDE || height > MAX_SIDE {
            return Err(GraphicsError::domain(
                "canvas",
                format!("size {width}x{height} (each side must be in 1..={MAX_SIDE})"),
            ));
        }
        if width * height > MAX_PIXELS {
            return Err(GraphicsError::domain(
                "canvas",
                format!("size {width}x{height} has more than {MAX_PIXELS} pixels"),
            ));
        }
        Ok(Canvas {
            width,
            height,
            pixels: vec![Rgb::WHITE; width * height],
        })
    }

    /// Width in pixels.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Height in pixels.
    pub fn height(&self) -> usize {
        self.height
    }

    /// The pixel at `(x, y)`, or `None` outside the canvas.
    pub fn get(&self, x: i64, y: i64) -> Option<Rgb> {
        self.index(x, y).map(|i| self.pixels[i])
    }

    /// Rows of pixels, top to bottom.
    pub fn pixels(&self) -> &[Rgb] {
        &self.pixels
    }

    /// The pixels as `R G B` bytes, row by row.
    pub fn to_rgb_bytes(&self) -> Vec<u8> {
        self.pixels.iter().flat_map(|p| [p.0, p.1, p.2]).collect()
    }

    fn index(&self, x: i64, y: i64) -> Option<usize> {
        let (xu, yu) = (usize::try_from(x).ok()?, usize::try_from(y).ok()?);
        (xu < self.width && yu < self.height).then(|| yu * self.width + xu)
    }

    /// Sets the pixel at `(x, y)`; ignored outside the canvas.
    pub fn set(&mut self, x: i64, y: i64, c: Rgb) {
        if let Some(i) = self.index(x, y) {
            self.pixels[i] = c;
        }
    }

    /// Fills the whole canvas with `c`.
    pub fn clear(&mut self, c: Rgb) {
        self.pixels.fill(c);
    }

    /// A line from `(x1, y1)` to `(x2, y2)`, both ends included (Bresenham).
    ///
    /// Lines reaching far outside the canvas are first clipped to it, so their
    /// cost is bounded by the canvas size.
    pub fn line(&mut self, x1: i64, y1: i64, x2: i64, y2: i64, c: Rgb) {
        let far = 4 * MAX_SIDE as u64;
        let ends = if [x1, y1, x2, y2].iter().all(|v| v.unsigned_abs() <= far) {
            Some((x1, y1, x2, y2))
        } else {
            clip_line(x1, y1, x2, y2, self.width as f64, self.height as f64)
        };
        let Some((x1, y1, x2, y2)) = ends else { return };
        let (dx, dy) = ((x2 - x1).abs(), -(y2 - y1).abs());
        let (sx, sy) = ((x2 - x1).signum(), (y2 - y1).signum());
        let (mut x, mut y, mut err) = (x1, y1, dx + dy);
        loop {
            self.set(x, y, c);
            if x == x2 && y == y2 {
                break;
            }
            let e2 = 2 * err;
            if e2 >= dy {
                err += dy;
                x += sx;
            }
            if e2 <= dx {
                err += dx;
                y += sy;
            }
        }
    }

    /// A filled rectangle covering `w` x `h` pixels from `(x, y)`.
    pub fn fill_rect(&mut self, x: i64, y: i64, w: i64, h: i64, c: Rgb) {
        let (x0, x1) = (x.max(0), (x.saturating_add(w)).min(self.width as i64));
        let (y0, y1) = (y.max(0), (y.saturating_add(h)).min(self.height as i64));
        for yy in y0..y1 {
            let row = yy as usize * self.width;
            for xx in x0..x1 {
                self.pixels[row + xx as usize] = c;
            }
        }
    }

    /// The outline of the `w` x `h` rectangle from `(x, y)` (the border pixels of `fill_rect`).
    pub fn rect(&mut self, x: i64, y: i64, w: i64, h: i64, c: Rgb) {
        if w <= 0 || h <= 0 {
            return;
        }
        let (x2, y2) = (x.saturating_add(w - 1), y.saturating_add(h - 1));
        self.fill_rect(x, y, w, 1, c);
        self.fill_rect(x, y2, w, 1, c);
        self.fill_rect(x, y, 1, h, c);
        self.fill_rect(x2, y, 1, h, c);
    }

    /// The outline of the circle of centre `(cx, cy)` and radius `r` (midpoint algorithm).
    ///
    /// Radii above [`MAX_RADIUS`] draw nothing.
    pub fn circle(&mut self, cx: i64, cy: i64, r: i64, c: Rgb) {
        if !(0..=MAX_RADIUS).contains(&r) {
            return;
        }
        let (mut x, mut y, mut err) = (r, 0i64, 1 - r);
        while x >= y {
            for (px, py) in [
                (x, y),
                (y, x),
                (-y, x),
                (-x, y),
                (-x, -y),
                (-y, -x),
                (y, -x),
                (x, -y),
            ] {
                self.set(cx.saturating_add(px), cy.saturating_add(py), c);
            }
            y += 1;
            if err < 0 {
                err += 2 * y + 1;
            } else {
                x -= 1;
                err += 2 * (y - x) + 1;
            }
        }
    }

    /// The disc of centre `(cx, cy)` and radius `r`: every pixel within `r + 0.5` of the centre.
    ///
    /// Radii above [`MAX_RADIUS`] draw nothing.
    pub fn fill_circle(&mut self, cx: i64, cy: i64, r: i64, c: Rgb) {
        if !(0..=MAX_RADIUS).contains(&r) {
            return;
        }
        let r2 = (r as f64 + 0.5) * (r as f64 + 0.5);
        let top = cy.saturating_sub(r).max(0);
        let bottom = cy.saturating_add(r).min(self.height as i64 - 1);
        for y in top..=bottom {
            let dy = (y - cy) as f64;
            let half = (r2 - dy * dy).max(0.0).sqrt().floor() as i64;
            self.fill_rect(cx.saturating_sub(half), y, 2 * half + 1, 1, c);
        }
    }

    /// Fills the polygon of vertices `points` (even-odd rule): every pixel
    /// whose centre is inside. Fewer than three points draw nothing; the
    /// work is bounded by the canvas height times the number of points.
    pub fn fill_polygon(&mut self, points: &[(i64, i64)], c: Rgb) {
        if points.len() < 3 {
            return;
        }
        let ys = points.iter().map(|p| p.1);
        let top = ys.clone().min().unwrap_or(0).max(0);
        let bottom = ys.max().unwrap_or(-1).min(self.height as i64 - 1);
        let mut xs: Vec<f64> = Vec::with_capacity(points.len());
        for y in top..=bottom {
            let yc = y as f64 + 0.5;
            xs.clear();
            for (k, &(x1, y1)) in points.iter().enumerate() {
                let (x2, y2) = points[(k + 1) % points.len()];
                let (fy1, fy2) = (y1 as f64, y2 as f64);
                if (fy1 <= yc) != (fy2 <= yc) {
                    xs.push(x1 as f64 + (yc - fy1) * (x2 - x1) as f64 / (fy2 - fy1));
                }
            }
            xs.sort_by(f64::total_cmp);
            for pair in xs.chunks_exact(2) {
                let x0 = (pair[0] - 0.5).ceil().max(-1.0).min(self.width as f64);
                let x1 = (pair[1] - 0.5).floor().max(-1.0).min(self.width as f64);
                if x1 >= x0 {
                    self.fill_rect(x0 as i64, y, (x1 - x0) as i64 + 1, 1, c);
                }
            }
        }
    }

    /// Copies `src` with its top left corner at `(x, y)` (clipped).
    pub fn blit(&mut self, src: &Canvas, x: i64, y: i64) {
        for sy in 0..src.height {
            for sx in 0..src.width {
                self.set(
                    x.saturating_add(sx as i64),
                    y.saturating_add(sy as i64),
                    src.pixels[sy * src.width + sx],
                );
            }
        }
    }
}

/// Liang-Barsky clipping of a segment to the box `[-1, w] x [-1, h]`, rounded to pixels.
fn clip_line(x1: i64, y1: i64, x2: i64, y2: i64, w: f64, h: f64) -> Option<(i64, i64, i64, i64)> {
    let (fx, fy) = (x1 as f64, y1 as f64);
    let (dx, dy) = (x2 as f64 - fx, y2 as f64 - fy);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [(-dx, fx + 1.0), (dx, w - fx), (-dy, fy + 1.0), (dy, h - fy)] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    if t0 > t1 {
        return None;
    }
    let at = |t: f64| ((fx + t * dx).round() as i64, (fy + t * dy).round() as i64);
    let ((a, b), (c, d)) = (at(t0), at(t1));
    Some((a, b, c, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(c: &Canvas, col: Rgb) -> usize {
        c.pixels().iter().filter(|&&p| p == col).count()
    }

    #[test]
    fn rejects_empty_and_huge() {
        assert!(Canvas::new(0, 3).is_err());
        assert!(Canvas::new(3, MAX_SIDE + 1).is_err());
        assert!(Canvas::new(MAX_SIDE, MAX_SIDE).is_err());
        assert!(Canvas::new(MAX_SIDE, MAX_PIXELS / MAX_SIDE).is_ok());
    }

    #[test]
    fn diagonal_line_hits_the_diagonal() {
        let mut c = Canvas::new(10, 10).unwrap();
        c.line(0, 0, 9, 9, Rgb::BLACK);
        for i in 0..10 {
            assert_eq!(c.get(i, i), Some(Rgb::BLACK));
        }
        assert_eq!(count(&c, Rgb::BLACK), 10);
    }

    #[test]
    fn far_away_line_is_clipped_and_quick() {
        let mut c = Canvas::new(4, 4).unwrap();
        c.line(-1_000_000_000_000, 1, 1_000_000_000_000, 1, Rgb::BLACK);
        assert_eq!(count(&c, Rgb::BLACK), 4);
        assert_eq!(c.get(0, 1), Some(Rgb::BLACK));
        c.line(i64::MIN / 4, 5, i64::MAX / 4, 5, Rgb::BLACK);
        assert_eq!(count(&c, Rgb::BLACK), 4);
    }

    #[test]
    fn rect_outline_and_fill() {
        let mut c = Canvas::new(8, 8).unwrap();
        c.rect(1, 1, 4, 3, Rgb::BLACK);
        assert_eq!(count(&c, Rgb::BLACK), 10);
        assert_eq!(c.get(2, 2), Some(Rgb::WHITE));
        c.fill_rect(-2, -2, 4, 4, Rgb::GRAY);
        assert_eq!(count(&c, Rgb::GRAY), 4);
    }

    #[test]
    fn polygon_fills_a_triangle() {
        let mut c = Canvas::new(20, 20).unwrap();
        c.fill_polygon(&[(0, 0), (10, 0), (0, 10)], Rgb::BLACK);
        assert_eq!(c.get(1, 1), Some(Rgb::BLACK));
        assert_eq!(c.get(9, 9), Some(Rgb::WHITE));
        let n = count(&c, Rgb::BLACK);
        assert!((40..=60).contains(&n), "{n} pixels");
        c.fill_polygon(&[(-1_000_000, 5), (1_000_000, 5), (0, 7)], Rgb::GRAY);
        assert_eq!(c.get(19, 5), Some(Rgb::GRAY));
    }

    #[test]
    fn circle_is_symmetric_and_disc_is_full() {
        let mut c = Canvas::new(21, 21).unwrap();
        c.circle(10, 10, 5, Rgb::BLACK);
        for (x, y) in [(15, 10), (5, 10), (10, 15), (10, 5)] {
            assert_eq!(c.get(x, y), Some(Rgb::BLACK));
        }
        assert_eq!(c.get(10, 10), Some(Rgb::WHITE));
        c.fill_circle(10, 10, 5, Rgb::GRAY);
        assert_eq!(c.get(10, 10), Some(Rgb::GRAY));
        assert_eq!(c.get(15, 10), Some(Rgb::GRAY));
        assert_eq!(c.get(15, 15), Some(Rgb::WHITE));
    }
}
