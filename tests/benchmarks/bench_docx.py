""".docx reading benchmark, run by hand (not part of the test suite):

    python tests/benchmarks/bench_docx.py [--copies 200] [--large-copies 5] [--corpus ../shared/corpus]

Builds, in a temporary folder,
  large   a report written with python-docx: 2,000 paragraphs (numbered headings with
          automatic Chinese numbering, body text with split runs) and 50 tables of 10×6 with
          vertically and horizontally merged cells, copied --large-copies times;
  corpus  --copies copies of the corpus's dev/d3_stats_targets_2022.docx;
then times, side by side in one run on one core,
  jixiao       jixiao.load (unzip + XML + numbering + tables, then outline and extraction)
  python-docx  docx.Document(path) and reading every paragraph's text and every table cell's text
and prints a table with the ratio (DESIGN.md §10 asks for ≥ 20×). Results go to
tests/benchmarks/results/docx.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import docx

import jixiao as jx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "tests" / "python"))
from docx_builder import add_list, numbered  # noqa: E402 - the tests' builder, found through the line above


def add_chinese_list(document: docx.document.Document) -> int:
    """一、 / （一） / 1. numbering as a Word user would set it up; returns the numId."""
    return add_list(document, ("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3."))


def build_large(path: Path, paragraphs: int = 2000, tables: int = 50) -> None:
    document = docx.Document()
    num_id = add_chinese_list(document)
    document.add_paragraph("某某局2021年度部门整体支出绩效自评报告")
    tables_every = max(1, paragraphs // tables)
    made_tables = 0
    for i in range(paragraphs):
        if i % 40 == 0:
            numbered(document, num_id, 0, f"第{i // 40 + 1}部分情况")
        elif i % 10 == 0:
            numbered(document, num_id, 1, "重点工作完成情况")
        elif i % 5 == 0:
            numbered(document, num_id, 2, "项目支出")
        else:
            p = document.add_paragraph()
            p.add_run(f"2021年度预算资金{i}")
            p.add_run(".45万元，实际支出")
            p.add_run(f"{i - 1}.9万元，执行率98.5%，完成培训{i % 30 + 1}次。")
        if i % tables_every == tables_every - 1 and made_tables < tables:
            made_tables += 1
            table = document.add_table(rows=10, cols=6)
            for r in range(10):
                for c in range(6):
                    table.cell(r, c).text = ["产出指标", "数量指标", f"指标{r}", f"≥{r * 10}个", "10", "9.5"][
                        c
                    ]
            table.cell(1, 0).merge(table.cell(5, 0))
            table.cell(6, 0).merge(table.cell(9, 0))
            table.cell(0, 3).merge(table.cell(0, 5))
    document.save(str(path))


def python_docx_walk(path: Path) -> None:
    document = docx.Document(str(path))
    for paragraph in document.paragraphs:
        paragraph.text  # noqa: B018 - reading the text is the work measured
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                cell.text  # noqa: B018


def timed(files: list[Path], fn: Callable[[Path], object]) -> float:
    start = time.perf_counter()
    for f in files:
        fn(f)
    return time.perf_counter() - start


def measure(label: str, files: list[Path]) -> dict[str, object]:
    size_mb = sum(f.stat().st_size for f in files) / 1024 / 1024
    jx.load(files[0])  # warm the page cache and the engine's compiled patterns
    python_docx_walk(files[0])
    jixiao_s = timed(files, jx.load)
    python_docx_s = timed(files, python_docx_walk)
    return {
        "set": label,
        "files": len(files),
        "mb": round(size_mb, 2),
        "jixiao_s": round(jixiao_s, 3),
        "python_docx_s": round(python_docx_s, 3),
        "jixiao_files_per_s": round(len(files) / jixiao_s, 1),
        "python_docx_files_per_s": round(len(files) / python_docx_s, 1),
        "ratio": round(python_docx_s / jixiao_s, 1),
    }


def copies(source: Path, n: int, folder: Path) -> list[Path]:
    folder.mkdir(exist_ok=True)
    out = []
    for i in range(n):
        dst = folder / f"{i:05d}_{source.name}"
        shutil.copyfile(source, dst)
        out.append(dst)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copies", type=int, default=200, help="copies of the corpus .docx")
    ap.add_argument("--large-copies", type=int, default=5, help="copies of the generated large report")
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        large = folder / "large.docx"
        build_large(large)
        doc = jx.load(large)
        print(
            f"large report: {len(doc.blocks)} blocks, {len(doc.tables)} tables, {len(doc.outline)} headings"
        )
        rows = [
            measure(
                "large (2,000 paragraphs, 50 tables)", copies(large, args.large_copies, folder / "large")
            ),
            measure(
                "corpus d3 target table",
                copies(Path(args.corpus) / "dev" / "d3_stats_targets_2022.docx", args.copies, folder / "d3"),
            ),
        ]
    header = ("set", "files", "MB", "jixiao s", "docx s", "jixiao f/s", "docx f/s", "ratio")
    print(
        f"{header[0]:<38}"
        + "".join(f"{h:>{w}}" for h, w in zip(header[1:], (7, 8, 10, 9, 12, 10, 8), strict=True))
    )
    for r in rows:
        print(
            f"{r['set']:<38}{r['files']:>7}{r['mb']:>8}{r['jixiao_s']:>10}{r['python_docx_s']:>9}"
            f"{r['jixiao_files_per_s']:>12}{r['python_docx_files_per_s']:>10}{r['ratio']:>7}×"
        )
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    (out / "docx.json").write_text(json.dumps(rows, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"written to {out / 'docx.json'}")


if __name__ == "__main__":
    main()
