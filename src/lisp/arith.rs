//! Arithmetic and comparisons compiled in place: two numbers (or one for
//! `1+`/`1-`) while the operator still names its builtin. Operands that are
//! numeric variables or constants are read without cloning anything, and a
//! comparison used as a test gives a `bool` without building `t`.

use super::compile::{Arith, ArithOp, Node};
use super::error::{ErrorKind, LispError};
use super::eval::{annotate, ArgVec, R};
use super::value::{BuiltinKind, Value};
use super::Interp;

/// The value of an arithmetic operation on two numbers (`y` unused by
/// `1+` and `1-`).
#[inline(always)]
fn number(op: ArithOp, x: f64, y: f64) -> f64 {
    use ArithOp::*;
    match op {
        Add => x + y,
        Sub => x - y,
        Mul => x * y,
        Div => x / y,
        Inc => x + 1.0,
        Dec => x - 1.0,
        Lt | Gt | Le | Ge | Eq | Ne => f64::NAN,
    }
}

/// The truth of a comparison of two numbers.
#[inline(always)]
fn compare(op: ArithOp, x: f64, y: f64) -> bool {
    use ArithOp::*;
    match op {
        Lt => x < y,
        Gt => x > y,
        Le => x <= y,
        Ge => x >= y,
        Eq => x == y,
        Ne => x != y,
        Add | Sub | Mul | Div | Inc | Dec => false,
    }
}

impl ArithOp {
    /// True for the comparisons (their value is `t` or `()`).
    #[inline(always)]
    fn compares(self) -> bool {
        use ArithOp::*;
        matches!(self, Lt | Gt | Le | Ge | Eq | Ne)
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
        let (x, y) = match self.operands(a)? {
            Ok(xy) => xy,
            Err(v) => return Ok(v),
        };
        if a.op.compares() {
            return Ok(self.truth(compare(a.op, x, y)));
        }
        let v = number(a.op, x, y);
        if a.rest.is_empty() {
            Ok(Value::Num(v))
        } else {
            self.fold_rest(a, v)
        }
    }

    /// Whether a node's value is true, without building `t` for a
    /// comparison.
    #[inline]
    pub(crate) fn test(&mut self, n: &Node) -> R<bool> {
        match n {
            Node::Arith(a) => {
                let (x, y) = match self.operands(a)? {
                    Ok(xy) => xy,
                    Err(v) => return Ok(v.truthy()),
                };
                if a.op.compares() {
                    Ok(compare(a.op, x, y))
                } else if a.rest.is_empty() {
                    Ok(true)
                } else {
                    Ok(self.fold_rest(a, number(a.op, x, y))?.truthy())
                }
            }
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

    /// The first two operands as numbers or, as `Err`, the value of the
    /// form by the general path (the operator was rebound, or an operand is
    /// not a number).
    #[inline(always)]
    fn operands(&mut self, a: &Arith) -> R<Result<(f64, f64), Value>> {
        if !a.head.builtin_is(&a.builtin) {
            return self.arith_rebound(a).map(Err);
        }
        let x = match peek(&a.x) {
            Some(x) => x,
            None => match self.operand(&a.x)? {
                Value::Number(x) => x.get(),
                other => {
                    let rest = a.y.iter().chain(a.rest.iter());
                    return self
                        .arith_general(a, [other].into_iter().collect(), rest)
                        .map(Err);
                }
            },
        };
        let y = match &a.y {
            None => 0.0,
            Some(n) => match peek(n) {
                Some(y) => y,
                None => match self.operand(n)? {
                    Value::Number(y) => y.get(),
                    other => {
                        let args = [Value::Num(x), other].into_iter().collect();
                        return self.arith_general(a, args, a.rest.iter()).map(Err);
                    }
                },
            },
        };
        Ok(Ok((x, y)))
    }

    /// The operands of `+`, `-` and `*` after the second, folded into `acc`.
    #[inline(never)]
    fn fold_rest(&mut self, a: &Arith, mut acc: f64) -> R {
        for (k, n) in a.rest.iter().enumerate() {
            let z = match peek(n) {
                Some(z) => z,
                None => match self.operand(n)? {
                    Value::Number(z) => z.get(),
                    other => {
                        let args = [Value::Num(acc), other].into_iter().collect();
                        return self.arith_general(a, args, a.rest[k + 1..].iter());
                    }
                },
            };
            acc = number(a.op, acc, z);
        }
        Ok(Value::Num(acc))
    }

    /// The operator was rebound since compilation: the form runs as an
    /// ordinary call of the operator's new value (evaluating the form again
    /// would find this same node).
    #[cold]
    fn arith_rebound(&mut self, a: &Arith) -> R {
        self.call_rebound(&a.head, &a.form, a.span)
    }

    /// An operand is not a number: the builtin decides, on the values so
    /// far (`args`) and those of the operands not yet evaluated (`rest`),
    /// all evaluated first in their order.
    #[cold]
    fn arith_general<'n>(
        &mut self,
        a: &Arith,
        mut args: ArgVec,
        rest: impl Iterator<Item = &'n Node>,
    ) -> R {
        for n in rest {
            args.push(self.operand(n)?);
        }
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
