"""Linking a batch into dossiers (check_many(link=True), jixiao check --link, jx.Dossier, Dask):
each cross-document rule L101–L105 fires on a dossier with planted disagreements and stays silent
where the documents agree; without link=True, or with no related document, a batch gives exactly
today's findings."""

from __future__ import annotations

import json
import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest
from dossiers import AGREEING, PLANTED, write_dossier

import jixiao as jx
from jixiao._native import _core
from jixiao.dossier import department_name, name_similarity, names_nest


def codes_by_file(batch: jx.BatchResult, prefix: str = "L") -> dict[str, list[str]]:
    return {Path(r.path).name: [d.code for d in r.check.diagnostics if d.code.startswith(prefix)] for r in batch}


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_dossier(tmp_path_factory.mktemp("planted"), PLANTED)


@pytest.fixture(scope="module")
def agreeing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_dossier(tmp_path_factory.mktemp("agreeing"), AGREEING)


@pytest.fixture(scope="module")
def linked(planted: Path) -> jx.BatchResult:
    return jx.check_many([planted], progress=False, link=True)


def test_the_planted_dossier_fires_each_rule_in_the_document_that_reports(linked: jx.BatchResult) -> None:
    assert codes_by_file(linked) == {
        "accounts.txt": [],
        "last_year.txt": [],
        "report.txt": ["L103", "L103", "L103", "L103", "L104", "L101", "L102"],
        "selfeval_table.txt": ["L101", "L102", "L105"],
        "target.txt": [],
    }


def test_each_finding_names_its_other_place_with_an_excerpt(linked: jx.BatchResult, planted: Path) -> None:
    findings = [d for r in linked for d in r.check.diagnostics if d.code.startswith("L")]
    for d in findings:
        assert d.related, d
        for other in d.related:
            assert other.path != d.path
            assert other.line > 0 and other.excerpt
            assert Path(other.path).name in other.message
    by_code = {d.code: d for d in findings}
    l101 = by_code["L101"]
    assert "≥4500人" in l101.message and "≥5000人" in l101.message
    assert l101.related[0].path == str(planted / "target.txt")
    assert "≥5000人" in l101.related[0].excerpt
    assert l101.excerpt[l101.excerpt_start:l101.excerpt_end] == "≥4500人"
    l104 = by_code["L104"]
    assert l104.related[0].path == str(planted / "last_year.txt")
    assert "2150.00" in l104.message and "2100.00" in l104.message
    similarity = [e for e in by_code["L105"].evidence if e.role == "similarity"]
    assert similarity and similarity[0].value == 1.0


def test_the_agreeing_dossier_is_linked_and_silent(agreeing: Path) -> None:
    batch = jx.check_many([agreeing], progress=False, link=True)
    assert [len(d.members) for d in batch.dossiers] == [4]
    assert all(codes == [] for codes in codes_by_file(batch).values())


def test_without_link_a_batch_gives_todays_findings(planted: Path, agreeing: Path) -> None:
    plain = jx.check_many([planted, agreeing], progress=False)
    assert plain.linked is None and plain.dossiers == [] and plain.unlinked == []
    assert all(codes == [] for codes in codes_by_file(plain).values())
    linked = jx.check_many([planted, agreeing], progress=False, link=True)
    # Linking only adds L findings; everything else is as before.
    for before, after in zip(plain, linked, strict=True):
        kept = [d for d in after.check.diagnostics if not d.code.startswith("L")]
        assert kept == list(before.check.diagnostics)


def test_the_corpus_linked_gives_exactly_its_findings(corpus: Path) -> None:
    plain = jx.check_many([corpus], progress=False)
    linked = jx.check_many([corpus], progress=False, link=True)
    assert [r.check.diagnostics for r in linked] == [r.check.diagnostics for r in plain]
    # The two 卫生健康局 2021 files link (department report, project table: nothing to compare), so
    # do the 财政局 决算 and its copy with planted errors (same figures); the 统战部 files differ in
    # place or year, and one names no place among two.
    dossiers = linked.dossiers
    assert sorted((d.department, d.fiscal_year, len(d.members)) for d in dossiers) == [
        ("卫生健康局", 2021, 2), ("财政局", 2024, 2)
    ]
    reasons = {Path(u.path).name: u.reason for u in linked.unlinked}
    assert "未写明地名" in reasons["001_fe307e89bfbe4664.txt"]
    assert reasons["002_9a9de1d47a28dcc8.txt"] == "未识别出年度"


def test_a_dossier_shows_what_was_linked_and_why(linked: jx.BatchResult) -> None:
    (dossier,) = linked.dossiers
    assert isinstance(dossier, jx.Dossier)
    assert repr(dossier) == "Dossier('卫生健康局', '某区', 2023, 4 documents, last year: 1, 10 findings)"
    assert [Path(p).name for p in dossier.previous] == ["last_year.txt"]
    reasons = {Path(m.path).name: m.reason for m in dossier.members}
    assert reasons["selfeval_table.txt"] == "部门「区卫健局」→ 卫生健康局（区），2023 年度"
    page = dossier._repr_html_()
    for text in ("selfeval_table.txt", "绩效目标表", "区卫健局", "L105", "≥5000人"):
        assert text in page
    assert pickle.loads(pickle.dumps(dossier)) == dossier
    assert pickle.loads(pickle.dumps(linked)) == linked
    assert json.loads(json.dumps(dossier.to_dict(), ensure_ascii=False))["fiscal_year"] == 2023


def test_unlinked_files_say_why(tmp_path: Path, planted: Path) -> None:
    (tmp_path / "junk.txt").write_bytes(bytes(range(256)) * 4)
    alone = tmp_path / "alone.txt"
    alone.write_text((planted / "report.txt").read_text(encoding="utf-8").replace("卫生健康", "教育"), encoding="utf-8")
    batch = jx.check_many([tmp_path], progress=False, link=True)
    reasons = {Path(u.path).name: u.reason for u in batch.unlinked}
    assert reasons["junk.txt"] == "文件无法读取"
    assert "教育局" in reasons["alone.txt"] and "2023" in reasons["alone.txt"]
    assert batch.dossiers == []


def test_aliases_from_the_config_link_a_department_the_table_does_not_know(tmp_path: Path) -> None:
    write_dossier(tmp_path / "d", PLANTED, department="卫生健康局", short="卫计局")
    (tmp_path / "jixiao.toml").write_text('[link.aliases]\n"卫计局" = "卫生健康局"\n', encoding="utf-8")
    without = jx.check_many([tmp_path / "d"], progress=False, link=True, config=jx.Config())
    assert "selfeval_table.txt" in {Path(u.path).name for u in without.unlinked}
    config = jx.Config.from_file(tmp_path / "jixiao.toml")
    assert config.aliases == {"卫计局": "卫生健康局"}
    with_alias = jx.check_many([tmp_path / "d"], progress=False, link=True, config=config)
    assert len(with_alias.dossiers[0].members) == 4
    (tmp_path / "bad.toml").write_text('[link]\naliases = ["卫计局"]\n', encoding="utf-8")
    with pytest.raises(jx.ConfigError, match=r"link\.aliases"):
        jx.Config.from_file(tmp_path / "bad.toml")


def test_similar_but_different_indicators_do_not_match() -> None:
    assert name_similarity("城镇居民健康档案建档率", "农村居民健康档案建档率") >= 0.8
    assert not names_nest("城镇居民健康档案建档率", "农村居民健康档案建档率")
    assert department_name("区卫计局", {"卫计局": "卫生健康局"}).canonical == "卫生健康局"
    target = jx.parse("某区卫生健康局2023年部门整体支出绩效目标表\n\n"
                      "\t一级指标\n\t二级指标\n\t三级指标\n\t指标值\n\n"
                      "\t效益指标\n\t社会效益指标\n\t城镇居民健康档案建档率\n\t≥90%\n", name="t.txt")
    table = jx.parse("某区卫生健康局2023年度部门整体支出绩效自评表\n\n"
                     "\t一级指标\n\t二级指标\n\t三级指标\n\t年度指标值\n\t实际完成值\n\t分值\n\t得分\n\n"
                     "\t效益指标\n\t社会效益指标\n\t农村居民健康档案建档率\n\t≥85%\n\t80%\n\t10\n\t10\n", name="s.txt")
    entries = [_core.link_entry(target._core), _core.link_entry(table._core)]
    assert [len(e.indicators) for e in entries] == [1, 1]
    result = _core.link_documents(entries)
    assert len(result.dossiers) == 1 and result.diagnostics == []


def test_english_messages_and_outputs(linked: jx.BatchResult, planted: Path, cli) -> None:  # type: ignore[no-untyped-def]
    out = cli("--lang", "en", "check", "--link", "--format", "sarif", str(planted))
    assert out.returncode == 1, out.stderr
    results = json.loads(out.stdout)["runs"][0]["results"]
    linked_results = [r for r in results if r["ruleId"].startswith("L")]
    assert len(linked_results) == 10
    for r in linked_results:
        (related,) = r["relatedLocations"]
        assert related["physicalLocation"]["region"]["startLine"] > 0
        assert related["message"]["text"]
    assert any("here but" in r["message"]["text"] for r in linked_results)
    text = cli("check", "--link", str(planted))
    assert "另见 see also:" in text.stdout and "L104" in text.stdout
    plain = cli("check", str(planted))
    assert "L10" not in plain.stdout and "另见" not in plain.stdout
    as_json = json.loads(cli("check", "--link", "--format", "json", str(planted)).stdout)
    related = [d["related"] for f in as_json["files"] for d in f["diagnostics"] if d["code"] == "L101"]
    assert related and related[0][0]["path"].endswith("target.txt")


def test_batch_link_writes_the_findings_and_the_html_shows_the_other_place(
    planted: Path, tmp_path: Path, cli  # type: ignore[no-untyped-def]
) -> None:
    out = cli("batch", "--link", "--no-progress", "--exit-code", str(planted), "--out", str(tmp_path / "review.html"))
    assert out.returncode == 1, out.stderr  # error-level L findings, asked for with --exit-code
    page = (tmp_path / "review.html").read_text(encoding="utf-8")
    assert "L103" in page and "另见 accounts.txt" in page
    out = cli("batch", "--link", "--no-progress", str(planted), "--out", str(tmp_path / "results.jsonl"))
    lines = [json.loads(line) for line in (tmp_path / "results.jsonl").read_text(encoding="utf-8").splitlines()]
    codes = [d["code"] for line in lines for d in line.get("diagnostics", [])]
    assert codes.count("L103") == 4


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster,
        distributed.Client(cluster) as dask_client,
    ):
        yield dask_client


def test_dask_grouped_by_dossier_key_gives_what_check_many_gives(client: object, tmp_path: Path) -> None:
    from jixiao.dask import gather, linked_bag

    write_dossier(tmp_path / "health", PLANTED)
    write_dossier(tmp_path / "education", PLANTED, department="教育局", short="教育局")
    write_dossier(tmp_path / "transport", AGREEING, department="交通运输局", short="交通局")
    (tmp_path / "junk.txt").write_bytes(bytes(range(256)) * 4)
    gathered = gather(linked_bag([tmp_path], npartitions=4))
    expected = jx.check_many([tmp_path], jobs=2, progress=False, link=True)
    assert [r.path for r in gathered] == [r.path for r in expected]
    assert gathered == expected
    assert gathered.linked == expected.linked
    assert [repr(d) for d in gathered.dossiers] == [repr(d) for d in expected.dossiers]
    assert len(gathered.dossiers) == 3
    linked_codes = [d.code for r in gathered for d in r.check.diagnostics if d.code.startswith("L")]
    assert len(linked_codes) == 20  # the two planted dossiers; the agreeing one is silent


def project_documents(target_project: str, table_project: str) -> list[jx.Document]:
    """A project's 绩效目标表 and 项目支出绩效自评表, each naming its project in a 项目名称 row."""
    from dossiers import table

    target = jx.parse(
        f"某区卫生健康局2023年{target_project}绩效目标表\n\n"
        + table([["项目名称", target_project], ["主管部门", "某区卫生健康局"]]) + "\n"
        + table([["一级指标", "二级指标", "三级指标", "指标值"],
                 ["产出指标", "数量指标", "家庭医生签约人数", "≥3000人"]]),
        name="project_target.txt",
    )
    selfeval = jx.parse(
        "项目支出绩效自评表\n（2023年度）\n\n"
        + table([["项目名称", table_project], ["主管部门", "某区卫生健康局"]]) + "\n"
        + table([["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
                 ["产出指标", "数量指标", "家庭医生签约人数", "≥2800人", "2900人", "10", "10"]]),
        name="project_table.txt",
    )
    return [target, selfeval]


def test_a_projects_documents_link_by_the_project_name() -> None:
    same = [_core.link_entry(d._core) for d in project_documents("家庭医生签约服务项目", "家庭医生签约服务")]
    assert [e.subject for e in same] == ["家庭医生签约服务项目", "家庭医生签约服务"]
    assert [d.code for d in _core.link_documents(same).diagnostics] == ["L101", "L102"]
    other = [_core.link_entry(d._core) for d in project_documents("家庭医生签约服务项目", "家庭医生培训项目")]
    result = _core.link_documents(other)
    assert len(result.dossiers) == 1 and result.diagnostics == []


def test_the_review_desks_full_text_view_lists_the_other_place(linked: jx.BatchResult, planted: Path) -> None:
    from jixiao.review import render_fulltext

    result = next(r for r in linked if any(d.code == "L101" for d in r.check.diagnostics))
    page = render_fulltext(jx.load(result.path), result.check.diagnostics)
    assert "<div class='jx-related'>另见 target.txt:" in page and "≥5000人" in page
    plain = next(r for r in linked if not any(d.related for d in r.check.diagnostics))
    assert "jx-related" not in render_fulltext(jx.load(plain.path), plain.check.diagnostics)
