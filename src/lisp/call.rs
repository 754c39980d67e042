//! Calls: builtins, Lisp functions and arrays named by the head of a
//! call, with their arguments evaluated and bound; and `apply`, for
//! functions given as values.

use std::rc::{Rc, Weak};

use super::compile::{Call, Head, Node};
use super::error::{ErrorKind, LispError, Unwind};
use super::eval::{annotate, ArgVec, Flow, Frame, R};
use super::params::arity_error;
use super::value::{Builtin, BuiltinKind, Cons, FnKind, Lambda, Value};
use super::{Interp, Res};

impl Interp {
    /// Calls a builtin function with the values of the argument nodes.
    #[inline(never)]
    pub(super) fn call_subr(
        &mut self,
        c: &Call,
        f: super::value::SubrFn,
        min: usize,
        max: Option<usize>,
    ) -> R {
        if self.eval_depth >= self.max_eval_depth {
            return Err(self.overflowed());
        }
        self.eval_depth += 1;
        // one to three arguments in a local array, more in a small vector
        let r = match &*c.args {
            [x] => match self.arg(x) {
                Ok(a) => Ok(self.subr_with(c, f, min, max, &[a])),
                Err(e) => Err(e),
            },
            [x, y] => match self.arg(x).and_then(|a| Ok([a, self.arg(y)?])) {
                Ok(a) => Ok(self.subr_with(c, f, min, max, &a)),
                Err(e) => Err(e),
            },
            [x, y, z] => match self
                .arg(x)
                .and_then(|a| Ok([a, self.arg(y)?, self.arg(z)?]))
            {
                Ok(a) => Ok(self.subr_with(c, f, min, max, &a)),
                Err(e) => Err(e),
            },
            more => {
                let mut args = ArgVec::new();
                let mut r = Ok(());
                for a in more {
                    match self.arg(a) {
                        Ok(v) => args.push(v),
                        Err(e) => {
                            r = Err(e);
                            break;
                        }
                    }
                }
                r.map(|()| self.subr_with(c, f, min, max, &args))
            }
        };
        self.eval_depth -= 1;
        r?
    }

    /// Calls a builtin with evaluated arguments, checking their count.
    #[inline(never)]
    fn subr_with(
        &mut self,
        c: &Call,
        f: super::value::SubrFn,
        min: usize,
        max: Option<usize>,
        args: &[Value],
    ) -> R {
        if args.len() < min || max.is_some_and(|m| args.len() > m) {
            let e = annotate(subr_arity(c, min, max, args.len()), c.span, &c.form);
            return Err(self.fail(e));
        }
        match f(self, args) {
            Ok(v) => Ok(v),
            Err(e) => Err(self.fail(annotate(e, c.span, &c.form))),
        }
    }

    /// Calls a Lisp function named by the head of a call node, for its
    /// value: the common case of a non-tail call, without building a `Flow`.
    pub(super) fn call_lambda(&mut self, l: &Rc<Lambda>, c: &Call) -> R {
        if self.eval_depth >= self.max_eval_depth || self.frames >= self.max_frames {
            let e = annotate(self.overflow(), c.span, &c.form);
            return Err(self.fail(e));
        }
        let base = self.bind_stack.len();
        let p = &l.params;
        let bound = if p.simple && p.syms.len() == c.args.len() && c.args.len() <= 3 {
            // Up to three arguments stay in registers until they are bound.
            match &*c.args {
                [] => self.poll(),
                [x] => {
                    let a = self.arg(x)?;
                    self.poll()?;
                    self.push_binding(&p.syms[0], a);
                    Ok(())
                }
                [x, y] => {
                    let a = self.arg(x)?;
                    let b = self.arg(y)?;
                    self.poll()?;
                    self.push_binding(&p.syms[0], a);
                    self.push_binding(&p.syms[1], b);
                    Ok(())
                }
                [x, y, z, ..] => {
                    let a = self.arg(x)?;
                    let b = self.arg(y)?;
                    let d = self.arg(z)?;
                    self.poll()?;
                    self.push_binding(&p.syms[0], a);
                    self.push_binding(&p.syms[1], b);
                    self.push_binding(&p.syms[2], d);
                    Ok(())
                }
            }
        } else {
            // Other calls stage their arguments on the interpreter's
            // argument stack (no allocation, no per-call vector); they are
            // bound once all are evaluated.
            let start = self.argstack.len();
            self.push_args(&c.args)?;
            if let Err(e) = self.poll() {
                self.argstack.truncate(start);
                return Err(e);
            }
            self.eval_depth += 1;
            let r = self.bind_args(l, start, base);
            self.eval_depth -= 1;
            r
        };
        let bound = bound.map_err(|_| self.annotated(c.span, &c.form));
        self.run_frame(l, bound, base, &c.form)
    }

    /// Runs the body of `l` once its parameters are bound (`bound`) in the
    /// region from `base`, following tail calls; then ends the frame: a
    /// backtrace line on error (`call` is the form of the call), the
    /// bindings restored.
    #[inline(always)]
    fn run_frame(&mut self, l: &Rc<Lambda>, bound: R<()>, base: usize, call: &Weak<Cons>) -> R {
        self.eval_depth += 1;
        self.frames += 1;
        let mut frame: Frame = None;
        let r = match bound {
            Ok(()) => {
                let code = self.lambda_code(l);
                match self.exec(&code.node, base) {
                    Ok(Flow::Val(v)) => Ok(v),
                    Ok(flow) => {
                        frame = Some((l.clone(), call.clone()));
                        self.trampoline(flow, base, &mut frame)
                    }
                    Err(e) => Err(e),
                }
            }
            Err(e) => Err(e),
        };
        if r.is_err() {
            match &frame {
                Some((fl, c)) => self.trace(fl, c),
                None => self.trace(l, call),
            }
        }
        self.unbind_to(base);
        self.frames -= 1;
        self.eval_depth -= 1;
        r
    }

    /// The value of an argument node.
    #[inline(always)]
    fn arg(&mut self, n: &Node) -> R {
        match n {
            Node::Const(v) => Ok(v.clone()),
            Node::Var(s) => Ok(s.get()),
            Node::Arith(x) => self.arith(x),
            _ => self.value(n),
        }
    }

    /// Binds `s` to `v` in a region where `s` is not bound yet.
    #[inline(always)]
    pub(crate) fn push_binding(&mut self, s: &super::value::Sym, v: Value) {
        let old = s.replace(v);
        self.save_binding(s.clone(), old);
    }

    /// Binds the parameters of `l` to the arguments on the argument stack
    /// from `start`, and pops them.
    #[inline(always)]
    pub(super) fn bind_args(&mut self, l: &Lambda, start: usize, base: usize) -> R<()> {
        let p = &l.params;
        let n = self.argstack.len() - start;
        if p.simple && p.syms.len() == n && self.bind_stack.len() == base {
            // a new region: nothing to look up, every old value is saved
            self.bind_stack.reserve(n);
            for (k, s) in p.syms.iter().enumerate() {
                let v = std::mem::take(&mut self.argstack[start + k]);
                self.push_binding(s, v);
            }
            // SAFETY: `start` is at most the length, and the slots above it
            // hold `()`, which needs no drop.
            unsafe { self.argstack.set_len(start) };
            Ok(())
        } else {
            self.bind_args_general(l, start, base)
        }
    }

    /// `bind_args` in a region that has bindings (a tail call), or for
    /// parameters that are not all plain symbols.
    #[inline(never)]
    fn bind_args_general(&mut self, l: &Lambda, start: usize, base: usize) -> R<()> {
        let p = &l.params;
        if p.simple && p.syms.len() == self.argstack.len() - start {
            for (k, s) in p.syms.iter().enumerate() {
                let v = std::mem::take(&mut self.argstack[start + k]);
                self.bind(s, v, base);
            }
            // SAFETY: as in `bind_args`.
            unsafe { self.argstack.set_len(start) };
            Ok(())
        } else {
            let args: ArgVec = self.argstack.drain(start..).collect();
            let r = self.bind_params(p, &args, base, l);
            self.lift(r)
        }
    }

    /// Pushes the values of argument nodes on the argument stack; on error
    /// the stack is back as it was.
    #[inline(always)]
    fn push_args(&mut self, args: &[Node]) -> R<()> {
        let start = self.argstack.len();
        for a in args {
            let v = match a {
                Node::Const(v) => v.clone(),
                Node::Var(s) => s.get(),
                Node::Arith(x) => match self.arith(x) {
                    Ok(v) => v,
                    Err(e) => {
                        self.argstack.truncate(start);
                        return Err(e);
                    }
                },
                _ => match self.value(a) {
                    Ok(v) => v,
                    Err(e) => {
                        self.argstack.truncate(start);
                        return Err(e);
                    }
                },
            };
            self.argstack.push(v);
        }
        Ok(())
    }

    /// A tail call of `l` with the values of argument nodes, for the
    /// trampoline.
    pub(super) fn tail_call_nodes(
        &mut self,
        l: Rc<Lambda>,
        args: &[Node],
        form: &Weak<Cons>,
    ) -> R<Flow> {
        self.push_args(args)?;
        self.tail_nargs = args.len();
        self.tail_form = form.clone();
        Ok(Flow::Call(l))
    }

    /// A tail call of `l` with these arguments, for the trampoline.
    pub(super) fn tail_call(
        &mut self,
        l: &Rc<Lambda>,
        args: impl IntoIterator<Item = Value>,
        form: &Weak<Cons>,
    ) -> Flow {
        let start = self.argstack.len();
        self.argstack.extend(args);
        self.tail_nargs = self.argstack.len() - start;
        self.tail_form = form.clone();
        Flow::Call(l.clone())
    }

    /// `(m i j)` and `(m i j v)` where `m` names an array.
    pub(super) fn call_array_node(&mut self, a: &Rc<sn_array::Array>, c: &Call) -> R {
        let r = match &*c.args {
            [x] => {
                let i = self.arg(x)?;
                super::array_call::call_array(self, a, &[i])
            }
            [x, y] => {
                let i = self.arg(x)?;
                let j = self.arg(y)?;
                super::array_call::call_array(self, a, &[i, j])
            }
            more => {
                let mut args = ArgVec::new();
                for n in more {
                    args.push(self.arg(n)?);
                }
                super::array_call::call_array(self, a, &args)
            }
        };
        match r {
            Ok(v) => Ok(v),
            Err(e) => Err(self.fail(annotate(e, c.span, &c.form))),
        }
    }

    /// Calls a Lisp function (or fexpr) with its own binding region.
    pub(crate) fn apply_lambda(&mut self, l: &Rc<Lambda>, args: &[Value]) -> Res {
        let r = self.apply_lambda_r(l, args);
        self.lower(r)
    }

    /// `apply_lambda` as a step of the evaluator.
    pub(super) fn apply_lambda_r(&mut self, l: &Rc<Lambda>, args: &[Value]) -> R {
        if self.eval_depth >= self.max_eval_depth || self.frames >= self.max_frames {
            return Err(self.overflowed());
        }
        self.poll()?;
        let base = self.bind_stack.len();
        let bound = self.bind_values(l, args, base);
        self.run_frame(l, bound, base, &Weak::new())
    }

    /// Binds the parameters of `l` to evaluated arguments, in the region
    /// from `base` where nothing of `l` is bound yet.
    pub(crate) fn bind_values(&mut self, l: &Lambda, args: &[Value], base: usize) -> R<()> {
        let p = &l.params;
        if p.simple && p.syms.len() == args.len() {
            // saved without looking for them in the region: a parameter
            // named like a symbol already saved there (a slot of a method)
            // is saved twice, and restored right by the last-in-first-out
            // unbinding
            for (s, v) in p.syms.iter().zip(args) {
                self.push_binding(s, v.clone());
            }
            Ok(())
        } else {
            let r = self.bind_params(p, args, base, l);
            self.lift(r)
        }
    }

    /// Applies a function value to already evaluated arguments.
    ///
    /// # Errors
    /// `type` if `f` cannot be called; any error of the call.
    pub fn apply(&mut self, f: &Value, args: &[Value]) -> Res {
        self.enter();
        match f {
            Value::Builtin(b) => match b.kind {
                BuiltinKind::Subr(func) => {
                    check_arity(b, args.len())?;
                    func(self, args)
                }
                BuiltinKind::Special(_) => {
                    let quoted: Vec<Value> = args
                        .iter()
                        .map(|a| Value::list(vec![Value::Sym(self.wk.quote.clone()), a.clone()]))
                        .collect();
                    let form = Value::cons(f.clone(), Value::list(quoted));
                    self.eval(&form)
                }
            },
            Value::Func(l) => match l.kind {
                FnKind::Expr | FnKind::Fexpr => self.apply_lambda(l, args),
                _ => Err(LispError::new(ErrorKind::Type, "cannot apply a macro")
                    .culprit(f.clone())
                    .into()),
            },
            Value::Sym(s) => match s.raw() {
                Value::Unbound => Err(LispError::new(
                    ErrorKind::UnboundFunction,
                    format!("unbound function: {}", s.name),
                )
                .culprit(f.clone())
                .into()),
                // a symbol names a function by its value, once: `t`, whose
                // value is itself, is not callable
                Value::Sym(_) => Err(LispError::new(
                    ErrorKind::Type,
                    format!("cannot call a symbol: {}", s.name),
                )
                .culprit(f.clone())
                .into()),
                v => self.apply(&v, args),
            },
            Value::Array(a) => super::array_call::call_array(self, a, args),
            Value::Object(_) => self.send(f, "-listeval", args),
            Value::Native(n) => self.call_native(n, args),
            other => Err(LispError::new(
                ErrorKind::Type,
                format!("cannot call a {}", other.type_name()),
            )
            .culprit(other.clone())
            .into()),
        }
    }
}

impl Interp {
    /// Calls a native object that is callable.
    pub(super) fn call_native(
        &mut self,
        n: &Rc<Box<dyn super::value::Native>>,
        args: &[Value],
    ) -> Res {
        let n = n.clone();
        match n.call(self, args) {
            Some(r) => r,
            None => Err(LispError::new(
                ErrorKind::Type,
                format!("cannot call a {}", n.type_name()),
            )
            .culprit(Value::Native(n.clone()))
            .into()),
        }
    }
}

/// Checks the argument count of a builtin.
#[inline]
pub(crate) fn check_arity(b: &Builtin, n: usize) -> Res<()> {
    if n < b.min || b.max.is_some_and(|m| n > m) {
        return Err(arity_mismatch(&b.name, b.min, b.max, n));
    }
    Ok(())
}

#[cold]
fn subr_arity(c: &Call, min: usize, max: Option<usize>, n: usize) -> Unwind {
    let name = match &c.head {
        Head::Sym(s) => s.name.to_string(),
        Head::Expr(_) => "builtin".into(),
    };
    arity_mismatch(&name, min, max, n)
}

#[cold]
fn arity_mismatch(name: &str, min: usize, max: Option<usize>, n: usize) -> Unwind {
    arity_error(name, min, max, n)
}
