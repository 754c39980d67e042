//! Online training rates (patterns per second) of the OBD digit net,
//! Net-5 of 1989 and XOR 2-2-1, through the compiled iteration `Plan::step`.
//! Run with `cargo bench -p sn-units`.

use std::time::Instant;

use sn_units::{FanIn, Map, Net, Nlf, Plan, Rule, Sharing, Stage, StepParams, Window};

fn lcg(seed: u64) -> impl FnMut() -> f32 {
    let mut s = seed;
    move || {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((s >> 40) as f32) / (1u64 << 24) as f32
    }
}

fn stage(units: Vec<u32>) -> Stage {
    Stage {
        units,
        nlf: Nlf::default_tanh(0),
        dnlf: Nlf::default_tanh(1),
    }
}

fn full(net: &mut Net, a: &[u32], b: &[u32]) {
    for &y in b {
        for &x in a {
            net.connect(x, y, 0.0, None).unwrap();
        }
    }
    net.bias_connect(b).unwrap();
}

fn maps(net: &mut Net, input: &[u32], lin: usize, n: usize, out: usize, w: Window) -> Vec<u32> {
    let mut all = Vec::new();
    for _ in 0..n {
        let m: Vec<u32> = net.newneurons(out * out).unwrap().collect();
        let a = Map {
            units: input,
            lin,
            col: lin,
        };
        net.window_connect(
            "bench",
            a,
            Map {
                units: &m,
                lin: out,
                col: out,
            },
            w,
            Sharing::Kernel,
        )
        .unwrap();
        net.bias_connect(&m).unwrap();
        all.extend(m);
    }
    all
}

fn obd_net() -> (Net, Plan) {
    let mut net = Net::new(1000, 20000, 20000);
    let input: Vec<u32> = net.newneurons(256).unwrap().collect();
    let w3 = Window {
        xstep: 2,
        ystep: 2,
        xsize: 3,
        ysize: 3,
        toric: true,
    };
    let h1 = maps(&mut net, &input, 16, 4, 8, w3);
    let h2: Vec<u32> = net.newneurons(40).unwrap().collect();
    full(&mut net, &h1, &h2);
    let out: Vec<u32> = net.newneurons(10).unwrap().collect();
    full(&mut net, &h2, &out);
    let des: Vec<u32> = net.newneurons(10).unwrap().collect();
    let plan = Plan::new(&net, input, vec![stage(h1), stage(h2), stage(out)], des).unwrap();
    (net, plan)
}

fn net5() -> (Net, Plan) {
    let mut net = Net::new(1000, 20000, 20000);
    let input: Vec<u32> = net.newneurons(256).unwrap().collect();
    let w3 = Window {
        xstep: 2,
        ystep: 2,
        xsize: 3,
        ysize: 3,
        toric: true,
    };
    let h1 = maps(&mut net, &input, 16, 2, 8, w3);
    let w5 = Window {
        xstep: 2,
        ystep: 2,
        xsize: 5,
        ysize: 5,
        toric: true,
    };
    let mut h2 = Vec::new();
    for _ in 0..4 {
        let m: Vec<u32> = net.newneurons(16).unwrap().collect();
        for src in h1.chunks(64) {
            let a = Map {
                units: src,
                lin: 8,
                col: 8,
            };
            net.window_connect(
                "bench",
                a,
                Map {
                    units: &m,
                    lin: 4,
                    col: 4,
                },
                w5,
                Sharing::Kernel,
            )
            .unwrap();
        }
        net.bias_connect(&m).unwrap();
        h2.extend(m);
    }
    let out: Vec<u32> = net.newneurons(10).unwrap().collect();
    full(&mut net, &h2, &out);
    let des: Vec<u32> = net.newneurons(10).unwrap().collect();
    let plan = Plan::new(&net, input, vec![stage(h1), stage(h2), stage(out)], des).unwrap();
    (net, plan)
}

fn rate(name: &str, (mut net, mut plan): (Net, Plan), nin: usize, nout: usize, n: usize) {
    let mut rng = lcg(1);
    net.forget(1.0, FanIn::Sqrt, None, &mut rng).unwrap();
    net.epsi(0.1, FanIn::Inv, None).unwrap();
    let xs: Vec<Vec<f32>> = (0..16)
        .map(|_| (0..nin).map(|_| rng() * 2.0 - 1.0).collect())
        .collect();
    let ds: Vec<Vec<f32>> = (0..16)
        .map(|k| {
            (0..nout)
                .map(|j| if j == k % nout { 1.0 } else { -1.0 })
                .collect()
        })
        .collect();
    let p = StepParams {
        alpha: 0.0,
        decay: 0.0,
        theta: 0.0,
        gamma: 0.0,
        mu: 0.05,
        threshold: None,
        rule: Rule::Plain,
    };
    let mut g = || 0.0;
    let t = Instant::now();
    for k in 0..n {
        plan.step(&mut net, &xs[k % 16], &ds[k % 16], &p, &mut g)
            .unwrap();
    }
    let s = t.elapsed().as_secs_f64();
    println!(
        "{name}: {} connections, {} weights, {:.0} online updates/s",
        net.snum(),
        net.wnum(),
        n as f64 / s
    );
}

fn main() {
    rate("obd-net", obd_net(), 256, 10, 20_000);
    rate("net-5", net5(), 256, 10, 50_000);
    let mut net = Net::new(10, 20, 20);
    let i: Vec<u32> = net.newneurons(2).unwrap().collect();
    let h: Vec<u32> = net.newneurons(2).unwrap().collect();
    let o: Vec<u32> = net.newneurons(1).unwrap().collect();
    let d: Vec<u32> = net.newneurons(1).unwrap().collect();
    full(&mut net, &i, &h);
    full(&mut net, &h, &o);
    let plan = Plan::new(&net, i, vec![stage(h), stage(o)], d).unwrap();
    rate("xor", (net, plan), 2, 1, 2_000_000);
}
