"""Analysts' rules in Python (jixiao.rule): firing and staying silent, every way of pointing at a
place, failures that become findings, code collisions, rule files from the command line."""

from __future__ import annotations

import json
import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest

import jixiao as jx
from jixiao.scoring import unregister_indicator

REPORT = """某县统计局2022年度部门整体支出绩效自评报告
一、部门基本情况
县统计局负责全县统计调查和数据发布工作，完成COVID疫情相关统计专项调查。
二、一般公共预算支出情况
2022年年初预算数300.00万元，财政拨款支出290.00万元。
三、部门整体支出绩效情况
按时发布统计数据，KPI全部完成。
"""

CLEAN = """某县统计局2022年工作总结
一、主要工作
按时发布统计数据。
"""

TABLE_REPORT = "\n".join([
    "部门整体支出绩效目标表",
    "",
    "\t一级指标\n\t二级指标\n\t三级指标\n\t指标值",
    "",
    "\t产出指标\n\t数量指标\n\t统计调查项目\n\t≥12项",
    "",
    "\t满意度指标\n\t服务对象满意度\n\t数据使用者满意度\n\t≥90%",
    "",
])


@pytest.fixture(autouse=True)
def no_rules_left_behind() -> Iterator[None]:
    yield
    for info in jx.registered_rules():
        jx.unregister_rule(info.code)
    unregister_indicator("kpi_mentions")


def custom(result: jx.CheckResult) -> list[jx.Diagnostic]:
    return [d for d in result.diagnostics if d.code.startswith("X")]


def english_words_rule() -> None:
    @jx.rule("X901", name="no-english", severity="warning", message="正文夹杂英文 {word}")
    def no_english(doc: jx.Document, report: jx.RuleReport) -> None:
        """正文不应夹杂英文缩写"""
        for word in ("COVID", "KPI"):
            for place in report.find(word):
                report.add(at=place, args={"word": word}, suggestion="改用中文表述")


def test_a_rule_fires_where_it_finds_its_words_and_stays_silent_elsewhere() -> None:
    english_words_rule()
    found = custom(jx.check(jx.parse(REPORT, name="r.txt")))
    assert [(d.code, d.rule, d.severity, d.line) for d in found] == [
        ("X901", "no-english", "warning", 3),
        ("X901", "no-english", "warning", 7),
    ]
    first = found[0]
    assert first.message == "正文夹杂英文 COVID"
    assert first.excerpt[first.excerpt_start : first.excerpt_end] == "COVID"
    assert first.suggestion == "改用中文表述"
    assert first.path == "r.txt"
    assert custom(jx.check(jx.parse(CLEAN, name="c.txt"))) == []


def test_a_registered_rule_is_in_the_catalog_and_follows_select_and_ignore() -> None:
    english_words_rule()
    entry = jx.rules()[-1]
    assert (entry.code, entry.name, entry.summary["zh"]) == ("X901", "no-english", "正文不应夹杂英文缩写")
    doc = jx.parse(REPORT, name="r.txt")
    assert custom(jx.check(doc, jx.Config(ignore=["X9"]))) == []
    only = jx.check(doc, jx.Config(select=["X901"]))
    assert {d.code for d in only.diagnostics} == {"X901"}
    info = jx.check(doc, jx.Config(severity={"X901": "info"}))
    assert {d.severity for d in custom(info)} == {"info"}


def test_the_rule_gets_a_document_and_can_point_at_blocks_lines_cells_and_text() -> None:
    seen: list[object] = []

    @jx.rule("X902", name="places", severity="info")
    def places(doc: jx.Document, report: jx.RuleReport) -> None:
        seen.append(doc)
        report.add("整段", block=1)
        report.add("按行", line=10)  # 统计调查项目: row 2, column 3 of the table
        report.add("按文字", text="指标值")
        report.add("单元格", table=0, row=1, col=2)
        report.add("单元格中的文字", table=0, row=2, text="满意度")
        report.add("无位置", evidence={"预算": 300.0, "说明": "文字"})
        assert report.block_at(3) is not None and report.block_at(999) is None
        assert report.code == "X902" and report.lang == "zh"

    result = jx.check(jx.parse(TABLE_REPORT, name="t.txt"))
    assert isinstance(seen[0], jx.Document)
    assert {d.severity for d in result.diagnostics if d.code == "X902"} == {"info"}  # the asserts inside held
    by_message = {d.message: d for d in result.diagnostics if d.code == "X902"}
    assert by_message["整段"].block == "t1"
    assert (by_message["按行"].line, by_message["按行"].block) == (10, "t1/r2/c3")
    by_text = by_message["按文字"]
    assert by_text.excerpt[by_text.excerpt_start : by_text.excerpt_end] == "指标值"
    cell = by_message["单元格"]
    assert cell.block == "t1/r2/c3" and cell.excerpt.startswith("产出指标 | 数量指标 | 统计调查项目")
    in_cell = by_message["单元格中的文字"]
    assert in_cell.block == "t1/r3/c1" and in_cell.excerpt[in_cell.excerpt_start : in_cell.excerpt_end] == "满意度"
    loose = by_message["无位置"]
    assert loose.line == 0 and loose.excerpt == ""
    assert [(e.label, e.value, e.text) for e in loose.evidence] == [("预算", 300.0, ""), ("说明", None, "文字")]


def test_the_message_comes_from_the_template_in_the_chosen_language() -> None:
    @jx.rule("X903", message={"zh": "年度 {year} 出现", "en": "year {year} appears"})
    def year(doc: jx.Document, report: jx.RuleReport) -> None:
        report.add(text="2022", args={"year": 2022})

    doc = jx.parse(REPORT, name="r.txt")
    assert custom(jx.check(doc))[0].message == "年度 2022 出现"
    assert custom(jx.check(doc, jx.Config(lang="en")))[0].message == "year 2022 appears"
    assert custom(jx.check(doc))[0].rule == "year"


def test_an_exception_in_a_rule_becomes_an_error_finding_naming_the_rule() -> None:
    @jx.rule("X904", name="broken", severity="info")
    def broken(doc: jx.Document, report: jx.RuleReport) -> None:
        report.add("先报告一条", block=0)
        raise KeyError("预算")

    english_words_rule()
    result = jx.check(jx.parse(REPORT, name="r.txt"))
    failures = [d for d in result.diagnostics if d.code == "X904"]
    assert [d.message for d in failures if d.severity == "info"] == ["先报告一条"]
    failure = next(d for d in failures if d.severity == "error")
    assert failure.rule == "broken"
    assert failure.message.startswith("规则 X904（broken）运行出错：KeyError: '预算' (test_rules.py:")
    assert len(custom(result)) == 4  # the other rule still reported
    english = jx.check(jx.parse(REPORT, name="r.txt"), jx.Config(lang="en"))
    assert any(d.message.startswith("rule X904 (broken) failed: KeyError") for d in english.diagnostics)


def test_misusing_the_report_is_a_finding_too() -> None:
    kept: list[jx.RuleReport] = []

    @jx.rule("X905")
    def misuse(doc: jx.Document, report: jx.RuleReport) -> None:
        kept.append(report)
        report.add("越界", table=7)

    @jx.rule("X906")
    def no_message(doc: jx.Document, report: jx.RuleReport) -> None:
        report.add(block=0)

    result = jx.check(jx.parse(REPORT, name="r.txt"))
    messages = {d.code: d.message for d in result.diagnostics if d.code in ("X905", "X906")}
    assert "IndexError: table 7 out of range" in messages["X905"]
    assert "ValueError: rule X906 has no message template" in messages["X906"]
    with pytest.raises(RuntimeError, match="only valid while the rule runs"):
        kept[0].add("太晚了")


def test_codes_must_be_new_valid_and_taken_by_one_function_only() -> None:
    with pytest.raises(jx.ConfigError, match="A101"):
        jx.rule("A101")
    with pytest.raises(jx.ConfigError):
        jx.rule("X 1")
    with pytest.raises(jx.ConfigError):
        jx.rule("X907", severity="fatal")

    def first(doc: jx.Document, report: jx.RuleReport) -> None: ...

    def second(doc: jx.Document, report: jx.RuleReport) -> None: ...

    jx.rule("X907")(first)
    with pytest.raises(jx.ConfigError, match="first"):
        jx.rule("X907")(second)
    jx.rule("X907", severity="error")(first)  # the same function again (a re-run notebook cell) replaces it
    assert [(r.code, r.severity) for r in jx.registered_rules()] == [("X907", "error")]


def test_rules_run_in_batches_on_every_file(tmp_path: Path) -> None:
    english_words_rule()
    paths = []
    for i in range(20):
        path = tmp_path / f"{i:02d}.txt"
        path.write_text(REPORT if i % 2 == 0 else CLEAN, encoding="utf-8")
        paths.append(path)
    batch = jx.check_many(paths, jobs=2, progress=False)
    assert [len(custom(r.check)) for r in batch] == [2, 0] * 10
    finding = custom(batch[0].check)[0]
    assert pickle.loads(pickle.dumps(batch[0].check)).diagnostics[0] == batch[0].check.diagnostics[0]
    assert finding.message == "正文夹杂英文 COVID"


RULE_FILE = '''
import jixiao as jx


@jx.rule("X911", name="mentions-kpi", severity="error", message="出现英文缩写 KPI")
def mentions_kpi(doc: jx.Document, report: jx.RuleReport) -> None:
    """正文出现 KPI"""
    for place in report.find("KPI"):
        report.add(at=place)


@jx.register_indicator("kpi_mentions")
def kpi_mentions(doc: jx.Document) -> float:
    return float(doc.text.count("KPI"))
'''

RUBRIC = {
    "name": "kpi", "title": "KPI 提及", "total": 10,
    "grades": [{"grade": "优", "min": 9}, {"grade": "差", "min": 0}],
    "indicators": [{"key": "k", "name": "KPI 提及次数", "points": 10, "method": "ratio", "function": "kpi_mentions"}],
}


def test_rule_files_register_rules_and_indicators_from_the_command_line(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rules = tmp_path / "my_rules.py"
    rules.write_text(RULE_FILE, encoding="utf-8")
    report = tmp_path / "r.txt"
    report.write_text(REPORT, encoding="utf-8")
    run = cli("check", str(report), "--rules", str(rules), "--format", "json")
    assert run.returncode == 1, run.stderr
    codes = [d["code"] for d in json.loads(run.stdout)["files"][0]["diagnostics"]]
    assert "X911" in codes
    listed = cli("rules", "--rules", str(rules))
    assert "X911  mentions-kpi" in listed.stdout and "正文出现 KPI" in listed.stdout
    rubric = tmp_path / "kpi.json"
    rubric.write_text(json.dumps(RUBRIC, ensure_ascii=False), encoding="utf-8")
    scored = cli("score", str(report), "--rubric", str(rubric), "--rules", str(rules), "--format", "json")
    assert scored.returncode == 0, scored.stderr
    assert json.loads(scored.stdout)["items"][0]["value"] == 1.0
    out = tmp_path / "o.jsonl"
    batch = cli("batch", str(report), "--rules", str(rules), "--rubric", str(rubric), "--out", str(out), "--exit-code")
    line = json.loads(out.read_text(encoding="utf-8"))
    assert batch.returncode == 1 and "X911" in [d["code"] for d in line["diagnostics"]]
    assert line["score"]["items"][0]["value"] == 1.0


def test_a_broken_rule_file_is_a_clear_error_naming_it(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report = tmp_path / "r.txt"
    report.write_text(REPORT, encoding="utf-8")
    broken = tmp_path / "broken_rules.py"
    broken.write_text("import jixiao as jx\n\n@jx.rule('A101')\ndef f(doc, report):\n    pass\n", encoding="utf-8")
    run = cli("check", str(report), "--rules", str(broken))
    assert run.returncode == 2 and "broken_rules.py" in run.stderr and "A101" in run.stderr
    syntax = tmp_path / "syntax.py"
    syntax.write_text("def (:\n", encoding="utf-8")
    run = cli("check", str(report), "--rules", str(syntax))
    assert run.returncode == 2 and "syntax.py" in run.stderr and "SyntaxError" in run.stderr
    run = cli("check", str(report), "--rules", str(tmp_path / "missing.py"))
    assert run.returncode == 2 and "missing.py" in run.stderr


def test_loading_a_rule_file_again_replaces_its_rules(tmp_path: Path) -> None:
    rules = tmp_path / "my_rules.py"
    rules.write_text(RULE_FILE, encoding="utf-8")
    jx.load_rules(rules)
    rules.write_text(RULE_FILE.replace('severity="error"', 'severity="info"'), encoding="utf-8")
    jx.load_rules(rules)
    assert [(r.code, r.severity) for r in jx.registered_rules()] == [("X911", "info")]
