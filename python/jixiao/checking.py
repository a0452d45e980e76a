"""Checking: run the rule catalog over documents and hold the findings."""

from __future__ import annotations

import html
import json
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from jixiao._native import _core
from jixiao.config import Config
from jixiao.document import Document, load
from jixiao.errors import Error, get_language
from jixiao.records import RecordList
from jixiao.user_rules import core_rules, registered_rules

if TYPE_CHECKING:
    import pandas as pd

    from jixiao.review.store import ReviewStore

Diagnostic = _core.Diagnostic
Evidence = _core.Evidence
RuleInfo = _core.RuleInfo

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}

DIAGNOSTIC_COLUMNS = [
    "path", "line", "column", "end_line", "end_column", "code", "rule", "severity",
    "message", "block", "excerpt", "suggestion", "page", "sheet", "cell",
]


def with_ordered_severity(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its ``severity`` column an ordered categorical (info < warning < error), so
    that sorting, ``max()`` and ``df[df.severity >= "warning"]`` follow severity, not the alphabet."""
    import pandas as pd

    if "severity" in frame:
        frame["severity"] = frame["severity"].astype(pd.CategoricalDtype(list(SEVERITY_RANK), ordered=True))
    return frame


def sheet_reference(sheet: str) -> str:
    """A sheet name as Excel writes it in a reference: quoted when it holds spaces or punctuation."""
    if sheet and all(ch.isalnum() or ch == "_" for ch in sheet):
        return sheet
    return "'" + sheet.replace("'", "''") + "'"


def place(d: Any, lang: str | None = None) -> str:
    """Where a finding is, as a reader follows it: ``自评表!C7`` in a workbook, ``12:3 (第 4 页)`` in a
    PDF, ``12:3`` elsewhere (line and column of the decoded text)."""
    if d.sheet:
        return sheet_reference(d.sheet) + (f"!{d.cell}" if d.cell else "")
    where = f"{d.line}:{d.column}"
    if d.page:
        where += f" (page {d.page})" if (lang or get_language()) == "en" else f" (第 {d.page} 页)"
    return where


class CheckResult:
    """The findings for one report (``.diagnostics``), or why it could not be read (``.errors``)."""

    def __init__(self, core: Any = None, *, path: str = "", errors: Iterable[str] = ()) -> None:
        self._core = core if core is not None else _core.CheckResult(path=path)
        self.errors: list[str] = list(errors)

    @property
    def path(self) -> str:
        return str(self._core.path)

    @property
    def doc_type(self) -> str:
        return str(self._core.doc_type)

    @property
    def template(self) -> str:
        return str(self._core.template)

    @property
    def fiscal_year(self) -> int | None:
        return self._core.fiscal_year

    @property
    def department(self) -> str:
        return str(self._core.department)

    @property
    def diagnostics(self) -> RecordList[Any]:
        return RecordList(self._core.diagnostics, Diagnostic)

    @property
    def ok(self) -> bool:
        """True when the file was read and has no error-level finding."""
        return not self.errors and not any(d.severity == "error" for d in self._core.diagnostics)

    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "info": 0}
        for d in self._core.diagnostics:
            out[d.severity] = out.get(d.severity, 0) + 1
        return out

    def to_dict(self) -> dict[str, Any]:
        """The per-file entry of ``jixiao check --format json`` (DESIGN.md §8)."""
        data: dict[str, Any] = dict(self._core.to_dict())
        if self.errors:
            data["errors"] = list(self.errors)
        return data

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_pandas(self) -> pd.DataFrame:
        import pandas as pd

        rows = [{k: getattr(d, k) for k in DIAGNOSTIC_COLUMNS} for d in self._core.diagnostics]
        return with_ordered_severity(pd.DataFrame(rows, columns=DIAGNOSTIC_COLUMNS))

    def __getstate__(self) -> Any:
        return (self._core, self.errors)

    def __setstate__(self, state: Any) -> None:
        self._core, self.errors = state

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CheckResult):
            return NotImplemented
        return bool(self._core == other._core) and self.errors == other.errors

    __hash__ = None  # type: ignore[assignment]

    def __len__(self) -> int:
        return len(self._core.diagnostics)

    def __repr__(self) -> str:
        c = self.counts()
        name = os.path.basename(self.path) or "<text>"
        if self.errors:
            return f"CheckResult({name!r}, errors={len(self.errors)})"
        return f"CheckResult({name!r}, error={c['error']}, warning={c['warning']}, info={c['info']})"

    def _repr_html_(self) -> str:
        esc = html.escape
        name = esc(os.path.basename(self.path) or "<text>")
        if self.errors:
            return f"<div><b>{name}</b><pre>{esc(chr(10).join(self.errors))}</pre></div>"
        c = self.counts()
        head = f"<b>{name}</b> — {c['error']} error, {c['warning']} warning, {c['info']} info"
        return f"<div>{head}{findings_html(self._core.diagnostics)}</div>"


SEVERITY_COLORS = {"error": "#c0392b", "warning": "#d68910", "info": "#2874a6"}


def highlight_html(excerpt: str, start: int, end: int) -> str:
    """The excerpt, escaped, with the finding (characters [start, end)) in a ``<mark>``."""
    start = min(max(start, 0), len(excerpt))
    end = min(max(end, start), len(excerpt))
    if end == start:
        return html.escape(excerpt)
    esc = html.escape
    return f"{esc(excerpt[:start])}<mark>{esc(excerpt[start:end])}</mark>{esc(excerpt[end:])}"


SEVERITY_NAMES = {"zh": {"error": "错误", "warning": "警告", "info": "提示"},
                  "en": {"error": "error", "warning": "warning", "info": "info"}}


def severity_name(severity: str, lang: str | None = None) -> str:
    """错误 / 警告 / 提示 (or error / warning / info in English)."""
    return SEVERITY_NAMES["en" if (lang or get_language()) == "en" else "zh"].get(severity, severity)


def findings_html(diagnostics: Iterable[Any]) -> str:
    """A table of findings: place, severity (in words as well as colour), code and rule name,
    message, the excerpt with the finding marked, suggestion."""
    esc = html.escape
    en = get_language() == "en"
    rows = [
        f"<tr class='finding {esc(d.severity)}'><td>{esc(place(d))}</td>"
        f"<td class='severity' style='color:{SEVERITY_COLORS.get(d.severity, '#000')}'>"
        f"{esc(severity_name(d.severity))}</td>"
        f"<td><b>{esc(d.code)}</b> <span class='rule-name'>{esc(d.rule)}</span></td>"
        f"<td>{esc(d.message)}</td>"
        f"<td style='color:#555'>{highlight_html(d.excerpt, d.excerpt_start, d.excerpt_end)}</td>"
        f"<td>{esc(d.suggestion)}</td></tr>"
        for d in diagnostics
    ]
    if not rows:
        return "<p>No findings</p>" if en else "<p>未发现问题</p>"
    heads = ("place", "severity", "rule", "finding", "excerpt", "suggestion") if en else (
        "位置", "级别", "规则", "问题", "原文", "建议")
    return (
        "<table class='findings'><thead><tr>" + "".join(f"<th>{h}</th>" for h in heads) + "</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def core_config(config: Config | None, path: str | None) -> Any:
    """The engine's CheckConfig: ``config``, else the one discovered from ``path``'s folder, with
    messages in the current language."""
    cfg = config if config is not None else Config.for_paths([path] if path else [])
    core = cfg.to_core()
    core.lang = get_language() if config is None else cfg.lang
    return core


def batch_settings(config: Config | None, paths: Iterable[str | os.PathLike[str]]) -> Any:
    """The engine's CheckConfig for a batch over ``paths``: ``config``, else the one found as the
    command line finds it (:meth:`Config.for_paths`), with messages in the current language."""
    if config is not None:
        return core_config(config, None)
    settings = core_config(Config.for_paths(paths), None)
    settings.lang = get_language()
    return settings


def check(
    doc_or_path: Document | str | bytes | os.PathLike[str],
    config: Config | None = None,
    *,
    baseline: str | os.PathLike[str] | ReviewStore | None = None,
) -> CheckResult:
    """Checks one report with the built-in rules and the registered ones (:func:`jixiao.rule`).
    A path that cannot be read gives a result with ``.errors`` set. With ``baseline`` (a review
    store, docs/review.md) the findings dismissed there are left out."""
    store = _baseline(baseline)
    if isinstance(doc_or_path, Document):
        core = _core.check(doc_or_path._core, core_config(config, doc_or_path.path or None), core_rules())
    else:
        path = os.fspath(doc_or_path)
        settings = core_config(config, os.fsdecode(path))
        try:
            doc = load(path)
        except Error as exc:  # it names the file as the engine shows it (any file name prints)
            return CheckResult(path=exc.path or os.fsdecode(path), errors=[str(exc)])
        core = _core.check(doc._core, settings, core_rules())
    if store is not None:
        store.hide(core, store.dismissed())
    return CheckResult(core)


def _baseline(baseline: str | os.PathLike[str] | ReviewStore | None) -> ReviewStore | None:
    if baseline is None:
        return None
    from jixiao.review.store import ReviewStore, open_baseline

    return baseline if isinstance(baseline, ReviewStore) else open_baseline(baseline)


def rules() -> list[Any]:
    """The rule catalog (code, name, severity, summary, messages): built-in, then registered rules."""
    return [*_core.rule_catalog(), *registered_rules()]


__all__ = [
    "DIAGNOSTIC_COLUMNS",
    "SEVERITY_NAMES",
    "SEVERITY_RANK",
    "CheckResult",
    "Diagnostic",
    "Evidence",
    "RuleInfo",
    "batch_settings",
    "check",
    "core_config",
    "findings_html",
    "highlight_html",
    "rules",
    "severity_name",
    "with_ordered_severity",
]
