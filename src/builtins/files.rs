//! Files as TL3 scripts use them: `open-read`, `open-write`,
//! `open-append` give file handles; `(writing file . body)` sends the
//! output of body to a file; `read-line` reads a handle line by line.

use std::cell::RefCell;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::rc::Rc;

use crate::lisp::args;
use crate::lisp::error::{ErrorKind, LispError};
use crate::lisp::{Interp, Native, Output, Res, Tail, Value};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mode {
    Read,
    Append,
}

/// An open file: written to by appending (`open-write` truncates it when
/// opened), or read line by line.
struct FileHandle {
    path: PathBuf,
    mode: Mode,
    reader: RefCell<Option<BufReader<File>>>,
}

/// The path of a file handle (from `open-read`, `open-write` or
/// `open-append`); `None` for other values. Lush's `save-matrix` and
/// `load-matrix` take a handle as well as a name.
pub fn handle_path(v: &Value) -> Option<PathBuf> {
    match v {
        Value::Native(n) => n
            .as_any()
            .downcast_ref::<FileHandle>()
            .map(|h| h.path.clone()),
        _ => None,
    }
}

impl Native for FileHandle {
    fn type_name(&self) -> &'static str {
        "file"
    }
    fn repr(&self) -> String {
        format!("::file:{}", self.path.display())
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

fn io_error(what: &str, path: &std::path::Path, e: std::io::Error) -> crate::lisp::Unwind {
    LispError::io(what, &path.display().to_string(), &e)
        .culprit(Value::string(&path.to_string_lossy()))
        .into()
}

/// `(open-read name [suffix])`: with a suffix, the file is found as Lush
/// finds it: through the search path, as named or with the suffix added.
fn open_read(it: &mut Interp, a: &[Value]) -> Res {
    let name = args::string(a, 0, "open-read")?.to_string();
    let path = match a.get(1) {
        None | Some(Value::Nil) => PathBuf::from(&name),
        Some(v) => {
            let with = add_suffix(
                &name,
                args::string(std::slice::from_ref(v), 0, "open-read")?,
            );
            let tail = &with[name.len()..];
            super::search_path::search_file(it, &name, &["", tail]).unwrap_or(PathBuf::from(&name))
        }
    };
    let f = File::open(&path).map_err(|e| io_error("cannot open", &path, e))?;
    Ok(Value::native(FileHandle {
        path,
        mode: Mode::Read,
        reader: RefCell::new(Some(BufReader::new(f))),
    }))
}

fn delete_file(_: &mut Interp, a: &[Value]) -> Res {
    let path = PathBuf::from(args::string(a, 0, "delete-file")?);
    // A device, FIFO or socket is not a file a script made: refusing it
    // keeps `(delete-file "/dev/zero")` from breaking the system.
    if let Ok(m) = std::fs::symlink_metadata(&path) {
        let t = m.file_type();
        if !t.is_file() && !t.is_symlink() && !t.is_dir() {
            return Err(LispError::new(
                ErrorKind::Io,
                format!("cannot delete {}: not a regular file", path.display()),
            )
            .culprit(a[0].clone())
            .into());
        }
    }
    std::fs::remove_file(&path).map_err(|e| io_error("cannot delete", &path, e))?;
    Ok(Value::string(&path.to_string_lossy()))
}

fn open_write(_: &mut Interp, a: &[Value]) -> Res {
    let path = suffixed_target(a, "open-write")?;
    File::create(&path).map_err(|e| io_error("cannot create", &path, e))?;
    Ok(Value::native(FileHandle {
        path,
        mode: Mode::Append,
        reader: RefCell::new(None),
    }))
}

/// The file `open-write` or `open-append` opens: the name as given if it
/// exists and is writable, else the name with Lush's suffix added (see
/// [`add_suffix`]).
fn suffixed_target(a: &[Value], fname: &str) -> Res<PathBuf> {
    let name = args::string(a, 0, fname)?.trim_start().to_string();
    let suffix = match a.get(1) {
        None | Some(Value::Nil) => return Ok(PathBuf::from(name)),
        Some(v) => args::string(std::slice::from_ref(v), 0, fname)?,
    };
    let writable = std::fs::metadata(&name).is_ok_and(|m| !m.permissions().readonly());
    if writable {
        return Ok(PathBuf::from(name));
    }
    Ok(PathBuf::from(add_suffix(&name, suffix)))
}

/// Lush's suffix rule: a name whose last component has a dot keeps it;
/// an old-style suffix `"sn"` (or `"TYPE@sn"`) or the first of
/// `".sn|.lsh"` is added after a dot; `""` or one starting with `|` adds
/// nothing.
fn add_suffix(name: &str, suffixes: &str) -> String {
    if suffixes.is_empty() || suffixes.starts_with('|') {
        return name.to_string();
    }
    if name.rfind('.').is_some_and(|k| !name[k..].contains('/')) {
        return name.to_string();
    }
    let first = match suffixes.strip_prefix('.') {
        Some(rest) => rest.split('|').next().unwrap_or(""),
        // the old Macintosh form "TYPE@suffix"
        None if suffixes.len() > 5 && suffixes.as_bytes()[4] == b'@' => &suffixes[5..],
        None => suffixes,
    };
    format!("{name}.{first}")
}

fn open_append(_: &mut Interp, a: &[Value]) -> Res {
    let path = suffixed_target(a, "open-append")?;
    OpenOptions::new()
        .append(true)
        .create(true)
        .open(&path)
        .map_err(|e| io_error("cannot open", &path, e))?;
    Ok(Value::native(FileHandle {
        path,
        mode: Mode::Append,
        reader: RefCell::new(None),
    }))
}

/// The longest line `read-line` returns (64 MiB): a longer line, or a
/// stream without newlines such as `/dev/zero`, is a `format` error.
const MAX_LINE: usize = 64 << 20;

fn read_line(_: &mut Interp, a: &[Value]) -> Res {
    let fh = args::native::<FileHandle>(a, 0, "read-line")?;
    let mut guard = fh.reader.borrow_mut();
    let Some(r) = guard.as_mut() else {
        return Err(
            LispError::new(ErrorKind::Io, "read-line: file not opened for reading")
                .culprit(a[0].clone())
                .into(),
        );
    };
    let mut line = Vec::new();
    let got = r
        .take(MAX_LINE as u64 + 1)
        .read_until(b'\n', &mut line)
        .map_err(|e| io_error("cannot read", &fh.path, e))?;
    if got == 0 {
        return Ok(Value::Nil);
    }
    if line.len() > MAX_LINE && line.last() != Some(&b'\n') {
        return Err(LispError::new(
            ErrorKind::Format,
            format!(
                "read-line: a line of {} longer than {MAX_LINE} bytes (the longest line read-line reads)",
                fh.path.display()
            ),
        )
        .culprit(a[0].clone())
        .into());
    }
    let text = String::from_utf8_lossy(&line);
    Ok(Value::string(text.trim_end_matches(['\n', '\r'])))
}

/// `(writing file . body)`: the output of body goes to a file, given by
/// name (`">>name"` appends, a plain name replaces the file atomically,
/// see [`sn_array::io::write_file`]; a device such as `/dev/null` is
/// written in place) or as a handle of `open-write`/`open-append`
/// (appends).
fn writing(it: &mut Interp, a: &Value, _: usize) -> Res<Tail> {
    let f = it.eval(&a.car())?;
    let (append, path) = match &f {
        Value::Str(name) => match name.strip_prefix(">>") {
            Some(p) => (true, PathBuf::from(p)),
            None => (false, PathBuf::from(&**name)),
        },
        Value::Native(n) => match n.as_any().downcast_ref::<FileHandle>() {
            Some(h) if h.mode == Mode::Append => (true, h.path.clone()),
            _ => {
                return Err(args::type_error(
                    "writing",
                    "a file name or a file opened for writing",
                    &f,
                ))
            }
        },
        other => {
            return Err(args::type_error(
                "writing",
                "a file name or a file opened for writing",
                other,
            ))
        }
    };
    let buf = Rc::new(RefCell::new(Vec::new()));
    let saved = std::mem::replace(&mut it.output, Output::Buffer(buf.clone()));
    let r = it.eval_body(&a.cdr());
    it.output = saved;
    let data = buf.borrow();
    let w = if append {
        OpenOptions::new()
            .append(true)
            .create(true)
            .open(&path)
            .and_then(|mut f| f.write_all(&data))
    } else {
        sn_array::io::write_file(&path, |w| w.write_all(&data))
    };
    w.map_err(|e| io_error("cannot write", &path, e))?;
    Ok(Tail::Done(r?))
}

pub(crate) fn register(it: &mut Interp) {
    it.begin_family("files");
    it.defn(
        "open-read",
        1,
        Some(2),
        open_read,
        "(open-read name [suffix]) a file handle to read with read-line or reading; when name does not exist, name.suffix is opened.",
    );
    it.defn(
        "open-write",
        1,
        Some(2),
        open_write,
        "(open-write name [suffix]) creates (or empties) a file; a handle for writing. As Lush, a name without a suffix gets suffix (\"wei\", \".wei\" or \"SNWT@wei\").",
    );
    it.defn(
        "open-append",
        1,
        Some(2),
        open_append,
        "(open-append name [suffix]) a handle that appends to a file; as Lush, a name that does not exist and has no suffix gets suffix (\"sn\" or \".sn\").",
    );
    it.defn(
        "read-line",
        1,
        Some(1),
        read_line,
        "(read-line file) the next line of a file opened with open-read, or () at the end.",
    );
    it.defn(
        "delete-file",
        1,
        Some(1),
        delete_file,
        "(delete-file name) removes a file (not a directory, device or FIFO) and returns its name; an io error if it cannot.",
    );
    it.defspecial(
        "writing",
        writing,
        "(writing file . body) sends the output of body to a file: a name (\">>name\" appends) or a handle of open-write/open-append.",
    );
}

/// The text not yet read of a file handle opened by `open-read` (for
/// `reading`); `None` when `v` is not such a handle.
pub(crate) fn rest_of_handle(v: &Value) -> Option<Res<String>> {
    let Value::Native(n) = v else { return None };
    let h = n.as_any().downcast_ref::<FileHandle>()?;
    if h.mode != Mode::Read {
        return None;
    }
    let mut text = String::new();
    let r = match h.reader.borrow_mut().as_mut() {
        Some(r) => r.read_to_string(&mut text).map(|_| text),
        None => Ok(text),
    };
    Some(r.map_err(|e| io_error("cannot read", &h.path, e)))
}
