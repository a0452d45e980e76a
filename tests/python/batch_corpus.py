"""Reports written for the batch tests, in the genre's four kinds, and a generator that writes many
variants of them (other departments, years and figures) plus a few files that cannot be read."""

from __future__ import annotations

from pathlib import Path

# 部门整体支出绩效自评报告 (Hunan layout) with a 其中 breakdown that does not add up and a known typo.
SELF_EVALUATION = """某县{dept}{year}年度部门整体支出绩效自评报告
一、部门基本情况
（一）部门职能
县{dept}负责全县{duty}等工作。
（二）机构和人员情况
局机关内设{units}个股室，截至{year}年底实有在职人员{staff}人，其中行政编制20人，事业编制{staff_rest}人。
二、一般公共预算支出情况
{year}年年初预算数{budget:.2f}万元。{year}年度单位一般公共预算财政拨款收入{revenue:.2f}万元，财政拨款支出{spent:.2f}万元，其中：基本支出{basic:.2f}万元，项目支出{project:.2f}万元。
{year}年“三公”经费支出6.00万元，其中公务接待费1.50万元，公务用车运行维护费4.50万元，因公出国（境）费0万元。
三、政府性基金预算支出情况
无。
四、国有资本经营预算支出情况
无。
五、社会保险基金预算支出情况
无。
六、部门整体支出绩效情况
全年完成重点工作{tasks}项，截止目前各项工作有序推进，群众满意度达到95%。
七、存在的问题及原因分析
部分项目前期手续办理时间较长，影响项目进度。
八、下一步改进措施
加强项目前期工作，提前做好项目储备。
九、绩效自评结果拟应用和公开情况
自评结果在县政府门户网站公开。
十、其他需要说明的情况
无。
"""

# 项目支出绩效自评表 in the tab-cell text Word exports, with a self-given total of 100.
PROJECT_TABLE = "\n".join([
    "项目支出绩效自评表",
    "（{year}年度）",
    "",
    "\t项目名称\n\t{project_name}",
    "",
    "\t主管部门\n\t某县{dept}\n\t实施单位\n\t某县{dept}",
    "",
    "\t项目资金\n（万元）\n\t\n\t年初预算数\n\t全年预算数\n\t全年执行数\n\t分值\n\t执行率\n\t得分",
    "",
    "\t\n\t年度资金总额\n\t{budget:g}\n\t{budget:g}\n\t{spent:g}\n\t10\n\t{rate:.0f}%\n\t10",
    "",
    "\t绩效指标\n\t一级指标\n\t二级指标\n\t三级指标\n\t年度指标值\n\t实际完成值\n\t分值\n\t得分\n\t偏差原因分析及改进措施",
    "",
    "\t\n\t产出指标\n\t数量指标\n\t培训人次\n\t≥{target}人次\n\t{actual}人次\n\t30\n\t30\n\t",
    "",
    "\t\n\t\n\t质量指标\n\t培训合格率\n\t≥95%\n\t97%\n\t20\n\t20\n\t",
    "",
    "\t\n\t效益指标\n\t社会效益指标\n\t服务能力\n\t明显提升\n\t明显提升\n\t20\n\t20\n\t",
    "",
    "\t\n\t满意度指标\n\t服务对象满意度指标\n\t参训人员满意度\n\t≥90%\n\t93%\n\t20\n\t20\n\t",
    "",
    "\t总分\n\t\n\t\n\t\n\t\n\t\n\t100\n\t100\n\t",
    "",
])

# 年度工作总结 with a duplicated word and an unfilled placeholder.
WORK_SUMMARY = """{dept}{year}年工作总结
一、主要工作完成情况
（一）党建工作
全年开展主题党日活动活动{tasks}次，组织学习{staff}人次。
（二）业务工作
完成重点项目XX个，办理群众来信来访{visits}件，办结率100%。
二、存在的不足
个别工作推进不够平衡。
三、{next_year}年工作打算
持续抓好各项工作落实。
"""

DEPARTMENTS = [
    ("水利局", "水资源管理、水利工程建设与运行管理、防汛抗旱"),
    ("农业农村局", "种植业、畜牧业和农田建设的行业管理"),
    ("教育局", "基础教育、职业教育和教师队伍建设"),
    ("文化旅游广电局", "公共文化服务、文物保护和旅游市场管理"),
    ("卫生健康局", "医疗服务、疾病预防控制和妇幼保健"),
]


def report_text(i: int) -> tuple[str, str]:
    """The i-th generated report: (file name, text). Figures vary with i; some sums do not add up."""
    dept, duty = DEPARTMENTS[i % len(DEPARTMENTS)]
    year = 2020 + i % 4
    budget = 800 + 37 * i
    spent = budget - 12 - i % 7
    basic = round(spent * 0.6, 2)
    project = round(spent - basic + (10 if i % 2 == 0 else 0), 2)  # every other one: a sum mismatch
    values = {
        "dept": dept, "duty": duty, "year": year, "next_year": year + 1, "units": 3 + i % 5, "staff": 40 + i,
        "staff_rest": 20 + i, "budget": budget, "revenue": budget - 5, "spent": spent, "basic": basic,
        "project": project, "tasks": 5 + i % 9, "visits": 100 + i, "rate": 100 * spent / budget,
        "project_name": f"{dept}业务培训项目", "target": 500 + i, "actual": 480 + 2 * i,
    }
    kind = i % 3
    if kind == 0:
        return f"{i:03d}_{dept}_自评报告.txt", SELF_EVALUATION.format(**values)
    if kind == 1:
        return f"{i:03d}_{dept}_项目自评表.txt", PROJECT_TABLE.format(**values)
    return f"{i:03d}_{dept}_工作总结.txt", WORK_SUMMARY.format(**values)


BAD_FILES = {
    "empty.txt": b"",
    "binary.txt": bytes(range(256)) * 4,
    "text_named.docx": "这是一份纯文本，却以 .docx 命名。\n".encode(),
}


def write_corpus(folder: Path, count: int) -> tuple[list[Path], list[Path]]:
    """Writes `count` reports (some in GB18030) and the bad files among them; returns (all paths
    in order, the bad ones)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for i in range(count):
        name, text = report_text(i)
        path = folder / name
        path.write_bytes(text.encode("gb18030" if i % 10 == 7 else "utf-8"))
        paths.append(path)
    bad = []
    for offset, (name, data) in enumerate(BAD_FILES.items()):
        path = folder / name
        path.write_bytes(data)
        paths.insert(17 + 41 * offset, path)
        bad.append(path)
    return paths, bad
