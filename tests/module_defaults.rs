//! Sensible defaults of the modules level: a new trainable module starts
//! initialised (weights and biases uniform in ±1/√fan-in, as PyTorch),
//! drawn from the global random generator so that `(seed n)` reproduces a
//! network; `forget` re-initialises as before; assembling modules that do
//! not fit one another fails at `new-net` with both modules and shapes.

mod common;

use sn::lisp::Interp;

/// An error: kind, message, culprit (printed).
type Failure = (String, String, Option<String>);

/// Lisp helpers: the values of a 1-D array as text, full precision.
const HELPERS: &str = r#"
(de values-text (w)
  (let ((s ""))
    (for (i 0 (- (idx-dim w 0) 1))
      (setq s (concat s " " (sprintf "%.9f" (w i)))))
    s))
"#;

/// Runs `f` with a fresh interpreter (helpers loaded) on a thread with
/// the interpreter's stack.
fn with_interp<T: Send + 'static>(f: impl FnOnce(&mut Interp) -> T + Send + 'static) -> T {
    common::with_interp(HELPERS, f)
}

/// Evaluates `code`: the printed value, or the error.
fn eval(it: &mut Interp, code: &str) -> Result<String, Failure> {
    match it.eval_source(code, "defaults.lsp", false) {
        Ok(v) => Ok(sn::lisp::printer::repr(&v)),
        Err(u) => {
            let e = u.into_error();
            let c = e.culprit.as_ref().map(sn::lisp::printer::repr);
            Err((e.kind.name().to_string(), e.message.clone(), c))
        }
    }
}

/// The numbers of a string value printed by `values-text`.
fn numbers(it: &mut Interp, code: &str) -> Vec<f64> {
    common::parse_numbers(&eval(it, &format!("(values-text {code})")).expect("values"))
}

/// A small net: conv 2 -> 3 maps 3x3 (fan-in 18) on 2x5x5, stanh, full
/// 27 -> 4 (fan-in 27): 57 then 112 parameters.
const SMALL: &str = "(let ((p (new-param)))
  (new-net p (new-seq p (new-conv p 2 3 3 3) (new-stanh) (new-full p 27 4))
           (new-cost 'sqerr 4) '(2 5 5)))";

/// Checks that `v` is within ±bound and spread over it (not all zero).
fn check_segment(v: &[f64], bound: f64, what: &str) {
    let max = v.iter().fold(0f64, |m, x| m.max(x.abs()));
    assert!(
        max <= bound + 1e-7,
        "{what}: |w| up to {max}, above 1/sqrt(fan-in) = {bound}"
    );
    assert!(
        max > 0.6 * bound,
        "{what}: |w| only up to {max} of {bound}: not initialised"
    );
    assert!(
        v.iter().any(|&x| x < 0.0) && v.iter().any(|&x| x > 0.0),
        "{what}: one sign only"
    );
}

#[test]
fn a_fresh_module_net_is_initialised_within_fan_in_bounds() {
    let w = with_interp(|it| {
        eval(it, &format!("(setq n {SMALL})")).expect("assembles");
        numbers(it, "(==> n weights)")
    });
    assert_eq!(w.len(), 57 + 112);
    assert!(w.iter().any(|&x| x != 0.0), "all weights are zero");
    check_segment(&w[..57], 1.0 / 18f64.sqrt(), "conv kernels and biases");
    check_segment(&w[57..], 1.0 / 27f64.sqrt(), "full weights and biases");
    // the conv's bound is above the full's: the full did not get the conv's fan-in
    assert!(w[57..].iter().all(|x| x.abs() <= 1.0 / 27f64.sqrt() + 1e-7));
}

#[test]
fn subsampling_starts_near_the_average() {
    let w = with_interp(|it| {
        eval(it, "(setq p (new-param)) (new-subsample p 6 2)").expect("subsample");
        numbers(it, "(==> p x)")
    });
    assert_eq!(w.len(), 12);
    assert!(
        w[..6].iter().all(|c| (0.8..=1.2).contains(c)),
        "coefficients {w:?}"
    );
    assert!(w[6..].iter().all(|b| b.abs() <= 0.1), "biases {w:?}");
    assert!(w[6..].iter().any(|&b| b != 0.0), "biases all zero");
}

#[test]
fn the_global_seed_reproduces_a_net_and_another_seed_changes_it() {
    let (a, b, c, draws) = with_interp(|it| {
        let net = |it: &mut Interp, s: u32| {
            eval(it, &format!("(seed {s}) (setq n {SMALL})")).expect("net");
            numbers(it, "(==> n weights)")
        };
        let (a, b, c) = (net(it, 7), net(it, 7), net(it, 8));
        // building draws from the global generator: (rand) after it differs
        let r0 = eval(it, "(seed 7) (rand)").expect("rand");
        let r1 = eval(it, &format!("(seed 7) {SMALL} (rand)")).expect("rand");
        (a, b, c, (r0, r1))
    });
    assert_eq!(a, b, "same seed, same net");
    assert_ne!(a, c, "another seed, another net");
    assert_ne!(
        draws.0, draws.1,
        "building a net draws from the global generator"
    );
}

#[test]
fn forget_reinitialises_as_before_whatever_the_seed() {
    // a LeNet-1 from modules (lisp/lenet.lsp's table) forgotten with seed
    // 1 is the built-in (lenet1 1), whatever the global seed at creation
    let (lisp5, lisp9, builtin) = with_interp(|it| {
        eval(it, "(libload \"lenet\")").expect("lenet.lsp");
        let net = |it: &mut Interp, s: u32| {
            let code = format!(
                "(seed {s})
                 (let* ((m (lenet1-modules)) (p (car m)) (seq (cadr m)))
                   (setq n (new-net p seq (new-cost 'sqerr 10) '(1 28 28))))
                 (==> n forget 1)"
            );
            eval(it, &code).expect("lenet1 from modules");
            numbers(it, "(==> n weights)")
        };
        let (a, b) = (net(it, 5), net(it, 9));
        (a, b, numbers(it, "(==> (lenet1 1) weights)"))
    });
    assert_eq!(lisp5.len(), 2578);
    assert_eq!(lisp5, lisp9);
    assert_eq!(lisp5, builtin);
}

/// The error of `code` in a fresh interpreter.
fn error_of(code: &'static str) -> Failure {
    with_interp(move |it| match eval(it, code) {
        Ok(v) => panic!("expected an error from {code}, got {v}"),
        Err(e) => e,
    })
}

#[test]
fn a_misfit_at_the_input_fails_at_assembly_with_both_shapes() {
    let (kind, msg, culprit) = error_of(
        "(setq p (new-param))
         (new-net p (new-seq p (new-full p 100 10)) (new-cost 'sqerr 10) '(1 28 28))",
    );
    assert_eq!(kind, "shape", "{msg}");
    for part in [
        "new-net",
        "the input gives (1 28 28)",
        "module 1 (full 100 -> 10)",
        "takes (100)",
    ] {
        assert!(msg.contains(part), "{part:?} not in {msg:?}");
    }
    assert!(culprit.is_some(), "no culprit: {msg}");
}

#[test]
fn a_misfit_inside_the_sequence_names_both_modules() {
    let (kind, msg, _) = error_of(
        "(setq p (new-param))
         (new-net p (new-seq p (new-conv p 1 4 5 5) (new-stanh) (new-subsample p 4 2)
                               (new-stanh) (new-full p 100 10))
                  (new-cost 'sqerr 10) '(1 28 28))",
    );
    assert_eq!(kind, "shape", "{msg}");
    for part in [
        "module 4 (stanh) gives (4 12 12)",
        "module 5 (full 100 -> 10) takes (100)",
    ] {
        assert!(msg.contains(part), "{part:?} not in {msg:?}");
    }
}

#[test]
fn modules_that_fit_no_input_are_refused_by_new_seq_and_given_back() {
    let (kind, msg, culprit) = error_of(
        "(setq p (new-param))
         (new-seq p (new-conv p 1 4 5 5) (new-conv p 6 2 3 3) (new-full p 2 2))",
    );
    assert_eq!(kind, "shape", "{msg}");
    for part in [
        "new-seq",
        "module 1 (conv 1->4",
        "module 2 (conv 6->2",
        "takes (6 >=3 >=3)",
        "whatever the input",
    ] {
        assert!(msg.contains(part), "{part:?} not in {msg:?}");
    }
    assert!(culprit.is_some(), "no culprit: {msg}");
    // 4 maps of any size never make 7 inputs
    let (kind, msg, _) = error_of(
        "(setq p (new-param))
         (new-seq p (new-conv p 1 4 5 5) (new-stanh) (new-subsample p 4 2) (new-full p 7 10))",
    );
    assert_eq!(kind, "shape", "{msg}");
    assert!(msg.contains("module 4 (full 7 -> 10) takes (7)"), "{msg}");
    // a refused sequence moves nothing: its modules assemble again
    let ok = with_interp(|it| {
        eval(
            it,
            "(setq p (new-param) c (new-conv p 1 4 5 5) s (new-subsample p 6 2) f (new-full p 64 10))
             (catch-error (new-seq p c s f))
             (setq n (new-net p (new-seq p c (new-subsample p 4 2) f) (new-cost 'sqerr 10) '(1 12 12)))
             (==> n nparams)",
        )
    });
    // conv 4·25+4, subsampling 4·2, full 64·10+10
    assert_eq!(ok.as_deref(), Ok("762"), "{ok:?}");
    // the same module twice is refused, and nothing is moved
    let (kind, msg, _) = error_of("(setq p (new-param) c (new-conv p 1 4 5 5)) (new-seq p c c)");
    assert_eq!(kind, "domain", "{msg}");
    assert!(msg.contains("given twice"), "{msg}");
}

#[test]
fn lenet1_and_lenet5_from_modules_still_assemble() {
    let (l1, l5, builtin) = with_interp(|it| {
        eval(it, "(libload \"lenet\")").expect("lenet.lsp");
        let l1 = eval(
            it,
            "(let* ((m (lenet1-modules)))
               (setq n1 (new-net (car m) (cadr m) (new-cost 'sqerr 10) '(1 28 28))))
             (list (==> n1 nparams) (==> n1 connections))",
        );
        let l5 = eval(
            it,
            "(setq p (new-param))
             (setq n5 (new-net p
               (new-seq p (new-conv p 1 6 5 5) (new-stanh) (new-subsample p 6 2) (new-stanh)
                          (new-conv p 6 16 5 5 1 (lenet5-c3-table)) (new-stanh)
                          (new-subsample p 16 2) (new-stanh)
                          (new-conv p 16 120 5 5) (new-stanh)
                          (new-full p 120 84) (new-stanh) (new-rbf 84 10))
               (new-cost 'rbf 10) '(1 32 32)))
             (list (==> n5 nparams) (==> n5 connections))",
        );
        let builtin = eval(
            it,
            "(let ((n (lenet1 1))) (list (==> n nparams) (==> n connections)))",
        );
        (l1, l5, builtin.expect("lenet1"))
    });
    assert_eq!(l1.expect("LeNet-1 assembles"), builtin);
    assert!(builtin.starts_with("(2578 "), "{builtin}");
    assert_eq!(l5.expect("LeNet-5 assembles"), "(60000 340908)");
}
