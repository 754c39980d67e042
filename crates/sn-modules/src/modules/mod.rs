//! The modules.

pub mod act;
pub mod conv;
pub mod full;
pub mod local;
pub mod logsoftmax;
pub mod maxpool;
pub mod pad;
pub mod rbf;
pub mod seq;
pub mod subsample;
pub mod wrap;

pub use act::{Act, ActKind};
pub use conv::{full_table, Conv};
pub use full::Full;
pub use local::Local;
pub use logsoftmax::LogSoftmax;
pub use maxpool::MaxPool;
pub use pad::Pad;
pub use rbf::Rbf;
pub use seq::{Misfit, Seq};
pub use subsample::Subsample;
pub use wrap::Wrap;
