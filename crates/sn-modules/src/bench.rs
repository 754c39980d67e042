//! The LeNet-5 throughput benchmark's timing loop, shared by the
//! benchmark of Rust-built networks (`examples/speed.rs` of this crate)
//! and that of Lisp-built ones (the root crate's `examples/speed_lisp.rs`):
//! both hand a [`Net`] to [`measure`], so they time the same code.

use std::time::Instant;

use crate::data::Dataset;
use crate::trainer::update;
use crate::Net;

/// One benchmark case: a network, a batch size and what to time.
pub struct Case {
    /// The case's name (as in PyTorch's reference).
    pub name: &'static str,
    /// The 1998 network (sparse C3, RBF) rather than PyTorch's.
    pub paper: bool,
    /// Training steps (fprop, bprop, update) rather than inference.
    pub train: bool,
    /// Samples per step.
    pub batch: usize,
    /// Parallel kernels.
    pub par: bool,
}

/// The cases of the benchmark.
pub const CASES: &[Case] = &[
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

/// `n` random 28×28 samples, for machines without the data.
pub fn synthetic(n: usize) -> Dataset {
    let mut rng = crate::Rng::new(7);
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

/// Times case `c` on `net` (warm-up 1 s, then `repeats` runs of `secs`
/// seconds each, on a thread of the rayon pool as the trainer runs) and
/// returns the JSON line of the result.
pub fn measure(net: &mut Net, data: &Dataset, c: &Case, secs: f64, repeats: usize) -> String {
    net.par = c.par;
    let macs = net.macs().unwrap_or(0) as f64;
    // the first layer needs no input gradient
    let first = net.seq.mods[0].macs(&[1, 1, 32, 32]).unwrap_or(0) as f64;
    let (mut pos, mut idx, mut vel) = (0, Vec::new(), Vec::new());
    let (mut rates, mut cpu_rates) = (Vec::new(), Vec::new());
    rayon::scope(|_| {
        let t0 = Instant::now();
        while t0.elapsed().as_secs_f64() < 1.0 {
            run(net, data, c, &mut pos, &mut idx, &mut vel);
        }
        for _ in 0..repeats.max(1) {
            let (t0, c0, mut n) = (Instant::now(), cpu_secs(), 0usize);
            while t0.elapsed().as_secs_f64() < secs {
                run(net, data, c, &mut pos, &mut idx, &mut vel);
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
    format!(
        "{{\"case\": \"{}\", \"engine\": \"sn\", \"batch\": {}, \"threads\": {}, \"samples_per_s_median\": {:.1}, \"samples_per_s_min\": {:.1}, \"samples_per_s_max\": {:.1}, \"gflops\": {:.2}, \"samples_per_cpu_s\": {:.1}}}",
        c.name,
        c.batch,
        if c.par { rayon::current_num_threads() } else { 1 },
        med,
        rates[0],
        rates[rates.len() - 1],
        flops * med / 1e9,
        cpu_rates[cpu_rates.len() / 2]
    )
}

/// The options of the benchmark programs: `--data DIR`, `--time S`,
/// `--repeats N`, then the case names (none: all); other `--name value`
/// pairs are returned in `extra`.
pub struct Options {
    /// Folder of the IDX training files.
    pub dir: std::path::PathBuf,
    /// Seconds per run.
    pub secs: f64,
    /// Runs per case.
    pub repeats: usize,
    /// The cases asked for.
    pub only: Vec<String>,
    /// Other options, as (name, value).
    pub extra: Vec<(String, String)>,
}

impl Options {
    /// Options from the command line's arguments.
    pub fn parse(args: &[String]) -> Self {
        let mut o = Options {
            dir: "/usr/share/datasets/fashion-mnist".into(),
            secs: 3.0,
            repeats: 3,
            only: Vec::new(),
            extra: Vec::new(),
        };
        let mut i = 0;
        while i < args.len() {
            let val = args.get(i + 1).cloned().unwrap_or_default();
            match args[i].as_str() {
                "--data" => o.dir = val.into(),
                "--time" => o.secs = val.parse().unwrap_or(3.0),
                "--repeats" => o.repeats = val.parse().unwrap_or(3),
                name if name.starts_with("--") => o.extra.push((name[2..].to_string(), val)),
                c => {
                    o.only.push(c.to_string());
                    i += 1;
                    continue;
                }
            }
            i += 2;
        }
        o
    }

    /// The training data (synthetic if the folder has none), padded to 32×32.
    pub fn data(&self) -> Dataset {
        crate::data::load_idx_set(&self.dir, "train")
            .unwrap_or_else(|_| synthetic(10000))
            .padded(2, -0.1)
            .expect("padding a data set")
    }

    /// The cases asked for, in the benchmark's order.
    pub fn cases(&self) -> impl Iterator<Item = &'static Case> + '_ {
        CASES
            .iter()
            .filter(|c| self.only.is_empty() || self.only.iter().any(|o| o == c.name))
    }
}
