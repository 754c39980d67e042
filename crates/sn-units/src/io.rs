//! Saving and loading the weights: binary and ASCII, every file written
//! atomically through [`sn_array::io::write_file`] and [`sn_files::write_with`]
//! (a temporary file in the same folder, flushed, then renamed; the
//! temporaries of killed saves are removed by the next save).
//!
//! Binary format: the 4 bytes `SNW1`, the weight count as u64
//! little-endian, then the weights as f32 little-endian. Only finite
//! weights are saved and loaded.

use std::io::{Read, Write};
use std::path::Path;

use crate::error::{Result, UnitsError};
use crate::net::Net;

const MAGIC: &[u8; 4] = b"SNW1";

fn io_err(file: &Path, e: std::io::Error) -> UnitsError {
    UnitsError::Io {
        file: file.display().to_string(),
        what: e.to_string(),
    }
}

impl Net {
    /// The first weight that is NaN or infinite, as an error of `op`.
    pub(crate) fn check_finite_weights(&self, op: &'static str, path: &Path) -> Result<()> {
        match self.weights.val.iter().position(|w| !w.is_finite()) {
            None => Ok(()),
            Some(k) => Err(UnitsError::NotFinite {
                op,
                what: format!(
                    "weight {k} is {} (not finite): {} not written",
                    self.weights.val[k],
                    path.display()
                ),
            }),
        }
    }

    /// Saves every weight value in the binary format, atomically.
    ///
    /// # Errors
    /// [`UnitsError::NotFinite`] if a weight is NaN or infinite (nothing is
    /// written), [`UnitsError::Io`] if the file cannot be written.
    pub fn save_weights(&self, path: &Path) -> Result<()> {
        self.check_finite_weights("save-net", path)?;
        sn_array::io::write_file(path, |w| {
            w.write_all(MAGIC)?;
            w.write_all(&(self.wnum() as u64).to_le_bytes())?;
            for v in &self.weights.val {
                w.write_all(&v.to_le_bytes())?;
            }
            Ok(())
        })
        .map_err(|e| io_err(path, e))
    }

    /// Loads the weight values saved by [`Net::save_weights`]; the net is
    /// left untouched on any error. Only as many bytes as the net's weights
    /// take are read (a huge or endless file costs nothing).
    ///
    /// # Errors
    /// [`UnitsError::Io`], [`UnitsError::Format`] for a malformed file or a
    /// NaN or infinite weight, [`UnitsError::WeightCount`] when the count
    /// differs from `wnum`.
    pub fn load_weights(&mut self, path: &Path) -> Result<()> {
        let file = path.display().to_string();
        let bad = |what: &str| UnitsError::Format {
            file: file.clone(),
            what: what.into(),
        };
        let f = std::fs::File::open(path).map_err(|e| io_err(path, e))?;
        let mut r = std::io::BufReader::new(f);
        let mut head = Vec::new();
        (&mut r)
            .take(12)
            .read_to_end(&mut head)
            .map_err(|e| io_err(path, e))?;
        if head.len() < 12 || &head[..4] != MAGIC {
            return Err(bad("not an sn weight file"));
        }
        let mut n8 = [0u8; 8];
        n8.copy_from_slice(&head[4..12]);
        let n = u64::from_le_bytes(n8);
        if n != self.wnum() as u64 {
            let found = usize::try_from(n).unwrap_or(usize::MAX);
            return Err(UnitsError::WeightCount {
                file,
                expected: self.wnum(),
                found,
            });
        }
        let mut body = Vec::new();
        (&mut r)
            .take(4 * self.wnum() as u64 + 1)
            .read_to_end(&mut body)
            .map_err(|e| io_err(path, e))?;
        if body.len() != 4 * self.wnum() {
            return Err(bad("truncated or oversized weight data"));
        }
        let vals: Vec<f32> = body
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        if let Some(k) = vals.iter().position(|v| !v.is_finite()) {
            return Err(bad(&format!("weight {k} is {} (not finite)", vals[k])));
        }
        self.weights.val = vals;
        self.weights.delta.iter_mut().for_each(|d| *d = 0.0);
        Ok(())
    }

    /// Saves the weights as text: a header line, then `from to weight` per
    /// connection (in creation order).
    ///
    /// # Errors
    /// [`UnitsError::NotFinite`] if a weight is NaN or infinite,
    /// [`UnitsError::Io`] if the file cannot be written.
    pub fn save_ascii(&self, path: &Path) -> Result<()> {
        self.check_finite_weights("save-ascii-net", path)?;
        sn_array::io::write_file(path, |w| {
            writeln!(
                w,
                "; sn net: {} units, {} connections, {} weights",
                self.nnum(),
                self.snum(),
                self.wnum()
            )?;
            for c in self.connections() {
                writeln!(w, "{} {} {}", c.src, c.dst, self.weights.val[c.w as usize])?;
            }
            Ok(())
        })
        .map_err(|e| io_err(path, e))
    }
}
