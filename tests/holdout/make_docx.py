# ruff: noqa: E501  (the paragraphs below are document text, kept one per line)
"""Writes the kept-aside .docx report (docs/h09_docx_selfeval_2023.docx) with python-docx.

The document is laid out the way departments write them in Word: a centred title, headings that
are bold body paragraphs (not heading styles), a figure split across two runs, and a table whose
header cells are merged across columns. Run from any directory: python3 tests/holdout/make_docx.py
"""
from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

OUT = Path(__file__).resolve().parent / "docs" / "h09_docx_selfeval_2023.docx"

TITLE = "临川区审计局2023年度部门整体支出绩效自评报告"

# (runs) paragraphs; a tuple of strings is one paragraph written as several runs
BODY: list[tuple[str, tuple[str, ...]]] = [
    ("p", ("根据区财政局关于开展2023年度部门整体支出绩效自评工作的通知要求，我局对2023年度部门整体支出开展了绩效自评，现将有关情况报告如下：",)),
    ("h", ("一、部门基本情况",)),
    ("p", ("临川区审计局是区人民政府工作部门，主要职责是：主管全区审计工作，对区本级预算执行情况、决算草案以及其他财政收支情况进行审计监督；对区属国有企业、政府投资项目和领导干部履行经济责任情况进行审计；向区人民政府和上级审计机关报告审计结果。",)),
    ("p", ("本局内设办公室、财政审计股、经济责任审计股、固定资产投资审计股、农业农村审计股5个股室，下属区审计事务中心1个事业单位。年末实有在职人员 38 人，其中行政人员 26 人、事业人员 12 人。",)),
    ("h", ("二、一般公共预算支出情况",)),
    ("p", ("2023年度本局年初预算 1,046.38 万元，全年预算 1,092.86 万元。全年财政拨款收入 1,082.15 万元，财政拨款支出 ", "1,071", ".62 万元，其中：基本支出 846.25 万元，项目支出 225.37 万元，按全年预算计算的预算执行率为98.06%。支出明细如下表：")),
    ("table", ()),
    ("p", ("基本支出 846.25 万元，其中人员经费 731.08 万元，占基本支出的86.39%；公用经费 115.17 万元，主要用于办公费、印刷费、差旅费、公务用车运行维护费等日常运转支出。",)),
    ("p", ("项目支出 225.37 万元，其中：审计业务经费 128.46 万元，聘请中介机构参与审计 62.30 万元，审计信息化建设 34.61 万元。",)),
    ("p", ("“三公”经费支出 6.42 万元，较上年减少 0.58 万元，其中公务接待费 1.36 万元，公务用车运行维护费 5.06 万元，未发生因公出国（境）费用。",)),
    ("h", ("三、政府性基金预算支出情况",)),
    ("p", ("本局2023年度无政府性基金预算收支。",)),
    ("h", ("四、国有资本经营预算支出情况",)),
    ("p", ("本局2023年度无国有资本经营预算收支。",)),
    ("h", ("五、社会保险基金预算支出情况",)),
    ("p", ("本局2023年度无社会保险基金预算收支。",)),
    ("h", ("六、部门整体支出绩效情况",)),
    ("p", ("（一）审计项目完成情况。全年完成审计（调查）项目 42 个，完成年度计划的105%，查出主要问题金额 3.86 亿元，促进增收节支 4,126.50 万元，提出审计建议 168 条，被采纳 161 条。",)),
    ("p", ("（二）政府投资审计情况。完成政府投资项目结算审计 186 个，送审金额 9.42 亿元，审减金额 0.71 亿元，审减率7.54%。",)),
    ("p", ("（三）审计整改情况。建立审计整改“对账销号”机制，全年督促整改问题 312 个，整改率96.2%，推动建立健全制度 27 项。",)),
    ("p", ("（四）满意度情况。向被审计单位发放满意度调查表 42 份，收回 42 份，综合满意度为 97.10%。",)),
    ("h", ("七、存在的问题及原因分析",)),
    ("p", ("一是项目支出执行率偏低，聘请中介机构参与审计的部分费用需待审计报告定稿后结算，项目支出执行率为93.30%；二是审计力量与审计任务不匹配，专业审计人员特别是工程造价、信息化审计人员不足。",)),
    ("h", ("八、下一步改进措施",)),
    ("p", ("（一）加强预算执行管理，按审计项目计划合理安排中介服务费用的支付进度。（二）加强审计队伍建设，开展审计业务培训，提高审计信息化应用水平。",)),
    ("h", ("九、绩效自评结果拟应用和公开情况",)),
    ("p", ("自评结果将作为本局完善内部管理和编制以后年度预算的参考依据，并在区人民政府门户网站公开。",)),
    ("h", ("十、其他需要说明的情况",)),
    ("p", ("无。",)),
]

TABLE = [
    ["项目", "预算数", "", "决算数", "执行率"],
    ["", "年初预算", "全年预算", "", ""],
    ["基本支出", "812.40", "851.30", "846.25", "99.41%"],
    ["  其中：人员经费", "702.60", "735.12", "731.08", "99.45%"],
    ["        公用经费", "109.80", "116.18", "115.17", "99.13%"],
    ["项目支出", "233.98", "241.56", "225.37", "93.30%"],
    ["合计", "1,046.38", "1,092.86", "1,071.62", "98.06%"],
]


def add_table(doc: Document) -> None:
    caption = doc.add_paragraph("2023年度部门支出情况表（单位：万元）")
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    table = doc.add_table(rows=len(TABLE), cols=5)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, cells in enumerate(TABLE):
        for c, text in enumerate(cells):
            if text:
                table.cell(r, c).text = text
    # merged header: 项目/决算数/执行率 span two rows, 预算数 spans two columns
    table.cell(0, 1).merge(table.cell(0, 2))
    table.cell(0, 0).merge(table.cell(1, 0))
    table.cell(0, 3).merge(table.cell(1, 3))
    table.cell(0, 4).merge(table.cell(1, 4))


def main() -> None:
    doc = Document()
    doc.styles["Normal"].font.size = Pt(14)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(TITLE)
    run.bold = True
    run.font.size = Pt(20)
    for kind, runs in BODY:
        if kind == "table":
            add_table(doc)
            continue
        para = doc.add_paragraph()
        for text in runs:
            para.add_run(text).bold = kind == "h"
    sign = doc.add_paragraph("临川区审计局")
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    date = doc.add_paragraph("2024年5月20日")
    date.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.core_properties.author = "user"
    doc.core_properties.title = ""
    OUT.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(OUT))


if __name__ == "__main__":
    main()
