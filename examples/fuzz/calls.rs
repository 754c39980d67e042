//! Random builtin calls: a pool of awkward argument values (edge numbers,
//! odd strings, circular lists, empty and odd-shaped matrices, network
//! objects, windows), programs binding a few of them to variables and then
//! calling builtins and object methods on them, objects included as their
//! own arguments.

use crate::gen::{Program, Rng, EDGE_NUMBERS};

/// Builtins never called: `exit` would be mistaken for a crash status.
/// Everything else runs in a scratch directory with HOME pointing at it.
pub const EXCLUDED: &[&str] = &["exit"];

/// What `(help 'name)` says of a function's parameters.
#[derive(Clone, Debug, Default)]
pub struct Sig {
    pub name: String,
    pub required: Vec<String>,
    pub optional: Vec<String>,
    pub rest: bool,
}

/// Parses the usage at the start of a help line, `(name a b [c] . rest)`;
/// a parenthesized parameter is named `list`.
pub fn parse_usage(name: &str, line: &str) -> Option<Sig> {
    let body = line.strip_prefix('(')?.strip_prefix(name)?;
    if !body.starts_with([' ', ')']) {
        return None;
    }
    let mut sig = Sig {
        name: name.to_string(),
        ..Sig::default()
    };
    let (mut brackets, mut parens, mut dot, mut word) = (0i32, 0i32, false, String::new());
    let flush = |w: &mut String, brackets: i32, dot: bool, sig: &mut Sig| {
        if w.is_empty() {
            return;
        }
        match (w.as_str(), dot, brackets > 0) {
            ("." | "...", _, _) => {}
            (_, true, _) => sig.rest = true,
            (_, _, true) => sig.optional.push(w.clone()),
            _ => sig.required.push(w.clone()),
        }
        w.clear();
    };
    for c in body.chars() {
        match c {
            '(' => parens += 1,
            ')' if parens == 0 => break,
            ')' => {
                parens -= 1;
                if parens == 0 {
                    word = "list".into();
                    flush(&mut word, brackets, dot, &mut sig);
                }
            }
            _ if parens > 0 => {}
            '[' => brackets += 1,
            ']' => {
                flush(&mut word, brackets, dot, &mut sig);
                brackets -= 1;
            }
            ' ' => {
                flush(&mut word, brackets, dot, &mut sig);
            }
            '.' if word.is_empty() => dot = true,
            _ => word.push(c),
        }
    }
    flush(&mut word, brackets, dot, &mut sig);
    Some(sig)
}

/// An argument for a parameter, chosen from its name most of the time.
fn arg_for(r: &mut Rng, param: &str, nvars: usize) -> String {
    if r.chance(35) {
        return value(r, nvars);
    }
    let p = param.trim_start_matches('\'').to_ascii_lowercase();
    let has = |ws: &[&str]| {
        ws.iter()
            .any(|w| p == *w || p.starts_with(&format!("{w}-")))
    };
    let pool: &[&str] = if has(&["fmt", "format"]) {
        FORMATS
    } else if has(&[
        "file", "path", "name", "s", "str", "string", "text", "title", "sym", "topic",
    ]) {
        STRINGS
    } else if has(&[
        "m", "a", "b", "x", "out", "arr", "array", "mat", "matrix", "v", "vec", "w", "img",
        "image", "y",
    ]) {
        MATRICES
    } else if has(&["f", "fn", "func", "function", "pred"]) {
        FUNCTIONS
    } else if has(&["l", "list", "lst", "dims", "layers", "table"]) {
        LISTS
    } else if has(&[
        "net", "state", "param", "module", "cost", "trainer", "data", "obj", "window", "in", "o",
        "p",
    ]) {
        OBJECTS
    } else {
        EDGE_NUMBERS
    };
    r.pick(pool).to_string()
}

/// Format strings for printf-like builtins.
const FORMATS: &[&str] = &[
    "\"%d %s\"",
    "\"%999999d\"",
    "\"%.400f\"",
    "\"%l%l%l\"",
    "\"%\"",
    "\"%-5.3e|%g\"",
    "\"%s\"",
];
/// Strings for file names, symbols and texts.
const STRINGS: &[&str] = &[
    "\"tmp.mat\"",
    "\"x y\"",
    "\"\"",
    "\"a\"",
    "\"w.png\"",
    "\"no/such/dir/f\"",
    "\".\"",
    "\"éü€\"",
    "'car",
    "\"netenv\"",
];
/// Arrays of many shapes.
const MATRICES: &[&str] = &[
    "[1 2 3]",
    "[[1 2] [3 4]]",
    "(matrix 0)",
    "(matrix 0 3)",
    "(matrix 2 3 4)",
    "(matrix 1)",
    "(matrix 28 28)",
    "(matrix 1 1 1 1 1 1)",
    "(idx-transpose [[1 2 3] [4 5 6]])",
    "(array-rand (matrix 2000 2000) -1 1)",
    "(matrix 100 100 100)",
    "(float-matrix 3 3)",
    "(double-matrix 5)",
    "(array-fill (matrix 4 4) (/ 0 0))",
];
/// Functions.
const FUNCTIONS: &[&str] = &[
    "car",
    "'car",
    "(lambda (x) x)",
    "(lambda x (apply + x))",
    "(lambda (a b) (< a b))",
    "'+",
    "()",
    "(lambda () (while t ()))",
];
/// Lists, long, deep and circular.
const LISTS: &[&str] = &[
    "'(1 2 3)",
    "'((1 2) (3 4))",
    "()",
    "'(a . b)",
    "(range 1 100000)",
    "'((input 2) (output 1))",
    "(let ((l (list 1 2 3))) (rplacd (cddr l) l) l)",
    "(let ((l (list 1 2))) (rplaca l l) l)",
    "(let ((l ())) (repeat 100000 (setq l (list l))) l)",
    "'(0 0)",
    "'(-1 5)",
];
/// Native and Lisp objects.
const OBJECTS: &[&str] = &[
    "(new-state 1 2)",
    "(new-state 0)",
    "(new-state 2 3 5 5)",
    "(new-param)",
    "(new-full (new-param) 2 1)",
    "(new-cost 'sqerr 2)",
    "(new-cost 'softmax-ce 3)",
    "(new-cost 'rbf 3)",
    "(new-stanh)",
    "(progn (libload \"lenet\") (lenet1 1))",
    "(array-dataset [[[1 2]]] [0])",
    "(new-trainer 1 0.1)",
    "(new-window 0 0 16 16 \"w\")",
    "(progn (defclass fz-pt object x y) (new fz-pt))",
    "(new-conv (new-param) 1 2 3 3)",
];

/// Lisp expressions of awkward values.
pub const VALUES: &[&str] = &[
    "()",
    "t",
    "'foo",
    "'sqerr",
    "'softmax-ce",
    "'paper",
    "\"\"",
    "\"a\"",
    "\"tmp.mat\"",
    "\"x y\"",
    "\"%s%d%f%l%%\"",
    "\"\\n\"",
    "\"éü€\"",
    "\"-1\"",
    "\"1e999\"",
    "'(1 2 3)",
    "'(a . b)",
    "'((1 2) (3 4))",
    "'(0 0)",
    "'(-1 5)",
    "'(1000000 1000000)",
    "(let ((l (list 1 2 3))) (rplacd (cddr l) l) l)",
    "(let ((l (list 1 2))) (rplaca l l) l)",
    "(let ((l (list 'a))) (rplacd l l) l)",
    "[1 2 3]",
    "[[1 2] [3 4]]",
    "[[]]",
    "[]",
    "(matrix 0)",
    "(matrix 0 3)",
    "(matrix 3 0)",
    "(matrix 2 3 4)",
    "(matrix 1)",
    "(float-matrix 3 3)",
    "(double-matrix 5)",
    "(matrix 28 28)",
    "(matrix 1 1 1 1 1 1)",
    "(idx-transpose [[1 2 3] [4 5 6]])",
    "(submatrix [[1 2] [3 4]] 1 1)",
    "(new-state 1 2)",
    "(new-state 0)",
    "(new-state 2 3 5 5)",
    "(new-param)",
    "(new-full (new-param) 2 1)",
    "(new-conv (new-param) 1 2 3 3)",
    "(new-cost 'sqerr 2)",
    "(new-cost 'softmax-ce 3)",
    "(new-cost 'rbf 3)",
    "(new-stanh)",
    "(new-relu)",
    "(new-logistic)",
    "(new-logsoftmax)",
    "(new-graph 3)",
    "(let ((g (new-graph 3))) (==> g add-arc 0 1 1 0.5 0 0) (==> g add-arc 1 2 2 0.1 1 1) g)",
    "(graph-acceptor '(1 2))",
    "(graph-expand (car (segment-field (car (amount-field 1 0 'test)))) 13)",
    "(amount-grammar)",
    "(digits-grammar 2)",
    "(text-acceptor \"1,234.56\")",
    "(new-gt-viterbi)",
    "(new-gt-forward)",
    "(new-gt-compose)",
    "(new-gt-compose-forward)",
    "(new-gt-compose-viterbi)",
    "(new-gt-criterion)",
    "(let ((p (new-param))) (new-seq p (new-conv p 1 3 1 1) (new-logsoftmax)))",
    "(new-maxpool 2 2)",
    "(new-subsample (new-param) 2 2 2)",
    "(new-pad 1 1)",
    "(let ((p (new-param))) (new-seq p (new-full p 2 2) (new-stanh)))",
    "(array-dataset [[1 2] [3 4]] [0 1])",
    "(new-net (new-param))",
    "(progn (libload \"lenet\") (lenet1 1))",
    "(new-window 0 0 16 16 \"w\")",
    "(lambda (x) x)",
    "(lambda x (apply + x))",
    "car",
    "'car",
    "(progn (defclass fz-pt object x y) (new fz-pt))",
    "(new-trainer)",
    "(string-split \"a b\" \" \")",
    "(let ((l ())) (repeat 100000 (setq l (list l))) l)",
    "(range 1 100000)",
    "(matrix 2000 2000)",
    "(array-fill (matrix 3 3) (/ 0 0))",
    "(lambda () (while t ()))",
];

/// Method names of the native objects (states, params, modules, costs,
/// datasets, nets, trainers, windows, nonlinear functions).
pub const METHODS: &[&str] = &[
    "x",
    "dx",
    "ddx",
    "dims",
    "set-x",
    "clear-dx",
    "clear-ddx",
    "size",
    "eps",
    "update",
    "set-eps",
    "fprop",
    "bprop",
    "bbprop",
    "forget",
    "nparams",
    "describe",
    "out-dims",
    "classify",
    "sample",
    "batch",
    "label",
    "shape",
    "connections",
    "input-dims",
    "set-par",
    "weights",
    "save",
    "load",
    "test",
    "age",
    "epoch",
    "set-schedule",
    "train-epoch",
    "eval",
    "f",
    "df",
    "ddf",
    "add-node",
    "add-arc",
    "arc",
    "arcs",
    "labels",
    "penalties",
    "set-penalties",
    "load-penalties",
    "scatter-gradients",
    "set-start",
    "copy",
    "path",
    "refresh",
    "parts",
    "nosuch",
];

/// A value expression: a pool value, an edge number, or a variable.
fn value(r: &mut Rng, nvars: usize) -> String {
    match r.below(10) {
        0..=3 if nvars > 0 => format!("v{}", r.below(nvars)),
        4 | 5 => r.pick(EDGE_NUMBERS).to_string(),
        _ => r.pick(VALUES).to_string(),
    }
}

/// One call: a builtin with random arguments, or a method of a variable
/// with that variable (or another) among its arguments.
fn call(r: &mut Rng, builtins: &[Sig], nvars: usize) -> (String, String) {
    if nvars > 0 && r.chance(35) {
        let o = format!("v{}", r.below(nvars));
        let m = *r.pick(METHODS);
        let mut args = Vec::new();
        for _ in 0..r.below(4) {
            args.push(if r.chance(40) {
                "o".to_string()
            } else {
                value(r, nvars)
            });
        }
        let text = format!("(let ((o {o})) (==> o {m} {}))", args.join(" "));
        return (text, format!("==> {m}"));
    }
    let sig = r.pick(builtins);
    let f = sig.name.clone();
    let mut args = Vec::new();
    if r.chance(80) {
        let n = sig.required.len() + r.below(sig.optional.len() + 1);
        let params = sig
            .required
            .iter()
            .chain(&sig.optional)
            .take(n)
            .cloned()
            .collect::<Vec<_>>();
        for p in params {
            args.push(arg_for(r, &p, nvars));
        }
        if sig.rest {
            for _ in 0..r.below(3) {
                args.push(value(r, nvars));
            }
        }
    } else {
        for _ in 0..r.below(5) {
            args.push(value(r, nvars));
        }
    }
    (format!("({f} {})", args.join(" ")), f)
}

/// A program: a few variables bound to pool values, then several calls,
/// each inside `catch-error` so that one error does not end the case.
pub fn program(r: &mut Rng, builtins: &[Sig]) -> Program {
    let nvars = 1 + r.below(4);
    let mut code = String::new();
    if r.chance(15) {
        code.push_str("(libload \"netenv\")\n");
    }
    for k in 0..nvars {
        code.push_str(&format!(
            "(setq v{k} (catch-error {} (lambda (m) ())))\n",
            value(r, k)
        ));
    }
    let mut names = Vec::new();
    for _ in 0..1 + r.below(6) {
        let (text, name) = call(r, builtins, nvars);
        names.push(name);
        if r.chance(80) {
            code.push_str(&format!("(catch-error {text} (lambda (m) ()))\n"));
        } else {
            code.push_str(&format!("(print {text})\n"));
        }
    }
    Program {
        code,
        fold: false,
        origin: format!("calls of {}", names.join(", ")),
    }
}
