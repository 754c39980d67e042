//! Second order: diagonal second derivatives (full and Gauss-Newton),
//! Hessian accumulation and the stochastic diagonal Levenberg-Marquardt
//! update.

use crate::error::Result;
use crate::net::{Net, UnitField};
use crate::nlf::ScalarFn;
use crate::update::Scope;

impl Net {
    /// `nsqbacksum = Σ sval²·nggrad(downstream)` (kept as set by `init-grad`
    /// on units without outgoing connections), then
    /// `nggrad = f'(nsum)²·nsqbacksum − f''(nsum)·nbacksum` (the second term
    /// only when `ddnlf` is given). With `gamma > 0`, every weight into the
    /// layer also gets SN2.8's averaged curvature
    /// `ssigma ← (1−γ)·ssigma + γ·Σ nggrad(to)·nval(from)²` (the rate
    /// [`Net::update_w_newton`] divides by; `shess` is left to
    /// [`Net::update_hess`]).
    ///
    /// # Errors
    /// Bad units or an error of a user-defined function.
    pub fn update_ggradient(
        &mut self,
        dnlf: &mut dyn ScalarFn,
        mut ddnlf: Option<&mut dyn ScalarFn>,
        gamma: f32,
        layer: &[u32],
    ) -> Result<()> {
        self.check_layer("update-ggradient", layer)?;
        self.ensure_csr();
        let Net {
            csr,
            units,
            weights,
            ..
        } = self;
        for &u in layer {
            let ui = u as usize;
            let (dst, wi) = csr.outgoing(u);
            if !dst.is_empty() {
                let mut s = 0.0f32;
                for (&a, &b) in dst.iter().zip(wi) {
                    let w = weights.val[b as usize];
                    s += w * w * units.nggrad[a as usize];
                }
                units.nsqbacksum[ui] = s;
            }
            let d = dnlf.eval(units.nsum[ui])?;
            let mut h = d * d * units.nsqbacksum[ui];
            if let Some(dd) = ddnlf.as_deref_mut() {
                h -= dd.eval(units.nsum[ui])? * units.nbacksum[ui];
            }
            units.nggrad[ui] = h;
        }
        if gamma > 0.0 {
            let layers = [layer];
            self.weight_sums(
                "update-ggradient",
                Scope::Layers(&layers),
                UnitField::GGrad,
                true,
                |ws, w, h, _| {
                    ws.sigma[w] = (1.0 - gamma) * ws.sigma[w] + gamma * h;
                },
            )?;
        }
        Ok(())
    }

    /// The Gauss-Newton (Levenberg-Marquardt) variant of
    /// [`Net::update_ggradient`]: no `f''` term, so `nggrad ≥ 0`.
    ///
    /// # Errors
    /// As [`Net::update_ggradient`].
    pub fn update_lmggradient(
        &mut self,
        dnlf: &mut dyn ScalarFn,
        gamma: f32,
        layer: &[u32],
    ) -> Result<()> {
        self.update_ggradient(dnlf, None, gamma, layer)
    }

    /// `shess = 0` for every weight.
    pub fn clear_hess(&mut self) {
        self.weights.hess.iter_mut().for_each(|h| *h = 0.0);
    }

    /// `shess += Σ nggrad(to)·nval(from)²` over the connections of `scope`
    /// (SN2.8 adds each connection's `ssigma`, which is this sum when
    /// update-ggradient ran with γ = 1, as SN2.8's netenv runs it).
    ///
    /// # Errors
    /// Bad units in the layers.
    pub fn update_hess(&mut self, scope: Scope) -> Result<()> {
        self.weight_sums(
            "update-hess",
            scope,
            UnitField::GGrad,
            true,
            |ws, w, h, _| {
                ws.hess[w] += h;
            },
        )
    }

    /// Sets the μ of the per-weight rates `ε/(μ + |shess|)` of
    /// [`Net::update_w_newton`].
    pub fn hessian_scale(&mut self, mu: f32) {
        self.mu = mu;
    }

    /// Online update with per-weight rates `ε/(μ + |ssigma|)` (SN2.8's):
    /// `sdelta = alpha·sdelta + ε/(μ+|h|)·Σ nval(from)·ngrad(to)`,
    /// `sval = (1 − decay·ε)·sval + sdelta`.
    ///
    /// # Errors
    /// Bad units in the layers.
    pub fn update_w_newton(&mut self, alpha: f32, decay: f32, scope: Scope) -> Result<()> {
        let mu = self.mu;
        self.weight_sums(
            "update-w-newton",
            scope,
            UnitField::Grad,
            false,
            |ws, w, g, e| {
                let r = e / (mu + ws.sigma[w].abs()).max(f32::MIN_POSITIVE);
                let d = alpha * ws.delta[w] + r * g;
                ws.delta[w] = d;
                ws.val[w] = (1.0 - decay * e) * ws.val[w] + d;
            },
        )
    }
}
