//! Log-softmax over the maps, at every position.
//!
//! On a state `(batch, maps, h, w)` (or `(batch, maps)`, or any rank from 2
//! to 4 with the maps second) the output at map `i` and position `(h, w)`
//! of a sample is `y_i = x_i − log Σ_j exp(x_j)`, the sum running over the
//! maps at that same position. A recognizer run as a space-displacement
//! network gives, at each of its output columns, log-probabilities of the
//! classes; `−y` are then the penalties of a graph transformer's arcs.
//!
//! Computed stably: the maximum over the maps is subtracted before the
//! exponentials (`y_i = (x_i − m) − log Σ_j exp(x_j − m)`).
//!
//! Derivatives, with `p_i = exp(y_i)` (the softmax) and the sums over the
//! maps of one position:
//!
//! * `bprop`: `∂y_k/∂x_i = δ_ki − p_i`, so `dx_i += dy_i − p_i Σ_k dy_k`;
//! * `bbprop` propagates the Gauss-Newton diagonal as the other modules
//!   do: the squared Jacobian applied to the output's second derivatives,
//!   `ddx_i += Σ_k (δ_ki − p_i)² ddy_k = (1 − 2 p_i) ddy_i + p_i² Σ_k ddy_k`
//!   (the terms in `∂²y/∂x²` and the off-diagonal products are dropped, as
//!   in stochastic diagonal Levenberg-Marquardt; the result is ≥ 0 when the
//!   `ddy` are).

use crate::error::{reserve_f32, ModError, Result};
use crate::module::{check_pair, Ctx, Module, Shape};
use crate::pool::Pool;
use crate::state::State;

/// Log-softmax over dimension 1 (the maps) at every position.
#[derive(Debug, Clone, Default)]
pub struct LogSoftmax {
    /// Per-position workspace (maxima, then sums).
    acc: Vec<f32>,
}

/// The layout of a state: samples, maps, positions per map.
fn layout(inp: &[usize]) -> Result<(usize, usize, usize)> {
    if inp.len() < 2 || inp.len() > 4 || inp[1] == 0 {
        let b = inp.first().copied().unwrap_or(1);
        return Err(ModError::shape("logsoftmax", &[b, 1], inp));
    }
    Ok((inp[0], inp[1], inp[2..].iter().product()))
}

impl LogSoftmax {
    /// A log-softmax module.
    pub fn new() -> Self {
        LogSoftmax::default()
    }

    /// Sizes the per-position workspace.
    fn workspace(&mut self, n: usize) -> Result<&mut [f32]> {
        if n > self.acc.capacity() {
            reserve_f32("logsoftmax", n - self.acc.len())?;
        }
        self.acc.resize(n, 0.0);
        Ok(&mut self.acc[..n])
    }
}

/// One sample: `x`, `y` are `maps × n` (map-major); `acc` has `n` values.
fn sample_fwd(x: &[f32], y: &mut [f32], n: usize, acc: &mut [f32]) {
    acc.copy_from_slice(&x[..n]);
    for row in x.chunks_exact(n).skip(1) {
        acc.iter_mut().zip(row).for_each(|(m, &v)| *m = m.max(v));
    }
    for (yr, xr) in y.chunks_exact_mut(n).zip(x.chunks_exact(n)) {
        yr.iter_mut()
            .zip(xr)
            .zip(acc.iter())
            .for_each(|((o, &v), &m)| *o = v - m);
    }
    // acc now becomes the log of the sums of exp(x - m)
    acc.iter_mut().for_each(|m| *m = 0.0);
    for yr in y.chunks_exact(n) {
        acc.iter_mut().zip(yr).for_each(|(s, &v)| *s += v.exp());
    }
    acc.iter_mut().for_each(|s| *s = s.ln());
    for yr in y.chunks_exact_mut(n) {
        yr.iter_mut().zip(acc.iter()).for_each(|(o, &l)| *o -= l);
    }
}

/// One sample's backward pass: `acc` gets `Σ_k g_k`; `second` selects the
/// Gauss-Newton rule.
fn sample_bwd(y: &[f32], g: &[f32], d: &mut [f32], n: usize, acc: &mut [f32], second: bool) {
    acc.iter_mut().for_each(|s| *s = 0.0);
    for gr in g.chunks_exact(n) {
        acc.iter_mut().zip(gr).for_each(|(s, &v)| *s += v);
    }
    for ((dr, gr), yr) in d
        .chunks_exact_mut(n)
        .zip(g.chunks_exact(n))
        .zip(y.chunks_exact(n))
    {
        for (((o, &gv), &yv), &s) in dr.iter_mut().zip(gr).zip(yr).zip(acc.iter()) {
            let p = yv.exp();
            *o += if second {
                (1.0 - 2.0 * p) * gv + p * p * s
            } else {
                gv - p * s
            };
        }
    }
}

impl LogSoftmax {
    fn backward(&mut self, inp: &mut State, out: &State, second: bool) -> Result<()> {
        check_pair(self, inp, out)?;
        let (b, maps, n) = layout(&inp.dims)?;
        let per = maps * n;
        let acc = self.workspace(n)?;
        let g = if second { &out.ddx } else { &out.dx };
        let d = if second { &mut inp.ddx } else { &mut inp.dx };
        for s in 0..b {
            let r = s * per..(s + 1) * per;
            sample_bwd(&out.x[r.clone()], &g[r.clone()], &mut d[r], n, acc, second);
        }
        Ok(())
    }
}

impl Module for LogSoftmax {
    fn kind(&self) -> &'static str {
        "logsoftmax"
    }

    fn spec(&self) -> Option<crate::spec::Spec<'_>> {
        Some(crate::spec::Spec::LogSoftmax)
    }

    fn out_shape(&self, inp: &[usize]) -> Result<Shape> {
        layout(inp)?;
        Shape::new(inp)
    }

    fn fprop(&mut self, _pool: &Pool, inp: &State, out: &mut State, _ctx: Ctx) -> Result<()> {
        let s = self.out_shape(&inp.dims)?;
        let (b, maps, n) = layout(&inp.dims)?;
        out.resize(s.dims())?;
        let per = maps * n;
        let acc = self.workspace(n)?;
        for k in 0..b {
            let r = k * per..(k + 1) * per;
            sample_fwd(&inp.x[r.clone()], &mut out.x[r], n, acc);
        }
        Ok(())
    }

    fn bprop(&mut self, _pool: &mut Pool, inp: &mut State, out: &State, ctx: Ctx) -> Result<()> {
        if ctx.grad_in {
            self.backward(inp, out, false)?;
        } else {
            check_pair(self, inp, out)?;
        }
        Ok(())
    }

    fn bbprop(&mut self, _pool: &mut Pool, inp: &mut State, out: &State, ctx: Ctx) -> Result<()> {
        if ctx.grad_in {
            self.backward(inp, out, true)?;
        } else {
            check_pair(self, inp, out)?;
        }
        Ok(())
    }
}
