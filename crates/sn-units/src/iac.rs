//! Interactive activation and competition (IAC) and ART units (SN2.8's
//! `iac.c`): excitatory and inhibitory input sums kept in `nspare`
//! (`nspare1`) and `nspare2`, and the activation stored in `nsum`.

use crate::error::Result;
use crate::net::Net;

/// The constants of `update-iac-activation` and `update-art-activation`.
#[derive(Debug, Clone, Copy)]
pub struct Iac {
    /// Weight of the excitation.
    pub alpha: f32,
    /// Weight of the inhibition.
    pub beta: f32,
    /// Weight of the unit's own state.
    pub gamma: f32,
    /// Lowest activation.
    pub min: f32,
    /// Highest activation.
    pub max: f32,
    /// Resting activation.
    pub rest: f32,
    /// Decay towards rest.
    pub decay: f32,
}

impl Net {
    /// `nspare1 = Σ sval·nval(src)` over positive weights (`excite`) or
    /// `nspare2 =` the same over negative weights.
    ///
    /// # Errors
    /// Bad units in the layer.
    pub fn update_excitation(&mut self, layer: &[u32], excite: bool) -> Result<()> {
        let op = if excite {
            "update-excitation"
        } else {
            "update-inhibition"
        };
        self.check_layer(op, layer)?;
        self.ensure_csr();
        for &u in layer {
            let (src, wi) = self.csr.incoming(u);
            let mut sum = 0.0f32;
            for (&s, &w) in src.iter().zip(wi) {
                let v = self.weights.val[w as usize];
                if (excite && v > 0.0) || (!excite && v < 0.0) {
                    sum += v * self.units.nval[s as usize];
                }
            }
            let f = if excite {
                &mut self.units.nspare
            } else {
                &mut self.units.nspare2
            };
            f[u as usize] = sum;
        }
        Ok(())
    }

    /// One IAC step on `nsum`: with `net = γ·nval + α·nspare1 + β·nspare2`,
    /// `nsum += net·(max − nsum) − decay·(nsum − rest)` when `net > 0`,
    /// else `nsum += net·(nsum − min) − decay·(nsum − rest)`.
    ///
    /// # Errors
    /// Bad units in the layer.
    pub fn update_iac_activation(&mut self, layer: &[u32], c: &Iac) -> Result<()> {
        self.check_layer("update-iac-activation", layer)?;
        let u = &mut self.units;
        for &k in layer {
            let k = k as usize;
            let net = u.nval[k] * c.gamma + (u.nspare[k] * c.alpha + u.nspare2[k] * c.beta);
            let a = u.nsum[k];
            let pull = if net > 0.0 {
                net * (c.max - a)
            } else {
                net * (a - c.min)
            };
            u.nsum[k] = a + (pull - c.decay * (a - c.rest));
        }
        Ok(())
    }

    /// One ART step on `nsum`: the unit's own state joins the excitation
    /// when positive, the inhibition otherwise;
    /// `nsum += e·(max − nsum) + i·(nsum − min) − decay·(nsum − rest)`.
    ///
    /// # Errors
    /// Bad units in the layer.
    pub fn update_art_activation(&mut self, layer: &[u32], c: &Iac) -> Result<()> {
        self.check_layer("update-art-activation", layer)?;
        let u = &mut self.units;
        for &k in layer {
            let k = k as usize;
            let (own, ex, inh) = (
                u.nval[k] * c.gamma,
                u.nspare[k] * c.alpha,
                u.nspare2[k] * c.beta,
            );
            let (e, i) = if u.nval[k] > 0.0 {
                (own + ex, inh)
            } else {
                (ex, own + inh)
            };
            let a = u.nsum[k];
            u.nsum[k] = (a + (e * (c.max - a) + i * (a - c.min))) - c.decay * (a - c.rest);
        }
        Ok(())
    }
}
