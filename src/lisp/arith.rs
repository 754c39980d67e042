//! Arithmetic and comparisons compiled in place: two numbers (or one for
//! `1+`/`1-`) while the operator still names its builtin.

use super::compile::{Arith, ArithOp, Node};
use super::error::{ErrorKind, LispError};
use super::eval::{annotate, ArgVec};
use super::value::{BuiltinKind, Value};
use super::{Interp, Res};

impl Interp {
    /// Arithmetic in place on numbers; anything else (other operand types,
    /// a head rebound since compilation) goes through the general paths.
    pub(crate) fn arith(&mut self, a: &Arith) -> Res {
        if !a.head.builtin_is(&a.builtin) {
            return match a.form.upgrade() {
                Some(c) => self.eval(&Value::Cons(c)),
                None => Ok(Value::Nil),
            };
        }
        let x = self.operand(&a.x)?;
        let y = match &a.y {
            Some(n) => Some(self.operand(n)?),
            None => None,
        };
        use ArithOp::*;
        match (&x, &y) {
            (Value::Num(p), Some(Value::Num(q))) => {
                let (p, q) = (*p, *q);
                return Ok(match a.op {
                    Add => Value::Num(p + q),
                    Sub => Value::Num(p - q),
                    Mul => Value::Num(p * q),
                    Div => Value::Num(p / q),
                    Lt => Value::truth(p < q),
                    Gt => Value::truth(p > q),
                    Le => Value::truth(p <= q),
                    Ge => Value::truth(p >= q),
                    Eq => Value::truth(p == q),
                    Ne => Value::truth(p != q),
                    Inc | Dec => Value::Nil,
                });
            }
            (Value::Num(p), None) if a.op == Inc => return Ok(Value::Num(p + 1.0)),
            (Value::Num(p), None) if a.op == Dec => return Ok(Value::Num(p - 1.0)),
            _ => {}
        }
        let args: ArgVec = std::iter::once(x).chain(y).collect();
        match a.builtin.kind {
            BuiltinKind::Subr(f) => f(self, &args).map_err(|e| annotate(e, a.span, &a.form)),
            BuiltinKind::Special(_) => {
                Err(LispError::new(ErrorKind::Type, "not a function").into())
            }
        }
    }

    /// The value of an operand, counting nested evaluation against the depth limit.
    #[inline]
    fn operand(&mut self, n: &Node) -> Res {
        match n {
            Node::Const(v) => Ok(v.clone()),
            Node::Var(s) => Ok(s.get()),
            _ => {
                if self.eval_depth >= self.max_eval_depth {
                    return Err(self.overflow());
                }
                self.eval_depth += 1;
                let r = self.value(n);
                self.eval_depth -= 1;
                r
            }
        }
    }
}
