//! Running the special forms the compiler turned into nodes: bodies,
//! conditionals, loops, bindings and assignments.

use smallvec::SmallVec;

use super::compile::{Kind, Method, Node, Place, Special};
use super::error::{ErrorKind, LispError};
use super::eval::{Flow, R};
use super::value::Value;
use super::{Interp, Res};

impl Interp {
    /// Runs a body: all nodes for their value, the last in tail position.
    pub(crate) fn exec_body(&mut self, body: &[Node], base: usize) -> R<Flow> {
        match body.split_last() {
            None => Ok(Flow::Val(Value::Nil)),
            Some((last, init)) => {
                for n in init {
                    self.value(n)?;
                }
                self.exec(last, base)
            }
        }
    }

    /// Runs a node in tail position (`tail`) or for its value.
    #[inline]
    pub(crate) fn sub(&mut self, n: &Node, base: usize, tail: bool) -> R<Flow> {
        if tail {
            self.exec(n, base)
        } else {
            self.value(n).map(Flow::Val)
        }
    }

    /// Runs a body, its last node in tail position (`tail`) or for its value.
    pub(crate) fn sub_body(&mut self, body: &[Node], base: usize, tail: bool) -> R<Flow> {
        if tail {
            self.exec_body(body, base)
        } else {
            self.body_value(body).map(Flow::Val)
        }
    }

    /// Runs a body for its value (not in tail position).
    pub(crate) fn body_value(&mut self, body: &[Node]) -> R {
        let mut last = Value::Nil;
        for n in body {
            last = self.value(n)?;
        }
        Ok(last)
    }

    pub(crate) fn number(&mut self, n: &Node, what: &str) -> R<f64> {
        let v = self.value(n)?;
        match v.as_num() {
            Some(x) => Ok(x),
            None => Err(self.raise(
                LispError::new(ErrorKind::Type, format!("{what}: expected a number")).culprit(v),
            )),
        }
    }

    /// Runs a special form; with `tail` false its result is always a value.
    pub(crate) fn exec_special(&mut self, sp: &Special, base: usize, tail: bool) -> R<Flow> {
        match &sp.kind {
            Kind::If(c, t, e) => {
                if self.test(c)? {
                    self.sub(t, base, tail)
                } else {
                    self.sub(e, base, tail)
                }
            }
            Kind::When(c, b) => {
                if self.test(c)? {
                    self.sub_body(b, base, tail)
                } else {
                    Ok(Flow::Val(Value::Nil))
                }
            }
            Kind::Unless(c, b) => {
                if self.test(c)? {
                    Ok(Flow::Val(Value::Nil))
                } else {
                    self.sub_body(b, base, tail)
                }
            }
            Kind::Cond(clauses) => {
                for (test, body) in clauses.iter() {
                    let v = self.value(test)?;
                    if v.truthy() {
                        return if body.is_empty() {
                            Ok(Flow::Val(v))
                        } else {
                            self.sub_body(body, base, tail)
                        };
                    }
                }
                Ok(Flow::Val(Value::Nil))
            }
            Kind::And(items) => match items.split_last() {
                None => Ok(Flow::Val(Value::truth(true))),
                Some((last, init)) => {
                    for n in init {
                        if self.value(n)?.is_nil() {
                            return Ok(Flow::Val(Value::Nil));
                        }
                    }
                    self.sub(last, base, tail)
                }
            },
            Kind::Or(items) => match items.split_last() {
                None => Ok(Flow::Val(Value::Nil)),
                Some((last, init)) => {
                    for n in init {
                        let v = self.value(n)?;
                        if v.truthy() {
                            return Ok(Flow::Val(v));
                        }
                    }
                    self.sub(last, base, tail)
                }
            },
            Kind::Progn(b) => self.sub_body(b, base, tail),
            Kind::Prog1(first, rest) => {
                let v = self.value(first)?;
                self.body_value(rest)?;
                Ok(Flow::Val(v))
            }
            Kind::While(c, b) => {
                let mut last = Value::Nil;
                while self.test(c)? {
                    self.poll()?;
                    last = self.body_value(b)?;
                }
                Ok(Flow::Val(last))
            }
            Kind::DoWhile(c, b) => loop {
                self.poll()?;
                let last = self.body_value(b)?;
                if !self.test(c)? {
                    return Ok(Flow::Val(last));
                }
            },
            Kind::Repeat(n, b) => {
                let n = self.number(n, "repeat")?;
                let mut last = Value::Nil;
                let mut k = 0.0;
                while k < n {
                    self.poll()?;
                    last = self.body_value(b)?;
                    k += 1.0;
                }
                Ok(Flow::Val(last))
            }
            Kind::For {
                var,
                from,
                to,
                step,
                body,
            } => {
                let from = self.number(from, "for")?;
                let to = self.number(to, "for")?;
                let step = match step {
                    Some(s) => self.number(s, "for")?,
                    None => 1.0,
                };
                if let Err(e) = super::special::check_count("for", from, to, step) {
                    return Err(self.raise(e));
                }
                let mut last = Value::Nil;
                let mut i = from;
                self.bind(var, Value::Num(i), base);
                while (step > 0.0 && i <= to) || (step < 0.0 && i >= to) {
                    self.poll()?;
                    var.set(Value::Num(i));
                    last = self.body_value(body)?;
                    let next = i + step;
                    if next == i {
                        return Err(self.raise(super::special::step_lost("for", i, step)));
                    }
                    i = next;
                }
                Ok(Flow::Val(last))
            }
            Kind::Let {
                binds,
                body,
                sequential,
            } => {
                if let [(p, n)] = &**binds {
                    // one binding: nothing to hold while others are evaluated
                    let v = self.value(n)?;
                    self.bind_pattern(p, v, base);
                } else if *sequential {
                    for (p, n) in binds.iter() {
                        let v = self.value(n)?;
                        self.bind_pattern(p, v, base);
                    }
                } else {
                    let mut vals: SmallVec<[Value; 4]> = SmallVec::new();
                    for (_, n) in binds.iter() {
                        vals.push(self.value(n)?);
                    }
                    for ((p, _), v) in binds.iter().zip(vals) {
                        self.bind_pattern(p, v, base);
                    }
                }
                self.sub_body(body, base, tail)
            }
            Kind::Setq(pairs, true) => {
                let mut vals = Vec::with_capacity(pairs.len());
                for (_, n) in pairs.iter() {
                    vals.push(self.value(n)?);
                }
                let mut last = Value::Nil;
                for ((place, _), v) in pairs.iter().zip(vals) {
                    self.assign(place, v.clone())?;
                    last = v;
                }
                Ok(Flow::Val(last))
            }
            Kind::Setq(pairs, false) => {
                let mut last = Value::Nil;
                for (place, n) in pairs.iter() {
                    let v = self.value(n)?;
                    self.assign(place, v.clone())?;
                    last = v;
                }
                Ok(Flow::Val(last))
            }
            Kind::Send(obj, method, args) => self.send_node(obj, method, args).map(Flow::Val),
            Kind::Incr(place, by) => {
                let cur = self.read_place(place)?;
                let by = match by {
                    Some(n) => self.value(n)?,
                    None => Value::Num(1.0),
                };
                match (cur.as_num(), by.as_num()) {
                    (Some(x), Some(d)) => {
                        let v = Value::Num(x + d);
                        self.assign(place, v.clone())?;
                        Ok(Flow::Val(v))
                    }
                    (None, _) => Err(self.raise(
                        LispError::new(ErrorKind::Type, "incr: expected a number").culprit(cur),
                    )),
                    (_, None) => Err(self.raise(
                        LispError::new(ErrorKind::Type, "incr: expected a number").culprit(by),
                    )),
                }
            }
        }
    }

    /// `(==> obj method . args)`: the object, the method name and the
    /// arguments are evaluated in this order.
    fn send_node(&mut self, obj: &Node, method: &Method, args: &[Node]) -> R {
        let o = self.value(obj)?;
        let computed;
        let name: &str = match method {
            Method::Named(n) => n,
            Method::Computed(n) => {
                computed = match self.value(n)? {
                    Value::Sym(s) => s.name.clone(),
                    Value::Str(s) => std::rc::Rc::from(s.as_str()),
                    v => {
                        return Err(self.raise(
                            LispError::new(ErrorKind::Type, "==>: expected a method name")
                                .culprit(v),
                        ))
                    }
                };
                &computed
            }
        };
        let mut vals: SmallVec<[Value; 4]> = SmallVec::new();
        for a in args {
            vals.push(self.value(a)?);
        }
        let r = self.send(&o, name, &vals);
        self.lift(r)
    }

    pub(crate) fn read_place(&mut self, p: &Place) -> R {
        match p {
            Place::Sym(s) => Ok(s.get()),
            Place::Global(s) => Ok(self.global_value(s)),
            Place::Slot(o, path) => {
                let mut v = o.get();
                for name in path.iter() {
                    let r = super::objects::get_slot(self, &v, name);
                    v = self.lift(r)?;
                }
                Ok(v)
            }
        }
    }

    pub(crate) fn assign(&mut self, p: &Place, v: Value) -> R<()> {
        match p {
            Place::Sym(s) => {
                s.set(v);
                Ok(())
            }
            Place::Global(s) => {
                self.set_global_sym(s, v);
                Ok(())
            }
            Place::Slot(o, path) => {
                let r = assign_slot(self, o.get(), path, v);
                self.lift(r)
            }
        }
    }
}

/// Sets the slot at the end of a `:obj:slot...` path.
fn assign_slot(it: &Interp, mut obj: Value, path: &[std::rc::Rc<str>], v: Value) -> Res<()> {
    let (last, init) = path
        .split_last()
        .ok_or_else(|| LispError::new(ErrorKind::Type, "setq: bad scope form"))?;
    for name in init {
        obj = super::objects::get_slot(it, &obj, name)?;
    }
    super::objects::set_slot(it, &obj, last, v)
}
