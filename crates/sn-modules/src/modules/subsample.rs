//! LeNet subsampling: `p×p` sum × trainable coefficient + trainable bias,
//! per map. The coefficient multiplies the window's mean (the sum over
//! `p²`), the same function with a parameter of scale 1, which plain SGD
//! needs to be stable.

use std::ops::Range;

use crate::error::{ModError, Result};
use crate::kernels::pool2;
use crate::module::{check_pair, split_batch, workers, Ctx, Module, ParamBlock, Shape};
use crate::pool::Pool;
use crate::rng::Rng;
use crate::state::State;

/// Subsampling layer with two parameters per map.
#[derive(Debug, Clone)]
pub struct Subsample {
    maps: usize,
    p: usize,
    coef: Range<usize>,
    bias: Range<usize>,
    /// Per-worker partial gradients of the coefficients and biases.
    partial: Vec<Vec<f32>>,
}

/// Geometry of one pooling pass: maps, input h×w, output oh×ow, window p.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PoolGeom {
    pub maps: usize,
    pub h: usize,
    pub w: usize,
    pub oh: usize,
    pub ow: usize,
    pub p: usize,
}

/// Checks a `[B, maps, h, w]` input for `p×p` pooling.
pub(crate) fn pool_geom(kind: &str, maps: usize, p: usize, inp: &[usize]) -> Result<PoolGeom> {
    if inp.len() != 4 || inp[1] != maps || inp[2] < p || inp[3] < p {
        let b = inp.first().copied().unwrap_or(1);
        return Err(ModError::shape(kind, &[b, maps, p, p], inp));
    }
    Ok(PoolGeom {
        maps,
        h: inp[2],
        w: inp[3],
        oh: inp[2] / p,
        ow: inp[3] / p,
        p,
    })
}

/// Sum of the `p×p` window at output (y, x) of plane `pl` of width `w`.
#[inline]
fn window_sum(pl: &[f32], w: usize, p: usize, y: usize, x: usize) -> f32 {
    let mut s = 0.0;
    for dy in 0..p {
        let row = &pl[(y * p + dy) * w + x * p..][..p];
        s += row.iter().sum::<f32>();
    }
    s
}

impl Subsample {
    /// A subsampling layer over `maps` maps with `p×p` windows.
    ///
    /// # Errors
    /// `Config` if a size is zero.
    pub fn new(pool: &mut Pool, maps: usize, p: usize) -> Result<Self> {
        if maps == 0 || p == 0 || !pool.fits(2 * maps) {
            return Err(ModError::config(
                "subsample",
                "sizes must be positive and fit the pool",
            ));
        }
        Ok(Subsample {
            maps,
            p,
            coef: pool.alloc(maps)?,
            bias: pool.alloc(maps)?,
            partial: Vec::new(),
        })
    }

    fn backward(
        &mut self,
        pool: &mut Pool,
        inp: &mut State,
        out: &State,
        ctx: Ctx,
        second: bool,
    ) -> Result<()> {
        check_pair(self, inp, out)?;
        let g = pool_geom("subsample", self.maps, self.p, &inp.dims)?;
        let Pool { x: px, dx, ddx, .. } = pool;
        let pd = if second { ddx } else { dx };
        let State {
            x: ix,
            dx: idx,
            ddx: iddx,
            ..
        } = inp;
        let din = if second { iddx } else { idx };
        let dout = if second { &out.ddx } else { &out.dx };
        let (pin, pout) = (g.h * g.w, g.oh * g.ow);
        let t = if ctx.par { workers() } else { 1 };
        if self.partial.len() < t {
            self.partial.resize_with(t, Vec::new);
        }
        let (coef0, maps) = (self.coef.start, g.maps);
        let kmean = 1.0 / (g.p * g.p) as f32;
        let px: &[f32] = px;
        let ix: &[f32] = ix;
        split_batch(
            ctx.par,
            din,
            maps * pin,
            &mut self.partial[..t],
            |first, chunk, part| {
                part.clear();
                part.resize(2 * maps, 0.0);
                for (k, dpl) in chunk.chunks_exact_mut(pin).enumerate() {
                    let m = first * maps + k;
                    let c = m % maps;
                    let coef = px[coef0 + c];
                    let ck = coef * kmean;
                    let f = if second { ck * ck } else { ck };
                    let pl = &ix[m * pin..][..pin];
                    let go = &dout[m * pout..][..pout];
                    let (dc, db) = plane_bwd(&g, pl, go, f, second, ctx.grad_in, dpl);
                    part[c] += dc * if second { kmean * kmean } else { kmean };
                    part[maps + c] += db;
                }
            },
        );
        for part in &self.partial[..t] {
            for c in 0..maps.min(part.len() / 2) {
                pd[self.coef.start + c] += part[c];
                pd[self.bias.start + c] += part[maps + c];
            }
        }
        Ok(())
    }
}

/// Backward over one plane; returns the coefficient and bias terms.
fn plane_bwd(
    g: &PoolGeom,
    pl: &[f32],
    go: &[f32],
    f: f32,
    second: bool,
    grad_in: bool,
    dpl: &mut [f32],
) -> (f32, f32) {
    if g.p == 2 {
        return pool2::sum2_bwd(pl, g.w, g.oh, g.ow, go, f, second, grad_in, dpl);
    }
    let (mut dc, mut db) = (0.0, 0.0);
    for y in 0..g.oh {
        for x in 0..g.ow {
            let d = go[y * g.ow + x];
            let s = window_sum(pl, g.w, g.p, y, x);
            dc += d * if second { s * s } else { s };
            db += d;
            if grad_in {
                for dy in 0..g.p {
                    dpl[(y * g.p + dy) * g.w + x * g.p..][..g.p]
                        .iter_mut()
                        .for_each(|r| *r += f * d);
                }
            }
        }
    }
    (dc, db)
}

/// Forward over one plane.
fn plane_fwd(g: &PoolGeom, pl: &[f32], coef: f32, bias: f32, o: &mut [f32]) {
    if g.p == 2 {
        return pool2::sum2_fwd(pl, g.w, g.oh, g.ow, coef, bias, o);
    }
    for y in 0..g.oh {
        for x in 0..g.ow {
            o[y * g.ow + x] = coef * window_sum(pl, g.w, g.p, y, x) + bias;
        }
    }
}

impl Module for Subsample {
    fn kind(&self) -> &'static str {
        "subsample"
    }

    fn out_shape(&self, inp: &[usize]) -> Result<Shape> {
        let g = pool_geom("subsample", self.maps, self.p, inp)?;
        Shape::new(&[inp[0], g.maps, g.oh, g.ow])
    }

    fn fprop(&mut self, pool: &Pool, inp: &State, out: &mut State, ctx: Ctx) -> Result<()> {
        let g = pool_geom("subsample", self.maps, self.p, &inp.dims)?;
        let s = self.out_shape(&inp.dims)?;
        out.resize(s.dims())?;
        let (pin, pout) = (g.h * g.w, g.oh * g.ow);
        let (coef0, bias0) = (self.coef.start, self.bias.start);
        let mut units = [(); 16];
        let t = if ctx.par { workers().min(16) } else { 1 };
        split_batch(
            ctx.par,
            &mut out.x,
            g.maps * pout,
            &mut units[..t],
            |first, chunk, _| {
                for (k, o) in chunk.chunks_exact_mut(pout).enumerate() {
                    let m = first * g.maps + k;
                    let c = m % g.maps;
                    plane_fwd(
                        &g,
                        &inp.x[m * pin..][..pin],
                        pool.x[coef0 + c] / (g.p * g.p) as f32,
                        pool.x[bias0 + c],
                        o,
                    );
                }
            },
        );
        Ok(())
    }

    fn bprop(&mut self, pool: &mut Pool, inp: &mut State, out: &State, ctx: Ctx) -> Result<()> {
        self.backward(pool, inp, out, ctx, false)
    }

    fn bbprop(&mut self, pool: &mut Pool, inp: &mut State, out: &State, ctx: Ctx) -> Result<()> {
        self.backward(pool, inp, out, ctx, true)
    }

    fn forget(&mut self, pool: &mut Pool, rng: &mut Rng) {
        // the average of the window, give or take 20 %
        for c in 0..self.maps {
            pool.x[self.coef.start + c] = rng.range(0.8, 1.2);
            pool.x[self.bias.start + c] = rng.range(-0.1, 0.1);
        }
    }

    fn param_blocks(&self) -> Vec<ParamBlock> {
        vec![
            ParamBlock {
                name: "kernel",
                range: self.coef.clone(),
                dims: vec![self.maps],
            },
            ParamBlock {
                name: "bias",
                range: self.bias.clone(),
                dims: vec![self.maps],
            },
        ]
    }

    fn pool_end(&self) -> usize {
        self.bias.end
    }

    fn nparams(&self) -> usize {
        2 * self.maps
    }

    fn connections(&self, inp: &[usize]) -> Result<usize> {
        let g = pool_geom("subsample", self.maps, self.p, inp)?;
        Ok(g.maps * g.oh * g.ow * (g.p * g.p + 1))
    }

    fn macs(&self, _inp: &[usize]) -> Result<usize> {
        Ok(0)
    }

    fn describe(&self) -> String {
        format!("subsample {} maps, {}x{}", self.maps, self.p, self.p)
    }

    fn spec(&self) -> Option<crate::spec::Spec<'_>> {
        Some(crate::spec::Spec::Subsample {
            maps: self.maps,
            p: self.p,
            coef: self.coef.clone(),
            bias: self.bias.clone(),
        })
    }
}
