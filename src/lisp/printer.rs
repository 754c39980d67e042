//! Printing values (readable `repr`, plain `text`) and structural equality.
//!
//! Printing is bounded whatever the data: lists nested deeper than
//! `PRINT_DEPTH` (1 000) print as `(...)`; a list met again inside itself (a
//! cycle through cars) prints as `(...)`; a list whose cdr chain loops
//! prints one turn or two followed by `...`; and a printed form longer
//! than [`PRINT_MAX`] bytes (or interrupted by Ctrl-C, or past the memory
//! budget) ends with ` ...`. Equality terminates on cyclic structures.

use std::collections::HashSet;
use std::fmt::Write;
use std::rc::Rc;

use sn_array::budget;

use super::value::{Cons, FnKind, Value};
use super::{interrupt, Res};

/// Nesting depth beyond which printing shows `(...)`.
const PRINT_DEPTH: usize = 1_000;

/// Longest printed form, in bytes; past it the printer writes ` ...` and stops.
pub const PRINT_MAX: usize = 1 << 26;

/// Printed values between two checks of Ctrl-C and of the memory budget.
const CHECK_EVERY: usize = 4096;

/// Formats a number as Lisp prints it: Lush 1's format (at most four
/// decimals, `%g` outside 1e-3..1e10, `Nan`/`Inf`; see
/// [`sn_array::lush_number`]).
pub fn num(n: f64) -> String {
    sn_array::lush_number(n)
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

/// The state of one printing: the output, its bound, and the lists being
/// printed (to cut cycles through cars).
struct Printer {
    out: String,
    readable: bool,
    max: usize,
    open: HashSet<*const Cons>,
    count: usize,
    stopped: bool,
}

impl Printer {
    fn new(readable: bool, max: usize) -> Printer {
        Printer {
            out: String::new(),
            readable,
            max,
            open: HashSet::new(),
            count: 0,
            stopped: false,
        }
    }

    /// False once the output is complete (bound reached, Ctrl-C, memory).
    fn go_on(&mut self) -> bool {
        if self.stopped {
            return false;
        }
        self.count += 1;
        let checked =
            self.count.is_multiple_of(CHECK_EVERY) && (interrupt::pending() || budget::over());
        if checked || self.out.len() > self.max {
            self.out.push_str(" ...");
            self.stopped = true;
            return false;
        }
        true
    }

    /// Closes a list, unless the output was cut (it then ends with ` ...`).
    fn close(&mut self, c: char) {
        if !self.stopped {
            self.out.push(c);
        }
    }

    fn value(&mut self, v: &Value, depth: usize) {
        if !self.go_on() {
            return;
        }
        match v {
            Value::Nil | Value::Unbound => self.out.push_str("()"),
            Value::Number(n) => self.out.push_str(&num(n.get())),
            Value::Str(s) if self.readable => escape(s, &mut self.out),
            Value::Str(s) => self.out.push_str(s),
            Value::Sym(s) => self.out.push_str(&s.name),
            Value::Cons(c) => self.list(c, depth),
            Value::Func(l) => {
                let kind = match l.kind {
                    FnKind::Expr => "lambda",
                    FnKind::Fexpr => "flambda",
                    _ => "mlambda",
                };
                match &*l.name.borrow() {
                    Some(n) => {
                        let _ = write!(self.out, "::{kind}:{n}");
                    }
                    None => {
                        let whole = Value::cons(l.arglist.clone(), l.body.clone());
                        self.out.push('(');
                        self.out.push_str(kind);
                        self.out.push(' ');
                        self.items(&whole, depth + 1);
                        self.close(')');
                    }
                }
            }
            other => atom(other, &mut self.out),
        }
    }

    fn list(&mut self, c: &Rc<Cons>, depth: usize) {
        let key = Rc::as_ptr(c);
        if depth > PRINT_DEPTH || self.open.contains(&key) {
            self.out.push_str("(...)");
            return;
        }
        self.open.insert(key);
        if !self.shorthand(c, depth) {
            self.out.push('(');
            self.items(&Value::Cons(c.clone()), depth);
            self.close(')');
        }
        self.open.remove(&key);
    }

    /// The reader's shorthands: 'x `x ,x ,@x (false when `c` is not one).
    fn shorthand(&mut self, c: &Cons, depth: usize) -> bool {
        let (Value::Sym(h), Value::Cons(rest)) = (c.car(), c.cdr()) else {
            return false;
        };
        let prefix = match &*h.name {
            "quote" => "'",
            "backquote" => "`",
            "unquote" => ",",
            "splice" => ",@",
            _ => return false,
        };
        if !rest.cdr().is_nil() {
            return false;
        }
        let mark = self.out.len();
        self.out.push_str(prefix);
        self.value(&rest.car(), depth + 1);
        // `,` before `@...` would read back as a splice
        if prefix == "," && self.out[mark + 1..].starts_with('@') {
            self.out.truncate(mark);
            return false;
        }
        true
    }

    /// The elements of a list separated by spaces, a dotted tail, or `...`
    /// when the cdr chain loops (a second pointer at half speed).
    fn items(&mut self, v: &Value, depth: usize) {
        let mut cur = v.clone();
        let mut slow = v.clone();
        let mut steps = 0usize;
        while !self.stopped {
            match cur {
                Value::Cons(c) => {
                    if steps > 0 {
                        self.close(' ');
                        if steps.is_multiple_of(2) {
                            slow = slow.cdr();
                            if matches!(&slow, Value::Cons(s) if Rc::ptr_eq(s, &c)) {
                                self.out.push_str("...");
                                break;
                            }
                        }
                    }
                    steps += 1;
                    self.value(&c.car(), depth + 1);
                    cur = c.cdr();
                }
                Value::Nil => break,
                other => {
                    self.out.push_str(" . ");
                    self.value(&other, depth + 1);
                    break;
                }
            }
        }
    }
}

/// Atoms other than numbers, strings, symbols and functions.
fn atom(v: &Value, out: &mut String) {
    match v {
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
                Rc::as_ptr(o) as *const u8 as usize & 0xffffff
            );
        }
        Value::Native(n) => out.push_str(&n.repr()),
        _ => {}
    }
}

fn print_bounded(v: &Value, readable: bool, max: usize) -> String {
    let mut p = Printer::new(readable, max);
    p.value(v, 0);
    p.out
}

/// The readable printed form (strings quoted).
pub fn repr(v: &Value) -> String {
    print_bounded(v, true, PRINT_MAX)
}

/// The printed form with strings as their raw text.
pub fn text(v: &Value) -> String {
    print_bounded(v, false, PRINT_MAX)
}

/// `repr` cut to about `max` characters.
pub fn repr_short(v: &Value, max: usize) -> String {
    let s = print_bounded(v, true, max.saturating_mul(4).saturating_add(16));
    if s.chars().count() <= max {
        s
    } else {
        let cut: String = s.chars().take(max).collect();
        format!("{cut}...")
    }
}

/// Structural equality (`equal`): lists element-wise, strings and arrays
/// by content, numbers by value, everything else by identity. Cyclic
/// structures are equal when no difference can be found (see [`try_equal`]).
pub fn equal(a: &Value, b: &Value) -> bool {
    try_equal(a, b).unwrap_or(false)
}

/// `equal` on two values that are not both lists.
fn equal_atoms(x: &Value, y: &Value) -> bool {
    match (x, y) {
        (Value::Str(s), Value::Str(t)) => s == t,
        (Value::Array(p), Value::Array(q)) => p.values_equal(q),
        _ => x.eq(y),
    }
}

/// Pairs of cells compared before the comparison starts remembering them.
const EQUAL_PLAIN: usize = 10_000;

/// `equal`, without recursion, stopping at Ctrl-C. Past the first
/// `EQUAL_PLAIN` (10 000) pairs of cells, each pair compared is remembered and not
/// compared again: cycles (through cars or cdrs) and shared structure cost
/// at most one comparison per pair of cells.
///
/// # Errors
/// `interrupt` or `memory` from the evaluator's checks.
pub fn try_equal(a: &Value, b: &Value) -> Res<bool> {
    let mut stack = vec![(a.clone(), b.clone())];
    let mut seen: HashSet<(*const Cons, *const Cons)> = HashSet::new();
    let mut steps = 0usize;
    while let Some((x, y)) = stack.pop() {
        match (&x, &y) {
            (Value::Cons(c), Value::Cons(d)) => {
                if Rc::ptr_eq(c, d) {
                    continue;
                }
                steps += 1;
                if steps > EQUAL_PLAIN && !seen.insert((Rc::as_ptr(c), Rc::as_ptr(d))) {
                    continue;
                }
                if steps.is_multiple_of(CHECK_EVERY) {
                    interrupt::check()?;
                }
                stack.push((c.cdr(), d.cdr()));
                stack.push((c.car(), d.car()));
            }
            _ => {
                if !equal_atoms(&x, &y) {
                    return Ok(false);
                }
            }
        }
    }
    Ok(true)
}
