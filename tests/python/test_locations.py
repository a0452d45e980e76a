"""Findings in workbooks and PDFs show their sheet and cell, or their page, in every output."""

from __future__ import annotations

import csv
import io
import json

import pytest

import jixiao as jx
from jixiao._native import _core
from jixiao.output import format_csv, format_json, format_sarif, format_text


def result_with(**place: object) -> jx.CheckResult:
    finding = jx.Diagnostic(
        code="A101", rule="sum-mismatch", severity="error",
        message="合计 16.00 万元，但各项之和为 15.00 万元（差 1.00）", path=str(place.pop("path")),
        line=12, column=3, end_line=12, end_column=8, excerpt="合计 |  | 16.00",
        **place,
    )
    return jx.CheckResult(_core.CheckResult(path=finding.path, diagnostics=[finding]))


@pytest.fixture
def workbook() -> jx.CheckResult:
    return result_with(path="report.xlsx", sheet="自评表", cell="C7")


@pytest.fixture
def pdf() -> jx.CheckResult:
    return result_with(path="report.pdf", page=4)


def test_text_shows_sheet_and_cell_for_workbooks(workbook: jx.CheckResult) -> None:
    assert format_text([workbook]).startswith("report.xlsx:自评表!C7: A101 合计")


def test_text_quotes_a_sheet_name_with_spaces_as_excel_does() -> None:
    result = result_with(path="report.xlsx", sheet="Sheet 1's", cell="B2")
    assert format_text([result]).startswith("report.xlsx:'Sheet 1''s'!B2: A101")


def test_text_shows_line_column_and_page_for_pdfs(pdf: jx.CheckResult) -> None:
    assert format_text([pdf]).startswith("report.pdf:12:3 (第 4 页): A101")
    jx.set_language("en")
    try:
        assert format_text([pdf]).startswith("report.pdf:12:3 (page 4): A101")
    finally:
        jx.set_language("zh")


def test_text_files_keep_line_and_column() -> None:
    assert format_text([result_with(path="report.txt")]).startswith("report.txt:12:3: A101")


def test_json_and_csv_carry_page_sheet_and_cell(workbook: jx.CheckResult, pdf: jx.CheckResult) -> None:
    files = json.loads(format_json([workbook, pdf]))["files"]
    assert {k: files[0]["diagnostics"][0][k] for k in ("page", "sheet", "cell")} == {
        "page": 0, "sheet": "自评表", "cell": "C7"}
    assert files[1]["diagnostics"][0]["page"] == 4
    rows = list(csv.DictReader(io.StringIO(format_csv([workbook, pdf]))))
    assert (rows[0]["sheet"], rows[0]["cell"], rows[1]["page"]) == ("自评表", "C7", "4")


def test_sarif_gives_the_cell_as_a_logical_location(workbook: jx.CheckResult, pdf: jx.CheckResult) -> None:
    results = json.loads(format_sarif([workbook, pdf]))["runs"][0]["results"]
    cell = results[0]["locations"][0]
    assert cell["physicalLocation"]["region"]["startLine"] == 12
    assert cell["logicalLocations"][0]["fullyQualifiedName"] == "自评表!C7"
    assert results[0]["properties"] == {"sheet": "自评表", "cell": "C7"}
    page = results[1]["locations"][0]
    assert page["physicalLocation"]["region"]["startLine"] == 12
    assert page["logicalLocations"][0]["name"] == "page 4"
    assert results[1]["properties"] == {"page": 4}


def test_html_findings_show_the_place(workbook: jx.CheckResult) -> None:
    assert "<td>自评表!C7</td>" in workbook._repr_html_()
