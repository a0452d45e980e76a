#!/usr/bin/env bash
# The project's test command (what .ci/run calls): installs what jixiao needs, builds it
# once with the Catch2 tests, then runs the C++ and the Python suites.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/install-system-deps.sh test
python3 -m pip install --quiet --upgrade pip
# Build requirements first, then the package itself without isolation so the build
# directory (with the Catch2 executable) is reused and kept.
python3 -m pip install --quiet scikit-build-core pybind11 boost-headers cmake ninja
python3 -m pip install --quiet --no-build-isolation ".[test]" \
  -Cbuild-dir=build/ci -Ccmake.define.JIXIAO_BUILD_TESTS=ON
echo "== C++ tests (Catch2) =="
# The PDF tests load PDFium from pypdfium2's wheel, as the Python package does.
JIXIAO_PDFIUM_LIBRARY=$(python3 -c 'import pathlib, pypdfium2_raw; print(pathlib.Path(pypdfium2_raw.__file__).with_name("libpdfium.so"))')
export JIXIAO_PDFIUM_LIBRARY
build/ci/jixiao_tests
echo "== Python tests (pytest) =="
# Run from the repository root against the installed package (python/ is not on sys.path).
python3 -m pytest -q -p no:cacheprovider tests/python
