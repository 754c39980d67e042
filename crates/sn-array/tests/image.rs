//! Image preprocessing against hand-computed values.

use sn_array::{image, ops, Array};

fn a(dims: &[usize], v: &[f32]) -> Array {
    Array::from_vec(dims, v.to_vec()).unwrap()
}

#[test]
fn pad_centres_and_fills() {
    let m = a(&[2, 2], &[1., 2., 3., 4.]);
    let p = image::pad_center(&m, 4, 4, -1.).unwrap();
    assert_eq!(
        p.to_vec(),
        vec![-1., -1., -1., -1., -1., 1., 2., -1., -1., 3., 4., -1., -1., -1., -1., -1.]
    );
    let c = image::pad_center(&p, 2, 2, 0.).unwrap();
    assert!(c.values_equal(&m));
    assert!(image::pad_center(&a(&[2], &[1., 2.]), 4, 4, 0.).is_err());
}

#[test]
fn downsample_averages_areas() {
    let m = a(&[4, 4], &(0..16).map(|v| v as f32).collect::<Vec<_>>());
    let d = image::downsample(&m, 2, 2).unwrap();
    assert_eq!(d.to_vec(), vec![2.5, 4.5, 10.5, 12.5]);
    // Non-integral ratio 3 -> 2: output cell 0 covers input 0 and half of 1.
    let v = a(&[1, 3], &[3., 6., 9.]);
    let e = image::downsample(&v, 1, 2).unwrap().to_vec();
    assert!(
        (e[0] - 4.0).abs() < 1e-6 && (e[1] - 8.0).abs() < 1e-6,
        "{e:?}"
    );
    // Averaging preserves the mean.
    let r = a(
        &[28, 28],
        &(0..784)
            .map(|v| ((v * 37) % 255) as f32)
            .collect::<Vec<_>>(),
    );
    let s = image::downsample(&r, 16, 16).unwrap();
    assert!((ops::sum(&r) / 784.0 - ops::sum(&s) / 256.0).abs() < 1e-3);
    assert!(image::downsample(&m, 5, 2).is_err());
}

#[test]
fn shift_moves_pixels() {
    let m = a(&[2, 3], &[1., 2., 3., 4., 5., 6.]);
    assert_eq!(
        image::shift(&m, 0, 1, 0.).unwrap().to_vec(),
        vec![0., 1., 2., 0., 4., 5.]
    );
    assert_eq!(
        image::shift(&m, -1, 0, 9.).unwrap().to_vec(),
        vec![4., 5., 6., 9., 9., 9.]
    );
}

#[test]
fn affine_identity_translation_and_rotation() {
    let m = a(&[3, 3], &[1., 2., 3., 4., 5., 6., 7., 8., 9.]);
    let id = image::affine(&m, [1., 0., 0., 1.], 0., 0., 0.).unwrap();
    assert!(id.values_equal(&m));
    let t = image::affine(&m, [1., 0., 0., 1.], 0., 1., 0.).unwrap();
    assert_eq!(t.to_vec(), vec![2., 3., 0., 5., 6., 0., 8., 9., 0.]);
    let half = image::affine(&m, [1., 0., 0., 1.], 0., 0.5, 0.).unwrap();
    assert_eq!(half.get(&[0, 0]).unwrap(), 1.5);
    // A quarter turn: output (y, x) reads input (x', -y') around the centre.
    let r = image::affine(&m, [0., 1., -1., 0.], 0., 0., 0.).unwrap();
    assert_eq!(r.to_vec(), vec![3., 6., 9., 2., 5., 8., 1., 4., 7.]);
}

#[test]
fn elastic_with_zero_field_is_identity() {
    let m = a(&[4, 4], &(0..16).map(|v| v as f32).collect::<Vec<_>>());
    let z = Array::zeros(&[4, 4]).unwrap();
    let e = image::elastic(&m, &z, &z, 34., 4., 0.).unwrap();
    assert!(e.values_equal(&m));
    // A uniform field of 1 smoothed stays about 1 in the middle: a shift.
    let big = a(
        &[20, 20],
        &(0..400).map(|v| (v % 20) as f32).collect::<Vec<_>>(),
    );
    let ones = Array::from_vec(&[20, 20], vec![1.0; 400]).unwrap();
    let zero = Array::zeros(&[20, 20]).unwrap();
    let s = image::elastic(&big, &zero, &ones, 1., 1., 0.).unwrap();
    assert!((s.get(&[10, 10]).unwrap() - 11.0).abs() < 1e-3);
    assert!(image::elastic(&m, &z, &zero, 1., 1., 0.).is_err());
    assert!(image::elastic(&m, &z, &z, 1., 0., 0.).is_err());
}

#[test]
fn extreme_parameters_give_fill_or_errors_not_panics() {
    let m = a(&[4, 4], &(0..16).map(|v| v as f32).collect::<Vec<_>>());
    let far = image::affine(&m, [1e30, 0., 0., 1e30], 1e38, -1e38, 7.).unwrap();
    assert!(far.to_vec().iter().all(|&v| v == 7.0));
    let nan = image::affine(&m, [f32::NAN, 0., 0., 1.], 0., 0., 0.).unwrap();
    assert_eq!(nan.dims(), &[4, 4]);
    let z = Array::zeros(&[4, 4]).unwrap();
    let ones = Array::from_vec(&[4, 4], vec![1.0; 16]).unwrap();
    assert!(image::elastic(&m, &ones, &ones, 1e30, 1e30, 0.).is_ok());
    assert!(image::elastic(&m, &ones, &z, 1., 1e-30, 0.)
        .unwrap()
        .to_vec()
        .iter()
        .all(|v| v.is_finite()));
    assert!(image::elastic(&m, &z, &z, f32::INFINITY, 1., 0.).is_err());
    assert!(image::shift(&m, i64::MAX / 4, -i64::MAX / 4, 0.).is_ok());
    assert!(image::pad_center(&m, usize::MAX, 2, 0.).is_err());
}
