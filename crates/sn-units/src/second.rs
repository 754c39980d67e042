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
    /// layer also gets `ssigma ← (1−γ)·ssigma + γ·Σ nggrad(to)·nval(from)²`
    /// (SN2.8 keeps one `ssigma` per connection; sn keeps their sum per
    /// weight, which is what `update-hess` and the Newton rates use).
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

    /// SN2.8's `update-hess`: `shess += ssigma` for the weights of the
    /// connections into `scope` (each weight once).
    ///
    /// # Errors
    /// Bad units in the layers.
    pub fn update_hess(&mut self, scope: Scope) -> Result<()> {
        if let Scope::All = scope {
            let ws = &mut self.weights;
            for (h, s) in ws.hess.iter_mut().zip(&ws.sigma) {
                *h += s;
            }
            return Ok(());
        }
        self.weight_sums(
            "update-hess",
            scope,
            UnitField::GGrad,
            false,
            |ws, w, _, _| {
                ws.hess[w] += ws.sigma[w];
            },
        )
    }

    /// SN2.8's `hessian-scale`: `sacc = sacc / (mu + |shess|)` for every
    /// weight; `mu` is kept as the net's (`net-mu`).
    pub fn hessian_scale(&mut self, mu: f32) {
        self.mu = mu;
        let ws = &mut self.weights;
        for (a, h) in ws.acc.iter_mut().zip(&ws.hess) {
            *a /= (mu + h.abs()).max(f32::MIN_POSITIVE);
        }
    }

    /// SN2.8's `update-w-newton` (iterative kernel): `clear-acc`,
    /// `update-acc`, `clear-hess`, `update-hess`, `hessian-scale mu`,
    /// `update-delta alpha`, `update-wghtonly decay`. With layers, SN2.8
    /// runs that whole sequence once per unit of the layers (each time on
    /// that unit's connections, the last three steps on every weight), and
    /// so does sn.
    ///
    /// # Errors
    /// Bad units in the layers.
    pub fn update_w_newton(&mut self, alpha: f32, decay: f32, mu: f32, scope: Scope) -> Result<()> {
        let units = match scope {
            Scope::All => return self.newton_sequence(alpha, decay, mu, Scope::All),
            Scope::Layers(_) => self.scope_units("update-w-newton", scope)?,
        };
        for u in units {
            let one = [u];
            let layer = [&one[..]];
            self.newton_sequence(alpha, decay, mu, Scope::Layers(&layer))?;
        }
        Ok(())
    }

    fn newton_sequence(&mut self, alpha: f32, decay: f32, mu: f32, scope: Scope) -> Result<()> {
        self.clear_acc();
        self.update_acc(scope)?;
        self.clear_hess();
        self.update_hess(scope)?;
        self.hessian_scale(mu);
        self.update_delta(alpha);
        self.update_wghtonly(decay);
        Ok(())
    }
}
