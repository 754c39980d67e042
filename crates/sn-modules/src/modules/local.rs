//! Locally connected layer: windows as in a convolution, but every output
//! unit has its own kernel and its own bias (no weight sharing), as the
//! hidden layers of LeCun's 1989 Net-3 and Net-4.

use std::ops::Range;

use crate::error::{ModError, Result};
use crate::module::{check_pair, Ctx, Module, Shape};
use crate::pool::Pool;
use crate::rng::Rng;
use crate::state::State;

/// Geometry of a locally connected layer.
#[derive(Debug, Clone, Copy)]
struct Geom {
    cin: usize,
    cout: usize,
    ih: usize,
    iw: usize,
    kh: usize,
    kw: usize,
    stride: usize,
    oh: usize,
    ow: usize,
}

impl Geom {
    /// Inputs of one unit (`cin·kh·kw`).
    fn fan(&self) -> usize {
        self.cin * self.kh * self.kw
    }

    /// Output units per sample.
    fn units(&self) -> usize {
        self.cout * self.oh * self.ow
    }
}

/// A locally connected layer on `[cin, ih, iw]` maps: output unit
/// `(o, y, x)` reads the `kh×kw` windows at `(y·stride, x·stride)` of all
/// input maps with its own weights (`[cout, oh, ow, cin, kh, kw]` in the
/// pool) and its own bias (`[cout, oh, ow]`, after the weights).
#[derive(Debug, Clone)]
pub struct Local {
    g: Geom,
    w: Range<usize>,
    b: Range<usize>,
}

impl Local {
    /// A layer from `cin` maps of `ih×iw` to `cout` maps, windows `kh×kw`
    /// stepped by `stride`; parameters in `pool`.
    ///
    /// # Errors
    /// `Config` for zero sizes or windows larger than the input; `Memory`
    /// past the pool's capacity.
    pub fn new(
        pool: &mut Pool,
        cin: usize,
        cout: usize,
        (ih, iw): (usize, usize),
        (kh, kw): (usize, usize),
        stride: usize,
    ) -> Result<Self> {
        if [cin, cout, ih, iw, kh, kw, stride].contains(&0) {
            return Err(ModError::config("local", "sizes must be positive"));
        }
        if kh > ih || kw > iw {
            return Err(ModError::config(
                "local",
                format!("windows of {kh}x{kw} do not fit in {ih}x{iw} maps"),
            ));
        }
        let (oh, ow) = ((ih - kh) / stride + 1, (iw - kw) / stride + 1);
        let g = Geom {
            cin,
            cout,
            ih,
            iw,
            kh,
            kw,
            stride,
            oh,
            ow,
        };
        let units = cout.checked_mul(oh * ow);
        let n = units.and_then(|u| u.checked_mul(g.fan() + 1));
        if !n.is_some_and(|n| pool.fits(n)) {
            return Err(ModError::Memory(
                "local: the layer makes more than 2^28 parameters in the param".into(),
            ));
        }
        let w = pool.alloc(g.units() * g.fan())?;
        let b = pool.alloc(g.units())?;
        Ok(Local { g, w, b })
    }

    /// Offsets in one input sample of the `fan` inputs of output position
    /// `(y, x)`, in the weights' order.
    fn window(&self, y: usize, x: usize, idx: &mut Vec<usize>) {
        let g = &self.g;
        idx.clear();
        for c in 0..g.cin {
            for i in 0..g.kh {
                let row = (c * g.ih + y * g.stride + i) * g.iw + x * g.stride;
                idx.extend(row..row + g.kw);
            }
        }
    }

    /// Backward pass over `dout` (gradients or second derivatives): with
    /// `second`, inputs and weights enter squared.
    fn backward(
        &self,
        pool: &mut Pool,
        inp: &mut State,
        out: &State,
        ctx: Ctx,
        second: bool,
    ) -> Result<()> {
        check_pair(self, inp, out)?;
        let g = self.g;
        let (fan, units, per_in) = (g.fan(), g.units(), g.cin * g.ih * g.iw);
        let dout = if second { &out.ddx } else { &out.dx };
        let (pw, pb) = if second {
            pool.ddx[self.w.start..self.b.end].split_at_mut(self.w.len())
        } else {
            pool.dx[self.w.start..self.b.end].split_at_mut(self.w.len())
        };
        let w = &pool.x[self.w.clone()];
        let batch = inp.batch();
        let din = if second { &mut inp.ddx } else { &mut inp.dx };
        let mut idx = Vec::with_capacity(fan);
        for s in 0..batch {
            let xin = &inp.x[s * per_in..][..per_in];
            let go = &dout[s * units..][..units];
            let gi = &mut din[s * per_in..][..per_in];
            for y in 0..g.oh {
                for x in 0..g.ow {
                    self.window(y, x, &mut idx);
                    for o in 0..g.cout {
                        let u = (o * g.oh + y) * g.ow + x;
                        let d = go[u];
                        pb[u] += d;
                        let (ku, wu) = (&mut pw[u * fan..][..fan], &w[u * fan..][..fan]);
                        for (k, &j) in idx.iter().enumerate() {
                            let v = xin[j];
                            ku[k] += d * if second { v * v } else { v };
                            if ctx.grad_in {
                                gi[j] += d * if second { wu[k] * wu[k] } else { wu[k] };
                            }
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

impl Module for Local {
    fn kind(&self) -> &'static str {
        "local"
    }

    fn out_shape(&self, inp: &[usize]) -> Result<Shape> {
        let g = &self.g;
        if inp.len() != 4 || inp[1..] != [g.cin, g.ih, g.iw] {
            let b = inp.first().copied().unwrap_or(1);
            return Err(ModError::shape("local", &[b, g.cin, g.ih, g.iw], inp));
        }
        Shape::new(&[inp[0], g.cout, g.oh, g.ow])
    }

    fn fprop(&mut self, pool: &Pool, inp: &State, out: &mut State, _ctx: Ctx) -> Result<()> {
        let s = self.out_shape(&inp.dims)?;
        out.resize(s.dims())?;
        let g = self.g;
        let (fan, units, per_in) = (g.fan(), g.units(), g.cin * g.ih * g.iw);
        let (w, bias) = (&pool.x[self.w.clone()], &pool.x[self.b.clone()]);
        let mut idx = Vec::with_capacity(fan);
        for s in 0..inp.batch() {
            let xin = &inp.x[s * per_in..][..per_in];
            let xo = &mut out.x[s * units..][..units];
            for y in 0..g.oh {
                for x in 0..g.ow {
                    self.window(y, x, &mut idx);
                    for o in 0..g.cout {
                        let u = (o * g.oh + y) * g.ow + x;
                        let wu = &w[u * fan..][..fan];
                        let dot: f32 = idx.iter().zip(wu).map(|(&j, &k)| xin[j] * k).sum();
                        xo[u] = bias[u] + dot;
                    }
                }
            }
        }
        Ok(())
    }

    fn bprop(&mut self, pool: &mut Pool, inp: &mut State, out: &State, ctx: Ctx) -> Result<()> {
        self.backward(pool, inp, out, ctx, false)
    }

    fn bbprop(&mut self, pool: &mut Pool, inp: &mut State, out: &State, ctx: Ctx) -> Result<()> {
        self.backward(pool, inp, out, ctx, true)
    }

    fn forget(&mut self, pool: &mut Pool, rng: &mut Rng) {
        let a = rng.bound(self.g.fan());
        for v in &mut pool.x[self.w.start..self.b.end] {
            *v = rng.range(-a, a);
        }
    }

    fn pool_end(&self) -> usize {
        self.b.end
    }

    fn nparams(&self) -> usize {
        self.g.units() * (self.g.fan() + 1)
    }

    fn connections(&self, inp: &[usize]) -> Result<usize> {
        self.out_shape(inp)?;
        Ok(self.nparams())
    }

    fn macs(&self, inp: &[usize]) -> Result<usize> {
        self.out_shape(inp)?;
        Ok(self.g.units() * self.g.fan())
    }

    fn describe(&self) -> String {
        let g = &self.g;
        format!(
            "local {}x{}x{} -> {}x{}x{}, {}x{} windows, stride {}",
            g.cin, g.ih, g.iw, g.cout, g.oh, g.ow, g.kh, g.kw, g.stride
        )
    }
}
