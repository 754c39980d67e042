//! SN2.8's knnenv primitives (`src/codebook.c`, `src/adaptknn.c`):
//! codebook objects, `.cb` files, k-NN, k-means and LVQ. The arithmetic is
//! in `sn_units::knn`; this file converts between Lisp values and
//! codebooks.
//!
//! A codebook is a word matrix (an ordinary array, shared: `codebook-word`
//! returns it, `codebook-split` views rows of it) and a label per word.
//! Calling a codebook like a function indexes its word matrix. Its class
//! is `|CODEBOOK|`, so `(classof cb)` and `defmethod` work as in SN2.8.

use std::any::Any;
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use sn_array::Array;
use sn_units::knn::{self as core, Codebook};

use crate::lisp::args::{self, type_error};
use crate::lisp::error::{ErrorKind, LispError, Unwind};
use crate::lisp::value::Class;
use crate::lisp::{Interp, Native, Res, Value};

/// A codebook held by Lisp.
pub struct CodebookObj {
    words: Rc<Array>,
    labels: RefCell<Vec<i32>>,
    class: Rc<Class>,
}

impl Native for CodebookObj {
    fn type_name(&self) -> &'static str {
        "codebook"
    }
    fn repr(&self) -> String {
        format!("::CODEBOOK:{}x{}", self.ncode(), self.ndim())
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn call(&self, it: &mut Interp, a: &[Value]) -> Option<Res> {
        Some(super::arrays::call_array(it, &self.words, a))
    }
    fn class(&self) -> Option<Value> {
        Some(Value::Class(self.class.clone()))
    }
}

impl CodebookObj {
    fn ncode(&self) -> usize {
        self.words.dims()[0]
    }
    fn ndim(&self) -> usize {
        self.words.dims()[1]
    }
    /// A copy of the words and labels for the numerical routines.
    fn book(&self) -> Codebook {
        Codebook {
            ndim: self.ndim(),
            words: self.words.to_vec(),
            labels: self.labels.borrow().clone(),
        }
    }
    /// Writes adapted words back into the (shared) word matrix.
    fn store(&self, cb: &Codebook) -> Res<()> {
        for i in 0..cb.ncode() {
            for (j, &v) in cb.word(i).iter().enumerate() {
                self.words.set(&[i, j], v)?;
            }
        }
        Ok(())
    }
}

/// The `|CODEBOOK|` class, made once per interpreter.
#[derive(Default)]
struct KnnState {
    class: Option<Rc<Class>>,
}

fn class(it: &mut Interp) -> Rc<Class> {
    let st = it.ext::<KnnState>();
    if let Some(c) = st.borrow().class.clone() {
        return c;
    }
    let c = Rc::new(Class {
        name: it.intern("CODEBOOK"),
        parent: None,
        slots: Vec::new(),
        methods: RefCell::new(Vec::new()),
    });
    st.borrow_mut().class = Some(c.clone());
    c
}

fn err(kind: ErrorKind, msg: String, culprit: &Value) -> Unwind {
    LispError::new(kind, msg).culprit(culprit.clone()).into()
}

/// A codebook value around `words` (a 2-D array) and `labels`.
fn wrap(it: &mut Interp, words: Rc<Array>, labels: Vec<i32>) -> Value {
    let class = class(it);
    Value::Native(Rc::new(Box::new(CodebookObj {
        words,
        labels: RefCell::new(labels),
        class,
    })))
}

/// A new codebook value holding a copy of `cb`.
fn new_value(it: &mut Interp, cb: Codebook) -> Res {
    let dims = [cb.ncode(), cb.ndim];
    let words = Array::from_vec(&dims, cb.words)?;
    Ok(wrap(it, Rc::new(words), cb.labels))
}

fn codebook<'a>(a: &'a [Value], i: usize, fname: &str) -> Res<&'a CodebookObj> {
    match a.get(i) {
        Some(Value::Native(n)) => n
            .as_any()
            .downcast_ref::<CodebookObj>()
            .ok_or_else(|| type_error(fname, "a codebook", &a[i])),
        Some(v) => Err(type_error(fname, "a codebook", v)),
        None => Err(type_error(fname, "a codebook", &Value::Nil)),
    }
}

/// An integer argument truncated as SN2.8's C code does.
fn int(a: &[Value], i: usize, fname: &str) -> Res<i64> {
    let n = args::num(a, i, fname)?;
    if !n.is_finite() || n.abs() > 2.0e9 {
        return Err(type_error(fname, "an integer", &a[i]));
    }
    Ok(n.trunc() as i64)
}

/// A vector argument: an array or a list of numbers, flattened.
fn vector(a: &[Value], i: usize, fname: &str) -> Res<Vec<f32>> {
    match a.get(i) {
        Some(Value::Array(x)) => Ok(x.to_vec()),
        Some(v @ (Value::Cons(_) | Value::Nil)) => v
            .iter()
            .map(|x| {
                x.as_num()
                    .map(|n| n as f32)
                    .ok_or_else(|| type_error(fname, "a number", &x))
            })
            .collect(),
        Some(v) => Err(type_error(fname, "a vector", v)),
        None => Err(type_error(fname, "a vector", &Value::Nil)),
    }
}

fn check_width(x: &[f32], cb: &CodebookObj, culprit: &Value, fname: &str) -> Res<()> {
    if x.len() != cb.ndim() {
        return Err(err(
            ErrorKind::Shape,
            format!(
                "{fname}: vector and codebook have different sizes ({} and {})",
                x.len(),
                cb.ndim()
            ),
            culprit,
        ));
    }
    Ok(())
}

fn new_codebook(it: &mut Interp, a: &[Value]) -> Res {
    if a.len() == 2 && matches!(a[0], Value::Number(_)) {
        let (n, d) = (int(a, 0, "new-codebook")?, int(a, 1, "new-codebook")?);
        core::check_sizes("new-codebook", n, d)?;
        let cb = Codebook::zeros("new-codebook", n as usize, d as usize)?;
        return new_value(it, cb);
    }
    let m = match &a[0] {
        Value::Array(m) if m.ndim() == 2 => m.clone(),
        v => return Err(type_error("new-codebook", "a 2-D matrix or two sizes", v)),
    };
    core::check_sizes("new-codebook", m.dims()[0] as i64, m.dims()[1] as i64)?;
    let mut labels = vec![0i32; m.dims()[0]];
    if let Some(l) = a.get(1) {
        let v = vector(a, 1, "new-codebook")?;
        if v.len() != labels.len() {
            let msg = format!(
                "new-codebook: {} labels for {} words",
                v.len(),
                labels.len()
            );
            return Err(err(ErrorKind::Shape, msg, l));
        }
        for (d, s) in labels.iter_mut().zip(v) {
            *d = s as i32;
        }
    }
    Ok(wrap(it, m, labels))
}

fn row_index(cb: &CodebookObj, a: &[Value], fname: &str) -> Res<usize> {
    let i = int(a, 1, fname)?;
    if i < 0 || i as usize >= cb.ncode() {
        return Err(err(
            ErrorKind::Index,
            format!("{fname}: subscript out of range"),
            &a[1],
        ));
    }
    Ok(i as usize)
}

fn codebook_word(_: &mut Interp, a: &[Value]) -> Res {
    let cb = codebook(a, 0, "codebook-word")?;
    if a.len() == 1 {
        return Ok(Value::Array(cb.words.clone()));
    }
    let i = row_index(cb, a, "codebook-word")?;
    let row = cb.words.select(0, i)?;
    if a.len() == 3 {
        let v = vector(a, 2, "codebook-word")?;
        check_width(&v, cb, &a[2], "codebook-word")?;
        for (j, x) in v.into_iter().enumerate() {
            row.set(&[j], x)?;
        }
    }
    Ok(Value::Array(Rc::new(row)))
}

fn codebook_label(_: &mut Interp, a: &[Value]) -> Res {
    let cb = codebook(a, 0, "codebook-label")?;
    if a.len() == 1 {
        let l: Vec<f32> = cb.labels.borrow().iter().map(|&l| l as f32).collect();
        let arr = Array::from_vec(&[l.len()], l)?;
        return Ok(Value::Array(Rc::new(arr)));
    }
    let i = row_index(cb, a, "codebook-label")?;
    if a.len() == 3 {
        let l = int(a, 2, "codebook-label")?;
        if !(0..=1_000_000).contains(&l) {
            return Err(err(
                ErrorKind::Domain,
                "codebook-label: class label is strange".into(),
                &a[2],
            ));
        }
        cb.labels.borrow_mut()[i] = l as i32;
    }
    Ok(Value::Num(f64::from(cb.labels.borrow()[i])))
}

fn codebook_labels(_: &mut Interp, a: &[Value]) -> Res {
    let l = codebook(a, 0, "codebook-labels")?
        .book()
        .distinct_labels()?;
    Ok(Value::list(
        l.into_iter().map(|x| Value::Num(f64::from(x))).collect(),
    ))
}

fn codebook_split(it: &mut Interp, a: &[Value]) -> Res {
    let cb = codebook(a, 0, "codebook-split")?;
    let (i, j) = (int(a, 1, "codebook-split")?, int(a, 2, "codebook-split")?);
    if i > j || i < 0 || j as usize >= cb.ncode() {
        return Err(err(
            ErrorKind::Index,
            "codebook-split: illegal subscript".into(),
            &a[0],
        ));
    }
    let (i, j) = (i as usize, j as usize);
    let words = cb.words.narrow(0, j - i + 1, i)?;
    let labels = cb.labels.borrow()[i..=j].to_vec();
    Ok(wrap(it, Rc::new(words), labels))
}

/// Concatenates the words of `books` whose label passes `keep`.
fn gather(
    it: &mut Interp,
    books: &[Value],
    fname: &'static str,
    keep: &mut dyn FnMut(&mut Interp, i32) -> Res<bool>,
) -> Res {
    let mut ndim = 0;
    let mut picked: Vec<(Codebook, Vec<usize>)> = Vec::new();
    for (k, v) in books.iter().enumerate() {
        let cb = codebook(books, k, fname)?;
        if ndim != 0 && cb.ndim() != ndim {
            let msg = format!("{fname}: codebook items have different sizes");
            return Err(err(ErrorKind::Shape, msg, v));
        }
        ndim = cb.ndim();
        let b = cb.book();
        let mut rows = Vec::new();
        for (i, &l) in b.labels.iter().enumerate() {
            if keep(it, l)? {
                rows.push(i);
            }
        }
        picked.push((b, rows));
    }
    let n = picked.iter().map(|(_, r)| r.len()).sum();
    let mut out = Codebook::zeros(fname, n, ndim.max(1))?;
    let mut now = 0;
    for (b, rows) in &picked {
        for &i in rows {
            out.word_mut(now).copy_from_slice(b.word(i));
            out.labels[now] = b.labels[i];
            now += 1;
        }
    }
    new_value(it, out)
}

fn codebook_merge(it: &mut Interp, a: &[Value]) -> Res {
    gather(it, a, "codebook-merge", &mut |_, _| Ok(true))
}

fn codebook_select(it: &mut Interp, a: &[Value]) -> Res {
    let f = a[0].clone();
    gather(it, &a[1..], "codebook-select", &mut |it, l| {
        Ok(it.apply(&f, &[Value::Num(f64::from(l))])?.truthy())
    })
}

fn knn(_: &mut Interp, a: &[Value]) -> Res {
    let x = vector(a, 0, "knn")?;
    let cb = codebook(a, 1, "knn")?;
    check_width(&x, cb, &a[0], "knn")?;
    let k = int(a, 2, "knn")?;
    if k < 0 {
        return Err(err(
            ErrorKind::Domain,
            "knn: k must be positive".into(),
            &a[2],
        ));
    }
    let r = core::knn(&x, &cb.book(), k as usize)?;
    Ok(Value::list(
        r.into_iter().map(|i| Value::Num(i as f64)).collect(),
    ))
}

fn knn_class(_: &mut Interp, a: &[Value]) -> Res {
    let x = vector(a, 0, "knn-class")?;
    let cb = codebook(a, 1, "knn-class")?;
    check_width(&x, cb, &a[0], "knn-class")?;
    let k = int(a, 2, "knn-class")?;
    if k < 0 {
        return Err(err(
            ErrorKind::Domain,
            "knn-class: k must be positive".into(),
            &a[2],
        ));
    }
    let b = cb.book();
    let n = core::number_of_labels(&b)?;
    let c = core::knn_class(&x, &b, n, k as usize)?;
    Ok(Value::Num(f64::from(c)))
}

fn codebook_distances(_: &mut Interp, a: &[Value]) -> Res {
    let x = vector(a, 0, "codebook-distances")?;
    let cb = codebook(a, 1, "codebook-distances")?;
    check_width(&x, cb, &a[0], "codebook-distances")?;
    let b = cb.book();
    let d: Vec<f32> = (0..b.ncode()).map(|i| core::dist2(&x, b.word(i))).collect();
    match a.get(2) {
        Some(Value::Array(out)) if out.ndim() == 1 && out.dims()[0] == d.len() => {
            for (i, v) in d.into_iter().enumerate() {
                out.set(&[i], v)?;
            }
            Ok(a[2].clone())
        }
        Some(v) => Err(type_error(
            "codebook-distances",
            "a vector with one slot per word",
            v,
        )),
        None => Ok(Value::Array(Rc::new(Array::from_vec(&[d.len()], d)?))),
    }
}

fn two_books<'a>(a: &'a [Value], fname: &str) -> Res<(&'a CodebookObj, &'a CodebookObj)> {
    let (x, y) = (codebook(a, 0, fname)?, codebook(a, 1, fname)?);
    if x.ndim() != y.ndim() {
        return Err(err(
            ErrorKind::Shape,
            format!("{fname}: codebooks have different sizes"),
            &a[1],
        ));
    }
    Ok((x, y))
}

fn codebook_distorsion(_: &mut Interp, a: &[Value]) -> Res {
    let (x, y) = two_books(a, "codebook-distorsion")?;
    let d = core::distorsion(&x.book(), &y.book())?;
    Ok(Value::Num(f64::from(d)))
}

fn perf_knn(_: &mut Interp, a: &[Value]) -> Res {
    let (x, y) = two_books(a, "perf-knn")?;
    let k = if a.len() > 2 {
        int(a, 2, "perf-knn")?
    } else {
        1
    };
    if k < 1 {
        return Err(err(
            ErrorKind::Domain,
            "perf-knn: k must be larger than 1".into(),
            &a[2],
        ));
    }
    let p = core::perf_knn(&x.book(), &y.book(), k as usize)?;
    if a.get(3).is_some_and(Value::truthy) {
        let l = vec![
            Value::Num(f64::from(p.error)),
            Value::Num(f64::from(p.reject)),
        ];
        return Ok(Value::list(l));
    }
    Ok(Value::Num(f64::from(p.good)))
}

fn k_means(it: &mut Interp, a: &[Value]) -> Res {
    let cb = codebook(a, 0, "k-means")?;
    let k = int(a, 1, "k-means")?;
    if k < 1 {
        return Err(err(
            ErrorKind::Domain,
            "k-means: k must be larger than 1".into(),
            &a[1],
        ));
    }
    let r = core::k_means(&cb.book(), k as usize)?;
    new_value(it, r)
}

fn k_means_internal(_: &mut Interp, a: &[Value]) -> Res {
    let (d, r) = (
        codebook(a, 0, "k-means-internal")?,
        codebook(a, 1, "k-means-internal")?,
    );
    let maxpass = int(a, 2, "k-means-internal")?;
    let mut book = r.book();
    core::k_means_sub(&d.book(), &mut book, maxpass)?;
    r.store(&book)?;
    Ok(Value::Nil)
}

fn learn_lvq(_: &mut Interp, a: &[Value]) -> Res {
    let version = int(a, 0, "learn-lvq")?;
    let (d, r) = two_books(&a[1..], "learn-lvq")?;
    let niter = int(a, 3, "learn-lvq")?;
    let a0 = if a.len() > 4 {
        args::num(a, 4, "learn-lvq")? as f32
    } else {
        0.1
    };
    let win = if a.len() > 5 {
        args::num(a, 5, "learn-lvq")? as f32
    } else {
        0.01
    };
    if version == 1 && a.len() > 5 {
        let msg = "learn-lvq: a window size cannot be specified with LVQ1".to_string();
        return Err(err(ErrorKind::Arity, msg, &a[5]));
    }
    if !(1..=3).contains(&version) {
        let msg = "learn-lvq: this version of LVQ is not implemented".to_string();
        return Err(err(ErrorKind::Domain, msg, &a[0]));
    }
    let mut book = r.book();
    core::learn_lvq(version, &d.book(), &mut book, niter, a0, win)?;
    r.store(&book)?;
    Ok(Value::Nil)
}

/// The file a codebook is read from: the name, else the name plus `.cb`.
fn read_path(name: &str) -> PathBuf {
    let p = PathBuf::from(name);
    if p.is_file() {
        return p;
    }
    PathBuf::from(format!("{name}.cb"))
}

/// The file a codebook is written to: `.cb` added when the name has no
/// suffix.
fn write_path(name: &str) -> PathBuf {
    let p = PathBuf::from(name);
    if p.extension().is_some() {
        p
    } else {
        PathBuf::from(format!("{name}.cb"))
    }
}

fn io_err(fname: &str, path: &Path, e: &std::io::Error, culprit: &Value) -> Unwind {
    LispError::io(&format!("{fname}:"), &path.display().to_string(), e)
        .culprit(culprit.clone())
        .into()
}

fn save(a: &[Value], fname: &str, bytes: impl FnOnce(&Codebook) -> Vec<u8>) -> Res {
    let cb = codebook(a, 0, fname)?;
    let path = write_path(args::string(a, 1, fname)?);
    let data = bytes(&cb.book());
    sn_files::write_with(&path, |w| std::io::Write::write_all(w, &data))
        .map_err(|e| io_err(fname, &path, &e, &a[1]))?;
    Ok(Value::Nil)
}

fn save_ascii(_: &mut Interp, a: &[Value]) -> Res {
    save(a, "save-ascii-codebook", |cb| {
        core::to_ascii(cb).into_bytes()
    })
}

fn save_binary(_: &mut Interp, a: &[Value]) -> Res {
    save(a, "save-codebook", core::to_binary)
}

fn load(it: &mut Interp, a: &[Value], fname: &str, ascii: bool) -> Res {
    let path = read_path(args::string(a, 0, fname)?);
    let bytes = std::fs::read(&path).map_err(|e| io_err(fname, &path, &e, &a[0]))?;
    let file = path.display().to_string();
    let cb = if ascii {
        core::parse_ascii(&file, &String::from_utf8_lossy(&bytes))
    } else {
        core::parse_binary(&file, &bytes)
    };
    new_value(it, cb?)
}

fn load_ascii(it: &mut Interp, a: &[Value]) -> Res {
    load(it, a, "load-ascii-codebook", true)
}

fn load_binary(it: &mut Interp, a: &[Value]) -> Res {
    load(it, a, "load-codebook", false)
}

/// Registers the knnenv primitives and the `|CODEBOOK|` class.
pub fn register(it: &mut Interp) {
    it.begin_family("knn");
    let c = class(it);
    it.set_global("CODEBOOK", Value::Class(c));
    it.defn("new-codebook", 1, Some(2), new_codebook, "(new-codebook ncode ndim), (new-codebook mat [labels]) a codebook of ncode words of ndim values (zeros), or on the rows of a 2-D matrix (shared), labels from a vector.");
    it.defn("codebook-word", 1, Some(3), codebook_word, "(codebook-word cb [n [word]]) the word matrix of cb, or word n (a view), first set from word.");
    it.defn("codebook-label", 1, Some(3), codebook_label, "(codebook-label cb [n [label]]) a vector of the labels, or the label of word n, first set to label (0 to 1000000).");
    it.defn(
        "codebook-labels",
        1,
        Some(1),
        codebook_labels,
        "(codebook-labels cb) the distinct labels of cb in increasing order.",
    );
    it.defn("codebook-split", 3, Some(3), codebook_split, "(codebook-split cb i j) the codebook of words i to j of cb (sharing their values, labels copied).");
    it.defn("codebook-merge", 1, None, codebook_merge, "(codebook-merge cb1 ... cbn) a new codebook with the words and labels of all of them, in order.");
    it.defn("codebook-select", 2, None, codebook_select, "(codebook-select pred cb1 ... cbn) a new codebook of the words whose label satisfies (pred label).");
    it.defn("knn", 3, Some(3), knn, "(knn x cb k) the indices of the k words of cb nearest to vector x (squared Euclidean distance).");
    it.defn(
        "knn-class",
        3,
        Some(3),
        knn_class,
        "(knn-class x cb k) the class voted by the k nearest words of x in cb, -1 on a tie.",
    );
    it.defn("codebook-distances", 2, Some(3), codebook_distances, "(codebook-distances x cb [out]) the squared distances between vector x and each word of cb, in out if given.");
    it.defn("codebook-distorsion", 2, Some(2), codebook_distorsion, "(codebook-distorsion cb cbref) the mean squared distance of the words of cb to their nearest word in cbref.");
    it.defn("perf-knn", 2, Some(4), perf_knn, "(perf-knn cbtest cbref [k [flag]]) the percentage of words of cbtest the k-NN rule in cbref classifies right; with flag, (error reject) percentages.");
    it.defn(
        "k-means",
        2,
        Some(2),
        k_means,
        "(k-means cb k) k references computed by on-line k-means, started on the first k words.",
    );
    it.defn("k-means-internal", 3, Some(3), k_means_internal, "(k-means-internal cbdata cbref maxpass) adapts cbref to cbdata by k-means for at most maxpass passes.");
    it.defn("learn-lvq", 4, Some(6), learn_lvq, "(learn-lvq version cbdata cbref niter [a0 [win]]) adapts cbref by LVQ1, LVQ2 or LVQ3 (a0 0.1, window 0.01).");
    it.defn(
        "save-ascii-codebook",
        2,
        Some(2),
        save_ascii,
        "(save-ascii-codebook cb file) writes cb as text (.cb added when file has no suffix).",
    );
    it.defn("save-codebook", 2, Some(2), save_binary, "(save-codebook cb file) writes cb in SN2.8's binary format (.cb added when file has no suffix).");
    it.defn(
        "load-ascii-codebook",
        1,
        Some(1),
        load_ascii,
        "(load-ascii-codebook file) reads a text codebook (file or file.cb).",
    );
    it.defn(
        "load-codebook",
        1,
        Some(1),
        load_binary,
        "(load-codebook file) reads a binary codebook (file or file.cb).",
    );
}
