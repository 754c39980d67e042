//! Toric (wrap-around) padding: each map is extended by copies of its own
//! opposite edges, so that windows placed after it wrap around the edges,
//! as SN2.8's `local-toric-connect` and `mask-toric-connect` do.

use crate::error::{ModError, Result};
use crate::module::{check_pair, Ctx, Module, Shape};
use crate::pool::Pool;
use crate::state::State;

/// Adds `before` rows/columns at the top/left and `after` at the
/// bottom/right of each map, taken from the map itself modulo its size:
/// output `(y, x)` is input `((y - before) mod h, (x - before) mod w)`.
/// A window of `k` stepped by `s` over an `n`-wide map wraps as SN2.8's
/// toric connections when `before = 0` and `after = k - s`.
#[derive(Debug, Clone)]
pub struct Wrap {
    before: usize,
    after: usize,
}

impl Wrap {
    /// Wrap-around padding by `before` and `after`.
    pub fn new(before: usize, after: usize) -> Self {
        Wrap { before, after }
    }

    /// The input index of output index `o` along a dimension of `n`.
    fn source(&self, o: usize, n: usize) -> usize {
        (o + n - self.before % n) % n
    }

    fn backward(&self, inp: &mut State, out: &State, ctx: Ctx, second: bool) -> Result<()> {
        check_pair(self, inp, out)?;
        if !ctx.grad_in {
            return Ok(());
        }
        let (h, w) = (inp.dims[2], inp.dims[3]);
        let (oh, ow) = (out.dims[2], out.dims[3]);
        let din = if second { &mut inp.ddx } else { &mut inp.dx };
        let dout = if second { &out.ddx } else { &out.dx };
        for (d, g) in din.chunks_exact_mut(h * w).zip(dout.chunks_exact(oh * ow)) {
            for y in 0..oh {
                let sy = self.source(y, h);
                for x in 0..ow {
                    d[sy * w + self.source(x, w)] += g[y * ow + x];
                }
            }
        }
        Ok(())
    }
}

impl Module for Wrap {
    fn kind(&self) -> &'static str {
        "wrap"
    }

    fn out_shape(&self, inp: &[usize]) -> Result<Shape> {
        if inp.len() != 4 || inp[2] == 0 || inp[3] == 0 {
            let b = inp.first().copied().unwrap_or(1);
            return Err(ModError::shape("wrap", &[b, 1, 1, 1], inp));
        }
        let grow = |n: usize| {
            n.checked_add(self.before)
                .and_then(|v| v.checked_add(self.after))
                .ok_or_else(|| ModError::config("wrap", "padding too large"))
        };
        Shape::new(&[inp[0], inp[1], grow(inp[2])?, grow(inp[3])?])
    }

    fn fprop(&mut self, _pool: &Pool, inp: &State, out: &mut State, _ctx: Ctx) -> Result<()> {
        let s = self.out_shape(&inp.dims)?;
        out.resize(s.dims())?;
        let (h, w) = (inp.dims[2], inp.dims[3]);
        let (oh, ow) = (s.dims()[2], s.dims()[3]);
        for (src, dst) in inp
            .x
            .chunks_exact(h * w)
            .zip(out.x.chunks_exact_mut(oh * ow))
        {
            for y in 0..oh {
                let row = &src[self.source(y, h) * w..][..w];
                for x in 0..ow {
                    dst[y * ow + x] = row[self.source(x, w)];
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
        format!("wrap {} {}", self.before, self.after)
    }
}
