"""Dossiers: the documents of one department and fiscal year, linked for the cross-document rules L101–L105.

    batch = jx.check_many(["reports/"], link=True)
    batch.dossiers          # [Dossier('卫生健康局', '某区', 2023, 3 documents …), …]
    batch.unlinked          # [(path, why it could not be linked), …]
    batch.dossiers[0]       # in Jupyter: its documents, why each is there, and the findings between them

Linking keys documents by the department's canonical name (``data/aliases.json`` plus
``[link.aliases]`` in ``jixiao.toml``), its place and the fiscal year; last year's report is the same
department's at fiscal year − 1 (docs/link.md).
"""

from __future__ import annotations

import html
import os
from collections.abc import Iterable, Sequence
from typing import Any

from jixiao._native import _core
from jixiao.errors import get_language

LINK_CODES = ("L101", "L102", "L103", "L104", "L105")

_DOC_TYPES = {
    "self_evaluation": ("自评报告", "self-evaluation report"),
    "target_table": ("绩效目标表", "target table"),
    "project_selfeval_table": ("自评表", "self-evaluation table"),
    "project_report": ("项目自评报告", "project report"),
    "final_accounts": ("部门决算", "final accounts"),
    "budget_disclosure": ("部门预算", "budget disclosure"),
    "work_summary": ("工作总结", "work summary"),
}


def _type_name(doc_type: str) -> str:
    names = _DOC_TYPES.get(doc_type)
    if names is None:
        return doc_type
    return names[1] if get_language() == "en" else names[0]


class Dossier:
    """The documents a batch linked for one department and fiscal year, why each is there, last
    year's documents of the department, and the cross-document findings (L101–L105) among them."""

    def __init__(self, core: _core.Dossier, findings: Iterable[_core.Diagnostic] = ()) -> None:
        self._core = core
        self.findings: list[_core.Diagnostic] = list(findings)
        """The L1xx findings whose primary place is one of the documents, each naming its other places."""

    @property
    def department(self) -> str:
        """The canonical department name (e.g. 卫生健康局 for 区卫健局)."""
        return str(self._core.department)

    @property
    def place(self) -> str:
        return str(self._core.place)

    @property
    def fiscal_year(self) -> int:
        return int(self._core.fiscal_year)

    @property
    def members(self) -> list[_core.DossierMember]:
        """The documents of this department and year: path, doc_type, department as written, reason."""
        return list(self._core.members)

    @property
    def paths(self) -> list[str]:
        return [m.path for m in self._core.members]

    @property
    def previous(self) -> list[str]:
        """Last year's documents of the department (the 上年 figures are checked against them)."""
        return list(self._core.previous)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = dict(self._core.to_dict())
        data["findings"] = [d.to_dict() for d in self.findings]
        return data

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Dossier):
            return NotImplemented
        return bool(self._core == other._core) and self.findings == other.findings

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        last = f", last year: {len(self.previous)}" if self.previous else ""
        return (
            f"Dossier({self.department!r}, {self.place!r}, {self.fiscal_year}, {len(self.members)} documents{last}, "
            f"{len(self.findings)} findings)"
        )

    def _repr_html_(self) -> str:
        en = get_language() == "en"
        e = html.escape
        head = (
            f"<h4>{e(self.place)}{e(self.department)} · {self.fiscal_year}"
            f"{' dossier' if en else ' 年度档案'}</h4>"
        )
        rows = "".join(
            f"<tr><td><code>{e(os.path.basename(m.path))}</code></td><td>{e(_type_name(m.doc_type))}</td>"
            f"<td>{e(m.department)}</td><td>{e(m.reason)}</td></tr>"
            for m in self._core.members
        )
        cols = ("file", "type", "department as written", "why linked") if en else ("文件", "类型", "原文部门", "依据")
        head_row = "".join(f"<th>{c}</th>" for c in cols)
        members = f"<table><thead><tr>{head_row}</tr></thead><tbody>{rows}</tbody></table>"
        previous = ""
        if self.previous:
            label = "Last year's documents: " if en else "上年报告："
            names = "、".join(f"<code>{e(os.path.basename(p))}</code>" for p in self.previous)
            previous = f"<p>{label}{names}</p>"
        if not self.findings:
            findings = f"<p>{'No cross-document finding.' if en else '文件之间未发现不一致。'}</p>"
        else:
            items = []
            for d in self.findings:
                others = "".join(
                    f"<li>{e(r.message)} <small>(line {r.line})</small><br><code>{e(r.excerpt)}</code></li>"
                    for r in d.related
                )
                items.append(
                    f"<li><b>{e(d.code)}</b> <code>{e(os.path.basename(d.path))}:{d.line}</code> {e(d.message)}"
                    f"<br><code>{e(d.excerpt)}</code><ul>{others}</ul></li>"
                )
            findings = "<ol>" + "".join(items) + "</ol>"
        return f"<div>{head}{members}{previous}{findings}</div>"


def department_name(name: str, aliases: dict[str, str] | None = None) -> _core.DepartmentName:
    """How linking reads a department name: canonical name and place (``aliases`` as in ``[link.aliases]``)."""
    return _core.department_name(name, aliases or {})


def name_similarity(a: str, b: str) -> float:
    """The similarity indicators are matched by: character-bigram Dice of the normalised names (0..1)."""
    return float(_core.name_similarity(a, b))


def names_nest(a: str, b: str) -> bool:
    """True when one name is the other with words added and none changed (needed for a match too)."""
    return bool(_core.names_nest(a, b))


def link_items(items: Sequence[_core.BatchItem], settings: _core.CheckConfig) -> _core.LinkResult:
    """Links batch items kept with ``link=True`` (adding the L1xx findings to theirs, in place);
    files that could not be read are listed as unlinked."""
    result = _core.link_items(list(items), settings)
    unreadable = [
        _core.Unlinked(path=item.path, reason="file could not be read" if settings.lang == "en" else "文件无法读取")
        for item in items
        if item.link is None
    ]
    if unreadable:
        order = {item.path: i for i, item in enumerate(items)}
        result.unlinked = sorted([*result.unlinked, *unreadable], key=lambda u: order.get(u.path, 0))
    return result


def dossiers_of(result: _core.LinkResult) -> list[Dossier]:
    """The dossiers of a link result, each with the findings whose primary place is one of its documents."""
    out = []
    for core in result.dossiers:
        paths = {m.path for m in core.members}
        out.append(Dossier(core, [d for d in result.diagnostics if d.path in paths]))
    return out


__all__ = [
    "LINK_CODES",
    "Dossier",
    "department_name",
    "dossiers_of",
    "link_items",
    "name_similarity",
    "names_nest",
]
