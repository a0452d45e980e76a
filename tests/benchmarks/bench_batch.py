"""Batch benchmark, run by hand (not part of the test suite):

    python tests/benchmarks/bench_batch.py [--copies 100] [--repeat 3] [--corpus ../shared/corpus]

Copies the corpus (7 .txt and 1 .docx) --copies times into a temporary folder and times
jixiao.check_many over all of it with jobs=1 and jobs=2, checking only and checking + scoring
(rubric="auto"), next to a plain loop of jixiao.check as the baseline. A last pair adds a Python
rule that waits 1 ms per report without using the CPU: its speed-up shows the pool working in
parallel (and the GIL released) even on a machine whose cores are busy with other work. Each
figure is the best of --repeat runs; the machine's idle share just before the runs is recorded,
since CPU speed-ups mean little on a busy machine. Prints a table and writes
tests/benchmarks/results/batch.json.
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


def machine_idle_share(seconds: float = 2.0) -> float | None:
    """The share of all cores' time spent idle over a short interval (Linux /proc/stat), or None."""

    def sample() -> tuple[int, int]:
        fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        return fields[3] + fields[4], sum(fields)  # idle + iowait, total

    try:
        idle0, total0 = sample()
        time.sleep(seconds)
        idle1, total1 = sample()
    except (OSError, ValueError, IndexError):
        return None
    return round((idle1 - idle0) / max(total1 - total0, 1), 2)


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
    idle = machine_idle_share()
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
            add(label, 1, one, one)
            two = best_of(args.repeat, lambda r=rubric: jx.check_many(files, jobs=2, rubric=r, progress=False))
            add(label, 2, two, one)

        @jx.rule("X999", name="waits-a-millisecond")
        def waits(doc: jx.Document, report: jx.RuleReport) -> None:
            time.sleep(0.001)

        label = "check_many + rule waiting 1 ms"
        one = best_of(args.repeat, lambda: jx.check_many(files, jobs=1, progress=False))
        add(label, 1, one, one)
        two = best_of(args.repeat, lambda: jx.check_many(files, jobs=2, progress=False))
        add(label, 2, two, one)
        jx.unregister_rule("X999")
    idle_text = "?" if idle is None else f"{idle:.0%}"
    print(f"corpus ×{args.copies}: {len(sources)} files each ({', '.join(p.name for p in sources)}); "
          f"{os.cpu_count()} CPUs, {idle_text} idle before the runs; best of {args.repeat}")
    print(f"{'run':<34}{'jobs':>5}{'files':>7}{'s':>9}{'files/s':>10}{'speed-up':>10}")
    for r in rows:
        speedup = "" if r["speedup_vs_jobs1"] is None else f"{r['speedup_vs_jobs1']:.2f}×"
        print(f"{r['run']:<34}{r['jobs']:>5}{r['files']:>7}{r['seconds']:>9}{r['files_per_s']:>10}{speedup:>10}")
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    record = {"copies": args.copies, "cpus": os.cpu_count(), "idle_before": idle, "repeat": args.repeat, "runs": rows}
    (out / "batch.json").write_text(json.dumps(record, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"written to {out / 'batch.json'}")


if __name__ == "__main__":
    main()
