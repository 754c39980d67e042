#!/usr/bin/env bash
# sn28-demo.sh -- run one of SN2.8's demos as the README describes: from a
# temporary copy of ../shared/sn28 (examples and lib), in the example's
# folder, with SN_PATH at the copy's lib/.
#
#   scripts/sn28-demo.sh DIR [ARGS...]     e.g. netold/xor demo
#
# Environment: SN (default target/release/sn), SN28 (default ../shared/sn28).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
sn="${SN:-$root/target/release/sn}"
src="${SN28:-$root/../shared/sn28}"
dir="$1"; shift
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cp -r "$src/examples" "$src/lib" "$tmp/"
cd "$tmp/examples/$dir"
SN_PATH="$tmp/lib" "$sn" "${@:-demo}" < /dev/null
