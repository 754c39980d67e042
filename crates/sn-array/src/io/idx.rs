//! IDX files (the MNIST format): `0 0 type ndim`, big-endian u32 dims, data.

use std::io::Read;

use crate::array::Array;
use crate::error::ArrayError;
use crate::io::reader::{read_array, read_u32s};
use crate::io::types::{ElemType, Endian};

/// The IDX type code of an element type, if IDX has one.
pub fn code(t: ElemType) -> Option<u8> {
    match t {
        ElemType::U8 => Some(0x08),
        ElemType::I8 => Some(0x09),
        ElemType::I16 => Some(0x0B),
        ElemType::I32 => Some(0x0C),
        ElemType::F32 => Some(0x0D),
        ElemType::F64 => Some(0x0E),
        ElemType::Packed => None,
    }
}

fn from_code(c: u8) -> Option<ElemType> {
    [
        ElemType::U8,
        ElemType::I8,
        ElemType::I16,
        ElemType::I32,
        ElemType::F32,
        ElemType::F64,
    ]
    .into_iter()
    .find(|&t| code(t) == Some(c))
}

/// Read the rest of an IDX file whose magic bytes were `magic`.
///
/// # Errors
/// `Format` for an unknown type code, too many dims, or truncated data.
pub(crate) fn read(file: &str, magic: [u8; 4], r: &mut dyn Read) -> Result<Array, ArrayError> {
    let t = from_code(magic[2]).ok_or_else(|| {
        ArrayError::format(
            file,
            format!("unknown IDX element type code 0x{:02X}", magic[2]),
        )
    })?;
    let ndim = magic[3] as usize;
    if ndim > crate::MAX_NDIM {
        return Err(ArrayError::format(
            file,
            format!("IDX file with {ndim} dimensions (at most 8)"),
        ));
    }
    let dims: Vec<usize> = read_u32s(file, r, ndim, Endian::Big)?
        .into_iter()
        .map(|d| d as usize)
        .collect();
    read_array(file, r, &dims, t, Endian::Big)
}

/// The header of an IDX file of element type `t` for `a`.
///
/// # Errors
/// `Domain` if `t` has no IDX code (packed) or a dimension exceeds 2^32 - 1.
pub(crate) fn header(a: &Array, t: ElemType) -> Result<Vec<u8>, ArrayError> {
    let c = code(t).ok_or_else(|| ArrayError::domain("save-matrix", "IDX has no packed type"))?;
    let mut out = vec![0, 0, c, a.ndim() as u8];
    for &d in a.dims() {
        let d = u32::try_from(d)
            .map_err(|_| ArrayError::domain("save-matrix", "dimension too large for IDX"))?;
        out.extend(d.to_be_bytes());
    }
    Ok(out)
}

/// Reads an IDX file of unsigned bytes (MNIST's images and labels),
/// gzip-compressed or not, as its dims and its bytes, without widening
/// them to floats. The header's size is checked against the memory budget
/// before the data is read, and the data grows only as it arrives.
///
/// # Errors
/// `Io` if the file cannot be opened or read, `Format` if it is not an IDX
/// file of unsigned bytes or is truncated, `Memory` when its data does not
/// fit in the budget.
pub fn read_bytes_file(path: &std::path::Path) -> Result<(Vec<usize>, Vec<u8>), ArrayError> {
    let file = path.display().to_string();
    let f = std::fs::File::open(path).map_err(|e| ArrayError::Io {
        file: file.clone(),
        message: e.to_string(),
    })?;
    let mut r = std::io::BufReader::new(f);
    let head = {
        use std::io::BufRead;
        r.fill_buf()
            .map_err(|e| crate::io::reader::read_error(&file, "file", &e))?
            .to_vec()
    };
    let mut src: Box<dyn Read> = if head.starts_with(&[0x1F, 0x8B]) {
        Box::new(flate2::read::MultiGzDecoder::new(r))
    } else {
        Box::new(r)
    };
    let magic = crate::io::reader::read_bytes(&file, &mut src, 4, "header")?;
    if magic[..3] != [0, 0, 0x08] {
        return Err(ArrayError::format(
            &file,
            "not an IDX file of unsigned bytes",
        ));
    }
    let ndim = magic[3] as usize;
    if ndim == 0 || ndim > crate::MAX_NDIM {
        return Err(ArrayError::format(
            &file,
            format!("IDX file with {ndim} dimensions (1 to 8)"),
        ));
    }
    let dims: Vec<usize> = read_u32s(&file, &mut src, ndim, Endian::Big)?
        .into_iter()
        .map(|d| d as usize)
        .collect();
    let n = crate::checked_len(&dims).map_err(|_| {
        ArrayError::format(&file, format!("dims {dims:?} overflow or are too large"))
    })?;
    crate::budget::reserve(&format!("{file} (dims {dims:?})"), n)?;
    let data = crate::io::reader::read_bytes(&file, &mut src, n as u64, "data")?;
    Ok((dims, data))
}
