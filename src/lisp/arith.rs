//! Arithmetic and comparisons compiled in place: two numbers (or one for
//! `1+`/`1-`) while the operator still names its builtin. Operands that are
//! numeric variables or constants are read without cloning anything, and a
//! comparison used as a test gives a `bool` without building `t`.

use super::compile::{Arith, ArithOp, Node};
use super::error::{ErrorKind, LispError};
use super::eval::{annotate, ArgVec, R};
use super::value::{BuiltinKind, Value};
use super::Interp;

/// The result of an operation on two numbers.
enum Out {
    Num(f64),
    Bool(bool),
}

#[inline(always)]
fn compute(op: ArithOp, p: f64, q: f64) -> Out {
    use ArithOp::*;
    match op {
        Add => Out::Num(p + q),
        Sub => Out::Num(p - q),
        Mul => Out::Num(p * q),
        Div => Out::Num(p / q),
        Lt => Out::Bool(p < q),
        Gt => Out::Bool(p > q),
        Le => Out::Bool(p <= q),
        Ge => Out::Bool(p >= q),
        Eq => Out::Bool(p == q),
        Ne => Out::Bool(p != q),
        Inc => Out::Num(p + 1.0),
        Dec => Out::Num(p - 1.0),
    }
}

/// The number a node stands for when it can be read without evaluating.
#[inline(always)]
fn peek(n: &Node) -> Option<f64> {
    match n {
        Node::Const(Value::Number(x)) => Some(x.get()),
        Node::Var(s) => s.num(),
        _ => None,
    }
}

impl Interp {
    /// Arithmetic in place on numbers; anything else (other operand types,
    /// a head rebound since compilation) goes through the general paths.
    #[inline]
    pub(crate) fn arith(&mut self, a: &Arith) -> R {
        match self.arith_out(a)? {
            Ok(Out::Num(x)) => Ok(Value::Num(x)),
            Ok(Out::Bool(b)) => Ok(self.truth(b)),
            Err(v) => Ok(v),
        }
    }

    /// Whether a node's value is true, without building `t` for a
    /// comparison.
    #[inline]
    pub(crate) fn test(&mut self, n: &Node) -> R<bool> {
        match n {
            Node::Arith(a) => match self.arith_out(a)? {
                Ok(Out::Bool(b)) => Ok(b),
                Ok(Out::Num(_)) => Ok(true),
                Err(v) => Ok(v.truthy()),
            },
            _ => Ok(self.value(n)?.truthy()),
        }
    }

    /// `t` or `()`.
    #[inline(always)]
    pub(crate) fn truth(&self, b: bool) -> Value {
        if b {
            Value::Sym(self.wk.t.clone())
        } else {
            Value::Nil
        }
    }

    /// The numeric result, or (as `Err`) the value the general path gave.
    #[inline(always)]
    fn arith_out(&mut self, a: &Arith) -> R<Result<Out, Value>> {
        if !a.head.builtin_is(&a.builtin) {
            return self.arith_rebound(a).map(Err);
        }
        let x = match peek(&a.x) {
            Some(x) => x,
            None => match self.operand(&a.x)? {
                Value::Number(x) => x.get(),
                other => return self.arith_general(a, other).map(Err),
            },
        };
        let y = match &a.y {
            None => 0.0,
            Some(n) => match peek(n) {
                Some(y) => y,
                None => match self.operand(n)? {
                    Value::Number(y) => y.get(),
                    other => return self.arith_general2(a, Value::Num(x), other).map(Err),
                },
            },
        };
        Ok(Ok(compute(a.op, x, y)))
    }

    /// The operator was rebound since compilation: the form runs as written.
    #[cold]
    fn arith_rebound(&mut self, a: &Arith) -> R {
        match a.form.upgrade() {
            Some(c) => self.eval_r(&Value::Cons(c)),
            None => Ok(Value::Nil),
        }
    }

    /// The first operand is not a number: the builtin decides.
    #[cold]
    fn arith_general(&mut self, a: &Arith, x: Value) -> R {
        let y = match &a.y {
            Some(n) => Some(self.operand(n)?),
            None => None,
        };
        self.arith_builtin(a, std::iter::once(x).chain(y).collect())
    }

    /// The second operand is not a number: the builtin decides.
    #[cold]
    fn arith_general2(&mut self, a: &Arith, x: Value, y: Value) -> R {
        self.arith_builtin(a, [x, y].into_iter().collect())
    }

    fn arith_builtin(&mut self, a: &Arith, args: ArgVec) -> R {
        match a.builtin.kind {
            BuiltinKind::Subr(f) => match f(self, &args) {
                Ok(v) => Ok(v),
                Err(e) => Err(self.fail(annotate(e, a.span, &a.form))),
            },
            BuiltinKind::Special(_) => {
                Err(self.raise(LispError::new(ErrorKind::Type, "not a function")))
            }
        }
    }

    /// The value of an operand, counting nested evaluation against the depth limit.
    #[inline]
    fn operand(&mut self, n: &Node) -> R {
        match n {
            Node::Const(v) => Ok(v.clone()),
            Node::Var(s) => Ok(s.get()),
            _ => {
                if self.eval_depth >= self.max_eval_depth {
                    let e = self.overflow();
                    return Err(self.fail(e));
                }
                self.eval_depth += 1;
                let r = self.value(n);
                self.eval_depth -= 1;
                r
            }
        }
    }
}
