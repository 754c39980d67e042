//! Layered errors: each crate's typed error arrives in Lisp with the
//! right kind and its data (operation, shapes, indices); arity and type
//! errors carry what was expected and what was found; the kinds have
//! stable numeric codes; an error's span covers its whole form and the
//! report marks it under the source line.

use sn::lisp::error::{ErrorData, ErrorKind, LispError};
use sn::lisp::{printer, Interp, Output};
use sn_array::ArrayError;
use sn_graphics::GraphicsError;
use sn_modules::ModError;
use sn_units::UnitsError;

/// The stable codes, written down once: a kind never changes its code.
const CODES: [(&str, u32); 15] = [
    ("read", 1),
    ("unbound-function", 2),
    ("arity", 3),
    ("type", 4),
    ("stack-overflow", 5),
    ("user", 6),
    ("interrupt", 7),
    ("io", 8),
    ("shape", 9),
    ("index", 10),
    ("format", 11),
    ("domain", 12),
    ("memory", 13),
    ("throw", 14),
    ("exit", 15),
];

fn interp() -> Interp {
    let mut it = Interp::new();
    it.output = Output::Buffer(Default::default());
    it
}

/// The error of `code` run as the file `name`.
fn error_of(it: &mut Interp, code: &str, name: &str) -> Box<LispError> {
    match it.eval_source(code, name, false) {
        Ok(v) => panic!("{code} gave {} instead of an error", printer::repr(&v)),
        Err(u) => u.into_error(),
    }
}

fn fails(code: &str) -> Box<LispError> {
    error_of(&mut interp(), code, "error-data.lsp")
}

fn shape(op: &str, expected: &[usize], found: &[usize]) -> Option<ErrorData> {
    Some(ErrorData::Shape {
        op: op.into(),
        expected: expected.to_vec(),
        found: found.to_vec(),
    })
}

#[test]
fn codes_are_stable_both_ways() {
    for (name, code) in CODES {
        let k = ErrorKind::from_name(name).unwrap_or_else(|| panic!("no kind {name}"));
        assert_eq!(k.code(), code, "code of {name}");
        assert_eq!(ErrorKind::from_code(code), Some(k), "kind of code {code}");
        assert_eq!(k.name(), name);
    }
    let all: Vec<ErrorKind> = ErrorKind::all().collect();
    assert_eq!(all.len(), CODES.len(), "a kind without a code in the table");
    for k in all {
        assert!(
            CODES.iter().any(|&(n, c)| n == k.name() && c == k.code()),
            "{k:?} ({}, {}) is not in the table",
            k.name(),
            k.code()
        );
    }
    assert_eq!(ErrorKind::from_code(0), None);
    assert_eq!(ErrorKind::from_code(16), None);
}

#[test]
fn codes_are_visible_from_lisp() {
    let mut it = interp();
    let v = it
        .eval_str("(list (error-code 'shape) (error-code \"arity\") (error-code 'nonsense))")
        .expect("error-code");
    assert_eq!(printer::repr(&v), "(9 3 ())");
    assert_eq!(fails("(error-code 1)").kind, ErrorKind::Type);
    let v = it
        .eval_str("(catch-error (car 1)) (list (error-info 'no-such-key) (error-info 'code))")
        .expect("error-info");
    assert_eq!(printer::repr(&v), "(() 4)");
}

#[test]
fn array_errors_keep_the_operation_and_both_shapes() {
    let e = fails("(idx-add (matrix 2 3) (matrix 3 2))");
    assert_eq!(e.kind, ErrorKind::Shape);
    assert_eq!(e.data, shape("idx-add", &[2, 3], &[3, 2]));
    assert!(
        e.message.contains("idx-add") && e.message.contains("[3, 2]"),
        "{}",
        e.message
    );

    let e = fails("((matrix 2 3) 5 0)");
    assert_eq!(e.kind, ErrorKind::Index);
    match e.data {
        Some(ErrorData::Index {
            index, dim, dims, ..
        }) => {
            assert_eq!((index, dim, dims), (5, Some(0), vec![2, 3]));
        }
        other => panic!("index error data: {other:?}"),
    }
}

#[test]
fn every_array_error_variant_has_its_kind() {
    let cases = [
        (ArrayError::shape("op", &[1], &[2]), ErrorKind::Shape),
        (
            ArrayError::Rank {
                op: "op".into(),
                given: 1,
                dims: vec![2, 2],
            },
            ErrorKind::Shape,
        ),
        (
            ArrayError::Index {
                op: "op".into(),
                dim: 0,
                index: 9,
                dims: vec![2],
            },
            ErrorKind::Index,
        ),
        (
            ArrayError::TooLarge {
                dims: vec![1 << 40],
                max_ndim: 8,
                max_elems: 1 << 31,
            },
            ErrorKind::Domain,
        ),
        (
            ArrayError::Memory {
                op: "op".into(),
                bytes: 10,
                live: 5,
                limit: 8,
            },
            ErrorKind::Memory,
        ),
        (ArrayError::domain("op", "bad"), ErrorKind::Domain),
        (
            ArrayError::Io {
                file: "f".into(),
                message: "gone".into(),
            },
            ErrorKind::Io,
        ),
        (ArrayError::format("f", "bad magic"), ErrorKind::Format),
    ];
    for (a, kind) in cases {
        let text = a.to_string();
        let e = LispError::from(a);
        assert_eq!(e.kind, kind, "{text}");
        assert_eq!(e.message, text);
        assert!(e.data.is_some(), "{text} lost its data");
    }
}

#[test]
fn module_errors_arrive_with_kind_and_shapes() {
    // a state of 3 inputs into a full layer of 10
    let e = fails(
        "(setq p (new-param)) (setq m (new-full p 10 4)) \
         (==> m fprop (new-state 3) (new-state 4))",
    );
    assert_eq!(e.kind, ErrorKind::Shape, "{}", e.message);
    assert_eq!(e.data, shape("full", &[3, 10], &[3]));

    // two modules that cannot follow one another, at assembly
    let e = fails("(setq p (new-param)) (new-seq p (new-full p 10 4) (new-full p 5 2))");
    assert_eq!(e.kind, ErrorKind::Shape, "{}", e.message);
    match &e.data {
        Some(ErrorData::Shape {
            op,
            expected,
            found,
        }) => {
            assert_eq!(op, "new-seq");
            assert_eq!(expected.last(), Some(&5), "{expected:?}");
            assert_eq!(found.last(), Some(&4), "{found:?}");
        }
        other => panic!("misfit data: {other:?}"),
    }

    // a sequence whose output is not what the cost reads
    let e = fails(
        "(setq p (new-param)) \
         (new-net p (new-seq p (new-full p 4 5)) (new-cost 'sqerr 10) '(4))",
    );
    assert_eq!(e.kind, ErrorKind::Shape, "{}", e.message);
    assert_eq!(e.data, shape("new-net (cost sqerr)", &[1, 10], &[1, 5]));

    let cases = [
        (ModError::shape("m", &[1], &[2]), ErrorKind::Shape),
        (
            ModError::Label {
                module: "m".into(),
                label: 12,
                classes: 10,
            },
            ErrorKind::Index,
        ),
        (ModError::config("m", "bad"), ErrorKind::Domain),
        (
            ModError::Io {
                path: "p".into(),
                msg: "gone".into(),
            },
            ErrorKind::Io,
        ),
        (ModError::Interrupted, ErrorKind::Interrupt),
        (
            ModError::Format {
                path: "p".into(),
                msg: "bad".into(),
            },
            ErrorKind::Format,
        ),
        (ModError::Memory("too much".into()), ErrorKind::Memory),
        (
            ModError::NotFinite {
                module: "m".into(),
                msg: "nan".into(),
            },
            ErrorKind::Domain,
        ),
    ];
    for (m, kind) in cases {
        let text = m.to_string();
        let e = LispError::from(m);
        assert_eq!((e.kind, e.message.as_str()), (kind, text.as_str()));
    }
    let e = LispError::from(ModError::Label {
        module: "softmax".into(),
        label: 12,
        classes: 10,
    });
    assert_eq!(
        e.data,
        Some(ErrorData::Index {
            op: "softmax".into(),
            index: 12,
            dim: None,
            dims: vec![10],
        })
    );
}

#[test]
fn converting_an_interrupt_leaves_the_flag_alone() {
    let mut it = interp();
    it.eval_str("1").expect("runs");
    let flag = it.interrupt_handle();
    flag.store(true, std::sync::atomic::Ordering::SeqCst);
    let e = LispError::from(ModError::Interrupted);
    assert_eq!(e.kind, ErrorKind::Interrupt);
    assert!(
        flag.load(std::sync::atomic::Ordering::SeqCst),
        "the conversion cleared the flag"
    );
    it.clear_interrupt();
}

#[test]
fn units_errors_arrive_with_kind_and_index() {
    let e = fails("(alloc-net 10 100) (connect 3 50)");
    assert_eq!(e.kind, ErrorKind::Index, "{}", e.message);
    match &e.data {
        Some(ErrorData::Index { op, index, .. }) => {
            assert_eq!((op.as_str(), *index), ("connect", 3))
        }
        other => panic!("units data: {other:?}"),
    }
    let cases = [
        (
            UnitsError::NotConnected {
                op: "cut",
                from: 1,
                to: 2,
            },
            ErrorKind::Index,
        ),
        (
            UnitsError::AlreadyConnected {
                op: "connect",
                from: 1,
                to: 2,
            },
            ErrorKind::Domain,
        ),
        (
            UnitsError::WeightCount {
                file: "w".into(),
                expected: 10,
                found: 9,
            },
            ErrorKind::Format,
        ),
        (UnitsError::Callback("boom".into()), ErrorKind::User),
        (
            UnitsError::Memory {
                op: "alloc-net",
                what: "too big".into(),
            },
            ErrorKind::Memory,
        ),
        (
            UnitsError::Io {
                file: "w".into(),
                what: "gone".into(),
            },
            ErrorKind::Io,
        ),
    ];
    for (u, kind) in cases {
        let text = u.to_string();
        let e = LispError::from(u);
        assert_eq!((e.kind, e.message.as_str()), (kind, text.as_str()));
        assert!(e.data.is_some(), "{text} lost its data");
    }
    let e = LispError::from(UnitsError::WeightCount {
        file: "w.wei".into(),
        expected: 10,
        found: 9,
    });
    assert_eq!(
        e.data,
        Some(ErrorData::Count {
            op: "w.wei".into(),
            expected: 10,
            found: 9
        })
    );
}

#[test]
fn graphics_errors_arrive_with_kind_and_data() {
    let e = fails("(draw-array 0 0 (matrix 2 2) \"nosuch\")");
    assert_eq!(e.kind, ErrorKind::Domain, "{}", e.message);
    assert!(e.message.contains("nosuch"), "{}", e.message);
    assert!(
        matches!(&e.data, Some(ErrorData::Op { op, .. }) if op == "colormap"),
        "{:?}",
        e.data
    );

    let e = LispError::from(GraphicsError::shape("grid", &[2, 3], 5));
    assert_eq!(e.kind, ErrorKind::Shape);
    assert_eq!(e.data, shape("grid", &[2, 3], &[5]));
    let e = LispError::from(GraphicsError::Format {
        file: "x.png".into(),
        problem: "bad".into(),
    });
    assert_eq!(e.kind, ErrorKind::Format);
    let e = LispError::from(GraphicsError::domain("window", "too wide"));
    assert_eq!(e.kind, ErrorKind::Domain);
}

#[test]
fn file_errors_name_the_file() {
    let e = fails("(save-matrix (matrix 2) \"/nonexistent-dir/x.mat\")");
    assert_eq!(e.kind, ErrorKind::Io, "{}", e.message);
    assert!(
        matches!(&e.data, Some(ErrorData::File { file, .. }) if file.contains("nonexistent-dir")),
        "{:?}",
        e.data
    );
    let e = fails("(read-file \"/nonexistent-dir/x.txt\")");
    assert_eq!(e.kind, ErrorKind::Io);
    assert!(
        matches!(&e.data, Some(ErrorData::File { .. })),
        "{:?}",
        e.data
    );
}

fn arity(function: &str, min: usize, max: Option<usize>, found: usize) -> Option<ErrorData> {
    Some(ErrorData::Arity {
        function: function.into(),
        min,
        max,
        found,
    })
}

#[test]
fn arity_errors_carry_expected_and_found() {
    assert_eq!(fails("(car 1 2)").data, arity("car", 1, Some(1), 2));
    let e = fails("(de two (a b) a) (two 1)");
    assert_eq!(e.kind, ErrorKind::Arity);
    assert_eq!(e.data, arity("two", 2, Some(2), 1));
    assert_eq!(
        fails("(de opt (a &optional b) a) (opt 1 2 3)").data,
        arity("opt", 1, Some(2), 3)
    );
    assert_eq!(
        fails("(de rest (a &rest b) a) (rest)").data,
        arity("rest", 1, None, 0)
    );
    assert_eq!(fails("(if)").data, arity("if", 2, None, 0));
    // builtins whose counts depend on their arguments check them themselves
    assert_eq!(
        fails("(hamming-dist 1 '(1) '(1) '(1))").data,
        arity("hamming-dist", 1, Some(3), 4)
    );
    assert_eq!(
        fails("(setq aa (atom-array 2 3)) (aa 0)").data,
        arity("atom-array", 2, Some(3), 1)
    );
}

#[test]
fn type_errors_carry_expected_and_found() {
    let e = fails("(+ 1 'a)");
    assert_eq!(e.kind, ErrorKind::Type);
    assert_eq!(
        e.data,
        Some(ErrorData::Type {
            function: "+".into(),
            expected: "a number".into(),
            found: "symbol".into(),
        })
    );
    let e = fails("(car 3)");
    assert!(
        matches!(&e.data, Some(ErrorData::Type { function, found, .. })
            if function == "car" && found == "number"),
        "{:?}",
        e.data
    );
}

#[test]
fn error_info_gives_the_data_to_lisp() {
    let mut it = interp();
    let v = it
        .eval_str(
            "(catch-error (idx-add (matrix 2 3) (matrix 3 2))) \
             (list (error-info 'kind) (error-info 'code) (error-info 'op) \
                   (error-info 'expected) (error-info 'found))",
        )
        .expect("error-info");
    assert_eq!(printer::repr(&v), "(\"shape\" 9 \"idx-add\" (2 3) (3 2))");
    let v = it
        .eval_str(
            "(catch-error (car 1 2)) \
             (list (error-info 'code) (error-info 'function) (error-info 'min) \
                   (error-info 'max) (error-info 'found) (car (last-error)))",
        )
        .expect("error-info");
    assert_eq!(printer::repr(&v), "(3 \"car\" 1 1 2 \"arity\")");
    // the whole list names every field once
    let v = it.eval_str("(mapcar car (error-info))").expect("keys");
    let keys = printer::repr(&v);
    for k in [
        "kind", "code", "message", "culprit", "data", "function", "min", "max", "found",
    ] {
        assert!(keys.contains(k), "{k} missing from {keys}");
    }
}

#[test]
fn spans_cover_the_whole_form() {
    let src = "(de g (x)\n  (let ((y (+ x 1)))\n    (idx-add (matrix 2 3)\n             (matrix y 2))))\n(g 2)\n";
    let mut it = interp();
    let e = error_of(&mut it, src, "spans.lsp");
    let sp = e.span.expect("a position");
    assert_eq!((sp.line, sp.col), (3, 5), "start of the idx-add form");
    assert_eq!(
        (sp.end_line, sp.end_col),
        (4, 26),
        "end of the idx-add form"
    );
    let report = sn::toplevel::render_error(&it, &e);
    assert!(report.contains("*** at spans.lsp:3:5\n"), "{report}");
    // the marker runs from the form's start to the end of its first line
    let marker = format!("    {}^{}\n", " ".repeat(4), "~".repeat(20));
    assert!(
        report.contains(&format!("        (idx-add (matrix 2 3)\n{marker}")),
        "{report}"
    );

    // a form on one line is marked from its '(' to its ')'
    let src = "(setq a 1)\n(setq b (car (list 1) 2))\n";
    let e = error_of(&mut it, src, "one-line.lsp");
    let sp = e.span.expect("a position");
    assert_eq!((sp.line, sp.col, sp.end_line, sp.end_col), (2, 9, 2, 24));
    let report = sn::toplevel::render_error(&it, &e);
    let marker = format!("    {}^{}\n", " ".repeat(8), "~".repeat(15));
    assert!(report.contains(&marker), "{report}");

    // and error-info shows the extent too
    let v = it
        .eval_source(
            "(catch-error\n  (car\n   1 2))\n(list (error-info 'line) (error-info 'col) (error-info 'end-line) (error-info 'end-col))",
            "info.lsp",
            false,
        )
        .expect("error-info");
    assert_eq!(printer::repr(&v), "(2 3 3 7)");
}
