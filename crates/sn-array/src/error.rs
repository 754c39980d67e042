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
        /// The operation that failed (its Lisp name, e.g. `idx-add`).
        op: String,
        /// Dims of the first operand.
        lhs: Vec<usize>,
        /// Dims of the second operand or of the output.
        rhs: Vec<usize>,
    },
    /// The number of subscripts does not match the rank.
    #[error("{op}: {given} subscripts for an array of dims {dims:?}")]
    Rank {
        /// The operation that failed.
        op: String,
        /// How many subscripts were given.
        given: usize,
        /// Dims of the array; their count is the rank that was expected.
        dims: Vec<usize>,
    },
    /// A subscript (or dimension number) is out of range.
    #[error("{op}: index {index} out of range for dimension {dim} of dims {dims:?}")]
    Index {
        /// The operation that failed.
        op: String,
        /// The dimension (0-based) the subscript was for.
        dim: usize,
        /// The subscript as given; negative ones count from the end.
        index: i64,
        /// Dims of the array.
        dims: Vec<usize>,
    },
    /// A request for an array whose size does not fit in memory or has too many dimensions.
    #[error("array of dims {dims:?} is too large (at most {max_ndim} dimensions and {max_elems} elements)")]
    TooLarge {
        /// The dims asked for.
        dims: Vec<usize>,
        /// The most dimensions an array may have (`MAX_NDIM`).
        max_ndim: usize,
        /// The most elements an array may have (`MAX_ELEMS`).
        max_elems: usize,
    },
    /// A request that does not fit in the memory budget (see [`crate::budget`]).
    #[error("{op}: {bytes} bytes do not fit in the memory budget ({live} of {limit} bytes in use; set SN_MEMORY or memory-limit to change it)")]
    Memory {
        /// The operation that asked for the memory.
        op: String,
        /// Bytes asked for.
        bytes: usize,
        /// Bytes already reserved when the request came.
        live: usize,
        /// The budget in bytes (`SN_MEMORY` or `memory-limit`).
        limit: usize,
    },
    /// An argument has an invalid value (not a shape or index problem).
    #[error("{op}: {problem}")]
    Domain {
        /// The operation that failed.
        op: String,
        /// What is wrong with the argument, in words.
        problem: String,
    },
    /// An operating-system error while reading or writing a file.
    #[error("{file}: {message}")]
    Io {
        /// The file's path as given.
        file: String,
        /// The operating system's message.
        message: String,
    },
    /// A malformed file.
    #[error("{file}: {problem}")]
    Format {
        /// The file's path as given.
        file: String,
        /// What is wrong in the file (bad magic, truncated data ...).
        problem: String,
    },
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
