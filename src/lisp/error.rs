//! Typed errors. The data (kind, message, culprit, position) is kept apart
//! from its rendering, so that tests match the kind and not the text.

use std::fmt;

pub use super::error_data::{ErrorData, Field};
use super::span::Span;
use super::value::Value;

/// The kinds of error, each with a stable name and a stable numeric code
/// (see [`ErrorKind::name`], [`ErrorKind::code`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The reader met malformed text (code 1).
    Read,
    /// A call of a symbol bound to no function (code 2).
    UnboundFunction,
    /// A wrong number of arguments (code 3).
    Arity,
    /// An argument of the wrong type (code 4).
    Type,
    /// Too deep a recursion (code 5).
    StackOverflow,
    /// An error raised by the program itself (`error`) (code 6).
    User,
    /// Ctrl-C, or another interrupt of the evaluation (code 7).
    Interrupt,
    /// An operating-system error on a file (code 8).
    Io,
    /// Shapes that do not fit together (code 9).
    Shape,
    /// An index out of range (code 10).
    Index,
    /// A malformed file (code 11).
    Format,
    /// A value outside the domain of an operation (code 12).
    Domain,
    /// A request beyond the memory budget (code 13).
    Memory,
    /// A `throw` with no matching `catch` (code 14).
    Throw,
    /// A request to leave sn (`exit`), carried out by the toplevel (code 15).
    Exit,
}

/// Every kind with its stable name and code. The codes are fixed: a kind
/// keeps its code forever, a new kind takes the next unused number, and
/// the number of a kind that is removed is never given to another.
const KINDS: [(ErrorKind, &str, u32); 15] = [
    (ErrorKind::Read, "read", 1),
    (ErrorKind::UnboundFunction, "unbound-function", 2),
    (ErrorKind::Arity, "arity", 3),
    (ErrorKind::Type, "type", 4),
    (ErrorKind::StackOverflow, "stack-overflow", 5),
    (ErrorKind::User, "user", 6),
    (ErrorKind::Interrupt, "interrupt", 7),
    (ErrorKind::Io, "io", 8),
    (ErrorKind::Shape, "shape", 9),
    (ErrorKind::Index, "index", 10),
    (ErrorKind::Format, "format", 11),
    (ErrorKind::Domain, "domain", 12),
    (ErrorKind::Memory, "memory", 13),
    (ErrorKind::Throw, "throw", 14),
    (ErrorKind::Exit, "exit", 15),
];

impl ErrorKind {
    /// The stable name shown in messages and matched by tests.
    pub fn name(self) -> &'static str {
        KINDS
            .iter()
            .find(|(k, _, _)| *k == self)
            .map(|(_, n, _)| *n)
            .unwrap_or("error")
    }
    /// The kind of a stable name (the inverse of [`ErrorKind::name`]).
    pub fn from_name(s: &str) -> Option<ErrorKind> {
        KINDS.iter().find(|(_, n, _)| *n == s).map(|(k, _, _)| *k)
    }
    /// The stable numeric code (documented on each variant; never reused).
    pub fn code(self) -> u32 {
        KINDS
            .iter()
            .find(|(k, _, _)| *k == self)
            .map(|(_, _, c)| *c)
            .unwrap_or(0)
    }
    /// The kind of a stable numeric code.
    pub fn from_code(code: u32) -> Option<ErrorKind> {
        KINDS
            .iter()
            .find(|(_, _, c)| *c == code)
            .map(|(k, _, _)| *k)
    }
    /// Every kind, in the order of their codes.
    pub fn all() -> impl Iterator<Item = ErrorKind> {
        KINDS.iter().map(|(k, _, _)| *k)
    }
}

/// An error with its culprit (the offending value), the position of the
/// innermost form that has one, a short Lisp backtrace and, when the
/// raiser knows them, its data (operation, arities, types, shapes).
pub struct LispError {
    /// What went wrong, as a category that tests and handlers match.
    pub kind: ErrorKind,
    /// The explanation, usually starting with the name of the builtin.
    pub message: String,
    /// The offending value, printed after the message.
    pub culprit: Option<Value>,
    /// Where the failing form was read from (start and, once known, end).
    pub span: Option<Span>,
    /// One line per Lisp function call the error went through, innermost
    /// first, at most eight of them.
    pub backtrace: Vec<String>,
    /// What the error is about, as data.
    pub data: Option<ErrorData>,
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
            data: None,
        }
    }
    /// The error with its data.
    pub fn with(mut self, data: ErrorData) -> LispError {
        self.data = Some(data);
        self
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
        .with(ErrorData::Shape {
            op: op.to_string(),
            expected: lhs.to_vec(),
            found: rhs.to_vec(),
        })
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
