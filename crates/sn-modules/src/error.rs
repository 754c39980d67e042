//! Errors of the modules level.

use thiserror::Error;

/// Errors raised by modules, networks, trainers and files.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum ModError {
    /// An input state has a shape the module cannot take.
    #[error("{module}: input shape {got:?} does not match expected {expected:?}")]
    Shape {
        /// The module (or cost) that refused the input.
        module: String,
        /// The dims it takes.
        expected: Vec<usize>,
        /// The dims it was given.
        got: Vec<usize>,
    },
    /// A label is out of range for the cost.
    #[error("{module}: label {label} out of range 0..{classes}")]
    Label {
        /// The cost that refused the label (or the sample number).
        module: String,
        /// The label (or sample number) given.
        label: usize,
        /// The number of classes (or samples); `label` must be below it.
        classes: usize,
    },
    /// A construction argument is invalid.
    #[error("{module}: {msg}")]
    Config {
        /// The module, network or trainer being built.
        module: String,
        /// What is wrong with the argument, in words.
        msg: String,
    },
    /// A file could not be read or written.
    #[error("{path}: {msg}")]
    Io {
        /// The file's path.
        path: String,
        /// The operating system's message.
        msg: String,
    },
    /// A long loop was interrupted.
    #[error("interrupted")]
    Interrupted,
    /// A file is malformed.
    #[error("{path}: malformed file: {msg}")]
    Format {
        /// The file's path.
        path: String,
        /// What is wrong in the file.
        msg: String,
    },
    /// A request that does not fit in the memory budget.
    #[error("{0}")]
    Memory(String),
    /// Values became NaN or infinite.
    #[error("{module}: {msg}")]
    NotFinite {
        /// The network whose cost or parameters are not finite.
        module: String,
        /// Which value went wrong and where (sample, module number).
        msg: String,
    },
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

/// Checks that `n` more `f32` values fit in the memory budget (see
/// `sn_array::budget`) before `op` allocates them.
///
/// # Errors
/// `Memory` when they do not (or the byte count overflows).
pub fn reserve_f32(op: &str, n: usize) -> Result<()> {
    sn_array::budget::reserve_items(op, n, std::mem::size_of::<f32>())
        .map_err(|e| ModError::Memory(e.to_string()))
}

/// The product of `dims`, or a `Memory` error naming `op` when it overflows.
///
/// # Errors
/// `Memory` on overflow.
pub fn count(op: &str, dims: &[usize]) -> Result<usize> {
    dims.iter()
        .try_fold(1usize, |a, &d| a.checked_mul(d))
        .ok_or_else(|| {
            ModError::Memory(format!(
                "{op}: {dims:?} holds more elements than memory can address"
            ))
        })
}

/// Result type of the modules level.
pub type Result<T> = std::result::Result<T, ModError>;
