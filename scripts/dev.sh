#!/usr/bin/env bash
# Developer loop without touching site-packages: builds the library, the Catch2 tests,
# jixiao._core and jixiao-host in build/$NAME, stages the Python package with them in
# build/$NAME/pkg, then runs whatever command follows with PYTHONPATH pointing there.
#
#   scripts/dev.sh NAME                       # build only
#   scripts/dev.sh NAME pytest tests/python   # build, then run pytest on the staged package
#   scripts/dev.sh NAME build/NAME/jixiao_tests "[outline]"
set -euo pipefail
name=${1:?usage: scripts/dev.sh NAME [command ...]}
shift
root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build/$name"
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DJIXIAO_BUILD_TESTS=ON \
    -Dpybind11_DIR="$(python3 -c 'import pybind11; print(pybind11.get_cmake_dir())')" >/dev/null
fi
ninja -C "$build" >&2
rm -rf "$build/pkg" && mkdir -p "$build/pkg"
cp -r "$root/python/jixiao" "$build/pkg/jixiao"
cp "$build"/_core*.so "$build/pkg/jixiao/"
rm -rf "$build/pkg/jixiao/data" && cp -r "$root/data" "$build/pkg/jixiao/data"
# jixiao-host sits inside the package, where it is installed and where jixiao.host looks.
if [ -x "$build/jixiao-host" ]; then
  mkdir -p "$build/pkg/jixiao/bin" && cp "$build/jixiao-host" "$build/pkg/jixiao/bin/"
fi
if [ $# -gt 0 ]; then
  cd "$root"
  PYTHONPATH="$build/pkg" "$@"
fi
