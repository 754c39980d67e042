//! The array type: a view (offset, dims, strides) over shared `f32` storage.

use std::cell::{Ref, RefCell, RefMut};
use std::rc::Rc;

use crate::error::ArrayError;

/// The largest number of dimensions of an array.
pub const MAX_NDIM: usize = 8;

/// The largest number of elements of one storage (8 GiB of `f32`).
pub const MAX_ELEMS: usize = 1 << 31;

/// Shared storage of arrays.
pub type Storage = Rc<RefCell<Vec<f32>>>;

/// A view over shared `f32` storage, like a Lush idx.
///
/// Cloning an `Array` is cheap and gives another handle on the same view;
/// writing through any view that shares the storage is seen by all.
#[derive(Clone)]
pub struct Array {
    pub(crate) storage: Storage,
    pub(crate) offset: usize,
    pub(crate) ndim: usize,
    pub(crate) dims: [usize; MAX_NDIM],
    pub(crate) strides: [isize; MAX_NDIM],
}

/// Number of elements of `dims`, or an error if too large or too many dims.
///
/// # Errors
/// `TooLarge` if there are more than `MAX_NDIM` dims or more than `MAX_ELEMS` elements.
pub fn checked_len(dims: &[usize]) -> Result<usize, ArrayError> {
    let too_large = || ArrayError::TooLarge {
        dims: dims.to_vec(),
        max_ndim: MAX_NDIM,
        max_elems: MAX_ELEMS,
    };
    if dims.len() > MAX_NDIM {
        return Err(too_large());
    }
    let mut n: usize = 1;
    for &d in dims {
        n = n.checked_mul(d).ok_or_else(too_large)?;
    }
    if n > MAX_ELEMS {
        return Err(too_large());
    }
    Ok(n)
}

/// Row-major strides of `dims`.
pub(crate) fn row_major_strides(dims: &[usize]) -> [isize; MAX_NDIM] {
    let mut strides = [0isize; MAX_NDIM];
    let mut s: isize = 1;
    for k in (0..dims.len()).rev() {
        strides[k] = s;
        s = s.saturating_mul(dims[k].max(1) as isize);
    }
    strides
}

/// Allocate a vector of `n` zeros, reporting allocation failure as an error.
///
/// The memory comes zeroed from the allocator, so the pages of a large
/// array are only touched when it is written.
pub(crate) fn alloc_zeros(n: usize, dims: &[usize]) -> Result<Vec<f32>, ArrayError> {
    if n == 0 {
        return Ok(Vec::new());
    }
    crate::budget::reserve_items("array", n, std::mem::size_of::<f32>())?;
    let failed = || ArrayError::Memory {
        op: format!("array of dims {dims:?}: the allocation failed"),
        bytes: n.saturating_mul(std::mem::size_of::<f32>()),
        live: crate::budget::live(),
        limit: crate::budget::limit(),
    };
    let layout = std::alloc::Layout::array::<f32>(n).map_err(|_| failed())?;
    // SAFETY: the layout has a non-zero size (n > 0, f32 is 4 bytes).
    let p = unsafe { std::alloc::alloc_zeroed(layout) } as *mut f32;
    if p.is_null() {
        return Err(failed());
    }
    // SAFETY: p was allocated by the global allocator with the layout of
    // `n` f32 (as Vec would), and all-zero bits are the valid value 0.0.
    Ok(unsafe { Vec::from_raw_parts(p, n, n) })
}

impl Array {
    /// A fresh zero-filled array of dimensions `dims` (0 to 8 of them).
    ///
    /// # Errors
    /// `TooLarge` if the array has more than 8 dims or 2^31 elements,
    /// `Memory` if it does not fit in the budget or cannot be allocated.
    pub fn zeros(dims: &[usize]) -> Result<Array, ArrayError> {
        let n = checked_len(dims)?;
        Array::from_vec(dims, alloc_zeros(n, dims)?)
    }

    /// A fresh array of dimensions `dims` holding `data` in row-major order.
    ///
    /// # Errors
    /// `TooLarge` for too many dims or elements; `Shape` if `data.len()` is not
    /// the product of `dims`.
    pub fn from_vec(dims: &[usize], data: Vec<f32>) -> Result<Array, ArrayError> {
        let n = checked_len(dims)?;
        if n != data.len() {
            return Err(ArrayError::shape("from-vec", dims, &[data.len()]));
        }
        let mut d = [0usize; MAX_NDIM];
        d[..dims.len()].copy_from_slice(dims);
        Ok(Array {
            storage: Rc::new(RefCell::new(data)),
            offset: 0,
            ndim: dims.len(),
            dims: d,
            strides: row_major_strides(dims),
        })
    }

    /// A fresh 0-dimensional array holding `v`.
    pub fn scalar(v: f32) -> Array {
        Array {
            storage: Rc::new(RefCell::new(vec![v])),
            offset: 0,
            ndim: 0,
            dims: [0; MAX_NDIM],
            strides: [0; MAX_NDIM],
        }
    }

    /// A view with explicit offset, dims and strides over `storage`.
    ///
    /// # Errors
    /// `TooLarge` for more than 8 dims; `Domain` if some element would fall
    /// outside the storage.
    pub fn from_parts(
        storage: Storage,
        offset: usize,
        dims: &[usize],
        strides: &[isize],
    ) -> Result<Array, ArrayError> {
        checked_len(dims)?;
        if strides.len() != dims.len() {
            return Err(ArrayError::shape("from-parts", dims, &[strides.len()]));
        }
        let mut d = [0usize; MAX_NDIM];
        let mut s = [0isize; MAX_NDIM];
        d[..dims.len()].copy_from_slice(dims);
        s[..dims.len()].copy_from_slice(strides);
        // An empty view's offset is never used for an element; it is kept
        // inside the storage so that slices of it (of length 0) are valid.
        let offset = if checked_len(dims)? == 0 {
            offset.min(storage.borrow().len())
        } else {
            offset
        };
        let a = Array {
            storage,
            offset,
            ndim: dims.len(),
            dims: d,
            strides: s,
        };
        a.check_in_storage("from-parts")?;
        Ok(a)
    }

    /// A row-major (contiguous) view of `dims` over `storage` from
    /// `offset`, as a network's buffers are seen from the Lisp.
    ///
    /// # Errors
    /// As [`Array::from_parts`].
    pub fn row_major(storage: Storage, offset: usize, dims: &[usize]) -> Result<Array, ArrayError> {
        checked_len(dims)?;
        let s = row_major_strides(dims);
        Array::from_parts(storage, offset, dims, &s[..dims.len()])
    }

    /// Check that every element of the view lies inside its storage.
    pub(crate) fn check_in_storage(&self, op: &str) -> Result<(), ArrayError> {
        if self.is_empty() {
            return Ok(());
        }
        let (mut lo, mut hi) = (self.offset as i128, self.offset as i128);
        for k in 0..self.ndim {
            let ext = (self.dims[k] as i128 - 1) * self.strides[k] as i128;
            if ext < 0 {
                lo += ext;
            } else {
                hi += ext;
            }
        }
        let n = self.storage.borrow().len() as i128;
        if lo < 0 || hi >= n {
            return Err(ArrayError::domain(op, "view outside of its storage"));
        }
        Ok(())
    }

    /// The dimensions.
    #[inline]
    pub fn dims(&self) -> &[usize] {
        &self.dims[..self.ndim]
    }

    /// The strides (in elements).
    #[inline]
    pub fn strides(&self) -> &[isize] {
        &self.strides[..self.ndim]
    }

    /// The offset of element `[0 ... 0]` in the storage.
    #[inline]
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The number of dimensions.
    #[inline]
    pub fn ndim(&self) -> usize {
        self.ndim
    }

    /// The number of elements.
    pub fn len(&self) -> usize {
        self.dims().iter().product()
    }

    /// True if the array has no element.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The shared storage.
    pub fn storage(&self) -> &Storage {
        &self.storage
    }

    /// Borrow the storage for reading.
    #[inline]
    pub fn data(&self) -> Ref<'_, Vec<f32>> {
        self.storage.borrow()
    }

    /// Borrow the storage for writing.
    #[inline]
    pub fn data_mut(&self) -> RefMut<'_, Vec<f32>> {
        self.storage.borrow_mut()
    }

    /// True if the elements are contiguous in row-major order.
    pub fn is_contiguous(&self) -> bool {
        let mut s: isize = 1;
        for k in (0..self.ndim).rev() {
            if self.dims[k] != 1 && self.strides[k] != s {
                return false;
            }
            s = s.saturating_mul(self.dims[k] as isize);
        }
        true
    }

    /// Storage offset of a full subscript, checked.
    ///
    /// # Errors
    /// `Rank` if `idx.len()` differs from the rank; `Index` if a subscript is out of range.
    pub fn offset_of(&self, op: &str, idx: &[usize]) -> Result<usize, ArrayError> {
        if idx.len() != self.ndim {
            return Err(ArrayError::Rank {
                op: op.to_string(),
                given: idx.len(),
                dims: self.dims().to_vec(),
            });
        }
        let mut off = self.offset as isize;
        for (k, &i) in idx.iter().enumerate() {
            if i >= self.dims[k] {
                return Err(ArrayError::Index {
                    op: op.to_string(),
                    dim: k,
                    index: i as i64,
                    dims: self.dims().to_vec(),
                });
            }
            off += i as isize * self.strides[k];
        }
        Ok(off as usize)
    }

    /// The element at `idx`.
    ///
    /// # Errors
    /// `Rank` or `Index` for a bad subscript.
    pub fn get(&self, idx: &[usize]) -> Result<f32, ArrayError> {
        let off = self.offset_of("get", idx)?;
        Ok(self.storage.borrow()[off])
    }

    /// Store `v` at `idx`, visible through every view of the storage.
    ///
    /// # Errors
    /// `Rank` or `Index` for a bad subscript.
    pub fn set(&self, idx: &[usize], v: f32) -> Result<(), ArrayError> {
        let off = self.offset_of("set", idx)?;
        self.storage.borrow_mut()[off] = v;
        Ok(())
    }

    /// True if both are the same view: same storage, offset, dims and strides.
    pub fn same_view(&self, other: &Array) -> bool {
        Rc::ptr_eq(&self.storage, &other.storage)
            && self.offset == other.offset
            && self.dims() == other.dims()
            && self.strides() == other.strides()
    }

    /// True if both share their storage.
    pub fn same_storage(&self, other: &Array) -> bool {
        Rc::ptr_eq(&self.storage, &other.storage)
    }

    /// True if both have the same dims and equal elements.
    pub fn values_equal(&self, other: &Array) -> bool {
        self.dims() == other.dims() && self.to_vec() == other.to_vec()
    }

    /// Storage offsets of all elements in row-major order.
    pub fn offsets(&self) -> Offsets {
        Offsets::new(self)
    }

    /// The elements in row-major order, as a fresh vector.
    pub fn to_vec(&self) -> Vec<f32> {
        let data = self.storage.borrow();
        if self.is_empty() {
            return Vec::new();
        }
        if self.is_contiguous() {
            let n = self.len();
            return data[self.offset..self.offset + n].to_vec();
        }
        self.offsets().map(|o| data[o]).collect()
    }

    /// A fresh contiguous copy of the view (new storage).
    pub fn deep_copy(&self) -> Array {
        let mut d = [0usize; MAX_NDIM];
        d[..self.ndim].copy_from_slice(self.dims());
        Array {
            storage: Rc::new(RefCell::new(self.to_vec())),
            offset: 0,
            ndim: self.ndim,
            dims: d,
            strides: row_major_strides(self.dims()),
        }
    }
}

/// Iterator over the storage offsets of an array's elements, row-major.
pub struct Offsets {
    ndim: usize,
    dims: [usize; MAX_NDIM],
    strides: [isize; MAX_NDIM],
    idx: [usize; MAX_NDIM],
    off: isize,
    left: usize,
}

impl Offsets {
    fn new(a: &Array) -> Offsets {
        Offsets {
            ndim: a.ndim,
            dims: a.dims,
            strides: a.strides,
            idx: [0; MAX_NDIM],
            off: a.offset as isize,
            left: a.len(),
        }
    }
}

impl Iterator for Offsets {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let cur = self.off as usize;
        let mut k = self.ndim;
        while k > 0 {
            k -= 1;
            self.idx[k] += 1;
            self.off += self.strides[k];
            if self.idx[k] < self.dims[k] {
                break;
            }
            self.off -= self.strides[k] * self.dims[k] as isize;
            self.idx[k] = 0;
        }
        Some(cur)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for Offsets {}
