//! Live publication of windows: while a [`Sink`] is installed on the
//! thread (a live view serving the windows over HTTP), every window of
//! the thread hands a copy of its canvas to the sink when it would be
//! written (end of a batch, automatic write, flush), at most every
//! [`SHOW_INTERVAL`] per window, and says when it is dropped. Without a
//! sink a window pays one check of a thread-local flag per write.

use crate::canvas::Canvas;
use std::cell::{Cell, RefCell};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Minimum time between two publications of one window triggered by
/// drawing; the last drawing of a burst is published by
/// [`crate::Window::show_pending`].
pub const SHOW_INTERVAL: Duration = Duration::from_millis(100);

/// Receives the pictures of the thread's windows (from the thread that
/// draws; the sink passes them on to other threads).
pub trait Sink: Send + Sync {
    /// Window `id`, named `name`, now looks like `canvas`.
    fn window(&self, id: u64, name: &str, canvas: &Canvas);
    /// Window `id` is gone.
    fn closed(&self, id: u64, name: &str);
}

thread_local! {
    static ON: Cell<bool> = const { Cell::new(false) };
    static SINK: RefCell<Option<Arc<dyn Sink>>> = const { RefCell::new(None) };
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// A new window identity (unique in the process).
pub(crate) fn next_id() -> u64 {
    NEXT_ID.fetch_add(1, Ordering::Relaxed)
}

/// Installs (or with `None` removes) the sink of this thread's windows.
pub fn set_sink(sink: Option<Arc<dyn Sink>>) {
    ON.with(|on| on.set(sink.is_some()));
    // after the thread's storage is gone there is nothing to install into
    let _ = SINK.try_with(|s| *s.borrow_mut() = sink);
}

/// Whether a sink is installed on this thread.
#[inline]
pub fn is_on() -> bool {
    ON.with(Cell::get)
}

/// Runs `f` on the sink, if there is one.
pub(crate) fn with_sink(f: impl FnOnce(&dyn Sink)) {
    // windows flushed as the thread ends may outlive the sink
    let sink = SINK.try_with(|s| s.borrow().clone()).ok().flatten();
    if let Some(s) = sink {
        f(&*s);
    }
}
