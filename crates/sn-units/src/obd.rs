//! Optimal brain damage: saliencies and pruning.

use crate::net::Net;

impl Net {
    /// Saliency `½·shess·sval²` of every weight.
    pub fn saliencies(&self) -> Vec<f32> {
        let ws = &self.weights;
        ws.val
            .iter()
            .zip(&ws.hess)
            .map(|(w, h)| 0.5 * h * w * w)
            .collect()
    }

    /// Cuts the connections of the weights of lowest saliency until at
    /// least `fraction` of the live connections are gone (a shared weight
    /// goes with all its connections); returns how many connections were
    /// cut. Weights out of the bias unit are pruned like the others.
    pub fn obd_prune(&mut self, fraction: f32) -> usize {
        let target = (fraction.clamp(0.0, 1.0) * self.snum() as f32).round() as usize;
        let sal = self.saliencies();
        let mut order: Vec<usize> = (0..self.wnum())
            .filter(|&w| self.weights.refs[w] > 0)
            .collect();
        order.sort_by(|&a, &b| sal[a].total_cmp(&sal[b]));
        let mut victims = vec![false; self.wnum()];
        let mut count = 0;
        for w in order {
            if count >= target {
                break;
            }
            victims[w] = true;
            count += self.weights.refs[w] as usize;
        }
        let cut: Vec<(u32, u32)> = self
            .connections()
            .filter(|c| victims[c.w as usize])
            .map(|c| (c.src, c.dst))
            .collect();
        for (a, b) in &cut {
            // The pairs come from live connections: cutting cannot fail.
            let _ = self.cut_connection(*a, *b);
        }
        for (w, &v) in victims.iter().enumerate() {
            if v {
                self.weights.val[w] = 0.0;
                self.weights.delta[w] = 0.0;
            }
        }
        cut.len()
    }
}
