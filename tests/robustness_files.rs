//! Robustness of files, arrays and the SN2.8 units level: every file sn
//! writes is replaced atomically (a `kill -9` mid-save leaves the previous
//! file), `save-matrix` streams its data, loaders check gzip checksums,
//! trailing bytes and the memory budget, empty products work, lines are
//! bounded, and the units level refuses what does not fit or is not finite.

mod common;

use std::cell::RefCell;
use std::path::Path;
use std::process::{Command, Output as ProcOutput};
use std::rc::Rc;
use std::time::{Duration, Instant};

use sn::lisp::{Interp, Output};

/// What a piece of code did: its output and its error (kind, message).
struct Outcome {
    out: String,
    error: Option<(String, String)>,
}

/// Runs `code` in a fresh interpreter on a thread with the interpreter's
/// large stack, in the folder `dir` (names in `code` are absolute).
fn run(code: &str) -> Outcome {
    let code = code.to_string();
    let h = std::thread::Builder::new()
        .stack_size(sn::toplevel::INTERP_STACK)
        .spawn(move || {
            let mut it = Interp::new();
            let buf = Rc::new(RefCell::new(Vec::new()));
            it.output = Output::Buffer(buf.clone());
            let r = it.eval_source(&code, "files.lsp", false);
            let out = String::from_utf8_lossy(&buf.borrow()).to_string();
            let error = r.err().map(|u| {
                let e = u.into_error();
                (e.kind.name().to_string(), e.message.clone())
            });
            Outcome { out, error }
        })
        .expect("spawning an interpreter thread");
    h.join().expect("the interpreter thread panicked")
}

/// The error kind and message of `code`, which must fail.
fn error_of(code: &str) -> (String, String) {
    let o = run(code);
    o.error
        .unwrap_or_else(|| panic!("{code}: expected an error, got output {:?}", o.out))
}

/// The output of `code`, which must succeed.
fn output_of(code: &str) -> String {
    let o = run(code);
    assert!(o.error.is_none(), "{code}: unexpected error {:?}", o.error);
    o.out
}

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> common::TempDir {
    common::temp_dir(&format!("sn-robust-files-{name}-"))
}

fn lisp_path(p: &Path) -> String {
    format!("{:?}", p.to_string_lossy())
}

/// Runs the `sn` binary on `code` with extra environment variables.
fn sn(code: &str, env: &[(&str, &str)]) -> ProcOutput {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sn"));
    c.arg("-e").arg(code);
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("running sn")
}

/// The error output of a run that must end with exit status 1 (an error,
/// not a signal).
fn failed_with(o: &ProcOutput) -> String {
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(
        o.status.code(),
        Some(1),
        "status {:?}, stderr {err}",
        o.status
    );
    err
}

// ------------------------------------------------------------ atomic writes

#[test]
fn a_save_killed_mid_way_leaves_the_previous_file_and_the_next_save_cleans_up() {
    let d = scratch("kill");
    let f = d.join("w.mat");
    output_of(&format!("(save-matrix [1 2 3] {})", lisp_path(&f)));
    let before = std::fs::read(&f).unwrap();
    // A slow save: 30 million numbers as text.
    let mut child = Command::new(env!("CARGO_BIN_EXE_sn"))
        .arg("-e")
        .arg(format!(
            "(save-matrix (array-fill (matrix 30000000) 0.123456) {} \"ascii\")",
            lisp_path(&f)
        ))
        .spawn()
        .expect("running sn");
    let tmp = d.join(format!(".w.mat.tmp-{}", child.id()));
    let t0 = Instant::now();
    while !(tmp.exists()
        && std::fs::metadata(&tmp)
            .map(|m| m.len() > 1 << 20)
            .unwrap_or(false))
    {
        assert!(
            t0.elapsed() < Duration::from_secs(60),
            "the save never started"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().expect("kill -9");
    child.wait().unwrap();
    assert_eq!(
        std::fs::read(&f).unwrap(),
        before,
        "the previous file is intact"
    );
    assert!(tmp.exists(), "the killed save left its temporary");
    let o = output_of(&format!(
        "(save-matrix [4 5] {0}) (print (load-matrix {0}))",
        lisp_path(&f)
    ));
    assert!(o.contains("[4 5]"), "{o}");
    assert!(!tmp.exists(), "the next save removed the stale temporary");
}

#[test]
fn every_writer_goes_through_the_atomic_write() {
    let d = scratch("writers");
    // A process id above the kernel's pid_max never runs.
    let stale = |name: &str| {
        let p = d.join(format!(".{name}.tmp-4999999"));
        std::fs::write(&p, b"torn").unwrap();
        p
    };
    let cases = [
        ("m.mat", "(save-matrix [1 2] FILE)"),
        ("m-idx.gz", "(save-matrix [1 2] FILE)"),
        ("m.asc", "(save-matrix [1 2] FILE \"ascii\")"),
        ("out.txt", "(writing FILE (print 1))"),
        ("p.png", "(save-weights FILE [[1 2][3 4]])"),
        (
            "n.wei",
            "(alloc-net 5 5) (connect 0 (car (newneurons 1)) 0.5) (%save-weights FILE)",
        ),
        (
            "n.asc",
            "(alloc-net 5 5) (connect 0 (car (newneurons 1)) 0.5) (%save-ascii-weights FILE)",
        ),
    ];
    for (name, code) in cases {
        let tmp = stale(name);
        let f = d.join(name);
        output_of(&code.replace("FILE", &lisp_path(&f)));
        assert!(f.exists(), "{name} written");
        assert!(!tmp.exists(), "{name}: the stale temporary is removed");
    }
    let names: Vec<_> = std::fs::read_dir(&d)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp"))
        .collect();
    assert!(names.is_empty(), "temporaries left: {names:?}");
}

#[test]
fn a_failed_save_leaves_the_previous_file() {
    let d = scratch("failed");
    let f = d.join("keep.mat");
    output_of(&format!("(save-matrix [7 8] {})", lisp_path(&f)));
    let (k, m) = error_of(&format!(
        "(save-matrix [1.5] {} \"idx-packed\")",
        lisp_path(&f)
    ));
    assert_eq!(k, "domain", "{m}");
    let (k, m) = error_of(&format!(
        "(save-matrix [1] {})",
        lisp_path(&d.join("no/such/x.mat"))
    ));
    assert_eq!(k, "io", "{m}");
    let o = output_of(&format!("(print (load-matrix {}))", lisp_path(&f)));
    assert!(o.contains("[7 8]"), "{o}");
}

// ------------------------------------------------------------ streaming save

/// The peak resident memory of a run of `sn`, in kB, read by the Lisp code
/// itself from /proc/self/status before and after a save.
#[test]
#[cfg(target_os = "linux")]
fn save_matrix_streams_instead_of_copying_the_array() {
    let d = scratch("stream");
    let f = d.join("big.mat");
    let code = format!(
        r#"(de hwm () (let ((f (open-read "/proc/self/status")) (v 0) (l ()))
             (while (setq l (read-line f))
               (when (= (substring l 0 6) "VmHWM:") (setq v (val (substring l 6 (- (length l) 3))))))
             v))
           (setq m (array-fill (matrix 50000000) 1.5))
           (setq h1 (hwm))
           (save-matrix m {0})
           (save-matrix m {1})
           (printf "%d %d\n" h1 (hwm))"#,
        lisp_path(&f),
        lisp_path(&d.join("big-idx.gz"))
    );
    let o = sn(&code, &[]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let nums: Vec<f64> = out
        .lines()
        .next()
        .unwrap_or("")
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    assert_eq!(nums.len(), 2, "{out}");
    // The array is 200 MB; a copy of it (or of its bytes) would add as much.
    let extra_mb = (nums[1] - nums[0]) / 1024.0;
    assert!(extra_mb < 50.0, "saving took {extra_mb} MB more");
    assert_eq!(std::fs::metadata(&f).unwrap().len(), 20 + 200_000_000);
}

// ------------------------------------------------------------ loaders

/// The CRC-32 of gzip.
fn crc32(data: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for &b in data {
        c ^= b as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 {
                (c >> 1) ^ 0xEDB8_8320
            } else {
                c >> 1
            };
        }
    }
    !c
}

/// A gzip file holding `data` in one stored (not deflated) block.
fn stored_gzip(data: &[u8]) -> Vec<u8> {
    let mut g = vec![0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF, 1];
    let n = data.len() as u16;
    g.extend(n.to_le_bytes());
    g.extend((!n).to_le_bytes());
    g.extend(data);
    g.extend(crc32(data).to_le_bytes());
    g.extend((data.len() as u32).to_le_bytes());
    g
}

#[test]
fn a_flipped_byte_in_gzip_data_is_a_checksum_error() {
    let d = scratch("crc");
    // A stored gzip: flipping a data byte keeps the stream valid, only the
    // checksum tells.
    let raw = [0u8, 0, 0x08, 1, 0, 0, 0, 4, 10, 20, 30, 40];
    let mut bytes = stored_gzip(&raw);
    let good = d.join("good-idx1-ubyte.gz");
    std::fs::write(&good, &bytes).unwrap();
    let o = output_of(&format!("(print (load-matrix {}))", lisp_path(&good)));
    assert!(o.contains("[10 20 30 40]"), "{o}");
    let n = bytes.len();
    bytes[n - 9] ^= 1; // the last data byte (8 bytes of CRC and size follow)
    let bad = d.join("bad-idx1-ubyte.gz");
    std::fs::write(&bad, &bytes).unwrap();
    let (k, m) = error_of(&format!("(load-matrix {})", lisp_path(&bad)));
    assert_eq!(k, "format", "{m}");
    assert!(m.contains("checksum"), "{m}");
}

#[test]
fn trailing_bytes_after_idx_data_are_a_format_error() {
    let d = scratch("trailing");
    for name in ["t-idx", "t-idx.gz"] {
        let f = d.join(name);
        output_of(&format!(
            "(save-matrix [1 2] {} \"idx-ubyte\")",
            lisp_path(&f)
        ));
        output_of(&format!("(load-matrix {})", lisp_path(&f)));
        let mut b = std::fs::read(&f).unwrap();
        b.extend(b"junk");
        std::fs::write(&f, b).unwrap();
        let (k, m) = error_of(&format!("(load-matrix {})", lisp_path(&f)));
        assert_eq!(k, "format", "{name}: {m}");
    }
}

/// SN2.8's `perf-file` appends its results to pattern files: SN/Lush and
/// `.MAT` files load with text after their data, as in Lush.
#[test]
fn sn_and_ascii_files_load_with_text_after_their_data() {
    let d = scratch("trailing-sn");
    for (name, fmt) in [("t.mat", "float"), ("t.asc", "ascii"), ("t.pat", "packed")] {
        let f = d.join(name);
        output_of(&format!("(save-matrix [1 -1] {} \"{fmt}\")", lisp_path(&f)));
        let mut b = std::fs::read(&f).unwrap();
        b.extend(b";;; ==== NEW PERFORMANCE\n");
        std::fs::write(&f, b).unwrap();
        let out = output_of(&format!("(print (load-matrix {}))", lisp_path(&f)));
        assert_eq!(out.trim(), "[1 -1]", "{name}");
    }
}

#[test]
fn a_gzip_bomb_claiming_more_than_the_budget_is_a_memory_error() {
    let d = scratch("bomb");
    // 2^28 ubytes (1 GB as floats) in a file of a few hundred kB.
    let bomb = d.join("bomb-idx1-ubyte.gz");
    let small = d.join("small-idx1-ubyte.gz");
    let o = sn(
        &format!(
            "(save-matrix (matrix 268435456) {}) (save-matrix [1 2] {})",
            lisp_path(&bomb),
            lisp_path(&small)
        ),
        &[],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(std::fs::metadata(&bomb).unwrap().len() < 4 << 20);
    let o = sn(
        &format!("(load-matrix {})", lisp_path(&bomb)),
        &[("SN_MEMORY", "512M")],
    );
    let err = failed_with(&o);
    assert!(err.contains("[memory]") && err.contains("budget"), "{err}");
    // A small matrix followed (in a second gzip member) by 256 MB more:
    // the data beyond what the header claims is an error at its first byte.
    let both = d.join("both-idx1-ubyte.gz");
    let bytes = [
        std::fs::read(&small).unwrap(),
        std::fs::read(&bomb).unwrap(),
    ]
    .concat();
    std::fs::write(&both, bytes).unwrap();
    let o = sn(
        &format!("(load-matrix {})", lisp_path(&both)),
        &[("SN_MEMORY", "512M")],
    );
    let err = failed_with(&o);
    assert!(
        err.contains("[format]") && err.contains("trailing"),
        "{err}"
    );
}

#[test]
fn corrupt_headers_are_format_errors() {
    let d = scratch("corrupt");
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", vec![]),
        ("magic", b"JUNK1234".to_vec()),
        ("idx-short", vec![0, 0, 0x0D, 2, 0, 0]),
        ("idx-huge", [vec![0, 0, 0x0D, 3], vec![0xFF; 12]].concat()),
        (
            "sn-ndim",
            [vec![0x1E, 0x3D, 0x4C, 0x51], vec![0, 0, 0, 99]].concat(),
        ),
        ("ascii", b".MAT 2 3".to_vec()),
        (
            "ascii-long",
            [b".MAT 1 1 ".to_vec(), vec![b'7'; 1000]].concat(),
        ),
    ];
    for (name, bytes) in cases {
        let f = d.join(name);
        std::fs::write(&f, bytes).unwrap();
        let (k, m) = error_of(&format!("(load-matrix {})", lisp_path(&f)));
        assert_eq!(k, "format", "{name}: {m}");
    }
    let (k, m) = error_of(&format!("(load-matrix {})", lisp_path(&d)));
    assert_eq!(k, "io", "a folder: {m}");
}

// ------------------------------------------------------------ arrays

#[test]
fn empty_products_are_empty_or_zero() {
    let o = output_of(
        "(print (idx-dim (idx-m2timesm2 (matrix 0 5) (matrix 5 0))))
         (print (idx-m2timesm2 (matrix 3 0) (matrix 0 2)))
         (print (idx-m2dotm1 (matrix 2 0) (matrix 0)))
         (print (idx-dim (idx-m2dotm1 (matrix 0 3) (matrix 3))))
         (print (idx-dim (idx-m1extm1 (matrix 0) (matrix 4))))
         (print (idx-dotm1 (matrix 0) (matrix 0)))
         (print (idx-sum (matrix 0 3)))",
    );
    let lines: Vec<&str> = o.lines().collect();
    assert_eq!(
        lines,
        [
            "(0 0)",
            "[[0 0][0 0][0 0]]",
            "[0 0]",
            "(0)",
            "(0 4)",
            "0",
            "0"
        ],
        "{o}"
    );
    let (k, _) = error_of("(idx-m2timesm2 (matrix 0 5) (matrix 4 0))");
    assert_eq!(k, "shape");
}

#[test]
fn too_large_arrays_are_memory_errors() {
    let o = sn("(matrix 1000000000)", &[("SN_MEMORY", "1G")]);
    let err = failed_with(&o);
    assert!(err.contains("[memory]"), "{err}");
}

// ------------------------------------------------------------ lines

#[test]
#[cfg(target_os = "linux")]
fn an_endless_line_is_an_error() {
    let (k, m) = error_of("(read-line (open-read \"/dev/zero\"))");
    assert_eq!(k, "format", "{m}");
    assert!(m.contains("longer than"), "{m}");
}

// ------------------------------------------------------------ units level

#[test]
fn newneurons_past_the_budget_is_a_memory_error() {
    let o = sn(
        "(alloc-net 10 10) (newneurons 134217720)",
        &[("SN_MEMORY", "1G")],
    );
    let err = failed_with(&o);
    assert!(
        err.contains("[memory]") && err.contains("newneurons"),
        "{err}"
    );
    let o = sn(
        "(alloc-net 10 10) (newneurons 1000) (printf \"%d\\n\" nnum)",
        &[("SN_MEMORY", "1G")],
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("1001"));
}

#[test]
fn non_finite_weights_are_neither_saved_nor_loaded() {
    let d = scratch("nan");
    let f = d.join("n.wei");
    let net =
        "(alloc-net 5 5) (setq u (newneurons 2)) (connect 0 (car u) 0.5) (connect 0 (cadr u) 0.25)";
    output_of(&format!("{net} (%save-weights {})", lisp_path(&f)));
    let before = std::fs::read(&f).unwrap();
    let (k, m) = error_of(&format!(
        "{net} (sval 0 (car u) (/ 0 0)) (%save-weights {})",
        lisp_path(&f)
    ));
    assert_eq!(k, "domain", "{m}");
    assert!(m.contains("not finite"), "{m}");
    assert_eq!(std::fs::read(&f).unwrap(), before, "nothing written");
    // A file whose second weight is NaN.
    let mut b = before.clone();
    let n = b.len();
    // 0x7fffff7f is a NaN read in either byte order (the file is a Lush
    // matrix, whose byte order is the writer's).
    b[n - 4..].copy_from_slice(&[0x7f, 0xff, 0xff, 0x7f]);
    std::fs::write(&f, b).unwrap();
    let (k, m) = error_of(&format!("{net} (%load-weights {})", lisp_path(&f)));
    assert_eq!(k, "format", "{m}");
    assert!(m.contains("not finite"), "{m}");
}

const XOR: &str = r#"
(libload "netenv")
(alloc-net 10 20) (seed 1)
(build-net '((input 2) (hidden 2) (output 1)) '((input hidden) (hidden output)))
(setq pattern-matrix [[-1 -1][-1 1][1 -1][1 1]] desired-matrix [[-1][1][1][-1]])
(ensemble 0 3) (forget 1) (epsi 0.3)
(learn 20)
(pattern-matrix 2 1 (/ 0 0))
"#;

#[test]
fn learning_on_a_nan_input_stops_with_the_weights_finite() {
    for how in [
        "(learn 100)",
        "(setq disp-basic-iteration (lambda (n) ())) (learn 100)",
    ] {
        let (k, m) = error_of(&format!("{XOR} (setq w0 (sval 0 (car hidden))) {how}"));
        assert_eq!(k, "domain", "{how}: {m}");
        assert!(m.contains("NaN") && m.contains("weights"), "{how}: {m}");
        let o = output_of(&format!(
            "{XOR} (setq w0 (sval 0 (car hidden))) (catch-error {how}) \
             (let ((ok t)) (for (i 0 (1- snum)) ()) \
               (each ((u hidden)) (unless (= (sval 0 u) (sval 0 u)) (setq ok ()))) (print ok))"
        ));
        assert!(o.trim_end().ends_with('t'), "{how}: weights NaN: {o}");
    }
}

#[test]
#[cfg(unix)]
fn a_fifo_is_written_in_place_not_replaced() {
    use std::io::Read;
    use std::os::unix::fs::FileTypeExt;
    let d = scratch("fifo");
    let f = d.join("pipe");
    let made = Command::new("mkfifo").arg(&f).status();
    if !made.map(|s| s.success()).unwrap_or(false) {
        println!("skipped: mkfifo is absent");
        return;
    }
    for code in ["(writing FILE (prin 42))", "(save-matrix [1 2] FILE)"] {
        let reader = {
            let f = f.clone();
            std::thread::spawn(move || {
                let mut s = Vec::new();
                std::fs::File::open(&f)
                    .unwrap()
                    .read_to_end(&mut s)
                    .unwrap();
                s
            })
        };
        output_of(&code.replace("FILE", &lisp_path(&f)));
        let got = reader.join().unwrap();
        assert!(!got.is_empty(), "{code}: the reader got the data");
        let t = std::fs::symlink_metadata(&f).unwrap().file_type();
        assert!(t.is_fifo(), "{code}: the FIFO is still a FIFO");
    }
    let (k, m) = error_of(&format!("(delete-file {})", lisp_path(&f)));
    assert_eq!(k, "io", "{m}");
    assert!(
        std::fs::symlink_metadata(&f).unwrap().file_type().is_fifo(),
        "not deleted"
    );
}

#[test]
fn connection_patterns_with_huge_sizes_are_errors() {
    let net = "(alloc-net 20 50) (setq u (newneurons 6))";
    for (code, want) in [
        (
            "(mask-toric-connect u 2 3 (list (car u)) 1 1 1 1 1000000000 1000000000)",
            "capacity",
        ),
        (
            "(local-toric-connect u 2 3 (list (car u)) 1 1 1 1 1000000000 1000000000)",
            "capacity",
        ),
        (
            "(local-2d-connect () 4294967296 4294967296 () 4294967296 4294967296 1 1 1 1)",
            "is not",
        ),
        (
            "(local-2d-connect u 2 3 (list (car u)) 1 1 1 1 1000000000000000 1)",
            "capacity",
        ),
    ] {
        let (k, m) = error_of(&format!("{net} {code}"));
        assert!(k == "domain" || k == "shape", "{code}: {k} {m}");
        assert!(m.contains(want), "{code}: {m}");
    }
    // A huge step ends the windows at the edge of the source at once (as
    // SN2.8's local-next, without its walk back).
    let t0 = Instant::now();
    output_of(&format!(
        "{net} (local-2d-connect u 2 3 (list (car u) (cadr u)) 1 2 1000000000000000 1 1 1)"
    ));
    assert!(t0.elapsed() < Duration::from_secs(5));
    // Empty layers connect nothing, at once, whatever their other size.
    let t0 = Instant::now();
    output_of(&format!(
        "{net} (tdnn-bias-connect () 0 1000000000000000) (tdnn-connect u 6 1 () 0 1000000000000000 1 1)"
    ));
    assert!(t0.elapsed() < Duration::from_secs(5));
}

#[test]
fn empty_views_of_empty_arrays_work_everywhere() {
    let o = output_of(
        "(setq e (idx-select (matrix 3 0) 0 2))
         (print (idx-dim e) (idx-sum e))
         (setq n (idx-narrow (matrix 4 0) 0 1 3))
         (print (idx-dim n) (idx-dim (idx-add n n)) (idx-sum (idx-tanh n)))
         (alloc-net 5 5)
         (print (get-pattern (matrix 3 0) 1 ()))",
    );
    assert_eq!(
        o.lines().collect::<Vec<_>>(),
        ["(0) 0", "(1 0) (1 0) 0", "()"],
        "{o}"
    );
}

/// `scripts/kill9.sh`: a loop saving a matrix, a units net, a module net
/// and a checkpoint is killed with SIGKILL three times; every file loads
/// and holds a whole version after each kill.
#[test]
fn saves_survive_kill_9() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    // the script's folder (kept when a file is bad) in one of the test's own
    let tmp = common::temp_dir("sn-kill9-test-");
    let o = Command::new("bash")
        .arg(root.join("scripts/kill9.sh"))
        .arg("3")
        .env("SN", env!("CARGO_BIN_EXE_sn"))
        .env("TMPDIR", &tmp)
        .env("SN_HOME", root)
        .env("KILL9_SEED", "3")
        .output()
        .expect("running scripts/kill9.sh");
    let out = String::from_utf8_lossy(&o.stdout);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "kill9.sh failed:\n{out}\n{err}");
    assert!(out.contains("3 kills survived"), "{out}\n{err}");
}

/// Nested unit lists are walked without native recursion (found by the fuzz
/// harness: a list circular through its car overflowed the stack).
#[test]
fn a_unit_list_circular_through_its_car_is_an_error() {
    let (k, m) = error_of("(cut-connection (let ((l (list 1 2))) (rplaca l l) l) '(1 2))");
    assert_eq!(k, "domain", "{m}");
    assert!(m.contains("nested"), "{m}");
}

/// Found by the fuzz harness (seed 23): the layer form of `copy-sfield`
/// with two arguments read past them, and a codebook label past i32 sized
/// an impossible per-class array.
#[test]
fn sn28_field_and_codebook_arguments_are_checked() {
    let (k, m) = error_of(
        "(progn (libload \"netenv\") (alloc-net 10 10) (setq l (newneurons 3)) (copy-sfield l 2))",
    );
    assert_eq!(k, "arity", "{m}");
    let (k, m) = error_of("(codebook-labels (new-codebook [[0 0] [1 0]] [0 2147483648]))");
    assert_eq!(k, "domain", "{m}");
}
