//! Errors of array construction, indexing, operations and files.

use thiserror::Error;

/// Everything that can go wrong with an array.
///
/// Variants are data; rendering is the `Display` implementation.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ArrayError {
    /// Two operands (or an operand and an output) have incompatible shapes.
    #[error("{op}: shape mismatch between {lhs:?} and {rhs:?}")]
    Shape {
        op: String,
        lhs: Vec<usize>,
        rhs: Vec<usize>,
    },
    /// The number of subscripts does not match the rank.
    #[error("{op}: {given} subscripts for an array of dims {dims:?}")]
    Rank {
        op: String,
        given: usize,
        dims: Vec<usize>,
    },
    /// A subscript (or dimension number) is out of range.
    #[error("{op}: index {index} out of range for dimension {dim} of dims {dims:?}")]
    Index {
        op: String,
        dim: usize,
        index: i64,
        dims: Vec<usize>,
    },
    /// A request for an array whose size does not fit in memory or has too many dimensions.
    #[error("array of dims {dims:?} is too large (at most {max_ndim} dimensions and {max_elems} elements)")]
    TooLarge {
        dims: Vec<usize>,
        max_ndim: usize,
        max_elems: usize,
    },
    /// A request that does not fit in the memory budget (see [`crate::budget`]).
    #[error("{op}: {bytes} bytes do not fit in the memory budget ({live} of {limit} bytes in use; set SN_MEMORY or memory-limit to change it)")]
    Memory {
        op: String,
        bytes: usize,
        live: usize,
        limit: usize,
    },
    /// An argument has an invalid value (not a shape or index problem).
    #[error("{op}: {problem}")]
    Domain { op: String, problem: String },
    /// An operating-system error while reading or writing a file.
    #[error("{file}: {message}")]
    Io { file: String, message: String },
    /// A malformed file.
    #[error("{file}: {problem}")]
    Format { file: String, problem: String },
}

impl ArrayError {
    /// A shape error for `op` between two dims lists.
    pub fn shape(op: &str, lhs: &[usize], rhs: &[usize]) -> Self {
        ArrayError::Shape {
            op: op.to_string(),
            lhs: lhs.to_vec(),
            rhs: rhs.to_vec(),
        }
    }

    /// A domain error for `op`.
    pub fn domain(op: &str, problem: impl Into<String>) -> Self {
        ArrayError::Domain {
            op: op.to_string(),
            problem: problem.into(),
        }
    }

    /// A format error for `file`.
    pub fn format(file: &str, problem: impl Into<String>) -> Self {
        ArrayError::Format {
            file: file.to_string(),
            problem: problem.into(),
        }
    }
}
