//! Errors of field generation, segmentation and grammars.

use thiserror::Error;

/// What went wrong.
#[derive(Debug, Error)]
pub enum AmountError {
    /// Reading the digits failed.
    #[error("{0}")]
    Array(#[from] sn_array::ArrayError),
    /// A graph operation failed (memory, nodes).
    #[error("{0}")]
    Graph(#[from] sn_graphs::GraphError),
    /// A picture could not be made or written.
    #[error("{0}")]
    Graphics(#[from] sn_graphics::error::GraphicsError),
    /// A bad argument: the operation and the problem.
    #[error("{op}: {msg}")]
    Domain {
        /// The operation.
        op: &'static str,
        /// The problem.
        msg: String,
    },
}

impl AmountError {
    /// A domain error of `op`.
    pub fn domain(op: &'static str, msg: impl Into<String>) -> AmountError {
        AmountError::Domain {
            op,
            msg: msg.into(),
        }
    }
}

/// Asks the memory budget for `n` items of `size` bytes on behalf of `op`.
pub(crate) fn reserve(op: &str, n: usize, size: usize) -> Result<(), AmountError> {
    Ok(sn_array::budget::reserve_items(op, n, size)?)
}
