//! Help for everything: `(help 'name)` for the builtins, for the library
//! functions of sn's `lisp/` folder whether or not their library is loaded
//! (an index of their `#?` lines, read at the first need), for the methods
//! of the native kinds (net, module, state ...) and for the kinds
//! themselves; `(apropos "part")` lists every name that contains a string.

use std::rc::Rc;

use super::methods;
use crate::lisp::args;
use crate::lisp::reader::Reader;
use crate::lisp::value::{BuiltinKind, FnKind};
use crate::lisp::{doc_target, printer, Interp, Res, Value};

/// One documented definition of a library of sn's `lisp/` folder.
#[derive(Clone)]
pub struct LibEntry {
    /// The name defined.
    pub name: String,
    /// The library (`netenv` for `lisp/netenv.lsp`): `(libload lib)` loads it.
    pub lib: String,
    /// Its `#?` lines.
    pub doc: String,
}

/// The index of the libraries' documented definitions, built once.
#[derive(Default)]
struct LibIndex(Option<Rc<Vec<LibEntry>>>);

/// The documented definitions of every `lisp/*.lsp` file of sn's home,
/// sorted by name then library.
pub fn library_index(it: &mut Interp) -> Rc<Vec<LibEntry>> {
    let cell = it.ext::<LibIndex>();
    if let Some(ix) = &cell.borrow().0 {
        return ix.clone();
    }
    let ix = Rc::new(build_index(it));
    cell.borrow_mut().0 = Some(ix.clone());
    ix
}

/// Reads (without evaluating) each library file and keeps the definitions
/// that `#?` lines document, as loading would attach them.
fn build_index(it: &mut Interp) -> Vec<LibEntry> {
    let dir = it.home.join("lisp");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "lsp"));
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let (Some(lib), Ok(text)) = (path.file_stem(), std::fs::read_to_string(&path)) else {
            continue;
        };
        let lib = lib.to_string_lossy().to_string();
        // file 0: the forms are only looked at, never reported on
        let mut r = Reader::new(&text, 0, false);
        while let Ok(Some(form)) = r.read(it) {
            let (Some(doc), Some(s)) = (form.doc, doc_target(&form.value)) else {
                continue;
            };
            out.push(LibEntry {
                name: s.name.to_string(),
                lib: lib.clone(),
                doc,
            });
        }
    }
    out.sort_by(|a, b| (&a.name, &a.lib).cmp(&(&b.name, &b.lib)));
    out
}

/// The index entries for `name`.
fn entries_of(ix: &[LibEntry], name: &str) -> Vec<LibEntry> {
    let start = ix.partition_point(|e| e.name.as_str() < name);
    ix[start..]
        .iter()
        .take_while(|e| e.name == name)
        .cloned()
        .collect()
}

/// The note that says where a library function comes from.
fn library_note(e: &LibEntry, loaded: bool) -> String {
    if loaded {
        format!("[library {}]\n", e.lib)
    } else {
        format!(
            "[library {0}, not loaded: (libload \"{0}\") loads it]\n",
            e.lib
        )
    }
}

fn help(it: &mut Interp, a: &[Value]) -> Res {
    let text = match a.first() {
        None | Some(Value::Nil) => topics(it),
        Some(v) => {
            let name = match v {
                Value::Sym(s) => s.name.clone(),
                Value::Str(s) => Rc::from(s.as_str()),
                // (help (classof x)), (help x): the class or the kind
                Value::Class(c) => c.name.name.clone(),
                Value::Native(n) => Rc::from(n.type_name()),
                other => return Err(args::type_error("help", "a symbol", other)),
            };
            match it.families.iter().find(|(f, _)| **f == *name) {
                Some((_, names)) => family(&name, names),
                None => describe(it, &name),
            }
        }
    };
    it.out(&text);
    Ok(Value::Nil)
}

/// `(help)`: what help does, and the topics.
fn topics(it: &Interp) -> String {
    let mut text =
        String::from("sn: a Lisp to drive neural networks. (help 'name) documents a function;\n");
    text.push_str("(apropos \"part\") lists the names that contain part;\n");
    text.push_str("(help 'topic) lists the functions of a topic. Topics:\n");
    for (fam, names) in &it.families {
        if !names.is_empty() {
            text.push_str(&format!("  {fam:<12} {} functions\n", names.len()));
        }
    }
    let kinds: Vec<&str> = methods::KINDS.iter().map(|(k, _)| *k).collect();
    text.push_str(&format!(
        "Objects answer ==> methods: (help 'kind) lists them, kinds: {}\n",
        kinds.join(" ")
    ));
    text
}

/// `(help 'topic)`: the names of a family of builtins.
fn family(name: &str, names: &[Rc<str>]) -> String {
    let mut names: Vec<&Rc<str>> = names.iter().collect();
    names.sort();
    let mut text = format!("{name}:\n");
    for n in names {
        text.push_str(&format!("  {n}\n"));
    }
    text
}

/// `(help 'name)`: the documentation of a bound name or a library
/// function, then the native kinds whose method it is, or the methods of
/// the kind it names.
fn describe(it: &mut Interp, name: &str) -> String {
    let s = it.intern(name);
    let ix = library_index(it);
    let libs = entries_of(&ix, name);
    let loaded = s.is_bound();
    let doc = s.doc.borrow().clone();
    let mut text = String::new();
    match (doc, s.get()) {
        (Some(d), _) => {
            text.push_str(&format!("{d}\n"));
            if let Some(e) = libs.iter().find(|e| *e.doc == *d) {
                text.push_str(&library_note(e, loaded));
            }
        }
        (None, Value::Builtin(b)) => {
            let kind = if matches!(b.kind, BuiltinKind::Special(_)) {
                "special form"
            } else {
                "builtin"
            };
            text.push_str(&format!("{} [{kind}]\n", b.doc));
        }
        (None, f) => {
            for e in &libs {
                text.push_str(&format!("{}\n", e.doc));
                text.push_str(&library_note(e, loaded));
            }
            if let (Value::Func(l), true) = (f, libs.is_empty()) {
                text.push_str(&format!(
                    "({name} {}) [no documentation]\n",
                    printer::repr(&l.arglist).trim_matches(['(', ')'])
                ));
            }
        }
    }
    if let Value::Class(c) = s.get() {
        text.push_str(&class_help(&c));
    }
    text.push_str(&method_help(name));
    if text.is_empty() {
        text = format!("no documentation for {name}\n");
    }
    text
}

/// The help of a method name (every kind that answers it) or of a kind
/// name (its methods).
fn method_help(name: &str) -> String {
    let mut text = String::new();
    let kinds = methods::answering(name);
    if !kinds.is_empty() {
        let names: Vec<&str> = kinds.iter().map(|(k, _)| *k).collect();
        text.push_str(&format!("{name}: a method of {}\n", names.join(", ")));
        for (_, h) in kinds {
            text.push_str(&format!("  {h}\n"));
        }
    }
    if let Some(table) = methods::of_kind(name) {
        text.push_str(&format!(
            "{name}: a kind of object ((classof x) answers {name}); its methods (==> x method ...):\n"
        ));
        for (_, h) in table {
            text.push_str(&format!("  {h}\n"));
        }
    }
    text
}

/// The help of a class: its ancestors, slots and methods.
fn class_help(c: &crate::lisp::value::Class) -> String {
    let mut chain = Vec::new();
    let mut methods = Vec::new();
    let mut k = Some(c);
    while let Some(cl) = k {
        chain.push(cl.name.name.to_string());
        methods.extend(cl.methods.borrow().iter().map(|(m, _)| m.to_string()));
        k = cl.parent.as_deref();
    }
    methods.sort();
    methods.dedup();
    let slots: Vec<&str> = c.slots.iter().map(|(s, _)| &*s.name).collect();
    format!(
        "{}: a class ({}); slots: ({}); methods (==> obj method ...): ({})\n",
        chain[0],
        chain.join(" < "),
        slots.join(" "),
        methods.join(" ")
    )
}

/// What a bound name is, for `apropos`.
fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Builtin(b) if matches!(b.kind, BuiltinKind::Special(_)) => "special form",
        Value::Builtin(_) => "builtin",
        Value::Func(l) => match l.kind {
            FnKind::Expr => "function",
            FnKind::Fexpr => "fexpr",
            FnKind::Macro | FnKind::MacroArgs => "macro",
        },
        Value::Class(_) => "class",
        _ => "variable",
    }
}

/// `(apropos "part")`: prints, sorted, every bound name that contains
/// part (builtins, functions, variables, classes), the library functions
/// not loaded yet, and the methods of the native kinds; returns ().
fn apropos(it: &mut Interp, a: &[Value]) -> Res {
    let part = args::name(a, 0, "apropos")?.to_lowercase();
    let mut found: Vec<(String, String)> = Vec::new();
    for n in it.bound_names() {
        if n.to_lowercase().contains(&part) {
            let v = it.intern(&n).get();
            found.push((n.to_string(), kind_of(&v).to_string()));
        }
    }
    let ix = library_index(it);
    for e in ix.iter().filter(|e| e.name.to_lowercase().contains(&part)) {
        if !found.iter().any(|(n, _)| *n == e.name) {
            found.push((
                e.name.clone(),
                format!("not loaded: (libload \"{}\")", e.lib),
            ));
        }
    }
    let mut meths: Vec<&str> = methods::KINDS
        .iter()
        .flat_map(|(_, t)| t.iter().map(|(m, _)| *m))
        .filter(|m| m.to_lowercase().contains(&part))
        .collect();
    meths.sort();
    meths.dedup();
    for m in meths {
        let kinds: Vec<&str> = methods::answering(m).iter().map(|(k, _)| *k).collect();
        found.push((m.to_string(), format!("method of {}", kinds.join(", "))));
    }
    let mut by_name: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for (n, k) in found {
        let kinds = by_name.entry(n).or_default();
        if !kinds.contains(&k) {
            kinds.push(k);
        }
    }
    let mut text = String::new();
    for (n, k) in &by_name {
        text.push_str(&format!("{n:<24} [{}]\n", k.join("; ")));
    }
    if by_name.is_empty() {
        text.push_str("no match found\n");
    }
    it.out(&text);
    Ok(Value::Nil)
}

/// Registers `help` and `apropos`.
pub fn register(it: &mut Interp) {
    it.defn(
        "help",
        0,
        Some(1),
        help,
        "(help 'name) documentation of a function (loaded or in a library of sn: then which one), of a method (==> obj name) or of a kind of object; (help) the topics.",
    );
    it.defn(
        "apropos",
        1,
        Some(1),
        apropos,
        "(apropos \"part\") prints, sorted, every name containing part: builtins, functions, variables, the library functions not loaded yet and the methods of objects.",
    );
}
