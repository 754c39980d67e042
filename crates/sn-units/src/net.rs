//! The net store: units, connections, weights, counters and fields.
//!
//! Units are numbered from 0; unit 0 is the bias unit (state 1). Every
//! connection `src -> dst` points at one weight; several connections may
//! point at the same weight (shared weights, `dup-connection`). Connections
//! are kept in insertion order and compiled on demand into compact arrays
//! per destination (CSR) with a reverse index per source ([`crate::csr`]).

use std::collections::HashMap;

use crate::csr::Csr;
use crate::error::{Result, UnitsError};

/// A unit field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitField {
    /// State `nval`.
    Val,
    /// Weighted sum `nsum`.
    Sum,
    /// Gradient w.r.t. the weighted sum `ngrad`.
    Grad,
    /// Back-propagated sum `nbacksum`.
    BackSum,
    /// Learning rate `nepsilon`.
    Epsilon,
    /// Second derivative w.r.t. the weighted sum `nggrad`.
    GGrad,
    /// Back-propagated second derivative `nsqbacksum`.
    SqBackSum,
    /// `nsigma`.
    Sigma,
    /// `nspare` (SN2.8's `nspare1`, field 11).
    Spare,
    /// `ndesired` (SN2.8 field 6).
    Desired,
    /// `nfreedom` (SN2.8 field 7).
    Freedom,
    /// `nspare2` (SN2.8 field 12).
    Spare2,
    /// `nspare3` (SN2.8 field 13).
    Spare3,
}

/// A weight (connection) field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeightField {
    /// The weight `sval`.
    Val,
    /// Last change `sdelta`.
    Delta,
    /// Accumulated gradient `sacc`.
    Acc,
    /// Learning rate `sepsilon`.
    Epsilon,
    /// Diagonal Hessian estimate `shess`.
    Hess,
    /// Averaged curvature `ssigma` (SN2.8 field 5).
    Sigma,
}

/// One connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Conn {
    /// Source unit.
    pub src: u32,
    /// Destination unit.
    pub dst: u32,
    /// Weight index.
    pub w: u32,
}

/// The fields of the units, one vector per field, all of the same length
/// (the number of units), indexed by unit number.
///
/// Gradients follow SN2.8's sign: `ngrad` and `nbacksum` are *minus* the
/// derivatives of the cost, so learning adds them.
#[derive(Debug, Clone, Default)]
pub struct Units {
    /// The state: the non-linear function of `nsum`, or the input set from
    /// outside; unit 0 holds 1.
    pub nval: Vec<f32>,
    /// The weighted sum of the incoming states, before the non-linear function.
    pub nsum: Vec<f32>,
    /// `nbacksum·f'(nsum)`: minus the derivative of the cost w.r.t. `nsum`.
    pub ngrad: Vec<f32>,
    /// `Σ sval·ngrad` over the downstream units (desired − state on an
    /// output unit): minus the derivative of the cost w.r.t. `nval`.
    pub nbacksum: Vec<f32>,
    /// The unit's learning rate, used by its incoming connections whose
    /// weight has no rate of its own.
    pub nepsilon: Vec<f32>,
    /// The second derivative of the cost w.r.t. `nsum` (a diagonal
    /// estimate; Gauss-Newton, so never negative, after `update-lmggradient`).
    pub nggrad: Vec<f32>,
    /// `Σ sval²·nggrad` over the downstream units (1 on an output unit).
    pub nsqbacksum: Vec<f32>,
    /// SN2.8's `nsigma`, stored per unit; no primitive here reads it.
    pub nsigma: Vec<f32>,
    /// SN2.8's `nspare1`: free for the user; the IAC primitives put the
    /// excitatory input there.
    pub nspare: Vec<f32>,
    /// SN2.8's obsolete field 6, kept for scripts that still set it.
    pub ndesired: Vec<f32>,
    /// SN2.8's obsolete field 7, kept for scripts that still set it.
    pub nfreedom: Vec<f32>,
    /// Free for the user; the IAC primitives put the inhibitory input there.
    pub nspare2: Vec<f32>,
    /// Free for the user.
    pub nspare3: Vec<f32>,
}

impl Units {
    /// Every field but `nval`, which the units' values start from.
    fn others_mut(&mut self) -> [&mut Vec<f32>; 12] {
        [
            &mut self.nsum,
            &mut self.ngrad,
            &mut self.nbacksum,
            &mut self.nepsilon,
            &mut self.nggrad,
            &mut self.nsqbacksum,
            &mut self.nsigma,
            &mut self.nspare,
            &mut self.ndesired,
            &mut self.nfreedom,
            &mut self.nspare2,
            &mut self.nspare3,
        ]
    }

    /// Makes room for `n` more units in every field (see [`room`]).
    pub(crate) fn room(&mut self, n: usize, op: &'static str) -> Result<()> {
        room(&mut self.nval, n, op)?;
        for v in self.others_mut() {
            room(v, n, op)?;
        }
        Ok(())
    }

    pub(crate) fn push(&mut self, val: f32) {
        self.nval.push(val);
        for v in self.others_mut() {
            v.push(0.0);
        }
    }

    /// The vector of one field.
    pub fn field(&self, f: UnitField) -> &Vec<f32> {
        match f {
            UnitField::Val => &self.nval,
            UnitField::Sum => &self.nsum,
            UnitField::Grad => &self.ngrad,
            UnitField::BackSum => &self.nbacksum,
            UnitField::Epsilon => &self.nepsilon,
            UnitField::GGrad => &self.nggrad,
            UnitField::SqBackSum => &self.nsqbacksum,
            UnitField::Sigma => &self.nsigma,
            UnitField::Spare => &self.nspare,
            UnitField::Desired => &self.ndesired,
            UnitField::Freedom => &self.nfreedom,
            UnitField::Spare2 => &self.nspare2,
            UnitField::Spare3 => &self.nspare3,
        }
    }

    /// The vector of one field, mutable.
    pub fn field_mut(&mut self, f: UnitField) -> &mut Vec<f32> {
        match f {
            UnitField::Val => &mut self.nval,
            UnitField::Sum => &mut self.nsum,
            UnitField::Grad => &mut self.ngrad,
            UnitField::BackSum => &mut self.nbacksum,
            UnitField::Epsilon => &mut self.nepsilon,
            UnitField::GGrad => &mut self.nggrad,
            UnitField::SqBackSum => &mut self.nsqbacksum,
            UnitField::Sigma => &mut self.nsigma,
            UnitField::Spare => &mut self.nspare,
            UnitField::Desired => &mut self.ndesired,
            UnitField::Freedom => &mut self.nfreedom,
            UnitField::Spare2 => &mut self.nspare2,
            UnitField::Spare3 => &mut self.nspare3,
        }
    }
}

/// The fields of the weights, one vector per field, all of the same length
/// (the number of weights), indexed by weight number; several connections
/// may share one weight.
#[derive(Debug, Clone, Default)]
pub struct Weights {
    /// The weight `sval`.
    pub val: Vec<f32>,
    /// The last change `sdelta` (what momentum keeps).
    pub delta: Vec<f32>,
    /// The accumulated gradient `sacc`: `Σ nval(from)·ngrad(to)·ε` over the
    /// connections using the weight, since the last `clear-acc`.
    pub acc: Vec<f32>,
    /// The weight's own learning rate `sepsilon` (meaningful where `eps_set`).
    pub eps: Vec<f32>,
    /// The diagonal Hessian estimate `shess` (OBD and second-order rates).
    pub hess: Vec<f32>,
    /// SN2.8's `ssigma` (kept per weight, like every other field).
    pub sigma: Vec<f32>,
    /// Whether `eps` was set for this weight (otherwise the destination
    /// unit's `nepsilon` is used).
    pub eps_set: Vec<bool>,
    /// Number of live connections using each weight.
    pub refs: Vec<u32>,
}

impl Weights {
    /// The vector of one field.
    pub fn field(&self, f: WeightField) -> &Vec<f32> {
        match f {
            WeightField::Val => &self.val,
            WeightField::Delta => &self.delta,
            WeightField::Acc => &self.acc,
            WeightField::Epsilon => &self.eps,
            WeightField::Hess => &self.hess,
            WeightField::Sigma => &self.sigma,
        }
    }
}

/// The network: units, connections, weights.
#[derive(Debug, Clone)]
pub struct Net {
    pub(crate) nmax: usize,
    pub(crate) smax: usize,
    pub(crate) wmax: usize,
    /// Unit fields.
    pub units: Units,
    /// Weight fields.
    pub weights: Weights,
    pub(crate) conns: Vec<Conn>,
    pub(crate) alive: Vec<bool>,
    pub(crate) pairs: HashMap<(u32, u32), u32>,
    pub(crate) snum: usize,
    pub(crate) any_eps_set: bool,
    pub(crate) csr: Csr,
    pub(crate) dirty: bool,
    /// The μ of the last `hessian-scale`.
    pub mu: f32,
    /// SN2.8's numbering of the weights: `sn28_order[k]` is the weight SN2.8
    /// would have numbered `k` (its `connect` of two lists makes them
    /// source by source, sn destination by destination, for speed).
    pub(crate) sn28_order: Vec<u32>,
    pub(crate) scratch: Scratch,
}

/// Per-weight scratch space for summing contributions of shared weights.
#[derive(Debug, Clone, Default)]
pub struct Scratch {
    pub sum: Vec<f32>,
    pub eps: Vec<f32>,
    pub mark: Vec<u32>,
    pub stamp: u32,
    pub touched: Vec<u32>,
}

/// The largest number of units, connections or weights of a net.
pub const MAX_ITEMS: usize = 1 << 27;

/// Makes `cap` at least `needed` (doubling), up to [`MAX_ITEMS`]: the
/// capacities of `alloc-net` are hints, as old scripts counted differently.
pub(crate) fn grow(
    cap: &mut usize,
    needed: usize,
    op: &'static str,
    what: &'static str,
) -> Result<()> {
    if needed > MAX_ITEMS {
        return Err(UnitsError::Capacity {
            op,
            what,
            max: MAX_ITEMS,
        });
    }
    if needed > *cap {
        *cap = needed.max(cap.saturating_mul(2)).min(MAX_ITEMS);
    }
    Ok(())
}

/// Makes room in `v` for `more` items, asking the memory budget first for
/// what the vector grows to (doubling, as `push` would): an impossible
/// size is a [`UnitsError::Memory`] instead of an aborted process.
pub(crate) fn room<T>(v: &mut Vec<T>, more: usize, op: &'static str) -> Result<()> {
    let need = v.len().saturating_add(more);
    if need <= v.capacity() {
        return Ok(());
    }
    let target = need.max(v.capacity().saturating_mul(2));
    let size = std::mem::size_of::<T>().max(1);
    sn_array::budget::reserve_items(op, target - v.len(), size)
        .map_err(|e| UnitsError::memory(op, e))?;
    v.try_reserve_exact(target - v.len())
        .map_err(|_| UnitsError::Memory {
            op,
            what: format!(
                "allocating {} bytes failed",
                (target - v.len()).saturating_mul(size)
            ),
        })
}

impl Scratch {
    /// Starts a new summation over `wnum` weights.
    pub fn begin(&mut self, wnum: usize) {
        if self.mark.len() < wnum {
            self.mark.resize(wnum, 0);
            self.sum.resize(wnum, 0.0);
            self.eps.resize(wnum, 0.0);
        }
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            self.mark.iter_mut().for_each(|m| *m = 0);
            self.stamp = 1;
        }
        self.touched.clear();
    }
}

impl Net {
    /// A network with room for `nmax` units, `smax` connections and `wmax`
    /// weights, holding only the bias unit 0.
    pub fn new(nmax: usize, smax: usize, wmax: usize) -> Net {
        let mut units = Units::default();
        units.push(1.0);
        Net {
            nmax: nmax.max(1),
            smax,
            wmax,
            units,
            weights: Weights::default(),
            conns: Vec::new(),
            alive: Vec::new(),
            pairs: HashMap::new(),
            snum: 0,
            any_eps_set: false,
            csr: Csr::default(),
            dirty: true,
            mu: 0.0,
            sn28_order: Vec::new(),
            scratch: Scratch::default(),
        }
    }

    /// Number of units, bias included.
    pub fn nnum(&self) -> usize {
        self.units.nval.len()
    }
    /// Number of live connections.
    pub fn snum(&self) -> usize {
        self.snum
    }
    /// Number of distinct weights.
    pub fn wnum(&self) -> usize {
        self.weights.val.len()
    }
    /// Capacities `(nmax, smax, wmax)`.
    pub fn capacities(&self) -> (usize, usize, usize) {
        (self.nmax, self.smax, self.wmax)
    }

    /// Allocates `n` fresh units and returns their numbers.
    ///
    /// # Errors
    /// [`UnitsError::Capacity`] beyond [`MAX_ITEMS`] units (a capacity
    /// given to `alloc-net` grows when exceeded).
    pub fn newneurons(&mut self, n: usize) -> Result<std::ops::Range<u32>> {
        let start = self.nnum();
        grow(
            &mut self.nmax,
            start.saturating_add(n),
            "newneurons",
            "unit",
        )?;
        self.units.room(n, "newneurons")?;
        for _ in 0..n {
            self.units.push(0.0);
        }
        self.dirty = true;
        Ok(start as u32..(start + n) as u32)
    }

    /// Checks that `unit` exists and returns it as an index.
    ///
    /// # Errors
    /// [`UnitsError::Unit`] otherwise.
    pub fn check_unit(&self, op: &'static str, unit: i64) -> Result<u32> {
        if unit < 0 || unit as usize >= self.nnum() {
            return Err(UnitsError::Unit {
                op,
                unit,
                nnum: self.nnum(),
            });
        }
        Ok(unit as u32)
    }

    /// Checks every unit of a layer.
    ///
    /// # Errors
    /// [`UnitsError::Unit`] on the first bad unit.
    pub fn check_layer(&self, op: &'static str, layer: &[u32]) -> Result<()> {
        match layer.iter().find(|&&u| u as usize >= self.nnum()) {
            Some(&u) => Err(UnitsError::Unit {
                op,
                unit: u as i64,
                nnum: self.nnum(),
            }),
            None => Ok(()),
        }
    }

    /// Reads a unit field.
    ///
    /// # Errors
    /// [`UnitsError::Unit`] for a bad unit.
    pub fn unit_field(&self, f: UnitField, unit: i64) -> Result<f32> {
        let u = self.check_unit("unit field", unit)?;
        Ok(self.units.field(f)[u as usize])
    }

    /// Writes a unit field.
    ///
    /// # Errors
    /// [`UnitsError::Unit`] for a bad unit.
    pub fn set_unit_field(&mut self, f: UnitField, unit: i64, v: f32) -> Result<()> {
        let u = self.check_unit("unit field", unit)?;
        self.units.field_mut(f)[u as usize] = v;
        Ok(())
    }

    /// The weight index of the connection `from -> to`.
    ///
    /// # Errors
    /// [`UnitsError::NotConnected`] if there is none.
    pub fn weight_of(&self, op: &'static str, from: u32, to: u32) -> Result<u32> {
        match self.pairs.get(&(from, to)) {
            Some(&c) => Ok(self.conns[c as usize].w),
            None => Err(UnitsError::NotConnected { op, from, to }),
        }
    }

    /// Reads a field of the weight of `from -> to`.
    ///
    /// # Errors
    /// [`UnitsError::NotConnected`] if there is no such connection.
    pub fn weight_field(&self, f: WeightField, from: u32, to: u32) -> Result<f32> {
        let w = self.weight_of("connection field", from, to)? as usize;
        Ok(self.weights.field(f)[w])
    }

    /// Writes a field of the weight of `from -> to`.
    ///
    /// # Errors
    /// [`UnitsError::NotConnected`] if there is no such connection.
    pub fn set_weight_field(&mut self, f: WeightField, from: u32, to: u32, v: f32) -> Result<()> {
        let w = self.weight_of("connection field", from, to)? as usize;
        self.set_weight_field_at(f, w, v);
        Ok(())
    }

    /// Writes a field of weight number `w`.
    ///
    /// # Errors
    /// [`UnitsError::Domain`] if `w >= wnum`.
    pub fn set_weight_at(&mut self, f: WeightField, w: usize, v: f32) -> Result<()> {
        if w >= self.wnum() {
            return Err(UnitsError::Domain {
                op: "weight field",
                what: format!("no weight {w}"),
            });
        }
        self.set_weight_field_at(f, w, v);
        Ok(())
    }

    /// Writes a field of weight number `w` (must be `< wnum`).
    pub(crate) fn set_weight_field_at(&mut self, f: WeightField, w: usize, v: f32) {
        let ws = &mut self.weights;
        match f {
            WeightField::Val => ws.val[w] = v,
            WeightField::Delta => ws.delta[w] = v,
            WeightField::Acc => ws.acc[w] = v,
            WeightField::Hess => ws.hess[w] = v,
            WeightField::Sigma => ws.sigma[w] = v,
            WeightField::Epsilon => {
                ws.eps[w] = v;
                ws.eps_set[w] = true;
                self.any_eps_set = true;
            }
        }
    }

    /// Checks that every unit's state and gradient is finite, before a
    /// weight update that would spread a NaN or infinity to every weight.
    ///
    /// # Errors
    /// [`UnitsError::NotFinite`] naming the first unit that is not.
    pub fn check_finite_units(&self, op: &'static str) -> Result<()> {
        let u = &self.units;
        let bad = u
            .nval
            .iter()
            .zip(&u.ngrad)
            .position(|(x, g)| !x.is_finite() || !g.is_finite());
        match bad {
            None => Ok(()),
            Some(k) => Err(UnitsError::NotFinite {
                op,
                what: format!(
                    "unit {k} has state {} and gradient {} (not finite; a NaN or infinite input?): \
                     the weights were not updated",
                    u.nval[k], u.ngrad[k]
                ),
            }),
        }
    }

    /// All live connections, in creation order.
    pub fn connections(&self) -> impl Iterator<Item = Conn> + '_ {
        self.conns
            .iter()
            .zip(&self.alive)
            .filter(|(_, &a)| a)
            .map(|(c, _)| *c)
    }
}
