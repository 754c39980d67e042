//! Special forms: arguments unevaluated; forms in tail position are
//! handed back to the evaluator (`Tail::Eval`).

use std::rc::Rc;

use super::compile::Op;
use super::error::{ErrorKind, Exit, LispError, Unwind};
use super::value::{FnKind, Lambda, Tail, Value};
use super::{Interp, Res};

type S = Res<Tail>;

fn done(v: Value) -> S {
    Ok(Tail::Done(v))
}

/// Returns the last form of a body for tail evaluation, evaluating the others.
fn body(it: &mut Interp, b: &Value) -> S {
    let mut cur = b.clone();
    loop {
        match cur {
            Value::Cons(c) => {
                let next = c.cdr();
                if next.is_nil() {
                    return Ok(Tail::Eval(c.car()));
                }
                it.eval(&c.car())?;
                cur = next;
            }
            _ => return done(Value::Nil),
        }
    }
}

fn sym_arg(v: &Value, what: &str) -> Res<super::Sym> {
    match v {
        Value::Sym(s) => Ok(s.clone()),
        other => Err(
            LispError::new(ErrorKind::Type, format!("{what}: expected a symbol"))
                .culprit(other.clone())
                .into(),
        ),
    }
}

fn selectq(it: &mut Interp, a: &Value, _: usize) -> S {
    let key = it.eval(&a.car())?;
    for clause in a.cdr().iter() {
        let k = clause.car();
        let hit = match &k {
            Value::Sym(s) if &*s.name == "t" => true,
            Value::Cons(_) => k.iter().any(|x| super::printer::equal(&x, &key)),
            other => super::printer::equal(other, &key),
        };
        if hit {
            return body(it, &clause.cdr());
        }
    }
    done(Value::Nil)
}

/// Special forms the compiler handles; called directly (through `apply`)
/// they re-enter the evaluator with the form they stand for.
macro_rules! compiled_form {
    ($fn:ident, $name:expr) => {
        fn $fn(it: &mut Interp, a: &Value, _: usize) -> S {
            let head = Value::Sym(it.intern($name));
            Ok(Tail::Eval(Value::cons(head, a.clone())))
        }
    };
}
compiled_form!(quote, "quote");
compiled_form!(if_, "if");
compiled_form!(when, "when");
compiled_form!(unless, "unless");
compiled_form!(cond, "cond");
compiled_form!(and, "and");
compiled_form!(or, "or");
compiled_form!(progn, "progn");
compiled_form!(prog1, "prog1");
compiled_form!(while_, "while");
compiled_form!(do_while, "do-while");
compiled_form!(repeat, "repeat");
compiled_form!(for_, "for");
compiled_form!(let_, "let");
compiled_form!(let_star, "let*");
compiled_form!(setq, "setq");
compiled_form!(incr, "incr");

/// Parses `(i from to [step])`, evaluating the bounds.
fn for_header(it: &mut Interp, h: &Value, name: &str) -> Res<(super::Sym, f64, f64, f64)> {
    let s = sym_arg(&h.car(), name)?;
    let mut nums = [0.0, 0.0, 1.0];
    for (k, f) in h.cdr().iter().take(3).enumerate() {
        let v = it.eval(&f)?;
        nums[k] = v.as_num().ok_or_else(|| {
            LispError::new(ErrorKind::Type, format!("{name}: bounds must be numbers"))
                .culprit(v.clone())
        })?;
    }
    check_count(name, nums[0], nums[1], nums[2])?;
    Ok((s, nums[0], nums[1], nums[2]))
}

/// Checks the bounds of a counting loop (`for`, `mapfor`): a zero or
/// not-a-number step, a start that is not finite, or an end that is not a
/// number would never end (or never start) as meant.
///
/// # Errors
/// `domain`, with the culprit bound.
#[inline(never)]
pub(crate) fn check_count(name: &str, from: f64, to: f64, step: f64) -> Result<(), LispError> {
    let bad = |what: &str, x: f64| {
        Err(LispError::new(ErrorKind::Domain, format!("{name}: {what}")).culprit(Value::Num(x)))
    };
    if step == 0.0 || step.is_nan() {
        return bad("step is zero or not a number", step);
    }
    if !from.is_finite() {
        return bad("start is not a finite number", from);
    }
    if to.is_nan() {
        return bad("end is not a number", to);
    }
    Ok(())
}

/// The error of a counting loop whose step no longer changes the counter
/// (`i + step == i`: the step is lost to rounding at that magnitude).
#[cold]
#[inline(never)]
pub(crate) fn step_lost(name: &str, i: f64, step: f64) -> LispError {
    LispError::new(
        ErrorKind::Domain,
        format!(
            "{name}: step {} is lost to rounding at {} (the counter would stop moving)",
            super::printer::num(step),
            super::printer::num(i)
        ),
    )
    .culprit(Value::Num(i))
}

fn mapfor(it: &mut Interp, a: &Value, base: usize) -> S {
    let (s, from, to, step) = for_header(it, &a.car(), "mapfor")?;
    let b = a.cdr();
    // The list is known long before it is made: ask the budget for it (a
    // value per turn, then a cell) so that a huge count is a memory error
    // at once, not a vector doubling past the limit between safe points.
    let turns = ((to - from) / step).floor() + 1.0;
    if turns > 0.0 {
        let per = std::mem::size_of::<Value>() + 48;
        let n = if turns >= usize::MAX as f64 {
            usize::MAX
        } else {
            turns as usize
        };
        sn_array::budget::reserve_items("mapfor", n, per)
            .map_err(|e| LispError::from(e).culprit(Value::Num(to)))?;
    }
    let mut out = Vec::new();
    let mut i = from;
    it.bind(&s, Value::Num(i), base);
    while (step > 0.0 && i <= to) || (step < 0.0 && i >= to) {
        it.check_interrupt()?;
        s.set(Value::Num(i));
        out.push(it.eval_body(&b)?);
        let next = i + step;
        if next == i {
            return Err(step_lost("mapfor", i, step).into());
        }
        i = next;
    }
    done(Value::list(out))
}

/// The error of a malformed `each` or `all` header.
fn bad_header(name: &str, culprit: &Value) -> Unwind {
    LispError::new(
        ErrorKind::Type,
        format!("{name}: expected ((var list) ...) before the body"),
    )
    .culprit(culprit.clone())
    .into()
}

/// `each` and `all`: iterate over lists in parallel, with destructuring.
/// The header is a non-empty list of `(pattern list)`; each list must be
/// a proper list (or `()`).
fn iterate(it: &mut Interp, a: &Value, base: usize, collect: bool) -> S {
    let name = if collect { "all" } else { "each" };
    let header = a.car();
    if !matches!(header, Value::Cons(_)) || header.is_circular() {
        return Err(bad_header(name, &header));
    }
    let mut pats = Vec::new();
    let mut lists = Vec::new();
    for spec in header.iter() {
        let (Value::Cons(sc), Value::Cons(rest)) = (&spec, spec.cdr()) else {
            return Err(bad_header(name, &spec));
        };
        let pat = match sc.car() {
            Value::Sym(s) => super::value::Pattern::Sym(s),
            other @ Value::Cons(_) => super::params::list_pattern(&other)?,
            other => return Err(bad_header(name, &other)),
        };
        pats.push(pat);
        let l = match it.eval(&rest.car())? {
            Value::Array(m) => array_items(&m)?,
            l => l,
        };
        if !matches!(l, Value::Cons(_) | Value::Nil) {
            return Err(
                LispError::new(ErrorKind::Type, format!("{name}: expected a list"))
                    .culprit(l)
                    .into(),
            );
        }
        if l.is_circular() {
            return Err(
                LispError::new(ErrorKind::Domain, format!("{name}: circular list"))
                    .culprit(l)
                    .into(),
            );
        }
        lists.push(l);
    }
    let b = a.cdr();
    let mut out = Vec::new();
    let mut last = Value::Nil;
    loop {
        if lists.iter().any(|l| !matches!(l, Value::Cons(_))) {
            break;
        }
        it.check_interrupt()?;
        for (p, l) in pats.iter().zip(lists.iter_mut()) {
            let v = l.car();
            *l = l.cdr();
            it.bind_pattern(p, v, base);
        }
        last = it.eval_body(&b)?;
        if collect {
            out.push(last.clone());
        }
    }
    done(if collect { Value::list(out) } else { last })
}

/// The items `each` and `all` take from a matrix (as SN2.8's
/// matrixtool.sn iterates over a column): the elements of a vector, the
/// slices along the first dimension of a matrix of more dimensions.
fn array_items(m: &sn_array::Array) -> Res<Value> {
    if m.ndim() == 0 {
        return Ok(Value::list(vec![Value::Num(f64::from(m.to_vec()[0]))]));
    }
    if m.ndim() == 1 {
        return Ok(Value::list(
            m.to_vec()
                .into_iter()
                .map(|x| Value::Num(f64::from(x)))
                .collect(),
        ));
    }
    let n = m.dims()[0];
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let v = m.select(0, i)?;
        out.push(Value::array(v));
    }
    Ok(Value::list(out))
}

fn each(it: &mut Interp, a: &Value, base: usize) -> S {
    iterate(it, a, base, false)
}

fn all(it: &mut Interp, a: &Value, base: usize) -> S {
    iterate(it, a, base, true)
}

fn scope(it: &mut Interp, a: &Value, _: usize) -> S {
    let parts: Vec<Value> = a.iter().collect();
    match parts.as_slice() {
        [Value::Sym(x)] => done(it.global_value(x)),
        [Value::Sym(o), rest @ ..] if !rest.is_empty() => {
            let mut obj = o.get();
            for slot in rest {
                let name = sym_arg(slot, "scope")?;
                obj = super::objects::get_slot(it, &obj, &name.name)?;
            }
            done(obj)
        }
        _ => Err(LispError::new(ErrorKind::Type, "scope: expected symbols")
            .culprit(a.clone())
            .into()),
    }
}

/// Makes a lambda of the given kind from `(args . body)`.
pub(crate) fn make_lambda(
    it: &mut Interp,
    kind: FnKind,
    spec: &Value,
    name: Option<Rc<str>>,
) -> Res<Value> {
    let arglist = spec.car();
    let params = it.compile_params(&arglist)?;
    Ok(Value::Func(Rc::new(Lambda {
        code: std::cell::RefCell::new(None),
        kind,
        params,
        arglist,
        body: spec.cdr(),
        name: std::cell::RefCell::new(name),
    })))
}

/// True for the symbols that cannot be given a new value: `t` and `nil`
/// always (as in Lush, where `t` is a locked symbol); the names of special
/// forms when `defining` a function (`de`, `df`, `dm`, `dmd`). A special
/// form's name may still be assigned with `setq` (a variable named `df`,
/// or a form rebound on purpose, which compiled code then calls as a
/// function); binding any of them as a local variable is not checked.
pub(crate) fn locked(it: &Interp, s: &super::Sym, defining: bool) -> bool {
    Rc::ptr_eq(s, &it.wk.t)
        || &*s.name == "nil"
        || (defining
            && matches!(s.raw(), Value::Builtin(b) if matches!(b.kind, super::value::BuiltinKind::Special(_))))
}

/// Fails with a `type` error when `s` is [`locked`].
///
/// # Errors
/// `type`, with the symbol as culprit.
pub(crate) fn check_unlocked(
    it: &Interp,
    s: &super::Sym,
    what: &str,
    defining: bool,
) -> Result<(), LispError> {
    if !locked(it, s, defining) {
        return Ok(());
    }
    let why = if defining {
        "t, nil and special forms cannot be redefined"
    } else {
        "t and nil cannot be assigned"
    };
    Err(LispError::new(
        ErrorKind::Type,
        format!("{what}: {} is locked ({why})", s.name),
    )
    .culprit(Value::Sym(s.clone())))
}

fn define(it: &mut Interp, a: &Value, kind: FnKind) -> S {
    let s = sym_arg(&a.car(), "definition")?;
    check_unlocked(it, &s, "definition", true)?;
    let f = make_lambda(it, kind, &a.cdr(), Some(s.name.clone()))?;
    s.set(f);
    done(Value::Sym(s))
}

fn de(it: &mut Interp, a: &Value, _: usize) -> S {
    define(it, a, FnKind::Expr)
}
fn df(it: &mut Interp, a: &Value, _: usize) -> S {
    define(it, a, FnKind::Fexpr)
}
fn dm(it: &mut Interp, a: &Value, _: usize) -> S {
    define(it, a, FnKind::Macro)
}
fn dmd(it: &mut Interp, a: &Value, _: usize) -> S {
    define(it, a, FnKind::MacroArgs)
}
fn lambda(it: &mut Interp, a: &Value, _: usize) -> S {
    done(make_lambda(it, FnKind::Expr, a, None)?)
}
fn flambda(it: &mut Interp, a: &Value, _: usize) -> S {
    done(make_lambda(it, FnKind::Fexpr, a, None)?)
}
fn mlambda(it: &mut Interp, a: &Value, _: usize) -> S {
    done(make_lambda(it, FnKind::Macro, a, None)?)
}

fn function(it: &mut Interp, a: &Value, _: usize) -> S {
    done(it.eval(&a.car())?)
}

fn defvar(it: &mut Interp, a: &Value, _: usize) -> S {
    let s = sym_arg(&a.car(), "defvar")?;
    let bound = match it.bind_stack.iter().find(|(b, _)| Rc::ptr_eq(b, &s)) {
        Some((_, v)) => !matches!(v, Value::Unbound),
        None => s.is_bound(),
    };
    if !bound {
        let v = it.eval(&a.cdr().car())?;
        it.set_global_sym(&s, v);
    }
    done(Value::Sym(s))
}

fn catch(it: &mut Interp, a: &Value, _: usize) -> S {
    let tag = it.eval(&a.car())?;
    match it.eval_body(&a.cdr()) {
        Ok(v) => done(v),
        Err(e) => match e.exit() {
            Exit::Throw(t, v) if t.eq(&tag) => done(v),
            other => Err(Unwind::from_exit(other)),
        },
    }
}

fn unwind_protect(it: &mut Interp, a: &Value, _: usize) -> S {
    let r = it.eval(&a.car());
    it.eval_body(&a.cdr())?;
    done(r?)
}

fn catch_error(it: &mut Interp, a: &Value, _: usize) -> S {
    match it.eval(&a.car()) {
        Ok(v) => done(v),
        Err(e) if e.error().is_some_and(|e| e.kind != ErrorKind::Interrupt) => {
            let e = e.into_error();
            let message = Value::string(&e.message);
            it.last_error = Some(e);
            match a.cdr() {
                Value::Cons(c) => {
                    let h = it.eval(&c.car())?;
                    done(it.apply(&h, &[message])?)
                }
                _ => done(Value::Nil),
            }
        }
        Err(e) => Err(e),
    }
}

fn time(it: &mut Interp, a: &Value, _: usize) -> S {
    if a.is_nil() {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs_f64())
            .unwrap_or(0.0);
        return done(Value::Num(now));
    }
    let t0 = std::time::Instant::now();
    it.eval_body(a)?;
    done(Value::Num(t0.elapsed().as_secs_f64()))
}

/// Backquote expansion: `x`, `,x`, `,@x`, with nesting levels.
fn backquote(it: &mut Interp, a: &Value, _: usize) -> S {
    done(expand_bq(it, &a.car(), 1)?)
}

fn head_is(v: &Value, s: &super::Sym) -> bool {
    matches!(v.car(), Value::Sym(ref h) if Rc::ptr_eq(h, s))
}

/// Expands a template at backquote nesting level `depth`; recursion on
/// the template counts against the evaluation depth limit.
fn expand_bq(it: &mut Interp, t: &Value, depth: usize) -> Res {
    if !matches!(t, Value::Cons(_)) {
        return Ok(t.clone());
    }
    if it.eval_depth >= it.max_eval_depth {
        return Err(it.overflow());
    }
    it.eval_depth += 1;
    let r = expand_bq_list(it, t, depth);
    it.eval_depth -= 1;
    r
}

fn expand_bq_list(it: &mut Interp, t: &Value, depth: usize) -> Res {
    if head_is(t, &it.wk.unquote) {
        if depth == 1 {
            return it.eval(&t.cdr().car());
        }
        let inner = expand_bq(it, &t.cdr().car(), depth - 1)?;
        return Ok(Value::list(vec![t.car(), inner]));
    }
    if head_is(t, &it.wk.backquote) {
        let inner = expand_bq(it, &t.cdr().car(), depth + 1)?;
        return Ok(Value::list(vec![t.car(), inner]));
    }
    if t.is_circular() {
        return Err(
            LispError::new(ErrorKind::Domain, "backquote: circular template")
                .culprit(t.clone())
                .into(),
        );
    }
    let mut out: Vec<Value> = Vec::new();
    let mut cur = t.clone();
    let mut tail = Value::Nil;
    loop {
        match &cur {
            Value::Cons(c) => {
                if head_is(&cur, &it.wk.unquote) {
                    tail = expand_bq(it, &cur, depth)?;
                    break;
                }
                let item = c.car();
                if depth == 1 && matches!(item, Value::Cons(_)) && head_is(&item, &it.wk.splice) {
                    let spliced = it.eval(&item.cdr().car())?;
                    out.extend(spliced.iter());
                } else {
                    out.push(expand_bq(it, &item, depth)?);
                }
                cur = c.cdr();
            }
            Value::Nil => break,
            other => {
                tail = other.clone();
                break;
            }
        }
    }
    let mut l = tail;
    for v in out.into_iter().rev() {
        l = Value::cons(v, l);
    }
    Ok(l)
}

/// The compiler's node for a special form, if it has one.
fn compiled_op(name: &str) -> Option<Op> {
    Some(match name {
        "quote" => Op::Quote,
        "if" => Op::If,
        "when" => Op::When,
        "unless" => Op::Unless,
        "cond" => Op::Cond,
        "and" => Op::And,
        "or" => Op::Or,
        "progn" => Op::Progn,
        "prog1" => Op::Prog1,
        "while" => Op::While,
        "do-while" => Op::DoWhile,
        "repeat" => Op::Repeat,
        "for" => Op::For,
        "let" => Op::Let,
        "let*" => Op::LetStar,
        "setq" => Op::Setq,
        "incr" => Op::Incr,
        _ => return None,
    })
}

pub(crate) fn register(it: &mut Interp) {
    it.begin_family("control");
    let forms: &[(&str, super::value::SpecialFn, &str)] = &[
        ("quote", quote, "(quote x) or 'x: x unevaluated."),
        ("if", if_, "(if c then . else-forms) evaluates then when c is true, else the else forms (an implicit progn)."),
        ("when", when, "(when c . body) evaluates body when c is true."),
        ("unless", unless, "(unless c . body) evaluates body when c is false."),
        ("cond", cond, "(cond (test . body) ...) the body of the first true test; a t clause catches all."),
        ("selectq", selectq, "(selectq key (val . body) ((v1 v2) . body) (t . body)) selects a clause by key."),
        ("and", and, "(and . forms) the last value if all are true, else ()."),
        ("or", or, "(or . forms) the first true value, else ()."),
        ("progn", progn, "(progn . forms) evaluates forms in order, returns the last value."),
        ("prog1", prog1, "(prog1 first . forms) evaluates all forms, returns the value of the first."),
        ("while", while_, "(while cond . body) repeats body while cond is true."),
        ("do-while", do_while, "(do-while cond . body) runs body, then repeats while cond is true."),
        ("repeat", repeat, "(repeat n . body) runs body n times."),
        ("for", for_, "(for (i from to [step]) . body) loops with i from `from` to `to` INCLUSIVE; i is restored afterwards."),
        ("mapfor", mapfor, "(mapfor (i from to [step]) . body) like for, collecting the values of body in a list."),
        ("each", each, "(each ((x list) ...) . body) runs body for each element (lists in parallel, destructuring allowed; a matrix gives its elements, or its slices along the first dimension)."),
        ("all", all, "(all ((x list) ...) . body) like each, collecting the values of body."),
        ("let", let_, "(let ((s v) ...) . body) binds in parallel (dynamically), runs body, restores."),
        ("let*", let_star, "(let* ((s v) ...) . body) binds sequentially, runs body, restores."),
        ("setq", setq, "(setq s1 v1 s2 v2 ...) assigns; places may be :x (global) or :obj:slot. Returns the last value."),
        ("scope", scope, "(scope x) or :x the global value of x; (scope obj slot) or :obj:slot a slot."),
        ("incr", incr, "(incr x [n]) adds n (default 1) to the variable x and returns the new value."),
        ("de", de, "(de name args . body) defines a function."),
        ("defun", de, "(defun name args . body) same as de."),
        ("df", df, "(df name args . body) defines an fexpr: arguments are passed unevaluated."),
        ("dm", dm, "(dm name (head . args) . body) defines a macro receiving the whole call form; the expansion is evaluated."),
        ("dmd", dmd, "(dmd name args . body) defines a macro with an ordinary argument list."),
        ("defmacro", dmd, "(defmacro name args . body) same as dmd."),
        ("lambda", lambda, "(lambda args . body) an anonymous function (no closure: scoping is dynamic)."),
        ("flambda", flambda, "(flambda args . body) an anonymous fexpr."),
        ("mlambda", mlambda, "(mlambda (head . args) . body) an anonymous macro."),
        ("function", function, "(function f) the function value of f."),
        ("defvar", defvar, "(defvar sym [val]) gives sym a global value only if it has none."),
        ("catch", catch, "(catch tag . body) returns the value thrown to tag by (throw tag value), or the body's value."),
        ("unwind-protect", unwind_protect, "(unwind-protect form . cleanup) evaluates form, then cleanup whatever happened."),
        ("catch-error", catch_error, "(catch-error form [handler]) the value of form, or on error (handler message) (or () without a handler)."),
        ("time", time, "(time) seconds since the epoch as a double; (time . body) runs body and returns the seconds it took."),
        ("backquote", backquote, "`x template with ,x (unquote) and ,@x (splice)."),
    ];
    for (n, f, d) in forms {
        match compiled_op(n) {
            Some(op) => it.defop(n, op, *f, d),
            None => it.defspecial(n, *f, d),
        }
    }
}
