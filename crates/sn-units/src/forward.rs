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
            let mut s = match csr.dense_row(u) {
                Some(r) => {
                    let core = dot(&x[r.s0..r.s0 + r.n], &w[r.w0..r.w0 + r.n]);
                    core + r.bias.map_or(0.0, |b| w[b] * x[0])
                }
                None => {
                    let (src, wi) = csr.incoming(u);
                    gather_dot(x, w, src, wi)
                }
            };
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

/// `Σ a·b` over two slices of equal length, in 8 lanes.
#[inline]
pub(crate) fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0.0f32; 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for k in 0..8 {
            acc[k] += x[k] * y[k];
        }
    }
    let mut s: f32 = acc.iter().sum();
    for (x, y) in ra.iter().zip(rb) {
        s += x * y;
    }
    s
}

/// `Σ w[wi[k]]·x[src[k]]` over an index row.
#[inline]
pub(crate) fn gather_dot(x: &[f32], w: &[f32], src: &[u32], wi: &[u32]) -> f32 {
    let mut acc = [0.0f32; 4];
    let n = src.len().min(wi.len());
    let mut k = 0;
    while k + 4 <= n {
        for l in 0..4 {
            acc[l] += w[wi[k + l] as usize] * x[src[k + l] as usize];
        }
        k += 4;
    }
    let mut s = acc[0] + acc[1] + acc[2] + acc[3];
    while k < n {
        s += w[wi[k] as usize] * x[src[k] as usize];
        k += 1;
    }
    s
}
