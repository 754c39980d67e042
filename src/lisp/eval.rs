//! The evaluator. Dynamic scoping by shallow binding: each symbol holds its
//! current value; a call or a `let` saves the old values on the binding
//! stack and restores them when its region ends, whatever the exit.
//! Forms run as compiled nodes (see `compile.rs`); calls in tail position
//! return to a trampoline instead of recursing, so they do not grow the
//! Rust stack. Calls themselves (arguments, binding) are in `call.rs`,
//! special forms in `forms.rs`, arithmetic in `arith.rs`.

use std::rc::{Rc, Weak};

use smallvec::SmallVec;

use super::call::check_arity;
use super::compile::{Head, Kind, Node};
use super::error::{ErrorKind, LispError, Unwind};
use super::span::Span;
use super::value::{BuiltinKind, Cons, FnKind, Lambda, Sym, Tail, Value};
use super::{printer, Interp, Res};

/// Evaluated arguments of a call, on the stack for up to 4 arguments.
pub type ArgVec = SmallVec<[Value; 4]>;

/// A failed step of the evaluator. The exit itself (an error or a throw)
/// waits in `Interp::exit` until the public entry points (`eval`, `apply`)
/// hand it out: a result of the evaluator's own steps is then no bigger
/// than a `Value` and comes back in registers.
pub(crate) struct Failed;

/// The result of a step of the evaluator.
pub(crate) type R<T = Value> = Result<T, Failed>;

/// Maximum number of backtrace lines kept in an error.
const BACKTRACE_MAX: usize = 8;

/// What running a node in tail position produced. Two words: the rest of
/// a pending tail call waits in the interpreter (`tail_nargs`, `tail_form`,
/// `tail_eval`).
pub(crate) enum Flow {
    Val(Value),
    /// Call this function; its arguments are the top `tail_nargs` values of
    /// the argument stack (the trampoline binds them).
    Call(Rc<Lambda>),
    /// Evaluate `tail_eval` in tail position.
    Eval,
}

/// The function whose frame a binding region runs, for the backtrace.
pub(super) type Frame = Option<(Rc<Lambda>, Weak<Cons>)>;

/// Where the arguments of a call come from.
#[derive(Clone, Copy)]
enum Args<'a> {
    Nodes(&'a [Node]),
    Raw(&'a Value),
}

impl Interp {
    /// Records an exit for the steps that are unwinding.
    #[cold]
    #[inline(never)]
    pub(crate) fn fail(&mut self, e: Unwind) -> Failed {
        // An interrupt reported by a builtin (a pass of a crate stopped by
        // this interpreter's flag, which it leaves set) is taken here, so
        // that the cleanups run while unwinding are not interrupted again.
        if e.kind() == ErrorKind::Interrupt {
            self.clear_interrupt();
        }
        self.exit = Some(e);
        Failed
    }

    /// Records an error for the steps that are unwinding.
    #[cold]
    #[inline(never)]
    pub(crate) fn raise(&mut self, e: LispError) -> Failed {
        self.fail(e.into())
    }

    /// The exit recorded by the step that failed.
    #[cold]
    #[inline(never)]
    pub(crate) fn take_exit(&mut self) -> Unwind {
        let mut u = self.exit.take().unwrap_or_else(|| {
            LispError::new(ErrorKind::Type, "evaluation failed without an error").into()
        });
        // the error's form gets its end, kept by the source map
        if let Some(sp) = u.error_mut().and_then(|e| e.span.as_mut()) {
            *sp = self.sources.complete(*sp);
        }
        u
    }

    /// A result of a builtin, as a step of the evaluator.
    #[inline(always)]
    pub(crate) fn lift<T>(&mut self, r: Res<T>) -> R<T> {
        match r {
            Ok(v) => Ok(v),
            Err(e) => Err(self.fail(e)),
        }
    }

    /// A step of the evaluator, as a result for the outside.
    #[inline(always)]
    pub(crate) fn lower<T>(&mut self, r: R<T>) -> Res<T> {
        match r {
            Ok(v) => Ok(v),
            Err(Failed) => Err(self.take_exit()),
        }
    }

    /// Gives the recorded error the position of a form (see [`annotate`]).
    #[cold]
    #[inline(never)]
    pub(crate) fn annotated(&mut self, span: Span, form: &Weak<Cons>) -> Failed {
        if let Some(e) = self.exit.take() {
            self.exit = Some(annotate(e, span, form));
        }
        Failed
    }

    /// Evaluates a form.
    ///
    /// # Errors
    /// Any error raised by the form; bindings made inside are restored.
    #[inline]
    pub fn eval(&mut self, form: &Value) -> Res {
        self.enter();
        let r = self.eval_r(form);
        self.lower(r)
    }

    /// `eval` as a step of the evaluator.
    #[inline]
    pub(crate) fn eval_r(&mut self, form: &Value) -> R {
        match form {
            Value::Sym(s) => Ok(s.get()),
            Value::Cons(c) => {
                let code = self.code_of(c);
                self.value(&code.node)
            }
            Value::Unbound => Ok(Value::Nil),
            _ => Ok(form.clone()),
        }
    }

    /// Fails with an `interrupt` error if Ctrl-C was pressed since the last check.
    #[inline(always)]
    pub(crate) fn poll(&mut self) -> R<()> {
        match self.check_interrupt() {
            Ok(()) => Ok(()),
            Err(e) => Err(self.fail(e)),
        }
    }

    /// Fails with a `stack-overflow` error.
    #[cold]
    pub(super) fn overflowed(&mut self) -> Failed {
        let e = self.overflow();
        self.fail(e)
    }

    pub(crate) fn overflow(&self) -> Unwind {
        LispError::new(
            ErrorKind::StackOverflow,
            "stack overflow: recursion too deep",
        )
        .into()
    }

    /// The value of a node: constants, variables and builtin calls
    /// directly, anything else in a binding region of its own.
    #[inline]
    pub(crate) fn value(&mut self, n: &Node) -> R {
        match n {
            Node::Const(v) => Ok(v.clone()),
            Node::Var(s) => Ok(s.get()),
            Node::Call(c) => {
                if let (Head::Sym(s), false) = (&c.head, c.raw) {
                    if let Some((f, min, max)) = s.subr() {
                        return self.call_subr(c, f, min, max);
                    }
                    if let Some(l) = s.expr_lambda() {
                        return self.call_lambda(&l, c);
                    }
                    if let Some(a) = s.array() {
                        return self.call_array_node(&a, c);
                    }
                }
                self.run(n)
            }
            Node::Arith(a) => self.arith(a),
            Node::Body(b) => self.body_value(b),
            Node::Special(sp) if !sp.kind.binds() && sp.still_valid() => {
                if let Kind::If(c, t, e) = &sp.kind {
                    let r = match self.test(c) {
                        Ok(true) => self.value(t),
                        Ok(false) => self.value(e),
                        Err(f) => Err(f),
                    };
                    return r.map_err(|_| self.annotated(sp.span, &sp.form));
                }
                let base = self.bind_stack.len();
                match self.exec_special(sp, base, false) {
                    Ok(Flow::Val(v)) => Ok(v),
                    Ok(other) => self.region(|it, base, frame| it.trampoline(other, base, frame)),
                    Err(Failed) => Err(self.annotated(sp.span, &sp.form)),
                }
            }
            Node::Special(sp) if sp.still_valid() => self.binding_value(sp),
            _ => self.run(n),
        }
    }

    /// The value of `let`, `let*` or `for` in a binding region of their
    /// own, run for their value (`exec_special` without tail position).
    #[inline(never)]
    fn binding_value(&mut self, sp: &super::compile::Special) -> R {
        self.region(|it, base, frame| {
            let flow = match it.exec_special(sp, base, false) {
                Ok(flow) => flow,
                Err(Failed) => return Err(it.annotated(sp.span, &sp.form)),
            };
            it.trampoline(flow, base, frame)
        })
    }

    /// Runs a node in a new binding region, following tail calls.
    fn run(&mut self, n: &Node) -> R {
        self.region(|it, base, frame| {
            let flow = it.exec(n, base)?;
            it.trampoline(flow, base, frame)
        })
    }

    /// Runs `f` in a binding region: depth accounting, restoring the
    /// bindings made inside, adding a backtrace line on error.
    pub(super) fn region(&mut self, f: impl FnOnce(&mut Self, usize, &mut Frame) -> R) -> R {
        if self.eval_depth >= self.max_eval_depth {
            return Err(self.overflowed());
        }
        self.eval_depth += 1;
        let base = self.bind_stack.len();
        let mut frame: Frame = None;
        let r = f(self, base, &mut frame);
        if let Some((l, call)) = frame {
            self.frames -= 1;
            if r.is_err() {
                self.trace(&l, &call);
            }
        }
        self.unbind_to(base);
        self.eval_depth -= 1;
        r
    }

    /// Adds a backtrace line for a call of `l` to the recorded error.
    #[cold]
    #[inline(never)]
    pub(super) fn trace(&mut self, l: &Lambda, call: &Weak<Cons>) {
        let full = match self.exit.as_ref().and_then(Unwind::error) {
            Some(e) => e.backtrace.len() >= BACKTRACE_MAX,
            None => true,
        };
        if !full {
            let line = self.backtrace_line(l, call);
            if let Some(e) = self.exit.as_mut().and_then(Unwind::error_mut) {
                e.backtrace.push(line);
            }
        }
    }

    fn backtrace_line(&self, l: &Lambda, call: &Weak<Cons>) -> String {
        let name = fn_name(l);
        match call.upgrade() {
            Some(c) => {
                let at = self.sources.describe(c.span());
                let at = if at.is_empty() {
                    String::new()
                } else {
                    format!(" at {at}")
                };
                format!(
                    "in {name}: {}{at}",
                    printer::repr_short(&Value::Cons(c), 60)
                )
            }
            None => format!("in {name}"),
        }
    }

    /// Follows tail calls and tail forms until a value comes out.
    pub(super) fn trampoline(&mut self, mut flow: Flow, base: usize, frame: &mut Frame) -> R {
        loop {
            flow = match flow {
                Flow::Val(v) => return Ok(v),
                Flow::Call(l) => {
                    let start = self.argstack.len() - self.tail_nargs;
                    let call = std::mem::take(&mut self.tail_form);
                    if let Err(e) = self.enter_tail(&l, start, base, frame) {
                        self.argstack.truncate(start);
                        return Err(e);
                    }
                    let code = self.lambda_code(&l);
                    *frame = Some((l, call));
                    self.exec(&code.node, base)?
                }
                Flow::Eval => match std::mem::take(&mut self.tail_eval) {
                    Value::Cons(c) => {
                        let code = self.code_of(&c);
                        self.exec(&code.node, base)?
                    }
                    other => return self.eval_r(&other),
                },
            }
        }
    }

    /// Enters the function of a tail call: the frame (one per region, reused
    /// by the next tail call) and the bound arguments.
    fn enter_tail(&mut self, l: &Lambda, start: usize, base: usize, frame: &Frame) -> R<()> {
        self.poll()?;
        if frame.is_none() {
            if self.frames >= self.max_frames {
                return Err(self.overflowed());
            }
            self.frames += 1;
        }
        self.bind_args(l, start, base)
    }

    /// The compiled body of a function.
    #[inline(always)]
    pub(super) fn lambda_code(&mut self, l: &Lambda) -> Rc<super::compile::Compiled> {
        if let Some(k) = &*l.code.borrow() {
            if k.epoch == self.code_epoch {
                return k.clone();
            }
        }
        self.compile_lambda(l)
    }

    #[inline(never)]
    fn compile_lambda(&mut self, l: &Lambda) -> Rc<super::compile::Compiled> {
        let node = match self.compile_body(&l.body) {
            Some(n) => n,
            None => Node::Fail(Box::new(super::compile::Fail {
                span: Span::NONE,
                kind: ErrorKind::Type,
                message: "improper or circular function body".into(),
                culprit: l.body.clone(),
                data: None,
            })),
        };
        let k = Rc::new(super::compile::Compiled {
            node,
            epoch: self.code_epoch,
        });
        *l.code.borrow_mut() = Some(k.clone());
        k
    }

    fn compile_body(&mut self, body: &Value) -> Option<Node> {
        if body.is_circular() {
            return None;
        }
        let mut nodes = Vec::new();
        let mut cur = body.clone();
        loop {
            match cur {
                Value::Nil if nodes.len() == 1 => return nodes.pop(),
                Value::Nil => return Some(Node::Body(nodes.into_boxed_slice())),
                Value::Cons(c) => {
                    c.mark_code();
                    nodes.push(self.compile(&c.car(), 1));
                    cur = c.cdr();
                }
                _ => return None,
            }
        }
    }

    /// Runs a node; a call in tail position comes back as `Flow::Call`.
    pub(crate) fn exec(&mut self, n: &Node, base: usize) -> R<Flow> {
        match n {
            Node::Const(v) => Ok(Flow::Val(v.clone())),
            Node::Var(s) => Ok(Flow::Val(s.get())),
            Node::Arith(a) => self.arith(a).map(Flow::Val),
            Node::Special(sp) if sp.still_valid() => {
                // `if`, the commonest form of a function body, without a
                // call of `exec_special`
                let r = match &sp.kind {
                    Kind::If(c, t, e) => match self.test(c) {
                        Ok(true) => self.exec(t, base),
                        Ok(false) => self.exec(e, base),
                        Err(f) => Err(f),
                    },
                    _ => self.exec_special(sp, base, true),
                };
                r.map_err(|_| self.annotated(sp.span, &sp.form))
            }
            Node::Body(b) => self.exec_body(b, base),
            Node::Call(c) => {
                if let (Head::Sym(s), false) = (&c.head, c.raw) {
                    if let Some((f, min, max)) = s.subr() {
                        return self.call_subr(c, f, min, max).map(Flow::Val);
                    }
                    if let Some(l) = s.expr_lambda() {
                        return self.tail_call_nodes(l, &c.args, &c.form);
                    }
                }
                self.exec_general(n, base)
            }
            _ => self.exec_general(n, base),
        }
    }

    /// `exec` for the nodes and heads that are not on its fast paths.
    #[inline(never)]
    fn exec_general(&mut self, n: &Node, base: usize) -> R<Flow> {
        match n {
            Node::Const(v) => Ok(Flow::Val(v.clone())),
            Node::Var(s) => Ok(Flow::Val(s.get())),
            Node::Call(c) => {
                let f = match &c.head {
                    Head::Sym(s) => {
                        if let (Some((f, min, max)), false) = (s.subr(), c.raw) {
                            return self.call_subr(c, f, min, max).map(Flow::Val);
                        }
                        match s.raw() {
                            Value::Unbound => {
                                let e = LispError::new(
                                    ErrorKind::UnboundFunction,
                                    format!("unbound function: {}", s.name),
                                )
                                .culprit(Value::Sym(s.clone()));
                                return Err(self.fail(annotate(e.into(), c.span, &c.form)));
                            }
                            v => v,
                        }
                    }
                    Head::Expr(h) => self.value(h)?,
                };
                let raw = if c.raw {
                    c.form.upgrade().map(|f| f.cdr())
                } else {
                    None
                };
                let args = match &raw {
                    Some(list) => Args::Raw(list),
                    None => Args::Nodes(&c.args),
                };
                self.call_value(f, args, &c.form, base)
                    .map_err(|_| self.annotated(c.span, &c.form))
            }
            Node::Special(sp) => {
                if !sp.still_valid() {
                    let Some(form) = sp.form.upgrade() else {
                        return Ok(Flow::Val(Value::Nil));
                    };
                    let f = sp.head.raw();
                    let args = form.cdr();
                    return self
                        .call_value(f, Args::Raw(&args), &sp.form, base)
                        .map_err(|_| self.annotated(sp.span, &sp.form));
                }
                self.exec_special(sp, base, true)
                    .map_err(|_| self.annotated(sp.span, &sp.form))
            }
            Node::Body(b) => self.exec_body(b, base),
            Node::Arith(a) => self.arith(a).map(Flow::Val),
            Node::Fail(f) => {
                let mut e = LispError::new(f.kind, f.message.clone())
                    .culprit(f.culprit.clone())
                    .at(f.span);
                e.data = f.data.clone();
                Err(self.raise(e))
            }
        }
    }

    /// Runs a compiled form whose head was rebound since it was compiled
    /// (an arithmetic operator set to another function, to a number, to
    /// `()`): an ordinary call of the head's value on the arguments as
    /// written (a call node that takes them from the form), never the
    /// compiled node again.
    #[cold]
    #[inline(never)]
    pub(crate) fn call_rebound(&mut self, head: &Sym, form: &Weak<Cons>, span: Span) -> R {
        let call = Node::Call(Box::new(super::compile::Call {
            form: form.clone(),
            span,
            head: Head::Sym(head.clone()),
            args: Box::new([]),
            raw: true,
        }));
        self.run(&call)
    }

    /// Evaluates the arguments of a call.
    fn args_of(&mut self, a: Args) -> R<ArgVec> {
        let mut out = ArgVec::new();
        match a {
            Args::Nodes(ns) => {
                for n in ns {
                    out.push(self.value(n)?);
                }
            }
            Args::Raw(list) => {
                let mut cur = list.clone();
                loop {
                    match cur {
                        Value::Cons(c) => {
                            out.push(self.eval_r(&c.car())?);
                            cur = c.cdr();
                        }
                        Value::Nil => break,
                        other => {
                            return Err(self.raise(
                                LispError::new(ErrorKind::Type, "improper argument list")
                                    .culprit(other),
                            ));
                        }
                    }
                }
            }
        }
        Ok(out)
    }

    /// Calls the value of a call's head.
    fn call_value(&mut self, f: Value, args: Args, form: &Weak<Cons>, base: usize) -> R<Flow> {
        let raw_args = || form.upgrade().map(|c| c.cdr()).unwrap_or_default();
        match &f {
            Value::Builtin(b) => match b.kind {
                BuiltinKind::Subr(func) => {
                    let a = self.args_of(args)?;
                    let r = check_arity(b, a.len()).and_then(|()| func(self, &a));
                    Ok(Flow::Val(self.lift(r)?))
                }
                BuiltinKind::Special(func) => {
                    let r = func(self, &raw_args(), base);
                    match self.lift(r)? {
                        Tail::Done(v) => Ok(Flow::Val(v)),
                        Tail::Eval(x) => Ok(self.tail_eval(x)),
                    }
                }
            },
            Value::Func(l) => match l.kind {
                FnKind::Expr => match args {
                    Args::Nodes(ns) => self.tail_call_nodes(l.clone(), ns, form),
                    Args::Raw(_) => {
                        let a = self.args_of(args)?;
                        Ok(self.tail_call(l, a, form))
                    }
                },
                FnKind::Fexpr => Ok(self.tail_call(l, raw_args().iter(), form)),
                FnKind::Macro => {
                    let whole = form.upgrade().map(Value::Cons).unwrap_or_default();
                    let a: ArgVec = whole.iter().collect();
                    let x = self.apply_lambda_r(l, &a)?;
                    Ok(self.tail_eval(x))
                }
                FnKind::MacroArgs => {
                    let a: ArgVec = raw_args().iter().collect();
                    let x = self.apply_lambda_r(l, &a)?;
                    Ok(self.tail_eval(x))
                }
            },
            Value::Array(arr) => {
                let a = self.args_of(args)?;
                let r = super::array_call::call_array(self, arr, &a);
                Ok(Flow::Val(self.lift(r)?))
            }
            Value::Object(_) => {
                let a = self.args_of(args)?;
                let r = self.send(&f, "-listeval", &a);
                Ok(Flow::Val(self.lift(r)?))
            }
            Value::Native(n) => {
                let a = self.args_of(args)?;
                let r = self.call_native(n, &a);
                Ok(Flow::Val(self.lift(r)?))
            }
            other => {
                let head = form
                    .upgrade()
                    .map(|c| c.car())
                    .unwrap_or_else(|| other.clone());
                let what = match other {
                    Value::Nil | Value::Unbound => "()".to_string(),
                    v => format!("a {}", v.type_name()),
                };
                Err(self.raise(
                    LispError::new(ErrorKind::Type, format!("cannot call {what}")).culprit(head),
                ))
            }
        }
    }

    /// Evaluates a body (`progn`) completely.
    pub fn eval_body(&mut self, body: &Value) -> Res {
        let mut last = Value::Nil;
        for f in body.iter() {
            last = self.eval(&f)?;
        }
        Ok(last)
    }

    /// Evaluates the arguments of a call given as a list.
    pub(crate) fn eval_args(&mut self, list: &Value) -> Res<ArgVec> {
        let r = self.args_of(Args::Raw(list));
        self.lower(r)
    }

    /// The value of the body of `l`, compiled, with its parameters already
    /// bound (a call in tail position gets a region of its own).
    pub(crate) fn run_body(&mut self, l: &Lambda) -> Res {
        let code = self.lambda_code(l);
        let r = self.value(&code.node);
        self.lower(r)
    }

    /// A form to evaluate in tail position, for the trampoline.
    fn tail_eval(&mut self, x: Value) -> Flow {
        self.tail_eval = x;
        Flow::Eval
    }
}

pub(crate) fn fn_name(l: &Lambda) -> String {
    l.name.borrow().as_deref().unwrap_or("lambda").to_string()
}

/// Gives an error the position of the innermost form that has one, and
/// that form as culprit when it has none.
#[cold]
pub(crate) fn annotate(mut e: Unwind, span: Span, form: &Weak<Cons>) -> Unwind {
    if let Some(err) = e.error_mut() {
        if err.span.is_none() && !span.is_none() {
            err.span = Some(span);
            if err.culprit.is_none() {
                err.culprit = form.upgrade().map(Value::Cons);
            }
        }
    }
    e
}
