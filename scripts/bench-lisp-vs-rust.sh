#!/usr/bin/env bash
# bench-lisp-vs-rust.sh -- LeNet-5 built in Lisp (lisp/net-lenet5.lsp)
# against the Rust reference constructors, with the same timing loop
# (sn_modules::bench), cases interleaved, medians over rounds.
#
#   scripts/bench-lisp-vs-rust.sh [ROUNDS] [SECONDS]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-3}"
secs="${2:-2}"
data="${DATA:-/usr/share/datasets/fashion-mnist}"
out="$(mktemp -d)/bench.jsonl"
cargo build --release -q --example speed_lisp --manifest-path "$root/Cargo.toml"
bin="${CARGO_TARGET_DIR:-$root/target}/release/examples/speed_lisp"
cases="lenet5_train_b1 lenet5_train_b64 lenet5_infer_b1000 lenet5_paper_train_b1 lenet5_paper_train_b64 lenet5_paper_infer_b1000"
for r in $(seq 1 "$rounds"); do
  for c in $cases; do
    for b in lisp rust; do
      "$bin" --build "$b" --data "$data" --time "$secs" --repeats 1 "$c" >> "$out"
    done
  done
done
python3 - "$out" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip().startswith("{")]
by = {}
for r in rows:
    by.setdefault((r["case"], r["build"]), []).append(r["samples_per_s_median"])
print(f"{'case':28} {'lisp/s':>9} {'rust/s':>9} {'ratio':>6}  (medians over rounds)")
for case in dict.fromkeys(r["case"] for r in rows):
    l = statistics.median(by[(case, "lisp")]); r = statistics.median(by[(case, "rust")])
    print(f"{case:28} {l:9.0f} {r:9.0f} {l / r:6.2f}")
print(f"raw results: {sys.argv[1]}")
PY
