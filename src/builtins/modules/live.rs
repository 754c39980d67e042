//! Live storage of the modules level's Lisp objects: the buffers of a
//! parameter pool and of a state live in `sn_array` storage cells owned by
//! the Lisp objects, so that `(==> s x)`, `(==> p x)`, `(==> net weights)`
//! are array views sharing storage with the network, as Lush's idx views.
//!
//! The kernels keep working on plain `Vec<f32>` (`Pool`, `State`): for the
//! duration of one operation the vectors are moved out of their cells into
//! the Rust structures (`std::mem::take`, no copy) and moved back after it,
//! also on error. No Lisp code runs while they are out.
//!
//! Invariant: a view never indexes outside its storage. Pools only grow;
//! a state can shrink (a smaller batch), so while a view of one of its
//! buffers is alive the buffer is padded back with zeros to the length of
//! the longest view issued (within its capacity: no allocation).

use std::cell::{Cell, RefCell};
use std::ops::Range;
use std::rc::Rc;

use sn_array::{Array, Storage};
use sn_modules::{Pool, State};

use crate::lisp::error::{ErrorKind, LispError};
use crate::lisp::{Res, Unwind, Value};

/// The error of an object used while it is already in use.
pub fn busy(what: &str) -> Unwind {
    LispError::new(
        ErrorKind::Domain,
        format!("{what} is in use (the same object twice?)"),
    )
    .into()
}

/// A view of `dims` over `storage` from `start` (checked to lie inside it).
fn view(storage: &Storage, start: usize, dims: &[usize]) -> Res {
    Array::row_major(storage.clone(), start, dims)
        .map(Value::array)
        .map_err(Unwind::from)
}

/// Copies the elements of `arr` (row-major) into `dst` (of its length).
/// `arr` must not view a buffer that is moved out.
pub fn copy_into(arr: &Array, dst: &mut [f32]) {
    let data = arr.data();
    if arr.is_contiguous() {
        let o = arr.offset();
        dst.copy_from_slice(&data[o..o + dst.len()]);
    } else {
        for (d, o) in dst.iter_mut().zip(arr.offsets()) {
            *d = data[o];
        }
    }
}

/// One of the buffers of a pool or a state.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Buf {
    /// Values.
    X,
    /// Gradients.
    Dx,
    /// Second derivatives.
    Ddx,
    /// Learning-rate factors (pools only).
    Eps,
}

/// The four buffers of a parameter pool, shared by the param, the modules
/// made with it and, after `new-net`, the network.
pub struct LivePool {
    x: Storage,
    dx: Storage,
    ddx: Storage,
    eps: Storage,
    busy: Cell<bool>,
    in_net: Cell<bool>,
}

impl LivePool {
    /// An empty pool.
    pub fn empty() -> Rc<LivePool> {
        Rc::new(LivePool::from_pool(Pool::new()))
    }

    /// The cells of `p`'s buffers (moved in, not copied).
    pub fn from_pool(p: Pool) -> LivePool {
        let c = |v: Vec<f32>| Rc::new(RefCell::new(v));
        LivePool {
            x: c(p.x),
            dx: c(p.dx),
            ddx: c(p.ddx),
            eps: c(p.eps),
            busy: Cell::new(false),
            in_net: Cell::new(false),
        }
    }

    /// Marks the pool as moved into a network: modules made on it that are
    /// not in the network refuse to run.
    pub fn set_in_net(&self) {
        self.in_net.set(true);
    }

    /// True when the pool was moved into a network.
    pub fn in_net(&self) -> bool {
        self.in_net.get()
    }

    /// True while an operation has the buffers.
    pub fn is_busy(&self) -> bool {
        self.busy.get()
    }

    /// Number of parameters (0 while in use).
    pub fn len(&self) -> usize {
        self.x.try_borrow().map_or(0, |v| v.len())
    }

    fn storage(&self, b: Buf) -> &Storage {
        match b {
            Buf::X => &self.x,
            Buf::Dx => &self.dx,
            Buf::Ddx => &self.ddx,
            Buf::Eps => &self.eps,
        }
    }

    /// True when `s` is one of the pool's cells.
    pub fn holds(&self, s: &Storage) -> bool {
        [&self.x, &self.dx, &self.ddx, &self.eps]
            .iter()
            .any(|c| Rc::ptr_eq(c, s))
    }

    /// A live view of buffer `b` over `range`, of shape `dims`.
    pub fn view(&self, b: Buf, range: Range<usize>, dims: &[usize]) -> Res {
        if self.busy.get() {
            return Err(busy("param"));
        }
        let n: usize = dims.iter().product();
        if n != range.len() {
            return Err(LispError::shape("param view", &[range.len()], dims).into());
        }
        view(self.storage(b), range.start, dims)
    }

    /// Runs `f` on the pool, its buffers moved in for the time of the call
    /// and moved back after it (also on error). Refuses re-entrant use.
    pub fn with_pool<R>(&self, f: impl FnOnce(&mut Pool) -> Res<R>) -> Res<R> {
        let cells = [&self.x, &self.dx, &self.ddx, &self.eps];
        if self.busy.get() || cells.iter().any(|c| c.try_borrow_mut().is_err()) {
            return Err(busy("param"));
        }
        self.busy.set(true);
        let [x, dx, ddx, eps] = cells.map(|c| std::mem::take(&mut *c.borrow_mut()));
        let mut lent = LentPool {
            live: self,
            pool: Pool { x, dx, ddx, eps },
        };
        f(&mut lent.pool)
    }
}

/// A pool's buffers while an operation has them: put back into their
/// cells when dropped, also if the operation panics, so that no view is
/// left over an emptied storage.
struct LentPool<'a> {
    live: &'a LivePool,
    pool: Pool,
}

impl Drop for LentPool<'_> {
    fn drop(&mut self) {
        let p = std::mem::take(&mut self.pool);
        let l = self.live;
        for (c, v) in [&l.x, &l.dx, &l.ddx, &l.eps]
            .into_iter()
            .zip([p.x, p.dx, p.ddx, p.eps])
        {
            *c.borrow_mut() = v;
        }
        l.busy.set(false);
    }
}

/// A state's buffers in storage cells, with its dims and the length of
/// the longest view issued of each buffer.
pub struct LiveState {
    dims: Vec<usize>,
    cells: [Storage; 3],
    hi: [usize; 3],
}

impl LiveState {
    /// The cells of `s`'s buffers (moved in, not copied).
    pub fn new(s: State) -> LiveState {
        let c = |v: Vec<f32>| Rc::new(RefCell::new(v));
        LiveState {
            dims: s.dims,
            cells: [c(s.x), c(s.dx), c(s.ddx)],
            hi: [0; 3],
        }
    }

    /// The dims, batch first.
    pub fn dims(&self) -> &[usize] {
        &self.dims
    }

    fn index(b: Buf) -> usize {
        match b {
            Buf::X => 0,
            Buf::Dx => 1,
            _ => 2,
        }
    }

    /// A live view of buffer `b` with the state's dims.
    pub fn view(&mut self, b: Buf) -> Res {
        let k = Self::index(b);
        let n: usize = self.dims.iter().product();
        let v = view(&self.cells[k], 0, &self.dims)?;
        self.hi[k] = self.hi[k].max(n);
        Ok(v)
    }

    /// True when `s` is one of the state's cells.
    pub fn holds(&self, s: &Storage) -> bool {
        self.cells.iter().any(|c| Rc::ptr_eq(c, s))
    }

    /// Runs `f` on the state, its buffers moved in for the time of the
    /// call (cut to the state's length) and moved back after it, padded
    /// with zeros to the longest live view.
    pub fn with_state<R>(&mut self, f: impl FnOnce(&mut State) -> Res<R>) -> Res<R> {
        let n: usize = self.dims.iter().product();
        if self.cells.iter().any(|c| c.try_borrow_mut().is_err()) {
            return Err(busy("state"));
        }
        let bufs = self.cells.each_ref().map(|c| {
            let mut v = std::mem::take(&mut *c.borrow_mut());
            v.truncate(n);
            v
        });
        let [x, dx, ddx] = bufs;
        let state = State {
            dims: std::mem::take(&mut self.dims),
            x,
            dx,
            ddx,
        };
        let mut lent = LentState { live: self, state };
        f(&mut lent.state)
    }

    /// Puts the buffers of `s` back into their cells, padded with zeros to
    /// the longest live view.
    fn restore(&mut self, s: State) {
        self.dims = s.dims;
        for (k, mut v) in [s.x, s.dx, s.ddx].into_iter().enumerate() {
            if Rc::strong_count(&self.cells[k]) > 1 {
                if v.len() < self.hi[k] {
                    v.resize(self.hi[k], 0.0);
                }
            } else {
                self.hi[k] = 0;
            }
            *self.cells[k].borrow_mut() = v;
        }
    }
}

/// A state's buffers while an operation has them: put back when dropped,
/// also if the operation panics (see [`LentPool`]).
struct LentState<'a> {
    live: &'a mut LiveState,
    state: State,
}

impl Drop for LentState<'_> {
    fn drop(&mut self) {
        let s = std::mem::take(&mut self.state);
        self.live.restore(s);
    }
}
