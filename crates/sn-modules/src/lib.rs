//! gblearn2-level modules for sn: states with `x`/`dx`/`ddx`, one flat
//! parameter pool per network, modules with `fprop`/`bprop`/`bbprop`,
//! costs, networks (LeNet-1, LeNet-5), trainers (SGD, momentum, weight
//! decay, stochastic diagonal Levenberg-Marquardt) and fast kernels.
//!
//! No dependency on the Lisp: the bindings live in the root crate.

#![warn(missing_docs)]

pub mod bench;
pub mod cost;
pub mod data;
pub mod error;
pub mod health;
pub mod interrupt;
pub mod io;
pub mod kernels;
pub mod lenet;
pub mod meter;
pub mod module;
pub mod modules;
pub mod net;
pub mod pool;
pub mod rng;
pub mod spec;
pub mod state;
pub mod trainer;

pub use cost::{reads as cost_reads, Cost, RbfCost, SoftmaxCe, SqErr};
pub use data::Dataset;
pub use error::{ModError, Result};
pub use health::{Stalled, Watch};
pub use meter::{EpochReport, Meter};
pub use module::{Ctx, Module, ParamBlock, Shape};
pub use net::Net;
pub use pool::Pool;
pub use rng::{InitRule, Rng};
pub use spec::Spec;
pub use state::State;
pub use trainer::{DiagLm, Schedule, TrainConfig, Trainer};
