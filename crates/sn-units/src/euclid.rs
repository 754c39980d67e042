//! Euclidean units (SN2.8's `update-nn-*` family): a unit's sum is the
//! squared distance between its input states and its incoming weights,
//! `nsum = Σ (sval − nval(src))²`, so that a layer of such units is a set
//! of prototypes (RBF, LVQ, Kohonen maps). Gradients follow SN2.8's sign
//! convention: `ngrad` is minus the derivative of the cost.

use crate::error::Result;
use crate::net::Net;
use crate::nlf::ScalarFn;

impl Net {
    /// `nsum = Σ (sval − nval(src))²`, plus `theta`·gaussian noise when
    /// `theta ≠ 0`.
    ///
    /// # Errors
    /// Bad units in the layer.
    pub fn update_nn_sum(
        &mut self,
        theta: f32,
        layer: &[u32],
        gauss: &mut dyn FnMut() -> f32,
    ) -> Result<()> {
        self.check_layer("update-nn-sum", layer)?;
        self.ensure_csr();
        for &u in layer {
            let (src, wi) = self.csr.incoming(u);
            let mut sum = 0.0f32;
            for (&s, &w) in src.iter().zip(wi) {
                let d = self.weights.val[w as usize] - self.units.nval[s as usize];
                sum += d * d;
            }
            if theta != 0.0 {
                sum += gauss() * theta;
            }
            self.units.nsum[u as usize] = sum;
        }
        Ok(())
    }

    /// `nbacksum = 2·Σ (nsum − sval)·ngrad(dst)` over the outgoing
    /// connections, as SN2.8 computes it: the unit's own `nsum` stands
    /// for its state (the two agree for linear input units).
    ///
    /// # Errors
    /// Bad units in the layer.
    pub fn update_nn_back_sum(&mut self, layer: &[u32]) -> Result<()> {
        self.check_layer("update-nn-back-sum", layer)?;
        self.ensure_csr();
        for &u in layer {
            let (dst, wi) = self.csr.outgoing(u);
            let x = self.units.nsum[u as usize];
            let mut sum = 0.0f32;
            for (&d, &w) in dst.iter().zip(wi) {
                sum += (x - self.weights.val[w as usize]) * self.units.ngrad[d as usize];
            }
            self.units.nbacksum[u as usize] = 2.0 * sum;
        }
        Ok(())
    }

    /// Back-sums (Euclidean) then `ngrad = nbacksum·f'(nsum)`.
    ///
    /// # Errors
    /// Bad units in the layer, or an error of `dnlf`.
    pub fn update_nn_gradient(&mut self, dnlf: &mut dyn ScalarFn, layer: &[u32]) -> Result<()> {
        self.update_nn_back_sum(layer)?;
        self.update_gradient_only(dnlf, layer)
    }

    /// Perturbation of a Euclidean unit:
    /// `ngrad = f'(nsum)·Σ 2·(sdelta − ngrad(src))·(sval − nval(src))`.
    ///
    /// # Errors
    /// Bad units in the layer, or an error of `dnlf`.
    pub fn update_nn_deltastate(&mut self, dnlf: &mut dyn ScalarFn, layer: &[u32]) -> Result<()> {
        self.check_layer("update-nn-deltastate", layer)?;
        self.ensure_csr();
        for &u in layer {
            let (src, wi) = self.csr.incoming(u);
            let mut sum = 0.0f32;
            for (&s, &w) in src.iter().zip(wi) {
                let (s, w) = (s as usize, w as usize);
                let d1 = self.weights.delta[w] - self.units.ngrad[s];
                let d2 = self.weights.val[w] - self.units.nval[s];
                sum += 2.0 * d1 * d2;
            }
            let f = dnlf.eval(self.units.nsum[u as usize])?;
            self.units.ngrad[u as usize] = sum * f;
        }
        Ok(())
    }

    /// Second-order back-sum of a Euclidean layer:
    /// `nsqbacksum = 2·Σ (2·(nsum − sval)²·nggrad(dst) − ngrad(dst))`
    /// (units without outgoing connections keep theirs).
    fn update_nn_sqbacksum(&mut self, u: u32) {
        let (dst, wi) = self.csr.outgoing(u);
        if dst.is_empty() {
            return;
        }
        let x = self.units.nsum[u as usize];
        let mut sum = 0.0f32;
        for (&d, &w) in dst.iter().zip(wi) {
            let y = x - self.weights.val[w as usize];
            let d = d as usize;
            sum += 2.0 * (y * y * self.units.nggrad[d]) - self.units.ngrad[d];
        }
        self.units.nsqbacksum[u as usize] = 2.0 * sum;
    }

    /// The diagonal second derivatives of a Euclidean layer: `nsqbacksum`
    /// (Euclidean), `nggrad = nsqbacksum·f'² − nbacksum·f''` (without the
    /// `f''` term when `ddnlf` is `None`: Gauss-Newton), then per
    /// connection `ssigma = (1−γ)·ssigma + 2γ·nggrad·(sval − nval(src))² − γ·ngrad`.
    ///
    /// # Errors
    /// Bad units in the layer, or an error of the functions.
    pub fn update_nn_ggradient(
        &mut self,
        dnlf: &mut dyn ScalarFn,
        mut ddnlf: Option<&mut dyn ScalarFn>,
        gamma: f32,
        layer: &[u32],
    ) -> Result<()> {
        self.check_layer("update-nn-ggradient", layer)?;
        self.ensure_csr();
        for &u in layer {
            self.update_nn_sqbacksum(u);
            let k = u as usize;
            let x = dnlf.eval(self.units.nsum[k])?;
            let mut gg = self.units.nsqbacksum[k] * x * x;
            if let Some(dd) = ddnlf.as_deref_mut() {
                gg -= self.units.nbacksum[k] * dd.eval(self.units.nsum[k])?;
            }
            self.units.nggrad[k] = gg;
            let (src, wi) = self.csr.incoming(u);
            let (twice, once) = (2.0 * gamma * gg, gamma * self.units.ngrad[k]);
            for (&s, &w) in src.iter().zip(wi) {
                let (s, w) = (s as usize, w as usize);
                let y = self.weights.val[w] - self.units.nval[s];
                let sg = &mut self.weights.sigma[w];
                *sg = (1.0 - gamma) * *sg + (twice * y * y - once);
            }
        }
        Ok(())
    }

    /// SN2.8's `update-nn-acc`: `sacc += (sval − nval(src))·ngrad(dst)·ε`
    /// over the connections into `layer` (every unit when `None`), `ε` as
    /// in [`Net::update_acc`].
    ///
    /// # Errors
    /// Bad units in the layer.
    pub fn update_nn_acc(&mut self, layer: Option<&[u32]>) -> Result<()> {
        let dsts = self.layer_units("update-nn-acc", layer)?;
        self.accumulate(dsts, |x, w| w - x);
        Ok(())
    }

    /// Online update of Euclidean units, connection by connection:
    /// `sdelta = alpha·sdelta + (1−alpha)·ε·(sval − nval(src))·ngrad`,
    /// `sval = (1 − ε·decay)·sval + sdelta`, with `ε` the weight's own rate
    /// if set, else the unit's `nepsilon`, divided by `mu + |ssigma|` when
    /// `mu` is given (`update-nn-w-newton`).
    ///
    /// # Errors
    /// Bad units in the layer.
    pub fn update_nn_weight(
        &mut self,
        alpha: f32,
        decay: f32,
        mu: Option<f32>,
        layer: Option<&[u32]>,
    ) -> Result<()> {
        let layer = self.layer_units("update-nn-weight", layer)?;
        self.ensure_csr();
        for u in layer {
            let (src, wi) = self.csr.incoming(u);
            let g = (1.0 - alpha) * self.units.ngrad[u as usize];
            let ne = self.units.nepsilon[u as usize];
            for (&s, &w) in src.iter().zip(wi) {
                let (s, w) = (s as usize, w as usize);
                let ws = &mut self.weights;
                let mut e = if ws.eps_set[w] { ws.eps[w] } else { ne };
                if let Some(m) = mu {
                    e /= m + ws.sigma[w].abs();
                }
                let y = ws.val[w] - self.units.nval[s];
                let d = alpha * ws.delta[w] + y * g * e;
                ws.delta[w] = d;
                ws.val[w] = (1.0 - e * decay) * ws.val[w] + d;
            }
        }
        Ok(())
    }

    /// The unit of `layer` with the largest state (`find-winner`; the first
    /// of equals wins), or the smallest (`find-loser`).
    ///
    /// # Errors
    /// Bad units in the layer.
    pub fn find_extreme(&self, layer: &[u32], largest: bool) -> Result<Option<u32>> {
        self.check_layer(if largest { "find-winner" } else { "find-loser" }, layer)?;
        let v = &self.units.nval;
        let mut best: Option<u32> = None;
        for &u in layer {
            let keep = match best {
                None => false,
                Some(b) => {
                    let d = v[b as usize] - v[u as usize];
                    if largest {
                        d >= 0.0
                    } else {
                        d <= 0.0
                    }
                }
            };
            if !keep {
                best = Some(u);
            }
        }
        Ok(best)
    }
}
