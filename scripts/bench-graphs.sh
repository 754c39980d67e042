#!/usr/bin/env bash
# bench-graphs.sh -- sn's graph transformers against the gtn library in
# the same run: crates/sn-graphs/examples/graph_bench (sn) and
# scripts/bench_gtn.py (gtn 0.0.1, built by scripts/bench-gtn.sh into
# target/gtn-venv on the first run), interleaved (sn, gtn, sn, gtn, ...)
# so both see the same machine load, on the same graphs (gtn's
# linearGraph(100, 20000) and makeRandomDAG(500, 400000), same penalties);
# each run prints the median of 7 means of 20 calls after 5 warm-up calls.
# Then a side-by-side table: the median over the rounds of each figure,
# and gtn's time over sn's (above 1: sn is faster), one line per graph
# and pass: `linear forward  sn 12.10 ms (165.3 M/s)  gtn ...  gtn/sn 0.55`.
#
#   scripts/bench-graphs.sh [ROUNDS]        (default 3)
#
# Environment: as scripts/bench-gtn.sh (GTN_SRC for its first build).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-3}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

cargo build --release -q -p sn-graphs --example graph_bench --manifest-path "$root/Cargo.toml"
sn_bin="${CARGO_TARGET_DIR:-$root/target}/release/examples/graph_bench"
"$root/scripts/bench-gtn.sh" --setup-only

for r in $(seq 1 "$rounds"); do
  "$sn_bin" > "$out/sn.$r"
  "$root/scripts/bench-gtn.sh" > "$out/gtn.$r"
  echo "round $r of $rounds done ($(cut -d' ' -f1-3 /proc/loadavg))" >&2
done

python3 - "$out" "$rounds" <<'EOF'
import re, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
line = re.compile(r"^(\w+) +([\w+]+) +([\d.]+) ms")
def read(who):
    runs = {}
    for r in range(1, rounds + 1):
        for l in open(f"{out}/{who}.{r}"):
            m = line.match(l)
            if m:
                runs.setdefault((m.group(1), m.group(2)), []).append(float(m.group(3)))
        print(f"--- {who} run {r}:\n" + open(f"{out}/{who}.{r}").read().rstrip())
    return {k: statistics.median(v) for k, v in runs.items()}
sn, gtn = read("sn"), read("gtn")
pen = re.compile(r"^(\w+) +penalty +(-?[\d.e+-]+)", re.M)
for g, s in pen.findall(open(f"{out}/sn.1").read()):
    t = dict(pen.findall(open(f"{out}/gtn.1").read())).get(g)
    same = t is not None and abs(float(s) - float(t)) <= 1e-5 * abs(float(s)) + 1e-3
    print(f"{g:6} forward penalty: sn {float(s):.6g}, gtn {float(t) if t else 'none'}"
          f" ({'the same graph' if same else 'NOT THE SAME GRAPH'})")
arcs = {"linear": 2_000_000, "dag": 400_000}
print(f"\nmedian over {rounds} interleaved rounds of each time (ms, and M arcs/s)")
for g in ("linear", "dag"):
    for p in ("forward", "backward"):
        s, t = sn[(g, p)], gtn[(g, p)]
        rate = lambda ms: f"{ms:7.2f} ms ({arcs[g] / ms / 1e3:5.1f} M/s)"
        print(f"{g:6} {p:8}  sn {rate(s)}  gtn {rate(t)}  gtn/sn {t / s:5.2f}")
EOF
