#!/usr/bin/env python3
"""Trains a LeNet-5 in PyTorch on sn's embedded digits and exports it to ONNX.

The inputs are prepared as sn's `(idx-dataset dir prefix 2)` prepares them:
grey levels mapped so that background is -0.1 and full ink 1.175, each
28x28 digit centred in 32x32 with background around. The net is the 1998 LeNet-5
without its connection table and RBF head (PyTorch has neither): 6 maps
5x5, average pooling, 16 maps 5x5, average pooling, 120, 84 and 10 units,
tanh between them.

Prints one JSON line: the test error in %, the number of test digits and
the path of the ONNX file; also writes the test outputs of the first 100
test digits (float32, little-endian, 100x10) beside it, for comparisons.

    python scripts/torch_lenet5_onnx.py OUT.onnx [--epochs 8] [--seed 1]
"""
import argparse
import gzip
import json
import os
import struct

import numpy as np
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data", "mnist")


def read_idx(name):
    with gzip.open(os.path.join(DATA, name), "rb") as f:
        raw = f.read()
    ndim = raw[3]
    dims = struct.unpack(">" + "I" * ndim, raw[4 : 4 + 4 * ndim])
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def inputs(prefix):
    imgs = read_idx(prefix + "-images-idx3-ubyte.gz").astype(np.float32)
    # sn's idx-dataset: v / 255 * 1.275 - 0.1 in single precision (background
    # -0.1, full ink 1.175), then padded by 2 pixels of background
    scaled = imgs / np.float32(255) * np.float32(1.275) - np.float32(0.1)
    x = np.full((imgs.shape[0], 1, 32, 32), np.float32(-0.1), dtype=np.float32)
    x[:, 0, 2:30, 2:30] = scaled
    labels = read_idx(prefix + "-labels-idx1-ubyte.gz").astype(np.int64)
    return torch.from_numpy(x), torch.from_numpy(labels)


def lenet5():
    return nn.Sequential(
        nn.Conv2d(1, 6, 5), nn.Tanh(), nn.AvgPool2d(2),
        nn.Conv2d(6, 16, 5), nn.Tanh(), nn.AvgPool2d(2),
        nn.Flatten(),
        nn.Linear(400, 120), nn.Tanh(),
        nn.Linear(120, 84), nn.Tanh(),
        nn.Linear(84, 10),
    )


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    torch.manual_seed(a.seed)
    torch.set_num_threads(2)
    xtr, ytr = inputs("train")
    xte, yte = inputs("t10k")
    net = lenet5()
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    loss = nn.CrossEntropyLoss()
    gen = torch.Generator().manual_seed(a.seed)
    for _ in range(a.epochs):
        net.train()
        for idx in torch.randperm(len(xtr), generator=gen).split(32):
            opt.zero_grad()
            loss(net(xtr[idx]), ytr[idx]).backward()
            opt.step()
    net.eval()
    with torch.no_grad():
        out = net(xte)
    errors = int((out.argmax(1) != yte).sum())
    torch.onnx.export(
        net, xte[:1], a.out, opset_version=13, dynamo=False,
        input_names=["input"], output_names=["output"],
        dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}},
    )
    out[:100].numpy().astype("<f4").tofile(a.out + ".out100")
    print(json.dumps({"test_error_pct": 100.0 * errors / len(yte),
                      "test_errors": errors, "test_digits": len(yte),
                      "onnx": a.out}))


if __name__ == "__main__":
    main()
