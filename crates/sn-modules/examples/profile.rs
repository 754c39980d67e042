//! CPU time per module of LeNet-5 (PyTorch-equivalent variant) for one batch.
//! `cargo run --release -p sn-modules --example profile -- [BATCH] [paper]`

/// CPU time of this thread in seconds (from /proc; wall time elsewhere).
struct Clock(f64);

fn cpu_now() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(s.split_whitespace().next()?.parse::<f64>().ok()? * 1e-9)
}

impl Clock {
    fn now() -> Self {
        Clock(cpu_now().unwrap_or(0.0))
    }
    fn elapsed(&self) -> f64 {
        cpu_now().unwrap_or(0.0) - self.0
    }
}

use sn_modules::lenet::{lenet5, Head};
use sn_modules::{Ctx, Module, State};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let b: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(1);
    let paper = args.iter().any(|a| a == "paper");
    let mut net = lenet5(if paper { Head::Rbf } else { Head::SoftmaxCe }, paper, 1).expect("net");
    let mut rng = sn_modules::Rng::new(1);
    let x: Vec<f32> = (0..b * 1024).map(|_| rng.range(-0.1, 1.0)).collect();
    net.set_input(&x, b).expect("input");
    net.labels = vec![1; b];
    net.fprop().expect("fprop");
    net.energy().expect("energy");
    net.bprop().expect("bprop");
    let reps = (20000 / b).max(20);
    let n = net.seq.mods.len();
    let ctx = Ctx {
        par: false,
        grad_in: true,
    };
    let mut total = 0.0;
    for i in 0..n {
        let (a, rest) = net.seq.states.split_at_mut(i);
        let inp: &mut State = if i == 0 {
            &mut net.input
        } else {
            &mut a[i - 1]
        };
        let out: &mut State = if i == n - 1 {
            &mut net.output
        } else {
            &mut rest[0]
        };
        let m: &mut Box<dyn Module> = &mut net.seq.mods[i];
        let t = Clock::now();
        for _ in 0..reps {
            m.fprop(&net.pool, inp, out, ctx).expect("fprop");
        }
        let f = t.elapsed() / reps as f64 * 1e6;
        let c = Ctx {
            grad_in: i > 0,
            ..ctx
        };
        let t = Clock::now();
        for _ in 0..reps {
            m.bprop(&mut net.pool, inp, out, c).expect("bprop");
        }
        let bp = t.elapsed() / reps as f64 * 1e6;
        total += f + bp;
        println!(
            "{:50} fprop {:8.2} us  bprop {:8.2} us",
            m.describe(),
            f,
            bp
        );
    }
    let t = Clock::now();
    for _ in 0..reps {
        sn_modules::trainer::update(&mut net.pool, &mut Vec::new(), 0.0, 0.0, 0.0, false);
    }
    let u = t.elapsed() / reps as f64 * 1e6;
    println!(
        "update {u:.2} us; total {:.2} us per batch of {b} = {:.0} samples/s",
        total + u,
        b as f64 / (total + u) * 1e6
    );
}
