#!/usr/bin/env bash
# Fuzzes every reader and the whole pipeline with libFuzzer: builds the targets of tests/fuzz
# (clang, ASan, UBSan; library and targets only, in build/fuzz) and runs each for SECONDS
# (default 60) from its seed corpus and dictionary. A crash, a sanitizer report, one input
# taking more than 10 s or the process passing 2 GB fails the run. Inputs that found new
# coverage accumulate in build/fuzz/corpus/<target>; a failing input is written to
# build/fuzz/<kind>-<hash> and replays with `build/fuzz/fuzz_<target> FILE`. docs/fuzzing.md
# describes the long run.
#
#     bash scripts/fuzz.sh [SECONDS]
set -euo pipefail
seconds=${1:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
build=build/fuzz
bash scripts/install-system-deps.sh fuzz
python3 -m pip install --quiet boost-headers cmake ninja
CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DJIXIAO_FUZZ=ON >/dev/null
cmake --build "$build" --target fuzz_text fuzz_docx fuzz_docx_xml
python3 tests/fuzz/docx_seeds.py tests/fuzz/corpus/docx_xml "$build/seeds/docx"

status=0
for target in text docx docx_xml; do
  corpus="$build/corpus/$target"
  mkdir -p "$corpus"
  seeds=(tests/fuzz/corpus/"$target")
  case $target in
    text) seeds+=(python/jixiao/samples) ;;
    docx) seeds=("$build/seeds/docx") ;;
  esac
  echo "== fuzz_$target: $seconds s =="
  log="$build/fuzz_$target.log"
  if "$build/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
      -dict="tests/fuzz/$target.dict" -artifact_prefix="$build/" -print_final_stats=1 \
      "$corpus" "${seeds[@]}" >"$log" 2>&1; then
    grep -E '^#[0-9]+.*(DONE|pulse)' "$log" | tail -1
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log"
  else
    status=1
    tail -60 "$log"
    echo "fuzz_$target FAILED (log: $log)"
  fi
done
exit $status
