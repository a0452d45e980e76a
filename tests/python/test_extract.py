"""Extraction seen from Python: records, DataFrames and the ``extract`` command's JSON."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from reports import HENGDONG_REPORT, YOUXIAN_TARGET_TABLE

import jixiao as jx

FACT_COLUMNS = [
    "value",
    "value_high",
    "unit",
    "kind",
    "comparator",
    "text",
    "label",
    "decimals",
    "block",
    "line",
    "column",
    "end_line",
    "end_column",
]
INDICATOR_COLUMNS = [
    "table",
    "row",
    "level1",
    "level2",
    "level3",
    "target",
    "target_comparator",
    "target_value",
    "target_unit",
    "actual",
    "actual_value",
    "actual_unit",
    "points",
    "self_score",
    "deviation_note",
    "line",
    "column",
    "end_line",
    "end_column",
]
PROJECT_COLUMNS = ["name", "amount", "table", "line", "column", "end_line", "end_column"]


@pytest.fixture(scope="module")
def report() -> jx.Document:
    return jx.parse(HENGDONG_REPORT, name="hengdong.txt")


@pytest.fixture(scope="module")
def table() -> jx.Document:
    return jx.parse(YOUXIAN_TARGET_TABLE, name="youxian.txt")


def test_meta_names_type_template_unit_region_and_year(report: jx.Document) -> None:
    meta = report.meta
    assert meta.doc_type == "self_evaluation"
    assert meta.template == "hunan-dept-selfeval"
    assert meta.department == "衡东县水利局"
    assert meta.region == "衡东县"
    assert meta.fiscal_year == 2022
    df = meta.to_pandas()
    assert set(df.columns) == {
        "path",
        "title",
        "encoding",
        "format",
        "doc_type",
        "template",
        "department",
        "region",
        "fiscal_year",
    }
    assert df.loc[0, "template"] == "hunan-dept-selfeval"


def test_budget_holds_stated_figures_only(report: jx.Document) -> None:
    b = report.budget
    assert b.budget == pytest.approx(860.0)
    assert b.revenue == pytest.approx(902.4)
    assert b.expenditure == pytest.approx(886.1)
    assert b.basic == pytest.approx(640.1)
    assert b.project == pytest.approx(246.0)
    assert b.personnel == pytest.approx(560.3)
    assert b.public == pytest.approx(79.8)
    assert b.gov_fund_revenue == pytest.approx(15)
    assert b.three_public is None
    assert b.execution_rate == pytest.approx(886.1 / 860.0 * 100)
    assert b.year == 2022
    assert b.spans["personnel"].line == 5
    df = b.to_pandas()
    assert len(df) == 1
    assert {"budget", "revenue", "expenditure", "execution_rate", "year"} <= set(df.columns)
    assert "three_public" not in df.columns
    assert "spans" not in df.columns


def test_projects_frame(report: jx.Document) -> None:
    df = report.projects.to_pandas()
    assert set(df.columns) == set(PROJECT_COLUMNS)
    assert list(df["name"]) == ["小型水库除险加固", "河长制工作经费", "防汛抗旱经费"]
    assert df["amount"].sum() == pytest.approx(246.0)
    assert set(df["line"]) == {7}


def test_facts_frame_has_labels_and_locations(report: jx.Document) -> None:
    df = report.facts.to_pandas()
    assert set(df.columns) == set(FACT_COLUMNS)
    personnel = df[df["label"] == "基本支出中人员经费"].iloc[0]
    assert personnel["value"] == pytest.approx(560.3)
    assert personnel["unit"] == "万元"
    assert personnel["kind"] == "money"
    assert personnel["decimals"] == 2
    assert personnel["line"] == 5
    share = df[df["kind"] == "percent"].iloc[0]
    assert share["comparator"] == "≥"
    assert share["label"] == "水质达标率"
    assert set(df["kind"]) <= {"money", "percent", "count", "date", "number"}


def test_target_table_indicators(table: jx.Document) -> None:
    assert table.meta.title == "2023年部门整体支出绩效目标表"
    assert table.meta.doc_type == "target_table"
    assert table.meta.department == "攸县档案馆"
    assert table.meta.fiscal_year == 2023
    assert table.budget.budget == pytest.approx(96.5)
    assert table.budget.basic == pytest.approx(86.5)
    assert table.budget.project == pytest.approx(10)
    assert table.budget.expenditure is None
    df = table.indicators.to_pandas()
    assert set(df.columns) == set(INDICATOR_COLUMNS)
    assert len(df) == 4
    assert list(df["level1"]) == ["产出指标", "产出指标", "效益指标", "满意度指标"]
    assert list(df["target_comparator"]) == ["≥", "≥", "", "≥"]
    assert df.loc[0, "target_value"] == pytest.approx(30000)
    assert df.loc[0, "target_unit"] == "卷"
    assert df.loc[3, "target_value"] == pytest.approx(90)
    assert df["target_value"].isna().sum() == 1


def test_empty_lists_still_have_columns() -> None:
    doc = jx.parse("关于开展调研的通知\n各单位：请按时报送材料。\n", name="notice.txt")
    assert doc.meta.doc_type == "unknown"
    assert doc.meta.fiscal_year is None
    assert set(doc.indicators.to_pandas().columns) == set(INDICATOR_COLUMNS)
    assert set(doc.projects.to_pandas().columns) == set(PROJECT_COLUMNS)
    assert doc.budget.to_dict() == {"spans": {}}


def test_extraction_survives_pickle_and_json(report: jx.Document) -> None:
    again = pickle.loads(pickle.dumps(report))
    assert again.budget.basic == pytest.approx(640.1)
    assert again == report
    back = jx.Document.from_json(report.to_json())
    assert back.meta.department == "衡东县水利局"
    assert len(back.facts) == len(report.facts)


def test_extract_command_json_shape(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "report.txt"
    path.write_text(HENGDONG_REPORT, encoding="utf-8")
    result = cli("extract", str(path), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == ["meta", "budget", "projects", "indicators", "facts"]
    assert data["meta"]["fiscal_year"] == 2022
    assert data["meta"]["template"] == "hunan-dept-selfeval"
    assert data["budget"]["basic"] == pytest.approx(640.1)
    assert "three_public" not in data["budget"]
    assert data["budget"]["spans"]["basic"]["line"] == 5
    assert len(data["projects"]) == 3
    fact = data["facts"][0]
    assert {"value", "unit", "kind", "label", "decimals", "block", "span"} <= set(fact)


def test_extract_command_text(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "table.txt"
    path.write_text(YOUXIAN_TARGET_TABLE, encoding="utf-8")
    result = cli("extract", str(path))
    assert result.returncode == 0, result.stderr
    assert "target_table" in result.stdout
    assert "攸县档案馆" in result.stdout
