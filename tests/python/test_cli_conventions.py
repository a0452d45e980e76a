"""The conventions of the command line and the Python API (ruff's CLI is the model): clear errors
for folders and unknown suffixes, "did you mean", --version, help in the chosen language, `jixiao
rule CODE` with examples run through the engine, --statistics, standard input, one way to find
jixiao.toml, optional dependencies checked before the work, ordered severities, rubric="none"."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import jixiao as jx
from jixiao.explain import run_example

REPORT = "某局2022年度工作总结\n一、主要工作\n截止目前，开展活动活动12次，覆盖**人。\n"


@pytest.fixture
def report(tmp_path: Path) -> Path:
    p = tmp_path / "reports" / "summary.txt"
    p.parent.mkdir()
    p.write_text(REPORT, encoding="utf-8")
    return p


def test_a_folder_given_as_a_file_is_named_a_folder(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "reports.docx"
    folder.mkdir()
    run = cli("parse", str(folder))
    assert run.returncode == 2 and "文件夹" in run.stderr and "MB" not in run.stderr
    assert "a folder" in cli("--lang", "en", "parse", str(folder)).stderr
    with pytest.raises(jx.Error, match="文件夹"):
        jx.load(folder)


def test_out_with_an_unknown_suffix_is_a_usage_error_before_any_work(  # type: ignore[no-untyped-def]
    cli, tmp_path: Path, report: Path
) -> None:
    target = tmp_path / "review.pdf"
    run = cli("batch", str(report), "--out", str(target))
    assert run.returncode == 2 and ".pdf" in run.stderr and ".xlsx" in run.stderr
    assert not target.exists() and "份报告" not in run.stderr  # no folder named review.pdf, no batch run
    folder = tmp_path / "tables"
    assert cli("batch", str(report), "--out", f"{folder}/", "--no-bom").returncode == 0
    assert (folder / "findings.csv").read_bytes().startswith(b"path,")


def test_mistyped_commands_and_options_get_a_suggestion(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = str(tmp_path / "y.xlsx")
    run = cli("chek", "x.txt")
    assert run.returncode == 2 and "是否想用 check" in run.stderr
    run = cli("check", "x.txt", "--slect", "A")
    assert run.returncode == 2 and "--slect" in run.stderr and "--select" in run.stderr
    run = cli("--lang", "en", "batch", str(tmp_path / "x"), "--out", out, "--exit-cod")  # a prefix argparse completes
    assert "did you mean" not in run.stderr
    run = cli("--lang", "en", "batch", str(tmp_path / "x"), "--out", out, "--exitcode")
    assert run.returncode == 2 and "did you mean --exit-code?" in run.stderr
    assert "did you mean" not in cli("check", "x.txt", "--zzzzzz").stderr + cli("--lang", "en", "zzzz").stderr


def test_version(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli("--version")
    assert run.returncode == 0 and run.stdout.strip() == f"jixiao {jx.__version__}"


def test_help_follows_the_language(cli) -> None:  # type: ignore[no-untyped-def]
    chinese = cli("check", "--help").stdout
    english = cli("--lang", "en", "check", "--help").stdout
    assert "只检查这些代码" in chinese and "用法" in chinese and "only these codes" not in chinese
    assert "only these codes" in english and "usage:" in english and "只检查" not in english
    assert "退出码" in cli("batch", "--help").stdout and "Exit codes" in cli("--lang=en", "batch", "--help").stdout


def test_rule_explains_a_rule_with_its_examples_run(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli("rule", "a101")
    assert run.returncode == 0, run.stderr
    assert "A101 (sum-mismatch)" in run.stdout and "触发示例" in run.stdout and "不触发示例" in run.stdout
    assert "（无问题）" in run.stdout  # what the silent example gives
    data = json.loads(cli("--lang", "en", "rule", "A101", "--format", "json").stdout)
    assert data["examples"]["fires"]["findings"] and data["examples"]["silent"]["findings"] == []
    assert data["examples"]["fires"]["findings"][0]["code"] == "A101"
    unknown = cli("rule", "A1O1")
    assert unknown.returncode == 2 and "A101" in unknown.stderr


CATALOG = jx.rules()
WITH_EXAMPLES = [r for r in CATALOG if r.examples]


def test_most_rules_carry_examples() -> None:
    assert len(WITH_EXAMPLES) >= len(CATALOG) * 2 // 3, [r.code for r in CATALOG if not r.examples]
    assert all(set(r.examples) == {"fires", "silent"} for r in WITH_EXAMPLES)


def test_every_rule_states_the_evidence_it_needs_in_both_languages(cli) -> None:  # type: ignore[no-untyped-def]
    # DESIGN.md §4: each rule states what it applies to, what it must establish, where it stays silent.
    for r in CATALOG:
        e = r.evidence
        for lang in ("zh", "en"):
            assert e.applies_to.get(lang) and e.needs.get(lang) and e.silent_when.get(lang), (r.code, lang)
        assert len(e.silent_when["zh"]) == len(e.silent_when["en"]), r.code
    run = cli("rule", "S103")
    assert "报告条件：" in run.stdout and "不报告的情形：" in run.stdout and "以“。”结尾的标题" in run.stdout
    english = json.loads(cli("--lang", "en", "rule", "S103", "--format", "json").stdout)
    assert any("closed with 。" in case for case in english["evidence"]["silent_when"])


@pytest.mark.parametrize("code", [r.code for r in WITH_EXAMPLES])
def test_each_catalog_example_fires_or_stays_silent_as_it_says(code: str) -> None:
    info = next(r for r in CATALOG if r.code == code)
    fired = run_example(code, info.examples["fires"])
    assert fired and all(d.code == code for d in fired)
    assert run_example(code, info.examples["silent"]) == []


def test_statistics_count_the_findings_per_rule(cli, report: Path) -> None:  # type: ignore[no-untyped-def]
    counts: dict[str, int] = {}
    for d in jx.check(report).diagnostics:
        counts[d.code] = counts.get(d.code, 0) + 1
    run = cli("check", str(report), "--statistics")
    assert run.returncode == 1  # the exit code still says there are error-level findings
    lines = [line.split("\t") for line in run.stdout.splitlines()]
    assert {code: int(n) for n, code, _, _ in lines} == counts
    assert [int(n) for n, *_ in lines] == sorted(counts.values(), reverse=True)  # most findings first
    listed = json.loads(cli("check", str(report), "--statistics", "--format", "json").stdout)
    assert {x["code"]: x["count"] for x in listed} == counts and listed[0]["name"]
    batch = cli("batch", str(report), "--out", str(report.parent / "r.jsonl"), "--statistics")
    assert "T101" in batch.stderr and batch.stdout == ""


def test_a_dash_reads_standard_input(report: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "jixiao", *args], input=REPORT, capture_output=True,
                              text=True, encoding="utf-8", timeout=120)

    from_stdin = json.loads(run("check", "-", "--format", "json").stdout)["files"][0]["diagnostics"]
    from_file = jx.check(report).diagnostics
    assert [(d["code"], d["line"], d["column"]) for d in from_stdin] == [(d.code, d.line, d.column) for d in from_file]
    assert run("check", "-").returncode == 1
    assert "主要工作" in run("parse", "-").stdout
    assert json.loads(run("extract", "-", "--format", "json").stdout)["meta"]["fiscal_year"] == 2022
    mixed = run("check", "-", str(report))
    assert mixed.returncode == 2 and "-" in mixed.stderr


def test_the_command_line_and_python_find_the_same_config(  # type: ignore[no-untyped-def]
    cli, tmp_path: Path, report: Path
) -> None:
    (report.parent / "jixiao.toml").write_text('ignore = ["T"]\n', "utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "jixiao.toml").write_text('ignore = ["P"]\n', "utf-8")
    # Run from a folder with a config of its own: the reports' config wins, in both.
    run = cli("check", str(report.parent), "--format", "json", cwd=elsewhere)
    from_cli = sorted(d["code"] for d in json.loads(run.stdout)["files"][0]["diagnostics"])
    cwd = os.getcwd()
    try:
        os.chdir(elsewhere)
        from_python = sorted(d.code for d in jx.check_many([report.parent], progress=False)[0].check.diagnostics)
        single = sorted(d.code for d in jx.check(report).diagnostics)
        from jixiao.dask import check_bag, gather

        on_dask = sorted(d.code for d in gather(check_bag([report.parent]))[0].check.diagnostics)
    finally:
        os.chdir(cwd)
    assert from_cli == from_python == single == on_dask == ["P101"]
    # A report outside any config's folders: the current folder's config, in both.
    loose = tmp_path / "loose.txt"
    loose.write_text(REPORT, encoding="utf-8")
    run = cli("check", str(loose), "--format", "json", cwd=elsewhere)
    assert all(d["code"] != "P101" for d in json.loads(run.stdout)["files"][0]["diagnostics"])
    assert jx.Config.for_paths([loose]).source == "<defaults>" or "elsewhere" not in jx.Config.for_paths([loose]).source


def test_a_missing_optional_dependency_stops_before_the_batch(  # type: ignore[no-untyped-def]
    tmp_path: Path, report: Path
) -> None:
    blocked = tmp_path / "blocked"
    (blocked / "openpyxl").mkdir(parents=True)
    (blocked / "openpyxl" / "__init__.py").write_text("raise ImportError('blocked for the test')\n", "utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(blocked), os.environ.get("PYTHONPATH", "")]))
    run = subprocess.run([sys.executable, "-m", "jixiao", "batch", str(report), "--out", str(tmp_path / "r.xlsx")],
                         capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)
    assert run.returncode == 2 and "jixiao[excel]" in run.stderr and "份报告" not in run.stderr


def test_severity_is_an_ordered_categorical(report: Path) -> None:
    frame = jx.check(report).to_pandas()
    assert frame["severity"].cat.ordered and list(frame["severity"].cat.categories) == ["info", "warning", "error"]
    assert frame["severity"].max() == "error"
    assert (frame[frame["severity"] >= "warning"]["code"] != "").all()
    findings = jx.check_many([report], progress=False).findings
    assert findings.sort_values("severity", ascending=False)["severity"].iloc[0] == "error"


def test_rubric_none_is_accepted_in_python_as_on_the_command_line(report: Path) -> None:
    batch = jx.check_many([report], rubric="none", progress=False)
    assert batch[0].score is None and batch.files["rubric"].isna().all()
    assert next(jx.iter_check([report], rubric="none", progress=False)).score is None


def test_progress_uses_tqdm_auto_for_a_notebook_widget_when_it_can_draw_one(
    report: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    import tqdm
    import tqdm.auto

    from jixiao.batch import _prepare, progress_class

    widgets = importlib.util.find_spec("ipywidgets") is not None
    assert progress_class() is (tqdm.auto.tqdm if widgets else tqdm.tqdm)
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # no widgets: the text bar, and no TqdmWarning
    run = _prepare([report], None, None, None, False, False, None)
    with run.progress_bar() as bar:
        assert type(bar) is tqdm.tqdm
