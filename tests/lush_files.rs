//! Files that Lush 1 would read (`.sn`, `.lsh`, and scripts whose `#!`
//! header runs `lush`) are read as Lush 1 read them: symbols folded (lower
//! case, `_` after the first character as `-`) and `setq` of several pairs
//! evaluating every value before assigning (TL3's `xsetq`). sn's own `.lsp`
//! files keep case and assign pair by pair.

mod common;

use std::process::Command;

/// Runs `sn FILE` on a file named `name` holding `text`; its output.
fn run(name: &str, text: &str) -> String {
    let dir = common::temp_dir(&format!("sn-lush-files-{name}-"));
    let path = dir.join(name);
    std::fs::write(&path, text).expect("the script is written");
    let out = Command::new(env!("CARGO_BIN_EXE_sn"))
        .arg(&path)
        .env("SN_HOME", env!("CARGO_MANIFEST_DIR"))
        .stdin(std::process::Stdio::null())
        .output()
        .expect("sn runs");
    assert!(
        out.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

const SWAP: &str = "(setq a 1 b 2)\n(setq a b b a)\n(print a b)\n";

#[test]
fn setq_of_several_pairs_is_parallel_in_lush_files() {
    assert_eq!(run("swap.sn", SWAP), "2 1");
    assert_eq!(run("swap.lsh", SWAP), "2 1");
    let script = format!("#!/bin/sh\nexec lush \"$0\" \"$@\"\n!#\n{SWAP}");
    assert_eq!(run("demo", &script), "2 1");
    // inside a function defined in a Lush file too
    let f = "(de f (x y) (setq x y y x) (list x y))\n(print (f 1 2))\n";
    assert_eq!(run("f.lsh", f), "(2 1)");
}

#[test]
fn setq_of_several_pairs_is_sequential_in_sn_files() {
    assert_eq!(run("swap.lsp", SWAP), "2 2");
    let script = "#!/bin/sh\nexec sn \"$0\"\n!#\n".to_string() + SWAP;
    assert_eq!(run("script", &script), "2 2");
}

#[test]
fn lush_files_fold_symbols() {
    let t = "(setq Alloc_Net 3 _x 4)\n(print alloc-net _x (pname 'ABC_d))\n";
    assert_eq!(run("fold.lsh", t), "3 4 \"abc-d\"");
    assert_eq!(
        run(
            "fold.lsp",
            "(setq My_Var 3)\n(print (boundp 'my-var) My_Var)\n"
        ),
        "() 3"
    );
}
