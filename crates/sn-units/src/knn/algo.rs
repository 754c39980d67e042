//! Nearest neighbours, classification, k-means and LVQ with SN2.8's
//! arithmetic (see the module documentation).

use super::select::knnsub;
use super::{dist2, Codebook};
use crate::error::{Result, UnitsError};

/// The distance SN2.8 starts its nearest-word scans with.
const FAR: f32 = f32::MAX;

fn domain(op: &'static str, what: impl Into<String>) -> UnitsError {
    UnitsError::Domain {
        op,
        what: what.into(),
    }
}

/// The nearest word (first of equals); `None` for an empty codebook.
pub fn one_nn(x: &[f32], cb: &Codebook) -> Option<usize> {
    let mut best = (FAR, None);
    for i in 0..cb.ncode() {
        let d = dist2(x, cb.word(i));
        if d < best.0 {
            best = (d, Some(i));
        }
    }
    best.1
}

/// The two nearest words, SN2.8's single scan.
fn two_nn(x: &[f32], cb: &Codebook) -> (Option<usize>, Option<usize>) {
    let (mut d1, mut d2) = (FAR, FAR);
    let (mut i1, mut i2) = (None, None);
    for i in 0..cb.ncode() {
        let d = dist2(x, cb.word(i));
        if d < d1 {
            d2 = d1;
            i2 = i1;
            d1 = d;
            i1 = Some(i);
        } else if d < d2 {
            d2 = d;
            i2 = Some(i);
        }
    }
    (i1, i2)
}

/// The nearest word, and the nearest word labelled `c`.
fn nn_and_nn_of_class(x: &[f32], cb: &Codebook, c: i32) -> (Option<usize>, Option<usize>) {
    let (mut d1, mut d2) = (FAR, FAR);
    let (mut i1, mut i2) = (None, None);
    for i in 0..cb.ncode() {
        let d = dist2(x, cb.word(i));
        if d < d1 {
            d1 = d;
            i1 = Some(i);
        }
        if cb.labels[i] == c && d < d2 {
            d2 = d;
            i2 = Some(i);
        }
    }
    (i1, i2)
}

/// The `k` nearest words of `x` (SN2.8's `knn`): the nearest for `k = 1`,
/// the nearest then the second for `k = 2`, the quickselect's first `k`
/// otherwise.
///
/// # Errors
/// An empty codebook, or `k` larger than the codebook for `k > 2`.
pub fn knn(x: &[f32], cb: &Codebook, k: usize) -> Result<Vec<usize>> {
    let empty = || domain("knn", "the reference codebook is empty");
    match k {
        0 => Ok(Vec::new()),
        1 => Ok(vec![one_nn(x, cb).ok_or_else(empty)?]),
        2 => match two_nn(x, cb) {
            (Some(a), Some(b)) => Ok(vec![a, b]),
            _ => Err(domain("knn", "reference codebook is too small")),
        },
        _ if k > cb.ncode() => Err(domain("knn", "reference codebook is too small")),
        _ => {
            let mut d: Vec<f32> = (0..cb.ncode()).map(|i| dist2(x, cb.word(i))).collect();
            let mut idx: Vec<usize> = (0..cb.ncode()).collect();
            knnsub(&mut d, &mut idx, k);
            idx.truncate(k);
            Ok(idx)
        }
    }
}

/// One more than the largest label (SN2.8's count of classes).
///
/// # Errors
/// A negative label.
pub fn number_of_labels(cb: &Codebook) -> Result<usize> {
    let mut nb = -1i32;
    for (i, &l) in cb.labels.iter().enumerate() {
        if l < 0 {
            return Err(domain(
                "codebook",
                format!("the label of word {i} is negative"),
            ));
        }
        if l >= MAX_LABEL {
            return Err(domain(
                "codebook",
                format!(
                    "the label of word {i} is {l}, past the largest class {}",
                    MAX_LABEL - 1
                ),
            ));
        }
        nb = nb.max(l);
    }
    Ok((nb + 1) as usize)
}

/// Labels are class numbers below this: per-class counts are arrays
/// indexed by label.
pub const MAX_LABEL: i32 = 1 << 20;

/// The class voted by the `k` nearest words among `nclass` classes, or -1
/// when the best count is shared by classes after the first to reach it.
pub fn knn_class(x: &[f32], cb: &Codebook, nclass: usize, k: usize) -> Result<i32> {
    let near = knn(x, cb, k)?;
    let mut votes = vec![0usize; nclass];
    for &w in &near {
        let c = cb.labels[w];
        if c >= 0 && (c as usize) < nclass {
            votes[c as usize] += 1;
        }
    }
    let (mut n, mut c) = (-1i64, -1i32);
    for (i, &v) in votes.iter().enumerate() {
        if v as i64 > n {
            c = i as i32;
            n = v as i64;
        } else if v as i64 == n {
            c = -1;
        }
    }
    Ok(c)
}

/// The result of `perf-knn`: percentages, in single precision.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Perf {
    /// Percentage of test words given their own label; `100 - error - reject`.
    pub good: f32,
    /// Percentage of test words given another label.
    pub error: f32,
    /// Percentage of test words the vote left undecided (a tie).
    pub reject: f32,
}

/// Classifies every word of `tst` by the `k`-NN rule in `reference`.
pub fn perf_knn(tst: &Codebook, reference: &Codebook, k: usize) -> Result<Perf> {
    let nclass = number_of_labels(reference)?;
    let (mut err, mut rej) = (0i64, 0i64);
    for i in 0..tst.ncode() {
        match knn_class(tst.word(i), reference, nclass, k)? {
            -1 => rej += 1,
            c if c != tst.labels[i] => err += 1,
            _ => {}
        }
    }
    let n = tst.ncode() as f32;
    let error = (err * 100) as f32 / n;
    let reject = (rej * 100) as f32 / n;
    Ok(Perf {
        good: 100.0 - error - reject,
        error,
        reject,
    })
}

/// The mean squared distance of the words of `cb` to their nearest word in
/// `reference`.
pub fn distorsion(cb: &Codebook, reference: &Codebook) -> Result<f32> {
    let mut s = 0.0f32;
    for i in 0..cb.ncode() {
        let w = cb.word(i);
        let n = one_nn(w, reference)
            .ok_or_else(|| domain("codebook-distorsion", "the reference codebook is empty"))?;
        s += dist2(w, reference.word(n));
    }
    Ok(s / cb.ncode() as f32)
}

/// Adapts `reference` to `cb` by SN2.8's on-line k-means: each word moves
/// its nearest reference to the running mean, passes repeat until the
/// distortion stops improving by 0.01 % or `maxpass` passes.
pub fn k_means_sub(cb: &Codebook, reference: &mut Codebook, maxpass: i64) -> Result<()> {
    let km = reference.ncode();
    if km > cb.ncode() {
        return Err(domain("k-means", "not enough patterns in codebook"));
    }
    if reference.ndim != cb.ndim {
        return Err(domain("k-means", "codebooks have different widths"));
    }
    let mut count = vec![1i32; km];
    let (mut new_d, mut old_d) = (1.0f32, f32::MAX);
    let mut pass = 0i64;
    while f64::from(new_d) > 0.00001 && f64::from((old_d - new_d) / new_d) > 0.0001 {
        if pass != 0 {
            old_d = new_d;
        }
        for i in 0..cb.ncode() {
            let x = cb.word(i);
            let (mut best, mut dmin) = (0usize, FAR);
            for j in 0..km {
                let d = dist2(reference.word(j), x);
                if d < dmin {
                    dmin = d;
                    best = j;
                }
            }
            if dmin != 0.0 {
                let c = count[best] as f32;
                let c1 = (count[best] + 1) as f32;
                for (r, &v) in reference.word_mut(best).iter_mut().zip(x) {
                    *r = (c * *r + v) / c1;
                }
                count[best] += 1;
            }
        }
        pass += 1;
        if pass >= maxpass {
            break;
        }
        new_d = distorsion(cb, reference)?;
    }
    Ok(())
}

/// `km` references started on the first `km` words (with their labels)
/// and adapted by [`k_means_sub`] for at most 32768 passes.
pub fn k_means(cb: &Codebook, km: usize) -> Result<Codebook> {
    if km < 1 {
        return Err(domain("k-means", "k must be larger than 1"));
    }
    if km > cb.ncode() {
        return Err(domain("k-means", "not enough patterns in codebook"));
    }
    let mut r = Codebook::zeros("k-means", km, cb.ndim)?;
    r.words.copy_from_slice(&cb.words[..km * cb.ndim]);
    r.labels.copy_from_slice(&cb.labels[..km]);
    k_means_sub(cb, &mut r, 32768)?;
    Ok(r)
}

/// `r -= a (d - r)`.
fn adapt(d: &[f32], r: &mut [f32], a: f32) {
    for (ri, &di) in r.iter_mut().zip(d) {
        *ri -= a * (di - *ri);
    }
}

/// Whether `x` falls in SN2.8's window between references `mi` and `mj`.
fn in_window(mi: &[f32], mj: &[f32], x: &[f32], w: f32) -> bool {
    let (mut ps, mut refdist) = (0.0f32, 0.0f32);
    for i in 0..mi.len() {
        let dref = mj[i] - mi[i];
        let ddat = x[i] - mi[i];
        refdist += dref * dref;
        ps += ddat * dref;
    }
    (2.0 * ps - refdist).abs() <= w * refdist
}

/// Moves reference `a` away from `x` by `alph` and `b` towards it.
fn push_pull(reference: &mut Codebook, x: &[f32], a: usize, b: usize, alph: f32) {
    adapt(x, reference.word_mut(a), alph);
    adapt(x, reference.word_mut(b), -alph);
}

/// SN2.8's `learn-lvq`: version 1, 2 or 3, `nbit` sweeps over `data`,
/// learning rate `a0 (1 - it/nbit)`, window `win` for versions 2 and 3.
///
/// LVQ1 as in SN2.8: a misclassified word pushes its nearest reference
/// away with the current rate; a well classified one pulls it with the
/// rate of the last misclassification (0 before the first).
pub fn learn_lvq(
    version: i64,
    data: &Codebook,
    reference: &mut Codebook,
    nbit: i64,
    a0: f32,
    win: f32,
) -> Result<()> {
    if data.ndim != reference.ndim {
        return Err(domain("learn-lvq", "codebooks have different sizes"));
    }
    if !(1..=3).contains(&version) {
        return Err(domain(
            "learn-lvq",
            "this version of LVQ is not implemented",
        ));
    }
    if data.ncode() > 0 && reference.ncode() == 0 {
        return Err(domain("learn-lvq", "the reference codebook is empty"));
    }
    let mut alph = 0.0f32;
    for it in 0..nbit.max(0) {
        let rate = a0 * (1.0 - it as f32 / nbit as f32);
        for j in 0..data.ncode() {
            let (x, c) = (data.word(j), data.labels[j]);
            match version {
                1 => {
                    let n = one_nn(x, reference).unwrap_or(0);
                    if c != reference.labels[n] {
                        alph = rate;
                        adapt(x, reference.word_mut(n), alph);
                    } else {
                        adapt(x, reference.word_mut(n), -alph);
                    }
                }
                2 => {
                    if let (Some(a), Some(b)) = two_nn(x, reference) {
                        if c != reference.labels[a]
                            && c == reference.labels[b]
                            && in_window(reference.word(a), reference.word(b), x, win)
                        {
                            alph = rate;
                            push_pull(reference, x, a, b, alph);
                        }
                    }
                }
                _ => {
                    let (a, b) = nn_and_nn_of_class(x, reference, c);
                    let a = a.unwrap_or(0);
                    if c != reference.labels[a] {
                        let b = b.ok_or_else(|| {
                            domain(
                                "learn-lvq",
                                format!("class {c} not represented in the references"),
                            )
                        })?;
                        if in_window(reference.word(a), reference.word(b), x, win) {
                            alph = rate;
                            push_pull(reference, x, a, b, alph);
                        }
                    }
                }
            }
        }
    }
    Ok(())
}
