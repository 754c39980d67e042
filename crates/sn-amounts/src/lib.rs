//! The data and the heuristic over-segmentation of sn's cheque reader
//! (LeCun, Bottou, Bengio and Haffner 1998, sections V and X).
//!
//! * [`field`]: a seeded generator of fields of handwritten characters
//!   (amounts such as `1,234.56` and plain digit strings) made of the
//!   embedded MNIST digits with drawn separators; [`distort`]: optional
//!   random distortions of their digits, for training.
//! * [`segment`]: candidate cuts and their paths around the ink, the
//!   segmentation graph of consecutive segments and the segment images
//!   (32x32).
//! * [`truth_ink`]: which segments are characters, judged from the ink
//!   each shows and the field's owner map, and the correct path
//!   ([`truth`]: the older rule from the cut positions).
//! * [`grammar`]: acceptors of amounts, of n-digit strings and of a text,
//!   as `sn_graphs::Graph` values; labels and texts.
//! * [`picture`]: a field with its cuts as a picture.
//!
//! Classes of the whole reader: 0-9 the digits, [`COMMA`] (10),
//! [`POINT`] (11), [`JUNK_CLASS`] (12, the recognizer's junk class).

mod cuts;
pub mod digits;
pub mod distort;
pub mod error;
pub mod field;
pub mod grammar;
pub mod paths;
pub mod picture;
pub mod rng;
pub mod segment;
mod strokes;
pub mod truth;
pub mod truth_ink;

pub use cuts::CutParams;
pub use digits::DigitSet;
pub use error::AmountError;
pub use field::{Field, FieldGen, Kind};
pub use paths::PathParams;
pub use segment::{segment, Placement, SegParams, Segmentation, GEOMETRY};
pub use truth::{truth, Truth};
pub use truth_ink::{ink_truth, ink_truth_paths, Ground, InkRule};

/// The class of the thousands comma.
pub const COMMA: u32 = 10;
/// The class of the decimal point.
pub const POINT: u32 = 11;
/// The recognizer's junk class (an ordinary label in graphs).
pub const JUNK_CLASS: u32 = 12;
/// Number of classes of the recognizer.
pub const NCLASSES: usize = 13;
/// Height of fields and segment images, in pixels.
pub const HEIGHT: usize = 32;
/// Background value (MNIST's scaling in sn: grey 0).
pub const BG: f32 = -0.1;
/// Full ink value (grey 255).
pub const INK: f32 = 1.175;

/// A grey level in 0..1 as a pixel value in sn's MNIST scaling.
#[inline]
pub fn scale(v: f32) -> f32 {
    BG + (INK - BG) * v
}
