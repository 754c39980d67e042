//! Forward propagation: weighted sums and states.

use crate::error::Result;
use crate::net::Net;
use crate::nlf::ScalarFn;

impl Net {
    /// `nsum = Σ sval·nval` over the incoming connections of each unit of
    /// `layer`, plus gaussian noise of standard deviation `theta` drawn from
    /// `gauss` (a standard normal source).
    ///
    /// # Errors
    /// [`crate::UnitsError::Unit`] for a unit outside the net.
    pub fn update_weighted_sum(
        &mut self,
        theta: f32,
        layer: &[u32],
        gauss: &mut dyn FnMut() -> f32,
    ) -> Result<()> {
        self.check_layer("update-weighted-sum", layer)?;
        self.ensure_csr();
        let Net {
            csr,
            units,
            weights,
            ..
        } = self;
        let (x, w) = (&units.nval, &weights.val);
        for &u in layer {
            let (src, wi) = csr.incoming(u);
            let mut s = 0.0f32;
            for (&a, &b) in src.iter().zip(wi) {
                s += w[b as usize] * x[a as usize];
            }
            if theta != 0.0 {
                s += theta * gauss();
            }
            units.nsum[u as usize] = s;
        }
        Ok(())
    }

    /// `nval = nlf(nsum)` for each unit of `layer`.
    ///
    /// # Errors
    /// Bad units, or an error of a user-defined function.
    pub fn update_state_only(&mut self, nlf: &mut dyn ScalarFn, layer: &[u32]) -> Result<()> {
        self.check_layer("update-state-only", layer)?;
        let u = &mut self.units;
        for &i in layer {
            u.nval[i as usize] = nlf.eval(u.nsum[i as usize])?;
        }
        Ok(())
    }

    /// [`Net::update_weighted_sum`] then [`Net::update_state_only`].
    ///
    /// # Errors
    /// As those two.
    pub fn update_state(
        &mut self,
        theta: f32,
        nlf: &mut dyn ScalarFn,
        layer: &[u32],
        gauss: &mut dyn FnMut() -> f32,
    ) -> Result<()> {
        self.update_weighted_sum(theta, layer, gauss)?;
        self.update_state_only(nlf, layer)
    }
}
