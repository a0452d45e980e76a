"""PDFs drawn with reportlab for the PDF tests and benchmark, each with the text it should read as.

The 项目支出绩效自评表 here is written twice from one description: as a PDF (the built-in CJK
font STSong-Light, a running header and footer, a paragraph that crosses a page break, a ruled
table with merged cells) and as the tab-cell text Word's export writes (merged cells as empty
cells), so the two can be compared finding for finding.
"""

from __future__ import annotations

import io
import zlib
from pathlib import Path

FONT = "STSong-Light"

TITLE = "2023年度义务教育学校校舍维修改造项目支出绩效自评表"
HEADER = "某县教育局  2023年度项目支出绩效自评"

# (heading, paragraphs) of the part before the table. The last paragraph is long enough to
# cross from the first page to the second.
SECTIONS: list[tuple[str, list[str]]] = [
    (
        "一、项目基本情况",
        [
            "义务教育学校校舍维修改造项目由某县教育局组织实施，资金来源为县级财政拨款，用于全县义务教育"
            "学校校舍的维修、加固和改造，消除校舍安全隐患，改善学校办学条件。",
            "项目实施期为2023年1月至2023年12月，涉及全县12所义务教育学校，主要内容包括屋面防水、"
            "门窗更换、墙面修缮、给排水管网改造和消防设施更新。",
        ],
    ),
    (
        "二、项目实施情况",
        [
            "县教育局成立了项目工作专班，制定了项目实施方案和资金管理办法，明确了各学校的维修内容、"
            "工期要求和质量标准。" * 6,
            "项目实行公开招标，由具有相应资质的施工单位承建，聘请监理单位全过程监督，县教育局会同"
            "县财政局、县住建局开展了竣工验收。施工期间各学校合理安排教学活动，保证了正常教学秩序，"
            "未发生安全责任事故。工程资料齐全，验收程序规范，资金拨付按照合同约定和工程进度执行，"
            "严格执行国库集中支付制度，未发现截留、挤占和挪用项目资金的情况。" * 5,
        ],
    ),
    ("三、绩效自评表", []),
]

# The table: 9 columns; "<" is covered by the cell to its left, "^" by the cell above.
ROWS: list[list[str]] = [
    ["项目名称", "义务教育学校校舍维修改造项目", "<", "<", "<", "<", "<", "<", "<"],
    ["主管部门", "某县教育局", "<", "<", "实施单位", "某县教育局", "<", "<", "<"],
    ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", ""],
    ["^", "年度资金总额", "500", "520", "494", "10", "95%", "9.5", ""],
    ["^", "其中：当年财政拨款", "500", "520", "494", "—", "—", "—", ""],
    ["^", "上年结转资金", "0", "0", "0", "—", "—", "—", ""],
    ["年度总体目标", "预期目标", "<", "<", "实际完成情况", "<", "<", "<", "<"],
    [
        "^",
        "完成12所义务教育学校校舍维修改造，消除校舍安全隐患，改善办学条件。",
        "<",
        "<",
        "完成11所学校校舍维修改造，1所因设计变更顺延至2024年春季开学前完工。",
        "<",
        "<",
        "<",
        "<",
    ],
    [
        "绩效指标",
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ],
    [
        "^",
        "产出指标",
        "数量指标",
        "维修改造学校数量",
        "12所",
        "11所",
        "20",
        "18.3",
        "1所学校因设计变更顺延施工，已督促施工单位倒排工期。",
    ],
    ["^", "^", "质量指标", "工程验收合格率", "100%", "100%", "15", "15", ""],
    ["^", "^", "时效指标", "按期完工率", "≥90%", "91.7%", "10", "10", ""],
    ["^", "^", "成本指标", "生均维修成本", "≤1200元", "1150元", "5", "5", ""],
    ["^", "效益指标", "社会效益指标", "校舍安全隐患消除率", "100%", "100%", "20", "20", ""],
    ["^", "^", "可持续影响指标", "校舍使用年限延长", "≥10年", "10年", "10", "10", ""],
    ["^", "满意度指标", "服务对象满意度指标", "师生满意度", "≥90%", "93%", "10", "10", ""],
    ["总分", "<", "<", "<", "<", "<", "100", "97.8", ""],
]


def selfeval_text() -> str:
    """The same report as text: one line per paragraph, the table in tab-cell form."""
    lines = [TITLE]
    for heading, paragraphs in SECTIONS:
        lines.append(heading)
        lines.extend(paragraphs)
    lines.append("")
    for row in ROWS:
        lines.extend("\t" + ("" if cell in ("<", "^") else cell) for cell in row)
        lines.append("")
    return "\n".join(lines) + "\n"


def _register_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _spans() -> list[tuple[str, tuple[int, int], tuple[int, int]]]:
    """reportlab SPAN commands for the merged cells of ROWS."""
    commands = []
    for r, row in enumerate(ROWS):
        for c, cell in enumerate(row):
            if cell in ("<", "^"):
                continue
            right = c
            while right + 1 < len(row) and row[right + 1] == "<":
                right += 1
            bottom = r
            while bottom + 1 < len(ROWS) and ROWS[bottom + 1][c] == "^":
                bottom += 1
            if (right, bottom) != (c, r):
                commands.append(("SPAN", (c, r), (right, bottom)))
    return commands


def selfeval_pdf(path: Path, password: str | None = None, copies: int = 1) -> Path:
    """Writes the report as a PDF (A4, header and footer on every page); `copies` > 1 repeats its
    sections and table (a long document for the benchmark)."""
    _register_font()
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    title = ParagraphStyle("title", fontName=FONT, fontSize=16, leading=24, alignment=TA_CENTER)
    heading = ParagraphStyle("heading", fontName=FONT, fontSize=12, leading=20)
    body = ParagraphStyle(
        "body", fontName=FONT, fontSize=12, leading=20, firstLineIndent=24, alignment=TA_JUSTIFY, wordWrap="CJK"
    )
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=7, leading=10, wordWrap="CJK")

    def furniture(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont(FONT, 9)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 40, HEADER)
        canvas.drawCentredString(A4[0] / 2, 30, f"— {doc.page} —")
        canvas.restoreState()

    story = [Paragraph(TITLE, title), Spacer(1, 12)]
    for _ in range(copies):
        for head, paragraphs in SECTIONS:
            story.append(Paragraph(head, heading))
            story.extend(Paragraph(p, body) for p in paragraphs)
        story.append(_table(cell))
    options = {"encrypt": password} if password else {}
    document = SimpleDocTemplate(
        str(path), pagesize=A4, topMargin=72, bottomMargin=72, leftMargin=50, rightMargin=50, **options
    )
    document.build(story, onFirstPage=furniture, onLaterPages=furniture)
    return path


def _table(cell):  # type: ignore[no-untyped-def]
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    data = [[Paragraph(c, cell) if c not in ("<", "^") else "" for c in row] for row in ROWS]
    # Labels fit their columns; the long texts wrap over several lines.
    widths = [62, 69, 69, 69, 41, 41, 27, 27, 89]
    table = Table(data, colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                *_spans(),
            ]
        )
    )
    return table


def scanned_pdf(path: Path) -> Path:
    """A 'scanned' page: one image of text-like stripes and no text layer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    width, height = 200, 280
    rows = []
    for y in range(height):
        dark = (y // 6) % 3 == 0 and 20 < y < height - 20
        rows.append(b"\x00" + bytes(0 if dark and 20 < x < width - 20 else 255 for x in range(width)))
    png = _png(width, height, b"".join(rows))
    c = canvas.Canvas(str(path), pagesize=A4)
    c.drawImage(ImageReader(io.BytesIO(png)), 50, 100, width=A4[0] - 100, height=A4[1] - 200)
    c.showPage()
    c.save()
    return path


def _png(width: int, height: int, raw: bytes) -> bytes:
    """A greyscale PNG (filter byte per row already in `raw`)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 0, 0, 0, 0])
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def page_count_bomb(path: Path, declared: int = 100_000) -> Path:
    """A page tree that declares `declared` pages by reusing one page object in every slot."""
    kids = " ".join(["3 0 R"] * declared)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Count {declared} /Kids [{kids}] >>".encode(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
    ]
    path.write_bytes(_assemble(objects))
    return path


def nested_bomb(path: Path, depth: int = 100_000) -> Path:
    """A page whose resources hold an array nested `depth` levels deep."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /X "
        + b"[" * depth
        + b"]" * depth
        + b" >> >>",
    ]
    path.write_bytes(_assemble(objects))
    return path


def unmapped_font_pdf(path: Path, glyphs: int = 30) -> Path:
    """Text in a Type 3 font whose glyphs are named /g1, /g2… with no ToUnicode map: no reader can
    tell which characters they are."""
    names = " ".join(f"/g{i}" for i in range(1, glyphs + 1))
    procs = " ".join(f"/g{i} 6 0 R" for i in range(1, glyphs + 1))
    widths = " ".join(["750"] * glyphs)
    content = b"BT /T3 12 Tf 72 700 Td <" + bytes(range(1, glyphs + 1)).hex().encode() + b"> Tj ET"
    glyph = b"750 0 d0 0 0 700 700 re f"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /T3 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        f"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 750 750] /FontMatrix [0.001 0 0 0.001 0 0] "
        f"/CharProcs << {procs} >> /Encoding << /Type /Encoding /Differences [1 {names}] >> "
        f"/FirstChar 1 /LastChar {glyphs} /Widths [{widths}] >>".encode(),
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Length %d >>\nstream\n" % len(glyph) + glyph + b"\nendstream",
    ]
    path.write_bytes(_assemble(objects))
    return path


def _assemble(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
