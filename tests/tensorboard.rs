//! TensorBoard event files: `sn --logdir DIR` (or `tensorboard-logdir`)
//! makes `train-net` write its per-pass figures to an event file, read
//! back here by an independent reader: the TFRecord framing (length,
//! masked CRC-32C of the length, data, masked CRC-32C of the data) with a
//! bitwise CRC-32C written in this file, the protobuf decoded with message
//! definitions of this file. Without a log folder nothing is written.

mod common;

use prost::Message;
use std::path::{Path, PathBuf};

#[derive(Clone, PartialEq, Message)]
struct Event {
    #[prost(double, tag = "1")]
    wall_time: f64,
    #[prost(int64, tag = "2")]
    step: i64,
    #[prost(string, tag = "3")]
    file_version: String,
    #[prost(message, optional, tag = "5")]
    summary: Option<Summary>,
}

#[derive(Clone, PartialEq, Message)]
struct Summary {
    #[prost(message, repeated, tag = "1")]
    value: Vec<Val>,
}

#[derive(Clone, PartialEq, Message)]
struct Val {
    #[prost(string, tag = "1")]
    tag: String,
    #[prost(float, optional, tag = "2")]
    simple_value: Option<f32>,
    #[prost(message, optional, tag = "4")]
    image: Option<Image>,
    #[prost(message, optional, tag = "8")]
    tensor: Option<Tensor>,
}

#[derive(Clone, PartialEq, Message)]
struct Image {
    #[prost(int32, tag = "1")]
    height: i32,
    #[prost(int32, tag = "2")]
    width: i32,
    #[prost(bytes = "vec", tag = "4")]
    encoded: Vec<u8>,
}

#[derive(Clone, PartialEq, Message)]
struct Tensor {
    #[prost(bytes = "vec", repeated, tag = "8")]
    string_val: Vec<Vec<u8>>,
}

/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), bit by bit.
fn crc32c(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0x82F6_3B78
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn masked(data: &[u8]) -> u32 {
    let c = crc32c(data);
    ((c >> 15) | (c << 17)).wrapping_add(0xa282_ead8)
}

fn u32_at(b: &[u8], i: usize) -> Result<u32, String> {
    let s = b.get(i..i + 4).ok_or("truncated checksum")?;
    Ok(u32::from_le_bytes(s.try_into().unwrap()))
}

/// The records of an event file, each checked; an error names the first
/// bad one.
fn records(bytes: &[u8]) -> Result<Vec<Event>, String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let len_bytes = bytes.get(i..i + 8).ok_or("truncated length")?;
        let len = u64::from_le_bytes(len_bytes.try_into().unwrap()) as usize;
        if u32_at(bytes, i + 8)? != masked(len_bytes) {
            return Err(format!("record {}: bad length checksum", out.len()));
        }
        let data = bytes.get(i + 12..i + 12 + len).ok_or("truncated data")?;
        if u32_at(bytes, i + 12 + len)? != masked(data) {
            return Err(format!("record {}: bad data checksum", out.len()));
        }
        out.push(Event::decode(data).map_err(|e| format!("record {}: {e}", out.len()))?);
        i += 16 + len;
    }
    Ok(out)
}

/// The event files in `dir`.
fn event_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    rd.map(|e| e.expect("a folder entry").path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("events.out.tfevents.")
        })
        .collect()
}

fn temp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("sn-tboard-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("a temporary folder");
    d
}

const TRAIN: &str = "(libload \"lenet\")\n\
    (setq d (lenet1-data () 200))\n\
    (setq net (lenet1 2))\n\
    (train-net net (lenet1-recipe) (car d) (cadr d) 2)\n";

/// Runs `script` in `dir` with `args` before it; standard output.
fn run(dir: &Path, args: &[&str], script: &str) -> String {
    common::stdout_ok(common::run_script_with(dir, args, "run.lsp", script))
}

/// The value of `tag` at `step` among the events.
fn scalar(events: &[Event], tag: &str, step: i64) -> Option<f32> {
    events
        .iter()
        .filter(|e| e.step == step)
        .flat_map(|e| e.summary.iter().flat_map(|s| s.value.iter()))
        .find(|v| v.tag == tag)
        .and_then(|v| v.simple_value)
}

/// The "test cost=" figure of the epoch line of `pass` in sn's output.
fn printed_test_cost(text: &str, pass: usize) -> f32 {
    let line = text
        .lines()
        .find(|l| l.starts_with(&format!("epoch {pass} ")))
        .unwrap_or_else(|| panic!("no epoch {pass} line:\n{text}"));
    let after = line.split("test cost=").nth(1).expect("a test cost");
    after
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .expect("a number")
}

#[test]
fn train_net_logs_its_passes_and_the_reader_checks_them() {
    let dir = temp("train");
    let logs = dir.join("logs/run1");
    let text = run(&dir, &["--logdir", logs.to_str().unwrap()], TRAIN);
    let files = event_files(&logs);
    assert_eq!(files.len(), 1, "one event file in {}", logs.display());
    let name = files[0].file_name().unwrap().to_string_lossy().to_string();
    let secs: u64 = name
        .split('.')
        .nth(3)
        .unwrap()
        .parse()
        .expect("seconds in the name");
    assert!(secs > 1_600_000_000, "{name}");
    let bytes = std::fs::read(&files[0]).unwrap();
    let events = records(&bytes).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(events[0].file_version, "brain.Event:2");
    for pass in 1..=2 {
        for tag in [
            "train/cost",
            "train/error",
            "test/cost",
            "test/error",
            "samples_per_s",
        ] {
            let v = scalar(&events, tag, pass).unwrap_or_else(|| panic!("no {tag} at step {pass}"));
            assert!(v.is_finite() && v >= 0.0, "{tag} {pass}: {v}");
        }
        let logged = scalar(&events, "test/cost", pass).unwrap();
        let printed = printed_test_cost(&text, pass as usize);
        assert!(
            (logged - printed).abs() < 1e-4,
            "pass {pass}: {logged} vs {printed}"
        );
        assert!(scalar(&events, "samples_per_s", pass).unwrap() > 0.0);
    }
    assert!(scalar(&events, "test/cost", 3).is_none(), "only 2 passes");
    // the checker fails on a corrupt byte, in the data or in a length
    for at in [bytes.len() - 6, 2, 30] {
        let mut bad = bytes.clone();
        bad[at] ^= 0x20;
        assert!(records(&bad).is_err(), "a flipped byte at {at} went unseen");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn lisp_logs_scalars_images_and_text() {
    let dir = temp("lisp");
    let script = "(setq tensorboard-logdir \"tb\")\n\
        (tensorboard-scalar \"loss\" 7 0.25)\n\
        (setq w (new-window 40 30))\n\
        (draw-line 0 0 39 29)\n\
        (tensorboard-image \"picture\" 7 w)\n\
        (tensorboard-text \"settings\" 0 \"eta 0.01\")\n";
    run(&dir, &[], script);
    let files = event_files(&dir.join("tb"));
    assert_eq!(files.len(), 1);
    let events = records(&std::fs::read(&files[0]).unwrap()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(scalar(&events, "loss", 7), Some(0.25));
    let vals: Vec<&Val> = events
        .iter()
        .flat_map(|e| e.summary.iter().flat_map(|s| s.value.iter()))
        .collect();
    let img = vals
        .iter()
        .find(|v| v.tag == "picture")
        .and_then(|v| v.image.as_ref())
        .expect("an image");
    assert_eq!((img.width, img.height), (40, 30));
    assert_eq!(&img.encoded[..8], b"\x89PNG\r\n\x1a\n");
    let txt = vals
        .iter()
        .find(|v| v.tag == "settings")
        .and_then(|v| v.tensor.as_ref())
        .expect("a text");
    assert_eq!(txt.string_val, vec![b"eta 0.01".to_vec()]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn nothing_is_written_without_a_log_folder() {
    let dir = temp("none");
    let text = run(
        &dir,
        &[],
        &format!("{TRAIN}(print (tensorboard-scalar \"x\" 1 2))\n"),
    );
    assert!(text.trim_end().ends_with("()"), "{text}");
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        names,
        vec![std::ffi::OsString::from("run.lsp")],
        "files written: {names:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_bitwise_crc_is_crc32c() {
    // the check value of CRC-32C, and the framing sn-tboard writes
    assert_eq!(crc32c(b"123456789"), 0xE306_9283);
    let f = sn_tboard::frame(b"hello");
    assert_eq!(u32_at(&f, 8).unwrap(), masked(&f[..8]));
    assert_eq!(u32_at(&f, 17).unwrap(), masked(b"hello"));
}

#[test]
fn netenv_run_logs_each_perf_at_its_age() {
    let dir = temp("netenv");
    let logs = dir.join("logs");
    let xor = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/xor.sn"))
        .expect("examples/xor.sn");
    let text = common::stdout_ok(common::run_script_with(
        &dir,
        &["--logdir", logs.to_str().unwrap()],
        "xor.sn",
        &xor,
    ));
    let files = event_files(&logs);
    assert_eq!(files.len(), 1, "one event file in {}", logs.display());
    let events = records(&std::fs::read(&files[0]).unwrap()).unwrap_or_else(|e| panic!("{e}"));
    // (run 100 6): a perf at age 0, then one every 100 iterations, each
    // logged with the performance sn printed
    for k in 0..=6i64 {
        let age = 100 * k;
        let correct = scalar(&events, "train/correct", age)
            .unwrap_or_else(|| panic!("no train/correct at age {age}"));
        let printed = text
            .lines()
            .find(|l| l.contains(&format!("age={age},")))
            .and_then(|l| l.rsplit("performance=").next())
            .and_then(|v| v.trim().parse::<f32>().ok())
            .unwrap_or_else(|| panic!("no perf line at age {age} in\n{text}"));
        assert!(
            (correct - printed).abs() < 1e-3,
            "age {age}: {correct} vs {printed}"
        );
        assert!(scalar(&events, "train/error", age).is_some());
    }
    assert!(
        scalar(&events, "test/error", 0).is_none(),
        "run measures no test set"
    );
    std::fs::remove_dir_all(&dir).ok();
}
