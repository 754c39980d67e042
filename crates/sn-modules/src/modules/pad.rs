//! Padding of maps with a constant border (e.g. 28×28 → 32×32).

use crate::error::{ModError, Result};
use crate::module::{check_pair, Ctx, Module, Shape};
use crate::pool::Pool;
use crate::state::State;

/// Adds `p` rows/columns of `value` on every side of each map.
#[derive(Debug, Clone)]
pub struct Pad {
    p: usize,
    value: f32,
}

impl Pad {
    /// Padding by `p` with `value`.
    pub fn new(p: usize, value: f32) -> Self {
        Pad { p, value }
    }

    fn backward(&self, inp: &mut State, out: &State, ctx: Ctx, second: bool) -> Result<()> {
        check_pair(self, inp, out)?;
        if !ctx.grad_in {
            return Ok(());
        }
        let (h, w) = (inp.dims[2], inp.dims[3]);
        let (oh, ow) = (h + 2 * self.p, w + 2 * self.p);
        let din = if second { &mut inp.ddx } else { &mut inp.dx };
        let dout = if second { &out.ddx } else { &out.dx };
        for (d, g) in din.chunks_exact_mut(h * w).zip(dout.chunks_exact(oh * ow)) {
            for y in 0..h {
                let src = &g[(y + self.p) * ow + self.p..][..w];
                d[y * w..][..w]
                    .iter_mut()
                    .zip(src)
                    .for_each(|(a, b)| *a += b);
            }
        }
        Ok(())
    }
}

impl Module for Pad {
    fn kind(&self) -> &'static str {
        "pad"
    }

    fn out_shape(&self, inp: &[usize]) -> Result<Shape> {
        if inp.len() != 4 {
            let b = inp.first().copied().unwrap_or(1);
            return Err(ModError::shape("pad", &[b, 1, 1, 1], inp));
        }
        Shape::new(&[inp[0], inp[1], inp[2] + 2 * self.p, inp[3] + 2 * self.p])
    }

    fn fprop(&mut self, _pool: &Pool, inp: &State, out: &mut State, _ctx: Ctx) -> Result<()> {
        let s = self.out_shape(&inp.dims)?;
        out.resize(s.dims())?;
        let (h, w) = (inp.dims[2], inp.dims[3]);
        let (oh, ow) = (h + 2 * self.p, w + 2 * self.p);
        out.x.iter_mut().for_each(|v| *v = self.value);
        for (src, dst) in inp
            .x
            .chunks_exact(h * w)
            .zip(out.x.chunks_exact_mut(oh * ow))
        {
            for y in 0..h {
                dst[(y + self.p) * ow + self.p..][..w].copy_from_slice(&src[y * w..][..w]);
            }
        }
        Ok(())
    }

    fn bprop(&mut self, _pool: &mut Pool, inp: &mut State, out: &State, ctx: Ctx) -> Result<()> {
        self.backward(inp, out, ctx, false)
    }

    fn bbprop(&mut self, _pool: &mut Pool, inp: &mut State, out: &State, ctx: Ctx) -> Result<()> {
        self.backward(inp, out, ctx, true)
    }

    fn describe(&self) -> String {
        format!("pad {} with {}", self.p, self.value)
    }

    fn spec(&self) -> Option<crate::spec::Spec<'_>> {
        Some(crate::spec::Spec::Pad {
            p: self.p,
            value: self.value,
        })
    }
}
