"""Scoring from Python: a self-evaluation table written for these tests, the corpus, custom
indicators, bad rubric files, report quality on every seed, and ``jixiao score``."""

from __future__ import annotations

import json
import pickle
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import jixiao as jx

# A 项目支出绩效自评表 in the tab-cell text Word exports: a cost row over its ceiling but
# explained, a hedged qualitative row, a satisfaction row short of its target and unexplained,
# and a self-given 总分 of 100.
LAB_TABLE = "\n".join(
    [
        "项目支出绩效自评表",
        "（2022年度）",
        "",
        "\t项目名称",
        "\t农产品质量安全检测能力提升项目",
        "",
        "\t主管部门\n\t某县农业农村局\n\t实施单位\n\t某县农产品质量安全检测站",
        "",
        "\t项目资金\n（万元）\n\t\n\t年初预算数\n\t全年预算数\n\t全年执行数\n\t分值\n\t执行率\n\t得分",
        "",
        "\t\n\t年度资金总额\n\t80\n\t80\n\t80\n\t10\n\t100%\n\t10",
        "",
        "\t绩效指标\n\t一级指标\n\t二级指标\n\t三级指标\n\t年度指标值\n\t实际完成值\n\t分值\n\t得分"
        "\n\t偏差原因分析及改进措施",
        "",
        "\t\n\t产出指标\n\t数量指标\n\t检测样品数量\n\t≥2000批次\n\t2150批次\n\t15\n\t15\n\t",
        "",
        "\t\n\t\n\t质量指标\n\t检测结果准确率\n\t≥98%\n\t99%\n\t15\n\t15\n\t",
        "",
        "\t\n\t\n\t时效指标\n\t检测报告出具时限\n\t≤5天\n\t4天\n\t10\n\t10\n\t",
        "",
        "\t\n\t\n\t成本指标\n\t单批次检测成本\n\t≤400元\n\t420元\n\t10\n\t10"
        "\n\t试剂价格上涨，下年度通过集中采购控制成本。",
        "",
        "\t\n\t效益指标\n\t社会效益指标\n\t农产品抽检合格率\n\t≥97%\n\t97.5%\n\t15\n\t15\n\t",
        "",
        "\t\n\t\n\t可持续影响指标\n\t检测体系运行\n\t长效运行\n\t基本实现长效运行\n\t15\n\t15\n\t",
        "",
        "\t\n\t满意度指标\n\t服务对象满意度指标\n\t生产经营主体满意度\n\t≥85%\n\t80%\n\t10\n\t10\n\t",
        "",
        "\t总分\n\t\n\t\n\t\n\t\n\t\n\t100\n\t100\n\t",
        "",
    ]
)

D2 = "dev/d2_health_project_selfeval_2021.txt"


@pytest.fixture
def lab() -> jx.Document:
    return jx.parse(LAB_TABLE, name="lab_table.txt")


def items_by_name(card: jx.Scorecard) -> dict[str, jx.ScoreItem]:
    return {item.name: item for item in card.items}


def codes_at(result: jx.CheckResult, code: str) -> list[str]:
    return [d.excerpt for d in result.diagnostics if d.code == code]


def test_each_row_scores_against_its_own_target(lab: jx.Document) -> None:
    assert lab.meta.doc_type == "project_selfeval_table"
    card = jx.score(lab, rubric="project-selfeval-2020")
    items = items_by_name(card)
    assert items["预算执行率"].formula == "min(80/80, 1) × 10 = 10"
    assert items["检测样品数量"].score == 15
    assert items["检测报告出具时限"].score == 10
    cost = items["单批次检测成本"]
    assert cost.score == pytest.approx(9.52)
    assert cost.formula.startswith("min(")
    assert items["生产经营主体满意度"].score == pytest.approx(9.41)
    hedged = items["检测体系运行"]
    assert hedged.status == "needs_review"
    assert hedged.score is None
    assert "基本实现长效运行" in hedged.note
    assert card.total == pytest.approx(83.93)
    assert card.review_points == 15
    assert card.grade == "良"
    assert card.self_total == 100
    assert any("83.93 至 98.93" in note for note in card.notes)
    assert all(item.self_score is not None for item in card.items)


def test_the_checker_reports_inflated_and_unexplained_rows(lab: jx.Document) -> None:
    result = jx.check(lab)
    inflated = codes_at(result, "I105")
    assert any("单批次检测成本" in e for e in inflated)
    assert any("生产经营主体满意度" in e for e in inflated)
    assert any("总分" in e for e in inflated)
    assert not any("检测样品数量" in e or "检测体系运行" in e or "年度资金总额" in e for e in inflated)
    unexplained = codes_at(result, "I106")
    assert any("生产经营主体满意度" in e for e in unexplained)
    assert not any("单批次检测成本" in e for e in unexplained)  # its 偏差原因 is filled in
    assert not any("年度资金总额" in e for e in unexplained)  # 100% executed
    total = next(d for d in result.diagnostics if d.code == "I105" and "总分" in d.excerpt)
    assert "83.93～98.93" in total.message


def test_d2_scores_92_excellent_while_claiming_99(corpus: Path) -> None:
    doc = jx.load(corpus / D2)
    card = jx.score(doc, rubric="project-selfeval-2020")
    assert card.total == pytest.approx(92.0)
    assert card.grade == "优"
    assert card.self_total == 99
    items = items_by_name(card)
    assert items["预算执行率"].formula == "min(108/120, 1) × 10 = 9"
    assert (items["基层诊疗量增长率"].score, items["基层诊疗量增长率"].self_score) == (9, 15)
    assert items["基层人才队伍稳定性"].score == 15
    result = jx.check(doc)
    inflated = codes_at(result, "I105")
    assert len(inflated) == 3
    assert [any(a in e for e in inflated) for a in ("年度资金总额", "基层诊疗量增长率", "总分")] == [True] * 3
    unexplained = codes_at(result, "I106")
    assert any("基层诊疗量增长率" in e for e in unexplained)
    assert not any("项目按期完成率" in e for e in unexplained)
    # The funds row shows 90% executed and nothing in the table explains why.
    assert any("年度资金总额" in e for e in unexplained)


@pytest.fixture
def registered() -> Iterator[list[jx.Document]]:
    seen: list[jx.Document] = []

    @jx.register_indicator("row_share")
    def row_share(doc: jx.Document) -> float | None:
        seen.append(doc)
        rows = [i for i in doc.indicators if i.points is not None]
        return len(rows) / 10 if rows else None

    @jx.register_indicator("broken")
    def broken(doc: jx.Document) -> float | None:
        raise ValueError("坏数据")

    @jx.register_indicator("wordy")
    def wordy(doc: jx.Document) -> float | None:
        return "many"  # type: ignore[return-value]

    yield seen
    for name in ("row_share", "broken", "wordy"):
        jx.scoring.unregister_indicator(name)


def custom_rubric(function: str) -> str:
    return json.dumps(
        {
            "name": "custom",
            "total": 10,
            "not_assessable": "zero",
            "grades": [{"grade": "合格", "min": 6}, {"grade": "不合格", "min": 0}],
            "indicators": [
                {"key": "k", "name": "自定义", "points": 10, "method": "ratio", "function": function}
            ],
        },
        ensure_ascii=False,
    )


def test_a_python_indicator_is_called_with_the_document(
    lab: jx.Document, registered: list[jx.Document]
) -> None:
    card = jx.score(lab, rubric=custom_rubric("row_share"))
    assert isinstance(registered[0], jx.Document)
    assert registered[0].meta.path == "lab_table.txt"
    item = card.items[0]
    assert (item.value, item.score, item.status) == (0.7, 7, "scored")
    assert card.grade == "合格"
    empty = jx.score(jx.parse("一段文字。"), rubric=custom_rubric("row_share"))
    assert empty.items[0].status == "not_assessable"


def test_a_failing_python_indicator_needs_review_and_names_itself(
    lab: jx.Document, registered: object
) -> None:
    item = jx.score(lab, rubric=custom_rubric("broken")).items[0]
    assert item.status == "needs_review"
    assert "broken" in item.note and "坏数据" in item.note
    assert "wordy" in jx.score(lab, rubric=custom_rubric("wordy")).items[0].note
    with pytest.raises(jx.RubricError, match="nobody"):
        jx.score(lab, rubric=custom_rubric("nobody"))


BAD_RUBRICS = {
    "points": ({"indicators": [{"key": "a", "points": 40, "method": "ratio", "metric": "execution_rate"}]},
               "indicators"),
    "method": ({"indicators": [{"key": "a", "points": 100, "method": "vibes", "metric": "execution_rate"}]},
               "indicators[0](a).method"),
    "bands": ({"grades": [{"grade": "良", "min": 80}, {"grade": "优", "min": 90}, {"grade": "差", "min": 0}]},
              "grades[1].min"),
    "floor": ({"grades": [{"grade": "优", "min": 90}, {"grade": "良", "min": 60}]}, "grades[1].min"),
}


@pytest.mark.parametrize("case", sorted(BAD_RUBRICS))
def test_a_bad_rubric_file_is_a_rubric_error_naming_file_and_key(
    tmp_path: Path, lab: jx.Document, case: str
) -> None:
    change, key = BAD_RUBRICS[case]
    rubric = json.loads(jx.load_rubric("project-selfeval-2020").to_json())
    rubric.update(change)
    path = tmp_path / f"bad-{case}.json"
    path.write_text(json.dumps(rubric, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(jx.RubricError) as err:
        jx.score(lab, rubric=str(path))
    assert err.value.path == str(path)
    assert str(path) in str(err.value) and key in str(err.value)


def test_the_scorecard_converts_displays_and_pickles(lab: jx.Document) -> None:
    card = jx.score(lab)  # the project rubric, chosen by the document's type
    assert card.rubric == "project-selfeval-2020"
    frame = card.to_pandas()
    assert list(frame["name"])[:2] == ["预算执行率", "检测样品数量"]
    assert {"points", "score", "self_score", "formula", "status"} <= set(frame.columns)
    page = card._repr_html_()
    assert "<table>" in page and "检测体系运行" in page and "待复核" in page
    assert jx.Scorecard.from_json(card.to_json()) == card
    assert pickle.loads(pickle.dumps(card)) == card
    assert "83.93" in repr(card)


def test_report_quality_runs_the_checker_first(lab: jx.Document, monkeypatch: pytest.MonkeyPatch) -> None:
    card = jx.score(lab, rubric="report-quality")
    accuracy = items_by_name(card)["数据准确、前后一致"]
    assert "I105" in accuracy.formula  # the checker's self-score findings were deducted
    clean = jx.score(lab, rubric="report-quality", diagnostics=[])
    assert clean.total > card.total
    monkeypatch.delattr(jx, "check")
    with pytest.raises(jx.Error, match=r"jixiao\.check"):
        jx.score(lab, rubric="report-quality")


def seeds(corpus: Path) -> list[str]:
    names = sorted(p.name for p in (corpus / "seeds").glob("*.txt"))
    assert names, f"no seed reports in {corpus / 'seeds'}"
    return names


def test_every_seed_gets_a_report_quality_scorecard(corpus: Path) -> None:
    for name in seeds(corpus):
        card = jx.score(corpus / "seeds" / name, rubric="report-quality")
        assert 0 <= card.total <= 100, name
        assert card.grade in ("优", "良", "中", "差"), name
        dimensions = {item.dimension for item in card.items}
        assert dimensions == {"completeness", "accuracy", "standardisation", "quantification"}, name
        for item in card.items:
            assert item.status in ("scored", "not_assessable"), name
            assert item.formula if item.status == "scored" else item.note, name


def test_report_quality_ranks_the_seeds_as_an_analyst_would(corpus: Path) -> None:
    totals = {name[:3]: jx.score(corpus / "seeds" / name, rubric="report-quality") for name in seeds(corpus)}
    # 000 is a work summary titled as an evaluation report, with none of the required sections.
    assert totals["000"].grade == "差"
    # 002 withholds its basic facts (保密) and states no budget figures; 001 is complete.
    assert totals["000"].total < totals["002"].total < totals["001"].total


def test_department_scoring_lists_what_it_cannot_assess(corpus: Path) -> None:
    card = jx.score(corpus / "dev/d1_health_selfeval_2021.txt")
    assert card.rubric == "dept-overall-2013"
    items = items_by_name(card)
    assert items["预算完成率"].status == "scored"
    assert items["“三公”经费变动率"].status == "not_assessable"
    assert "上年度" in items["“三公”经费变动率"].note
    assert card.coverage == pytest.approx(0.2)
    assert card.grade == ""


def test_cli_score_prints_the_json_shape(
    tmp_path: Path, cli: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    path = tmp_path / "lab_table.txt"
    path.write_text(LAB_TABLE, encoding="utf-8")
    run = cli("score", str(path), "--rubric", "project-selfeval-2020", "--format", "json")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert {"rubric", "total", "grade", "items"} <= set(data)
    assert (data["rubric"], data["total"], data["grade"]) == ("project-selfeval-2020", 83.93, "良")
    fields = {"key", "name", "points", "score", "value", "formula", "evidence", "status", "self_score"}
    assert fields <= set(data["items"][0])
    text = cli("score", str(path))
    assert text.returncode == 0 and "总分 total: 83.93 / 100" in text.stdout and "检测体系运行" in text.stdout
    bad = cli("score", str(path), "--rubric", "no-such-rubric")
    assert bad.returncode == 2 and "no-such-rubric" in bad.stderr


# -- honest scores: coverage, points awaiting review, 不可评价 below the rubric's floor ----------

THIN = (
    "某县司法局2022年度部门整体支出绩效自评报告\n一、部门基本情况\n负责全县普法工作。\n"
    "二、一般公共预算支出情况\n2022年年初预算数300.00万元，财政拨款支出290.00万元。\n"
)
NOTHING = "某局2022年度工作总结\n一、主要工作\n全年开展活动。\n"


def test_a_total_below_the_coverage_floor_is_not_assessable_not_a_number() -> None:
    card = jx.score(jx.parse(THIN, name="thin.txt"), rubric="dept-overall-2013")
    # One indicator of 20 points could be assessed; redistributed, it alone would read 96.65 of 100.
    assert card.coverage == pytest.approx(0.2) and card.min_coverage == 0.5
    assert not card.assessable and card.grade == ""
    assert card.shown_total == "不可评价" and "不可评价" in card.to_text() and "可评价 coverage: 20%" in card.to_text()
    assert "total=None" in repr(card) and "不可评价" in card._repr_html_()
    jx.set_language("en")
    try:
        assert card.shown_total == "not assessable"
    finally:
        jx.set_language("zh")
    assert json.loads(card.to_json())["min_coverage"] == 0.5  # the JSON keeps the engine's total for scripts
    empty = jx.score(jx.parse(NOTHING, name="w.txt"), rubric="dept-overall-2013")
    assert empty.coverage == 0 and not empty.assessable and empty.shown_total == "不可评价"


def test_a_fully_assessable_card_shows_its_total_coverage_and_review_points(lab: jx.Document) -> None:
    card = jx.score(lab)
    assert card.assessable and card.shown_total == "83.93" and card.review_points == 15
    text = card.to_text()
    assert "可评价 coverage: 100%" in text and "待复核 review: 15 分" in text and "待复核" in card._repr_html_()


def test_batch_tables_and_exports_say_not_assessable_instead_of_a_number(tmp_path: Path) -> None:
    (tmp_path / "thin.txt").write_text(THIN, encoding="utf-8")
    (tmp_path / "nothing.txt").write_text(NOTHING, encoding="utf-8")
    batch = jx.check_many([tmp_path], rubric="dept-overall-2013", progress=False)
    files = batch.files.set_index(batch.files["path"].map(lambda p: Path(p).name))
    assert files["total"].isna().all()  # never 96.65 for 20 %, never 0 for nothing
    assert files.loc["thin.txt", "coverage"] == pytest.approx(0.2) and files.loc["nothing.txt", "coverage"] == 0
    assert list(files["rubric"]) == ["dept-overall-2013"] * 2
    page = tmp_path / "review.html"
    batch.to_html(page)
    assert page.read_text(encoding="utf-8").count("class='number not-assessable'") == 2
    import openpyxl

    batch.to_excel(tmp_path / "review.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "review.xlsx")["文件"]
    header = [c.value for c in sheet[1]]
    totals = [row[header.index("总分")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert totals == ["不可评价", "不可评价"]
