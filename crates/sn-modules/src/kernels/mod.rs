//! Numeric kernels: matrix products, unfolding, element-wise maps.
//! Every parallel kernel has a serial twin selected by a flag.

pub mod elem;
pub mod full;
pub mod gemm;
pub mod pool2;
pub mod unfold;

pub use gemm::{gemm, Mat};
