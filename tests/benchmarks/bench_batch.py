"""Batch benchmark, run by hand (not part of the test suite):

    python tests/benchmarks/bench_batch.py [--copies 100] [--repeat 3] [--corpus ../shared/corpus]

Copies the corpus (7 .txt and 1 .docx) --copies times into a temporary folder and times
jixiao.check_many over all of it with jobs=1 and jobs=2, checking only and checking + scoring
(rubric="auto"), next to a plain loop of jixiao.check as the baseline. Each figure is the best of
--repeat runs (the machine is shared). Prints a table and writes tests/benchmarks/results/batch.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jixiao as jx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def build_corpus(sources: list[Path], copies: int, folder: Path) -> list[Path]:
    files = []
    for i in range(copies):
        for src in sources:
            dst = folder / f"{i:04d}_{src.name}"
            shutil.copyfile(src, dst)
            files.append(dst)
    return files


def best_of(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copies", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    args = ap.parse_args()
    sources = sorted(p for p in Path(args.corpus).glob("*/*") if p.suffix in (".txt", ".docx"))
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        files = build_corpus(sources, args.copies, Path(tmp))
        jx.check_many(files[: len(sources)], jobs=2, rubric="auto", progress=False)  # warm caches and patterns

        def add(label: str, jobs: int, seconds: float, baseline: float | None) -> None:
            rows.append({
                "run": label,
                "jobs": jobs,
                "files": len(files),
                "seconds": round(seconds, 3),
                "files_per_s": round(len(files) / seconds, 1),
                "speedup_vs_jobs1": None if baseline is None else round(baseline / seconds, 2),
            })

        loop = best_of(args.repeat, lambda: [jx.check(f) for f in files])
        add("jx.check in a Python loop", 1, loop, None)
        for label, rubric in (("check_many (check)", None), ("check_many (check + score auto)", "auto")):
            one = best_of(args.repeat, lambda r=rubric: jx.check_many(files, jobs=1, rubric=r, progress=False))
            add(label, 1, one, 1.0 * one)
            two = best_of(args.repeat, lambda r=rubric: jx.check_many(files, jobs=2, rubric=r, progress=False))
            add(label, 2, two, one)
    print(f"corpus ×{args.copies}: {len(sources)} files each ({', '.join(p.name for p in sources)}); "
          f"{os.cpu_count()} CPUs; best of {args.repeat}")
    print(f"{'run':<34}{'jobs':>5}{'files':>7}{'s':>9}{'files/s':>10}{'speed-up':>10}")
    for r in rows:
        speedup = "" if r["speedup_vs_jobs1"] is None else f"{r['speedup_vs_jobs1']:.2f}×"
        print(f"{r['run']:<34}{r['jobs']:>5}{r['files']:>7}{r['seconds']:>9}{r['files_per_s']:>10}{speedup:>10}")
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    (out / "batch.json").write_text(json.dumps(rows, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"written to {out / 'batch.json'}")


if __name__ == "__main__":
    main()
