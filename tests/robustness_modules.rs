//! Robustness of the modules level (gblearn2 style): every object method
//! called with the object itself, with objects of every other type and
//! with hostile numbers and arrays never panics; costs check their
//! output's shape; a module whose param went into a network says so;
//! sizes from the user go through the memory budget; NaN stops training
//! and is neither saved nor loaded; the trainer's settings are checked.

mod common;

use std::cell::RefCell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::process::Command;
use std::rc::Rc;

use sn::lisp::{Interp, Output};

/// The error of a piece of code: kind, message, culprit (printed).
type Failure = (String, String, Option<String>);

/// An interpreter with its output in a buffer.
fn interp() -> (Interp, Rc<RefCell<Vec<u8>>>) {
    let mut it = Interp::new();
    let buf = Rc::new(RefCell::new(Vec::new()));
    it.output = Output::Buffer(buf.clone());
    (it, buf)
}

/// Evaluates `code`; its error, if any.
fn eval(it: &mut Interp, code: &str) -> Result<String, Failure> {
    match it.eval_source(code, "modules.lsp", false) {
        Ok(v) => Ok(sn::lisp::printer::repr(&v)),
        Err(u) => {
            let e = u.into_error();
            let c = e.culprit.as_ref().map(sn::lisp::printer::repr);
            Err((e.kind.name().to_string(), e.message.clone(), c))
        }
    }
}

/// Runs `f` with a fresh interpreter on a thread with the interpreter's
/// stack; a panic fails the test.
fn with_interp<T: Send + 'static>(
    f: impl FnOnce(&mut Interp, Rc<RefCell<Vec<u8>>>) -> T + Send + 'static,
) -> T {
    common::on_interp_thread(move || {
        let (mut it, buf) = interp();
        f(&mut it, buf)
    })
}

/// The error of `code` run alone (kind, message, culprit).
fn error_of(code: &str) -> Failure {
    let code = code.to_string();
    with_interp(move |it, _| match eval(it, &code) {
        Ok(v) => panic!("expected an error from {code}, got {v}"),
        Err(e) => e,
    })
}

/// Asserts that `code` fails with `kind`, with a culprit, and returns the message.
fn expect_error(code: &str, kind: &str) -> String {
    let (k, msg, culprit) = error_of(code);
    assert_eq!(k, kind, "{code}: {msg}");
    assert!(culprit.is_some(), "{code}: no culprit ({msg})");
    msg
}

/// Runs the `sn` binary on `code` with a memory budget; returns
/// (exit code, stderr).
fn sn_binary(code: &str, memory: &str) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_sn"))
        .args(["-e", code])
        .env("SN_MEMORY", memory)
        .output()
        .expect("running sn");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Objects of every type of the modules level, as globals.
const SETUP: &str = r#"
(libload "lenet")
(setq st (new-state 2 3))
(setq st4 (new-state 1 1 6 6))
(setq pa (new-param))
(setq fu (new-full pa 3 4))
(setq cv (new-conv pa 1 2 3 3))
(setq su (new-subsample pa 2 2))
(setq mp (new-maxpool 2 2))
(setq th (new-stanh))
(setq rb (new-rbf 4 3))
(setq pd (new-pad 1))
(setq pb (new-param))
(setq sq (new-seq pb (new-full pb 3 4) (new-stanh)))
(setq csq (new-cost 'sqerr 4))
(setq crb (new-cost 'rbf 3))
(setq cce (new-cost 'softmax-ce 4))
(setq nt (lenet1 1))
(setq ds (array-dataset (matrix 4 28 28) '(0 1 2 3)))
(setq tr (new-trainer 2 0.01))
(setq pc (new-param))
(setq nt2 (new-net pc (new-seq pc (new-full pc 3 4)) (new-cost 'sqerr 4) '(3)))
"#;

/// The objects made by [`SETUP`].
const OBJECTS: &[&str] = &[
    "st", "st4", "pa", "fu", "cv", "su", "mp", "th", "rb", "pd", "sq", "csq", "crb", "cce", "nt",
    "ds", "tr", "nt2",
];

/// Other arguments: numbers of every sort, arrays of every rank, lists,
/// strings.
const VALUES: &[&str] = &[
    "0",
    "-1",
    "1e300",
    "(/ 0 0)",
    "2.5",
    "(matrix 0)",
    "(matrix 2 3)",
    "(matrix 1 1 28 28)",
    "(matrix 3 3 3 3 3)",
    "'()",
    "'(1 2)",
    "'(-1 1e12)",
    "\"/no-such-folder-sn/str\"",
];

/// Every method of every object type, from the dispatch code
/// (src/builtins/modules/objects.rs and net.rs).
const METHODS: &[&str] = &[
    // state
    "x",
    "dx",
    "ddx",
    "dims",
    "set-x",
    "clear-dx",
    "clear-ddx",
    // param
    "size",
    "eps",
    "update",
    "set-eps",
    // module
    "fprop",
    "bprop",
    "bbprop",
    "forget",
    "nparams",
    "describe",
    "out-dims",
    // cost
    "classify",
    // data set
    "shape",
    "sample",
    "batch",
    "label",
    // net
    "connections",
    "input-dims",
    "set-par",
    "weights",
    "save",
    "load",
    "test",
    // trainer
    "age",
    "epoch",
    "set-schedule",
    "train-epoch",
];

/// Calls every method of every object with no argument, one argument and
/// two arguments drawn from all objects and hostile values; returns the
/// calls that panicked, and how many calls succeeded and failed.
fn call_everything(dir: String) -> (Vec<String>, usize, usize) {
    let (mut ok, mut failed) = (0, 0);
    let mut panics = Vec::new();
    let (mut it, _) = interp();
    eval(&mut it, SETUP).expect("setup");
    let file = format!("\"{dir}/f.par\"");
    let mut args: Vec<String> = OBJECTS.iter().map(|s| s.to_string()).collect();
    args.extend(VALUES.iter().map(|s| s.to_string()));
    args.push(file);
    let mut calls = Vec::new();
    for o in OBJECTS {
        for m in METHODS {
            calls.push(format!("(==> {o} {m})"));
            for a in &args {
                calls.push(format!("(==> {o} {m} {a})"));
                for b in &args {
                    calls.push(format!("(==> {o} {m} {a} {b})"));
                }
            }
            calls.push(format!("(==> {o} {m} st st4 1 1 1)"));
        }
    }
    for c in calls {
        let r = catch_unwind(AssertUnwindSafe(|| eval(&mut it, &c).is_ok()));
        match r {
            Ok(true) => ok += 1,
            Ok(false) => failed += 1,
            Err(_) => {}
        }
        if r.is_err() {
            panics.push(c);
            let (fresh, _) = interp();
            it = fresh;
            eval(&mut it, SETUP).expect("setup");
        }
    }
    (panics, ok, failed)
}

#[test]
fn every_method_with_every_object_and_hostile_value_never_panics() {
    let tmp = tempdir("calls");
    let dir = tmp.display().to_string();
    let d = dir.clone();
    let (panics, ok, failed) = with_interp(move |_, _| call_everything(d));
    assert!(
        ok > 500 && failed > 100_000,
        "{ok} calls worked, {failed} failed"
    );
    assert!(
        panics.is_empty(),
        "{} calls panicked, e.g. {:?}",
        panics.len(),
        &panics[..panics.len().min(10)]
    );
}

#[test]
fn an_object_passed_to_its_own_method_is_an_error_not_a_panic() {
    for (make, call) in [
        ("(new-state 1 2)", "set-x o"),
        ("(new-param)", "set-x o"),
        ("(new-cost 'sqerr 3)", "fprop o 1"),
        ("(new-cost 'rbf 3)", "classify o"),
        ("(new-full (new-param) 2 3)", "fprop o o"),
        ("(progn (libload \"lenet\") (lenet1 1))", "test o"),
        ("(new-trainer 1 0.1)", "train-epoch o o"),
    ] {
        let code = format!("(let ((o {make})) (==> o {call}))");
        let (k, msg, culprit) = error_of(&code);
        assert_eq!(k, "type", "{code}: {msg}");
        assert!(culprit.is_some_and(|c| !c.is_empty()), "{code}: {msg}");
    }
}

#[test]
fn a_module_given_the_same_state_twice_says_it_is_in_use() {
    let msg = expect_error(
        "(let ((s (new-state 1 2))) (==> (new-full (new-param) 2 2) fprop s s))",
        "domain",
    );
    assert!(msg.contains("in use"), "{msg}");
}

#[test]
fn classify_checks_the_width_of_the_output() {
    for kind in ["sqerr", "rbf", "softmax-ce"] {
        let msg = expect_error(
            &format!("(==> (new-cost '{kind} 3) classify (new-state 1 2))"),
            "shape",
        );
        assert!(msg.contains("[1, 3]") && msg.contains("[1, 2]"), "{msg}");
    }
}

#[test]
fn a_net_whose_cost_reads_more_outputs_than_the_sequence_gives_is_refused() {
    let msg = expect_error(
        "(let ((p (new-param))) (new-net p (new-seq p (new-full p 3 4)) (new-cost 'sqerr 10) '(3)))",
        "shape",
    );
    assert!(msg.contains("10 classes"), "{msg}");
}

#[test]
fn a_cost_put_in_a_net_keeps_its_class_count() {
    let out = with_interp(|it, _| {
        eval(
            it,
            "(setq p (new-param)) (setq c (new-cost 'softmax-ce 4)) \
             (setq n (new-net p (new-seq p (new-full p 3 4)) c '(3)))",
        )
        .expect("net");
        let c = eval(
            it,
            "(==> c classify (let ((s (new-state 1 4))) (==> s set-x [[0 0 5 0]]) s))",
        );
        let d = eval(it, "(==> n describe)");
        (c, d)
    });
    assert_eq!(
        out.0.as_deref(),
        Ok("2"),
        "the cost still works after new-net"
    );
    let d = out.1.expect("describe");
    assert!(d.contains("softmax-ce"), "{d}");
}

#[test]
fn a_module_whose_param_went_into_a_net_says_so() {
    let setup = "(setq p (new-param)) (setq f (new-full p 2 3)) (setq g (new-full p 3 3)) \
                 (setq n (new-net p (new-seq p g) (new-cost 'sqerr 3) '(3)))";
    for call in [
        "(==> f forget)",
        "(==> f fprop (new-state 1 2) (new-state 1 3))",
    ] {
        let msg = expect_error(&format!("(progn {setup} {call})"), "domain");
        assert!(msg.contains("moved into a network"), "{msg}");
    }
    // the param itself can be used again, for new modules
    let ok = with_interp(move |it, _| {
        eval(it, setup).expect("setup");
        eval(
            it,
            "(==> (new-full p 2 3) fprop (new-state 1 2) (new-state 1 3))",
        )
    });
    assert!(ok.is_ok(), "{ok:?}");
}

#[test]
fn huge_sizes_are_memory_errors_before_any_allocation() {
    for code in [
        "(new-rbf 1e6 1e6)",
        "(new-rbf 100000 100000)",
        "(new-cost 'sqerr 100000)",
        "(==> (new-state 1 2) set-x (matrix 20000 20000))",
        "(progn (libload \"lenet\") (==> (lenet5 1) fprop (matrix 100000 1 32 32)))",
        "(new-conv (new-param) 4096 4096 3 3)",
        "(new-state 100000 100000 100000 100000)",
        "(new-full (new-param) 100000 100000)",
    ] {
        let (status, err) = sn_binary(code, "256M");
        assert_eq!(status, Some(1), "{code}: {err}");
        assert!(err.contains("[memory]"), "{code}: {err}");
        assert!(err.contains("culprit"), "{code}: {err}");
    }
}

#[test]
fn big_batches_inside_a_network_are_checked_against_the_budget() {
    // 20 000 samples fit the cap but not 256 MiB for the conv workspaces
    let (status, err) = sn_binary(
        "(progn (libload \"lenet\") (==> (lenet5 1) fprop (matrix 20000 1 32 32)))",
        "256M",
    );
    assert_eq!(status, Some(1), "{err}");
    assert!(err.contains("[memory]"), "{err}");
}

/// A fresh folder under the system's temporary folder, removed when
/// dropped.
fn tempdir(tag: &str) -> common::TempDir {
    common::temp_dir(&format!("sn-robust-modules-{tag}-"))
}

/// A small net, trainer and data set (with a NaN pixel in sample 1 when `nan`).
fn small_training(nan: bool) -> String {
    format!(
        "(setq p (new-param)) \
         (setq n (new-net p (new-seq p (new-full p 16 3) (new-stanh)) (new-cost 'sqerr 3) '(1 4 4))) \
         (setq x (matrix 6 4 4)) \
         {} \
         (setq d (array-dataset x '(0 1 2 0 1 2))) \
         (setq tr (new-trainer 2 0.1)) \
         (setq train-net-quiet t)",
        if nan { "(setq x (matrix 6 4 4)) (x 1 2 2 (/ 0 0))" } else { "" }
    )
}

#[test]
fn training_on_nan_stops_with_an_error_and_keeps_the_weights() {
    let r = with_interp(|it, buf| {
        eval(it, &small_training(true)).expect("setup");
        let before = eval(it, "(==> n weights)").expect("weights");
        let e = eval(it, "(train-net n tr d d 2)");
        let after = eval(it, "(==> n weights)").expect("weights");
        let out = String::from_utf8_lossy(&buf.borrow()).into_owned();
        (before, e, after, out)
    });
    let (k, msg, _) = r.1.expect_err("training on NaN must fail");
    assert_eq!(k, "domain", "{msg}");
    assert!(msg.contains("NaN"), "{msg}");
    assert_ne!(r.0, r.2, "the samples before the NaN one were learnt");
    assert!(!r.2.contains("nan"), "a NaN cost makes no update: {}", r.2);
    assert_eq!(r.3.matches("warning").count(), 1, "{}", r.3);
}

#[test]
fn non_finite_weights_are_not_saved_and_not_loaded() {
    let tmp = tempdir("nan");
    let dir = tmp.display().to_string();
    let file = format!("{dir}/w.par");
    let f2 = file.clone();
    with_interp(move |it, _| {
        eval(it, &small_training(false)).expect("setup");
        eval(it, &format!("(==> n save \"{f2}\")")).expect("a finite save");
    });
    // a file holding a NaN is refused at load
    let mut bytes = std::fs::read(&file).expect("saved");
    let n = bytes.len();
    bytes[32..36].copy_from_slice(&f32::NAN.to_le_bytes());
    // fix the checksum so that only the NaN is wrong
    let sum = bytes[..n - 8]
        .iter()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
            (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
        });
    bytes[n - 8..].copy_from_slice(&sum.to_le_bytes());
    std::fs::write(&file, &bytes).expect("write");
    let f3 = file.clone();
    let load = with_interp(move |it, _| {
        eval(it, &small_training(false)).expect("setup");
        let before = eval(it, "(==> n weights)").expect("weights");
        let e = eval(it, &format!("(==> n load \"{f3}\")"));
        let after = eval(it, "(==> n weights)").expect("weights");
        (before, e, after)
    });
    let (k, msg, culprit) = load.1.expect_err("a NaN file must be refused");
    assert_eq!(k, "format", "{msg}");
    assert!(msg.contains("NaN"), "{msg}");
    assert!(culprit.is_some());
    assert_eq!(load.0, load.2, "a refused file leaves the net as it was");
}

#[test]
fn a_net_with_nan_weights_refuses_to_save_and_names_the_module() {
    let tmp = tempdir("nansave");
    let dir = tmp.display().to_string();
    let file = format!("{dir}/w.par");
    let f2 = file.clone();
    let e = with_interp(move |it, _| {
        eval(it, &small_training(false)).expect("setup");
        // from zero weights (new modules start random: their outputs would
        // saturate on the huge inputs below and stop the gradients), a huge
        // learning rate through a schedule poisons every weight
        eval(
            it,
            "(setq p (new-param)) (setq f (new-full p 16 3)) (==> p set-x (matrix 51)) \
             (setq n (new-net p (new-seq p f (new-stanh)) (new-cost 'sqerr 3) '(1 4 4)))",
        )
        .expect("a net from zero weights");
        eval(it, "(==> tr set-schedule '((0 1e30)))").expect("schedule");
        eval(it, "(setq x2 (matrix 6 4 4)) (x2 () () () 1e30) (setq d2 (array-dataset x2 '(0 1 2 0 1 2)))")
            .expect("data");
        let t = eval(it, "(==> tr train-epoch n d2)");
        let s = eval(it, &format!("(==> n save \"{f2}\")"));
        (t, s)
    });
    let (k, msg, _) = e.1.expect_err("saving NaN weights must fail");
    assert_eq!(k, "domain", "{msg} (training gave {:?})", e.0);
    assert!(msg.contains("module 1 (full)"), "{msg}");
    assert!(!std::path::Path::new(&file).exists(), "nothing written");
}

#[test]
fn a_trainer_with_mu_zero_or_negative_is_refused() {
    for code in [
        "(new-trainer 1 0.1 0 0 0)",
        "(new-trainer 1 0.1 0 0 -1)",
        "(new-trainer 'paper 0)",
        "(new-trainer 1 (/ 0 0))",
        "(new-trainer 0 0.1)",
    ] {
        let msg = expect_error(code, "domain");
        assert!(!msg.is_empty(), "{code}");
    }
    let msg = expect_error("(==> (new-param) set-eps 0 1)", "domain");
    assert!(msg.contains("mu"), "{msg}");
}

#[test]
fn a_checkpoint_in_a_missing_folder_fails_before_training() {
    let r = with_interp(|it, _| {
        eval(it, &small_training(false)).expect("setup");
        let e = eval(it, "(train-net n tr d d 3 \"/no-such-folder-sn/ck.par\")");
        let epoch = eval(it, "(==> tr epoch)");
        (e, epoch)
    });
    let (k, msg, culprit) = r.0.expect_err("must fail");
    assert_eq!(k, "io", "{msg}");
    assert!(msg.contains("does not exist"), "{msg}");
    assert!(culprit.is_some());
    assert_eq!(r.1.as_deref(), Ok("0"), "no pass was trained");
}

#[test]
fn train_net_resumed_past_its_last_pass_returns_the_test_error() {
    let tmp = tempdir("resume");
    let dir = tmp.display().to_string();
    let ck = format!("{dir}/ck.par");
    let r = with_interp(move |it, _| {
        eval(it, &small_training(false)).expect("setup");
        let first = eval(it, &format!("(train-net n tr d d 2 \"{ck}\")")).expect("train");
        eval(it, &small_training(false)).expect("setup again");
        let again = eval(it, &format!("(train-net n tr d d 2 \"{ck}\")")).expect("resume");
        (first, again)
    });
    assert_ne!(r.1, "()", "a number, as a normal run");
    assert_eq!(r.0, r.1, "the same test error as the last pass");
}

#[test]
fn hostile_constructor_arguments_are_errors() {
    let mut wrong = Vec::new();
    for (code, kind) in [
        ("(new-state -1)", "type"),
        ("(new-state (/ 0 0))", "type"),
        ("(new-full (new-param) 0 3)", "domain"),
        ("(new-conv (new-param) 1 1 0 3)", "domain"),
        ("(new-conv (new-param) 1 1 3 3 1 '((5 0)))", "domain"),
        ("(new-subsample (new-param) 0 2)", "domain"),
        ("(new-maxpool 0 2)", "domain"),
        ("(new-rbf 0 3)", "domain"),
        ("(new-cost 'sqerr 0)", "domain"),
        ("(new-cost 'nope 3)", "domain"),
        ("(new-seq (new-param) 3)", "type"),
        (
            "(new-net (new-param) (new-stanh) (new-cost 'rbf 3) '(3))",
            "domain",
        ),
        (
            "(let ((p (new-param))) (new-net p (new-full p 3 3) (new-cost 'rbf 3) '(3)))",
            "type",
        ),
        ("(array-dataset (matrix 0 2 2) (matrix 0))", "shape"),
        ("(array-dataset (matrix 2 2) '(0 1))", "shape"),
        ("(array-dataset (matrix 2 2 2) '(0 -1))", "type"),
        ("(progn (libload \"lenet\") (lenet5 1 'nope))", "user"),
        ("(new-local (new-param) 1 1 4 4 5 5)", "domain"),
        ("(new-local (new-param) 1 1 4 4 0 3)", "domain"),
        ("(new-wrap -1)", "type"),
        (
            "(progn (libload \"lenet\") (==> (lenet1 1) fprop (matrix 0 1 28 28)))",
            "shape",
        ),
        (
            "(progn (libload \"lenet\") (==> (lenet1 1) fprop (matrix 3 3)))",
            "shape",
        ),
        ("(==> (new-param) update (/ 0 0))", "domain"),
        (
            "(==> (new-trainer 1 0.1) set-schedule '((0 (/ 0 0))))",
            "type",
        ),
    ] {
        let (k, msg, culprit) = error_of(code);
        if k != kind || culprit.is_none() {
            wrong.push(format!("{code}: {k} {msg} (culprit {culprit:?})"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}
