//! After the first pass, the training loop does not allocate per sample:
//! a counting global allocator shows it.
//!
//! The file runs without the libtest harness (`harness = false`): the
//! harness's own thread allocates now and then (its notice about a test
//! running for over a minute on a loaded machine, for one), and those
//! allocations would be counted against the training loop.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use sn_modules::data::Dataset;
use sn_modules::lenet::{lenet5, Head};
use sn_modules::{Rng, TrainConfig, Trainer};

struct Counting;

static ALLOCS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.realloc(p, l, n) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn data(n: usize) -> Dataset {
    let mut rng = Rng::new(5);
    Dataset {
        x: (0..n * 1024).map(|_| rng.range(-0.1, 1.175)).collect(),
        y: (0..n).map(|_| rng.below(10)).collect(),
        shape: vec![1, 32, 32],
        classes: 10,
    }
}

/// Allocations during `steps` updates of `batch` samples, after a warm-up.
fn allocs(head: Head, batch: usize, par: bool, steps: usize) -> usize {
    let d = data(64);
    let mut net = lenet5(head, true, 1).unwrap();
    net.par = par;
    let mut tr = Trainer::new(TrainConfig::sgd(0.001, batch)).unwrap();
    let idx: Vec<usize> = (0..batch).collect();
    for _ in 0..3 {
        tr.step(&mut net, &d, &idx).unwrap();
    }
    let a0 = ALLOCS.load(Ordering::Relaxed);
    for _ in 0..steps {
        tr.step(&mut net, &d, &idx).unwrap();
    }
    ALLOCS.load(Ordering::Relaxed) - a0
}

/// The only check, run by `main`, so that no other thread allocates meanwhile.
fn training_does_not_allocate_per_sample_after_the_first_pass() {
    assert_eq!(allocs(Head::Rbf, 1, false, 200), 0, "serial, batch 1");
    assert_eq!(
        allocs(Head::SoftmaxCe, 16, false, 20),
        0,
        "serial, batch 16"
    );
    // rayon's job queue may allocate a block now and then; never per sample
    let n = allocs(Head::SoftmaxCe, 16, true, 40);
    assert!(n * 10 < 40 * 16, "{n} allocations for 640 samples");
}

fn main() {
    training_does_not_allocate_per_sample_after_the_first_pass();
    println!("alloc: training does not allocate per sample after the first pass ... ok");
}
