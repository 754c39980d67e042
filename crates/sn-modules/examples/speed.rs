//! Throughput of LeNet-5 training and inference on the Rust-built
//! networks, one JSON line per case (the counterpart of the PyTorch
//! reference `bench_torch.py`); the Lisp-built networks are timed by the
//! root crate's `examples/speed_lisp.rs` with the same loop
//! ([`sn_modules::bench`]).
//!
//! `cargo run --release -p sn-modules --example speed -- [--data DIR] [--time S] [--repeats N] [CASE...]`
//! Cases: lenet5_train_b1, lenet5_train_b64, lenet5_infer_b1000 (PyTorch's
//! network: full C3, softmax cross-entropy), their `_paper` variants (the
//! 1998 network: sparse C3, RBF), and `_1thr` variants (serial kernels).

use sn_modules::bench::{measure, Options};
use sn_modules::lenet::{lenet5, Head};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let o = Options::parse(&args);
    let data = o.data();
    for c in o.cases() {
        let head = if c.paper { Head::Rbf } else { Head::SoftmaxCe };
        let mut net = lenet5(head, c.paper, 0).expect("lenet5");
        println!("{}", measure(&mut net, &data, c, o.secs, o.repeats));
    }
}
