//! Online training rates (patterns per second) of the SN2.8 level through
//! netenv's `learn`: XOR 2-2-1, the OBD example's digit net (16x16 input,
//! four 8x8 maps of shared 3x3 wrap-around weights, 40 hidden, 10 outputs)
//! and Net-5 of 1989. A measurement, not a check: run it on a quiet
//! machine with
//!
//!     cargo test --release --test units_rates -- --ignored --nocapture
//!
//! Reference points: SN2.8's C kernels did 282 000 updates/s on XOR and
//! 5 200 on the OBD net on this kind of machine; PyTorch's
//! `net1989_train_b1` case of `../shared/bench/bench_torch.py` is the
//! Net-5-size net one sample at a time.

use std::cell::RefCell;
use std::rc::Rc;

use sn::lisp::{Interp, Output, Value};

const SETUP: &str = r#"
(libload "netenv")
(de rate (name n)
  (let ((t0 (time)))
    (learn n)
    (let ((dt (- (time) t0)))
      (printf "%-8s %9d updates in %6.3f s: %9.0f updates/s (%d connections, %d weights)\n"
              name n dt (/ n dt) snum wnum)
      (/ n dt))))
(de random-data (n nin nout)
  (setq pattern-matrix (matrix n nin) desired-matrix (matrix n nout))
  (array-rand pattern-matrix -1 1)
  (array-fill desired-matrix -1)
  (for (i 0 (1- n)) (desired-matrix i (mod i nout) 1))
  (ensemble 0 (1- n)))
(de maps (from lin n out size)
  (let ((all ()))
    (repeat n
      (let ((m (newneurons (* out out))))
        (mask-toric-connect from lin lin m out out 2 2 size size)
        (bias-connect m)
        (setq all (append all m))))
    all))
(de full (from n) (let ((l (newneurons n))) (connect from l) (bias-connect l) l))
"#;

// (seed 2): from seed 1, Lush 1's generator (sn's since it became
// Lush 1's) starts a net whose hidden units saturate; its gradients then
// fall to subnormal floats and the case would time subnormal arithmetic.
const XOR: &str = r#"
(alloc-net 10 20) (seed 2)
(build-net '((input 2) (hidden 2) (output 1)) '((input hidden) (hidden output)))
(setq pattern-matrix [[-1 -1][-1 1][1 -1][1 1]] desired-matrix [[-1][1][1][-1]])
(ensemble 0 3) (forget 1) (epsi 0.3)
(learn 10000)
(rate "xor" 3000000)
"#;

const OBD: &str = r#"
(alloc-net 1000 20000) (seed 1)
(setq input (newneurons 256) h1 (maps input 16 4 8 3) h2 (full h1 40) output (full h2 10))
(define-net (list (list input) (list h1) (list h2) (list output)))
(random-data 320 256 10) (forget-inv 2.4) (epsi 0.1)
(learn 2000)
(rate "obd-net" 30000)
"#;

const NET5: &str = r#"
(alloc-net 1000 20000) (seed 1)
(setq input (newneurons 256) h1a (maps input 16 1 8 3) h1b (maps input 16 1 8 3))
(setq h1 (append h1a h1b) h2 ())
(repeat 4
  (let ((m (newneurons 16)))
    (mask-toric-connect h1a 8 8 m 4 4 2 2 5 5)
    (mask-toric-connect h1b 8 8 m 4 4 2 2 5 5)
    (bias-connect m)
    (setq h2 (append h2 m))))
(setq output (full h2 10))
(define-net (list (list input) (list h1) (list h2) (list output)))
(random-data 320 256 10) (forget-inv 2.4) (epsi 0.1)
(learn 2000)
(rate "net-5" 60000)
"#;

fn measure(case: &str) -> (f64, String) {
    let mut it = Interp::new();
    let buf = Rc::new(RefCell::new(Vec::new()));
    it.output = Output::Buffer(buf.clone());
    let setup = it.eval_str(SETUP);
    assert!(setup.is_ok(), "setup failed");
    let r = it.eval_str(case);
    let out = String::from_utf8_lossy(&buf.borrow()).to_string();
    match r {
        Ok(Value::Number(x)) => (x.get(), out),
        _ => panic!("benchmark failed: {out}"),
    }
}

#[test]
#[ignore]
fn online_rates_through_learn() {
    for (case, sn28) in [(XOR, 282_000.0), (OBD, 5_200.0), (NET5, 0.0)] {
        let (rate, out) = measure(case);
        print!("{out}");
        if sn28 > 0.0 {
            println!(
                "         {:.1}x SN2.8's C kernels ({sn28} updates/s)",
                rate / sn28
            );
        }
        assert!(rate > 0.0);
    }
}

/// The OBD net for SN2.8's `define-net`, which takes layer names and fills
/// the `net-struc` that its `build-net` makes.
const OBD_SN28: &str = r#"
(alloc-net 1000 20000) (seed 1)
(setq input (newneurons 256) h1 (maps input 16 4 8 3) h2 (full h1 40) output (full h2 10))
(setq input-layer input output-layer output desired-layer (newneurons 10) net-struc (list ()))
(define-net '((input) (h1) (h2) (output)))
(random-data 320 256 10) (forget-inv 2.4) (epsi 0.1)
(learn 2000)
(rate "obd-net" 20000)
"#;

/// The same nets with SN2.8's own `netenv.sn` (`SN28_LIB`), whose `learn`
/// is Lisp: run in the sn binary, from `../shared/sn28/lib`.
#[test]
#[ignore]
fn online_rates_through_sn28s_own_netenv() {
    let lib = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/sn28/lib");
    if !lib.join("netenv.sn").is_file() {
        println!("skipped: {} is absent", lib.display());
        return;
    }
    let xor = XOR.replace("(rate \"xor\" 3000000)", "(rate \"xor\" 300000)");
    for case in [xor.as_str(), OBD_SN28] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_sn"))
            .args(["-e", &format!("{SETUP}{case}")])
            .env("SN28_LIB", &lib)
            .env("SN_HOME", env!("CARGO_MANIFEST_DIR"))
            .stdin(std::process::Stdio::null())
            .output()
            .expect("sn runs");
        let text = String::from_utf8_lossy(&out.stdout);
        print!("{text}");
        assert!(
            out.status.success() && text.contains("updates/s"),
            "{text}{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
