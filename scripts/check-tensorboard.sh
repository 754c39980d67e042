#!/usr/bin/env bash
# check-tensorboard.sh -- opens logs written by sn in TensorBoard itself:
# installs TensorBoard from PyPI into a virtual environment under
# target/tb-venv (once), writes two logs with sn (train-net: LeNet-1 on 200
# embedded digits, 2 passes; netenv: examples/xor.sn's run with its perf
# plot open), loads each with TensorBoard's EventAccumulator and prints its
# tags with their counts, then starts the TensorBoard server on 127.0.0.1
# and asks its HTTP API for the tags of the scalars, images and text
# plugins. Exits non-zero if an expected tag is missing.
#
#   scripts/check-tensorboard.sh [PORT]          (default 6006)
#
# SN names the sn binary (default: target/release/sn, built if missing).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
port="${1:-6006}"
sn="${SN:-$root/target/release/sn}"
case "$sn" in /*) ;; *) sn="$PWD/$sn" ;; esac  # the runs start in another folder
[ -x "$sn" ] || cargo build --release -q --manifest-path "$root/Cargo.toml"
venv="$root/target/tb-venv"
if [ ! -x "$venv/bin/tensorboard" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q tensorboard
fi
"$venv/bin/python" -c 'import tensorboard; print("tensorboard", tensorboard.__version__)'
work="$(mktemp -d)"
server=""
cleanup() {
  if [ -n "$server" ]; then
    kill "$server" 2> /dev/null || true
    wait "$server" 2> /dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
logs="$work/logs"

cat > "$work/train.lsp" <<'LSP'
(libload "lenet")
(setq d (lenet1-data () 200))
(setq net (lenet1 1))
(train-net net (lenet1-recipe) (car d) (cadr d) 2)
LSP
(cd "$work" && SN_HOME="$root" "$sn" --logdir "$logs/train-net" train.lsp < /dev/null > /dev/null)
sed 's/^(run 100 6)/(init-perf-plotting 6)\n(run 100 6)/' "$root/examples/xor.sn" > "$work/xor.sn"
(cd "$work" && SN_HOME="$root" "$sn" --logdir "$logs/netenv" xor.sn < /dev/null > /dev/null)

"$venv/bin/python" - "$logs" <<'PY'
import sys
from tensorboard.backend.event_processing import event_accumulator as ea

expected = {
    "train-net": {
        "scalars": ["train/cost", "train/error", "test/cost", "test/error", "samples_per_s"],
        "images": ["pictures/weights", "pictures/feature_maps", "pictures/confusion"],
        "tensors": ["settings"],
    },
    "netenv": {
        "scalars": ["train/error", "train/correct"],
        "images": ["windows/Perf plotting"],
        "tensors": ["settings"],
    },
}
missing = []
for run, kinds in expected.items():
    acc = ea.EventAccumulator(f"{sys.argv[1]}/{run}",
                              size_guidance={ea.SCALARS: 0, ea.IMAGES: 0, ea.TENSORS: 0})
    acc.Reload()
    tags = acc.Tags()
    print(f"run {run}:")
    for kind, get in (("scalars", acc.Scalars), ("images", acc.Images), ("tensors", acc.Tensors)):
        for tag in tags.get(kind, []):
            events = get(tag)
            extra = ""
            if kind == "images":
                extra = " " + ", ".join(sorted({f"{e.width}x{e.height}" for e in events}))
            elif kind == "tensors":
                text = events[0].tensor_proto.string_val[0].decode()
                extra = f" ({len(text.splitlines())} lines)"
            print(f"  {kind:8} {tag:24} {len(events):3} at steps {[e.step for e in events]}{extra}")
        for tag in kinds[kind]:
            if tag not in tags.get(kind, []):
                missing.append(f"{run}: {kind} {tag}")
if missing:
    print("MISSING:", *missing, sep="\n  ")
    sys.exit(1)
print("EventAccumulator: every expected tag is there")
PY

# the server, on localhost only
"$venv/bin/tensorboard" --logdir "$logs" --host 127.0.0.1 --port "$port" > "$work/server.log" 2>&1 &
server=$!
"$venv/bin/python" - "$port" <<'PY'
import json, sys, time, urllib.request
base = f"http://127.0.0.1:{sys.argv[1]}/data/plugin"
def get(path):
    for _ in range(60):
        try:
            with urllib.request.urlopen(f"{base}/{path}", timeout=5) as r:
                return json.load(r)
        except OSError:
            time.sleep(0.5)
    sys.exit(f"the TensorBoard server does not answer {base}/{path}")
want = {
    "scalars/tags": ("train-net", "test/error"),
    "images/tags": ("train-net", "pictures/confusion"),
    "text/tags": ("train-net", "settings"),
}
bad = 0
for path, (run, tag) in want.items():
    tags = get(path)
    # loading is asynchronous: ask again until the runs are read
    for _ in range(40):
        if tag in (tags.get(run) or {}):
            break
        time.sleep(0.5)
        tags = get(path)
    runs = {r: sorted(t) for r, t in tags.items()}
    print(f"server {path}: {json.dumps(runs)}")
    if tag not in runs.get(run, []):
        print(f"MISSING from the server: {run} {tag}")
        bad = 1
sys.exit(bad)
PY
echo "check-tensorboard: ok"
