#!/usr/bin/env bash
# bench-gtn.sh -- times the gtn library (gtn-org/gtn, version 0.0.1) on the
# graphs of crates/sn-graphs/examples/graph_bench.rs with
# scripts/bench_gtn.py (same graphs, same timing loop, same output format).
#
#   scripts/bench-gtn.sh [ARGS for bench_gtn.py]
#   scripts/bench-gtn.sh --setup-only      (build target/gtn-venv only)
#
# The first run builds gtn into a virtual environment, target/gtn-venv
# (ignored by git, reused afterwards): cmake 3 (gtn needs CMake < 4) and
# pybind11 from PyPI, then
# gtn from its PyPI source distribution (`pip download --no-binary :all:
# gtn==0.0.1`) built with cmake by its own setup.py.
#
# That source distribution holds only gtn's Python package and setup.py:
# its `src` is a symbolic link to the C++ tree of gtn's repository, which
# was not followed when it was packed. The C++ tree is therefore taken from
# the commit of that release (b53430b, "bump version for pypi": the same
# setup.py; gtn's CPU code is unchanged since) in a gtn repository: GTN_SRC
# names a checkout or a git directory (default: a clone of
# https://github.com/gtn-org/gtn). Three build mends, applied to the copy
# under target/gtn-venv only (they change no computation):
#   * the release's __init__.py imports `._graph` ... while its setup.py
#     builds `graph` ...: the imports are renamed as gtn's next commit
#     (1f32e52, "fix python bindings") does;
#   * gtn's FindPythonLibsNew.cmake asks Python for the extension suffix
#     with the `SO` variable, gone since Python 3.11 (modules named
#     `graphNone`): it asks for `EXT_SUFFIX`;
#   * gtn's build clones pybind11 with git at configure time: PyPI's
#     pybind11 headers are used instead (gtn's pinned pybind11 predates
#     Python 3.11).
#
# Environment: PYTHON (default python3), GTN_SRC, GTN_VENV (default
# target/gtn-venv), GTN_JOBS (make jobs, default 2).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="${GTN_VENV:-$root/target/gtn-venv}"
py="$venv/bin/python"

have_gtn() { [ -x "$py" ] && "$py" -c 'import gtn' 2>/dev/null; }

# Copies gtn's C++ tree at the release commit (from a checkout or a git
# directory) into $1.
gtn_tree() {
  local dest="$1" src="${GTN_SRC:-}" commit=b53430b631f9530cac03cf8b26455651951609b7
  mkdir -p "$dest"
  if [ -z "$src" ]; then
    git clone -q https://github.com/gtn-org/gtn "$venv/gtn-git"
    src="$venv/gtn-git"
  fi
  local git=(git -C "$src")
  [ -d "$src/objects" ] && git=(git --git-dir="$src")
  "${git[@]}" archive "$commit" | (cd "$dest" && tar xf -)
  echo "gtn C++ tree: $src at $commit" >&2
}

# Replaces gtn's configure-time git download of pybind11 by PyPI's headers.
use_pypi_pybind11() {
  local tree="$1" inc
  inc="$("$py" -c 'import pybind11; print(pybind11.get_include())')"
  cat > "$tree/cmake/Buildpybind11.cmake" <<EOF
# pybind11 headers from PyPI's pybind11 package (set by scripts/bench-gtn.sh).
add_custom_target(pybind11)
set(pybind11_INCLUDE_DIR "$inc")
EOF
}

build_gtn() {
  local work="$venv/build"
  rm -rf "$work" && mkdir -p "$work"
  "${PYTHON:-python3}" -m venv "$venv"
  "$py" -m pip install -q --upgrade pip
  "$py" -m pip install -q "cmake<4" pybind11 setuptools wheel
  "$py" -m pip download -q --no-deps --no-binary :all: gtn==0.0.1 -d "$work"
  tar xzf "$work/gtn-0.0.1.tar.gz" -C "$work"
  local sdist="$work/gtn-0.0.1"
  [ -f "$sdist/src/CMakeLists.txt" ] || gtn_tree "$sdist/src"
  use_pypi_pybind11 "$sdist/src"
  sed -i "s/get_config_var('SO')/get_config_var('EXT_SUFFIX')/" \
    "$sdist/src/cmake/FindPythonLibsNew.cmake"
  sed -i 's/^from \._\([a-z]*\) import/from .\1 import/' \
    "$sdist/src/bindings/python/gtn/__init__.py"
  sed -i "s/\"-j4\"/\"-j${GTN_JOBS:-2}\"/" "$sdist/setup.py"
  PATH="$venv/bin:$PATH" "$py" -m pip install -v --no-build-isolation --no-deps --force-reinstall "$sdist" \
    > "$work/pip-install.log" 2>&1 || { tail -40 "$work/pip-install.log"; exit 1; }
}

have_gtn || build_gtn
[ "${1:-}" = "--setup-only" ] && exit 0
exec "$py" "$root/scripts/bench_gtn.py" "$@"
