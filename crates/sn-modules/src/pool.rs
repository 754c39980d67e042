//! The flat parameter pool of a network.

use std::ops::Range;

use crate::error::{reserve_f32, ModError, Result};

/// All trainable parameters of a network in one flat vector: values `x`,
/// gradients `dx`, diagonal second derivatives `ddx` and per-parameter
/// learning-rate factors `eps`. Modules own ranges of it, so weight sharing
/// is two modules holding the same range.
#[derive(Debug, Clone, Default)]
pub struct Pool {
    /// Parameter values.
    pub x: Vec<f32>,
    /// Accumulated gradients.
    pub dx: Vec<f32>,
    /// Accumulated diagonal second derivatives.
    pub ddx: Vec<f32>,
    /// Per-parameter learning-rate factors (1 unless set by diagonal LM).
    pub eps: Vec<f32>,
}

impl Pool {
    /// An empty pool.
    pub fn new() -> Self {
        Pool::default()
    }

    /// Most parameters a pool may hold (2^28).
    pub const MAX: usize = 1 << 28;

    /// True when `n` more parameters fit under [`Pool::MAX`].
    pub fn fits(&self, n: usize) -> bool {
        n <= Self::MAX.saturating_sub(self.x.len())
    }

    /// Reserves `n` new parameters and returns their range.
    ///
    /// # Errors
    /// `Config` past [`Pool::MAX`]; `Memory` if the four buffers' growth
    /// does not fit in the memory budget.
    pub fn alloc(&mut self, n: usize) -> Result<Range<usize>> {
        if !self.fits(n) {
            return Err(ModError::config("param", "more than 2^28 parameters"));
        }
        reserve_f32("param", n.saturating_mul(4))?;
        let start = self.x.len();
        let end = start + n;
        if self.x.capacity() < end {
            // Grow by the request or a quarter, not by doubling: doubling
            // would hold up to twice the memory the parameters need (a
            // bias after a large kernel), in each of the four buffers.
            let more = n.max(start / 4);
            for b in [&mut self.x, &mut self.dx, &mut self.ddx, &mut self.eps] {
                b.reserve_exact(more);
            }
        }
        self.x.resize(end, 0.0);
        self.dx.resize(end, 0.0);
        self.ddx.resize(end, 0.0);
        self.eps.resize(end, 1.0);
        Ok(start..end)
    }

    /// Number of parameters.
    pub fn len(&self) -> usize {
        self.x.len()
    }

    /// True when there is no parameter.
    pub fn is_empty(&self) -> bool {
        self.x.is_empty()
    }

    /// Sets all gradients to zero.
    pub fn clear_dx(&mut self) {
        self.dx.iter_mut().for_each(|v| *v = 0.0);
    }

    /// The index of the first parameter that is NaN or infinite, if any.
    pub fn first_non_finite(&self) -> Option<usize> {
        self.x.iter().position(|v| !v.is_finite())
    }

    /// Sets all second derivatives to zero.
    pub fn clear_ddx(&mut self) {
        self.ddx.iter_mut().for_each(|v| *v = 0.0);
    }
}
