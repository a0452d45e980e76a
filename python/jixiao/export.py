"""Writers for batch results: Excel (one sheet per kind), CSV, JSON lines and a self-contained
HTML review page. Used through :class:`jixiao.BatchResult` (``to_excel``, ``to_csv``, …)."""

from __future__ import annotations

import contextlib
import csv
import gc
import html
import io
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from jixiao._text import display_width, inert_cells
from jixiao.checking import findings_html
from jixiao.errors import Error, get_language
from jixiao.tables import COLUMNS, KINDS

if TYPE_CHECKING:
    from jixiao.batch import BatchResult, FileResult, Skipped

SHEET_NAMES = {"files": "文件", "findings": "问题", "budget": "预算", "projects": "项目", "indicators": "绩效指标",
               "scores": "评分", "skipped": "跳过的文件"}

# Column headers for people (Excel); CSV and JSON keep the column names scripts use.
HEADERS = {
    "path": "文件", "doc_type": "文档类型", "template": "模板", "fiscal_year": "年度", "department": "单位",
    "error_count": "错误数", "warning_count": "警告数", "info_count": "提示数", "rubric": "评分标准",
    "total": "总分", "grade": "等级", "error": "无法读取的原因",
    "line": "行", "column": "列", "end_line": "结束行", "end_column": "结束列", "page": "页",
    "sheet": "工作表", "cell": "单元格", "code": "代码", "rule": "规则",
    "severity": "级别", "message": "问题", "block": "位置", "excerpt": "原文", "suggestion": "建议",
    "budget": "年初预算数（万元）", "revenue": "财政拨款收入（万元）", "expenditure": "财政拨款支出（万元）",
    "basic": "基本支出（万元）", "project": "项目支出（万元）", "personnel": "人员经费（万元）",
    "public": "公用经费（万元）", "three_public": "“三公”经费（万元）", "gov_fund_revenue": "政府性基金收入（万元）",
    "gov_fund_expenditure": "政府性基金支出（万元）", "income_total": "本年收入合计（万元）",
    "spending_total": "本年支出合计（万元）", "grand_total": "收入支出总计（万元）", "execution_rate": "执行率（%）",
    "year": "预算年度",
    "name": "名称", "amount": "金额（万元）", "table": "表", "row": "表内行",
    "level1": "一级指标", "level2": "二级指标", "level3": "三级指标", "target": "指标值", "target_comparator": "比较符",
    "target_value": "指标数值", "target_unit": "指标单位", "actual": "实际完成值", "actual_value": "完成数值",
    "actual_unit": "完成单位", "points": "分值", "self_score": "自评得分", "deviation_note": "偏差原因",
    "key": "指标代码", "dimension": "维度", "method": "计分方法", "score": "得分", "value": "取值", "text": "依据",
    "formula": "计算", "status": "状态", "note": "说明", "reason": "原因",
}
HEADER_OVERRIDES = {"projects": {"name": "项目名称"}, "scores": {"name": "指标名称"}}

DOC_TYPE_NAMES = {
    "self_evaluation": "部门整体支出绩效自评报告",
    "target_table": "绩效目标表",
    "project_selfeval_table": "项目支出绩效自评表",
    "work_summary": "工作总结",
    "unknown": "未识别",
}

EXCEL_MAX_ROWS = 1_048_576
MAX_COLUMN_WIDTH = 60


@contextlib.contextmanager
def replacing(path: str | os.PathLike[str], binary: bool = False) -> Iterator[IO[Any]]:
    """A new file in ``path``'s folder that replaces ``path`` only once it is completely written:
    an interrupted or failed write (SIGKILL, a full disk, an exception) leaves an existing file
    as it was. A missing folder or a failed write is a :class:`jixiao.Error` naming ``path``."""
    target = Path(path)
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    except OSError as exc:
        raise _write_error(target, exc) from None
    try:
        opened = os.fdopen(handle, "wb") if binary else os.fdopen(handle, "w", encoding="utf-8", newline="")
        with opened as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o666 & ~_umask())  # what open() would have given the file
        os.replace(temporary, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise _write_error(target, exc) from None
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_error(path: Path, exc: OSError) -> Error:
    reason = exc.strerror or str(exc)
    english = get_language() == "en"
    error = Error(f"{path}: cannot write the file ({reason})" if english else f"{path}：无法写入（{reason}）")
    error.path = str(path)
    return error


def header(kind: str, column: str) -> str:
    """The Chinese header of a column of one kind of table."""
    return HEADER_OVERRIDES.get(kind, {}).get(column) or HEADERS.get(column, column)


def _display_width(value: Any) -> int:
    return display_width("" if value is None else str(value))


# -- Excel ----------------------------------------------------------------------------------


def write_excel(batch: BatchResult, path: str | os.PathLike[str]) -> None:
    try:
        from openpyxl import Workbook  # type: ignore[import-untyped,unused-ignore]
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped,unused-ignore]
        from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped,unused-ignore]
        from openpyxl.utils import get_column_letter  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        raise Error("写 Excel 需要 openpyxl：pip install 'jixiao[excel]' (to_excel needs openpyxl)") from None

    workbook = Workbook()
    workbook.remove(workbook.active)
    for kind in KINDS:
        columns = COLUMNS[kind]
        rows = batch.rows(kind)
        if len(rows) + 1 > EXCEL_MAX_ROWS:
            raise Error(
                f"{SHEET_NAMES[kind]}表有 {len(rows)} 行，超过 Excel 的行数上限，请改用 to_csv "
                f"(the {kind} sheet has {len(rows)} rows, more than Excel allows; use to_csv)"
            )
        sheet = workbook.create_sheet(SHEET_NAMES[kind])
        sheet.append([header(kind, c) for c in columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(vertical="center")
        for r, row in enumerate(rows, start=2):
            for c, column in enumerate(columns, start=1):
                value = row.get(column)
                if isinstance(value, str):
                    value = ILLEGAL_CHARACTERS_RE.sub("", value)
                cell = sheet.cell(row=r, column=c, value=value)
                if isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"  # the document's text, never a formula
        for c, column in enumerate(columns, start=1):
            sample = [header(kind, column), *(row.get(column) for row in rows[:2000])]
            width = max(_display_width(v) for v in sample)
            sheet.column_dimensions[get_column_letter(c)].width = min(max(width, 4), MAX_COLUMN_WIDTH) + 2
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    # Built in memory, then written: a failing disk shows as the plain OSError of that write.
    data = io.BytesIO()
    failure = _save_quietly(workbook, data)
    if failure:  # openpyxl's own temporary files could not be written (a full disk)
        raise _write_error(Path(path), OSError(failure))
    with replacing(path, binary=True) as out:
        out.write(data.getvalue())


def _save_quietly(workbook: Any, out: IO[bytes]) -> str:
    """Saves the workbook; returns why it failed, or "". What a failed save leaves half open is
    collected here, with its cleanup errors silenced: they would print as stray tracebacks."""
    hook = sys.unraisablehook
    sys.unraisablehook = lambda _: None
    try:
        try:
            workbook.save(out)
            failure = ""
        except Exception as exc:
            failure = f"{type(exc).__name__}: {exc}"
        gc.collect()
    finally:
        sys.unraisablehook = hook
    return failure


# -- CSV and JSON lines: one pass over the results, so they stream from iter_check too ---------


def write_csv(
    results: Iterable[FileResult],
    path: str | os.PathLike[str],
    kind: str | None = None,
    skipped: Iterable[Skipped] = (),
) -> None:
    """``kind`` alone to the file ``path``, or every kind into the folder ``path`` (``files.csv`` …);
    ``skipped`` (files found and not checked) fill the ``skipped`` kind. Text that a spreadsheet would
    take for a formula (= + - @ first) is prefixed with ``'``."""
    if kind is not None and kind not in COLUMNS:
        raise ValueError(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    kinds = KINDS if kind is None else (kind,)
    if kind is None:
        try:
            Path(path).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _write_error(Path(path), exc) from None
    targets = {k: Path(path) / f"{k}.csv" if kind is None else Path(path) for k in kinds}
    with contextlib.ExitStack() as stack:
        writers = {}
        for k in kinds:
            out = stack.enter_context(replacing(targets[k]))
            writers[k] = csv.DictWriter(out, fieldnames=COLUMNS[k], lineterminator="\n")
            writers[k].writeheader()
        for result in results:
            for k in kinds:
                writers[k].writerows(inert_cells(row) for row in result.rows(k))
        if "skipped" in writers:
            writers["skipped"].writerows(inert_cells({"path": s.path, "reason": s.reason}) for s in skipped)


def write_jsonl(
    results: Iterable[FileResult], path: str | os.PathLike[str], skipped: Iterable[Skipped] = ()
) -> None:
    """One object per file checked, then one ``{"path": …, "skipped": reason}`` per file skipped."""
    with replacing(path) as out:
        for result in results:
            out.write(json.dumps(result.to_dict(), ensure_ascii=False))
            out.write("\n")
        for s in skipped:
            out.write(json.dumps({"path": s.path, "skipped": s.reason}, ensure_ascii=False))
            out.write("\n")


# -- HTML -----------------------------------------------------------------------------------

PAGE_STYLE = """
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: .5em 0 1em; }
th, td { border: 1px solid #ddd; padding: .25em .5em; vertical-align: top; text-align: left; }
th { background: #f4f4f4; }
mark { background: #ffe066; padding: 0 .1em; }
section { border-top: 2px solid #ccc; margin-top: 2em; padding-top: .5em; }
.meta { color: #555; }
.unreadable { color: #c0392b; }
td.number { text-align: right; }
"""


def summary_html(batch: BatchResult) -> str:
    s = batch.summary()
    grades = "；等级 " + " · ".join(f"{g} {n}" for g, n in s["grades"].items()) if s["grades"] else ""
    skipped = f"，<a href='#skipped'>跳过 <b>{s['skipped']}</b> 个不支持的文件</a>" if s["skipped"] else ""
    return (
        f"<p><b>{s['files']}</b> 份报告，<b>{s['unreadable']}</b> 份无法读取{skipped}；"
        f"错误 {s['error']} · 警告 {s['warning']} · 提示 {s['info']}{html.escape(grades)}</p>"
    )


def skipped_html(batch: BatchResult) -> str:
    """The files found and not checked, each with its reason; empty when there are none."""
    if not batch.skipped:
        return ""
    esc = html.escape
    rows = "".join(f"<tr><td>{esc(s.path)}</td><td>{esc(s.reason)}</td></tr>" for s in batch.skipped)
    return (
        f"<section id='skipped'><h2>跳过的文件（{len(batch.skipped)}）</h2>"
        f"<table><thead><tr><th>文件</th><th>原因</th></tr></thead><tbody>{rows}</tbody></table></section>"
    )


def overview_html(batch: BatchResult, link: bool = True) -> str:
    """One row per report; with ``link`` each file name links to its section of the review page."""
    esc = html.escape
    rows = []
    for number, row in enumerate(batch.rows("files"), start=1):
        name = esc(os.path.basename(row["path"]))
        name_cell = f"<a href='#file-{number}'>{name}</a>" if link else name
        doc_type = DOC_TYPE_NAMES.get(row["doc_type"], row["doc_type"])
        total = "" if row["total"] is None else f"{row['total']:g}"
        state = (
            f"<span class='unreadable'>无法读取：{esc(row['error'])}</span>" if row["error"]
            else "有错误" if row["error_count"] else "通过"
        )
        rows.append(
            f"<tr><td class='number'>{number}</td><td>{name_cell}</td><td>{esc(doc_type)}</td>"
            f"<td>{esc(row['department'])}</td><td>{row['fiscal_year'] or ''}</td>"
            f"<td class='number'>{row['error_count']}</td><td class='number'>{row['warning_count']}</td>"
            f"<td class='number'>{row['info_count']}</td><td class='number'>{total}</td>"
            f"<td>{esc(row['grade'] or '')}</td><td>{state}</td></tr>"
        )
    return (
        "<table class='overview'><thead><tr><th>#</th><th>文件</th><th>类型</th><th>单位</th><th>年度</th>"
        "<th>错误</th><th>警告</th><th>提示</th><th>总分</th><th>等级</th><th>状态</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _section_html(number: int, result: FileResult) -> str:
    esc = html.escape
    check = result.check
    facts = [
        DOC_TYPE_NAMES.get(check.doc_type, check.doc_type),
        check.template and f"模板 {check.template}",
        check.department,
        check.fiscal_year and f"{check.fiscal_year} 年度",
    ]
    parts = [
        f"<section id='file-{number}'>",
        f"<h2>{number}. {esc(os.path.basename(result.path))}</h2>",
        f"<p class='meta'>{esc(result.path)}<br>{esc(' · '.join(str(f) for f in facts if f))}</p>",
    ]
    if result.error:
        parts.append(f"<p class='unreadable'>无法读取：{esc(result.error)}</p>")
    else:
        parts.append(f"<h3>问题（{len(check)}）</h3>{findings_html(check.diagnostics)}")
        card = result.score
        if card is not None:
            parts.append(f"<h3>评分</h3>{card._repr_html_()}")
    parts.append("<p><a href='#overview'>↑ 返回总览</a></p></section>")
    return "".join(parts)


def write_html(batch: BatchResult, path: str | os.PathLike[str]) -> None:
    with replacing(path) as out:
        out.write(
            "<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>"
            f"<title>预算绩效报告审核（{len(batch)} 份）</title><style>{PAGE_STYLE}</style></head><body>"
            f"<h1 id='overview'>预算绩效报告审核</h1>{summary_html(batch)}{overview_html(batch)}"
        )
        for number, result in enumerate(batch, start=1):
            out.write(_section_html(number, result))
        out.write(skipped_html(batch))
        out.write("</body></html>\n")


__all__ = [
    "HEADERS",
    "SHEET_NAMES",
    "header",
    "overview_html",
    "replacing",
    "skipped_html",
    "summary_html",
    "write_csv",
    "write_excel",
    "write_html",
    "write_jsonl",
]
