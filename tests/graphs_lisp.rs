//! Graphs and graph transformers from Lisp: building graphs, their
//! methods, the transformers' fprop and bprop checked against brute-force
//! enumeration of paths, composition on a hand-made example, bad
//! arguments, and the gradient of a graph criterion carried back through
//! a modules-level network into its parameters, checked against finite
//! differences.

mod common;

use sn::lisp::Interp;

/// Lisp helpers: numbers and 1-D arrays as text at full precision.
const HELPERS: &str = r#"
(de full (x) (sprintf "%.17e" x))
(de values-text (w)
  (let ((s ""))
    (for (i 0 (- (idx-dim w 0) 1))
      (setq s (concat s " " (sprintf "%.17e" (w i)))))
    s))
"#;

/// Runs `f` with a fresh interpreter (helpers loaded) on a thread with
/// the interpreter's stack.
fn with_interp<T: Send + 'static>(f: impl FnOnce(&mut Interp) -> T + Send + 'static) -> T {
    common::with_interp(HELPERS, f)
}

/// Evaluates `code`: the printed value, or the error's kind, message and
/// culprit.
fn eval(it: &mut Interp, code: &str) -> Result<String, String> {
    match it.eval_source(code, "graphs.lsp", false) {
        Ok(v) => Ok(sn::lisp::printer::repr(&v)),
        Err(u) => {
            let e = u.into_error();
            let culprit = e.culprit.as_ref().map(sn::lisp::printer::repr);
            Err(format!(
                "{}: {} | culprit {}",
                e.kind.name(),
                e.message,
                culprit.unwrap_or_default()
            ))
        }
    }
}

fn run(it: &mut Interp, code: &str) -> String {
    eval(it, code).unwrap_or_else(|e| panic!("{code}: {e}"))
}

/// The error of `code` (the test fails when it succeeds).
fn err(it: &mut Interp, code: &str) -> String {
    match eval(it, code) {
        Ok(v) => panic!("{code}: expected an error, got {v}"),
        Err(e) => e,
    }
}

/// The value of `code` as a number, at full precision.
fn num(it: &mut Interp, code: &str) -> f64 {
    let s = run(it, &format!("(full {code})"));
    s.trim_matches('"')
        .parse()
        .unwrap_or_else(|_| panic!("{code}: not a number: {s}"))
}

/// The numbers of the 1-D array `code`.
fn numbers(it: &mut Interp, code: &str) -> Vec<f64> {
    let s = run(it, &format!("(values-text {code})"));
    s.trim_matches('"')
        .split_whitespace()
        .map(|t| t.parse().expect("a number"))
        .collect()
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * (1.0 + a.abs().max(b.abs()))
}

/// `-log Σ exp(-p)`.
fn log_add_all(ps: &[f64]) -> f64 {
    let m = ps.iter().cloned().fold(f64::INFINITY, f64::min);
    m - ps.iter().map(|p| (m - p).exp()).sum::<f64>().ln()
}

#[test]
fn a_graph_is_built_and_read_from_lisp() {
    let out = with_interp(|it| {
        run(it, "(setq g (new-graph 2))");
        let n = run(it, "(==> g add-node)");
        let a0 = run(it, "(==> g add-arc 0 1 4 0.5)");
        let a1 = run(it, "(==> g add-arc 0 1 'null 0.25 7 3)");
        let a2 = run(it, "(==> g add-arc 1 2 'wild)");
        let a3 = run(it, "(==> g add-arc 1 2 'junk 2 () 1)");
        run(it, "(==> g set-end 2) (==> g set-start 0)");
        let shape = run(
            it,
            "(list (==> g nnodes) (==> g narcs) (==> g start) (==> g end) g)",
        );
        let arc1 = run(it, "(==> g arc 1)");
        let arcs = run(it, "(==> g arcs)");
        let labels = run(it, "(==> g labels)");
        run(it, "(==> g set-penalties [1 2 3 4])");
        let pens = numbers(it, "(==> g penalties)");
        run(
            it,
            "(setq h (==> g copy)) (==> h set-penalties [9 9 9 9]) (==> h add-node)",
        );
        let after_copy = (numbers(it, "(==> g penalties)"), run(it, "(list g h)"));
        let grads = numbers(it, "(==> g gradients)");
        let acc = run(
            it,
            "(setq k (graph-acceptor '(3 null 5))) (list k (==> k arcs))",
        );
        (
            vec![n, a0, a1, a2, a3],
            shape,
            arc1,
            arcs,
            labels,
            pens,
            after_copy,
            grads,
            acc,
        )
    });
    assert_eq!(
        out.0,
        vec!["2", "0", "1", "2", "3"],
        "add-node and add-arc return numbers"
    );
    assert_eq!(out.1, "(3 4 0 2 ::graph<3 nodes, 4 arcs>)");
    assert_eq!(out.2, "(0 1 null 0.25 7 3)");
    assert_eq!(
        out.3,
        "((0 1 4 0.5 () ()) (0 1 null 0.25 7 3) (1 2 wild 0 () ()) (1 2 junk 2 () 1))"
    );
    assert_eq!(out.4, "(4 null wild junk)");
    assert_eq!(out.5, vec![1.0, 2.0, 3.0, 4.0]);
    assert_eq!(out.6 .0, vec![1.0, 2.0, 3.0, 4.0], "a copy is independent");
    assert_eq!(
        out.6 .1,
        "(::graph<3 nodes, 4 arcs> ::graph<4 nodes, 4 arcs>)"
    );
    assert_eq!(out.7, vec![0.0; 4]);
    assert_eq!(
        out.8,
        "(::graph<4 nodes, 3 arcs> ((0 1 3 0 () ()) (1 2 null 0 () ()) (2 3 5 0 () ())))"
    );
}

#[test]
fn penalties_come_from_a_state_view_and_gradients_go_back_into_one() {
    let (pens, arcs, dx, strided) = with_interp(|it| {
        // a segmentation graph of 3 segments on 3 nodes, expanded to 2 classes
        run(
            it,
            "(setq s (new-graph 3)) (==> s add-arc 0 1 0 0 0) (==> s add-arc 1 2 0 0 1)
             (==> s add-arc 0 2 0 0 2) (setq g (graph-expand s 2))
             (setq st (new-state 3 2)) (==> st set-x [[1 2] [3 4] [5 6]])
             (==> g load-penalties (==> st x) 0.5)",
        );
        let pens = numbers(it, "(==> g penalties)");
        let arcs = run(it, "(list (==> g arc 0) (==> g arc 5))");
        run(
            it,
            "(==> g set-penalties [0 1 2 3 4 5]) (setq v (new-gt-viterbi)) (==> v fprop g)
             (==> v bprop g) (==> st clear-dx) ((==> st dx) 1 1 10)
             (==> g scatter-gradients (==> st dx) -2)",
        );
        let dx = numbers(it, "(idx-reshape (==> st dx) '(6))");
        // a transposed (strided) view: slot k is the k-th element row-major
        run(
            it,
            "(setq m (matrix 2 3)) (setq tm (idx-transpose m)) (==> g scatter-gradients tm)
             (==> g load-penalties (idx-transpose (==> st x)))",
        );
        let strided = (
            numbers(it, "(idx-reshape m '(6))"),
            numbers(it, "(==> g penalties)"),
        );
        (pens, arcs, dx, strided)
    });
    assert_eq!(
        pens,
        vec![0.5, 1.0, 1.5, 2.0, 2.5, 3.0],
        "x = scale * flat[slot]"
    );
    assert_eq!(
        arcs, "((0 1 0 0.5 0 0) (0 2 1 3 2 5))",
        "slot = data * nclasses + class"
    );
    // best path: the single segment 2 class 0 (penalty 4) against 0 + 2
    // (segments 0 and 1, class 0): segments 0 and 1 win
    assert_eq!(dx, vec![-2.0, 0.0, -2.0, 10.0, 0.0, 0.0]);
    // slots 0 and 2 of the transposed view are m's elements (0 0), (0 1)
    assert_eq!(strided.0, vec![1.0, 1.0, 0.0, 0.0, 0.0, 0.0]);
    assert_eq!(strided.1, vec![1.0, 3.0, 5.0, 2.0, 4.0, 6.0]);
}

/// A small seeded generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n
    }
}

/// Every path from `from` to `to` as arc lists.
fn paths(arcs: &[(usize, usize, f64)], from: usize, to: usize) -> Vec<Vec<usize>> {
    if from == to {
        return vec![vec![]];
    }
    let mut out = Vec::new();
    for (k, &(s, d, _)) in arcs.iter().enumerate() {
        if s == from {
            for mut p in paths(arcs, d, to) {
                p.insert(0, k);
                out.push(p);
            }
        }
    }
    out
}

#[test]
fn viterbi_and_forward_agree_with_brute_force() {
    let mut checked = 0;
    for seed in 1..40u64 {
        let mut r = Rng((seed * 0x9E37_79B9_7F4A_7C15) | 1);
        let n = 5;
        let arcs: Vec<(usize, usize, f64)> = (0..9)
            .map(|_| {
                let s = r.below(n - 1) as usize;
                let d = s + 1 + r.below(n - 1 - s as u64) as usize;
                (s, d, (r.below(400) as f64 - 200.0) / 100.0)
            })
            .collect();
        let mut code = format!("(setq g (new-graph {n}))");
        for (s, d, p) in &arcs {
            code += &format!(" (==> g add-arc {s} {d} {s} {p:?})");
        }
        let all = paths(&arcs, 0, n as usize - 1);
        let got = with_interp(move |it| {
            run(it, &code);
            let v = eval(it, "(setq v (new-gt-viterbi)) (full (==> v fprop g))");
            if let Err(e) = v {
                return Err(e);
            }
            let vp = num(it, "(==> v fprop g)");
            run(it, "(==> v bprop g) (setq f (new-gt-forward))");
            let path = run(it, "(==> v path)");
            let vdx = numbers(it, "(==> g gradients)");
            let fp = num(it, "(==> f fprop g)");
            run(it, "(==> g clear-dx) (==> f bprop g 2)");
            Ok((vp, path, vdx, fp, numbers(it, "(==> g gradients)")))
        });
        let Ok((vp, path, vdx, fp, fdx)) = got else {
            assert!(all.is_empty(), "seed {seed}: {got:?}");
            assert!(format!("{got:?}").contains("no path"), "{got:?}");
            continue;
        };
        checked += 1;
        let pen = |p: &Vec<usize>| p.iter().map(|&k| arcs[k].2).sum::<f64>();
        let best = all.iter().map(pen).fold(f64::INFINITY, f64::min);
        assert!(
            close(vp, best, 1e-12),
            "seed {seed}: viterbi {vp} vs {best}"
        );
        let bp: Vec<usize> = path
            .trim_matches(|c| c == '(' || c == ')')
            .split_whitespace()
            .map(|t| t.parse().unwrap())
            .collect();
        assert!(
            close(pen(&bp), best, 1e-12),
            "the path has the best penalty"
        );
        for (k, d) in vdx.iter().enumerate() {
            assert_eq!(*d, if bp.contains(&k) { 1.0 } else { 0.0 });
        }
        let ps: Vec<f64> = all.iter().map(pen).collect();
        let want = log_add_all(&ps);
        assert!(
            close(fp, want, 1e-12),
            "seed {seed}: forward {fp} vs {want}"
        );
        for (k, d) in fdx.iter().enumerate() {
            let post: f64 = all
                .iter()
                .filter(|p| p.contains(&k))
                .map(|p| (want - pen(p)).exp())
                .sum();
            assert!(
                close(*d, 2.0 * post, 1e-6),
                "seed {seed} arc {k}: {d} vs {post}"
            );
        }
    }
    assert!(checked >= 10, "only {checked} graphs had a path");
}

/// An interpretation graph `a` (paths 1 3 2, 1 1 2, 2 3 2 ..., and the
/// two-piece segment 7) and a grammar `b` accepting 1 3 2 (or 1 then 2
/// through a null arc) and 7 followed by anything.
const HAND: &str = "
(setq a (new-graph 4))
(==> a add-arc 0 1 1 0.5 10) (==> a add-arc 0 1 2 0.2 11) (==> a add-arc 1 2 3 0.1 12)
(==> a add-arc 1 2 1 0.4 13) (==> a add-arc 0 2 7 0.05 14) (==> a add-arc 2 3 2 0.3 15)
(==> a add-arc 2 3 9 0 16)
(setq b (new-graph 5))
(==> b add-arc 0 1 1) (==> b add-arc 1 2 3) (==> b add-arc 2 4 2) (==> b add-arc 0 3 7 1)
(==> b add-arc 3 4 'wild) (==> b add-arc 1 2 'null 0.7)";

#[test]
fn composition_of_a_hand_made_graph_has_the_known_best_path() {
    let out = with_interp(|it| {
        run(it, HAND);
        run(
            it,
            "(setq cv (new-gt-compose-viterbi)) (setq best (==> cv fprop a b))",
        );
        let cv = (
            num(it, "best"),
            run(it, "(list (==> cv labels) (==> cv arcs-a) (==> cv arcs-b))"),
        );
        run(
            it,
            "(setq c (new-gt-compose)) (setq k (==> c fprop a b)) (setq v (new-gt-viterbi))",
        );
        let kv = num(it, "(==> v fprop k)");
        // the composed arcs' data are arcs of a; their data the segments
        let decoded = run(
            it,
            "(mapcar (lambda (e) (let ((ea (nth 4 (==> k arc e)))) (list ea (nth 4 (==> a arc ea)))))
               (==> v path))",
        );
        let labels = run(it, "(==> v labels)");
        run(
            it,
            "(setq f (new-gt-forward)) (setq cf (new-gt-compose-forward))",
        );
        let fwd = (num(it, "(==> f fprop k)"), num(it, "(==> cf fprop a b)"));
        // gradients: materialised compose + forward against compose-forward
        run(it, "(==> f bprop k) (==> c bprop a b)");
        let via_k = (
            numbers(it, "(==> a gradients)"),
            numbers(it, "(==> b gradients)"),
        );
        run(it, "(==> a clear-dx) (==> b clear-dx) (==> cf bprop a b)");
        let direct = (
            numbers(it, "(==> a gradients)"),
            numbers(it, "(==> b gradients)"),
        );
        run(it, "(==> a clear-dx) (==> b clear-dx) (==> cv bprop a b 3)");
        let cvdx = (
            numbers(it, "(==> a gradients)"),
            numbers(it, "(==> b gradients)"),
        );
        // refresh follows a change of a's penalties
        run(
            it,
            "(==> a set-penalties [0 0 0 0 0 0 0]) (==> c refresh a b)",
        );
        let refreshed = (num(it, "(==> f fprop k)"), num(it, "(==> cf fprop a b)"));
        (cv, kv, decoded, labels, fwd, via_k, direct, cvdx, refreshed)
    });
    let (cv, kv, decoded, labels, fwd, via_k, direct, cvdx, refreshed) = out;
    assert!(close(cv.0, 0.9, 1e-12), "{}", cv.0);
    assert_eq!(cv.1, "((1 3 2) (0 2 5) (0 1 2))");
    assert!(close(kv, 0.9, 1e-12));
    assert_eq!(decoded, "((0 10) (2 12) (5 15))");
    assert_eq!(labels, "(1 3 2)");
    // the matching paths: 1 3 2 (0.9), 7 then 2 (1.35), 7 then 9 (1.05)
    let want = log_add_all(&[0.9, 1.35, 1.05]);
    assert!(
        close(fwd.0, want, 1e-12) && close(fwd.1, want, 1e-12),
        "{fwd:?} {want}"
    );
    for (x, y) in via_k
        .0
        .iter()
        .zip(&direct.0)
        .chain(via_k.1.iter().zip(&direct.1))
    {
        assert!(close(*x, *y, 1e-6), "{via_k:?} vs {direct:?}");
    }
    let p = |pen: f64| (want - pen).exp();
    assert!(close(direct.0[0], p(0.9), 1e-6));
    assert!(close(direct.0[4], p(1.35) + p(1.05), 1e-6));
    assert!(close(direct.1[3], p(1.35) + p(1.05), 1e-6), "b's arc 7");
    assert_eq!(direct.1[5], 0.0, "the null arc of b is on no matching path");
    assert_eq!(cvdx.0, vec![3.0, 0.0, 3.0, 0.0, 0.0, 3.0, 0.0]);
    assert_eq!(cvdx.1, vec![3.0, 3.0, 3.0, 0.0, 0.0, 0.0]);
    let want = log_add_all(&[0.0, 1.0, 1.0]);
    assert!(close(refreshed.0, want, 1e-12) && close(refreshed.1, want, 1e-12));
}

#[test]
fn bad_arguments_give_lisp_errors_naming_the_culprit() {
    let errs = with_interp(|it| {
        run(
            it,
            "(setq g (new-graph 3)) (==> g add-arc 0 1 2 0.5) (==> g add-arc 1 2 3 0.5)",
        );
        let cases = [
            "(==> g add-arc 0 5 1)",
            "(==> g add-arc 0 1 -1)",
            "(==> g add-arc 0 1 1.5)",
            "(==> g add-arc 0 1 'foo)",
            "(==> g add-arc 0 1 1 (/ 0. 0.))",
            "(==> g add-arc 0 1 1 0 -3)",
            "(==> g arc 2)",
            "(==> g set-end 3)",
            "(new-graph 0)",
            "(==> (new-gt-viterbi) fprop 3)",
            "(graph-acceptor '(1 x))",
            "(==> g set-penalties [1 2 3])",
            "(let ((m (matrix 2))) (m 1 (/ 0. 0.)) (==> g set-penalties m))",
            "(let ((s (new-graph 2))) (==> s add-arc 0 1 0 0 0 7) (==> s load-penalties [1 2]))",
            "(let ((m (matrix 2))) (m 1 (/ 0. 0.)) (==> (graph-expand (let ((s (new-graph 2))) (==> s add-arc 0 1 0 0 0) s) 2) load-penalties m))",
            "(graph-expand g 2)",
            "(let ((s (new-graph 2))) (==> s add-arc 0 1 0 0 0) (graph-expand s 0))",
            "(let ((c (new-graph 2))) (==> c add-arc 0 1 1) (==> c add-arc 1 0 1) (==> (new-gt-forward) fprop c))",
            "(let ((c (new-graph 3))) (==> c add-arc 0 1 1) (==> (new-gt-viterbi) fprop c))",
            "(==> (new-gt-criterion) fprop g (graph-acceptor '(2 4)))",
            "(==> (new-gt-forward) bprop g)",
            "(let ((v (new-gt-viterbi))) (==> v fprop g) (==> v bprop (==> g copy)))",
            "(let ((v (new-gt-forward))) (==> v fprop g) (==> g add-node) (==> v bprop g))",
            "(let ((v (new-gt-forward))) (==> v fprop g) (==> g set-penalties [1 1]) (==> v bprop g))",
            "(let ((v (new-gt-compose-forward)) (k (graph-acceptor '(1 2)))) (==> v fprop k k) (==> v bprop k k))",
            "(==> (new-gt-viterbi) bprop g (/ 0. 0.))",
            "(let ((s (new-graph 2))) (==> s add-arc 0 1 0 0 0 3) (==> s scatter-gradients [1]))",
            "(==> (new-gt-forward) path)",
        ];
        cases.map(|c| (c, err(it, c)))
    });
    let want = [
        ("index", "no node 5", "5"),
        ("type", "a label", "-1"),
        ("type", "a label", "1.5"),
        ("type", "a label", "foo"),
        ("domain", "penalty", "Nan"),
        ("type", "non-negative", "-3"),
        ("index", "no arc 2", "2"),
        ("index", "no node 3", "3"),
        ("index", "no node 0", ""),
        ("type", "a graph", "3"),
        ("type", "a label", "x"),
        ("shape", "set-penalties", "[1 2 3]"),
        ("domain", "arc 1", "["),
        ("shape", "slot 7", "[1 2]"),
        ("domain", "slot 1", "["),
        ("shape", "arc 0 has no data", "::graph"),
        ("shape", "at least 1", "0"),
        ("domain", "cycle", "::graph"),
        ("domain", "no path", "::graph"),
        ("domain", "no path", "::graph"),
        ("domain", "no fprop yet", ""),
        ("domain", "not the graph given", "::graph"),
        ("domain", "changed (nodes or arcs)", "::graph"),
        ("domain", "changed (penalties)", "::graph"),
        ("domain", "in use", "::graph"),
        ("domain", "finite", "Nan"),
        ("shape", "slot 3", "[1]"),
        ("unbound-function", "path", ""),
    ];
    for ((code, got), (kind, text, culprit)) in errs.iter().zip(want) {
        assert!(
            got.starts_with(&format!("{kind}:")) && got.contains(text),
            "{code}: {got}"
        );
        let c = got.rsplit("| culprit ").next().unwrap();
        assert!(
            c.starts_with(culprit),
            "{code}: culprit {c} (want {culprit})"
        );
    }
}

/// A net new-full 6 -> 4 on a batch of 3 segments; a segmentation graph
/// of 3 arcs (segments 0, 1 in sequence, or segment 2 alone), expanded to
/// 4 classes; the answer "1 3". `crit` computes the criterion through
/// gt-criterion, `crit2` through gt-compose + gt-forward (materialised)
/// minus gt-forward; `grad` and `grad2` carry their gradients back into
/// the parameters' dx.
const NET: &str = "
(seed 7)
(setq p (new-param)) (setq m (new-full p 6 4))
(setq in (new-state 3 6)) (setq out (new-state 3 4))
(let ((x (==> in x))) (for (i 0 2) (for (j 0 5) (x i j (- (rand) 0.5)))))
(setq seg (new-graph 3))
(==> seg add-arc 0 1 0 0 0) (==> seg add-arc 1 2 0 0 1) (==> seg add-arc 0 2 0 0 2)
(setq interp (graph-expand seg 4))
(setq answer (graph-acceptor '(1 3)))
(setq gc (new-gt-criterion)) (setq gk (new-gt-compose)) (setq gf (new-gt-forward))
(setq gf2 (new-gt-forward))
(de crit ()
  (==> m fprop in out) (==> interp load-penalties (==> out x) 3)
  (==> gc fprop interp answer))
(de crit2 ()
  (==> m fprop in out) (==> interp load-penalties (==> out x) 3)
  (setq k (==> gk fprop interp answer))
  (- (==> gf fprop k) (==> gf2 fprop interp)))
(de backprop ()
  (==> interp scatter-gradients (==> out dx) 3) (==> m bprop in out) (==> p dx))
(de grad ()
  (crit) (==> p clear-dx) (==> out clear-dx) (==> interp clear-dx)
  (==> gc bprop interp answer) (backprop))
(de grad2 ()
  (crit2) (==> p clear-dx) (==> out clear-dx) (==> interp clear-dx) (==> k clear-dx)
  (==> gf bprop k) (==> gk bprop interp answer) (==> gf2 bprop interp -1) (backprop))
";

/// The criterion `which` ("crit" or "crit2") with parameter `i` moved by
/// `h` (set through the live view `(==> p x)`, then put back).
fn crit_at(it: &mut Interp, which: &str, i: usize, h: f64) -> f64 {
    let w0 = num(it, &format!("((==> p x) {i})"));
    run(it, &format!("((==> p x) {i} (+ ((==> p x) {i}) {h:?}))"));
    let c = num(it, &format!("({which})"));
    run(it, &format!("((==> p x) {i} {w0:?})"));
    c
}

#[test]
fn a_graph_criterion_backpropagates_into_the_net_parameters() {
    let (g1, g2, c1, c2, fd1, fd2, n) = with_interp(|it| {
        run(it, NET);
        let n = num(it, "(==> p size)") as usize;
        let (c1, c2) = (num(it, "(crit)"), num(it, "(crit2)"));
        let g1 = numbers(it, "(grad)");
        let g2 = numbers(it, "(grad2)");
        // finite differences on the parameters with the largest gradients
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| g1[b].abs().total_cmp(&g1[a].abs()));
        let h = 1e-2;
        let fd = |it: &mut Interp, which: &str| -> Vec<(usize, f64)> {
            order[..6]
                .iter()
                .map(|&i| {
                    let d = (crit_at(it, which, i, h) - crit_at(it, which, i, -h)) / (2.0 * h);
                    (i, d)
                })
                .collect()
        };
        let fd1 = fd(it, "crit");
        let fd2 = fd(it, "crit2");
        (g1, g2, c1, c2, fd1, fd2, n)
    });
    assert_eq!(n, 28, "6 x 4 weights and 4 biases");
    assert!(c1 > 0.0 && close(c1, c2, 1e-9), "criterion {c1} vs {c2}");
    for (i, (a, b)) in g1.iter().zip(&g2).enumerate() {
        assert!(close(*a, *b, 1e-5), "param {i}: {a} vs {b}");
    }
    for (fd, g) in [(&fd1, &g1), (&fd2, &g2)] {
        for &(i, d) in fd.iter() {
            let rel = (d - g[i]).abs() / d.abs().max(g[i].abs());
            assert!(
                g[i].abs() > 1e-2,
                "param {i}: a gradient to check ({})",
                g[i]
            );
            assert!(
                rel < 1e-3,
                "param {i}: finite differences {d} vs bprop {}",
                g[i]
            );
        }
    }
}

#[test]
fn transformers_are_kinds_with_help_and_the_documented_example_runs() {
    let (kinds, out) = with_interp(|it| {
        let kinds = run(
            it,
            "(mapcar (lambda (f) (let ((t1 (f))) (list (classof t1) (length (methods t1)))))
               (list new-gt-viterbi new-gt-forward new-gt-compose new-gt-compose-forward
                     new-gt-compose-viterbi new-gt-criterion))",
        );
        let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/graphs.md"))
            .expect("docs/graphs.md");
        let example = doc.split("## Worked example").nth(1).expect("the example");
        let code = example
            .split("```lisp")
            .nth(1)
            .and_then(|s| s.split("```").next());
        run(it, code.expect("a lisp block"));
        (
            kinds,
            run(
                it,
                "(list before after (==> best labels) (==> best arcs-a))",
            ),
        )
    });
    assert_eq!(
        kinds,
        "((gt-viterbi 4) (gt-forward 2) (gt-compose 5) (gt-compose-forward 2) \
         (gt-compose-viterbi 5) (gt-criterion 3))"
    );
    let v: Vec<&str> = out
        .trim_matches(|c| c == '(' || c == ')')
        .split(' ')
        .collect();
    let (before, after): (f64, f64) = (v[0].parse().unwrap(), v[1].parse().unwrap());
    assert!(after < 0.2 * before, "training lowers the criterion: {out}");
    assert!(out.ends_with("(1 3) (1 7))"), "the decoded answer: {out}");
}

#[test]
fn a_composition_transformer_refuses_what_it_did_not_compute() {
    with_interp(|it| {
        let setup = "(setq a (graph-acceptor '(1 2))) (setq b (graph-acceptor '(1 2)))
                     (setq tc (new-gt-compose))";
        eval(it, setup).expect("setup");
        for code in [
            "(==> tc refresh a b)",
            "(==> tc from-a)",
            "(==> tc bprop a b)",
        ] {
            let e = eval(it, code).expect_err(code);
            assert!(
                e.starts_with("domain:") && e.contains("no fprop yet"),
                "{code}: {e}"
            );
        }
        eval(
            it,
            "(setq c (==> tc fprop a b)) (==> tc bprop a b) (==> tc refresh a b)",
        )
        .expect("fprop, bprop, refresh");
        eval(it, "(==> c add-arc 0 1 1)").expect("an arc added to the composed graph");
        for code in ["(==> tc bprop a b)", "(==> tc refresh a b)"] {
            let e = eval(it, code).expect_err(code);
            assert!(e.contains("composed graph changed"), "{code}: {e}");
        }
    });
}
