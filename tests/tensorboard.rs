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

fn temp(name: &str) -> common::TempDir {
    common::temp_dir(&format!("sn-tboard-{name}-"))
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
}

/// The width and height in the IHDR chunk of a PNG file, after checking
/// its signature and the chunk's CRC-32 (zlib's, bit by bit).
fn png_size(png: &[u8]) -> (i32, i32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
    assert_eq!(&png[8..16], b"\0\0\0\x0dIHDR", "IHDR first, 13 bytes");
    let mut crc = !0u32;
    for &b in &png[12..29] {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    assert_eq!(
        u32::from_be_bytes(png[29..33].try_into().unwrap()),
        !crc,
        "IHDR CRC"
    );
    let be = |i: usize| i32::from_be_bytes(png[i..i + 4].try_into().unwrap());
    (be(16), be(20))
}

/// The images tagged `tag` at `step`.
fn images<'a>(events: &'a [Event], tag: &str, step: i64) -> Vec<&'a Image> {
    events
        .iter()
        .filter(|e| e.step == step)
        .flat_map(|e| e.summary.iter().flat_map(|s| s.value.iter()))
        .filter(|v| v.tag == tag)
        .filter_map(|v| v.image.as_ref())
        .collect()
}

/// The texts tagged `tag`, with their steps.
fn texts(events: &[Event], tag: &str) -> Vec<(i64, String)> {
    events
        .iter()
        .flat_map(|e| {
            e.summary
                .iter()
                .flat_map(|s| s.value.iter())
                .filter(|v| v.tag == tag)
                .filter_map(|v| v.tensor.as_ref())
                .map(move |t| {
                    (
                        e.step,
                        String::from_utf8_lossy(&t.string_val[0]).to_string(),
                    )
                })
        })
        .collect()
}

/// The one image `tag` at `step`: a PNG whose header says the size the
/// event says; that size.
fn one_png(events: &[Event], tag: &str, step: i64) -> (i32, i32) {
    let imgs = images(events, tag, step);
    assert_eq!(imgs.len(), 1, "one {tag} at step {step}");
    let size = png_size(&imgs[0].encoded);
    assert_eq!(size, (imgs[0].width, imgs[0].height), "{tag}: PNG vs event");
    size
}

/// The size of a canvas of sn's picture code.
fn size_of(c: &sn_graphics::Canvas) -> (i32, i32) {
    (c.width() as i32, c.height() as i32)
}

/// The "test ... errors=X%" figure of the epoch line of `pass`.
fn printed_test_error(text: &str, pass: usize) -> f64 {
    let line = text
        .lines()
        .find(|l| l.starts_with(&format!("epoch {pass} ")))
        .unwrap_or_else(|| panic!("no epoch {pass} line:\n{text}"));
    let after = line.split("| test").nth(1).expect("a test part");
    let e = after.split("errors=").nth(1).expect("test errors");
    e.trim_end()
        .trim_end_matches('%')
        .parse()
        .expect("a number")
}

#[test]
fn train_net_logs_weights_maps_confusion_and_settings() {
    use sn_graphics::pictures::{
        confusion_matrix, feature_maps, weight_tiles, MapLayer, TileOptions,
    };
    let dir = temp("pictures");
    let logs = dir.join("logs");
    let text = run(&dir, &["--logdir", logs.to_str().unwrap()], TRAIN);
    let files = event_files(&logs);
    assert_eq!(files.len(), 1);
    let events = records(&std::fs::read(&files[0]).unwrap()).unwrap_or_else(|e| panic!("{e}"));
    // LeNet-1's 4 first-layer 5x5 kernels, as (save-weights f w 10) draws them
    let opts = TileOptions {
        zoom: 10,
        ..TileOptions::default()
    };
    let kernels = weight_tiles(&[0.5; 100], &[4, 5, 5], &opts).unwrap();
    // its states on one 28x28 digit: the input, then the 10 modules' outputs
    let shapes: [(&str, Vec<usize>); 11] = [
        ("input", vec![1, 28, 28]),
        ("1 conv", vec![4, 24, 24]),
        ("2 stanh", vec![4, 24, 24]),
        ("3 subsample", vec![4, 12, 12]),
        ("4 stanh", vec![4, 12, 12]),
        ("5 conv", vec![12, 8, 8]),
        ("6 stanh", vec![12, 8, 8]),
        ("7 subsample", vec![12, 4, 4]),
        ("8 stanh", vec![12, 4, 4]),
        ("9 full", vec![10]),
        ("10 stanh", vec![10]),
    ];
    let zeros: Vec<Vec<f32>> = shapes
        .iter()
        .map(|(_, d)| vec![0.0; d.iter().product()])
        .collect();
    let layers: Vec<MapLayer> = shapes
        .iter()
        .zip(&zeros)
        .map(|((name, dims), data)| MapLayer { name, data, dims })
        .collect();
    let maps = feature_maps(&layers, sn_graphics::ColorMap::Gray).unwrap();
    for pass in 1..=2 {
        assert_eq!(
            one_png(&events, "pictures/weights", pass),
            size_of(&kernels)
        );
        assert_eq!(
            one_png(&events, "pictures/feature_maps", pass),
            size_of(&maps)
        );
        let title = format!(
            "test set: {:.2}% errors",
            printed_test_error(&text, pass as usize)
        );
        let conf = confusion_matrix(&[0.0; 100], &[10, 10], &[], &title).unwrap();
        assert_eq!(one_png(&events, "pictures/confusion", pass), size_of(&conf));
    }
    assert!(
        images(&events, "pictures/weights", 3).is_empty(),
        "only 2 passes"
    );
    // the settings, once, at the pass the run starts from
    let settings = texts(&events, "settings");
    assert_eq!(settings.len(), 1, "{settings:?}");
    let (step, s) = &settings[0];
    assert_eq!(*step, 0);
    for want in [
        "| learning rate | 0.01 from pass 1 |",
        "| seed | 1 |",
        "| batch | 1 |",
        "| training samples | 200 |",
        "| test samples | 200 |",
        "| epochs | 2 (from pass 1) |",
        "1. conv 1->4 maps, 5x5 kernels",
        env!("CARGO_PKG_VERSION"),
    ] {
        assert!(s.contains(want), "no {want:?} in the settings:\n{s}");
    }
}

#[test]
fn tensorboard_windows_logs_every_live_window() {
    let dir = temp("windows");
    let script = "(print (tensorboard-windows 1))\n\
        (setq a (new-window 40 30 \"left\"))\n\
        (setq b (new-window 64 20 \"right\"))\n\
        (draw-line 0 0 63 19)\n\
        (print (tensorboard-windows 3))\n\
        (setq tensorboard-logdir \"tb\")\n\
        (print (tensorboard-windows 5))\n\
        (print (tensorboard-windows 6 \"w-\"))\n\
        (print (tensorboard-image \"m\" 7 (matrix 3 4) 2))\n\
        (print (catch-error (tensorboard-image \"m\" 7 42) (lambda (m) m)))\n";
    let text = run(&dir, &[], script);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        [
            "()",
            "()",
            "(\"windows/left\" \"windows/right\")",
            "(\"w-left\" \"w-right\")",
            "\"m\"",
            "\"tensorboard-image: expected a window or an array, got number 42\""
        ],
        "{text}"
    );
    let files = event_files(&dir.join("tb"));
    assert_eq!(files.len(), 1);
    let events = records(&std::fs::read(&files[0]).unwrap()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(one_png(&events, "windows/left", 5), (40, 30));
    assert_eq!(one_png(&events, "windows/right", 5), (64, 20));
    assert_eq!(one_png(&events, "w-right", 6), (64, 20));
    assert!(images(&events, "windows/left", 3).is_empty());
    // an array: the picture save-weights draws (3 x 4 weights at zoom 2)
    let opts = sn_graphics::pictures::TileOptions {
        zoom: 2,
        ..Default::default()
    };
    let m = sn_graphics::pictures::weight_tiles(&[0.0; 12], &[3, 4], &opts).unwrap();
    assert_eq!(one_png(&events, "m", 7), size_of(&m));
}

#[test]
fn netenv_run_logs_its_settings_and_open_windows() {
    let dir = temp("netenv-pictures");
    let logs = dir.join("logs");
    let xor = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/xor.sn"))
        .expect("examples/xor.sn");
    assert!(xor.contains("\n(run 100 6)"), "xor.sn runs (run 100 6)");
    let xor = xor.replace("\n(run 100 6)", "\n(init-perf-plotting 6)\n(run 100 6)");
    common::stdout_ok(common::run_script_with(
        &dir,
        &["--logdir", logs.to_str().unwrap()],
        "xor.sn",
        &xor,
    ));
    let files = event_files(&logs);
    assert_eq!(files.len(), 1);
    let events = records(&std::fs::read(&files[0]).unwrap()).unwrap_or_else(|e| panic!("{e}"));
    let settings = texts(&events, "settings");
    assert_eq!(settings.len(), 1, "{settings:?}");
    let (step, s) = &settings[0];
    assert_eq!(*step, 0, "at the age the run starts");
    for want in [
        "| command | (run 100 6) |",
        "| learning rate (epsi) | 0.3 |",
        "| units | 7 |",
        "| training patterns | 0 to 3 |",
        env!("CARGO_PKG_VERSION"),
    ] {
        assert!(s.contains(want), "no {want:?} in the settings:\n{s}");
    }
    // the perf plot, 500x300, with each perf
    for k in 0..=6i64 {
        assert_eq!(
            one_png(&events, "windows/Perf plotting", 100 * k),
            (500, 300)
        );
    }
}

#[test]
fn netenv_run_without_windows_logs_the_first_layer_weights() {
    use sn_graphics::pictures::{weight_tiles, TileOptions};
    let dir = temp("netenv-weights");
    let logs = dir.join("logs");
    let xor = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/xor.sn"))
        .expect("examples/xor.sn");
    common::stdout_ok(common::run_script_with(
        &dir,
        &["--logdir", logs.to_str().unwrap()],
        "xor.sn",
        &xor,
    ));
    let events =
        records(&std::fs::read(&event_files(&logs)[0]).unwrap()).unwrap_or_else(|e| panic!("{e}"));
    // hidden (2 units) x input (2 units), as (save-weights f m 8) draws it
    let opts = TileOptions {
        zoom: 8,
        ..TileOptions::default()
    };
    let want = size_of(&weight_tiles(&[0.0; 4], &[2, 2], &opts).unwrap());
    for k in 0..=6i64 {
        assert_eq!(one_png(&events, "pictures/weights", 100 * k), want);
    }
    // the weights of age 0 are not those after 600 iterations
    let first = &images(&events, "pictures/weights", 0)[0].encoded;
    let last = &images(&events, "pictures/weights", 600)[0].encoded;
    assert_ne!(first, last, "the picture follows the weights");
    assert!(!events.iter().any(|e| e
        .summary
        .iter()
        .flat_map(|s| s.value.iter())
        .any(|v| v.tag.starts_with("windows/"))));
}
