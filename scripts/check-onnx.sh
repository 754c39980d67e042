#!/usr/bin/env bash
# Checks sn's ONNX export and import with the ONNX project's own tools.
#
#   scripts/check-onnx.sh
#   TORCH_PYTHON=/path/to/python-with-torch-and-onnx scripts/check-onnx.sh
#
# 1. Installs onnx, onnxruntime and numpy from PyPI in target/onnx-venv
#    (once).
# 2. sn writes LeNet-1, LeNet-5 (C3 table, RBF outputs), LeNet-5's PyTorch
#    variant and an MLP as ONNX, with its outputs for 100 test digits
#    (scripts/onnx-export.lsp), and three units-level (SN2.8) nets written
#    by save-onnx-units (XOR, LeCun's 1989 Net-5 with shared kernels, a
#    net with skip connections and mixed nlfs) with what forward-prop
#    gives; each file passes onnx.checker's full check and runs in ONNX
#    Runtime within 1e-4 of sn (relative to outputs over 1).
# 3. With TORCH_PYTHON (a Python with torch and onnx): a LeNet-5 trained
#    by PyTorch on the embedded digits and exported by torch.onnx.export
#    (scripts/torch_lenet5_onnx.py) is imported by sn's load-onnx; its
#    test errors in sn must equal PyTorch's count, and its outputs agree
#    within 1e-4. Without TORCH_PYTHON this step says it is skipped.
# Exits non-zero when a check fails.
set -euo pipefail
cd "$(dirname "$0")/.."
SN=${SN:-target/release/sn}
venv=target/onnx-venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import onnx, onnxruntime" 2> /dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q onnx onnxruntime numpy
fi
[ -x "$SN" ] || cargo build --release -q
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$SN" scripts/onnx-export.lsp "$out" < /dev/null
torch_args=()
if [ -n "${TORCH_PYTHON:-}" ]; then
  mkdir "$out/torch"
  model="$out/torch/torch-lenet5.onnx"
  torch_json=$("$TORCH_PYTHON" -W ignore scripts/torch_lenet5_onnx.py "$model")
  echo "PyTorch: $torch_json"
  sn_line=$("$SN" scripts/onnx-export.lsp "$out" "$model" < /dev/null)
  echo "sn: $sn_line"
  torch_errors=$(sed -n 's/.*"test_errors": \([0-9]*\).*/\1/p' <<< "$torch_json")
  sn_errors=$(sed -n 's/.*(\([0-9]*\) of [0-9]*).*/\1/p' <<< "$sn_line")
  if [ "$torch_errors" != "$sn_errors" ]; then
    echo "check-onnx: FAILED: PyTorch's LeNet-5 errs on $torch_errors test digits, imported into sn on $sn_errors"
    exit 1
  fi
  echo "the imported LeNet-5 errs on the same number of test digits in sn as in PyTorch: $sn_errors"
  torch_args=(--torch "$model")
else
  echo "TORCH_PYTHON is not set: the import of a PyTorch LeNet-5 is not checked"
fi
"$venv/bin/python" scripts/check_onnx.py "$out" "${torch_args[@]}"
