"""The Document: one report read into blocks, outline, tables and extracted figures."""

from __future__ import annotations

import html
import os
from typing import TYPE_CHECKING, Any

from jixiao._native import _core
from jixiao.records import (
    Artifact,
    Block,
    Budget,
    CoreWrapper,
    Heading,
    Indicator,
    Meta,
    Project,
    Quantity,
    RecordList,
)

if TYPE_CHECKING:
    import pandas as pd


class Table:
    """A rectangular table of a report (merged cells already resolved)."""

    def __init__(self, core: Any) -> None:
        self._core = core

    @property
    def index(self) -> int:
        return int(self._core.index)

    @property
    def n_rows(self) -> int:
        return int(self._core.n_rows)

    @property
    def n_cols(self) -> int:
        return int(self._core.n_cols)

    @property
    def layout(self) -> str:
        """How the columns are known: "" from the source's cells, "text_columns" from text aligned
        with spaces, "text_ragged" when no column could be established."""
        return str(self._core.layout)

    @property
    def page(self) -> int:
        """The 1-based page a PDF table starts on; 0 for other formats."""
        return int(self._core.page)

    @property
    def cells(self) -> list[list[Any]]:
        """Rows of :class:`Cell` records (text, span, merged)."""
        return list(self._core.rows)

    @property
    def rows(self) -> list[list[str]]:
        """Rows of cell texts."""
        return [[c.text for c in row] for row in self._core.rows]

    def to_pandas(self, header: int | None = None) -> pd.DataFrame:
        """The table as a DataFrame of cell texts; ``header`` picks a row to use as column names."""
        import pandas as pd

        rows = self.rows
        if header is None:
            return pd.DataFrame(rows)
        names = [name or f"col{i}" for i, name in enumerate(rows[header])]
        return pd.DataFrame(rows[header + 1 :], columns=names)

    def __repr__(self) -> str:
        return f"Table(index={self.index}, n_rows={self.n_rows}, n_cols={self.n_cols})"

    def _repr_html_(self, max_rows: int = 30) -> str:
        esc = html.escape
        rows = self.rows
        body = "".join(
            "<tr>" + "".join(f"<td>{esc(cell).replace(chr(10), '<br>')}</td>" for cell in row) + "</tr>"
            for row in rows[:max_rows]
        )
        more = f"<p>… 另有 {len(rows) - max_rows} 行</p>" if len(rows) > max_rows else ""
        return f"<table>{body}</table>{more}"


class Document(CoreWrapper[_core.Document]):
    """A report read by jixiao. Build one with :func:`jixiao.load` or :func:`jixiao.parse`."""

    def __init__(self, core: _core.Document) -> None:
        self._core = core

    # -- construction -----------------------------------------------------------------------
    @classmethod
    def from_json(cls, text: str) -> Document:
        return cls(_core.Document.from_json(text))

    def to_json(self, indent: int | None = None) -> str:
        return str(self._core.to_json(indent))

    def to_dict(self) -> dict[str, Any]:
        return dict(self._core.to_dict())

    # -- contents ---------------------------------------------------------------------------
    @property
    def path(self) -> str:
        return str(self._core.meta.path)

    @property
    def meta(self) -> Meta:
        return self._core.meta

    @property
    def text(self) -> str:
        return str(self._core.text)

    @property
    def blocks(self) -> RecordList[Block]:
        return RecordList(self._core.blocks, Block)

    @property
    def outline(self) -> RecordList[Heading]:
        return RecordList(self._core.outline, Heading)

    @property
    def tables(self) -> list[Table]:
        return [Table(t) for t in self._core.tables]

    @property
    def artifacts(self) -> RecordList[Artifact]:
        return RecordList(self._core.artifacts, Artifact)

    @property
    def budget(self) -> Budget:
        return self._core.budget

    @property
    def projects(self) -> RecordList[Project]:
        return RecordList(self._core.projects, Project)

    @property
    def indicators(self) -> RecordList[Indicator]:
        return RecordList(self._core.indicators, Indicator)

    @property
    def facts(self) -> RecordList[Quantity]:
        return RecordList(self._core.facts, Quantity)

    # -- views ------------------------------------------------------------------------------
    def outline_text(self) -> str:
        """The section tree, indented two spaces per level."""
        lines = []
        for h in self._core.outline:
            lines.append("  " * (h.level - 1) + h.text)
        return "\n".join(lines)

    def __repr__(self) -> str:
        m = self._core.meta
        name = os.path.basename(m.path) or "<text>"
        return (
            f"Document({name!r}, doc_type={m.doc_type!r}, blocks={len(self._core.blocks)}, "
            f"headings={len(self._core.outline)}, tables={len(self._core.tables)})"
        )

    def _repr_html_(self, max_tables: int = 10) -> str:
        """Meta, the outline as an indented list, and the first tables."""
        esc = html.escape
        m = self._core.meta
        year = m.fiscal_year and f"{m.fiscal_year} 年度"
        facts = [m.doc_type, m.template and f"模板 {m.template}", m.department, year]
        head = (
            f"<b>{esc(m.title or os.path.basename(m.path) or '<text>')}</b><br>"
            f"<span style='color:#555'>{esc(' · '.join(str(f) for f in facts if f))}</span>"
        )
        outline = "".join(
            f"<li style='margin-left:{1.5 * (h.level - 1)}em'>{esc(h.text)}</li>" for h in self._core.outline
        )
        parts = [f"<div>{head}"]
        if outline:
            parts.append(
                f"<details open><summary>提纲（{len(self._core.outline)}）</summary>"
                f"<ul style='list-style:none;padding-left:0'>{outline}</ul></details>"
            )
        tables = self.tables
        for table in tables[:max_tables]:
            parts.append(
                f"<details><summary>表格 {table.index + 1}（{table.n_rows} 行 × {table.n_cols} 列）</summary>"
                f"{table._repr_html_()}</details>"
            )
        if len(tables) > max_tables:
            parts.append(f"<p>… 另有 {len(tables) - max_tables} 个表格</p>")
        return "".join(parts) + "</div>"


def load(path: str | bytes | os.PathLike[str] | os.PathLike[bytes]) -> Document:
    """Reads a report: ``.txt`` (UTF-8, GB18030/GBK, UTF-16 with BOM) or ``.docx``. The path may
    be bytes, or a name that is not valid UTF-8 (os.fsencode gives the bytes the system uses)."""
    return Document(_core.load(os.fsencode(path)))


def read(data: bytes, path: str = "<bytes>") -> Document:
    """Reads a report from bytes; ``path`` names it in messages and picks the format."""
    return Document(_core.read(data, path))


def parse(text: str, name: str = "<text>") -> Document:
    """Parses report text that is already a ``str``."""
    return Document(_core.parse(text, name))


__all__ = ["Document", "Table", "load", "parse", "read"]
