"""The operations of benches/arrays.rs in numpy (float32), for comparison.

Run: python3 crates/sn-array/benches/numpy_ops.py  (prints microseconds per call
and GFLOP/s for the matrix products)."""
import sys
import time
import timeit

import numpy as np


def bench(name, stmt, flops=None, number=None):
    t = timeit.Timer(stmt)
    if number is None:
        number, _ = t.autorange()
    best = min(t.repeat(repeat=5, number=number)) / number
    extra = f"  {flops / best / 1e9:6.1f} GFLOP/s" if flops else ""
    print(f"{name:28s} {best * 1e6:10.1f} us{extra}")


rng = np.random.default_rng(0)
a = rng.uniform(-1, 1, (512, 512)).astype(np.float32)
b = rng.uniform(-1, 1, (512, 512)).astype(np.float32)
out = np.zeros((512, 512), np.float32)
v = rng.uniform(-1, 1, 512).astype(np.float32)
vo = np.zeros(512, np.float32)
x = rng.uniform(-1, 1, 1 << 20).astype(np.float32)
y = rng.uniform(-1, 1, 1 << 20).astype(np.float32)
xo = np.zeros(1 << 20, np.float32)
m = rng.uniform(-1, 1, (256, 256)).astype(np.float32)
m2 = rng.uniform(-1, 1, (256, 256)).astype(np.float32)
mo = np.zeros((256, 256), np.float32)

if "--cpu" in sys.argv:
    reps = 200
    np.matmul(a, b, out=out)
    c0, w0 = time.process_time(), time.perf_counter()
    for _ in range(reps):
        np.matmul(a, b, out=out)
    cpu, wall = (time.process_time() - c0) / reps, (time.perf_counter() - w0) / reps
    f = 2 * 512**3
    print(f"m2timesm2 512x512: {cpu * 1e6:.0f} us CPU ({f / cpu / 1e9:.1f} GFLOP per CPU-second), "
          f"{wall * 1e6:.0f} us wall ({f / wall / 1e9:.1f} GFLOP/s)")
    sys.exit(0)

bench("m2timesm2 512x512", lambda: np.matmul(a, b, out=out), 2 * 512**3)
bench("m2timesm2 512x512 (a^T b)", lambda: np.matmul(a.T, b, out=out), 2 * 512**3)
bench("m2timesm2 256x256", lambda: np.matmul(m, m2, out=mo), 2 * 256**3)
bench("m2dotm1 512x512", lambda: np.matmul(a, v, out=vo), 2 * 512**2)
bench("add 1M", lambda: np.add(x, y, out=xo))
bench("mul 1M", lambda: np.multiply(x, y, out=xo))
bench("tanh 1M", lambda: np.tanh(x, out=xo))
bench("sum 1M", lambda: x.sum(dtype=np.float64))
bench("dot 1M", lambda: np.dot(x, y))
bench("sup 1M", lambda: x.max())
bench("add 512x512 transposed", lambda: np.add(a.T, b, out=out))
