//! Grammars as acceptors (`sn_graphs::Graph`) over the labels 0-11, and
//! labels <-> text.
//!
//! The grammar of amounts accepts an integer part, then optionally a
//! point and exactly two digits. The integer part is `0`, or digits
//! without a leading zero, either without commas or with a thousands
//! comma before every group of three digits from the right (`1,234`,
//! `12,345,678`; not `12,34`, `,123` nor `1234,567`). It is cyclic (any
//! number of digits or groups) with no null cycle; its final states reach
//! the end node by null arcs.

use sn_graphs::{Graph, GraphError, NULL};

use crate::error::AmountError;
use crate::{COMMA, JUNK_CLASS, POINT};

/// Adds the ten digit arcs `from -> to`.
fn digits(g: &mut Graph, from: u32, to: u32, nonzero: bool) -> Result<(), GraphError> {
    for d in u32::from(nonzero)..10 {
        g.add_arc(from, to, d, 0.0)?;
    }
    Ok(())
}

/// The grammar of amounts.
///
/// # Errors
/// `Memory` when it does not fit in the budget.
pub fn amount_grammar() -> Result<Graph, GraphError> {
    // States: 0 start, 1 "0", 2..4 one to three digits, 5 four or more
    // digits without commas, 6 after a comma, 7..9 one to three digits of
    // a group, 10 after the point, 11..12 the cents, 13 end.
    let mut g = Graph::new(14)?;
    g.add_arc(0, 1, 0, 0.0)?;
    digits(&mut g, 0, 2, true)?;
    digits(&mut g, 2, 3, false)?;
    digits(&mut g, 3, 4, false)?;
    digits(&mut g, 4, 5, false)?;
    digits(&mut g, 5, 5, false)?;
    for s in [2, 3, 4, 9] {
        g.add_arc(s, 6, COMMA, 0.0)?;
    }
    digits(&mut g, 6, 7, false)?;
    digits(&mut g, 7, 8, false)?;
    digits(&mut g, 8, 9, false)?;
    for s in [1, 2, 3, 4, 5, 9] {
        g.add_arc(s, 10, POINT, 0.0)?;
        g.add_arc(s, 13, NULL, 0.0)?;
    }
    digits(&mut g, 10, 11, false)?;
    digits(&mut g, 11, 12, false)?;
    g.add_arc(12, 13, NULL, 0.0)?;
    Ok(g)
}

/// The acceptor of strings of exactly `n` digits.
///
/// # Errors
/// `Memory` when it does not fit in the budget.
pub fn digits_grammar(n: usize) -> Result<Graph, GraphError> {
    let mut g = Graph::new(n.saturating_add(1))?;
    g.reserve_arcs(n.saturating_mul(10))?;
    for i in 0..n as u32 {
        digits(&mut g, i, i + 1, false)?;
    }
    Ok(g)
}

/// The character of a class: `0`-`9`, `,`, `.`, `?` for junk and others.
pub fn char_of(label: u32) -> char {
    match label {
        0..=9 => char::from(b'0' + label as u8),
        COMMA => ',',
        POINT => '.',
        _ => '?',
    }
}

/// The text of a sequence of classes.
pub fn text_of(labels: &[u32]) -> String {
    labels.iter().map(|&l| char_of(l)).collect()
}

/// The classes of a text of digits, commas and points.
///
/// # Errors
/// `Domain` naming the first other character.
pub fn labels_of(text: &str) -> Result<Vec<u32>, AmountError> {
    text.chars()
        .map(|c| match c {
            '0'..='9' => Ok(c as u32 - '0' as u32),
            ',' => Ok(COMMA),
            '.' => Ok(POINT),
            '?' => Ok(JUNK_CLASS),
            _ => Err(AmountError::domain(
                "text-labels",
                format!("{c:?} in {text:?} is not a digit, comma or point"),
            )),
        })
        .collect()
}

/// The acceptor of one text.
///
/// # Errors
/// As [`labels_of`]; `Memory` when it does not fit.
pub fn text_acceptor(text: &str) -> Result<Graph, AmountError> {
    Ok(Graph::acceptor(&labels_of(text)?)?)
}

/// True when `grammar` accepts the sequence `labels` (its composition
/// with the sequence's acceptor has a path).
///
/// # Errors
/// As `sn_graphs::compose_viterbi`.
pub fn accepts(grammar: &Graph, labels: &[u32]) -> Result<bool, GraphError> {
    let a = Graph::acceptor(labels)?;
    Ok(sn_graphs::compose_viterbi(&a, grammar)?.penalty.is_finite())
}
