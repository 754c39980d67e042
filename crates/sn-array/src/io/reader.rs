//! Reading helpers shared by the binary formats: bounded reads that report
//! truncation and corrupt compressed data as format errors naming the file.

use std::io::{self, Read};

use crate::array::{checked_len, Array};
use crate::error::ArrayError;
use crate::io::types::{ElemType, Endian};

/// A read error as a format error: truncation or corrupt (compressed) data.
pub(crate) fn read_error(file: &str, what: &str, e: &io::Error) -> ArrayError {
    match e.kind() {
        io::ErrorKind::UnexpectedEof => ArrayError::format(file, format!("truncated {what}")),
        io::ErrorKind::InvalidData | io::ErrorKind::InvalidInput => {
            ArrayError::format(file, format!("corrupt data in {what}: {e}"))
        }
        _ => ArrayError::Io {
            file: file.to_string(),
            message: e.to_string(),
        },
    }
}

/// Read exactly `n` bytes, growing the buffer only as data arrives (a huge
/// claimed size in a short file costs nothing).
pub(crate) fn read_bytes(
    file: &str,
    r: &mut dyn Read,
    n: u64,
    what: &str,
) -> Result<Vec<u8>, ArrayError> {
    let mut buf = Vec::new();
    let got = r
        .take(n)
        .read_to_end(&mut buf)
        .map_err(|e| read_error(file, what, &e))?;
    if (got as u64) < n {
        return Err(ArrayError::format(
            file,
            format!("truncated {what}: {got} bytes of {n}"),
        ));
    }
    Ok(buf)
}

/// Read `n` 32-bit unsigned integers in byte order `e`.
pub(crate) fn read_u32s(
    file: &str,
    r: &mut dyn Read,
    n: usize,
    e: Endian,
) -> Result<Vec<u32>, ArrayError> {
    let bytes = read_bytes(file, r, 4 * n as u64, "header")?;
    Ok(bytes
        .chunks_exact(4)
        .map(|c| {
            let b = [c[0], c[1], c[2], c[3]];
            match e {
                Endian::Big => u32::from_be_bytes(b),
                Endian::Little => u32::from_le_bytes(b),
            }
        })
        .collect())
}

/// Read the data of an array of `dims` and element type `t`.
pub(crate) fn read_array(
    file: &str,
    r: &mut dyn Read,
    dims: &[usize],
    t: ElemType,
    e: Endian,
) -> Result<Array, ArrayError> {
    let n = checked_len(dims).map_err(|_| {
        ArrayError::format(file, format!("dims {dims:?} overflow or are too large"))
    })?;
    let what = format!("{} data of dims {dims:?}", t.name());
    let bytes = read_bytes(file, r, (n as u64) * t.size() as u64, &what)?;
    Array::from_vec(dims, t.decode(&bytes, e))
}
