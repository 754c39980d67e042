//! Weights as a tiled image: the weights of one unit, one kernel, a set of
//! kernels or a whole convolution layer.
//!
//! Dims decide the layout: `(h w)` is one tile; `(n h w)` is `n` tiles in a
//! near-square grid; `(o i h w)` (a convolution layer: output maps by input
//! maps) is `o` rows of `i` tiles; `(n)` is one tile of one row. Values are
//! scaled symmetrically around 0: `-m` gives the start of the colour map,
//! `0` its middle, `m` its end, with `m` the largest absolute weight (of the
//! whole picture, or of each tile with `per_tile`).

use crate::canvas::Canvas;
use crate::color::ColorMap;
use crate::error::{GraphicsError, Result};
use crate::values::{self, max_abs, Grid};

/// How to draw weight tiles.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TileOptions {
    /// Pixels per weight, at least 1.
    pub zoom: usize,
    /// White pixels between tiles.
    pub gap: usize,
    /// Scale each tile by its own largest absolute weight.
    pub per_tile: bool,
    /// The colour map (grey by default: negative dark, positive light).
    pub map: ColorMap,
}

impl Default for TileOptions {
    fn default() -> Self {
        TileOptions {
            zoom: 4,
            gap: 2,
            per_tile: false,
            map: ColorMap::Gray,
        }
    }
}

/// The layout of a weight array: rows and columns of tiles, each `h` x `w`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Layout {
    grid_rows: usize,
    grid_cols: usize,
    h: usize,
    w: usize,
}

fn layout(len: usize, dims: &[usize]) -> Result<Layout> {
    let lay = match *dims {
        [n] => Layout {
            grid_rows: 1,
            grid_cols: 1,
            h: 1,
            w: n,
        },
        [h, w] => Layout {
            grid_rows: 1,
            grid_cols: 1,
            h,
            w,
        },
        [n, h, w] => {
            let cols = (1..=n.max(1)).find(|c| c * c >= n).unwrap_or(1);
            Layout {
                grid_rows: n.div_ceil(cols),
                grid_cols: cols,
                h,
                w,
            }
        }
        [o, i, h, w] => Layout {
            grid_rows: o,
            grid_cols: i,
            h,
            w,
        },
        _ => {
            return Err(GraphicsError::shape(
                "weight-tiles (1 to 4 dims)",
                dims,
                len,
            ))
        }
    };
    let total = dims.iter().try_fold(1usize, |a, &d| a.checked_mul(d));
    if total != Some(len) || len == 0 {
        return Err(GraphicsError::shape("weight-tiles", dims, len));
    }
    Ok(lay)
}

/// The tiled picture of the weights `data` of dims `dims`.
///
/// # Errors
/// `Shape` if the dims are not 1 to 4 or do not match the values; `Domain` if
/// the picture would be too large.
pub fn weight_tiles(data: &[f32], dims: &[usize], opts: &TileOptions) -> Result<Canvas> {
    let lay = layout(data.len(), dims)?;
    let zoom = opts.zoom.max(1);
    let side = |n: usize, t: usize| {
        n.saturating_mul(t.saturating_mul(zoom).saturating_add(opts.gap))
            .saturating_add(opts.gap)
    };
    let mut canvas = Canvas::new(side(lay.grid_cols, lay.w), side(lay.grid_rows, lay.h))?;
    let tile_len = lay.h * lay.w;
    let global = max_abs(data);
    for (k, tile) in data.chunks(tile_len).enumerate() {
        let m = if opts.per_tile { max_abs(tile) } else { global };
        let (gr, gc) = (k / lay.grid_cols, k % lay.grid_cols);
        let x = opts.gap + gc * (lay.w * zoom + opts.gap);
        let y = opts.gap + gr * (lay.h * zoom + opts.gap);
        let grid = Grid::new(tile, lay.h, lay.w)?;
        let z = zoom as i64;
        values::draw_array(
            &mut canvas,
            x as i64,
            y as i64,
            grid,
            opts.map,
            (-m, m),
            (z, z),
        );
    }
    Ok(canvas)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::color::Rgb;

    #[test]
    fn layouts() {
        assert_eq!(
            layout(6, &[2, 3]).unwrap(),
            Layout {
                grid_rows: 1,
                grid_cols: 1,
                h: 2,
                w: 3
            }
        );
        assert_eq!(layout(20, &[5, 2, 2]).unwrap().grid_cols, 3);
        assert_eq!(layout(20, &[5, 2, 2]).unwrap().grid_rows, 2);
        assert!(layout(5, &[2, 3]).is_err());
        assert!(layout(0, &[0, 3]).is_err());
        assert!(layout(1, &[1, 1, 1, 1, 1]).is_err());
    }

    #[test]
    fn signs_map_to_dark_and_light() {
        let data = [-1.0, 0.0, 1.0, 0.5];
        let opts = TileOptions {
            zoom: 2,
            gap: 1,
            ..TileOptions::default()
        };
        let c = weight_tiles(&data, &[2, 2], &opts).unwrap();
        assert_eq!((c.width(), c.height()), (6, 6));
        assert_eq!(c.get(0, 0), Some(Rgb::WHITE));
        assert_eq!(c.get(1, 1), Some(Rgb::BLACK));
        assert_eq!(c.get(3, 2), Some(Rgb::gray(0.5)));
        assert_eq!(c.get(1, 3), Some(Rgb::WHITE));
        assert_eq!(c.get(4, 4), Some(Rgb::gray(0.75)));
    }
}
