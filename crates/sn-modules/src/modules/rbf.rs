//! Euclidean RBF output layer with fixed prototypes:
//! `y_i = Σ_j (x_j − w_ij)²`.

use crate::error::{count, reserve_f32, ModError, Result};
use crate::module::{check_pair, Ctx, Module, Shape};
use crate::pool::Pool;
use crate::rng::Rng;
use crate::state::State;

/// RBF layer; its prototypes are fixed (not in the parameter pool).
#[derive(Debug, Clone)]
pub struct Rbf {
    nin: usize,
    classes: usize,
    protos: Vec<f32>,
}

impl Rbf {
    /// An RBF layer with the given `[classes × nin]` prototypes.
    ///
    /// # Errors
    /// `Config` if the prototype count does not match.
    pub fn new(nin: usize, classes: usize, protos: Vec<f32>) -> Result<Self> {
        if nin == 0 || classes == 0 || Some(protos.len()) != nin.checked_mul(classes) {
            return Err(ModError::config(
                "rbf",
                "need classes x nin prototype values",
            ));
        }
        Ok(Rbf {
            nin,
            classes,
            protos,
        })
    }

    /// Deterministic ±1 codes (seeded), balanced so that each has as many
    /// +1 as −1 give or take one.
    ///
    /// # Errors
    /// `Config` for a zero size; `Memory` if the `classes × nin` codes do
    /// not fit in the memory budget.
    pub fn pm1_codes(nin: usize, classes: usize, seed: u64) -> Result<Vec<f32>> {
        if nin == 0 || classes == 0 {
            return Err(ModError::config("rbf", "sizes must be positive"));
        }
        let n = count("rbf", &[nin, classes])?;
        reserve_f32("rbf", n.saturating_add(nin))?;
        let mut rng = Rng::new(seed);
        let mut v = Vec::with_capacity(n);
        for _ in 0..classes {
            let mut code: Vec<f32> = (0..nin)
                .map(|j| if j % 2 == 0 { 1.0 } else { -1.0 })
                .collect();
            rng.shuffle(&mut code);
            v.extend(code);
        }
        Ok(v)
    }

    /// The prototypes, `[classes × nin]`.
    pub fn prototypes(&self) -> &[f32] {
        &self.protos
    }

    fn backward(&self, inp: &mut State, out: &State, ctx: Ctx, second: bool) -> Result<()> {
        check_pair(self, inp, out)?;
        if !ctx.grad_in {
            return Ok(());
        }
        let (n, c) = (self.nin, self.classes);
        let State { x: ix, dx, ddx, .. } = inp;
        let din = if second { ddx } else { dx };
        for (b, x) in ix.chunks_exact(n).enumerate() {
            let d = &mut din[b * n..][..n];
            for i in 0..c {
                let w = &self.protos[i * n..][..n];
                let g = out.dx[b * c + i];
                let h = out.ddx[b * c + i];
                for j in 0..n {
                    let e = x[j] - w[j];
                    d[j] += if second {
                        4.0 * e * e * h + 2.0 * g
                    } else {
                        2.0 * e * g
                    };
                }
            }
        }
        Ok(())
    }
}

impl Module for Rbf {
    fn kind(&self) -> &'static str {
        "rbf"
    }

    fn out_shape(&self, inp: &[usize]) -> Result<Shape> {
        let per: usize = inp.iter().skip(1).product();
        if inp.len() < 2 || per != self.nin {
            let b = inp.first().copied().unwrap_or(1);
            return Err(ModError::shape("rbf", &[b, self.nin], inp));
        }
        Shape::new(&[inp[0], self.classes])
    }

    fn fprop(&mut self, _pool: &Pool, inp: &State, out: &mut State, _ctx: Ctx) -> Result<()> {
        let s = self.out_shape(&inp.dims)?;
        out.resize(s.dims())?;
        let (n, c) = (self.nin, self.classes);
        for (x, o) in inp.x.chunks_exact(n).zip(out.x.chunks_exact_mut(c)) {
            for (i, y) in o.iter_mut().enumerate() {
                let w = &self.protos[i * n..][..n];
                *y = x.iter().zip(w).map(|(a, b)| (a - b) * (a - b)).sum();
            }
        }
        Ok(())
    }

    /// Reads `out.dx`.
    fn bprop(&mut self, _pool: &mut Pool, inp: &mut State, out: &State, ctx: Ctx) -> Result<()> {
        self.backward(inp, out, ctx, false)
    }

    /// Exact second derivative of the layer itself: reads `out.ddx` and
    /// `out.dx` (run after `bprop`); the `2·dy` term is the curvature of
    /// the squared distance.
    fn bbprop(&mut self, _pool: &mut Pool, inp: &mut State, out: &State, ctx: Ctx) -> Result<()> {
        self.backward(inp, out, ctx, true)
    }

    fn connections(&self, inp: &[usize]) -> Result<usize> {
        self.out_shape(inp)?;
        Ok(self.nin * self.classes)
    }

    fn macs(&self, _inp: &[usize]) -> Result<usize> {
        Ok(0)
    }

    fn describe(&self) -> String {
        format!("rbf {} -> {} classes", self.nin, self.classes)
    }

    fn spec(&self) -> Option<crate::spec::Spec<'_>> {
        Some(crate::spec::Spec::Rbf {
            nin: self.nin,
            classes: self.classes,
            protos: &self.protos,
        })
    }
}
