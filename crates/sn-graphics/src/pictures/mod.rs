//! Built-in pictures of networks: weights as tiles, feature maps, confusion
//! matrices and curves over epochs. Each picture is a [`Canvas`](crate::Canvas)
//! that can be written with [`write_png`](crate::png_io::write_png) or copied
//! into a window with [`Canvas::blit`](crate::Canvas::blit).

pub mod confusion;
pub mod feature_maps;
pub mod plot;
pub mod ticks;
pub mod tiles;

pub use confusion::confusion_matrix;
pub use feature_maps::{feature_maps, MapLayer};
pub use plot::{Plot, Series};
pub use tiles::{weight_tiles, TileOptions};

use crate::color::Rgb;

/// Colours of successive curves and series (a qualitative palette).
pub const PALETTE: [Rgb; 6] = [
    Rgb(31, 119, 180),
    Rgb(214, 39, 40),
    Rgb(44, 160, 44),
    Rgb(255, 127, 14),
    Rgb(148, 103, 189),
    Rgb(23, 190, 207),
];
