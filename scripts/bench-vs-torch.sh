#!/usr/bin/env bash
# bench-vs-torch.sh -- sn's LeNet-5 throughput against PyTorch CPU, side by
# side in one run (cases interleaved so both see the same machine load),
# then the ratio table. sn's networks are the Lisp-defined ones
# (lisp/net-lenet5.lsp, timed by examples/speed_lisp.rs with the loop of
# sn_modules::bench); SN_BUILD=rust times the Rust reference constructors.
#
#   scripts/bench-vs-torch.sh [ROUNDS] [SECONDS]
#
# Needs the PyTorch reference set up as in shared/bench/README.md:
#   python3 -m venv .venv-torch && .venv-torch/bin/pip install torch numpy threadpoolctl
# Environment: TORCH_PY (default: .venv-torch/bin/python next to the
# repository or in it), BENCH_DIR (default: ../shared/bench), DATA (default
# /usr/share/datasets/fashion-mnist; synthetic data if absent for sn).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-3}"
secs="${2:-3}"
bench_dir="${BENCH_DIR:-$root/../shared/bench}"
torch_py="${TORCH_PY:-}"
for c in "$root/.venv-torch/bin/python" "$root/../.venv-torch/bin/python"; do
  [ -z "$torch_py" ] && [ -x "$c" ] && torch_py="$c"
done
data="${DATA:-/usr/share/datasets/fashion-mnist}"
out="$(mktemp -d)/bench.jsonl"

cargo build --release -q --example speed_lisp --manifest-path "$root/Cargo.toml"
target="${CARGO_TARGET_DIR:-$root/target}"
speed_bin="$target/release/examples/speed_lisp"
speed() { "$speed_bin" --build "${SN_BUILD:-lisp}" "$@"; }

cases="lenet5_train_b1 lenet5_train_b64 lenet5_infer_b1000 lenet5_train_b1_1thr lenet5_train_b64_1thr lenet5_infer_b1000_1thr"
for r in $(seq 1 "$rounds"); do
  for c in $cases; do
    sn_case="$c"
    [ "$c" = "lenet5_train_b1_1thr" ] && sn_case="lenet5_train_b1"
    speed --data "$data" --time "$secs" --repeats 1 "$sn_case" | sed "s/\"case\": \"$sn_case\"/\"case\": \"$c\"/" >> "$out"
    if [ -n "$torch_py" ] && [ -f "$bench_dir/bench_torch.py" ]; then
      "$torch_py" "$bench_dir/bench_torch.py" --only "$c" --repeats 1 --min-time "$secs" \
        --max-wait 5 --max-tries 1 --quiet-threshold 100 --probe 0 2>/dev/null \
        | grep '"case"' | sed 's/{/{"engine": "torch", /' >> "$out" || true
    fi
  done
  speed --data "$data" --time "$secs" --repeats 1 lenet5_paper_train_b1 lenet5_paper_train_b64 lenet5_paper_infer_b1000 >> "$out"
done

python3 - "$out" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip().startswith("{")]
by = {}
for r in rows:
    by.setdefault((r["case"], r.get("engine", "sn")), []).append(r["samples_per_s_median"])
targets = {"lenet5_train_b1": 5.0, "lenet5_train_b64": 1.5, "lenet5_infer_b1000": 1.5}
print(f"{'case':28} {'sn/s':>9} {'torch/s':>9} {'ratio':>7} {'target':>7}  (medians over rounds; sn runs the same network as torch)")
for case in sorted({c for c, _ in by}):
    sn = by.get((case, "sn")); th = by.get((case, "torch"))
    s = statistics.median(sn) if sn else float("nan")
    t = statistics.median(th) if th else float("nan")
    ratio = s / t if th else float("nan")
    tg = targets.get(case)
    print(f"{case:28} {s:9.0f} {t:9.0f} {ratio:7.2f} {('>= %.1f' % tg) if tg else '':>7}")
b1 = by.get(("lenet5_paper_train_b1", "sn"))
if b1:
    print(f"paper LeNet-5 (sparse C3, RBF) online training: {statistics.median(b1):.0f}/s = {statistics.median(b1)/1060:.2f}x Lush 2's ~1 060/s (target >= 3)")
print(f"raw results: {sys.argv[1]}")
PY
