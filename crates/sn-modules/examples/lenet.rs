//! Trains LeNet-5 (or LeNet-1) on an IDX folder and prints per-epoch
//! results.
//!
//! `cargo run --release -p sn-modules --example lenet -- [DIR] [--net lenet5|lenet5-ce|lenet1]
//!  [--epochs N] [--batch B] [--eta E] [--momentum M] [--paper] [--par] [--train N] [--test N]
//!  [--scale S] [--steps EPOCH:ETA,EPOCH:ETA...] [--init98] [--mu MU]`

use std::path::PathBuf;

use sn_modules::data::load_idx_set;
use sn_modules::lenet::{lenet1, lenet5, Head};
use sn_modules::{TrainConfig, Trainer};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut dir = PathBuf::from("data/mnist");
    let (mut net_kind, mut epochs, mut batch, mut eta, mut mom) =
        ("lenet5".to_string(), 2usize, 1usize, 0.0f32, 0.0f32);
    let (mut paper, mut par, mut ntrain, mut ntest) = (false, false, usize::MAX, usize::MAX);
    let mut scale = 1.0f32;
    let mut mu: Option<f32> = None;
    let mut init98 = false;
    let mut steps: Vec<(usize, f32)> = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let next = |i: usize| args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--net" => net_kind = next(i),
            "--epochs" => epochs = next(i).parse()?,
            "--batch" => batch = next(i).parse()?,
            "--eta" => eta = next(i).parse()?,
            "--momentum" => mom = next(i).parse()?,
            "--scale" => scale = next(i).parse()?,
            "--mu" => mu = Some(next(i).parse()?),
            "--steps" => {
                steps = next(i)
                    .split(',')
                    .filter_map(|p| p.split_once(':'))
                    .filter_map(|(e, v)| Some((e.parse().ok()?, v.parse().ok()?)))
                    .collect()
            }
            "--train" => ntrain = next(i).parse()?,
            "--test" => ntest = next(i).parse()?,
            "--paper" => {
                paper = true;
                i -= 1;
            }
            "--init98" => {
                init98 = true;
                i -= 1;
            }
            "--par" => {
                par = true;
                i -= 1;
            }
            d => {
                dir = PathBuf::from(d);
                i -= 1;
            }
        }
        i += 2;
    }
    let train = load_idx_set(&dir, "train")?.head(ntrain);
    let test = load_idx_set(&dir, "t10k")?.head(ntest);
    let (mut net, train, test) = match net_kind.as_str() {
        "lenet1" => (lenet1(1)?, train, test),
        "lenet5-ce" => (
            lenet5(Head::SoftmaxCe, false, 1)?,
            train.padded(2, -0.1)?,
            test.padded(2, -0.1)?,
        ),
        _ => (
            lenet5(Head::Rbf, true, 1)?,
            train.padded(2, -0.1)?,
            test.padded(2, -0.1)?,
        ),
    };
    net.par = par;
    if init98 {
        net.forget_with(&mut sn_modules::Rng::with_rule(
            1,
            sn_modules::InitRule::Lecun98,
        ))?;
    }
    let mut cfg = if paper {
        TrainConfig::lenet5_paper()
    } else {
        TrainConfig::sgd(eta, batch)
    };
    if !paper || eta > 0.0 {
        cfg.batch = batch;
        cfg.momentum = mom;
        if eta > 0.0 && !paper {
            cfg.schedule = sn_modules::Schedule::constant(eta);
        }
    }
    if !steps.is_empty() {
        cfg.schedule = sn_modules::Schedule(steps, 0);
    }
    cfg.schedule.0.iter_mut().for_each(|s| s.1 *= scale);
    if let (Some(m), Some(lm)) = (mu, cfg.lm.as_mut()) {
        lm.mu = m;
    }
    println!(
        "{}: {} parameters, {} connections; train {} test {}; {:?}",
        net_kind,
        net.nparams(),
        net.connections()?,
        train.len(),
        test.len(),
        cfg
    );
    let mut tr = Trainer::new(cfg)?;
    for _ in 0..epochs {
        let r = tr.train_epoch(&mut net, &train)?;
        let t = Trainer::test(&mut net, &test, 500)?;
        println!(
            "epoch {} train: {}  | test: cost={:.5} errors={:.2}%",
            r.epoch,
            r,
            t.cost,
            t.error_pct()
        );
    }
    Ok(())
}
