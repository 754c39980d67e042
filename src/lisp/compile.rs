//! The compiler: forms to a tree of nodes, cached on the cons of the form
//! (and on each lambda for its body). Variable references, builtin calls
//! and the core special forms become nodes that run without walking lists;
//! everything else (fexprs, macros, other special forms) keeps its
//! list-based behaviour through the `Call` node. Compiled code is
//! invalidated when a list that is part of some code is modified.

use std::rc::{Rc, Weak};

use super::error::{ErrorData, ErrorKind};
use super::span::Span;
use super::value::{Builtin, Cons, Pattern, Sym, Value};
use super::Interp;

/// Special forms that the compiler turns into nodes: the `op` of a
/// special-form builtin, each named by its Lisp form.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Op {
    /// Not compiled: the special form runs through its function on the list.
    None,
    /// `quote`.
    Quote,
    /// `if`.
    If,
    /// `when`.
    When,
    /// `unless`.
    Unless,
    /// `cond`.
    Cond,
    /// `and`.
    And,
    /// `or`.
    Or,
    /// `progn`.
    Progn,
    /// `prog1`.
    Prog1,
    /// `while`.
    While,
    /// `do-while`.
    DoWhile,
    /// `repeat`.
    Repeat,
    /// `for`.
    For,
    /// `let`.
    Let,
    /// `let*`.
    LetStar,
    /// `setq`.
    Setq,
    /// `incr`.
    Incr,
    /// `==>`, a message sent to an object.
    Send,
}

/// Compiled code with the mutation epoch it was compiled at.
pub(crate) struct Compiled {
    pub node: Node,
    pub epoch: u64,
}

pub(crate) enum Node {
    Const(Value),
    Var(Sym),
    Call(Box<Call>),
    Special(Box<Special>),
    /// A function body: all nodes, the last in tail position.
    Body(Box<[Node]>),
    /// A malformed form: raises its error when run.
    Fail(Box<Fail>),
    /// Arithmetic or a comparison on two numbers (or `1+`/`1-` on one),
    /// computed in place while the head still names the builtin.
    Arith(Box<Arith>),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
    Lt,
    Gt,
    Le,
    Ge,
    Eq,
    Ne,
    Inc,
    Dec,
}

impl ArithOp {
    /// The operation of a builtin, with its number of operands (at least
    /// that many for `+`, `-` and `*`, which fold over more).
    fn of(name: &str) -> Option<(ArithOp, usize)> {
        Some(match name {
            "+" => (ArithOp::Add, 2),
            "-" => (ArithOp::Sub, 2),
            "*" => (ArithOp::Mul, 2),
            "/" => (ArithOp::Div, 2),
            "<" => (ArithOp::Lt, 2),
            ">" => (ArithOp::Gt, 2),
            "<=" => (ArithOp::Le, 2),
            ">=" => (ArithOp::Ge, 2),
            "=" => (ArithOp::Eq, 2),
            "<>" => (ArithOp::Ne, 2),
            "1+" => (ArithOp::Inc, 1),
            "1-" => (ArithOp::Dec, 1),
            _ => return None,
        })
    }
}

pub(crate) struct Arith {
    pub op: ArithOp,
    pub head: Sym,
    pub builtin: Rc<Builtin>,
    pub x: Node,
    /// The second operand (absent for `1+` and `1-`).
    pub y: Option<Node>,
    /// Further operands of `+`, `-` and `*`, folded from the left.
    pub rest: Box<[Node]>,
    pub form: Weak<Cons>,
    pub span: Span,
}

pub(crate) enum Head {
    Sym(Sym),
    Expr(Node),
}

/// A call: the head's value decides at run time what it is.
pub(crate) struct Call {
    pub form: Weak<Cons>,
    pub span: Span,
    pub head: Head,
    pub args: Box<[Node]>,
    /// True when the arguments were left as written (the head named a
    /// special form, an fexpr or a macro when compiled): they are then
    /// evaluated from the form if the head has become a function.
    pub raw: bool,
}

/// A special form compiled for the builtin its head was bound to; if the
/// head is rebound later, the form runs as a plain call instead.
pub(crate) struct Special {
    pub form: Weak<Cons>,
    pub span: Span,
    pub head: Sym,
    pub builtin: Rc<Builtin>,
    pub kind: Kind,
}

pub(crate) enum Kind {
    /// The else branch is one node: `()`, the only form, or a `Body`.
    If(Node, Node, Node),
    When(Node, Box<[Node]>),
    Unless(Node, Box<[Node]>),
    Cond(Box<[(Node, Box<[Node]>)]>),
    And(Box<[Node]>),
    Or(Box<[Node]>),
    Progn(Box<[Node]>),
    Prog1(Node, Box<[Node]>),
    While(Node, Box<[Node]>),
    DoWhile(Node, Box<[Node]>),
    Repeat(Node, Box<[Node]>),
    For {
        var: Sym,
        from: Node,
        to: Node,
        step: Option<Node>,
        body: Box<[Node]>,
    },
    Let {
        binds: Box<[(Pattern, Node)]>,
        body: Box<[Node]>,
        sequential: bool,
    },
    /// The pairs, and whether every value is evaluated before any is
    /// assigned (TL3's `setq`, in Lush 1 files).
    Setq(Box<[(Place, Node)]>, bool),
    Incr(Place, Option<Node>),
    /// `(==> obj method . args)`.
    Send(Node, Method, Box<[Node]>),
}

/// The method of a `==>`: a symbol names it; any other form is evaluated
/// to a symbol or a string.
pub(crate) enum Method {
    Named(Rc<str>),
    Computed(Node),
}

impl Kind {
    /// True for the forms that bind variables (they need a binding region).
    pub(crate) fn binds(&self) -> bool {
        matches!(self, Kind::For { .. } | Kind::Let { .. })
    }
}

/// An assignable place: a variable, `:x` (global) or `:obj:slot...`.
pub(crate) enum Place {
    Sym(Sym),
    Global(Sym),
    Slot(Sym, Box<[Rc<str>]>),
}

pub(crate) struct Fail {
    pub span: Span,
    pub kind: ErrorKind,
    pub message: String,
    pub culprit: Value,
    pub data: Option<ErrorData>,
}

/// Longest argument list or body the compiler accepts (guards against circular code).
const MAX_ITEMS: usize = 10_000_000;

type C<T> = Result<T, (ErrorKind, String, Value, Option<ErrorData>)>;

fn bad<T>(kind: ErrorKind, msg: impl Into<String>, culprit: &Value) -> C<T> {
    Err((kind, msg.into(), culprit.clone(), None))
}

impl Interp {
    /// Compiles a form; never fails (malformed forms compile to `Fail`).
    pub(crate) fn compile(&mut self, form: &Value, depth: usize) -> Node {
        match form {
            Value::Sym(s) => Node::Var(s.clone()),
            Value::Cons(c) => {
                let span = c.span();
                match self.compile_cons(c, depth) {
                    Ok(n) => n,
                    Err((kind, message, culprit, data)) => Node::Fail(Box::new(Fail {
                        span,
                        kind,
                        message,
                        culprit,
                        data,
                    })),
                }
            }
            Value::Unbound => Node::Const(Value::Nil),
            other => Node::Const(other.clone()),
        }
    }

    fn compile_cons(&mut self, c: &Rc<Cons>, depth: usize) -> C<Node> {
        if depth > self.max_eval_depth {
            return bad(
                ErrorKind::StackOverflow,
                "stack overflow: form nested too deeply",
                &Value::Nil,
            );
        }
        c.mark_code();
        let head = c.car();
        if let Value::Sym(s) = &head {
            if let Value::Builtin(b) = s.raw() {
                if b.op != Op::None {
                    return self.compile_special(c, s, b, depth);
                }
            }
        }
        if head_takes_forms(&head) {
            let head = match head {
                Value::Sym(s) => Head::Sym(s),
                other => Head::Expr(self.compile(&other, depth + 1)),
            };
            return Ok(Node::Call(Box::new(Call {
                form: Rc::downgrade(c),
                span: c.span(),
                head,
                args: Box::new([]),
                raw: true,
            })));
        }
        if let Some(items) = dotted_items(&c.cdr()) {
            return self.compile_dotted_call(c, head, items, depth);
        }
        let args = self.compile_items(&c.cdr(), depth)?;
        if let Value::Sym(s) = &head {
            if let Value::Builtin(b) = s.raw() {
                if let Some((op, n)) = ArithOp::of(&b.name) {
                    let folds = matches!(op, ArithOp::Add | ArithOp::Sub | ArithOp::Mul);
                    let fits = n == args.len() || (folds && args.len() > n);
                    if fits && !b.is_special_form() {
                        let mut it = args.into_vec().into_iter();
                        let x = it.next().unwrap_or(Node::Const(Value::Nil));
                        let y = it.next();
                        return Ok(Node::Arith(Box::new(Arith {
                            op,
                            head: s.clone(),
                            builtin: b,
                            x,
                            y,
                            rest: it.collect(),
                            form: Rc::downgrade(c),
                            span: c.span(),
                        })));
                    }
                }
            }
        }
        let head = match head {
            Value::Sym(s) => Head::Sym(s),
            other => Head::Expr(self.compile(&other, depth + 1)),
        };
        Ok(Node::Call(Box::new(Call {
            form: Rc::downgrade(c),
            span: c.span(),
            head,
            args,
            raw: false,
        })))
    }

    /// A call with a dotted argument list, `(f a b . l)`: as TL3's
    /// `eval_a_list`, the tail `l` is evaluated and its elements follow
    /// `a` and `b` as arguments; compiled as `(apply f a b l)`.
    fn compile_dotted_call(
        &mut self,
        c: &Rc<Cons>,
        head: Value,
        items: Vec<Value>,
        depth: usize,
    ) -> C<Node> {
        let mut args = Vec::with_capacity(items.len() + 1);
        args.push(match head {
            Value::Sym(s) => Node::Const(Value::Sym(s)),
            other => self.compile(&other, depth + 1),
        });
        for x in &items {
            args.push(self.compile(x, depth + 1));
        }
        Ok(Node::Call(Box::new(Call {
            form: Rc::downgrade(c),
            span: c.span(),
            head: Head::Sym(self.intern("apply")),
            args: args.into_boxed_slice(),
            raw: false,
        })))
    }

    /// Compiles each element of a proper list.
    fn compile_items(&mut self, list: &Value, depth: usize) -> C<Box<[Node]>> {
        if list.is_circular() {
            return bad(ErrorKind::Type, "circular list in a form", list);
        }
        let mut out = Vec::new();
        let mut cur = list.clone();
        loop {
            match cur {
                Value::Nil => return Ok(out.into_boxed_slice()),
                Value::Cons(c) => {
                    c.mark_code();
                    if out.len() >= MAX_ITEMS {
                        return bad(ErrorKind::Type, "list too long to evaluate", &Value::Nil);
                    }
                    out.push(self.compile(&c.car(), depth + 1));
                    cur = c.cdr();
                }
                other => return bad(ErrorKind::Type, "improper list in a form", &other),
            }
        }
    }

    fn compile_special(
        &mut self,
        c: &Rc<Cons>,
        head: &Sym,
        b: Rc<Builtin>,
        depth: usize,
    ) -> C<Node> {
        let a = c.cdr();
        let form = Value::Cons(c.clone());
        let d = depth + 1;
        let arg = |k: usize| -> Value { a.iter().nth(k).unwrap_or_default() };
        let nargs = a.iter().count();
        let need = |n: usize| -> C<()> {
            if nargs < n {
                return Err((
                    ErrorKind::Arity,
                    format!(
                        "wrong number of arguments to {}: expects at least {n}, got {nargs}",
                        head.name
                    ),
                    form.clone(),
                    Some(ErrorData::Arity {
                        function: head.name.to_string(),
                        min: n,
                        max: None,
                        found: nargs,
                    }),
                ));
            }
            Ok(())
        };
        let rest = |k: usize| -> Value {
            let mut v = a.clone();
            for _ in 0..k {
                v = v.cdr();
            }
            v
        };
        let kind = match b.op {
            Op::None => return bad(ErrorKind::Type, "not a compiled special form", &form),
            Op::Quote => {
                need(1)?;
                return Ok(Node::Const(arg(0)));
            }
            Op::If => {
                need(2)?;
                let cond = self.compile(&arg(0), d);
                let then = self.compile(&arg(1), d);
                let mut els = self.compile_items(&rest(2), d)?.into_vec();
                let els = match els.len() {
                    0 => Node::Const(Value::Nil),
                    1 => els.pop().unwrap_or(Node::Const(Value::Nil)),
                    _ => Node::Body(els.into_boxed_slice()),
                };
                Kind::If(cond, then, els)
            }
            Op::When | Op::Unless => {
                need(1)?;
                let cond = self.compile(&arg(0), d);
                let body = self.compile_items(&rest(1), d)?;
                if b.op == Op::When {
                    Kind::When(cond, body)
                } else {
                    Kind::Unless(cond, body)
                }
            }
            Op::Cond => {
                let mut clauses = Vec::new();
                for cl in a.iter() {
                    if !matches!(cl, Value::Cons(_)) {
                        return bad(ErrorKind::Type, "cond: a clause must be a list", &cl);
                    }
                    let test = self.compile(&cl.car(), d);
                    clauses.push((test, self.compile_items(&cl.cdr(), d)?));
                }
                Kind::Cond(clauses.into_boxed_slice())
            }
            Op::And => Kind::And(self.compile_items(&a, d)?),
            Op::Or => Kind::Or(self.compile_items(&a, d)?),
            Op::Progn => Kind::Progn(self.compile_items(&a, d)?),
            Op::Prog1 => {
                need(1)?;
                let first = self.compile(&arg(0), d);
                Kind::Prog1(first, self.compile_items(&rest(1), d)?)
            }
            Op::While | Op::DoWhile | Op::Repeat => {
                need(1)?;
                let first = self.compile(&arg(0), d);
                let body = self.compile_items(&rest(1), d)?;
                match b.op {
                    Op::While => Kind::While(first, body),
                    Op::DoWhile => Kind::DoWhile(first, body),
                    _ => Kind::Repeat(first, body),
                }
            }
            Op::For => {
                need(1)?;
                let h = arg(0);
                let Value::Sym(var) = h.car() else {
                    return bad(ErrorKind::Type, "for: expected (var from to [step])", &h);
                };
                let parts: Vec<Value> = h.cdr().iter().collect();
                if parts.len() < 2 || parts.len() > 3 {
                    return bad(ErrorKind::Type, "for: expected (var from to [step])", &h);
                }
                let from = self.compile(&parts[0], d);
                let to = self.compile(&parts[1], d);
                let step = parts.get(2).map(|s| self.compile(s, d));
                Kind::For {
                    var,
                    from,
                    to,
                    step,
                    body: self.compile_items(&rest(1), d)?,
                }
            }
            Op::Let | Op::LetStar => {
                need(1)?;
                let mut binds = Vec::new();
                for bnd in arg(0).iter() {
                    match &bnd {
                        Value::Sym(s) => {
                            binds.push((Pattern::Sym(s.clone()), Node::Const(Value::Nil)))
                        }
                        Value::Cons(_) => {
                            let pat = match bnd.car() {
                                Value::Sym(s) => Pattern::Sym(s),
                                other @ Value::Cons(_) => match super::params::list_pattern(&other)
                                {
                                    Ok(p) => p,
                                    Err(e) => {
                                        return Err((
                                            e.kind,
                                            e.message,
                                            e.culprit.unwrap_or_default(),
                                            e.data,
                                        ))
                                    }
                                },
                                other => return bad(ErrorKind::Type, "let: bad binding", &other),
                            };
                            binds.push((pat, self.compile(&bnd.cdr().car(), d)));
                        }
                        other => return bad(ErrorKind::Type, "let: bad binding", other),
                    }
                }
                let body = self.compile_items(&rest(1), d)?;
                Kind::Let {
                    binds: binds.into_boxed_slice(),
                    body,
                    sequential: b.op == Op::LetStar,
                }
            }
            Op::Setq => {
                let items: Vec<Value> = a.iter().collect();
                let mut pairs = Vec::new();
                for pair in items.chunks(2) {
                    let place = self.place(&pair[0])?;
                    let value = pair
                        .get(1)
                        .map(|v| self.compile(v, d))
                        .unwrap_or(Node::Const(Value::Nil));
                    pairs.push((place, value));
                }
                let parallel = pairs.len() > 1 && self.lush_sources.contains(&c.span().file);
                Kind::Setq(pairs.into_boxed_slice(), parallel)
            }
            Op::Send => {
                need(2)?;
                let obj = self.compile(&arg(0), d);
                let method = match arg(1) {
                    Value::Sym(s) => Method::Named(s.name.clone()),
                    other => Method::Computed(self.compile(&other, d)),
                };
                Kind::Send(obj, method, self.compile_items(&rest(2), d)?)
            }
            Op::Incr => {
                need(1)?;
                let place = self.place(&arg(0))?;
                let by = if nargs > 1 {
                    Some(self.compile(&arg(1), d))
                } else {
                    None
                };
                Kind::Incr(place, by)
            }
        };
        Ok(Node::Special(Box::new(Special {
            form: Rc::downgrade(c),
            span: c.span(),
            head: head.clone(),
            builtin: b,
            kind,
        })))
    }

    /// A place for `setq`/`incr`.
    fn place(&mut self, p: &Value) -> C<Place> {
        match p {
            Value::Sym(s) => match super::special::check_unlocked(self, s, "setq", false) {
                Ok(()) => Ok(Place::Sym(s.clone())),
                Err(e) => bad(e.kind, e.message, p),
            },
            Value::Cons(c) if matches!(c.car(), Value::Sym(ref h) if Rc::ptr_eq(h, &self.wk.scope)) =>
            {
                let parts: Vec<Value> = p.cdr().iter().collect();
                let mut syms = Vec::new();
                for x in &parts {
                    match x {
                        Value::Sym(s) => syms.push(s.clone()),
                        other => return bad(ErrorKind::Type, "setq: bad scope form", other),
                    }
                }
                match syms.len() {
                    0 => bad(ErrorKind::Type, "setq: bad scope form", p),
                    1 => match super::special::check_unlocked(self, &syms[0], "setq", false) {
                        Ok(()) => Ok(Place::Global(syms[0].clone())),
                        Err(e) => bad(e.kind, e.message, &Value::Sym(syms[0].clone())),
                    },
                    _ => Ok(Place::Slot(
                        syms[0].clone(),
                        syms[1..].iter().map(|s| s.name.clone()).collect(),
                    )),
                }
            }
            other => bad(ErrorKind::Type, "setq: cannot assign to this", other),
        }
    }

    /// The compiled code of a form, from its cache when still valid.
    pub(crate) fn code_of(&mut self, c: &Rc<Cons>) -> Rc<Compiled> {
        let cached = c.code.take();
        if let Some(k) = &cached {
            if k.epoch == self.code_epoch {
                let k = k.clone();
                c.code.set(cached);
                return k;
            }
        }
        drop(cached);
        let node = self.compile(&Value::Cons(c.clone()), 0);
        let k = Rc::new(Compiled {
            node,
            epoch: self.code_epoch,
        });
        c.code.set(Some(k.clone()));
        k
    }

    /// Notes that a list was modified: compiled code that contains it is stale.
    pub fn note_mutation(&mut self, c: &Cons) {
        if c.is_code() {
            self.code_epoch += 1;
        }
    }
}

/// True when the head of a form names something that receives its
/// arguments unevaluated (a special form, an fexpr, a macro): they are not
/// code of this form, and each is compiled when (and if) it is evaluated.
fn head_takes_forms(head: &Value) -> bool {
    let Value::Sym(s) = head else { return false };
    match s.raw() {
        Value::Builtin(b) => b.is_special_form(),
        Value::Func(l) => l.kind != super::value::FnKind::Expr,
        _ => false,
    }
}

impl Builtin {
    fn is_special_form(&self) -> bool {
        matches!(self.kind, super::value::BuiltinKind::Special(_))
    }
}

impl Special {
    /// True while the head still names the builtin this was compiled for.
    #[inline]
    pub(crate) fn still_valid(&self) -> bool {
        self.head.builtin_is(&self.builtin)
    }
}

/// The elements of a dotted (non-circular) argument list followed by its
/// tail, `(a b . l)` → `[a, b, l]`; `None` for a proper list.
fn dotted_items(list: &Value) -> Option<Vec<Value>> {
    if list.is_circular() {
        return None;
    }
    let mut out = Vec::new();
    let mut cur = list.clone();
    loop {
        match cur {
            Value::Nil => return None,
            Value::Cons(c) => {
                out.push(c.car());
                cur = c.cdr();
                if out.len() > MAX_ITEMS {
                    return None;
                }
            }
            tail => {
                out.push(tail);
                return Some(out);
            }
        }
    }
}
