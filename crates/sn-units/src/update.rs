//! Weight updates: online (momentum, decay), batch, and the per-weight
//! summation that makes shared weights work.

use crate::error::Result;
use crate::net::{Net, Scratch, UnitField, Weights};

/// Which unit layers a weight primitive applies to.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    /// The connections into these layers.
    Layers(&'a [&'a [u32]]),
    /// Every connection of the net.
    All,
}

impl Net {
    /// For every weight of the connections into `scope`, sums
    /// `x(src)·coef(dst)` (with `x = nval`, or `nval²` when `square`) over the
    /// connections using it, then calls `apply(weights, w, sum, eps)` once per
    /// weight, `eps` being the weight's own rate if set, else its
    /// destination's `nepsilon`.
    pub(crate) fn weight_sums<F>(
        &mut self,
        op: &'static str,
        scope: Scope,
        coef: UnitField,
        square: bool,
        apply: F,
    ) -> Result<()>
    where
        F: FnMut(&mut Weights, usize, f32, f32),
    {
        match scope {
            Scope::All => {
                let n = self.nnum() as u32;
                self.weight_sums_in(1..n, coef, square, apply);
            }
            Scope::Layers(ls) => {
                for l in ls {
                    self.check_layer(op, l)?;
                }
                self.weight_sums_in(
                    ls.iter().flat_map(|l| l.iter().copied()),
                    coef,
                    square,
                    apply,
                );
            }
        }
        Ok(())
    }

    fn weight_sums_in<I, F>(&mut self, dsts: I, coef: UnitField, square: bool, mut apply: F)
    where
        I: Iterator<Item = u32>,
        F: FnMut(&mut Weights, usize, f32, f32),
    {
        self.ensure_csr();
        let wnum = self.wnum();
        let Net {
            csr,
            units,
            weights,
            scratch,
            any_eps_set,
            ..
        } = self;
        scratch.begin(wnum);
        let Scratch {
            sum,
            eps,
            mark,
            stamp,
            touched,
        } = scratch;
        let stamp = *stamp;
        let (x, g, ne) = (&units.nval, units.field(coef), &units.nepsilon);
        let own_eps = *any_eps_set;
        for u in dsts {
            let (src, wi) = csr.incoming(u);
            let (gu, eu) = (g[u as usize], ne[u as usize]);
            let shared = csr.row_shared[u as usize];
            for (&s, &w) in src.iter().zip(wi) {
                let (s, w) = (s as usize, w as usize);
                let xs = if square { x[s] * x[s] } else { x[s] };
                let e = if own_eps && weights.eps_set[w] {
                    weights.eps[w]
                } else {
                    eu
                };
                if shared {
                    if mark[w] != stamp {
                        mark[w] = stamp;
                        sum[w] = 0.0;
                        eps[w] = e;
                        touched.push(w as u32);
                    }
                    sum[w] += xs * gu;
                } else {
                    apply(weights, w, xs * gu, e);
                }
            }
        }
        for &w in touched.iter() {
            let w = w as usize;
            apply(weights, w, sum[w], eps[w]);
        }
    }

    /// Online update, as SN2.8's C kernel: for every connection into
    /// `scope`, unit by unit and in the order of its incoming list,
    /// `sdelta = alpha·sdelta + nval(from)·((1−alpha)·ε·ngrad(to))` and
    /// `sval = (1 − decay·ε)·sval + sdelta`. A shared weight is so updated
    /// once per connection using it (with alpha = decay = 0, by the sum of
    /// their terms). `ε` is the weight's own rate if set, else the
    /// destination's `nepsilon`.
    ///
    /// # Errors
    /// Bad units in the layers.
    pub fn update_weight(&mut self, alpha: f32, decay: f32, scope: Scope) -> Result<()> {
        let all: Vec<u32>;
        let ls = match scope {
            Scope::Layers(ls) => {
                for l in ls {
                    self.check_layer("update-weight", l)?;
                }
                ls
            }
            Scope::All => {
                all = (1..self.nnum() as u32).collect();
                &[all.as_slice()][..]
            }
        };
        self.update_rows(alpha, decay, ls);
        Ok(())
    }

    /// The connections into the units of `layers`, as [`Net::update_weight`]
    /// describes (rows of consecutive unshared weights on slices).
    fn update_rows(&mut self, alpha: f32, decay: f32, layers: &[&[u32]]) {
        self.ensure_csr();
        let Net {
            csr,
            units,
            weights,
            any_eps_set,
            ..
        } = self;
        let own_eps = *any_eps_set;
        for &u in layers.iter().flat_map(|l| l.iter()) {
            let (eu, gu) = (units.nepsilon[u as usize], units.ngrad[u as usize]);
            let dense = match own_eps || csr.row_shared[u as usize] {
                true => None,
                false => csr.dense_row(u),
            };
            if let Some(r) = dense {
                let (eg, keep) = ((1.0 - alpha) * eu * gu, 1.0 - decay * eu);
                if let Some(b) = r.bias {
                    let db = alpha * weights.delta[b] + eg * units.nval[0];
                    weights.delta[b] = db;
                    weights.val[b] = keep * weights.val[b] + db;
                }
                let n = r.n;
                let x = &units.nval[r.s0..r.s0 + n];
                let d = &mut weights.delta[r.w0..r.w0 + n];
                let v = &mut weights.val[r.w0..r.w0 + n];
                for k in 0..n {
                    let dk = alpha * d[k] + eg * x[k];
                    d[k] = dk;
                    v[k] = keep * v[k] + dk;
                }
                continue;
            }
            let (src, wi) = csr.incoming(u);
            for (&s, &w) in src.iter().zip(wi) {
                let (s, w) = (s as usize, w as usize);
                let e = if own_eps && weights.eps_set[w] {
                    weights.eps[w]
                } else {
                    eu
                };
                let (eg, keep) = ((1.0 - alpha) * e * gu, 1.0 - decay * e);
                let dk = alpha * weights.delta[w] + eg * units.nval[s];
                weights.delta[w] = dk;
                weights.val[w] = keep * weights.val[w] + dk;
            }
        }
    }

    /// Batch: `sacc = 0` for every weight.
    pub fn clear_acc(&mut self) {
        self.weights.acc.iter_mut().for_each(|a| *a = 0.0);
    }

    /// Batch: `sacc += Σ nval(from)·ngrad(to)`.
    ///
    /// # Errors
    /// Bad units in the layers.
    pub fn update_acc(&mut self, scope: Scope) -> Result<()> {
        self.weight_sums(
            "update-acc",
            scope,
            UnitField::Grad,
            false,
            |ws, w, g, _| {
                ws.acc[w] += g;
            },
        )
    }

    /// The learning rate of weight `w`: its own if set, else the `nepsilon`
    /// of the destination of its first connection.
    pub fn weight_epsilon(&mut self, w: usize) -> f32 {
        self.ensure_csr();
        if self.weights.eps_set[w] {
            self.weights.eps[w]
        } else {
            self.units.nepsilon[self.csr.wfirst_dst[w] as usize]
        }
    }

    /// Batch: `sdelta = alpha·sdelta + (1−alpha)·ε·sacc` for every used
    /// weight (SN2.8's momentum; its `sacc` held ε already).
    pub fn update_delta(&mut self, alpha: f32) {
        for w in 0..self.wnum() {
            if self.weights.refs[w] > 0 {
                let e = self.weight_epsilon(w);
                let ws = &mut self.weights;
                ws.delta[w] = alpha * ws.delta[w] + (1.0 - alpha) * e * ws.acc[w];
            }
        }
    }

    /// Batch: `sval = (1 − decay·ε)·sval + sdelta` for every used weight.
    pub fn update_wghtonly(&mut self, decay: f32) {
        for w in 0..self.wnum() {
            if self.weights.refs[w] > 0 {
                let e = self.weight_epsilon(w);
                let ws = &mut self.weights;
                ws.val[w] = (1.0 - decay * e) * ws.val[w] + ws.delta[w];
            }
        }
    }
}
