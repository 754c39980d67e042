//! Argument lists: compiling them once, binding them at each call.

use std::rc::Rc;

use super::error::{ErrorKind, LispError};
use super::value::{Params, Pattern, Value};
use super::{Interp, Res};

impl Interp {
    /// Compiles an argument list: symbols, `&optional (x default)`,
    /// `&rest r`, a dotted rest, a bare symbol, destructuring sublists.
    ///
    /// # Errors
    /// `type` when an element is not a symbol or a pattern.
    pub(crate) fn compile_params(&mut self, arglist: &Value) -> Res<Params> {
        if arglist.is_circular() {
            return Err(LispError::new(ErrorKind::Type, "circular argument list")
                .culprit(arglist.clone())
                .into());
        }
        let mut p = Params::default();
        let mut cur = arglist.clone();
        #[derive(PartialEq)]
        enum Mode {
            Req,
            Opt,
            Rest,
        }
        let mut mode = Mode::Req;
        loop {
            match cur {
                Value::Nil => break,
                Value::Sym(s) => {
                    p.rest = Some(Pattern::Sym(s));
                    break;
                }
                Value::Cons(c) => {
                    let item = c.car();
                    cur = c.cdr();
                    match &item {
                        Value::Sym(s) if Rc::ptr_eq(s, &self.wk.optional) => mode = Mode::Opt,
                        Value::Sym(s) if Rc::ptr_eq(s, &self.wk.rest) => mode = Mode::Rest,
                        _ => {
                            let pat = match (&mode, &item) {
                                (Mode::Opt, Value::Cons(oc)) => {
                                    let pat = self.pattern(&oc.car())?;
                                    p.optional.push((pat, oc.cdr().car()));
                                    continue;
                                }
                                _ => self.pattern(&item)?,
                            };
                            match mode {
                                Mode::Req => p.required.push(pat),
                                Mode::Opt => p.optional.push((pat, Value::Nil)),
                                Mode::Rest => p.rest = Some(pat),
                            }
                        }
                    }
                }
                other => {
                    return Err(LispError::new(ErrorKind::Type, "bad argument list")
                        .culprit(other)
                        .into());
                }
            }
        }
        p.simple = p.optional.is_empty()
            && p.rest.is_none()
            && p.required.iter().all(|x| matches!(x, Pattern::Sym(_)));
        if p.simple {
            p.syms = p
                .required
                .iter()
                .filter_map(|x| match x {
                    Pattern::Sym(s) => Some(s.clone()),
                    Pattern::List(_) => None,
                })
                .collect();
        }
        Ok(p)
    }

    fn pattern(&mut self, v: &Value) -> Res<Pattern> {
        match v {
            Value::Sym(s) => Ok(Pattern::Sym(s.clone())),
            Value::Cons(_) | Value::Nil => Ok(list_pattern(v)?),
            other => Err(
                LispError::new(ErrorKind::Type, "argument names must be symbols")
                    .culprit(other.clone())
                    .into(),
            ),
        }
    }

    /// Binds `s` to `v` in the binding region starting at `base`. If `s` is
    /// already saved in that region (a tail call, or a nested `let` in tail
    /// position), its value is overwritten instead: the saved outer value is
    /// the one restored when the region ends, and the overwritten one can no
    /// longer be observed.
    #[inline]
    pub(crate) fn bind(&mut self, s: &super::Sym, v: Value, base: usize) {
        if self.bind_stack[base..]
            .iter()
            .any(|(b, _)| Rc::ptr_eq(b, s))
        {
            s.set(v);
        } else {
            let old = s.replace(v);
            self.save_binding(s.clone(), old);
        }
    }

    /// Pushes a saved binding. The pair is written field by field: a
    /// `Vec::push` of the tuple would copy it through memory in one wide
    /// load just after storing its halves, which stalls the CPU.
    #[inline(always)]
    pub(crate) fn save_binding(&mut self, s: super::Sym, old: Value) {
        self.bind_stack.reserve(1);
        let len = self.bind_stack.len();
        // SAFETY: `reserve` made room for one more element past `len`,
        // which is written before the length covers it.
        unsafe {
            std::ptr::write(self.bind_stack.as_mut_ptr().add(len), (s, old));
            self.bind_stack.set_len(len + 1);
        }
    }

    /// Restores every binding saved above `base`.
    #[inline]
    pub(crate) fn unbind_to(&mut self, base: usize) {
        while self.bind_stack.len() > base {
            if let Some((s, old)) = self.bind_stack.pop() {
                s.set(old);
            }
        }
    }

    pub(crate) fn bind_pattern(&mut self, pat: &Pattern, v: Value, base: usize) {
        match pat {
            Pattern::Sym(s) => self.bind(s, v, base),
            Pattern::List(pl) => self.destructure(pl, v, base),
        }
    }

    /// Binds a destructuring pattern; missing parts bind to `()`. Without
    /// recursion: sublists wait on a stack. Patterns are checked finite
    /// when made ([`list_pattern`]); the cell budget guards the others.
    #[inline(never)]
    fn destructure(&mut self, pl: &Value, v: Value, base: usize) {
        let mut todo = vec![(pl.clone(), v)];
        let mut cells = 0usize;
        while let Some((mut p, mut v)) = todo.pop() {
            while let Value::Cons(c) = p {
                cells += 1;
                if cells > PATTERN_MAX {
                    return;
                }
                match c.car() {
                    Value::Sym(s) => self.bind(&s, v.car(), base),
                    sub @ Value::Cons(_) => todo.push((sub, v.car())),
                    _ => {}
                }
                p = c.cdr();
                v = v.cdr();
            }
            if let Value::Sym(s) = p {
                self.bind(&s, v, base);
            }
        }
    }

    /// Binds the parameters of a function to its arguments.
    ///
    /// # Errors
    /// `arity` when the argument count does not fit, naming the function.
    pub(crate) fn bind_params(
        &mut self,
        p: &Params,
        args: &[Value],
        base: usize,
        f: &super::value::Lambda,
    ) -> Res<()> {
        let nreq = p.required.len();
        if p.simple {
            if args.len() != nreq {
                return Err(arity_error(
                    &super::eval::fn_name(f),
                    nreq,
                    Some(nreq),
                    args.len(),
                ));
            }
            for (pat, a) in p.required.iter().zip(args) {
                if let super::value::Pattern::Sym(s) = pat {
                    self.bind(s, a.clone(), base);
                }
            }
            return Ok(());
        }
        let max = nreq + p.optional.len();
        if args.len() < nreq || (p.rest.is_none() && args.len() > max) {
            let max = if p.rest.is_some() { None } else { Some(max) };
            return Err(arity_error(&super::eval::fn_name(f), nreq, max, args.len()));
        }
        for (pat, a) in p.required.iter().zip(args) {
            self.bind_pattern(pat, a.clone(), base);
        }
        for (k, (pat, default)) in p.optional.iter().enumerate() {
            let v = match args.get(nreq + k) {
                Some(a) => a.clone(),
                None => self.eval(default)?,
            };
            self.bind_pattern(pat, v, base);
        }
        if let Some(r) = &p.rest {
            let rest = if args.len() > max {
                Value::list(args[max..].to_vec())
            } else {
                Value::Nil
            };
            self.bind_pattern(r, rest, base);
        }
        Ok(())
    }
}

/// An `arity` error naming the function, the expected and the given count.
pub fn arity_error(name: &str, min: usize, max: Option<usize>, found: usize) -> super::Unwind {
    let expected = match max {
        Some(m) if m == min => m.to_string(),
        Some(m) => format!("{min} to {m}"),
        None => format!("at least {min}"),
    };
    LispError::new(
        ErrorKind::Arity,
        format!("wrong number of arguments to {name}: expects {expected}, got {found}"),
    )
    .with(super::error::ErrorData::Arity {
        function: name.to_string(),
        min,
        max,
        found,
    })
    .into()
}

/// Most cells in a destructuring pattern.
const PATTERN_MAX: usize = 100_000;

/// A destructuring pattern, checked finite: no cell met twice (a cycle
/// through cars or cdrs, or shared structure), at most [`PATTERN_MAX`]
/// cells.
///
/// # Errors
/// `type` naming the pattern's problem.
pub(crate) fn list_pattern(v: &Value) -> Result<Pattern, LispError> {
    let mut seen = std::collections::HashSet::new();
    let mut todo = vec![v.clone()];
    while let Some(mut p) = todo.pop() {
        while let Value::Cons(c) = p {
            if !seen.insert(Rc::as_ptr(&c)) {
                return Err(LispError::new(
                    ErrorKind::Type,
                    "circular or shared destructuring pattern",
                )
                .culprit(v.clone()));
            }
            if seen.len() > PATTERN_MAX {
                return Err(
                    LispError::new(ErrorKind::Type, "destructuring pattern too big")
                        .culprit(v.clone()),
                );
            }
            let item = c.car();
            if let Value::Cons(_) = item {
                todo.push(item);
            }
            p = c.cdr();
        }
    }
    Ok(Pattern::List(v.clone()))
}
