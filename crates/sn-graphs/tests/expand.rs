//! `expand`: a segmentation graph becomes the interpretation graph of a
//! recognizer's output (one arc per segment and class, slot = segment *
//! nclasses + class).

use sn_graphs::{expand, forward, logadd, viterbi, Graph, GraphError, NONE};

/// Segmentation graph of a 3-piece input: 4 nodes, segments 0..5 are the
/// pieces [0,1), [1,2), [2,3), [0,2), [1,3) (data = segment index).
fn segmentation() -> Graph {
    let mut g = Graph::new(4).unwrap();
    for (d, (s, e)) in [(0, 1), (1, 2), (2, 3), (0, 2), (1, 3)].iter().enumerate() {
        let a = g.add_arc(*s, *e, 7, 0.25 * d as f64).unwrap();
        g.set_data(a, d as u32).unwrap();
    }
    g
}

#[test]
fn every_arc_becomes_one_arc_per_class() {
    let g = segmentation();
    let r = expand(&g, 3).unwrap();
    assert_eq!(r.nnodes(), g.nnodes());
    assert_eq!((r.start(), r.end()), (g.start(), g.end()));
    assert_eq!(r.narcs(), 15);
    for a in 0..g.narcs() as u32 {
        for c in 0..3u32 {
            let e = a * 3 + c;
            assert_eq!((r.src(e), r.dst(e)), (g.src(a), g.dst(a)));
            assert_eq!(r.label(e), c);
            assert_eq!(r.data(e), g.data(a));
            assert_eq!(r.slot(e), g.data(a) * 3 + c);
            assert_eq!(r.x[e as usize], g.x[a as usize]);
        }
    }
}

#[test]
fn penalties_load_from_a_recognizer_output_and_gradients_go_back() {
    let g = segmentation();
    let mut r = expand(&g, 2).unwrap();
    // a recognizer's output: 5 segments x 2 classes
    let out: Vec<f32> = (0..10).map(|k| (k as f32 * 0.37).sin()).collect();
    r.load_penalties(&out).unwrap();
    for e in 0..r.narcs() as u32 {
        let (seg, c) = (r.data(e) as usize, r.label(e) as usize);
        assert_eq!(r.x[e as usize], f64::from(out[seg * 2 + c]));
    }
    // the best path takes, on the best segmentation, each segment's best class
    let paths: [&[usize]; 3] = [&[0, 1, 2], &[3, 2], &[0, 4]];
    let best_class = |s: usize| out[s * 2].min(out[s * 2 + 1]) as f64;
    let want = paths
        .iter()
        .map(|p| p.iter().map(|&s| best_class(s)).sum::<f64>())
        .fold(f64::INFINITY, f64::min);
    assert!((viterbi(&r).unwrap().penalty - want).abs() < 1e-12);
    // forward: log-add over segmentations of the sum of per-segment log-adds
    let seg_fwd = |s: usize| logadd(out[s * 2] as f64, out[s * 2 + 1] as f64);
    let want = paths
        .iter()
        .map(|p| p.iter().map(|&s| seg_fwd(s)).sum::<f64>())
        .fold(f64::INFINITY, logadd);
    let f = forward(&r).unwrap();
    assert!((f.penalty - want).abs() < 1e-12);
    f.backward(&mut r, 1.0).unwrap();
    let mut dout = vec![0.0f32; 10];
    r.scatter_gradients(&mut dout).unwrap();
    // the posteriors of the two classes of a segment sum to the
    // probability of the segment; every complete path uses segment 0 or 3
    let p0 = dout[0] + dout[1];
    let p3 = dout[6] + dout[7];
    assert!((p0 + p3 - 1.0).abs() < 1e-6, "{dout:?}");
}

#[test]
fn bad_expansions_are_refused() {
    let g = segmentation();
    assert!(matches!(expand(&g, 0), Err(GraphError::Shape { .. })));
    let mut h = Graph::new(2).unwrap();
    h.add_arc(0, 1, 0, 0.0).unwrap();
    match expand(&h, 3) {
        Err(GraphError::Shape { what, .. }) => assert!(what.contains("arc 0"), "{what}"),
        other => panic!("{other:?}"),
    }
    h.set_data(0, NONE - 2).unwrap();
    assert!(matches!(expand(&h, 3), Err(GraphError::Shape { .. })));
    let mut big = Graph::new(2).unwrap();
    let a = big.add_arc(0, 1, 0, 0.0).unwrap();
    big.set_data(a, 0).unwrap();
    assert!(matches!(
        expand(&big, usize::MAX / 2),
        Err(GraphError::Memory { .. }) | Err(GraphError::Shape { .. })
    ));
    // an empty segmentation graph gives an empty interpretation graph
    let e = expand(&Graph::new(3).unwrap(), 4).unwrap();
    assert_eq!((e.nnodes(), e.narcs()), (3, 0));
}
