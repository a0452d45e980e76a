"""Re-layouts of a report the ways published text really looks (issue 11, DESIGN.md §1).

Each function takes a report's text and returns the same report laid out differently: what a
PDF-to-text conversion, a web page or a Word export does to it. None of them changes a figure, a
word or the order of the content; a reader sees the same report. A function that cannot apply
(a report with no table, no heading) returns the text unchanged. All are deterministic; the ones
where a choice helps take a ``seed``.

``TRANSFORMS`` names them all; ``compose`` applies several in the order a real pipeline would
(content first, then line flow, the 目录, tables, pages, and the web page or file around it).
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

Transform = Callable[[str], str]

CJK = "\u4e00-\u9fff"
# A heading line: its numbering and its title (outline styles of the genre).
HEADING = re.compile(
    r"^(?P<num>第[一二三四五六七八九十]+部分\s*|[一二三四五六七八九十]+、\s*|[（(][一二三四五六七八九十]+[）)]\s*|"
    r"[0-9０-９]+[、.．]\s*|[（(][0-9０-９]+[）)]\s*)(?P<title>\S.*)$"
)
# A tab-cell line of the Word text export; some exports put a space before the first TAB.
TAB_LINE = re.compile(r"^ ?\t")
SENTENCE_END = "。；;：:，,！!？?"
CLOSING_PUNCTUATION = "，。、；：？！）》」』”’%％,.;:?!)"


def display_width(text: str) -> int:
    """Columns the text takes in a fixed-width layout: East-Asian wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


# ---- the structure the transforms respect ------------------------------------------------------


@dataclass
class Region:
    """A run of lines: prose, or a tab-cell table (rows separated by blank lines)."""

    table: bool
    lines: list[str]


def regions(text: str) -> list[Region]:
    """Splits the text into prose and tab-cell table regions. A table region starts at a TAB line and
    holds the lines that continue its cells and the blank lines between its rows."""
    lines = text.split("\n")
    in_table = [False] * len(lines)
    for i, line in enumerate(lines):
        if TAB_LINE.match(line):
            in_table[i] = True
        elif line.strip() and i > 0 and in_table[i - 1] and lines[i - 1].strip():
            in_table[i] = True  # a line without a TAB continues the cell above it
    # Blank lines between two table lines separate rows of the same table.
    for i, line in enumerate(lines):
        if line.strip() or in_table[i]:
            continue
        before = next((j for j in range(i - 1, -1, -1) if lines[j].strip()), None)
        after = next((j for j in range(i + 1, len(lines)) if lines[j].strip()), None)
        if before is not None and after is not None and in_table[before] and in_table[after]:
            in_table[i] = True
    out: list[Region] = []
    for line, table in zip(lines, in_table, strict=True):
        if out and out[-1].table == table:
            out[-1].lines.append(line)
        else:
            out.append(Region(table, [line]))
    return out


def join_regions(parts: Iterable[Region]) -> str:
    return "\n".join(line for part in parts for line in part.lines)


def table_rows(lines: list[str]) -> list[list[list[str]]]:
    """The rows of a tab-cell table region: each row a list of cells, each cell its lines."""
    rows: list[list[list[str]]] = []
    row: list[list[str]] = []
    for line in lines:
        if not line.strip() and not TAB_LINE.match(line):
            if row:
                rows.append(row)
            row = []
        elif TAB_LINE.match(line):
            row.append([TAB_LINE.sub("", line, count=1).strip()])
        elif row:
            row[-1].append(line.strip())
    if row:
        rows.append(row)
    return rows


def map_prose(text: str, change: Callable[[str], str]) -> str:
    """Applies ``change`` to every prose line, leaving tab-cell tables alone."""
    parts = regions(text)
    for part in parts:
        if not part.table:
            part.lines = [change(line) for line in part.lines]
    return join_regions(parts)


def map_cells(text: str, change: Callable[[str], str]) -> str:
    """Applies ``change`` to the text of every cell of the tab-cell tables."""
    parts = regions(text)
    for part in parts:
        if part.table:
            part.lines = [
                m.group(1) + change(m.group(2)) if (m := re.match(r"^( ?\t)(.*)$", line)) else line
                for line in part.lines
            ]
    return join_regions(parts)


def title_index(lines: list[str]) -> int | None:
    """The line that carries the report's title: the first naming a 报告/表/总结/计划, else the first
    non-empty line."""
    non_empty = [i for i, line in enumerate(lines) if line.strip()]
    for i in non_empty[:6]:
        if re.search(r"(报告|表|总结|计划)\s*$", lines[i].strip()):
            return i
    return non_empty[0] if non_empty else None


def heading_level(numbering: str) -> int:
    """1 for 第一部分 and 一、, 2 for （一）, 3 for 1、 1. （1）."""
    if numbering.startswith("第") or numbering[0] in "一二三四五六七八九十":
        return 1
    if numbering[0] in "（(" and numbering[1] in "一二三四五六七八九十":
        return 2
    return 3


def heading_lines(text: str) -> list[tuple[int, int, str]]:
    """(line index, level, heading text) of the prose headings; run-in headings give the part
    before their first 。."""
    found = []
    index = 0
    for part in regions(text):
        for line in part.lines:
            stripped = line.strip()
            m = HEADING.match(stripped)
            if not part.table and m:
                level = heading_level(m.group("num"))
                head = stripped.split("。", 1)[0]
                if display_width(head) <= 60:
                    found.append((index, level, head))
            index += 1
    return found


# ---- numbers and units ----------------------------------------------------------------------------


def space_before_units(text: str) -> str:
    """``307.82万元`` → ``307.82 万元``, ``95%`` → ``95 %``, ``52人`` → ``52 人``, ``2021年`` → ``2021 年``:
    a space between a number and the unit or word after it, as PDF text from mixed fonts has."""
    return re.sub(rf"(?<=[0-9０-９])(?=[{CJK}%％])", " ", text)


def spaces_around_numbers(text: str) -> str:
    """Spaces on both sides of every number set in CJK text (``截至 2023 年 12 月 31 日``)."""
    text = space_before_units(text)
    return re.sub(rf"(?<=[{CJK}])(?=[0-9０-９])", " ", text)


def _with_separators(number: str) -> str:
    whole, dot, frac = number.partition(".")
    return f"{int(whole):,}{dot}{frac}"


def thousands_separators(text: str) -> str:
    """Money of 1000 or more written with thousands separators (``2940.05万元`` → ``2,940.05万元``),
    in prose and in table cells that hold only an amount with decimals."""
    text = re.sub(
        r"(?<![0-9.,])([0-9]{4,}(?:\.[0-9]+)?)(?=\s?(?:万元|亿元|元))",
        lambda m: _with_separators(m.group(1)),
        text,
    )
    return map_cells(
        text, lambda cell: _with_separators(cell) if re.fullmatch(r"[0-9]{4,}\.[0-9]+", cell) else cell
    )


FULL_WIDTH = str.maketrans("0123456789%", "０１２３４５６７８９％")


def fullwidth_digits(text: str) -> str:
    """Digits and % in prose written full-width (``２０２１年``, ``９５％``), as some Word documents are."""
    return map_prose(text, lambda line: line.translate(FULL_WIDTH))


ASCII_PUNCTUATION = str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "！": "!", "？": "?"})


def ascii_punctuation(text: str) -> str:
    """ASCII punctuation for full-width (，：；（）！？); 、 。 and quotes stay, as in most such documents."""
    return text.translate(ASCII_PUNCTUATION)


# ---- headings and labels ------------------------------------------------------------------------


def _spaced(word: str) -> str:
    return " ".join(word)


def letter_spaced_labels(text: str) -> str:
    """Short headings and table labels letter-spaced as PDF text of justified or centred titles is
    (``本年收入合计`` → ``本 年 收 入 合 计``): the title of a heading, and a table cell, of two to six
    CJK characters."""

    def heading(line: str) -> str:
        m = HEADING.match(line)
        if m and re.fullmatch(rf"[{CJK}]{{2,6}}", m.group("title")):
            return m.group("num") + _spaced(m.group("title"))
        return line

    text = map_prose(text, heading)
    return map_cells(text, lambda cell: _spaced(cell) if re.fullmatch(rf"[{CJK}]{{2,6}}", cell) else cell)


def headings_end_with_period(text: str) -> str:
    """Every heading line that ends without punctuation ends with 。 (``（一）部门职能。``)."""

    def change(line: str) -> str:
        m = HEADING.match(line)
        if m and display_width(line) <= 60 and line.rstrip()[-1] not in SENTENCE_END + "。）)":
            return line.rstrip() + "。"
        return line

    return map_prose(text, change)


def run_in_headings(text: str) -> str:
    """Second-level headings run into their paragraph (``（一）部门职能。本局主要职责是……``)."""
    lines = text.split("\n")
    table_line = {i for i, part_line in enumerate(_table_flags(text)) if part_line}
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        m = HEADING.match(line)
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if (
            m
            and i not in table_line
            and i + 1 not in table_line
            and m.group("num")[0] in "（("
            and line.rstrip()[-1] not in SENTENCE_END + "。"
            and nxt.strip()
            and not HEADING.match(nxt)
        ):
            out.append(line.rstrip() + "。" + nxt.strip())
            i += 2
            continue
        out.append(line)
        i += 1
    return "\n".join(out)


def _table_flags(text: str) -> list[bool]:
    return [part.table for part in regions(text) for _ in part.lines]


# ---- tables ----------------------------------------------------------------------------------------


def _wrap_cell(text: str, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for ch in text:
        if current and display_width(current + ch) > width and ch not in CLOSING_PUNCTUATION:
            lines.append(current)
            current = ""
        current += ch
    return [*lines, current] if current or not lines else lines


def _layout_table(rows: list[list[list[str]]], max_width: int) -> list[str]:
    n_cols = max(len(row) for row in rows)
    widths = [0] * n_cols
    for row in rows:
        if len(row) == 1:
            continue  # a cell spanning the table (a title, 填报单位) sets no column's width
        for j, cell in enumerate(row):
            widths[j] = max(widths[j], *(min(max_width, display_width(line)) for line in cell))
    out: list[str] = []
    for row in rows:
        if len(row) == 1:
            out.extend(row[0])
            continue
        wrapped = [[piece for line in cell for piece in _wrap_cell(line, widths[j])] for j, cell in enumerate(row)]
        height = max(len(cell) for cell in wrapped)
        for k in range(height):
            parts = [pad(cell[k] if k < len(cell) else "", widths[j]) for j, cell in enumerate(wrapped)]
            out.append("  ".join(parts).rstrip())
    return out


def tables_as_columns(text: str, *, max_cell_width: int = 30) -> str:
    """Tab-cell tables rewritten as columns aligned with spaces, as ``pdftotext -layout`` writes a
    table: columns padded to the widest cell (display widths), at least two spaces between them,
    long cells wrapped inside their column, empty cells left blank."""
    parts = regions(text)
    for part in parts:
        if part.table and (rows := table_rows(part.lines)):
            part.lines = _layout_table(rows, max_cell_width)
    return join_regions(parts)


def tables_as_cell_lines(text: str) -> str:
    """Tab-cell tables rewritten one cell per line (no TABs), empty cells dropped, a blank line
    between rows: a table copied out of a PDF viewer or a web page."""
    parts = regions(text)
    for part in parts:
        if part.table and (rows := table_rows(part.lines)):
            lines: list[str] = []
            for row in rows:
                cells = [line for cell in row for line in cell if line]
                if cells:
                    if lines:
                        lines.append("")
                    lines.extend(cells)
            part.lines = lines
    return join_regions(parts)


# ---- line flow ------------------------------------------------------------------------------------


def _joined(lines: Iterable[str]) -> str:
    out = ""
    for line in lines:
        piece = line.strip()
        if not piece:
            continue
        if out and out[-1].isascii() and out[-1].isalnum() and piece[0].isascii() and piece[0].isalnum():
            out += " "
        out += piece
    return out


def one_line(text: str) -> str:
    """The body flowed into one line after the title, as text copied from a web page can be; each
    stretch of prose between tables becomes one line."""
    lines = text.split("\n")
    title = title_index(lines)
    if title is None:
        return text
    head, body = lines[: title + 1], "\n".join(lines[title + 1 :])
    parts = regions(body)
    out = list(head)
    for part in parts:
        if part.table or not any(line.strip() for line in part.lines):
            out.extend(part.lines)  # tables, and the blank lines that separate their rows, stay
        else:
            out.append(_joined(part.lines))
    return "\n".join(out)


def _break_at(line: str, width: int) -> int:
    """Where a line wider than ``width`` breaks: before the character that overflows, never inside a
    run of printable ASCII (a figure, ``***``, stays whole, as in Latin line breaking), never before
    closing punctuation."""
    used = 0
    for i, ch in enumerate(line):
        used += display_width(ch)
        if used > width and i > 0:
            cut = i
            while cut < len(line) and line[cut] in CLOSING_PUNCTUATION:
                cut += 1
            while 0 < cut < len(line) and re.match(r"[!-~]", line[cut]) and re.match(r"[!-~]", line[cut - 1]):
                cut -= 1
            return cut if cut > 0 else i
    return len(line)


def hard_wrap(text: str, *, width: int = 76) -> str:
    """Prose lines wrapped at ``width`` display columns (38 CJK characters), as the text of a PDF is:
    a paragraph becomes several lines, and a figure can end one line with its unit on the next."""

    def wrap(line: str) -> str:
        pieces = []
        rest = line
        while display_width(rest) > width:
            cut = _break_at(rest, width)
            if cut >= len(rest):
                break
            pieces.append(rest[:cut].rstrip())
            rest = rest[cut:]
        return "\n".join([*pieces, rest])

    return map_prose(text, wrap)


# ---- pages ------------------------------------------------------------------------------------------


def _footer(page: int, pages: int, style: str) -> str:
    if style == "of":
        return " " * 30 + f"第 {page} 页 共 {pages} 页"
    return " " * 34 + f"— {page} —"


def page_furniture(text: str, *, lines_per_page: int = 12, style: str = "dash", running_header: bool = True) -> str:
    """Pages as ``pdftotext -layout`` gives them: a page number footer on every page (``— 3 —`` or,
    with ``style="of"``, ``第 3 页 共 12 页``), a form feed starting each new page and a running header
    repeating the report's title. Pages break about every ``lines_per_page`` lines (short, so that the
    short reports of the tests get several pages), never inside a table."""
    lines = text.split("\n")
    title = title_index(lines)
    header = lines[title].strip() if title is not None and running_header else ""
    flags = _table_flags(text)
    breaks: list[int] = []
    since = 0
    for i in range(1, len(lines)):
        since += 1
        if since >= lines_per_page and not flags[i] and not flags[i - 1]:
            breaks.append(i)
            since = 0
    pages = len(breaks) + 1
    out: list[str] = []
    page = 1
    for i, line in enumerate(lines):
        if i in breaks:
            out.extend(["", _footer(page, pages, style)])
            page += 1
            out.append("\f" + (" " * 20 + header if header else ""))
            if header:
                out.append("")
        out.append(line)
    while out and not out[-1]:
        out.pop()
    out.extend(["", _footer(page, pages, style), "\f"])
    return "\n".join(out)


def page_numbers_of(text: str) -> str:
    """Page furniture with ``第 3 页 共 12 页`` footers and no running header."""
    return page_furniture(text, style="of", running_header=False, lines_per_page=9)


def table_of_contents(text: str, *, seed: int = 0) -> str:
    """A 目录 built from the report's own headings (two levels), with dot leaders and page numbers,
    put after the title as a PDF's second page has it."""
    found = [(i, level, head) for i, level, head in heading_lines(text) if level <= 2]
    if not found:
        return text
    lines = text.split("\n")
    title = title_index(lines)
    if title is None:
        return text
    leader = random.Random(seed).choice(["…", ".", "·"])
    entries = []
    for i, level, head in found:
        page = 2 + i // 12
        indent = "  " * (level - 1)
        fill = max(4, 64 - display_width(indent + head) - len(str(page)))
        fill_text = leader * (fill // display_width(leader))
        entries.append(f"{indent}{head}{fill_text}{page}")
    toc = ["", "目  录", "", *entries, ""]
    return "\n".join([*lines[: title + 1], *toc, *lines[title + 1 :]])


# ---- the page or file around the report ---------------------------------------------------------


def web_chrome(text: str, *, seed: int = 0) -> str:
    """The report as copied from a government web page: a breadcrumb, the page's title, 发布时间 /
    来源 / 浏览次数 and 索引号 before it; 打印本页 / 关闭窗口 and a share line after it."""
    rng = random.Random(seed)
    lines = text.split("\n")
    title = title_index(lines)
    page_title = lines[title].strip() if title is not None else ""
    published = f"20{rng.randint(19, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    before = [
        "首页 > 政务公开 > 财政资金 > 预决算公开",
        "",
        f"索引号：{rng.randint(100000, 999999)}-{rng.randint(10, 99)}-{published[:4]}-{rng.randint(1, 999):04d}"
        "      分类：财政预决算",
        f"发布机构：{rng.choice(['本级财政部门', '区人民政府办公室', '县财政局'])}      "
        f"发文日期：{published}",
        "",
        page_title,
        f"发布时间：{published} {rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}    "
        f"来源：{rng.choice(['本站', '县财政局', '区政府办'])}    浏览次数：{rng.randint(30, 5000)}",
        "【字体：大 中 小】",
        "",
    ]
    after = ["", "【打印本页】【关闭窗口】", "扫一扫在手机打开当前页"]
    return "\n".join([*before, *lines, *after])


def docx_properties(text: str) -> str:
    """Document properties of the .docx leaked before the title, as some converters write them."""
    before = [
        "---",
        "title: 新建 Microsoft Word 文档",
        "author: Administrator",
        "lastModifiedBy: DELL",
        "created: 2022-03-10T02:15:00Z",
        "modified: 2022-03-11T01:02:00Z",
        "template: Normal.dotm",
        "---",
        "",
    ]
    return "\n".join([*before, text])


# ---- composition -----------------------------------------------------------------------------------

# Name → transform, in the order ``compose`` applies them: content, line flow, 目录, tables, pages,
# wrapper. Prose flows and wraps while the tab-cell tables are still marked as tables (a web page flows
# its paragraphs, not its table cells; pdftotext wraps paragraphs, not table rows).
TRANSFORMS: dict[str, Transform] = {
    "space_before_units": space_before_units,
    "spaces_around_numbers": spaces_around_numbers,
    "thousands_separators": thousands_separators,
    "fullwidth_digits": fullwidth_digits,
    "ascii_punctuation": ascii_punctuation,
    "letter_spaced_labels": letter_spaced_labels,
    "headings_end_with_period": headings_end_with_period,
    "run_in_headings": run_in_headings,
    "one_line": one_line,
    "hard_wrap": hard_wrap,
    "table_of_contents": table_of_contents,
    "tables_as_columns": tables_as_columns,
    "tables_as_cell_lines": tables_as_cell_lines,
    "page_furniture": page_furniture,
    "page_numbers_of": page_numbers_of,
    "docx_properties": docx_properties,
    "web_chrome": web_chrome,
}

# The transforms that add furniture the report did not have (pages, chrome, properties, 目录).
FURNITURE = frozenset({"table_of_contents", "page_furniture", "page_numbers_of", "docx_properties", "web_chrome"})

# Realistic combinations: a PDF converted with pdftotext -layout, a web page, a Word export.
COMBINATIONS: dict[str, tuple[str, ...]] = {
    "pdf": (
        "spaces_around_numbers",
        "thousands_separators",
        "letter_spaced_labels",
        "tables_as_columns",
        "hard_wrap",
        "table_of_contents",
        "page_furniture",
    ),
    "web": ("ascii_punctuation", "run_in_headings", "tables_as_cell_lines", "one_line", "web_chrome"),
    "word": ("fullwidth_digits", "headings_end_with_period", "docx_properties"),
}


def compose(names: Iterable[str]) -> Transform:
    """The named transforms applied one after the other in ``TRANSFORMS`` order."""
    chosen = set(names)
    unknown = chosen - TRANSFORMS.keys()
    if unknown:
        raise KeyError(f"unknown transforms: {sorted(unknown)}")
    steps = [fn for name, fn in TRANSFORMS.items() if name in chosen]

    def apply(text: str) -> str:
        for step in steps:
            text = step(text)
        return text

    return apply
