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
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from jixiao._text import display_width, inert_cells
from jixiao.checking import severity_name
from jixiao.errors import Error, get_language
from jixiao.scoring import STATUS_NAMES
from jixiao.tables import COLUMNS, KINDS

if TYPE_CHECKING:
    from jixiao.batch import BatchResult, FileResult, Skipped

SHEET_NAMES = {"files": "文件", "findings": "问题", "budget": "预算", "projects": "项目", "indicators": "绩效指标",
               "scores": "评分", "skipped": "跳过的文件"}

# Column headers for people (Excel); CSV and JSON keep the column names scripts use.
HEADERS = {
    "path": "文件", "doc_type": "文档类型", "template": "模板", "fiscal_year": "年度", "department": "单位",
    "error_count": "错误数", "warning_count": "警告数", "info_count": "提示数", "rubric": "评分标准",
    "total": "总分", "grade": "等级", "coverage": "可评价占比", "review_points": "待复核分值",
    "error": "无法读取的原因",
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
def replacing(path: str | os.PathLike[str], binary: bool = False, encoding: str = "utf-8") -> Iterator[IO[Any]]:
    """A new file in ``path``'s folder that replaces ``path`` only once it is completely written:
    an interrupted or failed write (SIGKILL, a full disk, an exception) leaves an existing file
    as it was. A missing folder or a failed write is a :class:`jixiao.Error` naming ``path``."""
    target = Path(path)
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    except OSError as exc:
        raise _write_error(target, exc) from None
    try:
        opened = os.fdopen(handle, "wb") if binary else os.fdopen(handle, "w", encoding=encoding, newline="")
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


def require_openpyxl() -> None:
    """Raises a :class:`jixiao.Error` naming the pip extra when openpyxl is not installed (said
    before a batch runs, not after)."""
    try:
        import openpyxl  # type: ignore[import-untyped,unused-ignore]  # noqa: F401
    except ImportError:
        raise Error("写 Excel 需要 openpyxl：pip install 'jixiao[excel]' "
                    "(writing Excel needs openpyxl: pip install 'jixiao[excel]')") from None


SUMMARY_SHEET = {"zh": "汇总", "en": "summary"}
RULES_SHEET = {"zh": "规则", "en": "rules"}
SEVERITY_FILLS = {"error": "FFC7CE", "warning": "FFEB9C", "info": "DDEBF7"}
SEVERITY_FONTS = {"error": "9C0006", "warning": "9C5700", "info": "1F4E78"}
WRAPPED_COLUMNS = {"message", "excerpt", "suggestion", "note", "text", "formula", "error", "reason", "deviation_note",
                   "target", "actual", "summary"}
MONEY_COLUMNS = {"budget", "revenue", "expenditure", "basic", "project", "personnel", "public", "three_public",
                 "gov_fund_revenue", "gov_fund_expenditure", "income_total", "spending_total", "grand_total", "amount"}
SCORE_COLUMNS_FORMAT = {"total": "0.00", "score": "0.00", "points": "0.00", "self_score": "0.00",
                        "review_points": "0.00", "value": "0.####", "execution_rate": "0.00"}
WRAPPED_WIDTH = 48


def _sheet_names(lang: str) -> dict[str, str]:
    return {kind: kind for kind in KINDS} if lang == "en" else SHEET_NAMES


def _cell_value(kind: str, column: str, row: dict[str, Any], lang: str) -> Any:
    """What a cell shows: Chinese words for codes (严重程度, 文档类型, 状态), 不可评价 for a total below the
    rubric's coverage floor; English values when ``lang`` is en."""
    value = row.get(column)
    if column == "severity" and isinstance(value, str):
        return severity_name(value, lang)
    if lang == "en":
        if kind == "files" and column == "total" and value is None and row.get("rubric"):
            return "not assessable"
        return value
    if column == "doc_type" and isinstance(value, str):
        return DOC_TYPE_NAMES.get(value, value)
    if column == "status" and isinstance(value, str):
        return STATUS_NAMES.get(value, value)
    if kind == "files" and column == "total" and value is None and row.get("rubric"):
        return "不可评价"
    return value


def write_excel(batch: BatchResult, path: str | os.PathLike[str], lang: str | None = None) -> None:
    """The workbook of a batch: a summary sheet, one sheet per kind of table, and the rules that
    fired. Chinese headers and values (严重程度 错误/警告/提示; ``lang="en"`` for English), number
    formats, wrapped long text, severity colours, filters, frozen headers, each finding linked
    to its report's row and each report to its first finding, and a landscape A4 print setup."""
    require_openpyxl()
    from openpyxl import Workbook  # type: ignore[import-untyped,unused-ignore]
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped,unused-ignore]
    from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped,unused-ignore]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped,unused-ignore]
    from openpyxl.worksheet.hyperlink import Hyperlink  # type: ignore[import-untyped,unused-ignore]

    lang = lang or get_language()
    names = _sheet_names(lang)
    tables = {kind: batch.rows(kind) for kind in KINDS}
    for kind, rows in tables.items():
        if len(rows) + 1 > EXCEL_MAX_ROWS:
            raise Error(
                f"{SHEET_NAMES[kind]}表有 {len(rows)} 行，超过 Excel 的行数上限，请改用 to_csv "
                f"(the {kind} sheet has {len(rows)} rows, more than Excel allows; use to_csv)"
            )
    workbook = Workbook()
    summary_sheet = workbook.active
    summary_sheet.title = SUMMARY_SHEET[lang]
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    fills = {s: PatternFill("solid", fgColor=c) for s, c in SEVERITY_FILLS.items()}
    fonts = {s: Font(color=c) for s, c in SEVERITY_FONTS.items()}

    def header_text(kind: str, column: str) -> str:
        return column if lang == "en" else header(kind, column)

    def finish(sheet: Any, wrapped: Sequence[int] = (), filtered: bool = True) -> None:
        """Column widths from the first rows' values, filters, frozen header and print setup."""
        widths: dict[int, int] = {}
        for row in sheet.iter_rows(min_row=1, max_row=min(sheet.max_row, 2001)):
            for cell in row:
                widths[cell.column] = max(widths.get(cell.column, 4), _display_width(cell.value))
        for column, width in widths.items():
            limit = WRAPPED_WIDTH if column in wrapped else MAX_COLUMN_WIDTH
            sheet.column_dimensions[get_column_letter(column)].width = min(width, limit) + 2
        if filtered:
            sheet.freeze_panes = "A2"
            sheet.auto_filter.ref = f"A1:{get_column_letter(max(sheet.max_column, 1))}{sheet.max_row}"
            sheet.print_title_rows = "1:1"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.oddFooter.center.text = "&P / &N"

    # Where each report's row and first finding land, for the links both ways.
    file_rows = {row["path"]: r for r, row in enumerate(tables["files"], start=2)}
    first_finding: dict[str, int] = {}
    for r, row in enumerate(tables["findings"], start=2):
        first_finding.setdefault(row["path"], r)

    for kind in KINDS:
        columns = COLUMNS[kind]
        rows = tables[kind]
        sheet = workbook.create_sheet(names[kind])
        sheet.append([header_text(kind, c) for c in columns])
        for cell in sheet[1]:
            cell.font = bold
            cell.alignment = Alignment(vertical="center", wrap_text=True)
        for r, row in enumerate(rows, start=2):
            severity = row.get("severity")
            for c, column in enumerate(columns, start=1):
                value = _cell_value(kind, column, row, lang)
                if isinstance(value, str):
                    value = ILLEGAL_CHARACTERS_RE.sub("", value)
                cell = sheet.cell(row=r, column=c, value=value)
                if isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"  # the document's text, never a formula
                if column in WRAPPED_COLUMNS:
                    cell.alignment = wrap
                if column in MONEY_COLUMNS:
                    cell.number_format = "#,##0.00"
                elif column in SCORE_COLUMNS_FORMAT:
                    cell.number_format = SCORE_COLUMNS_FORMAT[column]
                elif column == "coverage":
                    cell.number_format = "0%"
                if column == "severity" and severity in fills:
                    cell.fill = fills[severity]
                    cell.font = fonts[severity]
                if column == "total" and kind == "files" and row.get("total") is None and row.get("rubric"):
                    cell.font = Font(color="7F7F7F", italic=True)
            target = None
            if kind == "findings" and row["path"] in file_rows:
                target = f"'{names['files']}'!A{file_rows[row['path']]}"
            elif kind == "files" and row["path"] in first_finding:
                target = f"'{names['findings']}'!A{first_finding[row['path']]}"
            if target:
                link = sheet.cell(row=r, column=1)
                link.hyperlink = Hyperlink(ref=link.coordinate, location=target)
                link.style = "Hyperlink"
        finish(sheet, [c for c, column in enumerate(columns, start=1) if column in WRAPPED_COLUMNS])

    _write_summary(summary_sheet, batch, tables, lang, bold)
    finish(summary_sheet, filtered=False)
    rules_sheet = workbook.create_sheet(RULES_SHEET[lang], index=len(KINDS))
    _write_rules(rules_sheet, tables["findings"], lang, bold, fills, fonts)
    finish(rules_sheet, [4])
    # Built in memory, then written: a failing disk shows as the plain OSError of that write.
    data = io.BytesIO()
    failure = _save_quietly(workbook, data)
    if failure:  # openpyxl's own temporary files could not be written (a full disk)
        raise _write_error(Path(path), OSError(failure))
    with replacing(path, binary=True) as out:
        out.write(data.getvalue())


def _rule_counts(findings: Sequence[dict[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for d in findings:
        counts[d["code"]] = counts.get(d["code"], 0) + 1
    return counts


def _write_summary(sheet: Any, batch: BatchResult, tables: dict[str, list[dict[str, Any]]], lang: str,
                   bold: Any) -> None:
    """The first sheet: the batch in figures, then reports by grade and by department."""
    en = lang == "en"
    files = tables["files"]
    s = batch.summary()
    totals = [r["total"] for r in files if r["total"] is not None]
    unassessable = sum(1 for r in files if r["rubric"] is not None and r["total"] is None)
    lines: list[tuple[str, Any]] = [
        ("reports" if en else "报告数", s["files"]),
        ("unreadable" if en else "无法读取", s["unreadable"]),
        ("skipped files" if en else "跳过的文件", s["skipped"]),
        ("errors" if en else "错误", s["error"]),
        ("warnings" if en else "警告", s["warning"]),
        ("info" if en else "提示", s["info"]),
        ("scored reports" if en else "可评价的报告", len(totals)),
        ("not assessable" if en else "不可评价的报告", unassessable),
        ("mean total" if en else "平均总分", round(sum(totals) / len(totals), 2) if totals else None),
    ]
    sheet.append(["Review of budget-performance reports" if en else "预算绩效报告审核汇总"])
    sheet["A1"].font = bold
    sheet.append([])
    for label, value in lines:
        sheet.append([label, value])
    sheet.append([])
    sheet.append(["grade" if en else "等级", "reports" if en else "报告数"])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for grade, n in sorted(s["grades"].items()):
        sheet.append([grade, n])
    sheet.append([])
    sheet.append(["department" if en else "单位", "reports" if en else "报告数", "errors" if en else "错误",
                  "warnings" if en else "警告", "mean total" if en else "平均总分"])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    by_department: dict[str, list[dict[str, Any]]] = {}
    for row in files:
        by_department.setdefault(row["department"] or ("(unknown)" if en else "（未识别单位）"), []).append(row)
    for department, rows in sorted(by_department.items()):
        scored = [r["total"] for r in rows if r["total"] is not None]
        sheet.append([department, len(rows), sum(r["error_count"] for r in rows),
                      sum(r["warning_count"] for r in rows), round(sum(scored) / len(scored), 2) if scored else None])
        sheet.cell(row=sheet.max_row, column=5).number_format = "0.00"


def _write_rules(sheet: Any, findings: Sequence[dict[str, Any]], lang: str, bold: Any, fills: dict[str, Any],
                 fonts: dict[str, Any]) -> None:
    """The rules sheet: every rule of the catalog with its name, severity, summary and findings."""
    from openpyxl.styles import Alignment  # type: ignore[import-untyped,unused-ignore]

    counts = _rule_counts(findings)
    en = lang == "en"
    sheet.append(["code", "rule", "severity", "what it checks", "findings"] if en
                 else ["代码", "规则", "严重程度", "说明", "问题数"])
    for cell in sheet[1]:
        cell.font = bold
    for info in _catalog():
        sheet.append([info.code, info.name, severity_name(info.severity, lang),
                      info.summary.get(lang, info.summary.get("zh", "")), counts.get(info.code, 0)])
        severity_cell = sheet.cell(row=sheet.max_row, column=3)
        severity_cell.fill = fills[info.severity]
        severity_cell.font = fonts[info.severity]
        sheet.cell(row=sheet.max_row, column=4).alignment = Alignment(wrap_text=True, vertical="top")


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
    bom: bool = True,
) -> None:
    """``kind`` alone to the file ``path``, or every kind into the folder ``path`` (``files.csv`` …);
    ``skipped`` (files found and not checked) fill the ``skipped`` kind. Text that a spreadsheet would
    take for a formula (= + - @ first) is prefixed with ``'``. The files are UTF-8 and, with ``bom``
    (the default), start with a byte order mark: Excel on Chinese Windows otherwise reads them as
    GBK and shows garbage; ``bom=False`` for tools that do not expect one."""
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
            out = stack.enter_context(replacing(targets[k], encoding="utf-8-sig" if bom else "utf-8"))
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

# The page's own style; the body's font stack (Chinese fonts of Windows, macOS and Linux) is the
# full-text view's CJK_FONT_STACK, added where the page is written.
PAGE_STYLE = """
body { margin: 2em; color: #222; }
table { border-collapse: collapse; margin: .5em 0 1em; }
th, td { border: 1px solid #ddd; padding: .25em .5em; vertical-align: top; text-align: left; }
th { background: #f4f4f4; }
table.overview th { cursor: pointer; user-select: none; white-space: nowrap; }
table.overview th[aria-sort=ascending]::after { content: " ▲"; }
table.overview th[aria-sort=descending]::after { content: " ▼"; }
section.report { border-top: 2px solid #ccc; margin-top: 2em; padding-top: .5em; }
.meta { color: #555; }
.unreadable, .severity-error { color: #c0392b; }
.severity-warning { color: #b9770e; } .severity-info { color: #2874a6; }
.not-assessable { color: #7f8c8d; }
td.number { text-align: right; }
.controls { display: flex; flex-wrap: wrap; gap: .5em 1em; align-items: center; margin: .5em 0; }
.controls input[type=search] { min-width: 18em; padding: .2em .4em; }
.legend span { margin-right: 1em; }
.badge { display: inline-block; min-width: 1.2em; padding: 0 .3em; border-radius: 3px; color: #fff; }
.badge.error { background: #c0392b; } .badge.warning { background: #d68910; } .badge.info { background: #2874a6; }
figure { display: inline-block; margin: 0 1em 1em 0; vertical-align: top; }
"""

# Sorting, filtering and searching the overview, and showing one report at a time: a few lines
# of plain script in the page itself, so that it works opened from a file, offline.
PAGE_SCRIPT = """
(function () {
  var table = document.getElementById('overview-table');
  if (!table) return;
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var search = document.getElementById('search');
  var filters = Array.prototype.slice.call(document.querySelectorAll('select[data-filter]'));
  var shown = document.getElementById('shown');
  function matches(row) {
    var q = search.value.trim().toLowerCase();
    if (q && row.getAttribute('data-search').indexOf(q) < 0) return false;
    return filters.every(function (f) {
      var want = f.value, have = ' ' + row.getAttribute('data-' + f.getAttribute('data-filter')) + ' ';
      return !want || have.indexOf(' ' + want + ' ') >= 0;
    });
  }
  function apply() {
    var n = 0;
    rows.forEach(function (row) { var ok = matches(row); row.hidden = !ok; if (ok) n++; });
    shown.textContent = n + ' / ' + rows.length;
  }
  search.addEventListener('input', apply);
  filters.forEach(function (f) { f.addEventListener('change', apply); });
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
    th.addEventListener('click', function () {
      var descending = th.getAttribute('aria-sort') === 'ascending';
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
      var numeric = th.getAttribute('data-type') === 'number';
      rows.sort(function (a, b) {
        var x = a.cells[column].getAttribute('data-sort') || a.cells[column].textContent;
        var y = b.cells[column].getAttribute('data-sort') || b.cells[column].textContent;
        var order = numeric ? (parseFloat(x) || -1) - (parseFloat(y) || -1) : x.localeCompare(y, 'zh-CN');
        return descending ? -order : order;
      });
      rows.forEach(function (row) { table.tBodies[0].appendChild(row); });
    });
  });
  var overview = document.getElementById('overview-view');
  var reports = Array.prototype.slice.call(document.querySelectorAll('section.report'));
  function route() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id ? document.getElementById(id) : null;
    var report = target && target.closest ? target.closest('section.report') : null;
    overview.hidden = !!report;
    reports.forEach(function (s) { s.hidden = !!report && s !== report; if (!report) s.hidden = true; });
    if (report) {
      var details = target.closest('details');
      if (details) details.open = true;
      target.scrollIntoView(target === report ? {block: 'start'} : {block: 'center'});
    }
  }
  window.addEventListener('hashchange', route);
  document.body.classList.add('scripted');
  apply();
  route();
})();
"""


def _lang_text(zh: str, en: str) -> str:
    return en if get_language() == "en" else zh


def summary_html(batch: BatchResult) -> str:
    s = batch.summary()
    files = batch.rows("files")
    unassessable = sum(1 for r in files if r["rubric"] is not None and r["total"] is None)
    if get_language() == "en":
        grades = "; grades " + " · ".join(f"{g} {n}" for g, n in s["grades"].items()) if s["grades"] else ""
        skipped = f", <a href='#skipped'><b>{s['skipped']}</b> skipped</a>" if s["skipped"] else ""
        return (
            f"<p class='summary'><b>{s['files']}</b> reports, <b>{s['unreadable']}</b> unreadable{skipped}; "
            f"errors {s['error']} · warnings {s['warning']} · info {s['info']}{html.escape(grades)}"
            f"{f'; {unassessable} not assessable' if unassessable else ''}</p>"
        )
    grades = "；等级 " + " · ".join(f"{g} {n}" for g, n in s["grades"].items()) if s["grades"] else ""
    skipped = f"，<a href='#skipped'>跳过 <b>{s['skipped']}</b> 个不支持的文件</a>" if s["skipped"] else ""
    return (
        f"<p class='summary'><b>{s['files']}</b> 份报告，<b>{s['unreadable']}</b> 份无法读取{skipped}；"
        f"错误 {s['error']} · 警告 {s['warning']} · 提示 {s['info']}{html.escape(grades)}"
        f"{f'；{unassessable} 份不可评价' if unassessable else ''}</p>"
    )


def skipped_html(batch: BatchResult) -> str:
    """The files found and not checked, each with its reason; empty when there are none."""
    if not batch.skipped:
        return ""
    esc = html.escape
    rows = "".join(f"<tr><td>{esc(s.path)}</td><td>{esc(s.reason)}</td></tr>" for s in batch.skipped)
    return (
        f"<section id='skipped'><h2>{_lang_text('跳过的文件', 'Skipped files')}（{len(batch.skipped)}）</h2>"
        f"<table><thead><tr><th>{_lang_text('文件', 'file')}</th><th>{_lang_text('原因', 'reason')}</th></tr>"
        f"</thead><tbody>{rows}</tbody></table></section>"
    )


def doc_type_name(doc_type: str) -> str:
    return doc_type if get_language() == "en" else DOC_TYPE_NAMES.get(doc_type, doc_type)


def total_text(row: dict[str, Any]) -> str:
    """A files row's total for people: the number, 不可评价 when scored below the coverage floor, or empty."""
    if row["total"] is not None:
        return f"{row['total']:g}"
    return "" if row["rubric"] is None else _lang_text("不可评价", "not assessable")


def _state(row: dict[str, Any]) -> str:
    return "unreadable" if row["error"] else "errors" if row["error_count"] else "passed"


def overview_html(batch: BatchResult, link: bool = True) -> str:
    """One row per report, each carrying what the page's filters and search look at; with
    ``link`` each file name links to its section of the review page."""
    esc = html.escape
    en = get_language() == "en"
    state_names = {"unreadable": ("无法读取", "unreadable"), "errors": ("有错误", "has errors"),
                   "passed": ("通过", "passed")}
    findings: dict[str, list[dict[str, Any]]] = {}
    for d in batch.rows("findings"):
        findings.setdefault(d["path"], []).append(d)
    rows = []
    for number, row in enumerate(batch.rows("files"), start=1):
        name = esc(os.path.basename(row["path"]))
        name_cell = f"<a href='#file-{number}' class='open-report'>{name}</a>" if link else name
        doc_type = doc_type_name(row["doc_type"])
        state = _state(row)
        state_cell = (f"<span class='unreadable'>{state_names[state][en]}：{esc(row['error'])}</span>"
                      if row["error"] else state_names[state][en])
        own = findings.get(row["path"], [])
        codes = sorted({d["code"] for d in own})
        severities = sorted({d["severity"] for d in own})
        searchable = " ".join([row["path"], doc_type, row["department"] or "", *codes,
                               *{d["rule"] for d in own}, *(d["message"] for d in own[:200])]).lower()
        total = total_text(row)
        coverage = "" if row["coverage"] is None else f"{row['coverage']:.0%}"
        review = "" if not row["review_points"] else f"{row['review_points']:g}"
        total_class = "number not-assessable" if row["total"] is None and row["rubric"] else "number"
        rows.append(
            f"<tr data-search='{esc(searchable)}' data-severity='{' '.join(severities)}' "
            f"data-code='{' '.join(codes)}' data-type='{esc(row['doc_type'])}' "
            f"data-department='{esc(row['department'] or '')}' data-status='{state}'>"
            f"<td class='number' data-sort='{number}'>{number}</td><td>{name_cell}</td><td>{esc(doc_type)}</td>"
            f"<td>{esc(row['department'])}</td><td class='number'>{row['fiscal_year'] or ''}</td>"
            f"<td class='number severity-error'>{row['error_count']}</td>"
            f"<td class='number severity-warning'>{row['warning_count']}</td>"
            f"<td class='number severity-info'>{row['info_count']}</td>"
            f"<td class='{total_class}' data-sort='{'' if row['total'] is None else row['total']}'>{esc(total)}</td>"
            f"<td>{esc(row['grade'] or '')}</td>"
            f"<td class='number' data-sort='{row['coverage'] if row['coverage'] is not None else ''}'>{coverage}</td>"
            f"<td class='number'>{review}</td>"
            f"<td>{' '.join(codes)}</td><td>{state_cell}</td></tr>"
        )
    heads = [("#", "number"), (_lang_text("文件", "file"), "text"), (_lang_text("类型", "type"), "text"),
             (_lang_text("单位", "department"), "text"), (_lang_text("年度", "year"), "number"),
             (_lang_text("错误", "errors"), "number"), (_lang_text("警告", "warnings"), "number"),
             (_lang_text("提示", "info"), "number"), (_lang_text("总分", "total"), "number"),
             (_lang_text("等级", "grade"), "text"), (_lang_text("可评价", "coverage"), "number"),
             (_lang_text("待复核分", "review points"), "number"), (_lang_text("规则", "rules"), "text"),
             (_lang_text("状态", "status"), "text")]
    head = "".join(f"<th data-type='{kind}'>{esc(title)}</th>" for title, kind in heads)
    return (f"<table class='overview' id='overview-table'><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def _options(values: Iterable[tuple[str, str]]) -> str:
    esc = html.escape
    return "".join(f"<option value='{esc(v)}'>{esc(label)}</option>" for v, label in values)


def controls_html(batch: BatchResult) -> str:
    """The search box and the filters above the overview."""
    files = batch.rows("files")
    codes = sorted({d["code"] for d in batch.rows("findings")})
    names = {r.code: r.name for r in _catalog()}
    any_label = _lang_text("全部", "all")
    severities = [("error", severity_name("error")), ("warning", severity_name("warning")),
                  ("info", severity_name("info"))]
    types = sorted({r["doc_type"] for r in files})
    departments = sorted({r["department"] for r in files if r["department"]})
    states = [("passed", _lang_text("通过", "passed")), ("errors", _lang_text("有错误", "has errors")),
              ("unreadable", _lang_text("无法读取", "unreadable"))]

    def select(key: str, title: str, values: Iterable[tuple[str, str]]) -> str:
        return (f"<label>{title} <select data-filter='{key}' id='filter-{key}'><option value=''>{any_label}</option>"
                f"{_options(values)}</select></label>")

    return (
        "<div class='controls'>"
        f"<label>{_lang_text('搜索', 'Search')} <input type='search' id='search' "
        f"placeholder='{_lang_text('文件名、单位、规则、问题…', 'file, department, rule, finding…')}'></label>"
        + select("severity", _lang_text("级别", "severity"), severities)
        + select("code", _lang_text("规则", "rule"), [(c, f"{c} {names.get(c, '')}") for c in codes])
        + select("type", _lang_text("类型", "type"), [(t, doc_type_name(t)) for t in types])
        + select("department", _lang_text("单位", "department"), [(d, d) for d in departments])
        + select("status", _lang_text("状态", "status"), states)
        + f"<span>{_lang_text('显示', 'showing')} <b id='shown'>{len(files)} / {len(files)}</b></span></div>"
    )


def _catalog() -> list[Any]:
    from jixiao.checking import rules

    return rules()


def legend_html(batch: BatchResult) -> str:
    """What the colours and codes mean: severities in words, and every rule that fired with its
    name, summary and count."""
    esc = html.escape
    lang = get_language()
    counts: dict[str, int] = {}
    for d in batch.rows("findings"):
        counts[d["code"]] = counts.get(d["code"], 0) + 1
    explained = {
        "error": _lang_text("数字或结构错误，须更正", "a wrong figure or structure: to be corrected"),
        "warning": _lang_text("很可能有问题，请核实", "probably wrong: to be verified"),
        "info": _lang_text("提示，供参考", "a note for the reader"),
    }
    severities = "".join(
        f"<span><span class='badge {s}'>{esc(severity_name(s))}</span> {esc(explained[s])}</span>"
        for s in ("error", "warning", "info")
    )
    rows = "".join(
        f"<tr><td><b>{esc(r.code)}</b></td><td>{esc(r.name)}</td>"
        f"<td class='severity-{esc(r.severity)}'>{esc(severity_name(r.severity))}</td>"
        f"<td>{esc(r.summary.get(lang, r.summary.get('zh', '')))}</td><td class='number'>{counts[r.code]}</td></tr>"
        for r in _catalog() if r.code in counts
    )
    heads = [_lang_text(h, e) for h, e in (("代码", "code"), ("规则", "rule"), ("级别", "severity"),
                                          ("说明", "what it checks"), ("问题数", "findings"))]
    table = (f"<table class='rules'><thead><tr>{''.join(f'<th>{h}</th>' for h in heads)}</tr></thead>"
             f"<tbody>{rows}</tbody></table>") if rows else ""
    return (f"<div class='legend' id='legend'><h2>{_lang_text('图例', 'Legend')}</h2><p>{severities}</p>"
            f"{table}</div>")


def _full_document(result: FileResult) -> Any:
    """The report as read, for its full text: kept by ``check_many(keep_documents=True)``, else
    read again (a batch keeps only the figures); None when it cannot be read now."""
    from jixiao.document import load

    doc = result.document
    if doc is not None and doc.text:
        return doc
    try:
        return load(result.path)
    except (Error, OSError):
        return None


def _section_html(number: int, result: FileResult) -> str:
    from jixiao.review.fulltext import render_fulltext

    esc = html.escape
    check = result.check
    facts = [
        doc_type_name(check.doc_type),
        check.template and _lang_text(f"模板 {check.template}", f"template {check.template}"),
        check.department,
        check.fiscal_year and _lang_text(f"{check.fiscal_year} 年度", f"fiscal year {check.fiscal_year}"),
    ]
    parts = [
        f"<section class='report' id='file-{number}'>",
        f"<p><a href='#overview'>← {_lang_text('返回总览', 'back to the overview')}</a></p>",
        f"<h2>{number}. {esc(os.path.basename(result.path))}</h2>",
        f"<p class='meta'>{esc(result.path)}<br>{esc(' · '.join(str(f) for f in facts if f))}</p>",
    ]
    if result.error:
        parts.append(f"<p class='unreadable'>{_lang_text('无法读取', 'cannot read')}：{esc(result.error)}</p>")
    else:
        card = result.score
        if card is not None:
            parts.append(f"<h3>{_lang_text('评分', 'Score')}</h3>{card._repr_html_()}")
        # The review desk's view: the text and tables with each finding marked in place and listed
        # beside it, linked both ways (FULLTEXT_SCRIPT, once per page).
        parts.append(f"<h3>{_lang_text('全文', 'Full text')}</h3>")
        parts.append(render_fulltext(_full_document(result), check.diagnostics, lang=get_language(),
                                     id_prefix=f"file-{number}"))
    parts.append(f"<p><a href='#overview'>↑ {_lang_text('返回总览', 'back to the overview')}</a></p></section>")
    return "".join(parts)


def write_html(batch: BatchResult, path: str | os.PathLike[str]) -> None:
    """A self-contained review page: summary, legend, charts (inline SVG), the overview with
    search, filters and sorting, and one section per report with its findings, score and full
    text. Opened from a file, it works offline: no external script, style or font."""
    from jixiao.plot import svg_charts
    from jixiao.review.fulltext import CJK_FONT_STACK, FULLTEXT_SCRIPT, FULLTEXT_STYLE

    style = f"body {{ font-family: {CJK_FONT_STACK}; }}{PAGE_STYLE}{FULLTEXT_STYLE}"
    title = _lang_text("预算绩效报告审核", "Budget-performance report review")
    lang = "en" if get_language() == "en" else "zh-CN"
    with replacing(path) as out:
        out.write(
            f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{title}（{len(batch)}）</title><style>{style}</style></head><body>"
            f"<div id='overview-view'><h1 id='overview'>{title}</h1>{summary_html(batch)}"
            f"{legend_html(batch)}<h2>{_lang_text('图表', 'Charts')}</h2><div class='charts'>{svg_charts(batch)}</div>"
            f"<h2>{_lang_text('总览', 'Overview')}</h2>{controls_html(batch)}{overview_html(batch)}"
            f"{skipped_html(batch)}</div>"
        )
        for number, result in enumerate(batch, start=1):
            out.write(_section_html(number, result))
        out.write(f"<script>{PAGE_SCRIPT}{FULLTEXT_SCRIPT}</script></body></html>\n")


__all__ = [
    "HEADERS",
    "SHEET_NAMES",
    "header",
    "legend_html",
    "overview_html",
    "replacing",
    "require_openpyxl",
    "skipped_html",
    "summary_html",
    "write_csv",
    "write_excel",
    "write_html",
    "write_jsonl",
]
