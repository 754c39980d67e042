//! Image preprocessing builtins (filled in below).

use crate::lisp::Interp;

pub(super) fn register(_it: &mut Interp) {}
