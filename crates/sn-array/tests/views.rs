//! View semantics: shared storage, aliasing writes, subscripts, printing.

use sn_array::{resolve_index, Array, ArrayError, Sub};

fn m23() -> Array {
    Array::from_vec(&[2, 3], vec![1., 2., 3., 4., 5., 6.]).unwrap()
}

#[test]
fn construction_and_access() {
    let m = m23();
    assert_eq!(m.dims(), &[2, 3]);
    assert_eq!(m.ndim(), 2);
    assert_eq!(m.get(&[1, 2]).unwrap(), 6.0);
    m.set(&[0, 1], 9.0).unwrap();
    assert_eq!(m.to_vec(), vec![1., 9., 3., 4., 5., 6.]);
    assert!(matches!(
        m.get(&[2, 0]),
        Err(ArrayError::Index { dim: 0, .. })
    ));
    assert!(matches!(
        m.get(&[1]),
        Err(ArrayError::Rank { given: 1, .. })
    ));
    assert!(matches!(
        Array::from_vec(&[2, 2], vec![1.0]),
        Err(ArrayError::Shape { .. })
    ));
}

#[test]
fn too_large_is_an_error() {
    assert!(matches!(
        Array::zeros(&[1 << 20, 1 << 20, 1 << 20]),
        Err(ArrayError::TooLarge { .. })
    ));
    assert!(matches!(
        Array::zeros(&[1; 9]),
        Err(ArrayError::TooLarge { .. })
    ));
    assert!(matches!(
        Array::zeros(&[usize::MAX, 2]),
        Err(ArrayError::TooLarge { .. })
    ));
    assert_eq!(Array::zeros(&[1; 8]).unwrap().ndim(), 8);
}

#[test]
fn select_shares_storage() {
    let m = m23();
    let row = m.select(0, 1).unwrap();
    assert_eq!(row.to_vec(), vec![4., 5., 6.]);
    let col = m.select(1, 2).unwrap();
    assert_eq!(col.to_vec(), vec![3., 6.]);
    col.set(&[0], 30.0).unwrap();
    assert_eq!(m.get(&[0, 2]).unwrap(), 30.0);
    assert!(m.select(2, 0).is_err());
    assert!(m.select(1, 3).is_err());
}

#[test]
fn narrow_and_transpose() {
    let m = m23();
    let n = m.narrow(1, 2, 1).unwrap();
    assert_eq!(n.to_vec(), vec![2., 3., 5., 6.]);
    n.set(&[1, 0], -5.0).unwrap();
    assert_eq!(m.get(&[1, 1]).unwrap(), -5.0);
    assert!(m.narrow(1, 3, 1).is_err());
    let t = m.transpose(0, 1).unwrap();
    assert_eq!(t.dims(), &[3, 2]);
    assert_eq!(t.to_vec(), vec![1., 4., 2., -5., 3., 6.]);
    assert!(!t.is_contiguous());
    let p = Array::zeros(&[2, 3, 4])
        .unwrap()
        .permute(&[2, 0, 1])
        .unwrap();
    assert_eq!(p.dims(), &[4, 2, 3]);
    assert!(m.permute(&[0, 0]).is_err());
}

#[test]
fn unfold_makes_overlapping_windows() {
    let v = Array::from_vec(&[5], vec![0., 1., 2., 3., 4.]).unwrap();
    let u = v.unfold(0, 3, 1).unwrap();
    assert_eq!(u.dims(), &[3, 3]);
    assert_eq!(u.to_vec(), vec![0., 1., 2., 1., 2., 3., 2., 3., 4.]);
    let u2 = v.unfold(0, 2, 2).unwrap();
    assert_eq!(u2.dims(), &[2, 2]);
    assert_eq!(u2.to_vec(), vec![0., 1., 2., 3.]);
    u.set(&[2, 0], 20.0).unwrap();
    assert_eq!(v.get(&[2]).unwrap(), 20.0);
    assert!(v.unfold(0, 6, 1).is_err());
    assert!(v.unfold(0, 2, 0).is_err());
}

#[test]
fn reshape_needs_contiguity() {
    let m = m23();
    let r = m.reshape(&[3, 2]).unwrap();
    assert_eq!(r.get(&[2, 1]).unwrap(), 6.0);
    r.set(&[0, 0], 7.0).unwrap();
    assert_eq!(m.get(&[0, 0]).unwrap(), 7.0);
    assert!(matches!(m.reshape(&[4]), Err(ArrayError::Shape { .. })));
    assert!(m.transpose(0, 1).unwrap().reshape(&[6]).is_err());
}

#[test]
fn subscripts_with_all() {
    let m = m23();
    let col = m.subscript(&[Sub::All, Sub::At(1)]).unwrap();
    assert_eq!(col.to_vec(), vec![2., 5.]);
    col.set(&[1], 50.0).unwrap();
    assert_eq!(m.get(&[1, 1]).unwrap(), 50.0);
    let e = m.subscript(&[Sub::At(1), Sub::At(7)]);
    assert!(matches!(
        e,
        Err(ArrayError::Index {
            dim: 1,
            index: 7,
            ..
        })
    ));
    assert_eq!(resolve_index("t", &[2, 3], 1, -1).unwrap(), 2);
    assert_eq!(resolve_index("t", &[2, 3], 1, -3).unwrap(), 0);
    assert!(resolve_index("t", &[2, 3], 1, -4).is_err());
    assert!(resolve_index("t", &[2, 3], 1, 3).is_err());
}

#[test]
fn identity_and_equality() {
    let m = m23();
    let c = m.clone();
    assert!(m.same_view(&c));
    let d = m.deep_copy();
    assert!(!m.same_view(&d));
    assert!(m.values_equal(&d));
    d.set(&[0, 0], 0.5).unwrap();
    assert!(!m.values_equal(&d));
    assert!(!m.values_equal(&m.reshape(&[3, 2]).unwrap()));
}

#[test]
fn printing() {
    assert_eq!(m23().to_string(), "[[1 2 3][4 5 6]]");
    assert_eq!(Array::scalar(3.0).to_string(), "[@ 3]");
    assert_eq!(
        Array::from_vec(&[2], vec![0.5, -1.25]).unwrap().to_string(),
        "[0.5 -1.25]"
    );
    assert_eq!(Array::zeros(&[0]).unwrap().to_string(), "[]");
    let long = Array::zeros(&[100]).unwrap();
    assert_eq!(long.to_string(), "[0 0 0 0 0 0 ... 0 0 0]");
    let cube = Array::zeros(&[12, 12, 12]).unwrap().to_string();
    assert_eq!(cube.matches('0').count(), 5 * 5 * 5, "{cube}");
    assert!(
        cube.starts_with("[[[0 0 0 ... 0 0][0 0 0 ... 0 0]"),
        "{cube}"
    );
    let big = Array::zeros(&[20, 2]).unwrap();
    assert_eq!(big.to_string().matches("[0 0]").count(), 9);
}
