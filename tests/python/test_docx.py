"""Reading .docx natively: a Word file gives the same document as its text, and bad files fail cleanly.

The Word files are built here with python-docx; automatic numbering is added through its
low-level API (abstractNum/num elements in the numbering part, numPr on paragraphs).
"""

from __future__ import annotations

import json
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from conftest import run_cli
from docx.table import Table
from docx_builder import add_list, numbered

import jixiao as jx

CN = ("chineseCounting", "%1、")
CN_PAREN = ("chineseCounting", "（%2）")
DECIMAL_DOT = ("decimal", "%3.")


def runs(document: docx.document.Document, *texts: str) -> None:
    paragraph = document.add_paragraph()
    for text in texts:
        paragraph.add_run(text)


def indicator_table(document: docx.document.Document) -> Table:
    """A target table whose 一级指标 cells are merged down (vMerge) and whose 合计 spans three columns."""
    table = document.add_table(rows=6, cols=4)
    rows = [
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "培训人次", "≥200人次"],
        ["", "质量指标", "培训合格率", "≥95%"],
        ["", "时效指标", "完成时间", "2021年12月底前"],
        ["效益指标", "满意度指标", "参训人员满意度", "≥90%"],
        ["合计", "", "", "100"],
    ]
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if value:
                table.cell(r, c).text = value
    table.cell(1, 0).merge(table.cell(3, 0))
    table.cell(5, 0).merge(table.cell(5, 2))
    # python-docx keeps the merged-away paragraphs; the reader must not care.
    table.cell(1, 0).paragraphs[0].runs[0].text = "产出"
    table.cell(1, 0).paragraphs[0].add_run("指标")
    return table


def build_report(path: Path) -> Path:
    document = docx.Document()
    chapters = add_list(document, CN, CN_PAREN, DECIMAL_DOT)
    document.add_paragraph("某某局2021年度部门整体支出绩效自评报告")
    numbered(document, chapters, 0, "部门基本情况")
    numbered(document, chapters, 1, "单位概况")
    runs(document, "本部门内设机构3个，在职人员1", "2人，开展活动活动", "5次。")
    numbered(document, chapters, 1, "人员", "情况")
    runs(document, "截止目前，实有在职人员1", "2人。")
    numbered(document, chapters, 0, "一般公共预算支出情况")
    numbered(document, chapters, 1, "预算执行")
    runs(document, "2021年预算资金25", "5.45万元，实际支出", "25", "8.9万元，执行率1", "01.35%。")
    numbered(document, chapters, 2, "培训经费", "3", "2.5万元")
    numbered(document, chapters, 2, "会议经费")
    indicator_table(document)
    numbered(document, chapters, 0, "存在的问题及原因分析")
    runs(document, "专题研究**次，部分指标未量化。")
    document.save(str(path))
    return path


REPORT_TEXT = (
    "某某局2021年度部门整体支出绩效自评报告\n"
    "一、 部门基本情况\n"
    "（一） 单位概况\n"
    "本部门内设机构3个，在职人员12人，开展活动活动5次。\n"
    "（二） 人员情况\n"
    "截止目前，实有在职人员12人。\n"
    "二、 一般公共预算支出情况\n"
    "（一） 预算执行\n"
    "2021年预算资金255.45万元，实际支出258.9万元，执行率101.35%。\n"
    "1. 培训经费32.5万元\n"
    "2. 会议经费\n"
    "\t一级指标\n\t二级指标\n\t三级指标\n\t指标值\n\n"
    "\t产出指标\n\t数量指标\n\t培训人次\n\t≥200人次\n\n"
    "\t产出指标\n\t质量指标\n\t培训合格率\n\t≥95%\n\n"
    "\t产出指标\n\t时效指标\n\t完成时间\n\t2021年12月底前\n\n"
    "\t效益指标\n\t满意度指标\n\t参训人员满意度\n\t≥90%\n\n"
    "\t合计\n\t合计\n\t合计\n\t100\n\n\n"
    "三、 存在的问题及原因分析\n"
    "专题研究**次，部分指标未量化。\n"
)


def outline_of(doc: jx.Document) -> list[tuple[str, str, int, str, int]]:
    return [(h.text, h.title, h.level, h.style, h.value) for h in doc.outline]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_report(tmp_path_factory.mktemp("docx") / "report.docx")


def test_a_word_report_reads_like_its_text(report: Path) -> None:
    word = jx.load(report)
    text = jx.parse(REPORT_TEXT, name="report.txt")
    assert word.meta.format == "docx"
    assert word.meta.title == text.meta.title == "某某局2021年度部门整体支出绩效自评报告"
    assert outline_of(word) == outline_of(text)
    assert [h.text for h in word.outline][:3] == ["一、 部门基本情况", "（一） 单位概况", "（二） 人员情况"]
    assert [(b.kind, b.text) for b in word.blocks] == [(b.kind, b.text) for b in text.blocks]


def test_numbering_restarts_under_a_new_parent(report: Path) -> None:
    doc = jx.load(report)
    headings = [(h.numbering.strip(), h.level, h.value) for h in doc.outline]
    assert headings == [
        ("一、", 1, 1),
        ("（一）", 2, 1),
        ("（二）", 2, 2),
        ("二、", 1, 2),
        ("（一）", 2, 1),
        ("1.", 3, 1),
        ("2.", 3, 2),
        ("三、", 1, 3),
    ]


def test_merged_cells_are_filled_like_the_text_table(report: Path) -> None:
    word = jx.load(report)
    text = jx.parse(REPORT_TEXT, name="report.txt")
    assert len(word.tables) == len(text.tables) == 1
    assert word.tables[0].rows == text.tables[0].rows
    cells = word.tables[0].cells
    assert [row[0].merged for row in cells] == [False, False, True, True, False, False]
    assert [c.merged for c in cells[5]] == [False, True, True, False]


def test_split_runs_give_the_same_figures(report: Path) -> None:
    word = jx.load(report)
    text = jx.parse(REPORT_TEXT, name="report.txt")
    assert any("255.45万元" in b.text for b in word.blocks)
    assert [(q.value, q.unit, q.kind) for q in word.facts] == [(q.value, q.unit, q.kind) for q in text.facts]
    assert word.budget == text.budget


def test_findings_match_the_text_version(report: Path) -> None:
    word = jx.check(jx.load(report))
    text = jx.check(jx.parse(REPORT_TEXT, name="report.txt"))
    assert sorted((d.code, d.message) for d in word.diagnostics) == sorted(
        (d.code, d.message) for d in text.diagnostics
    )
    codes = {d.code for d in word.diagnostics}
    assert {"T101", "T102", "P101"} <= codes


def test_locations_point_into_the_extracted_text(report: Path) -> None:
    doc = jx.load(report)
    lines = doc.text.split("\n")
    paragraphs = [b for b in doc.blocks if b.kind != "table"]
    assert [b.ref for b in paragraphs][:3] == ["p0", "p1", "p2"]
    for b in paragraphs:
        assert lines[b.span.line - 1] == b.text
        assert (b.span.column, b.span.end_column) == (1, len(b.text) + 1)
    (table_block,) = [b for b in doc.blocks if b.kind == "table"]
    assert table_block.ref == "t0"
    for row in doc.tables[0].cells:
        for cell in row:
            if cell.text and not cell.merged:
                assert lines[cell.span.line - 1] == "\t" + cell.text
    for d in jx.check(doc).diagnostics:
        if d.code == "T102":
            assert d.block.startswith("p")
            assert "截止目前" in lines[d.line - 1]


def headings_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_heading("部门整体支出绩效自评报告", level=0)
    document.add_heading("部门概况", level=1)
    document.add_paragraph("正文。")
    document.add_heading("机构设置", level=2)
    document.save(str(path))
    return path


def test_heading_styles_give_outline_levels(tmp_path: Path) -> None:
    doc = jx.load(headings_docx(tmp_path / "headings.docx"))
    assert [(b.text, b.level) for b in doc.blocks] == [
        ("部门整体支出绩效自评报告", 0),
        ("部门概况", 1),
        ("正文。", 0),
        ("机构设置", 2),
    ]
    assert [(h.title, h.level) for h in doc.outline] == [("部门概况", 1), ("机构设置", 2)]


def test_read_accepts_docx_bytes(report: Path) -> None:
    from_bytes = jx.read(report.read_bytes(), "memory.docx")
    assert from_bytes.meta.format == "docx"
    assert outline_of(from_bytes) == outline_of(jx.load(report))


def test_the_corpus_target_table_loads(corpus: Path) -> None:
    doc = jx.load(corpus / "dev" / "d3_stats_targets_2022.docx")
    assert doc.meta.title == "2022年部门整体支出绩效目标表"
    assert [b.kind for b in doc.blocks] == ["title", "paragraph", "table"]
    (table,) = doc.tables
    assert table.n_cols == 6
    rows = table.rows
    header = next(i for i, row in enumerate(rows) if row[1] == "一级指标")
    level1 = [row[1] for row in rows[header + 1 :]]
    assert level1 == ["产出指标"] * 4 + ["效益指标"] * 3
    assert [row[1].merged for row in table.cells[header + 1 : header + 5]] == [False, True, True, True]
    assert rows[0] == ["部门名称"] + ["某区统计局"] * 5


def test_the_command_line_parses_a_docx_to_json(report: Path) -> None:
    result = run_cli("parse", str(report), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["meta"]["format"] == "docx"
    assert data["outline"][0]["text"] == "一、 部门基本情况"
    assert data["blocks"][1]["ref"] == "p1"


# ---- bad files -------------------------------------------------------------------------------------

DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:body></w:document>"
)


def write_zip(path: Path, parts: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def flag_encrypted(path: Path) -> Path:
    """Sets the 'encrypted' bit of every entry, in the local headers and the central directory."""
    data = bytearray(path.read_bytes())
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        while at >= 0:
            (flags,) = struct.unpack_from("<H", data, at + flag_offset)
            struct.pack_into("<H", data, at + flag_offset, flags | 1)
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))
    return path


def not_a_zip(path: Path) -> Path:
    path.write_text("这是一段文字，不是压缩包。", encoding="utf-8")
    return path


def empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def truncated(path: Path) -> Path:
    whole = write_zip(path, {"word/document.xml": DOCUMENT.format("完整的正文" * 50)}).read_bytes()
    path.write_bytes(whole[: len(whole) // 2])
    return path


def bomb(path: Path) -> Path:
    return write_zip(path, {"word/document.xml": DOCUMENT.format("a" * (12 << 20))})


def missing_document(path: Path) -> Path:
    return write_zip(path, {"[Content_Types].xml": "<Types/>", "word/styles.xml": "<w:styles/>"})


def doctype_entities(path: Path) -> Path:
    lol = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        + DOCUMENT.format("&lol2;").split("?>", 1)[1]
    )
    return write_zip(path, {"word/document.xml": lol})


def malformed_xml(path: Path) -> Path:
    return write_zip(path, {"word/document.xml": "<w:document><w:body><w:p></w:body>"})


def encrypted(path: Path) -> Path:
    return flag_encrypted(write_zip(path, {"word/document.xml": DOCUMENT.format("机密")}))


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (not_a_zip, "zip"),
        (empty, "空"),
        (truncated, "截断"),
        (bomb, "压缩炸弹"),
        (missing_document, "word/document.xml"),
        (doctype_entities, "DOCTYPE"),
        (malformed_xml, "XML"),
        (encrypted, "加密"),
    ],
    ids=lambda v: v.__name__ if callable(v) else None,
)
def test_bad_files_raise_format_error_naming_the_file(
    tmp_path: Path, make: Callable[[Path], Path], says: str
) -> None:
    path = make(tmp_path / f"{make.__name__}.docx")
    with pytest.raises(jx.FormatError) as raised:
        jx.load(path)
    message = str(raised.value)
    assert path.name in message
    assert says in message
    assert raised.value.path == str(path)


def test_bad_files_give_english_messages_too(tmp_path: Path) -> None:
    path = bomb(tmp_path / "bomb.docx")
    jx.set_language("en")
    try:
        with pytest.raises(jx.FormatError, match="zip bomb"):
            jx.load(path)
    finally:
        jx.set_language("zh")


def test_the_command_line_reports_a_bad_docx_and_exits_2(tmp_path: Path) -> None:
    path = truncated(tmp_path / "cut.docx")
    result = run_cli("parse", str(path), "--format", "json")
    assert result.returncode == 2
    assert "cut.docx" in result.stderr
    assert result.stdout == ""
