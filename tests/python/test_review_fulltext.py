"""The full-text view: every finding highlighted in place and listed beside it, everything escaped."""

from __future__ import annotations

import re

from reports import FLAWED_REPORT, FLAWED_TARGET_TABLE

import jixiao as jx
from jixiao.review import render_fulltext


def marks_of(fragment: str) -> dict[int, list[str]]:
    """Finding index → the texts of the highlights showing it."""
    found: dict[int, list[str]] = {}
    for ids, body in re.findall(r"<mark class='jx-hl [^']*' data-findings='([^']*)'>(.*?)</mark>", fragment):
        for index in ids.split():
            found.setdefault(int(index), []).append(re.sub(r"<[^>]+>", "", body))
    return found


def test_every_finding_of_a_report_is_highlighted_at_its_words_and_linked_both_ways() -> None:
    doc = jx.parse(FLAWED_REPORT, name="flawed.txt")
    findings = jx.check(doc).diagnostics
    fragment = render_fulltext(doc, findings, id_prefix="r1")
    marks = marks_of(fragment)
    lines = doc.text.split("\n")
    for index, d in enumerate(findings):
        assert "".join(marks[index]) == lines[d.line - 1][d.column - 1 : d.end_column - 1], d.code
        assert f"id='r1-h{index}'" in fragment  # the highlight's anchor
        assert f"href='#r1-h{index}'" in fragment  # the list entry links to it
        assert f"id='r1-f{index}' data-finding='{index}' tabindex='0'" in fragment  # reachable by keyboard
    assert "警告" in fragment and "错误" in fragment  # severity in words, not colour alone
    assert "合计与分项之和不符" in fragment  # the rule's name beside its code


def test_a_table_is_shown_as_a_table_and_an_empty_cell_finding_as_a_visible_placeholder() -> None:
    doc = jx.parse(FLAWED_TARGET_TABLE, name="targets.txt")
    findings = jx.check(doc).diagnostics
    fragment = render_fulltext(doc, findings, lang="en")
    assert "<table class='jx-table'>" in fragment and "档案数字化外包费用</td>" in fragment
    missing = next(i for i, d in enumerate(findings) if d.code == "I101")
    assert marks_of(fragment)[missing] == ["(empty)"]
    assert marks_of(fragment)[next(i for i, d in enumerate(findings) if d.code == "I104")] == ["≤35万元"]
    assert all(f"href='#jx-h{i}'" in fragment for i in range(len(findings)))


def test_the_documents_text_is_escaped() -> None:
    doc = jx.parse("某单位2022年工作总结\n一、<script>alert(1)</script> & 工作工作情况\n", name="x.txt")
    fragment = render_fulltext(doc, jx.check(doc).diagnostics)
    assert "<script>" not in fragment and "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in fragment


def test_without_the_text_the_findings_are_listed_with_their_excerpts() -> None:
    doc = jx.parse(FLAWED_REPORT, name="flawed.txt")
    findings = jx.check(doc).diagnostics
    fragment = render_fulltext(None, findings, lang="zh")
    assert "全文不可用" in fragment and "<mark>7.00万元</mark>" in fragment
    assert "href=" not in fragment
    assert render_fulltext(doc, []).count("未发现问题") == 1


def test_a_finding_over_several_lines_is_marked_on_each_and_not_on_the_blank_one_between() -> None:
    doc = jx.parse("某单位2022年工作总结\n第一行文字\n\n第三行文字\n", name="x.txt")
    spanning = jx.Diagnostic(code="X901", rule="spanning", severity="warning", message="跨行",
                             line=2, column=3, end_line=4, end_column=3)
    fragment = render_fulltext(doc, [spanning])
    assert marks_of(fragment) == {0: ["行文字", "第三"]}
    assert "（空）" not in fragment
