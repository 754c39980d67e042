//! Compact per-destination connection arrays (CSR) and the reverse index.

use crate::net::{Conn, Net};

/// Connections grouped by destination (`in_*`) and by source (`out_*`).
#[derive(Debug, Clone, Default)]
pub struct Csr {
    /// Row starts per destination unit (`nnum + 1` entries).
    pub in_start: Vec<u32>,
    /// Source unit of each incoming connection.
    pub in_src: Vec<u32>,
    /// Weight index of each incoming connection.
    pub in_w: Vec<u32>,
    /// Row starts per source unit (`nnum + 1` entries).
    pub out_start: Vec<u32>,
    /// Destination unit of each outgoing connection.
    pub out_dst: Vec<u32>,
    /// Weight index of each outgoing connection.
    pub out_w: Vec<u32>,
    /// Whether a unit's incoming connections use a shared weight.
    pub row_shared: Vec<bool>,
    /// Whether any weight is shared by several connections (only SN2.8's
    /// iterative kernels can make such nets).
    pub any_shared: bool,
    /// Whether a unit's incoming sources and weights are both consecutive
    /// (a fully connected row): its loops then run on slices.
    /// 0: not dense; 1: dense; 2: dense after a leading bias connection;
    /// 3: dense before a trailing bias connection.
    pub dense: Vec<u8>,
    /// The destination of the first connection of each weight (its learning
    /// rate comes from that unit unless the weight has its own).
    pub wfirst_dst: Vec<u32>,
}

fn group(n: usize, conns: &[Conn], key: impl Fn(&Conn) -> u32) -> (Vec<u32>, Vec<usize>) {
    let mut start = vec![0u32; n + 1];
    for c in conns {
        start[key(c) as usize + 1] += 1;
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let mut fill: Vec<u32> = start[..n].to_vec();
    let mut order = vec![0usize; conns.len()];
    for (k, c) in conns.iter().enumerate() {
        let slot = &mut fill[key(c) as usize];
        order[*slot as usize] = k;
        *slot += 1;
    }
    (start, order)
}

/// A row whose sources `s0..s0+n` use the weights `w0..w0+n`, plus maybe
/// one connection from the bias unit with weight `bias`.
#[derive(Debug, Clone, Copy)]
pub struct DenseRow {
    /// The first source unit of the dense run.
    pub s0: usize,
    /// The weight index of the connection from `s0`.
    pub w0: usize,
    /// The length of the run (may be 0 when the row is only the bias).
    pub n: usize,
    /// The weight index of the connection from unit 0, before or after the run.
    pub bias: Option<usize>,
}

fn dense_kind(src: &[u32], w: &[u32]) -> u8 {
    let consecutive = |v: &[u32]| v.windows(2).all(|p| p[1] == p[0] + 1);
    let n = src.len();
    if n == 0 {
        0
    } else if consecutive(src) && consecutive(w) {
        1
    } else if n >= 2 && src[0] == 0 && consecutive(&src[1..]) && consecutive(&w[1..]) {
        2
    } else if n >= 2 && src[n - 1] == 0 && consecutive(&src[..n - 1]) && consecutive(&w[..n - 1]) {
        3
    } else {
        0
    }
}

impl Csr {
    /// Compiles the live connections of `net`.
    pub fn build(net: &Net) -> Csr {
        let n = net.nnum();
        let live: Vec<Conn> = net.connections().collect();
        let (in_start, in_order) = group(n, &live, |c| c.dst);
        let (out_start, out_order) = group(n, &live, |c| c.src);
        let in_src: Vec<u32> = in_order.iter().map(|&k| live[k].src).collect();
        let in_w: Vec<u32> = in_order.iter().map(|&k| live[k].w).collect();
        let out_dst = out_order.iter().map(|&k| live[k].dst).collect();
        let out_w = out_order.iter().map(|&k| live[k].w).collect();
        let refs = &net.weights.refs;
        let mut row_shared = vec![false; n];
        for (u, shared) in row_shared.iter_mut().enumerate() {
            let row = &in_w[in_start[u] as usize..in_start[u + 1] as usize];
            *shared = row.iter().any(|&w| refs[w as usize] > 1);
        }
        let any_shared = row_shared.iter().any(|&b| b);
        let dense = (0..n)
            .map(|u| {
                let (a, b) = (in_start[u] as usize, in_start[u + 1] as usize);
                dense_kind(&in_src[a..b], &in_w[a..b])
            })
            .collect();
        let mut wfirst_dst = vec![0u32; net.wnum()];
        let mut seen = vec![false; net.wnum()];
        for c in &live {
            if !seen[c.w as usize] {
                seen[c.w as usize] = true;
                wfirst_dst[c.w as usize] = c.dst;
            }
        }
        Csr {
            in_start,
            in_src,
            in_w,
            out_start,
            out_dst,
            out_w,
            row_shared,
            any_shared,
            dense,
            wfirst_dst,
        }
    }

    /// The incoming connections of `u`: `(sources, weights)`.
    #[inline]
    pub fn incoming(&self, u: u32) -> (&[u32], &[u32]) {
        let (a, b) = (
            self.in_start[u as usize] as usize,
            self.in_start[u as usize + 1] as usize,
        );
        (&self.in_src[a..b], &self.in_w[a..b])
    }

    /// The dense part of a row (consecutive sources and weights), if any.
    #[inline]
    pub fn dense_row(&self, u: u32) -> Option<DenseRow> {
        let (mut a, mut b) = (
            self.in_start[u as usize] as usize,
            self.in_start[u as usize + 1] as usize,
        );
        let bias = match self.dense[u as usize] {
            0 => return None,
            1 => None,
            2 => {
                a += 1;
                Some(self.in_w[a - 1] as usize)
            }
            _ => {
                b -= 1;
                Some(self.in_w[b] as usize)
            }
        };
        Some(DenseRow {
            s0: self.in_src[a] as usize,
            w0: self.in_w[a] as usize,
            n: b - a,
            bias,
        })
    }

    /// The outgoing connections of `u`: `(destinations, weights)`.
    #[inline]
    pub fn outgoing(&self, u: u32) -> (&[u32], &[u32]) {
        let (a, b) = (
            self.out_start[u as usize] as usize,
            self.out_start[u as usize + 1] as usize,
        );
        (&self.out_dst[a..b], &self.out_w[a..b])
    }
}

impl Net {
    /// Compiles the connection arrays if the net changed since last time.
    pub fn ensure_csr(&mut self) {
        if self.dirty {
            self.csr = Csr::build(self);
            self.dirty = false;
        }
    }

    /// The compiled connection arrays (compiling them if needed).
    pub fn csr(&mut self) -> &Csr {
        self.ensure_csr();
        &self.csr
    }
}
