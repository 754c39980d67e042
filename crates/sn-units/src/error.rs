//! Errors of the units-and-connections level.

use thiserror::Error;

/// Everything that can go wrong when building, running or saving a network.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum UnitsError {
    /// A unit number outside `0..nnum`.
    #[error("{op}: no unit {unit} (the net has {nnum} units)")]
    Unit {
        /// The primitive that failed (its Lisp name).
        op: &'static str,
        /// The unit number given.
        unit: i64,
        /// The number of units of the net.
        nnum: usize,
    },
    /// More units, connections or weights than a net may hold
    /// ([`MAX_ITEMS`](crate::MAX_ITEMS)); the capacities given to
    /// `alloc-net` grow up to it.
    #[error("{op}: {what} capacity exceeded ({max})")]
    Capacity {
        /// The primitive that failed (its Lisp name).
        op: &'static str,
        /// What ran out: `unit`, `connection` or `weight`.
        what: &'static str,
        /// The most there may be.
        max: usize,
    },
    /// The connection `from -> to` does not exist.
    #[error("{op}: no connection {from} -> {to}")]
    NotConnected {
        /// The primitive that failed (its Lisp name).
        op: &'static str,
        /// The source unit.
        from: u32,
        /// The destination unit.
        to: u32,
    },
    /// The connection `from -> to` already exists.
    #[error("{op}: connection {from} -> {to} already exists")]
    AlreadyConnected {
        /// The primitive that failed (its Lisp name).
        op: &'static str,
        /// The source unit.
        from: u32,
        /// The destination unit.
        to: u32,
    },
    /// Bias unit 0 cannot receive connections.
    #[error("{op}: the bias unit 0 cannot receive connections")]
    IntoBias {
        /// The primitive that failed (its Lisp name).
        op: &'static str,
    },
    /// Arguments of inconsistent sizes.
    #[error("{op}: {what}")]
    Shape {
        /// The primitive that failed (its Lisp name).
        op: &'static str,
        /// Which sizes disagree, in words.
        what: String,
    },
    /// A bad numeric argument.
    #[error("{op}: {what}")]
    Domain {
        /// The primitive that failed (its Lisp name).
        op: &'static str,
        /// What is wrong with the argument, in words.
        what: String,
    },
    /// A weight file with a different number of weights.
    #[error("{file}: {found} weights in the file, the net has {expected}")]
    WeightCount {
        /// The file's path.
        file: String,
        /// The number of weights of the net.
        expected: usize,
        /// The number of weights in the file.
        found: usize,
    },
    /// A malformed weight file.
    #[error("{file}: {what}")]
    Format {
        /// The file's path.
        file: String,
        /// What is wrong in the file.
        what: String,
    },
    /// An input/output error.
    #[error("{file}: {what}")]
    Io {
        /// The file's path.
        file: String,
        /// The operating system's message.
        what: String,
    },
    /// A request that does not fit in the memory budget, or an allocation
    /// that failed.
    #[error("{op}: {what}")]
    Memory {
        /// The primitive that failed (its Lisp name).
        op: &'static str,
        /// The budget's (or the allocator's) answer.
        what: String,
    },
    /// A NaN or infinite value where a finite one is needed (a weight to
    /// save, a learning step).
    #[error("{op}: {what}")]
    NotFinite {
        /// The primitive that failed (its Lisp name).
        op: &'static str,
        /// Which value is not finite.
        what: String,
    },
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
