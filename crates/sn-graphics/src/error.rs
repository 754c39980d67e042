//! Errors of drawing, pictures and files.

use thiserror::Error;

/// Everything that can go wrong when drawing or writing a picture.
///
/// Variants are data; rendering is the `Display` implementation.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum GraphicsError {
    /// An argument has an invalid value (a size, a colour number, a range).
    #[error("{op}: {problem}")]
    Domain {
        /// The operation that failed (its Lisp name when it has one).
        op: String,
        /// What is wrong with the argument, in words.
        problem: String,
    },
    /// A buffer of values does not fill the dimensions it is said to have.
    #[error("{op}: {len} values do not fill dims {dims:?}")]
    Shape {
        /// The operation that failed, with the dims it accepts.
        op: String,
        /// The dimensions the values were said to have.
        dims: Vec<usize>,
        /// How many values there were.
        len: usize,
    },
    /// An operating-system error while writing or reading a file.
    #[error("{file}: {message}")]
    Io {
        /// The file's path.
        file: String,
        /// The operating system's message.
        message: String,
    },
    /// A malformed picture file.
    #[error("{file}: {problem}")]
    Format {
        /// The file's path (`<png>` while encoding in memory).
        file: String,
        /// What the PNG decoder or encoder found wrong.
        problem: String,
    },
}

impl GraphicsError {
    /// A domain error for `op`.
    pub fn domain(op: &str, problem: impl Into<String>) -> Self {
        GraphicsError::Domain {
            op: op.to_string(),
            problem: problem.into(),
        }
    }

    /// A shape error for `op`: `len` values for `dims`.
    pub fn shape(op: &str, dims: &[usize], len: usize) -> Self {
        GraphicsError::Shape {
            op: op.to_string(),
            dims: dims.to_vec(),
            len,
        }
    }

    /// An I/O error on `file`.
    pub fn io(file: &std::path::Path, err: &std::io::Error) -> Self {
        GraphicsError::Io {
            file: file.display().to_string(),
            message: err.to_string(),
        }
    }
}

/// Results of this crate.
pub type Result<T> = std::result::Result<T, GraphicsError>;
