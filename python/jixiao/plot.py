"""Charts of a batch: score distribution, findings by rule, department × rule heatmap and the
budget execution-rate histogram — drawn with matplotlib (``batch.plot(kind)``, needs the
``plot`` extra) or as inline SVG for the HTML export (no dependency, no script, no CDN).

Both draw from the same figures (:func:`chart_data`), so the notebook and the page agree.
"""

from __future__ import annotations

import contextlib
import html
import math
import os
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from jixiao.errors import Error, get_language

if TYPE_CHECKING:
    from jixiao.batch import BatchResult

KINDS = ("scores", "rules", "heatmap", "execution")

# Families that carry Chinese glyphs, in the order they are tried: macOS, Windows, then Linux.
CJK_FAMILIES = (
    "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "SimHei", "Noto Sans CJK SC", "Noto Sans SC",
    "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Droid Sans Fallback",
)
FONT_ADVICE = (
    "没有找到中文字体，图中的中文会显示为方框；请安装一种中文字体（Debian/Ubuntu：apt install fonts-noto-cjk "
    "或 fonts-wqy-microhei） (no Chinese font found: Chinese labels will show as boxes; install one, e.g. "
    "Debian/Ubuntu fonts-noto-cjk or fonts-wqy-microhei)"
)
SCORE_BINS = (0, 60, 70, 80, 90, 100)  # the bands most rubrics grade by (差 < 60, 中, 良 ≥ 80, 优 ≥ 90)
RATE_BINS = (0, 50, 80, 90, 95, 100, 105)


class FontWarning(UserWarning):
    """No font with Chinese glyphs is installed: the chart's Chinese text shows as boxes."""


@dataclass
class Chart:
    """One chart's figures: labelled bars (``labels``/``values``) or a matrix (``rows``/``labels``/``matrix``)."""

    kind: str
    title: str
    x_label: str
    y_label: str
    labels: list[str] = field(default_factory=list)
    values: list[float] = field(default_factory=list)
    rows: list[str] = field(default_factory=list)
    matrix: list[list[int]] = field(default_factory=list)
    note: str = ""


def _zh(zh: str, en: str) -> str:
    return en if get_language() == "en" else zh


def _histogram(values: Sequence[float], edges: Sequence[float]) -> tuple[list[str], list[float]]:
    """Counts per bin: [edges[i], edges[i+1]), the last bin open-ended (``≥90``), values below the
    first edge counted in the first bin."""
    last = len(edges) - 2
    counts = [0.0] * (last + 1)
    for v in values:
        counts[next((i for i in range(last, -1, -1) if v >= edges[i]), 0)] += 1
    labels = [f"{edges[i]:g}–{edges[i + 1]:g}" for i in range(last)] + [f"≥{edges[last]:g}"]
    return labels, counts


def chart_data(batch: BatchResult, kind: str) -> Chart:
    """The figures of one chart of the batch (see :data:`KINDS`)."""
    if kind not in KINDS:
        raise ValueError(f"unknown chart {kind!r}; use one of {', '.join(KINDS)}")
    if kind == "scores":
        files = batch.rows("files")
        totals = [r["total"] for r in files if r["total"] is not None]
        unassessable = sum(1 for r in files if r["rubric"] is not None and r["total"] is None)
        labels, counts = _histogram(totals, SCORE_BINS)
        if unassessable:
            labels.append(_zh("不可评价", "not assessable"))
            counts.append(unassessable)
        return Chart(kind, _zh("总分分布", "Score distribution"), _zh("总分", "total"), _zh("报告数", "reports"),
                     labels, counts, note=_zh(f"{len(totals)} 份可评价", f"{len(totals)} assessable"))
    if kind == "execution":
        rates = [r["execution_rate"] for r in batch.rows("budget") if r.get("execution_rate") is not None]
        labels, counts = _histogram(rates, RATE_BINS)
        return Chart(kind, _zh("预算执行率分布", "Budget execution rate"), _zh("执行率（%）", "execution rate (%)"),
                     _zh("报告数", "reports"), labels, counts,
                     note=_zh(f"{len(rates)} 份载明执行率", f"{len(rates)} state a rate"))
    findings = batch.rows("findings")
    by_rule: dict[str, int] = {}
    for d in findings:
        by_rule[d["code"]] = by_rule.get(d["code"], 0) + 1
    codes = sorted(by_rule, key=lambda c: (-by_rule[c], c))
    if kind == "rules":
        return Chart(kind, _zh("各规则问题数", "Findings by rule"), _zh("问题数", "findings"), _zh("规则", "rule"),
                     codes, [float(by_rule[c]) for c in codes])
    department_of = {r["path"]: r["department"] or _zh("（未识别单位）", "(unknown)") for r in batch.rows("files")}
    departments = sorted(set(department_of.values()))
    index = {c: i for i, c in enumerate(codes)}
    matrix = [[0] * len(codes) for _ in departments]
    row_of = {d: i for i, d in enumerate(departments)}
    for d in findings:
        matrix[row_of[department_of.get(d["path"], departments[0] if departments else "")]][index[d["code"]]] += 1
    return Chart(kind, _zh("单位 × 规则", "Department × rule"), _zh("规则", "rule"), _zh("单位", "department"),
                 labels=codes, rows=departments, matrix=matrix)


# -- matplotlib --------------------------------------------------------------------------------


# File names of those fonts, for a font installed after matplotlib cached its list of fonts.
CJK_FONT_FILES = ("pingfang", "hiragino", "msyh", "simhei", "notosanscjk", "notosanssc", "sourcehansans", "wqy",
                  "droidsansfallback")


def chinese_font() -> str | None:
    """The first installed font family with Chinese glyphs (:data:`CJK_FAMILIES`), or None. A font
    installed since matplotlib cached its font list is found too: the system folders are scanned."""
    from matplotlib import font_manager

    def first() -> str | None:
        installed = {f.name for f in font_manager.fontManager.ttflist}
        return next((family for family in CJK_FAMILIES if family in installed), None)

    found = first()
    if found is None:
        for path in font_manager.findSystemFonts():
            name = os.path.basename(path).lower().replace("-", "").replace("_", "")
            if any(key in name for key in CJK_FONT_FILES):
                with contextlib.suppress(Exception):  # a font file matplotlib cannot read is no font
                    font_manager.fontManager.addfont(path)
        found = first()
    return found


def _matplotlib() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        raise Error("画图需要 matplotlib：pip install 'jixiao[plot]' (plots need matplotlib: "
                    "pip install 'jixiao[plot]')") from None
    return plt


def plot(batch: BatchResult, kind: str = "scores", ax: Any = None) -> Any:
    """Draws one chart of the batch on ``ax`` (a new figure when None) and returns the Axes.
    Chinese labels use the first Chinese font found; without one a :class:`FontWarning` names
    the package to install."""
    plt = _matplotlib()
    chart = chart_data(batch, kind)
    family = chinese_font()
    if family is None:
        warnings.warn(FONT_ADVICE, FontWarning, stacklevel=2)
        font: dict[str, Any] = {}
    else:
        font = {"fontfamily": family}
    if ax is None:
        wide = kind == "heatmap" and len(chart.labels) > 8
        _, ax = plt.subplots(figsize=(10 if wide else 7, 4.5), layout="constrained")
    if kind == "heatmap":
        from matplotlib.colors import PowerNorm

        # a square-root scale, as in the page's SVG: one rule firing 50 times must not wash out the rest
        image = ax.imshow(chart.matrix or [[0]], cmap="Reds", aspect="auto", norm=PowerNorm(0.5))
        ax.set_xticks(range(len(chart.labels)), chart.labels, rotation=60, **font)
        ax.set_yticks(range(len(chart.rows)), chart.rows, **font)
        ax.figure.colorbar(image, ax=ax)
    elif kind == "rules":
        ax.barh(chart.labels[::-1], chart.values[::-1], color="#2e86c1")
    else:
        colours = ["#7f8c8d" if label in ("不可评价", "not assessable") else "#2e86c1" for label in chart.labels]
        ax.bar(chart.labels, chart.values, color=colours)
        for tick in ax.get_xticklabels():
            tick.set(**font)
    ax.set_title(chart.title + (f"（{chart.note}）" if chart.note else ""), **font)
    ax.set_xlabel(chart.x_label, **font)
    ax.set_ylabel(chart.y_label, **font)
    return ax


# -- inline SVG --------------------------------------------------------------------------------

SVG_FONT = ("PingFang SC, Hiragino Sans GB, Microsoft YaHei, Noto Sans CJK SC, Source Han Sans SC, "
            "WenQuanYi Micro Hei, sans-serif")


def svg(chart: Chart) -> str:
    """The chart as an inline ``<svg>`` element (bars with their counts, or a heatmap whose cells
    show theirs), each mark with a ``<title>`` tooltip."""
    if chart.kind == "heatmap":
        return _svg_heatmap(chart)
    return _svg_bars(chart, horizontal=chart.kind == "rules")


def _svg_open(width: int, height: int, chart: Chart) -> list[str]:
    esc = html.escape
    title = chart.title + (f"（{chart.note}）" if chart.note else "")
    return [
        f"<svg xmlns='http://www.w3.org/2000/svg' class='chart' data-chart='{chart.kind}' width='{width}' "
        f"height='{height}' viewBox='0 0 {width} {height}' role='img' aria-label='{esc(title)}' "
        f"font-family='{SVG_FONT}' font-size='12'>",
        f"<text x='{width / 2:g}' y='16' text-anchor='middle' font-size='14' font-weight='bold'>{esc(title)}</text>",
    ]


def _svg_bars(chart: Chart, horizontal: bool) -> str:
    esc = html.escape
    top = max(chart.values, default=0) or 1
    if horizontal:
        row = 18
        width, left, right = 520, 60, 50
        height = 40 + row * max(len(chart.labels), 1) + 20
        parts = _svg_open(width, height, chart)
        span = width - left - right
        for i, (label, value) in enumerate(zip(chart.labels, chart.values, strict=True)):
            y = 30 + i * row
            w = span * value / top
            parts.append(
                f"<g><title>{esc(label)}: {value:g}</title>"
                f"<text x='{left - 6}' y='{y + 12}' text-anchor='end'>{esc(label)}</text>"
                f"<rect x='{left}' y='{y + 2}' width='{w:.1f}' height='{row - 5}' fill='#2e86c1'/>"
                f"<text x='{left + w + 4:.1f}' y='{y + 12}'>{value:g}</text></g>"
            )
        parts.append(f"<text x='{left + span / 2:g}' y='{height - 4}' text-anchor='middle'>{esc(chart.x_label)}</text>")
        return "".join(parts) + "</svg>"
    column = 64
    width = max(60 + column * len(chart.labels) + 20, 260)
    height, base, span = 250, 200, 160
    parts = _svg_open(width, height, chart)
    parts.append(f"<line x1='50' y1='{base}' x2='{width - 10}' y2='{base}' stroke='#888'/>")
    for i, (label, value) in enumerate(zip(chart.labels, chart.values, strict=True)):
        x = 60 + i * column
        h = span * value / top
        colour = "#7f8c8d" if label in ("不可评价", "not assessable") else "#2e86c1"
        parts.append(
            f"<g><title>{esc(label)}: {value:g}</title>"
            f"<rect x='{x}' y='{base - h:.1f}' width='{column - 14}' height='{h:.1f}' fill='{colour}'/>"
            f"<text x='{x + (column - 14) / 2:g}' y='{base - h - 4:.1f}' text-anchor='middle'>{value:g}</text>"
            f"<text x='{x + (column - 14) / 2:g}' y='{base + 16}' text-anchor='middle'>{esc(label)}</text></g>"
        )
    parts.append(f"<text x='{width / 2:g}' y='{height - 8}' text-anchor='middle'>{esc(chart.x_label)}</text>")
    parts.append(f"<text x='14' y='{base - span / 2:g}' text-anchor='middle' "
                 f"transform='rotate(-90 14 {base - span / 2:g})'>{esc(chart.y_label)}</text>")
    return "".join(parts) + "</svg>"


def _svg_heatmap(chart: Chart) -> str:
    esc = html.escape
    cell = 26
    left = min(max((max((len(r) for r in chart.rows), default=4)) * 13, 80), 260)
    width = left + cell * max(len(chart.labels), 1) + 20
    height = 60 + cell * max(len(chart.rows), 1) + 20
    parts = _svg_open(width, height, chart)
    top = max((v for row in chart.matrix for v in row), default=0) or 1
    for j, code in enumerate(chart.labels):
        x = left + j * cell + cell / 2
        parts.append(f"<text x='{x:g}' y='44' text-anchor='middle' font-size='10'>{esc(code)}</text>")
    for i, department in enumerate(chart.rows):
        y = 50 + i * cell
        shown = department if len(department) <= 18 else department[:17] + "…"
        parts.append(f"<text x='{left - 6}' y='{y + cell / 2 + 4:g}' text-anchor='end'>{esc(shown)}</text>")
        for j, code in enumerate(chart.labels):
            value = chart.matrix[i][j]
            strength = math.sqrt(value / top) if value else 0
            fill = f"rgb(255,{int(255 - 180 * strength)},{int(255 - 200 * strength)})" if value else "#f7f7f7"
            parts.append(
                f"<g><title>{esc(department)} · {esc(code)}: {value}</title>"
                f"<rect x='{left + j * cell}' y='{y}' width='{cell - 2}' height='{cell - 2}' fill='{fill}'/>"
                + (f"<text x='{left + j * cell + (cell - 2) / 2:g}' y='{y + cell / 2 + 3:g}' text-anchor='middle' "
                   f"font-size='10'>{value}</text>" if value else "")
                + "</g>"
            )
    return "".join(parts) + "</svg>"


def svg_charts(batch: BatchResult) -> str:
    """Every chart of the batch as inline SVG, in :data:`KINDS` order."""
    return "".join(f"<figure>{svg(chart_data(batch, kind))}</figure>" for kind in KINDS)


__all__ = ["CJK_FAMILIES", "KINDS", "Chart", "FontWarning", "chart_data", "chinese_font", "plot", "svg", "svg_charts"]
