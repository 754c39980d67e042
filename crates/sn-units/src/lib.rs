//! The SN2.8 level of sn: a network of numbered units and weighted
//! connections, with shared weights; propagation primitives with their
//! non-linear functions (sigmoids, splines); online, batch and
//! second-order learning; Euclidean (RBF) units, IAC and ART units;
//! connection patterns (windows, shared kernels, time delays) and
//! connection-level bulk operations; netenv's classification criteria;
//! optimal brain damage; SN2.8 and sn weight files; the k-nearest-neighbour
//! codebooks. Pure Rust, no Lisp: `src/builtins/units/` and
//! `src/builtins/knn.rs` bind it.
//!
//! Unit 0 is the bias unit (state 1). Connections are kept per destination
//! in compact arrays with a reverse index per source ([`Csr`]); a shared
//! weight is one index into the weight vector used by several connections.

#![warn(missing_docs)]

mod backward;
mod classify;
mod connect;
mod csr;
mod error;
mod euclid;
mod fieldops;
mod forward;
mod iac;
mod init;
mod io;
pub mod knn;
mod net;
mod nlf;
mod obd;
mod patterns;
mod second;
mod sn28io;
mod train;
mod update;

pub use classify::Class;
pub use csr::{Csr, DenseRow};
pub use error::{Result, UnitsError};
pub use iac::Iac;
pub use init::FanIn;
pub use net::{Conn, Net, UnitField, Units, WeightField, Weights, MAX_ITEMS};
pub use nlf::{Nlf, NlfKind, ScalarFn, Spline};
pub use patterns::{Map, Sharing, Window};
pub use sn28io::{sn28_header, Sn28Header};
pub use train::{Plan, Rule, Stage, StepParams};
pub use update::Scope;
