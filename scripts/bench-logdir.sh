#!/usr/bin/env bash
# bench-logdir.sh -- the cost of TensorBoard logging: LeNet-1 trained by
# train-net on the embedded digits (8 000 training, 2 000 test, PASSES
# passes, online SGD) without and with `--logdir`, interleaved, ROUNDS
# rounds each; prints the median wall time of the train-net call (measured
# inside sn with realtime, so start-up and data loading are left out) of
# each, and the median of the per-round ratios with / without (both runs
# of a round are back to back, in alternating order); the same for the CPU time (user + system)
# of the whole process, which a loaded machine disturbs less than wall
# time; and the ratio of the fastest runs of each (the least disturbed).
# With the log folder, each pass also writes the scalars, three pictures
# (first layer's weights, feature maps, confusion matrix) and the run's
# settings once.
#
#   scripts/bench-logdir.sh [ROUNDS [PASSES]]        (default 5 2)
#
# Then, in one sn process, PASSES x ROUNDS single passes of train-net on
# the same net, alternately without and with the log folder (after one
# warm-up pass): the medians of the pass times and of the per-pair ratios,
# and the ratio of the fastest passes of each.
# Back-to-back passes a second apart see the same load, which separates
# the logging cost from the machine's noise better than whole runs.
#
# SN names the sn binary (default: target/release/sn, built if missing).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-5}"
passes="${2:-2}"
sn="${SN:-$root/target/release/sn}"
case "$sn" in /*) ;; *) sn="$PWD/$sn" ;; esac  # the runs start in another folder
[ -x "$sn" ] || cargo build --release -q --manifest-path "$root/Cargo.toml"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat > "$work/run.lsp" <<LSP
(libload "lenet")
(setq d (lenet1-data))
(setq net (lenet1 1))
(setq train-net-quiet t)
(let ((t0 (realtime)))
  (train-net net (lenet1-recipe) (car d) (cadr d) $passes)
  (printf "train-net %.4f s\n" (- (realtime) t0)))
LSP
# one run: "WALL CPU", wall seconds of train-net and CPU seconds of sn
one() {
  local u s
  { TIMEFORMAT='%U %S'; time (cd "$work" && SN_HOME="$root" "$sn" "$@" run.lsp < /dev/null \
             | sed -n 's/^train-net \([0-9.]*\) s$/\1/p' > "$work/wall"); } 2> "$work/cpu"
  read -r u s < "$work/cpu"
  echo "$(cat "$work/wall") $(python3 -c "print(f'{$u + $s:.3f}')")"
}
plain=() logged=() plain_cpu=() logged_cpu=()
for r in $(seq 1 "$rounds"); do
  rm -rf "$work/logs"
  # the order alternates, so that neither kind always runs first
  if [ $((r % 2)) = 1 ]; then
    read -r a ac < <(one)
    read -r b bc < <(one --logdir "$work/logs")
  else
    read -r b bc < <(one --logdir "$work/logs")
    read -r a ac < <(one)
  fi
  [ -n "$a" ] && [ -n "$b" ] || { echo "bench-logdir: a run printed no time" >&2; exit 1; }
  ls "$work/logs"/events.out.tfevents.* > /dev/null
  echo "round $r: without ${a} s (cpu ${ac} s), with --logdir ${b} s (cpu ${bc} s)"
  plain+=("$a") logged+=("$b") plain_cpu+=("$ac") logged_cpu+=("$bc")
done
python3 - "${plain[*]}" "${logged[*]}" "${plain_cpu[*]}" "${logged_cpu[*]}" "$(du -k "$work/logs" | tail -1 | cut -f1)" <<'PY'
import statistics, sys
def nums(s): return [float(x) for x in s.split()]
a, b, ac, bc = (nums(x) for x in sys.argv[1:5])
def ratio(x, y): return statistics.median(q / p for p, q in zip(x, y))
print(f"train-net wall, median: without --logdir {statistics.median(a):.3f} s, with {statistics.median(b):.3f} s (event file {sys.argv[5]} KiB)")
r = ratio(a, b)
print(f"logging cost (wall): ratio {r:.3f} ({(r - 1) * 100:+.1f} %), median of {len(a)} rounds")
print(f"sn process cpu, median: without --logdir {statistics.median(ac):.3f} s, with {statistics.median(bc):.3f} s")
r = ratio(ac, bc)
print(f"logging cost (cpu): ratio {r:.3f} ({(r - 1) * 100:+.1f} %), median of {len(a)} rounds")
r = min(b) / min(a)
print(f"fastest runs (least disturbed): without {min(a):.3f} s, with {min(b):.3f} s, ratio {r:.3f} ({(r - 1) * 100:+.1f} %)")
PY
cat > "$work/pass.lsp" <<LSP
(libload "lenet")
(setq d (lenet1-data))
(setq net (lenet1 1) tr (lenet1-recipe) train-net-quiet t k 0)
(de pass (dir)
  (setq tensorboard-logdir dir)
  (incr k)
  (let ((t0 (realtime)))
    (train-net net tr (car d) (cadr d) k)
    (- (realtime) t0)))
(pass ())
(for (r 1 (* $rounds $passes))
  (if (= 1 (mod r 2))
      (printf "pair %.4f %.4f\n" (pass ()) (pass "$work/logs2"))
      (let* ((b (pass "$work/logs2")) (a (pass ()))) (printf "pair %.4f %.4f\n" a b))))
LSP
(cd "$work" && SN_HOME="$root" "$sn" pass.lsp < /dev/null) | python3 -c '
import statistics, sys
pairs = [tuple(map(float, l.split()[1:])) for l in sys.stdin if l.startswith("pair ")]
a, b = [p[0] for p in pairs], [p[1] for p in pairs]
r = statistics.median(y / x for x, y in pairs)
print(f"one pass, in one process, median of {len(pairs)} pairs: without {statistics.median(a):.4f} s, with {statistics.median(b):.4f} s")
print(f"logging cost per pass: ratio {r:.3f} ({(r - 1) * 100:+.1f} %)")
r = min(b) / min(a)
print(f"fastest passes (least disturbed): without {min(a):.4f} s, with {min(b):.4f} s, ratio {r:.3f} ({(r - 1) * 100:+.1f} %)")
'
# Where perf is installed: the share of sn's CPU samples spent inside the
# logging (TensorBoard functions and everything they call) in one run with
# --logdir of ROUNDS x PASSES passes; a load-independent view of the cost.
if command -v perf > /dev/null && perf record -o /dev/null -q true 2> /dev/null; then
  sed "s/(cadr d) $passes)/(cadr d) $((rounds * passes)))/" "$work/run.lsp" > "$work/long.lsp"
  rm -rf "$work/logs3"
  (cd "$work" && SN_HOME="$root" perf record -q -F 499 --call-graph dwarf,16384 -o "$work/perf.data" \
     "$sn" --logdir "$work/logs3" long.lsp < /dev/null > /dev/null 2>&1)
  perf report -i "$work/perf.data" --children --sort symbol --stdio 2> /dev/null | python3 -c '
import re, sys
share = {}
for line in sys.stdin:
    m = re.match(r"\s+([\d.]+)%\s+[\d.]+%\s+\[\.\]\s+(\S+)", line)
    if m and m.group(2) in ("sn::builtins::tensorboard_net::log_pictures",
                            "sn::builtins::tensorboard_net::log_settings",
                            "sn::builtins::tensorboard::log_pass"):
        share[m.group(2)] = max(share.get(m.group(2), 0), float(m.group(1)))
for k, v in share.items():
    print(f"  {k}: {v:.2f} % of the samples")
print(f"logging share of the CPU samples ('"$((rounds * passes))"' passes, perf): {sum(share.values()):.2f} %")
'
else
  echo "(perf is not available: no profile of the logging share)"
fi
