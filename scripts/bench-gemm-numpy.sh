#!/usr/bin/env bash
# bench-gemm-numpy.sh -- sn-array's 512x512 matrix product against numpy's,
# one thread each, in CPU time (what a loaded machine disturbs least),
# alternately ROUNDS times; prints the medians of each side's GFLOP per
# CPU-second and the median of the per-round ratios sn/numpy.
#
#   scripts/bench-gemm-numpy.sh [ROUNDS]      (default 3)
#
# Environment: NUMPY_PYTHON, a python with numpy (default python3).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-3}"
cargo build --release -q -p sn-array --example gemm_cpu --manifest-path "$root/Cargo.toml"
bin="${CARGO_TARGET_DIR:-$root/target}/release/examples/gemm_cpu"
out="$(mktemp -d)"
for r in $(seq 1 "$rounds"); do
  MATMUL_NUM_THREADS=1 "$bin" > "$out/sn.$r"
  OPENBLAS_NUM_THREADS=1 "${NUMPY_PYTHON:-python3}" "$root/crates/sn-array/benches/numpy_ops.py" --cpu > "$out/np.$r" 2>&1 || true
done
python3 - "$out" "$rounds" <<'PY'
import re, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
def g(p):
    m = re.search(r"\(([\d.]+) GFLOP per CPU-second\)", open(p).read())
    return float(m.group(1)) if m else None
sn = [g(f"{out}/sn.{r}") for r in range(1, rounds + 1)]
np = [g(f"{out}/np.{r}") for r in range(1, rounds + 1)]
line = f"512x512 product, one thread, GFLOP per CPU-second: sn {statistics.median(sn):.0f} ({min(sn):.0f}-{max(sn):.0f})"
if None in np:
    print(line + ", numpy: no python with numpy (set NUMPY_PYTHON)")
else:
    print(line + f", numpy {statistics.median(np):.0f} ({min(np):.0f}-{max(np):.0f}), "
          f"sn/numpy {statistics.median(a / b for a, b in zip(sn, np)):.2f}")
PY
