"""Reports written for the tests, shared by the suites that read them (the rule tests, extraction,
and the robustness suite that re-lays each of them out), and where the shared labelled corpus is."""

from __future__ import annotations

from pathlib import Path

GOOD_REPORT = """某县水利局2022年度部门整体支出绩效自评报告
一、部门基本情况
（一）部门职能
县水利局负责全县水资源管理、水利工程建设与运行管理、防汛抗旱等工作。
（二）机构和人员情况
局机关内设4个股室，截至2022年底实有在职人员52人，其中行政编制20人，事业编制32人。
二、一般公共预算支出情况
2022年年初预算数1000.00万元。2022年度单位一般公共预算财政拨款收入980.00万元，财政拨款支出960.00万元，其中：基本支出620.00万元，项目支出340.00万元。基本支出中人员经费520.00万元，公用经费100.00万元。
2022年“三公”经费支出6.00万元，其中公务接待费1.50万元，公务用车运行维护费4.50万元，因公出国（境）费0万元。
三、政府性基金预算支出情况
无。
四、国有资本经营预算支出情况
无。
五、社会保险基金预算支出情况
无。
六、部门整体支出绩效情况
全年完成农村饮水安全巩固提升工程12处，受益人口3.2万人。全县应检测水源地40个，完成检测38个，检测覆盖率95.0%。截至目前，归侨侨眷服务工作有序开展，助力“三高四新”战略实施。
七、存在的问题及原因分析
部分工程前期手续办理时间较长，影响项目进度。
八、下一步改进措施
加强项目前期工作，提前做好项目储备。
九、绩效自评结果拟应用和公开情况
自评结果在县政府门户网站公开。
十、其他需要说明的情况
无。
"""

TARGET_TABLE = """ \t2023年部门整体支出绩效目标表

\t填报单位：（盖章）某县档案馆

\t年度预算申请
（万元）
\t资金总额：88.0205万元

\t
\t其中：一般公共预算拨款
\t88.0205万元
\t其中：基本支出
\t58.02049万元

\t
\t政府性基金拨款
\t
\t项目支出
\t30万元

\t年度绩效指标
\t一级指标
\t二级指标
\t三级指标
\t指标值
\t备注

\t
\t产出指标
\t产出数量
\t档案数字化
\t≥12万页
\t

\t
\t
\t产出质量
\t数字化成果合格率
\t≥98%
\t

\t
\t
\t产出时效
\t年度任务按期完成率
\t100%
\t

\t
\t
\t产出成本
\t档案数字化外包费用
\t≤28万元
\t

\t
\t效益指标
\t社会效益
\t档案查阅利用服务
\t≥1500人次
\t

\t
\t满意度指标
\t服务对象满意度
\t查档群众满意度
\t≥90%
\t
"""

HENGDONG_REPORT = """衡东县水利局2022年度部门整体支出绩效自评报告
一、部门基本情况
衡东县水利局负责全县水资源管理和水利工程建设。截至2022年底实有在职人员48人，其中行政编制18人，事业编制30人。
二、一般公共预算支出情况
2022年年初预算数860.00万元。2022年度单位一般公共预算财政拨款收入902.40万元，支出886.10万元，其中：基本支出640.10万元，项目支出246.00万元。基本支出中人员经费560.30万元，公用经费79.80万元。
（一）项目支出情况
1、小型水库除险加固项目支出120.00万元；2、河长制工作经费项目支出36.00万元；3、防汛抗旱经费90.00万元。
三、政府性基金预算支出情况
2022年度政府性基金财政拨款收入15万元，其中基本支出0万元，项目支出15万元。
四、部门整体支出绩效情况
完成病险水库除险加固6座，水质达标率达到96.5%。
五、存在的问题及原因分析
部分项目前期工作滞后。
"""

YOUXIAN_TARGET_TABLE = (
    " \t2023年部门整体支出绩效目标表\n\n"
    "\t填报单位：（盖章）攸县档案馆\n\n"
    "\t年度预算申请\n（万元）\n\t资金总额：96.5万元\n\n"
    "\t\n\t其中：一般公共预算拨款\n\t96.5万元\n\t其中：基本支出\n\t86.5万元\n\n"
    "\t\n\t政府性基金拨款\n\t\n\t项目支出\n\t10万元\n\n"
    "\t年度绩效指标\n\t一级指标\n\t二级指标\n\t三级指标\n\t指标值\n\t备注\n\n"
    "\t\n\t产出指标\n\t产出数量\n\t档案数字化\n\t≥3万卷\n\t\n\n"
    "\t\n\t\n\t产出质量\n\t档案数字化合格率\n\t≥98%\n\t\n\n"
    "\t\n\t效益指标\n\t社会效益\n\t档案利用服务\n\t良好\n\t\n\n"
    "\t\n\t满意度指标\n\t服务对象满意度\n\t查档群众满意度\n\t不低于90%\n\t\n"
)

# The same 自评报告 with a defect for most rules, each with the finding it must give: the rule tests
# break GOOD_REPORT one defect at a time; the robustness suite needs findings with figures in them.
FLAWS = [
    ("A101", "“三公”经费支出6.00万元", "“三公”经费支出7.00万元"),
    ("A102", "检测覆盖率95.0%", "检测覆盖率97.5%"),
    ("A103", "其中行政编制20人", "其中行政编制60人"),
    ("C103", "2022年度单位一般公共预算财政拨款收入", "2021年度单位一般公共预算财政拨款收入"),
    ("B101", "年初预算数1000.00万元", "年初预算数1200.00万元"),
    ("S202", "五、社会保险基金预算支出情况", "六、社会保险基金预算支出情况"),
    ("P101", "内设4个股室", "内设××个股室"),
    ("T101", "影响项目进度", "影响项目项目进度"),
    ("T102", "截至目前", "截止目前"),
]
FLAWED_REPORT = GOOD_REPORT
for _code, _old, _new in FLAWS:
    assert _old in FLAWED_REPORT, _old
    FLAWED_REPORT = FLAWED_REPORT.replace(_old, _new, 1)

# The target table with an empty value (I101), a qualitative one (I102) and a cost over budget (I104).
FLAWED_TARGET_TABLE = (
    TARGET_TABLE.replace("\t≥98%\n", "\t\n").replace("≥1500人次", "良好").replace("≤28万元", "≤35万元")
)



def shared_corpus() -> Path | None:
    """The labelled corpus shared by the project's sessions (``../shared/corpus`` seen from the main
    checkout, further up from a worktree), or None when this checkout has none."""
    here = Path(__file__).resolve()
    for parent in here.parents[2:]:
        corpus = parent / "shared" / "corpus"
        if (corpus / "expected.json").is_file():
            return corpus
    return None
