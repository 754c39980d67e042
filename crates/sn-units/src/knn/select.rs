//! SN2.8's partial quickselect for the `k` nearest words: after it, the
//! first `k` entries hold the `k` smallest distances (in no useful order).
//! Which of equal distances are kept depends on this exact procedure, so
//! it is reproduced step by step: median of three into slot 0, scans that
//! stop on equality, recursion on the part that still matters.

/// Rearranges `x` (distances) and `idx` (their words) in place.
pub fn knnsub(x: &mut [f32], idx: &mut [usize], k: usize) {
    let n = x.len();
    if n < 2 {
        return;
    }
    let swap = |x: &mut [f32], idx: &mut [usize], p: usize, q: usize| {
        x.swap(p, q);
        idx.swap(p, q);
    };
    swap(x, idx, 1, n >> 1);
    if x[1] > x[0] {
        swap(x, idx, 1, 0);
    }
    if x[0] > x[n - 1] {
        swap(x, idx, 0, n - 1);
    }
    if x[1] > x[0] {
        swap(x, idx, 1, 0);
    }
    let pivot = x[0];
    let mut lo = 1usize;
    let mut hi = n - 1;
    loop {
        // the upward scan stops at the last slot at the latest (it holds a
        // value >= pivot); with two entries it starts past the end, where
        // what it would read never matters
        lo += 1;
        while lo < n && x[lo] < pivot {
            lo += 1;
        }
        hi -= 1;
        while x[hi] > pivot {
            hi -= 1;
        }
        if lo > hi {
            break;
        }
        swap(x, idx, lo, hi);
    }
    swap(x, idx, 0, hi);
    if lo >= k {
        knnsub(&mut x[..hi], &mut idx[..hi], k);
    } else if lo < n {
        knnsub(&mut x[..hi], &mut idx[..hi], hi);
        knnsub(&mut x[lo..], &mut idx[lo..], k - hi);
    } else {
        knnsub(&mut x[..hi], &mut idx[..hi], hi);
    }
}
