//! The ASCII `.MAT` form: `.MAT ndim d0 d1 ...` then the numbers, row-major.

use std::io::{BufRead, BufReader, Read, Write};

use crate::array::Array;
use crate::error::ArrayError;
use crate::io::reader::{checked_elements, grow, read_error};

/// The longest token (number or dimension) of an ASCII matrix.
const MAX_TOKEN: usize = 256;

/// The whitespace-separated tokens of a stream, read as they are needed
/// (the file is never held whole, and a token is bounded).
struct Tokens<'a> {
    r: BufReader<&'a mut dyn Read>,
    file: &'a str,
}

impl Tokens<'_> {
    /// The next token, or `None` at the end of the stream.
    fn next(&mut self) -> Result<Option<String>, ArrayError> {
        let mut tok = Vec::new();
        loop {
            let buf = self
                .r
                .fill_buf()
                .map_err(|e| read_error(self.file, "ASCII matrix", &e))?;
            if buf.is_empty() {
                break;
            }
            let mut used = 0;
            let mut ended = false;
            for &b in buf {
                used += 1;
                if b.is_ascii_whitespace() {
                    if !tok.is_empty() {
                        ended = true;
                        break;
                    }
                } else {
                    tok.push(b);
                    if tok.len() > MAX_TOKEN {
                        return Err(ArrayError::format(
                            self.file,
                            format!("a token longer than {MAX_TOKEN} bytes"),
                        ));
                    }
                }
            }
            self.r.consume(used);
            if ended {
                break;
            }
        }
        Ok((!tok.is_empty()).then(|| String::from_utf8_lossy(&tok).into_owned()))
    }
}

/// Read the rest of an ASCII matrix (after the `.MAT` magic).
///
/// # Errors
/// `Format` for a bad header, a bad number, too few numbers or anything
/// after the last number; `Memory` if the dims do not fit in the budget.
pub(crate) fn read(file: &str, r: &mut dyn Read) -> Result<Array, ArrayError> {
    let mut tokens = Tokens {
        r: BufReader::new(r),
        file,
    };
    let mut header = |what: &str| -> Result<usize, ArrayError> {
        let tok = tokens
            .next()?
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
    let n = checked_elements(file, &dims)?;
    let mut data = Vec::new();
    for k in 0..n {
        let tok = tokens.next()?.ok_or_else(|| {
            ArrayError::format(file, format!("truncated: {k} numbers of {n} expected"))
        })?;
        let v = tok
            .parse::<f32>()
            .map_err(|_| ArrayError::format(file, format!("bad number '{tok}' at element {k}")))?;
        grow(&mut data, 1, n, file)?;
        data.push(v);
    }
    Array::from_vec(&dims, data)
}

/// An element written so that reading it back gives it again (shortest
/// digits of the `f32`; integers without a point).
fn exact_f32(v: f32) -> String {
    if v.is_nan() {
        "nan".to_string()
    } else if v.is_infinite() {
        if v > 0.0 { "inf" } else { "-inf" }.to_string()
    } else if v == v.trunc() && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// Write `a` as an ASCII matrix, one line per innermost row, element by
/// element (nothing of the size of the array is built).
pub(crate) fn write(a: &Array, w: &mut dyn Write) -> std::io::Result<()> {
    let mut head = format!(".MAT {}", a.ndim());
    for d in a.dims() {
        head.push_str(&format!(" {d}"));
    }
    head.push('\n');
    w.write_all(head.as_bytes())?;
    let row = a.dims().last().copied().unwrap_or(1).max(1);
    let mut k = 0usize;
    crate::ops::try_for_rows(a, |vals| {
        for &v in vals {
            k += 1;
            w.write_all(exact_f32(v).as_bytes())?;
            w.write_all(if k.is_multiple_of(row) { b"\n" } else { b" " })?;
        }
        Ok(())
    })
}
