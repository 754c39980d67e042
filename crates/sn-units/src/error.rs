//! Errors of the units-and-connections level.

use thiserror::Error;

/// Everything that can go wrong when building, running or saving a network.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum UnitsError {
    /// A unit number outside `0..nnum`.
    #[error("{op}: no unit {unit} (the net has {nnum} units)")]
    Unit {
        op: &'static str,
        unit: i64,
        nnum: usize,
    },
    /// A capacity given to `alloc-net` would be exceeded.
    #[error("{op}: {what} capacity exceeded ({max})")]
    Capacity {
        op: &'static str,
        what: &'static str,
        max: usize,
    },
    /// The connection `from -> to` does not exist.
    #[error("{op}: no connection {from} -> {to}")]
    NotConnected {
        op: &'static str,
        from: u32,
        to: u32,
    },
    /// The connection `from -> to` already exists.
    #[error("{op}: connection {from} -> {to} already exists")]
    AlreadyConnected {
        op: &'static str,
        from: u32,
        to: u32,
    },
    /// Bias unit 0 cannot receive connections.
    #[error("{op}: the bias unit 0 cannot receive connections")]
    IntoBias { op: &'static str },
    /// Arguments of inconsistent sizes.
    #[error("{op}: {what}")]
    Shape { op: &'static str, what: String },
    /// A bad numeric argument.
    #[error("{op}: {what}")]
    Domain { op: &'static str, what: String },
    /// A weight file with a different number of weights.
    #[error("{file}: {found} weights in the file, the net has {expected}")]
    WeightCount {
        file: String,
        expected: usize,
        found: usize,
    },
    /// A malformed weight file.
    #[error("{file}: {what}")]
    Format { file: String, what: String },
    /// An input/output error.
    #[error("{file}: {what}")]
    Io { file: String, what: String },
    /// A request that does not fit in the memory budget, or an allocation
    /// that failed.
    #[error("{op}: {what}")]
    Memory { op: &'static str, what: String },
    /// A NaN or infinite value where a finite one is needed (a weight to
    /// save, a learning step).
    #[error("{op}: {what}")]
    NotFinite { op: &'static str, what: String },
    /// An error raised by a user-defined non-linear function.
    #[error("non-linear function: {0}")]
    Callback(String),
}

/// Result type of this crate.
pub type Result<T> = std::result::Result<T, UnitsError>;

impl UnitsError {
    /// The memory error of `op` from the budget's answer.
    pub fn memory(op: &'static str, e: sn_array::ArrayError) -> UnitsError {
        UnitsError::Memory {
            op,
            what: e.to_string(),
        }
    }
}
