//! Saving and loading the weights: binary (atomic) and ASCII.
//!
//! Binary format: the 4 bytes `SNW1`, the weight count as u64
//! little-endian, then the weights as f32 little-endian.

use std::io::Write;
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

/// Writes `bytes` to a temporary file beside `path`, then renames it.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".tmp{}", std::process::id()));
    let tmp = std::path::PathBuf::from(tmp);
    let res = std::fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(bytes).and_then(|_| f.sync_all()))
        .and_then(|_| std::fs::rename(&tmp, path));
    if let Err(e) = res {
        let _ = std::fs::remove_file(&tmp);
        return Err(io_err(path, e));
    }
    Ok(())
}

impl Net {
    /// Saves every weight value in the binary format, atomically.
    ///
    /// # Errors
    /// [`UnitsError::Io`] if the file cannot be written.
    pub fn save_weights(&self, path: &Path) -> Result<()> {
        let mut bytes = Vec::with_capacity(12 + 4 * self.wnum());
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&(self.wnum() as u64).to_le_bytes());
        for w in &self.weights.val {
            bytes.extend_from_slice(&w.to_le_bytes());
        }
        write_atomic(path, &bytes)
    }

    /// Loads the weight values saved by [`Net::save_weights`]; the net is
    /// left untouched on any error.
    ///
    /// # Errors
    /// [`UnitsError::Io`], [`UnitsError::Format`] for a malformed file,
    /// [`UnitsError::WeightCount`] when the count differs from `wnum`.
    pub fn load_weights(&mut self, path: &Path) -> Result<()> {
        let bytes = std::fs::read(path).map_err(|e| io_err(path, e))?;
        let file = path.display().to_string();
        let bad = |what: &str| UnitsError::Format {
            file: file.clone(),
            what: what.into(),
        };
        if bytes.len() < 12 || &bytes[..4] != MAGIC {
            return Err(bad("not an sn weight file"));
        }
        let mut n8 = [0u8; 8];
        n8.copy_from_slice(&bytes[4..12]);
        let n = u64::from_le_bytes(n8);
        if n != self.wnum() as u64 {
            let found = usize::try_from(n).unwrap_or(usize::MAX);
            return Err(UnitsError::WeightCount {
                file,
                expected: self.wnum(),
                found,
            });
        }
        let body = &bytes[12..];
        if body.len() != 4 * self.wnum() {
            return Err(bad("truncated or oversized weight data"));
        }
        let vals: Vec<f32> = body
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        if vals.iter().any(|v| !v.is_finite()) {
            return Err(bad("non-finite weight"));
        }
        self.weights.val = vals;
        self.weights.delta.iter_mut().for_each(|d| *d = 0.0);
        Ok(())
    }

    /// Saves the weights as text: a header line, then `from to weight` per
    /// connection (in creation order).
    ///
    /// # Errors
    /// [`UnitsError::Io`] if the file cannot be written.
    pub fn save_ascii(&self, path: &Path) -> Result<()> {
        let mut s = format!(
            "; sn net: {} units, {} connections, {} weights\n",
            self.nnum(),
            self.snum(),
            self.wnum()
        );
        for c in self.connections() {
            s.push_str(&format!(
                "{} {} {}\n",
                c.src, c.dst, self.weights.val[c.w as usize]
            ));
        }
        write_atomic(path, s.as_bytes())
    }
}
