//! Errors of the modules level.

use thiserror::Error;

/// Errors raised by modules, networks, trainers and files.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum ModError {
    /// An input state has a shape the module cannot take.
    #[error("{module}: input shape {got:?} does not match expected {expected:?}")]
    Shape {
        module: String,
        expected: Vec<usize>,
        got: Vec<usize>,
    },
    /// A label is out of range for the cost.
    #[error("{module}: label {label} out of range 0..{classes}")]
    Label {
        module: String,
        label: usize,
        classes: usize,
    },
    /// A construction argument is invalid.
    #[error("{module}: {msg}")]
    Config { module: String, msg: String },
    /// A file could not be read or written.
    #[error("{path}: {msg}")]
    Io { path: String, msg: String },
    /// A long loop was interrupted.
    #[error("interrupted")]
    Interrupted,
    /// A file is malformed.
    #[error("{path}: malformed file: {msg}")]
    Format { path: String, msg: String },
}

impl ModError {
    /// A configuration error for `module`.
    pub fn config(module: &str, msg: impl Into<String>) -> Self {
        ModError::Config {
            module: module.to_string(),
            msg: msg.into(),
        }
    }

    /// A shape error for `module`.
    pub fn shape(module: &str, expected: &[usize], got: &[usize]) -> Self {
        ModError::Shape {
            module: module.to_string(),
            expected: expected.to_vec(),
            got: got.to_vec(),
        }
    }
}

/// Result type of the modules level.
pub type Result<T> = std::result::Result<T, ModError>;
