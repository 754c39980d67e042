//! Composition on hand-made graphs with known best paths: plain labels,
//! null arcs on either side, the wildcard and junk labels, grammars with
//! loops; errors instead of panics.

use sn_graphs::{
    compose, compose_forward, compose_viterbi, discriminative, forward, viterbi, Graph, GraphError,
    JUNK, NONE, NULL, WILD,
};

/// Adds arcs `(src, dst, label, penalty)`.
fn graph(nnodes: usize, arcs: &[(u32, u32, u32, f64)]) -> Graph {
    let mut g = Graph::new(nnodes).unwrap();
    for &(s, d, l, p) in arcs {
        g.add_arc(s, d, l, p).unwrap();
    }
    g
}

/// The best labels of `a ∘ b`, by the materialised graph and by
/// compose-viterbi (which must agree), with the penalty.
fn best(a: &Graph, b: &Graph) -> (Vec<u32>, f64) {
    let c = compose(a, b).unwrap();
    let v = viterbi(&c.graph).unwrap();
    let cv = compose_viterbi(a, b).unwrap();
    assert_eq!(v.labels(&c.graph), cv.labels);
    assert!((v.penalty - cv.penalty).abs() < 1e-12);
    let fm = forward(&c.graph).unwrap().penalty;
    let cf = compose_forward(a, b).unwrap().penalty;
    assert!((fm - cf).abs() < 1e-12 || (fm == cf), "{fm} vs {cf}");
    (
        cv.labels.into_iter().filter(|&l| l != NULL).collect(),
        cv.penalty,
    )
}

/// A segmentation lattice for two characters: node 0 -> 1 -> 2 with the
/// pieces, or 0 -> 2 with one wide segment; labels 1, 7, 4 with penalties.
fn lattice() -> Graph {
    graph(
        3,
        &[
            (0, 1, 1, 0.5),
            (0, 1, 7, 0.4),
            (1, 2, 4, 0.3),
            (1, 2, 9, 1.0),
            (0, 2, 4, 0.9), // one wide segment read as a 4
            (0, 2, JUNK, 0.2),
        ],
    )
}

/// Any number (≥ 1) of digits 0..=9: a loop on the end node.
fn digits_grammar() -> Graph {
    let mut arcs = Vec::new();
    for d in 0..10 {
        arcs.push((0, 1, d, 0.0));
        arcs.push((1, 1, d, 0.0));
    }
    graph(2, &arcs)
}

#[test]
fn best_path_through_a_looping_grammar() {
    let (w, p) = best(&lattice(), &digits_grammar());
    assert_eq!(w, vec![7, 4]);
    assert!((p - 0.7).abs() < 1e-12);
    // the unconstrained best path is the junk arc, which the grammar refuses
    let v = viterbi(&lattice()).unwrap();
    assert_eq!(v.labels(&lattice()), vec![JUNK]);
}

#[test]
fn acceptor_of_the_answer_picks_its_path() {
    let (w, p) = best(&lattice(), &Graph::acceptor(&[1, 9]).unwrap());
    assert_eq!((w, p), (vec![1, 9], 1.5));
    let (w, p) = best(&lattice(), &Graph::acceptor(&[4]).unwrap());
    assert_eq!((w, p), (vec![4], 0.9));
    let c = compose(&lattice(), &Graph::acceptor(&[4, 4, 4]).unwrap()).unwrap();
    assert_eq!(c.graph.narcs(), 0);
    assert_eq!(forward(&c.graph).unwrap().penalty, f64::INFINITY);
    assert!(matches!(
        discriminative(&lattice(), &Graph::acceptor(&[4, 4, 4]).unwrap()),
        Err(GraphError::NoPath { .. })
    ));
}

#[test]
fn null_arcs_in_the_grammar_make_items_optional() {
    // "1" then optionally "4": 0 -1-> 1 -4-> 2, 1 -null(0.25)-> 2
    let g = graph(3, &[(0, 1, 1, 0.0), (1, 2, 4, 0.0), (1, 2, NULL, 0.25)]);
    let a = graph(3, &[(0, 1, 1, 1.0), (1, 2, 4, 3.0), (0, 2, 1, 2.0)]);
    // "1 4" costs 4.0, "1" alone through the wide arc costs 2.0 + 0.25
    assert_eq!(best(&a, &g), (vec![1], 2.25));
}

#[test]
fn null_arcs_in_the_data_graph_are_skipped() {
    // a: 1, then a null arc (a skippable piece) or a 4
    let a = graph(3, &[(0, 1, 1, 0.5), (1, 2, NULL, 0.75), (1, 2, 4, 0.5)]);
    assert_eq!(best(&a, &Graph::acceptor(&[1]).unwrap()), (vec![1], 1.25));
    assert_eq!(
        best(&a, &Graph::acceptor(&[1, 4]).unwrap()),
        (vec![1, 4], 1.0)
    );
}

#[test]
fn nulls_on_both_sides_count_each_pair_of_paths_once() {
    // one null arc in each operand at the same place: a single composed path
    let a = graph(2, &[(0, 1, NULL, 1.0)]);
    let b = graph(2, &[(0, 1, NULL, 2.0)]);
    let c = compose(&a, &b).unwrap();
    assert_eq!(c.graph.narcs(), 2);
    let f = compose_forward(&a, &b).unwrap();
    assert!((f.penalty - 3.0).abs() < 1e-12, "{}", f.penalty);
}

#[test]
fn wildcard_matches_anything_and_keeps_the_data_label() {
    // grammar: any character, then a 4
    let g = graph(3, &[(0, 1, WILD, 0.0), (1, 2, 4, 0.0)]);
    let (w, p) = best(&lattice(), &g);
    assert_eq!((w, p), (vec![7, 4], 0.7));
    // wildcard also matches the data graph's junk label
    let g = graph(2, &[(0, 1, WILD, 0.0)]);
    assert_eq!(best(&lattice(), &g), (vec![JUNK], 0.2));
}

#[test]
fn junk_in_the_grammar_swallows_anything_at_its_penalty() {
    // optional junk before a digit string: 0 -JUNK(2.0)-> 0? no: 0 -JUNK-> 1, 0 -null-> 1, 1 -digit-> 2 (loop)
    let a = graph(3, &[(0, 1, 5, 0.1), (1, 2, 4, 0.2), (0, 2, 3, 5.0)]);
    let mut arcs = vec![(0, 1, JUNK, 2.0), (0, 1, NULL, 0.0)];
    for d in 0..10 {
        arcs.push((1, 2, d, 0.0));
        arcs.push((2, 2, d, 0.0));
    }
    let g = graph(3, &arcs);
    // reading "5 4" costs 0.3; "junk 4" costs 2.3; "3" costs 5
    assert_eq!(best(&a, &g), (vec![5, 4], 0.30000000000000004));
    let only_one_digit = graph(3, &[(0, 1, JUNK, 2.0), (1, 2, 4, 0.0)]);
    let (w, p) = best(&a, &only_one_digit);
    assert_eq!(w, vec![JUNK, 4]);
    assert!((p - 2.3).abs() < 1e-12);
}

#[test]
fn composed_arcs_remember_their_origins_and_data() {
    let mut a = lattice();
    for k in 0..a.narcs() as u32 {
        a.set_data(k, 100 + k).unwrap();
    }
    let b = digits_grammar();
    let c = compose(&a, &b).unwrap();
    for r in 0..c.graph.narcs() as u32 {
        let (ea, eb) = (c.from_a[r as usize], c.from_b[r as usize]);
        assert_ne!(ea, NONE);
        assert_eq!(c.graph.data(r), 100 + ea);
        assert_eq!(c.graph.label(r), b.label(eb));
        assert_eq!(c.graph.x[r as usize], a.x[ea as usize] + b.x[eb as usize]);
    }
    // refresh follows new penalties of a
    let mut a2 = a.clone();
    a2.x.iter_mut().for_each(|x| *x *= 2.0);
    let mut c2 = c.clone();
    c2.refresh(&a2, &b).unwrap();
    let (fm, cf) = (
        forward(&c2.graph).unwrap().penalty,
        compose_forward(&a2, &b).unwrap().penalty,
    );
    assert!((fm - cf).abs() < 1e-12, "{fm} vs {cf}");
    assert!(
        (fm - forward(&c.graph).unwrap().penalty).abs() > 0.1,
        "the penalties changed"
    );
}

#[test]
fn cycles_are_errors() {
    let cyclic = graph(3, &[(0, 1, 1, 0.0), (1, 0, 1, 0.0), (1, 2, 1, 0.0)]);
    assert!(matches!(
        forward(&cyclic),
        Err(GraphError::Cycle {
            null_arcs: false,
            ..
        })
    ));
    assert!(matches!(viterbi(&cyclic), Err(GraphError::Cycle { .. })));
    assert!(matches!(
        compose(&cyclic, &digits_grammar()),
        Err(GraphError::Cycle { .. })
    ));
    let null_loop = graph(2, &[(0, 1, NULL, 0.0), (1, 0, NULL, 0.0)]);
    assert!(matches!(
        compose_forward(&lattice(), &null_loop),
        Err(GraphError::Cycle {
            null_arcs: true,
            ..
        })
    ));
}

#[test]
fn bad_arguments_are_errors() {
    assert!(matches!(Graph::new(0), Err(GraphError::Node { .. })));
    let mut g = Graph::new(2).unwrap();
    assert!(matches!(
        g.add_arc(0, 2, 1, 0.0),
        Err(GraphError::Node { node: 2, .. })
    ));
    assert!(matches!(g.set_data(0, 1), Err(GraphError::Arc { .. })));
    assert!(matches!(
        g.reserve_arcs(usize::MAX / 2),
        Err(GraphError::Memory { .. })
    ));
    assert!(
        matches!(g.reserve_arcs(1 << 31), Err(GraphError::Memory { .. })),
        "the budget refuses 94 GB"
    );
    assert!(matches!(
        Graph::linear(1 << 20, 1 << 20),
        Err(GraphError::Memory { .. })
    ));
    let a = lattice();
    let f = forward(&a).unwrap();
    assert!(matches!(
        f.backward_into(&a, 1.0, &mut [0.0; 2]),
        Err(GraphError::Shape { .. })
    ));
    let mut grown = a.clone();
    grown.add_arc(0, 2, 3, 0.0).unwrap();
    assert!(matches!(
        f.backward(&mut grown, 1.0),
        Err(GraphError::Shape { .. })
    ));
    let cf = compose_forward(&a, &digits_grammar()).unwrap();
    assert!(matches!(
        cf.backward_into(&a, &lattice(), 1.0, &mut [0.0; 6], None),
        Err(GraphError::Shape { .. })
    ));
}

#[test]
fn penalties_load_from_and_gradients_scatter_to_slots() {
    // a recognizer's output: 2 segments × 3 classes, arc k reads slot k
    let out = [0.1f32, 0.2, 0.3, 1.0, 2.0, 3.0];
    let mut g = Graph::new(3).unwrap();
    for s in 0..2u32 {
        for c in 0..3u32 {
            let a = g.add_arc(s, s + 1, c, 0.0).unwrap();
            g.set_slot(a, s * 3 + c).unwrap();
        }
    }
    g.load_penalties(&out).unwrap();
    assert_eq!(g.x[4], 2.0);
    let f = forward(&g).unwrap();
    f.backward(&mut g, 1.0).unwrap();
    let mut dout = [0f32; 6];
    g.scatter_gradients(&mut dout).unwrap();
    // each segment's gradients are the softmax of -penalties: they sum to 1
    assert!((dout[..3].iter().sum::<f32>() - 1.0).abs() < 1e-6);
    assert!(dout[3] > dout[4] && dout[4] > dout[5]);
    assert!(matches!(
        g.load_penalties(&out[..5]),
        Err(GraphError::Shape { .. })
    ));
}

#[test]
fn forward_is_stable_for_large_and_infinite_penalties() {
    // two parallel arcs of penalty 1e5, then a forbidden (+inf) arc beside
    // an arc of 1e5 + 1: no underflow, no NaN
    let mut g = graph(
        3,
        &[
            (0, 1, 1, 1e5),
            (0, 1, 2, 1e5),
            (1, 2, 3, f64::INFINITY),
            (1, 2, 4, 1e5 + 1.0),
        ],
    );
    let f = forward(&g).unwrap();
    let want = 2e5 + 1.0 - 2f64.ln();
    assert!((f.penalty - want).abs() < 1e-9, "{} vs {want}", f.penalty);
    f.backward(&mut g, 1.0).unwrap();
    // (alpha is near 2e5, where a rounding step is 3e-11)
    for (d, want) in g.dx.iter().zip([0.5, 0.5, 0.0, 1.0]) {
        assert!((d - want).abs() < 1e-9, "{:?}", g.dx);
    }
    let cf = compose_forward(&g, &graph(3, &[(0, 1, WILD, 0.0), (1, 2, WILD, 0.0)])).unwrap();
    assert!((cf.penalty - want).abs() < 1e-9);
    let c = discriminative(&g, &Graph::acceptor(&[2, 4]).unwrap()).unwrap();
    assert!((c.loss - 2f64.ln()).abs() < 1e-9, "{}", c.loss);
    let mut a = g.clone();
    a.clear_gradients();
    c.backward(&mut a, &Graph::acceptor(&[2, 4]).unwrap(), 1.0)
        .unwrap();
    assert!(a.dx.iter().all(|d| d.is_finite()));
    assert!(
        (a.dx[0] + 0.5).abs() < 1e-9 && (a.dx[1] - 0.5).abs() < 1e-9 && a.dx[3].abs() < 1e-9,
        "{:?}",
        a.dx
    );
}
