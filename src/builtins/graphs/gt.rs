//! Graph transformers as Lisp objects (`new-gt-viterbi` ...): like the
//! modules, each has `fprop` and `bprop`, and remembers what its last
//! `fprop` computed and on which graphs, so that `bprop` refuses graphs
//! other than those, or changed since (see [`Stamp`]).

use std::cell::RefCell;

use sn_graphs::{ComposeForward, ComposeViterbi, Composition, Criterion, Forward, Viterbi};

use super::{graph_arg, GraphObj, Stamp};
use crate::builtins::methods;
use crate::builtins::modules::objects::{busy, culprit_arg};
use crate::lisp::error::{ErrorKind, LispError};
use crate::lisp::value::MethodDoc;
use crate::lisp::{Interp, Native, Res, Value};

/// The kinds of transformers, numbered as the rows of `KINDS`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    /// The best path of a graph.
    Viterbi,
    /// The forward penalty of a graph.
    Forward,
    /// The composition of two graphs, materialised.
    Compose,
    /// The forward penalty of a composition, not materialised.
    ComposeForward,
    /// The best path of a composition, not materialised.
    ComposeViterbi,
    /// The discriminative forward criterion.
    Criterion,
}

/// Each kind, at its own number: its constructor, its type name, its
/// method table, its help.
const KINDS: [(Kind, &str, &str, &[MethodDoc], &str); 6] = [
    (Kind::Viterbi, "new-gt-viterbi", "gt-viterbi", methods::GT_VITERBI,
     "(new-gt-viterbi) a Viterbi transformer: (==> t fprop g) the best path's penalty, (==> t bprop g [d]) adds d along it to g's dx; path, labels"),
    (Kind::Forward, "new-gt-forward", "gt-forward", methods::GT_FORWARD,
     "(new-gt-forward) a forward transformer: (==> t fprop g) the forward penalty -log sum exp(-path penalty), (==> t bprop g [d]) adds d * each arc's posterior to g's dx"),
    (Kind::Compose, "new-gt-compose", "gt-compose", methods::GT_COMPOSE,
     "(new-gt-compose) a composition transformer: (==> t fprop a b) the composed graph (each arc's data: the arc of a it came from), (==> t bprop a b) pushes its dx into a's and b's dx"),
    (Kind::ComposeForward, "new-gt-compose-forward", "gt-compose-forward", methods::GT_COMPOSE_FORWARD,
     "(new-gt-compose-forward) the forward penalty of the composition of a with b without building it: (==> t fprop a b), (==> t bprop a b [d]) into both operands' dx"),
    (Kind::ComposeViterbi, "new-gt-compose-viterbi", "gt-compose-viterbi", methods::GT_COMPOSE_VITERBI,
     "(new-gt-compose-viterbi) the best path of the composition of a with b without building it: (==> t fprop a b) its penalty, (==> t bprop a b [d]) into both operands' dx; labels, arcs-a, arcs-b"),
    (Kind::Criterion, "new-gt-criterion", "gt-criterion", methods::GT_CRITERION,
     "(new-gt-criterion) the discriminative forward criterion: (==> t fprop interp answer) the forward penalty of interp composed with answer minus that of interp, (==> t bprop interp answer [d]) adds d * its gradient to interp's dx"),
];

/// What the last `fprop` computed.
pub enum Last {
    /// A best path, and its labels.
    Viterbi(Viterbi, Vec<u32>),
    /// A forward penalty.
    Forward(Forward),
    /// A composition (its graph moved into `out`, a Lisp graph; the
    /// composition keeps a one-node stand-in).
    Compose(Box<Composition>, Value),
    /// A composition's forward penalty.
    ComposeForward(ComposeForward),
    /// A composition's best path.
    ComposeViterbi(ComposeViterbi),
    /// A criterion.
    Criterion(Criterion),
}

/// The last `fprop`'s result and the stamps of the graphs it read.
pub struct Memo {
    /// The result.
    pub last: Last,
    /// The stamps of its operands (and, for a composition, of the result).
    pub stamps: Vec<Stamp>,
}

/// A graph transformer as a Lisp value.
pub struct GtObj {
    /// Its kind.
    pub kind: Kind,
    /// What its last `fprop` computed.
    pub memo: RefCell<Option<Memo>>,
}

impl GtObj {
    fn entry(
        &self,
    ) -> &'static (
        Kind,
        &'static str,
        &'static str,
        &'static [MethodDoc],
        &'static str,
    ) {
        &KINDS[self.kind as usize]
    }

    /// The kind's type name (`gt-viterbi` ...).
    pub fn name(&self) -> &'static str {
        self.entry().2
    }

    /// The memo, for reading or replacing.
    ///
    /// # Errors
    /// The busy error when it is in use.
    pub fn memo(&self) -> Res<std::cell::RefMut<'_, Option<Memo>>> {
        self.memo.try_borrow_mut().map_err(|_| busy(self.name()))
    }
}

/// `"{name} {method}"`, the name errors of `method` give.
pub fn op(o: &GtObj, method: &str) -> String {
    format!("{} {method}", o.name())
}

/// The memo of the last `fprop`, or the error of `f` when there was none.
///
/// # Errors
/// A domain error before any `fprop`.
pub fn last_fprop<'m>(memo: &'m Option<Memo>, f: &str) -> Res<&'m Memo> {
    memo.as_ref()
        .ok_or_else(|| LispError::new(ErrorKind::Domain, format!("{f}: no fprop yet")).into())
}

/// The error of `f` when the last `fprop` computed something else than
/// what `f` reads (a method of another kind of transformer).
pub fn not_here(f: &str) -> crate::lisp::Unwind {
    LispError::new(
        ErrorKind::Domain,
        format!("{f}: not a method of this transformer"),
    )
    .into()
}

/// Arguments `0..n` as graphs.
pub fn graphs<'a>(a: &'a [Value], n: usize, f: &str) -> Res<Vec<&'a GraphObj>> {
    (0..n).map(|i| graph_arg(a, i, f)).collect()
}

/// The memo of the last `fprop` of `f` checked against the graphs given
/// to `bprop` (arguments `0..gs.len()`): the same graphs, unchanged (only
/// their arcs when `arcs_only`).
///
/// # Errors
/// A domain error before any `fprop`, for another graph, or for a graph
/// changed since.
pub fn checked<'m>(
    memo: &'m Option<Memo>,
    f: &str,
    gs: &[&GraphObj],
    a: &[Value],
    arcs_only: bool,
) -> Res<&'m Memo> {
    let m = last_fprop(memo, f)?;
    for (k, g) in gs.iter().enumerate() {
        let (then, now) = (m.stamps[k], g.stamp());
        let what = if then.id != now.id {
            "is not the graph given to the last fprop"
        } else if then.arcs != now.arcs {
            "changed (nodes or arcs) since the last fprop"
        } else if !arcs_only && then.penalties != now.penalties {
            "changed (penalties) since the last fprop"
        } else {
            continue;
        };
        return Err(
            LispError::new(ErrorKind::Domain, format!("{f}: argument {} {what}", k + 1))
                .culprit(a[k].clone())
                .into(),
        );
    }
    Ok(m)
}

impl Native for GtObj {
    fn type_name(&self) -> &'static str {
        self.name()
    }
    fn methods(&self) -> &'static [MethodDoc] {
        self.entry().3
    }
    fn repr(&self) -> String {
        format!("::{}", self.name())
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn send(&self, it: &mut Interp, method: &str, a: &[Value]) -> Option<Res> {
        let r = match self.kind {
            Kind::Viterbi | Kind::Forward | Kind::Criterion => {
                super::score::send(self, it, method, a)
            }
            _ => super::compose::send(self, it, method, a),
        }?;
        Some(culprit_arg(r, a, method))
    }
}

/// Registers the transformer constructors.
pub fn register(it: &mut Interp) {
    fn make(kind: Kind) -> Value {
        Value::native(GtObj {
            kind,
            memo: RefCell::new(None),
        })
    }
    macro_rules! ctor {
        ($k:expr) => {
            |_: &mut Interp, _: &[Value]| -> Res { Ok(make($k)) }
        };
    }
    let ctors: [fn(&mut Interp, &[Value]) -> Res; 6] = [
        ctor!(Kind::Viterbi),
        ctor!(Kind::Forward),
        ctor!(Kind::Compose),
        ctor!(Kind::ComposeForward),
        ctor!(Kind::ComposeViterbi),
        ctor!(Kind::Criterion),
    ];
    for (k, f) in KINDS.iter().zip(ctors) {
        it.defn(k.1, 0, Some(0), f, k.4);
    }
}

#[cfg(test)]
mod tests {
    use super::KINDS;

    #[test]
    fn each_kind_is_at_its_number() {
        for (i, k) in KINDS.iter().enumerate() {
            assert_eq!(k.0 as usize, i, "{}", k.1);
        }
    }
}
