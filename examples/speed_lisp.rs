//! Throughput of LeNet-5 built in Lisp (`lisp/net-lenet5.lsp`), with the
//! timing loop of the Rust-built benchmark (`sn_modules::bench`, also run
//! by `crates/sn-modules/examples/speed.rs`), one JSON line per case.
//!
//! `cargo run --release --example speed_lisp -- [--data DIR] [--time S] [--repeats N]
//!  [--build lisp|rust] [--net EXPR] [CASE...]`
//!
//! `--build lisp` (the default) evaluates `(lenet5 0 'torch)` or
//! `(lenet5 0 'paper)` after `(libload "lenet")`; `--build rust` takes
//! `sn_modules::lenet::lenet5` (the same weights), to compare both in one
//! program; `--net EXPR` times the net that a Lisp expression builds (a
//! user's own net on 32x32 inputs) for every case asked.

use sn::builtins::modules::NetObj;
use sn::lisp::{Interp, Value};
use sn_modules::bench::{measure, Case, Options};
use sn_modules::lenet::{lenet5, Head};

/// The Lisp expression that builds the network of case `c`.
fn lisp_expr(c: &Case, user: Option<&str>) -> String {
    match user {
        Some(e) => e.to_string(),
        None => format!("(lenet5 0 '{})", if c.paper { "paper" } else { "torch" }),
    }
}

/// Builds the network in Lisp and times case `c` on it.
fn lisp_case(it: &mut Interp, o: &Options, data: &sn_modules::Dataset, c: &Case) -> String {
    let user = o
        .extra
        .iter()
        .find(|(k, _)| k == "net")
        .map(|(_, v)| v.as_str());
    let v = it
        .eval_source(&lisp_expr(c, user), "speed_lisp", false)
        .unwrap_or_else(|e| panic!("building the net: {}", e.into_error().message));
    let Value::Native(n) = &v else {
        panic!("the expression gave no net");
    };
    let net = n.as_any().downcast_ref::<NetObj>().expect("a net");
    net.with_net(|net| Ok(measure(net, data, c, o.secs, o.repeats)))
        .expect("timing")
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::thread::Builder::new()
        .stack_size(sn::toplevel::INTERP_STACK)
        .spawn(move || {
            let o = Options::parse(&args);
            let data = o.data();
            let rust = o.extra.iter().any(|(k, v)| k == "build" && v == "rust");
            let mut it = Interp::new();
            it.eval_source("(libload \"lenet\")", "speed_lisp", false)
                .unwrap_or_else(|e| panic!("lenet: {}", e.into_error().message));
            for c in o.cases() {
                let line = if rust {
                    let head = if c.paper { Head::Rbf } else { Head::SoftmaxCe };
                    let mut net = lenet5(head, c.paper, 0).expect("lenet5");
                    measure(&mut net, &data, c, o.secs, o.repeats)
                } else {
                    lisp_case(&mut it, &o, &data, c)
                };
                let build = if rust { "rust" } else { "lisp" };
                println!(
                    "{}",
                    line.replacen('{', &format!("{{\"build\": \"{build}\", "), 1)
                );
            }
        })
        .expect("a thread for the interpreter")
        .join()
        .expect("the benchmark");
}
