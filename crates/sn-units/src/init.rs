//! Initial weights (`forget`) and learning rates (`epsi`).

use crate::error::Result;
use crate::net::Net;

/// How the bound of `forget` and the rate of `epsi` depend on fan-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FanIn {
    /// `x` itself.
    Const,
    /// `x / fanin`.
    Inv,
    /// `x / √fanin`.
    Sqrt,
}

impl FanIn {
    /// x scaled by the fan-in, computed in double precision and rounded
    /// once to a unit field, as SN2.8's netenv computes it in Lisp.
    fn scale(self, x: f64, fanin: usize) -> f32 {
        let f = fanin.max(1) as f64;
        (match self {
            FanIn::Const => x,
            FanIn::Inv => x / f,
            FanIn::Sqrt => x / f.sqrt(),
        }) as f32
    }
}

impl Net {
    fn dst_units(&self, layer: Option<&[u32]>) -> Result<Vec<u32>> {
        match layer {
            Some(l) => {
                self.check_layer("forget", l)?;
                Ok(l.to_vec())
            }
            None => Ok((1..self.nnum() as u32).collect()),
        }
    }

    /// Draws the weights into `layer` (every unit but the bias if `None`)
    /// as SN2.8's `forget` functions do: destination by destination, each
    /// incoming connection in the order it was made draws `(rand -b b)`,
    /// that is `2b·r - b` in double precision from `r = uniform()` in
    /// [0, 1], with `b = x`, `x/fanin` or `x/√fanin`; the weight takes the
    /// value (a weight shared by several connections keeps the last one
    /// drawn). `forget` (`FanIn::Const`) also clears each delta;
    /// `forget-inv` and `forget-sqrt` leave the deltas as they are, as in
    /// SN2.8. A unit without inputs draws nothing.
    ///
    /// # Errors
    /// Bad units in the layer.
    pub fn forget(
        &mut self,
        x: f64,
        mode: FanIn,
        layer: Option<&[u32]>,
        uniform: &mut dyn FnMut() -> f32,
    ) -> Result<()> {
        let units = self.dst_units(layer)?;
        self.ensure_csr();
        for u in units {
            let (_, wi) = self.csr.incoming(u);
            let fanin = wi.len() as f64;
            let b = match mode {
                FanIn::Const => x,
                FanIn::Inv => x / fanin,
                FanIn::Sqrt => x / fanin.sqrt(),
            };
            for &w in wi {
                let r = f64::from(uniform());
                let w = w as usize;
                self.weights.val[w] = ((b - -b) * r + -b) as f32;
                if mode == FanIn::Const {
                    self.weights.delta[w] = 0.0;
                }
            }
        }
        Ok(())
    }

    /// Sets `nepsilon` of each unit with inputs in `layer` (every unit if
    /// `None`) to `x` scaled by its fan-in, and makes the weights into it use
    /// that rate (dropping their own).
    ///
    /// # Errors
    /// Bad units in the layer.
    pub fn epsi(&mut self, x: f64, mode: FanIn, layer: Option<&[u32]>) -> Result<()> {
        let units = self.dst_units(layer)?;
        self.ensure_csr();
        for u in units {
            let (_, wi) = self.csr.incoming(u);
            if wi.is_empty() {
                continue;
            }
            self.units.nepsilon[u as usize] = mode.scale(x, wi.len());
            for &w in wi {
                self.weights.eps_set[w as usize] = false;
            }
        }
        self.any_eps_set = self.weights.eps_set.iter().any(|&b| b);
        Ok(())
    }
}
