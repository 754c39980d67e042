//! SN2.8's knnenv back end: codebooks (labelled sets of vectors), their
//! `.cb` files, nearest-neighbour search and classification, k-means and
//! the three LVQ rules.
//!
//! The arithmetic is SN2.8's: single precision throughout, squared
//! Euclidean distances, a strict `<` when scanning for the nearest word
//! (the first of equals wins), and the quickselect of SN2.8's k-NN for
//! `k > 2` (which decides which of equally distant words are kept).

mod algo;
mod file;
mod select;

pub use algo::{
    distorsion, k_means, k_means_sub, knn, knn_class, learn_lvq, number_of_labels, perf_knn, Perf,
};
pub use file::{parse_ascii, parse_binary, to_ascii, to_binary};

use crate::error::{Result, UnitsError};

/// Largest word dimension SN2.8 accepts.
pub const MAX_NDIM: usize = 100_000;
/// Largest number of words SN2.8 accepts.
pub const MAX_NCODE: usize = 10_000_000;

/// A codebook: `ncode` words of `ndim` single floats, row after row, each
/// with an integer label.
#[derive(Debug, Clone, PartialEq)]
pub struct Codebook {
    /// The length of each word (1 to [`MAX_NDIM`]).
    pub ndim: usize,
    /// The words, row after row: `labels.len() * ndim` values.
    pub words: Vec<f32>,
    /// The class of each word (0 to `MAX_LABEL - 1` for the k-NN rules);
    /// its length is the number of words.
    pub labels: Vec<i32>,
}

impl Codebook {
    /// A codebook of zeros, sizes checked as SN2.8 does and against the
    /// memory budget.
    pub fn zeros(op: &'static str, ncode: usize, ndim: usize) -> Result<Codebook> {
        check_sizes(op, ncode as i64, ndim as i64)?;
        let n = ncode * ndim;
        sn_array::budget::reserve_items(op, n + ncode, 4).map_err(|e| UnitsError::memory(op, e))?;
        Ok(Codebook {
            ndim,
            words: vec![0.0; n],
            labels: vec![0; ncode],
        })
    }

    /// The number of words.
    pub fn ncode(&self) -> usize {
        self.labels.len()
    }

    /// Word `i`.
    pub fn word(&self, i: usize) -> &[f32] {
        &self.words[i * self.ndim..(i + 1) * self.ndim]
    }

    /// Word `i`, writable.
    pub fn word_mut(&mut self, i: usize) -> &mut [f32] {
        &mut self.words[i * self.ndim..(i + 1) * self.ndim]
    }

    /// The distinct labels in increasing order (SN2.8's `codebook-labels`).
    ///
    /// # Errors
    /// A negative label.
    pub fn distinct_labels(&self) -> Result<Vec<i32>> {
        let n = number_of_labels(self)?;
        let mut seen = vec![false; n];
        for &l in &self.labels {
            seen[l as usize] = true;
        }
        Ok((0..n as i32).filter(|&l| seen[l as usize]).collect())
    }
}

/// SN2.8's checks of a codebook's sizes (`new-codebook`).
pub fn check_sizes(op: &'static str, ncode: i64, ndim: i64) -> Result<()> {
    if ndim < 1 || ndim > MAX_NDIM as i64 {
        return Err(UnitsError::Domain {
            op,
            what: format!("word dimension is incorrect: {ndim}"),
        });
    }
    if ncode < 0 || ncode > MAX_NCODE as i64 {
        return Err(UnitsError::Domain {
            op,
            what: format!("codebook size is incorrect: {ncode}"),
        });
    }
    Ok(())
}

/// Squared Euclidean distance, summed in single precision in index order.
pub fn dist2(a: &[f32], b: &[f32]) -> f32 {
    let mut s = 0.0f32;
    for (x, y) in a.iter().zip(b) {
        let d = x - y;
        s += d * d;
    }
    s
}

#[cfg(test)]
mod tests;
