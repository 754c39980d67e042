//! The evaluator. Dynamic scoping by shallow binding: each symbol holds its
//! current value; a call or a `let` saves the old values on the binding
//! stack and restores them when its region ends, whatever the exit.
//! Forms in tail position loop instead of recursing.

use std::rc::Rc;

use smallvec::SmallVec;

use super::error::{ErrorKind, LispError, Unwind};
use super::params::arity_error;
use super::value::{Builtin, BuiltinKind, Cons, FnKind, Lambda, Tail, Value};
use super::{interrupt, printer, Interp, Res};

/// Evaluated arguments of a call, on the stack for up to 4 arguments.
pub type ArgVec = SmallVec<[Value; 4]>;

/// Maximum number of backtrace lines kept in an error.
const BACKTRACE_MAX: usize = 8;

enum Step {
    Done(Value),
    Tail(Value),
}

impl Interp {
    /// Evaluates a form.
    ///
    /// # Errors
    /// Any error raised by the form; bindings made inside are restored.
    #[inline]
    pub fn eval(&mut self, form: &Value) -> Res {
        match form {
            Value::Sym(s) => Ok(s.get()),
            Value::Cons(c) => self.eval_nested(c),
            Value::Unbound => Ok(Value::Nil),
            _ => Ok(form.clone()),
        }
    }

    /// Evaluates a list form in a binding region of its own.
    fn eval_cons(&mut self, c: &Rc<Cons>) -> Res {
        if self.eval_depth >= self.max_eval_depth {
            return Err(self.overflow());
        }
        self.eval_depth += 1;
        let base = self.bind_stack.len();
        let r = self.eval_loop(Value::Cons(c.clone()), base);
        if self.bind_stack.len() > base {
            self.unbind_to(base);
        }
        self.eval_depth -= 1;
        r
    }

    pub(crate) fn overflow(&self) -> Unwind {
        LispError::new(
            ErrorKind::StackOverflow,
            "stack overflow: recursion too deep",
        )
        .into()
    }

    fn eval_loop(&mut self, mut form: Value, base: usize) -> Res {
        let mut frame: Option<(Rc<Lambda>, Rc<Cons>)> = None;
        let result = loop {
            let cons = match &form {
                Value::Cons(c) => c.clone(),
                Value::Sym(s) => break Ok(s.get()),
                Value::Unbound => break Ok(Value::Nil),
                _ => break Ok(form),
            };
            let head = cons.car();
            let f = match &head {
                Value::Sym(s) => match s.raw() {
                    Value::Unbound => {
                        let e = LispError::new(
                            ErrorKind::UnboundFunction,
                            format!("unbound function: {}", s.name),
                        )
                        .culprit(head.clone())
                        .at(cons.span.get());
                        break Err(e.into());
                    }
                    v => v,
                },
                Value::Cons(_) => match self.eval(&head) {
                    Ok(v) => v,
                    Err(e) => break Err(e),
                },
                _ => head.clone(),
            };
            match self.step(&f, &cons, &form, base, &mut frame) {
                Ok(Step::Done(v)) => break Ok(v),
                Ok(Step::Tail(next)) => form = next,
                Err(e) => break Err(annotate(e, &cons)),
            }
        };
        if let Some((l, call)) = frame {
            self.frames -= 1;
            if let Err(Unwind::Error(mut e)) = result {
                if e.backtrace.len() < BACKTRACE_MAX {
                    let name = fn_name(&l);
                    let at = self.sources.describe(call.span.get());
                    let at = if at.is_empty() {
                        String::new()
                    } else {
                        format!(" at {at}")
                    };
                    e.backtrace.push(format!(
                        "in {name}: {}{at}",
                        printer::repr_short(&Value::Cons(call), 60)
                    ));
                }
                return Err(Unwind::Error(e));
            }
        }
        result
    }

    fn step(
        &mut self,
        f: &Value,
        cons: &Rc<Cons>,
        form: &Value,
        base: usize,
        frame: &mut Option<(Rc<Lambda>, Rc<Cons>)>,
    ) -> Res<Step> {
        match f {
            Value::Builtin(b) => match b.kind {
                BuiltinKind::Subr(func) => {
                    let mut args = ArgVec::new();
                    self.eval_args_into(&cons.cdr.borrow(), &mut args)?;
                    check_arity(b, args.len())?;
                    Ok(Step::Done(func(self, &args)?))
                }
                BuiltinKind::Special(func) => match func(self, &cons.cdr(), base)? {
                    Tail::Done(v) => Ok(Step::Done(v)),
                    Tail::Eval(x) => Ok(Step::Tail(x)),
                },
            },
            Value::Func(l) => {
                interrupt::check()?;
                match l.kind {
                    FnKind::Expr | FnKind::Fexpr => {
                        let mut args = ArgVec::new();
                        if l.kind == FnKind::Expr {
                            self.eval_args_into(&cons.cdr.borrow(), &mut args)?;
                        } else {
                            args.extend(cons.cdr().iter());
                        }
                        if frame.is_none() {
                            if self.frames >= self.max_frames {
                                return Err(self.overflow());
                            }
                            self.frames += 1;
                        }
                        *frame = Some((l.clone(), cons.clone()));
                        self.bind_params(&l.params, &args, base, l)?;
                        self.body_tail(&l.body)
                    }
                    FnKind::Macro => {
                        let args: ArgVec = form.iter().collect();
                        Ok(Step::Tail(self.apply_lambda(l, &args)?))
                    }
                    FnKind::MacroArgs => {
                        let args: ArgVec = cons.cdr().iter().collect();
                        Ok(Step::Tail(self.apply_lambda(l, &args)?))
                    }
                }
            }
            Value::Array(a) => {
                let args = self.eval_args(&cons.cdr.borrow())?;
                Ok(Step::Done(crate::builtins::arrays::call_array(
                    self, a, &args,
                )?))
            }
            Value::Object(_) => {
                let args = self.eval_args(&cons.cdr.borrow())?;
                Ok(Step::Done(self.send(f, "-listeval", &args)?))
            }
            other => Err(LispError::new(
                ErrorKind::Type,
                format!("cannot call a {}", other.type_name()),
            )
            .culprit(cons.car())
            .into()),
        }
    }

    /// Evaluates all forms of a body but the last, which is returned for
    /// evaluation in tail position.
    fn body_tail(&mut self, body: &Value) -> Res<Step> {
        let mut cur = body.clone();
        loop {
            match cur {
                Value::Cons(c) => {
                    let next = c.cdr();
                    if next.is_nil() {
                        return Ok(Step::Tail(c.car()));
                    }
                    self.eval(&c.car())?;
                    cur = next;
                }
                _ => return Ok(Step::Done(Value::Nil)),
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

    /// Evaluates the arguments of a call.
    pub(crate) fn eval_args(&mut self, list: &Value) -> Res<ArgVec> {
        let mut out = ArgVec::new();
        self.eval_args_into(list, &mut out)?;
        Ok(out)
    }

    /// Evaluates a form found as an argument: calls of builtin functions
    /// (the common case) skip the binding-region machinery.
    #[inline]
    fn eval_nested(&mut self, c: &Rc<Cons>) -> Res {
        let b = match &*c.car.borrow() {
            Value::Sym(s) => s.builtin(),
            _ => None,
        };
        if let Some(b) = b {
            if let BuiltinKind::Subr(func) = b.kind {
                if self.eval_depth >= self.max_eval_depth {
                    return Err(self.overflow());
                }
                self.eval_depth += 1;
                let mut args = ArgVec::new();
                let r = match self.eval_args_into(&c.cdr.borrow(), &mut args) {
                    Ok(()) => check_arity(&b, args.len()).and_then(|_| func(self, &args)),
                    Err(e) => Err(e),
                };
                self.eval_depth -= 1;
                return r.map_err(|e| annotate(e, c));
            }
        }
        self.eval_cons(c)
    }

    /// Evaluates the arguments of a call into `out`.
    #[inline]
    pub(crate) fn eval_args_into(&mut self, list: &Value, out: &mut ArgVec) -> Res<()> {
        let mut cur = match list {
            Value::Cons(c) => c.clone(),
            Value::Nil => return Ok(()),
            other => return Err(improper(other)),
        };
        loop {
            let v = {
                let a = cur.car.borrow();
                match &*a {
                    Value::Num(n) => Value::Num(*n),
                    Value::Sym(s) => s.get(),
                    Value::Cons(c) => {
                        let c = c.clone();
                        drop(a);
                        self.eval_nested(&c)?
                    }
                    other => other.clone(),
                }
            };
            out.push(v);
            let next = match &*cur.cdr.borrow() {
                Value::Cons(c) => c.clone(),
                Value::Nil => return Ok(()),
                other => return Err(improper(other)),
            };
            cur = next;
        }
    }

    /// Calls a Lisp function (not a macro) with its own binding region.
    pub(crate) fn apply_lambda(&mut self, l: &Rc<Lambda>, args: &[Value]) -> Res {
        if self.eval_depth >= self.max_eval_depth || self.frames >= self.max_frames {
            return Err(self.overflow());
        }
        interrupt::check()?;
        self.eval_depth += 1;
        self.frames += 1;
        let base = self.bind_stack.len();
        let r = match self.bind_params(&l.params, args, base, l) {
            Ok(()) => self.eval_body(&l.body),
            Err(e) => Err(e),
        };
        self.unbind_to(base);
        self.frames -= 1;
        self.eval_depth -= 1;
        r
    }

    /// Applies a function value to already evaluated arguments.
    ///
    /// # Errors
    /// `type` if `f` cannot be called; any error of the call.
    pub fn apply(&mut self, f: &Value, args: &[Value]) -> Res {
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
            Value::Sym(s) => {
                let v = s.raw();
                if let Value::Unbound = v {
                    return Err(LispError::new(
                        ErrorKind::UnboundFunction,
                        format!("unbound function: {}", s.name),
                    )
                    .culprit(f.clone())
                    .into());
                }
                self.apply(&v, args)
            }
            Value::Array(a) => crate::builtins::arrays::call_array(self, a, args),
            Value::Object(_) => self.send(f, "-listeval", args),
            other => Err(LispError::new(
                ErrorKind::Type,
                format!("cannot call a {}", other.type_name()),
            )
            .culprit(other.clone())
            .into()),
        }
    }
}

#[cold]
fn improper(v: &Value) -> Unwind {
    LispError::new(ErrorKind::Type, "improper argument list")
        .culprit(v.clone())
        .into()
}

pub(crate) fn fn_name(l: &Lambda) -> String {
    l.name.borrow().as_deref().unwrap_or("lambda").to_string()
}

/// Checks the argument count of a builtin.
#[inline]
pub(crate) fn check_arity(b: &Builtin, n: usize) -> Res<()> {
    if n < b.min || b.max.is_some_and(|m| n > m) {
        return Err(arity_mismatch(b, n));
    }
    Ok(())
}

#[cold]
fn arity_mismatch(b: &Builtin, n: usize) -> Unwind {
    {
        let expected = match b.max {
            Some(m) if m == b.min => m.to_string(),
            Some(m) => format!("{} to {m}", b.min),
            None => format!("at least {}", b.min),
        };
        arity_error(&b.name, &expected, n)
    }
}

/// Gives an error the position of the innermost form that has one.
fn annotate(e: Unwind, cons: &Cons) -> Unwind {
    match e {
        Unwind::Error(mut err) if err.span.is_none() => {
            let s = cons.span.get();
            if !s.is_none() {
                err.span = Some(s);
                if err.culprit.is_none() {
                    err.culprit = Some(Value::Cons(Rc::new(Cons {
                        car: std::cell::RefCell::new(cons.car()),
                        cdr: std::cell::RefCell::new(cons.cdr()),
                        span: std::cell::Cell::new(s),
                    })));
                }
            }
            Unwind::Error(err)
        }
        other => other,
    }
}
