//! Fully connected layer: `out = W·in + b` per sample.

use std::ops::Range;

use crate::error::{ModError, Result};
use crate::kernels::{elem, full};
use crate::module::{check_pair, Ctx, Module, ParamBlock, Shape};
use crate::pool::Pool;
use crate::rng::Rng;
use crate::state::State;

/// A full (linear) layer over the flattened sample.
#[derive(Debug, Clone)]
pub struct Full {
    nin: usize,
    nout: usize,
    w: Range<usize>,
    b: Range<usize>,
    sq: Vec<f32>,
    xsq: Vec<f32>,
}

impl Full {
    /// A layer with `nin` inputs and `nout` outputs, parameters in `pool`.
    ///
    /// # Errors
    /// `Config` if a size is zero.
    pub fn new(pool: &mut Pool, nin: usize, nout: usize) -> Result<Self> {
        if nin == 0 || nout == 0 {
            return Err(ModError::config("full", "sizes must be positive"));
        }
        if !nin.checked_mul(nout).is_some_and(|n| pool.fits(n + nout)) {
            return Err(ModError::Memory(format!(
                "full: {nin} x {nout} makes more than 2^28 parameters in the param"
            )));
        }
        let w = pool.alloc(nin * nout)?;
        let b = pool.alloc(nout)?;
        Ok(Full {
            nin,
            nout,
            w,
            b,
            sq: Vec::new(),
            xsq: Vec::new(),
        })
    }

    /// Range of the weights in the pool (`[nout×nin]`, row-major).
    pub fn weights(&self) -> Range<usize> {
        self.w.clone()
    }
}

impl Module for Full {
    fn kind(&self) -> &'static str {
        "full"
    }

    fn out_shape(&self, inp: &[usize]) -> Result<Shape> {
        let per: usize = inp.iter().skip(1).product();
        if inp.len() < 2 || per != self.nin {
            let b = inp.first().copied().unwrap_or(1);
            return Err(ModError::shape("full", &[b, self.nin], inp));
        }
        Shape::new(&[inp[0], self.nout])
    }

    fn fprop(&mut self, pool: &Pool, inp: &State, out: &mut State, ctx: Ctx) -> Result<()> {
        let s = self.out_shape(&inp.dims)?;
        out.resize(s.dims())?;
        let bias = &pool.x[self.b.clone()];
        let w = &pool.x[self.w.clone()];
        full::forward(
            ctx.par,
            &inp.x,
            inp.batch(),
            self.nin,
            w,
            self.nout,
            Some(bias),
            &mut out.x,
        );
        Ok(())
    }

    fn bprop(&mut self, pool: &mut Pool, inp: &mut State, out: &State, ctx: Ctx) -> Result<()> {
        check_pair(self, inp, out)?;
        let (b, nin, nout) = (inp.batch(), self.nin, self.nout);
        let (dw, db) = pool.dx[self.w.start..self.b.end].split_at_mut(nin * nout);
        full::backward_w(ctx.par, &inp.x, b, nin, &out.dx, nout, dw, Some(db));
        if ctx.grad_in {
            let w = &pool.x[self.w.clone()];
            full::backward_x(ctx.par, &out.dx, b, nout, w, nin, &mut inp.dx);
        }
        Ok(())
    }

    fn bbprop(&mut self, pool: &mut Pool, inp: &mut State, out: &State, ctx: Ctx) -> Result<()> {
        check_pair(self, inp, out)?;
        let (b, nin, nout) = (inp.batch(), self.nin, self.nout);
        let grow =
            inp.len().saturating_sub(self.xsq.len()) + (nin * nout).saturating_sub(self.sq.len());
        crate::error::reserve_f32("full", grow)?;
        self.xsq.resize(inp.len(), 0.0);
        elem::square(&inp.x, &mut self.xsq);
        let (dw, db) = pool.ddx[self.w.start..self.b.end].split_at_mut(nin * nout);
        full::backward_w(ctx.par, &self.xsq, b, nin, &out.ddx, nout, dw, Some(db));
        if ctx.grad_in {
            self.sq.resize(nin * nout, 0.0);
            elem::square(&pool.x[self.w.clone()], &mut self.sq);
            full::backward_x(ctx.par, &out.ddx, b, nout, &self.sq, nin, &mut inp.ddx);
        }
        Ok(())
    }

    fn forget(&mut self, pool: &mut Pool, rng: &mut Rng) {
        let a = rng.bound(self.nin);
        for v in &mut pool.x[self.w.start..self.b.end] {
            *v = rng.range(-a, a);
        }
    }

    fn param_blocks(&self) -> Vec<ParamBlock> {
        vec![
            ParamBlock {
                name: "kernel",
                range: self.w.clone(),
                dims: vec![self.nout, self.nin],
            },
            ParamBlock {
                name: "bias",
                range: self.b.clone(),
                dims: vec![self.nout],
            },
        ]
    }

    fn pool_end(&self) -> usize {
        self.b.end
    }

    fn nparams(&self) -> usize {
        self.nout * (self.nin + 1)
    }

    fn connections(&self, inp: &[usize]) -> Result<usize> {
        self.out_shape(inp)?;
        Ok(self.nout * (self.nin + 1))
    }

    fn macs(&self, inp: &[usize]) -> Result<usize> {
        self.out_shape(inp)?;
        Ok(self.nout * self.nin)
    }

    fn describe(&self) -> String {
        format!("full {} -> {}", self.nin, self.nout)
    }

    fn spec(&self) -> Option<crate::spec::Spec<'_>> {
        Some(crate::spec::Spec::Full {
            nin: self.nin,
            nout: self.nout,
            w: self.w.clone(),
            b: self.b.clone(),
        })
    }
}
