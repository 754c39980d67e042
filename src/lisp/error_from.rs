//! The one place where the crates' typed errors become Lisp errors: one
//! `From` per crate error, into [`LispError`] and into [`Unwind`], so that
//! builtins convert with `?` or `map_err(Unwind::from)`. Each variant
//! maps to the kind that matches it, keeps the crate's message (its
//! `Display`) and keeps the operation, shapes and indices as
//! [`ErrorData`].
//!
//! A conversion has no side effect: the interrupt flag left set by an
//! interrupted pass of `sn-modules` is taken where the error enters the
//! evaluator (see `Interp::fail`).

use sn_amounts::AmountError;
use sn_array::ArrayError;
use sn_graphics::GraphicsError;
use sn_graphs::GraphError;
use sn_modules::ModError;
use sn_units::UnitsError;

use super::error::{ErrorData, ErrorKind, LispError, Unwind};

fn op(op: &str, problem: &str) -> Option<ErrorData> {
    Some(ErrorData::Op {
        op: op.to_string(),
        problem: problem.to_string(),
    })
}

fn file(file: &str, problem: &str) -> Option<ErrorData> {
    Some(ErrorData::File {
        file: file.to_string(),
        problem: problem.to_string(),
    })
}

fn shape(op: &str, expected: &[usize], found: &[usize]) -> Option<ErrorData> {
    Some(ErrorData::Shape {
        op: op.to_string(),
        expected: expected.to_vec(),
        found: found.to_vec(),
    })
}

fn index(op: &str, index: i64, dim: Option<usize>, dims: Vec<usize>) -> Option<ErrorData> {
    Some(ErrorData::Index {
        op: op.to_string(),
        index,
        dim,
        dims,
    })
}

fn error(kind: ErrorKind, message: String, data: Option<ErrorData>) -> LispError {
    let mut e = LispError::new(kind, message);
    e.data = data;
    e
}

impl From<ArrayError> for LispError {
    #[cold]
    fn from(e: ArrayError) -> LispError {
        use ArrayError as A;
        let (kind, data) = match &e {
            A::Shape { op, lhs, rhs } => (ErrorKind::Shape, shape(op, lhs, rhs)),
            A::Rank { op, given, dims } => (
                ErrorKind::Shape,
                Some(ErrorData::Rank {
                    op: op.clone(),
                    given: *given,
                    dims: dims.clone(),
                }),
            ),
            A::Index {
                op,
                dim,
                index: i,
                dims,
            } => (ErrorKind::Index, index(op, *i, Some(*dim), dims.clone())),
            A::TooLarge { dims, .. } => (ErrorKind::Domain, shape("array", &[], dims)),
            A::Memory {
                op,
                bytes,
                live,
                limit,
            } => (
                ErrorKind::Memory,
                Some(ErrorData::Memory {
                    op: op.clone(),
                    bytes: Some(*bytes),
                    live: Some(*live),
                    limit: Some(*limit),
                }),
            ),
            A::Domain { op: o, problem } => (ErrorKind::Domain, op(o, problem)),
            A::Io { file: f, message } => (ErrorKind::Io, file(f, message)),
            A::Format { file: f, problem } => (ErrorKind::Format, file(f, problem)),
        };
        error(kind, e.to_string(), data)
    }
}

impl From<ModError> for LispError {
    #[cold]
    fn from(e: ModError) -> LispError {
        use ModError as M;
        let (kind, data) = match &e {
            M::Shape {
                module,
                expected,
                got,
            } => (ErrorKind::Shape, shape(module, expected, got)),
            M::Label {
                module,
                label,
                classes,
            } => (
                ErrorKind::Index,
                index(module, *label as i64, None, vec![*classes]),
            ),
            M::Config { module, msg } => (ErrorKind::Domain, op(module, msg)),
            M::Io { path, msg } => (ErrorKind::Io, file(path, msg)),
            M::Interrupted => (ErrorKind::Interrupt, None),
            M::Format { path, msg } => (ErrorKind::Format, file(path, msg)),
            M::Memory(_) => (ErrorKind::Memory, None),
            M::NotFinite { module, msg } => (ErrorKind::Domain, op(module, msg)),
        };
        error(kind, e.to_string(), data)
    }
}

impl From<UnitsError> for LispError {
    #[cold]
    fn from(e: UnitsError) -> LispError {
        use UnitsError as U;
        let conn = |o: &str, from: u32, to: u32, exists: bool| {
            Some(ErrorData::Connection {
                op: o.to_string(),
                from,
                to,
                exists,
            })
        };
        let (kind, data) = match &e {
            U::Unit { op, unit, nnum } => (ErrorKind::Index, index(op, *unit, None, vec![*nnum])),
            U::NotConnected { op, from, to } => (ErrorKind::Index, conn(op, *from, *to, false)),
            U::AlreadyConnected { op, from, to } => (ErrorKind::Domain, conn(op, *from, *to, true)),
            U::Capacity { op: o, what, .. } => (ErrorKind::Domain, op(o, what)),
            U::IntoBias { op: o } => (ErrorKind::Domain, op(o, "connection into the bias unit")),
            U::Shape { op: o, what } => (ErrorKind::Shape, op(o, what)),
            U::Domain { op: o, what } | U::NotFinite { op: o, what } => {
                (ErrorKind::Domain, op(o, what))
            }
            U::WeightCount {
                file,
                expected,
                found,
            } => (
                ErrorKind::Format,
                Some(ErrorData::Count {
                    op: file.clone(),
                    expected: *expected,
                    found: *found,
                }),
            ),
            U::Format { file: f, what } => (ErrorKind::Format, file(f, what)),
            U::Io { file: f, what } => (ErrorKind::Io, file(f, what)),
            U::Memory { op, .. } => (
                ErrorKind::Memory,
                Some(ErrorData::Memory {
                    op: op.to_string(),
                    bytes: None,
                    live: None,
                    limit: None,
                }),
            ),
            U::Callback(what) => (ErrorKind::User, op("non-linear function", what)),
        };
        error(kind, e.to_string(), data)
    }
}

impl From<GraphicsError> for LispError {
    #[cold]
    fn from(e: GraphicsError) -> LispError {
        use GraphicsError as G;
        let (kind, data) = match &e {
            G::Domain { op: o, problem } => (ErrorKind::Domain, op(o, problem)),
            G::Shape { op, dims, len } => (ErrorKind::Shape, shape(op, dims, &[*len])),
            G::Io { file: f, message } => (ErrorKind::Io, file(f, message)),
            G::Format { file: f, problem } => (ErrorKind::Format, file(f, problem)),
        };
        error(kind, e.to_string(), data)
    }
}

impl From<GraphError> for LispError {
    #[cold]
    fn from(e: GraphError) -> LispError {
        use GraphError as G;
        let (kind, data) = match &e {
            G::Node { op, node, nnodes } => (
                ErrorKind::Index,
                index(op, (*node).min(i64::MAX as u64) as i64, None, vec![*nnodes]),
            ),
            G::Arc { op, arc, narcs } => (
                ErrorKind::Index,
                index(op, (*arc).min(i64::MAX as u64) as i64, None, vec![*narcs]),
            ),
            G::Cycle { op: o, .. } => (ErrorKind::Domain, op(o, "cycle")),
            G::Shape { op: o, what } => (ErrorKind::Shape, op(o, what)),
            G::NoPath { op: o } => (ErrorKind::Domain, op(o, "no path")),
            G::Memory { op: o, what } => (ErrorKind::Memory, op(o, what)),
        };
        error(kind, e.to_string(), data)
    }
}

impl From<AmountError> for LispError {
    #[cold]
    fn from(e: AmountError) -> LispError {
        match e {
            AmountError::Array(e) => e.into(),
            AmountError::Graph(e) => e.into(),
            AmountError::Graphics(e) => e.into(),
            AmountError::Domain { op: o, msg } => {
                let message = format!("{o}: {msg}");
                error(ErrorKind::Domain, message, op(o, &msg))
            }
        }
    }
}

/// `From<E> for Unwind` through [`LispError`], for each crate error.
macro_rules! unwind_from {
    ($($t:ty),*) => {$(
        impl From<$t> for Unwind {
            #[cold]
            fn from(e: $t) -> Unwind {
                LispError::from(e).into()
            }
        }
    )*};
}

unwind_from!(
    ArrayError,
    ModError,
    UnitsError,
    GraphicsError,
    GraphError,
    AmountError,
    sn_onnx::OnnxError
);

impl LispError {
    /// An operating-system error on `file` (from `std::fs`, or from
    /// `sn_files::write_with`, whose errors are `std::io::Error`): kind
    /// `io`, the message `{what} {file}: {e}`, the file and the system's
    /// message as data.
    #[cold]
    pub fn io(what: &str, file: &str, e: &std::io::Error) -> LispError {
        LispError::new(ErrorKind::Io, format!("{what} {file}: {e}")).with(ErrorData::File {
            file: file.to_string(),
            problem: e.to_string(),
        })
    }
}

impl From<sn_onnx::OnnxError> for LispError {
    #[cold]
    fn from(e: sn_onnx::OnnxError) -> LispError {
        use sn_onnx::OnnxError as O;
        let (kind, data) = match &e {
            O::Module(m) => return LispError::from(m.clone()),
            O::Array(a) => return LispError::from(a.clone()),
            O::NotLayered { unit, msg } => {
                let data = op("save-onnx-units", &format!("unit {unit}: {msg}"));
                return error(ErrorKind::Domain, e.to_string(), data)
                    .culprit(crate::lisp::Value::Num(f64::from(*unit)));
            }
            O::Nlf { layer, nlf } => (
                ErrorKind::Domain,
                op("save-onnx-units", &format!("layer {layer}: {nlf}")),
            ),
            O::Unsupported { index, kind } => (
                ErrorKind::Domain,
                op("save-onnx", &format!("module {index} ({kind})")),
            ),
            O::Operator { op: o, node, msg } => (
                ErrorKind::Domain,
                op("load-onnx", &format!("{o} (node {node:?}): {msg}")),
            ),
            O::Format { path, msg } => (ErrorKind::Format, file(path, msg)),
            O::Io { path, msg } => (ErrorKind::Io, file(path, msg)),
        };
        error(kind, e.to_string(), data)
    }
}
