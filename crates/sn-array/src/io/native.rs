//! SN/Lush native matrix files: int32 magic `0x1E3D4C5x`, int32 ndim, int32
//! dims (padded to three with 1s when ndim < 3), data in the writer's byte order.

use std::io::Read;

use crate::array::Array;
use crate::error::ArrayError;
use crate::io::reader::{read_array, read_u32s};
use crate::io::types::{ElemType, Endian};

/// Magic of float matrices; the others follow.
const MAGIC_FLOAT: u32 = 0x1E3D_4C51;

/// The magic number of an element type, if SN files have that type.
pub fn magic(t: ElemType) -> Option<u32> {
    match t {
        ElemType::F32 => Some(MAGIC_FLOAT),
        ElemType::Packed => Some(0x1E3D_4C52),
        ElemType::F64 => Some(0x1E3D_4C53),
        ElemType::I32 => Some(0x1E3D_4C54),
        ElemType::U8 => Some(0x1E3D_4C55),
        ElemType::I16 => Some(0x1E3D_4C56),
        ElemType::I8 => None,
    }
}

/// The element type and byte order of a 4-byte magic, if it is an SN magic.
pub(crate) fn detect(m: [u8; 4]) -> Option<(ElemType, Endian)> {
    let types = [
        ElemType::F32,
        ElemType::Packed,
        ElemType::F64,
        ElemType::I32,
        ElemType::U8,
        ElemType::I16,
    ];
    let be = u32::from_be_bytes(m);
    let le = u32::from_le_bytes(m);
    types.into_iter().find_map(|t| {
        if magic(t) == Some(be) {
            Some((t, Endian::Big))
        } else if magic(t) == Some(le) {
            Some((t, Endian::Little))
        } else {
            None
        }
    })
}

/// Read the rest of an SN file of type `t` in byte order `e`.
///
/// # Errors
/// `Format` for a bad ndim, a negative dimension, or truncated data.
pub(crate) fn read(
    file: &str,
    t: ElemType,
    e: Endian,
    r: &mut dyn Read,
) -> Result<Array, ArrayError> {
    let ndim = read_u32s(file, r, 1, e)?[0] as i32;
    if !(0..=crate::MAX_NDIM as i32).contains(&ndim) {
        return Err(ArrayError::format(
            file,
            format!("bad number of dimensions {ndim}"),
        ));
    }
    let ndim = ndim as usize;
    let raw = read_u32s(file, r, ndim.max(3), e)?;
    let mut dims = Vec::with_capacity(ndim);
    for &d in &raw[..ndim] {
        let d = d as i32;
        if d < 0 {
            return Err(ArrayError::format(file, format!("negative dimension {d}")));
        }
        dims.push(d as usize);
    }
    read_array(file, r, &dims, t, e)
}

/// The header of a big-endian SN file of element type `t` for `a`.
///
/// # Errors
/// `Domain` if SN files have no such type (signed byte) or a dimension
/// exceeds 2^31 - 1.
pub(crate) fn header(a: &Array, t: ElemType) -> Result<Vec<u8>, ArrayError> {
    let m = magic(t).ok_or_else(|| {
        ArrayError::domain("save-matrix", format!("SN files have no {} type", t.name()))
    })?;
    let mut out = Vec::new();
    out.extend(m.to_be_bytes());
    out.extend((a.ndim() as i32).to_be_bytes());
    for k in 0..a.ndim().max(3) {
        let d = a.dims().get(k).copied().unwrap_or(1);
        let d = i32::try_from(d)
            .map_err(|_| ArrayError::domain("save-matrix", "dimension too large"))?;
        out.extend(d.to_be_bytes());
    }
    Ok(out)
}
