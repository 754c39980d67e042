//! Matrix files: round trips for every type and format, the SN digits, the
//! embedded MNIST files, a corpus of malformed files, random bytes.

use std::path::PathBuf;

use proptest::prelude::*;
use sn_array::io::{load, load_bytes, save, save_bytes, ElemType, FileFormat};
use sn_array::{ops, Array, ArrayError};

fn values_for(t: ElemType) -> Vec<f32> {
    match t {
        ElemType::U8 => vec![0., 1., 127., 128., 255., 3.],
        ElemType::I8 => vec![-128., -1., 0., 1., 127., 5.],
        ElemType::Packed => vec![-8., -1., -0.0625, 0., 1., 7.9375],
        ElemType::I16 => vec![-32768., -1., 0., 1., 32767., 300.],
        ElemType::I32 => vec![-1e6, -1., 0., 1., 16777216., 7.],
        ElemType::F32 | ElemType::F64 => vec![-1.5e-7, -1., 0., 0.1, 3.25e10, 1. / 3.],
    }
}

const ALL: [ElemType; 7] = [
    ElemType::U8,
    ElemType::I8,
    ElemType::I16,
    ElemType::I32,
    ElemType::F32,
    ElemType::F64,
    ElemType::Packed,
];

fn round_trip(fmt: FileFormat, a: &Array) {
    let bytes = save_bytes(a, fmt).unwrap();
    let b = load_bytes("mem", &bytes).unwrap();
    assert!(a.values_equal(&b), "{fmt:?}: {a} != {b}");
}

#[test]
fn idx_round_trips_every_type_and_rank() {
    for t in ALL.into_iter().filter(|&t| t != ElemType::Packed) {
        let v = values_for(t);
        for dims in [&[6][..], &[2, 3], &[3, 1, 2], &[1, 2, 3, 1]] {
            round_trip(
                FileFormat::Idx(t),
                &Array::from_vec(dims, v.clone()).unwrap(),
            );
        }
    }
}

#[test]
fn sn_round_trips_every_type_and_rank() {
    for t in ALL.into_iter().filter(|&t| t != ElemType::I8) {
        let v = values_for(t);
        for dims in [&[6][..], &[2, 3], &[3, 1, 2], &[1, 2, 3, 1]] {
            round_trip(
                FileFormat::Sn(t),
                &Array::from_vec(dims, v.clone()).unwrap(),
            );
        }
    }
    assert!(save_bytes(&Array::zeros(&[2]).unwrap(), FileFormat::Sn(ElemType::I8)).is_err());
}

#[test]
fn ascii_round_trip_and_zero_dims() {
    let a = Array::from_vec(&[2, 3], values_for(ElemType::F32)).unwrap();
    round_trip(FileFormat::Ascii, &a);
    round_trip(FileFormat::Ascii, &Array::scalar(2.5));
    round_trip(FileFormat::Sn(ElemType::F32), &Array::scalar(-4.0));
    let text = b".MAT 2 2 2\n1 2\n3 4.5\n";
    assert_eq!(
        load_bytes("t.mat", text).unwrap().to_vec(),
        vec![1., 2., 3., 4.5]
    );
}

#[test]
fn packed_format_known_bytes_and_little_endian() {
    // Little-endian header as Lush writes on x86: magic 0x1E3D4C52, ndim 1, dims 3 1 1.
    let mut f = Vec::new();
    for w in [0x1E3D_4C52u32, 1, 3, 1, 1] {
        f.extend(w.to_le_bytes());
    }
    f.extend([0xF0, 0x10, 0x08]);
    let a = load_bytes("le.pat", &f).unwrap();
    assert_eq!(a.dims(), &[3]);
    assert_eq!(a.to_vec(), vec![-1., 1., 0.5]);
    // Little-endian float data is swapped too.
    let mut g = Vec::new();
    for w in [0x1E3D_4C51u32, 1, 2, 1, 1] {
        g.extend(w.to_le_bytes());
    }
    g.extend(1.5f32.to_le_bytes());
    g.extend((-2f32).to_le_bytes());
    assert_eq!(load_bytes("le.mat", &g).unwrap().to_vec(), vec![1.5, -2.]);
}

#[test]
fn files_on_disk_plain_and_gzip() {
    let tmp = tempfile::Builder::new()
        .prefix("sn-array-files-")
        .tempdir()
        .unwrap();
    let dir = tmp.path();
    let a = Array::from_vec(&[2, 2], vec![1., 2., 3., 250.]).unwrap();
    for (name, fmt) in [
        ("a.mat", FileFormat::Sn(ElemType::F32)),
        ("a-idx3-ubyte.gz", FileFormat::Idx(ElemType::U8)),
        ("a.asc.gz", FileFormat::Ascii),
    ] {
        let p = dir.join(name);
        save(&a, &p, fmt).unwrap();
        assert!(a.values_equal(&load(&p).unwrap()), "{name}");
    }
    let gz = std::fs::read(dir.join("a-idx3-ubyte.gz")).unwrap();
    assert_eq!(&gz[..2], &[0x1F, 0x8B]);
    let missing = load(&dir.join("nope.mat"));
    assert!(matches!(missing, Err(ArrayError::Io { ref file, .. }) if file.contains("nope.mat")));
}

fn format_problem(r: Result<Array, ArrayError>) -> String {
    match r {
        Err(ArrayError::Format { file, problem }) => {
            assert_eq!(file, "bad.mat");
            problem
        }
        other => panic!("expected a format error, got {other:?}"),
    }
}

#[test]
fn malformed_files_are_errors_naming_the_problem() {
    let good = save_bytes(
        &Array::zeros(&[4, 5]).unwrap(),
        FileFormat::Sn(ElemType::F32),
    )
    .unwrap();
    let idx = save_bytes(
        &Array::zeros(&[4, 5]).unwrap(),
        FileFormat::Idx(ElemType::U8),
    )
    .unwrap();
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (vec![], "truncated header"),
        (vec![0x1E, 0x3D], "truncated header"),
        (b"JUNKJUNKJUNK".to_vec(), "bad magic"),
        (good[..10].to_vec(), "truncated header"),
        (good[..good.len() - 1].to_vec(), "truncated float data"),
        (idx[..idx.len() - 3].to_vec(), "truncated ubyte data"),
        (
            vec![0, 0, 0x07, 1, 0, 0, 0, 1, 0],
            "unknown IDX element type",
        ),
        (vec![0, 0, 0x08, 200], "dimensions"),
        ([vec![0, 0, 0x0D, 4], vec![0xFF; 16]].concat(), "overflow"),
        (
            [
                vec![0x1E, 0x3D, 0x4C, 0x51, 0, 0, 0, 2],
                vec![0x7F, 0xFF, 0xFF, 0xFF],
                vec![0x7F, 0xFF, 0xFF, 0xFF],
                vec![0, 0, 0, 1],
            ]
            .concat(),
            "overflow",
        ),
        (
            [vec![0x1E, 0x3D, 0x4C, 0x51, 0, 0, 0, 1], vec![0xFF; 12]].concat(),
            "negative dimension",
        ),
        (
            [vec![0x1E, 0x3D, 0x4C, 0x51, 0xFF, 0xFF, 0xFF, 0xFF]].concat(),
            "bad number of dimensions",
        ),
        // A claimed 1e9 floats in a tiny file: truncated, nothing huge allocated.
        (
            [vec![0, 0, 0x0D, 1], 1_000_000_000u32.to_be_bytes().to_vec()].concat(),
            "truncated float data",
        ),
        (
            vec![0x1F, 0x8B, 0x08, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9],
            "corrupt",
        ),
        (vec![0x1F, 0x8B], "truncated"),
        (b".MAT 2 2 2\n1 2 3".to_vec(), "truncated: 3 numbers of 4"),
        (b".MAT 1 2\n1 x".to_vec(), "bad number 'x'"),
        (b".MAT two".to_vec(), "bad number of dimensions"),
        (b".MAT 9 1 1 1 1 1 1 1 1 1".to_vec(), "9 dimensions"),
    ];
    for (bytes, expected) in cases {
        let p = format_problem(load_bytes("bad.mat", &bytes));
        assert!(p.contains(expected), "{bytes:?}: '{p}' lacks '{expected}'");
    }
}

#[test]
fn truncated_gzip_is_an_error() {
    let a = Array::zeros(&[100, 100]).unwrap();
    let tmp = tempfile::Builder::new()
        .prefix("sn-array-gz-")
        .tempdir()
        .unwrap();
    let dir = tmp.path();
    let p = dir.join("z.mat.gz");
    save(&a, &p, FileFormat::Sn(ElemType::F32)).unwrap();
    let bytes = std::fs::read(&p).unwrap();
    let problem = format_problem(load_bytes("bad.mat", &bytes[..bytes.len() / 2]));
    assert!(
        problem.contains("truncated") || problem.contains("corrupt"),
        "{problem}"
    );
}

fn shared_data(sub: &str) -> Option<PathBuf> {
    // The root crate's manifest dir is two levels up from this crate.
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = root.join("../shared/data").join(sub);
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("skipped: {} is absent", dir.display());
        None
    }
}

#[test]
fn sn_digits_load() {
    let Some(dir) = shared_data("sn-digits") else {
        return;
    };
    let pat = load(&dir.join("dig.pat")).unwrap();
    let des = load(&dir.join("dig.des")).unwrap();
    assert_eq!(pat.dims(), &[480, 256]);
    assert_eq!(des.dims(), &[480, 10]);
    assert!(pat.to_vec().iter().all(|&v| v == 1.0 || v == -1.0));
    assert!(des.to_vec().iter().all(|&v| v == 1.0 || v == -1.0));
    for i in 0..480 {
        let row = des.select(0, i).unwrap();
        assert_eq!(ops::indexmax(&row).unwrap(), i % 10, "pattern {i}");
        assert_eq!(ops::sum(&row), -8.0);
    }
    // Ink is a minority of the pixels but present in every digit.
    for i in [0, 123, 479] {
        let s = ops::sum(&pat.select(0, i).unwrap());
        assert!(s > -256.0 && s < 0.0, "pattern {i}: {s}");
    }
}

fn label_counts(labels: &Array) -> [usize; 10] {
    let mut c = [0; 10];
    for v in labels.to_vec() {
        assert!((0.0..=9.0).contains(&v) && v.fract() == 0.0, "label {v}");
        c[v as usize] += 1;
    }
    c
}

#[test]
fn embedded_mnist_loads() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/mnist");
    if !dir.is_dir() {
        println!("skipped: {} is absent", dir.display());
        return;
    }
    for (part, n) in [("train", 8000), ("t10k", 2000)] {
        let img = load(&dir.join(format!("{part}-images-idx3-ubyte.gz"))).unwrap();
        let lab = load(&dir.join(format!("{part}-labels-idx1-ubyte.gz"))).unwrap();
        assert_eq!(img.dims(), &[n, 28, 28]);
        assert_eq!(lab.dims(), &[n]);
        assert_eq!(ops::inf(&img).unwrap(), 0.0);
        assert_eq!(ops::sup(&img).unwrap(), 255.0);
        let c = label_counts(&lab);
        assert_eq!(c.iter().sum::<usize>(), n);
        assert!(c.iter().all(|&k| k > n / 20), "{part}: {c:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, rng_seed: proptest::test_runner::RngSeed::Fixed(0x5EED_0002), ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = load_bytes("random", &bytes);
    }

    #[test]
    fn random_bodies_after_valid_magics_never_panic(
        magic in prop::sample::select(vec![
            vec![0u8, 0, 0x08, 3], vec![0, 0, 0x0E, 2], vec![0x1E, 0x3D, 0x4C, 0x52],
            vec![0x52, 0x4C, 0x3D, 0x1E], vec![0x1E, 0x3D, 0x4C, 0x53], b".MAT".to_vec(),
            vec![0x1F, 0x8B, 0x08, 0x00],
        ]),
        body in proptest::collection::vec(any::<u8>(), 0..120),
    ) {
        let bytes = [magic, body].concat();
        if let Err(e) = load_bytes("random", &bytes) {
            // A header may claim more than the memory budget holds.
            prop_assert!(matches!(e, ArrayError::Format { .. } | ArrayError::Memory { .. }), "{e:?}");
        }
    }
}

#[test]
fn data_larger_than_one_read_chunk_round_trips() {
    let n = 600_000; // 2.4 MB of floats: several chunks
    let v: Vec<f32> = (0..n).map(|i| (i % 1000) as f32 * 0.5).collect();
    let a = Array::from_vec(&[n], v).unwrap();
    for fmt in [
        FileFormat::Sn(ElemType::F32),
        FileFormat::Idx(ElemType::F64),
    ] {
        let bytes = save_bytes(&a, fmt).unwrap();
        assert!(a.values_equal(&load_bytes("big", &bytes).unwrap()));
        let cut = load_bytes("bad.mat", &bytes[..bytes.len() - 5]);
        let p = format_problem(cut);
        assert!(
            p.contains("truncated")
                && p.contains(&format!(
                    "{}",
                    bytes.len()
                        - 5
                        - if matches!(fmt, FileFormat::Sn(_)) {
                            20
                        } else {
                            8
                        }
                )),
            "{p}"
        );
    }
}

/// The IDX byte reader (MNIST's images and labels): plain and gzipped
/// files give their dims and bytes; another element type, a truncated
/// file and a missing one are clear errors.
#[test]
fn idx_bytes_plain_gzipped_and_bad() {
    use std::io::Write;
    let tmp = tempfile::Builder::new()
        .prefix("sn-idx-bytes-")
        .tempdir()
        .unwrap();
    let dir = tmp.path();
    let mut raw = vec![0, 0, 0x08, 2, 0, 0, 0, 2, 0, 0, 0, 3];
    raw.extend([1u8, 2, 3, 250, 251, 252]);
    let plain = dir.join("a-idx2-ubyte");
    std::fs::write(&plain, &raw).unwrap();
    let gz = dir.join("a-idx2-ubyte.gz");
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(&raw).unwrap();
    std::fs::write(&gz, enc.finish().unwrap()).unwrap();
    for p in [&plain, &gz] {
        let (dims, bytes) = sn_array::io::read_idx_bytes(p).unwrap();
        assert_eq!(dims, vec![2, 3]);
        assert_eq!(bytes, vec![1, 2, 3, 250, 251, 252]);
    }
    let short = dir.join("short");
    std::fs::write(&short, &raw[..15]).unwrap();
    let e = sn_array::io::read_idx_bytes(&short).unwrap_err();
    assert!(
        matches!(e, ArrayError::Format { .. }) && e.to_string().contains("truncated"),
        "{e}"
    );
    let floats = dir.join("floats");
    std::fs::write(&floats, [0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0]).unwrap();
    let e = sn_array::io::read_idx_bytes(&floats).unwrap_err();
    assert!(e.to_string().contains("unsigned bytes"), "{e}");
    let e = sn_array::io::read_idx_bytes(&dir.join("absent")).unwrap_err();
    assert!(matches!(e, ArrayError::Io { .. }), "{e}");
}
