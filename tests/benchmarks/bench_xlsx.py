""".xlsx reading benchmark, run by hand (not part of the test suite):

    python tests/benchmarks/bench_xlsx.py [--copies 200] [--rows 5000]

Builds, in a temporary folder, with openpyxl,
  selfeval  a 项目支出绩效自评表 (the package's sample laid out in one sheet: merged title and label
            cells, percentages, numbers as numbers), copied --copies times;
  large     one workbook of three sheets of --rows × 10 cells (text, numbers in #,##0.00 and
            0.0% formats, dates) with a merged range every 50 rows;
then times, side by side in one run on one core,
  jixiao    jixiao.load (unzip + XML + number formats + merged ranges, then outline and extraction)
  openpyxl  openpyxl.load_workbook(path, data_only=True) and reading every cell's value
and prints a table with the ratio. Results go to tests/benchmarks/results/xlsx.json.
"""

from __future__ import annotations

import argparse
import datetime
import json
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl

import jixiao as jx

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parents[1] / "python" / "jixiao" / "samples" / "edu_project_selfeval_2023.txt"


def build_selfeval(path: Path) -> None:
    doc = jx.load(SAMPLE)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "自评表"
    row = 1
    for block in doc._core.blocks:
        if block.kind != "table":
            sheet.cell(row=row, column=1, value=block.text)
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=9)
            row += 1
            continue
        for cells in doc._core.tables[block.table].rows:
            for column, cell in enumerate(cells, start=1):
                text = cell.text
                if not text:
                    continue
                target = sheet.cell(row=row, column=column)
                if text.endswith("%") and text[:-1].replace(".", "", 1).isdigit():
                    target.value, target.number_format = float(text[:-1]) / 100, "0%"
                elif text.replace(".", "", 1).isdigit():
                    target.value = float(text)
                else:
                    target.value = text
            row += 1
    book.save(path)


def build_large(path: Path, rows: int) -> None:
    book = openpyxl.Workbook()
    book.remove(book.active)
    start = datetime.date(2023, 1, 1)
    for s in range(3):
        sheet = book.create_sheet(f"明细{s + 1}")
        sheet.append(["序号", "项目名称", "单位", "预算数", "执行数", "执行率", "日期", "负责人", "备注", "状态"])
        for r in range(rows):
            budget = 1000 + (r * 37) % 5000 + 0.25
            spent = budget * (0.8 + (r % 20) / 100)
            sheet.append([r + 1, f"项目{r}号维修改造", "某县教育局", budget, spent, spent / budget,
                          start + datetime.timedelta(days=r % 365), "张三", "按计划推进", "完成"])
            row = sheet.max_row
            sheet.cell(row=row, column=4).number_format = "#,##0.00"
            sheet.cell(row=row, column=5).number_format = "#,##0.00"
            sheet.cell(row=row, column=6).number_format = "0.0%"
            sheet.cell(row=row, column=7).number_format = "yyyy-mm-dd"
            if r % 50 == 0:
                sheet.merge_cells(start_row=row, start_column=8, end_row=row, end_column=9)
    book.save(path)


def read_with_openpyxl(path: Path) -> int:
    book = openpyxl.load_workbook(path, data_only=True)
    n = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            n += sum(v is not None for v in row)
    return n


def time_all(paths: list[Path], read: Callable[[Path], object]) -> float:
    start = time.perf_counter()
    for p in paths:
        read(p)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=200)
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="jixiao-bench-xlsx-"))
    try:
        selfeval = folder / "selfeval.xlsx"
        build_selfeval(selfeval)
        copies = [selfeval] * args.copies
        large = folder / "large.xlsx"
        build_large(large, args.rows)
        results = {}
        for name, paths in (("selfeval", copies), ("large", [large])):
            jixiao_s = time_all(paths, jx.load)
            openpyxl_s = time_all(paths, read_with_openpyxl)
            results[name] = {
                "files": len(paths),
                "bytes": paths[0].stat().st_size,
                "jixiao_s": round(jixiao_s, 4),
                "openpyxl_s": round(openpyxl_s, 4),
                "ratio": round(openpyxl_s / jixiao_s, 1),
            }
        print(f"{'set':<10}{'files':>7}{'KB':>8}{'jixiao s':>11}{'openpyxl s':>12}{'ratio':>8}")
        for name, r in results.items():
            print(f"{name:<10}{r['files']:>7}{r['bytes'] // 1024:>8}{r['jixiao_s']:>11.3f}"
                  f"{r['openpyxl_s']:>12.3f}{r['ratio']:>7.1f}×")
        out = HERE / "results" / "xlsx.json"
        out.parent.mkdir(exist_ok=True)
        out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
