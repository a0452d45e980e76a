"""A dossier written for the linking tests: a 绩效目标表, a 部门整体支出绩效自评表, a 自评报告 and a 部门决算 of
one department and year, and last year's 自评报告 — with planted disagreements (one for each of
L101–L105), or agreeing (the 决算's spending written to one decimal, within rounding of the report's)."""

from __future__ import annotations

from pathlib import Path

PLANTED = {
    "signed_target": "≥4500人",  # 家庭医生签约人数 in both self-evaluations; the 目标表 promised ≥5000人 (L101)
    "signed_actual": "4800人",  # with full marks (L102)
    "satisfaction_table": "93%",  # 群众满意度 in the 自评表 …
    "satisfaction_report": "95%",  # … and in the 自评报告 (L105)
    "budget_report": "2,350.00",  # 年初预算数: 2,300.00 in the 目标表 and the 决算 (L103)
    "spent_report": "2,341.27",  # 财政拨款支出: 2,331.27 in the 决算 (L103)
    "project_report": "812.63",  # 项目支出: 802.63 in the 决算 (L103)
    "spent_accounts": "2,331.27万元",
    "last_year_stated": "2,150.00",  # 上年财政拨款支出; last year's report says 2,100.00 (L104)
}

AGREEING = {
    "signed_target": "≥5000人",
    "signed_actual": "5200人",
    "satisfaction_table": "93%",
    "satisfaction_report": "93%",
    "budget_report": "2,300.00",
    "spent_report": "2,331.27",
    "project_report": "802.63",
    "spent_accounts": "2,331.3万元",
    "last_year_stated": "2,100.00",
}


def table(rows: list[list[str]]) -> str:
    """Tab-cell text: one line per cell, each starting with a TAB; rows separated by blank lines."""
    return "".join("".join(f"\t{cell}\n" for cell in row) + "\n" for row in rows)


def documents(figures: dict[str, str], department: str = "卫生健康局", short: str = "卫健局") -> dict[str, str]:
    f = figures
    target = f"某区{department}2023年部门整体支出绩效目标表\n\n" + table(
        [["部门名称", f"某区{department}"], ["年初预算数（万元）", "2,300.00"]]
    ) + "\n" + table([
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "家庭医生签约人数", "≥5000人"],
        ["", "质量指标", "疫苗接种率", "≥95%"],
        ["效益指标", "社会效益指标", "城镇居民健康档案建档率", "≥90%"],
        ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"],
    ])
    selfeval_table = f"区{short}2023年度部门整体支出绩效自评表\n\n" + table([["部门名称", f"区{short}"]])
    selfeval_table += "\n" + table([
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        ["产出指标", "数量指标", "家庭医生签约人数", f["signed_target"], f["signed_actual"], "10", "10", ""],
        ["", "质量指标", "疫苗接种率", "≥95%", "96%", "10", "10", ""],
        ["效益指标", "社会效益指标", "农村居民健康档案建档率", "≥85%", "80%", "10", "6", "村医人手不足，下年度补充。"],
        ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", f["satisfaction_table"], "10", "10", ""],
    ])
    report = (
        f"某区{department}2023年度部门整体支出绩效自评报告\n\n一、部门基本情况\n某区{department}负责全区相关工作。\n\n"
        f"二、一般公共预算支出情况\n2023年度年初预算数{f['budget_report']}万元。本年财政拨款支出{f['spent_report']}万元，"
        f"其中基本支出1,528.64万元，项目支出{f['project_report']}万元。上年财政拨款支出{f['last_year_stated']}万元。\n\n"
        "三、部门整体支出绩效情况\n" + table([
            ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            ["产出指标", "数量指标", "家庭医生签约人数", f["signed_target"], f["signed_actual"], "10", "10"],
            ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", f["satisfaction_report"], "10", "10"],
        ])
    )
    accounts = (
        f"某区{department}2023年度部门决算\n\n第一部分 部门概况\n某区{department}是区政府工作部门。\n\n"
        "第二部分 2023年度部门决算情况说明\n一、财政拨款支出决算情况说明\n"
        f"2023年度年初预算数2,300.00万元。本年财政拨款支出{f['spent_accounts']}，其中基本支出1,528.64万元，项目支出802.63万元。\n"
    )
    last_year = (
        f"某区{department}2022年度部门整体支出绩效自评报告\n\n一、部门基本情况\n某区{department}负责全区相关工作。\n\n"
        "二、一般公共预算支出情况\n2022年度年初预算数2,200.00万元。本年财政拨款支出2,100.00万元，其中基本支出1,400.00万元，"
        "项目支出700.00万元。\n"
    )
    return {"target.txt": target, "selfeval_table.txt": selfeval_table, "report.txt": report,
            "accounts.txt": accounts, "last_year.txt": last_year}


def write_dossier(folder: Path, figures: dict[str, str], department: str = "卫生健康局", short: str = "卫健局") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in documents(figures, department, short).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder
