"""Scoring: a report's score under a rubric (DESIGN.md §6, docs/rubrics.md).

    card = jixiao.score(doc, rubric="project-selfeval-2020")
    card.total, card.grade, card.items, card.to_pandas()

    @jixiao.register_indicator("my_ratio")       # a rubric item {"function": "my_ratio", ...}
    def my_ratio(doc):
        return 0.8                                # or None when the document gives no data
"""

from __future__ import annotations

import html
import json
import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from jixiao._native import _core
from jixiao._text import display_width, pad
from jixiao.document import Document, load
from jixiao.errors import Error, RubricError, get_language
from jixiao.records import CoreWrapper, RecordList

if TYPE_CHECKING:
    import pandas as pd

    from jixiao.config import Config

Rubric = _core.Rubric
RubricItem = _core.RubricItem
GradeBand = _core.GradeBand
Deduction = _core.Deduction
ScoreItem = _core.ScoreItem

IndicatorFunction = Callable[[Document], "float | None"]
F = TypeVar("F", bound=IndicatorFunction)

ITEM_COLUMNS = [
    "key", "name", "dimension", "method", "points", "score", "self_score", "value", "text",
    "formula", "status", "note", "table", "row",
]

_indicators: dict[str, IndicatorFunction] = {}


def register_indicator(name: str) -> Callable[[F], F]:
    """Registers a function as the custom indicator ``name``.

    A rubric item names it with ``"function": name`` and a method (``ratio``, ``inverse_ratio``,
    ``linear``) that turns its value into a score. The function receives the
    :class:`jixiao.Document` and returns a number, or ``None`` when the document gives no data
    (the item is then ``not_assessable``). An exception makes the item ``needs_review`` with
    the function's name and the error in its note; it never stops the scoring.
    """

    def decorate(fn: F) -> F:
        _indicators[name] = fn
        return fn

    return decorate


def unregister_indicator(name: str) -> None:
    """Removes a custom indicator registered with :func:`register_indicator`."""
    _indicators.pop(name, None)


def rubrics() -> list[str]:
    """Names of the built-in rubrics."""
    return list(_core.builtin_rubrics())


def load_rubric(rubric: str | os.PathLike[str], config: Config | None = None) -> Any:
    """A rubric by built-in name, by the name of one listed in the config's ``rubrics`` files,
    by file path, or from JSON text. Raises :class:`jixiao.RubricError` naming the file and key."""
    spec = os.fspath(rubric)
    if config is not None and spec not in rubrics() and not os.path.exists(spec):
        for path in config.rubrics:
            candidate = _core.load_rubric(_utf8_file(path))
            if candidate.name == spec:
                return candidate
    return _core.load_rubric(_utf8_file(spec))


def _utf8_file(spec: str) -> str:
    """``spec``, after checking that a rubric file it names is UTF-8 text (RubricError otherwise)."""
    if os.path.isfile(spec):
        try:
            with open(spec, "rb") as file:
                file.read().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise RubricError(f"{spec}：不是 UTF-8 编码的文本（第 {exc.start + 1} 字节） "
                              f"(not UTF-8 text: byte {exc.start + 1})") from None
        except OSError as exc:
            raise RubricError(f"{spec}：无法读取（{exc.strerror}） (cannot read the file)") from None
    return spec


class Scorecard(CoreWrapper[Any]):
    """A report's score under one rubric: ``total``, ``grade`` and one item per indicator."""

    def __init__(self, core: Any) -> None:
        self._core = core

    @classmethod
    def from_json(cls, text: str) -> Scorecard:
        return cls(_core.Scorecard.from_json(text))

    @property
    def rubric(self) -> str:
        return str(self._core.rubric)

    @property
    def title(self) -> str:
        return str(self._core.title)

    @property
    def path(self) -> str:
        return str(self._core.path)

    @property
    def total(self) -> float:
        return float(self._core.total)

    @property
    def grade(self) -> str:
        """The grade band of the total; empty when too little could be assessed to grade."""
        return str(self._core.grade)

    @property
    def points(self) -> float:
        return float(self._core.points)

    @property
    def coverage(self) -> float:
        """The share of the rubric's points the document's figures allowed to assess."""
        return float(self._core.coverage)

    @property
    def review_points(self) -> float:
        """Points held back for the analyst: items that ``needs_review`` are not in the total."""
        return float(self._core.review_points)

    @property
    def min_coverage(self) -> float:
        """The rubric's coverage floor: below it the total is not a grade (``不可评价``)."""
        return float(self._core.min_coverage)

    @property
    def assessable(self) -> bool:
        """False when nothing, or less than the rubric's floor, could be assessed: the total then
        says nothing about the report and is shown as ``不可评价`` (not assessable), never as a number."""
        return is_assessable(self._core)

    @property
    def shown_total(self) -> str:
        """The total as people read it: ``92.5``, or ``不可评价`` / ``not assessable``."""
        return shown_total(self._core)

    @property
    def self_total(self) -> float | None:
        """The table's own 总分 得分, when it states one."""
        value = self._core.self_total
        return None if value is None else float(value)

    @property
    def items(self) -> RecordList[Any]:
        return RecordList(self._core.items, ScoreItem)

    @property
    def notes(self) -> list[str]:
        return list(self._core.notes)

    def to_dict(self) -> dict[str, Any]:
        """The ``jixiao score --format json`` shape: rubric, total, grade, items, and the rest."""
        return dict(self._core.to_dict())

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_text(self) -> str:
        """A readable table for a terminal (``jixiao score --format text``)."""
        stated = "" if self.self_total is None else f"   表内自评 self_total: {self.self_total:g}"
        review = f"   待复核 review: {self.review_points:g} 分" if self.review_points else ""
        lines = [
            self.path or "<text>",
            f"  评分标准 rubric: {self.rubric}" + (f" — {self.title}" if self.title else ""),
            f"  总分 total: {self.shown_total} / {self.points:g}   等级 grade: {self.grade or '—'}{stated}"
            f"   可评价 coverage: {self.coverage:.0%}{review}",
            "",
        ]
        header = ("维度", "指标", "分值", "得分", "自评", "状态", "计算 / 说明")
        rows = [header]
        for item in self._core.items:
            rows.append((
                item.dimension,
                item.name,
                f"{item.points:g}",
                "—" if item.score is None else f"{item.score:g}",
                "" if item.self_score is None else f"{item.self_score:g}",
                status_name(item.status),
                "；".join(x for x in (item.formula, item.note) if x),
            ))
        widths = [max(display_width(r[i]) for r in rows) for i in range(len(header) - 1)]
        for r in rows:
            padded = (pad(cell, w) for cell, w in zip(r, widths, strict=False))
            lines.append("  " + "  ".join(padded) + "  " + r[-1])
        if self.notes:
            lines.append("")
            lines.extend(f"  * {note}" for note in self.notes)
        return "\n".join(lines) + "\n"

    def to_pandas(self) -> pd.DataFrame:
        """One row per item; evidence spans are left out."""
        import pandas as pd

        rows = [{k: getattr(item, k) for k in ITEM_COLUMNS} for item in self._core.items]
        return pd.DataFrame(rows, columns=ITEM_COLUMNS)

    def __repr__(self) -> str:
        name = os.path.basename(self.path) or "<text>"
        total = f"{self.total:g}" if self.assessable else "None"
        return (f"Scorecard({name!r}, rubric={self.rubric!r}, total={total}, grade={self.grade!r}, "
                f"coverage={self.coverage:.2f})")

    def _repr_html_(self) -> str:
        esc = html.escape
        colors = {"scored": "#1e8449", "not_assessable": "#7f8c8d", "needs_review": "#d68910"}
        rows = []
        for item in self._core.items:
            score = "—" if item.score is None else f"{item.score:g}"
            stated = "" if item.self_score is None else f"{item.self_score:g}"
            rows.append(
                f"<tr><td>{esc(item.dimension)}</td><td>{esc(item.name)}</td>"
                f"<td style='text-align:right'>{item.points:g}</td>"
                f"<td style='text-align:right'><b>{score}</b></td>"
                f"<td style='text-align:right;color:#555'>{stated}</td>"
                f"<td style='color:{colors.get(item.status, '#000')}'>{esc(status_name(item.status))}</td>"
                f"<td><code>{esc(item.formula)}</code> "
                f"<span style='color:#555'>{esc(item.note)}</span></td></tr>"
            )
        stated_total = "" if self.self_total is None else f"（自评 {self.self_total:g}）"
        review = f"，待复核 {self.review_points:g} 分" if self.review_points else ""
        head = (
            f"<b>{esc(os.path.basename(self.path) or '<text>')}</b> — {esc(self.title or self.rubric)}: "
            f"<b>{esc(self.shown_total)}</b> / {self.points:g} {esc(self.grade)} {stated_total}"
            f"<span class='coverage'>（可评价 {self.coverage:.0%}{review}）</span>"
        )
        notes = "".join(f"<li>{esc(n)}</li>" for n in self.notes)
        return (
            f"<div>{head}<table><thead><tr><th>维度</th><th>指标</th><th>分值</th><th>得分</th>"
            f"<th>自评</th><th>状态</th><th>计算</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
            + (f"<ul>{notes}</ul>" if notes else "")
            + "</div>"
        )


STATUS_NAMES = {"scored": "已评分", "not_assessable": "不可评价", "needs_review": "待复核"}


def status_name(status: str) -> str:
    """已评分 / 不可评价 / 待复核, or the status itself in English."""
    return status.replace("_", " ") if get_language() == "en" else STATUS_NAMES.get(status, status)


def is_assessable(card: Any) -> bool:
    """Whether an engine scorecard's total means something: some of the rubric's points, and at
    least its coverage floor, could be assessed."""
    return bool(card.coverage > 0 and card.coverage >= card.min_coverage - 1e-9)


def shown_total(card: Any) -> str:
    """An engine scorecard's total for people: the number, or 不可评价 / not assessable."""
    if is_assessable(card):
        return f"{card.total:g}"
    return "not assessable" if get_language() == "en" else "不可评价"


def _core_diagnostics(diagnostics: Any) -> list[Any]:
    items = getattr(diagnostics, "diagnostics", diagnostics)  # a CheckResult or the findings themselves
    return [_core.Diagnostic.from_json(json.dumps(d)) if isinstance(d, dict) else d for d in items]


def _checker_diagnostics(doc: Document, rubric_name: str, config: Config | None) -> list[Any]:
    import jixiao

    check = getattr(jixiao, "check", None)
    if check is None:
        raise Error(
            f"评分标准 {rubric_name} 依据检查结果扣分，需要检查器 jixiao.check，但当前安装中没有 "
            f"(the {rubric_name} rubric scores the checker's findings and needs jixiao.check)"
        )
    return _core_diagnostics(check(doc, config))


def _with_document(fn: IndicatorFunction) -> Callable[[Any], float | None]:
    return lambda core: fn(Document(core))


def core_indicators() -> dict[str, Callable[[Any], float | None]]:
    """The registered custom indicators as the engine takes them: functions of the engine's Document."""
    return {name: _with_document(fn) for name, fn in _indicators.items()}


def score(
    doc: Document | str | os.PathLike[str],
    rubric: Any = None,
    *,
    diagnostics: Iterable[Any] | None = None,
    config: Config | None = None,
) -> Scorecard:
    """Scores a report under a rubric.

    ``rubric`` is a built-in name (:func:`rubrics`), a rubric file, JSON text or a
    :class:`Rubric`; by default the one for the document's type (项目支出绩效自评表 →
    project-selfeval-2020, 部门整体自评报告 → dept-overall-2013, others → report-quality).
    Rubrics that score the checker's findings (report-quality) run :func:`jixiao.check` first
    unless ``diagnostics`` (a CheckResult or a list of findings) are given.
    """
    document = doc if isinstance(doc, Document) else load(doc)
    if rubric is None:
        rubric = _core.default_rubric(document.meta.doc_type)
    core_rubric = rubric if isinstance(rubric, Rubric) else load_rubric(rubric, config)
    if diagnostics is not None:
        findings = _core_diagnostics(diagnostics)
    elif _core.uses_diagnostics(core_rubric):
        findings = _checker_diagnostics(document, core_rubric.name, config)
    else:
        findings = []
    return Scorecard(_core.score(document._core, core_rubric, findings, core_indicators()))


__all__ = [
    "Deduction",
    "GradeBand",
    "Rubric",
    "RubricItem",
    "ScoreItem",
    "Scorecard",
    "core_indicators",
    "is_assessable",
    "load_rubric",
    "register_indicator",
    "rubrics",
    "score",
    "shown_total",
    "unregister_indicator",
]
