"""The document model: loading, outline, tables, JSON round trip, pickling, CLI parse."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

import jixiao as jx

TEXT_FILES = [
    "seeds/000_241923339239612f.txt",
    "seeds/001_fe307e89bfbe4664.txt",
    "seeds/002_9a9de1d47a28dcc8.txt",
    "seeds/003_a4cc5b4d43415f75.txt",
    "seeds/004_ec9df5a685d4e37d.txt",
    "dev/d1_health_selfeval_2021.txt",
    "dev/d2_health_project_selfeval_2021.txt",
]


def top_level(doc: jx.Document) -> list[str]:
    return [h.text for h in doc.outline if h.level == 1]


@pytest.mark.parametrize("name", TEXT_FILES)
def test_every_corpus_text_file_loads_and_round_trips(corpus: Path, name: str) -> None:
    doc = jx.load(corpus / name)
    assert doc.meta.format == "text"
    assert doc.meta.encoding == "utf-8"
    assert doc.blocks
    again = jx.Document.from_json(doc.to_json())
    assert again == doc
    assert pickle.loads(pickle.dumps(doc)) == doc


def test_seed_001_has_ten_top_level_sections_whatever_their_numbering(corpus: Path) -> None:
    doc = jx.load(corpus / "seeds/001_fe307e89bfbe4664.txt")
    heads = [h for h in doc.outline if h.level == 1]
    assert len(heads) == 10
    assert [h.value for h in heads] == list(range(1, 11))
    assert [h.style for h in heads] == ["cn"] * 3 + ["arabic_dun"] * 6 + ["cn"]
    assert heads[3].title == "国有资本经营预算支出情况"


def test_seed_001_keeps_the_second_subsection_under_its_parent(corpus: Path) -> None:
    doc = jx.load(corpus / "seeds/001_fe307e89bfbe4664.txt")
    outline = list(doc.outline)
    second = next(h for h in outline if h.text.startswith("（2）区委统战部"))
    assert second.level == 2
    assert outline[second.parent].text == "一、基本情况"
    assert second.style == "arabic_paren" and second.value == 2


def test_seed_004_sections_and_their_children(corpus: Path) -> None:
    doc = jx.load(corpus / "seeds/004_ec9df5a685d4e37d.txt")
    outline = list(doc.outline)
    assert top_level(doc) == ["一、工作开展情况", "二、存在的问题", "三、下一步工作计划"]
    children = {outline[h.parent].title: [] for h in outline if h.parent >= 0}
    for h in outline:
        if h.parent >= 0:
            children[outline[h.parent].title].append(h.value)
    assert children == {"工作开展情况": [1, 2, 3, 4], "下一步工作计划": [1, 2, 3, 4, 5, 6]}
    assert all(h.run_in for h in outline if h.level == 2)
    assert doc.meta.title == "县委统战部2022年度工作总结暨2023年度工作计划"


def test_seed_003_has_five_tables_with_aligned_indicator_rows(corpus: Path) -> None:
    doc = jx.load(corpus / "seeds/003_a4cc5b4d43415f75.txt")
    tables = doc.tables
    assert len(tables) == 5
    titles = [t.rows[0][0] for t in tables]
    assert titles[0] == "2021年部门整体支出绩效目标表"
    assert titles[1] == "2021年专项资金预算绩效目标汇总表"
    assert all("支出方向绩效目标表" in t for t in titles[2:])
    for t in (tables[0], *tables[2:]):
        rows = t.rows
        header_at = next(i for i, r in enumerate(rows) if "一级指标" in r)
        header = rows[header_at]
        col = {name: header.index(name) for name in ("一级指标", "二级指标", "三级指标", "指标值")}
        assert col["一级指标"] < col["二级指标"] < col["三级指标"] < col["指标值"]
        body = rows[header_at + 1 :]
        assert [r[col["二级指标"]] for r in body][:4] == ["产出数量", "产出质量", "产出时效", "产出成本"]
        assert body[1][col["三级指标"]] == "预算资金使用率"
        assert body[1][col["指标值"]] == "100%"
        assert body[0][col["一级指标"]] == "产出指标"
    summary = tables[1].to_pandas(header=2)
    assert list(summary.columns[:3]) == ["序号", "支出方向（子项）", "金额"]
    assert summary["金额"].tolist()[:2] == ["30", "30"]


def test_a_table_converts_to_pandas(corpus: Path) -> None:
    doc = jx.load(corpus / "dev/d2_health_project_selfeval_2021.txt")
    df = doc.tables[0].to_pandas()
    assert df.shape == (doc.tables[0].n_rows, doc.tables[0].n_cols)
    assert df.iloc[0, 0] == "项目名称"


def test_bookmark_leftovers_are_kept_out_of_the_text_rules_see(corpus: Path) -> None:
    doc = jx.load(corpus / "seeds/001_fe307e89bfbe4664.txt")
    assert [a.text for a in doc.artifacts] == ["[bookmark: _GoBack]"]
    assert not any("[bookmark" in b.text for b in doc.blocks)


def test_parse_takes_a_str_and_names_it() -> None:
    doc = jx.parse("某局2022年度工作总结\n一、主要工作\n（一）抓好学习\n", name="memo.txt")
    assert doc.path == "memo.txt"
    assert doc.meta.title == "某局2022年度工作总结"
    assert [(h.level, h.title) for h in doc.outline] == [(1, "主要工作"), (2, "抓好学习")]
    assert "  （一）抓好学习" in doc.outline_text()


def test_records_have_fields_repr_and_keyword_construction() -> None:
    span = jx.Span(line=3, column=2, end_line=3, end_column=9)
    assert span.line == 3
    assert "line=3" in repr(span)
    assert span == jx.Span(line=3, column=2, end_line=3, end_column=9)
    assert jx.Span._fields == ("line", "column", "end_line", "end_column")
    with pytest.raises(TypeError):
        jx.Span(lines=3)


def test_document_json_is_plain_utf8(corpus: Path) -> None:
    doc = jx.load(corpus / "dev/d1_health_selfeval_2021.txt")
    data = json.loads(doc.to_json())
    assert data["meta"]["path"].endswith("d1_health_selfeval_2021.txt")
    assert "卫生健康局" in doc.to_json()
    assert {"meta", "blocks", "outline", "tables", "budget", "facts"} <= set(data)


def test_cli_parse_prints_the_outline_as_a_tree(cli, samples: Path) -> None:  # type: ignore[no-untyped-def]
    sample = samples / "agri_dept_selfeval_2022.txt"
    out = cli("parse", str(sample), "--format", "text")
    assert out.returncode == 0, out.stderr
    assert "一、部门基本情况" in out.stdout
    assert "\n    （一）部门职能" in out.stdout
    js = cli("parse", str(sample), "--format", "json")
    assert js.returncode == 0
    assert json.loads(js.stdout)["meta"]["title"] == "某县农业农村局2022年度部门整体支出绩效自评报告"
