//! The LeNet examples run from the command line (one short pass each):
//! they report the published sizes and learn.

use std::process::Command;

fn run(args: &[&str]) -> String {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = Command::new(env!("CARGO_BIN_EXE_sn"))
        .args(args)
        .current_dir(root)
        .env("SN_HOME", root)
        .output()
        .expect("the sn binary runs");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

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
