"""jixiao.dask on a two-process distributed cluster gives what check_many gives, in the same order."""

from __future__ import annotations

import pickle
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

import jixiao as jx
from jixiao.scoring import unregister_indicator

distributed = pytest.importorskip("distributed")

from jixiao.dask import check_bag, gather  # noqa: E402 - only once dask is known to be there

DEPARTMENTS = ["县农业农村局", "县教育局", "县卫生健康局", "县交通运输局", "县水利局", "县民政局", "县文化和旅游局",
               "县自然资源局", "县市场监督管理局", "县生态环境局"]
PROJECTS = ["农村公路养护", "中小学校舍维修改造", "基层医疗机构设备购置", "小型水库除险加固", "困难群众临时救助",
            "公共图书馆免费开放", "耕地质量监测", "食品安全抽检", "农村污水治理", "乡村文化站提升"]


def dept_report(i: int) -> str:
    """A 部门整体支出绩效自评报告; every third one's project lines do not add up (A101)."""
    dept = DEPARTMENTS[i % len(DEPARTMENTS)]
    year = 2021 + i % 3
    lines = [1200.0 + 37.5 * i, 310.0 + 11.2 * i, 145.6 + 4.3 * i]
    project = sum(lines) + (50.0 if i % 3 == 0 else 0.0)
    personnel, public = 860.0 + 9.1 * i, 120.0 + 2.4 * i
    basic = personnel + public
    spent = basic + project
    budget = round(spent * (0.97 + 0.01 * (i % 5)), 2)
    typo = "的的" if i % 4 == 0 else "的"
    names = [PROJECTS[i % 10] + "项目", PROJECTS[(i + 3) % 10] + "经费", PROJECTS[(i + 6) % 10] + "经费"]
    pairs = zip(names, lines, strict=True)
    items = "；".join(f"{n}、{name}{amount:.2f}万元" for n, (name, amount) in enumerate(pairs, start=1))
    return f"""某{dept}{year}年度部门整体支出绩效自评报告

一、部门基本情况
（一）部门职能
{dept}负责全县本行业发展规划的组织实施和行业管理，承担相关公共服务{typo}组织和监督工作。
（二）机构和人员情况
局机关内设股室6个，下属事业单位{2 + i % 4}个，实有在职人员{60 + i}人。
二、一般公共预算支出情况
{year}年年初预算数{budget:.2f}万元。{year}年度单位一般公共预算财政拨款支出{spent:.2f}万元，其中：基本支出{basic:.2f}万元，项目支出{project:.2f}万元。基本支出中人员经费{personnel:.2f}万元，公用经费{public:.2f}万元。
项目支出主要包括：{items}。
三、政府性基金预算支出情况
本年度无政府性基金预算支出。
四、国有资本经营预算支出情况
无。
五、社会保险基金预算支出情况
无。
六、部门整体支出绩效情况
（一）主要绩效
全年完成{PROJECTS[i % 10]}任务{20 + i}项，完成年度计划的{96 + i % 6}%，服务对象满意度达到{90 + i % 8}%。
（二）存在的偏差
个别项目因招标延期，资金支付进度慢于序时进度。
七、存在的问题及原因分析
一是项目前期论证不够充分；二是绩效目标编制不够细化。
八、下一步改进措施
一是加强项目储备和前期论证；二是完善绩效目标，做到可量化、可考核。
九、绩效自评结果拟应用和公开情况
自评结果作为下年度预算安排的重要依据，并在县人民政府门户网站公开。
十、其他需要说明的情况
无。
"""


def project_table(i: int) -> str:
    """A 项目支出绩效自评表 in the tab layout of a converted .docx; some rows' 得分 are off (I105)."""
    budget = 400 + 20 * i
    spent = budget - 5 * (i % 4)
    rate = spent / budget
    target, actual = 10 + i % 5, 9 + i % 5
    row_score = 20 * actual / target + (1.5 if i % 2 else 0.0)
    explained = "因施工期间连续降雨，1处点位延期，已督促倒排工期。" if i % 3 else ""
    total = 10 * rate + row_score + 15 + 10 + 5 + 20 + 10 + 10
    return f"""项目支出绩效自评表
（{2021 + i % 3}年度）

\t项目名称
\t{PROJECTS[i % 10]}项目

\t主管部门
\t某{DEPARTMENTS[i % 10]}
\t实施单位
\t某{DEPARTMENTS[i % 10]}

\t项目资金
（万元）
\t
\t年初预算数
\t全年预算数
\t全年执行数
\t分值
\t执行率
\t得分

\t
\t年度资金总额
\t{budget}
\t{budget}
\t{spent}
\t10
\t{rate:.1%}
\t{10 * rate:.1f}

\t年度总体目标
\t预期目标
\t
\t
\t实际完成情况

\t
\t完成{target}处{PROJECTS[i % 10]}点位建设，按期投入使用。
\t
\t
\t完成{actual}处点位建设。

\t绩效指标
\t一级指标
\t二级指标
\t三级指标
\t年度指标值
\t实际完成值
\t分值
\t得分
\t偏差原因分析及改进措施

\t
\t产出指标
\t数量指标
\t建设点位数量
\t{target}处
\t{actual}处
\t20
\t{row_score:.1f}
\t{explained}

\t
\t
\t质量指标
\t验收合格率
\t100%
\t100%
\t15
\t15
\t

\t
\t
\t时效指标
\t按期完工率
\t≥90%
\t92%
\t10
\t10
\t

\t
\t
\t成本指标
\t单个点位平均成本
\t≤{budget / target:.0f}万元
\t{spent / (actual + 1):.0f}万元
\t5
\t5
\t

\t
\t效益指标
\t社会效益指标
\t受益群众覆盖率
\t≥95%
\t96%
\t20
\t20
\t

\t
\t
\t可持续影响指标
\t设施使用年限
\t≥10年
\t10年
\t10
\t10
\t

\t
\t满意度指标
\t服务对象满意度指标
\t群众满意度
\t≥90%
\t{90 + i % 7}%
\t10
\t10
\t

\t总分
\t
\t
\t
\t
\t
\t100
\t{total:.1f}
\t
"""


def targets_table(i: int) -> str:
    """A 部门整体支出绩效目标表; some targets are only words (I102) or left empty (I101)."""
    dept = "某" + DEPARTMENTS[i % 10]
    basic, project = 700 + 10 * i, 300 + 25 * i
    vague = "持续提升" if i % 2 else "≥85%"
    empty = "" if i % 5 == 0 else f"≥{i + 3}次"
    return f"""{2022 + i % 3}年部门整体支出绩效目标表

\t填报单位：（盖章）{dept}

\t部门名称
\t{dept}

\t年度预算申请
（万元）
\t资金总额：{basic + project:.2f}万元

\t
\t按收入性质分
\t按支出性质分

\t
\t其中：一般公共预算拨款
\t{basic + project:.2f}万元
\t其中：基本支出
\t{basic:.2f}万元

\t
\t     政府性基金拨款
\t
\t      项目支出
\t{project}万元

\t年度绩效指标
\t一级指标
\t二级指标
\t三级指标
\t指标值
\t备注

\t
\t产出指标
\t产出数量
\t开展{PROJECTS[i % 10]}专项检查
\t{empty}
\t

\t
\t
\t产出质量
\t检查问题整改率
\t100%
\t

\t
\t
\t产出时效
\t项目按期完成率
\t≥95%
\t

\t
\t效益指标
\t社会效益
\t群众知晓率
\t{vague}
\t

\t
\t满意度指标
\t服务对象满意度
\t群众满意度
\t≥90%
\t
"""


def work_summary(i: int) -> str:
    """A 工作总结; numbering skips a number in every other one (S202)."""
    third = "（三）" if i % 2 else "（四）"
    return f"""某{DEPARTMENTS[i % 10]}{2023 + i % 2}年度工作总结

{2023 + i % 2}年，我局在县委、县政府的坚强领导下，围绕年度目标任务，扎实推进各项工作。
一、工作开展情况
（一）重点项目有序推进。全年实施{PROJECTS[i % 10]}项目{5 + i % 4}个，完成投资{1200 + 35 * i}万元。
（二）民生保障持续加强。发放各类补助资金{300 + 12 * i}.5万元，惠及群众{1000 + 17 * i}人次。
{third}行业监管不断规范。开展专项检查{20 + i}次，发现并整改问题{40 + i}个，整改率达到100%。
二、存在的问题
一是项目前期工作不够扎实；二是信息化水平有待提升。
三、下一步工作计划
（一）加快项目建设进度，确保按期完工。
（二）加强资金监管，提高资金使用效益。
"""


GENRES = [dept_report, project_table, targets_table, work_summary]


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """40 reports of the four kinds in two sub-folders, a binary file and a damaged .docx."""
    root = tmp_path_factory.mktemp("reports")
    for i in range(40):
        folder = root / ("2023" if i % 2 else "2022")
        folder.mkdir(exist_ok=True)
        genre = GENRES[i % len(GENRES)]
        (folder / f"{i:02d}_{genre.__name__}.txt").write_text(genre(i // len(GENRES)), encoding="utf-8")
    (root / "2022" / "15_scan.txt").write_bytes(bytes(range(256)) * 4)
    (root / "2023" / "31_damaged.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 60)
    return root


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    # dashboard_address=None: no web server, so no "port 8787 in use" warning when tests run side by side.
    with (
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as dask_client,
    ):
        yield dask_client


def _assert_same(gathered: jx.BatchResult, expected: jx.BatchResult) -> None:
    assert [r.path for r in gathered] == [r.path for r in expected]
    for kind in ("files", "findings", "budget", "projects", "indicators", "scores"):
        pd.testing.assert_frame_equal(gathered.to_pandas(kind), expected.to_pandas(kind), check_exact=True)
    assert gathered == expected


RULES_FILE = """
import jixiao as jx


@jx.rule("X951", name="todo-left", severity="warning", message="正文含待补充内容")
def no_todo(doc: jx.Document, report: jx.RuleReport) -> None:
    for place in report.find("待补充"):
        report.add(at=place)
    if "的的" in doc.text:
        report.add("正文含重复的“的”", text="的的")


@jx.register_indicator("project_count")
def project_count(doc: jx.Document) -> float | None:
    return float(len(doc.projects)) if doc.projects else None
"""


@pytest.fixture
def own_rule_and_indicator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A rule and an indicator from a rules file, as `--rules` loads it: the workers cannot import
    its module (it is not on any path), so check_bag must ship the functions by value."""
    rules_file = tmp_path_factory.mktemp("rules") / "my_rules.py"
    rules_file.write_text(RULES_FILE, encoding="utf-8")
    jx.load_rules(rules_file)
    try:
        yield
    finally:
        jx.unregister_rule("X951")
        unregister_indicator("project_count")


def test_the_gathered_tables_equal_check_many(client: object, reports: Path) -> None:
    gathered = gather(check_bag([reports], rubric="auto", npartitions=6))
    expected = jx.check_many([reports], jobs=2, rubric="auto", progress=False)
    _assert_same(gathered, expected)
    files = gathered.files
    assert len(files) == 42
    assert files["path"].tolist() == jx.batch.expand_paths([reports])
    unreadable = files[files["error"] != ""]["path"].map(lambda p: Path(p).name).tolist()
    assert unreadable == ["15_scan.txt", "31_damaged.docx"]
    codes = set(gathered.findings["code"])
    assert {"A101", "I102", "I105", "T101"} <= codes
    assert files["rubric"].notna().sum() == 40  # every readable report scored under its default rubric


def test_rules_and_indicators_registered_on_the_client_run_on_the_workers(
    client: object, reports: Path, own_rule_and_indicator: None, tmp_path: Path
) -> None:
    rubric = tmp_path / "projects.json"
    rubric.write_text(
        '{"name": "projects", "title": "项目数", "total": 100, "not_assessable": "zero",'
        ' "grades": [{"grade": "合格", "min": 60}, {"grade": "不合格", "min": 0}],'
        ' "indicators": [{"key": "n", "name": "项目个数", "points": 100, "method": "ratio",'
        ' "function": "project_count", "params": {"target": 3}}]}',
        encoding="utf-8",
    )
    gathered = gather(check_bag(reports, rubric=str(rubric)))
    expected = jx.check_many(reports, rubric=str(rubric), progress=False)
    _assert_same(gathered, expected)
    own = gathered.findings[gathered.findings["code"] == "X951"]
    assert len(own) == 3  # the dept reports with 的的: 0, 16 and 32
    # Computed on the workers by this module's function: one value per report that lists projects.
    scored = gathered.scores[gathered.scores["status"] == "scored"].set_index("path")["value"]
    counted = gathered.projects.groupby("path").size().astype(float)
    pd.testing.assert_series_equal(scored, counted, check_names=False, check_index_type=False)


def test_everything_returned_pickles(client: object, reports: Path, own_rule_and_indicator: None) -> None:
    bag = check_bag(reports, rubric="auto")
    gathered = gather(bag)
    assert pickle.loads(pickle.dumps(gathered)) == gathered
    assert all(pickle.loads(pickle.dumps(result)) == result for result in gathered)
    # Plain pickle, not cloudpickle: the rules and indicators travel inside as bytes.
    assert gather(pickle.loads(pickle.dumps(bag))) == gathered


def test_an_empty_folder_gives_an_empty_batch(tmp_path: Path) -> None:
    batch = gather(check_bag(tmp_path))
    assert len(batch) == 0
    assert list(batch.files.columns) == list(jx.check_many(tmp_path, progress=False).files.columns)


def test_without_dask_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch, samples: Path) -> None:
    monkeypatch.setitem(sys.modules, "dask.bag", None)  # makes `import dask.bag` fail as if not installed
    with pytest.raises(jx.Error, match=r"pip install 'jixiao\[dask\]'"):
        check_bag(samples)
