#!/usr/bin/env python3
"""Run the commands behind the published figures and compare.

Reads every scripts/figures/*.tsv (columns: id, published_in, command,
stated, tolerance, extract, mode), runs each selected command once from the
repository root with bash (rows sharing a command share one run), extracts
the measured value with the row's regex and prints one line per figure:
id, stated, measured, tolerance, and ok / OFF / skipped (with the reason).
Exit status 1 when a row is OFF or its command failed.

    reproduce.py [--quick] [--only ID ...] [--list]

Tolerance: an absolute number (|measured - stated| <= it), `x%` (relative
to the stated value) or `lo..hi` (measured within the range, bounds
included). Mode: `quick` (seconds, run by --quick and in CI), `full`, and
optionally `,needs:PATH` (or a bare `needs:PATH`, which is full): the row
is skipped, visibly, when PATH (relative to the root; `$VAR` expanded;
`A|B` for either) does not exist.
"""
import argparse
import glob
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COLUMNS = ["id", "published_in", "command", "stated", "tolerance", "extract", "mode"]


def read_rows():
    """All figure rows of scripts/figures/*.tsv, in file then line order."""
    rows = []
    for path in sorted(glob.glob(os.path.join(ROOT, "scripts", "figures", "*.tsv"))):
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                line = line.rstrip("\n")
                if not line.strip() or line.startswith("#"):
                    continue
                cells = line.split("\t")
                if len(cells) != len(COLUMNS):
                    sys.exit(f"{path}:{n}: {len(cells)} columns, expected {len(COLUMNS)}")
                row = dict(zip(COLUMNS, cells))
                row["where"] = f"{os.path.relpath(path, ROOT)}:{n}"
                rows.append(row)
    return rows


def parse_mode(mode):
    """(quick?, [needed paths]) from a mode cell such as `quick,needs:data/x`."""
    quick, needs = False, []
    for part in mode.split(","):
        part = part.strip()
        if part == "quick":
            quick = True
        elif part.startswith("needs:"):
            needs.append(part[len("needs:"):])
        elif part != "full":
            sys.exit(f"unknown mode {part!r}")
    return quick, needs


def number(text):
    """The first number in text (spaces, thin spaces and commas between digit groups allowed)."""
    text = text.replace("\u2009", "").replace("\u202f", "").replace("\u2212", "-")
    m = re.search(r"-?\d[\d ,]*(?:\.\d+)?(?:[eE][-+]?\d+)?", text)
    if not m:
        return None
    return float(m.group(0).replace(" ", "").replace(",", ""))


def within(stated, measured, tol):
    """Whether measured agrees with stated under the tolerance cell."""
    tol = tol.strip()
    if ".." in tol:
        lo, hi = (float(x) for x in tol.split(".."))
        return lo <= measured <= hi
    if tol.endswith("%"):
        return abs(measured - stated) <= abs(stated) * float(tol[:-1]) / 100
    return abs(measured - stated) <= float(tol)


def run(command, env, cache, timeout):
    """stdout+stderr and status of command (bash, from ROOT), run once per distinct command."""
    if command not in cache:
        t0 = time.time()
        try:
            p = subprocess.run(["bash", "-c", command], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout)
            cache[command] = (p.stdout.decode("utf-8", "replace"), p.returncode, time.time() - t0)
        except subprocess.TimeoutExpired as e:
            out = (e.stdout or b"").decode("utf-8", "replace")
            cache[command] = (out, f"timeout {timeout}s", time.time() - t0)
    return cache[command]


def present(path):
    """Whether path (environment variables expanded, relative to the root) exists."""
    path = os.path.expandvars(path)
    return "$" not in path and os.path.exists(os.path.join(ROOT, path))


def check(row, env, cache, args):
    """(verdict, measured, note) for one row."""
    quick, needs = parse_mode(row["mode"])
    missing = [p for p in needs if not any(present(alt) for alt in p.split("|"))]
    if missing:
        return "skipped", "", f"absent: {missing[0]}"
    out, status, secs = run(row["command"], env, cache, args.timeout)
    m = re.search(row["extract"], out, re.M)
    if status != 0:
        tail = out.strip().splitlines()[-1:] or [""]
        return "OFF", "", f"status {status}: {tail[0][:80]}"
    if not m:
        return "OFF", "", "extract did not match"
    measured = number(m.group(1))
    stated = number(row["stated"])
    if measured is None or stated is None:
        return "OFF", m.group(1), "not a number"
    ok = within(stated, measured, row["tolerance"])
    return ("ok" if ok else "OFF"), m.group(1).strip(), f"{secs:.0f}s"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="only the rows whose mode is quick")
    ap.add_argument("--only", nargs="+", metavar="ID", help="only these ids")
    ap.add_argument("--list", action="store_true", help="list the selected rows without running them")
    ap.add_argument("--log", metavar="DIR", help="also write each command's output to DIR/ID.log")
    ap.add_argument("--timeout", type=int, default=3600, help="seconds per command")
    args = ap.parse_args()
    rows = read_rows()
    ids = [r["id"] for r in rows]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        sys.exit(f"duplicate ids: {sorted(dup)}")
    if args.only:
        unknown = set(args.only) - set(ids)
        if unknown:
            sys.exit(f"unknown ids: {sorted(unknown)}")
        rows = [r for r in rows if r["id"] in args.only]
    if args.quick:
        rows = [r for r in rows if parse_mode(r["mode"])[0]]
    if args.list:
        for r in rows:
            print(f"{r['id']}\t{r['mode']}\t{r['command']}")
        return 0
    env = dict(os.environ)
    env.setdefault("SN", os.path.join(ROOT, "target", "release", "sn"))
    env["ROOT"] = ROOT
    cache = {}
    w = max([len(r["id"]) for r in rows] + [2])
    print(f"{'id':{w}}  {'stated':>14}  {'measured':>12}  {'tolerance':>13}  verdict")
    counts = {"ok": 0, "OFF": 0, "skipped": 0}
    for r in rows:
        verdict, measured, note = check(r, env, cache, args)
        if args.log and r["command"] in cache:
            os.makedirs(args.log, exist_ok=True)
            with open(os.path.join(args.log, r["id"] + ".log"), "w", encoding="utf-8") as f:
                f.write(cache[r["command"]][0])
        counts[verdict] += 1
        print(f"{r['id']:{w}}  {r['stated']:>14}  {measured:>12}  {r['tolerance']:>13}  {verdict} ({note})",
              flush=True)
    ran = counts["ok"] + counts["OFF"]
    print(f"rows: {len(rows)}, ran {ran}, ok {counts['ok']}, OFF {counts['OFF']}, skipped {counts['skipped']}")
    return 1 if counts["OFF"] else 0


if __name__ == "__main__":
    sys.exit(main())
