//! The module interface: `fprop`, `bprop`, `bbprop` over states, with
//! parameters in a shared pool.

use crate::error::{ModError, Result};
use crate::pool::Pool;
use crate::rng::Rng;
use crate::state::State;

/// How a propagation runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ctx {
    /// Use the parallel kernels (rayon over the batch).
    pub par: bool,
    /// Compute gradients with respect to the input (false for a network's
    /// first module, whose input is data).
    pub grad_in: bool,
}

impl Default for Ctx {
    fn default() -> Self {
        Ctx {
            par: false,
            grad_in: true,
        }
    }
}

/// A shape of rank at most 4, held inline (no allocation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    d: [usize; 4],
    n: usize,
}

impl Shape {
    /// A shape from up to four dimensions.
    ///
    /// # Errors
    /// `Config` if there are more than four dimensions, `Memory` past 2^28
    /// elements.
    pub fn new(dims: &[usize]) -> Result<Self> {
        if dims.len() > 4 {
            return Err(ModError::config("shape", "more than 4 dimensions"));
        }
        let n = dims.iter().try_fold(1usize, |a, &d| a.checked_mul(d));
        if n.is_none_or(|n| n > 1 << 28) {
            return Err(ModError::Memory(format!(
                "state: {dims:?} holds more than 2^28 elements"
            )));
        }
        let mut d = [0; 4];
        d[..dims.len()].copy_from_slice(dims);
        Ok(Shape { d, n: dims.len() })
    }

    /// The dimensions.
    pub fn dims(&self) -> &[usize] {
        &self.d[..self.n]
    }
}

/// A block of a module's parameters in the pool: its name (`"kernel"`,
/// `"bias"`), its range and its dims (row-major over the range).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamBlock {
    /// The block's name.
    pub name: &'static str,
    /// Its range in the pool.
    pub range: std::ops::Range<usize>,
    /// Its shape.
    pub dims: Vec<usize>,
}

/// A module: maps an input state to an output state.
///
/// `bprop` and `bbprop` accumulate into the input's `dx`/`ddx` and into the
/// pool's `dx`/`ddx`, so shared modules and shared parameters work. They
/// read `out.dx` (resp. `out.ddx`) and must follow an `fprop` on the same
/// input.
pub trait Module: Send {
    /// The kind of module (`"conv"`, `"full"`, ...).
    fn kind(&self) -> &'static str;
    /// Output shape for an input shape.
    ///
    /// # Errors
    /// `Shape` naming the module, the expected and the given shapes.
    fn out_shape(&self, inp: &[usize]) -> Result<Shape>;
    /// Forward propagation; resizes `out`.
    ///
    /// # Errors
    /// `Shape` if the input does not fit the module.
    fn fprop(&mut self, pool: &Pool, inp: &State, out: &mut State, ctx: Ctx) -> Result<()>;
    /// Backward propagation of gradients.
    ///
    /// # Errors
    /// `Shape` if the states do not fit the module.
    fn bprop(&mut self, pool: &mut Pool, inp: &mut State, out: &State, ctx: Ctx) -> Result<()>;
    /// Backward propagation of diagonal second derivatives (Gauss-Newton).
    ///
    /// # Errors
    /// `Shape` if the states do not fit the module.
    fn bbprop(&mut self, pool: &mut Pool, inp: &mut State, out: &State, ctx: Ctx) -> Result<()>;
    /// Re-initialises the parameters.
    fn forget(&mut self, _pool: &mut Pool, _rng: &mut Rng) {}
    /// Number of trainable parameters owned.
    fn nparams(&self) -> usize {
        0
    }
    /// One past the last index of the pool it uses (0 without parameters):
    /// a pool shorter than that is not this module's.
    fn pool_end(&self) -> usize {
        0
    }
    /// The blocks of its parameters (kernel, bias), for views of them;
    /// none for modules without parameters.
    fn param_blocks(&self) -> Vec<ParamBlock> {
        Vec::new()
    }
    /// Connections (multiply-adds counted as in LeCun 1998) per sample.
    ///
    /// # Errors
    /// `Shape` if the input shape does not fit.
    fn connections(&self, _inp: &[usize]) -> Result<usize> {
        Ok(0)
    }
    /// Forward multiply-adds per sample that go through matrix products.
    ///
    /// # Errors
    /// `Shape` if the input shape does not fit.
    fn macs(&self, inp: &[usize]) -> Result<usize> {
        self.connections(inp)
    }
    /// A one-line description.
    fn describe(&self) -> String {
        self.kind().to_string()
    }
    /// Its configuration, for translation into other formats; `None` for
    /// the modules that have no such description (they are not exported).
    fn spec(&self) -> Option<crate::spec::Spec<'_>> {
        None
    }
    /// The module as a sequence, if it is one.
    fn as_seq_mut(&mut self) -> Option<&mut crate::modules::Seq> {
        None
    }
}

/// Checks that `out` has the shape `m` produces from `inp`.
///
/// # Errors
/// `Shape` naming the module.
pub fn check_pair(m: &dyn Module, inp: &State, out: &State) -> Result<Shape> {
    let s = m.out_shape(&inp.dims)?;
    if out.dims != s.dims() || out.len() != s.dims().iter().product::<usize>() {
        return Err(ModError::shape(m.kind(), s.dims(), &out.dims));
    }
    Ok(s)
}

/// Checks that `pool` holds the parameters of `m` (a module built on a
/// parameter pool that was since moved into a network finds it empty).
///
/// # Errors
/// `Config` naming the module.
pub fn check_pool(m: &dyn Module, pool: &Pool) -> Result<()> {
    if m.pool_end() > pool.len() {
        return Err(ModError::config(
            m.kind(),
            format!(
                "its parameters are gone from its param ({} of {} values left): \
                 the param was moved into a network",
                pool.len(),
                m.pool_end()
            ),
        ));
    }
    Ok(())
}

/// Splits a batch among per-worker scratch areas: `f(first_sample, chunk,
/// scratch)` gets consecutive samples' slice of `buf` (`per` elements per
/// sample). Serial when `par` is false or there is a single scratch.
pub fn split_batch<S: Send>(
    par: bool,
    buf: &mut [f32],
    per: usize,
    scratch: &mut [S],
    f: impl Fn(usize, &mut [f32], &mut S) + Sync,
) {
    let b = buf.len().checked_div(per).unwrap_or(0);
    let t = scratch.len().min(b).max(1);
    if !par || t <= 1 || per == 0 {
        if let Some(s) = scratch.first_mut() {
            f(0, buf, s);
        }
        return;
    }
    use rayon::prelude::*;
    let chunk = b.div_ceil(t);
    buf.par_chunks_mut(chunk * per)
        .zip(scratch.par_iter_mut())
        .enumerate()
        .for_each(|(i, (c, s))| f(i * chunk, c, s));
}

/// Number of worker scratch areas for parallel kernels.
pub fn workers() -> usize {
    rayon::current_num_threads().max(1)
}
