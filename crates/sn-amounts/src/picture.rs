//! A field with its cuts as a picture: grey levels of the field scaled
//! up, the cuts as vertical lines or as their paths, optionally the columns of chosen
//! segments as boxes with their labels.

use std::path::Path;

use sn_graphics::canvas::Canvas;
use sn_graphics::color::Rgb;

use crate::error::AmountError;
use crate::paths::straight_paths;
use crate::{BG, HEIGHT, INK};

/// A segment to outline: its columns [x0, x1) and a label drawn above.
#[derive(Clone, Debug)]
pub struct Outline {
    /// First column.
    pub x0: usize,
    /// Column after the last.
    pub x1: usize,
    /// Text drawn over the segment.
    pub text: String,
}

/// The picture of field `px` (`HEIGHT x width`) at `zoom` pixels per
/// pixel, with red lines at `cuts` and green boxes for `outlines`
/// (labels in a band above the field).
///
/// # Errors
/// `Domain` for a bad size or zoom; the canvas' errors.
pub fn field_canvas(
    px: &[f32],
    width: usize,
    cuts: &[usize],
    outlines: &[Outline],
    zoom: usize,
) -> Result<Canvas, AmountError> {
    field_canvas_paths(px, width, &straight_paths(cuts), outlines, zoom)
}

/// [`field_canvas`] with the cuts drawn as paths: `n x HEIGHT`
/// boundaries (as [`crate::Segmentation::paths`]), each a red line
/// down the boundary of every row, joined from row to row.
///
/// # Errors
/// As [`field_canvas`]; `Domain` when `paths` is not a whole number of
/// paths.
pub fn field_canvas_paths(
    px: &[f32],
    width: usize,
    paths: &[usize],
    outlines: &[Outline],
    zoom: usize,
) -> Result<Canvas, AmountError> {
    if !paths.len().is_multiple_of(HEIGHT) {
        return Err(AmountError::domain(
            "field-picture",
            format!("{} path boundaries for paths of {HEIGHT} rows", paths.len()),
        ));
    }
    if px.len() != HEIGHT * width || !(1..=16).contains(&zoom) {
        return Err(AmountError::domain(
            "field-picture",
            "the image must be 32 x W and the zoom 1 to 16",
        ));
    }
    let band = if outlines.is_empty() { 0 } else { 12 };
    let z = zoom as i64;
    let mut c = Canvas::new(width * zoom, HEIGHT * zoom + band)?;
    c.clear(Rgb::gray(1.0));
    for r in 0..HEIGHT {
        for x in 0..width {
            let v = ((px[r * width + x] - BG) / (INK - BG)).clamp(0.0, 1.0) as f64;
            c.fill_rect(
                x as i64 * z,
                band as i64 + r as i64 * z,
                z,
                z,
                Rgb::gray(1.0 - v),
            );
        }
    }
    let red = Rgb::from_unit(0.9, 0.1, 0.1);
    let top = band as i64;
    let at = |b: usize| (b as i64 * z).min(width as i64 * z - 1);
    for path in paths.chunks(HEIGHT) {
        for (r, &b) in path.iter().enumerate() {
            let (x, y) = (at(b), top + r as i64 * z);
            c.line(x, y, x, y + z - 1, red);
            if let Some(&next) = path.get(r + 1) {
                c.line(x, y + z - 1, at(next), y + z - 1, red);
            }
        }
    }
    let green = Rgb::from_unit(0.1, 0.6, 0.1);
    for o in outlines {
        let w = (o.x1.saturating_sub(o.x0)) as i64 * z;
        c.rect(o.x0 as i64 * z, band as i64, w, HEIGHT as i64 * z, green);
        sn_graphics::text::draw_text_centered(
            &mut c,
            o.x0 as i64 * z + w / 2,
            2,
            &o.text,
            Rgb::gray(0.0),
        );
    }
    Ok(c)
}

/// Writes [`field_canvas`] as a PNG file.
///
/// # Errors
/// As [`field_canvas`]; `Io` when the file cannot be written.
pub fn write_field_png(
    path: &Path,
    px: &[f32],
    width: usize,
    cuts: &[usize],
    outlines: &[Outline],
    zoom: usize,
) -> Result<(), AmountError> {
    write_field_paths_png(path, px, width, &straight_paths(cuts), outlines, zoom)
}

/// Writes [`field_canvas_paths`] as a PNG file.
///
/// # Errors
/// As [`field_canvas_paths`]; `Io` when the file cannot be written.
pub fn write_field_paths_png(
    path: &Path,
    px: &[f32],
    width: usize,
    paths: &[usize],
    outlines: &[Outline],
    zoom: usize,
) -> Result<(), AmountError> {
    let c = field_canvas_paths(px, width, paths, outlines, zoom)?;
    sn_graphics::png_io::write_png(&c, path)?;
    Ok(())
}
