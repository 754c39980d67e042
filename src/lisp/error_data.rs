//! The structured data an error carries beside its message: the
//! operation, the arities, types, shapes or indices involved. It is
//! filled where the error is raised (argument checks, the conversions of
//! the crates' errors in [`super::error_from`]) and shown to Lisp by
//! `(error-info)` as an association list (see [`ErrorData::fields`]).

/// What an error is about, as data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorData {
    /// A call with a wrong number of arguments: `function` takes `min` to
    /// `max` (`None`: no upper bound) and was given `found`.
    Arity {
        /// The function called.
        function: String,
        /// Fewest arguments it takes.
        min: usize,
        /// Most arguments it takes, if bounded.
        max: Option<usize>,
        /// How many it was given.
        found: usize,
    },
    /// An argument of the wrong type: `function` expected `expected` and
    /// was given a value of type `found`.
    Type {
        /// The function that checked the argument.
        function: String,
        /// What it expected (`"a number"`, `"a list"` ...).
        expected: String,
        /// The type name of the value given.
        found: String,
    },
    /// Two shapes that do not fit together in `op`.
    Shape {
        /// The operation (or module) that compared them.
        op: String,
        /// The shape wanted (or the first operand's).
        expected: Vec<usize>,
        /// The shape given (or the second operand's).
        found: Vec<usize>,
    },
    /// A number of subscripts that is not the rank of the array.
    Rank {
        /// The operation.
        op: String,
        /// The number of subscripts given.
        given: usize,
        /// The dimensions of the array.
        dims: Vec<usize>,
    },
    /// An index (a subscript, a unit number, a label) out of range.
    Index {
        /// The operation.
        op: String,
        /// The index given.
        index: i64,
        /// The dimension it indexes, when the array has several.
        dim: Option<usize>,
        /// The bounds: the array's dimensions, or the one count indexed.
        dims: Vec<usize>,
    },
    /// A connection between two units that does (or does not) exist.
    Connection {
        /// The operation.
        op: String,
        /// The upstream unit.
        from: u32,
        /// The downstream unit.
        to: u32,
        /// True when the complaint is that it already exists.
        exists: bool,
    },
    /// A count that differs from the one wanted (weights in a file ...).
    Count {
        /// The operation, or the file.
        op: String,
        /// The count wanted.
        expected: usize,
        /// The count found.
        found: usize,
    },
    /// A request beyond the memory budget.
    Memory {
        /// The operation.
        op: String,
        /// Bytes requested, when known.
        bytes: Option<usize>,
        /// Bytes in use, when known.
        live: Option<usize>,
        /// The budget, when known.
        limit: Option<usize>,
    },
    /// A file that could not be read or written, or is malformed.
    File {
        /// The file name.
        file: String,
        /// What went wrong.
        problem: String,
    },
    /// Any other problem of an operation (a bad value, a configuration).
    Op {
        /// The operation (or module).
        op: String,
        /// What went wrong.
        problem: String,
    },
}

/// One field of [`ErrorData`], for the Lisp side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Field {
    /// A name or a text.
    Str(String),
    /// A count or an index.
    Int(i64),
    /// A list of dimensions.
    Dims(Vec<usize>),
    /// No value (an unbounded maximum).
    Nil,
}

fn s(x: &str) -> Field {
    Field::Str(x.to_string())
}

fn n(x: usize) -> Field {
    Field::Int(x as i64)
}

fn opt(x: Option<usize>) -> Field {
    x.map_or(Field::Nil, n)
}

impl ErrorData {
    /// The name of the variant, as `(error-info)` shows it under `data`.
    pub fn name(&self) -> &'static str {
        match self {
            ErrorData::Arity { .. } => "arity",
            ErrorData::Type { .. } => "type",
            ErrorData::Shape { .. } => "shape",
            ErrorData::Rank { .. } => "rank",
            ErrorData::Index { .. } => "index",
            ErrorData::Connection { .. } => "connection",
            ErrorData::Count { .. } => "count",
            ErrorData::Memory { .. } => "memory",
            ErrorData::File { .. } => "file",
            ErrorData::Op { .. } => "op",
        }
    }

    /// The fields by name, in a fixed order.
    pub fn fields(&self) -> Vec<(&'static str, Field)> {
        match self {
            ErrorData::Arity {
                function,
                min,
                max,
                found,
            } => vec![
                ("function", s(function)),
                ("min", n(*min)),
                ("max", opt(*max)),
                ("found", n(*found)),
            ],
            ErrorData::Type {
                function,
                expected,
                found,
            } => vec![
                ("function", s(function)),
                ("expected", s(expected)),
                ("found", s(found)),
            ],
            ErrorData::Shape {
                op,
                expected,
                found,
            } => vec![
                ("op", s(op)),
                ("expected", Field::Dims(expected.clone())),
                ("found", Field::Dims(found.clone())),
            ],
            ErrorData::Rank { op, given, dims } => vec![
                ("op", s(op)),
                ("given", n(*given)),
                ("dims", Field::Dims(dims.clone())),
            ],
            ErrorData::Index {
                op,
                index,
                dim,
                dims,
            } => vec![
                ("op", s(op)),
                ("index", Field::Int(*index)),
                ("dim", opt(*dim)),
                ("dims", Field::Dims(dims.clone())),
            ],
            ErrorData::Connection {
                op,
                from,
                to,
                exists,
            } => vec![
                ("op", s(op)),
                ("from", n(*from as usize)),
                ("to", n(*to as usize)),
                ("exists", n(*exists as usize)),
            ],
            ErrorData::Count {
                op,
                expected,
                found,
            } => vec![
                ("op", s(op)),
                ("expected", n(*expected)),
                ("found", n(*found)),
            ],
            ErrorData::Memory {
                op,
                bytes,
                live,
                limit,
            } => vec![
                ("op", s(op)),
                ("bytes", opt(*bytes)),
                ("live", opt(*live)),
                ("limit", opt(*limit)),
            ],
            ErrorData::File { file, problem } => vec![("file", s(file)), ("problem", s(problem))],
            ErrorData::Op { op, problem } => vec![("op", s(op)), ("problem", s(problem))],
        }
    }
}
