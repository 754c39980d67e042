//! ONNX for sn's module networks: the ONNX messages (derived with `prost`),
//! export of a network as standard operators (opset 13) with its weights as
//! initializers, and import of a file that uses the same operators; and
//! export of a layered units-level (SN2.8) network ([`units`]).

#![warn(missing_docs)]

pub mod error;
pub mod export;
pub mod proto;
pub mod tensor;
pub mod units;
mod units_plan;

pub use error::{OnnxError, Result};
pub use export::{model, model_with, save, Options};
pub mod import;

pub use import::{load, net_of, read_model};
