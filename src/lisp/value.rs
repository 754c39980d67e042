//! The values of the sn Lisp: a small enum of cheap clones (numbers inline,
//! everything else behind `Rc`).

use std::any::Any;
use std::cell::{RefCell, UnsafeCell};
use std::rc::Rc;

pub use super::cons::{Cons, ListIter, Slot};

use super::compile::{Compiled, Op};
use super::span::Span;
use super::{Interp, Res};

/// An interned symbol. Its value cell is the current (dynamically bound)
/// value: binding saves the old value on the interpreter's binding stack.
pub struct Symbol {
    /// The print name (case-folded already when read from a `.sn` file).
    pub name: Rc<str>,
    /// Only accessed through `get`/`set`/`replace`, which never hand out a
    /// reference that outlives the call: the interpreter is single-threaded.
    value: UnsafeCell<Value>,
    /// Help text for the name, from the `#?` lines before its definition.
    pub doc: RefCell<Option<Rc<str>>>,
}

/// A shared symbol handle; symbols compare by identity.
pub type Sym = Rc<Symbol>;

thread_local! {
    /// The canonical true value, shared by every interpreter of a thread
    /// (its value is always itself).
    static T: Sym = {
        let t = Rc::new(Symbol::new(Rc::from("t")));
        t.set(Value::Sym(t.clone()));
        t
    };
}

/// The symbol `t`.
pub fn t_symbol() -> Sym {
    T.with(|t| t.clone())
}

impl Symbol {
    /// An unbound symbol named `name`, not interned (see `Interp::intern`).
    pub fn new(name: Rc<str>) -> Symbol {
        Symbol {
            name,
            value: UnsafeCell::new(Value::Unbound),
            doc: RefCell::new(None),
        }
    }
    /// The current value, `()` when unbound.
    #[inline(always)]
    pub fn get(&self) -> Value {
        // SAFETY: single-threaded (Symbol is !Sync); the reference does not
        // escape this expression and no code runs while it lives.
        match unsafe { &*self.value.get() } {
            Value::Unbound => Value::Nil,
            v => v.clone(),
        }
    }
    /// The raw cell content, `Value::Unbound` when unbound.
    #[inline]
    pub fn raw(&self) -> Value {
        // SAFETY: as in `get`.
        unsafe { (*self.value.get()).clone() }
    }
    /// The builtin function this symbol is bound to, if any.
    #[inline]
    pub fn builtin(&self) -> Option<Rc<Builtin>> {
        // SAFETY: as in `get`.
        match unsafe { &*self.value.get() } {
            Value::Builtin(b) => Some(b.clone()),
            _ => None,
        }
    }
    /// The function of a builtin `Subr` this symbol is bound to, with its arity.
    #[inline]
    pub fn subr(&self) -> Option<(SubrFn, usize, Option<usize>)> {
        // SAFETY: as in `get`.
        match unsafe { &*self.value.get() } {
            Value::Builtin(b) => match b.kind {
                BuiltinKind::Subr(f) => Some((f, b.min, b.max)),
                BuiltinKind::Special(_) => None,
            },
            _ => None,
        }
    }
    /// The Lisp function (`de`/`lambda`, arguments evaluated) this symbol is bound to.
    #[inline]
    pub fn expr_lambda(&self) -> Option<Rc<Lambda>> {
        // SAFETY: as in `get`.
        match unsafe { &*self.value.get() } {
            Value::Func(l) if l.kind == FnKind::Expr => Some(l.clone()),
            _ => None,
        }
    }
    /// The array this symbol is bound to, if any.
    #[inline]
    pub fn array(&self) -> Option<Rc<sn_array::Array>> {
        // SAFETY: as in `get`.
        match unsafe { &*self.value.get() } {
            Value::Array(a) => Some(a.clone()),
            _ => None,
        }
    }
    /// True if this symbol is bound to exactly this builtin.
    #[inline]
    pub fn builtin_is(&self, b: &Rc<Builtin>) -> bool {
        // SAFETY: as in `get`.
        matches!(unsafe { &*self.value.get() }, Value::Builtin(x) if Rc::ptr_eq(x, b))
    }
    /// False while the cell holds `Value::Unbound`.
    #[inline]
    pub fn is_bound(&self) -> bool {
        // SAFETY: as in `get`.
        !matches!(unsafe { &*self.value.get() }, Value::Unbound)
    }
    /// Stores `v` in the value cell (no binding is saved: that is `bind`'s job).
    #[inline]
    pub fn set(&self, v: Value) {
        discard(self.replace(v));
    }
    /// The value when it is a number, without cloning anything.
    #[inline(always)]
    pub fn num(&self) -> Option<f64> {
        // SAFETY: as in `get`.
        match unsafe { &*self.value.get() } {
            Value::Number(x) => Some(x.get()),
            _ => None,
        }
    }
    /// Stores `v` in the value cell and returns the raw value it replaces.
    #[inline]
    pub fn replace(&self, v: Value) -> Value {
        // SAFETY: as in `get`; the old value is moved out before it is
        // dropped by the caller, so a destructor cannot observe the cell
        // half-written.
        unsafe { std::mem::replace(&mut *self.value.get(), v) }
    }
}

/// What kind of function a lambda is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum FnKind {
    /// `de`/`lambda`: arguments evaluated.
    Expr,
    /// `df`/`flambda`: arguments passed unevaluated.
    Fexpr,
    /// `dm`/`mlambda`: receives the whole call form; the expansion is evaluated.
    Macro,
    /// `dmd`/`defmacro`: ordinary argument list; the expansion is evaluated.
    MacroArgs,
}

/// One parameter: a symbol or a destructuring pattern (a list of patterns).
#[derive(Clone)]
pub enum Pattern {
    /// A symbol bound to the whole argument.
    Sym(Sym),
    /// A list of patterns (possibly dotted) matched against a list argument.
    List(Value),
}

/// A compiled argument list.
#[derive(Clone, Default)]
pub struct Params {
    /// The parameters before `&optional`, in order.
    pub required: Vec<Pattern>,
    /// The `&optional` parameters with their default forms (`()` when none).
    pub optional: Vec<(Pattern, Value)>,
    /// The `&rest` parameter or dotted tail, bound to the remaining arguments.
    pub rest: Option<Pattern>,
    /// True when every parameter is a plain required symbol.
    pub simple: bool,
    /// The parameters when `simple`.
    pub syms: Box<[Sym]>,
}

/// A Lisp-defined function, fexpr or macro.
pub struct Lambda {
    /// The compiled body, when the function has been called.
    pub(crate) code: RefCell<Option<Rc<Compiled>>>,
    /// Function, fexpr or macro, and how its arguments are passed.
    pub kind: FnKind,
    /// The compiled argument list.
    pub params: Params,
    /// The argument list as written, for printing.
    pub arglist: Value,
    /// The list of body forms, evaluated in order.
    pub body: Value,
    /// The name it was defined under (`de`, `df`, `dm` ...), for printing
    /// and backtraces; `None` for an anonymous lambda.
    pub name: RefCell<Option<Rc<str>>>,
}

/// A built-in function: `Subr` receives evaluated arguments, `Special`
/// receives the unevaluated argument list and may ask the evaluator to go
/// on with a form in tail position.
pub type SubrFn = fn(&mut Interp, &[Value]) -> Res;
/// A special form: the unevaluated argument list and the base of the
/// current frame on the binding stack (bindings made above it are undone
/// when the frame ends).
pub type SpecialFn = fn(&mut Interp, &Value, usize) -> Res<Tail>;

/// How a builtin receives its arguments.
#[derive(Clone, Copy)]
pub enum BuiltinKind {
    /// Evaluated, arity checked against `min`/`max` before the call.
    Subr(SubrFn),
    /// Unevaluated: a special form.
    Special(SpecialFn),
}

/// A function written in Rust, as registered by `Interp::defn` and friends.
pub struct Builtin {
    /// For the special forms the compiler knows, which one.
    pub op: Op,
    /// The name it was registered under.
    pub name: Rc<str>,
    /// Its Rust function.
    pub kind: BuiltinKind,
    /// The fewest arguments it takes.
    pub min: usize,
    /// The most arguments it takes; `None` for any number.
    pub max: Option<usize>,
    /// Its help line: the call pattern, then what it does.
    pub doc: Rc<str>,
}

/// The result of a special form: a value, or a form to evaluate in tail
/// position (so that loops written as tail calls do not grow the stack).
pub enum Tail {
    /// The value of the form.
    Done(Value),
    /// A form whose value is the value of the special form.
    Eval(Value),
}

/// A class of the object system (single inheritance).
pub struct Class {
    /// The symbol the class is bound to.
    pub name: Sym,
    /// The superclass; `None` for a root class.
    pub parent: Option<Rc<Class>>,
    /// All slots, inherited ones first, with their default forms.
    pub slots: Vec<(Sym, Value)>,
    /// The methods defined in this class, by name. A list, not a map: a
    /// class has few methods, and a name that comes from a symbol is found
    /// by pointer before any string is compared.
    pub methods: RefCell<Vec<(Rc<str>, Value)>>,
}

impl Class {
    /// Finds a method in this class or its ancestors.
    pub fn find_method(&self, name: &str) -> Option<Value> {
        let mut class = self;
        loop {
            if let Some(m) = class.own_method(name) {
                return Some(m);
            }
            class = class.parent.as_deref()?;
        }
    }
    /// A method defined in this class itself.
    pub fn own_method(&self, name: &str) -> Option<Value> {
        let methods = self.methods.borrow();
        let same = |(k, _): &&(Rc<str>, Value)| {
            std::ptr::eq(k.as_ptr(), name.as_ptr()) && k.len() == name.len()
        };
        methods
            .iter()
            .find(same)
            .or_else(|| methods.iter().find(|(k, _)| **k == *name))
            .map(|(_, m)| m.clone())
    }
    /// Defines or redefines a method of this class.
    pub fn set_method(&self, name: Rc<str>, f: Value) {
        let mut methods = self.methods.borrow_mut();
        match methods.iter_mut().find(|(k, _)| *k == name) {
            Some(slot) => slot.1 = f,
            None => methods.push((name, f)),
        }
    }
    /// True if `other` is this class or one of its ancestors.
    pub fn is_subclass_of(&self, other: &Class) -> bool {
        if std::ptr::eq(self, other) {
            return true;
        }
        self.parent
            .as_ref()
            .is_some_and(|p| p.is_subclass_of(other))
    }
}

/// An instance of a class.
pub struct Object {
    /// Its class.
    pub class: Rc<Class>,
    /// The slot values, in the order of the class's `slots`.
    pub slots: RefCell<Vec<Value>>,
}

impl Object {
    /// The position of slot `name` in `slots`, if the class has it.
    pub fn slot_index(&self, name: &str) -> Option<usize> {
        self.class.slots.iter().position(|(s, _)| &*s.name == name)
    }
}

/// A value implemented in Rust outside the Lisp core: networks, modules,
/// windows... `send` makes `(==> obj method args...)` work on it.
pub trait Native: Any {
    /// The kind's name (`state`, `module`, `dataset` ...), shown by the
    /// printer and in type errors.
    fn type_name(&self) -> &'static str;
    /// The printed form; `::NAME` by default.
    fn repr(&self) -> String {
        format!("::{}", self.type_name())
    }
    /// The object as `Any`, for bindings to downcast to their own type.
    fn as_any(&self) -> &dyn Any;
    /// Handles a message; `None` when the object has no such method.
    fn send(&self, _it: &mut Interp, _method: &str, _args: &[Value]) -> Option<Res> {
        None
    }
    /// Makes the object callable like a function, `(obj args...)`;
    /// `None` when it is not callable.
    fn call(&self, _it: &mut Interp, _args: &[Value]) -> Option<Res> {
        None
    }
    /// The class `classof` answers (SN2.8's `|CODEBOOK|` ...); `None` for
    /// values outside the class system.
    fn class(&self) -> Option<Value> {
        None
    }
    /// The methods `send` answers, with a help line each: the dispatch
    /// table of the kind. A method outside a non-empty table is refused
    /// before `send` is called, so the table is the one list of methods
    /// (`methods`, `help` and the unknown-method error read it).
    fn methods(&self) -> &'static [MethodDoc] {
        &[]
    }
}

/// A method of a native kind and its help line: `("fprop", "(==> m fprop in out) ...")`.
pub type MethodDoc = (&'static str, &'static str);

/// A Lisp value.
#[derive(Default)]
pub enum Value {
    /// The empty list `()`, also false.
    #[default]
    Nil,
    /// A number. Built with [`Value::Num`]; read with [`F64::get`] or
    /// [`Value::as_num`].
    Number(F64),
    /// A `String` behind the `Rc`, so that the handle is one pointer.
    Str(Rc<String>),
    /// A symbol.
    Sym(Sym),
    /// A cons cell: a list or a dotted pair.
    Cons(Rc<Cons>),
    /// A function, fexpr or macro defined in Lisp.
    Func(Rc<Lambda>),
    /// A function or special form written in Rust.
    Builtin(Rc<Builtin>),
    /// An array (an idx view over shared storage).
    Array(Rc<sn_array::Array>),
    /// A class of the object system.
    Class(Rc<Class>),
    /// An instance of a class.
    Object(Rc<Object>),
    /// Boxed twice so that the handle is one pointer and a `Value` two words.
    Native(Rc<Box<dyn Native>>),
    /// The content of an unbound symbol's cell; never seen by programs.
    Unbound,
}

impl Clone for Value {
    /// Numbers and `()` inline; the shared kinds out of line, so that the
    /// evaluator's hot paths stay small.
    #[inline(always)]
    fn clone(&self) -> Value {
        match self {
            Value::Nil => Value::Nil,
            Value::Number(n) => Value::Number(*n),
            _ => self.clone_shared(),
        }
    }
}

impl Value {
    #[inline(never)]
    fn clone_shared(&self) -> Value {
        match self {
            Value::Nil => Value::Nil,
            Value::Number(n) => Value::Number(*n),
            Value::Str(s) => Value::Str(s.clone()),
            Value::Sym(s) => Value::Sym(s.clone()),
            Value::Cons(c) => Value::Cons(c.clone()),
            Value::Func(f) => Value::Func(f.clone()),
            Value::Builtin(b) => Value::Builtin(b.clone()),
            Value::Array(a) => Value::Array(a.clone()),
            Value::Class(c) => Value::Class(c.clone()),
            Value::Object(o) => Value::Object(o.clone()),
            Value::Native(n) => Value::Native(n.clone()),
            Value::Unbound => Value::Unbound,
        }
    }
}

/// A double stored as its bits: every payload of a `Value` is then an
/// integer or a pointer, which lets a `Value` (and a result of one) travel
/// in two registers instead of through memory.
#[derive(Clone, Copy)]
#[repr(transparent)]
pub struct F64(u64);

impl F64 {
    /// Stores `x`.
    #[inline(always)]
    pub fn new(x: f64) -> F64 {
        F64(x.to_bits())
    }
    /// The stored double.
    #[inline(always)]
    pub fn get(self) -> f64 {
        f64::from_bits(self.0)
    }
}

impl std::fmt::Debug for F64 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.get().fmt(f)
    }
}

/// Drops a value, inline when it holds no reference (numbers, `()`).
#[inline(always)]
pub fn discard(v: Value) {
    if matches!(v, Value::Nil | Value::Number(_) | Value::Unbound) {
        std::mem::forget(v);
    } else {
        drop(v);
    }
}

impl Value {
    /// The number `x`.
    #[allow(non_snake_case)]
    #[inline(always)]
    pub fn Num(x: f64) -> Value {
        Value::Number(F64::new(x))
    }
    /// `t` for true, `()` for false.
    pub fn truth(b: bool) -> Value {
        if b {
            Value::Sym(t_symbol())
        } else {
            Value::Nil
        }
    }
    /// True for `()` (and an unbound cell's content).
    #[inline]
    pub fn is_nil(&self) -> bool {
        matches!(self, Value::Nil | Value::Unbound)
    }
    /// True for everything but `()`: Lisp's notion of true.
    #[inline]
    pub fn truthy(&self) -> bool {
        !self.is_nil()
    }
    /// A new cons with no position.
    pub fn cons(car: Value, cdr: Value) -> Value {
        Value::Cons(Cons::new(car, cdr, Span::NONE))
    }
    /// A new cons read at `span`.
    pub fn cons_at(car: Value, cdr: Value, span: Span) -> Value {
        Value::Cons(Cons::new(car, cdr, span))
    }
    /// A new string holding a copy of `s`.
    pub fn string(s: &str) -> Value {
        Value::Str(Rc::new(s.to_string()))
    }
    /// The array `a` as a value.
    pub fn array(a: sn_array::Array) -> Value {
        Value::Array(Rc::new(a))
    }
    /// The Rust object `n` as a value.
    pub fn native<T: Native>(n: T) -> Value {
        Value::Native(Rc::new(Box::new(n)))
    }
    /// Builds a proper list.
    pub fn list(items: Vec<Value>) -> Value {
        Self::list_from_iter(items.into_iter().rev())
    }
    /// Builds a proper list from items given last first.
    pub fn list_from_iter<I: Iterator<Item = Value>>(rev_items: I) -> Value {
        let mut l = Value::Nil;
        for v in rev_items {
            l = Value::cons(v, l);
        }
        l
    }
    /// The number, if this is one.
    #[inline]
    pub fn as_num(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(n.get()),
            _ => None,
        }
    }
    /// The cons, if this is one.
    pub fn as_cons(&self) -> Option<&Rc<Cons>> {
        match self {
            Value::Cons(c) => Some(c),
            _ => None,
        }
    }
    /// The symbol, if this is one.
    pub fn as_sym(&self) -> Option<&Sym> {
        match self {
            Value::Sym(s) => Some(s),
            _ => None,
        }
    }
    /// The car of a cons; `()` for anything else.
    pub fn car(&self) -> Value {
        match self {
            Value::Cons(c) => c.car(),
            _ => Value::Nil,
        }
    }
    /// The cdr of a cons; `()` for anything else.
    pub fn cdr(&self) -> Value {
        match self {
            Value::Cons(c) => c.cdr(),
            _ => Value::Nil,
        }
    }
    /// True for a list whose cdr chain loops (Brent's cycle detection).
    pub fn is_circular(&self) -> bool {
        let mut it = self.iter();
        while it.next().is_some() {}
        it.cycled
    }
    /// The elements of a proper list, `None` if improper, circular or not a list.
    pub fn list_to_vec(&self) -> Option<Vec<Value>> {
        if self.is_circular() {
            return None;
        }
        let mut out = Vec::new();
        let mut cur = self.clone();
        loop {
            match cur {
                Value::Nil => return Some(out),
                Value::Cons(c) => {
                    out.push(c.car());
                    cur = c.cdr();
                }
                _ => return None,
            }
        }
    }
    /// Iterates over the cars of a list (stops at the first non-cons).
    pub fn iter(&self) -> ListIter {
        ListIter::new(self.clone())
    }
    /// The span of a cons read from a file.
    pub fn span(&self) -> Span {
        match self {
            Value::Cons(c) => c.span(),
            _ => Span::NONE,
        }
    }
    /// Pointer identity (`eq`), with numbers compared by value.
    #[allow(clippy::should_implement_trait)] // Lisp `eq`, not `PartialEq`: numbers by value, the rest by identity
    pub fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Nil | Value::Unbound, Value::Nil | Value::Unbound) => true,
            (Value::Number(a), Value::Number(b)) => a.get() == b.get(),
            (Value::Str(a), Value::Str(b)) => Rc::ptr_eq(a, b),
            (Value::Sym(a), Value::Sym(b)) => Rc::ptr_eq(a, b),
            (Value::Cons(a), Value::Cons(b)) => Rc::ptr_eq(a, b),
            (Value::Func(a), Value::Func(b)) => Rc::ptr_eq(a, b),
            (Value::Builtin(a), Value::Builtin(b)) => Rc::ptr_eq(a, b),
            (Value::Array(a), Value::Array(b)) => Rc::ptr_eq(a, b) || a.same_view(b),
            (Value::Class(a), Value::Class(b)) => Rc::ptr_eq(a, b),
            (Value::Object(a), Value::Object(b)) => Rc::ptr_eq(a, b),
            (Value::Native(a), Value::Native(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }
    /// The name of the value's type in error messages (`number`, `list`,
    /// `function` ...).
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Nil | Value::Unbound => "()",
            Value::Number(_) => "number",
            Value::Str(_) => "string",
            Value::Sym(_) => "symbol",
            Value::Cons(_) => "list",
            Value::Func(l) => match l.kind {
                FnKind::Expr => "function",
                FnKind::Fexpr => "fexpr",
                _ => "macro",
            },
            Value::Builtin(_) => "builtin",
            Value::Array(_) => "array",
            Value::Class(_) => "class",
            Value::Object(_) => "object",
            Value::Native(n) => n.type_name(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values and results are copied on every step of the evaluator: both
    /// must stay two machine words, so that they come back in registers.
    #[test]
    fn a_value_and_a_result_are_two_words() {
        assert_eq!(std::mem::size_of::<Value>(), 16);
        assert_eq!(std::mem::size_of::<Res>(), 16);
    }
}
