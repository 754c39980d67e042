//! Fuzz harness for the `sn` binary.
//!
//! ```text
//! cargo build --release
//! cargo run --release --example fuzz -- --cases 100000 --seed 1
//! ```
//!
//! Each case is a program run by `sn` in a child process (scratch folder as
//! current directory and HOME, stdin from /dev/null, a wall-clock limit, an
//! address-space limit and a smaller SN_MEMORY budget). Half of the cases
//! mutate the golden corpus (`tests/lisp/*.lsp`, one `;; case:` at a time)
//! and the example scripts (`examples/*.lsp`, `*.sn`); the other half call
//! the builtins `sn` lists in its help with random arguments, mostly as many
//! as their help line names and of the kind its parameter names suggest:
//! edge numbers, odd strings, long, deep and circular lists, empty and odd
//! matrices, network objects, objects passed to their own methods. A case
//! that outlives the time limit gets SIGINT; if it is still running after the grace time it is a deaf hang.
//!
//! Options: `--cases N` (1000), `--seed S` (1), `--sn PATH` (the `sn` next
//! to this example's folder, i.e. target/<profile>/sn), `--home DIR` (this
//! repository), `--jobs J` (2), `--timeout SECS` (3), `--grace MS` (1500:
//! how long a case may take to stop after SIGINT), `--mutants PERCENT`
//! (50), `--out DIR` (write reproductions there; nothing is written without
//! it), `--minimize` (shrink the first reproduction of each crash site),
//! `--quiet`, `--show K` (print case K of the seed, run it, print its
//! end). The exit status is 1 if any case panicked, aborted, failed an
//! allocation, exited with a status sn never gives, or hung deaf to SIGINT.

#[path = "fuzz/calls.rs"]
mod calls;
#[path = "fuzz/child.rs"]
mod child;
#[path = "fuzz/drive.rs"]
mod drive;
#[path = "fuzz/gen.rs"]
mod gen;

use std::path::PathBuf;
use std::time::Duration;

/// The `sn` binary next to the folder of this executable, else the one of
/// the release build of this repository.
fn default_sn() -> PathBuf {
    let near = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent()?.parent().map(|d| d.join("sn")));
    match near {
        Some(p) if p.is_file() => p,
        _ => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/release/sn"),
    }
}

/// Parses the command line.
fn options() -> Result<drive::Options, String> {
    let mut o = drive::Options {
        cases: 1000,
        seed: 1,
        sn: default_sn(),
        home: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        jobs: 2,
        limits: child::Limits::default(),
        out: None,
        minimize: false,
        mutants: 50,
        verbose: true,
        show: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().ok_or(format!("{a} needs a value"));
        let num = |s: String| {
            s.parse::<u64>()
                .map_err(|_| format!("{a}: not a number: {s}"))
        };
        match a.as_str() {
            "--cases" => o.cases = num(val()?)?,
            "--seed" => o.seed = num(val()?)?,
            "--jobs" => o.jobs = num(val()?)? as usize,
            "--timeout" => o.limits.time = Duration::from_secs(num(val()?)?),
            "--grace" => o.limits.grace = Duration::from_millis(num(val()?)?),
            "--mutants" => o.mutants = num(val()?)?.min(100),
            "--sn" => o.sn = PathBuf::from(val()?),
            "--home" => o.home = PathBuf::from(val()?),
            "--out" => o.out = Some(PathBuf::from(val()?)),
            "--minimize" => o.minimize = true,
            "--quiet" => o.verbose = false,
            "--show" => o.show = Some(num(val()?)?),
            _ => {
                return Err(format!(
                    "unknown option {a} (see the doc comment of examples/fuzz.rs)"
                ))
            }
        }
    }
    if !o.sn.is_file() {
        return Err(format!(
            "no sn binary at {} (cargo build --release, or --sn PATH)",
            o.sn.display()
        ));
    }
    Ok(o)
}

fn main() {
    let opts = options().unwrap_or_else(|e| {
        eprintln!("fuzz: {e}");
        std::process::exit(2)
    });
    let summary = drive::run(&opts).unwrap_or_else(|e| {
        eprintln!("fuzz: {e}");
        std::process::exit(2)
    });
    if opts.show.is_some() {
        return;
    }
    drive::report(&summary);
    if let Some(dir) = &opts.out {
        if let Err(e) = drive::write_repros(&summary, dir) {
            eprintln!(
                "fuzz: cannot write the reproductions to {}: {e}",
                dir.display()
            );
        }
    }
    std::process::exit(if summary.failures() > 0 { 1 } else { 0 });
}
