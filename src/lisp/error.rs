//! Typed errors. The data (kind, message, culprit, position) is kept apart
//! from its rendering, so that tests match the kind and not the text.

use std::fmt;

use super::span::Span;
use super::value::Value;

/// The kinds of error, each with a stable name (see [`ErrorKind::name`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// Malformed source text: an unbalanced parenthesis, a bad number or string.
    Read,
    /// The head of a form names no function.
    UnboundFunction,
    /// Too few or too many arguments.
    Arity,
    /// An argument of the wrong type.
    Type,
    /// Calls, evaluation or `load`s nested deeper than the limits.
    StackOverflow,
    /// Raised by the program: `error`, or a user-defined function called from Rust.
    User,
    /// Control-C, or an interrupt requested by the host.
    Interrupt,
    /// An operating-system error on a file.
    Io,
    /// Array operands of incompatible dims.
    Shape,
    /// A subscript or dimension number out of range.
    Index,
    /// A malformed file, or a line too long to read.
    Format,
    /// An argument outside the values an operation accepts.
    Domain,
    /// A request that does not fit in the memory budget.
    Memory,
    /// A `throw` with no matching `catch`.
    Throw,
    /// A request to leave sn (`exit`), carried out by the toplevel.
    Exit,
}

/// Every kind with its stable name.
const NAMES: [(ErrorKind, &str); 15] = [
    (ErrorKind::Read, "read"),
    (ErrorKind::UnboundFunction, "unbound-function"),
    (ErrorKind::Arity, "arity"),
    (ErrorKind::Type, "type"),
    (ErrorKind::StackOverflow, "stack-overflow"),
    (ErrorKind::User, "user"),
    (ErrorKind::Interrupt, "interrupt"),
    (ErrorKind::Io, "io"),
    (ErrorKind::Shape, "shape"),
    (ErrorKind::Index, "index"),
    (ErrorKind::Format, "format"),
    (ErrorKind::Domain, "domain"),
    (ErrorKind::Memory, "memory"),
    (ErrorKind::Throw, "throw"),
    (ErrorKind::Exit, "exit"),
];

impl ErrorKind {
    /// The stable name shown in messages and matched by tests.
    pub fn name(self) -> &'static str {
        NAMES
            .iter()
            .find(|(k, _)| *k == self)
            .map(|(_, n)| *n)
            .unwrap_or("error")
    }
    /// The kind of a stable name (the inverse of [`ErrorKind::name`]).
    pub fn from_name(s: &str) -> Option<ErrorKind> {
        NAMES.iter().find(|(_, n)| *n == s).map(|(k, _)| *k)
    }
}

/// An error with its culprit (the offending value), the position of the
/// innermost form that has one, and a short Lisp backtrace.
pub struct LispError {
    /// What went wrong, as a category that tests and handlers match.
    pub kind: ErrorKind,
    /// The explanation, usually starting with the name of the builtin.
    pub message: String,
    /// The offending value, printed after the message.
    pub culprit: Option<Value>,
    /// Where the failing form was read from, when known.
    pub span: Option<Span>,
    /// One line per Lisp function call the error went through, innermost
    /// first, at most eight of them.
    pub backtrace: Vec<String>,
}

impl LispError {
    /// An error of `kind` with `message`, no culprit, position or backtrace.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> LispError {
        LispError {
            kind,
            message: message.into(),
            culprit: None,
            span: None,
            backtrace: Vec::new(),
        }
    }
    /// The same error with `v` as its culprit.
    pub fn culprit(mut self, v: Value) -> LispError {
        self.culprit = Some(v);
        self
    }
    /// The same error at position `s` (unless `s` is no position).
    pub fn at(mut self, s: Span) -> LispError {
        if !s.is_none() {
            self.span = Some(s);
        }
        self
    }
    /// A shape mismatch in operation `op`.
    pub fn shape(op: &str, lhs: &[usize], rhs: &[usize]) -> LispError {
        LispError::new(
            ErrorKind::Shape,
            format!("{op}: shape mismatch between {lhs:?} and {rhs:?}"),
        )
    }
    /// A `User` error: one the program raised.
    pub fn user(msg: impl Into<String>) -> LispError {
        LispError::new(ErrorKind::User, msg)
    }
}

impl fmt::Debug for LispError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} error: {}", self.kind.name(), self.message)
    }
}

/// Non-local exits: an error, a `throw` looking for its `catch`, or a
/// request to leave sn with a status (`(exit code)`), which no Lisp form
/// catches and the toplevel carries out.
pub enum Exit {
    /// An error on its way to a handler or the toplevel.
    Error(LispError),
    /// A `throw`: the tag, then the value the matching `catch` returns.
    Throw(Value, Value),
    /// A request to leave sn with this exit status.
    Quit(i32),
}

/// A non-local exit behind one pointer, so that a `Result<Value, Unwind>`
/// is as small as a `Value` and comes back from a call in registers.
pub struct Unwind(Box<Exit>);

impl Unwind {
    /// A `throw` of `value` to the `catch` of `tag`.
    #[cold]
    pub fn throw(tag: Value, value: Value) -> Unwind {
        Unwind(Box::new(Exit::Throw(tag, value)))
    }
    /// A request to leave sn with exit status `code`.
    #[cold]
    pub fn quit(code: i32) -> Unwind {
        Unwind(Box::new(Exit::Quit(code)))
    }
    /// The exit status, when this exit is a request to leave sn.
    pub fn quit_status(&self) -> Option<i32> {
        match &*self.0 {
            Exit::Quit(code) => Some(*code),
            _ => None,
        }
    }
    /// The error's kind; `Throw` for a throw, `Exit` for a quit.
    pub fn kind(&self) -> ErrorKind {
        match &*self.0 {
            Exit::Error(e) => e.kind,
            Exit::Throw(..) => ErrorKind::Throw,
            Exit::Quit(_) => ErrorKind::Exit,
        }
    }
    /// The error, when this exit is one (and not a throw or a quit).
    pub fn error(&self) -> Option<&LispError> {
        match &*self.0 {
            Exit::Error(e) => Some(e),
            _ => None,
        }
    }
    /// The error, mutably, when this exit is one.
    pub fn error_mut(&mut self) -> Option<&mut LispError> {
        match &mut *self.0 {
            Exit::Error(e) => Some(e),
            _ => None,
        }
    }
    /// Wraps an exit taken apart with [`Unwind::exit`].
    pub fn from_exit(e: Exit) -> Unwind {
        Unwind(Box::new(e))
    }
    /// What this exit is.
    pub fn exit(self) -> Exit {
        *self.0
    }
    /// The error inside, converting an uncaught throw into one.
    pub fn into_error(self) -> Box<LispError> {
        match *self.0 {
            Exit::Error(e) => Box::new(e),
            Exit::Throw(tag, _) => Box::new(
                LispError::new(ErrorKind::Throw, "throw without a matching catch").culprit(tag),
            ),
            Exit::Quit(code) => Box::new(LispError::new(
                ErrorKind::Exit,
                format!("exit with status {code} requested outside the toplevel"),
            )),
        }
    }
}

impl From<LispError> for Unwind {
    #[cold]
    fn from(e: LispError) -> Unwind {
        Unwind(Box::new(Exit::Error(e)))
    }
}

impl fmt::Debug for Unwind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.0 {
            Exit::Error(e) => e.fmt(f),
            Exit::Throw(..) => write!(f, "throw"),
            Exit::Quit(code) => write!(f, "exit {code}"),
        }
    }
}

/// Shorthand for an error result.
pub fn err<T>(kind: ErrorKind, msg: impl Into<String>) -> Result<T, Unwind> {
    Err(LispError::new(kind, msg).into())
}
