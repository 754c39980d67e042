//! TL3's input redirection and the input readers that go with it:
//! `(reading file . body)` makes a file the input of body, `read` reads a
//! form from the input and `skip-char` skips characters of it. The input
//! is the innermost text of the input stack (`lisp::input`): the file of
//! a `reading`, else the rest of the file being loaded; with none, standard
//! input. `read-string` reads the same input.

use crate::lisp::args::{self, type_error};
use crate::lisp::error::{ErrorKind, LispError};
use crate::lisp::input::{Cursor, Inputs};
use crate::lisp::reader::Reader;
use crate::lisp::{Interp, Res, Tail, Value};
use std::io::BufRead;
use std::rc::Rc;

/// The text of the file that `reading` reads: a name or an `open-read` handle.
fn reading_text(v: &Value) -> Res<String> {
    if let Some(r) = super::files::rest_of_handle(v) {
        return r;
    }
    let Value::Str(name) = v else {
        return Err(type_error(
            "reading",
            "a file name or a file opened by open-read",
            v,
        ));
    };
    std::fs::read_to_string(name.as_str()).map_err(|e| {
        LispError::io("reading: cannot read", &name, &e)
            .culprit(v.clone())
            .into()
    })
}

/// `(reading file . body)`.
fn reading(it: &mut Interp, body: &Value, _: usize) -> Res<Tail> {
    let (file, forms) = match body {
        Value::Cons(c) => (c.car(), c.cdr()),
        _ => {
            let msg = "reading: expected (reading file . body)";
            return Err(LispError::new(ErrorKind::Arity, msg).into());
        }
    };
    let f = it.eval(&file)?;
    let text = reading_text(&f)?;
    let inputs = it.ext::<Inputs>();
    let depth = {
        let mut i = inputs.borrow_mut();
        i.stack.push(Cursor {
            text: Rc::from(text.as_str()),
            pos: 0,
        });
        i.stack.len()
    };
    let r = it.eval_body(&forms);
    inputs.borrow_mut().stack.truncate(depth - 1);
    Ok(Tail::Done(r?))
}

/// The character set of TL3's `skip-char` (`~` negates, `a-z` ranges).
fn in_set(spec: &str) -> impl Fn(char) -> bool + '_ {
    let (neg, body) = match spec.strip_prefix('~') {
        Some(b) => (true, b),
        None => (false, spec),
    };
    let chars: Vec<char> = body.chars().collect();
    move |c: char| {
        let c = if c == '\r' { '\n' } else { c };
        let mut hit = false;
        let mut k = 0;
        while k < chars.len() {
            if k + 2 < chars.len() && chars[k + 1] == '-' {
                hit |= (chars[k]..=chars[k + 2]).contains(&c);
                k += 3;
            } else {
                hit |= chars[k] == c;
                k += 1;
            }
        }
        hit != neg
    }
}

/// `(skip-char [chars])`: skips the input characters in chars (default
/// blanks); returns the next one, not read, or "\e" at the end.
fn skip_char(it: &mut Interp, a: &[Value]) -> Res {
    let spec = match args::opt(a, 0) {
        Some(_) => args::string(a, 0, "skip-char")?.to_string(),
        None => " \n\r\t\x0c".to_string(),
    };
    let skip = in_set(&spec);
    let inputs = it.ext::<Inputs>();
    let mut inputs = inputs.borrow_mut();
    let next = match inputs.stack.last_mut() {
        Some(cur) => {
            let rest = &cur.text[cur.pos..];
            let n = rest.find(|c: char| !skip(c)).unwrap_or(rest.len());
            cur.pos += n;
            cur.text[cur.pos..].chars().next()
        }
        None => skip_stdin(&skip),
    };
    Ok(Value::string(
        &next.map_or("\x1b".to_string(), |c| c.to_string()),
    ))
}

/// Skips standard input bytes in the set; the next one, not read.
fn skip_stdin(skip: &impl Fn(char) -> bool) -> Option<char> {
    let stdin = std::io::stdin();
    let mut lock = stdin.lock();
    loop {
        let b = *lock.fill_buf().ok()?.first()?;
        if !skip(b as char) {
            return Some(b as char);
        }
        lock.consume(1);
    }
}

/// `(read)`: the next form of the input, `()` at its end.
fn read(it: &mut Interp, _: &[Value]) -> Res {
    let inputs = it.ext::<Inputs>();
    let top = inputs
        .borrow()
        .stack
        .last()
        .map(|c| (c.text.clone(), c.pos));
    let Some((text, pos)) = top else {
        return read_stdin(it);
    };
    let mut r = Reader::new(&text[pos..], 0, false);
    let form = r.read(it).map_err(|e| e.into_lisp())?;
    if let Some(cur) = inputs.borrow_mut().stack.last_mut() {
        cur.pos = pos + r.pos();
    }
    Ok(form.map_or(Value::Nil, |f| f.value))
}

/// A form from standard input: lines are read until they hold one.
fn read_stdin(it: &mut Interp) -> Res {
    let mut src = String::new();
    while let Some(line) = super::tl3::stdin_line() {
        src.push_str(&line);
        src.push('\n');
        if crate::lisp::reader::is_complete(it, &src) && !src.trim().is_empty() {
            break;
        }
    }
    let mut r = Reader::new(&src, 0, false);
    let form = r.read(it).map_err(|e| e.into_lisp())?;
    Ok(form.map_or(Value::Nil, |f| f.value))
}

pub(crate) fn register(it: &mut Interp) {
    it.defspecial("reading", reading, "(reading file . body) evaluates body with the file (a name, or a handle from open-read) as the input of read, skip-char and read-string; returns the value of body.");
    it.defn("skip-char", 0, Some(1), skip_char, "(skip-char [chars]) skips the characters of the input that are in chars (TL3 sets: \"a-z\" ranges, \"~...\" all but those; default blanks and newlines) and returns the next one, not read, as a string; \"\\e\" at the end of the input.");
    it.defn("read", 0, Some(0), read, "(read) the next form of the input (the file of reading, the rest of the file being loaded, else standard input); () at its end.");
}
