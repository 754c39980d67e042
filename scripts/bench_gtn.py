#!/usr/bin/env python3
"""Speed of gtn's forward_score and its backward on the graphs of
crates/sn-graphs/examples/graph_bench.rs, printed in the same format.

The graphs are built exactly as graph_bench builds them, from the same
seeded xorshift64* generator: gtn's linearGraph(100, 20000) (101 nodes,
2 000 000 arcs) with arc penalties 10 * uniform in arc order, then
makeRandomDAG(500, 400000) with penalties uniform. sn's penalties are
negated scores for gtn (lower is better in sn, gtn maximises), so gtn's
-forward_score is sn's forward penalty (printed as a check; gtn keeps
float weights).

Timing as gtn's `timeit` and graph_bench: 5 warm-up calls, then the mean
of ITERS calls, repeated REPS times, median printed. Backward zeroes the
gradients first and keeps the graph (retain_graph), as gtn's benchmark.

    bench_gtn.py [--reps N] [--iters N]
"""
import argparse
import time

import gtn

MASK = (1 << 64) - 1


class Rng:
    """graph_bench's seeded xorshift64* generator."""

    def __init__(self, seed):
        self.s = seed

    def next(self):
        s = self.s
        s ^= s >> 12
        s ^= (s << 25) & MASK
        s ^= s >> 27
        self.s = s
        return (s * 0x2545F4914F6CDD1D) & MASK

    def uniform(self):
        return (self.next() >> 11) / float(1 << 53)


def linear(r, m, n):
    """gtn.linear_graph(m, n) with weights -10 * uniform in arc order."""
    g = gtn.linear_graph(m, n)
    g.set_weights([-10.0 * r.uniform() for _ in range(g.num_arcs())])
    return g


def random_dag(r, nnodes, narcs):
    """makeRandomDAG(nnodes, narcs) drawn as graph_bench draws it."""
    g = gtn.Graph()
    g.add_node(True)
    for n in range(1, nnodes):
        g.add_node(False, n == nnodes - 1)
    weights = []
    for _ in range(narcs):
        s = r.next() % (nnodes - 1)
        d = s + 1 + r.next() % (nnodes - s - 1)
        g.add_arc(s, d, 0)
        weights.append(-r.uniform())
    g.set_weights(weights)
    return g


def timeit(f, reps, iters):
    """Median over reps of the mean time of iters calls, in ms."""
    for _ in range(5):
        f()
    v = []
    for _ in range(reps):
        t = time.perf_counter()
        for _ in range(iters):
            f()
        v.append((time.perf_counter() - t) * 1e3 / iters)
    v.sort()
    return v[reps // 2]


def bench(name, g, reps, iters):
    narcs = g.num_arcs()
    fwd = timeit(lambda: gtn.forward_score(g), reps, iters)
    out = gtn.forward_score(g)

    def backward():
        g.zero_grad()
        gtn.backward(out, True)

    bwd = timeit(backward, reps, iters)
    print(f"{name:8} {'penalty':14} {-out.item():.6g}")
    for what, ms in (("forward", fwd), ("backward", bwd)):
        print(f"{name:8} {what:14} {ms:8.2f} ms  {narcs / ms / 1e3:7.1f} M arcs/s")


def print_load():
    with open("/proc/loadavg") as f:
        print("load average:", " ".join(f.read().split()[:3]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reps", type=int, default=7)
    ap.add_argument("--iters", type=int, default=20)
    a = ap.parse_args()
    print_load()
    r = Rng(0x5EED1998)
    lin = linear(r, 100, 20000)
    dag = random_dag(r, 500, 400000)
    print(f"gtn {gtn.__version__}; linear: {lin.num_nodes()} nodes, {lin.num_arcs()} arcs; "
          f"dag: 500 nodes, {dag.num_arcs()} arcs; median of {a.reps} × mean of {a.iters}")
    bench("linear", lin, a.reps, a.iters)
    bench("dag", dag, a.reps, a.iters)
    print_load()


if __name__ == "__main__":
    main()
