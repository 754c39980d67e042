//! Interruption of long loops: the embedding program installs a probe
//! (e.g. one that looks at its Ctrl-C flag), checked once per update.

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::error::{ModError, Result};

static PROBE: AtomicUsize = AtomicUsize::new(0);

/// Installs `probe`: when it returns true, training loops stop with
/// [`ModError::Interrupted`].
pub fn set_probe(probe: fn() -> bool) {
    PROBE.store(probe as usize, Ordering::Relaxed);
}

/// Checks the probe.
///
/// # Errors
/// `Interrupted` when the probe says so.
pub fn check() -> Result<()> {
    let p = PROBE.load(Ordering::Relaxed);
    if p != 0 {
        // SAFETY: the only non-zero value ever stored is a `fn() -> bool`
        // cast to usize by `set_probe`.
        let f: fn() -> bool = unsafe { std::mem::transmute::<usize, fn() -> bool>(p) };
        if f() {
            return Err(ModError::Interrupted);
        }
    }
    Ok(())
}
