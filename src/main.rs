//! The `sn` command: REPL, scripts, expressions.

use clap::Parser;

/// Lists are many small allocations; mimalloc serves them much faster
/// than the system allocator. The counting wrapper keeps the memory
/// budget informed of the live bytes (see `sn_array::budget`).
#[global_allocator]
static ALLOC: sn_array::budget::Counting<mimalloc::MiMalloc> =
    sn_array::budget::Counting(mimalloc::MiMalloc);

/// sn — a neural-network simulator scripted in Lisp (after SN2.8 and Lush).
///
/// With no argument, starts the REPL (prompt `? `, results as `= value`,
/// Ctrl-C stops a running evaluation, Ctrl-D leaves). `sn FILE [ARGS...]`
/// loads FILE and exits (non-zero status on error; `(argv)` gives ARGS).
/// Files ending in `.sn` are SN2.8 scripts: read with case folding and run
/// with netenv loaded.
#[derive(Parser)]
#[command(
    name = "sn",
    version,
    about,
    long_about,
    verbatim_doc_comment,
    after_long_help = "In the REPL: (help) lists the topics, (help 'name) documents a function.\n\
Errors print `*** message [kind]`, the culprit, file:line:col and a short backtrace;\n\
the session goes on with every global and network intact. When standard input is\n\
a terminal, history is kept in the user's data directory (sn/history.txt, only if\n\
the home folder exists); Tab completes bound symbols.\n\
Exit status: 0, 1 after an error, 2 for a bad command line or SN_HOME, 130 after\n\
Ctrl-C. Ctrl-C stops at the evaluator's next safe point; a builtin that cannot be\n\
interrupted (one long kernel, a blocked read) ends a script after 1.5 s, and at the\n\
REPL a second Ctrl-C leaves sn.\n\
Environment: SN_HOME overrides the directory holding lisp/ and data/; SN_PATH is a\n\
colon-separated list of folders where load and libload look last (after the loading\n\
file's folder, the current folder and sn's lisp/), as Lush's search path; SN28_LIB\n\
names SN2.8's own lib/ folder: (libload \"sn28/sn28\") and the netenv loaded before .sn\n\
scripts are then its netenv.sn, connect.sn and knnenv.sn instead of sn's netenv (the\n\
folder is searched before sn's lisp/); SN_MEMORY\n\
sets the memory budget (like --memory); SN_WINDOWS sets the folder where windows\n\
are written as PNG files (by default windows are written only by save-window)."
)]
struct Cli {
    /// Evaluate EXPR, print its value and exit.
    #[arg(
        short = 'e',
        long = "eval",
        value_name = "EXPR",
        conflicts_with = "interactive"
    )]
    eval: Option<String>,
    /// Load FILE, then enter the REPL. A FILE that cannot be found stops
    /// sn (status 1); after an error in FILE the REPL starts only if
    /// standard input is a terminal (else status 1).
    #[arg(short = 'i', long = "interactive", value_name = "FILE")]
    interactive: Option<String>,
    /// Memory budget (bytes, or with a K, M, G suffix: 512M, 2G); default
    /// SN_MEMORY, else half of the machine's memory. See (memory-limit).
    #[arg(long = "memory", value_name = "SIZE")]
    memory: Option<String>,
    /// Log folder for TensorBoard: sets `tensorboard-logdir`, so that
    /// train-net appends its per-pass costs, errors and speed to an event
    /// file there (made if needed).
    #[arg(long = "logdir", value_name = "DIR")]
    logdir: Option<String>,
    /// Serve the live view on http://127.0.0.1:PORT/ (8028 when PORT is
    /// not given, any free port for 0; the URL is printed on standard
    /// error): a page showing every window and the training curves while
    /// they change. It stops when sn exits (`-i FILE` keeps it after FILE).
    #[arg(long = "view", value_name = "PORT", num_args = 0..=1,
          default_missing_value = "8028")]
    view: Option<u16>,
    /// Write the network made by `--net EXPR` (with the weights of
    /// `--weights FILE`, written by `(==> net save FILE)`, when given) as
    /// an ONNX model to OUT, then exit. Example: sn --export-onnx
    /// lenet5.onnx --net '(progn (libload "lenet") (lenet5))' --weights
    /// lenet5.w
    #[arg(long = "export-onnx", value_name = "OUT", requires = "net", conflicts_with_all = ["eval", "interactive"])]
    export_onnx: Option<String>,
    /// With --export-onnx: a Lisp expression whose value is the network
    /// (its modules as when it was trained).
    #[arg(long = "net", value_name = "EXPR", requires = "export_onnx")]
    net: Option<String>,
    /// With --export-onnx: a weights file to load into the network first.
    #[arg(long = "weights", value_name = "FILE", requires = "export_onnx")]
    weights: Option<String>,
    /// Script to run, followed by its arguments.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    script: Vec<String>,
}

/// Fails (status 2) when `--memory` is not a size; sets the budget.
fn apply_memory(size: Option<&str>) {
    let Some(s) = size else { return };
    match sn_array::budget::parse_size(s) {
        Some(b) => {
            sn_array::budget::set_limit(b);
        }
        None => {
            eprintln!("*** sn: --memory {s}: not a size (bytes, or with K, M, G: 512M, 2G)");
            std::process::exit(sn::toplevel::status::USAGE);
        }
    }
}

/// `--view` with no PORT after it (the next word is the script, an option
/// or nothing) becomes `--view=8028`, so that `sn --view FILE` runs FILE.
/// Words after the script are the script's and are left alone.
fn view_default(args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    const WITH_VALUE: [&str; 6] = [
        "-e",
        "--eval",
        "-i",
        "--interactive",
        "--memory",
        "--logdir",
    ];
    let mut out = Vec::with_capacity(args.len());
    let mut it = args.into_iter().peekable();
    if let Some(prog) = it.next() {
        out.push(prog);
    }
    while let Some(a) = it.next() {
        let word = a.to_str().unwrap_or("").to_string();
        if word == "--view" {
            let port = it
                .peek()
                .and_then(|n| n.to_str())
                .and_then(|n| n.parse::<u16>().ok());
            if port.is_none() {
                let d = sn::builtins::liveview::DEFAULT_PORT;
                out.push(format!("--view={d}").into());
                continue;
            }
        }
        out.push(a);
        if WITH_VALUE.contains(&word.as_str()) {
            out.extend(it.next());
        } else if word == "--" || !word.starts_with('-') {
            break;
        }
    }
    out.extend(it);
    out
}

/// Starts the live view of `--view PORT`; a message when it cannot.
fn start_view(port: u16) -> Result<(), String> {
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let url = sn::builtins::liveview::start(addr)
        .map_err(|e| format!("*** sn: --view: {}", e.message))?;
    eprintln!("sn: live view on {url}");
    Ok(())
}

/// Whether standard input is a terminal (a person at the REPL).
fn stdin_is_terminal() -> bool {
    use std::io::IsTerminal;
    std::io::stdin().is_terminal()
}

/// `-i FILE`: loads FILE, then the REPL (see [`Cli::interactive`]).
fn run_interactive(it: &mut sn::lisp::Interp, file: &str) -> i32 {
    use sn::toplevel::status;
    if let Some(msg) = sn::toplevel::unloadable(it, file) {
        eprintln!("{msg}");
        return status::ERROR;
    }
    let interactive = stdin_is_terminal();
    sn::lisp::interrupt::set_interactive(interactive);
    let st = sn::toplevel::run_file(it, file);
    if sn::toplevel::exit_requested(it).is_some() || (st != status::OK && !interactive) {
        return st;
    }
    sn::repl::run(it)
}

fn main() {
    let cli = Cli::parse_from(view_default(std::env::args_os().collect()));
    apply_memory(cli.memory.as_deref());
    let code = sn::toplevel::with_interp(move |it| {
        if let Err(msg) = sn::toplevel::check_home(it) {
            eprintln!("{msg}");
            return sn::toplevel::status::USAGE;
        }
        if let Some(d) = &cli.logdir {
            it.set_global(
                sn::builtins::tensorboard::LOGDIR,
                sn::lisp::Value::string(d),
            );
        }
        if let Some(port) = cli.view {
            if let Err(msg) = start_view(port) {
                eprintln!("{msg}");
                return sn::toplevel::status::ERROR;
            }
        }
        if let (Some(out), Some(net)) = (&cli.export_onnx, &cli.net) {
            let src = sn::builtins::onnx::export_source(out, net, cli.weights.as_deref());
            return sn::toplevel::run_silent(it, &src, "<--export-onnx>");
        }
        if let Some(expr) = cli.eval {
            it.argv = cli.script.clone();
            return sn::toplevel::run_expr(it, &expr);
        }
        if let Some(file) = cli.interactive {
            it.argv = cli.script.clone();
            return run_interactive(it, &file);
        }
        match cli.script.split_first() {
            Some((file, rest)) => {
                it.argv = rest.to_vec();
                sn::toplevel::run_file(it, file)
            }
            None => {
                sn::lisp::interrupt::set_interactive(stdin_is_terminal());
                sn::repl::run(it)
            }
        }
    });
    std::process::exit(code);
}
