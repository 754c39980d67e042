//! The amount builtins: fields, segmentation, truth, grammars, pictures,
//! compared with the `sn-amounts` crate called directly.

mod common;

use sn_amounts::grammar::{amount_grammar, digits_grammar};
use sn_amounts::{segment, truth, DigitSet, FieldGen, Kind, Placement, SegParams};

fn tmp(name: &str) -> common::TempDir {
    common::temp_dir(&format!("sn-amounts-lisp-{name}-"))
}

/// A truth as segment-truth prints it: `((classes) (path))`, or
/// `((classes) ())` without a path.
fn truth_line(t: &sn_amounts::Truth) -> String {
    let join = |v: Vec<String>| v.join(" ");
    let classes = join(t.classes.iter().map(|c| c.to_string()).collect());
    let path = t.path.as_ref().map_or("()".to_string(), |p| {
        format!("({})", join(p.iter().map(|a| a.to_string()).collect()))
    });
    format!("(({classes}) {path})")
}

#[test]
fn fields_segments_and_truth_match_the_crate() {
    let dir = tmp("fields");
    let out = common::run_script_ok(
        &dir,
        "a.lsp",
        r#"
(setq f (amount-field 9 31 'test))
(setq g (amount-field 9 31 "test"))
(print (cadr f) (= (cadr f) (cadr g)) (bound (car f)) (caddr f) (nth 3 f))
(setq s (segment-field (car f)))
(print (==> (car s) narcs) (bound (cadr s)) (caddr s))
(print (segment-truth (car s) (caddr s) (caddr f) (text-labels (cadr f))))
(setq d (amount-field 9 31 'train 4))
(print (cadr d) (length (caddr d)))
"#,
    );
    let gen = FieldGen::new(DigitSet::embedded("test").unwrap());
    let f = gen.field(9, 31, Kind::Amount).unwrap();
    let s = segment(&f.pixels, f.width, &SegParams::default()).unwrap();
    let t = truth(&s.graph, &s.cuts, &f.boxes, &f.labels, 2);
    let lines: Vec<&str> = out.lines().collect();
    let boxes: Vec<String> = f.boxes.iter().map(|(a, b)| format!("({a} {b})")).collect();
    let touching = if f.touching { "t" } else { "()" };
    assert_eq!(
        lines[0],
        format!(
            "{:?} t (32 {}) ({}) {touching}",
            f.text(),
            f.width,
            boxes.join(" ")
        )
    );
    let cuts: Vec<String> = s.cuts.iter().map(|c| c.to_string()).collect();
    assert_eq!(
        lines[1],
        format!("{} ({} 1 32 32) ({})", s.len(), s.len(), cuts.join(" "))
    );
    assert_eq!(lines[2], truth_line(&t));
    let train = FieldGen::new(DigitSet::embedded("train").unwrap());
    assert_eq!(
        lines[3],
        format!(
            "{:?} 4",
            train.field(9, 31, Kind::Digits(4)).unwrap().text()
        )
    );
}

#[test]
fn segment_image_placements_match_the_crate() {
    let dir = tmp("placement");
    let out = common::run_script_ok(
        &dir,
        "n.lsp",
        r#"
(setq f (amount-field 9 31 'test))
(setq s (cadr (segment-field (car f))))
(setq s0 (cadr (segment-field (car f) () () 0)))
(setq s2 (cadr (segment-field (car f) () () 22 12)))
(setq s3 (cadr (segment-field (car f) () () 16 12)))
(printf "%.6f %.6f %.6f\n" (idx-sum s) (idx-sum s0) (idx-sum s3))
(print (= (idx-sum s) (idx-sum s2)) (catch-error (segment-field (car f) () () -1)))
"#,
    );
    let gen = FieldGen::new(DigitSet::embedded("test").unwrap());
    let f = gen.field(9, 31, Kind::Amount).unwrap();
    let sum = |placement| -> f64 {
        let p = SegParams {
            placement,
            ..SegParams::default()
        };
        let s = segment(&f.pixels, f.width, &p).unwrap();
        s.images.iter().map(|&v| f64::from(v)).sum()
    };
    let want = [
        sum(SegParams::default().placement),
        sum(Placement::Field),
        sum(Placement::Normalized {
            size: 16.0,
            min_side: 12,
        }),
    ];
    let lines: Vec<&str> = out.lines().collect();
    let got: Vec<f64> = lines[0].split(' ').map(|v| v.parse().unwrap()).collect();
    for (g, w) in got.iter().zip(&want) {
        assert!(
            (g - w).abs() <= 1e-3 * w.abs().max(1.0),
            "{got:?} vs {want:?}"
        );
    }
    // The three placements draw different images.
    assert!((want[0] - want[1]).abs() > 1.0 && (want[0] - want[2]).abs() > 1.0);
    // The default is (22 12); a negative size is an error (caught: ()).
    assert_eq!(lines[1], "t ()");
}

#[test]
fn distorted_fields_match_the_crate() {
    let dir = tmp("distort");
    let out = common::run_script_ok(
        &dir,
        "d.lsp",
        r#"
(setq f (amount-field 9 31 'train () 1))
(setq g (amount-field 9 31 'train 'amount 0))
(setq h (amount-field 9 31 'train))
(print (cadr f) (bound (car f)) (caddr f))
(print (= (caddr g) (caddr h)) (bound (car g)) (bound (car h)))
(print (catch-error (amount-field 9 31 'train 4 3.5)) (catch-error (amount-field 9 31 'train 4 -1)))
(print (bound (car (amount-field 9 31 'train 4 3))))
"#,
    );
    let train = FieldGen::new(DigitSet::embedded("train").unwrap());
    let f = train.field_distorted(9, 31, Kind::Amount, 1.0).unwrap();
    let g = train.field(9, 31, Kind::Amount).unwrap();
    assert_ne!(f.pixels, g.pixels);
    let boxes: Vec<String> = f.boxes.iter().map(|(a, b)| format!("({a} {b})")).collect();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        format!("{:?} (32 {}) ({})", f.text(), f.width, boxes.join(" "))
    );
    assert_eq!(lines[1], format!("t (32 {w}) (32 {w})", w = g.width));
    assert_eq!(lines[2], "() ()");
    let strong = train.field_distorted(9, 31, Kind::Digits(4), 3.0).unwrap();
    assert_eq!(lines[3], format!("(32 {})", strong.width));
}

#[test]
fn grammars_and_texts() {
    let dir = tmp("grammars");
    let out = common::run_script_ok(
        &dir,
        "g.lsp",
        r#"
(print (==> (amount-grammar) narcs) (==> (digits-grammar 5) narcs) (==> (digits-grammar 5) nnodes))
(print (==> (text-acceptor "1,234.56") narcs) (text-labels "1,234.56") (labels-text '(1 10 2 3 4 11 0 5)))
(print (catch-error (text-labels "1a")) (catch-error (digits-grammar -1)) (catch-error (amount-field 1 1 'valid)))
(print (catch-error (segment-field (matrix 3 4))) (catch-error (segment-field (matrix 32 8) 0)))
(setq s (segment-field (matrix 32 8)))
(print (==> (car s) narcs) (catch-error (segment-truth (car s) '(0) '((1 2)) '(3))))
"#,
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        format!("{} 50 6", amount_grammar().unwrap().narcs())
    );
    assert_eq!(digits_grammar(5).unwrap().narcs(), 50);
    assert_eq!(lines[1], "8 (1 10 2 3 4 11 5 6) \"1,234.05\"");
    assert_eq!(lines[2], "() () ()");
    assert_eq!(lines[3], "() ()");
    assert_eq!(lines[4], "0 ()");
}

#[test]
fn field_pictures_are_written() {
    let dir = tmp("picture");
    let out = common::run_script_ok(
        &dir,
        "p.lsp",
        r#"
(setq f (amount-field 2 5 'test))
(setq s (segment-field (car f)))
(print (field-picture "field.png" (car f) (caddr s) (list (list 0 10 "7")) 3))
(print (cadr (bound (car f))))
"#,
    );
    let width: usize = out.lines().nth(1).unwrap().trim().parse().unwrap();
    let c = sn_graphics::png_io::read_png(&dir.join("field.png")).unwrap();
    assert_eq!((c.width(), c.height()), (3 * width, 3 * 32 + 12));
    // Cuts are red, ink dark, background white.
    let px = c.pixels();
    assert!(px.iter().any(|p| p.0 > 200 && p.1 < 60));
    assert!(px.iter().any(|p| p.0 < 60 && p.1 < 60 && p.2 < 60));
}

#[test]
fn truth_from_the_ink_matches_the_crate() {
    let dir = tmp("ink");
    let out = common::run_script_ok(
        &dir,
        "i.lsp",
        r#"
(setq f (amount-field 4 12 'train))
(setq s (segment-field (car f)))
(print (bound (nth 4 f)) (idx-sum (nth 4 f)))
(print (segment-truth f s))
(print (catch-error (segment-truth f (list (car s)))) (catch-error (segment-truth f s 1)))
"#,
    );
    let gen = FieldGen::new(DigitSet::embedded("train").unwrap());
    let f = gen.field(4, 12, Kind::Amount).unwrap();
    let s = segment(&f.pixels, f.width, &SegParams::default()).unwrap();
    let t = sn_amounts::ink_truth_paths(
        &s.graph,
        &s.cuts,
        &s.paths,
        &sn_amounts::Ground::from(&f),
        &sn_amounts::InkRule::default(),
    )
    .unwrap();
    let lines: Vec<&str> = out.lines().collect();
    let sum: i64 = f.owners.iter().map(|&o| o as i64).sum();
    assert_eq!(lines[0], format!("(32 {}) {sum}", f.width));
    assert_eq!(lines[1], truth_line(&t));
    assert_eq!(lines[2], "() ()");
}

#[test]
fn cut_paths_from_lisp() {
    let dir = tmp("paths");
    let out = common::run_script_ok(
        &dir,
        "c.lsp",
        r#"
(setq f (amount-field 7 140 'test 5))
(setq s (segment-field (car f)))
(setq s0 (segment-field (car f) () () () () 0))
(print (bound (nth 3 s)) (length (caddr s)) (idx-sum (nth 3 s)))
(print (= (idx-sum (nth 3 s0)) (* 32 (apply + (caddr s0)))) (= (caddr s) (caddr s0)))
(print (catch-error (segment-field (car f) () () () () 17)) (catch-error (segment-field (car f) () () () () -1)))
(print (segment-truth f (list (car s0) (cadr s0) (caddr s0))))
(print (segment-truth f s0))
(print (segment-truth f s))
(setq bad (copy-matrix (nth 3 s)))
(bad 1 0 10000)
(print (catch-error (segment-truth f (list (car s) (cadr s) (caddr s) bad)))
       (catch-error (segment-truth f (list (car s) (cadr s) (caddr s) (matrix 2 32)))))
(print (field-picture "paths.png" (car f) (nth 3 s) () 2))
(print (catch-error (field-picture "bad.png" (car f) (matrix 3 31))))
"#,
    );
    let gen = FieldGen::new(DigitSet::embedded("test").unwrap());
    let f = gen.field(7, 140, Kind::Digits(5)).unwrap();
    let s = segment(&f.pixels, f.width, &SegParams::default()).unwrap();
    let straight = SegParams {
        paths: sn_amounts::PathParams {
            band: 0,
            ..Default::default()
        },
        ..SegParams::default()
    };
    let s0 = segment(&f.pixels, f.width, &straight).unwrap();
    let ink_truth = |s: &sn_amounts::Segmentation| {
        let t = sn_amounts::ink_truth_paths(
            &s.graph,
            &s.cuts,
            &s.paths,
            &sn_amounts::Ground::from(&f),
            &sn_amounts::InkRule::default(),
        )
        .unwrap();
        assert!(t.path.is_some());
        truth_line(&t)
    };
    let lines: Vec<&str> = out.lines().collect();
    let n = s.cuts.len();
    let sum: usize = s.paths.iter().sum();
    assert_eq!(lines[0], format!("({n} 32) {n} {sum}"));
    assert_eq!(lines[1], "t t");
    assert_eq!(lines[2], "() ()");
    // without paths the segmentation's cuts are straight
    assert_eq!(lines[3], ink_truth(&s0));
    assert_eq!(lines[4], lines[3]);
    assert_eq!(lines[5], ink_truth(&s));
    assert_ne!(
        lines[5], lines[4],
        "the paths change the truth of this field"
    );
    assert_eq!(lines[6], "() ()");
    let c = sn_graphics::png_io::read_png(&dir.join("paths.png")).unwrap();
    assert_eq!((c.width(), c.height()), (2 * f.width, 2 * 32));
    assert_eq!(lines[8], "()");
}
