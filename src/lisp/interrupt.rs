//! Ctrl-C and the memory budget: each interpreter has its own interrupt
//! flag, which the evaluator (and long numeric loops) check at safe points;
//! the same safe points stop a program whose live memory has passed the
//! budget.
//!
//! The flag is set by the SIGINT handler, for the interpreter that
//! registered with [`install`] (the toplevel's), or by any thread holding
//! the interpreter's [`Interp::interrupt_handle`] (a test's watchdog, for
//! instance). Code with no interpreter at hand (the printer, tree walks,
//! the numeric crates' loops through their probes) checks the flag of the
//! interpreter evaluating on its thread: each interpreter makes its flag
//! the thread's current one when it starts evaluating ([`enter`]).
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

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sn_array::budget;

use super::error::{ErrorKind, LispError};
use super::{Interp, Res};

/// An interpreter's interrupt flag: set to stop its evaluation at the next
/// safe point, cleared when the interrupt is reported.
pub type Flag = Arc<AtomicBool>;

thread_local! {
    /// The flag of the interpreter that last started evaluating on this
    /// thread (a flag of its own before any has).
    static CURRENT: RefCell<Flag> = RefCell::new(Arc::new(AtomicBool::new(false)));
}

/// The flag the SIGINT handler sets: that of the interpreter registered
/// by [`install`].
static TARGET: Mutex<Option<Flag>> = Mutex::new(None);

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

/// Makes `it` the interpreter that Ctrl-C stops, and installs the SIGINT
/// handler (once; later calls only change the interpreter).
pub fn install(it: &Interp) {
    static INSTALLED: AtomicBool = AtomicBool::new(false);
    if let Ok(mut t) = TARGET.lock() {
        *t = Some(it.interrupt_handle());
    }
    if !INSTALLED.swap(true, Ordering::SeqCst) {
        let _ = ctrlc::set_handler(on_sigint);
    }
}

/// Makes `flag` the current flag of this thread (see the module doc).
pub fn enter(flag: &Flag) {
    CURRENT.with(|c| {
        if let Ok(mut c) = c.try_borrow_mut() {
            if !Arc::ptr_eq(&c, flag) {
                *c = flag.clone();
            }
        }
    });
}

/// The current flag of this thread (see the module doc).
pub fn current() -> Flag {
    CURRENT.with(|c| c.borrow().clone())
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

/// The handler (run by `ctrlc` on a thread of its own): sets the flag of
/// the registered interpreter, then waits for its evaluator to take it
/// (see the module doc).
fn on_sigint() {
    let _ = epoch();
    let Some(flag) = TARGET.lock().ok().and_then(|t| t.clone()) else {
        return;
    };
    if flag.swap(true, Ordering::SeqCst) {
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
        if !flag.load(Ordering::SeqCst) {
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

/// Whether the current interpreter of this thread was interrupted and
/// has not yet reported it.
pub fn pending() -> bool {
    CURRENT.with(|c| c.borrow().load(Ordering::Relaxed))
}

/// Returns an `interrupt` error if the current interpreter of this thread
/// was interrupted since the last check (and clears its flag); the memory
/// budget is not looked at.
///
/// # Errors
/// `ErrorKind::Interrupt` when the flag was set.
pub fn take() -> Res<()> {
    CURRENT.with(|c| take_flag(&c.borrow()))
}

/// Returns an `interrupt` error if the current interpreter of this thread
/// was interrupted since the last check, or a `memory` error if the live
/// memory has passed the budget.
///
/// # Errors
/// `ErrorKind::Interrupt` when the flag was set; `ErrorKind::Memory` when
/// the budget is exceeded.
#[inline]
pub fn check() -> Res<()> {
    CURRENT.with(|c| check_flag(&c.borrow()))
}

/// [`take`] for one flag.
fn take_flag(flag: &AtomicBool) -> Res<()> {
    if flag.swap(false, Ordering::SeqCst) {
        return Err(LispError::new(ErrorKind::Interrupt, "interrupted").into());
    }
    Ok(())
}

/// [`check`] for one flag.
#[inline]
fn check_flag(flag: &AtomicBool) -> Res<()> {
    if flag.load(Ordering::Relaxed) && flag.swap(false, Ordering::SeqCst) {
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

impl Interp {
    /// This interpreter's interrupt flag, for another thread (or a signal
    /// handler) to set: its evaluation then stops at the next safe point
    /// with an `interrupt` error. Other interpreters are not affected.
    pub fn interrupt_handle(&self) -> Flag {
        self.interrupt.clone()
    }

    /// Forgets an interrupt not yet taken (before a new REPL input or
    /// test case).
    pub fn clear_interrupt(&self) {
        self.interrupt.store(false, Ordering::SeqCst);
    }

    /// [`take`] for this interpreter.
    ///
    /// # Errors
    /// `ErrorKind::Interrupt` when its flag was set.
    pub fn take_interrupt(&self) -> Res<()> {
        take_flag(&self.interrupt)
    }

    /// [`check`] for this interpreter.
    ///
    /// # Errors
    /// As [`check`].
    #[inline]
    pub fn check_interrupt(&self) -> Res<()> {
        check_flag(&self.interrupt)
    }

    /// Makes this interpreter's flag the current one of its thread (see
    /// the module doc); called where evaluation starts.
    #[inline]
    pub(crate) fn enter(&self) {
        enter(&self.interrupt);
    }
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
