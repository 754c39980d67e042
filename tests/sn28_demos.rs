//! SN2.8's demos, run unchanged from a copy of `../shared/sn28`: each
//! example folder is copied (with SN2.8's `lib/`, which `SN_PATH` points
//! at as Lush's `addpath` did) into a temporary folder, and its `demo`
//! file runs there as `sn demo < /dev/null` under a time limit. Every demo
//! must end by itself with status 0 and no error; some also have their
//! figures checked. nettool's net files and bptool's README steps run here
//! too. Without `../shared/sn28` every test prints a skip message and
//! passes.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{copy_tree, sn28};

/// Time after which a demo is stopped (it counts as a failure).
const LIMIT: Duration = Duration::from_secs(300);

/// A line of an sn error or warning.
fn is_error_line(l: &str) -> bool {
    l.starts_with("*** ") || l == "***"
}

/// The outcome of one demo run.
struct Outcome {
    status: Option<i32>,
    timed_out: bool,
    stdout: String,
    stderr: String,
}

impl Outcome {
    /// Ended by itself with status 0 and printed no error (sn's errors
    /// and warnings are lines that start with `*** `; the knnenv demo's
    /// own banners start with a row of stars).
    fn clean(&self) -> bool {
        !self.timed_out
            && self.status == Some(0)
            && !self
                .stderr
                .lines()
                .chain(self.stdout.lines())
                .any(is_error_line)
    }

    /// The first error message with its position, or a note on the status.
    fn first_error(&self) -> String {
        if self.timed_out {
            return format!("stopped after {} s", LIMIT.as_secs());
        }
        let lines: Vec<&str> = self.stderr.lines().chain(self.stdout.lines()).collect();
        match lines.iter().position(|l| is_error_line(l)) {
            Some(k) => {
                let at = lines[k..]
                    .iter()
                    .find(|l| l.starts_with("*** at"))
                    .unwrap_or(&"");
                format!("{} {}", lines[k], at).trim().to_string()
            }
            None => format!("status {:?}", self.status),
        }
    }
}

/// Runs `sn ARGS < /dev/null` in a fresh copy of SN2.8's `examples/DIR`
/// (SN_PATH set to the copy of SN2.8's `lib/`).
fn run_demo(root: &Path, dir: &str, args: &[&str]) -> Outcome {
    run_demo_env(root, dir, args, &[])
}

/// [`run_demo`] with more environment variables; a value naming a file
/// of the example folder is given relative to the copy.
fn run_demo_env(root: &Path, dir: &str, args: &[&str], env: &[(&str, &str)]) -> Outcome {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    args.hash(&mut h);
    let tmp = common::temp_dir(&format!(
        "sn28-demo-{}-{:x}-",
        dir.replace('/', "-"),
        h.finish()
    ));
    copy_tree(&root.join("examples"), &tmp.join("examples"));
    copy_tree(&root.join("lib"), &tmp.join("lib"));
    let out_file = tmp.join("stdout.txt");
    let err_file = tmp.join("stderr.txt");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sn"));
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd
        .args(args)
        .current_dir(tmp.join("examples").join(dir))
        .env("SN_HOME", env!("CARGO_MANIFEST_DIR"))
        .env("SN_PATH", tmp.join("lib"))
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_file).expect("stdout file"))
        .stderr(std::fs::File::create(&err_file).expect("stderr file"))
        .spawn()
        .expect("the sn binary runs");
    let start = Instant::now();
    let mut timed_out = false;
    let status = loop {
        if let Some(st) = child.try_wait().expect("wait for sn") {
            break st.code();
        }
        if start.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            timed_out = true;
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let read =
        |p: &Path| String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default()).to_string();
    Outcome {
        status,
        timed_out,
        stdout: read(&out_file),
        stderr: read(&err_file),
    }
}

/// Runs a demo and reports it; asserts a clean run when `must_pass` (or
/// when SN28_STRICT is set).
fn demo(dir: &str, args: &[&str], must_pass: bool) {
    let Some(root) = sn28() else { return };
    let o = run_demo(&root, dir, args);
    let tail: Vec<&str> = o.stdout.lines().rev().take(3).collect();
    eprintln!(
        "{dir} {args:?}: status {:?}; {}; last output: {:?}",
        o.status,
        if o.clean() {
            "clean".to_string()
        } else {
            format!("first error: {}", o.first_error())
        },
        tail
    );
    if must_pass || std::env::var_os("SN28_STRICT").is_some() {
        assert!(
            o.clean(),
            "{dir} {args:?} did not run cleanly: {}\n--- stdout\n{}\n--- stderr\n{}",
            o.first_error(),
            o.stdout,
            o.stderr
        );
    }
}

/// xor.sn from its own `(seed 0.87)`: Lush 1 truncates the seed and draws
/// SN2.8's initial weights from the same stream, and the net learns XOR.
#[test]
fn xor() {
    demo("netold/xor", &["demo"], true);
    let Some(root) = sn28() else { return };
    let o = run_demo(&root, "netold/xor", &["demo"]);
    let last = o.stdout.lines().rev().find(|l| l.contains("performance="));
    assert!(
        last.is_some_and(|l| l.ends_with("performance=100")),
        "xor does not end at 100 %: {last:?}"
    );
}

#[test]
fn adaline() {
    demo("netold/adaline", &["demo"], true);
}

#[test]
fn hamming() {
    demo("netold/hamming", &["demo"], true);
}

#[test]
fn hopfield() {
    demo("netold/hopfield", &["demo"], true);
}

#[test]
fn kanerva() {
    demo("netold/kanerva", &["demo"], true);
}

#[test]
fn perceptron() {
    demo("netold/perceptron", &["demo"], true);
}

#[test]
fn sla_demo1() {
    demo("netold/sla", &["demo1"], true);
}

#[test]
fn sla_demo2() {
    demo("netold/sla", &["demo2"], true);
}

#[test]
fn obd() {
    demo("obd", &["demo"], true);
}

/// conjgrad's demo; each of its `go-...` functions runs in
/// `tests/sn28_plots.rs`, which checks the windows they draw.
#[test]
fn conjgrad() {
    demo("conjgrad", &["demo"], true);
}

/// knnenv's examples.lsh only defines `go`: it is loaded, then `(go)` runs
/// (its figures are checked in `tests/sn28_knnenv.rs`).
#[test]
fn knnenv_examples() {
    demo("knnenv", &["-e", "(load \"examples.lsh\") (go)"], true);
}

/// The travelling-salesman demo, its cities given as clicks (SN_CLICKS):
/// twelve cities inside the window, then a click on its message line.
/// The demo's window shows the ring through the cities; `ask` finds no
/// more input and the demo ends.
#[test]
fn tsp() {
    let Some(root) = sn28() else { return };
    let dir = common::temp_dir("sn28-tsp-");
    std::fs::create_dir_all(dir.join("win")).expect("a folder");
    let clicks = dir.join("clicks.txt");
    let cities = [
        (60, 80),
        (200, 60),
        (340, 90),
        (460, 70),
        (480, 200),
        (430, 330),
        (300, 450),
        (180, 420),
        (70, 380),
        (120, 250),
        (260, 220),
        (380, 260),
    ];
    let mut text: String = cities.iter().map(|(x, y)| format!("{x} {y}\n")).collect();
    text.push_str("10 5\n");
    std::fs::write(&clicks, text).expect("the clicks file");
    let (c, w) = (clicks.to_string_lossy().to_string(), dir.join("win"));
    let w = w.to_string_lossy().to_string();
    let o = run_demo_env(
        &root,
        "tsp",
        &["tsp"],
        &[("SN_CLICKS", &c), ("SN_WINDOWS", &w)],
    );
    assert!(
        o.clean(),
        "tsp: {}\n{}\n{}",
        o.first_error(),
        o.stdout,
        o.stderr
    );
    assert!(
        o.stdout.contains("Travelling Salesman"),
        "the paragraph:\n{}",
        o.stdout
    );
    let png = std::fs::read_dir(dir.join("win"))
        .expect("the window folder")
        .filter_map(|e| e.ok())
        .find(|e| e.path().extension().is_some_and(|x| x == "png"));
    assert!(png.is_some(), "tsp wrote no window");
}

/// The loader: a stray `netenv.sn` in the current folder and in SN_PATH
/// is not picked up by `libload` (sn's own netenv is, also for an `.sn`
/// script), `(libload "sn28/sn28")` loads sn's SN2.8 environment, and
/// `load` finds a file in SN_PATH's folders with its suffix.
#[test]
fn loader_takes_sns_libraries_and_searches_sn_path() {
    let tmp = common::temp_dir("sn28-loader-");
    let (here, extra) = (tmp.join("here"), tmp.join("extra"));
    for d in [&here, &extra] {
        std::fs::create_dir_all(d).expect("a folder");
        std::fs::write(d.join("netenv.sn"), "(setq stray-netenv t)\n").expect("a file");
    }
    std::fs::write(extra.join("hello.lsh"), "(setq hello-loaded 42)\n").expect("a file");
    std::fs::write(here.join("script.sn"), "(setq SCRIPT_RAN 1)\n").expect("a file");
    let out = Command::new(env!("CARGO_BIN_EXE_sn"))
        .args([
            "-e",
            "(libload \"sn28/sn28\") (libload \"netenv\") (load \"hello\") (load \"script\") \
             (list hello-loaded script-ran stray-netenv (functionp learn))",
        ])
        .current_dir(&here)
        .env("SN_HOME", env!("CARGO_MANIFEST_DIR"))
        .env("SN_PATH", &extra)
        .stdin(Stdio::null())
        .output()
        .expect("the sn binary runs");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "{text}\n{err}");
    assert_eq!(text.trim(), "(42 1 () t)", "{err}");
}

/// Without SN_PATH, a name found nowhere is an error naming it.
#[test]
fn load_of_a_missing_file_names_it() {
    let out = Command::new(env!("CARGO_BIN_EXE_sn"))
        .args(["-e", "(load \"no-such-file-anywhere\")"])
        .env("SN_HOME", env!("CARGO_MANIFEST_DIR"))
        .env_remove("SN_PATH")
        .stdin(Stdio::null())
        .output()
        .expect("the sn binary runs");
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("cannot find file no-such-file-anywhere"),
        "{err}"
    );
}

/// `ask` prints its question and reads lines of standard input: y or o is
/// t; n, an empty line or the end of input (at once) is (); other answers
/// ask again.
#[test]
fn ask_reads_standard_input() {
    use std::io::Write;
    for (input, value, prompts) in [
        ("maybe\ny\n", "t", 2),
        ("Oui\n", "t", 1),
        ("n\n", "()", 1),
        ("\n", "()", 1),
        ("", "()", 1),
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sn"))
            .args(["-e", "(ask \"Go on\")"])
            .env("SN_HOME", env!("CARGO_MANIFEST_DIR"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the sn binary runs");
        if let Some(mut stdin) = child.stdin.take() {
            stdin.write_all(input.as_bytes()).expect("write the answer");
        }
        let out = child.wait_with_output().expect("sn ends");
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        assert_eq!(
            text.matches("Go on [y/N] ?").count(),
            prompts,
            "{input:?}: {text}"
        );
        // the answer is not echoed: the value follows the last prompt
        let after = text.rsplit("Go on [y/N] ?").next().unwrap_or("");
        assert_eq!(after.trim(), value, "{input:?}: {text}");
    }
}

/// The `(alloc_net N S [W])` counts that nettool wrote into a net file.
fn alloc_counts(text: &str) -> Vec<usize> {
    let at = text.find("(alloc_net").expect("the file calls alloc_net");
    let line = text[at..].lines().next().unwrap_or("");
    line.split("(+ ")
        .skip(1)
        .map(|p| {
            p.split_whitespace()
                .next()
                .and_then(|n| n.parse().ok())
                .expect("a count in alloc_net")
        })
        .collect()
}

/// A nettool net file (`examples/nettool/NetX.sn`): `create-net` builds
/// exactly the units, connections and shared weights that nettool counted
/// into its `alloc_net` call, and the net learns 20 random patterns
/// (inputs ±1, one output per class) to 100 % with SN2.8's defaults.
fn nettool_net(name: &str) {
    let Some(root) = sn28() else { return };
    let text = std::fs::read_to_string(root.join(format!("examples/nettool/{name}.sn")))
        .expect("the net file reads");
    let counts = alloc_counts(&text);
    let script = format!(
        "(libload \"sn28/sn28\") (load \"{name}.sn\") (create-net) \
         (printf \"counts %d %d %d\\n\" nnum snum wnum) (seed 1) \
         (let ((ni (length input-layer)) (no (length output-layer))) \
           (setq pattern-matrix (matrix 20 ni) desired-matrix (matrix 20 no)) \
           (for (i 0 19) \
             (for (j 0 (1- ni)) (pattern-matrix i j (if (> (rand -1 1) 0) 1 -1))) \
             (for (k 0 (1- no)) (desired-matrix i k (if (= k (mod i no)) 1 -1))))) \
         (ensemble 0 19) (forget-sqrt 1) (epsi-sqrt 0.1) (run 20 20)"
    );
    let o = run_demo(&root, "nettool", &["-e", &script]);
    assert!(
        o.clean(),
        "{name}: {}\n{}\n{}",
        o.first_error(),
        o.stdout,
        o.stderr
    );
    let got: Vec<usize> = o
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("counts "))
        .expect("the counts line")
        .split(' ')
        .map(|n| n.parse().expect("a count"))
        .collect();
    // alloc_net's third count (shared weights) is absent for a net without
    // sharing, where weights = connections
    let want = [counts[0], counts[1], *counts.get(2).unwrap_or(&counts[1])];
    assert_eq!(got, want, "{name}: units, connections, weights");
    let perfs: Vec<&str> = o
        .stdout
        .lines()
        .filter(|l| l.contains("performance="))
        .collect();
    let first = perfs.first().expect("a performance line");
    let last = perfs.last().expect("a performance line");
    assert!(
        first.ends_with("performance=0"),
        "{name}: starts at {first}"
    );
    assert!(last.ends_with("performance=100"), "{name}: ends at {last}");
}

#[test]
fn nettool_full() {
    nettool_net("NetFULL");
}

#[test]
fn nettool_mask() {
    nettool_net("NetMASK");
}

#[test]
fn nettool_tdnn() {
    nettool_net("NetTDNN");
}

/// bptool's README, its eleven steps done with the functions behind the
/// buttons: sn28ite, NetMASK.sn's create-net, dig.pat/dig.des, training
/// set 0–319, test set 320–479, the default initial weights (forget-sqrt 1)
/// and learning rate (mask-epsi 0.1 in iterative mode), error and
/// performance plotting, then `trun`. The test set's performance rises
/// from below 10 % to above 50 % within three passes.
#[test]
fn bptool_readme_steps() {
    let Some(root) = sn28() else { return };
    let script = "(libload \"sn28/sn28ite\") (load \"NetMASK.sn\") (create-net) \
        (load-patterns \"dig.pat\" \"dig.des\") (ensemble 0 319) (test-set 320 479) \
        (forget-sqrt 1) (if (iterative-mode) (mask-epsi 0.1) (epsi-sqrt 0.1)) \
        (init-error-plotting 10 0.5) (init-perf-plotting 10) (trun 320 3)";
    let o = run_demo(&root, "bptool", &["-e", script]);
    assert!(
        o.clean(),
        "bptool steps: {}\n{}\n{}",
        o.first_error(),
        o.stdout,
        o.stderr
    );
    let test: Vec<f64> = o
        .stdout
        .lines()
        .filter(|l| l.starts_with("patterns{320-479}"))
        .map(|l| {
            l.rsplit("performance=")
                .next()
                .and_then(|p| p.parse().ok())
                .expect("a performance figure")
        })
        .collect();
    assert_eq!(
        test.len(),
        4,
        "a test line before and after each pass:\n{}",
        o.stdout
    );
    assert!(test[0] < 10.0, "test performance before training: {test:?}");
    assert!(test[3] > 50.0, "test performance after 3 passes: {test:?}");
}
