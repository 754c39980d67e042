//! Dead training says so: `train-net` at an absurd learning rate prints,
//! after the pass where the network is seen dead, what happened and the
//! likely cause, and stops instead of printing the same line for the
//! remaining passes; a healthy run prints no such message; a pass at rate
//! 0 (a schedule starting after pass 0) is said as well.

mod common;

use common::run_script_ok;

/// Trains LeNet-5 (torch variant) on the first 1 000 embedded digits for
/// `passes` passes with `trainer`; the script's output.
fn train(name: &str, trainer: &str, passes: usize) -> String {
    let dir = common::temp_dir(&format!("sn-dead-{name}-"));
    let script = format!(
        "(libload \"lenet\")\n\
         (setq d (lenet5-data () 1000))\n\
         (setq net (lenet5 1 'torch))\n\
         (setq tr {trainer})\n\
         (printf \"result %.2f\\n\" (train-net net tr (car d) (cadr d) {passes}))\n"
    );
    run_script_ok(&dir, "run.lsp", &script)
}

fn epoch_lines(text: &str) -> usize {
    text.lines().filter(|l| l.starts_with("epoch ")).count()
}

#[test]
fn an_absurd_rate_is_said_dead_and_stops() {
    let text = train("absurd", "(new-trainer 32 5 0.9)", 6);
    let msg = text
        .lines()
        .find(|l| l.contains("the network is dead"))
        .unwrap_or_else(|| panic!("no dead-network message:\n{text}"));
    assert!(msg.starts_with("*** train-net:"), "{msg}");
    assert!(msg.contains("learning rate (5) is too high"), "{msg}");
    assert!(msg.contains("scale"), "{msg}");
    assert!(msg.contains("training stopped"), "{msg}");
    let n = epoch_lines(&text);
    assert!(
        (2..6).contains(&n),
        "stopped before the 6th pass: {n}\n{text}"
    );
    assert!(text.contains("result "), "train-net returns: {text}");
}

#[test]
fn a_healthy_run_says_nothing() {
    let text = train("healthy", "(new-trainer 32 0.01 0.9)", 4);
    assert_eq!(epoch_lines(&text), 4, "{text}");
    assert!(!text.contains("***"), "{text}");
    let err: f64 = text
        .lines()
        .find_map(|l| l.strip_prefix("result "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(100.0);
    assert!(err < 50.0, "the healthy run learns: {err}\n{text}");
}

#[test]
fn a_schedule_starting_late_warns_of_rate_zero_and_goes_on() {
    let text = train(
        "late",
        "(let ((tr (new-trainer 32 0.01 0.9))) (==> tr set-schedule '((2 0.01))) tr)",
        3,
    );
    let zero: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("learning rate 0"))
        .collect();
    assert_eq!(zero.len(), 2, "passes 1 and 2 at rate 0:\n{text}");
    assert!(!zero[0].contains("training stopped"), "{text}");
    assert_eq!(
        epoch_lines(&text),
        3,
        "the run goes on to the rate of pass 3:\n{text}"
    );
}

/// examples/xor.sn with its learning rate and rounds replaced; the output
/// of `sn` on it.
fn xor_at(epsi: &str, rounds: usize) -> String {
    let root = env!("CARGO_MANIFEST_DIR");
    let src = std::fs::read_to_string(format!("{root}/examples/xor.sn")).expect("examples/xor.sn");
    assert!(
        src.contains("(epsi 0.3)") && src.contains("(run 100 6)"),
        "xor.sn changed"
    );
    let script = src
        .replace("(epsi 0.3)", &format!("(epsi {epsi})"))
        .replace("(run 100 6)", &format!("(run 100 {rounds})"));
    let dir = common::temp_dir(&format!("sn-dead-xor-{epsi}-"));
    run_script_ok(&dir, "xor.sn", &script)
}

#[test]
fn units_run_says_when_the_error_stops_changing() {
    let text = xor_at("50", 5);
    let said: Vec<&str> = text.lines().filter(|l| l.starts_with("*** run:")).collect();
    assert_eq!(said.len(), 1, "said once:\n{text}");
    assert!(said[0].contains("too high"), "{text}");
    // a warning only: SN2.8's run still makes its 5 rounds
    let perfs = text
        .lines()
        .filter(|l| l.starts_with("patterns{0-3}"))
        .count();
    assert_eq!(perfs, 6, "{text}");
    // at the healthy rate of the example, nothing is said
    let healthy = xor_at("0.3", 6);
    assert!(!healthy.contains("***"), "{healthy}");
    assert!(healthy.contains("performance=100"), "{healthy}");
}
