//! Views that share storage: select, narrow, unfold, transpose, reshape,
//! and subscripting with "all".

use crate::array::{checked_len, row_major_strides, Array, MAX_NDIM};
use crate::error::ArrayError;

/// One subscript of [`Array::subscript`]: a single index or the whole dimension.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Sub {
    /// A single index (already resolved, non-negative).
    At(usize),
    /// The whole dimension (`()` in the Lisp).
    All,
}

/// Resolve a possibly negative subscript `i` of dimension `dim` of `dims`:
/// negative subscripts count from the end (`-1` is the last index).
///
/// # Errors
/// `Index` if the subscript is outside `-d .. d`.
pub fn resolve_index(op: &str, dims: &[usize], dim: usize, i: i64) -> Result<usize, ArrayError> {
    let d = dims.get(dim).copied().unwrap_or(0) as i64;
    let r = if i < 0 { i + d } else { i };
    if r < 0 || r >= d {
        return Err(ArrayError::Index {
            op: op.to_string(),
            dim,
            index: i,
            dims: dims.to_vec(),
        });
    }
    Ok(r as usize)
}

impl Array {
    /// Check that `dim` is a dimension number of the array.
    fn check_dim(&self, op: &str, dim: usize) -> Result<(), ArrayError> {
        if dim >= self.ndim {
            return Err(ArrayError::domain(
                op,
                format!("no dimension {dim} in an array of dims {:?}", self.dims()),
            ));
        }
        Ok(())
    }

    /// The view with dimension `dim` removed, at index `i` (Lush `idx-select`).
    ///
    /// # Errors
    /// `Domain` for a bad dimension number, `Index` for a bad index.
    pub fn select(&self, dim: usize, i: usize) -> Result<Array, ArrayError> {
        self.check_dim("idx-select", dim)?;
        if i >= self.dims[dim] {
            return Err(ArrayError::Index {
                op: "idx-select".into(),
                dim,
                index: i as i64,
                dims: self.dims().to_vec(),
            });
        }
        let mut v = self.clone();
        for k in dim..self.ndim - 1 {
            v.dims[k] = self.dims[k + 1];
            v.strides[k] = self.strides[k + 1];
        }
        v.ndim -= 1;
        v.dims[v.ndim] = 0;
        v.strides[v.ndim] = 0;
        // An empty view keeps its parent's offset: past the end of an empty
        // storage it would make every slice of it out of range.
        if !v.is_empty() {
            v.offset = (self.offset as isize + i as isize * self.strides[dim]) as usize;
        }
        Ok(v)
    }

    /// The view of `n` consecutive indices of dimension `dim` from `start`
    /// (Lush `idx-narrow`).
    ///
    /// # Errors
    /// `Domain` for a bad dimension number, `Index` if the range is outside the dimension.
    pub fn narrow(&self, dim: usize, n: usize, start: usize) -> Result<Array, ArrayError> {
        self.check_dim("idx-narrow", dim)?;
        if start.checked_add(n).is_none_or(|e| e > self.dims[dim]) {
            return Err(ArrayError::Index {
                op: "idx-narrow".into(),
                dim,
                index: start.saturating_add(n) as i64,
                dims: self.dims().to_vec(),
            });
        }
        let mut v = self.clone();
        v.dims[dim] = n;
        // An empty view keeps its parent's offset (see `select`).
        if !v.is_empty() {
            v.offset = (self.offset as isize + start as isize * self.strides[dim]) as usize;
        }
        Ok(v)
    }

    /// Unfold dimension `dim` into windows of `size` taken every `step`
    /// (Lush `idx-unfold`): dimension `dim` becomes `(d - size) / step + 1`
    /// and a new last dimension of `size` is added. The windows overlap in storage.
    ///
    /// # Errors
    /// `Domain` for a bad dimension, a zero step, `size` larger than the
    /// dimension, or more than 8 dimensions.
    pub fn unfold(&self, dim: usize, size: usize, step: usize) -> Result<Array, ArrayError> {
        self.check_dim("idx-unfold", dim)?;
        let d = self.dims[dim];
        if step == 0 || size > d {
            return Err(ArrayError::domain(
                "idx-unfold",
                format!(
                    "cannot unfold dimension {dim} of {:?} by size {size} step {step}",
                    self.dims()
                ),
            ));
        }
        if self.ndim == MAX_NDIM {
            return Err(ArrayError::TooLarge {
                dims: self.dims().to_vec(),
                max_ndim: MAX_NDIM,
                max_elems: crate::MAX_ELEMS,
            });
        }
        let mut v = self.clone();
        v.dims[dim] = (d - size) / step + 1;
        // With one window the stride is never used; saturate rather than wrap.
        let step = isize::try_from(step).unwrap_or(isize::MAX);
        v.strides[dim] = self.strides[dim].saturating_mul(step);
        v.dims[self.ndim] = size;
        v.strides[self.ndim] = self.strides[dim];
        v.ndim += 1;
        Ok(v)
    }

    /// The view with dimensions `d1` and `d2` swapped (Lush `idx-transpose`).
    ///
    /// # Errors
    /// `Domain` for a bad dimension number.
    pub fn transpose(&self, d1: usize, d2: usize) -> Result<Array, ArrayError> {
        self.check_dim("idx-transpose", d1)?;
        self.check_dim("idx-transpose", d2)?;
        let mut v = self.clone();
        v.dims.swap(d1, d2);
        v.strides.swap(d1, d2);
        Ok(v)
    }

    /// The view with dimensions permuted: dimension `k` of the result is
    /// dimension `perm[k]` of `self`.
    ///
    /// # Errors
    /// `Domain` if `perm` is not a permutation of the dimension numbers.
    pub fn permute(&self, perm: &[usize]) -> Result<Array, ArrayError> {
        let mut seen = [false; MAX_NDIM];
        if perm.len() != self.ndim {
            return Err(ArrayError::domain(
                "idx-transpose",
                format!(
                    "{perm:?} is not a permutation of the dims of {:?}",
                    self.dims()
                ),
            ));
        }
        let mut v = self.clone();
        for (k, &p) in perm.iter().enumerate() {
            if p >= self.ndim || seen[p] {
                return Err(ArrayError::domain(
                    "idx-transpose",
                    format!(
                        "{perm:?} is not a permutation of the dims of {:?}",
                        self.dims()
                    ),
                ));
            }
            seen[p] = true;
            v.dims[k] = self.dims[p];
            v.strides[k] = self.strides[p];
        }
        Ok(v)
    }

    /// A view of the same (contiguous) elements with new dimensions.
    ///
    /// # Errors
    /// `Shape` if the number of elements differs, `Domain` if the array is
    /// not contiguous (copy it first), `TooLarge` for more than 8 dims.
    pub fn reshape(&self, dims: &[usize]) -> Result<Array, ArrayError> {
        let n = checked_len(dims)?;
        if n != self.len() {
            return Err(ArrayError::shape("idx-reshape", self.dims(), dims));
        }
        if !self.is_contiguous() {
            return Err(ArrayError::domain(
                "idx-reshape",
                "the array is not contiguous (copy it first)",
            ));
        }
        let mut v = self.clone();
        v.ndim = dims.len();
        v.dims = [0; MAX_NDIM];
        v.dims[..dims.len()].copy_from_slice(dims);
        v.strides = row_major_strides(dims);
        Ok(v)
    }

    /// The view selected by one subscript per dimension: `At(i)` removes the
    /// dimension, `All` keeps it (`(m () 3)` is column 3).
    ///
    /// # Errors
    /// `Rank` for a wrong number of subscripts, `Index` for a bad index.
    pub fn subscript(&self, subs: &[Sub]) -> Result<Array, ArrayError> {
        if subs.len() != self.ndim {
            return Err(ArrayError::Rank {
                op: "subscript".into(),
                given: subs.len(),
                dims: self.dims().to_vec(),
            });
        }
        let mut v = self.clone();
        for (k, s) in subs.iter().enumerate().rev() {
            if let Sub::At(i) = *s {
                v = v.select(k, i).map_err(|e| match e {
                    ArrayError::Index { index, .. } => ArrayError::Index {
                        op: "subscript".into(),
                        dim: k,
                        index,
                        dims: self.dims().to_vec(),
                    },
                    other => other,
                })?;
            }
        }
        Ok(v)
    }
}
