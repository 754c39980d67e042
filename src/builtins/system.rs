//! Printing, loading files, and the system interface (help: `help.rs`).

use std::path::Path;
use std::rc::Rc;

use crate::lisp::args;
use crate::lisp::error::{ErrorKind, LispError};
use crate::lisp::value::FnKind;
use crate::lisp::{printer, Interp, Res, Unwind, Value};

fn print(it: &mut Interp, a: &[Value]) -> Res {
    let s: Vec<String> = a.iter().map(printer::repr).collect();
    it.out(&s.join(" "));
    it.out("\n");
    Ok(a.last().cloned().unwrap_or_default())
}

fn prin(it: &mut Interp, a: &[Value]) -> Res {
    let s: Vec<String> = a.iter().map(printer::repr).collect();
    it.out(&s.join(" "));
    Ok(a.last().cloned().unwrap_or_default())
}

fn printf(it: &mut Interp, a: &[Value]) -> Res {
    let f = args::string(a, 0, "printf")?;
    let s = crate::lisp::printf::format(f, &a[1..])?;
    it.out(&s);
    Ok(Value::Nil)
}

/// Pretty-prints a value with indentation, at most `width` columns when possible.
fn pretty_into(v: &Value, indent: usize, out: &mut String, depth: usize) {
    let flat = printer::repr(v);
    if flat.len() + indent <= 78 || !matches!(v, Value::Cons(_)) || depth > 200 {
        out.push_str(&flat);
        return;
    }
    let (items, tail, circular) = list_parts(v);
    out.push('(');
    let child_indent = indent + 2;
    for (k, x) in items.iter().enumerate() {
        if k == 0 {
            out.push_str(&printer::repr(x));
            continue;
        }
        out.push('\n');
        out.push_str(&" ".repeat(child_indent));
        pretty_into(x, child_indent, out, depth + 1);
    }
    if circular || !tail.is_nil() {
        out.push('\n');
        out.push_str(&" ".repeat(child_indent));
        if circular {
            out.push_str("...");
        } else {
            out.push_str(". ");
            out.push_str(&printer::repr(&tail));
        }
    }
    out.push(')');
}

/// The elements of a list, its dotted tail, and whether it is circular
/// (the elements are then those of one turn, at least).
fn list_parts(v: &Value) -> (Vec<Value>, Value, bool) {
    let mut items = Vec::new();
    let mut cur = v.clone();
    let mut slow = v.clone();
    while let Value::Cons(c) = &cur {
        items.push(c.car());
        let next = c.cdr();
        if items.len() % 2 == 0 {
            slow = slow.cdr();
            if let (Value::Cons(a), Value::Cons(b)) = (&slow, &next) {
                if Rc::ptr_eq(a, b) {
                    return (items, Value::Nil, true);
                }
            }
        }
        cur = next;
    }
    (items, cur, false)
}

fn pretty(it: &mut Interp, a: &[Value]) -> Res {
    // an object whose class has a pretty method prints by it (as Lush's
    // pretty; SN2.8's knnenv gives |CODEBOOK| one)
    let has_method = match &a[0] {
        Value::Object(o) => o.class.find_method("pretty").is_some(),
        Value::Native(n) => {
            matches!(n.class(), Some(Value::Class(c)) if c.find_method("pretty").is_some())
        }
        _ => false,
    };
    if has_method {
        return it.send(&a[0], "pretty", &[]);
    }
    // a function, given by its name or as a value, prints as its definition
    let v = match &a[0] {
        Value::Sym(s) => match s.get() {
            Value::Func(l) => definition(it, &l, Some(a[0].clone())),
            other => other,
        },
        Value::Func(l) => definition(it, l, None),
        other => other.clone(),
    };
    let mut s = String::new();
    pretty_into(&v, 0, &mut s, 0);
    s.push('\n');
    it.out(&s);
    Ok(Value::Nil)
}

/// `(de name args . body)` (or `df`, `dm`, `dmd`) for a named function,
/// `(lambda args . body)` (or `flambda`, `mlambda`) for an anonymous one.
fn definition(it: &mut Interp, l: &crate::lisp::value::Lambda, name: Option<Value>) -> Value {
    let name = name.or_else(|| l.name.borrow().as_deref().map(|n| Value::Sym(it.intern(n))));
    let kw = match (l.kind, name.is_some()) {
        (FnKind::Expr, true) => "de",
        (FnKind::Fexpr, true) => "df",
        (FnKind::Macro, true) => "dm",
        (FnKind::MacroArgs, true) => "dmd",
        (FnKind::Expr, false) => "lambda",
        (FnKind::Fexpr, false) => "flambda",
        (FnKind::Macro | FnKind::MacroArgs, false) => "mlambda",
    };
    let mut items = vec![Value::Sym(it.intern(kw))];
    items.extend(name);
    items.push(l.arglist.clone());
    items.extend(l.body.iter());
    Value::list(items)
}

use super::search_path::{env_library, sn28_lib, SN28_ENV};
pub use super::search_path::{
    is_sn28_package, own_library, resolve, search_dirs, search_file, user_path,
};

/// The error for a file that [`resolve`] did not find: a folder is named
/// as such.
fn not_found(name: &str) -> crate::lisp::Unwind {
    let msg = if Path::new(name).is_dir() {
        format!("{name} is a folder, not a file")
    } else {
        format!("cannot find file {name}")
    };
    LispError::new(ErrorKind::Io, msg)
        .culprit(Value::string(name))
        .into()
}

/// The bytes of a file to load, read up to the memory budget.
fn read_source(path: &Path, name: &str) -> Res<Vec<u8>> {
    use std::io::Read;
    let io = |e: std::io::Error| -> crate::lisp::Unwind {
        LispError::io("cannot read", &path.display().to_string(), &e)
            .culprit(Value::string(name))
            .into()
    };
    let cap = sn_array::budget::limit();
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(cap as u64 + 1).read_to_end(&mut bytes))
        .map_err(io)?;
    if bytes.len() > cap {
        let msg = format!(
            "load: {} is larger than the memory budget ({cap} bytes)",
            path.display()
        );
        return Err(LispError::new(ErrorKind::Memory, msg)
            .culprit(Value::string(name))
            .into());
    }
    Ok(bytes)
}

/// A file that Lush 1 would read: a `.lsh` file, or a script whose
/// `#!` header runs `lush` (the `demo` files of SN2.8's examples). Lush 1
/// folds symbols (lower case, `_` as `-`), so sn reads these as it reads
/// `.sn` files.
fn is_lush_file(path: &Path, text: &str) -> bool {
    if path.extension().is_some_and(|e| e == "lsh") {
        return true;
    }
    text.starts_with("#!")
        && text
            .lines()
            .take(3)
            .take_while(|l| !l.starts_with("!#"))
            .any(|l| l.contains("exec lush"))
}

/// Loads netenv before an SN2.8 script (SN2.8's own `netenv.sn` when
/// `SN28_LIB` names its folder); an error naming the library folder (and
/// `SN_HOME`, or `SN28_LIB`) when it cannot be found.
fn netenv_for(it: &mut Interp, script: &Path) -> Res<()> {
    let culprit = || Value::string(&script.to_string_lossy());
    match env_library(it, "netenv") {
        Ok(Some(_)) => {}
        Ok(None) => {
            let msg = format!(
                "{} is an SN2.8 script and needs netenv, which is not in {} (set SN_HOME to the folder holding lisp/)",
                script.display(),
                it.home.join("lisp").display()
            );
            return Err(LispError::new(ErrorKind::Io, msg).culprit(culprit()).into());
        }
        Err(missing) => return Err(no_sn28_file(&missing).culprit(culprit()).into()),
    }
    it.libload("netenv")?;
    Ok(())
}

/// The error for a file of SN2.8's Lisp layer missing from `SN28_LIB`.
fn no_sn28_file(missing: &Path) -> LispError {
    let msg = format!(
        "SN28_LIB names SN2.8's lib folder, but {} does not exist",
        missing.display()
    );
    LispError::new(ErrorKind::Io, msg)
}

impl Interp {
    /// Loads a Lisp file (SN2.8 `.sn` files are read with case folding,
    /// after netenv); returns the value of its last form, `()` for an
    /// empty file (such as /dev/null).
    ///
    /// # Errors
    /// `io` when the file cannot be found (or is a folder) or read, or when
    /// netenv is missing for an `.sn` script; `memory` when it is larger
    /// than the memory budget; any error of its forms.
    pub fn load_file(&mut self, name: &str) -> Res {
        let path = resolve(self, name).ok_or_else(|| not_found(name))?;
        let bytes = read_source(&path, name)?;
        // Old SN2.8 scripts are often Latin-1: a file that is not UTF-8 is
        // read one byte per character.
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => e.into_bytes().iter().map(|&b| b as char).collect(),
        };
        let sn = path.extension().is_some_and(|e| e == "sn");
        if sn {
            netenv_for(self, &path)?;
        }
        let fold = sn || is_lush_file(&path, &text);
        if self.loading.len() > 200 {
            return Err(
                LispError::new(ErrorKind::StackOverflow, "load: files nested too deeply").into(),
            );
        }
        self.loading.push(path.clone());
        // Lush's `file-being-loaded`: the full name of the file, while it loads
        let full = std::path::absolute(&path).unwrap_or(path.clone());
        let outer = self.get_global("file-being-loaded");
        self.set_global("file-being-loaded", Value::string(&full.to_string_lossy()));
        let r = self.eval_source(&text, &path.to_string_lossy(), fold);
        self.set_global("file-being-loaded", outer);
        self.loading.pop();
        r
    }

    /// Loads a library file once.
    ///
    /// # Errors
    /// As [`Interp::load_file`].
    pub fn libload(&mut self, name: &str) -> Res {
        if is_sn28_package(name) {
            let mut last = Value::Nil;
            for lib in SN28_ENV {
                if env_library(self, lib).is_ok_and(|f| f.is_some()) || sn28_lib().is_some() {
                    last = self.libload(lib)?;
                }
            }
            return Ok(last);
        }
        if sn28_lib().is_some() && name.trim_end_matches(".sn") == "netenv" {
            // what SN2.8's netenv calls beyond sn's primitives
            self.libload("sn28lib")?;
        }
        let own = env_library(self, name)
            .map_err(|missing| no_sn28_file(&missing).culprit(Value::string(name)))?;
        let found = own.or_else(|| resolve(self, name));
        let path = found.ok_or_else(|| {
            LispError::new(ErrorKind::Io, format!("cannot find library {name}"))
                .culprit(Value::string(name))
        })?;
        let key = path.canonicalize().unwrap_or(path.clone());
        if self.loaded.contains(&key) {
            return Ok(Value::Nil);
        }
        self.loaded.insert(key);
        self.load_file(&path.to_string_lossy())
    }
}

fn load(it: &mut Interp, a: &[Value]) -> Res {
    let name = args::name(a, 0, "load")?;
    it.load_file(&name)
}

fn libload(it: &mut Interp, a: &[Value]) -> Res {
    let name = args::name(a, 0, "libload")?;
    it.libload(&name)
}

fn getenv(_: &mut Interp, a: &[Value]) -> Res {
    let n = args::string(a, 0, "getenv")?;
    Ok(std::env::var(n)
        .map(|v| Value::string(&v))
        .unwrap_or_default())
}

fn argv(it: &mut Interp, _: &[Value]) -> Res {
    Ok(Value::list(
        it.argv.iter().map(|s| Value::string(s)).collect(),
    ))
}

fn exit(_: &mut Interp, a: &[Value]) -> Res {
    let code = if a.is_empty() {
        0
    } else {
        args::int(a, 0, "exit")?
    };
    // Unix keeps 8 bits of the status: 256 would read as success.
    if !(0..=255).contains(&code) {
        return Err(LispError::new(
            ErrorKind::Domain,
            format!("exit: status {code} is not in 0..255"),
        )
        .culprit(a[0].clone())
        .into());
    }
    // the toplevel writes the windows and leaves (see `toplevel::leave`)
    Err(Unwind::quit(code as i32))
}

fn memory_limit(_: &mut Interp, a: &[Value]) -> Res {
    use sn_array::budget;
    let bytes = match a.first() {
        None => None,
        Some(Value::Str(s)) => Some(budget::parse_size(s).ok_or_else(|| {
            LispError::new(
                ErrorKind::Domain,
                "memory-limit: not a size (bytes, or with K, M, G: \"512M\")",
            )
            .culprit(a[0].clone())
        })?),
        Some(_) => Some(args::usize(a, 0, "memory-limit")?),
    };
    let limit = match bytes {
        Some(b) => budget::set_limit(b),
        None => budget::limit(),
    };
    Ok(Value::Num(limit as f64))
}

fn realtime(_: &mut Interp, _: &[Value]) -> Res {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0);
    Ok(Value::Num(t))
}

fn cputime(_: &mut Interp, _: &[Value]) -> Res {
    thread_local!(static START: std::time::Instant = std::time::Instant::now());
    Ok(Value::Num(START.with(|s| s.elapsed().as_secs_f64())))
}

fn nothing(_: &mut Interp, _: &[Value]) -> Res {
    Ok(Value::Nil)
}

fn stack_limit(it: &mut Interp, a: &[Value]) -> Res {
    if !a.is_empty() {
        let n = args::usize(a, 0, "stack-limit")?;
        it.max_frames = n.clamp(10, 1_000_000);
    }
    Ok(Value::Num(it.max_frames as f64))
}

fn read_file(_: &mut Interp, a: &[Value]) -> Res {
    let n = args::string(a, 0, "read-file")?;
    std::fs::read_to_string(n)
        .map(|s| Value::string(&s))
        .map_err(|e| LispError::io("cannot read", n, &e).into())
}

fn file_exists(_: &mut Interp, a: &[Value]) -> Res {
    Ok(Value::truth(
        Path::new(args::string(a, 0, "filep")?).exists(),
    ))
}

fn read_from_string(it: &mut Interp, a: &[Value]) -> Res {
    let s = args::string(a, 0, "read-from-string")?.to_string();
    let mut r = crate::lisp::reader::Reader::new(&s, 0, false);
    match r.read(it) {
        Ok(Some(f)) => Ok(f.value),
        Ok(None) => Ok(Value::Nil),
        Err(e) => Err(e.into_lisp().into()),
    }
}

pub(crate) fn register(it: &mut Interp) {
    it.begin_family("system");
    it.defn(
        "print",
        0,
        None,
        print,
        "(print . values) prints readably, then a newline; returns the last value.",
    );
    it.defn(
        "prin",
        0,
        None,
        prin,
        "(prin . values) prints readably without a newline.",
    );
    it.defn("printf", 1, None, printf, "(printf fmt . args) C-style formatted output: %d %s %f %e %g %l (Lisp form) %%, widths and precision.");
    it.defn(
        "pretty",
        1,
        Some(1),
        pretty,
        "(pretty x) pretty-prints a value, or the definition of a function named x.",
    );
    super::help::register(it);
    it.defn("load", 1, Some(1), load, "(load file) loads a Lisp file: a relative name is looked for in the loading file's folder, the current folder, sn's library, then the folders of SN_PATH (colon-separated); suffixes \"\", .lsp, .sn, .lsh are tried.");
    it.defn(
        "libload",
        1,
        Some(1),
        libload,
        "(libload file) loads a library file once; a library of sn's own (such as netenv) is taken from sn's library folder first; \"sn28/sn28\" (and sn28itenew, sn28new, sn28ite) loads sn's SN2.8 environment, or, with the environment variable SN28_LIB naming SN2.8's lib folder, SN2.8's own netenv.sn, connect.sn and knnenv.sn (netenv, connect and knnenv then name those files).",
    );
    it.defn(
        "getenv",
        1,
        Some(1),
        getenv,
        "(getenv name) an environment variable, or ().",
    );
    it.defn(
        "argv",
        0,
        Some(0),
        argv,
        "(argv) the script arguments as strings.",
    );
    it.defn("exit", 0, Some(1), exit, "(exit [code]) leaves sn with status code (0 to 255, default 0; others are a domain error); unwind-protect cleanups run on the way out, catch and catch-error do not stop it.");
    it.defn("memory-limit", 0, Some(1), memory_limit, "(memory-limit [bytes]) the memory budget in bytes; sets it when given (at least 1 MiB; a string such as \"2G\" or \"512M\" is accepted). Arrays and allocations past it fail with a memory error. Default: SN_MEMORY or --memory, else half of the machine's memory.");
    it.defn(
        "realtime",
        0,
        Some(0),
        realtime,
        "(realtime) wall-clock seconds.",
    );
    it.defn(
        "cputime",
        0,
        Some(0),
        cputime,
        "(cputime) seconds since start.",
    );
    it.defn(
        "process-pending-events",
        0,
        None,
        nothing,
        "(process-pending-events) does nothing (no event loop).",
    );
    it.defn(
        "stack-limit",
        0,
        Some(1),
        stack_limit,
        "(stack-limit [n]) gets or sets the maximum depth of nested Lisp calls (default 10000).",
    );
    it.defn(
        "read-file",
        1,
        Some(1),
        read_file,
        "(read-file name) the content of a text file.",
    );
    it.defn(
        "filep",
        1,
        Some(1),
        file_exists,
        "(filep name) true if the file exists.",
    );
    it.defn(
        "read-from-string",
        1,
        Some(1),
        read_from_string,
        "(read-from-string s) the first form read from s (TL3's read-string reads text from the input instead).",
    );
}
