//! Saving and loading a network's parameters (atomic write: temporary
//! file then rename), with the trainer's age and epoch for checkpoints.

use std::io::Write;
use std::path::Path;

use crate::error::{ModError, Result};
use crate::net::Net;

const MAGIC: &[u8; 8] = b"SNPARAM1";

/// What a parameter file records besides the values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Meta {
    /// Epochs completed.
    pub epoch: u64,
    /// Samples seen.
    pub age: u64,
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    })
}

fn io_err(path: &Path, e: impl std::fmt::Display) -> ModError {
    ModError::Io {
        path: path.display().to_string(),
        msg: e.to_string(),
    }
}

fn fmt_err(path: &Path, msg: &str) -> ModError {
    ModError::Format {
        path: path.display().to_string(),
        msg: msg.to_string(),
    }
}

/// Writes `net`'s parameters and `meta` to `path` atomically.
///
/// # Errors
/// `Io` if the file cannot be written or renamed.
pub fn save(path: &Path, net: &Net, meta: Meta) -> Result<()> {
    let mut buf = Vec::with_capacity(48 + 4 * net.pool.len());
    buf.extend_from_slice(MAGIC);
    buf.extend_from_slice(&(net.pool.len() as u64).to_le_bytes());
    buf.extend_from_slice(&meta.epoch.to_le_bytes());
    buf.extend_from_slice(&meta.age.to_le_bytes());
    for v in &net.pool.x {
        buf.extend_from_slice(&v.to_le_bytes());
    }
    let sum = fnv(&buf);
    buf.extend_from_slice(&sum.to_le_bytes());
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    let write = || -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(&buf)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    };
    write().map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io_err(path, e)
    })
}

fn u64_at(b: &[u8], i: usize) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[i..i + 8]);
    u64::from_le_bytes(a)
}

/// Reads parameters saved by [`save`] into `net`; returns the metadata.
///
/// # Errors
/// `Io` if unreadable; `Format` if not such a file, corrupted, or saved
/// from a network with another parameter count.
pub fn load(path: &Path, net: &mut Net) -> Result<Meta> {
    let b = std::fs::read(path).map_err(|e| io_err(path, e))?;
    if b.len() < 40 || &b[..8] != MAGIC {
        return Err(fmt_err(path, "not an sn parameter file"));
    }
    let n = u64_at(&b, 8) as usize;
    let end = n
        .checked_mul(4)
        .and_then(|v| v.checked_add(32))
        .ok_or_else(|| fmt_err(path, "bad count"))?;
    if b.len() != end + 8 {
        return Err(fmt_err(path, "truncated"));
    }
    if fnv(&b[..end]) != u64_at(&b, end) {
        return Err(fmt_err(path, "checksum mismatch"));
    }
    if n != net.pool.len() {
        return Err(fmt_err(
            path,
            &format!("{n} parameters, the network has {}", net.pool.len()),
        ));
    }
    for (i, v) in net.pool.x.iter_mut().enumerate() {
        let o = 32 + 4 * i;
        *v = f32::from_le_bytes([b[o], b[o + 1], b[o + 2], b[o + 3]]);
    }
    Ok(Meta {
        epoch: u64_at(&b, 16),
        age: u64_at(&b, 24),
    })
}
