//! Readable printing of arrays: `[[1 2][3 4]]`, `[@ 3]` for 0-dim arrays,
//! long dimensions summarised with `...`.

use std::fmt;

use crate::array::Array;
use crate::lushnum::lush_number;

/// How dimensions are summarised: those longer than `threshold` show their
/// first `head` and last `tail` elements around `...`.
#[derive(Clone, Copy)]
struct Summary {
    threshold: usize,
    head: usize,
    tail: usize,
}

/// For arrays of moderate size.
const SUMMARY: Summary = Summary {
    threshold: 12,
    head: 6,
    tail: 3,
};

/// For arrays of more than `BIG` elements, whatever their shape.
const SUMMARY_BIG: Summary = Summary {
    threshold: 6,
    head: 3,
    tail: 2,
};

/// Arrays with more elements than this are summarised more tightly.
const BIG: usize = 1000;

/// Formats one element as the Lisp prints numbers (Lush 1's format:
/// `0.3333`, `1e+20`, `Nan`), through [`lush_number`].
pub fn format_number(v: f32) -> String {
    lush_number(f64::from(v))
}

fn write_level(
    f: &mut fmt::Formatter<'_>,
    a: &Array,
    data: &[f32],
    (k, off): (usize, isize),
    sm: Summary,
) -> fmt::Result {
    let n = a.dims[k];
    let s = a.strides[k];
    let last = k + 1 == a.ndim;
    let summarise = n > sm.threshold;
    f.write_str("[")?;
    let mut first = true;
    for i in 0..n {
        if summarise && i >= sm.head && i < n - sm.tail {
            if i == sm.head {
                f.write_str(if last { " ..." } else { "..." })?;
            }
            continue;
        }
        let o = off + i as isize * s;
        if last {
            if !first {
                f.write_str(" ")?;
            }
            f.write_str(&format_number(data[o as usize]))?;
        } else {
            write_level(f, a, data, (k + 1, o), sm)?;
        }
        first = false;
    }
    f.write_str("]")
}

impl fmt::Display for Array {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let data = self.data();
        if self.ndim == 0 {
            return write!(f, "[@ {}]", format_number(data[self.offset]));
        }
        if self.is_empty() {
            return f.write_str("[]");
        }
        let sm = if self.len() > BIG {
            SUMMARY_BIG
        } else {
            SUMMARY
        };
        write_level(f, self, &data, (0, self.offset as isize), sm)
    }
}

impl fmt::Debug for Array {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Array{:?}{}", self.dims(), self)
    }
}
