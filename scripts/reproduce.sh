#!/usr/bin/env bash
# reproduce.sh -- run the command beside every published figure and check
# that it still gives the figure (scripts/figures/*.tsv lists them).
#
#   scripts/reproduce.sh [--quick] [--only ID...] [--list]
#
# Builds sn (release) once unless SN names a binary already, then runs
# scripts/reproduce.py, which prints the table and exits non-zero when a
# figure is OFF. --quick runs the rows that take seconds (CI does).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ -z "${SN:-}" ]; then
  cargo build --release -q --bin sn --manifest-path "$root/Cargo.toml"
  SN="${CARGO_TARGET_DIR:-$root/target}/release/sn"
fi
export SN
exec python3 "$root/scripts/reproduce.py" "$@"
