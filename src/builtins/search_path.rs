//! Lush's search path for files: the loading file's folder, the current
//! folder, SN2.8's lib folder when `SN28_LIB` names one, sn's library
//! `lisp/`, then the folders of `SN_PATH`; and the names that stand for
//! sn's own libraries (or SN2.8's, with `SN28_LIB`).

use std::path::{Path, PathBuf};

use crate::lisp::Interp;

/// The suffixes tried after a name, in order.
const SUFFIXES: [&str; 4] = ["", ".lsp", ".sn", ".lsh"];

/// The folders of `SN_PATH` (colon-separated; empty entries skipped).
pub fn user_path() -> Vec<PathBuf> {
    std::env::var_os("SN_PATH")
        .map(|v| {
            std::env::split_paths(&v)
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// The search path for a relative name, as Lush's: the folder of the file
/// being loaded, the current folder, `SN28_LIB` if set, sn's library
/// `lisp/`, then the folders of `SN_PATH`.
pub fn search_dirs(it: &Interp) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    if let Some(cur) = it.loading.last().and_then(|f| f.parent()) {
        dirs.push(cur.to_path_buf());
    }
    dirs.push(PathBuf::from("."));
    // SN2.8's lib folder, when it stands in for sn's Lisp layer (Lush's
    // sn28common.lsh adds it to the path the same way)
    dirs.extend(sn28_lib());
    dirs.push(it.home.join("lisp"));
    dirs.extend(user_path());
    dirs
}

/// The first existing non-folder `dir/name+suffix` (devices such as
/// /dev/null and FIFOs count as files).
fn find_in(dirs: &[PathBuf], name: &str) -> Option<PathBuf> {
    dirs.iter().find_map(|d| {
        SUFFIXES
            .iter()
            .map(|suf| d.join(format!("{name}{suf}")))
            .find(|c| c.exists() && !c.is_dir())
    })
}

/// Finds a file through the search path with the given suffixes tried in
/// order (Lush's `search_file`): an absolute name as it is, a relative one
/// in each folder of [`search_dirs`]. Data files (matrices, patterns)
/// opened by a relative name are meant to be found this way with the
/// suffix "" only.
pub fn search_file(it: &Interp, name: &str, suffixes: &[&str]) -> Option<PathBuf> {
    let dirs = if Path::new(name).is_absolute() {
        vec![PathBuf::new()]
    } else {
        search_dirs(it)
    };
    for d in dirs {
        for suf in suffixes {
            let cand = d.join(format!("{name}{suf}"));
            if cand.exists() && !cand.is_dir() {
                return Some(cand);
            }
        }
    }
    None
}

/// Finds a file to load: an absolute name as it is, a relative one through
/// [`search_dirs`]; each with the suffixes "", .lsp, .sn, .lsh.
pub fn resolve(it: &Interp, name: &str) -> Option<PathBuf> {
    if Path::new(name).is_absolute() {
        return find_in(&[PathBuf::new()], name);
    }
    find_in(&search_dirs(it), name)
}

/// A library of sn itself (a bare name in sn's `lisp/` folder): `libload`
/// takes it there first, so that a stray file of the same name in the
/// current folder (SN2.8's own `netenv.sn`, say) is not picked up silently.
pub fn own_library(it: &Interp, name: &str) -> Option<PathBuf> {
    if name.contains('/') || name.is_empty() {
        return None;
    }
    find_in(&[it.home.join("lisp")], name)
}

/// Lush's names for the SN2.8 package (`sn28/sn28`, `sn28/sn28itenew`,
/// `sn28/sn28new`, `sn28/sn28ite`, with or without `.lsh`): they stand for
/// sn's SN2.8 environment.
pub fn is_sn28_package(name: &str) -> bool {
    let n = name.strip_suffix(".lsh").unwrap_or(name);
    matches!(
        n,
        "sn28/sn28" | "sn28/sn28itenew" | "sn28/sn28new" | "sn28/sn28ite"
    )
}

/// The libraries of sn's SN2.8 environment, loaded by `(libload
/// "sn28/sn28")`: those of them that sn's library folder holds (or, with
/// `SN28_LIB` set, SN2.8's own files of these names in that folder).
pub const SN28_ENV: [&str; 3] = ["netenv", "connect", "knnenv"];

/// The folder named by `SN28_LIB` (empty means unset): SN2.8's own Lisp
/// layer (`netenv.sn`, `connect.sn`, `knnenv.sn`), loaded in place of sn's.
pub fn sn28_lib() -> Option<PathBuf> {
    std::env::var_os("SN28_LIB")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// The file that stands for one of [`SN28_ENV`] (`netenv`, `connect`,
/// `knnenv`, with or without `.sn`): with `SN28_LIB` set, SN2.8's
/// `DIR/name.sn` when it exists (`Err` naming the missing file when not);
/// otherwise sn's own library of that name, if any.
pub fn env_library(it: &Interp, name: &str) -> Result<Option<PathBuf>, PathBuf> {
    let base = name.strip_suffix(".sn").unwrap_or(name);
    if let (Some(dir), true) = (sn28_lib(), SN28_ENV.contains(&base)) {
        let file = dir.join(format!("{base}.sn"));
        return if file.is_file() {
            Ok(Some(file))
        } else {
            Err(file)
        };
    }
    Ok(own_library(it, name))
}
