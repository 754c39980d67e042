//! Atomic file writes: every file sn writes goes to a temporary file in the
//! same folder, is flushed to disk, then renamed over its destination, so a
//! reader (or a crash, or `kill -9`) sees either the previous file or the
//! new one, never a torn one.
//!
//! The temporary file is `.NAME.tmp-PID` beside `NAME`. A save killed
//! before its rename leaves one behind; the next save of the same file
//! removes the ones whose process is gone.

#![warn(missing_docs)]

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Writes `path` atomically with what `fill` writes into a buffered writer.
///
/// Missing parent folders are not made: a save into a folder that does not
/// exist is an error, as it is for an ordinary write. A symbolic link is
/// followed and its target replaced; an existing device or FIFO (such as
/// `/dev/null`) is written in place.
///
/// # Errors
/// The first I/O error of creating, writing, syncing or renaming the file,
/// or the error returned by `fill`; the temporary file is removed then and
/// the previous file at `path` is left as it was.
pub fn write_with<F>(path: &Path, fill: F) -> io::Result<()>
where
    F: FnOnce(&mut BufWriter<File>) -> io::Result<()>,
{
    let resolved;
    let path = match resolve_link(path) {
        Some(target) => {
            resolved = target;
            resolved.as_path()
        }
        None => path,
    };
    match fs::metadata(path) {
        Ok(m) if m.is_dir() => {
            return Err(io::Error::new(io::ErrorKind::IsADirectory, "is a folder"));
        }
        // A device or a FIFO is written in place: renaming a temporary over
        // it would replace it with an ordinary file.
        Ok(m) if !m.is_file() => {
            let f = fs::OpenOptions::new().write(true).open(path)?;
            let mut w = BufWriter::new(f);
            fill(&mut w)?;
            return w.flush();
        }
        _ => {}
    }
    remove_stale(path);
    let tmp = temp_path(path);
    let res = (|| {
        let file = File::create(&tmp)?;
        let mut w = BufWriter::with_capacity(1 << 16, file);
        fill(&mut w)?;
        let file = w.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, path)?;
        sync_parent(path);
        Ok(())
    })();
    if res.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    res
}

/// The file a symbolic link at `path` points to (followed to its end), so
/// that a save replaces the target and keeps the link; `None` when `path`
/// is not a link.
fn resolve_link(path: &Path) -> Option<PathBuf> {
    let mut p = path.to_path_buf();
    let mut hops = 0;
    while fs::symlink_metadata(&p).ok()?.file_type().is_symlink() {
        hops += 1;
        if hops > 40 {
            return None;
        }
        let target = fs::read_link(&p).ok()?;
        p = match p.parent() {
            Some(dir) if target.is_relative() => dir.join(target),
            _ => target,
        };
    }
    (hops > 0).then_some(p)
}

/// Writes `bytes` to `path` atomically.
///
/// # Errors
/// As [`write_with`].
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_with(path, |w| w.write_all(bytes))
}

/// The temporary file of a save of `path` by this process.
pub fn temp_path(path: &Path) -> PathBuf {
    path.with_file_name(format!("{}{}", temp_prefix(path), std::process::id()))
}

/// `.NAME.tmp-`, the start of the name of every temporary file of `path`.
fn temp_prefix(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    format!(".{name}.tmp-")
}

/// Removes the temporary files of earlier saves of `path` whose process no
/// longer runs (this process's own included, as none of its saves is under
/// way on this path). Older releases named them `NAME.tmpPID`; those go too.
pub fn remove_stale(path: &Path) {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let Ok(entries) = fs::read_dir(&dir) else {
        return;
    };
    let new_prefix = temp_prefix(path);
    let old_prefix = format!("{name}.tmp");
    for e in entries.flatten() {
        let entry = e.file_name().to_string_lossy().into_owned();
        let pid = entry
            .strip_prefix(&new_prefix)
            .or_else(|| entry.strip_prefix(&old_prefix));
        let Some(pid) = pid.and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        if pid == std::process::id() || !process_runs(pid) {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Whether a process with this id runs (on systems without `/proc`, every
/// process is taken to run, so nothing of another process is removed).
fn process_runs(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.is_dir() || proc.join(pid.to_string()).exists()
}

/// Flushes the folder entry of a rename (best effort: not every system can
/// open a folder for syncing).
fn sync_parent(path: &Path) {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh folder, removed when dropped (also when the test fails).
    fn scratch(name: &str) -> tempfile::TempDir {
        tempfile::Builder::new()
            .prefix(&format!("sn-files-{name}-"))
            .tempdir()
            .unwrap()
    }

    #[test]
    fn a_write_replaces_the_file_whole() {
        let tmp = scratch("whole");
        let d = tmp.path();
        let p = d.join("a.bin");
        write(&p, b"first").unwrap();
        write(&p, b"second").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"second");
        let names: Vec<_> = fs::read_dir(d)
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names.len(), 1, "only the file itself remains: {names:?}");
    }

    #[test]
    fn a_failed_fill_leaves_the_previous_file() {
        let tmp = scratch("fail");
        let d = tmp.path();
        let p = d.join("a.bin");
        write(&p, b"good").unwrap();
        let r = write_with(&p, |w| {
            w.write_all(b"half")?;
            Err(io::Error::other("refused"))
        });
        assert!(r.is_err());
        assert_eq!(fs::read(&p).unwrap(), b"good");
        assert!(!temp_path(&p).exists());
    }

    #[test]
    fn stale_temporaries_of_dead_processes_are_removed() {
        let tmp = scratch("stale");
        let d = tmp.path();
        let p = d.join("w.mat");
        // Process ids above the kernel's pid_max (4 194 304) never run.
        let dead_new = d.join(".w.mat.tmp-4999999");
        let dead_old = d.join("w.mat.tmp4999998");
        let other = d.join(".x.mat.tmp-4999997");
        for f in [&dead_new, &dead_old, &other] {
            fs::write(f, b"torn").unwrap();
        }
        write(&p, b"new").unwrap();
        assert!(!dead_new.exists());
        assert!(!dead_old.exists());
        assert!(other.exists(), "another file's temporary is left alone");
    }

    #[test]
    fn a_link_keeps_pointing_at_the_new_file() {
        let tmp = scratch("link");
        let d = tmp.path();
        let target = d.join("real.bin");
        let link = d.join("link.bin");
        write(&target, b"old").unwrap();
        std::os::unix::fs::symlink("real.bin", &link).unwrap();
        write(&link, b"new").unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read(&target).unwrap(), b"new");
    }

    #[test]
    fn a_device_is_written_in_place() {
        let null = Path::new("/dev/null");
        if !null.exists() {
            eprintln!("skipped: no /dev/null");
            return;
        }
        write(null, b"discarded").unwrap();
        let m = fs::metadata(null).unwrap();
        assert!(!m.is_file(), "/dev/null is still a device");
    }

    #[test]
    fn a_folder_is_not_overwritten() {
        let tmp = scratch("dir");
        let d = tmp.path();
        assert!(write(d, b"x").is_err());
        assert!(d.is_dir());
    }

    #[test]
    fn a_missing_folder_is_an_error() {
        let tmp = scratch("missing");
        let d = tmp.path();
        assert!(write(&d.join("no/such/a.bin"), b"x").is_err());
    }
}
