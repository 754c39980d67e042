//! Helpers shared by the integration tests that run the `sn` binary.

use std::process::Command;

/// Runs `sn` with `args` from the repository root; asserts that it
/// succeeded and returns its standard output.
pub fn run_sn(args: &[&str]) -> String {
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
