//! Errors of ONNX export and import.

use thiserror::Error;

/// What went wrong; each names the module or the node concerned.
#[derive(Debug, Error)]
pub enum OnnxError {
    /// A module that has no ONNX translation (1-based position, nested
    /// positions joined by dots, and its kind).
    #[error("save-onnx: module {index} ({kind}) has no ONNX equivalent")]
    Unsupported {
        /// Its position in the network (`"3"`, or `"2.1"` inside a seq).
        index: String,
        /// Its kind.
        kind: String,
    },
    /// An operator, or a use of one, that sn cannot build.
    #[error("load-onnx: operator {op} (node {node:?}) is not supported: {msg}")]
    Operator {
        /// The operator (`op_type`).
        op: String,
        /// The node's name (or its output's when unnamed).
        node: String,
        /// Why.
        msg: String,
    },
    /// A file that is not a usable ONNX model.
    #[error("{path}: not an ONNX model sn can read: {msg}")]
    Format {
        /// The file.
        path: String,
        /// Why.
        msg: String,
    },
    /// An operating-system error.
    #[error("{path}: {msg}")]
    Io {
        /// The file.
        path: String,
        /// The system's message.
        msg: String,
    },
    /// A units-level network that cannot be written as layers (a cycle, a
    /// connection into the input layer, a unit read but never computed),
    /// naming the unit concerned.
    #[error("save-onnx-units: unit {unit}: {msg}")]
    NotLayered {
        /// The unit.
        unit: u32,
        /// Why.
        msg: String,
    },
    /// A non-linear function of a units-level layer with no ONNX
    /// translation (its layer's position, 1-based, and the function).
    #[error("save-onnx-units: layer {layer}: the nlf {nlf} has no ONNX equivalent")]
    Nlf {
        /// The layer's position among the computed layers.
        layer: usize,
        /// The function, as sn prints it.
        nlf: String,
    },
    /// Memory refused by sn's budget (a dense weight matrix too large).
    #[error(transparent)]
    Array(#[from] sn_array::ArrayError),
    /// An error of the modules level (shapes, sizes, memory).
    #[error(transparent)]
    Module(#[from] sn_modules::ModError),
}

/// Results of this crate.
pub type Result<T> = std::result::Result<T, OnnxError>;
