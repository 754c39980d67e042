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

    /// Online update, as SN2.8's C kernels. A net without shared weights
    /// (SN2.8's `sn28` kernel): for every connection into `scope`, unit by
    /// unit and in the order of its incoming list,
    /// `sdelta = alpha·sdelta + nval(from)·((1−alpha)·ngrad(to)·ε)` and
    /// `sval = (1 − decay·ε)·sval + sdelta`, `ε` being the weight's own
    /// rate if set, else the destination's `nepsilon`. A net with shared
    /// weights can only come from SN2.8's iterative kernels, where
    /// `update-weight` is `clear-acc`, `update-acc`, `update-delta alpha`,
    /// `update-wghtonly decay`: each weight moves once, by the sum over its
    /// connections, and the decay is not scaled by ε. (With layers, SN2.8's
    /// iterative kernels run that sequence once per unit; sn runs it once
    /// over the connections into the layers, which is the same whenever
    /// the layers hold every connection.)
    ///
    /// # Errors
    /// Bad units in the layers.
    pub fn update_weight(&mut self, alpha: f32, decay: f32, scope: Scope) -> Result<()> {
        self.ensure_csr();
        if self.csr.any_shared {
            self.clear_acc();
            self.update_acc(scope)?;
            self.update_delta(alpha);
            self.update_wghtonly(decay);
            return Ok(());
        }
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
                let (eg, keep) = ((1.0 - alpha) * (gu * eu), 1.0 - decay * eu);
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
                let (eg, keep) = ((1.0 - alpha) * (gu * e), 1.0 - decay * e);
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

    /// SN2.8's iterative `update-acc`: `sacc += nval(from)·ngrad(to)·ε`
    /// for every connection into `scope`, `ε` being the connection's weight
    /// rate if set, else its destination's `nepsilon` (so a weight shared
    /// by units of different rates sums each connection at its own rate).
    ///
    /// # Errors
    /// Bad units in the layers.
    pub fn update_acc(&mut self, scope: Scope) -> Result<()> {
        let dsts = self.scope_units("update-acc", scope)?;
        self.accumulate(dsts, |x, _| x);
        Ok(())
    }

    /// `sacc += term(nval(from), sval)·ngrad(to)·ε` for the connections into
    /// `dsts`, `ε` as [`Net::update_acc`] says; rows of consecutive
    /// unshared weights run on slices.
    pub(crate) fn accumulate(&mut self, dsts: Vec<u32>, term: impl Fn(f32, f32) -> f32) {
        self.ensure_csr();
        let Net {
            csr,
            units,
            weights,
            any_eps_set,
            ..
        } = self;
        let own_eps = *any_eps_set;
        for u in dsts {
            let ui = u as usize;
            let (g, eu) = (units.ngrad[ui], units.nepsilon[ui]);
            let pre = g * eu;
            let dense = match own_eps || csr.row_shared[ui] {
                true => None,
                false => csr.dense_row(u),
            };
            if let Some(r) = dense {
                if let Some(b) = r.bias {
                    weights.acc[b] += term(units.nval[0], weights.val[b]) * pre;
                }
                let x = &units.nval[r.s0..r.s0 + r.n];
                let v = &weights.val[r.w0..r.w0 + r.n];
                let acc = &mut weights.acc[r.w0..r.w0 + r.n];
                for ((a, &xk), &vk) in acc.iter_mut().zip(x).zip(v) {
                    *a += term(xk, vk) * pre;
                }
                continue;
            }
            let (src, wi) = csr.incoming(u);
            for (&s, &w) in src.iter().zip(wi) {
                let w = w as usize;
                let p = if own_eps && weights.eps_set[w] {
                    g * weights.eps[w]
                } else {
                    pre
                };
                weights.acc[w] += term(units.nval[s as usize], weights.val[w]) * p;
            }
        }
    }

    /// The units of `layer`, checked, or every unit but the bias.
    pub(crate) fn layer_units(&self, op: &'static str, layer: Option<&[u32]>) -> Result<Vec<u32>> {
        match layer {
            Some(l) => self.scope_units(op, Scope::Layers(&[l])),
            None => self.scope_units(op, Scope::All),
        }
    }

    /// The units whose incoming connections a scope covers, checked.
    pub(crate) fn scope_units(&self, op: &'static str, scope: Scope) -> Result<Vec<u32>> {
        match scope {
            Scope::All => Ok((1..self.nnum() as u32).collect()),
            Scope::Layers(ls) => {
                for l in ls {
                    self.check_layer(op, l)?;
                }
                Ok(ls.iter().flat_map(|l| l.iter().copied()).collect())
            }
        }
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

    /// SN2.8's iterative `update-delta`:
    /// `sdelta = alpha·sdelta + (1−alpha)·sacc` for every weight (`sacc`
    /// holds the rates already, see [`Net::update_acc`]).
    pub fn update_delta(&mut self, alpha: f32) {
        let ws = &mut self.weights;
        if alpha == 0.0 {
            ws.delta.copy_from_slice(&ws.acc);
        } else {
            for (d, a) in ws.delta.iter_mut().zip(&ws.acc) {
                *d = alpha * *d + (1.0 - alpha) * a;
            }
        }
    }

    /// SN2.8's iterative `update-wghtonly`:
    /// `sval = (1−decay)·sval + sdelta` for every weight (the decay is not
    /// scaled by a rate in the iterative kernels).
    pub fn update_wghtonly(&mut self, decay: f32) {
        let ws = &mut self.weights;
        let keep = 1.0 - decay;
        for (v, d) in ws.val.iter_mut().zip(&ws.delta) {
            *v = if decay == 0.0 { *v + d } else { keep * *v + d };
        }
    }
}
