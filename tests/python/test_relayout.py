"""The re-layouts the robustness suite applies (relayout.py) really change the text the way published
text looks, keep its content, and leave alone what they cannot apply to."""

from __future__ import annotations

import re

import pytest
import relayout as rl
from reports import GOOD_REPORT, TARGET_TABLE

PROSE = GOOD_REPORT
PROJECT_TABLE = (
    "项目支出绩效自评表\n（2021年度）\n\n\t项目名称\n\t基层医疗卫生机构能力建设项目\n\n"
    "\t项目资金\n（万元）\n\t\n\t年初预算数\n\t全年执行数\n\t得分\n\n"
    "\t\n\t年度资金总额\n\t1200.50\n\t1080.25\n\t10\n"
)


def content(text: str) -> str:
    """The characters a reader reads, without layout: what no re-layout may change."""
    return re.sub(r"\s", "", text)


def test_display_width_counts_wide_characters_twice() -> None:
    assert rl.display_width("收入 12%") == 8
    assert rl.display_width("（万元）") == 8


def test_space_before_units() -> None:
    assert rl.space_before_units("收入307.82万元，占95%，52人，2021年") == "收入307.82 万元，占95 %，52 人，2021 年"
    assert rl.space_before_units("一、部门基本情况\n3、绩效") == "一、部门基本情况\n3、绩效"


def test_spaces_around_numbers() -> None:
    assert rl.spaces_around_numbers("截至2023年12月31日") == "截至 2023 年 12 月 31 日"


def test_thousands_separators_only_on_money_of_a_thousand_or_more() -> None:
    text = "收入2940.05万元，支出603.14万元，共1200元，2021年度12000人"
    assert rl.thousands_separators(text) == "收入2,940.05万元，支出603.14万元，共1,200元，2021年度12000人"
    table = rl.thousands_separators(PROJECT_TABLE)
    assert "\t1,200.50\n" in table and "\t10\n" in table


def test_fullwidth_digits_in_prose_not_in_tables() -> None:
    assert "财政拨款收入９８０.００万元" in rl.fullwidth_digits(PROSE)
    changed = rl.fullwidth_digits(PROJECT_TABLE)
    assert "（２０２１年度）" in changed and "\t1200.50\n" in changed


def test_ascii_punctuation() -> None:
    changed = rl.ascii_punctuation(PROSE)
    assert "(一)部门职能" in changed and "其中:基本支出" in changed and "，" not in changed
    assert "一、部门基本情况" in changed  # 、 stays


def test_letter_spaced_headings_and_labels() -> None:
    changed = rl.letter_spaced_labels(PROSE)
    assert "\n（一）部 门 职 能\n" in changed
    assert "\n六、部门整体支出绩效情况\n" in changed  # a long heading is not spaced
    assert "\t年 初 预 算 数\n" in rl.letter_spaced_labels(PROJECT_TABLE)


def test_headings_end_with_a_full_stop() -> None:
    changed = rl.headings_end_with_period(PROSE)
    assert "\n一、部门基本情况。\n（一）部门职能。\n" in changed
    assert "无。\n" in changed and "无。。" not in changed


def test_run_in_headings() -> None:
    changed = rl.run_in_headings(PROSE)
    assert "\n（一）部门职能。县水利局负责" in changed
    assert content(changed).replace("。", "") == content(PROSE).replace("。", "")


def test_tables_as_space_aligned_columns() -> None:
    changed = rl.tables_as_columns(PROJECT_TABLE)
    assert "\t" not in changed
    lines = changed.split("\n")
    header = next(line for line in lines if line.startswith("项目资金"))
    total = next(line for line in lines if "年度资金总额" in line)
    # Columns line up by display width, with at least two spaces between them.
    assert rl.display_width(header[: header.index("年初预算数")]) == rl.display_width(total[: total.index("1200.50")])
    assert re.search(r"年度资金总额 {2,}1200\.50 {2,}1080\.25 {2,}10$", total)
    assert "（万元）" in lines  # the wrapped cell goes on below its first line
    assert sorted(content(changed)) == sorted(content(PROJECT_TABLE))


def test_tables_as_one_cell_per_line() -> None:
    changed = rl.tables_as_cell_lines(PROJECT_TABLE)
    assert "\t" not in changed
    assert "\n年度资金总额\n1200.50\n1080.25\n10" in changed
    assert content(changed) == content(PROJECT_TABLE)


def test_one_line_flows_the_body_after_the_title() -> None:
    changed = rl.one_line(PROSE)
    assert changed.split("\n")[0] == PROSE.split("\n")[0]
    assert len(changed.strip().split("\n")) == 2
    assert content(changed) == content(PROSE)


def test_hard_wrap_keeps_figures_whole() -> None:
    changed = rl.hard_wrap(PROSE, width=30)
    assert all(rl.display_width(line) <= 32 for line in changed.split("\n"))
    assert len(changed.split("\n")) > len(PROSE.split("\n"))
    for figure in re.findall(r"[0-9]+(?:\.[0-9]+)?", PROSE):
        assert figure in changed
    assert content(changed) == content(PROSE)


def test_page_furniture() -> None:
    changed = rl.page_furniture(PROSE, lines_per_page=10)
    assert changed.count("\f") == 3  # two page breaks and the end of the last page
    assert "— 1 —" in changed and "— 3 —" in changed and "— 4 —" not in changed
    title = PROSE.split("\n")[0]
    assert changed.count(title) == 3  # the title and two running headers
    pages = rl.page_numbers_of(PROSE)
    assert "第 1 页 共 3 页" in pages and "第 3 页 共 3 页" in pages and title not in pages[len(title) :]


def test_pages_never_break_inside_a_table() -> None:
    changed = rl.page_furniture(TARGET_TABLE, lines_per_page=5)
    body = changed.split("\n\n                                  — 1 —")[0]
    assert body.rstrip("\n") == TARGET_TABLE.rstrip("\n")


def test_table_of_contents_lists_the_headings_with_page_numbers() -> None:
    changed = rl.table_of_contents(PROSE)
    toc = changed.split("目  录")[1].split("\n\n")[1].split("\n")
    assert len(toc) == 12  # ten sections and two sub-sections
    assert re.fullmatch(r"一、部门基本情况[.…·]{4,}\d+", toc[0])
    assert re.fullmatch(r" {2}（一）部门职能[.…·]{4,}\d+", toc[1])
    assert rl.table_of_contents(PROSE, seed=1) != changed  # another leader
    assert rl.table_of_contents(TARGET_TABLE) == TARGET_TABLE


def test_web_chrome_around_the_report() -> None:
    changed = rl.web_chrome(PROSE)
    assert changed.startswith("首页 > 政务公开 > 财政资金 > 预决算公开\n")
    assert "发布时间：" in changed and "索引号：" in changed
    assert changed.rstrip().endswith("扫一扫在手机打开当前页") and "【打印本页】【关闭窗口】" in changed
    assert PROSE in changed
    assert rl.web_chrome(PROSE, seed=3) != changed


def test_docx_properties_before_the_title() -> None:
    changed = rl.docx_properties(PROSE)
    assert changed.startswith("---\ntitle: 新建 Microsoft Word 文档\n") and changed.endswith(PROSE)


@pytest.mark.parametrize("name", sorted(set(rl.TRANSFORMS) - {"tables_as_columns", "tables_as_cell_lines"}))
def test_every_transform_changes_a_prose_report(name: str) -> None:
    assert rl.TRANSFORMS[name](PROSE) != PROSE


@pytest.mark.parametrize("name", ["tables_as_columns", "tables_as_cell_lines"])
def test_table_transforms_leave_a_report_without_tables_unchanged(name: str) -> None:
    assert rl.TRANSFORMS[name](PROSE) == PROSE
    assert rl.TRANSFORMS[name](TARGET_TABLE) != TARGET_TABLE


def test_compose_applies_in_pipeline_order() -> None:
    pdf = rl.compose(rl.COMBINATIONS["pdf"])(PROSE)
    # Letter-spacing came before the 目录 was built, which came before the page footers.
    assert "部 门 职 能" in pdf.split("目  录")[1].split("— 1 —")[0]
    assert rl.compose(["hard_wrap", "one_line"])(PROSE) == rl.hard_wrap(rl.one_line(PROSE))
    with pytest.raises(KeyError, match="no_such"):
        rl.compose(["no_such"])
