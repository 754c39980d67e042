//! sn: a neural-network simulator scripted in Lisp, in the line of SN2.8
//! and Lush. The Lisp lives in [`lisp`], its builtins in [`builtins`]; the
//! numeric families are the crates `sn-array`, `sn-units`, `sn-modules`
//! and `sn-graphics`.

#![warn(missing_docs)]

pub mod builtins;
pub mod lisp;
pub mod repl;
pub mod toplevel;
