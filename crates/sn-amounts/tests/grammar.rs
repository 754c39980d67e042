//! Grammars: valid and invalid texts composed with the acceptors.

use sn_amounts::grammar::{
    accepts, amount_grammar, digits_grammar, labels_of, text_acceptor, text_of,
};

const VALID: &[&str] = &[
    "0",
    "7",
    "75",
    "300",
    "1234",
    "1,234",
    "12,345",
    "123,456",
    "1,234,567",
    "1,234.56",
    "12.05",
    "0.50",
    "0.00",
    "9999999",
    "100,000.00",
    "10",
    "1.00",
];
const INVALID: &[&str] = &[
    "",
    "12,34",
    ",123",
    "1234,567",
    "1,2345",
    "01",
    "00",
    "0,123",
    "1.",
    "1.5",
    "1.234",
    ".56",
    "1,234.5",
    "12,345,67",
    "1..23",
    "1,,234",
    "1.23.45",
    "123,",
    "0.5",
    "1,23",
];

#[test]
fn the_amount_grammar_accepts_amounts_only() {
    let g = amount_grammar().unwrap();
    for t in VALID {
        assert!(
            accepts(&g, &labels_of(t).unwrap()).unwrap(),
            "{t:?} rejected"
        );
    }
    for t in INVALID {
        assert!(
            !accepts(&g, &labels_of(t).unwrap()).unwrap(),
            "{t:?} accepted"
        );
    }
    // Composition with the text acceptor gives the text back as its best path.
    let a = text_acceptor("1,234.56").unwrap();
    let v = sn_graphs::compose_viterbi(&a, &g).unwrap();
    let labels: Vec<u32> = v
        .labels
        .iter()
        .copied()
        .filter(|&l| l != sn_graphs::NULL)
        .collect();
    assert_eq!(text_of(&labels), "1,234.56");
    // Materialised composition: non-empty for a valid text, no path for an invalid one.
    let c = sn_graphs::compose(&text_acceptor("12,34").unwrap(), &g).unwrap();
    assert!(!sn_graphs::viterbi(&c.graph)
        .map(|v| v.penalty.is_finite())
        .unwrap_or(false));
}

#[test]
fn digit_grammars_count_digits() {
    for n in 1..7 {
        let g = digits_grammar(n).unwrap();
        for m in 0..8 {
            let text: String = (0..m)
                .map(|k| char::from(b'0' + (k * 7 % 10) as u8))
                .collect();
            assert_eq!(
                accepts(&g, &labels_of(&text).unwrap()).unwrap(),
                m == n,
                "{n} {text}"
            );
        }
        assert!(!accepts(&g, &labels_of(&"1,234"[..n.min(5)]).unwrap()).unwrap() || n == 1);
    }
}

#[test]
fn labels_and_text_round_trip() {
    assert_eq!(labels_of("1,2.3").unwrap(), vec![1, 10, 2, 11, 3]);
    assert_eq!(text_of(&[1, 10, 2, 3, 4, 11, 5, 6, 12]), "1,234.56?");
    assert!(labels_of("1a").is_err());
}
