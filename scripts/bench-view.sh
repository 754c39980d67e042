#!/usr/bin/env bash
# bench-view.sh -- the cost of the live view and of TensorBoard logging:
# the same short train-net run (LeNet-1 on the embedded digits) timed
# plain, with `--view 0` (an event-stream client connected, reading every
# event, as a browser would) and with `--logdir DIR`, the three
# interleaved in each of ROUNDS rounds (order rotated), then the median
# time of each and the median of the per-round ratios to the plain run.
#
#   scripts/bench-view.sh [ROUNDS [SAMPLES [EPOCHS]]]   (default 7 3000 8)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-7}" samples="${2:-3000}" epochs="${3:-8}"
cargo build --release -q --bin sn --manifest-path "$root/Cargo.toml"
sn="${CARGO_TARGET_DIR:-$root/target}/release/sn"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat > "$work/train.lsp" <<LSP
(libload "lenet")
(setq d (lenet1-data () $samples))
(setq net (lenet1 2))
(setq t0 (cputime))
(train-net net (lenet1-recipe) (car d) (cadr d) $epochs)
(printf "seconds %f\n" (- (cputime) t0))
LSP
python3 - "$sn" "$work" "$rounds" "$root" <<'PY'
import os, socket, statistics, subprocess, sys, threading, time
sn, work, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
env = {**os.environ, "SN_HOME": sys.argv[4]}

def drain(url):
    host, port = url[len("http://"):].rstrip("/").rsplit(":", 1)
    s = socket.create_connection((host, int(port)))
    s.sendall(b"GET /events HTTP/1.1\r\nHost: x\r\n\r\n")
    def loop():
        try:
            while s.recv(65536):
                pass
        except OSError:
            pass
    threading.Thread(target=loop, daemon=True).start()

def run(mode):
    args = [sn]
    if mode == "view":
        args += ["--view", "0"]
    if mode == "logdir":
        args += ["--logdir", f"{work}/logs"]
    t = time.perf_counter()
    p = subprocess.Popen(args + [f"{work}/train.lsp"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True, env=env)
    if mode == "view":
        line = p.stderr.readline()
        drain(line.split()[-1])
    out, err = p.communicate()
    wall = time.perf_counter() - t
    if p.returncode != 0:
        sys.exit(f"{mode}: sn failed\n{out}\n{err}")
    return wall

modes = ["plain", "view", "logdir"]
times = {m: [] for m in modes}
for r in range(rounds):
    for m in modes[r % 3:] + modes[:r % 3]:
        times[m].append(run(m))
med = {m: statistics.median(v) for m, v in times.items()}
print(f"{'mode':8} {'median s':>9} {'ratio to plain (median of rounds)':>34}   ({rounds} rounds)")
for m in modes:
    ratio = statistics.median(a / b for a, b in zip(times[m], times["plain"]))
    print(f"{m:8} {med[m]:9.3f} {ratio:34.3f}")
PY
