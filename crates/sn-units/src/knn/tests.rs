use super::*;

fn cb(words: &[&[f32]], labels: &[i32]) -> Codebook {
    Codebook {
        ndim: words[0].len(),
        words: words.iter().flat_map(|w| w.iter().copied()).collect(),
        labels: labels.to_vec(),
    }
}

#[test]
fn knn_keeps_the_k_smallest() {
    let r = cb(
        &[&[5.0], &[1.0], &[4.0], &[2.0], &[3.0], &[0.5]],
        &[0, 1, 0, 1, 0, 1],
    );
    for k in 1..=6 {
        let mut got = knn(&[0.0], &r, k).unwrap();
        got.sort_by(|a, b| r.words[*a].total_cmp(&r.words[*b]));
        let mut all: Vec<usize> = (0..6).collect();
        all.sort_by(|a, b| r.words[*a].total_cmp(&r.words[*b]));
        assert_eq!(got, all[..k].to_vec(), "k={k}");
    }
    // three votes for 1 among the 3 nearest
    assert_eq!(knn_class(&[0.0], &r, 2, 3).unwrap(), 1);
    // a tie between classes is a reject
    assert_eq!(knn_class(&[0.0], &r, 2, 6).unwrap(), -1);
}

#[test]
fn files_round_trip() {
    let c = cb(&[&[1.5, -2.25], &[3.0, 4.0]], &[2, 0]);
    assert_eq!(parse_binary("x", &to_binary(&c)).unwrap(), c);
    let t = to_ascii(&c);
    assert_eq!(
        t,
        "2\n2\n1.500000  -2.250000  \n2\n3.000000  4.000000  \n0\n"
    );
    assert_eq!(parse_ascii("x", &t).unwrap(), c);
    assert!(parse_ascii("x", "0 2").is_err());
    assert!(parse_binary("x", &to_binary(&c)[..12]).is_err());
}

#[test]
fn k_means_finds_two_clusters() {
    let d = cb(
        &[&[0.0], &[10.0], &[0.2], &[10.2], &[0.1], &[10.1]],
        &[0; 6],
    );
    let r = k_means(&d, 2).unwrap();
    let mut m = r.words.clone();
    m.sort_by(f32::total_cmp);
    assert!(
        (m[0] - 0.1).abs() < 0.05 && (m[1] - 10.1).abs() < 0.05,
        "{m:?}"
    );
    assert!(distorsion(&d, &r).unwrap() < 0.01);
}

#[test]
fn lvq1_moves_a_wrong_reference_away() {
    let d = cb(&[&[1.0]], &[1]);
    let mut r = cb(&[&[0.0], &[5.0]], &[0, 1]);
    learn_lvq(1, &d, &mut r, 1, 0.5, 0.0).unwrap();
    // r0 -= 0.5 (1 - 0) = -0.5
    assert_eq!(r.words, vec![-0.5, 5.0]);
}
