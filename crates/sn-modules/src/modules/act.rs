//! Point-wise non-linear functions.

use crate::error::{ModError, Result};
use crate::kernels::elem;
use crate::module::{check_pair, split_batch, workers, Ctx, Module, Shape};

/// Smallest state worth splitting among threads.
const PAR_MIN: usize = 1 << 15;
use crate::pool::Pool;
use crate::state::State;

/// The function applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActKind {
    /// `1.7159·tanh(2x/3)`.
    Stanh,
    /// `tanh(x)`, as PyTorch's and ONNX's `Tanh`.
    Tanh,
    /// `1/(1+e^-x)`.
    Logistic,
    /// `max(x, 0)`.
    Relu,
}

/// A point-wise non-linearity.
#[derive(Debug, Clone)]
pub struct Act(pub ActKind);

impl Module for Act {
    fn kind(&self) -> &'static str {
        match self.0 {
            ActKind::Stanh => "stanh",
            ActKind::Tanh => "tanh",
            ActKind::Logistic => "logistic",
            ActKind::Relu => "relu",
        }
    }

    fn spec(&self) -> Option<crate::spec::Spec<'_>> {
        Some(crate::spec::Spec::Act(self.0))
    }

    fn out_shape(&self, inp: &[usize]) -> Result<Shape> {
        if inp.is_empty() {
            return Err(ModError::shape(self.kind(), &[1], inp));
        }
        Shape::new(inp)
    }

    fn fprop(&mut self, _pool: &Pool, inp: &State, out: &mut State, ctx: Ctx) -> Result<()> {
        let s = self.out_shape(&inp.dims)?;
        out.resize(s.dims())?;
        let kind = self.0;
        let mut units = [(); 16];
        let t = if ctx.par && inp.len() >= PAR_MIN {
            workers().min(16)
        } else {
            1
        };
        let per = inp.sample_len();
        split_batch(
            ctx.par,
            &mut out.x,
            per,
            &mut units[..t],
            |first, chunk, _| {
                let x = &inp.x[first * per..][..chunk.len()];
                match kind {
                    ActKind::Stanh => elem::stanh_fwd(x, chunk),
                    ActKind::Tanh => elem::tanh_fwd(x, chunk),
                    ActKind::Logistic => elem::logistic_fwd(x, chunk),
                    ActKind::Relu => elem::relu_fwd(x, chunk),
                }
            },
        );
        Ok(())
    }

    fn bprop(&mut self, _pool: &mut Pool, inp: &mut State, out: &State, ctx: Ctx) -> Result<()> {
        check_pair(self, inp, out)?;
        if ctx.grad_in {
            match self.0 {
                ActKind::Stanh => elem::stanh_bwd(&out.x, &out.dx, &mut inp.dx),
                ActKind::Tanh => elem::tanh_bwd(&out.x, &out.dx, &mut inp.dx, false),
                ActKind::Logistic => elem::logistic_bwd(&out.x, &out.dx, &mut inp.dx, false),
                ActKind::Relu => elem::relu_bwd(&out.x, &out.dx, &mut inp.dx),
            }
        }
        Ok(())
    }

    fn bbprop(&mut self, _pool: &mut Pool, inp: &mut State, out: &State, ctx: Ctx) -> Result<()> {
        check_pair(self, inp, out)?;
        if ctx.grad_in {
            match self.0 {
                ActKind::Stanh => elem::stanh_bbwd(&out.x, &out.ddx, &mut inp.ddx),
                ActKind::Tanh => elem::tanh_bwd(&out.x, &out.ddx, &mut inp.ddx, true),
                ActKind::Logistic => elem::logistic_bwd(&out.x, &out.ddx, &mut inp.ddx, true),
                ActKind::Relu => elem::relu_bwd(&out.x, &out.ddx, &mut inp.ddx),
            }
        }
        Ok(())
    }
}
