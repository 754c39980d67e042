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

/// The number of elements of `dims`, checked against the size limits and
/// the memory budget before anything is allocated for them.
///
/// # Errors
/// `Format` for dims that overflow, `Memory` when the array the header
/// asks for does not fit in the budget.
pub(crate) fn checked_elements(file: &str, dims: &[usize]) -> Result<usize, ArrayError> {
    let n = checked_len(dims).map_err(|_| {
        ArrayError::format(file, format!("dims {dims:?} overflow or are too large"))
    })?;
    crate::budget::reserve_items(
        &format!("load-matrix {file} (dims {dims:?})"),
        n,
        std::mem::size_of::<f32>(),
    )?;
    Ok(n)
}

/// Makes room for `more` values in `data`, doubling its capacity but never
/// past `n`, the size the header claims; an allocation failure is a memory
/// error.
pub(crate) fn grow(
    data: &mut Vec<f32>,
    more: usize,
    n: usize,
    file: &str,
) -> Result<(), ArrayError> {
    let need = data.len().saturating_add(more);
    if need <= data.capacity() {
        return Ok(());
    }
    let target = need.max(data.capacity().saturating_mul(2)).min(n.max(need));
    data.try_reserve_exact(target - data.len())
        .map_err(|_| ArrayError::Memory {
            op: format!("load-matrix {file}: allocation failed"),
            bytes: data.len().saturating_add(more).saturating_mul(4),
            live: crate::budget::live(),
            limit: crate::budget::limit(),
        })
}

/// Read the data of an array of `dims` and element type `t`, decoding it
/// chunk by chunk (the bytes of the whole file are never held at once, and
/// the array grows only as data arrives, so a huge claimed size in a short
/// file costs nothing).
pub(crate) fn read_array(
    file: &str,
    r: &mut dyn Read,
    dims: &[usize],
    t: ElemType,
    e: Endian,
) -> Result<Array, ArrayError> {
    let n = checked_elements(file, dims)?;
    let what = format!("{} data of dims {dims:?}", t.name());
    let total = (n as u64) * t.size() as u64;
    let chunk = (CHUNK_BYTES / t.size() * t.size()) as u64;
    let mut data: Vec<f32> = Vec::new();
    let mut buf = Vec::new();
    let mut done = 0u64;
    while done < total {
        let want = chunk.min(total - done);
        buf.clear();
        let got = r
            .take(want)
            .read_to_end(&mut buf)
            .map_err(|err| read_error(file, &what, &err))? as u64;
        if got < want {
            return Err(ArrayError::format(
                file,
                format!("truncated {what}: {} bytes of {total}", done + got),
            ));
        }
        let vals = t.decode(&buf, e);
        grow(&mut data, vals.len(), n, file)?;
        data.extend(vals);
        done += got;
    }
    Array::from_vec(dims, data)
}

/// Checks that nothing follows the data: reads `r` to its end (which also
/// makes a gzip decoder check the CRC and length of what it inflated).
///
/// # Errors
/// `Format` for trailing bytes or corrupt compressed data.
pub(crate) fn expect_end(file: &str, r: &mut dyn Read) -> Result<(), ArrayError> {
    let mut probe = [0u8; 512];
    loop {
        match r.read(&mut probe) {
            Ok(0) => return Ok(()),
            Ok(_) => {
                return Err(ArrayError::format(
                    file,
                    "trailing bytes after the matrix data",
                ))
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(read_error(file, "compressed data (or its checksum)", &e)),
        }
    }
}

/// Reads `r` to its end, discarding what it gives (a gzip decoder then
/// checks the CRC and length of what it inflated).
///
/// # Errors
/// `Format` for corrupt compressed data.
pub(crate) fn drain(file: &str, r: &mut dyn Read) -> Result<(), ArrayError> {
    let mut sink = [0u8; 4096];
    loop {
        match r.read(&mut sink) {
            Ok(0) => return Ok(()),
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(read_error(file, "compressed data (or its checksum)", &e)),
        }
    }
}

/// Bytes decoded at a time when reading array data.
const CHUNK_BYTES: usize = 1 << 20;
