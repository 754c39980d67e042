//! Max pooling over `p×p` windows.

use super::subsample::pool_geom;
use crate::error::{ModError, Result};
use crate::module::{check_pair, Ctx, Module, Shape};
use crate::pool::Pool;
use crate::state::State;

/// Max pooling; remembers the arg-max of each window.
#[derive(Debug, Clone)]
pub struct MaxPool {
    maps: usize,
    p: usize,
    arg: Vec<u32>,
}

impl MaxPool {
    /// Max pooling over `maps` maps with `p×p` windows.
    ///
    /// # Errors
    /// `Config` if a size is zero.
    pub fn new(maps: usize, p: usize) -> Result<Self> {
        if maps == 0 || p == 0 {
            return Err(ModError::config("maxpool", "sizes must be positive"));
        }
        Ok(MaxPool {
            maps,
            p,
            arg: Vec::new(),
        })
    }

    fn backward(&self, inp: &mut State, out: &State, ctx: Ctx, second: bool) -> Result<()> {
        check_pair(self, inp, out)?;
        if self.arg.len() != out.len() {
            return Err(ModError::config("maxpool", "bprop before fprop"));
        }
        if !ctx.grad_in {
            return Ok(());
        }
        let g = pool_geom("maxpool", self.maps, self.p, &inp.dims)?;
        let (pin, pout) = (g.h * g.w, g.oh * g.ow);
        let din = if second { &mut inp.ddx } else { &mut inp.dx };
        let dout = if second { &out.ddx } else { &out.dx };
        for (m, (go, ar)) in dout
            .chunks_exact(pout)
            .zip(self.arg.chunks_exact(pout))
            .enumerate()
        {
            let dpl = &mut din[m * pin..][..pin];
            for (d, &a) in go.iter().zip(ar) {
                dpl[a as usize] += d;
            }
        }
        Ok(())
    }
}

impl Module for MaxPool {
    fn kind(&self) -> &'static str {
        "maxpool"
    }

    fn out_shape(&self, inp: &[usize]) -> Result<Shape> {
        let g = pool_geom("maxpool", self.maps, self.p, inp)?;
        Shape::new(&[inp[0], g.maps, g.oh, g.ow])
    }

    fn fprop(&mut self, _pool: &Pool, inp: &State, out: &mut State, _ctx: Ctx) -> Result<()> {
        let g = pool_geom("maxpool", self.maps, self.p, &inp.dims)?;
        let s = self.out_shape(&inp.dims)?;
        out.resize(s.dims())?;
        crate::error::reserve_f32("maxpool", out.len().saturating_sub(self.arg.len()))?;
        self.arg.resize(out.len(), 0);
        let (pin, pout) = (g.h * g.w, g.oh * g.ow);
        let planes = inp.x.chunks_exact(pin).zip(out.x.chunks_exact_mut(pout));
        for ((pl, o), ar) in planes.zip(self.arg.chunks_exact_mut(pout)) {
            for y in 0..g.oh {
                for x in 0..g.ow {
                    let mut best = (f32::NEG_INFINITY, 0usize);
                    for dy in 0..g.p {
                        for dx in 0..g.p {
                            let i = (y * g.p + dy) * g.w + x * g.p + dx;
                            if pl[i] > best.0 {
                                best = (pl[i], i);
                            }
                        }
                    }
                    o[y * g.ow + x] = best.0;
                    ar[y * g.ow + x] = best.1 as u32;
                }
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
        format!("maxpool {} maps, {}x{}", self.maps, self.p, self.p)
    }

    fn spec(&self) -> Option<crate::spec::Spec<'_>> {
        Some(crate::spec::Spec::MaxPool {
            maps: self.maps,
            p: self.p,
        })
    }
}
