//! Printing values (readable `repr`, plain `text`) and structural equality.
//! Deeply nested data is cut at a depth limit instead of recursing without bound.

use std::fmt::Write;

use super::value::{FnKind, Value};

/// Nesting depth beyond which printing shows `...`.
const PRINT_DEPTH: usize = 2_000;

/// Formats a number as Lisp prints it: integers without a decimal point.
pub fn num(n: f64) -> String {
    if n.is_nan() {
        return "nan".into();
    }
    if n.is_infinite() {
        return if n > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if n == n.trunc() && n.abs() < 1e15 {
        return format!("{}", n as i64);
    }
    let a = n.abs();
    if !(1e-5..1e15).contains(&a) {
        let s = format!("{n:e}");
        return s;
    }
    format!("{n}")
}

fn escape(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn write_value(v: &Value, readable: bool, depth: usize, out: &mut String) {
    match v {
        Value::Nil | Value::Unbound => out.push_str("()"),
        Value::Number(n) => out.push_str(&num(n.get())),
        Value::Str(s) => {
            if readable {
                escape(s, out)
            } else {
                out.push_str(s)
            }
        }
        Value::Sym(s) => out.push_str(&s.name),
        Value::Cons(_) => write_list(v, readable, depth, out),
        Value::Func(l) => {
            let kind = match l.kind {
                FnKind::Expr => "lambda",
                FnKind::Fexpr => "flambda",
                _ => "mlambda",
            };
            match &*l.name.borrow() {
                Some(n) => {
                    let _ = write!(out, "::{kind}:{n}");
                }
                None => {
                    out.push('(');
                    out.push_str(kind);
                    out.push(' ');
                    write_value(&l.arglist, readable, depth + 1, out);
                    for f in l.body.iter() {
                        out.push(' ');
                        write_value(&f, readable, depth + 1, out);
                    }
                    out.push(')');
                }
            }
        }
        Value::Builtin(b) => {
            let _ = write!(out, "::builtin:{}", b.name);
        }
        Value::Array(a) => {
            let _ = write!(out, "{a}");
        }
        Value::Class(c) => {
            let _ = write!(out, "::class:{}", c.name.name);
        }
        Value::Object(o) => {
            let _ = write!(
                out,
                "::{}:{:x}",
                o.class.name.name,
                std::rc::Rc::as_ptr(o) as *const u8 as usize & 0xffffff
            );
        }
        Value::Native(n) => out.push_str(&n.repr()),
    }
}

fn write_list(v: &Value, readable: bool, depth: usize, out: &mut String) {
    if depth > PRINT_DEPTH {
        out.push_str("(...)");
        return;
    }
    // the reader's shorthands: 'x `x ,x ,@x
    if let (Value::Sym(h), Value::Cons(rest)) = (v.car(), v.cdr()) {
        let prefix = match &*h.name {
            "quote" => Some("'"),
            "backquote" => Some("`"),
            "unquote" => Some(","),
            "splice" => Some(",@"),
            _ => None,
        };
        if let (Some(p), true) = (prefix, rest.cdr().is_nil()) {
            let mut arg = String::new();
            write_value(&rest.car(), readable, depth + 1, &mut arg);
            // `,` before `@...` would read back as a splice
            if !(p == "," && arg.starts_with('@')) {
                out.push_str(p);
                out.push_str(&arg);
                return;
            }
        }
    }
    out.push('(');
    let mut cur = v.clone();
    let mut first = true;
    // a second pointer at half speed detects a circular list
    let mut slow = v.clone();
    let mut steps = 0usize;
    loop {
        match cur {
            Value::Cons(c) => {
                if !first {
                    out.push(' ');
                    if let (Value::Cons(s), true) = (&slow, steps.is_multiple_of(2)) {
                        let next = s.cdr();
                        slow = next;
                        if let Value::Cons(s) = &slow {
                            if std::rc::Rc::ptr_eq(s, &c) {
                                out.push_str("...");
                                break;
                            }
                        }
                    }
                }
                steps += 1;
                first = false;
                write_value(&c.car(), readable, depth + 1, out);
                cur = c.cdr();
            }
            Value::Nil => break,
            other => {
                out.push_str(" . ");
                write_value(&other, readable, depth + 1, out);
                break;
            }
        }
    }
    out.push(')');
}

/// The readable printed form (strings quoted).
pub fn repr(v: &Value) -> String {
    let mut s = String::new();
    write_value(v, true, 0, &mut s);
    s
}

/// The printed form with strings as their raw text.
pub fn text(v: &Value) -> String {
    let mut s = String::new();
    write_value(v, false, 0, &mut s);
    s
}

/// `repr` cut to about `max` characters.
pub fn repr_short(v: &Value, max: usize) -> String {
    let s = repr(v);
    if s.chars().count() <= max {
        s
    } else {
        let cut: String = s.chars().take(max).collect();
        format!("{cut}...")
    }
}

/// Structural equality (`equal`): lists element-wise, strings and arrays
/// by content, numbers by value, everything else by identity.
pub fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Cons(c), Value::Cons(d)) if !std::rc::Rc::ptr_eq(c, d) => equal_lists(a, b),
        (Value::Cons(_), Value::Cons(_)) => true,
        _ => equal_atoms(a, b),
    }
}

/// `equal` on two values that are not both lists.
fn equal_atoms(x: &Value, y: &Value) -> bool {
    match (x, y) {
        (Value::Str(s), Value::Str(t)) => s == t,
        (Value::Array(p), Value::Array(q)) => p.values_equal(q),
        _ => x.eq(y),
    }
}

/// `equal` on two lists, without recursion (deep and long lists alike).
fn equal_lists(a: &Value, b: &Value) -> bool {
    let mut stack = vec![(a.clone(), b.clone())];
    let mut steps = 0usize;
    while let Some((x, y)) = stack.pop() {
        steps += 1;
        if steps > 50_000_000 {
            return false;
        }
        match (&x, &y) {
            (Value::Cons(c), Value::Cons(d)) => {
                if std::rc::Rc::ptr_eq(c, d) {
                    continue;
                }
                stack.push((c.cdr(), d.cdr()));
                stack.push((c.car(), d.car()));
            }
            _ => {
                if !equal_atoms(&x, &y) {
                    return false;
                }
            }
        }
    }
    true
}
