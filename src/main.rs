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
the session goes on with every global and network intact. History is kept in\n\
the user's data directory (sn/history.txt); Tab completes bound symbols.\n\
Environment: SN_HOME overrides the directory holding lisp/ and data/."
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
    /// Load FILE, then enter the REPL.
    #[arg(short = 'i', long = "interactive", value_name = "FILE")]
    interactive: Option<String>,
    /// Script to run, followed by its arguments.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    script: Vec<String>,
}

fn main() {
    let cli = Cli::parse();
    let ok = sn::toplevel::with_interp(move |it| {
        if let Some(expr) = cli.eval {
            it.argv = cli.script.clone();
            return sn::toplevel::run_expr(it, &expr);
        }
        if let Some(file) = cli.interactive {
            it.argv = cli.script.clone();
            sn::toplevel::run_file(it, &file);
            sn::repl::run(it);
            return true;
        }
        match cli.script.split_first() {
            Some((file, rest)) => {
                it.argv = rest.to_vec();
                sn::toplevel::run_file(it, file)
            }
            None => {
                sn::repl::run(it);
                true
            }
        }
    });
    std::process::exit(if ok { 0 } else { 1 });
}
