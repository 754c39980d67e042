//! TL3/Lush 1 primitives that SN2.8 scripts call: `lush-is-quiet`, `ask`,
//! `read-string` (text from the input being read), `sleep`, `unlink`,
//! `basename`, `dirname`, `dim`, `find-interval`, `delete`.

use std::io::{BufRead, Write};
use std::time::{Duration, Instant};

use crate::lisp::args::{self, type_error};
use crate::lisp::error::{ErrorKind, LispError};
use crate::lisp::input::Inputs;
use crate::lisp::{interrupt, Interp, Res, Tail, Value};

/// Lush's quiet flag (an interpreter extension): true when sn runs a
/// script, as Lush is quiet when given a file.
#[derive(Default)]
struct Quiet(Option<bool>);

fn lush_is_quiet(it: &mut Interp, a: &[Value]) -> Res {
    let q = it.ext::<Quiet>();
    if let Some(v) = a.first() {
        q.borrow_mut().0 = Some(v.truthy());
    }
    let quiet = q.borrow().0.unwrap_or(!it.loading.is_empty());
    Ok(it.truth(quiet))
}

/// One line of standard input without its end of line; `None` at the end
/// of input (or when it cannot be read).
pub(crate) fn stdin_line() -> Option<String> {
    let mut line = String::new();
    match std::io::stdin().lock().read_line(&mut line) {
        Ok(0) | Err(_) => None,
        Ok(_) => Some(line.trim_end_matches(['\n', '\r']).to_string()),
    }
}

/// `(ask question)`: prints the question with ` [y/N] ?`, reads a line:
/// t for an answer starting with y or o, () for n, an empty line or the
/// end of input; any other answer asks again.
fn ask(it: &mut Interp, a: &[Value]) -> Res {
    let q = args::string(a, 0, "ask")?.to_string();
    it.out("\n");
    loop {
        it.out(&format!("{q} [y/N] ?"));
        it.flush();
        let _ = std::io::stdout().flush();
        let Some(line) = stdin_line() else {
            it.out("\n");
            return Ok(Value::Nil);
        };
        if line.is_empty() {
            return Ok(Value::Nil);
        }
        match line.trim_start().chars().next() {
            Some('y' | 'Y' | 'o' | 'O') => return Ok(it.truth(true)),
            Some('n' | 'N') => return Ok(Value::Nil),
            _ => {}
        }
    }
}

/// The characters a TL3 character set matches: the listed ones (with
/// ranges `a-z`), or all but them after a leading `~`. A carriage return
/// goes with the newline.
fn char_set(spec: &str) -> impl Fn(char) -> bool {
    let (negate, body) = match spec.strip_prefix('~') {
        Some(b) => (true, b),
        None => (false, spec),
    };
    let mut set = [false; 256];
    let chars: Vec<char> = body.chars().collect();
    let mut old: Option<u32> = None;
    for (k, &c) in chars.iter().enumerate() {
        match (old, chars.get(k + 1)) {
            (Some(o), Some(&hi)) if c == '-' && o > 0 => {
                for x in o..(hi as u32).min(256) {
                    set[x as usize] = true;
                }
                old = None;
            }
            _ => {
                if (c as u32) < 256 {
                    set[c as usize] = true;
                }
                old = Some(c as u32);
            }
        }
    }
    set['\r' as usize] |= set['\n' as usize];
    move |c: char| {
        let listed = (c as u32) < 256 && set[c as usize];
        listed != negate
    }
}

/// What `read-string` reads: `n` characters, or a run of characters of a set.
enum Take {
    Count(usize),
    While(Box<dyn Fn(char) -> bool>),
}

impl Take {
    fn goes_on(&self, n: usize, c: char) -> bool {
        match self {
            Take::Count(k) => n < *k,
            Take::While(f) => f(c),
        }
    }
}

/// Reads from the text being loaded, from where its reader stands.
fn take_from_input(it: &mut Interp, take: &Take) -> Option<String> {
    let inputs = it.ext::<Inputs>();
    let mut inputs = inputs.borrow_mut();
    let cur = inputs.stack.last_mut()?;
    let rest = &cur.text[cur.pos..];
    let mut out = String::new();
    for (n, c) in rest.chars().enumerate() {
        if !take.goes_on(n, c) {
            break;
        }
        out.push(c);
    }
    cur.pos += out.len();
    Some(out)
}

/// Reads from standard input (no text is being loaded).
fn take_from_stdin(take: &Take) -> String {
    let stdin = std::io::stdin();
    let mut lock = stdin.lock();
    let mut out = String::new();
    let mut n = 0;
    loop {
        let Ok(buf) = lock.fill_buf() else { break };
        let Some(&b) = buf.first() else { break };
        let c = b as char;
        if !take.goes_on(n, c) {
            break;
        }
        out.push(c);
        n += 1;
        lock.consume(1);
    }
    out
}

/// `(read-string [set-or-n])`, as TL3: the characters that follow in the
/// input being read (the file being loaded, else standard input), up to
/// the first one not in the set (default: up to the end of the line, the
/// newline not read), or `n` characters.
fn read_string(it: &mut Interp, a: &[Value]) -> Res {
    let take = match a.first() {
        None => Take::While(Box::new(char_set("~\n\r"))),
        Some(Value::Number(_)) => Take::Count(args::usize(a, 0, "read-string")?),
        Some(Value::Str(s)) => Take::While(Box::new(char_set(s))),
        Some(other) => return Err(type_error("read-string", "a string or a number", other)),
    };
    let s = match take_from_input(it, &take) {
        Some(s) => s,
        None => take_from_stdin(&take),
    };
    Ok(Value::string(&s))
}

/// `(sleep seconds)`: waits, stopping early on Ctrl-C; returns its argument.
fn sleep(_: &mut Interp, a: &[Value]) -> Res {
    let secs = args::num(a, 0, "sleep")?;
    if !secs.is_finite() || secs < 0.0 {
        return Err(
            LispError::new(ErrorKind::Domain, "sleep: expected a time in seconds >= 0")
                .culprit(a[0].clone())
                .into(),
        );
    }
    let end = Instant::now() + Duration::from_secs_f64(secs.min(1e9));
    loop {
        interrupt::check()?;
        let now = Instant::now();
        if now >= end {
            return Ok(a[0].clone());
        }
        std::thread::sleep((end - now).min(Duration::from_millis(50)));
    }
}

/// `(unlink file)`: removes a file; returns ().
fn unlink(_: &mut Interp, a: &[Value]) -> Res {
    let name = args::string(a, 0, "unlink")?;
    std::fs::remove_file(name)
        .map_err(|e| LispError::io("unlink: cannot remove", name, &e).culprit(a[0].clone()))?;
    Ok(Value::Nil)
}

/// Lush's `basename`: the part after the last `/`, without `suffix`
/// (given with or without its dot) when it ends the name after a dot.
pub fn basename(name: &str, suffix: Option<&str>) -> String {
    let base = name.rsplit('/').next().unwrap_or(name);
    let suf = suffix
        .map(|s| s.strip_prefix('.').unwrap_or(s))
        .unwrap_or("");
    if suf.is_empty() || base.len() <= suf.len() {
        return base.to_string();
    }
    match base.strip_suffix(suf).and_then(|b| b.strip_suffix('.')) {
        Some(stem) => stem.to_string(),
        None => base.to_string(),
    }
}

/// Lush's `dirname`: the name up to its last `/` that is followed by
/// something; "." when there is none ("/" for a name directly under "/").
pub fn dirname(name: &str) -> String {
    let b = name.as_bytes();
    let cut = (0..b.len())
        .rev()
        .find(|&k| b[k] == b'/' && k + 1 < b.len());
    match cut {
        None if name.starts_with('/') => name.to_string(),
        None => ".".to_string(),
        Some(0) => "/".to_string(),
        Some(k) => name[..k].to_string(),
    }
}

fn basename_(_: &mut Interp, a: &[Value]) -> Res {
    let name = args::string(a, 0, "basename")?;
    let suffix = match a.get(1) {
        Some(_) => Some(args::string(a, 1, "basename")?),
        None => None,
    };
    Ok(Value::string(&basename(name, suffix)))
}

fn dirname_(_: &mut Interp, a: &[Value]) -> Res {
    Ok(Value::string(&dirname(args::string(a, 0, "dirname")?)))
}

/// `(dim name d1 ... dn)`, SN1's: sets the global `name` (not evaluated) to
/// a new zero matrix of those sizes; returns it.
fn dim(it: &mut Interp, form: &Value, _: usize) -> Res<Tail> {
    let parts = form.list_to_vec().unwrap_or_default();
    let Some((Value::Sym(name), dims)) = parts.split_first() else {
        return Err(
            LispError::new(ErrorKind::Arity, "dim: expected (dim name d1 ... dn)")
                .culprit(form.clone())
                .into(),
        );
    };
    let mut sizes = Vec::with_capacity(dims.len());
    for d in dims {
        sizes.push(it.eval(d)?);
    }
    let make = it.get_global("matrix");
    let m = it.apply(&make, &sizes)?;
    it.set_global(&name.name, m.clone());
    Ok(Tail::Done(m))
}

/// `(find-interval list target [width])`: the indices of the elements of
/// `list` within `width` (default 0) of `target`.
fn find_interval(_: &mut Interp, a: &[Value]) -> Res {
    let l = args::list(a, 0, "find-interval")?;
    let target = args::num(a, 1, "find-interval")?;
    let width = if a.len() > 2 {
        args::num(a, 2, "find-interval")?
    } else {
        0.0
    };
    let mut out = Vec::new();
    for (k, v) in l.iter().enumerate() {
        let x = match v {
            Value::Number(n) => n.get(),
            other => return Err(type_error("find-interval", "a list of numbers", other)),
        };
        if x >= target - width && x <= target + width {
            out.push(Value::Num(k as f64));
        }
    }
    Ok(Value::list(out))
}

/// `(delete obj)`: runs the object's `-destructor` when its class has one;
/// returns (). Other values (windows, arrays) are left to be freed when
/// no longer referenced.
fn delete(it: &mut Interp, a: &[Value]) -> Res {
    if let Value::Object(o) = &a[0] {
        if o.class.find_method("-destructor").is_some() {
            it.send(&a[0], "-destructor", &[])?;
        }
    }
    Ok(Value::Nil)
}

/// `(filepath name [suffixes])`, Lush's: the file found for `name` through
/// the search path (see `load`), trying the suffixes of a string such as
/// "|.lsh|.sn" (`()`: the name only; default: "", .lsp, .sn, .lsh); ()
/// when there is none.
fn filepath(it: &mut Interp, a: &[Value]) -> Res {
    let name = args::string(a, 0, "filepath")?.to_string();
    let suffixes: Vec<String> = match a.get(1) {
        None => ["", ".lsp", ".sn", ".lsh"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        Some(Value::Nil) => vec![String::new()],
        Some(_) => args::string(a, 1, "filepath")?
            .split('|')
            .map(str::to_string)
            .collect(),
    };
    let sufs: Vec<&str> = suffixes.iter().map(String::as_str).collect();
    Ok(match super::system::search_file(it, &name, &sufs) {
        Some(p) => Value::string(&p.to_string_lossy()),
        None => Value::Nil,
    })
}

pub(crate) fn register(it: &mut Interp) {
    it.begin_family("tl3");
    it.defn("lush-is-quiet", 0, Some(1), lush_is_quiet, "(lush-is-quiet [flag]) t when sn is quiet (running a script), else (); sets the flag when given (Lush's banner and prompts; sn has no banner, so the flag is only reported).");
    it.defn("ask", 1, Some(1), ask, "(ask question) prints question with \" [y/N] ?\" and reads a line of standard input: t for y or o, () for n or an empty line, () at once at the end of input; other answers ask again.");
    it.defn("read-string", 0, Some(1), read_string, "(read-string [chars-or-n]) as TL3: reads from the input (the rest of the file being loaded after the current form, else standard input) the characters in the set chars (\"a-z\" ranges, \"~...\" all but those; default \"~\\n\": up to the end of the line), or n characters; the reader goes on after them. See read-from-string to read a form from a string.");
    it.defn(
        "sleep",
        1,
        Some(1),
        sleep,
        "(sleep seconds) waits (Ctrl-C stops it); returns seconds.",
    );
    it.defn(
        "unlink",
        1,
        Some(1),
        unlink,
        "(unlink file) removes a file (an io error if it cannot); returns ().",
    );
    it.defn("basename", 1, Some(2), basename_, "(basename name [suffix]) the part of a file name after its last /, without suffix (with or without its dot) if it ends it.");
    it.defn(
        "dirname",
        1,
        Some(1),
        dirname_,
        "(dirname name) the folder part of a file name (\".\" when there is none).",
    );
    it.defspecial("dim", dim, "(dim name d1 ... dn) SN1's: sets the global name (not evaluated) to a new zero matrix d1 x ... x dn; returns it.");
    it.defn("find-interval", 2, Some(3), find_interval, "(find-interval list target [width]) the indices of the elements of list within width (default 0) of target.");
    it.defn("filepath", 1, Some(2), filepath, "(filepath name [suffixes]) the file found for name as load finds it (the loading file's folder, the current folder, sn's library, SN_PATH), trying suffixes given as \"|.lsh|.sn\" (() for none); () when there is none.");
    super::atom_array::register(it);
    it.defn(
        "delete",
        1,
        Some(1),
        delete,
        "(delete obj) runs obj's -destructor method if its class has one; returns ().",
    );
}
