//! Optimal brain damage: saliencies and pruning, with SN2.8's rule
//! (`obd-prune` of `lib/netenv.sn`): the saliency of a connection is
//! `shess·sval²`, and every connection whose saliency is below the
//! `fraction` quantile of all the connections' saliencies is cut.

use crate::net::Net;

impl Net {
    /// Saliency `shess·sval²` of every weight, in double precision as
    /// SN2.8's Lisp computes it (`(* h u u)`).
    pub fn saliencies(&self) -> Vec<f64> {
        let ws = &self.weights;
        ws.val
            .iter()
            .zip(&ws.hess)
            .map(|(&w, &h)| f64::from(h) * f64::from(w) * f64::from(w))
            .collect()
    }

    /// Cuts every connection whose saliency is strictly below the
    /// `fraction` quantile of the saliencies of the live connections (the
    /// element of rank ⌊n·fraction⌋, counted from 0, of the sorted list,
    /// as TL3's `quantile`); returns how many connections were cut. A
    /// weight left without connections is set to 0.
    pub fn obd_prune(&mut self, fraction: f32) -> usize {
        let sal = self.saliencies();
        let conns: Vec<(u32, u32, usize)> = self
            .connections()
            .map(|c| (c.src, c.dst, c.w as usize))
            .collect();
        if conns.is_empty() {
            return 0;
        }
        let mut sorted: Vec<f64> = conns.iter().map(|c| sal[c.2]).collect();
        sorted.sort_by(f64::total_cmp);
        let k =
            ((conns.len() as f32 * fraction.clamp(0.0, 1.0)).floor() as usize).min(conns.len() - 1);
        let limit = sorted[k];
        let mut count = 0;
        for &(a, b, w) in &conns {
            if sal[w] < limit {
                // The pairs come from live connections: cutting cannot fail.
                let _ = self.cut_connection(a, b);
                count += 1;
            }
        }
        for w in 0..self.wnum() {
            if self.weights.refs[w] == 0 {
                self.weights.val[w] = 0.0;
                self.weights.delta[w] = 0.0;
            }
        }
        count
    }
}
