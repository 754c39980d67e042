//! SN2.8's unit-level primitives in sn: every primitive that SN2.8's
//! `network.c`, `interf.c`, `miscop.c`, `gbp.c`, `euclid.c`, `iac.c` and
//! `sn2sn1.c` define is bound (read from `../shared/sn28/src` at test time,
//! skipped when absent), and weight files move between the two formats.

mod common;

use std::path::{Path, PathBuf};

use common::run_sn;

/// The C files of the unit level (the NLF, codebook and k-NN files are
/// covered elsewhere).
const FILES: &[&str] = &[
    "network.c",
    "interf.c",
    "miscop.c",
    "gbp.c",
    "euclid.c",
    "iac.c",
    "sn2sn1.c",
];

fn sn28_src() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/sn28/src");
    p.is_dir().then_some(p)
}

/// The names a C file defines: `dx_define("name", ...)`, `var_define("name")`.
fn defined_names(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in text.split("define(\"").skip(1) {
        if let Some(end) = part.find('"') {
            out.push(part[..end].to_string());
        }
    }
    out
}

#[test]
fn every_unit_level_primitive_of_sn28_is_bound() {
    let Some(src) = sn28_src() else {
        println!("skipped: ../shared/sn28 is absent");
        return;
    };
    let mut names = Vec::new();
    for f in FILES {
        let text = std::fs::read_to_string(src.join(f)).expect("an SN2.8 source file");
        // `weight_matrix` exists only in SN2.8 builds with -DWMATRIX.
        names.extend(
            defined_names(&text)
                .into_iter()
                .filter(|n| n != "weight_matrix"),
        );
    }
    assert!(names.len() > 100, "too few names read: {}", names.len());
    let script: String = names
        .iter()
        .map(|n| format!("(when (not (boundp '{n})) (print '{n}))\n"))
        .collect();
    let dir = common::temp_dir("sn28-units-");
    let file = dir.join("bound.lsp");
    std::fs::write(&file, script).unwrap();
    let out = run_sn(&[file.to_str().unwrap()]);
    println!(
        "{} of {} unit-level names of SN2.8 bound",
        names.len() - out.lines().count(),
        names.len()
    );
    assert!(out.trim().is_empty(), "unbound: {out}");
}

#[test]
fn save_net_writes_a_lush_float_vector_and_load_net_reads_sn28_records() {
    let dir = common::temp_dir("sn28-units-files-");
    let m = dir.join("m.wei");
    let script = format!(
        "(libload \"netenv\")\n(alloc-net 10 20)\n(newneurons 3)\n(connect '(1 2) 3)\n(connect 0 3)\n\
         (matrix-to-weight [0.5 -1.5 0.25])\n(save-net \"{}\")\n",
        m.display()
    );
    let s = dir.join("save.lsp");
    std::fs::write(&s, script).unwrap();
    run_sn(&[s.to_str().unwrap()]);
    let b = std::fs::read(&m).unwrap();
    // Lush single-float matrix: magic, ndim 1, dims padded to 3, data, in
    // the writer's byte order (Lush reads either).
    let be = b[..4] == 0x1E3D_4C51u32.to_be_bytes();
    let word = |c: &[u8]| {
        let c: [u8; 4] = c.try_into().unwrap();
        if be {
            u32::from_be_bytes(c)
        } else {
            u32::from_le_bytes(c)
        }
    };
    let ints: Vec<u32> = b[..20].chunks(4).map(word).collect();
    assert_eq!(ints, vec![0x1E3D_4C51, 1, 3, 1, 1]);
    let vals: Vec<f32> = b[20..].chunks(4).map(|c| f32::from_bits(word(c))).collect();
    assert_eq!(vals, vec![0.5, -1.5, 0.25]);

    // SN2.8 records written as SN2.8 wrote them, in both byte orders.
    for big in [false, true] {
        let enc = |x: u32| {
            if big {
                x.to_be_bytes()
            } else {
                x.to_le_bytes()
            }
        };
        let mut rec = Vec::new();
        for x in [0x2d4f_1c93u32, 3, 12] {
            rec.extend(enc(x));
        }
        for (a, c, v) in [(1u32, 3u32, 2.0f32), (2, 3, -0.5), (0, 3, 0.75)] {
            rec.extend(enc(a));
            rec.extend(enc(c));
            rec.extend(enc(v.to_bits()));
        }
        let r = dir.join("r.wei");
        std::fs::write(&r, rec).unwrap();
        let script = format!(
            "(libload \"netenv\")\n(alloc-net 10 20)\n(newneurons 3)\n(connect '(1 2) 3)\n(connect 0 3)\n\
             (load-net \"{}\")\n(print (weight-to-matrix) age)\n",
            r.display()
        );
        std::fs::write(&s, script).unwrap();
        let out = run_sn(&[s.to_str().unwrap()]);
        assert_eq!(out.trim(), "[2 -0.5 0.75] 12", "big-endian: {big}");
    }
}
