//! Interruption of long loops. The embedding program installs a source of
//! stop flags ([`set_source`]): called on the thread that starts a loop, it
//! gives the flag that stops that loop (sn gives the interrupt flag of the
//! interpreter evaluating on that thread). The flag is taken before a pass
//! moves to a thread of the pool ([`run_with_stop`]) and checked there once
//! per update ([`check`]), so that each loop answers its own flag only.

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use crate::error::{ModError, Result};

/// A flag that stops a loop when set.
pub type StopFlag = Arc<AtomicBool>;

/// The installed source.
static SOURCE: OnceLock<fn() -> Option<StopFlag>> = OnceLock::new();

thread_local! {
    /// The flag of the pass running on this thread, when it was started
    /// on another one (see [`run_with_stop`]).
    static STOP: RefCell<Option<StopFlag>> = const { RefCell::new(None) };
}

/// Installs `source`: it is called on the thread that starts a loop and
/// gives the flag that stops it with [`ModError::Interrupted`]. The
/// embedding program has one source; calls after the first are ignored.
pub fn set_source(source: fn() -> Option<StopFlag>) {
    let _ = SOURCE.set(source);
}

/// The stop flag of the calling thread, from the installed source.
pub fn flag_here() -> Option<StopFlag> {
    SOURCE.get().and_then(|f| f())
}

/// Runs `f` (on whatever thread this is, typically one of the pool) with
/// `stop` as the flag that [`check`] looks at; the thread's previous flag
/// is put back after (a pool thread may run a pass of another loop while
/// it waits inside this one).
pub fn run_with_stop<T>(stop: Option<StopFlag>, f: impl FnOnce() -> T) -> T {
    let before = STOP.with(|s| s.replace(stop));
    let r = f();
    STOP.with(|s| *s.borrow_mut() = before);
    r
}

/// Checks the flag of the running pass: the one given to
/// [`run_with_stop`], else the calling thread's own from the source. The
/// flag is left set, for the embedding program to report.
///
/// # Errors
/// `Interrupted` when the flag is set.
pub fn check() -> Result<()> {
    let set = STOP.with(|s| s.borrow().as_ref().map(|f| f.load(Ordering::Relaxed)));
    let set = match set {
        Some(v) => v,
        None => flag_here().is_some_and(|f| f.load(Ordering::Relaxed)),
    };
    if set {
        return Err(ModError::Interrupted);
    }
    Ok(())
}
