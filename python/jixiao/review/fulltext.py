"""A report's full text and tables with every finding highlighted in place and listed beside it.

    html = render_fulltext(doc, result.diagnostics, lang="zh")

Pure: it reads the document and the findings and returns an HTML fragment, every piece of the
document's text escaped. The review desk and the static HTML export both show it; a page that
embeds one or more fragments includes :data:`FULLTEXT_STYLE` and :data:`FULLTEXT_SCRIPT` once
(the script links a finding and its highlight both ways, offline, without libraries).

Findings locate themselves by line and column in the decoded text (DESIGN.md §3), so the text
is rendered line by line: each block (title, heading, paragraph, table) over the lines its span
covers, tables as tables. A finding whose place cannot be shown in a table cell highlights the
whole cell; one without a place (line 0) is listed and not highlighted.
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from jixiao.checking import highlight_html, place

SEVERITY_LABELS = {
    "zh": {"error": "错误", "warning": "警告", "info": "提示"},
    "en": {"error": "error", "warning": "warning", "info": "info"},
}
SEVERITY_ORDER = ("error", "warning", "info")

_WORDS = {
    "zh": {
        "findings": "问题（{n}）", "none": "未发现问题", "no_text": "全文不可用：只列出各问题所在的原文。",
        "page": "第 {n} 页", "sheet": "工作表 {name}", "empty": "（空）", "suggestion": "建议：{text}",
        "see_also": "另见", "nowhere": "全文", "table": "表 {n}",
    },
    "en": {
        "findings": "Findings ({n})", "none": "No findings", "no_text": "The full text is not available: each "
        "finding is shown with its excerpt.", "page": "page {n}", "sheet": "sheet {name}", "empty": "(empty)",
        "suggestion": "Suggestion: {text}", "see_also": "See also", "nowhere": "whole document", "table": "table {n}",
    },
}


def severity_label(severity: str, lang: str = "zh") -> str:
    """The severity as a word (错误/警告/提示, or error/warning/info): never colour alone."""
    return SEVERITY_LABELS.get(lang, SEVERITY_LABELS["zh"]).get(severity, severity)


def rule_titles(lang: str = "zh") -> dict[str, str]:
    """Each rule's code → its short description in ``lang`` (the catalog's summary, built-in and registered)."""
    from jixiao.checking import rules

    titles = {}
    for info in rules():
        summary = info.summary
        titles[info.code] = summary.get(lang) or summary.get("zh") or info.name
    return titles


@dataclass
class _Highlight:
    """Where one finding shows on one line: columns [start, end) (1-based; start == end for a point)."""

    finding: int
    start: int
    end: int


@dataclass
class _Lines:
    """The document's lines and, per line, the highlights on it."""

    text: list[str]
    marks: dict[int, list[_Highlight]] = field(default_factory=dict)
    severities: dict[int, str] = field(default_factory=dict)
    shown: set[int] = field(default_factory=set)  # findings that got a highlight


def _severity_rank(severity: str) -> int:
    return SEVERITY_ORDER.index(severity) if severity in SEVERITY_ORDER else len(SEVERITY_ORDER)


class _Renderer:
    def __init__(self, doc: Any, diagnostics: Sequence[Any], lang: str, prefix: str) -> None:
        self.doc = doc
        self.lang = lang
        self.prefix = prefix
        self.words = _WORDS.get(lang, _WORDS["zh"])
        self.lines = _Lines(text=str(doc.text).split("\n"))
        self.unplaced: dict[int, str] = {}  # findings that fell between a table's cells → the table's id
        for index, d in enumerate(diagnostics):
            self.lines.severities[index] = d.severity
            if d.line <= 0:
                continue
            last = max(d.end_line, d.line)
            for line in range(d.line, last + 1):
                start = d.column if line == d.line else 1
                end = d.end_column if line == last and d.end_line >= d.line else len(self._line(line)) + 1
                if line == d.line and line == last:
                    end = max(end, start)
                elif end <= start:
                    continue  # an empty stretch of a finding over several lines shows nothing
                self.lines.marks.setdefault(line, []).append(_Highlight(index, start, end))

    def _line(self, number: int) -> str:
        return self.lines.text[number - 1] if 0 < number <= len(self.lines.text) else ""

    def anchor(self, finding: int) -> str:
        return f"{self.prefix}-h{finding}"

    # -- text with marks ---------------------------------------------------------------------
    def _mark(self, findings: list[int], body: str) -> str:
        worst = min((self.lines.severities[i] for i in findings), key=_severity_rank)
        anchors = ""
        for i in findings:
            if i not in self.lines.shown:
                self.lines.shown.add(i)
                anchors += f"<span class='jx-anchor' id='{self.anchor(i)}'></span>"
        ids = " ".join(str(i) for i in findings)
        return f"{anchors}<mark class='jx-hl jx-sev-{worst}' data-findings='{ids}'>{body}</mark>"

    def segment(self, line: int, start: int, end: int) -> str:
        """Columns [start, end) of a line, escaped, with the findings on it marked."""
        text = self._line(line)
        line_end = len(text) + 1

        def point_here(m: _Highlight) -> bool:
            at_end = m.start == end and (end == line_end or start == end)
            return m.start == m.end and (start <= m.start < end or at_end)

        marks = [m for m in self.lines.marks.get(line, []) if (m.start < end and m.end > start) or point_here(m)]
        if not marks:
            return html.escape(text[start - 1 : end - 1])
        cuts = sorted({start, end} | {max(start, min(end, c)) for m in marks for c in (m.start, m.end)})
        out = []
        for a, b in zip(cuts, [*cuts[1:], None], strict=True):
            points = [m.finding for m in marks if m.start == m.end == a]
            if points:  # a finding with no extent (an empty cell): a visible placeholder
                out.append(self._mark(points, f"<span class='jx-empty'>{self.words['empty']}</span>"))
            if b is None:
                break
            covering = [m.finding for m in marks if m.start <= a and m.end >= b and m.start < m.end]
            piece = html.escape(text[a - 1 : b - 1])
            out.append(self._mark(covering, piece) if covering else piece)
        return "".join(out)

    def lines_html(self, first: int, last: int) -> str:
        return "<br>".join(self.segment(n, 1, len(self._line(n)) + 1) for n in range(first, last + 1))

    # -- tables ------------------------------------------------------------------------------
    def _source(self, span: Any) -> str:
        if span.line <= 0:
            return ""
        if span.line == span.end_line:
            return self._line(span.line)[span.column - 1 : span.end_column - 1]
        parts = [self._line(span.line)[span.column - 1 :]]
        parts += [self._line(n) for n in range(span.line + 1, span.end_line)]
        parts.append(self._line(span.end_line)[: span.end_column - 1])
        return "\n".join(parts)

    def cell_html(self, cell: Any) -> str:
        span = cell.span
        if span.line > 0 and not cell.merged and self._source(span) == cell.text:
            pieces = []
            for n in range(span.line, span.end_line + 1):
                start = span.column if n == span.line else 1
                end = span.end_column if n == span.end_line else len(self._line(n)) + 1
                pieces.append(self.segment(n, start, end))
            return "<br>".join(pieces)
        # The cell's text is not its source as written (joined, merged): the whole cell is marked.
        body = html.escape(cell.text).replace("\n", "<br>")
        hits = [] if cell.merged or span.line <= 0 else self._findings_within(span)
        return self._mark(hits, body or f"<span class='jx-empty'>{self.words['empty']}</span>") if hits else body

    def _findings_within(self, span: Any) -> list[int]:
        hits = []
        for line in range(span.line, span.end_line + 1):
            for m in self.lines.marks.get(line, []):
                before_end = line < span.end_line or m.start < span.end_column or m.start == span.end_column == m.end
                after_start = line > span.line or m.end > span.column or m.start == span.column
                if before_end and after_start and m.finding not in hits:
                    hits.append(m.finding)
        return hits

    def table_html(self, table: Any) -> str:
        rows = []
        for row in table.cells:
            cells = "".join(
                f"<td{' class=jx-merged' if cell.merged else ''}>{self.cell_html(cell)}</td>" for cell in row
            )
            rows.append(f"<tr>{cells}</tr>")
        caption = html.escape(self.words["table"].format(n=table.index + 1))
        return f"<table class='jx-table'><caption>{caption}</caption><tbody>{''.join(rows)}</tbody></table>"

    # -- the document --------------------------------------------------------------------------
    def body(self) -> str:
        out: list[str] = []
        emitted: set[int] = set()
        page = sheet = None
        tables = list(self.doc.tables)
        for block in self.doc.blocks:
            span = block.span
            lines = [n for n in range(span.line, span.end_line + 1) if n not in emitted] if span.line > 0 else []
            if not lines:
                continue
            if block.page and block.page != page:
                page = block.page
                out.append(f"<div class='jx-page'>{html.escape(self.words['page'].format(n=page))}</div>")
            if block.sheet and block.sheet != sheet:
                sheet = block.sheet
                out.append(f"<div class='jx-sheet'>{html.escape(self.words['sheet'].format(name=sheet))}</div>")
            out.extend(self._gap(emitted, lines[0]))
            emitted.update(lines)
            attrs = f"id='{self.prefix}-L{lines[0]}' data-lines='{lines[0]}-{lines[-1]}'"
            if block.kind == "table" and 0 <= block.table < len(tables):
                out.append(f"<div class='jx-block jx-tablewrap' {attrs}>{self.table_html(tables[block.table])}</div>")
                self._unshown_in(lines)
            else:
                tag = "h2" if block.kind == "title" else "h3" if block.kind == "heading" else "p"
                kind = html.escape(block.kind)
                out.append(f"<{tag} class='jx-block jx-{kind}' {attrs}>{self.lines_html(lines[0], lines[-1])}</{tag}>")
        out.extend(self._gap(emitted, len(self.lines.text) + 1))
        return "".join(out)

    def _gap(self, emitted: set[int], before: int) -> list[str]:
        """Lines before ``before`` no block covers (page furniture, stray text), shown dimmed when not blank."""
        out = []
        for n in range(1, before):
            if n in emitted:
                continue
            emitted.add(n)
            if self._line(n).strip() or n in self.lines.marks:
                out.append(f"<p class='jx-block jx-other' id='{self.prefix}-L{n}' data-lines='{n}-{n}'>"
                           f"{self.lines_html(n, n)}</p>")
        return out

    def _unshown_in(self, lines: list[int]) -> None:
        """Findings on a table's lines that fell between its cells still point at the table."""
        for n in lines:
            for m in self.lines.marks.get(n, []):
                if m.finding not in self.lines.shown:
                    self.unplaced.setdefault(m.finding, f"{self.prefix}-L{lines[0]}")


def _finding_item(
    index: int,
    d: Any,
    *,
    lang: str,
    prefix: str,
    titles: dict[str, str],
    target: str | None,
    with_excerpt: bool,
    extra: str,
    state: str,
) -> str:
    esc = html.escape
    words = _WORDS.get(lang, _WORDS["zh"])
    where = place(d, lang) if d.line > 0 or d.sheet else words["nowhere"]
    title = titles.get(d.code, d.rule)
    head = (
        f"<span class='jx-sev jx-sev-{esc(d.severity)}'>{esc(severity_label(d.severity, lang))}</span> "
        f"<code class='jx-code'>{esc(d.code)}</code> <span class='jx-rule' title='{esc(d.rule)}'>{esc(title)}</span>"
    )
    link = f"<a class='jx-goto' href='#{target}'>{head}</a>" if target else f"<span class='jx-goto'>{head}</span>"
    parts = [
        f"<li class='jx-finding jx-sev-{esc(d.severity)}{' jx-state-' + esc(state) if state else ''}' "
        f"id='{prefix}-f{index}' data-finding='{index}' tabindex='0'>",
        link,
        f"<div class='jx-where'>{esc(where)}</div>",
        f"<div class='jx-message'>{esc(d.message)}</div>",
    ]
    if with_excerpt and d.excerpt:
        parts.append(f"<div class='jx-excerpt'>{highlight_html(d.excerpt, d.excerpt_start, d.excerpt_end)}</div>")
    if d.suggestion:
        parts.append(f"<div class='jx-suggestion'>{esc(words['suggestion'].format(text=d.suggestion))}</div>")
    # A cross-document finding's other places (L101–L105): the other file, where, and what stands there.
    for r in getattr(d, "related", ()):
        parts.append(
            f"<div class='jx-related'>{esc(words['see_also'])} {esc(os.path.basename(r.path))}:{r.line}"
            f"{'：' if lang != 'en' else ': '}{esc(r.message)}"
            + (f"<div class='jx-excerpt'>{highlight_html(r.excerpt, r.excerpt_start, r.excerpt_end)}</div>"
               if r.excerpt else "")
            + "</div>"
        )
    parts.append(extra)
    parts.append("</li>")
    return "".join(parts)


def render_fulltext(
    source: Any,
    diagnostics: Iterable[Any],
    *,
    lang: str = "zh",
    id_prefix: str = "jx",
    finding_extra: Callable[[int, Any], str] | None = None,
    states: Sequence[str] | None = None,
) -> str:
    """The report's text and tables with each finding highlighted, and the findings listed beside it.

    ``source`` is a :class:`jixiao.Document`, or anything with a ``.document`` (a batch's
    :class:`jixiao.FileResult`); without a document's text (a batch run without
    ``keep_documents=True``, an unreadable file, ``None``) the findings are listed with their
    excerpts. ``diagnostics`` are that report's findings. ``lang`` picks the words around them
    (``"zh"`` or ``"en"``; the messages are as the findings carry them). ``id_prefix`` keeps the
    element ids of several fragments on one page apart. ``finding_extra(index, diagnostic)``
    returns HTML (already escaped by the caller) appended to a finding's entry, e.g. the review
    desk's decision buttons; ``states[index]`` adds a ``jx-state-<state>`` class to that entry.

    Finding ``i`` is the list entry ``#<prefix>-f<i>`` and the highlight after ``#<prefix>-h<i>``;
    every ``<mark>`` names the findings it shows in ``data-findings``.
    """
    findings = list(diagnostics)
    doc = getattr(source, "document", source)
    text = getattr(doc, "text", "") if doc is not None else ""
    titles = rule_titles(lang)
    words = _WORDS.get(lang, _WORDS["zh"])
    prefix = html.escape(id_prefix)
    if text:
        renderer = _Renderer(doc, findings, lang, prefix)
        body = renderer.body()
        unplaced = renderer.unplaced
        anchors = {index: renderer.anchor(index) for index in renderer.lines.shown}
        text_html = f"<div class='jx-text' lang='zh-CN'>{body}</div>"
    else:
        unplaced, anchors = {}, {}
        text_html = f"<div class='jx-text jx-no-text'><p>{html.escape(words['no_text'])}</p></div>"
    items = []
    for index, d in enumerate(findings):
        target = anchors.get(index) or unplaced.get(index)
        items.append(_finding_item(
            index, d, lang=lang, prefix=prefix, titles=titles, target=target, with_excerpt=not text,
            extra=finding_extra(index, d) if finding_extra else "",
            state=states[index] if states is not None and index < len(states) else "",
        ))
    listing = (
        f"<ol class='jx-findings'>{''.join(items)}</ol>" if items
        else f"<p class='jx-findings jx-none'>{html.escape(words['none'])}</p>"
    )
    heading = f"<h3 class='jx-findings-title'>{html.escape(words['findings'].format(n=len(findings)))}</h3>"
    return (
        f"<div class='jx-fulltext' data-jx-fulltext='{prefix}'>{text_html}"
        f"<aside class='jx-side'>{heading}{listing}</aside></div>"
    )


# Fonts that carry Chinese on Windows, macOS and Linux, in that spirit of order.
CJK_FONT_STACK = ('"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", '
                  '"Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif')

FULLTEXT_STYLE = ".jx-fulltext { font-family: " + CJK_FONT_STACK + "; }" + """
.jx-fulltext { display: grid; grid-template-columns: minmax(0, 3fr) minmax(18em, 2fr); gap: 1.5em; }
.jx-text { line-height: 1.8; }
.jx-text h2 { font-size: 1.3em; } .jx-text h3 { font-size: 1.05em; margin: 1em 0 .3em; }
.jx-text p { margin: .3em 0; } .jx-other { color: #777; }
.jx-page, .jx-sheet { color: #777; font-size: .85em; border-top: 1px dashed #bbb; margin-top: 1em; }
.jx-table { border-collapse: collapse; margin: .5em 0; }
.jx-table caption { text-align: left; color: #777; font-size: .85em; }
.jx-table td { border: 1px solid #ccc; padding: .2em .4em; vertical-align: top; }
.jx-table td.jx-merged { color: #aaa; }  /* the continuation of a merged cell repeats its text */
mark.jx-hl { cursor: pointer; padding: 0 .1em; border-bottom: 2px solid; }
mark.jx-sev-error { background: #f9d6d2; border-color: #c0392b; }
mark.jx-sev-warning { background: #fdebd0; border-color: #d68910; }
mark.jx-sev-info { background: #d6eaf8; border-color: #2874a6; }
mark.jx-hl.jx-active { outline: 3px solid #222; background: #ffe066; }
.jx-empty { color: #777; font-size: .85em; }
.jx-side { position: sticky; top: 0; max-height: 100vh; overflow-y: auto; align-self: start; }
.jx-findings { padding-left: 1.5em; }
.jx-finding { margin: 0 0 .8em; padding: .3em .5em; border-left: 4px solid #ccc; cursor: pointer; }
.jx-finding.jx-sev-error { border-color: #c0392b; } .jx-finding.jx-sev-warning { border-color: #d68910; }
.jx-finding.jx-sev-info { border-color: #2874a6; }
.jx-finding.jx-active { background: #fff7d6; }
.jx-finding:focus-visible { outline: 2px solid #1f3a5f; }
.jx-goto { color: inherit; text-decoration: none; }
.jx-sev { font-weight: bold; } .jx-sev.jx-sev-error { color: #a93226; }
.jx-sev.jx-sev-warning { color: #9c640c; } .jx-sev.jx-sev-info { color: #1f618d; }
.jx-where, .jx-excerpt { color: #555; font-size: .9em; }
"""

# Links findings and highlights both ways in every fragment on the page: clicking a finding
# scrolls to its highlight and marks both active; clicking a highlight does the reverse.
FULLTEXT_SCRIPT = """
(function () {
  function activate(root, index, scrollTo) {
    root.querySelectorAll('.jx-active').forEach(function (el) { el.classList.remove('jx-active'); });
    var marks = root.querySelectorAll('mark[data-findings~="' + index + '"]');
    marks.forEach(function (el) { el.classList.add('jx-active'); });
    var item = root.querySelector('.jx-finding[data-finding="' + index + '"]');
    if (item) item.classList.add('jx-active');
    var target = scrollTo === 'item' ? item : (marks[0] || null);
    if (!target && scrollTo !== 'item' && item) {
      var link = item.querySelector('a.jx-goto');
      var id = link && link.getAttribute('href').slice(1);
      target = id ? document.getElementById(id) : null;
    }
    if (target) target.scrollIntoView({block: 'center'});
    return item;
  }
  document.addEventListener('click', function (event) {
    var root = event.target.closest && event.target.closest('[data-jx-fulltext]');
    if (!root) return;
    var mark = event.target.closest('mark[data-findings]');
    if (mark) {
      activate(root, mark.getAttribute('data-findings').split(' ')[0], 'item');
      return;
    }
    var item = event.target.closest('.jx-finding');
    if (item && !event.target.closest('button, input, textarea, select, label')) {
      event.preventDefault();
      activate(root, item.getAttribute('data-finding'), 'mark');
    }
  });
  document.addEventListener('keydown', function (event) {
    var item = event.target;
    if ((event.key !== 'Enter' && event.key !== ' ') || !item.matches || !item.matches('.jx-finding')) return;
    var root = item.closest('[data-jx-fulltext]');
    if (!root) return;
    event.preventDefault();
    activate(root, item.getAttribute('data-finding'), 'mark');
  });
  window.jxActivateFinding = activate;
})();
"""

__all__ = [
    "CJK_FONT_STACK",
    "FULLTEXT_SCRIPT",
    "FULLTEXT_STYLE",
    "SEVERITY_LABELS",
    "render_fulltext",
    "rule_titles",
    "severity_label",
]
