//! Operations on arrays: element-wise, reductions and linear algebra.

pub mod elementwise;
mod kernels;
pub mod linalg;
mod map;
pub mod reduce;

pub use elementwise::*;
pub use linalg::*;
pub(crate) use map::try_for_rows;
pub use reduce::*;
