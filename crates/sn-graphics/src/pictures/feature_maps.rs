//! The feature maps of a network on one input: one row per layer, one tile
//! per map, each layer scaled by its own range, the layer's name on the left.

use crate::canvas::Canvas;
use crate::color::{ColorMap, Rgb};
use crate::error::{GraphicsError, Result};
use crate::text::{self, CHAR_H, CHAR_W};
use crate::values::{self, value_range, Grid};

/// One layer of states: dims `(n h w)` (n maps), `(h w)` (one map) or `(n)`
/// (a vector), after leading dims of 1 (a batch of one) are dropped.
#[derive(Debug, Clone, Copy)]
pub struct MapLayer<'a> {
    /// Shown at the left of the row.
    pub name: &'a str,
    /// The states, row-major.
    pub data: &'a [f32],
    /// Their dims.
    pub dims: &'a [usize],
}

/// Smallest height in pixels a map is zoomed to.
const MIN_MAP_SIDE: usize = 48;
/// Largest zoom factor.
const MAX_ZOOM: usize = 12;
/// The colour of the frame around each map.
const FRAME: Rgb = Rgb(190, 190, 190);
/// Space between maps and between rows.
const GAP: usize = 4;

/// Number of maps, their height and width.
fn map_dims(l: &MapLayer) -> Result<(usize, usize, usize)> {
    let mut dims = l.dims;
    while dims.len() > 1 && dims[0] == 1 {
        dims = &dims[1..];
    }
    let (n, h, w) = match *dims {
        [n] => (1, 1, n),
        [h, w] => (1, h, w),
        [n, h, w] => (n, h, w),
        _ => {
            return Err(GraphicsError::shape(
                "feature-maps (1 to 3 dims)",
                l.dims,
                l.data.len(),
            ))
        }
    };
    let total = n.checked_mul(h).and_then(|x| x.checked_mul(w));
    if total != Some(l.data.len()) || l.data.is_empty() {
        return Err(GraphicsError::shape("feature-maps", l.dims, l.data.len()));
    }
    Ok((n, h, w))
}

fn zoom_for(h: usize) -> usize {
    MIN_MAP_SIDE.div_ceil(h).clamp(1, MAX_ZOOM)
}

/// The picture of `layers`, top to bottom, with colour map `map`
/// (each layer from its smallest value to its largest).
///
/// # Errors
/// `Shape` if a layer's dims are not 1 to 3 or do not match its values;
/// `Domain` if there are no layers or the picture would be too large.
pub fn feature_maps(layers: &[MapLayer], map: ColorMap) -> Result<Canvas> {
    if layers.is_empty() {
        return Err(GraphicsError::domain("feature-maps", "no layers"));
    }
    let shapes = layers.iter().map(map_dims).collect::<Result<Vec<_>>>()?;
    let label_w = layers
        .iter()
        .map(|l| l.name.chars().count())
        .max()
        .unwrap_or(0)
        * CHAR_W as usize
        + GAP * 2;
    let row_size = |&(n, h, w): &(usize, usize, usize)| {
        let z = zoom_for(h);
        (
            n.saturating_mul(w * z + GAP),
            (h * z).max(CHAR_H as usize + 4),
        )
    };
    let width = label_w + shapes.iter().map(row_size).map(|s| s.0).max().unwrap_or(0) + GAP;
    let height = shapes
        .iter()
        .map(row_size)
        .map(|s| s.1 + GAP)
        .sum::<usize>()
        + GAP;
    let mut canvas = Canvas::new(width, height)?;
    let mut y = GAP;
    for (layer, shape) in layers.iter().zip(&shapes) {
        let (_, h, w) = *shape;
        let z = zoom_for(h);
        let range = value_range(layer.data);
        let row_h = row_size(shape).1;
        text::draw_text(
            &mut canvas,
            GAP as i64,
            (y + row_h / 2) as i64 + 3,
            layer.name,
            Rgb::BLACK,
        );
        for (k, m) in layer.data.chunks(h * w).enumerate() {
            let x = label_w + k * (w * z + GAP);
            let grid = Grid::new(m, h, w)?;
            let (fw, fh) = ((w * z + 2) as i64, (h * z + 2) as i64);
            canvas.rect(x as i64 - 1, y as i64 - 1, fw, fh, FRAME);
            values::draw_array(
                &mut canvas,
                x as i64,
                y as i64,
                grid,
                map,
                range,
                (z as i64, z as i64),
            );
        }
        y += row_h + GAP;
    }
    Ok(canvas)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_per_layer_and_ranges_per_layer() {
        let input = [0.0f32, 1.0, 1.0, 0.0];
        let maps = [5.0f32, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0];
        let out = [0.0f32, -1.0, 3.0];
        let layers = [
            MapLayer {
                name: "in",
                data: &input,
                dims: &[2, 2],
            },
            MapLayer {
                name: "c1",
                data: &maps,
                dims: &[2, 2, 2],
            },
            MapLayer {
                name: "out",
                data: &out,
                dims: &[3],
            },
        ];
        let c = feature_maps(&layers, ColorMap::Gray).unwrap();
        let label_w = 3 * 8 + 2 * GAP;
        // The input's top left value (0) is its minimum: black.
        assert_eq!(c.get(label_w as i64, GAP as i64), Some(Rgb::BLACK));
        // The second row starts below the first (2 x zoom pixels high).
        let side = 2 * zoom_for(2);
        let y2 = (GAP + side + GAP) as i64;
        assert_eq!(c.get(label_w as i64, y2), Some(Rgb::BLACK));
        let second_map_x = (label_w + side + GAP) as i64;
        let half = (side / 2) as i64;
        assert_eq!(c.get(second_map_x + half, y2 + half), Some(Rgb::WHITE));
        assert_eq!(
            c.get(second_map_x + half - 1, y2 + half),
            Some(Rgb::gray(6.0 / 7.0))
        );
        assert!(feature_maps(&[], ColorMap::Gray).is_err());
        let batch = [MapLayer {
            name: "b",
            data: &maps,
            dims: &[1, 1, 2, 2, 2],
        }];
        let one = feature_maps(&batch, ColorMap::Gray).unwrap();
        assert_eq!(one.height(), GAP + side + GAP);
        let bad = [MapLayer {
            name: "x",
            data: &out,
            dims: &[2, 2],
        }];
        assert!(feature_maps(&bad, ColorMap::Gray).is_err());
    }
}
