//! Convolution with kernel size, stride and a connection table.

use std::ops::Range;

use crate::error::{count, reserve_f32, ModError, Result};
use crate::kernels::unfold::{fold_add, unfold, unfold_t, Geom};
use crate::kernels::{elem, full, gemm, Mat};
use crate::module::{check_pair, split_batch, workers, Ctx, Module, ParamBlock, Shape};
use crate::pool::Pool;
use crate::rng::Rng;
use crate::state::State;

#[derive(Debug, Clone, Default)]
struct Scratch {
    col: Vec<f32>,
    dcol: Vec<f32>,
    dw: Vec<f32>,
    db: Vec<f32>,
}

/// A 2-D convolution: output map `o` is the sum over the table entries
/// `(i, o)` of input map `i` convolved with its own kernel, plus a bias.
/// One kernel of `kh×kw` parameters per table entry, one bias per output map.
#[derive(Debug, Clone)]
pub struct Conv {
    cin: usize,
    cout: usize,
    kh: usize,
    kw: usize,
    stride: usize,
    table: Vec<(usize, usize)>,
    full_table: bool,
    w: Range<usize>,
    b: Range<usize>,
    dense: Vec<f32>,
    xsq: Vec<f32>,
    scratch: Vec<Scratch>,
}

/// The full connection table from `cin` to `cout` maps.
pub fn full_table(cin: usize, cout: usize) -> Vec<(usize, usize)> {
    (0..cout)
        .flat_map(|o| (0..cin).map(move |i| (i, o)))
        .collect()
}

impl Conv {
    /// A convolution with `kh×kw` kernels, `stride`, and the connection
    /// `table` of `(input map, output map)` pairs.
    ///
    /// # Errors
    /// `Config` for a zero size, an entry out of range or a duplicate entry.
    pub fn new(
        pool: &mut Pool,
        cin: usize,
        cout: usize,
        (kh, kw): (usize, usize),
        stride: usize,
        table: &[(usize, usize)],
    ) -> Result<Self> {
        if cin == 0 || cout == 0 || kh == 0 || kw == 0 || stride == 0 {
            return Err(ModError::config(
                "conv",
                "sizes and stride must be positive",
            ));
        }
        let mut t = table.to_vec();
        t.sort_by_key(|&(i, o)| (o, i));
        for (k, &(i, o)) in t.iter().enumerate() {
            if i >= cin || o >= cout {
                return Err(ModError::config(
                    "conv",
                    format!("table entry ({i} {o}) out of range"),
                ));
            }
            if k > 0 && t[k - 1] == (i, o) {
                return Err(ModError::config(
                    "conv",
                    format!("duplicate table entry ({i} {o})"),
                ));
            }
        }
        let nw = t.len().checked_mul(kh).and_then(|v| v.checked_mul(kw));
        if !nw.is_some_and(|n| pool.fits(n + cout))
            || cin.saturating_mul(kh).saturating_mul(kw) > Pool::MAX
        {
            return Err(ModError::Memory(
                "conv: more than 2^28 parameters in the param".to_string(),
            ));
        }
        // sorted, in range and without duplicates: full when all pairs are there
        let full_table = Some(t.len()) == cin.checked_mul(cout);
        let w = pool.alloc(t.len() * kh * kw)?;
        let b = pool.alloc(cout)?;
        Ok(Conv {
            cin,
            cout,
            kh,
            kw,
            stride,
            table: t,
            full_table,
            w,
            b,
            dense: Vec::new(),
            xsq: Vec::new(),
            scratch: Vec::new(),
        })
    }

    /// Number of kernels (table entries).
    pub fn kernels(&self) -> usize {
        self.table.len()
    }

    fn geom(&self, inp: &[usize]) -> Result<Geom> {
        let ok = inp.len() == 4 && inp[1] == self.cin && inp[2] >= self.kh && inp[3] >= self.kw;
        if !ok {
            let b = inp.first().copied().unwrap_or(1);
            return Err(ModError::shape(
                "conv",
                &[b, self.cin, self.kh, self.kw],
                inp,
            ));
        }
        Ok(Geom {
            cin: self.cin,
            h: inp[2],
            w: inp[3],
            kh: self.kh,
            kw: self.kw,
            s: self.stride,
        })
    }

    /// Weights as a dense `[cout × cin·kh·kw]` matrix (squared if `sq`),
    /// either the pool's slice (full table) or `dense` filled from it.
    fn dense_weights<'a>(&self, x: &'a [f32], dense: &'a mut Vec<f32>, sq: bool) -> &'a [f32] {
        let kk = self.kh * self.kw;
        let k = self.cin * kk;
        if self.full_table && !sq {
            return &x[self.w.clone()];
        }
        // reserved by `ensure_scratch`
        dense.resize(self.cout * k, 0.0);
        dense.iter_mut().for_each(|v| *v = 0.0);
        for (e, &(i, o)) in self.table.iter().enumerate() {
            let src = &x[self.w.start + e * kk..][..kk];
            let dst = &mut dense[o * k + i * kk..][..kk];
            if sq {
                elem::square(src, dst);
            } else {
                dst.copy_from_slice(src);
            }
        }
        dense
    }

    /// Adds a dense `[cout × k]` gradient into the pool's kernels.
    fn gather(&self, dense: &[f32], pd: &mut [f32]) {
        let kk = self.kh * self.kw;
        let k = self.cin * kk;
        for (e, &(i, o)) in self.table.iter().enumerate() {
            let dst = &mut pd[self.w.start + e * kk..][..kk];
            let src = &dense[o * k + i * kk..][..kk];
            dst.iter_mut().zip(src).for_each(|(d, s)| *d += s);
        }
    }

    /// Checks that the workspaces of a pass over `g` (per worker: the
    /// unfolded input and its gradient, the kernels' gradients; shared: the
    /// dense weights and the packed panels of the products) fit in the
    /// memory budget, then sizes them; returns the number of workers.
    fn ensure_scratch(&mut self, par: bool, g: &Geom) -> Result<usize> {
        let t = if par { workers() } else { 1 };
        let (k, n) = (g.k(), g.n());
        let col = count("conv", &[k, n])?.saturating_add(16);
        let dw = count("conv", &[self.cout, k])?;
        let per = col
            .saturating_mul(2)
            .saturating_add(dw)
            .saturating_add(self.cout);
        let have = self.scratch.first().map_or(0, |s| s.col.capacity());
        if col > have {
            // workspaces, dense weights, their squares and packed copies
            reserve_f32(
                "conv",
                per.saturating_mul(t).saturating_add(dw.saturating_mul(3)),
            )?;
        }
        if self.scratch.len() < t {
            self.scratch.resize_with(t, Scratch::default);
        }
        for s in &mut self.scratch[..t] {
            // slack so that partial panels of the products are read in place
            s.col.resize(k * n + 16, 0.0);
            s.dcol.resize(k * n + 16, 0.0);
            s.dw.resize(self.cout * k, 0.0);
            s.db.resize(self.cout, 0.0);
        }
        Ok(t)
    }

    /// Whether the kernels cover the whole input (one output pixel).
    fn covers_input(g: &Geom) -> bool {
        g.kh == g.h && g.kw == g.w
    }
}

impl Module for Conv {
    fn kind(&self) -> &'static str {
        "conv"
    }

    fn out_shape(&self, inp: &[usize]) -> Result<Shape> {
        let g = self.geom(inp)?;
        Shape::new(&[inp[0], self.cout, g.oh(), g.ow()])
    }

    fn fprop(&mut self, pool: &Pool, inp: &State, out: &mut State, ctx: Ctx) -> Result<()> {
        let g = self.geom(&inp.dims)?;
        let s = self.out_shape(&inp.dims)?;
        let t = self.ensure_scratch(ctx.par, &g)?;
        out.resize(s.dims())?;
        let mut dense = std::mem::take(&mut self.dense);
        let w = self.dense_weights(&pool.x, &mut dense, false);
        let bias = &pool.x[self.b.clone()];
        let (b, k, n, cout) = (inp.batch(), g.k(), g.n(), self.cout);
        if Self::covers_input(&g) {
            full::forward(ctx.par, &inp.x, b, k, w, cout, Some(bias), &mut out.x);
        } else {
            let per_in = g.cin * g.h * g.w;
            let x = &inp.x;
            split_batch(
                ctx.par,
                &mut out.x,
                cout * n,
                &mut self.scratch[..t],
                |first, chunk, sc| {
                    for (i, ob) in chunk.chunks_exact_mut(cout * n).enumerate() {
                        unfold(&g, &x[(first + i) * per_in..][..per_in], &mut sc.col);
                        for (o, row) in ob.chunks_exact_mut(n).enumerate() {
                            row.iter_mut().for_each(|v| *v = bias[o]);
                        }
                        gemm(
                            cout,
                            k,
                            n,
                            Mat::rows(w, k),
                            Mat::rows(&sc.col, n),
                            1.0,
                            ob,
                            n,
                        );
                    }
                },
            );
        }
        self.dense = dense;
        Ok(())
    }

    fn bprop(&mut self, pool: &mut Pool, inp: &mut State, out: &State, ctx: Ctx) -> Result<()> {
        check_pair(self, inp, out)?;
        self.backward(pool, inp, out, ctx, false)
    }

    fn bbprop(&mut self, pool: &mut Pool, inp: &mut State, out: &State, ctx: Ctx) -> Result<()> {
        check_pair(self, inp, out)?;
        self.backward(pool, inp, out, ctx, true)
    }

    fn forget(&mut self, pool: &mut Pool, rng: &mut Rng) {
        let kk = self.kh * self.kw;
        for o in 0..self.cout {
            let fan = self.table.iter().filter(|e| e.1 == o).count() * kk;
            let a = rng.bound(fan);
            for (e, _) in self.table.iter().enumerate().filter(|(_, e)| e.1 == o) {
                for v in &mut pool.x[self.w.start + e * kk..][..kk] {
                    *v = rng.range(-a, a);
                }
            }
            pool.x[self.b.start + o] = rng.range(-a, a);
        }
    }

    fn param_blocks(&self) -> Vec<ParamBlock> {
        vec![
            ParamBlock {
                name: "kernel",
                range: self.w.clone(),
                dims: vec![self.table.len(), self.kh, self.kw],
            },
            ParamBlock {
                name: "bias",
                range: self.b.clone(),
                dims: vec![self.cout],
            },
        ]
    }

    fn pool_end(&self) -> usize {
        self.b.end
    }

    fn nparams(&self) -> usize {
        self.table.len() * self.kh * self.kw + self.cout
    }

    fn connections(&self, inp: &[usize]) -> Result<usize> {
        let g = self.geom(inp)?;
        Ok(g.n() * (self.table.len() * self.kh * self.kw + self.cout))
    }

    fn macs(&self, inp: &[usize]) -> Result<usize> {
        let g = self.geom(inp)?;
        Ok(g.n() * self.table.len() * self.kh * self.kw)
    }

    fn describe(&self) -> String {
        format!(
            "conv {}->{} maps, {}x{} kernels, stride {}, {} kernels",
            self.cin,
            self.cout,
            self.kh,
            self.kw,
            self.stride,
            self.table.len()
        )
    }

    fn spec(&self) -> Option<crate::spec::Spec<'_>> {
        Some(crate::spec::Spec::Conv {
            cin: self.cin,
            cout: self.cout,
            kh: self.kh,
            kw: self.kw,
            stride: self.stride,
            table: &self.table,
            w: self.w.clone(),
            b: self.b.clone(),
        })
    }
}

impl Conv {
    /// Gradient (`second` false) or Gauss-Newton second-derivative
    /// (`second` true) back-propagation.
    fn backward(
        &mut self,
        pool: &mut Pool,
        inp: &mut State,
        out: &State,
        ctx: Ctx,
        second: bool,
    ) -> Result<()> {
        let g = self.geom(&inp.dims)?;
        let t = self.ensure_scratch(ctx.par, &g)?;
        reserve_f32("conv", ix_len_growth(&self.xsq, inp.x.len(), second))?;
        let mut dense = std::mem::take(&mut self.dense);
        let mut xsq = std::mem::take(&mut self.xsq);
        let Pool {
            x: px,
            dx: pdx,
            ddx: pddx,
            ..
        } = pool;
        let pd = if second { pddx } else { pdx };
        let w = self.dense_weights(px, &mut dense, second);
        let State {
            x: ix,
            dx: idx,
            ddx: iddx,
            ..
        } = inp;
        let din = if second { iddx } else { idx };
        let dout = if second { &out.ddx } else { &out.dx };
        let (b, k, n, cout) = (ix.len() / (g.cin * g.h * g.w), g.k(), g.n(), self.cout);
        let xin: &[f32] = if second {
            xsq.resize(ix.len(), 0.0);
            elem::square(ix, &mut xsq);
            &xsq
        } else {
            ix
        };
        if Self::covers_input(&g) {
            if self.full_table {
                let (dw, db) = pd[self.w.start..self.b.end].split_at_mut(cout * k);
                full::backward_w(ctx.par, xin, b, k, dout, cout, dw, Some(db));
            } else {
                let sc = &mut self.scratch[0];
                sc.dw.iter_mut().for_each(|v| *v = 0.0);
                sc.db.iter_mut().for_each(|v| *v = 0.0);
                full::backward_w(ctx.par, xin, b, k, dout, cout, &mut sc.dw, Some(&mut sc.db));
                self.reduce(pd, 1);
            }
            if ctx.grad_in {
                full::backward_x(ctx.par, dout, b, cout, w, k, din);
            }
        } else {
            let per_in = g.cin * g.h * g.w;
            let grad_in = ctx.grad_in;
            split_batch(
                ctx.par,
                din,
                per_in,
                &mut self.scratch[..t],
                |first, chunk, sc| {
                    sc.dw.iter_mut().for_each(|v| *v = 0.0);
                    sc.db.iter_mut().for_each(|v| *v = 0.0);
                    for (i, db) in chunk.chunks_exact_mut(per_in).enumerate() {
                        let s = first + i;
                        unfold_t(&g, &xin[s * per_in..][..per_in], &mut sc.col);
                        let go = &dout[s * cout * n..][..cout * n];
                        gemm(
                            cout,
                            n,
                            k,
                            Mat::rows(go, n),
                            Mat::rows(&sc.col, k),
                            1.0,
                            &mut sc.dw,
                            k,
                        );
                        for (o, row) in go.chunks_exact(n).enumerate() {
                            sc.db[o] += elem::sum(row);
                        }
                        if grad_in {
                            gemm(
                                k,
                                cout,
                                n,
                                Mat::t(w, k),
                                Mat::rows(go, n),
                                0.0,
                                &mut sc.dcol,
                                n,
                            );
                            fold_add(&g, &sc.dcol, db);
                        }
                    }
                },
            );
            self.reduce(pd, t);
        }
        self.dense = dense;
        self.xsq = xsq;
        Ok(())
    }

    /// Adds the first `t` scratch gradients into the pool.
    fn reduce(&mut self, pd: &mut [f32], t: usize) {
        let scratch = std::mem::take(&mut self.scratch);
        for sc in &scratch[..t] {
            self.gather(&sc.dw, pd);
            let bias = &mut pd[self.b.clone()];
            bias.iter_mut().zip(&sc.db).for_each(|(d, s)| *d += s);
        }
        self.scratch = scratch;
    }
}

/// Elements `buf` must grow by to hold the squares of an input of `len`
/// values (none for a first-order pass).
pub(crate) fn ix_len_growth(buf: &[f32], len: usize, second: bool) -> usize {
    if second {
        len.saturating_sub(buf.len())
    } else {
        0
    }
}
