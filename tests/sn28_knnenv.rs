//! SN2.8's knnenv demo (`examples/knnenv/examples.lsh`, its `go`) run with
//! sn's own knnenv and with SN2.8's `lib/knnenv.sn`, and SN2.8's statenv,
//! matrixtool and imagetool functions on small matrices; all from
//! `../shared/sn28` (skipped with a message when it is absent).
//!
//! The deterministic figures of the demo (1-NN performance, confusion
//! matrix, multiedit and condense) are computed here independently from
//! the `.cb` text files; the random ones (k-means, LVQ, RBF) must stay in
//! sane ranges.

use std::path::{Path, PathBuf};

mod common;
use common::sn28;

type Book = (Vec<Vec<f32>>, Vec<i32>);

/// Words and labels of an ASCII `.cb` file.
fn read_cb(path: &Path) -> Book {
    let text = std::fs::read_to_string(path).unwrap();
    let mut t = text.split_whitespace();
    let n: usize = t.next().unwrap().parse().unwrap();
    let d: usize = t.next().unwrap().parse().unwrap();
    let mut book = (Vec::new(), Vec::new());
    for _ in 0..n {
        book.0
            .push((0..d).map(|_| t.next().unwrap().parse().unwrap()).collect());
        book.1.push(t.next().unwrap().parse().unwrap());
    }
    book
}

/// The index of the word of `cb` nearest to `x` (single-precision squared
/// distance; the first of equal ones).
fn nearest(x: &[f32], cb: &Book) -> usize {
    let d2 = |w: &Vec<f32>| {
        x.iter()
            .zip(w)
            .fold(0.0f32, |s, (a, b)| s + (a - b) * (a - b))
    };
    let mut best = 0;
    for i in 1..cb.0.len() {
        if d2(&cb.0[i]) < d2(&cb.0[best]) {
            best = i;
        }
    }
    best
}

fn perf1(test: &Book, train: &Book) -> f64 {
    let good = (0..test.0.len())
        .filter(|&i| train.1[nearest(&test.0[i], train)] == test.1[i])
        .count();
    100.0 * good as f64 / test.0.len() as f64
}

fn confusion(test: &Book, train: &Book) -> Vec<Vec<u32>> {
    let n = (*test.1.iter().chain(&train.1).max().unwrap() + 1) as usize;
    let mut c = vec![vec![0; n]; n];
    for i in 0..test.0.len() {
        c[test.1[i] as usize][train.1[nearest(&test.0[i], train)] as usize] += 1;
    }
    c
}

fn slice(cb: &Book, lo: usize, hi: usize) -> Book {
    (cb.0[lo..=hi].to_vec(), cb.1[lo..=hi].to_vec())
}

/// Multiedit with 3 slices, as sn28.hlp describes it: slice i is
/// classified by its nearest neighbour in slice i+1 (mod 3), the
/// misclassified words go, until none does.
fn multiedit(mut cb: Book) -> Book {
    loop {
        let last = cb.0.len() - 1;
        let size = (last + 1) as f64 / 3.0;
        let bounds: Vec<(usize, usize)> = (0..3)
            .map(|i| {
                let lo = (size * i as f64) as usize;
                let hi = ((size * (i + 1) as f64) as usize - 1).min(last);
                (lo, hi)
            })
            .collect();
        let slices: Vec<Book> = bounds.iter().map(|&(l, h)| slice(&cb, l, h)).collect();
        let mut next: Book = (Vec::new(), Vec::new());
        let mut changed = false;
        for i in 0..3 {
            let (s, r) = (&slices[i], &slices[(i + 1) % 3]);
            for j in 0..s.0.len() {
                if r.1[nearest(&s.0[j], r)] == s.1[j] {
                    next.0.push(s.0[j].clone());
                    next.1.push(s.1[j]);
                } else {
                    changed = true;
                }
            }
        }
        cb = next;
        if !changed {
            return cb;
        }
    }
}

/// Hart's condensing: start from the first word, add every word the kept
/// ones misclassify, until none is added in a sweep.
fn condense(cb: &Book) -> Book {
    let mut kept = slice(cb, 0, 0);
    let mut changed = true;
    while changed {
        changed = false;
        for i in 0..cb.0.len() {
            if kept.1[nearest(&cb.0[i], &kept)] != cb.1[i] {
                kept.0.push(cb.0[i].clone());
                kept.1.push(cb.1[i]);
                changed = true;
            }
        }
    }
    kept
}

/// A Lush-like installation in a fresh temp folder: the knnenv example
/// copied to `packages/sn28/examples/knnenv` (where SN2.8's `load-iris`
/// looks under `lushdir`). Returns (root, example folder).
fn install(sn28: &Path, tag: &str) -> (common::TempDir, PathBuf) {
    let root = common::temp_dir(&format!("sn28-knnenv-{tag}-"));
    let ex = root.join("packages/sn28/examples/knnenv");
    std::fs::create_dir_all(&ex).unwrap();
    for e in std::fs::read_dir(sn28.join("examples/knnenv")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), ex.join(e.file_name())).unwrap();
    }
    (root, ex)
}

/// Runs `script` in `dir`; returns (success, stdout + stderr).
fn run(dir: &Path, script: &str) -> (bool, String) {
    let out = common::run_script(dir, "knnenv-test.lsp", script);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// The number after `prefix` on the first line that starts with it.
fn figure(out: &str, prefix: &str) -> f64 {
    let line = out
        .lines()
        .find(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no line `{prefix}` in:\n{out}"));
    line[prefix.len()..].trim().parse().unwrap()
}

/// Every line that starts with `prefix`, its number.
fn figures(out: &str, prefix: &str) -> Vec<f64> {
    out.lines()
        .filter(|l| l.starts_with(prefix))
        .map(|l| l[prefix.len()..].trim().parse().unwrap())
        .collect()
}

/// The numbers of the line after the line `after`.
fn numbers_after(out: &str, after: &str) -> Vec<f64> {
    let mut lines = out.lines().skip_while(|l| !l.starts_with(after));
    lines
        .next()
        .unwrap_or_else(|| panic!("no `{after}` in:\n{out}"));
    lines
        .next()
        .unwrap()
        .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect()
}

/// An error report of sn (its lines start with `*** `; the demo's banners
/// are rows of stars).
fn has_error(out: &str) -> bool {
    out.lines().any(|l| l.starts_with("*** "))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-3
}

/// Checks the figures of a run of `go` against the ones computed here.
fn check_go(ok: bool, out: &str, ex: &Path) {
    assert!(ok && !has_error(out), "go failed:\n{out}");
    let train = read_cb(&ex.join("iris_train.cb"));
    let test = read_cb(&ex.join("iris_test.cb"));
    let p = perf1(&test, &train);
    assert!(close(figure(out, "performance="), p), "1-NN {p}:\n{out}");
    let conf: Vec<f64> = confusion(&test, &train)
        .concat()
        .iter()
        .map(|&x| x as f64)
        .collect();
    let printed = numbers_after(out, "Printing confusion matrix");
    assert_eq!(printed, conf, "confusion matrix:\n{out}");
    assert_eq!(printed.iter().sum::<f64>() as usize, test.0.len());
    let me = multiedit(train.clone());
    let expect = [
        ("1NN performance on multi-edited set =", perf1(&test, &me)),
        (
            "1NN performance on condensed  set = ",
            perf1(&test, &condense(&me)),
        ),
        (
            "1NN performance after condensing learning set = ",
            perf1(&test, &condense(&train)),
        ),
    ];
    for (prefix, v) in expect {
        assert!(close(figure(out, prefix), v), "{prefix} {v}:\n{out}");
    }
    // random parts: sane ranges
    for prefix in [
        "1NN performance = ",
        "LVQ1 performance = ",
        "LVQ2 performance = ",
        "LVQ3 performance = ",
    ] {
        for v in figures(out, prefix) {
            assert!((50.0..=100.0).contains(&v), "{prefix}{v}:\n{out}");
        }
    }
    assert_eq!(figures(out, "1NN performance = ").len(), 2, "{out}");
    let labels = numbers_after(out, "have a  look to the labels");
    assert!(
        labels.len() == 9 && labels.iter().all(|&l| (0.0..=2.0).contains(&l)),
        "{out}"
    );
    let tested = out
        .lines()
        .filter(|l| l.starts_with("testing  example"))
        .count();
    assert_eq!(tested, 10, "{out}");
    let rbf = out
        .lines()
        .find(|l| l.starts_with("patterns{0-"))
        .expect("perf-rbf line");
    let rbf_perf: f64 = rbf
        .rsplit("performance=")
        .next()
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!((60.0..=100.0).contains(&rbf_perf), "{rbf}");
    for gone in ["sigmaw.wei", "nodes.cb", "results.cb"] {
        assert!(!ex.join(gone).exists(), "{gone} left behind");
    }
}

#[test]
fn knnenv_demo_runs_with_sns_knnenv() {
    let Some(sn28) = sn28() else { return };
    let (_root, ex) = install(&sn28, "own");
    let (ok, out) = run(&ex, "(load \"examples.lsh\")\n(go)\n");
    check_go(ok, &out, &ex);
}

#[test]
fn knnenv_demo_runs_with_sn28s_own_knnenv_sn() {
    let Some(sn28) = sn28() else { return };
    let (root, ex) = install(&sn28, "sn28");
    let script = format!(
        "(libload \"sn28/sn28\")\n(load \"{}\")\n(setq lushdir \"{}\")\n(load \"examples.lsh\")\n(go)\n",
        sn28.join("lib/knnenv.sn").display(),
        root.display()
    );
    let (ok, out) = run(&ex, &script);
    check_go(ok, &out, &ex);
}

#[test]
fn load_iris_names_the_missing_files() {
    if sn28().is_none() {
        return;
    }
    let dir = common::temp_dir("sn28-knnenv-none-");
    let (ok, out) = run(&dir, "(libload \"sn28/sn28\")\n(load-iris)\n");
    assert!(!ok || has_error(&out), "{out}");
    assert!(
        out.contains("iris_train.cb") && out.contains("iris_test.cb"),
        "{out}"
    );
}

#[test]
fn knnenv_conversions_and_topologies() {
    if sn28().is_none() {
        return;
    }
    let dir = common::temp_dir("sn28-knnenv-conv-");
    let script = "(libload \"sn28/sn28\")\n\
        (setq cb (patdes-to-codebook [[1 2][3 4][5 6]] [[0 1 0][1 0 0][0 0 1]]))\n\
        (print (codebook-label cb))\n\
        (print (cadr (codebook-to-patdes cb)))\n\
        (print (codebook-dist-and-labels [1 2] cb))\n\
        (setq f (tmap-topo-2d 3 3) mm (matrix 9))\n(f 4 mm)\n(print mm)\n\
        (setq f (tmap-topo-ring 4) mm (matrix 4))\n(f 0 mm)\n(print mm)\n\
        (print (test-knn cb 1 cb))\n\
        (setq cbr (new-codebook [[0 0][10 10]]))\n\
        (learn-tmap (new-codebook [[1 1]]) cbr 1 (tmap-topo-1d 2) (tmap-epsi-const 0.5) (tmap-dst-const 0))\n\
        (print (codebook-word cbr))\n\
        (pretty (codebook-split cb 1 2))\n";
    let (ok, out) = run(&dir, script);
    assert!(ok && !has_error(&out), "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "[1 0 2]");
    assert_eq!(lines[1], "[[-1 1 -1][1 -1 -1][-1 -1 1]]");
    assert_eq!(lines[2], "[[0 1][8 0][32 2]]");
    assert_eq!(lines[3], "[2 1 2 1 0 1 2 1 2]");
    assert_eq!(lines[4], "[0 1 2 1]");
    assert_eq!(lines[5], "t");
    assert_eq!(lines[6], "[[0.5 0.5][10 10]]");
    // the pretty method of |CODEBOOK|
    assert_eq!(
        lines[7..10],
        ["'::CODEBOOK:2x2", ";; 3 4 Class 0", ";; 5 6 Class 2"]
    );
}

/// The top-level `(de name ...)` forms of an SN2.8 file, by name.
fn forms_of(text: &str, names: &[&str]) -> String {
    let mut out = String::new();
    for name in names {
        let start = [format!("(de {name} "), format!("(de {name}(")]
            .iter()
            .find_map(|p| text.find(p.as_str()))
            .unwrap_or_else(|| panic!("no (de {name}"));
        let mut depth = 0;
        let mut end = start;
        for (k, c) in text[start..].char_indices() {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        end = start + k + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        out.push_str(&text[start..end]);
        out.push('\n');
    }
    out
}

/// Prints every number of the script's output lines as f64s.
fn all_numbers(line: &str) -> Vec<f64> {
    line.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == 'e'))
        .filter(|s| !s.is_empty() && *s != "e")
        .map(|s| s.parse().unwrap())
        .collect()
}

fn assert_near(got: &[f64], want: &[f64], what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: {got:?} vs {want:?}");
    for (g, w) in got.iter().zip(want) {
        assert!(
            (g - w).abs() < 1e-3 * (1.0 + w.abs()),
            "{what}: {got:?} vs {want:?}"
        );
    }
}

#[test]
fn statenv_matrixtool_and_imagetool_functions_on_a_small_matrix() {
    let Some(sn28) = sn28() else { return };
    let dir = common::temp_dir("sn28-statenv-");
    // the non-GUI functions of matrixtool.sn and imagetool.sn, taken from
    // the files (which otherwise build X11 tools)
    let mut text = std::fs::read_to_string(sn28.join("lib/matrixtool.sn")).unwrap();
    text.push_str(&std::fs::read_to_string(sn28.join("lib/imagetool.sn")).unwrap());
    let forms = forms_of(
        &text,
        &[
            "histo-mat",
            "alpha-mat-plus-beta",
            "min-max-normalization",
            "mean-sdev-normalization",
            "data-normalization",
            "from3Dto2D",
            "from2Dto3D",
        ],
    );
    std::fs::write(dir.join("tools.sn"), forms).unwrap();
    let script = format!(
        "(libload \"sn28/sn28\")\n(load \"{}\")\n(load \"tools.sn\")\n\
         (setq m [[1 2][3 6][5 10]])\n\
         (setq q (matrix 3 2))\n\
         (print (mstd (submatrix m () 0) (submatrix q () 0)) q)\n\
         (print (mstdv m (matrix 3 2)))\n\
         (print (mcov m))\n\
         (print (mco m (matrix 2) (matrix 2)))\n\
         (print (histo-mat m 3 0 10))\n\
         (print (min-max-normalization (copy-array m) 0 1))\n\
         (print (mean-sdev-normalization (copy-array m) 0 1))\n\
         (print (from3dto2d [[[1 2][3 4]][[5 6][7 8]]]) (from2dto3d [[1 2 3 4][5 6 7 8]] 2))\n",
        sn28.join("lib/statenv.sn").display()
    );
    let (ok, out) = run(&dir, &script);
    assert!(
        ok && !out
            .lines()
            .any(|l| l.starts_with("*** ") && !l.contains("Warning")),
        "{out}"
    );
    let lines: Vec<&str> = out
        .lines()
        .filter(|l| !l.is_empty() && !l.contains("Warning"))
        .collect();
    // expected values, computed here: columns (1 3 5) and (2 6 10); Lush 1's
    // sdev-mat is the variance (mean of squares minus squared mean)
    let cols = [[1.0, 3.0, 5.0], [2.0, 6.0, 10.0]];
    let mean = |c: &[f64]| c.iter().sum::<f64>() / c.len() as f64;
    let var = |c: &[f64]| c.iter().map(|x| x * x).sum::<f64>() / c.len() as f64 - mean(c).powi(2);
    let (m0, v0, m1, v1) = (mean(&cols[0]), var(&cols[0]), mean(&cols[1]), var(&cols[1]));
    let z: Vec<Vec<f64>> = (0..3)
        .map(|i| vec![(cols[0][i] - m0) / v0, (cols[1][i] - m1) / v1])
        .collect();
    assert_near(
        &all_numbers(lines[0]),
        &[m0, v0, z[0][0], 0.0, z[1][0], 0.0, z[2][0], 0.0],
        "mstd",
    );
    assert_near(&all_numbers(lines[1]), &[m0, m1, v0, v1], "mstdv");
    let cov = |a: &[f64], b: &[f64]| (0..3).map(|i| a[i] * b[i]).sum::<f64>() / 3.0;
    assert_near(
        &all_numbers(lines[2]),
        &[
            cov(&cols[0], &cols[0]),
            cov(&cols[0], &cols[1]),
            cov(&cols[1], &cols[0]),
            cov(&cols[1], &cols[1]),
        ],
        "mcov",
    );
    let zc: Vec<Vec<f64>> = (0..2).map(|j| (0..3).map(|i| z[i][j]).collect()).collect();
    assert_near(
        &all_numbers(lines[3]),
        &[
            cov(&zc[0], &zc[0]),
            cov(&zc[0], &zc[1]),
            cov(&zc[1], &zc[0]),
            cov(&zc[1], &zc[1]),
        ],
        "mco",
    );
    assert_near(
        &all_numbers(lines[4]),
        &[0.0, 5.0, 10.0, 3.0, 2.0, 1.0],
        "histo-mat",
    );
    let all = [1.0, 2.0, 3.0, 6.0, 5.0, 10.0];
    let mm: Vec<f64> = all.iter().map(|x| (x - 1.0) / 9.0).collect();
    assert_near(&all_numbers(lines[5]), &mm, "min-max-normalization");
    let (ma, va) = (mean(&all), var(&all));
    let ms: Vec<f64> = all.iter().map(|x| (x - ma) / va).collect();
    assert_near(&all_numbers(lines[6]), &ms, "mean-sdev-normalization");
    let eight: Vec<f64> = (1..=8).map(f64::from).collect();
    assert_near(
        &all_numbers(lines[7]),
        &[eight.clone(), eight].concat(),
        "from3Dto2D/from2Dto3D",
    );
}

#[test]
fn a_ring_map_ends_on_the_cities_as_tsp_demo_runs_it() {
    if sn28().is_none() {
        return;
    }
    let dir = common::temp_dir("sn28-knnenv-tsp-");
    // tsp-demo's two calls of learn-tmap, without its display hooks
    let script = "(libload \"sn28/sn28\")\n\
        (setq cities (new-codebook [[0 0][1 0][1 1][0 1][0.5 2]]))\n\
        (setq ring (bidim-init-ring cities 10))\n\
        (printf \"%d\\n\" (car (bound (codebook-word ring))))\n\
        (learn-tmap cities ring 5 (tmap-topo-ring 10) (tmap-epsi-const 0.33) (tmap-dst-lin 2.5))\n\
        (printf \"%f\\n\" (codebook-distorsion cities ring))\n\
        (learn-tmap cities ring 1 (tmap-topo-ring 10) (tmap-epsi-const 1) (tmap-dst-const 0))\n\
        (printf \"%f\\n\" (codebook-distorsion cities ring))\n";
    let (ok, out) = run(&dir, script);
    assert!(ok && !has_error(&out), "{out}");
    let v: Vec<f64> = out.lines().map(|l| l.trim().parse().unwrap()).collect();
    assert_eq!(v[0], 10.0);
    assert!(v[1] > 0.0, "{out}");
    assert_eq!(
        v[2], 0.0,
        "the final sweep at rate 1 puts a node on each city:\n{out}"
    );
}
