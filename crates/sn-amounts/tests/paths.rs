//! Cut paths on generated fields: their shape (in order, in their band,
//! straight with band 0), and that they cut touching characters apart
//! more cleanly than straight cuts, judged from the owner map.

use std::time::Instant;

use sn_amounts::paths::PathParams;
use sn_amounts::segment::SegmentInk;
use sn_amounts::{
    ink_truth_paths, segment, DigitSet, Field, FieldGen, Ground, InkRule, Kind, SegParams,
    Segmentation, BG, HEIGHT, INK,
};

fn straight() -> SegParams {
    SegParams {
        paths: PathParams {
            band: 0,
            ..PathParams::default()
        },
        ..SegParams::default()
    }
}

#[test]
fn paths_are_in_order_in_their_band_and_straight_with_band_0() {
    let gen = FieldGen::new(DigitSet::embedded("test").unwrap());
    let p = SegParams::default();
    let mut bent = 0;
    for (i, kind) in (0..60).zip(
        [Kind::Amount, Kind::Digits(4), Kind::Digits(5)]
            .iter()
            .cycle(),
    ) {
        let f = gen.field(5, i, *kind).unwrap();
        let s = segment(&f.pixels, f.width, &p).unwrap();
        let s0 = segment(&f.pixels, f.width, &straight()).unwrap();
        // The paths change the segments, never the cuts.
        assert_eq!(s.cuts, s0.cuts);
        assert_eq!(s.paths.len(), s.cuts.len() * HEIGHT);
        for (k, &c) in s.cuts.iter().enumerate() {
            assert!(s0.path(k).iter().all(|&b| b == c));
            let path = s.path(k);
            if k == 0 || k + 1 == s.cuts.len() {
                assert!(
                    path.iter().all(|&b| b == c),
                    "the field's edges are straight"
                );
                continue;
            }
            bent += path.iter().any(|&b| b != c) as usize;
            for (&b, &prev) in path.iter().zip(s.path(k - 1)) {
                assert!(b >= prev && b <= f.width);
                assert!(b + p.paths.band >= c);
                assert!(b <= (c + p.paths.band).max(prev));
            }
        }
    }
    assert!(bent > 50, "{bent} cuts bent");
}

/// Ink level 0..1 of a pixel value.
fn level(v: f32) -> f32 {
    ((v - BG) / (INK - BG)).clamp(0.0, 1.0)
}

/// The ink that the correct path's segments miss of their characters
/// plus the ink they hold of others, in pixels of full ink; `None` when
/// the segmentation has no correct path.
fn path_error(f: &Field, s: &Segmentation) -> Option<f32> {
    let g = Ground::from(f);
    let t = ink_truth_paths(&s.graph, &s.cuts, &s.paths, &g, &InkRule::default()).unwrap();
    let path = t.path?;
    let mut ink = SegmentInk::new(&f.pixels, f.width, InkRule::default().level).unwrap();
    let mut held = vec![0f32; f.labels.len()];
    let mut err = 0f32;
    for (k, &a) in path.iter().enumerate() {
        let (i, j) = (s.graph.src(a) as usize, s.graph.dst(a) as usize);
        ink.pixels_between(
            (s.cuts[i], s.path(i)),
            (s.cuts[j], s.path(j)),
            |p| match f.owners[p] {
                o if o == k as i32 => held[k] += level(f.pixels[p]),
                _ => err += level(f.pixels[p]),
            },
        );
    }
    let mut mass = vec![0f32; f.labels.len()];
    for (p, &o) in f.owners.iter().enumerate() {
        if o >= 0 && ink.visible(p) {
            mass[o as usize] += level(f.pixels[p]);
        }
    }
    Some(err + mass.iter().zip(&held).map(|(m, h)| m - h).sum::<f32>())
}

/// On touching test fields of 4 and 5 digits: the correct segmentation
/// is found as often with paths as with straight cuts, and its segments
/// hold far less ink of the wrong character.
#[test]
fn paths_cut_touching_characters_apart_more_cleanly() {
    let gen = FieldGen::new(DigitSet::embedded("test").unwrap());
    let (mut n, mut found, mut found0) = (0, 0, 0);
    let (mut both, mut err, mut err0) = (0, 0f32, 0f32);
    let (mut secs, mut secs0) = (0f64, 0f64);
    for i in 0..300 {
        for kind in [Kind::Digits(4), Kind::Digits(5)] {
            let f = gen.field(7, i, kind).unwrap();
            if !f.touching {
                continue;
            }
            n += 1;
            let t = Instant::now();
            let s = segment(&f.pixels, f.width, &SegParams::default()).unwrap();
            secs += t.elapsed().as_secs_f64();
            let t = Instant::now();
            let s0 = segment(&f.pixels, f.width, &straight()).unwrap();
            secs0 += t.elapsed().as_secs_f64();
            let e = path_error(&f, &s);
            let e0 = path_error(&f, &s0);
            found += e.is_some() as usize;
            found0 += e0.is_some() as usize;
            if let (Some(e), Some(e0)) = (e, e0) {
                both += 1;
                err += e;
                err0 += e0;
            }
        }
    }
    let (err, err0) = (err / both as f32, err0 / both as f32);
    println!(
        "{n} touching fields: correct path in {found} with paths, {found0} straight; \
         misplaced ink per field {err:.2} with paths, {err0:.2} straight ({both} fields, \
         {:.0} % less)",
        100.0 * (1.0 - err / err0)
    );
    println!(
        "segmentation, images included: {:.0} µs per field with paths, {:.0} straight",
        1e6 * secs / n as f64,
        1e6 * secs0 / n as f64
    );
    assert!(n > 300);
    assert!(found + n / 100 >= found0, "recall {found} against {found0}");
    assert!(err < 0.8 * err0, "misplaced ink {err:.2} against {err0:.2}");
}
