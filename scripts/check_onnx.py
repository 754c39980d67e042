#!/usr/bin/env python3
"""Checks sn's ONNX files with the ONNX project's own tools.

For each OUTDIR/NAME.onnx written by scripts/onnx-export.lsp: the full
onnx.checker check (shape inference included), then ONNX Runtime on the
100 inputs sn saved beside it, compared with sn's outputs (max abs
difference, relative to the outputs' largest magnitude when that exceeds
1). With --torch FILE.onnx, compares the outputs sn computed for a model
imported from PyTorch (FILE.onnx.sn-out.idx) with PyTorch's own
(FILE.onnx.out100). Exits 1 when a check fails.

    python scripts/check_onnx.py OUTDIR [--torch FILE.onnx]
"""
import argparse
import glob
import os
import struct
import sys

import numpy as np
import onnx
import onnxruntime as ort

TOLERANCE = 1e-4


def read_idx_float(path):
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:3] != b"\0\0\x0d":
        raise ValueError(f"{path}: not an IDX float file")
    ndim = raw[3]
    dims = struct.unpack(">" + "i" * ndim, raw[4 : 4 + 4 * ndim])
    return np.frombuffer(raw, dtype=">f4", offset=4 + 4 * ndim).reshape(dims).astype(np.float32)


def difference(a, b):
    d = float(np.max(np.abs(a - b)))
    scale = max(1.0, float(np.max(np.abs(b))))
    return d, d / scale


def check_file(path):
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    base = path[: -len(".onnx")]
    x = read_idx_float(base + ".in.idx")
    want = read_idx_float(base + ".out.idx")
    sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    got = sess.run(None, {sess.get_inputs()[0].name: x})[0].reshape(want.shape)
    d, rel = difference(got, want)
    ok = rel <= TOLERANCE
    ops = sorted({n.op_type for n in model.graph.node})
    print(f"{os.path.basename(path)}: onnx.checker full_check ok, opset "
          f"{model.opset_import[0].version}, ops {' '.join(ops)}; onnxruntime "
          f"{ort.__version__} vs sn on {x.shape[0]} inputs: max abs difference "
          f"{d:.2e} (relative {rel:.2e}) {'ok' if ok else 'FAILED'}")
    return ok


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--torch")
    a = ap.parse_args()
    files = sorted(glob.glob(os.path.join(a.outdir, "*.onnx")))
    if not files:
        sys.exit(f"check_onnx: no .onnx file in {a.outdir}")
    ok = all([check_file(f) for f in files])
    if a.torch:
        want = np.fromfile(a.torch + ".out100", dtype="<f4").reshape(100, -1)
        got = read_idx_float(a.torch + ".sn-out.idx").reshape(want.shape)
        d, rel = difference(got, want)
        good = d <= TOLERANCE
        print(f"{os.path.basename(a.torch)} (PyTorch) imported by sn: max abs "
              f"difference to PyTorch's outputs {d:.2e} {'ok' if good else 'FAILED'}")
        ok = ok and good
    print("check-onnx: ok" if ok else "check-onnx: FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
