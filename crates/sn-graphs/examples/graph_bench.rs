//! Speed of forward scoring and its backward pass on gtn's benchmark
//! graphs (gtn `benchmarks/functions.cpp`, `timeForward`):
//!
//! * `linearGraph(100, 20000)`: 101 nodes, 20 000 parallel arcs between
//!   consecutive nodes, 2 000 000 arcs, random penalties;
//! * `makeRandomDAG(500, 400000)`: 500 nodes, 400 000 arcs from a random
//!   node to a random later one.
//!
//! Like gtn's `timeit`, each measurement runs 5 warm-up calls then the
//! mean of `ITERS` calls; it is repeated `REPS` times and the median
//! printed (the machine is shared). "forward" uses the graph's cached
//! adjacency and topological order; "forward+order" sorts the nodes
//! first, as gtn's forward does on every call (gtn keeps its arc lists
//! up to date as arcs are added); "forward+index" also rebuilds the arc
//! lists. "backward" sets the
//! gradients to the new ones, as gtn's benchmark does (`zero_grad` drops
//! gtn's gradient vector, then `backward` writes a fresh one);
//! "backward+add" clears them and adds the new ones into them
//! (`clear_gradients` then `backward`, two passes over the gradients).
//!
//! Run: `cargo run --release -p sn-graphs --example graph_bench`

use std::time::Instant;

use sn_graphs::{forward, viterbi, Graph};

const REPS: usize = 7;
const ITERS: usize = 20;

/// A seeded xorshift64* generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn uniform(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn random_dag(r: &mut Rng, nnodes: u64, narcs: usize) -> Graph {
    let mut g = Graph::new(nnodes as usize).expect("graph");
    g.reserve_arcs(narcs).expect("arcs");
    for _ in 0..narcs {
        let s = r.next() % (nnodes - 1);
        let d = s + 1 + r.next() % (nnodes - s - 1);
        g.add_arc(s as u32, d as u32, 0, r.uniform()).expect("arc");
    }
    g
}

/// Median over `REPS` of the mean time of `ITERS` calls, in ms.
fn time(mut f: impl FnMut()) -> f64 {
    for _ in 0..5 {
        f();
    }
    let mut v: Vec<f64> = (0..REPS)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..ITERS {
                f();
            }
            t.elapsed().as_secs_f64() * 1e3 / ITERS as f64
        })
        .collect();
    v.sort_by(|a, b| a.partial_cmp(b).expect("finite"));
    v[REPS / 2]
}

fn bench(name: &str, g: &mut Graph) {
    let narcs = g.narcs() as f64;
    let fwd = time(|| {
        std::hint::black_box(forward(g).expect("forward").penalty);
    });
    let mut cold = g.clone();
    let fwd_order = time(|| {
        cold.forget_order();
        std::hint::black_box(forward(&cold).expect("forward").penalty);
    });
    let fwd_index = time(|| {
        cold.forget_index();
        std::hint::black_box(forward(&cold).expect("forward").penalty);
    });
    let f = forward(g).expect("forward");
    let bwd = time(|| {
        f.set_gradients(g, 1.0).expect("backward");
    });
    let bwd_add = time(|| {
        g.clear_gradients();
        f.backward(g, 1.0).expect("backward");
    });
    let vit = time(|| {
        std::hint::black_box(viterbi(g).expect("viterbi").penalty);
    });
    let line = |what: &str, ms: f64| {
        println!(
            "{name:8} {what:14} {ms:8.2} ms  {:7.1} M arcs/s",
            narcs / ms / 1e3
        );
    };
    // the forward penalty, to check that another program timed the same graph
    println!("{name:8} {:14} {:.6}", "penalty", f.penalty);
    line("forward", fwd);
    line("forward+order", fwd_order);
    line("forward+index", fwd_index);
    line("backward", bwd);
    line("backward+add", bwd_add);
    line("viterbi", vit);
}

/// Prints the machine's load average (the runs share it with others).
fn print_load() {
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let first: Vec<&str> = load.split_whitespace().take(3).collect();
    println!("load average: {}", first.join(" "));
}

fn main() {
    print_load();
    let mut r = Rng(0x5eed_1998);
    let mut lin = Graph::linear(100, 20_000).expect("linear graph");
    lin.x.iter_mut().for_each(|x| *x = 10.0 * r.uniform());
    println!("linear: {} nodes, {} arcs; dag: 500 nodes, 400000 arcs; median of {REPS} × mean of {ITERS}", lin.nnodes(), lin.narcs());
    bench("linear", &mut lin);
    let mut dag = random_dag(&mut r, 500, 400_000);
    bench("dag", &mut dag);
    print_load();
}
