//! Saving and loading a network's parameters (atomic write through
//! `sn_files`), with the trainer's age and epoch for checkpoints. Files
//! with NaN or infinite parameters are neither written nor read.

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

/// The FNV-1a offset basis.
const FNV0: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a of `bytes`, continuing from the hash `h`.
fn fnv_from(h: u64, bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(h, |h, &b| (h ^ b as u64).wrapping_mul(0x100_0000_01b3))
}

fn fnv(bytes: &[u8]) -> u64 {
    fnv_from(FNV0, bytes)
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

/// Writes `net`'s parameters and `meta` to `path` atomically (through
/// `sn_files::write_with`: a temporary file renamed over `path`).
///
/// # Errors
/// `NotFinite` (nothing written) if a parameter is NaN or infinite, naming
/// the module; `Io` if the file cannot be written or renamed.
pub fn save(path: &Path, net: &Net, meta: Meta) -> Result<()> {
    net.check_finite()?;
    let mut head = Vec::with_capacity(32);
    head.extend_from_slice(MAGIC);
    head.extend_from_slice(&(net.pool.len() as u64).to_le_bytes());
    head.extend_from_slice(&meta.epoch.to_le_bytes());
    head.extend_from_slice(&meta.age.to_le_bytes());
    sn_files::write_with(path, |w| {
        let mut sum = fnv_from(FNV0, &head);
        w.write_all(&head)?;
        for v in &net.pool.x {
            let b = v.to_le_bytes();
            sum = fnv_from(sum, &b);
            w.write_all(&b)?;
        }
        w.write_all(&sum.to_le_bytes())
    })
    .map_err(|e| io_err(path, e))
}

/// Why a file of the wrong size is not this network's parameter file,
/// from its first 16 bytes (the file is not read whole).
fn size_mismatch(path: &Path, have: usize) -> ModError {
    use std::io::Read;
    let mut head = Vec::with_capacity(16);
    let read = std::fs::File::open(path).and_then(|f| f.take(16).read_to_end(&mut head));
    if let Err(e) = read {
        return io_err(path, e);
    }
    if head.len() < 16 || &head[..8] != MAGIC {
        return fmt_err(path, "not an sn parameter file");
    }
    let n = u64_at(&head, 8);
    if n as usize != have {
        return fmt_err(path, &format!("{n} parameters, the network has {have}"));
    }
    fmt_err(path, "truncated")
}

fn u64_at(b: &[u8], i: usize) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[i..i + 8]);
    u64::from_le_bytes(a)
}

/// Reads parameters saved by [`save`] into `net`; returns the metadata.
///
/// # Errors
/// `Io` if unreadable; `Memory` if larger than the memory budget allows;
/// `Format` if not such a file, corrupted, saved from a network with
/// another parameter count, or holding a NaN or an infinity (the network is
/// then left as it was).
pub fn load(path: &Path, net: &mut Net) -> Result<Meta> {
    let size = std::fs::metadata(path).map_err(|e| io_err(path, e))?.len();
    let want = 40u64.saturating_add((net.pool.len() as u64).saturating_mul(4));
    if size != want {
        return Err(size_mismatch(path, net.pool.len()));
    }
    sn_array::budget::reserve("load", usize::try_from(size).unwrap_or(usize::MAX))
        .map_err(|e| ModError::Memory(e.to_string()))?;
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
    let at = |i: usize| {
        let o = 32 + 4 * i;
        f32::from_le_bytes([b[o], b[o + 1], b[o + 2], b[o + 3]])
    };
    if let Some(i) = (0..n).find(|&i| !at(i).is_finite()) {
        return Err(fmt_err(
            path,
            &format!(
                "parameter {i} is {} (NaN or infinite values are refused)",
                at(i)
            ),
        ));
    }
    for (i, v) in net.pool.x.iter_mut().enumerate() {
        *v = at(i);
    }
    Ok(Meta {
        epoch: u64_at(&b, 16),
        age: u64_at(&b, 24),
    })
}
