//! TL3/Lush 1 statistics and distances on lists of numbers (Lush 1's
//! `classify.c` and the `mean-…-dist` forms of its `sysenv.lsh`): `mean`,
//! `sdev`, `cov`, `median`, `ksmallest`, `quantile`, `sum`, `add-listes`,
//! `diff-listes`, `sup-dist`, `abs-dist`, `sqr-dist`, `hamming-dist`,
//! `quadrant-dist` and their means. SN2.8's netenv calls several of them.

use crate::lisp::args;
use crate::lisp::error::{ErrorKind, LispError};
use crate::lisp::{Interp, Res, Value};

/// The numbers of a list; TL3's "numeric list expected" otherwise.
fn numbers(a: &[Value], i: usize, fname: &str) -> Res<Vec<f64>> {
    let l = args::list(a, i, fname)?;
    l.iter()
        .map(|v| {
            v.as_num().ok_or_else(|| {
                LispError::new(ErrorKind::Type, format!("{fname}: numeric list expected"))
                    .culprit(a[i].clone())
                    .into()
            })
        })
        .collect()
}

/// Two lists of numbers of the same length (TL3's check).
fn two_numbers(a: &[Value], i: usize, fname: &str) -> Res<(Vec<f64>, Vec<f64>)> {
    let x = numbers(a, i, fname)?;
    let y = numbers(a, i + 1, fname)?;
    if x.len() != y.len() {
        let msg = format!("{fname}: the lists have different lengths");
        return Err(LispError::new(ErrorKind::Domain, msg)
            .culprit(a[i + 1].clone())
            .into());
    }
    Ok((x, y))
}

/// The pairs (x, y) of the one or two lists from `a[i]` on: against a
/// list of zeros when the second is absent.
fn pairs(a: &[Value], i: usize, fname: &str) -> Res<Vec<(f64, f64)>> {
    if a.len() > i + 1 {
        let (x, y) = two_numbers(a, i, fname)?;
        Ok(x.into_iter().zip(y).collect())
    } else {
        Ok(numbers(a, i, fname)?
            .into_iter()
            .map(|x| (x, 0.0))
            .collect())
    }
}

fn div_zero(fname: &str, culprit: &Value) -> crate::lisp::Unwind {
    LispError::new(
        ErrorKind::Domain,
        format!("{fname}: division by zero (empty list)"),
    )
    .culprit(culprit.clone())
    .into()
}

/// The mean of xs; a division-by-zero error for an empty list.
fn mean_of(xs: &[f64], fname: &str, culprit: &Value) -> Res<f64> {
    if xs.is_empty() {
        return Err(div_zero(fname, culprit));
    }
    Ok(xs.iter().sum::<f64>() / xs.len() as f64)
}

/// The mean of x·y over two lists (TL3's second moment).
fn moment2(x: &[f64], y: &[f64], fname: &str, culprit: &Value) -> Res<f64> {
    let p: Vec<f64> = x.iter().zip(y).map(|(a, b)| a * b).collect();
    mean_of(&p, fname, culprit)
}

fn mean(_: &mut Interp, a: &[Value]) -> Res {
    Ok(Value::Num(mean_of(&numbers(a, 0, "mean")?, "mean", &a[0])?))
}

fn cov(_: &mut Interp, a: &[Value]) -> Res {
    let (x, y) = two_numbers(a, 0, "cov")?;
    let m = moment2(&x, &y, "cov", &a[0])?;
    Ok(Value::Num(
        m - mean_of(&x, "cov", &a[0])? * mean_of(&y, "cov", &a[1])?,
    ))
}

fn sdev(_: &mut Interp, a: &[Value]) -> Res {
    let x = numbers(a, 0, "sdev")?;
    let m = mean_of(&x, "sdev", &a[0])?;
    // rounding can make the difference slightly negative: 0 then, as TL3
    let d = moment2(&x, &x, "sdev", &a[0])? - m * m;
    Ok(Value::Num(if d < 0.0 { 0.0 } else { d.sqrt() }))
}

/// The k-th smallest (from 0) of a non-empty list.
fn kth(a: &[Value], k_of_n: impl Fn(usize) -> Res<usize>, fname: &str) -> Res {
    let mut v = numbers(a, 0, fname)?;
    if v.is_empty() {
        let e = LispError::new(ErrorKind::Domain, format!("{fname}: empty list"));
        return Err(e.culprit(a[0].clone()).into());
    }
    let k = k_of_n(v.len())?;
    v.sort_by(f64::total_cmp);
    Ok(Value::Num(v[k]))
}

fn median(_: &mut Interp, a: &[Value]) -> Res {
    kth(a, |n| Ok((n - 1) / 2), "median")
}

fn ksmallest(_: &mut Interp, a: &[Value]) -> Res {
    let k = args::int(a, 1, "ksmallest")?;
    kth(
        a,
        |n| {
            if k < 1 || k as usize > n {
                let e = LispError::new(ErrorKind::Domain, "ksmallest: argument is out of bounds");
                return Err(e.culprit(a[1].clone()).into());
            }
            Ok(k as usize - 1)
        },
        "ksmallest",
    )
}

fn quantile(_: &mut Interp, a: &[Value]) -> Res {
    let f = args::num(a, 1, "quantile")?;
    if !(0.0..=1.0).contains(&f) {
        let e = LispError::new(ErrorKind::Domain, "quantile: illegal fractile");
        return Err(e.culprit(a[1].clone()).into());
    }
    kth(
        a,
        |n| Ok(((n as f64 * f).floor() as usize).min(n - 1)),
        "quantile",
    )
}

fn sum(_: &mut Interp, a: &[Value]) -> Res {
    Ok(Value::Num(numbers(a, 0, "sum")?.iter().sum()))
}

fn termwise(a: &[Value], fname: &str, f: fn(f64, f64) -> f64) -> Res {
    let (x, y) = two_numbers(a, 0, fname)?;
    Ok(Value::list(
        x.iter()
            .zip(&y)
            .map(|(p, q)| Value::Num(f(*p, *q)))
            .collect(),
    ))
}
fn add_listes(_: &mut Interp, a: &[Value]) -> Res {
    termwise(a, "add-listes", |p, q| p + q)
}
fn diff_listes(_: &mut Interp, a: &[Value]) -> Res {
    termwise(a, "diff-listes", |p, q| p - q)
}

fn sup_dist(_: &mut Interp, a: &[Value]) -> Res {
    let p = pairs(a, 0, "sup-dist")?;
    Ok(Value::Num(
        p.iter().map(|(x, y)| (x - y).abs()).fold(0.0, f64::max),
    ))
}
fn abs_dist(_: &mut Interp, a: &[Value]) -> Res {
    let p = pairs(a, 0, "abs-dist")?;
    Ok(Value::Num(p.iter().map(|(x, y)| (x - y).abs()).sum()))
}
fn sqr_dist(_: &mut Interp, a: &[Value]) -> Res {
    let p = pairs(a, 0, "sqr-dist")?;
    Ok(Value::Num(p.iter().map(|(x, y)| (x - y) * (x - y)).sum()))
}

fn hamming_dist(_: &mut Interp, a: &[Value]) -> Res {
    let (margin, from) = match a[0].as_num() {
        Some(m) => (m, 1),
        None => (0.0, 0),
    };
    if a.len() <= from || a.len() > from + 2 {
        let e = LispError::new(ErrorKind::Arity, "hamming-dist: expects [margin] l1 [l2]").with(
            crate::lisp::error_data::ErrorData::Arity {
                function: "hamming-dist".to_string(),
                min: 1,
                max: Some(3),
                found: a.len(),
            },
        );
        return Err(e.into());
    }
    let p = pairs(a, from, "hamming-dist")?;
    let n = p.iter().filter(|(x, y)| (x - y).abs() > margin).count();
    Ok(Value::Num(n as f64))
}

fn quadrant_dist(_: &mut Interp, a: &[Value]) -> Res {
    let (x, y) = two_numbers(a, 0, "quadrant-dist")?;
    let n = x
        .iter()
        .zip(&y)
        .filter(|(p, q)| (**p > 0.0 && **q <= 0.0) || (**p < 0.0 && **q >= 0.0))
        .count();
    Ok(Value::Num(n as f64))
}

/// `(mean-X-dist [margin] l1 [l2])`: the distance divided by the length of
/// the first list.
fn mean_dist(it: &mut Interp, a: &[Value], dist: crate::lisp::value::SubrFn, fname: &str) -> Res {
    let first = a.iter().find(|v| v.as_num().is_none()).unwrap_or(&a[0]);
    let n = args::list(std::slice::from_ref(first), 0, fname)?.len();
    let d = dist(it, a)?.as_num().unwrap_or(0.0);
    if n == 0 {
        return Err(div_zero(fname, first));
    }
    Ok(Value::Num(d / n as f64))
}
fn mean_sup_dist(it: &mut Interp, a: &[Value]) -> Res {
    mean_dist(it, a, sup_dist, "mean-sup-dist")
}
fn mean_abs_dist(it: &mut Interp, a: &[Value]) -> Res {
    mean_dist(it, a, abs_dist, "mean-abs-dist")
}
fn mean_sqr_dist(it: &mut Interp, a: &[Value]) -> Res {
    mean_dist(it, a, sqr_dist, "mean-sqr-dist")
}
fn mean_hamming_dist(it: &mut Interp, a: &[Value]) -> Res {
    mean_dist(it, a, hamming_dist, "mean-hamming-dist")
}
fn mean_quadrant_dist(it: &mut Interp, a: &[Value]) -> Res {
    mean_dist(it, a, quadrant_dist, "mean-quadrant-dist")
}

pub(crate) fn register(it: &mut Interp) {
    it.begin_family("tl3-classify");
    it.defn(
        "mean",
        1,
        Some(1),
        mean,
        "(mean l) the mean of a list of numbers (TL3).",
    );
    it.defn(
        "sdev",
        1,
        Some(1),
        sdev,
        "(sdev l) the standard deviation of a list of numbers, √(mean of x² − mean²) (TL3).",
    );
    it.defn(
        "cov",
        2,
        Some(2),
        cov,
        "(cov l1 l2) the covariance of two lists of numbers of the same length (TL3).",
    );
    it.defn(
        "median",
        1,
        Some(1),
        median,
        "(median l) the element of rank ⌊(n−1)/2⌋ (from 0) of the sorted list (TL3).",
    );
    it.defn(
        "ksmallest",
        2,
        Some(2),
        ksmallest,
        "(ksmallest l k) the k-th smallest element of l, k from 1 (TL3).",
    );
    it.defn("quantile", 2, Some(2), quantile, "(quantile l f) the element of rank ⌊n·f⌋ (at most n−1, from 0) of the sorted list; f in [0,1] (TL3).");
    it.defn(
        "sum",
        1,
        Some(1),
        sum,
        "(sum l) the sum of a list of numbers (TL3).",
    );
    it.defn(
        "add-listes",
        2,
        Some(2),
        add_listes,
        "(add-listes l1 l2) the term-by-term sums of two lists of numbers (TL3).",
    );
    it.defn(
        "diff-listes",
        2,
        Some(2),
        diff_listes,
        "(diff-listes l1 l2) the term-by-term differences of two lists of numbers (TL3).",
    );
    it.defn(
        "sup-dist",
        1,
        Some(2),
        sup_dist,
        "(sup-dist l1 [l2]) the largest |a−b| over two lists (l2 zeros when absent) (TL3).",
    );
    it.defn(
        "abs-dist",
        1,
        Some(2),
        abs_dist,
        "(abs-dist l1 [l2]) Σ|a−b| over two lists (l2 zeros when absent) (TL3).",
    );
    it.defn(
        "sqr-dist",
        1,
        Some(2),
        sqr_dist,
        "(sqr-dist l1 [l2]) Σ(a−b)² over two lists (l2 zeros when absent) (TL3).",
    );
    it.defn("hamming-dist", 1, Some(3), hamming_dist, "(hamming-dist [margin] l1 [l2]) how many |a−b| exceed margin (default 0; l2 zeros when absent) (TL3).");
    it.defn("quadrant-dist", 2, Some(2), quadrant_dist, "(quadrant-dist l1 l2) how many a > 0 with b ≤ 0, or a < 0 with b ≥ 0 (TL3's asymmetric rule).");
    it.defn(
        "mean-sup-dist",
        1,
        Some(2),
        mean_sup_dist,
        "(mean-sup-dist l1 [l2]) sup-dist divided by the length of l1.",
    );
    it.defn(
        "mean-abs-dist",
        1,
        Some(2),
        mean_abs_dist,
        "(mean-abs-dist l1 [l2]) abs-dist divided by the length of l1.",
    );
    it.defn(
        "mean-sqr-dist",
        1,
        Some(2),
        mean_sqr_dist,
        "(mean-sqr-dist l1 [l2]) sqr-dist divided by the length of l1.",
    );
    it.defn(
        "mean-hamming-dist",
        1,
        Some(3),
        mean_hamming_dist,
        "(mean-hamming-dist [margin] l1 [l2]) hamming-dist divided by the length of l1.",
    );
    it.defn(
        "mean-quadrant-dist",
        2,
        Some(2),
        mean_quadrant_dist,
        "(mean-quadrant-dist l1 l2) quadrant-dist divided by the length of l1.",
    );
}
