//! Matrix files: `load-matrix` (IDX, SN/Lush, ASCII `.MAT`, gzip or not) and `save-matrix`.

use std::path::PathBuf;

use sn_array::io::{self, FileFormat};

use crate::lisp::args::{self, type_error};
use crate::lisp::error::{ErrorKind, LispError};
use crate::lisp::{Interp, Res, Tail, Value};

pub(super) fn register(it: &mut Interp) {
    it.defspecial(
        "load-matrix",
        load_matrix,
        "(load-matrix [symbol] file) loads a matrix file (a name, or a handle from open-read): IDX (MNIST; ubyte, byte, short, int, float, double), \
         SN/Lush native (float, packed 4.4, double, int, ubyte, short; either byte order) or ASCII .MAT, \
         gzip-compressed or not; the format is recognised from the content. With a symbol (not evaluated), \
         also sets it, as SN2.8 did. A relative name is looked up from the current directory, then \
         the directory of the file being loaded, then sn-home.",
    );
    it.defn(
        "save-matrix",
        2,
        Some(3),
        save_matrix,
        "(save-matrix m file [format]) writes m (file: a name, or a handle from open-write); format is one of float (default), double, int, short, \
         ubyte, packed (SN/Lush files), idx-ubyte, idx-byte, idx-short, idx-int, idx-float, idx-double, \
         ascii; names containing \"ubyte\" default to idx-ubyte and other names containing \"idx\" to \
         idx-float. A name ending in .gz is compressed. Returns the file name.",
    );
}

/// The file to open for a relative or absolute name.
fn locate(it: &Interp, name: &str) -> PathBuf {
    let p = PathBuf::from(name);
    if p.is_absolute() || p.exists() {
        return p;
    }
    // Lush's search path, as `load` uses it (the loading file's folder, the
    // current folder, sn's libraries, SN_PATH), then sn's home for data/.
    if let Some(found) = crate::builtins::search_path::search_file(it, name, &[""]) {
        return found;
    }
    let home = it.home.join(name);
    if home.exists() {
        home
    } else {
        p
    }
}

fn load_matrix(it: &mut Interp, form: &Value, _: usize) -> Res<Tail> {
    let parts = form.list_to_vec().unwrap_or_default();
    let (target, file_form) = match parts.as_slice() {
        [f] => (None, f),
        [Value::Sym(s), f] => (Some(s.clone()), f),
        _ => {
            return Err(
                LispError::new(ErrorKind::Arity, "load-matrix: expected ([symbol] file)")
                    .culprit(form.clone())
                    .into(),
            )
        }
    };
    let file = it.eval(file_form)?;
    let path = match &file {
        Value::Str(s) => locate(it, s),
        other => crate::builtins::files::handle_path(other)
            .ok_or_else(|| type_error("load-matrix", "a file name or handle", other))?,
    };
    let m = Value::array(io::load(&path)?);
    if let Some(s) = target {
        s.set(m.clone());
    }
    Ok(Tail::Done(m))
}

fn save_matrix(_: &mut Interp, a: &[Value]) -> Res {
    let m = args::array(a, 0, "save-matrix")?;
    let file = match crate::builtins::files::handle_path(&a[1]) {
        Some(p) => p.to_string_lossy().to_string(),
        None => args::string(a, 1, "save-matrix")?.to_string(),
    };
    let file = file.as_str();
    let fmt = match args::opt(a, 2) {
        None => FileFormat::for_path(file),
        Some(_) => {
            let n = args::name(a, 2, "save-matrix")?;
            FileFormat::from_name(&n).ok_or_else(|| {
                LispError::new(
                    ErrorKind::Domain,
                    format!("save-matrix: unknown format {n}"),
                )
                .culprit(a[2].clone())
            })?
        }
    };
    io::save(m, std::path::Path::new(file), fmt)?;
    Ok(a[1].clone())
}
