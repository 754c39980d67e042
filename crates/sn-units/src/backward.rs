//! Backward propagation: output gradients, back-sums, unit gradients.

use crate::error::{Result, UnitsError};
use crate::net::Net;
use crate::nlf::ScalarFn;

impl Net {
    fn check_pairs(&self, op: &'static str, out: &[u32], des: &[u32]) -> Result<()> {
        self.check_layer(op, out)?;
        self.check_layer(op, des)?;
        if out.len() != des.len() {
            let what = format!("output has {} units, desired {}", out.len(), des.len());
            return Err(UnitsError::Shape { op, what });
        }
        Ok(())
    }

    /// `nbacksum = nval(desired) − nval(output)`, `ngrad = nbacksum·f'(nsum)`
    /// and `nsqbacksum = 1` on the output units; returns `½Σ(desired − nval)²`.
    ///
    /// # Errors
    /// Bad units, layers of different sizes, or an error of `dnlf`.
    pub fn init_grad_lms(
        &mut self,
        dnlf: &mut dyn ScalarFn,
        out: &[u32],
        des: &[u32],
    ) -> Result<f64> {
        self.init_grad_thlms(dnlf, out, des, None)
    }

    /// As [`Net::init_grad_lms`], except that with a threshold `th` (as
    /// SN2.8's `init-grad-thlms`) there is no error when the desired value
    /// is above `th` and the output above it, nor when the desired value is
    /// at most `th` and the output below it.
    ///
    /// # Errors
    /// As [`Net::init_grad_lms`].
    pub fn init_grad_thlms(
        &mut self,
        dnlf: &mut dyn ScalarFn,
        out: &[u32],
        des: &[u32],
        th: Option<f32>,
    ) -> Result<f64> {
        self.check_pairs("init-grad-lms", out, des)?;
        let u = &mut self.units;
        let mut cost = 0.0f64;
        for (&o, &d) in out.iter().zip(des) {
            let (o, d) = (o as usize, d as usize);
            let (x, t) = (u.nval[o], u.nval[d]);
            let mut e = t - x;
            if let Some(th) = th {
                // SN2.8: above the threshold the target is a floor, at or
                // below it a ceiling; no error on the far side.
                if (t > th && e < 0.0) || (t <= th && e > 0.0) {
                    e = 0.0;
                }
            }
            cost += 0.5 * (e as f64) * (e as f64);
            u.nbacksum[o] = e;
            u.nsqbacksum[o] = 1.0;
            u.ngrad[o] = e * dnlf.eval(u.nsum[o])?;
        }
        Ok(cost)
    }

    /// `nbacksum = Σ sval·ngrad(downstream)` for each unit of `layer`.
    ///
    /// # Errors
    /// Bad units.
    pub fn update_back_sum(&mut self, layer: &[u32]) -> Result<()> {
        self.check_layer("update-back-sum", layer)?;
        self.ensure_csr();
        let Net {
            csr,
            units,
            weights,
            ..
        } = self;
        let (g, w) = (&units.ngrad, &weights.val);
        for &u in layer {
            let (dst, wi) = csr.outgoing(u);
            units.nbacksum[u as usize] = crate::forward::gather_dot(g, w, dst, wi);
        }
        Ok(())
    }

    /// `ngrad = nbacksum·f'(nsum)` for each unit of `layer`.
    ///
    /// # Errors
    /// Bad units or an error of `dnlf`.
    pub fn update_gradient_only(&mut self, dnlf: &mut dyn ScalarFn, layer: &[u32]) -> Result<()> {
        self.check_layer("update-gradient-only", layer)?;
        let u = &mut self.units;
        for &i in layer {
            let i = i as usize;
            u.ngrad[i] = u.nbacksum[i] * dnlf.eval(u.nsum[i])?;
        }
        Ok(())
    }

    /// [`Net::update_back_sum`] then [`Net::update_gradient_only`].
    ///
    /// # Errors
    /// As those two.
    pub fn update_gradient(&mut self, dnlf: &mut dyn ScalarFn, layer: &[u32]) -> Result<()> {
        self.update_back_sum(layer)?;
        self.update_gradient_only(dnlf, layer)
    }
}
