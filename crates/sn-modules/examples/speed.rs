//! Throughput of LeNet-5 training and inference, one JSON line per case
//! (the counterpart of the PyTorch reference `bench_torch.py`).
//!
//! `cargo run --release -p sn-modules --example speed -- [--data DIR] [--time S] [--repeats N] [CASE...]`
//! Cases: lenet5_train_b1, lenet5_train_b64, lenet5_infer_b1000 (PyTorch's
//! network: full C3, softmax cross-entropy), their `_paper` variants (the
//! 1998 network: sparse C3, RBF), and `_1thr` variants (serial kernels).

use std::path::PathBuf;
use std::time::Instant;

use sn_modules::data::{load_idx_set, Dataset};
use sn_modules::lenet::{lenet5, Head};
use sn_modules::trainer::update;
use sn_modules::Net;

struct Case {
    name: &'static str,
    paper: bool,
    train: bool,
    batch: usize,
    par: bool,
}

const CASES: &[Case] = &[
    Case {
        name: "lenet5_train_b1",
        paper: false,
        train: true,
        batch: 1,
        par: false,
    },
    Case {
        name: "lenet5_train_b64",
        paper: false,
        train: true,
        batch: 64,
        par: true,
    },
    Case {
        name: "lenet5_infer_b1000",
        paper: false,
        train: false,
        batch: 1000,
        par: true,
    },
    Case {
        name: "lenet5_train_b64_1thr",
        paper: false,
        train: true,
        batch: 64,
        par: false,
    },
    Case {
        name: "lenet5_infer_b1000_1thr",
        paper: false,
        train: false,
        batch: 1000,
        par: false,
    },
    Case {
        name: "lenet5_paper_train_b1",
        paper: true,
        train: true,
        batch: 1,
        par: false,
    },
    Case {
        name: "lenet5_paper_train_b64",
        paper: true,
        train: true,
        batch: 64,
        par: true,
    },
    Case {
        name: "lenet5_paper_infer_b1000",
        paper: true,
        train: false,
        batch: 1000,
        par: true,
    },
];

fn synthetic(n: usize) -> Dataset {
    let mut rng = sn_modules::Rng::new(7);
    Dataset {
        x: (0..n * 784).map(|_| rng.range(-0.1, 1.175)).collect(),
        y: (0..n).map(|_| rng.below(10)).collect(),
        shape: vec![1, 28, 28],
        classes: 10,
    }
}

fn run(
    net: &mut Net,
    data: &Dataset,
    c: &Case,
    pos: &mut usize,
    idx: &mut Vec<usize>,
    vel: &mut Vec<f32>,
) {
    idx.clear();
    idx.extend((0..c.batch).map(|k| (*pos + k) % data.len()));
    *pos = (*pos + c.batch) % data.len();
    net.load_batch(data, idx).expect("batch");
    net.fprop().expect("fprop");
    if c.train {
        net.energy().expect("energy");
        net.bprop().expect("bprop");
        update(&mut net.pool, vel, 0.01, 0.0, 0.0, false);
    }
}

/// Process CPU seconds (user + system) from /proc, 0 where unavailable.
fn cpu_secs() -> f64 {
    let s = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let rest = s.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let tick = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (tick(11) + tick(12)) / 100.0
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut dir = PathBuf::from("/usr/share/datasets/fashion-mnist");
    let (mut secs, mut repeats, mut only) = (3.0f64, 3usize, Vec::new());
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--data" => {
                dir = PathBuf::from(args.get(i + 1).cloned().unwrap_or_default());
                i += 1;
            }
            "--time" => {
                secs = args.get(i + 1).and_then(|s| s.parse().ok()).unwrap_or(3.0);
                i += 1;
            }
            "--repeats" => {
                repeats = args.get(i + 1).and_then(|s| s.parse().ok()).unwrap_or(3);
                i += 1;
            }
            c => only.push(c.to_string()),
        }
        i += 1;
    }
    let data = load_idx_set(&dir, "train")
        .unwrap_or_else(|_| synthetic(10000))
        .padded(2, -0.1)
        .expect("padding a data set");
    for c in CASES
        .iter()
        .filter(|c| only.is_empty() || only.iter().any(|o| o == c.name))
    {
        let head = if c.paper { Head::Rbf } else { Head::SoftmaxCe };
        let mut net = lenet5(head, c.paper, 0).expect("lenet5");
        net.par = c.par;
        let macs = net.macs().expect("macs") as f64;
        // the first layer needs no input gradient
        let first = net.seq.mods[0].macs(&[1, 1, 32, 32]).unwrap_or(0) as f64;
        let (mut pos, mut idx, mut vel) = (0, Vec::new(), Vec::new());
        let (mut rates, mut cpu_rates) = (Vec::new(), Vec::new());
        // on a thread of the pool, as the trainer runs its passes
        rayon::scope(|_| {
            let t0 = Instant::now();
            while t0.elapsed().as_secs_f64() < 1.0 {
                run(&mut net, &data, c, &mut pos, &mut idx, &mut vel);
            }
            for _ in 0..repeats {
                let (t0, c0, mut n) = (Instant::now(), cpu_secs(), 0usize);
                while t0.elapsed().as_secs_f64() < secs {
                    run(&mut net, &data, c, &mut pos, &mut idx, &mut vel);
                    n += c.batch;
                }
                rates.push(n as f64 / t0.elapsed().as_secs_f64());
                cpu_rates.push(n as f64 / (cpu_secs() - c0).max(1e-3));
            }
        });
        cpu_rates.sort_by(|a, b| a.total_cmp(b));
        rates.sort_by(|a, b| a.total_cmp(b));
        let med = rates[rates.len() / 2];
        // training: forward + weight gradients + input gradients (not for the first layer)
        let flops = if c.train {
            6.0 * macs - 2.0 * first
        } else {
            2.0 * macs
        };
        println!(
            "{{\"case\": \"{}\", \"engine\": \"sn\", \"batch\": {}, \"threads\": {}, \"samples_per_s_median\": {:.1}, \"samples_per_s_min\": {:.1}, \"samples_per_s_max\": {:.1}, \"gflops\": {:.2}, \"samples_per_cpu_s\": {:.1}}}",
            c.name, c.batch, if c.par { rayon::current_num_threads() } else { 1 }, med, rates[0], rates[rates.len() - 1], flops * med / 1e9, cpu_rates[cpu_rates.len() / 2]
        );
    }
}
