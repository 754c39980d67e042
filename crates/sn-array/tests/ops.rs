//! Every operation against hand-computed values, output arrays and aliasing.

use sn_array::{ops, Array, ArrayError};

fn a(dims: &[usize], v: &[f32]) -> Array {
    Array::from_vec(dims, v.to_vec()).unwrap()
}

#[test]
fn elementwise_ops() {
    let x = a(&[2, 2], &[1., 2., 3., 4.]);
    let y = a(&[2, 2], &[4., 3., 2., 1.]);
    assert_eq!(
        ops::add(&x, &y, None).unwrap().to_vec(),
        vec![5., 5., 5., 5.]
    );
    assert_eq!(
        ops::sub(&x, &y, None).unwrap().to_vec(),
        vec![-3., -1., 1., 3.]
    );
    assert_eq!(
        ops::mul(&x, &y, None).unwrap().to_vec(),
        vec![4., 6., 6., 4.]
    );
    assert_eq!(
        ops::div(&x, &y, None).unwrap().to_vec(),
        vec![0.25, 2. / 3., 1.5, 4.]
    );
    assert_eq!(
        ops::max(&x, &y, None).unwrap().to_vec(),
        vec![4., 3., 3., 4.]
    );
    let z = a(&[3], &[-2., 0., 0.5]);
    assert_eq!(ops::abs(&z, None).unwrap().to_vec(), vec![2., 0., 0.5]);
    let th = ops::tanh(&z, None).unwrap().to_vec();
    for (got, x) in th.iter().zip([-2f32, 0., 0.5]) {
        assert!((got - x.tanh()).abs() < 5e-7, "tanh({x}) = {got}");
    }
    assert_eq!(
        ops::clip(&z, -1., 0.25, None).unwrap().to_vec(),
        vec![-1., 0., 0.25]
    );
    assert!(ops::clip(&z, 1., 0., None).is_err());
    assert_eq!(
        ops::add_scalar(&z, 1., None).unwrap().to_vec(),
        vec![-1., 1., 1.5]
    );
    assert_eq!(
        ops::mul_scalar(&z, 2., None).unwrap().to_vec(),
        vec![-4., 0., 1.]
    );
}

#[test]
fn shape_errors_name_op_and_both_shapes() {
    let x = Array::zeros(&[2, 2]).unwrap();
    let y = Array::zeros(&[2, 3]).unwrap();
    match ops::add(&x, &y, None) {
        Err(ArrayError::Shape { op, lhs, rhs }) => {
            assert_eq!(op, "idx-add");
            assert_eq!(lhs, vec![2, 2]);
            assert_eq!(rhs, vec![2, 3]);
        }
        other => panic!("unexpected {other:?}"),
    }
    let e = ops::add(&x, &x, Some(&y)).unwrap_err();
    assert!(e.to_string().contains("[2, 3]"), "{e}");
}

#[test]
fn output_array_is_written_and_returned() {
    let x = a(&[3], &[1., 2., 3.]);
    let out = Array::zeros(&[3]).unwrap();
    let r = ops::add(&x, &x, Some(&out)).unwrap();
    assert!(r.same_view(&out));
    assert_eq!(out.to_vec(), vec![2., 4., 6.]);
}

#[test]
fn in_place_and_aliased_outputs() {
    let acc = a(&[3], &[1., 2., 3.]);
    let x = a(&[3], &[10., 20., 30.]);
    ops::add(&acc, &x, Some(&acc)).unwrap();
    assert_eq!(acc.to_vec(), vec![11., 22., 33.]);
    ops::sub(&x, &acc, Some(&acc)).unwrap();
    assert_eq!(acc.to_vec(), vec![-1., -2., -3.]);
    ops::mul(&acc, &acc, Some(&acc)).unwrap();
    assert_eq!(acc.to_vec(), vec![1., 4., 9.]);
    // A strided view updated in place through the general path.
    let m = a(&[2, 2], &[1., 2., 3., 4.]);
    let t = m.transpose(0, 1).unwrap();
    let w = a(&[2, 2], &[10., 20., 30., 40.]);
    ops::add(&t, &w, Some(&t)).unwrap();
    assert_eq!(m.to_vec(), vec![11., 32., 23., 44.]);
    ops::tanh(&t, Some(&t)).unwrap();
    assert!(m.to_vec().iter().all(|&v| v == 1.0));
}

#[test]
fn fill_and_copy() {
    let m = Array::zeros(&[2, 3]).unwrap();
    ops::fill(&m.select(1, 1).unwrap(), 7.0);
    assert_eq!(m.to_vec(), vec![0., 7., 0., 0., 7., 0.]);
    let t = ops::copy(&m.transpose(0, 1).unwrap(), None).unwrap();
    assert!(t.is_contiguous());
    assert_eq!(t.to_vec(), vec![0., 0., 7., 7., 0., 0.]);
    let mut k = 0.0;
    ops::fill_with(&m, || {
        k += 1.0;
        k
    });
    assert_eq!(m.to_vec(), vec![1., 2., 3., 4., 5., 6.]);
}

#[test]
fn reductions() {
    let x = a(&[2, 3], &[3., -1., 4., 1., -5., 9.]);
    assert_eq!(ops::sum(&x), 11.0);
    assert_eq!(ops::sup(&x).unwrap(), 9.0);
    assert_eq!(ops::inf(&x).unwrap(), -5.0);
    assert_eq!(ops::indexmax(&x).unwrap(), 5);
    assert_eq!(ops::indexmax(&a(&[4], &[2., 7., 7., 1.])).unwrap(), 1);
    assert_eq!(ops::indexmax(&x.select(1, 0).unwrap()).unwrap(), 0);
    assert_eq!(ops::dot(&x, &x).unwrap(), 133.0);
    assert_eq!(
        ops::sqrdist(&x, &Array::zeros(&[2, 3]).unwrap()).unwrap(),
        133.0
    );
    assert!(ops::sup(&Array::zeros(&[0]).unwrap()).is_err());
    assert!(ops::dot(&x, &a(&[6], &[0.; 6])).is_err());
    assert_eq!(
        ops::sum(&x.transpose(0, 1).unwrap().narrow(0, 2, 1).unwrap()),
        -1.0 - 5.0 + 4.0 + 9.0
    );
}

#[test]
fn matrix_products() {
    let m = a(&[2, 3], &[1., 2., 3., 4., 5., 6.]);
    let n = a(&[3, 2], &[7., 8., 9., 10., 11., 12.]);
    assert_eq!(
        ops::m2timesm2(&m, &n, None).unwrap().to_vec(),
        vec![58., 64., 139., 154.]
    );
    // Transposed (strided) operands.
    let mt = m
        .deep_copy()
        .transpose(0, 1)
        .unwrap()
        .deep_copy()
        .transpose(0, 1)
        .unwrap();
    assert_eq!(
        ops::m2timesm2(&mt, &n, None).unwrap().to_vec(),
        vec![58., 64., 139., 154.]
    );
    let v = a(&[3], &[1., 0., -1.]);
    assert_eq!(ops::m2dotm1(&m, &v, None).unwrap().to_vec(), vec![-2., -2.]);
    let o = a(&[2, 2], &[0.; 4]);
    let r = ops::m2timesm2(&m, &n, Some(&o)).unwrap();
    assert!(r.same_view(&o));
    assert_eq!(o.to_vec(), vec![58., 64., 139., 154.]);
    assert!(matches!(
        ops::m2timesm2(&m, &m, None),
        Err(ArrayError::Shape { .. })
    ));
    assert!(matches!(
        ops::m2timesm2(&m, &v, None),
        Err(ArrayError::Rank { .. })
    ));
    assert!(ops::m2timesm2(&m, &n, Some(&Array::zeros(&[3, 3]).unwrap())).is_err());
    assert_eq!(
        ops::m1extm1(&a(&[2], &[1., 2.]), &v, None)
            .unwrap()
            .to_vec(),
        vec![1., 0., -1., 2., 0., -2.]
    );
}

#[test]
fn matrix_product_aliasing_output() {
    let sq = a(&[2, 2], &[1., 2., 3., 4.]);
    ops::m2timesm2(&sq.clone(), &sq.clone(), Some(&sq)).unwrap();
    assert_eq!(sq.to_vec(), vec![7., 10., 15., 22.]);
    let v = a(&[2], &[1., 1.]);
    ops::m2dotm1(&sq, &v.clone(), Some(&v)).unwrap();
    assert_eq!(v.to_vec(), vec![17., 37.]);
}

#[test]
fn matrix_product_on_unfolded_input() {
    // im2col of a 1-D signal: a convolution as a product with an overlapping view.
    let s = a(&[5], &[1., 2., 3., 4., 5.]);
    let windows = s.unfold(0, 2, 1).unwrap(); // 4x2, overlapping
    let k = a(&[2, 1], &[1., -1.]);
    assert_eq!(
        ops::m2timesm2(&windows, &k, None).unwrap().to_vec(),
        vec![-1.; 4]
    );
    let zero_stride_out = a(&[1], &[0.]).unfold(0, 1, 1).unwrap(); // 1x1 fine
    assert!(ops::m2timesm2(
        &a(&[1, 1], &[2.]),
        &a(&[1, 1], &[3.]),
        Some(&zero_stride_out)
    )
    .is_ok());
    assert_eq!(zero_stride_out.to_vec(), vec![6.]);
}

#[test]
fn strided_paths_agree_with_contiguous_ones() {
    let v: Vec<f32> = (0..60).map(|i| ((i * 37) % 23) as f32 - 11.0).collect();
    let x = a(&[3, 4, 5], &v).permute(&[2, 0, 1]).unwrap(); // 5x3x4, strided
    let y = a(&[5, 3, 4], &v.iter().map(|t| t * 0.5).collect::<Vec<_>>());
    let (xc, yc) = (x.deep_copy(), y.deep_copy());
    assert!(x.values_equal(&xc) && !x.is_contiguous());
    let strided = ops::add(&x, &y, None).unwrap();
    let contiguous = ops::add(&xc, &yc, None).unwrap();
    assert!(strided.values_equal(&contiguous));
    let expected: Vec<f32> = xc
        .to_vec()
        .iter()
        .zip(yc.to_vec())
        .map(|(p, q)| p + q)
        .collect();
    assert_eq!(contiguous.to_vec(), expected);
    // Output strided too.
    let o = Array::zeros(&[4, 5, 3])
        .unwrap()
        .permute(&[1, 2, 0])
        .unwrap();
    ops::mul(&x, &y, Some(&o)).unwrap();
    assert!(o.values_equal(&ops::mul(&xc, &yc, None).unwrap()));
    ops::abs(&x, Some(&o)).unwrap();
    assert!(o.values_equal(&ops::abs(&xc, None).unwrap()));
    assert_eq!(
        ops::sum(&x),
        xc.to_vec().iter().map(|&t| t as f64).sum::<f64>()
    );
    assert_eq!(ops::sup(&x).unwrap(), 11.0);
    assert_eq!(ops::inf(&x).unwrap(), -11.0);
    assert_eq!(ops::dot(&x, &y).unwrap(), ops::dot(&xc, &yc).unwrap());
}

#[test]
fn matrix_vector_fast_and_general_paths_agree() {
    let v: Vec<f32> = (0..35).map(|i| ((i * 7) % 11) as f32 - 5.0).collect();
    let m = a(&[5, 7], &v);
    let x = a(&[7], &[1., -1., 2., 0., 3., 1., -2.]);
    let fast = ops::m2dotm1(&m, &x, None).unwrap();
    let general = ops::m2dotm1(
        &m.transpose(0, 1)
            .unwrap()
            .deep_copy()
            .transpose(0, 1)
            .unwrap(),
        &x,
        None,
    )
    .unwrap();
    assert!(fast.values_equal(&general));
    let expected: Vec<f32> = (0..5)
        .map(|i| (0..7).map(|j| v[i * 7 + j] * x.get(&[j]).unwrap()).sum())
        .collect();
    assert_eq!(fast.to_vec(), expected);
}

#[test]
fn products_into_reversed_outputs() {
    // An output view walking its storage backwards.
    let storage = Array::zeros(&[2]).unwrap().storage().clone();
    let rev = Array::from_parts(storage, 1, &[2], &[-1]).unwrap();
    ops::m2dotm1(
        &a(&[2, 2], &[1., 2., 3., 4.]),
        &a(&[2], &[1., 1.]),
        Some(&rev),
    )
    .unwrap();
    assert_eq!(rev.to_vec(), vec![3., 7.]);
    let s2 = Array::zeros(&[4]).unwrap().storage().clone();
    let rev2 = Array::from_parts(s2, 3, &[2, 2], &[-2, -1]).unwrap();
    ops::m2timesm2(
        &a(&[2, 2], &[1., 2., 3., 4.]),
        &a(&[2, 2], &[1., 0., 0., 1.]),
        Some(&rev2),
    )
    .unwrap();
    assert_eq!(rev2.to_vec(), vec![1., 2., 3., 4.]);
    assert!(Array::from_parts(
        Array::zeros(&[2]).unwrap().storage().clone(),
        0,
        &[2],
        &[-1]
    )
    .is_err());
}

#[test]
fn large_zero_arrays_are_lazily_allocated() {
    // 1 GiB of zeros: allocated, not touched, freed.
    let big = Array::zeros(&[1 << 28]).unwrap();
    assert_eq!(big.len(), 1 << 28);
    assert_eq!(big.get(&[(1 << 28) - 1]).unwrap(), 0.0);
}

#[test]
fn remaining_elementwise_ops() {
    let x = a(&[4], &[4., 1., 0., 9.]);
    let y = a(&[4], &[2., 3., -1., 9.]);
    assert_eq!(
        ops::min(&x, &y, None).unwrap().to_vec(),
        vec![2., 1., -1., 9.]
    );
    assert_eq!(ops::sqrt(&x, None).unwrap().to_vec(), vec![2., 1., 0., 3.]);
    assert_eq!(
        ops::neg(&y, None).unwrap().to_vec(),
        vec![-2., -3., 1., -9.]
    );
    assert_eq!(ops::sqr(&y, None).unwrap().to_vec(), vec![4., 9., 1., 81.]);
    let e = ops::exp(&a(&[2], &[0., 1.]), None).unwrap().to_vec();
    assert_eq!(e[0], 1.0);
    assert!((e[1] - std::f32::consts::E).abs() < 1e-6);
    assert_eq!(
        ops::map(&x, None, |v| v * 10.0 + 1.0).unwrap().to_vec(),
        vec![41., 11., 1., 91.]
    );
    assert!(ops::sqrt(&a(&[1], &[-1.]), None)
        .unwrap()
        .get(&[0])
        .unwrap()
        .is_nan());
    assert!(ops::div(&a(&[1], &[1.]), &a(&[1], &[0.]), None)
        .unwrap()
        .get(&[0])
        .unwrap()
        .is_infinite());
}
