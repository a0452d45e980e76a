"""Text pipeline side by side, run by hand (not part of the test suite; needs the `bench` extra):

    python tests/benchmarks/bench_text.py [--mb 10] [--repeat 3] [--corpus ../shared/corpus]

Builds a corpus mix in a temporary folder — the corpus text reports, the package's samples and
reports written by tests/python/batch_corpus.py, copied round after round until they add up to
about --mb megabytes — and times, on one thread, over the same files in the same run:
  read+decode   reading the bytes and decoding them in Python (what every Python job pays)
  autocorrect   read+decode, then autocorrect (a Rust linter of Chinese prose, spacing and
                punctuation only) linting the text (autocorrect-py)
  jixiao        read+decode, then jixiao.parse + jixiao.check (every rule) + jixiao.score under
                the report-quality rubric (DESIGN.md §10's text pipeline)
Each figure is the best of --repeat passes; the machine's idle share just before the runs is
recorded. Prints a table with the ratios and writes tests/benchmarks/results/text.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench_load import build_corpus  # the same replicated folder as the load benchmark

import jixiao as jx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "tests" / "python"))

from batch_corpus import report_text  # noqa: E402
from bench_batch import machine_idle_share  # noqa: E402

GENERATED = 9  # reports from batch_corpus per round: three of each of its three kinds


def sources(corpus: Path, folder: Path) -> list[Path]:
    """One round of the mix: the corpus's text reports, the samples and the generated reports."""
    found = sorted(corpus.glob("*/*.txt")) + sorted((Path(jx.__file__).parent / "samples").glob("*.txt"))
    generated = folder / "generated"
    generated.mkdir()
    for i in range(GENERATED):
        name, text = report_text(i)
        path = generated / name
        path.write_text(text, encoding="utf-8")
        found.append(path)
    return found


def read_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8-sig")


def make_jixiao(config: jx.Config) -> Callable[[Path], object]:
    rubric = jx.load_rubric("report-quality", config)

    def run(path: Path) -> object:
        doc = jx.parse(read_text(path), path.name)
        result = jx.check(doc, config)
        return jx.score(doc, rubric, diagnostics=result, config=config)

    return run


def make_autocorrect() -> Callable[[Path], object] | None:
    try:
        import autocorrect_py  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None

    def run(path: Path) -> object:
        return autocorrect_py.lint_for(read_text(path), path.name)

    return run


def best_pass(files: list[Path], fn: Callable[[Path], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for f in files:
            fn(f)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=10.0)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--only", choices=["jixiao"], help="time only jixiao (for a profiler: perf record -g python ...)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        round_files = sources(Path(args.corpus), folder)
        files = build_corpus(round_files, args.mb, folder)
        size_mb = sum(f.stat().st_size for f in files) / 1024 / 1024
        config = jx.Config()  # given once, as a batch job would: no per-file discovery of jixiao.toml
        stages: list[tuple[str, Callable[[Path], object] | None]] = [
            ("python read+decode", read_text),
            ("autocorrect lint", make_autocorrect()),
            ("jixiao parse+check+score", make_jixiao(config)),
        ]
        if args.only:
            stages = stages[-1:]
        for _, fn in stages:  # warm the page cache, the engine's compiled patterns and the linter
            if fn is not None:
                for f in round_files:
                    fn(f)
        idle = machine_idle_share()
        rows: list[dict[str, Any]] = []
        for label, fn in stages:
            if fn is None:
                print(f"{label}: skipped (pip install -e '.[bench]' for autocorrect-py)", file=sys.stderr)
                continue
            seconds = best_pass(files, fn, args.repeat)
            rows.append({
                "stage": label,
                "files": len(files),
                "mb": round(size_mb, 2),
                "seconds": round(seconds, 3),
                "reports_per_s": round(len(files) / seconds, 1),
                "mb_per_s": round(size_mb / seconds, 2),
            })
    by_stage = {r["stage"]: r for r in rows}
    ours = by_stage["jixiao parse+check+score"]["reports_per_s"]
    for r in rows:
        r["jixiao_speed_ratio"] = round(ours / r["reports_per_s"], 3)
    print(f"{len(files)} files, {size_mb:.1f} MB, one thread, best of {args.repeat}; "
          f"machine idle share before the runs: {idle}, load average {os.getloadavg()[0]:.2f}")
    print(f"{'stage':<28}{'s':>9}{'reports/s':>12}{'MB/s':>9}{'jixiao speed ÷ this':>22}")
    for r in rows:
        print(f"{r['stage']:<28}{r['seconds']:>9}{r['reports_per_s']:>12}{r['mb_per_s']:>9}"
              f"{r['jixiao_speed_ratio']:>22}")
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    result = {"idle_share": idle, "repeat": args.repeat, "rows": rows}
    (out / "text.json").write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"written to {out / 'text.json'}")


if __name__ == "__main__":
    main()
