//! Live views: `(==> state x)`, `dx`, `ddx`, `(==> param x)`, `(==> net
//! weights)` and a module's `weights`, `kernel`, `bias` are arrays sharing
//! storage with the network, as Lush's idx views: writing through them
//! changes the network's next output, training changes what they show,
//! and no copy is made.

mod common;

use sn::lisp::Interp;

/// Lisp helpers: the values of a 1-D array as text, full precision; a
/// small separable data set (class 1 when the first input is larger).
const HELPERS: &str = r#"
(de values-text (w)
  (let ((s ""))
    (for (i 0 (- (idx-dim w 0) 1))
      (setq s (concat s " " (sprintf "%.9f" (w i)))))
    s))
(de toy-data (n)
  (let ((imgs (matrix n 1 2)) (labs (matrix n)))
    (for (i 0 (- n 1))
      (let ((a (rand)) (b (rand)))
        (imgs i 0 0 a) (imgs i 0 1 b) (labs i (if (> a b) 1 0))))
    (array-dataset imgs labs)))
(de dims-of (m)
  (let ((l ()))
    (for (k 0 (- (idx-ndim m) 1)) (setq l (cons (idx-dim m k) l)))
    (reverse l)))
(setq train-net-quiet t)
"#;

/// Runs `f` with a fresh interpreter (helpers loaded) on a thread with
/// the interpreter's stack.
fn with_interp<T: Send + 'static>(f: impl FnOnce(&mut Interp) -> T + Send + 'static) -> T {
    common::with_interp(HELPERS, f)
}

/// Evaluates `code`: the printed value, or the error's kind and message.
fn eval(it: &mut Interp, code: &str) -> Result<String, String> {
    match it.eval_source(code, "live.lsp", false) {
        Ok(v) => Ok(sn::lisp::printer::repr(&v)),
        Err(u) => {
            let e = u.into_error();
            Err(format!("{}: {}", e.kind.name(), e.message))
        }
    }
}

/// The value of `code` as a number.
fn num(it: &mut Interp, code: &str) -> f64 {
    let s = eval(it, code).unwrap_or_else(|e| panic!("{code}: {e}"));
    s.parse()
        .unwrap_or_else(|_| panic!("{code}: not a number: {s}"))
}

/// The numbers of the 1-D array `code`.
fn numbers(it: &mut Interp, code: &str) -> Vec<f64> {
    common::parse_numbers(&eval(it, &format!("(values-text {code})")).expect("values"))
}

fn run(it: &mut Interp, code: &str) {
    if let Err(e) = eval(it, code) {
        panic!("{code}: {e}");
    }
}

/// A full layer 2 -> 1 with weights (1 2) and bias 0.5, an input state
/// [1 2] and an output state.
const FULL: &str = "(setq p (new-param)) (setq f (new-full p 2 1)) (==> p set-x [1 2 0.5])
  (setq in (new-state 1 2)) (setq out (new-state 1 1))";

#[test]
fn writing_a_state_view_changes_the_next_fprop() {
    let (y, y2) = with_interp(|it| {
        run(it, FULL);
        run(
            it,
            "(setq a (==> in x)) (a 0 0 3) (a 0 1 4) (==> f fprop in out)",
        );
        let y = num(it, "((==> out x) 0 0)");
        run(it, "(a 0 1 0) (==> f fprop in out)");
        (y, num(it, "((==> out x) 0 0)"))
    });
    assert_eq!(
        y,
        1.0 * 3.0 + 2.0 * 4.0 + 0.5,
        "the write reached the state"
    );
    assert_eq!(y2, 3.5, "a second write through the same view");
}

#[test]
fn two_views_of_a_state_share_its_storage() {
    let (b, fresh, dx) = with_interp(|it| {
        run(it, FULL);
        run(it, "(setq a (==> in x)) (setq b (==> in x)) (a 0 1 7)");
        let b = num(it, "(b 0 1)");
        // a view taken before fprop shows fprop's result: no copy was made
        run(
            it,
            "(setq o (==> out x)) (==> in set-x [[1 1]]) (==> f fprop in out)",
        );
        let fresh = num(it, "(o 0 0)");
        // gradients too: bprop accumulates into the view's storage
        run(
            it,
            "(setq g (==> p dx)) (==> out clear-dx) ((==> out dx) 0 0 1) (==> f bprop in out)",
        );
        (b, fresh, numbers(it, "g"))
    });
    assert_eq!(b, 7.0);
    assert_eq!(fresh, 3.5);
    assert_eq!(dx, vec![1.0, 1.0, 1.0], "dW = dy x, db = dy");
}

#[test]
fn set_x_copies_from_a_view_of_the_same_state() {
    let v = with_interp(|it| {
        run(it, "(setq s (new-state 1 4)) (==> s set-x [[1 2 3 4]])");
        run(it, "(==> s set-x (idx-narrow (==> s x) 1 2 2))");
        eval(it, "(list (==> s dims) ((==> s x) 0 0) ((==> s x) 0 1))").expect("values")
    });
    assert_eq!(v, "((1 2) 3 4)");
}

#[test]
fn a_batch_64_view_survives_a_batch_1_fprop() {
    let (dims, first, tail, again) = with_interp(|it| {
        run(it, FULL);
        run(it, "(setq in (new-state 64 2)) (setq out (new-state 64 1))");
        run(
            it,
            "(==> f fprop in out) (setq big (==> out x)) (setq bin (==> in x))",
        );
        run(it, "(==> in set-x [[3 4]]) (==> f fprop in out)");
        let dims = eval(it, "(list (==> out dims) (idx-dim big 0) (idx-dim bin 0))").expect("dims");
        let first = num(it, "(big 0 0)");
        // the tail of the large view is still storage: read and written
        let tail = num(it, "(big 63 0)");
        run(it, "(big 63 0 5) (bin 63 1 1)");
        // back at batch 64: the old view shows the new output
        run(
            it,
            "(setq in2 (new-state 64 2)) ((==> in2 x) 63 0 2) (==> f fprop in2 out)",
        );
        (dims, first, tail, num(it, "(big 63 0)"))
    });
    assert_eq!(dims, "((1 1) 64 64)");
    assert_eq!(first, 11.5, "sample 0 of the batch-1 output");
    assert_eq!(tail, 0.0, "past the batch, the view reads 0");
    assert_eq!(again, 2.5, "1*2 + 2*0 + 0.5 at sample 63");
}

/// A net 2 -> 2 (full, softmax cross-entropy) on `(1 1 2)` samples.
const NET: &str = "(setq p (new-param)) (setq f (new-full p 2 2)) (setq px (==> p x))
  (setq n (new-net p (new-seq p f) (new-cost 'softmax-ce 2) '(1 1 2)))";

#[test]
fn writing_the_net_weights_view_changes_its_output() {
    let (out, size) = with_interp(|it| {
        run(it, NET);
        run(
            it,
            "(setq w (==> n weights)) (array-copy [1 0 0 1 0.5 -0.5] w)",
        );
        let out = eval(it, "(==> n fprop [[[2 3]]])").expect("fprop");
        (out, eval(it, "(idx-dim w 0)").expect("dim"))
    });
    assert_eq!(out, "[2.5 2.5]", "W = I, b = (0.5 -0.5) on (2 3)");
    assert_eq!(size, "6");
}

#[test]
fn a_param_view_taken_before_new_net_shows_the_net_weights() {
    let (px, w, out, size) = with_interp(|it| {
        run(it, NET);
        run(it, "(==> n forget 3)");
        let px = numbers(it, "px");
        let w = numbers(it, "(==> n weights)");
        run(it, "(array-fill px 0) (px 5 1)");
        let out = eval(it, "(==> n fprop [[[2 3]]])").expect("fprop");
        (px, w, out, eval(it, "(==> p size)").expect("size"))
    });
    assert_eq!(px, w, "the old view shows the net's weights after forget");
    assert_eq!(out, "[0 1]", "writing the old view changed the net");
    assert_eq!(size, "0", "the param got a fresh pool");
}

#[test]
fn a_saved_weight_matrix_restores_the_test_results() {
    let dir = common::temp_dir("sn-live-views-");
    let path = dir.join("w.mat");
    let p = path.to_string_lossy().replace('\\', "/");
    let (before, forgotten, restored) = with_interp(move |it| {
        run(it, "(seed 4) (setq d (toy-data 60))");
        run(it, NET);
        run(it, "(train-net n (new-trainer 1 0.2) d d 3)");
        let before = eval(it, "(cdr (reverse (cdr (reverse (==> n test d)))))").expect("test");
        run(
            it,
            &format!("(save-matrix (==> n weights) \"{p}\") (==> n forget 9)"),
        );
        let forgotten = eval(it, "(cdr (reverse (cdr (reverse (==> n test d)))))").expect("test");
        run(
            it,
            &format!("(array-copy (load-matrix \"{p}\") (==> n weights))"),
        );
        let restored = eval(it, "(cdr (reverse (cdr (reverse (==> n test d)))))").expect("test");
        (before, forgotten, restored)
    });
    assert_ne!(before, forgotten, "forget changed the net");
    assert_eq!(
        before, restored,
        "(cost error%) restored by array-copy into the view"
    );
}

#[test]
fn a_module_weights_view_is_its_parameters_and_writing_it_changes_it() {
    let (shape, sums) = with_interp(|it| {
        run(
            it,
            "(setq p (new-param)) (new-full p 3 3) (setq c (new-conv p 2 3 3 3))",
        );
        let shape = eval(
            it,
            "(list (==> c nparams) (idx-dim (==> c weights) 0) (dims-of (==> c kernel)) (dims-of (==> c bias)))",
        )
        .expect("shapes");
        run(
            it,
            "(setq w (==> c weights)) (setq in (new-state 1 2 5 5)) (setq out (new-state 1 3 3 3))",
        );
        run(
            it,
            "(array-fill (==> in x) 1) (array-fill w 0) ((==> c bias) 2 1)",
        );
        run(it, "(==> c fprop in out)");
        let s1 = num(it, "(idx-sum (==> out x))");
        // the kernel view is the first part of the weights view
        run(it, "(array-fill (==> c kernel) 0.5) (==> c fprop in out)");
        let s2 = num(it, "(idx-sum (==> out x))");
        (shape, (s1, s2, numbers(it, "(idx-narrow w 0 3 54)")))
    });
    assert_eq!(shape, "(57 57 (6 3 3) (3))");
    assert_eq!(sums.0, 9.0, "bias 1 on map 2 only");
    // each output: 2 maps x 9 taps x 0.5, plus the bias
    assert_eq!(sums.1, 27.0 * 9.0 + 9.0);
    assert_eq!(sums.2, vec![0.0, 0.0, 1.0]);
}

#[test]
fn a_module_weights_view_stays_live_in_its_net() {
    let out = with_interp(|it| {
        run(it, NET);
        run(it, "(array-fill (==> f weights) 0) ((==> f bias) 1 3)");
        eval(it, "(==> n fprop [[[2 3]]])").expect("fprop")
    });
    assert_eq!(out, "[0 3]");
}

#[test]
fn training_changes_what_an_earlier_weights_view_shows() {
    let (w0, w1, w2, m0, m1) = with_interp(|it| {
        run(it, "(seed 5) (setq d (toy-data 40))");
        run(it, NET);
        run(
            it,
            "(setq w (==> n weights)) (setq fw (==> f weights)) (setq snap (array-copy w))",
        );
        let w0 = numbers(it, "snap");
        run(it, "(train-net n (new-trainer 1 0.2) d d 1)");
        let w1 = numbers(it, "w");
        let m0 = numbers(it, "fw");
        run(it, "(==> (new-trainer 4 0.2) train-epoch n d)");
        let w2 = numbers(it, "w");
        (w0, w1, w2, m0, numbers(it, "fw"))
    });
    assert_ne!(w0, w1, "train-net changed the weights seen by the view");
    assert_ne!(w1, w2, "train-epoch changed them again");
    assert_eq!(m0, w1, "the module's view is the same storage");
    assert_eq!(m1, w2);
}

#[test]
fn reentrant_use_is_refused_without_panic() {
    let r = with_interp(|it| {
        run(it, FULL);
        eval(it, "(==> f fprop in in)")
    });
    let e = r.expect_err("the same state twice");
    assert!(e.contains("in use"), "{e}");
}
