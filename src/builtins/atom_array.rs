//! TL3's `atom-array`: an n-dimensional array of Lisp values, called like a
//! function: `(a i j)` reads an element, `(a i j v)` writes one and
//! returns `a` (as TL3 does); an index `()` takes a whole dimension and `(lo hi)` the
//! range lo..hi (inclusive), giving a view that shares the elements.
//! Writing a view copies a list (flattened, in row-major order) or another
//! view of as many elements into it, or fills it with any other value.
//! SN2.8's `connect.sn` and `knnenv.sn` use them for layers of units.

use std::cell::RefCell;
use std::rc::Rc;

use crate::lisp::args::{self, type_error};
use crate::lisp::error::{ErrorKind, LispError};
use crate::lisp::value::Native;
use crate::lisp::{Interp, Res, Value};

/// A view on shared storage: sizes, strides and offset.
pub struct AtomArray {
    store: Rc<RefCell<Vec<Value>>>,
    dims: Vec<usize>,
    strides: Vec<usize>,
    offset: usize,
}

/// One index of a call: a position, or a range kept as a dimension.
enum Index {
    At(usize),
    Range(usize, usize),
}

fn bad(msg: String, culprit: &Value) -> crate::lisp::Unwind {
    LispError::new(ErrorKind::Index, msg)
        .culprit(culprit.clone())
        .into()
}

impl AtomArray {
    /// The storage offsets of the elements, in row-major order.
    fn offsets(&self) -> Vec<usize> {
        let mut out = vec![self.offset];
        for (d, s) in self.dims.iter().zip(&self.strides) {
            out = out
                .iter()
                .flat_map(|&o| (0..*d).map(move |k| o + k * s))
                .collect();
        }
        out
    }

    /// The elements of the view, in row-major order.
    pub fn items(&self) -> Vec<Value> {
        let st = self.store.borrow();
        self.offsets().into_iter().map(|o| st[o].clone()).collect()
    }

    fn index(&self, k: usize, v: &Value) -> Res<Index> {
        let n = self.dims[k];
        let pos = |x: &Value| -> Res<usize> {
            match x.as_num() {
                Some(f) if f >= 0.0 && f.fract() == 0.0 && (f as usize) < n => Ok(f as usize),
                Some(_) => Err(bad(
                    format!("atom-array: index out of 0..{}", n.saturating_sub(1)),
                    x,
                )),
                None => Err(type_error("atom-array", "an index, () or (lo hi)", x)),
            }
        };
        match v {
            Value::Nil => Ok(Index::Range(0, n.saturating_sub(1))),
            Value::Cons(_) => match v.list_to_vec().as_deref() {
                Some([lo, hi]) => {
                    let (lo, hi) = (pos(lo)?, pos(hi)?);
                    if lo > hi {
                        return Err(bad("atom-array: empty range".into(), v));
                    }
                    Ok(Index::Range(lo, hi))
                }
                _ => Err(type_error("atom-array", "an index, () or (lo hi)", v)),
            },
            _ => Ok(Index::At(pos(v)?)),
        }
    }

    /// The element or the view that indices select.
    fn select(&self, idx: &[Value]) -> Res<Result<usize, AtomArray>> {
        let (mut offset, mut dims, mut strides, mut whole) = (self.offset, vec![], vec![], true);
        for (k, v) in idx.iter().enumerate() {
            match self.index(k, v)? {
                Index::At(i) => offset += i * self.strides[k],
                Index::Range(lo, hi) => {
                    offset += lo * self.strides[k];
                    dims.push(hi - lo + 1);
                    strides.push(self.strides[k]);
                    whole = false;
                }
            }
        }
        if whole {
            return Ok(Ok(offset));
        }
        Ok(Err(AtomArray {
            store: self.store.clone(),
            dims,
            strides,
            offset,
        }))
    }

    /// Writes `v` into a view (see the module documentation).
    fn assign(&self, v: &Value) -> Res<()> {
        let offs = self.offsets();
        let src: Vec<Value> = match v {
            Value::Cons(_) => flatten(v),
            Value::Native(n) => match n.as_any().downcast_ref::<AtomArray>() {
                Some(a) => a.items(),
                None => vec![v.clone(); offs.len()],
            },
            _ => vec![v.clone(); offs.len()],
        };
        if src.len() != offs.len() {
            return Err(bad(
                format!(
                    "atom-array: {} values for {} elements",
                    src.len(),
                    offs.len()
                ),
                v,
            ));
        }
        let mut st = self.store.borrow_mut();
        for (o, x) in offs.into_iter().zip(src) {
            st[o] = x;
        }
        Ok(())
    }
}

/// The atoms of a nested list, in order.
fn flatten(v: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    let mut stack = vec![v.clone()];
    while let Some(x) = stack.pop() {
        match &x {
            Value::Cons(_) => {
                let items = x.list_to_vec().unwrap_or_default();
                stack.extend(items.into_iter().rev());
            }
            _ => out.push(x),
        }
    }
    out
}

impl Native for AtomArray {
    fn type_name(&self) -> &'static str {
        "atom-array"
    }
    fn repr(&self) -> String {
        let d: Vec<String> = self.dims.iter().map(|d| d.to_string()).collect();
        format!("::atom-array:{}", d.join("x"))
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn call(&self, _: &mut Interp, a: &[Value]) -> Option<Res> {
        Some(self.call_with(a))
    }
}

impl AtomArray {
    /// This array as a value (a handle on the same elements).
    fn same(&self) -> Value {
        Value::Native(Rc::new(Box::new(AtomArray {
            store: self.store.clone(),
            dims: self.dims.clone(),
            strides: self.strides.clone(),
            offset: self.offset,
        })))
    }

    fn call_with(&self, a: &[Value]) -> Res {
        let rank = self.dims.len();
        if a.len() != rank && a.len() != rank + 1 {
            return Err(LispError::new(
                ErrorKind::Arity,
                format!(
                    "atom-array: {rank} indices expected (and a value to write), got {} arguments",
                    a.len()
                ),
            )
            .with(crate::lisp::error_data::ErrorData::Arity {
                function: "atom-array".to_string(),
                min: rank,
                max: Some(rank + 1),
                found: a.len(),
            })
            .into());
        }
        let sel = self.select(&a[..rank])?;
        match (sel, a.get(rank)) {
            (Ok(o), None) => Ok(self.store.borrow()[o].clone()),
            (Ok(o), Some(v)) => {
                self.store.borrow_mut()[o] = v.clone();
                Ok(self.same())
            }
            (Err(view), None) => Ok(Value::Native(Rc::new(Box::new(view)))),
            (Err(view), Some(v)) => {
                view.assign(v)?;
                Ok(self.same())
            }
        }
    }
}

/// `(atom-array d1 ... dn)`: a new array of () of those sizes.
fn atom_array(_: &mut Interp, a: &[Value]) -> Res {
    let mut dims = Vec::with_capacity(a.len());
    for k in 0..a.len() {
        dims.push(args::usize(a, k, "atom-array")?);
    }
    let n = dims.iter().try_fold(1usize, |acc, &d| acc.checked_mul(d));
    let n = n.ok_or_else(|| bad("atom-array: too many elements".into(), &Value::Nil))?;
    sn_array::budget::reserve_items("atom-array", n, std::mem::size_of::<Value>())?;
    let mut strides = vec![1usize; dims.len()];
    for k in (0..dims.len().saturating_sub(1)).rev() {
        strides[k] = strides[k + 1] * dims[k + 1];
    }
    Ok(Value::Native(Rc::new(Box::new(AtomArray {
        store: Rc::new(RefCell::new(vec![Value::Nil; n])),
        dims,
        strides,
        offset: 0,
    }))))
}

/// The elements of an atom array (or view) in row-major order; `None`
/// for other values. For primitives that take units from one (`connect`).
pub fn items_of(v: &Value) -> Option<Vec<Value>> {
    match v {
        Value::Native(n) => n.as_any().downcast_ref::<AtomArray>().map(AtomArray::items),
        _ => None,
    }
}

/// `(atom-array-list a)`: the elements of an atom array as a list.
fn atom_array_list(_: &mut Interp, a: &[Value]) -> Res {
    items_of(&a[0])
        .map(Value::list)
        .ok_or_else(|| type_error("atom-array-list", "an atom-array", &a[0]))
}

pub(crate) fn register(it: &mut Interp) {
    it.defn("atom-array", 0, None, atom_array, "(atom-array d1 ... dn) an array of () (any Lisp values), called as (a i ...) to read and (a i ... v) to write (returns a); an index () takes a whole dimension and (lo hi) a range, giving a view sharing the elements; writing a view copies a list (row-major) or a view of as many elements, or fills it with a value.");
    it.defn("atom-array-list", 1, Some(1), atom_array_list, "(atom-array-list a) the elements of an atom array (or view) as a list, in row-major order.");
}
