"""The findings and report-quality scores of every report at hand, to show that a speed change
changes nothing (run by hand, before and after):

    python tests/benchmarks/findings_snapshot.py before.json          # writes the snapshot
    python tests/benchmarks/findings_snapshot.py after.json --against before.json

Reports: the corpus (every file), the package's samples, tests/holdout/docs and 60 reports from
tests/python/batch_corpus.py. Each entry is `jixiao check`'s JSON for the file and its score
under report-quality. With --against, lists the reports whose entry differs and exits 1 if any.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import jixiao as jx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "tests" / "python"))

from batch_corpus import report_text  # noqa: E402


def reports(corpus: Path, generated: Path) -> list[Path]:
    found = sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix in (".txt", ".docx", ".pdf", ".xlsx"))
    found += sorted((Path(jx.__file__).parent / "samples").glob("*.txt"))
    found += sorted(p for p in (ROOT / "tests" / "holdout" / "docs").iterdir() if p.is_file())
    for i in range(60):
        name, text = report_text(i)
        (generated / name).write_text(text, encoding="utf-8")
        found.append(generated / name)
    return found


def snapshot(paths: list[Path], root: Path) -> dict[str, Any]:
    config = jx.Config()
    entries: dict[str, Any] = {}
    for path in paths:
        key = path.name if path.is_relative_to(root) else str(path)
        result = jx.check(path, config)
        entry: dict[str, Any] = {"check": result.to_dict()}
        if not result.errors:
            card = jx.score(jx.load(path), "report-quality", diagnostics=result, config=config)
            entry["score"] = card.to_dict()
        # the generated reports' folder is a new temporary one each run
        entries[key] = json.loads(json.dumps(entry, ensure_ascii=False).replace(str(root) + os.sep, ""))
    return entries


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--against", help="an earlier snapshot to compare with")
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        entries = snapshot(reports(Path(args.corpus), Path(tmp)), Path(tmp))
    Path(args.out).write_text(json.dumps(entries, indent=1, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    findings = sum(len(e["check"].get("diagnostics", [])) for e in entries.values())
    print(f"{len(entries)} reports, {findings} findings → {args.out}")
    if args.against:
        before = json.loads(Path(args.against).read_text(encoding="utf-8"))
        changed = sorted(k for k in before.keys() | entries.keys() if before.get(k) != entries.get(k))
        for key in changed:
            print(f"differs: {key}")
        print("identical" if not changed else f"{len(changed)} reports differ")
        sys.exit(1 if changed else 0)


if __name__ == "__main__":
    main()
