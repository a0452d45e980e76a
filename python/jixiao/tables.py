"""The tables of a batch: their columns and one file's rows of each (what BatchResult's
DataFrames and the Excel, CSV and JSON-lines writers are built from)."""

from __future__ import annotations

from operator import itemgetter
from typing import Any

from jixiao._native import _core
from jixiao.checking import DIAGNOSTIC_COLUMNS
from jixiao.records import Budget, Indicator, Project, _flatten
from jixiao.scoring import ITEM_COLUMNS, is_assessable

SKIPPED_COLUMNS = ["path", "reason"]
FILE_COLUMNS = [
    "path", "doc_type", "template", "fiscal_year", "department", "error_count", "warning_count", "info_count",
    "rubric", "total", "grade", "coverage", "review_points", "error",
]


def _record_columns(record_type: Any) -> list[str]:
    """A record's fields in their described order, its span spread into line/column/end_line/end_column."""
    columns = []
    for name in record_type._fields:
        if name == "span":
            columns.extend(["line", "column", "end_line", "end_column"])
        elif name not in ("map", "spans"):
            columns.append(name)
    return columns


BUDGET_COLUMNS = ["path", *_record_columns(Budget)]
PROJECT_COLUMNS = ["path", *_record_columns(Project)]
INDICATOR_COLUMNS = ["path", *_record_columns(Indicator)]
SCORE_COLUMNS = ["path", "rubric", *ITEM_COLUMNS]
COLUMNS = {
    "files": FILE_COLUMNS,
    "findings": DIAGNOSTIC_COLUMNS,
    "budget": BUDGET_COLUMNS,
    "projects": PROJECT_COLUMNS,
    "indicators": INDICATOR_COLUMNS,
    "scores": SCORE_COLUMNS,
    "skipped": SKIPPED_COLUMNS,  # a batch's files that were found and not checked, not a file's rows
}
KINDS = tuple(COLUMNS)
OPTIONAL_INT_COLUMNS = ("fiscal_year", "year")  # None where not stated: nullable integers, not floats



def item_rows(item: _core.BatchItem, kind: str) -> list[dict[str, Any]]:
    """One file's rows of one kind of table."""
    if kind not in COLUMNS:
        raise ValueError(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    if kind == "files":
        return [file_row(item)]
    if kind == "skipped":
        return []
    if kind == "findings":
        return [{k: getattr(d, k) for k in DIAGNOSTIC_COLUMNS} for d in item.check.diagnostics]
    if kind == "scores":
        card = item.score
        if card is None:
            return []
        return [
            {"path": item.path, "rubric": card.rubric, **{k: getattr(s, k) for k in ITEM_COLUMNS}} for s in card.items
        ]
    doc = item.document
    if doc is None:
        return []
    if kind == "budget":
        return [{"path": item.path, **{k: getattr(doc.budget, k) for k in BUDGET_COLUMNS[1:]}}]
    records = doc.projects if kind == "projects" else doc.indicators
    return [{"path": item.path, **_flatten(r)} for r in records]


_IN_COLUMN_ORDER = {kind: itemgetter(*columns) for kind, columns in COLUMNS.items()}


def item_row_tuples(item: _core.BatchItem, kind: str) -> list[tuple[Any, ...]]:
    """One file's rows of one kind of table, each a tuple of its values in the table's column order
    (what a spilled batch keeps and its DataFrames are built from)."""
    rows = item_rows(item, kind)  # names an unknown kind
    in_order = _IN_COLUMN_ORDER[kind]
    return [in_order(row) for row in rows]


def file_row(item: _core.BatchItem) -> dict[str, Any]:
    counts = {"error": 0, "warning": 0, "info": 0}
    for d in item.check.diagnostics:
        counts[d.severity] = counts.get(d.severity, 0) + 1
    check = item.check
    card = item.score
    return {
        "path": item.path,
        "doc_type": check.doc_type,
        "template": check.template,
        "fiscal_year": check.fiscal_year,
        "department": check.department,
        "error_count": counts["error"],
        "warning_count": counts["warning"],
        "info_count": counts["info"],
        "rubric": None if card is None else card.rubric,
        # never a number that means nothing: below the rubric's coverage floor the total is None (不可评价)
        "total": None if card is None or not is_assessable(card) else card.total,
        "grade": None if card is None else card.grade,
        "coverage": None if card is None else card.coverage,
        "review_points": None if card is None else card.review_points,
        "error": item.error,
    }


__all__ = ["BUDGET_COLUMNS", "COLUMNS", "FILE_COLUMNS", "INDICATOR_COLUMNS", "KINDS", "OPTIONAL_INT_COLUMNS",
           "PROJECT_COLUMNS", "SCORE_COLUMNS", "file_row", "item_row_tuples", "item_rows"]
