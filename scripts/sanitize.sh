#!/usr/bin/env bash
# The C++ suite under AddressSanitizer and UBSan: builds the library, the Catch2 tests and the
# fuzz targets (with a main that replays files, so GCC will do) in build/sanitize, runs the
# tests and replays every fuzz seed corpus. Any sanitizer report fails. .ci/run calls it after
# scripts/test.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
build=build/sanitize
bash scripts/install-system-deps.sh
python3 -m pip install --quiet boost-headers cmake ninja
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DJIXIAO_SANITIZE=ON -DJIXIAO_BUILD_PYTHON=OFF \
  -DJIXIAO_BUILD_TESTS=ON -DJIXIAO_FUZZ_REPLAY=ON >/dev/null
cmake --build "$build"
export ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
echo "== C++ tests (Catch2) under ASan+UBSan =="
"$build/jixiao_tests"
echo "== fuzz seed corpora under ASan+UBSan =="
python3 tests/fuzz/docx_seeds.py tests/fuzz/corpus/docx_xml "$build/seeds/docx"
"$build/fuzz_text" tests/fuzz/corpus/text python/jixiao/samples
"$build/fuzz_docx" "$build/seeds/docx"
"$build/fuzz_docx_xml" tests/fuzz/corpus/docx_xml
