#!/usr/bin/env bash
# bench-units.sh -- online training rates through netenv's `learn` (the
# ignored tests of tests/units_rates.rs), ROUNDS times, then per net the
# median updates/s of sn's netenv, of SN2.8's own netenv.sn run on sn's
# primitives (when ../shared/sn28 is present), and the median of the
# per-round ratios sn's netenv / SN2.8's netenv.sn (both measured in the
# same round, so the ratio holds on a loaded machine; the rates do not).
#
#   scripts/bench-units.sh [ROUNDS]          (default 3)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-3}"
out="$(mktemp -d)"
for r in $(seq 1 "$rounds"); do
  cargo test --release -q --manifest-path "$root/Cargo.toml" --test units_rates -- \
    --ignored --nocapture --test-threads=1 > "$out/$r" 2>&1
done
python3 - "$out" "$rounds" <<'PY'
import re, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
sn, sn28 = {}, {}
for r in range(1, rounds + 1):
    text = open(f"{out}/{r}").read()
    seen = set()  # the first line of a net is sn's netenv, the second SN2.8's
    for m in re.finditer(r"(?:^\.?|\.\.\. )([a-z][\w-]*) +\d+ updates in +[\d.]+ s: +(\d+) updates/s", text, re.M):
        net = m.group(1)
        (sn28 if net in seen else sn).setdefault(net, []).append(float(m.group(2)))
        seen.add(net)
print(f"{'net':10} {'sn netenv/s':>12} {'SN2.8 netenv.sn/s':>18} {'ratio':>6}   (medians over {rounds} rounds)")
for net, rates in sn.items():
    other = sn28.get(net)
    ratio = statistics.median(a / b for a, b in zip(rates, other)) if other else float("nan")
    o = f"{statistics.median(other):18.0f}" if other else f"{'-':>18}"
    print(f"{net:10} {statistics.median(rates):12.0f} {o} {ratio:6.1f}")
PY
