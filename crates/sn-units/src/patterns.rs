//! Connection patterns of SN2.8's `connect.sn`: local windows, shared
//! kernels (convolutions), wrap-around edges, time delays, biases.
//!
//! Layers of maps are unit lists read row by row; sizes are rows (`lin`)
//! then columns (`col`); steps and kernel sizes are x (columns) then y
//! (rows).

use crate::error::{Result, UnitsError};
use crate::net::Net;

/// How the windows of a pattern share weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sharing {
    /// Every connection its own weight (`local-*`).
    None,
    /// One kernel shared by every window (`mask-*`).
    Kernel,
    /// One single weight for the whole kernel (`equal-mask-*`).
    Single,
}

/// A 2-D map: its units, rows and columns.
#[derive(Debug, Clone, Copy)]
pub struct Map<'a> {
    /// Units, row by row.
    pub units: &'a [u32],
    /// Rows.
    pub lin: usize,
    /// Columns.
    pub col: usize,
}

/// Window geometry: steps and sizes along x (columns) and y (rows).
#[derive(Debug, Clone, Copy)]
pub struct Window {
    /// Columns between the left edges of two neighbouring windows.
    pub xstep: usize,
    /// Rows between the top edges of two neighbouring windows.
    pub ystep: usize,
    /// Width of a window, in columns.
    pub xsize: usize,
    /// Height of a window, in rows.
    pub ysize: usize,
    /// Windows wrap around the edges of the source map.
    pub toric: bool,
}

fn check_map(op: &'static str, m: &Map) -> Result<()> {
    if m.lin.checked_mul(m.col) != Some(m.units.len()) {
        let what = format!(
            "a layer of {} units is not {}x{}",
            m.units.len(),
            m.lin,
            m.col
        );
        return Err(UnitsError::Shape { op, what });
    }
    Ok(())
}

/// Checks the geometry; returns a warning when the windows do not tile the
/// source exactly.
fn check_window(op: &'static str, a: &Map, b: &Map, w: &Window) -> Result<Option<String>> {
    check_map(op, a)?;
    check_map(op, b)?;
    if !b.units.is_empty() && (a.lin == 0 || a.col == 0) {
        let what = "an empty source map".into();
        return Err(UnitsError::Shape { op, what });
    }
    if w.xstep == 0 || w.ystep == 0 || w.xsize == 0 || w.ysize == 0 {
        return Err(UnitsError::Domain {
            op,
            what: "steps and sizes must be positive".into(),
        });
    }
    // Every unit of b gets xsize·ysize connections: past the net's limit
    // it is a capacity error before anything is made.
    let per_unit = w.xsize.checked_mul(w.ysize);
    match per_unit.and_then(|k| k.checked_mul(b.units.len())) {
        Some(n) if n <= crate::net::MAX_ITEMS => {}
        _ => {
            return Err(UnitsError::Capacity {
                op,
                what: "connection",
                max: crate::net::MAX_ITEMS,
            })
        }
    }
    if w.toric {
        let exact =
            b.lin.checked_mul(w.ystep) == Some(a.lin) && b.col.checked_mul(w.xstep) == Some(a.col);
        return Ok(if exact { None } else { inexact(op) });
    }
    let span = |n: usize, step: usize, size: usize| {
        (n.max(1) - 1)
            .checked_mul(step)
            .and_then(|v| v.checked_add(size))
    };
    let (Some(need_y), Some(need_x)) =
        (span(b.lin, w.ystep, w.ysize), span(b.col, w.xstep, w.xsize))
    else {
        let what = format!(
            "windows of {}x{} steps {}x{} do not fit in usize",
            w.ysize, w.xsize, w.ystep, w.xstep
        );
        return Err(UnitsError::Shape { op, what });
    };
    if w.ysize > a.lin || w.xsize > a.col {
        let what = format!(
            "windows of {}x{} do not fit in a {}x{} source",
            w.ysize, w.xsize, a.lin, a.col
        );
        return Err(UnitsError::Shape { op, what });
    }
    let exact = need_y == a.lin && need_x == a.col;
    Ok(if exact { None } else { inexact(op) })
}

/// SN2.8's warning for windows that do not tile the source exactly, as
/// its `connect.sn` prints it (the `equal-mask` forms print the `mask`
/// form's name; `equal-mask-toric-connect` prints none).
fn inexact(op: &str) -> Option<String> {
    let name = match op {
        "equal-mask-toric-connect" => return None,
        "equal-mask-1d-connect" => "mask-1d-connect",
        "equal-mask-2d-connect" => "mask-2d-connect",
        other => other,
    };
    Some(format!("{name}:[warning]:inexact layer size."))
}

/// The source index of offset `d` in window `i` (step `step`, `size` wide)
/// over `n` units: wrapped around for toric windows; otherwise, as SN2.8's
/// `local-next`, a window that would pass the end is moved back to end
/// there (the caller checked `size <= n`).
fn place(i: usize, step: usize, d: usize, n: usize, size: usize, toric: bool) -> usize {
    let start = i as u128 * step as u128;
    if toric {
        ((start + d as u128) % n as u128) as usize
    } else {
        start.min((n - size) as u128) as usize + d
    }
}

impl Net {
    /// Connects each unit of `b` to a window of `a`; see [`Sharing`].
    /// Returns a warning when the windows do not tile the source exactly;
    /// windows that would pass the end of a non-toric source are moved
    /// back to end there, as SN2.8 does.
    ///
    /// # Errors
    /// Layers whose length is not `lin·col`, windows larger than a
    /// non-toric source, bad units, existing connections, capacities.
    pub fn window_connect(
        &mut self,
        op: &'static str,
        a: Map,
        b: Map,
        w: Window,
        sharing: Sharing,
    ) -> Result<Option<String>> {
        let warning = check_window(op, &a, &b, &w)?;
        self.windows(op, a, b, w, sharing, false)?;
        Ok(warning)
    }

    /// SN2.8's `mask-2d-reverse`: each unit (r, c) of `small` feeds a
    /// window of `big` placed at (r·ystep, c·xstep), all windows sharing
    /// one kernel (a transposed convolution). Returns SN2.8's warning when
    /// the windows do not tile `big` exactly.
    ///
    /// # Errors
    /// As [`Net::window_connect`].
    pub fn window_reverse_connect(
        &mut self,
        op: &'static str,
        small: Map,
        big: Map,
        w: Window,
    ) -> Result<Option<String>> {
        // The geometry is that of a window_connect from big to small.
        let warning = check_window(op, &big, &small, &w)?;
        self.windows(op, big, small, w, Sharing::Kernel, true)?;
        Ok(warning)
    }

    /// For each unit of `b` and each place of its window in `a` (checked
    /// geometry): a connection from the window's unit to the unit of `b`,
    /// or the other way when `reverse`, sharing weights as `sharing` says.
    fn windows(
        &mut self,
        op: &'static str,
        a: Map,
        b: Map,
        w: Window,
        sharing: Sharing,
        reverse: bool,
    ) -> Result<()> {
        // Bounded by MAX_ITEMS (check_window).
        let mut kernel: Vec<u32> = Vec::with_capacity(w.xsize * w.ysize);
        for r in 0..b.lin {
            for c in 0..b.col {
                let unit = b.units[r * b.col + c];
                let mut k = 0;
                for dy in 0..w.ysize {
                    for dx in 0..w.xsize {
                        // In range for non-toric windows (check_window);
                        // wrapped, without overflow, for toric ones.
                        let (y, x) = (
                            place(r, w.ystep, dy, a.lin, w.ysize, w.toric),
                            place(c, w.xstep, dx, a.col, w.xsize, w.toric),
                        );
                        let other = a.units[y * a.col + x];
                        let (src, dst) = if reverse {
                            (unit, other)
                        } else {
                            (other, unit)
                        };
                        let reuse = match sharing {
                            Sharing::None => None,
                            Sharing::Kernel => kernel.get(k).copied(),
                            Sharing::Single => kernel.first().copied(),
                        };
                        match reuse {
                            Some(wi) => self.connect_shared(src, dst, wi)?,
                            None => {
                                self.connect(src, dst, 0.0, None)?;
                                kernel.push(self.weight_of(op, src, dst)?);
                            }
                        }
                        k += 1;
                    }
                }
            }
        }
        Ok(())
    }

    /// Time-delay connections: layer `a` is `nf1` frames of `nt1` traits,
    /// `b` is `nf2` frames of `nt2`; unit (f, t) of `b` sees frames
    /// `f·step .. f·step+size` of `a`, with one kernel per trait of `b`
    /// shared along time.
    ///
    /// # Errors
    /// Bad sizes, windows past the last frame, bad units, capacities.
    #[allow(clippy::too_many_arguments)]
    pub fn tdnn_connect(
        &mut self,
        a: &[u32],
        nf1: usize,
        nt1: usize,
        b: &[u32],
        nf2: usize,
        nt2: usize,
        step: usize,
        size: usize,
    ) -> Result<Option<String>> {
        let (ma, mb) = (
            Map {
                units: a,
                lin: nf1,
                col: nt1,
            },
            Map {
                units: b,
                lin: nf2,
                col: nt2,
            },
        );
        check_map("tdnn-connect", &ma)?;
        check_map("tdnn-connect", &mb)?;
        // An empty b (nf2 or nt2 zero) has nothing to connect.
        let nt2 = if b.is_empty() { 0 } else { nt2 };
        for t2 in 0..nt2 {
            let col: Vec<u32> = (0..nf2).map(|f| b[f * nt2 + t2]).collect();
            let dst = Map {
                units: &col,
                lin: nf2,
                col: 1,
            };
            let w = Window {
                xstep: 1,
                ystep: step,
                xsize: nt1,
                ysize: size,
                toric: false,
            };
            self.window_connect("tdnn-connect", ma, dst, w, Sharing::Kernel)?;
        }
        let need = (nf2.max(1) - 1).saturating_mul(step).saturating_add(size);
        Ok((need != nf1).then(|| "tdnn-connect:[benign warning] bad frame numbers.".into()))
    }

    /// Connects the bias unit to each unit of `layer`, one weight each.
    ///
    /// # Errors
    /// Bad units, existing connections, capacities.
    pub fn bias_connect(&mut self, layer: &[u32]) -> Result<()> {
        for &u in layer {
            self.connect(0, u, 0.0, None)?;
        }
        Ok(())
    }

    /// Connects the bias unit to each unit of `layer` with one shared weight.
    ///
    /// # Errors
    /// As [`Net::bias_connect`].
    pub fn shared_bias_connect(&mut self, layer: &[u32]) -> Result<()> {
        let Some((&first, rest)) = layer.split_first() else {
            return Ok(());
        };
        self.connect(0, first, 0.0, None)?;
        for &u in rest {
            self.dup_connection(0, first, 0, u)?;
        }
        Ok(())
    }

    /// One bias per trait, shared along the `nframes` frames of `layer`.
    ///
    /// # Errors
    /// Bad sizes, bad units, capacities.
    pub fn tdnn_bias_connect(
        &mut self,
        layer: &[u32],
        nframes: usize,
        ntraits: usize,
    ) -> Result<()> {
        check_map(
            "tdnn-bias-connect",
            &Map {
                units: layer,
                lin: nframes,
                col: ntraits,
            },
        )?;
        if layer.is_empty() {
            return Ok(());
        }
        for t in 0..ntraits {
            let col: Vec<u32> = (0..nframes).map(|f| layer[f * ntraits + t]).collect();
            self.shared_bias_connect(&col)?;
        }
        Ok(())
    }

    /// Each weight's own rate `ε = s/√fanin(to)/√(connections sharing it)`.
    pub fn mask_epsi(&mut self, s: f32) {
        self.ensure_csr();
        let conns: Vec<_> = self.connections().collect();
        for c in conns {
            let fanin = self.csr.incoming(c.dst).0.len().max(1) as f32;
            let share = self.weights.refs[c.w as usize].max(1) as f32;
            let e = s / fanin.sqrt() / share.sqrt();
            self.set_weight_field_at(crate::net::WeightField::Epsilon, c.w as usize, e);
        }
    }
}
