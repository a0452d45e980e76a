"""The checker on reports written for these tests: every rule both fires and stays silent."""

from __future__ import annotations

import unicodedata

import pytest
from batch_corpus import report_text
from reports import GOOD_REPORT, TARGET_TABLE

import jixiao as jx


def codes(text: str, name: str = "report.txt", **config: object) -> list[tuple[str, str]]:
    cfg = jx.Config(**config) if config else jx.Config()
    result = jx.check(jx.parse(text, name=name), cfg)
    return [(d.code, d.excerpt) for d in result.diagnostics]


def fired(text: str, code: str, anchor: str = "") -> bool:
    return any(c == code and anchor in excerpt for c, excerpt in codes(text))


def test_a_sound_report_has_no_findings() -> None:
    assert codes(GOOD_REPORT) == []


def test_a_sound_target_table_has_only_the_precision_note() -> None:
    # 88.0205 vs 58.02049 + 30 = 88.02049: written to different precision, not an error.
    assert [c for c, _ in codes(TARGET_TABLE)] == ["A104"]


@pytest.mark.parametrize(
    ("code", "old", "new", "anchor"),
    [
        ("A101", "“三公”经费支出6.00万元", "“三公”经费支出7.00万元", "“三公”经费支出7.00万元"),
        ("A101", "项目支出340.00万元", "项目支出300.00万元", "财政拨款支出960.00万元"),
        ("A101", "公用经费100.00万元", "公用经费120.00万元", "基本支出中人员经费"),
        ("A102", "检测覆盖率95.0%", "检测覆盖率97.5%", "检测覆盖率97.5%"),
        ("A103", "其中行政编制20人", "其中行政编制60人", "行政编制60人"),
        ("C101", "自评结果在县政府门户网站公开。", "全年项目支出350.00万元。自评结果公开。", "项目支出350.00万元"),
        ("C103", "2022年度单位一般公共预算财政拨款收入", "2021年度单位一般公共预算财政拨款收入", "2021年度单位"),
        ("B101", "年初预算数1000.00万元", "年初预算数1200.00万元", "财政拨款支出960.00万元"),
        ("S103", "十、其他需要说明的情况\n无。\n", "十、其他需要说明的情况\n", "十、其他需要说明的情况"),
        ("S104", "局机关内设4个股室，截至2022年底实有在职人员52人，其中行政编制20人，事业编制32人。", "保密", "保密"),
        ("S201", "四、国有资本经营预算支出情况", "4、国有资本经营预算支出情况", "4、国有资本"),
        ("S202", "五、社会保险基金预算支出情况", "六、社会保险基金预算支出情况", "六、社会保险"),
        ("P101", "实有在职人员52人", "实有在职人员**人", "实有在职人员**人"),
        ("P101", "内设4个股室", "内设××个股室", "内设××个股室"),
        ("P101", "局机关内设", "【请填写机构设置】局机关内设", "【请填写机构设置】"),
        ("P102", "加强项目前期工作", "[bookmark: _GoBack]加强项目前期工作", "加强项目前期工作"),
        ("T101", "影响项目进度", "影响项目项目进度", "项目项目"),
        ("T101", "归侨侨眷服务", "慰问归侨、侨侨眷服务", "侨侨眷"),
        ("T102", "截至目前", "截止目前", "截止目前"),
        ("T102", "“三高四新”战略", "“三高四”战略", "三高四"),
        ("T102", "影响项目进度", "影响有效斜街", "有效斜街"),
    ],
)
def test_each_rule_fires_on_its_defect(code: str, old: str, new: str, anchor: str) -> None:
    assert old in GOOD_REPORT
    broken = GOOD_REPORT.replace(old, new, 1)
    found = codes(broken)
    assert any(c == code and anchor in e for c, e in found), found


def test_missing_sections_are_named_by_the_template() -> None:
    broken = GOOD_REPORT.replace("三、政府性基金预算支出情况\n无。\n", "")
    result = jx.check(jx.parse(broken, name="r.txt"))
    s101 = [d for d in result.diagnostics if d.code == "S101"]
    assert len(s101) == 1
    assert "政府性基金预算支出情况" in s101[0].message
    assert result.template == "hunan-dept-selfeval"


def test_sections_out_of_order_are_reported() -> None:
    swapped = GOOD_REPORT.replace("七、存在的问题及原因分析", "七、下一步改进措施X").replace(
        "八、下一步改进措施", "八、存在的问题及原因分析"
    ).replace("七、下一步改进措施X", "七、下一步改进措施")
    assert fired(swapped, "S102", "下一步改进措施")
    assert not fired(GOOD_REPORT, "S102")


def test_a_report_without_budget_figures_is_reported_and_a_summary_is_not() -> None:
    no_money = (
        "某县司法局2022年度部门整体支出绩效自评报告\n一、部门基本情况\n负责全县普法工作。\n"
        "二、部门整体支出绩效情况\n全年开展普法宣传120场。\n三、存在的问题\n宣传形式单一。\n"
    )
    assert fired(no_money, "B102")
    summary = "某县司法局2022年度工作总结\n一、主要工作\n全年开展普法宣传120场。\n二、存在的问题\n宣传形式单一。\n"
    assert not fired(summary, "B102")
    assert not fired(GOOD_REPORT, "B102")


def test_a_title_that_claims_an_evaluation_over_a_work_summary() -> None:
    text = (
        "2022年度部门整体支出绩效评价报告\n一、2022年工作总结\n（一）抓好学习。全年组织学习12次。\n"
        "二、2023年工作计划\n（一）继续抓好学习。\n"
    )
    assert fired(text, "S301")
    assert not fired(GOOD_REPORT, "S301")
    assert not fired("某县司法局2022年度工作总结\n一、工作总结\n全年开展普法宣传120场。\n", "S301")


def test_counted_totals_and_their_parts() -> None:
    fine = "全县共有归侨侨眷451人。其中归侨17人，华侨67人，华人14人，港澳台72人，眷属246人，留学生35人。"
    assert not fired(fine, "A101")
    wrong = fine.replace("留学生35人", "留学生45人")
    assert fired(wrong, "A101", "共有归侨侨眷451人")
    # A 其中 list that is not said to be complete is left alone when it falls short.
    partial = "共收到捐款1342.23万元，其中统战成员捐赠1027.62万元，协助采购物资325.8万元。"
    assert not fired(partial, "A101")
    assert not fired(partial, "A103")
    # 其中 in the middle of a sentence refers to the sentence, not to a figure stated before it.
    elsewhere = "提拔正科级党外干部3名。做好换届中党外代表人士安排工作，其中，区人大代表中党外人士65名、占比36%。"
    assert codes(elsewhere) == []
    assert fired("实有在职人员52人，其中行政编制60人，事业编制32人。", "A103", "行政编制60人")


def test_percentages_with_their_whole_in_a_neighbouring_sentence() -> None:
    fine = "全年完成老年人健康体检18650人，体检率达到72.4%，全区老年人共25760人。"
    assert not fired(fine, "A102")
    assert fired(fine.replace("72.4%", "75.4%"), "A102", "75.4%")
    # A share with no stated whole is not checked.
    assert not fired("党外代表人士65名、占比36%，政协委员中党外代表人士105名、占比63.3%。", "A102")
    mixed = "区级人大代表198名，其中党外代表71名，占35.9%，区政协委员171名，党外103名，占61.7%。"
    found = [e for c, e in codes(mixed) if c == "A102"]
    assert len(found) == 1


def test_target_table_rules_fire_and_stay_silent() -> None:
    assert not fired(TARGET_TABLE, "I101")
    assert fired(TARGET_TABLE.replace("\t≥98%\n", "\t\n"), "I101", "数字化成果合格率")
    assert not fired(TARGET_TABLE, "I102")
    assert fired(TARGET_TABLE.replace("≥1500人次", "良好"), "I102", "良好")
    assert not fired(TARGET_TABLE.replace("≥1500人次", "无直接经济效益"), "I102")
    assert not fired(TARGET_TABLE, "I103")
    no_time = TARGET_TABLE.replace("\t产出时效\n", "\t产出其他\n")
    result = jx.check(jx.parse(no_time, name="t.txt"))
    assert [d.message for d in result.diagnostics if d.code == "I103"] == ["指标表缺少「产出时效」类二级指标"]
    assert not fired(TARGET_TABLE, "I104")
    assert fired(TARGET_TABLE.replace("≤28万元", "≤35万元"), "I104", "≤35万元")
    assert not fired(TARGET_TABLE.replace("外包费用\n\t≤28万元", "人均费用\n\t≤35万元"), "I104")


def test_a_total_row_must_equal_its_items() -> None:
    table = (
        "\t序号\n\t支出方向\n\t金额\n\n\t\n\t合计\n\t30\n\n\t一\n\t业务经费\n\t30\n\n"
        "\t1\n\t培训\n\t5\n\n\t2\n\t调研\n\t10\n\n\t3\n\t宣传\n\t15\n"
    )
    assert not fired(table, "A101")
    assert fired(table.replace("\t宣传\n\t15", "\t宣传\n\t25"), "A101", "业务经费")


def test_rollup_of_sub_tables_into_the_summary() -> None:
    def table(title: str, amount: str, counts: str, project: str = "") -> str:
        head = f" \t{title}\n\n"
        if project:
            head += f"\t项目支出\n\t{project}万元\n\n"
        if amount:
            head += f"\t项目金额\n\t{amount}\n\n"
        return (
            head + "\t年度绩效指标\n\t一级指标\n\t二级指标\n\t三级指标\n\t指标值\n\n"
            f"\t\n\t产出指标\n\t产出数量\n\t开展工作\n\t{counts}\n\n"
            "\t\n\t\n\t产出质量\n\t合格率\n\t100%\n\n\t\n\t满意度指标\n\t满意度\n\t群众满意度\n\t≥90%\n"
        )

    doc = "2023年部门整体支出绩效目标表\n" + table("部门整体绩效目标表", "", "培训8次；调研5次", "30")
    first = table("支出方向绩效目标表", "10", "培训6次；调研2次")
    fine = doc + first + table("支出方向绩效目标表", "20", "培训2次；调研3次")
    assert not fired(fine, "C102")
    off = doc + first + table("支出方向绩效目标表", "20", "培训2次；调研1次")
    assert fired(off, "C102", "调研5次")


def test_findings_carry_place_excerpt_evidence_and_suggestion() -> None:
    broken = GOOD_REPORT.replace("检测覆盖率95.0%", "检测覆盖率97.5%")
    d = next(d for d in jx.check(jx.parse(broken, name="w.txt")).diagnostics if d.code == "A102")
    assert (d.rule, d.severity, d.path) == ("percent-mismatch", "error", "w.txt")
    line = broken.splitlines()[d.line - 1]
    assert line[d.column - 1 : d.end_column - 1] == "97.5%"
    assert d.excerpt[d.excerpt_start : d.excerpt_end] == "97.5%"
    assert "38/40" in d.message and "95.0%" in d.message
    assert {e.role for e in d.evidence} >= {"stated", "part", "whole", "computed"}
    assert d.suggestion == "改为「95.0%」"


def test_messages_in_english_on_request() -> None:
    broken = GOOD_REPORT.replace("截至目前", "截止目前")
    d = next(d for d in jx.check(jx.parse(broken), jx.Config(lang="en")).diagnostics if d.code == "T102")
    assert d.message == "“截止目前” should be “截至目前”"


def test_an_introduced_project_list_keeps_its_first_item_and_may_be_partial(samples) -> None:  # type: ignore[no-untyped-def]
    doc = jx.load(samples / "agri_dept_selfeval_2022.txt")
    assert [p.amount for p in doc.projects] == [1320.0, 186.5, 248.3, 165.29, 196.0]
    assert not any(d.code == "A101" for d in jx.check(doc).diagnostics)
    # Not introduced as partial (主要包括), a list that does not add up is reported.
    complete = doc.text.replace("项目支出主要包括：", "项目支出分项如下：").replace("196.00万元", "296.00万元")
    assert fired(complete, "A101", "项目支出2116.09万元")


def test_a_heading_closed_with_a_full_stop_is_not_called_empty() -> None:
    # Flowed text can leave a one-sentence section read as a heading: that it has no content is not
    # established, so S103 stays silent; a heading without the full stop still fires.
    sentence = GOOD_REPORT.replace("十、其他需要说明的情况\n无。\n", "十、其他需要说明的情况无。\n")
    assert not fired(sentence, "S103")
    assert fired(GOOD_REPORT.replace("十、其他需要说明的情况\n无。\n", "十、其他需要说明的情况\n"), "S103")


def test_a_numbered_list_of_projects_is_summed_only_when_read_from_its_first_item() -> None:
    head = "2022年度单位一般公共预算财政拨款支出886.10万元，其中：基本支出640.10万元，项目支出246.00万元。\n"
    items = "1、小型水库除险加固项目支出120.00万元；2、河长制工作经费项目支出36.00万元；3、防汛抗旱经费80.00万元。\n"
    assert fired(head + items, "A101", "项目支出246.00万元")  # 120 + 36 + 80 = 236, not 246
    # Items 2 and 3 without their first (glued to a heading in flowed text, unread) are not the list.
    partial = head + "2、河长制工作经费项目支出36.00万元；3、防汛抗旱经费80.00万元。\n"
    assert not fired(partial, "A101")


def test_an_indicator_table_with_rows_left_as_text_is_not_called_incomplete() -> None:
    # The 满意度 row after a page break the reader could not close arrives as a paragraph: the table
    # holds only part of its rows, so I103 stays silent; the same table without that row fires.
    last_row = "\t\n\t满意度指标\n\t服务对象满意度\n\t查档群众满意度\n\t≥90%\n\t\n"
    assert last_row in TARGET_TABLE
    without = TARGET_TABLE.replace(last_row, "")
    assert fired(without, "I103")
    split = TARGET_TABLE.replace(last_row, "\n\n满意度指标服务对象满意度查档群众满意度      ≥90%\n")
    assert not fired(split, "I103")


def _aligned(rows: list[tuple[str, ...]]) -> str:
    def pad(cell: str) -> str:
        width = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in cell)
        return cell + " " * (20 - width)

    return "\n".join("".join(pad(c) for c in row).rstrip() for row in rows)


def test_a_header_cell_run_together_in_a_table_recovered_from_text_is_no_doubled_word() -> None:
    rows = [
        ("一级指标", "二级指标", "三级指标指标值", "备注"),
        ("产出指标", "产出数量", "档案数字化", "≥12万页"),
        ("产出指标", "产出质量", "合格率", "≥98%"),
        ("效益指标", "社会效益", "查阅服务", "≥1500人次"),
    ]
    title = "2023年部门整体支出绩效目标表\n\n"
    aligned = jx.parse(title + _aligned(rows) + "\n", name="t.txt")
    assert [t.layout for t in aligned.tables] == ["text_columns"]
    assert not [d for d in jx.check(aligned).diagnostics if d.code == "T101"]
    # The same words in a table with its own cells are a doubled word.
    cells = title + "\n\n".join("\n".join("\t" + c for c in row) for row in rows) + "\n"
    assert fired(cells, "T101", "三级指标指标值")


def test_a_part_the_contents_list_but_the_body_does_not_head_is_no_numbering_gap() -> None:
    body = (
        "某局2024年度部门决算\n第一部分 某局概况\n一、主要职能\n负责全区工作。\n"
        "第三部分 某局2024年度部门决算情况说明\n一、收入支出决算总体情况说明\n收入支出总计100.00万元。\n"
    )
    assert fired(body, "S202", "第三部分")
    contents = (
        "目录\n第一部分 某局概况……………………1\n第二部分 某局2024年度部门决算表……………………3\n"
        "第三部分 某局2024年度部门决算情况说明……………………8\n\n"
    )
    with_contents = body.replace("某局2024年度部门决算\n", "某局2024年度部门决算\n" + contents, 1)
    assert not fired(with_contents, "S202")


HEAD = "某县水利局2022年度部门整体支出绩效自评报告\n"


def test_figures_after_a_list_that_already_adds_up_are_no_parts_of_it() -> None:
    # 60 + 40 make the 100 of 基本支出; 项目支出200 after them is its sibling, not a part (no A103).
    text = HEAD + "基本支出100.00万元，其中人员经费60.00万元、公用经费40.00万元，项目支出200.00万元。\n"
    assert not fired(text, "A103")
    assert fired(HEAD + "基本支出100.00万元，其中人员经费160.00万元、公用经费40.00万元。\n", "A103")


def test_a_count_list_of_attributes_others_may_share_is_not_held_to_add_up() -> None:
    assert not fired(HEAD + "截至2022年底，共有在职人员50人，其中党员20人，女职工15人。\n", "A101")
    assert fired(HEAD + "截至2022年底，共有在职人员50人，其中行政编制20人，事业编制32人。\n", "A101")


def test_a_project_list_ending_with_deng_is_partial() -> None:
    spending = "2022年度财政拨款支出960.00万元，其中：基本支出620.00万元，项目支出340.00万元。\n"
    items = "1、水库除险加固120.00万元；2、河长制经费36.00万元；3、防汛经费10.00万元。\n"
    assert fired(HEAD + spending + items, "A101", "项目支出340.00万元")
    assert not fired(HEAD + spending + items.replace("10.00万元。", "10.00万元等。"), "A101")


def test_one_total_found_by_two_readings_is_reported_once() -> None:
    text = HEAD + "2022年度财政拨款支出300.00万元，其中基本支出100.00万元，项目支出150.00万元。\n"
    assert [c for c, _ in codes(text)].count("A101") == 1


def test_a_statement_in_yuan_is_compared_in_wan_yuan() -> None:
    statement = (
        "某局2024年度部门决算\n收入支出决算总表\n\n\t项目\n\t金额（元）\n\n\t收入支出总计\n\t12345600.00\n\n"
        "收入支出决算总体情况说明：本年度收入支出总计{prose}万元。\n"
    )
    assert not fired(statement.format(prose="1234.56"), "C101")
    assert fired(statement.format(prose="1300.00"), "C101")


def test_self_scores_are_checked_only_against_the_points_the_table_states() -> None:
    _, table = report_text(1)
    assert fired(table, "I105", "总分")
    # The table gives 预算执行率 20 points where the rubric gives 10: 18 of 20 is no wrong score.
    funds = table.replace("\t10\n\t98%\n\t10\n", "\t20\n\t98%\n\t18\n", 1)
    assert not fired(funds, "I105", "年度资金总额")
    # A row whose 分值 the table leaves blank: its 得分 cannot be held to a total.
    blank = table.replace("\t培训合格率\n\t≥95%\n\t97%\n\t20\n", "\t培训合格率\n\t≥95%\n\t97%\n\t\n", 1)
    assert not fired(blank, "I105", "总分")


def test_a_work_summary_may_order_its_optional_parts_as_it_likes() -> None:
    summary = (
        "某局2022年工作总结\n一、存在的问题\n宣传形式单一。\n"
        "二、工作开展情况\n全年开展普法宣传120场。\n三、工作计划\n加强宣传。\n"
    )
    assert not fired(summary, "S102")


def test_typos_and_doubled_marks_are_found_wherever_they_stand_longest_entry_first() -> None:
    def found(text: str, config: jx.Config) -> list[tuple[str, int, int, str]]:
        result = jx.check(jx.parse("一、概况\n" + text + "\n"), config)
        shown = ("T102", "T103")
        return [(d.code, d.column, d.end_column, d.suggestion) for d in result.diagnostics if d.code in shown]

    # Two marks are a slip, three an ellipsis; the lexicon's 截止目前 wins over a shorter entry of the config.
    assert found("截止目前，完成。。任务，，三项。。。结束；；", jx.Config(typos={"截止": "截至"})) == [
        ("T102", 1, 5, "改为「截至目前」"),
        ("T103", 8, 10, "删去重复的「。」"),
        ("T103", 12, 14, "删去重复的「，」"),
        ("T103", 21, 23, "删去重复的「；」"),
    ]
    # A one-letter entry of the config, at the start, the end and next to another entry.
    assert found("x截止目前完成x", jx.Config(typos={"x": "y"})) == [
        ("T102", 1, 2, "改为「y」"), ("T102", 2, 6, "改为「截至目前」"), ("T102", 8, 9, "改为「y」"),
    ]
    assert found("截止目前完成了，任务。", jx.Config()) == [("T102", 1, 5, "改为「截至目前」")]
