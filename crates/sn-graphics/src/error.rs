//! Errors of drawing, pictures and files.

use thiserror::Error;

/// Everything that can go wrong when drawing or writing a picture.
///
/// Variants are data; rendering is the `Display` implementation.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum GraphicsError {
    /// An argument has an invalid value (a size, a colour number, a range).
    #[error("{op}: {problem}")]
    Domain { op: String, problem: String },
    /// A buffer of values does not fill the dimensions it is said to have.
    #[error("{op}: {len} values do not fill dims {dims:?}")]
    Shape {
        op: String,
        dims: Vec<usize>,
        len: usize,
    },
    /// An operating-system error while writing or reading a file.
    #[error("{file}: {message}")]
    Io { file: String, message: String },
    /// A malformed picture file.
    #[error("{file}: {problem}")]
    Format { file: String, problem: String },
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
