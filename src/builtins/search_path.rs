//! Lush's search path for files: the loading file's folder, the current
//! folder, sn's library `lisp/`, then the folders of `SN_PATH`; and the
//! names that stand for sn's own libraries.

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
/// being loaded, the current folder, sn's library `lisp/`, then the
/// folders of `SN_PATH`.
pub fn search_dirs(it: &Interp) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    if let Some(cur) = it.loading.last().and_then(|f| f.parent()) {
        dirs.push(cur.to_path_buf());
    }
    dirs.push(PathBuf::from("."));
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
/// "sn28/sn28")`: those of them that sn's library folder holds.
pub const SN28_ENV: [&str; 3] = ["netenv", "connect", "knnenv"];
