//! Array builtins called with random arguments give values or typed
//! errors, never a panic.

use std::cell::RefCell;
use std::rc::Rc;

use proptest::prelude::*;
use sn::lisp::{Interp, Output};

const FUNCTIONS: &[&str] = &[
    "matrix",
    "array-copy",
    "array-fill",
    "array-rand",
    "array-gauss",
    "idx-clear",
    "idx-ndim",
    "idx-dim",
    "bound",
    "idx-select",
    "idx-narrow",
    "idx-unfold",
    "idx-transpose",
    "idx-reshape",
    "submatrix",
    "idx-add",
    "idx-sub",
    "idx-mul",
    "idx-div",
    "idx-max",
    "idx-min",
    "idx-abs",
    "idx-tanh",
    "idx-minus",
    "idx-sqrt",
    "idx-exp",
    "idx-sqr",
    "idx-addm0",
    "idx-dotm0",
    "idx-clip",
    "idx-sum",
    "idx-sup",
    "idx-inf",
    "idx-indexmax",
    "idx-dotm1",
    "idx-sqrdist",
    "idx-m2timesm2",
    "idx-m2dotm1",
    "idx-m1extm1",
    "dot-product",
    "copy-matrix",
    "image-pad",
    "image-downsample",
    "image-shift",
    "image-affine",
    "image-elastic",
    "image-binarize",
];

const ARGS: &[&str] = &[
    "0",
    "1",
    "2",
    "3",
    "-1",
    "-4",
    "2.5",
    "1e10",
    "-1e10",
    "0.5",
    "()",
    "\"s\"",
    "'x",
    "'(1 2)",
    "[1 2 3]",
    "[[1 2][3 4]]",
    "[[1 2 3][4 5 6]]",
    "(matrix 0)",
    "(matrix)",
    "(matrix 2 3 4)",
    "(matrix 3 3)",
    "(idx-transpose [[1 2][3 4]] 0 1)",
    "(idx-unfold [1 2 3 4] 0 2 1)",
    "(idx-select [[1 2][3 4]] 1 0)",
];

fn form() -> impl Strategy<Value = String> {
    let head = prop_oneof![
        3 => prop::sample::select(FUNCTIONS).prop_map(str::to_string),
        1 => prop::sample::select(&ARGS[14..]).prop_map(|a| a.to_string()),
    ];
    (
        head,
        prop::collection::vec(prop::sample::select(ARGS), 0..6),
    )
        .prop_map(|(h, args)| format!("({h} {})", args.join(" ")))
}

fn run_all(forms: &[String]) {
    let owned = forms.to_vec();
    let h = std::thread::Builder::new()
        .stack_size(sn::toplevel::INTERP_STACK)
        .spawn(move || {
            let mut it = Interp::new();
            it.output = Output::Buffer(Rc::new(RefCell::new(Vec::new())));
            for f in &owned {
                let _ = it.eval_str(f);
            }
        })
        .expect("spawning an interpreter thread");
    assert!(h.join().is_ok(), "the interpreter panicked on {forms:?}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, rng_seed: proptest::test_runner::RngSeed::Fixed(0x5EED_0002), ..ProptestConfig::default() })]

    #[test]
    fn random_array_calls_never_panic(forms in prop::collection::vec(form(), 1..25)) {
        run_all(&forms);
    }
}

#[test]
fn every_listed_builtin_is_defined() {
    let mut it = Interp::new();
    it.output = Output::Buffer(Rc::new(RefCell::new(Vec::new())));
    for f in FUNCTIONS {
        let v = it.eval_str(&format!("(functionp {f})"));
        assert!(
            matches!(v, Ok(ref x) if !x.is_nil()),
            "{f} is not a function"
        );
    }
}
