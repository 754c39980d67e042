//! Connection-level bulk operations of SN2.8 (`miscop.c`, `gbp.c`): the
//! connections into a layer as `(source, weight)` pairs, the perturbation
//! update `update-deltastate`, and the conjugate-gradient weight step.

use crate::error::{Result, UnitsError};
use crate::net::{Net, UnitField, WeightField};
use crate::nlf::ScalarFn;

impl Net {
    /// The connections into each unit of `layer`, as `(unit, source,
    /// weight)`, unit by unit in the layer's order.
    ///
    /// # Errors
    /// Bad units in the layer.
    pub fn incoming_of(&mut self, op: &'static str, layer: &[u32]) -> Result<Vec<(u32, u32, u32)>> {
        self.check_layer(op, layer)?;
        self.ensure_csr();
        let mut out = Vec::new();
        for &u in layer {
            let (src, wi) = self.csr.incoming(u);
            out.extend(src.iter().zip(wi).map(|(&s, &w)| (u, s, w)));
        }
        Ok(out)
    }

    /// Sets (or, with `acc`, adds to) field `fs` of every connection into
    /// unit `u` from field `fu` of the connection's source (`set-swn`,
    /// `acc-swn`).
    ///
    /// # Errors
    /// A bad unit.
    pub fn set_swn(&mut self, u: u32, fs: WeightField, fu: UnitField, acc: bool) -> Result<()> {
        let op = if acc { "acc-swn" } else { "set-swn" };
        self.check_unit(op, u as i64)?;
        for (_, s, w) in self.incoming_of(op, &[u])? {
            let x = self.units.field(fu)[s as usize];
            let w = w as usize;
            let v = if acc {
                self.weights.field(fs)[w] + x
            } else {
                x
            };
            self.set_weight_field_at(fs, w, v);
        }
        Ok(())
    }

    /// `ngrad = f'(nsum)·Σ (sval·ngrad(src) + sdelta·nval(src))`: how a
    /// perturbation `sdelta` of the weights and `ngrad` of the inputs moves
    /// the unit (SN2.8's `update-deltastate`).
    ///
    /// # Errors
    /// Bad units in the layer, or an error of `dnlf`.
    pub fn update_deltastate(&mut self, dnlf: &mut dyn ScalarFn, layer: &[u32]) -> Result<()> {
        self.check_layer("update-deltastate", layer)?;
        self.ensure_csr();
        for &u in layer {
            let (src, wi) = self.csr.incoming(u);
            let mut sum = 0.0f32;
            for (&s, &w) in src.iter().zip(wi) {
                let (s, w) = (s as usize, w as usize);
                sum += self.weights.val[w] * self.units.ngrad[s];
                sum += self.weights.delta[w] * self.units.nval[s];
            }
            let f = dnlf.eval(self.units.nsum[u as usize])?;
            self.units.ngrad[u as usize] = sum * f;
        }
        Ok(())
    }

    /// One conjugate-gradient step along `sdelta`:
    /// `sval += (Σ sacc·sdelta / curvature)·sdelta` over every weight.
    ///
    /// # Errors
    /// [`UnitsError::Domain`] when `curvature ≤ 0`.
    pub fn update_wghtonly_conjgrad(&mut self, curvature: f32) -> Result<()> {
        if curvature.is_nan() || curvature <= 0.0 {
            return Err(UnitsError::Domain {
                op: "update-wghtonly-conjgrad",
                what: format!("curvature must be positive, got {curvature}"),
            });
        }
        let ws = &mut self.weights;
        let t: f32 = ws
            .acc
            .iter()
            .zip(&ws.delta)
            .map(|(a, d)| a * d)
            .sum::<f32>()
            / curvature;
        for (v, d) in ws.val.iter_mut().zip(&ws.delta) {
            *v += t * d;
        }
        Ok(())
    }
}
