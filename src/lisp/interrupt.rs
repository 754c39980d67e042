//! Ctrl-C and the memory budget: a signal handler sets a flag that the
//! evaluator (and long numeric loops) check at safe points; the same safe
//! points stop a program whose live memory has passed the budget.
//!
//! Some waits have no safe point: a builtin running one long kernel (a
//! matrix product inside `matrixmultiply`, for instance) or blocked in a
//! read (a FIFO nobody writes, standard input). The standard library
//! retries reads interrupted by a signal, so they cannot be woken from
//! here. The handler therefore waits [`GRACE`] for the evaluator to take
//! the interrupt; when it has not:
//! - in a script, `-e`, or a REPL whose input is not a terminal, sn prints
//!   `*** interrupted [interrupt]` and exits with status 130 at once;
//! - at an interactive REPL, it says that the running builtin cannot be
//!   interrupted (the interrupt is taken when it returns), and a further
//!   Ctrl-C leaves sn with status 130.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use sn_array::budget;

use super::error::{ErrorKind, LispError};
use super::Res;

/// Set by the SIGINT handler, cleared when the interrupt is reported.
pub static FLAG: AtomicBool = AtomicBool::new(false);

/// The exit status of a program stopped by Ctrl-C (128 + SIGINT).
pub const EXIT_STATUS: i32 = 130;

/// How long the handler waits for the evaluator to take an interrupt.
pub const GRACE: Duration = Duration::from_millis(1500);

/// Whether a person is at the REPL (interactive terminal): the session is
/// then kept when a builtin cannot be interrupted.
static INTERACTIVE: AtomicBool = AtomicBool::new(false);

/// Milliseconds since [`epoch`] when the "cannot be interrupted" notice
/// was printed (0: not printed for the pending interrupt).
static NOTICE_AT: AtomicU64 = AtomicU64::new(0);

/// The live bytes when the last `memory` error was raised (0: none since
/// memory went back under the limit).
static MEMORY_MARK: AtomicUsize = AtomicUsize::new(0);

/// Installs the SIGINT handler (once; later calls do nothing).
pub fn install() {
    static INSTALLED: AtomicBool = AtomicBool::new(false);
    if !INSTALLED.swap(true, Ordering::SeqCst) {
        let _ = ctrlc::set_handler(on_sigint);
    }
}

/// Says whether a person is at an interactive REPL (see the module doc).
pub fn set_interactive(yes: bool) {
    INTERACTIVE.store(yes, Ordering::SeqCst);
}

/// A fixed instant for the millisecond clock of [`NOTICE_AT`].
fn epoch() -> Instant {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    *START.get_or_init(Instant::now)
}

/// Milliseconds since [`epoch`], at least 1.
fn now_ms() -> u64 {
    (epoch().elapsed().as_millis() as u64).max(1)
}

/// Leaves sn as a program stopped by Ctrl-C.
fn leave() -> ! {
    eprintln!("*** interrupted [interrupt]");
    std::process::exit(EXIT_STATUS)
}

/// The handler (run by `ctrlc` on a thread of its own): sets the flag,
/// then waits for the evaluator to take it (see the module doc).
fn on_sigint() {
    let _ = epoch();
    if FLAG.swap(true, Ordering::SeqCst) {
        // Still pending: a second Ctrl-C. At the REPL, one typed ahead
        // before the notice is ignored; one typed after it leaves.
        let notice = NOTICE_AT.load(Ordering::SeqCst);
        let interactive = INTERACTIVE.load(Ordering::SeqCst);
        if !interactive || (notice != 0 && now_ms() > notice + 300) {
            leave();
        }
        return;
    }
    NOTICE_AT.store(0, Ordering::SeqCst);
    let start = Instant::now();
    while start.elapsed() < GRACE {
        if !FLAG.load(Ordering::SeqCst) {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    if !INTERACTIVE.load(Ordering::SeqCst) {
        leave();
    }
    eprintln!(
        "\n*** sn: the running builtin cannot be interrupted; the interrupt is taken when it returns (Ctrl-C again leaves sn)"
    );
    NOTICE_AT.store(now_ms(), Ordering::SeqCst);
}

/// Asks the running evaluation to stop at its next safe point.
pub fn request() {
    FLAG.store(true, Ordering::SeqCst);
}

/// Whether Ctrl-C was pressed and not yet reported.
pub fn pending() -> bool {
    FLAG.load(Ordering::Relaxed)
}

/// Returns an `interrupt` error if Ctrl-C was pressed since the last
/// check (and clears the flag); the memory budget is not looked at.
///
/// # Errors
/// `ErrorKind::Interrupt` when the flag was set.
pub fn take() -> Res<()> {
    if FLAG.swap(false, Ordering::SeqCst) {
        return Err(LispError::new(ErrorKind::Interrupt, "interrupted").into());
    }
    Ok(())
}

/// Returns an `interrupt` error if Ctrl-C was pressed since the last check,
/// or a `memory` error if the live memory has passed the budget.
///
/// # Errors
/// `ErrorKind::Interrupt` when the flag was set; `ErrorKind::Memory` when
/// the budget is exceeded.
#[inline]
pub fn check() -> Res<()> {
    if FLAG.load(Ordering::Relaxed) && FLAG.swap(false, Ordering::SeqCst) {
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
