"""Batch exports read back: the Excel workbook with openpyxl, the HTML review page with
html.parser, the CSV folder with pandas and the JSON lines with json."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from batch_corpus import write_corpus

import jixiao as jx


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> jx.BatchResult:
    paths, _ = write_corpus(tmp_path_factory.mktemp("reports"), 12)
    # A finding whose excerpt starts with "=", which must stay text in Excel.
    formula = paths[0].parent / "formula.txt"
    formula.write_text("某局2022年工作总结\n一、工作情况\n=SUM(A1:A9) 全年开展活动活动3次。\n", encoding="utf-8")
    return jx.check_many([*paths, formula], jobs=2, rubric="auto", progress=False)


def test_excel_has_one_sheet_per_kind_with_chinese_headers_widths_and_filters(
    batch: jx.BatchResult, tmp_path: Path
) -> None:
    target = tmp_path / "review.xlsx"
    batch.to_excel(target)
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["汇总", "文件", "问题", "预算", "项目", "绩效指标", "评分", "规则", "跳过的文件"]
    files, findings = book["文件"], book["问题"]
    assert [c.value for c in files[1]][:6] == ["文件", "文档类型", "模板", "年度", "单位", "错误数"]
    assert [c.value for c in findings[1]][5:9] == ["代码", "规则", "级别", "问题"]
    assert findings.auto_filter.ref == f"A1:O{len(batch.findings) + 1}"
    assert [c.value for c in findings[1]][12:] == ["页", "工作表", "单元格"]
    assert findings.freeze_panes == "A2"
    assert files.max_row == len(batch) + 1 and findings.max_row == len(batch.findings) + 1
    widths = {letter: dim.width for letter, dim in findings.column_dimensions.items()}
    assert widths["I"] > widths["B"] > 0  # 问题 (messages) is wider than 行 (line numbers)
    assert max(widths.values()) <= 62
    rows = list(findings.iter_rows(min_row=2, values_only=True))
    messages = {row[8] for row in rows}
    assert any("合计" in str(m) or "之和" in str(m) for m in messages)
    formula_rows = [row for row in rows if str(row[10]).startswith("=SUM")]
    assert formula_rows and all(findings.cell(row=2 + rows.index(r), column=11).data_type == "s" for r in formula_rows)
    budget = book["预算"]
    assert budget["B1"].value == "年初预算数（万元）" and budget["B2"].value == 800
    scores = book["评分"]
    assert "指标名称" in [c.value for c in scores[1]]


def test_csv_writes_one_file_per_kind_or_one_kind(batch: jx.BatchResult, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    batch.to_csv(folder)
    for kind in ("files", "findings", "budget", "projects", "indicators", "scores"):
        frame = pd.read_csv(folder / f"{kind}.csv", keep_default_na=False)
        assert list(frame.columns) == list(batch.to_pandas(kind).columns)
        assert len(frame) == len(batch.to_pandas(kind))
    single = tmp_path / "findings.csv"
    batch.to_csv(single, kind="findings")
    assert pd.read_csv(single)["code"].tolist() == batch.findings["code"].tolist()


def test_json_lines_hold_one_record_per_file(batch: jx.BatchResult, tmp_path: Path) -> None:
    target = tmp_path / "review.jsonl"
    batch.to_jsonl(target)
    records = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [r["path"] for r in records] == [r.path for r in batch]
    first = records[0]
    assert {"doc_type", "diagnostics", "score", "budget", "indicators", "error"} <= set(first)
    assert first["budget"]["budget"] == 800 and first["score"]["rubric"] == "dept-overall-2013"
    unreadable = [r for r in records if r["error"]]
    assert len(unreadable) == 3 and all(r["score"] is None and r["budget"] is None for r in unreadable)


class PageReader(HTMLParser):
    """Collects ids, links, the overview rows, <mark> texts with the cell around them, and any
    external resources."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.links: list[str] = []
        self.external: list[str] = []
        self.overview_rows = 0
        self.marks: list[str] = []
        self.text: list[str] = []
        self._in_overview = False
        self._in_mark = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.append(str(attributes["id"]))
        if tag == "a" and attributes.get("href"):
            self.links.append(str(attributes["href"]))
        if attributes.get("src") or (tag == "link" and attributes.get("href")) or tag == "img":
            self.external.append(tag)

        if tag == "table" and attributes.get("class") == "overview":
            self._in_overview = True
        if tag == "tr" and self._in_overview:
            self.overview_rows += 1
        if tag == "mark":
            self._in_mark = True
            self.marks.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._in_overview = False
        if tag == "mark":
            self._in_mark = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_mark:
            self.marks[-1] += data


def test_the_html_review_page_links_overview_and_sections_and_marks_each_finding(
    batch: jx.BatchResult, tmp_path: Path
) -> None:
    target = tmp_path / "review.html"
    batch.to_html(target)
    page = target.read_text(encoding="utf-8")
    reader = PageReader()
    reader.feed(page)
    assert reader.external == []  # self-contained: no script, stylesheet, font or image to fetch
    assert "<style>" in page
    assert reader.overview_rows == len(batch) + 1  # a header row, then one per file
    sections = [f"file-{i}" for i in range(1, len(batch) + 1)]
    assert [i for i in reader.ids if re.fullmatch(r"file-\d+", i)] == sections
    assert "overview" in reader.ids
    assert [link for link in reader.links if re.fullmatch(r"#file-\d+", link)] == [f"#{s}" for s in sections]
    assert reader.links.count("#overview") == 2 * len(batch)  # above and below each report
    # Each readable report's text with its findings marked in place: a highlight per finding that
    # has a line, linked from its entry in the list beside the text.
    for number, result in enumerate(batch, start=1):
        if result.error:
            continue
        placed = [i for i, d in enumerate(result.check.diagnostics) if d.line > 0]
        assert {f"file-{number}-h{i}" for i in placed} <= set(reader.ids)
        assert all(f"#file-{number}-h{i}" in reader.links for i in placed)
    assert "截止目前" in "".join(reader.marks)
    text = "".join(reader.text)
    assert "预算绩效报告审核" in text and "无法读取" in text and "评分" in text
    assert page.count("<h3>评分</h3>") == sum(1 for r in batch if r.score is not None) == len(batch) - 3


def test_excel_without_openpyxl_is_a_clear_error(
    batch: jx.BatchResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(jx.Error, match="openpyxl"):
        batch.to_excel(tmp_path / "x.xlsx")


def test_excel_reads_as_a_review_workbook(batch: jx.BatchResult, tmp_path: Path) -> None:
    target = tmp_path / "review.xlsx"
    batch.to_excel(target)
    book = openpyxl.load_workbook(target)
    findings, files = book["问题"], book["文件"]
    header = [c.value for c in findings[1]]
    severity = header.index("级别") + 1
    values = {findings.cell(row=r, column=severity).value for r in range(2, findings.max_row + 1)}
    assert values <= {"错误", "警告", "提示"} and "错误" in values
    colours = {findings.cell(row=r, column=severity).value: findings.cell(row=r, column=severity).fill.fgColor.rgb
               for r in range(2, findings.max_row + 1)}
    assert colours["错误"].endswith("FFC7CE") and colours["警告"].endswith("FFEB9C")
    message = findings.cell(row=2, column=header.index("问题") + 1)
    assert message.alignment.wrap_text
    # Each finding links to its report's row of the files sheet, each report to its first finding.
    for r in range(2, findings.max_row + 1):
        link = findings.cell(row=r, column=1).hyperlink
        sheet, cell = link.location.split("!")
        assert sheet == "'文件'" and files[cell].value == findings.cell(row=r, column=1).value
    first = files["A2"].hyperlink.location.split("!")[1]
    assert findings[first].value == files["A2"].value
    # Number formats and print setup.
    budget = book["预算"]
    assert budget["B2"].number_format == "#,##0.00"
    file_header = [c.value for c in files[1]]
    assert files.cell(row=2, column=file_header.index("可评价占比") + 1).number_format == "0%"
    for sheet in (findings, files, book["汇总"], book["规则"]):
        assert sheet.page_setup.orientation == "landscape" and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert findings.print_title_rows == "$1:$1"
    summary = {row[0]: row[1] for row in book["汇总"].iter_rows(values_only=True) if row[0]}
    assert summary["报告数"] == len(batch) and summary["错误"] == batch.summary()["error"]
    rules = list(book["规则"].iter_rows(values_only=True))
    assert rules[0] == ("代码", "规则", "严重程度", "说明", "问题数") and len(rules) == len(jx.rules()) + 1
    counted = {row[0]: row[4] for row in rules[1:]}
    assert counted == {r.code: int((batch.findings["code"] == r.code).sum()) for r in jx.rules()}


def test_excel_in_english_on_request(batch: jx.BatchResult, tmp_path: Path) -> None:
    target = tmp_path / "review.xlsx"
    batch.to_excel(target, lang="en")
    book = openpyxl.load_workbook(target)
    assert book.sheetnames[:3] == ["summary", "files", "findings"] and "rules" in book.sheetnames
    findings = book["findings"]
    header = [c.value for c in findings[1]]
    assert "severity" in header
    column = header.index("severity") + 1
    assert {findings.cell(row=r, column=column).value for r in range(2, findings.max_row + 1)} <= {
        "error", "warning", "info"}


def test_csv_starts_with_a_byte_order_mark_unless_asked_not_to(batch: jx.BatchResult, tmp_path: Path) -> None:
    with_bom = tmp_path / "findings.csv"
    batch.to_csv(with_bom, kind="findings")
    data = with_bom.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfpath,") and data.count(b"\xef\xbb\xbf") == 1
    assert pd.read_csv(with_bom, encoding="utf-8-sig")["code"].tolist() == batch.findings["code"].tolist()
    plain = tmp_path / "plain.csv"
    batch.to_csv(plain, kind="findings", bom=False)
    assert plain.read_bytes() == data[3:]


def test_the_page_filters_names_rules_and_marks_findings_in_the_full_text(
    batch: jx.BatchResult, tmp_path: Path
) -> None:
    from jixiao.review.fulltext import CJK_FONT_STACK

    target = tmp_path / "review.html"
    batch.to_html(target)
    page = target.read_text(encoding="utf-8")
    for family in ("PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei"):
        assert family in CJK_FONT_STACK
    assert CJK_FONT_STACK in page
    assert "id='search'" in page and "data-filter='severity'" in page and "data-filter='code'" in page
    assert page.count("<svg") == 4 and "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    codes = set(batch.findings["code"])
    names = {r.code: r.name for r in jx.rules()}
    legend = page[page.index("id='legend'"): page.index("</table>", page.index("id='legend'"))]
    assert all(code in legend and names[code] in legend for code in codes)
    assert "<span class='jx-sev jx-sev-error'>错误</span>" in page  # the severity in words beside its colour
    assert "class='number severity-error'" in page


def test_a_batch_without_kept_documents_still_shows_each_full_text(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text("某局2022年工作总结\n一、工作情况\n截止目前开展活动活动3次。\n", encoding="utf-8")
    batch = jx.check_many([report], progress=False)  # keeps the figures, not the text
    assert not batch[0].document or not batch[0].document.text
    batch.to_html(tmp_path / "r.html")
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "一、工作情况" in page and page.count("class='jx-anchor'") == len(batch[0].check)
    report.unlink()  # gone since the batch ran: the findings are listed with their excerpts
    batch.to_html(tmp_path / "gone.html")
    assert "全文不可用" in (tmp_path / "gone.html").read_text(encoding="utf-8")


def test_charts_count_what_the_tables_hold(batch: jx.BatchResult) -> None:
    from jixiao.plot import KINDS, chart_data, svg

    scores = chart_data(batch, "scores")
    scored = batch.files["rubric"].notna().sum()
    assert sum(scores.values) == scored
    rules = chart_data(batch, "rules")
    assert dict(zip(rules.labels, rules.values, strict=True)) == batch.findings["code"].value_counts().to_dict()
    heatmap = chart_data(batch, "heatmap")
    assert sum(map(sum, heatmap.matrix)) == len(batch.findings)
    rates = chart_data(batch, "execution")
    assert sum(rates.values) == batch.budget["execution_rate"].notna().sum()
    for kind in KINDS:
        drawn = svg(chart_data(batch, kind))
        assert drawn.startswith("<svg") and f"data-chart='{kind}'" in drawn and "<title>" in drawn


def test_plot_draws_each_chart_with_a_chinese_font(batch: jx.BatchResult) -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    from jixiao.plot import KINDS, chinese_font

    if chinese_font() is None:
        pytest.skip("no Chinese font installed (scripts/install-system-deps.sh test installs fonts-wqy-microhei)")
    for kind in KINDS:
        ax = batch.plot(kind)
        assert ax.get_title() and ax.figure is not None
    assert batch.plot("scores").get_title().startswith("总分分布")
    import matplotlib.pyplot as plt

    plt.close("all")


def test_plot_without_a_chinese_font_names_the_package_to_install(
    batch: jx.BatchResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import jixiao.plot

    monkeypatch.setattr(jixiao.plot, "chinese_font", lambda: None)
    with pytest.warns(jixiao.plot.FontWarning, match="fonts-noto-cjk"):
        batch.plot("rules")
    import matplotlib.pyplot as plt

    plt.close("all")


def test_plot_without_matplotlib_names_the_extra(batch: jx.BatchResult, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(jx.Error, match=r"jixiao\[plot\]"):
        batch.plot("scores")
