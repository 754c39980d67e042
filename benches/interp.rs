//! Interpreter benchmarks: recursive calls, loops with `setq` and `incr`,
//! list building. The same programs in Python are in `benches/interp.py`.

use criterion::{criterion_group, criterion_main, Criterion};
use sn::lisp::Interp;

const PROGRAMS: &[(&str, &str, &str)] = &[
    (
        "fib-25",
        "(de fib (n) (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2)))))",
        "(fib 25)",
    ),
    (
        "sum-setq-1e6",
        "(setq s 0)",
        "(progn (setq s 0) (for (i 1 1000000) (setq s (+ s i))))",
    ),
    (
        "sum-incr-1e6",
        "(setq s 0)",
        "(progn (setq s 0) (for (i 1 1000000) (incr s i)))",
    ),
    (
        "list-build-1e6",
        "(setq l ())",
        "(progn (setq l ()) (for (i 1 1000000) (setq l (cons i l))) (length l))",
    ),
    (
        "call-loop-1e6",
        "(de add3 (a b c) (+ a b c))",
        "(let ((s 0)) (for (i 1 1000000) (setq s (add3 s i 1))) s)",
    ),
    (
        "map-lambda-1e6",
        "(setq numbers (range 1 1000000))",
        "(length (mapcar (lambda (x) (* x x)) numbers))",
    ),
    (
        "while-let-1e6",
        "()",
        "(let ((i 0) (s 0)) (while (< i 1000000) (let ((j (* i 2))) (setq s (+ s j))) (incr i)) s)",
    ),
    (
        "array-elt-1e6",
        "(setq vector (matrix 1000))",
        "(for (i 0 999) (for (k 0 999) (vector i (+ (vector i) 1))))",
    ),
    (
        "method-1e6",
        "(progn (defclass counter object (n 0)) (defmethod counter bump () (setq n (+ n 1))) (setq a-counter (new counter)))",
        "(for (i 1 1000000) (==> a-counter bump))",
    ),
];

fn interp(c: &mut Criterion) {
    let mut g = c.benchmark_group("interp");
    g.sample_size(10);
    for (name, setup, run) in PROGRAMS {
        let mut it = Interp::new();
        if let Err(e) = it.eval_str(setup) {
            panic!("setup of {name} failed: {e:?}");
        }
        g.bench_function(*name, |b| {
            b.iter(|| match it.eval_str(run) {
                Ok(v) => v,
                Err(e) => panic!("{name} failed: {e:?}"),
            })
        });
    }
    g.finish();
}

criterion_group!(benches, interp);
criterion_main!(benches);
