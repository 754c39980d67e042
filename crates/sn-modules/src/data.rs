//! Labelled image sets read from IDX files (plain or gzipped), scaled the
//! LeCun way: background −0.1, foreground 1.175.

use std::path::{Path, PathBuf};

use crate::error::{count, reserve_f32, ModError, Result};

/// A labelled data set: `n` samples of `shape` (`[maps, h, w]`) values.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    /// Sample values, `n × per`.
    pub x: Vec<f32>,
    /// Labels.
    pub y: Vec<usize>,
    /// Shape of one sample.
    pub shape: Vec<usize>,
    /// Number of classes (max label + 1).
    pub classes: usize,
}

impl Dataset {
    /// Number of samples.
    pub fn len(&self) -> usize {
        self.y.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.y.is_empty()
    }

    /// Values per sample.
    pub fn per(&self) -> usize {
        self.shape.iter().product()
    }

    /// Sample `i`'s values.
    pub fn sample(&self, i: usize) -> &[f32] {
        let p = self.per();
        &self.x[i * p..(i + 1) * p]
    }

    /// The first `n` samples (all if fewer).
    pub fn head(&self, n: usize) -> Dataset {
        let n = n.min(self.len());
        Dataset {
            x: self.x[..n * self.per()].to_vec(),
            y: self.y[..n].to_vec(),
            shape: self.shape.clone(),
            classes: self.classes,
        }
    }

    /// Pads every map by `p` pixels of `value` (28×28 → 32×32 with p = 2).
    ///
    /// # Errors
    /// `Config` unless samples are `[maps, h, w]`; `Memory` if the padded
    /// set does not fit in the memory budget.
    pub fn padded(&self, p: usize, value: f32) -> Result<Dataset> {
        let &[c, h, w] = self.shape.as_slice() else {
            return Err(ModError::config(
                "dataset",
                "padding needs [maps, h, w] samples",
            ));
        };
        let side = |d: usize| p.checked_mul(2).and_then(|q| q.checked_add(d));
        let (Some(oh), Some(ow)) = (side(h), side(w)) else {
            return Err(ModError::Memory(format!(
                "dataset: padding {p} is too large"
            )));
        };
        let n = count("dataset", &[self.len(), c, oh, ow])?;
        reserve_f32("dataset", n)?;
        let mut x = vec![value; n];
        for (src, dst) in self.x.chunks_exact(h * w).zip(x.chunks_exact_mut(oh * ow)) {
            for y in 0..h {
                dst[(y + p) * ow + p..][..w].copy_from_slice(&src[y * w..][..w]);
            }
        }
        Ok(Dataset {
            x,
            y: self.y.clone(),
            shape: vec![c, oh, ow],
            classes: self.classes,
        })
    }

    /// The index of the first sample holding a NaN or an infinity, if any.
    pub fn first_non_finite(&self) -> Option<usize> {
        let i = self.x.iter().position(|v| !v.is_finite())?;
        Some(i / self.per().max(1))
    }
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

/// Reads an IDX file of unsigned bytes (gzip-compressed or not); returns
/// its dimensions and bytes. The reading is sn-array's
/// ([`sn_array::io::read_idx_bytes`]).
///
/// # Errors
/// `Io` if unreadable, `Format` if not an IDX file of bytes or truncated,
/// `Memory` when it does not fit in the budget.
pub fn read_idx_u8(path: &Path) -> Result<(Vec<usize>, Vec<u8>)> {
    sn_array::io::read_idx_bytes(path).map_err(|e| match e {
        sn_array::ArrayError::Io { message, .. } => io_err(path, message),
        sn_array::ArrayError::Format { problem, .. } => fmt_err(path, &problem),
        e @ sn_array::ArrayError::Memory { .. } => ModError::Memory(e.to_string()),
        e => fmt_err(path, &e.to_string()),
    })
}

/// Finds `<dir>/<stem>` or `<dir>/<stem>.gz`.
fn find(dir: &Path, stem: &str) -> Result<PathBuf> {
    let p = dir.join(stem);
    if p.exists() {
        return Ok(p);
    }
    let g = dir.join(format!("{stem}.gz"));
    if g.exists() {
        return Ok(g);
    }
    Err(io_err(&p, "no such file (nor .gz)"))
}

/// Loads `<prefix>-images-idx3-ubyte[.gz]` and `<prefix>-labels-idx1-ubyte[.gz]`
/// from `dir` (`prefix` is `train` or `t10k`), scaled to [−0.1, 1.175].
///
/// # Errors
/// `Io`/`Format` for missing or malformed files, or counts that differ.
pub fn load_idx_set(dir: &Path, prefix: &str) -> Result<Dataset> {
    let ip = find(dir, &format!("{prefix}-images-idx3-ubyte"))?;
    let lp = find(dir, &format!("{prefix}-labels-idx1-ubyte"))?;
    let (idims, ib) = read_idx_u8(&ip)?;
    let (ldims, lb) = read_idx_u8(&lp)?;
    if idims.len() != 3 || ldims.len() != 1 || idims[0] != ldims[0] {
        return Err(fmt_err(&ip, "images and labels do not match"));
    }
    reserve_f32(
        "idx-dataset",
        ib.len().saturating_add(lb.len().saturating_mul(2)),
    )?;
    let x = ib.iter().map(|&v| v as f32 / 255.0 * 1.275 - 0.1).collect();
    let y: Vec<usize> = lb.iter().map(|&v| v as usize).collect();
    let classes = y.iter().max().map_or(0, |m| m + 1);
    Ok(Dataset {
        x,
        y,
        shape: vec![1, idims[1], idims[2]],
        classes,
    })
}
