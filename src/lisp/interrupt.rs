//! Ctrl-C and the memory budget: a signal handler sets a flag that the
//! evaluator (and long numeric loops) check at safe points; the same safe
//! points stop a program whose live memory has passed the budget.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use sn_array::budget;

use super::error::{ErrorKind, LispError};
use super::Res;

/// Set by the SIGINT handler, cleared when the interrupt is reported.
pub static FLAG: AtomicBool = AtomicBool::new(false);

/// The live bytes when the last `memory` error was raised (0: none since
/// memory went back under the limit).
static MEMORY_MARK: AtomicUsize = AtomicUsize::new(0);

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

/// Whether Ctrl-C was pressed and not yet reported.
pub fn pending() -> bool {
    FLAG.load(Ordering::Relaxed)
}

/// Returns an `interrupt` error if Ctrl-C was pressed since the last check,
/// or a `memory` error if the live memory has passed the budget.
///
/// # Errors
/// `ErrorKind::Interrupt` when the flag was set; `ErrorKind::Memory` when
/// the budget is exceeded.
#[inline]
pub fn check() -> Res<()> {
    if FLAG.load(Ordering::Relaxed) {
        FLAG.store(false, Ordering::SeqCst);
        return Err(LispError::new(ErrorKind::Interrupt, "interrupted").into());
    }
    if budget::over() {
        return memory_check();
    }
    if MEMORY_MARK.load(Ordering::Relaxed) != 0 {
        MEMORY_MARK.store(0, Ordering::Relaxed);
    }
    Ok(())
}

/// Raises a `memory` error once when the budget is passed, and again only
/// if memory keeps growing by another eighth of the limit, so that a
/// session holding much can still run the forms that free it.
#[cold]
fn memory_check() -> Res<()> {
    let live = budget::live();
    let limit = budget::limit();
    let mark = MEMORY_MARK.load(Ordering::Relaxed);
    if mark != 0 && live < mark.saturating_add(limit / 8) {
        return Ok(());
    }
    MEMORY_MARK.store(live, Ordering::Relaxed);
    Err(LispError::new(
        ErrorKind::Memory,
        format!(
            "memory budget exceeded: {live} bytes live, limit {limit} (set SN_MEMORY or memory-limit to change it)"
        ),
    )
    .into())
}
