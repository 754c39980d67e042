//! A small fixed-seed budget of the fuzz harness (examples/fuzz.rs): the
//! harness modules are compiled into this test, which runs them on the
//! `sn` binary of this build and asserts that no case panicked, aborted or
//! hung deaf to SIGINT. The full harness is run by hand:
//! `cargo run --release --example fuzz -- --cases 100000 --seed 1`.

#[allow(dead_code)]
#[path = "../examples/fuzz/calls.rs"]
mod calls;
#[allow(dead_code)]
#[path = "../examples/fuzz/child.rs"]
mod child;
#[allow(dead_code)]
#[path = "../examples/fuzz/drive.rs"]
mod drive;
#[allow(dead_code)]
#[path = "../examples/fuzz/gen.rs"]
mod gen;

use std::path::PathBuf;

/// Options of the smoke run: 2000 cases of seed 1 over 2 threads.
fn smoke_options() -> drive::Options {
    drive::Options {
        cases: 2000,
        seed: 1,
        sn: PathBuf::from(env!("CARGO_BIN_EXE_sn")),
        home: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        jobs: 2,
        limits: child::Limits::default(),
        out: None,
        minimize: false,
        mutants: 50,
        verbose: false,
        show: None,
    }
}

/// Runs `code` with `bin` as the interpreter under short limits.
fn class_of(bin: &str, code: &str) -> child::Class {
    let o = smoke_options();
    let lim = child::Limits {
        time: std::time::Duration::from_millis(500),
        ..child::Limits::default()
    };
    let dir = tempfile::Builder::new()
        .prefix("sn-fuzz-smoke-")
        .tempdir()
        .expect("a temporary folder");
    let p = gen::Program {
        code: code.into(),
        fold: false,
        origin: "test".into(),
    };
    child::run(std::path::Path::new(bin), &o.home, &p, &lim, dir.path()).class
}

/// The harness tells sn's ordinary ends apart: a value, a Lisp error, an
/// endless loop stopped by SIGINT.
#[test]
fn harness_classifies_sn_ends() {
    let sn = env!("CARGO_BIN_EXE_sn");
    assert_eq!(class_of(sn, "(+ 1 2)"), child::Class::Ok);
    assert_eq!(class_of(sn, "(car 1)"), child::Class::LispError);
    assert_eq!(class_of(sn, "(while t ())"), child::Class::Interruptible);
}

/// The harness recognizes crashes, shown by a shell standing in for sn:
/// a panic message, an abort signal, a loop that ignores SIGINT.
#[test]
fn harness_classifies_crashes() {
    let panic = "echo \"thread 'main' panicked at src/x.rs:1:2:\" >&2; echo boom >&2; exit 70";
    assert_eq!(class_of("/bin/sh", panic), child::Class::Panic);
    assert_eq!(class_of("/bin/sh", "kill -ABRT $$"), child::Class::Abort);
    assert_eq!(
        class_of("/bin/sh", "trap '' INT; while :; do :; done"),
        child::Class::DeafHang
    );
    assert_eq!(class_of("/bin/sh", "exit 3"), child::Class::OddExit);
}

/// 2000 fixed-seed cases (about 25 s on 2 cores): no panic, no abort, no
/// failed allocation, no deaf hang, no odd exit status.
#[test]
fn fixed_seed_budget_has_no_crash() {
    let s = drive::run(&smoke_options()).expect("the harness runs");
    drive::report(&s);
    let total: u64 = s.counts.values().sum();
    assert_eq!(total, 2000, "every case ran");
    assert!(
        s.count(child::Class::Ok) + s.count(child::Class::LispError) > 1500,
        "most cases end normally"
    );
    assert_eq!(
        s.failures(),
        0,
        "panics, aborts, memory kills, deaf hangs or odd exits (see the report above)"
    );
}

/// Help lines give the parameters the generated calls fill in.
#[test]
fn usages_parse() {
    let s = calls::parse_usage(
        "idx-m2dotm1",
        "(idx-m2dotm1 m v [out]) product of ... [builtin]",
    )
    .unwrap();
    assert_eq!(
        (s.required, s.optional, s.rest),
        (
            vec!["m".to_string(), "v".into()],
            vec!["out".to_string()],
            false
        )
    );
    let s = calls::parse_usage("sprintf", "(sprintf fmt . args) formats like printf").unwrap();
    assert_eq!((s.required, s.rest), (vec!["fmt".to_string()], true));
    let s = calls::parse_usage("f", "(f '((pass eta) ...) [n]) sets").unwrap();
    assert_eq!(
        (s.required, s.optional),
        (vec!["list".to_string()], vec!["n".to_string()])
    );
    assert!(calls::parse_usage("car", "(cdr l) no").is_none());
    assert!(calls::parse_usage("car", "(cars l) no").is_none());
}
