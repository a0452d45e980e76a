"""Peak memory of large batches, run by hand (not part of the test suite):

    python tests/benchmarks/bench_memory.py [--files 100000 30000 10000] [--jobs 0]

Writes --files reports with tests/python/batch_corpus.py's generator (its three kinds, figures
varying, one in ten in GB18030) into a temporary folder and measures, each in a fresh process,
its peak resident set size (the kernel's ru_maxrss for that process) and its time:
  check_many          jixiao.check_many(folder, rubric="auto") and then every BatchResult
                      DataFrame (files, findings, budget, projects, indicators, scores), one at a time
  check_many objects  the same with every result kept as an object (the spill to disk turned off):
                      what check_many kept before
  batch jsonl         jixiao batch FOLDER --out results.jsonl (streamed)
  batch csv           jixiao batch FOLDER --out FOLDER/ (one CSV per table, streamed)
A process that only imports jixiao and pandas is the floor. Prints a table with the growth per
file between the smallest and the largest N and writes tests/benchmarks/results/memory.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "tests" / "python"))

from batch_corpus import report_text  # noqa: E402
from bench_batch import machine_idle_share  # noqa: E402

FLOOR = "import jixiao, pandas"
CHECK_MANY = """
import sys, jixiao as jx
from jixiao import _spill
if sys.argv[3] == "objects":
    _spill.KEEP_IN_MEMORY = 10**9
batch = jx.check_many(sys.argv[1], jobs=int(sys.argv[2]), rubric="auto", progress=False)
rows = {}
for kind in jx.batch.KINDS:
    frame = batch.to_pandas(kind)
    rows[kind] = len(frame)
    del frame
print(rows)
"""


def write_reports(folder: Path, count: int) -> None:
    folder.mkdir(parents=True)
    for i in range(count):
        name, text = report_text(i)
        (folder / f"{i:06d}{name[3:]}").write_bytes(text.encode("gb18030" if i % 10 == 7 else "utf-8"))


def measure(command: list[str]) -> tuple[float, float, str]:
    """(peak RSS in MB, seconds, stdout) of one process that prints its own peak RSS last."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = proc.communicate()  # reads both pipes, then waits
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1, 2):
        raise SystemExit(f"{command[:4]} failed ({proc.returncode}):\n{err[-2000:]}")
    peak = float(out.strip().splitlines()[-1]) if out.strip() else float("nan")
    return peak, seconds, out


def wrapped(code: str) -> str:
    """Runs `code` and prints the process's peak RSS in MB as the last line."""
    return f"{code}\nimport resource\nprint(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, nargs="+", default=[10000, 30000, 100000])
    ap.add_argument("--jobs", type=int, default=0, help="threads (default 0: one per CPU)")
    ap.add_argument("--skip-objects", action="store_true", help="leave out the check_many objects row (slow, large)")
    args = ap.parse_args()
    python = sys.executable
    runner = (
        "import runpy, sys, resource\n"
        "sys.argv = ['jixiao', *sys.argv[1:]]\n"
        "try:\n"
        "    runpy.run_module('jixiao', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n"
    )
    rows: list[dict[str, Any]] = []
    idle = machine_idle_share()
    floor, _, _ = measure([python, "-c", wrapped(FLOOR)])
    with tempfile.TemporaryDirectory() as tmp:
        for n in sorted(args.files):
            folder = Path(tmp) / f"reports_{n}"
            write_reports(folder, n)
            modes: list[tuple[str, list[str]]] = [
                ("check_many", [python, "-c", wrapped(CHECK_MANY), str(folder), str(args.jobs), "spill"]),
                ("check_many objects", [python, "-c", wrapped(CHECK_MANY), str(folder), str(args.jobs), "objects"]),
                ("batch jsonl", [python, "-c", runner, "batch", str(folder), "--out", str(Path(tmp) / "r.jsonl"),
                                 "--jobs", str(args.jobs), "--no-progress"]),
                ("batch csv", [python, "-c", runner, "batch", str(folder), "--out", str(Path(tmp) / "csv") + "/",
                               "--jobs", str(args.jobs), "--no-progress"]),
            ]
            for mode, command in modes:
                if mode == "check_many objects" and args.skip_objects:
                    continue
                peak, seconds, _ = measure(command)
                rows.append({"mode": mode, "files": n, "peak_rss_mb": round(peak, 1), "seconds": round(seconds, 1)})
                print(f"{mode:<20}{n:>8}{peak:>10.1f} MB{seconds:>9.1f} s", flush=True)
            for f in folder.iterdir():
                f.unlink()
            folder.rmdir()
    print(f"\nfloor (import jixiao, pandas): {floor:.1f} MB; machine idle share before: {idle}, "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"{'mode':<20}{'files':>8}{'peak RSS MB':>13}{'s':>8}{'KB per file':>13}")
    growth: dict[str, float] = {}
    for mode in dict.fromkeys(r["mode"] for r in rows):
        runs = [r for r in rows if r["mode"] == mode]
        if len(runs) > 1:
            first, last = runs[0], runs[-1]
            added = (last["peak_rss_mb"] - first["peak_rss_mb"]) * 1024
            growth[mode] = round(added / (last["files"] - first["files"]), 2)
        for r in runs:
            print(f"{mode:<20}{r['files']:>8}{r['peak_rss_mb']:>13}{r['seconds']:>8}{growth.get(mode, ''):>13}")
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    result = {"floor_mb": floor, "idle_share": idle, "rows": rows, "growth_kb_per_file": growth}
    (out / "memory.json").write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"written to {out / 'memory.json'}")


if __name__ == "__main__":
    main()
