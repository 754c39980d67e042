//! Making and cutting connections; topology queries.

use crate::error::{Result, UnitsError};
use crate::net::{grow, room, Conn, Net};

impl Net {
    fn check_pair(&mut self, op: &'static str, from: u32, to: u32) -> Result<()> {
        self.check_unit(op, from as i64)?;
        self.check_unit(op, to as i64)?;
        if to == 0 {
            return Err(UnitsError::IntoBias { op });
        }
        if self.pairs.contains_key(&(from, to)) {
            return Err(UnitsError::AlreadyConnected { op, from, to });
        }
        grow(&mut self.smax, self.snum + 1, op, "connection")?;
        room(&mut self.conns, 1, op)?;
        room(&mut self.alive, 1, op)?;
        if self.pairs.len() == self.pairs.capacity() {
            let bytes = self.pairs.capacity().max(4).saturating_mul(2 * 16);
            sn_array::budget::reserve(op, bytes).map_err(|e| UnitsError::memory(op, e))?;
            self.pairs.try_reserve(1).map_err(|_| UnitsError::Memory {
                op,
                what: "allocating the connection table failed".into(),
            })?;
        }
        Ok(())
    }

    fn push_conn(&mut self, from: u32, to: u32, w: u32) {
        self.pairs.insert((from, to), self.conns.len() as u32);
        self.conns.push(Conn {
            src: from,
            dst: to,
            w,
        });
        self.alive.push(true);
        self.weights.refs[w as usize] += 1;
        self.snum += 1;
        self.dirty = true;
    }

    /// Creates a new weight and returns its index.
    ///
    /// # Errors
    /// [`UnitsError::Capacity`] beyond [`crate::net::MAX_ITEMS`] weights.
    pub fn new_weight(&mut self, op: &'static str, val: f32, eps: Option<f32>) -> Result<u32> {
        let needed = self.wnum() + 1;
        grow(&mut self.wmax, needed, op, "weight")?;
        let ws = &mut self.weights;
        for v in [
            &mut ws.val,
            &mut ws.delta,
            &mut ws.acc,
            &mut ws.hess,
            &mut ws.sigma,
            &mut ws.eps,
        ] {
            room(v, 1, op)?;
        }
        room(&mut ws.eps_set, 1, op)?;
        room(&mut ws.refs, 1, op)?;
        room(&mut self.sn28_order, 1, op)?;
        ws.val.push(val);
        ws.delta.push(0.0);
        ws.acc.push(0.0);
        ws.hess.push(0.0);
        ws.sigma.push(0.0);
        ws.eps.push(eps.unwrap_or(0.0));
        ws.eps_set.push(eps.is_some());
        ws.refs.push(0);
        self.sn28_order.push(ws.val.len() as u32 - 1);
        self.any_eps_set |= eps.is_some();
        self.dirty = true;
        Ok((self.wnum() - 1) as u32)
    }

    /// Connects `from -> to` with a new weight of value `val` and, if given,
    /// its own learning rate.
    ///
    /// # Errors
    /// Bad units, an existing connection, a connection into the bias unit,
    /// or exceeded capacities.
    pub fn connect(&mut self, from: u32, to: u32, val: f32, eps: Option<f32>) -> Result<()> {
        self.check_pair("connect", from, to)?;
        let w = self.new_weight("connect", val, eps)?;
        self.push_conn(from, to, w);
        Ok(())
    }

    /// Connects `from -> to` with the existing weight `w`.
    ///
    /// # Errors
    /// As [`Net::connect`]; [`UnitsError::Domain`] for a bad weight index.
    pub fn connect_shared(&mut self, from: u32, to: u32, w: u32) -> Result<()> {
        self.check_pair("connect", from, to)?;
        if w as usize >= self.wnum() {
            let what = format!("no weight {w}");
            return Err(UnitsError::Domain {
                op: "connect",
                what,
            });
        }
        self.push_conn(from, to, w);
        Ok(())
    }

    /// Makes the connection `n1 -> n2` share the weight of `m1 -> m2`.
    ///
    /// # Errors
    /// [`UnitsError::NotConnected`] if `m1 -> m2` does not exist, and the
    /// errors of [`Net::connect`] for `n1 -> n2`.
    pub fn dup_connection(&mut self, m1: u32, m2: u32, n1: u32, n2: u32) -> Result<()> {
        let w = self.weight_of("dup-connection", m1, m2)?;
        self.check_pair("dup-connection", n1, n2)?;
        self.push_conn(n1, n2, w);
        Ok(())
    }

    /// Removes the connection `from -> to`.
    ///
    /// # Errors
    /// [`UnitsError::NotConnected`] if it does not exist.
    pub fn cut_connection(&mut self, from: u32, to: u32) -> Result<()> {
        match self.pairs.remove(&(from, to)) {
            None => Err(UnitsError::NotConnected {
                op: "cut-connection",
                from,
                to,
            }),
            Some(c) => {
                self.alive[c as usize] = false;
                let w = self.conns[c as usize].w as usize;
                self.weights.refs[w] -= 1;
                if self.weights.refs[w] == 0 {
                    // As SN2.8: a weight no connection uses any more is zeroed.
                    self.weights.val[w] = 0.0;
                    self.weights.acc[w] = 0.0;
                }
                self.snum -= 1;
                self.dirty = true;
                Ok(())
            }
        }
    }

    /// Units feeding `n`.
    pub fn amont(&mut self, n: u32) -> Vec<u32> {
        self.csr().incoming(n).0.to_vec()
    }

    /// Units fed by `n`.
    pub fn aval(&mut self, n: u32) -> Vec<u32> {
        self.csr().outgoing(n).0.to_vec()
    }

    /// Number of connections into `n`.
    pub fn nfanin(&mut self, n: u32) -> usize {
        self.csr().incoming(n).0.len()
    }

    /// Number of connections sharing the weight of `from -> to`.
    ///
    /// # Errors
    /// [`UnitsError::NotConnected`] if there is no such connection.
    pub fn scounter(&self, from: u32, to: u32) -> Result<u32> {
        let w = self.weight_of("scounter", from, to)?;
        Ok(self.weights.refs[w as usize])
    }

    /// Makes the connection `from -> to` use weight `w` (SN2.8's
    /// `(sindex from to w)`).
    ///
    /// # Errors
    /// [`UnitsError::NotConnected`], or [`UnitsError::Domain`] when there
    /// is no weight `w`.
    pub fn reassign_weight(&mut self, from: u32, to: u32, w: usize) -> Result<()> {
        if w >= self.wnum() {
            return Err(UnitsError::Domain {
                op: "sindex",
                what: format!("no weight {w} (wnum = {})", self.wnum()),
            });
        }
        let c = *self
            .pairs
            .get(&(from, to))
            .ok_or(UnitsError::NotConnected {
                op: "sindex",
                from,
                to,
            })? as usize;
        let old = self.conns[c].w as usize;
        self.weights.refs[old] -= 1;
        self.weights.refs[w] += 1;
        self.conns[c].w = w as u32;
        self.dirty = true;
        Ok(())
    }

    /// SN2.8's numbering of the weights (see [`Net::sn28_weight_order`]).
    pub fn sn28_weight_order(&self) -> &[u32] {
        &self.sn28_order
    }

    /// Renumbers, SN2.8's way, the last `nf·nt` weights, made destination
    /// by destination (`nt` destinations, `nf` sources each): SN2.8 numbers
    /// them source by source.
    pub fn sn28_source_major(&mut self, nf: usize, nt: usize) {
        let k = nf * nt;
        let len = self.sn28_order.len();
        if k < 2 || k > len {
            return;
        }
        let old = self.sn28_order[len - k..].to_vec();
        for i in 0..nf {
            for j in 0..nt {
                self.sn28_order[len - k + i * nt + j] = old[j * nf + i];
            }
        }
    }
}
