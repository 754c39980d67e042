//! The sn Lisp: reader, evaluator with dynamic scoping by shallow binding,
//! printer and typed errors.
//!
//! The core knows nothing of the builtin families: they are registered from
//! outside, through this API:
//! [`Interp::defn`] to register a function, the helpers of [`args`] to check
//! arguments, [`LispError`] for typed errors, [`Native`] for Rust objects
//! that Lisp holds (networks, modules, windows), and [`Interp::ext`] for
//! per-interpreter state.

pub mod args;
mod arith;
pub mod array_call;
mod call;
mod compile;
mod cons;
pub mod error;
pub mod error_data;
pub mod error_from;
mod eval;
mod forms;
pub mod input;
pub mod interrupt;
mod objects;
mod params;
pub mod printer;
pub mod printf;
pub mod reader;
pub mod rng;
pub mod span;
pub(crate) mod special;
pub mod tree;
pub mod value;

use std::any::{Any, TypeId};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::io::Write;
use std::path::PathBuf;
use std::rc::Rc;

pub use compile::Op;
pub use error::{ErrorKind, LispError, Unwind};
pub use value::{Builtin, BuiltinKind, Native, Sym, Tail, Value};

/// Result of evaluation: a value or a non-local exit.
pub type Res<T = Value> = Result<T, Unwind>;

/// Where printing goes: standard output, or a buffer (tests).
pub enum Output {
    /// The process's standard output.
    Stdout,
    /// A buffer that collects the bytes printed (tests, embedding).
    Buffer(Rc<RefCell<Vec<u8>>>),
}

/// Symbols the evaluator needs often.
pub(crate) struct WellKnown {
    pub t: Sym,
    pub quote: Sym,
    pub optional: Sym,
    pub rest: Sym,
    pub this: Sym,
    pub scope: Sym,
    pub unquote: Sym,
    pub splice: Sym,
    pub backquote: Sym,
}

/// A hasher for `TypeId` keys, which are hashes already: it keeps the
/// bits it is given instead of hashing them again.
#[derive(Default)]
pub struct TypeIdHasher(u64);

impl std::hash::Hasher for TypeIdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 ^= n;
    }
}

/// One interpreter: its symbols, binding stack, random generator, loaded
/// files and extension state. Single-threaded.
pub struct Interp {
    symbols: HashMap<Rc<str>, Sym>,
    pub(crate) bind_stack: Vec<(Sym, Value)>,
    /// Evaluated arguments of calls in progress, before they are bound.
    pub(crate) argstack: Vec<Value>,
    /// The pending tail call or tail form of a `Flow` (see `eval.rs`).
    pub(crate) tail_nargs: usize,
    pub(crate) tail_form: std::rc::Weak<value::Cons>,
    pub(crate) tail_eval: Value,
    /// Methods running, innermost last (see `objects::MethodFrame`).
    pub(crate) method_frames: Vec<objects::MethodFrame>,
    /// The exit of the evaluator step that failed (see `eval::Failed`).
    pub(crate) exit: Option<Unwind>,
    pub(crate) eval_depth: usize,
    pub(crate) frames: usize,
    /// Maximum depth of nested (non-tail) Lisp function calls.
    pub max_frames: usize,
    pub(crate) max_eval_depth: usize,
    rng: rng::Rng,
    /// The texts and names of the sources read, for positions in errors.
    pub sources: span::SourceMap,
    /// Ids of the sources read as Lush 1 files (`.sn`, `.lsh`): there a
    /// `setq` of several pairs evaluates every value before assigning, as
    /// TL3's `setq` did (`(setq a b b a)` swaps).
    pub(crate) lush_sources: std::collections::HashSet<u32>,
    /// State of the builtin families (the units net, windows …), by type;
    /// looked up on every call of their builtins.
    ext: HashMap<TypeId, Rc<dyn Any>, BuildHasherDefault<TypeIdHasher>>,
    /// Where printing goes.
    pub output: Output,
    /// The output column: characters written since the last newline
    /// (TL3's `tab`).
    pub column: usize,
    /// Files being loaded, innermost last (for relative `load`).
    pub loading: Vec<PathBuf>,
    /// Files loaded by `libload` (loaded once).
    pub loaded: HashSet<PathBuf>,
    /// The script's arguments, as `(argv)` gives them.
    pub argv: Vec<String>,
    /// The root of the sn installation (holds `lisp/` and `data/`).
    pub home: PathBuf,
    pub(crate) wk: WellKnown,
    /// Help topics: family name and the builtins it registered.
    pub families: Vec<(String, Vec<Rc<str>>)>,
    /// The last error caught by `catch-error` (see `last-error`, `error-info`).
    pub last_error: Option<Box<error::LispError>>,
    /// Incremented when a list that is part of compiled code is modified.
    pub(crate) code_epoch: u64,
    /// Set to stop the evaluation (see [`interrupt`]).
    pub(crate) interrupt: interrupt::Flag,
}

impl Interp {
    /// A fresh interpreter with only the core: special forms, objects and
    /// classes, and arrays called as functions. The builtin families are
    /// registered on top of it from outside the core (the fully equipped
    /// interpreter is `Interp::new`, defined with them).
    pub fn bare() -> Interp {
        let mut symbols: HashMap<Rc<str>, Sym> = HashMap::new();
        let mut mk = |n: &str| -> Sym {
            let s = Rc::new(value::Symbol::new(Rc::from(n)));
            symbols.insert(s.name.clone(), s.clone());
            s
        };
        let t = value::t_symbol();
        let wk = WellKnown {
            t,
            quote: mk("quote"),
            optional: mk("&optional"),
            rest: mk("&rest"),
            this: mk("this"),
            scope: mk("scope"),
            unquote: mk("unquote"),
            splice: mk("splice"),
            backquote: mk("backquote"),
        };
        symbols.insert(wk.t.name.clone(), wk.t.clone());
        let home = std::env::var_os("SN_HOME")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
        let mut it = Interp {
            symbols,
            bind_stack: Vec::new(),
            argstack: Vec::new(),
            tail_nargs: 0,
            tail_form: std::rc::Weak::new(),
            tail_eval: Value::Nil,
            exit: None,
            method_frames: Vec::new(),
            eval_depth: 0,
            frames: 0,
            max_frames: 10_000,
            max_eval_depth: 100_000,
            rng: rng::Rng::new(0),
            sources: span::SourceMap::default(),
            lush_sources: std::collections::HashSet::new(),
            ext: HashMap::default(),
            output: Output::Stdout,
            column: 0,
            loading: Vec::new(),
            loaded: HashSet::new(),
            argv: Vec::new(),
            home,
            wk,
            families: Vec::new(),
            last_error: None,
            code_epoch: 0,
            interrupt: interrupt::Flag::default(),
        };
        it.set_global("nil", Value::Nil);
        let home = it.home.to_string_lossy().to_string();
        it.set_global("sn-home", Value::string(&home));
        it.set_global("sn-version", Value::string(env!("CARGO_PKG_VERSION")));
        special::register(&mut it);
        objects::register(&mut it);
        it
    }

    /// The symbol named `name`, created on first use.
    pub fn intern(&mut self, name: &str) -> Sym {
        if let Some(s) = self.symbols.get(name) {
            return s.clone();
        }
        let s = Rc::new(value::Symbol::new(Rc::from(name)));
        self.symbols.insert(s.name.clone(), s.clone());
        s
    }

    /// Names of all bound symbols (for completion and help).
    pub fn bound_names(&self) -> Vec<Rc<str>> {
        self.symbols
            .values()
            .filter(|s| s.is_bound())
            .map(|s| s.name.clone())
            .collect()
    }

    /// Sets the global (outermost) value of a variable, even while it is
    /// dynamically bound.
    pub fn set_global(&mut self, name: &str, v: Value) {
        let s = self.intern(name);
        self.set_global_sym(&s, v);
    }

    pub(crate) fn set_global_sym(&mut self, s: &Sym, v: Value) {
        if let Some(slot) = self.bind_stack.iter_mut().find(|(b, _)| Rc::ptr_eq(b, s)) {
            slot.1 = v;
        } else {
            s.set(v);
        }
    }

    pub(crate) fn global_value(&self, s: &Sym) -> Value {
        match self.bind_stack.iter().find(|(b, _)| Rc::ptr_eq(b, s)) {
            Some((_, Value::Unbound)) => Value::Nil,
            Some((_, v)) => v.clone(),
            None => s.get(),
        }
    }

    /// The current value of a variable (`()` when unbound).
    pub fn get_global(&mut self, name: &str) -> Value {
        self.intern(name).get()
    }

    /// Registers a builtin function with its arity and documentation.
    pub fn defn(
        &mut self,
        name: &str,
        min: usize,
        max: Option<usize>,
        f: value::SubrFn,
        doc: &str,
    ) {
        self.def_builtin(name, BuiltinKind::Subr(f), min, max, doc);
    }

    /// Registers a special form (arguments unevaluated).
    pub fn defspecial(&mut self, name: &str, f: value::SpecialFn, doc: &str) {
        self.def_builtin(name, BuiltinKind::Special(f), 0, None, doc);
    }

    /// Registers a special form that the compiler turns into nodes.
    pub(crate) fn defop(&mut self, name: &str, op: Op, f: value::SpecialFn, doc: &str) {
        self.def_builtin_op(name, BuiltinKind::Special(f), (0, None), doc, op);
    }

    fn def_builtin(
        &mut self,
        name: &str,
        kind: BuiltinKind,
        min: usize,
        max: Option<usize>,
        doc: &str,
    ) {
        self.def_builtin_op(name, kind, (min, max), doc, Op::None);
    }

    fn def_builtin_op(
        &mut self,
        name: &str,
        kind: BuiltinKind,
        arity: (usize, Option<usize>),
        doc: &str,
        op: Op,
    ) {
        let s = self.intern(name);
        s.set(Value::Builtin(Rc::new(Builtin {
            op,
            name: s.name.clone(),
            kind,
            min: arity.0,
            max: arity.1,
            doc: Rc::from(doc),
        })));
        if let Some((_, names)) = self.families.last_mut() {
            names.push(s.name.clone());
        }
    }

    /// Starts a help topic: builtins registered next are listed under it.
    /// Files the builtins defined next under the help topic `name`; a
    /// topic begun again (by another file) goes on growing.
    pub fn begin_family(&mut self, name: &str) {
        match self.families.iter().position(|(n, _)| n == name) {
            Some(k) => {
                let f = self.families.remove(k);
                self.families.push(f);
            }
            None => self.families.push((name.to_string(), Vec::new())),
        }
    }

    /// The interpreter's seeded random generator.
    pub fn rng(&mut self) -> &mut rng::Rng {
        &mut self.rng
    }

    /// Seeds the interpreter's random generator, as `(seed n)`.
    pub fn seed(&mut self, seed: i32) {
        self.rng.seed(seed);
    }

    /// Per-interpreter state of type `T`, created with `Default` on first use.
    pub fn ext<T: Default + 'static>(&mut self) -> Rc<RefCell<T>> {
        let e = self
            .ext
            .entry(TypeId::of::<T>())
            .or_insert_with(|| Rc::new(RefCell::new(T::default())) as Rc<dyn Any>)
            .clone();
        match e.downcast::<RefCell<T>>() {
            Ok(rc) => rc,
            Err(_) => Rc::new(RefCell::new(T::default())),
        }
    }

    /// Writes text to the interpreter's output.
    pub fn out(&mut self, s: &str) {
        match s.rfind('\n') {
            Some(k) => self.column = s[k + 1..].chars().count(),
            None => self.column += s.chars().count(),
        }
        match &self.output {
            Output::Stdout => {
                let mut o = std::io::stdout().lock();
                let _ = o.write_all(s.as_bytes());
            }
            Output::Buffer(b) => b.borrow_mut().extend_from_slice(s.as_bytes()),
        }
    }

    /// Flushes standard output (a buffer needs no flush).
    pub fn flush(&mut self) {
        if let Output::Stdout = self.output {
            let _ = std::io::stdout().flush();
        }
    }

    /// Reads and evaluates every form of a text; returns the last value.
    pub fn eval_str(&mut self, src: &str) -> Res {
        self.eval_source(src, "<string>", false)
    }

    /// Reads and evaluates every form of a source text named `name`.
    pub fn eval_source(&mut self, src: &str, name: &str, fold: bool) -> Res {
        let file = self.sources.add(name, src);
        if fold {
            self.lush_sources.insert(file);
        } else {
            self.lush_sources.remove(&file);
        }
        self.run_forms(src, file, fold)
    }

    /// Gives the documentation of `#?` lines to the name a definition form defines.
    fn attach_doc(&mut self, form: &Value, doc: &str) {
        if let Some(s) = doc_target(form) {
            *s.doc.borrow_mut() = Some(Rc::from(doc));
        }
    }
}

/// The symbol a definition form defines (`(de name ...)`, `(setq name ...)`,
/// `(defmethod class name ...)` ...): the one its `#?` lines document.
pub fn doc_target(form: &Value) -> Option<Sym> {
    let head = form.car();
    let h = head.as_sym()?;
    let definer = matches!(
        &*h.name,
        "de" | "df"
            | "dm"
            | "dmd"
            | "defun"
            | "defmacro"
            | "defvar"
            | "setq"
            | "defclass"
            | "defparameter"
    );
    let target = if definer {
        form.cdr().car()
    } else if &*h.name == "defmethod" {
        form.cdr().cdr().car()
    } else {
        return None;
    };
    target.as_sym().cloned()
}
