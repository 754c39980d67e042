//! The space-displacement net of lisp/net-reader.lsp: one module sequence
//! that reads a 32x32 character and, unchanged, a field 32 pixels high
//! and 32 + 4k wide, giving one output vector every 4 pixels. Column t of
//! the field's output is the output of the 32x32 window at pixel column
//! 4t; the field's backward pass is the sum of the windows' (shared
//! weights add their gradients up). Also: reader-net trains through
//! softmax-ce on the (classes 1 1) output, and reader-sdnn carries its
//! weights over.
//!
//! Speed (ignored by default): `cargo test --release --test sdnn --
//! --ignored --nocapture sdnn_speed`.

mod common;

use sn::builtins::modules::objects::ModObj;
use sn::lisp::{Interp, Value};
use sn_modules::{Ctx, Module, Pool, Rng, State};

const CLASSES: usize = 12;
const CTX: Ctx = Ctx {
    par: false,
    grad_in: true,
};

fn eval(it: &mut Interp, code: &str) -> Value {
    it.eval_source(code, "sdnn", false)
        .unwrap_or_else(|e| panic!("{code}: {}", e.into_error().message))
}

/// Runs `f` on the module and pool of the Lisp module value of `code`.
fn with_module<R>(
    it: &mut Interp,
    code: &str,
    f: impl FnOnce(&mut dyn Module, &mut Pool) -> R,
) -> R {
    let v = eval(it, code);
    let Value::Native(n) = &v else {
        panic!("{code}: not a module");
    };
    let obj = n.as_any().downcast_ref::<ModObj>().expect("a module");
    let mut m = obj.m.borrow_mut();
    let mut out = None;
    obj.pool
        .with_pool(|pool| {
            out = Some(f(m.as_mut(), pool));
            Ok(())
        })
        .expect("the module's pool");
    out.expect("called")
}

/// A fresh interpreter with net-reader loaded and a recognizer `r` of
/// `CLASSES` classes on param `p`, parameters drawn from seed 3.
fn reader(it: &mut Interp, paper_c3: bool) {
    eval(it, "(libload \"net-reader\")");
    eval(
        it,
        &format!(
            "(progn (setq p (new-param)) (setq r (reader-modules p {CLASSES} {})) (==> r forget 3))",
            if paper_c3 { "t" } else { "()" }
        ),
    );
}

/// Columns `from..from + 32` of a `(b, 1, 32, w)` field.
fn window(field: &State, from: usize) -> State {
    let (b, w) = (field.dims[0], field.dims[3]);
    let mut s = State::new(&[b, 1, 32, 32]).unwrap();
    for k in 0..b {
        for y in 0..32 {
            let src = &field.x[(k * 32 + y) * w + from..][..32];
            s.x[(k * 32 + y) * 32..][..32].copy_from_slice(src);
        }
    }
    s
}

fn fprop(m: &mut dyn Module, pool: &Pool, inp: &State) -> State {
    let mut out = State::default();
    m.fprop(pool, inp, &mut out, CTX).unwrap();
    out
}

/// Checks outputs and gradients of the field against its windows.
fn field_equals_windows(m: &mut dyn Module, pool: &mut Pool, k: usize, seed: u64) {
    let (b, w, n) = (2, 32 + 4 * k, k + 1);
    let mut rng = Rng::new(seed);
    let mut field = State::new(&[b, 1, 32, w]).unwrap();
    field.x.iter_mut().for_each(|v| *v = rng.range(-0.1, 1.175));
    let mut out = fprop(m, pool, &field);
    assert_eq!(out.dims, vec![b, CLASSES, 1, n], "k = {k}");
    let g: Vec<f32> = (0..out.len()).map(|_| rng.range(-1.0, 1.0)).collect();
    out.dx.copy_from_slice(&g);
    pool.clear_dx();
    field.clear_dx();
    m.bprop(pool, &mut field, &out, CTX).unwrap();
    let field_dw = pool.dx.clone();
    // the windows, one by one, their gradients accumulated
    pool.clear_dx();
    let mut dfield = vec![0.0f32; field.len()];
    for t in 0..n {
        let mut win = window(&field, 4 * t);
        let mut wout = fprop(m, pool, &win);
        assert_eq!(wout.dims, vec![b, CLASSES, 1, 1]);
        for s in 0..b {
            for c in 0..CLASSES {
                let (a, e) = (out.x[(s * CLASSES + c) * n + t], wout.x[s * CLASSES + c]);
                assert!(
                    (a - e).abs() <= 1e-5,
                    "k {k} column {t} sample {s} class {c}: {a} vs {e}"
                );
                wout.dx[s * CLASSES + c] = g[(s * CLASSES + c) * n + t];
            }
        }
        win.clear_dx();
        m.bprop(pool, &mut win, &wout, CTX).unwrap();
        for s in 0..b {
            for y in 0..32 {
                let d = &mut dfield[(s * 32 + y) * w + 4 * t..][..32];
                d.iter_mut()
                    .zip(&win.dx[(s * 32 + y) * 32..][..32])
                    .for_each(|(a, v)| *a += v);
            }
        }
    }
    let scale = field_dw
        .iter()
        .fold(0.0f32, |a, v| a.max(v.abs()))
        .max(1e-3);
    for (i, (a, e)) in field_dw.iter().zip(&pool.dx).enumerate() {
        assert!(
            (a - e).abs() <= 1e-4 * scale,
            "k {k} parameter {i}: field {a}, windows {e}"
        );
    }
    let scale = field
        .dx
        .iter()
        .fold(0.0f32, |a, v| a.max(v.abs()))
        .max(1e-3);
    for (i, (a, e)) in field.dx.iter().zip(&dfield).enumerate() {
        assert!(
            (a - e).abs() <= 1e-4 * scale,
            "k {k} input {i}: field {a}, windows {e}"
        );
    }
}

#[test]
fn a_field_reads_as_its_windows_every_4_pixels() {
    common::on_interp_thread(|| {
        for paper_c3 in [false, true] {
            let mut it = Interp::new();
            reader(&mut it, paper_c3);
            with_module(&mut it, "r", |m, pool| {
                for k in 0..=7 {
                    field_equals_windows(m, pool, k, 10 + k as u64);
                }
            });
        }
    });
}

#[test]
fn outputs_are_log_probabilities_and_columns_counted() {
    common::on_interp_thread(|| {
        let mut it = Interp::new();
        reader(&mut it, false);
        let d = eval(&mut it, "(==> r out-dims '(1 1 32 200))");
        assert_eq!(sn::lisp::printer::repr(&d), format!("(1 {CLASSES} 1 43)"));
        assert_eq!(eval(&mut it, "(reader-columns 200)").as_num(), Some(43.0));
        with_module(&mut it, "r", |m, pool| {
            let mut rng = Rng::new(5);
            let mut field = State::new(&[1, 1, 32, 72]).unwrap();
            field.x.iter_mut().for_each(|v| *v = rng.range(-0.1, 1.175));
            let out = fprop(m, pool, &field);
            for t in 0..11 {
                let z: f64 = (0..CLASSES).map(|c| (out.x[c * 11 + t] as f64).exp()).sum();
                assert!(
                    (z - 1.0).abs() < 1e-5,
                    "column {t}: probabilities sum to {z}"
                );
            }
            // widths that are not 32 + 4k: the last 1 to 3 columns read nothing
            for extra in 1..4 {
                let mut wider = State::new(&[1, 1, 32, 72 + extra]).unwrap();
                for y in 0..32 {
                    wider.x[y * (72 + extra)..][..72].copy_from_slice(&field.x[y * 72..][..72]);
                }
                let o = fprop(m, pool, &wider);
                assert_eq!(o.dims, vec![1, CLASSES, 1, 11], "width {}", 72 + extra);
                assert_eq!(o.x, out.x, "width {}", 72 + extra);
                let mut o = o;
                o.dx.iter_mut().for_each(|v| *v = 1.0);
                wider.clear_dx();
                m.bprop(pool, &mut wider, &o, CTX).unwrap();
                assert!(wider.dx.iter().all(|v| v.is_finite()));
            }
        });
    });
}

#[test]
fn reader_net_trains_on_characters_and_hands_its_weights_to_the_sdnn() {
    common::on_interp_thread(|| {
        let mut it = Interp::new();
        eval(&mut it, "(setq train-net-quiet t)");
        eval(&mut it, "(libload \"net-reader\")");
        eval(&mut it, "(libload \"lenet\")");
        eval(&mut it, "(setq d (lenet5-data () 2000))");
        eval(&mut it, "(setq net (reader-net 1 10))");
        let before = eval(&mut it, "(==> net test (cadr d))");
        // the 1998 recipe: stochastic diagonal Levenberg-Marquardt, whose
        // step sizes come from bbprop through the log-softmax
        eval(
            &mut it,
            "(train-net net (new-trainer 'paper) (car d) (cadr d) 3)",
        );
        let after = eval(&mut it, "(==> net test (cadr d))");
        let err = |v: &Value| {
            let l = sn::lisp::printer::repr(v);
            let n: Vec<f64> = l
                .trim_matches(|c| c == '(' || c == ')')
                .split_whitespace()
                .filter_map(|s| s.parse().ok())
                .collect();
            assert!(n.len() >= 3, "test gives {l}");
            n[2]
        };
        let (e0, e1) = (err(&before), err(&after));
        assert!(
            e1 < 20.0 && e1 < e0 - 50.0,
            "test error {e0} % before, {e1} % after"
        );
        // the sdnn copy of the weights gives the net's outputs on characters
        eval(&mut it, "(setq sdnn (reader-sdnn net 10))");
        eval(&mut it, "(setq x (==> (cadr d) sample 7))");
        eval(&mut it, "(setq o (==> net fprop x))");
        eval(&mut it, "(progn (setq si (new-state 1 1 32 32)) (array-copy x (==> si x)) (setq so (new-state 1)))");
        eval(&mut it, "(==> sdnn fprop si so)");
        let diff = eval(
            &mut it,
            "(let ((m 0) (a (==> so x))) (for (c 0 9) (setq m (max m (abs (- (o c 0 0) (a 0 c 0 0)))))) m)",
        );
        assert!(
            diff.as_num().is_some_and(|v| v < 1e-6),
            "{}",
            sn::lisp::printer::repr(&diff)
        );
    });
}

/// One pass over a 32x200 field against the 43 windows run one by one.
#[test]
#[ignore]
fn sdnn_speed() {
    common::on_interp_thread(|| {
        let mut it = Interp::new();
        reader(&mut it, false);
        with_module(&mut it, "r", |m, pool| {
            let mut rng = Rng::new(9);
            let mut field = State::new(&[1, 1, 32, 200]).unwrap();
            field.x.iter_mut().for_each(|v| *v = rng.range(-0.1, 1.175));
            let wins: Vec<State> = (0..43).map(|t| window(&field, 4 * t)).collect();
            let mut out = State::default();
            let time = |f: &mut dyn FnMut()| {
                for _ in 0..3 {
                    f();
                }
                let mut v: Vec<f64> = (0..7)
                    .map(|_| {
                        let t = std::time::Instant::now();
                        for _ in 0..10 {
                            f();
                        }
                        t.elapsed().as_secs_f64() * 1e2
                    })
                    .collect();
                v.sort_by(|a, b| a.total_cmp(b));
                v[3]
            };
            let sdnn = time(&mut || m.fprop(pool, &field, &mut out, CTX).unwrap());
            let windows = time(&mut || {
                for w in &wins {
                    m.fprop(pool, w, &mut out, CTX).unwrap();
                }
            });
            let mut batch = State::new(&[43, 1, 32, 32]).unwrap();
            for (k, w) in wins.iter().enumerate() {
                batch.x[k * 1024..][..1024].copy_from_slice(&w.x);
            }
            let batched = time(&mut || m.fprop(pool, &batch, &mut out, CTX).unwrap());
            println!("sdnn 32x200 field, one pass: {sdnn:.2} ms");
            println!(
                "43 windows one by one:       {windows:.2} ms ({:.1}x)",
                windows / sdnn
            );
            println!(
                "43 windows as one batch:     {batched:.2} ms ({:.1}x)",
                batched / sdnn
            );
        });
    });
}
