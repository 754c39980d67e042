//! The ASCII `.MAT` form: `.MAT ndim d0 d1 ...` then the numbers, row-major.

use std::io::Read;

use crate::array::{checked_len, Array};
use crate::display::format_number;
use crate::error::ArrayError;

/// Read the rest of an ASCII matrix (after the `.MAT` magic).
///
/// # Errors
/// `Format` for a bad header, a bad number, or too few numbers.
pub(crate) fn read(file: &str, r: &mut dyn Read) -> Result<Array, ArrayError> {
    let mut bytes = Vec::new();
    r.read_to_end(&mut bytes)
        .map_err(|e| crate::io::reader::read_error(file, "ASCII matrix", &e))?;
    let text = String::from_utf8_lossy(&bytes);
    let mut tokens = text.split_ascii_whitespace();
    let mut header = |what: &str| -> Result<usize, ArrayError> {
        let tok = tokens
            .next()
            .ok_or_else(|| ArrayError::format(file, format!("truncated header: no {what}")))?;
        tok.parse::<usize>()
            .map_err(|_| ArrayError::format(file, format!("bad {what} '{tok}' in header")))
    };
    let ndim = header("number of dimensions")?;
    if ndim > crate::MAX_NDIM {
        return Err(ArrayError::format(
            file,
            format!("{ndim} dimensions (at most 8)"),
        ));
    }
    let dims = (0..ndim)
        .map(|_| header("dimension"))
        .collect::<Result<Vec<_>, _>>()?;
    let n = checked_len(&dims)
        .map_err(|_| ArrayError::format(file, format!("dims {dims:?} are too large")))?;
    let mut data = Vec::new();
    for k in 0..n {
        let tok = tokens.next().ok_or_else(|| {
            ArrayError::format(file, format!("truncated: {k} numbers of {n} expected"))
        })?;
        let v = tok
            .parse::<f32>()
            .map_err(|_| ArrayError::format(file, format!("bad number '{tok}' at element {k}")))?;
        data.push(v);
    }
    Array::from_vec(&dims, data)
}

/// Encode `a` as an ASCII matrix, one line per innermost row.
pub(crate) fn write(a: &Array) -> Vec<u8> {
    let mut s = format!(".MAT {}", a.ndim());
    for d in a.dims() {
        s.push_str(&format!(" {d}"));
    }
    s.push('\n');
    let row = a.dims().last().copied().unwrap_or(1).max(1);
    for (k, v) in a.to_vec().into_iter().enumerate() {
        s.push_str(&format_number(v));
        s.push(if (k + 1) % row == 0 { '\n' } else { ' ' });
    }
    s.into_bytes()
}
