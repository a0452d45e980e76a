""".pdf reading benchmark, run by hand (not part of the test suite):

    python tests/benchmarks/bench_pdf.py [--repeat 3] [--corpus ../shared/corpus]

Times, side by side in one run on one core, over the same files
  the four real 部门决算 PDFs of the corpus (../shared/corpus/pdf) when present, and
  the generated 项目支出绩效自评表 (tests/python/pdf_samples.py: paragraphs, a page break, a
  ruled table with merged cells), and a long one with its sections and table 40 times:
  jixiao       jixiao.load (PDFium characters and rulings, layout, tables, outline, extraction)
  pdfplumber   every page's extract_text() and extract_tables() (what analysts use for tables)
  pypdfium2    every page's plain text (get_text_range), no layout and no tables
and prints pages/s and the ratios (DESIGN.md §10 asks for ≥ 10× pdfplumber with tables).
pdfplumber comes with the `bench` extra. Results go to tests/benchmarks/results/pdf.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pypdfium2

import jixiao as jx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "tests" / "python"))

import pdf_samples  # noqa: E402  (the tests' generator, found through the path set above)


def with_jixiao(path: Path) -> int:
    return len(jx.load(path).tables)


def with_pdfplumber(path: Path) -> int:
    tables = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            tables += len(page.extract_tables())
    return tables


def with_pypdfium2(path: Path) -> int:
    pdf = pypdfium2.PdfDocument(path)
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            text = page.get_textpage()
            text.get_text_range()
            text.close()
            page.close()
    finally:
        pdf.close()
    return 0


def best_of(repeat: int, files: list[Path], read: Callable[[Path], int]) -> float:
    """Fastest of `repeat` passes over all files, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for f in files:
            read(f)
        best = min(best, time.perf_counter() - start)
    return best


def pages_of(path: Path) -> int:
    pdf = pypdfium2.PdfDocument(path)
    try:
        return len(pdf)
    finally:
        pdf.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        sets: dict[str, list[Path]] = {}
        real = sorted((args.corpus / "pdf").glob("*.pdf"))
        if real:
            sets["corpus 部门决算"] = real
        sets["generated 自评表"] = [pdf_samples.selfeval_pdf(Path(tmp) / "selfeval.pdf")]
        sets["generated ×40"] = [pdf_samples.selfeval_pdf(Path(tmp) / "long.pdf", copies=40)]

        rows = []
        for name, files in sets.items():
            pages = sum(pages_of(f) for f in files)
            times = {
                "jixiao": best_of(args.repeat, files, with_jixiao),
                "pdfplumber": best_of(args.repeat, files, with_pdfplumber),
                "pypdfium2": best_of(args.repeat, files, with_pypdfium2),
            }
            rows.append(
                {
                    "set": name,
                    "files": len(files),
                    "pages": pages,
                    "seconds": times,
                    "pages_per_second": {k: pages / v for k, v in times.items()},
                    "jixiao_vs_pdfplumber": times["pdfplumber"] / times["jixiao"],
                    "jixiao_vs_pypdfium2_text": times["pypdfium2"] / times["jixiao"],
                }
            )

    print(
        f"{'set':<18} {'pages':>5} {'jixiao p/s':>11} {'pdfplumber p/s':>15} {'pypdfium2 p/s':>14} "
        f"{'× pdfplumber':>13} {'× pypdfium2':>12}"
    )
    for r in rows:
        pps = r["pages_per_second"]
        print(
            f"{r['set']:<18} {r['pages']:>5} {pps['jixiao']:>11.1f} {pps['pdfplumber']:>15.1f} "
            f"{pps['pypdfium2']:>14.1f} {r['jixiao_vs_pdfplumber']:>13.1f} {r['jixiao_vs_pypdfium2_text']:>12.2f}"
        )
    out = HERE / "results" / "pdf.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"repeat": args.repeat, "rows": rows}, ensure_ascii=False, indent=2) + "\n")
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
