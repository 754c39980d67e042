//! Cons cells: two mutable slots, the position the cell was read from and
//! its compiled code when it is a form; freeing long lists without
//! recursion, and iterating over lists that may be circular.

use std::cell::{Cell, UnsafeCell};
use std::rc::Rc;

use super::compile::Compiled;
use super::span::Span;
use super::value::Value;

/// A cons cell; mutable (`rplaca`, `rplacd`, `nconc`) and carrying the
/// position it was read from.
pub struct Cons {
    /// The first element.
    pub car: Slot,
    /// The rest of the list (or any value, in a dotted pair).
    pub cdr: Slot,
    /// The position it was read from and whether the list has been compiled
    /// as (part of) code, in one word (see [`pack_span`]): a cons is then 48
    /// bytes, 64 with its reference counts.
    meta: Cell<u64>,
    /// The compiled code of this form, when it was evaluated.
    pub(crate) code: Cell<Option<Rc<Compiled>>>,
}

/// Bits of a packed span: column, line, file, then the code flag.
const COL_BITS: u32 = 21;
const LINE_BITS: u32 = 22;
const FILE_BITS: u32 = 20;
const CODE_BIT: u64 = 1 << 63;

/// A span in 63 bits. A line or column beyond its field is kept at the
/// field's largest value; a file beyond a million files has no position.
fn pack_span(s: Span) -> u64 {
    let max = |bits: u32| (1u64 << bits) - 1;
    if s.is_none() || s.file as u64 > max(FILE_BITS) {
        return 0;
    }
    let col = (s.col as u64).min(max(COL_BITS));
    let line = (s.line as u64).min(max(LINE_BITS));
    col | line << COL_BITS | (s.file as u64) << (COL_BITS + LINE_BITS)
}

fn unpack_span(m: u64) -> Span {
    let field = |shift: u32, bits: u32| ((m >> shift) & ((1u64 << bits) - 1)) as u32;
    Span::at(
        field(COL_BITS + LINE_BITS, FILE_BITS),
        field(COL_BITS, LINE_BITS),
        field(0, COL_BITS),
    )
}

/// A mutable field of a cons. Values are only copied in and out (`get`,
/// `set`, `replace`): no reference into the cell outlives a call, so a
/// list can be modified while it is being read or run.
#[derive(Default)]
pub struct Slot(UnsafeCell<Value>);

impl Slot {
    /// A slot holding `v`.
    pub fn new(v: Value) -> Slot {
        Slot(UnsafeCell::new(v))
    }
    /// A copy of the value (a reference count more for shared values).
    #[inline]
    pub fn get(&self) -> Value {
        // SAFETY: single-threaded (Cons is !Sync); the reference lives only
        // for the clone, during which no other code runs.
        unsafe { (*self.0.get()).clone() }
    }
    /// Stores `v`, dropping the value it replaces.
    #[inline]
    pub fn set(&self, v: Value) {
        drop(self.replace(v));
    }
    /// Stores `v` and returns the value it replaces.
    #[inline]
    pub fn replace(&self, v: Value) -> Value {
        // SAFETY: as in `get`; the old value is moved out before the caller
        // drops it, so its destructor cannot see the cell half-written.
        unsafe { std::mem::replace(&mut *self.0.get(), v) }
    }
    /// The value in place, for an owner with the only access (a cons being
    /// dropped).
    pub fn get_mut(&mut self) -> &mut Value {
        self.0.get_mut()
    }
}

impl Cons {
    /// The position the cons was read from.
    #[inline]
    pub fn span(&self) -> Span {
        unpack_span(self.meta.get() & !CODE_BIT)
    }
    /// Records the position the cons was read from (the reader's job).
    pub fn set_span(&self, s: Span) {
        self.meta.set(pack_span(s) | (self.meta.get() & CODE_BIT));
    }
    /// True once the list has been compiled as (part of) code.
    #[inline]
    pub fn is_code(&self) -> bool {
        self.meta.get() & CODE_BIT != 0
    }
    /// Marks the list as (part of) compiled code: modifying it from then on
    /// makes compiled code stale (see `Interp::note_mutation`).
    #[inline]
    pub fn mark_code(&self) {
        self.meta.set(self.meta.get() | CODE_BIT);
    }
    /// A copy of the car.
    #[inline]
    pub fn car(&self) -> Value {
        self.car.get()
    }
    /// A copy of the cdr.
    #[inline]
    pub fn cdr(&self) -> Value {
        self.cdr.get()
    }
}

impl Drop for Cons {
    /// Frees long and deeply nested lists without recursion.
    fn drop(&mut self) {
        let mut pending: Vec<Rc<Cons>> = Vec::new();
        take_children(self, &mut pending);
        while let Some(rc) = pending.pop() {
            if let Ok(mut cell) = Rc::try_unwrap(rc) {
                take_children(&mut cell, &mut pending);
            }
        }
    }
}

fn take_children(c: &mut Cons, pending: &mut Vec<Rc<Cons>>) {
    for slot in [c.car.get_mut(), c.cdr.get_mut()] {
        if let Value::Cons(rc) = std::mem::replace(slot, Value::Nil) {
            if Rc::strong_count(&rc) == 1 {
                pending.push(rc);
            }
        }
    }
}

impl Cons {
    /// A cell with its position (`Span::NONE` when it was not read).
    #[inline]
    pub fn new(car: Value, cdr: Value, span: Span) -> Rc<Cons> {
        Rc::new(Cons {
            car: Slot::new(car),
            cdr: Slot::new(cdr),
            meta: Cell::new(pack_span(span)),
            code: Cell::new(None),
        })
    }
}

/// Iterates over the elements of a list; a circular list ends after its
/// cycle has been gone through once (Brent's cycle detection).
pub struct ListIter {
    cur: Value,
    /// A cell seen earlier, moved forward at powers of two.
    mark: Option<Rc<Cons>>,
    steps: usize,
    limit: usize,
    /// Set when the iteration stopped at a cycle.
    pub cycled: bool,
}

impl Iterator for ListIter {
    type Item = Value;
    fn next(&mut self) -> Option<Value> {
        let c = match &self.cur {
            Value::Cons(c) => c.clone(),
            _ => return None,
        };
        if let Some(m) = &self.mark {
            if Rc::ptr_eq(m, &c) {
                self.cur = Value::Nil;
                self.cycled = true;
                return None;
            }
        }
        self.steps += 1;
        if self.steps == self.limit {
            self.mark = Some(c.clone());
            self.steps = 0;
            self.limit *= 2;
        }
        self.cur = c.cdr();
        Some(c.car())
    }
}

impl ListIter {
    /// Iterates over the elements of `list`.
    pub(crate) fn new(list: Value) -> ListIter {
        ListIter {
            cur: list,
            mark: None,
            steps: 0,
            limit: 2,
            cycled: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lists are made of conses: 48 bytes each, 64 with the counts of `Rc`.
    #[test]
    fn a_cons_is_six_words() {
        assert_eq!(std::mem::size_of::<Cons>(), 48);
    }

    #[test]
    fn spans_pack_and_the_code_flag_is_apart() {
        let s = Span::at(7, 1234, 56);
        let c = Cons::new(Value::Nil, Value::Nil, s);
        assert_eq!(c.span(), s);
        assert!(!c.is_code());
        c.mark_code();
        assert!(c.is_code());
        assert_eq!(c.span(), s);
        c.set_span(Span::NONE);
        assert!(c.span().is_none() && c.is_code());
        // out of range: line and column saturate, a huge file id has no position
        let big = Span::at(3, u32::MAX, u32::MAX);
        let p = unpack_span(pack_span(big));
        assert_eq!((p.file, p.line, p.col), (3, (1 << 22) - 1, (1 << 21) - 1));
        let far = Span::at(1 << 21, 1, 1);
        assert!(unpack_span(pack_span(far)).is_none());
    }
}
