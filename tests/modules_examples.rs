//! The LeNet examples run from the command line (one short pass each):
//! they report the published sizes and learn.

mod common;

use common::run_sn as run;

fn test_error(text: &str) -> f64 {
    text.lines()
        .find_map(|l| l.strip_prefix("test error: "))
        .and_then(|v| v.trim_end_matches('%').parse().ok())
        .unwrap_or(100.0)
}

#[test]
fn lenet5_example_trains_one_pass() {
    let text = run(&["examples/lenet5.lsp", "", "1"]);
    assert!(
        text.contains("LeNet-5: 60000 parameters, 340908 connections"),
        "{text}"
    );
    assert!(text.contains("epoch 1 age=8000"), "{text}");
    assert!(test_error(&text) < 10.0, "{text}");
}

#[test]
fn lenet1_example_trains_one_pass() {
    let text = run(&["examples/lenet1.lsp", "", "1"]);
    assert!(text.contains("LeNet-1: 2578 parameters"), "{text}");
    assert!(test_error(&text) < 20.0, "{text}");
    assert!(text.contains("module-built LeNet-1"), "{text}");
}
