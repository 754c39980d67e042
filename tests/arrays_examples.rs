//! The digit example runs from the command line and shows labelled digits.

use std::process::Command;

#[test]
fn show_digits_prints_labelled_digits() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = Command::new(env!("CARGO_BIN_EXE_sn"))
        .arg(format!("{root}/examples/show-digits.lsp"))
        .arg("3")
        .env("SN_HOME", root)
        .output()
        .expect("the sn binary runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("2000 test digits of 28x28 pixels"), "{text}");
    assert_eq!(text.matches(", label ").count(), 3, "{text}");
    // Ink is drawn: the darkest character appears in every digit picture.
    assert!(text.matches('@').count() > 30, "{text}");
    assert!(text.contains("16x16 binary input"), "{text}");
}
