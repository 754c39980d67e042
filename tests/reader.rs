//! The amount reader of lisp/reader.lsp: the discriminative forward
//! criterion of a whole field, back-propagated through the compositions,
//! the interpretation graph and the LeNet-5 recognizer, agrees with finite
//! differences, over segments and over the frames of the
//! space-displacement net; training on fields lowers it; the decoding
//! helpers; and examples/read-amounts.lsp runs end to end in its small
//! setting, printing its tables and writing its pictures.

mod common;

use sn::lisp::{Interp, Value};

fn eval(it: &mut Interp, code: &str) -> Value {
    it.eval_source(code, "reader-test", false)
        .unwrap_or_else(|e| panic!("{code}: {}", e.into_error().message))
}

fn num(it: &mut Interp, code: &str) -> f64 {
    match eval(it, code) {
        v if v.as_num().is_some() => v.as_num().unwrap_or(f64::NAN),
        v => panic!("{code}: not a number: {}", sn::lisp::printer::repr(&v)),
    }
}

fn text(it: &mut Interp, code: &str) -> String {
    sn::lisp::printer::repr(&eval(it, code))
}

/// The message of the error that evaluating `code` raises.
fn error_of(it: &mut Interp, code: &str) -> String {
    it.eval_source(code, "reader-test", false)
        .err()
        .unwrap_or_else(|| panic!("{code}: no error"))
        .into_error()
        .message
}

/// An interpreter with the reader library and a reader `r` (seed 1).
fn reader() -> Interp {
    committee("1")
}

/// An interpreter with the reader library and a reader `r` (seed 1) of
/// `members` recognizers (new-reader's argument, Lisp), `p` the
/// parameters of the last.
fn committee(members: &str) -> Interp {
    let (mut it, _) = common::buffered_interp();
    eval(&mut it, "(libload \"reader\")");
    eval(&mut it, &format!("(setq r (new-reader 1 {members}))"));
    eval(&mut it, "(setq p (car (last (reader-get r 'members))))");
    it
}

/// Central differences of the criterion of training field 0 (an amount)
/// against its back-propagated gradient, on the parameters of largest
/// gradient (of the last member of a committee of `members`, as
/// new-reader takes it), on the character bonus and on the weights of
/// the segmenter's penalties (over segments).
fn check_gradient(sdnn: bool, members: &str) {
    check_gradient_after(sdnn, members, "()");
}

/// The central difference of `(crit)` in a number that is `w` and that
/// the Lisp code `set(v)` sets to `v`, with step `h`; the number is left
/// at `w`.
fn central(it: &mut Interp, w: f64, h: f64, set: impl Fn(f64) -> String) -> f64 {
    eval(it, &set(w + h));
    let up = num(it, "(crit)");
    eval(it, &set(w - h));
    let down = num(it, "(crit)");
    eval(it, &set(w));
    (up - down) / (2.0 * h)
}

/// check_gradient after evaluating `setup` (Lisp) on the reader `r`.
fn check_gradient_after(sdnn: bool, members: &str, setup: &str) {
    let mut it = committee(members);
    eval(&mut it, setup);
    let s = if sdnn { "t" } else { "()" };
    eval(
        &mut it,
        &format!(
            "(progn (setq f (amount-field 1 0 'train))
                    (rplacd (assoc 'bonus r) -0.5)
                    (setq gw (reader-get r 'geometry))
                    (for (c 0 12) (for (k 0 2) (gw c k (* 0.1 (- (mod (* 7 (+ c k)) 5) 2)))))
                    (de crit () (reader-field-gradient r (car f) (cadr f) {s}))
                    (setq c0 (crit))
                    (setq g (array-copy (==> p dx)))
                    (setq gb (reader-get r 'bonus-dx))
                    (setq ggeo (array-copy (reader-get r 'geometry-dx))))"
        ),
    );
    let c0 = num(&mut it, "c0");
    // the character bonus: on every arc over segments, not over frames
    let gb = num(&mut it, "gb");
    if sdnn {
        assert_eq!(gb, 0.0);
    } else {
        let hb = 1e-3;
        let fd = central(&mut it, -0.5, hb, |v| {
            format!("(rplacd (assoc 'bonus r) {v})")
        });
        assert!(
            gb != 0.0 && (fd - gb).abs() < 1e-3 * gb.abs().max(1.0),
            "bonus: backprop {gb}, finite differences {fd}"
        );
        // the segmenter's penalties: class c's weight k on every segment
        let mut checked = 0;
        for c in [0, 1, 2, 5, 7, 10, 11, 12] {
            for k in 0..3 {
                let gk = num(&mut it, &format!("(ggeo {c} {k})"));
                let w = num(&mut it, &format!("(gw {c} {k})"));
                let fd = central(&mut it, w, hb, |v| format!("(gw {c} {k} {v})"));
                assert!(
                    (fd - gk).abs() < 1e-3 * gk.abs().max(1.0),
                    "geometry weight ({c} {k}): backprop {gk}, finite differences {fd}"
                );
                checked += usize::from(gk != 0.0);
            }
        }
        assert!(checked >= 12, "{checked} geometry weights with a gradient");
    }
    assert!(c0.is_finite() && c0 > 0.0, "criterion {c0}");
    let n = num(&mut it, "(idx-dim g 0)") as usize;
    let mut grads: Vec<(usize, f64)> = (0..n)
        .map(|k| (k, num(&mut it, &format!("(g {k})"))))
        .collect();
    grads.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
    let h = 2e-3;
    for &(k, dk) in grads.iter().take(8) {
        let w = num(&mut it, &format!("((==> p x) {k})"));
        let fd = central(&mut it, w, h, |v| format!("((==> p x) {k} {v})"));
        let rel = (fd - dk).abs() / dk.abs().max(1e-3);
        assert!(
            rel < 3e-2,
            "sdnn {sdnn}: parameter {k}: backprop {dk}, finite differences {fd} (rel {rel})"
        );
    }
}

#[test]
fn field_criterion_gradient_over_segments_matches_finite_differences() {
    common::on_interp_thread(|| check_gradient(false, "1"));
}

#[test]
fn field_criterion_gradient_over_sdnn_frames_matches_finite_differences() {
    common::on_interp_thread(|| check_gradient(true, "1"));
}

/// A reader with shifts reads the mean of the recognizer's outputs on the
/// shifted segment images (checked against images shifted by hand), does
/// not shift the frames of a space-displacement net, refuses bad shifts,
/// and its criterion's gradient goes back through every shifted copy.
#[test]
fn shifted_reading_and_its_gradient() {
    common::on_interp_thread(|| {
        let mut it = reader();
        eval(
            &mut it,
            "(progn (setq fl (amount-field 1 0 'train))
                    (setq im (cadr (reader-segment-field (car fl))))
                    (setq x0 (copy-matrix (==> (reader-recognize r im) x)))
                    (setq fr0 (copy-matrix (nth 3 (reader-frames r (car fl)))))
                    ;; one column right and one row up, by hand
                    (setq sh (array-fill (matrix (idx-dim im 0) 1 32 32) -0.1))
                    (array-copy (idx-narrow (idx-narrow im 2 31 1) 3 31 0)
                                (idx-narrow (idx-narrow sh 2 31 0) 3 31 1))
                    (setq x1 (copy-matrix (==> (reader-recognize r sh) x)))
                    (reader-set-shifts r '((0 0) (-1 1)))
                    (setq m (copy-matrix (==> (reader-recognize r im) x)))
                    (setq fr (copy-matrix (nth 3 (reader-frames r (car fl))))))",
        );
        let off = num(&mut it, "(idx-sqrdist m (idx-dotm0 (idx-add x0 x1) 0.5))");
        let apart = num(&mut it, "(idx-sqrdist x0 x1)");
        assert!(
            off < 1e-8 && apart > 1e-3,
            "mean off by {off}, shifted outputs apart by {apart}"
        );
        assert_eq!(num(&mut it, "(idx-sqrdist fr fr0)"), 0.0, "frames shifted");
        // a single shift is read shifted too
        let one = num(
            &mut it,
            "(progn (reader-set-shifts r '((-1 1)))
                    (idx-sqrdist (==> (reader-recognize r im) x) x1))",
        );
        assert!(one < 1e-8, "one shift off by {one}");
        eval(&mut it, "(reader-set-shifts r '((0 0) (-1 1)))");
        for bad in ["3", "'((0 0.5))", "'((0 40))", "'((1))", "'(x)"] {
            let e = error_of(&mut it, &format!("(reader-set-shifts r {bad})"));
            assert!(e.starts_with("reader-set-shifts:"), "{bad}: {e}");
        }
    });
    common::on_interp_thread(|| {
        check_gradient_after(false, "1", "(reader-set-shifts r '((0 0) (1 -1) (0 2)))")
    });
    common::on_interp_thread(|| {
        check_gradient_after(false, "2", "(reader-set-shifts r '((0 0) (-2 1)))")
    });
    // over frames, nothing is shifted, but the reader's output is its own
    common::on_interp_thread(|| {
        check_gradient_after(true, "1", "(reader-set-shifts r '((0 0) (1 -1)))")
    });
}

/// A committee of two different nets (LeNet-5 and one with more maps):
/// the criterion reads the mean of the members' log-probabilities, and its
/// gradient reaches the second member's parameters, over segments and over
/// frames.
#[test]
fn committee_criterion_gradient_matches_finite_differences() {
    common::on_interp_thread(|| {
        let two = "'(() (8 20 120 84))";
        let mut it = committee(two);
        eval(
            &mut it,
            "(progn (setq s (reader-segment-field (car (amount-field 1 0 'train))))
                    (setq o (copy-matrix (==> (reader-recognize r (cadr s)) x)))
                    (setq ms (reader-get r 'members))
                    (setq a (==> (nth 3 (car ms)) x) b (==> (nth 3 (cadr ms)) x)))",
        );
        let off = num(&mut it, "(idx-sqrdist o (idx-dotm0 (idx-add a b) 0.5))");
        let apart = num(&mut it, "(idx-sqrdist a b)");
        assert!(
            off < 1e-8 && apart > 1.0,
            "mean off by {off}, members apart by {apart}"
        );
        let sizes = text(&mut it, "(mapcar (lambda (m) (==> (car m) size)) ms)");
        // conv 5x5 and its biases, subsampling coefficient and bias per map
        let lenet = |c1: usize, c3: usize, c5: usize, f6: usize| {
            26 * c1
                + 2 * c1
                + (25 * c1 + 1) * c3
                + 2 * c3
                + (25 * c3 + 1) * c5
                + (c5 + 1) * f6
                + (f6 + 1) * 13
        };
        let want = format!("({} {})", lenet(6, 16, 120, 84), lenet(8, 20, 120, 84));
        assert_eq!(sizes, want, "the members' parameters");
        check_gradient(false, two);
        check_gradient(true, two);
    });
}

#[test]
fn training_on_fields_lowers_the_criterion() {
    common::on_interp_thread(|| {
        let mut it = reader();
        eval(
            &mut it,
            "(reader-set-rates r (car (reader-char-data 1 10 'train)) 0.1)",
        );
        let first = num(&mut it, "(reader-train-fields r 1 40 1 0.002 '(4))");
        let last = num(&mut it, "(reader-train-fields r 1 40 4 0.002 '(4))");
        assert!(
            last < 0.8 * first,
            "mean criterion {first} after one pass, {last} after four more"
        );
    });
}

#[test]
fn decoding_helpers() {
    common::on_interp_thread(|| {
        let mut it = reader();
        // over segments every character arc reads one character
        assert_eq!(
            text(&mut it, "(reader-collapse '(3 3 null 1) ())"),
            "(3 3 1)"
        );
        // over frames: a character lasts until its null arc, junk reads nothing
        assert_eq!(
            text(
                &mut it,
                "(reader-collapse '(12 1 1 null 12 1 null 12 7 null) t)"
            ),
            "(1 1 7)"
        );
        // the reader's segment images: segment-field's default, or the
        // placement of reader-segment-norm ('(0): the field's rows)
        eval(
            &mut it,
            "(progn (setq f (car (amount-field 9 31 'test)))
                    (de sum (s) (idx-sum (cadr s))))",
        );
        let read = |it: &mut Interp, norm: &str| {
            num(
                it,
                &format!(
                    "(progn (setq reader-segment-norm {norm}) (sum (reader-segment-field f)))"
                ),
            )
        };
        let (default, field) = (read(&mut it, "()"), read(&mut it, "'(0)"));
        assert_eq!(default, num(&mut it, "(sum (segment-field f))"));
        assert_eq!(field, num(&mut it, "(sum (segment-field f () () 0))"));
        assert_ne!(default, field);
        // and the band of reader-cut-band (0: straight cuts), on a field
        // whose paths bend
        eval(
            &mut it,
            "(progn (setq reader-segment-norm () f (car (amount-field 7 140 'test 5))))",
        );
        let bent = num(&mut it, "(sum (reader-segment-field f))");
        let straight = num(
            &mut it,
            "(progn (setq reader-cut-band 0) (sum (reader-segment-field f)))",
        );
        eval(&mut it, "(setq reader-cut-band ())");
        assert_eq!(bent, num(&mut it, "(sum (segment-field f))"));
        assert_eq!(
            straight,
            num(&mut it, "(sum (segment-field f () () () () 0))")
        );
        assert_ne!(bent, straight);
        assert_eq!(num(&mut it, "(edit-distance '(1 2 3 4) '(1 3 4 5))"), 2.0);
        assert_eq!(num(&mut it, "(edit-distance () '(1 2))"), 2.0);
        // 4 fields, one wrong: rejecting it (the least confident) leaves 0 %
        assert_eq!(
            text(
                &mut it,
                "(rejection-at '((0.9 t) (0.2 ()) (0.8 t) (0.7 t)) 0.01)"
            ),
            "(0.25 0 3)"
        );
        // the frame grammar of "11" reads frames 1 1 junk 1 and 1 1 1 (one
        // character spans frames, the other starts after a null arc) but
        // not frames 1 junk junk
        eval(
            &mut it,
            "(progn (setq g11 (sdnn-grammar (graph-acceptor '(1 1))))
                    (de frames (ls) (let ((g (new-graph (+ 1 (length ls)))) (i 0))
                       (each ((l ls)) (==> g add-arc i (+ i 1) l) (incr i)) g))
                    (setq cv (new-gt-compose-viterbi)))",
        );
        assert_eq!(num(&mut it, "(==> cv fprop (frames '(1 1 12 1)) g11)"), 0.0);
        assert_eq!(
            text(&mut it, "(reader-collapse (==> cv labels) t)"),
            "(1 1)"
        );
        assert_eq!(num(&mut it, "(==> cv fprop (frames '(1 1 1)) g11)"), 0.0);
        let e = error_of(&mut it, "(==> cv fprop (frames '(1 12 12)) g11)");
        assert!(e.contains("no path"), "{e}");
    });
}

#[test]
fn example_runs_in_its_small_setting() {
    let dir = common::temp_dir("sn-read-amounts-");
    let d = dir.to_string_lossy().to_string();
    // a committee of a LeNet-5 and a wider net (MEMBERS wide), training
    // digits distorted (1), 60 test fields of each kind (NTEST), segments
    // read with 5 shifts (SHIFTS)
    let out = common::run_sn(&[
        "examples/read-amounts.lsp",
        "small",
        "1",
        &d,
        "1",
        "wide",
        "60",
        "5",
    ]);
    for want in [
        "2 recognizers, segments read with 5 shifts",
        "isolated characters:",
        "segmenter's weights learnt (ink crossed, height, width): 0 ",
        "trained on isolated characters: ",
        "whole-string accuracy on 60 test fields",
        "rejection for 1% string error",
        "rejection curve:",
        "in the fields with touching or overlapping neighbours:",
        "single digits, each in a field of its own:",
        "fields read per second:",
    ] {
        assert!(out.contains(want), "missing {want:?} in\n{out}");
    }
    let errors = out
        .lines()
        .find(|l| l.contains("trained on isolated characters:"))
        .unwrap_or_default();
    assert_eq!(
        errors.matches('%').count(),
        2,
        "one test error per member: {errors}"
    );
    let rows: Vec<&str> = out
        .lines()
        .filter(|l| {
            !l.contains(':')
                && ["isolated ", "end-to-end ", "sdnn "]
                    .iter()
                    .any(|n| l.starts_with(n))
        })
        .collect();
    assert_eq!(rows.len(), 9, "three tables of three readers:\n{out}");
    for row in &rows[..6] {
        assert_eq!(row.matches('%').count(), 6, "{row}");
    }
    // the rejection curve: for each kind, the share rejected for at most
    // 0.5, 1, 2, 3 and 5 % string error, never more for a larger error,
    // and at 1 % the share of the table above
    for (curve, table) in rows[6..].iter().zip(&rows[3..6]) {
        let v: Vec<f64> = curve
            .split_whitespace()
            .skip(1)
            .map(|x| x.parse().unwrap())
            .collect();
        assert_eq!(v.len(), 15, "{curve}");
        let rej: Vec<f64> = table
            .split("rej")
            .skip(1)
            .map(|x| x.trim().split('%').next().unwrap().parse().unwrap())
            .collect();
        assert_eq!(rej.len(), 3, "{table}");
        for k in 0..3 {
            let c = &v[5 * k..5 * k + 5];
            assert!(c.windows(2).all(|w| w[1] <= w[0]), "{curve}");
            assert!(c.iter().all(|&x| (0.0..=100.0).contains(&x)), "{curve}");
            assert!((c[1] - rej[k]).abs() < 0.06, "{curve} against {table}");
        }
    }
    for png in [
        "read-isolated.png",
        "read-end-to-end.png",
        "read-sdnn.png",
        "graph.png",
    ] {
        let bytes = std::fs::read(dir.join(png)).unwrap_or_else(|e| panic!("{png}: {e}"));
        assert!(bytes.starts_with(b"\x89PNG"), "{png} is not a PNG");
    }
}

/// Bad committees are errors naming the function and the culprit: no
/// members, a count that is not a whole number, widths not of 4 numbers
/// of maps; and the example refuses a bad SIZE, MEMBERS, NTEST, SHIFTS
/// or CUTS with status 1.
#[test]
fn bad_committees_and_example_arguments_are_errors() {
    common::on_interp_thread(|| {
        let mut it = committee("1");
        for (members, who) in [
            ("0", "new-reader"),
            ("1.5", "new-reader"),
            ("\"two\"", "new-reader"),
            ("'((6 16))", "reader-modules"),
            ("'((6 16 120 -1))", "reader-modules"),
            ("'(() (6 16 x 84))", "reader-modules"),
            ("'(5)", "reader-modules"),
        ] {
            let e = error_of(&mut it, &format!("(new-reader 1 {members})"));
            assert!(e.starts_with(&format!("{who}:")), "{members}: {e}");
        }
    });
    let root = env!("CARGO_MANIFEST_DIR");
    for (args, want) in [
        (&["bogus"][..], "read-amounts: SIZE is full or small"),
        (
            &["small", "1", "", "1", "foo"][..],
            "read-amounts: MEMBERS is",
        ),
        (
            &["small", "1", "", "1", "0"][..],
            "read-amounts: MEMBERS is",
        ),
        (
            &["small", "1", "", "1", "1", "0"][..],
            "read-amounts: NTEST is",
        ),
        (
            &["small", "1", "", "1", "1", "10", "3"][..],
            "read-amounts: SHIFTS is 1 or 5",
        ),
        (
            &["small", "1", "", "1", "1", "10", "1", "curved"][..],
            "read-amounts: CUTS is paths or straight",
        ),
        (
            &["small", "1", "", "1", "1", "10", "1", "paths", "fixed"][..],
            "read-amounts: SEGMENTER is learnt or none",
        ),
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_sn"))
            .arg("examples/read-amounts.lsp")
            .args(args)
            .current_dir(root)
            .env("SN_HOME", root)
            .output()
            .expect("the sn binary runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains(want), "{args:?}: {err}");
    }
}
