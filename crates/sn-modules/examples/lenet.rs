//! Trains LeNet-5 (or LeNet-1) on an IDX folder and prints per-epoch
//! results, then the final test accuracy.
//!
//! `cargo run --release -p sn-modules --example lenet -- [DIR] [--net lenet5|lenet5-ce|lenet1]
//!  [--epochs N] [--batch B] [--eta E] [--momentum M] [--paper] [--par] [--train N] [--test N]
//!  [--scale S] [--steps EPOCH:ETA,EPOCH:ETA...] [--init98] [--mu MU] [--seeds S1,S2,...]`
//!
//! `--steps` gives the rate from each (0-based) pass on; `--eta` stays the
//! rate of the passes before the first step. `--seeds` (default 1) seeds
//! both the initial weights and the shuffling; with several, each seed is
//! a run and the last line is the mean ± sample standard deviation of the
//! final test accuracies. After a pass at rate 0, or one where the network
//! is dead (at chance, cost not going down), a line starting `***` says so
//! with the likely cause, and the run stops unless the schedule gives a
//! later pass another rate.

use std::path::PathBuf;

use sn_modules::data::{load_idx_set, Dataset};
use sn_modules::lenet::{lenet1, lenet5, Head};
use sn_modules::{Net, TrainConfig, Trainer};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// The command line.
struct Opts {
    dir: PathBuf,
    net: String,
    epochs: usize,
    batch: usize,
    eta: f32,
    mom: f32,
    paper: bool,
    par: bool,
    ntrain: usize,
    ntest: usize,
    scale: f32,
    mu: Option<f32>,
    init98: bool,
    steps: Vec<(usize, f32)>,
    seeds: Vec<u64>,
}

fn parse(args: &[String]) -> Res<Opts> {
    let mut o = Opts {
        dir: PathBuf::from("data/mnist"),
        net: "lenet5".into(),
        epochs: 2,
        batch: 1,
        eta: 0.0,
        mom: 0.0,
        paper: false,
        par: false,
        ntrain: usize::MAX,
        ntest: usize::MAX,
        scale: 1.0,
        mu: None,
        init98: false,
        steps: Vec::new(),
        seeds: vec![1],
    };
    let mut i = 0;
    while i < args.len() {
        let next = || args.get(i + 1).cloned().unwrap_or_default();
        let mut flag = false;
        match args[i].as_str() {
            "--net" => o.net = next(),
            "--epochs" => o.epochs = next().parse()?,
            "--batch" => o.batch = next().parse()?,
            "--eta" => o.eta = next().parse()?,
            "--momentum" => o.mom = next().parse()?,
            "--scale" => o.scale = next().parse()?,
            "--mu" => o.mu = Some(next().parse()?),
            "--steps" => {
                o.steps = next()
                    .split(',')
                    .filter_map(|p| p.split_once(':'))
                    .filter_map(|(e, v)| Some((e.parse().ok()?, v.parse().ok()?)))
                    .collect()
            }
            "--seeds" => {
                o.seeds = next()
                    .split(',')
                    .map(|s| s.parse())
                    .collect::<Result<_, _>>()?
            }
            "--train" => o.ntrain = next().parse()?,
            "--test" => o.ntest = next().parse()?,
            "--paper" => (o.paper, flag) = (true, true),
            "--init98" => (o.init98, flag) = (true, true),
            "--par" => (o.par, flag) = (true, true),
            d => (o.dir, flag) = (PathBuf::from(d), true),
        }
        i += if flag { 1 } else { 2 };
    }
    Ok(o)
}

/// The network of `--net`, initialised from `seed`, and the data it reads.
fn build(o: &Opts, seed: u64, train: &Dataset, test: &Dataset) -> Res<(Net, Dataset, Dataset)> {
    let (mut net, train, test) = match o.net.as_str() {
        "lenet1" => (lenet1(seed)?, train.clone(), test.clone()),
        "lenet5-ce" => (
            lenet5(Head::SoftmaxCe, false, seed)?,
            train.padded(2, -0.1)?,
            test.padded(2, -0.1)?,
        ),
        _ => (
            lenet5(Head::Rbf, true, seed)?,
            train.padded(2, -0.1)?,
            test.padded(2, -0.1)?,
        ),
    };
    net.par = o.par;
    if o.init98 {
        let mut rng = sn_modules::Rng::with_rule(seed, sn_modules::InitRule::Lecun98);
        net.forget_with(&mut rng)?;
    }
    Ok((net, train, test))
}

/// The trainer settings of the options, shuffling from `seed`.
fn config(o: &Opts, seed: u64) -> TrainConfig {
    let mut cfg = if o.paper {
        TrainConfig::lenet5_paper()
    } else {
        TrainConfig::sgd(o.eta, o.batch)
    };
    if !o.paper || o.eta > 0.0 {
        cfg.batch = o.batch;
        cfg.momentum = o.mom;
        if o.eta > 0.0 && !o.paper {
            cfg.schedule = sn_modules::Schedule::constant(o.eta);
        }
    }
    if !o.steps.is_empty() {
        let mut steps = o.steps.clone();
        steps.sort_by_key(|s| s.0);
        // `--eta` is the rate until the first step (a schedule alone
        // would give 0 to the passes before it)
        if steps[0].0 > 0 && o.eta > 0.0 {
            steps.insert(0, (0, o.eta));
        }
        cfg.schedule = sn_modules::Schedule(steps, 0);
    }
    cfg.schedule.0.iter_mut().for_each(|s| s.1 *= o.scale);
    if let (Some(m), Some(lm)) = (o.mu, cfg.lm.as_mut()) {
        lm.mu = m;
    }
    cfg.seed = seed;
    cfg
}

/// One run from `seed`; its final test accuracy in %.
fn run(o: &Opts, seed: u64, train: &Dataset, test: &Dataset) -> Res<f64> {
    let (mut net, train, test) = build(o, seed, train, test)?;
    let cfg = config(o, seed);
    println!(
        "{} (seed {seed}): {} parameters, {} connections; train {} test {}; {:?}",
        o.net,
        net.nparams(),
        net.connections()?,
        train.len(),
        test.len(),
        cfg
    );
    let mut tr = Trainer::new(cfg)?;
    let mut watch = sn_modules::Watch::new();
    let mut acc = 0.0;
    for _ in 0..o.epochs {
        let r = tr.train_epoch(&mut net, &train)?;
        let stalled = watch.after_pass(&r, net.cost.classes(), tr.last_rate(train.len()));
        let t = Trainer::test(&mut net, &test, 500)?;
        println!(
            "epoch {} train: {}  | test: cost={:.5} errors={:.2}%",
            r.epoch,
            r,
            t.cost,
            t.error_pct()
        );
        acc = t.correct_pct();
        if let Some(s) = stalled {
            println!("*** {}", s.message());
            if !tr.rate_changes(o.epochs, train.len()) {
                println!("*** training stopped: the rate stays the same for the remaining passes");
                break;
            }
        }
    }
    println!("seed {seed}: test accuracy {acc:.2}%");
    Ok(acc)
}

fn main() -> Res<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let o = parse(&args)?;
    let train = load_idx_set(&o.dir, "train")?.head(o.ntrain);
    let test = load_idx_set(&o.dir, "t10k")?.head(o.ntest);
    let mut accs = Vec::with_capacity(o.seeds.len());
    for &seed in &o.seeds {
        accs.push(run(&o, seed, &train, &test)?);
    }
    if accs.len() > 1 {
        let n = accs.len() as f64;
        let mean = accs.iter().sum::<f64>() / n;
        let sd = (accs.iter().map(|a| (a - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
        let seeds: Vec<String> = o.seeds.iter().map(|s| s.to_string()).collect();
        println!(
            "test accuracy over seeds {}: {mean:.2} ± {sd:.2}%",
            seeds.join(",")
        );
    }
    Ok(())
}
