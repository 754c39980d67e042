#!/usr/bin/env bash
# bench-interp.sh -- sn's interpreter against CPython on the programs of
# benches/interp.lsp and benches/interp.py, run alternately (so both see the
# same machine load), then one line per program: the medians over rounds of
# each side's median-of-7 times, and the median of the per-round ratios
# CPython/sn (above 1: sn is faster).
#
#   scripts/bench-interp.sh [ROUNDS]          (default 5)
#
# Environment: SN (the sn binary; default target/release/sn, built if
# absent), PYTHON (default python3).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-5}"
sn="${SN:-$root/target/release/sn}"
[ -x "$sn" ] || cargo build --release -q --bin sn --manifest-path "$root/Cargo.toml"
py="${PYTHON:-python3}"
out="$(mktemp -d)"
for r in $(seq 1 "$rounds"); do
  "$sn" "$root/benches/interp.lsp" < /dev/null > "$out/sn.$r"
  "$py" "$root/benches/interp.py" > "$out/py.$r"
done
python3 - "$out" "$rounds" "$("$py" -c 'import platform; print(platform.python_version())')" <<'PY'
import re, statistics, sys
out, rounds, pyver = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def read(path):
    return {m.group(1): float(m.group(2))
            for m in re.finditer(r"^(\S+)\s+median\s+([\d.]+) ms", open(path).read(), re.M)}
sn = [read(f"{out}/sn.{r}") for r in range(1, rounds + 1)]
py = [read(f"{out}/py.{r}") for r in range(1, rounds + 1)]
print(f"{'program':16} {'sn ms':>8} {'(range)':>13} {'CPython ' + pyver:>15} {'(range)':>13} {'CPython/sn':>10}")
for name in sn[0]:
    s = [d[name] for d in sn]; p = [d[name] for d in py]
    ratio = statistics.median(b / a for a, b in zip(s, p))
    print(f"{name:16} {statistics.median(s):8.1f} {min(s):6.1f}-{max(s):<6.1f} {statistics.median(p):15.1f} "
          f"{min(p):6.1f}-{max(p):<6.1f} {ratio:10.2f}")
PY
