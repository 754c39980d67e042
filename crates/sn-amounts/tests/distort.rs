//! Distorted training fields: off by default (distortion 0 gives the
//! undistorted fields bit for bit), same text and draws otherwise,
//! deterministic, ink in range, owner map matching the ink.

use sn_amounts::distort::MAX_DISTORT;
use sn_amounts::{scale, segment, DigitSet, Field, FieldGen, Kind, SegParams, BG, HEIGHT, INK};

/// FNV-1a over a field's width, pixels, labels, boxes, touching and owners.
fn checksum(f: &Field, h: &mut u64) {
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            *h = (*h ^ b as u64).wrapping_mul(0x0100_0000_01B3);
        }
    };
    eat(&(f.width as u64).to_le_bytes());
    f.pixels
        .iter()
        .for_each(|v| eat(&v.to_bits().to_le_bytes()));
    f.labels.iter().for_each(|l| eat(&l.to_le_bytes()));
    for &(a, b) in &f.boxes {
        eat(&(a as u64).to_le_bytes());
        eat(&(b as u64).to_le_bytes());
    }
    eat(&[f.touching as u8]);
    f.owners.iter().for_each(|o| eat(&o.to_le_bytes()));
}

/// Checksum of 40 fields of each kind (train and test digits), as
/// generated before distortions existed.
fn fields_checksum(distort: Option<f64>) -> u64 {
    let mut h = 0xCBF2_9CE4_8422_2325u64;
    for part in ["train", "test"] {
        let gen = FieldGen::new(DigitSet::embedded(part).unwrap());
        for kind in [Kind::Amount, Kind::Digits(4), Kind::Digits(5)] {
            for i in 0..40 {
                let f = match distort {
                    None => gen.field(3, i, kind),
                    Some(d) => gen.field_distorted(3, i, kind, d),
                };
                checksum(&f.unwrap(), &mut h);
            }
        }
    }
    h
}

/// The checksum of [`fields_checksum`] computed before distortions were
/// added to the generator.
const BEFORE: u64 = 0xc322_4704_506c_ef18;

#[test]
fn no_distortion_gives_the_fields_of_before() {
    assert_eq!(fields_checksum(None), BEFORE);
    assert_eq!(fields_checksum(Some(0.0)), BEFORE);
    assert_ne!(fields_checksum(Some(0.5)), BEFORE);
}

#[test]
fn distortions_outside_0_max_are_errors() {
    let gen = FieldGen::new(DigitSet::embedded("train").unwrap());
    for d in [-0.1, MAX_DISTORT + 0.01, 4.0, f64::NAN, f64::INFINITY] {
        assert!(gen.field_distorted(1, 1, Kind::Amount, d).is_err());
    }
    for d in [1.5, MAX_DISTORT] {
        assert!(gen.field_distorted(1, 1, Kind::Amount, d).is_ok());
    }
}

/// Strong distortions (up to the largest accepted) still give
/// well-formed fields with the text of the undistorted ones, which the
/// over-segmentation cuts. Field 262 of stream 2 (5 digits, distortion
/// 3) has components sharing columns whose filled cuts once came out of
/// order (and made the gap filling loop until memory ran out).
#[test]
fn strong_distortions_give_fields_that_segment() {
    let gen = FieldGen::new(DigitSet::embedded("train").unwrap());
    let p = SegParams::default();
    for d in [1.5, 2.0, MAX_DISTORT] {
        for i in 240..300 {
            for kind in [Kind::Amount, Kind::Digits(5)] {
                let f = gen.field_distorted(2, i, kind, d).unwrap();
                check_field(&f);
                assert_eq!(f.text(), gen.field(2, i, kind).unwrap().text());
                let s = segment(&f.pixels, f.width, &p).unwrap();
                assert!(s.graph.narcs() > 0);
            }
        }
    }
}

/// Checks that `f` is a well-formed field: sizes, ink range, boxes in
/// the field, owner map matching the ink and the boxes.
fn check_field(f: &Field) {
    let w = f.width;
    assert_eq!((f.pixels.len(), f.owners.len()), (HEIGHT * w, HEIGHT * w));
    assert!(f.pixels.iter().all(|&v| (BG..=INK + 1e-6).contains(&v)));
    assert_eq!(
        (f.boxes.len(), f.sources.len()),
        (f.labels.len(), f.labels.len())
    );
    for &(x0, x1) in &f.boxes {
        assert!(x0 < x1 && x1 <= w, "box ({x0}, {x1}) in width {w}");
    }
    let n = f.labels.len() as i32;
    let mut owned = vec![0usize; f.labels.len()];
    for (p, (&v, &o)) in f.pixels.iter().zip(&f.owners).enumerate() {
        assert!((-1..n).contains(&o));
        assert_eq!(o == -1, v == BG, "owner {o} of pixel {p} of value {v}");
        if o >= 0 {
            owned[o as usize] += 1;
            let (x0, x1) = f.boxes[o as usize];
            if v > scale(0.3) {
                assert!((x0..x1).contains(&(p % w)), "ink of {o} outside its box");
            }
        }
    }
    assert!(owned.iter().all(|&c| c > 0), "every character shows ink");
}

#[test]
fn distorted_fields_keep_text_and_digits_and_are_well_formed() {
    let gen = FieldGen::new(DigitSet::embedded("train").unwrap());
    let (mut differ, mut total, mut wider) = (0, 0, 0i64);
    for kind in [Kind::Amount, Kind::Digits(5)] {
        for i in 0..100 {
            let plain = gen.field(11, i, kind).unwrap();
            let bent = gen.field_distorted(11, i, kind, 1.0).unwrap();
            check_field(&bent);
            assert_eq!(bent.text(), plain.text());
            assert_eq!(bent.sources, plain.sources);
            let again = gen.field_distorted(11, i, kind, 1.0).unwrap();
            assert_eq!(
                (&again.pixels, &again.owners, &again.boxes),
                (&bent.pixels, &bent.owners, &bent.boxes)
            );
            let other = gen.field_distorted(12, i, kind, 1.0).unwrap();
            assert!(other.pixels != bent.pixels);
            total += 1;
            differ += (bent.pixels != plain.pixels) as usize;
            wider += bent.width as i64 - plain.width as i64;
        }
    }
    println!(
        "{differ} of {total} distorted fields differ; mean width change {:.2}",
        wider as f64 / total as f64
    );
    assert_eq!(differ, total);
}

#[test]
fn mild_distortion_changes_less_than_full() {
    let gen = FieldGen::new(DigitSet::embedded("train").unwrap());
    let mut change = [0f64; 2];
    for i in 0..50 {
        let plain = gen.field(4, i, Kind::Digits(1)).unwrap();
        for (k, d) in [0.2, 1.0].into_iter().enumerate() {
            let f = gen.field_distorted(4, i, Kind::Digits(1), d).unwrap();
            check_field(&f);
            let w = f.width.min(plain.width);
            for r in 0..HEIGHT {
                for c in 0..w {
                    change[k] += (f.pixels[r * f.width + c] - plain.pixels[r * plain.width + c])
                        .abs() as f64;
                }
            }
        }
    }
    println!(
        "mean absolute change per field: {:.1} (0.2), {:.1} (1)",
        change[0] / 50.0,
        change[1] / 50.0
    );
    assert!(change[0] > 0.0 && change[0] < change[1]);
}
