//! The memory budget: how many bytes a session may hold at once.
//!
//! Every allocation whose size comes from the user (an array, a module's
//! parameters, a network's units, a file's contents) asks [`reserve`] first,
//! so that an impossible request is a `memory` error before any memory is
//! taken, instead of an allocation failure that kills the process.
//!
//! When the program installs [`Counting`] as its global allocator, the
//! budget also knows how many bytes are live: [`reserve`] then refuses what
//! would not fit beside them, and [`over`] tells the evaluator, at its safe
//! points, that many small allocations (a list grown without end) have
//! passed the limit. Without it, [`reserve`] checks each request alone.
//!
//! The limit defaults to half of what the process may use (the smallest of
//! physical memory, the cgroup's `memory.max` and the address-space rlimit);
//! `SN_MEMORY` (bytes, or with a `K`, `M`, `G` suffix) or [`set_limit`]
//! change it.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use crate::error::ArrayError;

/// Bytes live in the counting allocator, give or take [`SLACK`] per thread.
static LIVE: AtomicUsize = AtomicUsize::new(0);

/// The limit in bytes; 0 until first read (then the default or `SN_MEMORY`).
static LIMIT: AtomicUsize = AtomicUsize::new(0);

/// How far a thread's own count may drift before it is added to [`LIVE`].
const SLACK: isize = 256 * 1024;

thread_local! {
    /// This thread's allocations not yet added to [`LIVE`].
    static PENDING: Cell<isize> = const { Cell::new(0) };
}

/// The limit in bytes.
pub fn limit() -> usize {
    let l = LIMIT.load(Ordering::Relaxed);
    if l != 0 {
        return l;
    }
    let l = initial_limit();
    LIMIT.store(l, Ordering::Relaxed);
    l
}

/// Sets the limit in bytes (at least 1 MiB); returns the new limit.
pub fn set_limit(bytes: usize) -> usize {
    let l = bytes.max(1 << 20);
    LIMIT.store(l, Ordering::Relaxed);
    l
}

/// Bytes live now, as far as the counting allocator knows (0 when it is
/// not installed).
pub fn live() -> usize {
    LIVE.load(Ordering::Relaxed)
}

/// Whether the live bytes have passed the limit.
#[inline]
pub fn over() -> bool {
    let live = LIVE.load(Ordering::Relaxed);
    live != 0 && live > limit()
}

/// Checks that `bytes` more fit in the budget, for the operation `op`.
///
/// # Errors
/// `Memory` when they do not.
pub fn reserve(op: &str, bytes: usize) -> Result<(), ArrayError> {
    let limit = limit();
    let live = live();
    if bytes > limit.saturating_sub(live) {
        return Err(ArrayError::Memory {
            op: op.to_string(),
            bytes,
            live,
            limit,
        });
    }
    Ok(())
}

/// Checks that `n` items of `size` bytes each fit in the budget.
///
/// # Errors
/// `Memory` when they do not (or their size overflows).
pub fn reserve_items(op: &str, n: usize, size: usize) -> Result<(), ArrayError> {
    reserve(op, n.saturating_mul(size))
}

/// The limit when nothing set it: `SN_MEMORY` if given, else half of what
/// the process may use.
fn initial_limit() -> usize {
    if let Some(b) = std::env::var("SN_MEMORY").ok().and_then(|s| parse_size(&s)) {
        return b.max(1 << 20);
    }
    default_limit()
}

/// Half of the smallest of physical memory, the cgroup limit and the
/// address-space rlimit (8 GiB when none can be read).
pub fn default_limit() -> usize {
    static DEFAULT: OnceLock<usize> = OnceLock::new();
    *DEFAULT.get_or_init(|| {
        let mut avail: Option<usize> = None;
        let mut take = |v: Option<usize>| {
            if let Some(v) = v {
                avail = Some(avail.map_or(v, |a| a.min(v)));
            }
        };
        take(meminfo_total());
        take(cgroup_max());
        take(rlimit_as());
        avail.map_or(8 << 30, |a| (a / 2).max(64 << 20))
    })
}

/// Parses `123`, `512K`, `3M`, `2G` (also with a trailing `B`, any case).
pub fn parse_size(s: &str) -> Option<usize> {
    let s = s.trim().to_ascii_uppercase();
    let s = s.strip_suffix('B').unwrap_or(&s);
    let (num, mul) = match s.chars().last()? {
        'K' => (&s[..s.len() - 1], 1usize << 10),
        'M' => (&s[..s.len() - 1], 1 << 20),
        'G' => (&s[..s.len() - 1], 1 << 30),
        'T' => (&s[..s.len() - 1], 1 << 40),
        _ => (s, 1),
    };
    let v: f64 = num.trim().parse().ok()?;
    if !v.is_finite() || v <= 0.0 {
        return None;
    }
    let b = v * mul as f64;
    (b < usize::MAX as f64).then_some(b as usize)
}

fn meminfo_total() -> Option<usize> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kb: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    kb.checked_mul(1024)
}

fn cgroup_max() -> Option<usize> {
    let text = std::fs::read_to_string("/sys/fs/cgroup/memory.max").ok()?;
    text.trim().parse().ok()
}

fn rlimit_as() -> Option<usize> {
    let text = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = text.lines().find(|l| l.starts_with("Max address space"))?;
    let soft = line.split_whitespace().nth(3)?;
    soft.parse().ok()
}

/// A global allocator that counts the live bytes of `A` for the budget.
///
/// Each thread keeps its own running count and adds it to the shared one
/// when it drifts past 256 KiB, so the common small allocation costs a
/// thread-local add and no atomic operation.
pub struct Counting<A>(pub A);

#[inline]
fn count(delta: isize) {
    // `try_with` fails only while the thread's locals are being torn down;
    // the count is then added directly.
    let flushed = PENDING.try_with(|p| {
        let v = p.get() + delta;
        if v.abs() >= SLACK {
            p.set(0);
            v
        } else {
            p.set(v);
            0
        }
    });
    let v = flushed.unwrap_or(delta);
    if v > 0 {
        LIVE.fetch_add(v as usize, Ordering::Relaxed);
    } else if v < 0 {
        // Frees counted on one thread may come from allocations counted on
        // another: never wrap below zero.
        let d = v.unsigned_abs();
        let _ = LIVE.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |l| {
            Some(l.saturating_sub(d))
        });
    }
}

// SAFETY: every method forwards to `A` with the same arguments; the
// counting touches only a thread-local cell and an atomic.
unsafe impl<A: GlobalAlloc> GlobalAlloc for Counting<A> {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = self.0.alloc(layout);
        if !p.is_null() {
            count(layout.size() as isize);
        }
        p
    }
    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = self.0.alloc_zeroed(layout);
        if !p.is_null() {
            count(layout.size() as isize);
        }
        p
    }
    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        self.0.dealloc(ptr, layout);
        count(-(layout.size() as isize));
    }
    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = self.0.realloc(ptr, layout, new_size);
        if !p.is_null() {
            count(new_size as isize - layout.size() as isize);
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_suffixes() {
        assert_eq!(parse_size("1024"), Some(1024));
        assert_eq!(parse_size("2k"), Some(2048));
        assert_eq!(parse_size("3M"), Some(3 << 20));
        assert_eq!(parse_size("1.5G"), Some(3 << 29));
        assert_eq!(parse_size("4GB"), Some(4 << 30));
        assert_eq!(parse_size("-1"), None);
        assert_eq!(parse_size("lots"), None);
    }

    #[test]
    fn a_request_past_the_limit_is_refused() {
        let l = limit();
        assert!(reserve("test", l / 4).is_ok());
        match reserve("test", usize::MAX) {
            Err(ArrayError::Memory { op, bytes, .. }) => {
                assert_eq!(op, "test");
                assert_eq!(bytes, usize::MAX);
            }
            other => panic!("expected a memory error, got {other:?}"),
        }
        assert!(reserve_items("test", usize::MAX / 2, 4).is_err());
    }

    #[test]
    fn the_default_is_under_physical_memory() {
        let d = default_limit();
        assert!(d >= 64 << 20);
        if let Some(m) = meminfo_total() {
            assert!(d <= m / 2 + 1);
        }
    }
}
