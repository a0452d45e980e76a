"""jixiao-host check against jixiao check, run by hand (not part of the test suite):

    python tests/benchmarks/bench_host.py [--copies 100] [--corpus ../shared/corpus] [--repeat 3]

Copies the corpus reports (.txt and .docx) --copies times into a temporary folder, then times
each command as one process, from start to exit (best of --repeat, wall clock and CPU):

  jixiao check --format json DIR                  the Python CLI: one jx.check per file
  jixiao-host check --format json --jobs 1 DIR    the host: C++ run_batch, one worker thread

without and with a small Python rule file (--rules), and the host on every core (--jobs 0) for
reference. All outputs of a case must be byte-identical. `jixiao check` starts as `python -m
jixiao`; the host is started directly, told this environment the way the `jixiao-host` entry
point tells it (the entry point costs one more interpreter start, shown in the "1 file" case).
Prints a table and writes tests/benchmarks/results/host.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from jixiao.host import PYTHON_VARIABLE, executable_path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

RULES = """\
import jixiao as jx

@jx.rule("X901", name="mentions-year", severity="info", message="提到了年度")
def mentions_year(doc, report):
    for place in report.find("年度")[:1]:
        report.add(at=place)
"""

JIXIAO = [sys.executable, "-m", "jixiao", "check"]
HOST = [str(executable_path()), "check"]  # the program itself, told this environment as the entry point would
LAUNCHED_HOST = [sys.executable, "-m", "jixiao.host", "check"]  # through the `jixiao-host` entry point


def build_corpus(corpus: Path, copies: int, folder: Path) -> list[Path]:
    sources = sorted(p for p in corpus.rglob("*") if p.suffix in (".txt", ".docx"))
    files = []
    for i in range(copies):
        for src in sources:
            dst = folder / f"{i:03d}_{src.name}"
            shutil.copyfile(src, dst)
            files.append(dst)
    return files


def run(command: list[str], repeat: int) -> tuple[float, float, str]:
    """Best wall-clock seconds, the CPU seconds (user + system) of that run, and its stdout."""
    best = (float("inf"), 0.0)
    out = ""
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", check=False)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        if proc.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(command)} failed ({proc.returncode}):\n{proc.stderr}")
        best = min(best, (wall, cpu))
        out = proc.stdout
    return best[0], best[1], out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ[PYTHON_VARIABLE] = sys.executable

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "reports"
        folder.mkdir()
        files = build_corpus(args.corpus, args.copies, folder)
        one = str(files[0])
        rules = Path(tmp) / "rules.py"
        rules.write_text(RULES, encoding="utf-8")
        mb = sum(f.stat().st_size for f in files) / 1024 / 1024

        cases = [
            ("1 file", [one], []),
            (f"corpus ×{args.copies}", [str(folder)], []),
            (f"corpus ×{args.copies} + --rules", [str(folder)], ["--rules", str(rules)]),
        ]
        for label, paths, extra in cases:
            count = 1 if paths == [one] else len(files)
            commands = [
                ("jixiao check", [*JIXIAO, *extra]),
                ("jixiao-host check --jobs 1", [*HOST, "--jobs", "1", *extra]),
            ]
            if count == 1:
                commands.append(("jixiao-host (entry point) --jobs 1", [*LAUNCHED_HOST, "--jobs", "1"]))
            else:
                commands.append(("jixiao-host check --jobs 0", [*HOST, "--jobs", "0", *extra]))
            outputs = set()
            for name, command in commands:
                wall, cpu, out = run([*command, "--format", "json", *paths], args.repeat)
                outputs.add(out)
                rows.append({"case": label, "command": name, "files": count, "seconds": wall, "cpu_seconds": cpu})
            if len(outputs) != 1:
                raise SystemExit(f"{label}: jixiao-host check and jixiao check printed different JSON")

    baseline = {r["case"]: r["seconds"] for r in rows if r["command"] == "jixiao check"}
    for r in rows:
        r["seconds"] = round(float(r["seconds"]), 3)
        r["cpu_seconds"] = round(float(r["cpu_seconds"]), 3)
        r["files_per_s"] = round(float(r["files"]) / float(r["seconds"]), 1)
        r["vs_jixiao_check"] = round(float(baseline[str(r["case"])]) / float(r["seconds"]), 2)

    print(f"{len(files)} files, {mb:.1f} MB, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"best of {args.repeat}")
    print(f"{'case':<26} {'command':<36} {'files':>5} {'wall s':>7} {'cpu s':>7} {'files/s':>8} {'speed-up':>8}")
    for r in rows:
        print(f"{r['case']:<26} {r['command']:<36} {r['files']:>5} {r['seconds']:>7.3f} {r['cpu_seconds']:>7.3f} "
              f"{r['files_per_s']:>8.1f} {r['vs_jixiao_check']:>7.2f}×")
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    (results / "host.json").write_text(
        json.dumps({"files": len(files), "mb": round(mb, 2), "copies": args.copies, "cpus": os.cpu_count(),
                    "python": platform.python_version(), "repeat": args.repeat, "runs": rows},
                   ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8",
    )
    print(f"→ {results / 'host.json'}")


if __name__ == "__main__":
    main()
