//! SN2.8's `.cb` files. ASCII: the number of words and their dimension on
//! a line each, then per word its values (`%f` followed by two spaces) on
//! a line and its label on the next. Binary: `int` count, `int` dimension,
//! then per word its `float` values and its `int` label, all in the
//! machine's byte order (little-endian here, as SN2.8 wrote them on PCs).

use super::{Codebook, MAX_NCODE, MAX_NDIM};
use crate::error::{Result, UnitsError};
use std::fmt::Write;

fn format_err(file: &str, what: &str) -> UnitsError {
    UnitsError::Format {
        file: file.to_string(),
        what: what.to_string(),
    }
}

/// The counts read from a file, checked as SN2.8 does.
fn sizes(file: &str, nb: i64, dim: i64) -> Result<(usize, usize)> {
    if nb < 1 || dim < 1 || dim > MAX_NDIM as i64 || nb > MAX_NCODE as i64 {
        return Err(format_err(file, "illegal file format"));
    }
    Ok((nb as usize, dim as usize))
}

/// The ASCII text of a codebook.
pub fn to_ascii(cb: &Codebook) -> String {
    let mut s = String::new();
    let _ = write!(s, "{}\n{}\n", cb.ncode(), cb.ndim);
    for i in 0..cb.ncode() {
        for v in cb.word(i) {
            let _ = write!(s, "{:.6}  ", v);
        }
        let _ = write!(s, "\n{}\n", cb.labels[i]);
    }
    s
}

/// Reads a decimal integer prefix like `%d` and the rest of the token.
fn scan_int(tok: &str) -> Option<i64> {
    tok.parse::<i64>().ok()
}

/// Parses an ASCII codebook (`file` names it in errors).
pub fn parse_ascii(file: &str, text: &str) -> Result<Codebook> {
    let mut toks = text.split_ascii_whitespace();
    let int = |toks: &mut std::str::SplitAsciiWhitespace| toks.next().and_then(scan_int);
    let nb = int(&mut toks).unwrap_or(-1);
    let dim = int(&mut toks).unwrap_or(-1);
    let (nb, dim) = sizes(file, nb, dim)?;
    let mut cb = Codebook::zeros("load-ascii-codebook", nb, dim)?;
    for i in 0..nb {
        for j in 0..dim {
            let v = toks.next().and_then(|t| t.parse::<f32>().ok());
            cb.words[i * dim + j] = v.ok_or_else(|| format_err(file, "malformed file"))?;
        }
        let l = int(&mut toks).ok_or_else(|| format_err(file, "malformed file"))?;
        cb.labels[i] = i32::try_from(l).map_err(|_| format_err(file, "malformed file"))?;
    }
    Ok(cb)
}

/// The binary bytes of a codebook.
pub fn to_binary(cb: &Codebook) -> Vec<u8> {
    let mut b = Vec::with_capacity(8 + cb.words.len() * 4 + cb.ncode() * 4);
    b.extend_from_slice(&(cb.ncode() as i32).to_le_bytes());
    b.extend_from_slice(&(cb.ndim as i32).to_le_bytes());
    for i in 0..cb.ncode() {
        for v in cb.word(i) {
            b.extend_from_slice(&v.to_le_bytes());
        }
        b.extend_from_slice(&cb.labels[i].to_le_bytes());
    }
    b
}

/// Parses a binary codebook.
pub fn parse_binary(file: &str, bytes: &[u8]) -> Result<Codebook> {
    let word = |k: usize| -> Option<[u8; 4]> { bytes.get(4 * k..4 * k + 4)?.try_into().ok() };
    let nb = word(0).map_or(-1, |w| i64::from(i32::from_le_bytes(w)));
    let dim = word(1).map_or(-1, |w| i64::from(i32::from_le_bytes(w)));
    let (nb, dim) = sizes(file, nb, dim)?;
    if bytes.len() < 8 + nb * (dim + 1) * 4 {
        return Err(format_err(file, "malformed file (too short)"));
    }
    let mut cb = Codebook::zeros("load-codebook", nb, dim)?;
    let mut k = 2;
    for i in 0..nb {
        for j in 0..dim {
            cb.words[i * dim + j] = f32::from_le_bytes(word(k).unwrap_or_default());
            k += 1;
        }
        cb.labels[i] = i32::from_le_bytes(word(k).unwrap_or_default());
        k += 1;
    }
    Ok(cb)
}
