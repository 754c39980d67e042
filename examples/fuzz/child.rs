//! Running one case: the `sn` binary as a child process in a scratch
//! directory, with a wall-clock limit, an address-space limit and a memory
//! budget, then classifying how it ended.

use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::gen::Program;

/// Limits applied to every child.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Wall-clock time before the child is sent SIGINT.
    pub time: Duration,
    /// Time it then has to stop before it counts as a deaf hang.
    pub grace: Duration,
    /// RLIMIT_AS of the child, bytes.
    pub address_space: u64,
    /// SN_MEMORY of the child (sn's own budget, under the address space).
    pub sn_memory: String,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            time: Duration::from_secs(3),
            grace: Duration::from_millis(1500),
            address_space: 3 << 30,
            sn_memory: "1G".into(),
        }
    }
}

/// How a case ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// Exit 0.
    Ok,
    /// Exit 1: a Lisp error, reported.
    LispError,
    /// A Rust panic (message on stderr, or status 70).
    Panic,
    /// SIGABRT, SIGSEGV and the like: stack overflow, fatal runtime error.
    Abort,
    /// Killed by the address-space limit (failed allocation) or SIGKILL.
    MemoryKill,
    /// Ran past the time limit, then stopped on SIGINT.
    Interruptible,
    /// Ran past the time limit and ignored SIGINT.
    DeafHang,
    /// Killed for writing past the file-size limit.
    FileLimit,
    /// Any other exit status.
    OddExit,
}

impl Class {
    /// Every class, in table order.
    pub const ALL: [Class; 9] = [
        Class::Ok,
        Class::LispError,
        Class::Panic,
        Class::Abort,
        Class::MemoryKill,
        Class::Interruptible,
        Class::DeafHang,
        Class::FileLimit,
        Class::OddExit,
    ];

    /// Short name, also used in reproduction file names.
    pub fn name(self) -> &'static str {
        match self {
            Class::Ok => "ok",
            Class::LispError => "lisp-error",
            Class::Panic => "panic",
            Class::Abort => "abort",
            Class::MemoryKill => "memory-kill",
            Class::Interruptible => "interruptible-timeout",
            Class::DeafHang => "deaf-hang",
            Class::FileLimit => "file-limit",
            Class::OddExit => "odd-exit",
        }
    }

    /// Whether the class makes the run fail: a failed allocation is a
    /// request that went around the memory budget, and an odd exit status
    /// is none that sn gives.
    pub fn is_failure(self) -> bool {
        matches!(
            self,
            Class::Panic | Class::Abort | Class::MemoryKill | Class::DeafHang | Class::OddExit
        )
    }

    /// Whether the class is worth a reproduction.
    pub fn is_notable(self) -> bool {
        !matches!(self, Class::Ok | Class::LispError | Class::Interruptible)
    }
}

/// The end of one case.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub class: Class,
    /// What identifies the crash site (panic location, stderr key line).
    pub signature: String,
    /// The end of stderr.
    pub stderr: String,
}

/// Sets a resource limit of the child (between fork and exec). A macro
/// rather than a function: the type of the resource differs between libcs.
macro_rules! set_limit {
    ($resource:expr, $bytes:expr) => {{
        let r = libc::rlimit {
            rlim_cur: $bytes as libc::rlim_t,
            rlim_max: $bytes as libc::rlim_t,
        };
        // SAFETY: setrlimit is async-signal-safe and `r` is a valid rlimit.
        if unsafe { libc::setrlimit($resource, &r) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
    }};
}

/// Runs `prog` with `sn` in a fresh scratch folder `dir` (created and
/// removed here), `home` as SN_HOME, and classifies the end.
pub fn run(sn: &Path, home: &Path, prog: &Program, lim: &Limits, dir: &Path) -> Outcome {
    let _ = std::fs::remove_dir_all(dir);
    if let Err(e) = std::fs::create_dir_all(dir) {
        return harness_error(format!("cannot create {}: {e}", dir.display()));
    }
    let out = run_in(sn, home, prog, lim, dir);
    let _ = std::fs::remove_dir_all(dir);
    out
}

/// An outcome for a failure of the harness itself (never silently ok).
fn harness_error(msg: String) -> Outcome {
    Outcome {
        class: Class::OddExit,
        signature: format!("harness: {msg}"),
        stderr: msg,
    }
}

fn run_in(sn: &Path, home: &Path, prog: &Program, lim: &Limits, dir: &Path) -> Outcome {
    let file: PathBuf = dir.join(if prog.fold { "case.sn" } else { "case.lsp" });
    let err_path = dir.join(".stderr");
    let (Ok(()), Ok(err)) = (
        std::fs::write(&file, &prog.code),
        std::fs::File::create(&err_path),
    ) else {
        return harness_error(format!("cannot write in {}", dir.display()));
    };
    let (aspace, fsize) = (lim.address_space, 256u64 << 20);
    let mut cmd = Command::new(sn);
    cmd.arg(&file)
        .current_dir(dir)
        .env("HOME", dir)
        .env("XDG_DATA_HOME", dir)
        .env("TMPDIR", dir)
        .env("SN_HOME", home)
        .env("SN_MEMORY", &lim.sn_memory)
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(err);
    let hook = move || {
        set_limit!(libc::RLIMIT_AS, aspace);
        set_limit!(libc::RLIMIT_CORE, 0);
        set_limit!(libc::RLIMIT_FSIZE, fsize);
        Ok(())
    };
    // SAFETY: the hook only calls setrlimit, which is async-signal-safe.
    unsafe { cmd.pre_exec(hook) };
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => return harness_error(format!("cannot run {}: {e}", sn.display())),
    };
    let (status, timed_out, deaf) = wait(&mut child, lim);
    let stderr = tail(&err_path);
    let Some(status) = status else {
        return harness_error("lost the child".into());
    };
    classify(status, timed_out, deaf, stderr)
}

/// Waits for the child with the time limit; on timeout sends SIGINT and
/// waits the grace time, then SIGKILL. Returns the status, whether the
/// time ran out and whether SIGINT was ignored.
fn wait(
    child: &mut std::process::Child,
    lim: &Limits,
) -> (Option<std::process::ExitStatus>, bool, bool) {
    let start = Instant::now();
    let mut nap = Duration::from_micros(500);
    let mut interrupted_at: Option<Instant> = None;
    loop {
        match child.try_wait() {
            Ok(Some(s)) => return (Some(s), interrupted_at.is_some(), false),
            Ok(None) => {}
            Err(_) => return (None, false, false),
        }
        match interrupted_at {
            None if start.elapsed() >= lim.time => {
                // SAFETY: kill on our own child's pid.
                unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
                interrupted_at = Some(Instant::now());
            }
            Some(t) if t.elapsed() >= lim.grace => {
                let _ = child.kill();
                return (child.wait().ok(), true, true);
            }
            _ => {}
        }
        std::thread::sleep(nap);
        nap = (nap * 2).min(Duration::from_millis(20));
    }
}

/// The last 4 KiB of stderr.
fn tail(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_default();
    let from = bytes.len().saturating_sub(4096);
    String::from_utf8_lossy(&bytes[from..]).into_owned()
}

/// Replaces digits by `N`, so that sizes and addresses do not split a site.
fn normalize(s: &str) -> String {
    let mut out = String::new();
    for c in s.trim().chars() {
        if c.is_ascii_digit() {
            if !out.ends_with('N') {
                out.push('N');
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The panic location of a `panicked at FILE:LINE:COL:` line.
fn panic_site(stderr: &str) -> Option<String> {
    let at = stderr.find("panicked at ")?;
    let rest = &stderr[at + "panicked at ".len()..];
    let line = rest.lines().next().unwrap_or("");
    let msg = rest.lines().nth(1).unwrap_or("");
    Some(format!(
        "{} {}",
        line.trim_end_matches(':'),
        normalize(msg).chars().take(60).collect::<String>()
    ))
}

/// Classifies an exit status and the end of stderr.
fn classify(
    status: std::process::ExitStatus,
    timed_out: bool,
    deaf: bool,
    stderr: String,
) -> Outcome {
    let out = |class: Class, signature: String| Outcome {
        class,
        signature,
        stderr: stderr.clone(),
    };
    if deaf {
        return out(Class::DeafHang, "ignored SIGINT".into());
    }
    if let Some(site) = panic_site(&stderr) {
        return out(Class::Panic, site);
    }
    if stderr.contains("the interpreter thread failed") || status.code() == Some(70) {
        return out(
            Class::Panic,
            "interpreter thread failed (no message)".into(),
        );
    }
    let key = |words: &[&str]| {
        stderr
            .lines()
            .find(|l| words.iter().any(|w| l.contains(w)))
            .map(normalize)
    };
    if let Some(l) = key(&["memory allocation of"]) {
        return out(Class::MemoryKill, l);
    }
    match (status.code(), status.signal()) {
        (Some(0), _) if !timed_out => out(Class::Ok, String::new()),
        (Some(1), _) if !timed_out => out(Class::LispError, String::new()),
        (_, Some(libc::SIGKILL)) => out(Class::MemoryKill, "SIGKILL".into()),
        (_, Some(libc::SIGXFSZ)) => out(Class::FileLimit, "SIGXFSZ".into()),
        (_, Some(sig)) if sig != libc::SIGINT => {
            let l = key(&["overflowed its stack", "fatal runtime error", "error:"]);
            out(
                Class::Abort,
                format!("signal {sig}: {}", l.unwrap_or_default()),
            )
        }
        _ if timed_out => out(Class::Interruptible, String::new()),
        (c, s) => out(Class::OddExit, format!("status {c:?} signal {s:?}")),
    }
}
