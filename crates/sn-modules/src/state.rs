//! States: values, gradients and diagonal second derivatives of one shape.

use crate::error::{count, reserve_f32, ModError, Result};

/// A state: `x` (values), `dx` (gradients), `ddx` (diagonal second
/// derivatives), contiguous `f32` buffers of the same shape. `dims[0]` is
/// the batch dimension.
#[derive(Debug, Clone, Default)]
pub struct State {
    /// Shape, batch first.
    pub dims: Vec<usize>,
    /// Values.
    pub x: Vec<f32>,
    /// Gradients (accumulated by `bprop`).
    pub dx: Vec<f32>,
    /// Diagonal second derivatives (accumulated by `bbprop`).
    pub ddx: Vec<f32>,
}

impl State {
    /// Most elements a state may hold (2^28).
    pub const MAX: usize = 1 << 28;

    /// A zero state of shape `dims`.
    ///
    /// # Errors
    /// `Memory` if its three buffers do not fit in the memory budget.
    pub fn new(dims: &[usize]) -> Result<Self> {
        let mut s = State::default();
        s.resize(dims)?;
        Ok(s)
    }

    /// Resizes to `dims`, reusing the buffers' capacity (no allocation once
    /// the largest shape has been seen). Values are kept where they fit.
    ///
    /// # Errors
    /// `Memory` if the size overflows or the growth of the three buffers
    /// does not fit in the memory budget; the state is then left as it was.
    pub fn resize(&mut self, dims: &[usize]) -> Result<()> {
        let n = count("state", dims)?;
        if n > Self::MAX {
            return Err(ModError::Memory(format!(
                "state: {dims:?} holds more than 2^28 elements"
            )));
        }
        let grow = n.saturating_sub(self.x.capacity());
        if grow > 0 {
            reserve_f32("state", grow.saturating_mul(3))?;
        }
        if self.dims != dims {
            self.dims.clear();
            self.dims.extend_from_slice(dims);
        }
        self.x.resize(n, 0.0);
        self.dx.resize(n, 0.0);
        self.ddx.resize(n, 0.0);
        Ok(())
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        self.x.len()
    }

    /// True when the state holds no element.
    pub fn is_empty(&self) -> bool {
        self.x.is_empty()
    }

    /// Batch size (`dims[0]`, 0 for a shapeless state).
    pub fn batch(&self) -> usize {
        self.dims.first().copied().unwrap_or(0)
    }

    /// Elements per sample.
    pub fn sample_len(&self) -> usize {
        self.dims.iter().skip(1).product()
    }

    /// Sets `dx` to zero.
    pub fn clear_dx(&mut self) {
        self.dx.iter_mut().for_each(|v| *v = 0.0);
    }

    /// Sets `ddx` to zero.
    pub fn clear_ddx(&mut self) {
        self.ddx.iter_mut().for_each(|v| *v = 0.0);
    }
}
