//! SN2.8's knnenv primitives on the iris codebooks of
//! `../shared/sn28/examples/knnenv` (skipped with a message when that
//! folder is absent). Expected figures are computed here, independently,
//! from the `.cb` files: k-NN classification with single-precision squared
//! distances and SN2.8's vote (a shared best count is a reject).

use std::path::{Path, PathBuf};

mod common;

fn knn_dir() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/sn28/examples/knnenv");
    p.join("iris_train.cb").is_file().then_some(p)
}

/// Words and labels of an ASCII `.cb` file.
fn read_cb(path: &Path) -> (Vec<Vec<f32>>, Vec<i32>) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut t = text.split_whitespace();
    let n: usize = t.next().unwrap().parse().unwrap();
    let d: usize = t.next().unwrap().parse().unwrap();
    let mut words = Vec::new();
    let mut labels = Vec::new();
    for _ in 0..n {
        words.push((0..d).map(|_| t.next().unwrap().parse().unwrap()).collect());
        labels.push(t.next().unwrap().parse().unwrap());
    }
    (words, labels)
}

fn d2(a: &[f32], b: &[f32]) -> f32 {
    a.iter()
        .zip(b)
        .fold(0.0f32, |s, (x, y)| s + (x - y) * (x - y))
}

/// k-NN percentages (good, error, reject) of `test` in `train`, with a
/// full sort (no equal distances among the k-th neighbours on iris is
/// checked by the caller's choice of k).
fn perf(
    test: &(Vec<Vec<f32>>, Vec<i32>),
    train: &(Vec<Vec<f32>>, Vec<i32>),
    k: usize,
) -> (f64, f64) {
    let nclass = (*train.1.iter().max().unwrap() + 1) as usize;
    let (mut err, mut rej) = (0, 0);
    for (x, &l) in test.0.iter().zip(&test.1) {
        let mut d: Vec<(f32, usize)> = train
            .0
            .iter()
            .enumerate()
            .map(|(i, w)| (d2(x, w), i))
            .collect();
        d.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut votes = vec![0; nclass];
        for &(_, i) in &d[..k] {
            votes[train.1[i] as usize] += 1;
        }
        let best = *votes.iter().max().unwrap();
        if votes.iter().filter(|&&v| v == best).count() > 1 {
            rej += 1;
        } else if votes.iter().position(|&v| v == best).unwrap() as i32 != l {
            err += 1;
        }
    }
    let n = test.0.len() as f64;
    (100.0 * err as f64 / n, 100.0 * rej as f64 / n)
}

/// Runs an sn script in `dir`, returns its standard output.
fn run(dir: &Path, script: &str) -> String {
    common::run_script_ok(dir, "knn-test.lsp", script)
}

fn scratch(name: &str) -> common::TempDir {
    common::temp_dir(&format!("sn28-knn-{name}-"))
}

fn numbers(line: &str) -> Vec<f64> {
    line.split(|c: char| c.is_whitespace() || c == '(' || c == ')')
        .filter_map(|t| t.parse().ok())
        .collect()
}

#[test]
fn iris_knn_matches_an_independent_count() {
    let Some(dir) = knn_dir() else {
        println!("skipped: ../shared/sn28 (SN2.8's sources) is absent");
        return;
    };
    let train = read_cb(&dir.join("iris_train.cb"));
    let test = read_cb(&dir.join("iris_test.cb"));
    let s = scratch("perf");
    let script = format!(
        "(setq a (load-ascii-codebook \"{0}/iris_train\"))\n\
         (setq b (load-ascii-codebook \"{0}/iris_test.cb\"))\n\
         (print (perf-knn b a 1 t))\n(print (perf-knn b a 5 t))\n(print (perf-knn b a))\n\
         (print (codebook-labels a) (codebook-label a 1) (a 1 2))\n",
        dir.display()
    );
    let out = run(&s, &script);
    let lines: Vec<&str> = out.lines().collect();
    for (line, k) in [(lines[0], 1), (lines[1], 5)] {
        let (e, r) = perf(&test, &train, k);
        assert_eq!(numbers(line), vec![e, r], "k={k}: {line}");
    }
    let (e, r) = perf(&test, &train, 1);
    assert_eq!(numbers(lines[2]), vec![100.0 - e - r]);
    let mut classes: Vec<i32> = train.1.clone();
    classes.sort();
    classes.dedup();
    let want: Vec<f64> = classes
        .iter()
        .map(|&c| f64::from(c))
        .chain([f64::from(train.1[1]), f64::from(train.0[1][2])])
        .collect();
    assert_eq!(numbers(lines[3]), want);
}

#[test]
fn codebook_files_round_trip_and_kmeans_reduces_distortion() {
    let Some(dir) = knn_dir() else {
        println!("skipped: ../shared/sn28 (SN2.8's sources) is absent");
        return;
    };
    let s = scratch("files");
    let script = format!(
        "(setq a (load-ascii-codebook \"{0}/iris_train\"))\n\
         (save-codebook a \"bin\")\n(save-ascii-codebook a \"txt\")\n\
         (setq b (load-codebook \"bin\"))\n(setq c (load-ascii-codebook \"txt\"))\n\
         (de maxdiff (x y) (let ((m 0)) (for (i 0 99) (for (j 0 3) (setq m (max m (abs (- (x i j) (y i j))))))) m))\n\
         (print (= 0 (maxdiff a b)))\n(print (maxdiff a c))\n\
         (setq k1 (k-means a 3))\n(setq k9 (k-means a 9))\n\
         (print (codebook-distorsion a k1) (codebook-distorsion a k9))\n\
         (setq r (codebook-merge (codebook-split a 0 2) (codebook-select (lambda (l) (= l 2)) a)))\n\
         (print (codebook-labels r))\n",
        dir.display()
    );
    let out = run(&s, &script);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0].trim(), "t", "binary files keep every bit");
    // %f keeps six decimals: the ASCII copy is within rounding
    assert!(numbers(lines[1])[0] < 1e-5, "{}", lines[1]);
    let d = numbers(lines[2]);
    assert!(
        d[1] < d[0] && d[0] > 0.0,
        "more references, less distortion: {d:?}"
    );
    let bin = std::fs::read(s.join("bin.cb")).unwrap();
    let train = read_cb(&dir.join("iris_train.cb"));
    assert_eq!(bin.len(), 8 + train.0.len() * (train.0[0].len() + 1) * 4);
    assert_eq!(&bin[..4], &(train.0.len() as i32).to_le_bytes());
    let first = train.1[..3].to_vec();
    let mut want: Vec<i32> = first.into_iter().chain([2]).collect();
    want.sort();
    want.dedup();
    assert_eq!(
        numbers(lines[3]),
        want.iter().map(|&x| f64::from(x)).collect::<Vec<_>>()
    );
}

#[test]
fn lvq_keeps_references_accurate() {
    let Some(dir) = knn_dir() else {
        println!("skipped: ../shared/sn28 (SN2.8's sources) is absent");
        return;
    };
    let s = scratch("lvq");
    let script = format!(
        "(setq a (load-ascii-codebook \"{0}/iris_train\"))\n(setq b (load-ascii-codebook \"{0}/iris_test\"))\n\
         (de per-class (cb k) (apply codebook-merge (all ((c (codebook-labels cb))) (k-means (codebook-select (lambda (l) (= l c)) cb) k))))\n\
         (each ((v '(1 2 3)))\n  (setq r (per-class a 3))\n  (learn-lvq v a r 20)\n  (print (perf-knn b r 1)))\n",
        dir.display()
    );
    let out = run(&s, &script);
    for l in out.lines() {
        let p = numbers(l)[0];
        assert!((85.0..=100.0).contains(&p), "LVQ performance {p}");
    }
    assert_eq!(out.lines().count(), 3);
}
