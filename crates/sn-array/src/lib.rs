//! Arrays for sn: Lush-style idx views over shared `f32` storage, their
//! operations, and the IDX, SN/Lush and ASCII `.MAT` file formats.

#![warn(missing_docs)]

mod array;
pub mod budget;
mod display;
mod error;
pub mod image;
pub mod io;
pub mod lushnum;
pub mod ops;
pub mod simd;
mod view;

pub use array::{checked_len, Array, Offsets, Storage, MAX_ELEMS, MAX_NDIM};
pub use display::format_number;
pub use error::ArrayError;
pub use lushnum::{exact_number, lush_number};
pub use view::{resolve_index, Sub};
