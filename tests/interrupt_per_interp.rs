//! Each interpreter has its own interrupt flag: interrupting one, from
//! another thread, stops its evaluation (a Lisp loop, or a training epoch
//! inside sn-modules) while an interpreter running on another thread goes
//! on to the end.

use std::sync::atomic::Ordering;
use std::sync::{mpsc, Arc, Barrier};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use sn::lisp::{interrupt::Flag, printer, Interp};

/// What a thread's run gave: the printed value or the error kind, the
/// printed value of `after` evaluated once the run ended, and when it ended.
struct Outcome {
    result: Result<String, String>,
    after: String,
    end: Instant,
}

/// Runs `setup`, sends the interpreter's interrupt flag, waits for the
/// other runs to be set up too (`go`), then runs `run` and evaluates
/// `after`, on a thread of its own.
fn start(
    setup: &str,
    run: &str,
    after: &str,
    tx: mpsc::Sender<Flag>,
    go: Arc<Barrier>,
) -> JoinHandle<Outcome> {
    let (setup, run, after) = (setup.to_string(), run.to_string(), after.to_string());
    std::thread::Builder::new()
        .stack_size(sn::toplevel::INTERP_STACK)
        .spawn(move || {
            let mut it = Interp::new();
            if let Err(e) = it.eval_str(&setup) {
                panic!("setup failed: {e:?}");
            }
            let _ = tx.send(it.interrupt_handle());
            go.wait();
            let result = it
                .eval_str(&run)
                .map(|v| printer::repr(&v))
                .map_err(|e| e.kind().name().to_string());
            let end = Instant::now();
            let after = it
                .eval_str(&after)
                .map(|v| printer::repr(&v))
                .unwrap_or_else(|e| format!("error {e:?}"));
            Outcome { result, after, end }
        })
        .expect("spawning an interpreter thread")
}

/// Starts two runs together, lets them go on for `lead`, interrupts the
/// first; returns both outcomes, the instant of the interrupt and the
/// second's flag.
fn race(a: [&str; 3], b: [&str; 3], lead: Duration) -> (Outcome, Outcome, Instant, Flag) {
    let (tx_a, rx_a) = mpsc::channel();
    let (tx_b, rx_b) = mpsc::channel();
    let go = Arc::new(Barrier::new(3));
    let ha = start(a[0], a[1], a[2], tx_a, go.clone());
    let hb = start(b[0], b[1], b[2], tx_b, go.clone());
    let wait = Duration::from_secs(120);
    let fa = rx_a.recv_timeout(wait).expect("the first run was set up");
    let fb = rx_b.recv_timeout(wait).expect("the second run was set up");
    go.wait();
    std::thread::sleep(lead);
    let t0 = Instant::now();
    fa.store(true, Ordering::SeqCst);
    let oa = ha.join().expect("the first thread");
    let ob = hb.join().expect("the second thread");
    (oa, ob, t0, fb)
}

#[test]
fn interrupting_one_loop_leaves_the_other_running() {
    let n = 30_000_000;
    let (a, b, t0, fb) = race(
        ["(setq n 0)", "(while t (incr n))", "(> n 0)"],
        ["(setq n 0)", &format!("(while (< n {n}) (incr n)) n"), "n"],
        Duration::from_millis(100),
    );
    assert_eq!(a.result, Err("interrupt".to_string()));
    assert_eq!(a.after, "t", "the interrupted loop had run");
    assert_eq!(b.result, Ok(n.to_string()), "the other loop was stopped");
    assert!(
        b.end > t0,
        "the second loop ended before the interrupt: make it longer"
    );
    assert!(
        !fb.load(Ordering::SeqCst),
        "the other interpreter's flag was set"
    );
}

/// A module net (16 inputs, a wide hidden layer) and `samples` random
/// 4x4 inputs with labels 0, 1, 2.
fn training_setup(samples: usize) -> String {
    format!(
        "(setq p (new-param)) \
         (setq net (new-net p (new-seq p (new-full p 16 300) (new-stanh) (new-full p 300 3)) \
                            (new-cost 'sqerr 3) '(1 4 4))) \
         (setq x (matrix {samples} 4 4)) \
         (for (i 0 {last}) (x i (mod i 4) (mod i 3) 1)) \
         (setq lab ()) \
         (for (i 1 {samples}) (setq lab (cons (mod i 3) lab))) \
         (setq d (array-dataset x lab)) \
         (setq tr (new-trainer 10 0.01)) \
         (setq train-net-quiet t)",
        last = samples - 1
    )
}

#[test]
fn interrupting_one_training_leaves_the_other_training() {
    // the first trains one epoch of many samples: stopped inside the epoch
    // (by the trainer's probe), not at its end
    let big = 1_000_000;
    let small = 200_000;
    let (a, b, t0, fb) = race(
        [
            &training_setup(big),
            "(train-net net tr d d 1)",
            "(==> tr age)",
        ],
        [
            &training_setup(small),
            "(train-net net tr d d 2)",
            "(==> tr age)",
        ],
        Duration::from_millis(100),
    );
    assert_eq!(a.result, Err("interrupt".to_string()));
    let age: f64 = a.after.parse().expect("the age is a number");
    assert!(
        age > 0.0 && age < big as f64,
        "stopped after {age} of {big} samples"
    );
    let err: f64 = b
        .result
        .as_deref()
        .expect("the other training finished")
        .parse()
        .expect("train-net returns the test error");
    assert!((0.0..=100.0).contains(&err), "{err}");
    assert_eq!(
        b.after,
        (2 * small).to_string(),
        "the other training did both epochs"
    );
    assert!(
        b.end > t0,
        "the second training ended before the interrupt: make it longer"
    );
    assert!(
        !fb.load(Ordering::SeqCst),
        "the other interpreter's flag was set"
    );
}
