//! SN2.8's weight files, so weights move between SN2.8 and sn.
//!
//! - Without a list of cells, SN2.8's `save-net` writes the weight vector
//!   as a one-dimensional single-float Lush matrix (`save-matrix` of
//!   `weight-to-matrix`): [`Net::save_weight_matrix`].
//! - With cells (`save-net/merge`), it writes connection records: the
//!   int32 magic `0x2d4f1c93`, int32 cell count, int32 age, then one
//!   `(int32 from, int32 to, float32 weight)` per connection, the cells
//!   numbered 1, 2 ... in the order given (0 is the bias). The ASCII form
//!   (`save-ascii-net/merge`) is a line `.WEI count age` then `from to
//!   weight` lines (`%4d %4d %10.7f`). The older binary form (magic
//!   `0x2d4f1c91`) adds a float32 rate to every record.
//!
//! Files are written in little-endian order (SN2.8's on the PCs it ran
//! on); big-endian binary files are read too.

use std::io::Write;
use std::path::Path;

use crate::error::{Result, UnitsError};
use crate::net::Net;

/// Magic of SN2.8's binary weight records.
pub const NMAGIC: u32 = 0x2d4f_1c93;
/// Magic of SN2.8's older records with a rate (`0x2d4f1c91`).
pub const NSMAGIC: u32 = 0x2d4f_1c91;
/// SN2.8's magic of ASCII weight files: the text `.WEI` read as a
/// big-endian int32 (such files are recognised by that text).
pub const NAMAGIC: u32 = 0x2e57_4549;

/// The header of an SN2.8 weight file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sn28Header {
    /// Which of the three forms.
    pub magic: u32,
    /// Number of cells the file numbers (its units are 1..=count).
    pub count: i32,
    /// The `age` saved with the weights.
    pub age: i32,
}

fn io_err(file: &Path, e: std::io::Error) -> UnitsError {
    UnitsError::Io {
        file: file.display().to_string(),
        what: e.to_string(),
    }
}

fn fmt_err(file: &Path, what: &str) -> UnitsError {
    UnitsError::Format {
        file: file.display().to_string(),
        what: what.into(),
    }
}

fn i32_at(b: &[u8], k: usize, big: bool) -> i32 {
    let x = [b[k], b[k + 1], b[k + 2], b[k + 3]];
    if big {
        i32::from_be_bytes(x)
    } else {
        i32::from_le_bytes(x)
    }
}

/// Reads the header of an SN2.8 weight file; `None` when the file is not
/// one (a matrix file, sn's own format ...).
///
/// # Errors
/// [`UnitsError::Io`] when the file cannot be read.
pub fn sn28_header(path: &Path) -> Result<Option<(Sn28Header, bool)>> {
    let b = std::fs::read(path).map_err(|e| io_err(path, e))?;
    Ok(parse_header(&b))
}

fn parse_header(b: &[u8]) -> Option<(Sn28Header, bool)> {
    if b.starts_with(b".WEI") {
        let text = std::str::from_utf8(&b[..b.len().min(200)]).unwrap_or("");
        let mut it = text[4..].split_whitespace();
        let count = it.next()?.parse().ok()?;
        let age = it.next()?.parse().ok()?;
        let h = Sn28Header {
            magic: NAMAGIC,
            count,
            age,
        };
        return Some((h, false));
    }
    if b.len() < 12 {
        return None;
    }
    for big in [false, true] {
        let m = i32_at(b, 0, big) as u32;
        if m == NMAGIC || m == NSMAGIC {
            let h = Sn28Header {
                magic: m,
                count: i32_at(b, 4, big),
                age: i32_at(b, 8, big),
            };
            return Some((h, big));
        }
    }
    None
}

/// One record of a weight file: file cell numbers and the weight.
type Record = (i64, i64, f32);

fn records(path: &Path, b: &[u8], h: &Sn28Header, big: bool) -> Result<Vec<Record>> {
    if h.magic == NAMAGIC {
        let text = std::str::from_utf8(b).map_err(|_| fmt_err(path, "not text"))?;
        let mut words = text.lines().skip(1).flat_map(str::split_whitespace);
        let mut out = Vec::new();
        while let Some(a) = words.next() {
            let (Some(c), Some(x)) = (words.next(), words.next()) else {
                break;
            };
            match (a.parse(), c.parse(), x.parse::<f64>()) {
                (Ok(a), Ok(c), Ok(x)) => out.push((a, c, x as f32)),
                _ => break,
            }
        }
        return Ok(out);
    }
    let size = if h.magic == NSMAGIC { 16 } else { 12 };
    Ok(b[12..]
        .chunks_exact(size)
        .map(|r| {
            let v = i32_at(r, 8, big);
            (
                i32_at(r, 0, big) as i64,
                i32_at(r, 4, big) as i64,
                f32::from_bits(v as u32),
            )
        })
        .collect())
}

impl Net {
    /// File numbering of the units: `map[u]` is the number unit `u` gets in
    /// the file (−1: not saved); identity when `cells` is `None`. Returns
    /// the map and the count.
    fn save_map(&self, cells: Option<&[u32]>) -> Result<(Vec<i64>, i32)> {
        let n = self.nnum();
        let Some(cells) = cells else {
            return Ok(((0..n as i64).collect(), n as i32 - 1));
        };
        self.check_layer("save-net/merge", cells)?;
        let mut map = vec![-1i64; n];
        map[0] = 0;
        for (k, &u) in cells.iter().enumerate() {
            if u == 0 || map[u as usize] >= 0 {
                return Err(UnitsError::Domain {
                    op: "save-net/merge",
                    what: format!("cell {u} referenced twice in the lists"),
                });
            }
            map[u as usize] = k as i64 + 1;
        }
        Ok((map, cells.len() as i32))
    }

    /// Writes the connections between `cells` (every unit when `None`) in
    /// SN2.8's binary or ASCII record form, atomically.
    ///
    /// # Errors
    /// Bad or repeated cells, [`UnitsError::Io`].
    pub fn save_sn28_records(
        &self,
        path: &Path,
        cells: Option<&[u32]>,
        ascii: bool,
        age: i32,
    ) -> Result<()> {
        let (map, count) = self.save_map(cells)?;
        let recs: Vec<(i64, i64, f32)> = self
            .connections()
            .filter_map(|c| {
                let (a, b) = (map[c.src as usize], map[c.dst as usize]);
                (a >= 0 && b >= 0).then(|| (a, b, self.weights.val[c.w as usize]))
            })
            .collect();
        sn_array::io::write_file(path, |w| {
            if ascii {
                writeln!(w, ".WEI {count} {age}")?;
                for (a, b, x) in &recs {
                    writeln!(w, "{a:4} {b:4} {:10.7}", *x as f64)?;
                }
            } else {
                for x in [NMAGIC as i32, count, age] {
                    w.write_all(&x.to_le_bytes())?;
                }
                for (a, b, x) in &recs {
                    w.write_all(&(*a as i32).to_le_bytes())?;
                    w.write_all(&(*b as i32).to_le_bytes())?;
                    w.write_all(&x.to_le_bytes())?;
                }
            }
            Ok(())
        })
        .map_err(|e| io_err(path, e))
    }

    /// Loads an SN2.8 record file into the connections between `cells`
    /// (file cell `k` is `cells[k-1]`, 0 the bias); returns the header. The
    /// net is untouched when a record names a missing cell or connection.
    ///
    /// # Errors
    /// [`UnitsError::Format`] when the file is not a weight file, a cell
    /// number is out of range or a connection does not exist.
    pub fn merge_sn28(&mut self, path: &Path, cells: &[u32]) -> Result<Sn28Header> {
        self.check_layer("merge-net", cells)?;
        let b = std::fs::read(path).map_err(|e| io_err(path, e))?;
        let (h, big) =
            parse_header(&b).ok_or_else(|| fmt_err(path, "this is probably not a weight file"))?;
        let cell = |k: i64| -> Option<u32> {
            match k {
                0 => Some(0),
                k if k > 0 && (k as usize) <= cells.len() => Some(cells[k as usize - 1]),
                _ => None,
            }
        };
        let mut sets = Vec::new();
        for (a, c, x) in records(path, &b, &h, big)? {
            let (Some(from), Some(to)) = (cell(a), cell(c)) else {
                return Err(fmt_err(
                    path,
                    &format!("cell {a} or {c} is not in the lists"),
                ));
            };
            let w = self.weight_of("merge-net", from, to).map_err(|_| {
                fmt_err(
                    path,
                    &format!("no connection {from} -> {to}: create the connections first"),
                )
            })?;
            sets.push((w as usize, x));
        }
        for (w, x) in sets {
            self.weights.val[w] = x;
        }
        Ok(h)
    }

    /// Saves the weight vector as SN2.8's `save-net` does without cells: a
    /// one-dimensional single-float Lush matrix of `wnum` elements, in
    /// SN2.8's numbering of the weights.
    ///
    /// # Errors
    /// [`UnitsError::NotFinite`] (nothing written), [`UnitsError::Io`].
    pub fn save_weight_matrix(&self, path: &Path) -> Result<()> {
        self.check_finite_weights("save-net", path)?;
        let v: Vec<f32> = self
            .sn28_order
            .iter()
            .map(|&w| self.weights.val[w as usize])
            .collect();
        let a = sn_array::Array::from_vec(&[self.wnum()], v)
            .map_err(|e| fmt_err(path, &e.to_string()))?;
        sn_array::io::save(
            &a,
            path,
            sn_array::io::FileFormat::Sn(sn_array::io::ElemType::F32),
        )
        .map_err(|e| fmt_err(path, &e.to_string()))
    }
}
