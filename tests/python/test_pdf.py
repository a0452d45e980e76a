"""Reading .pdf natively: real 部门决算, a generated 自评表 equal to its text, and PDFs that are refused.

The generated PDFs come from pdf_samples.py (reportlab, built-in CJK font STSong-Light).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pdf_samples
import pytest

import jixiao as jx

CORPUS_PDF = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "pdf"

# The 收入支出决算总表 of each real PDF: 本年收入合计, 本年支出合计 and 总计, as printed
# (read by hand from the PDFs).
TOTALS = {
    "putuo_finance_final_accounts_2024.pdf": ("2,946.25", "2,940.05", "2,995.39"),
    "putuo_finance_final_accounts_2024_planted_errors.pdf": ("2,946.25", "2,940.05", "2,995.39"),
    "putuo_planning_final_accounts_2024.pdf": ("9746.50", "9759.38", "9859.38"),
    "putuo_social_work_final_accounts_2024.pdf": ("307.82", "307.82", "307.82"),
}


def real_pdf(name: str) -> Path:
    path = CORPUS_PDF / name
    if not path.is_file():
        pytest.skip(f"the real PDFs of ../shared/corpus/pdf are not here ({path} missing)")
    return path


def total_table(doc: jx.Document) -> jx.Table:
    """The 收入支出决算总表: the first table with 本年收入合计 and 本年支出合计 in one row."""
    for table in doc.tables:
        for row in table.rows:
            if "本年收入合计" in row and "本年支出合计" in row:
                return table
    raise AssertionError("no 收入支出决算总表 among the tables")


def row_after(row: list[str], label: str) -> str:
    """The first non-empty cell to the right of `label`."""
    i = row.index(label)
    return next(cell for cell in row[i + 1 :] if cell)


@pytest.mark.parametrize("name", sorted(TOTALS))
def test_real_final_accounts_give_their_total_table(name: str) -> None:
    doc = jx.load(real_pdf(name))
    assert doc.meta.format == "pdf"
    table = total_table(doc)
    income, spending, grand = TOTALS[name]
    (totals_row,) = [row for row in table.rows if "本年收入合计" in row]
    assert row_after(totals_row, "本年收入合计") == income
    assert row_after(totals_row, "本年支出合计") == spending
    grand_rows = [row for row in table.rows if row[0] == "总计"]
    assert grand_rows, table.rows
    assert row_after(grand_rows[-1], "总计") == grand
    assert table.n_cols == 4
    assert table.page >= 5


@pytest.mark.parametrize("name", sorted(TOTALS))
def test_real_final_accounts_keep_contents_and_furniture_out_of_the_body(name: str) -> None:
    doc = jx.load(real_pdf(name))
    assert all(b.page >= 1 for b in doc.blocks)
    assert [b.page for b in doc.blocks] == sorted(b.page for b in doc.blocks)
    body = [b.text.replace(" ", "") for b in doc.blocks if b.kind != "table"]
    assert "目录" not in body
    toc = [a.text for a in doc.artifacts if a.kind == "contents"]
    assert len(toc) >= 10
    # What the contents lists appears once in the body (as its heading), not twice.
    first_part = next(t for t in body if t.startswith("第一部分"))
    assert body.count(first_part) == 1
    for entry in toc:
        assert body.count(entry.replace(" ", "")) <= 1, entry


def test_the_finance_report_reads_its_introduction_in_order() -> None:
    doc = jx.load(real_pdf("putuo_finance_final_accounts_2024.pdf"))
    texts = [b.text for b in doc.blocks]
    (intro,) = [t for t in texts if t.startswith("从预算单位构成看")]
    # Its lines were drawn out of order; read top to bottom they make one sentence.
    assert "本级决算、下属行政事业单位决算" in intro.replace(" ", "")
    heading = next(b for b in doc.blocks if b.text.replace(" ", "") == "二、部门决算单位构成")
    assert heading.page == 5
    # The 总表 goes on from page 6 to page 7: its rows keep their own pages.
    table = total_table(doc)
    pages = {row[0].text: row[0].page for row in table.cells}
    assert (table.page, pages["本年收入合计"], pages["总计"]) == (6, 6, 7)


# ---- a generated 项目支出绩效自评表, the same as its text ------------------------------------------------


@pytest.fixture(scope="module")
def selfeval(tmp_path_factory: pytest.TempPathFactory) -> tuple[jx.Document, jx.Document]:
    folder = tmp_path_factory.mktemp("pdf")
    pdf = jx.load(pdf_samples.selfeval_pdf(folder / "自评表.pdf"))
    text = jx.parse(pdf_samples.selfeval_text(), name="自评表.txt")
    return pdf, text


def test_generated_pdf_reads_like_its_text(selfeval: tuple[jx.Document, jx.Document]) -> None:
    pdf, text = selfeval
    assert pdf.meta.title == text.meta.title == pdf_samples.TITLE
    assert pdf.meta.doc_type == text.meta.doc_type
    paragraphs = [b.text for b in pdf.blocks if b.kind != "table"]
    assert paragraphs == [b.text for b in text.blocks if b.kind != "table"]
    assert [(h.numbering, h.title, h.level) for h in pdf.outline] == [
        (h.numbering, h.title, h.level) for h in text.outline
    ]
    (pdf_table,) = pdf.tables
    (text_table,) = text.tables
    assert (pdf_table.n_rows, pdf_table.n_cols) == (text_table.n_rows, text_table.n_cols)
    for pdf_row, text_row in zip(pdf_table.cells, text_table.cells, strict=True):
        for pdf_cell, text_cell in zip(pdf_row, text_row, strict=True):
            assert pdf_cell.text == (text_cell.text or (pdf_cell.text if pdf_cell.merged else ""))


def test_generated_pdf_has_pages_furniture_and_merged_cells(selfeval: tuple[jx.Document, jx.Document]) -> None:
    pdf, _ = selfeval
    long_paragraph = pdf_samples.SECTIONS[1][1][1]
    (block,) = [b for b in pdf.blocks if b.text == long_paragraph]
    assert block.page == 1  # it goes on on page 2
    assert {b.page for b in pdf.blocks} == {1, 2}
    furniture = [a.text.replace(" ", "") for a in pdf.artifacts if a.kind == "page_furniture"]
    assert sorted(furniture) == sorted([pdf_samples.HEADER.replace(" ", "")] * 2 + ["—1—", "—2—"])
    (table,) = pdf.tables
    assert table.page == 2
    cells = table.cells
    assert [c.merged for c in cells[0]] == [False, False] + [True] * 7
    assert [row[0].merged for row in cells[2:6]] == [False, True, True, True]
    assert cells[5][0].text == "项目资金（万元）"
    assert {c.page for row in cells for c in row} == {2}
    assert jx.Document.from_json(pdf.to_json()) == pdf


def test_generated_pdf_gives_the_same_findings_extraction_and_score(
    selfeval: tuple[jx.Document, jx.Document],
) -> None:
    pdf, text = selfeval
    found = jx.check(pdf).diagnostics
    expected = jx.check(text).diagnostics
    assert sorted((d.code, d.message) for d in found) == sorted((d.code, d.message) for d in expected)
    fields = ("budget", "revenue", "expenditure", "basic", "project", "execution_rate", "year")
    assert [getattr(pdf.budget, f) for f in fields] == [getattr(text.budget, f) for f in fields]
    assert pdf.budget.expenditure == 494
    assert [(i.level3, i.target, i.actual, i.points, i.self_score) for i in pdf.indicators] == [
        (i.level3, i.target, i.actual, i.points, i.self_score) for i in text.indicators
    ]
    assert len(pdf.indicators) == 7
    pdf_card, text_card = jx.score(pdf), jx.score(text)
    assert (pdf_card.total, pdf_card.grade) == (text_card.total, text_card.grade)


def test_findings_in_a_pdf_carry_their_page(selfeval: tuple[jx.Document, jx.Document]) -> None:
    pdf, _ = selfeval
    lines = pdf.text.split("\n")
    for b in pdf.blocks:
        if b.kind != "table":
            assert lines[b.span.line - 1] == b.text


# ---- refused PDFs ----------------------------------------------------------------------------------------


def test_a_scanned_pdf_is_refused_as_having_no_text_layer(tmp_path: Path) -> None:
    path = pdf_samples.scanned_pdf(tmp_path / "扫描件.pdf")
    with pytest.raises(jx.FormatError, match=r"扫描件\.pdf.*扫描件，没有文字层（不做 OCR）"):
        jx.load(path)
    jx.set_language("en")
    try:
        with pytest.raises(jx.FormatError, match=r"no text layer \(scanned\); OCR is not done"):
            jx.load(path)
    finally:
        jx.set_language("zh")


def test_an_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    path = pdf_samples.selfeval_pdf(tmp_path / "加密.pdf", password="secret")
    with pytest.raises(jx.FormatError, match=r"加密\.pdf.*已加密"):
        jx.load(path)


def test_fonts_without_a_unicode_map_are_refused_not_read_as_garbage(tmp_path: Path) -> None:
    path = pdf_samples.unmapped_font_pdf(tmp_path / "无映射.pdf")
    with pytest.raises(jx.FormatError, match=r"无映射\.pdf.*缺少可用的 Unicode 映射"):
        jx.load(path)


def test_damaged_pdfs_are_format_errors(tmp_path: Path) -> None:
    good = pdf_samples.selfeval_pdf(tmp_path / "good.pdf").read_bytes()
    (tmp_path / "junk.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    with pytest.raises(jx.FormatError, match=r"junk\.pdf"):
        jx.load(tmp_path / "junk.pdf")
    (tmp_path / "cut.pdf").write_bytes(good[:200])
    with pytest.raises(jx.FormatError, match=r"cut\.pdf"):
        jx.load(tmp_path / "cut.pdf")


BOUNDED = """
import resource, sys, time
resource.setrlimit(resource.RLIMIT_DATA, (1 << 30, 1 << 30))
import jixiao as jx
start = time.monotonic()
try:
    jx.load(sys.argv[1])
except jx.FormatError as e:
    print("FormatError", round(time.monotonic() - start), e)
"""


@pytest.mark.parametrize("make", [pdf_samples.page_count_bomb, pdf_samples.nested_bomb])
def test_bombs_are_refused_within_bounded_memory(tmp_path: Path, make) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path / "bomb.pdf")
    result = subprocess.run(
        [sys.executable, "-c", BOUNDED, str(path)], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    (refusal,) = [line for line in result.stdout.splitlines() if line.startswith("FormatError")]
    assert "bomb.pdf" in refusal


def test_without_pypdfium2_a_pdf_says_what_to_install(tmp_path: Path) -> None:
    path = pdf_samples.selfeval_pdf(tmp_path / "report.pdf")
    script = textwrap.dedent(
        """
        import sys
        sys.modules["pypdfium2_raw"] = None  # as if pypdfium2 were not installed
        import jixiao as jx
        try:
            jx.load(sys.argv[1])
        except jx.FormatError as e:
            print(e)
        """
    )
    env = {k: v for k, v in os.environ.items() if k != "JIXIAO_PDFIUM_LIBRARY"}
    result = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert "report.pdf" in result.stdout
    assert "pip install pypdfium2" in result.stdout


def test_pdfs_checked_on_two_threads_give_what_one_gives(tmp_path: Path) -> None:
    # PDFium is serialised by the core's lock; the layout and everything after run in parallel.
    for i in range(6):
        pdf_samples.selfeval_pdf(tmp_path / f"r{i}.pdf")
    paths = [tmp_path / f"r{i}.pdf" for i in range(6)]
    one = jx.check_many(paths, jobs=1).findings
    two = jx.check_many(paths, jobs=2).findings
    assert len(one) > 0
    assert one.drop(columns=[c for c in one.columns if "time" in c]).equals(
        two.drop(columns=[c for c in two.columns if "time" in c])
    )


def test_a_folder_of_pdfs_is_checked(tmp_path: Path) -> None:
    pdf_samples.selfeval_pdf(tmp_path / "a.pdf")
    pdf_samples.scanned_pdf(tmp_path / "b.pdf")
    batch = jx.check_many([tmp_path])
    files = batch.files
    assert sorted(Path(p).name for p in files["path"]) == ["a.pdf", "b.pdf"]
