"""Excel workbooks (.xlsx) and legacy Office files as inputs, and folders that account for every file.

The workbooks are written with openpyxl; openpyxl never computes formulas, so a formula's cached
value is written into the sheet's XML by :func:`with_formula`.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import run_cli

import jixiao as jx
from jixiao.output import format_text

NUMBER = re.compile(r"-?\d+(?:\.(\d+))?")
PERCENT = re.compile(r"-?\d+(?:\.(\d+))?%")


def put(sheet: Any, row: int, column: int, text: str) -> None:
    """Writes a cell as an analyst types it: numbers as numbers (percentages with a % format)."""
    cell = sheet.cell(row=row, column=column)
    if m := NUMBER.fullmatch(text):
        cell.value = float(text) if m.group(1) else int(text)
        if m.group(1):
            cell.number_format = "0." + "0" * len(m.group(1))
    elif m := PERCENT.fullmatch(text):
        cell.value = float(text[:-1]) / 100
        cell.number_format = "0." + "0" * len(m.group(1)) + "%" if m.group(1) else "0%"
    else:
        cell.value = text


def with_formula(data: bytes, sheet_part: str, ref: str, formula: str) -> bytes:
    """The workbook with cell ``ref`` turned into ``formula``, its value kept as the cached result."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == sheet_part:
                text, n = re.subn(rf'(<c r="{ref}"[^>]*>)(<v>)', rf"\1<f>{formula}</f>\2", body.decode())
                assert n == 1
                body = text.encode()
            target.writestr(item, body)
    return out.getvalue()


# The sample 项目支出绩效自评表 laid out as in Excel: title rows merged across, label columns merged
# down, the 财预〔2020〕10号 spans across.
SELFEVAL_MERGES = [
    "A1:I1", "A2:I2", "B3:I3", "D4:I4", "A5:A8", "A9:A10", "B9:D9", "E9:I9", "B10:D10", "E10:I10",
    "A11:A18", "B12:B15", "B16:B17", "A19:F19",
]


@pytest.fixture(scope="module")
def selfeval_text(samples: Path) -> Path:
    return samples / "edu_project_selfeval_2023.txt"


@pytest.fixture(scope="module")
def selfeval_xlsx(selfeval_text: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    doc = jx.load(selfeval_text)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "自评表"
    row = 1
    for block in doc._core.blocks:
        if block.kind == "table":
            for cells in doc._core.tables[block.table].rows:
                for column, cell in enumerate(cells, start=1):
                    if cell.text:
                        put(sheet, row, column, cell.text)
                row += 1
        else:
            sheet.cell(row=row, column=1, value=block.text)
            row += 1
    for merged in SELFEVAL_MERGES:
        sheet.merge_cells(merged)
    assert sheet["H19"].value == 97.8  # the 得分 total, as the sum's cached value
    data = io.BytesIO()
    book.save(data)
    path = tmp_path_factory.mktemp("xlsx") / "selfeval.xlsx"
    path.write_bytes(with_formula(data.getvalue(), "xl/worksheets/sheet1.xml", "H19", "SUM(H6,H12:H18)"))
    return path


def findings(result: jx.CheckResult) -> list[tuple[str, str, str]]:
    return [(d.code, d.severity, d.message) for d in result.diagnostics]


def without_places(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if k not in ("span", "spans", "row", "table")} for r in records]


def test_the_selfeval_table_in_excel_reads_as_the_same_table_in_text(selfeval_text: Path, selfeval_xlsx: Path) -> None:
    text, book = jx.load(selfeval_text), jx.load(selfeval_xlsx)
    assert book.meta.format == "xlsx"
    for field in ("title", "doc_type", "fiscal_year", "department", "template"):
        assert getattr(book.meta, field) == getattr(text.meta, field)
    assert without_places([book.budget.to_dict()]) == without_places([text.budget.to_dict()])
    assert without_places([i.to_dict() for i in book.indicators]) == without_places(
        [i.to_dict() for i in text.indicators])
    assert findings(jx.check(book)) == findings(jx.check(text)) != []
    book_card, text_card = jx.score(book), jx.score(text)
    assert book_card.total == text_card.total
    assert [(i.name, i.score) for i in book_card.items] == [(i.name, i.score) for i in text_card.items]


def test_cells_read_as_excel_shows_them(selfeval_xlsx: Path) -> None:
    table = jx.load(selfeval_xlsx)._core.tables[0]
    funds = table.rows[3]
    assert [c.text for c in funds[2:8]] == ["500", "520", "494", "10", "95%", "9.5"]
    assert funds[6].ref == "G6"
    assert table.rows[-1][7].text == "97.8"  # a formula's cached value
    assert table.rows[4][0].merged and table.rows[4][0].text == "项目资金\n（万元）"


def test_findings_in_a_workbook_name_sheet_and_cell_in_every_output(selfeval_xlsx: Path) -> None:
    result = jx.check(selfeval_xlsx)
    (deviation,) = [d for d in result.diagnostics if d.code == "I106"]
    assert (deviation.sheet, deviation.cell) == ("自评表", "G6")  # the 执行率 cell
    assert f"{selfeval_xlsx}:自评表!G6: I106" in format_text([result])
    data = json.loads(run_cli("check", "--format", "json", str(selfeval_xlsx)).stdout)
    assert data["files"][0]["diagnostics"][0]["cell"] == "G6"
    rows = list(csv.DictReader(io.StringIO(run_cli("check", "--format", "csv", str(selfeval_xlsx)).stdout)))
    assert (rows[0]["sheet"], rows[0]["cell"]) == ("自评表", "G6")
    sarif = json.loads(run_cli("check", "--format", "sarif", str(selfeval_xlsx)).stdout)
    location = sarif["runs"][0]["results"][0]["locations"][0]
    assert location["logicalLocations"][0]["fullyQualifiedName"] == "自评表!G6"
    assert location["physicalLocation"]["region"]["startLine"] >= 1


def spending_book(tmp_path: Path, stated_total: float, formula: bool = True) -> Path:
    """序号/项目/金额 rows and a 合计 row stating ``stated_total`` (as a SUM's cached value, or typed in)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "支出明细"
    sheet.append(["某单位2023年项目支出明细表"])
    sheet.merge_cells("A1:C1")
    sheet.append(["序号", "项目", "金额（万元）"])
    sheet.append([1, "办公设备购置", 10])
    sheet.append([2, "培训费", 5.5])
    sheet.append(["合计", None, stated_total])
    for row in range(3, 6):
        sheet.cell(row=row, column=3).number_format = "#,##0.00"
    data = io.BytesIO()
    book.save(data)
    path = tmp_path / "spending.xlsx"
    path.write_bytes(with_formula(data.getvalue(), "xl/worksheets/sheet1.xml", "C5", "SUM(C3:C4)") if formula
                     else data.getvalue())
    return path


def test_a_total_whose_cached_value_disagrees_with_its_cells_is_an_a101_at_its_cell(tmp_path: Path) -> None:
    result = jx.check(spending_book(tmp_path, 18))
    (total,) = [d for d in result.diagnostics if d.code == "A101"]
    assert (total.sheet, total.cell) == ("支出明细", "C5")
    assert "18.00" in total.message and "15.50" in total.message


def test_a_total_that_agrees_with_its_cells_is_silent(tmp_path: Path) -> None:
    assert "A101" not in {d.code for d in jx.check(spending_book(tmp_path, 15.5)).diagnostics}


def test_number_formats_dates_and_hidden_sheets(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "数据"
    sheet.append(["执行率", "金额", "日期", "完成"])
    sheet.append([0.9512, 1234567.891, None, True])
    sheet["A2"].number_format = "0.00%"
    sheet["B2"].number_format = "#,##0.00"
    sheet["C2"] = openpyxl.utils.datetime.from_excel(45382)
    sheet["C2"].number_format = "yyyy-mm-dd"
    hidden = book.create_sheet("草稿")
    hidden.append(["不应读取", "的内容"])
    hidden.sheet_state = "hidden"
    path = tmp_path / "formats.xlsx"
    book.save(path)
    doc = jx.load(path)
    assert [c.text for c in doc._core.tables[0].rows[1]] == ["95.12%", "1,234,567.89", "2024-03-31", "TRUE"]
    assert "不应读取" not in doc.text


def write_zip(path: Path, parts: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


SHEET_XML = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             "{dimension}<sheetData>{rows}</sheetData></worksheet>")
WORKBOOK_PARTS = {
    "xl/workbook.xml": '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>',
}


def sheet_book(path: Path, rows: str, dimension: str = "") -> Path:
    sheet = SHEET_XML.format(dimension=dimension, rows=rows)
    return write_zip(path, {**WORKBOOK_PARTS, "xl/worksheets/sheet1.xml": sheet})


def bomb(path: Path) -> Path:
    cells = '<c><v>1</v></c>' * 16_000
    return sheet_book(path, f"<row>{cells}</row>" * 120)  # 2 million cells, 27 MB of XML in a 50 KB zip


def sparse_giant(path: Path) -> Path:
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c><c r="{col}{r}"><v>2</v></c></row>'
                   for r, col in ((i, openpyxl.utils.get_column_letter(i)) for i in range(1, 900)))
    return sheet_book(path, rows)


def truncated(path: Path) -> Path:
    whole = sheet_book(path, '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row>').read_bytes()
    path.write_bytes(whole[: len(whole) // 2])
    return path


def ole_file(*streams: str) -> bytes:
    """An OLE compound file's header (version 3, 512-byte sectors) and directory entry names."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
    names = b"".join(name.encode("utf-16-le").ljust(128, b"\0") for name in streams)
    return header.ljust(512, b"\0") + names.ljust(1024, b"\0")


def encrypted(path: Path) -> Path:
    """What Excel writes for a password-protected workbook: an OLE file holding an EncryptedPackage."""
    path.write_bytes(ole_file("Root Entry", "EncryptionInfo", "EncryptedPackage"))
    return path


@pytest.mark.parametrize(
    ("make", "says"),
    [(bomb, "压缩炸弹"), (sparse_giant, "表格单元格超过"), (truncated, "截断"), (encrypted, "加密")],
    ids=lambda v: v.__name__ if callable(v) else None,
)
def test_bad_workbooks_raise_format_error_naming_the_file(tmp_path: Path, make: Any, says: str) -> None:
    path = make(tmp_path / f"{make.__name__}.xlsx")
    with pytest.raises(jx.FormatError) as raised:
        jx.load(path)
    assert path.name in str(raised.value) and says in str(raised.value)
    assert raised.value.path == str(path)


def test_an_absurd_declared_dimension_is_not_trusted(tmp_path: Path) -> None:
    rows = '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row>'
    path = sheet_book(tmp_path / "dim.xlsx", rows, '<dimension ref="A1:XFD1048576"/>')
    table = jx.load(path)._core.tables[0]
    assert (table.n_rows, table.n_cols) == (1, 2)


# -- legacy .doc / .xls -----------------------------------------------------------------------

SOFFICE = shutil.which("soffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def convert(source: Path, to: str) -> Path:
    assert SOFFICE is not None
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{source.parent}/lo-profile", "--headless",
                    "--convert-to", to, "--outdir", str(source.parent), str(source)],
                   check=True, capture_output=True, timeout=180)
    converted = source.with_suffix(f".{to}")
    assert converted.is_file()
    return converted


@needs_soffice
def test_an_old_excel_file_is_converted_and_reads_as_its_xlsx(tmp_path: Path) -> None:
    xls = convert(spending_book(tmp_path, 18, formula=False), "xls")  # LibreOffice would recompute a SUM
    doc = jx.load(xls)
    assert doc.meta.format == "xls"
    assert [c.text for c in doc._core.tables[0].rows[3]] == ["合计", "", "18.00"]
    (total,) = [d for d in jx.check(doc).diagnostics if d.code == "A101"]
    assert (total.sheet, total.cell) == ("支出明细", "C5")


@needs_soffice
def test_an_old_word_file_is_converted_and_reads_as_its_text(tmp_path: Path) -> None:
    source = tmp_path / "summary.txt"
    source.write_text("某局2022年度工作总结\n一、主要工作\n截止目前，开展活动活动12次，覆盖**人。\n", encoding="utf-8")
    doc = jx.load(convert(source, "doc"))
    assert doc.meta.format == "doc"
    assert doc.meta.title == "某局2022年度工作总结"
    assert findings(jx.check(doc)) == findings(jx.check(source)) != []


def test_without_libreoffice_an_old_file_says_how_to_convert_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    path = tmp_path / "old.doc"
    path.write_bytes(ole_file("Root Entry", "WordDocument"))
    with pytest.raises(jx.FormatError, match=r"另存为 \.docx，或安装 LibreOffice") as raised:
        jx.load(path)
    assert raised.value.path == str(path)


def test_junk_behind_an_ole_signature_is_refused_before_any_conversion(tmp_path: Path) -> None:
    path = tmp_path / "junk.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 not a compound file" + b"x" * 2000)
    with pytest.raises(jx.FormatError, match="已损坏"):
        jx.load(path)


# -- folders: every file accounted for --------------------------------------------------------


@pytest.fixture
def mixed_folder(tmp_path: Path, selfeval_text: Path, selfeval_xlsx: Path) -> Path:
    folder = tmp_path / "reports"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(selfeval_text, folder / "a.txt")
    shutil.copy(selfeval_xlsx, folder / "sub" / "b.xlsx")
    (folder / "c.png").write_bytes(b"\x89PNG")
    (folder / "~$a.docx").write_bytes(b"lock")
    (folder / ".hidden").write_text("x")
    return folder


def test_a_batch_lists_what_it_skipped_with_reasons(mixed_folder: Path, tmp_path: Path) -> None:
    batch = jx.check_many([mixed_folder])
    assert [Path(r.path).name for r in batch] == ["a.txt", "b.xlsx"]
    assert [(Path(s.path).name, s.reason) for s in batch.skipped] == [
        ("c.png", "不支持的文件类型（.png）"), ("~$a.docx", "Office 打开文档时留下的临时锁文件")]
    assert batch.summary()["skipped"] == 2
    assert list(batch.to_pandas("skipped").columns) == ["path", "reason"]
    batch.to_excel(tmp_path / "review.xlsx")
    skipped_sheet = openpyxl.load_workbook(tmp_path / "review.xlsx")["跳过的文件"]
    assert [c.value for c in skipped_sheet[1]] == ["文件", "原因"] and skipped_sheet.max_row == 3
    batch.to_html(tmp_path / "review.html")
    assert "跳过的文件（2）" in (tmp_path / "review.html").read_text(encoding="utf-8")
    batch.to_csv(tmp_path / "csv")
    assert len((tmp_path / "csv" / "skipped.csv").read_text(encoding="utf-8").splitlines()) == 3


def test_the_command_line_names_the_skipped_files(mixed_folder: Path) -> None:
    run = run_cli("check", "--format", "json", str(mixed_folder))
    summary = json.loads(run.stdout)["summary"]
    assert [Path(s["path"]).name for s in summary["skipped"]] == ["c.png", "~$a.docx"]
    assert "跳过 2 个不支持的文件" in run.stderr and "c.png" in run.stderr
    text = run_cli("check", str(mixed_folder))
    assert "跳过 2 个不支持的文件" in text.stderr and "跳过" not in text.stdout
