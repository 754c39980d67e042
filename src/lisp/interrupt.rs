//! Ctrl-C: a signal handler sets a flag that the evaluator (and long
//! numeric loops) check at safe points.

use std::sync::atomic::{AtomicBool, Ordering};

use super::error::{ErrorKind, LispError};
use super::Res;

/// Set by the SIGINT handler, cleared when the interrupt is reported.
pub static FLAG: AtomicBool = AtomicBool::new(false);

/// Installs the SIGINT handler (once; later calls do nothing).
pub fn install() {
    static INSTALLED: AtomicBool = AtomicBool::new(false);
    if !INSTALLED.swap(true, Ordering::SeqCst) {
        let _ = ctrlc::set_handler(|| FLAG.store(true, Ordering::SeqCst));
    }
}

/// Asks the running evaluation to stop at its next safe point.
pub fn request() {
    FLAG.store(true, Ordering::SeqCst);
}

/// Returns an `interrupt` error if Ctrl-C was pressed since the last check.
///
/// # Errors
/// `ErrorKind::Interrupt` when the flag was set.
#[inline]
pub fn check() -> Res<()> {
    if FLAG.load(Ordering::Relaxed) {
        FLAG.store(false, Ordering::SeqCst);
        return Err(LispError::new(ErrorKind::Interrupt, "interrupted").into());
    }
    Ok(())
}
