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
    assert!(
        text.contains("LeNet-1 trained by a loop written in Lisp"),
        "{text}"
    );
}

/// The lesson of examples/my-first-net.lsp: the assembled net has
/// 784·30 + 30 + 30·10 + 10 parameters, learns in one pass, and the copy
/// loaded from its saved weights answers exactly as it does.
#[test]
fn my_first_net_example_trains_saves_and_loads() {
    // the example saves its weights in TMPDIR: a folder of the test's own
    let tmp = common::temp_dir("sn-my-first-net-");
    let root = env!("CARGO_MANIFEST_DIR");
    let text = common::stdout_ok(
        std::process::Command::new(env!("CARGO_BIN_EXE_sn"))
            .args(["examples/my-first-net.lsp", "1"])
            .current_dir(root)
            .env("SN_HOME", root)
            .env("TMPDIR", &tmp)
            .output()
            .expect("the sn binary runs"),
    );
    assert!(text.contains("23860 parameters"), "{text}");
    let err: f64 = text
        .lines()
        .find_map(|l| l.strip_prefix("test error after 1 passes: "))
        .and_then(|v| v.trim_end_matches('%').parse().ok())
        .expect("the test error line");
    assert!(err < 40.0, "{text}");
    let copy = text
        .lines()
        .find_map(|l| l.strip_prefix("the loaded copy: "))
        .expect("the loaded copy line");
    let (a, b) = copy
        .split_once(" test errors (the original: ")
        .expect("two figures");
    assert_eq!(a, b.trim_end_matches(')'), "{text}");
    assert!(text.contains("23860 weights in ["), "{text}");
    // the weights are a view: zeroing it breaks the net, copying the saved
    // weights back into it restores the original's figure
    let figure = |prefix: &str| -> f64 {
        text.lines()
            .find_map(|l| l.strip_prefix(prefix))
            .and_then(|v| {
                v.trim_end_matches(" test errors")
                    .trim_end_matches('%')
                    .parse()
                    .ok()
            })
            .unwrap_or_else(|| panic!("no line {prefix:?} in {text}"))
    };
    let zero = figure("every weight set to 0 through the view: ");
    let back = figure("the saved weights copied back into the view: ");
    assert!(zero > 50.0, "{text}");
    assert_eq!(
        format!("{back:.1}"),
        b.trim_end_matches(')')
            .trim_end_matches(" test errors")
            .trim_end_matches('%'),
        "{text}"
    );
}
