"""Text pipeline benchmark, run by hand (not part of the test suite):

    python tests/benchmarks/bench_load.py [--mb 10] [--corpus ../shared/corpus]

Copies the corpus text reports (and the package's samples) into a temporary folder until
they add up to about --mb megabytes, then times, on one core:
  load    read + decode + blocks + outline + extraction   (jixiao.load)
  check   load + every rule                               (jixiao.check)
and, as the baseline every Python batch job pays anyway, reading and splitting the same
files into lines in pure Python. Prints a table and writes tests/benchmarks/results/load.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

import jixiao as jx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def build_corpus(sources: list[Path], target_mb: float, folder: Path) -> list[Path]:
    files: list[Path] = []
    total = 0
    i = 0
    while total < target_mb * 1024 * 1024:
        for src in sources:
            dst = folder / f"{i:05d}_{src.name}"
            shutil.copyfile(src, dst)
            files.append(dst)
            total += dst.stat().st_size
        i += 1
    return files


def timed(label: str, files: list[Path], fn) -> dict[str, float | str | int]:  # type: ignore[no-untyped-def]
    size = sum(f.stat().st_size for f in files)
    start = time.perf_counter()
    for f in files:
        fn(f)
    seconds = time.perf_counter() - start
    return {
        "stage": label,
        "files": len(files),
        "mb": round(size / 1024 / 1024, 2),
        "seconds": round(seconds, 3),
        "reports_per_s": round(len(files) / seconds, 1),
        "mb_per_s": round(size / 1024 / 1024 / seconds, 2),
    }


def python_baseline(path: Path) -> None:
    text = path.read_bytes().decode("utf-8-sig")
    for line in text.splitlines():
        line.strip()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=10.0)
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    args = ap.parse_args()
    sources = sorted(Path(args.corpus).glob("*/*.txt")) + sorted((Path(jx.__file__).parent / "samples").glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        files = build_corpus(sources, args.mb, Path(tmp))
        for f in files[: len(sources)]:  # warm the page cache and the engine's compiled patterns
            jx.check(f)
        rows = [
            timed("python read+split (baseline)", files, python_baseline),
            timed("jixiao.load", files, jx.load),
            timed("jixiao.check (load + rules)", files, jx.check),
        ]
    print(f"{'stage':<32}{'files':>8}{'MB':>8}{'s':>9}{'reports/s':>12}{'MB/s':>9}")
    for r in rows:
        print(f"{r['stage']:<32}{r['files']:>8}{r['mb']:>8}{r['seconds']:>9}{r['reports_per_s']:>12}{r['mb_per_s']:>9}")
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    (out / "load.json").write_text(json.dumps(rows, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"written to {out / 'load.json'}")


if __name__ == "__main__":
    main()
