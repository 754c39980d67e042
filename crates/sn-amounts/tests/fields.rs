//! Field generation: determinism, test digits only, texts in the grammar.

use sn_amounts::grammar::{accepts, amount_grammar, digits_grammar};
use sn_amounts::{DigitSet, FieldGen, Kind, BG, HEIGHT, INK};

#[test]
fn fields_are_a_function_of_seed_and_index() {
    let gen = FieldGen::new(DigitSet::embedded("train").unwrap());
    let a = gen.field(5, 17, Kind::Amount).unwrap();
    let b = gen.field(5, 17, Kind::Amount).unwrap();
    assert_eq!(
        (a.width, &a.labels, &a.boxes),
        (b.width, &b.labels, &b.boxes)
    );
    assert_eq!(a.pixels, b.pixels);
    let c = gen.field(6, 17, Kind::Amount).unwrap();
    let d = gen.field(5, 18, Kind::Amount).unwrap();
    assert!(c.pixels != a.pixels && d.pixels != a.pixels);
    assert_eq!(a.pixels.len(), HEIGHT * a.width);
    assert!(a
        .pixels
        .iter()
        .all(|&v| (BG - 1e-6..=INK + 1e-6).contains(&v)));
    assert!(a.pixels.iter().any(|&v| v > 1.0));
}

#[test]
fn test_fields_use_only_test_digits() {
    let test = DigitSet::embedded("test").unwrap();
    let train = DigitSet::embedded("train").unwrap();
    assert_eq!((test.len(), train.len()), (2000, 8000));
    let gen = FieldGen::new(test.clone());
    for i in 0..100 {
        let f = gen.field(1, i, Kind::Digits(5)).unwrap();
        for (k, s) in f.sources.iter().enumerate() {
            let s = s.expect("a digit has a source") as usize;
            assert!(s < test.len());
            assert_eq!(test.label(s) as u32, f.labels[k]);
        }
    }
}

#[test]
fn generated_texts_are_in_their_grammars() {
    let gen = FieldGen::new(DigitSet::embedded("test").unwrap());
    let (amounts, four) = (amount_grammar().unwrap(), digits_grammar(4).unwrap());
    let (mut lens, mut commas, mut points, mut touching) = ([0; 8], 0, 0, 0);
    for i in 0..400 {
        let f = gen.field(2, i, Kind::Amount).unwrap();
        assert!(accepts(&amounts, &f.labels).unwrap(), "{}", f.text());
        lens[f.labels.len()] += 1;
        commas += f.text().contains(',') as usize;
        points += f.text().contains('.') as usize;
        touching += f.touching as usize;
        assert_eq!(f.boxes.len(), f.labels.len());
        assert!(
            f.boxes
                .windows(2)
                .all(|w| w[0].0 < w[1].0 && w[0].1 <= w[1].0 + 3),
            "{:?} {:?}",
            f.text(),
            f.boxes
        );
        let g = gen.field(2, i, Kind::Digits(4)).unwrap();
        assert!(accepts(&four, &g.labels).unwrap() && g.labels.len() == 4);
    }
    assert!(lens[1..].iter().all(|&n| n > 20), "{lens:?}");
    assert!(
        commas > 20 && points > 50 && touching > 40,
        "{commas} {points} {touching}"
    );
}
