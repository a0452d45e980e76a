"""Configuration files, rule selection, output formats and exit codes of `jixiao check`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import jixiao as jx
from jixiao import output

REPORT = "某局2022年度工作总结\n一、主要工作\n截止目前，开展活动活动12次，覆盖**人。\n"


@pytest.fixture
def report(tmp_path: Path) -> Path:
    p = tmp_path / "reports" / "summary.txt"
    p.parent.mkdir()
    p.write_text(REPORT, encoding="utf-8")
    return p


def found(result: jx.CheckResult) -> list[str]:
    return sorted(d.code for d in result.diagnostics)


def test_select_ignore_and_severity_overrides(report: Path) -> None:
    assert found(jx.check(report, jx.Config())) == ["P101", "T101", "T102"]
    assert found(jx.check(report, jx.Config(select=["T"]))) == ["T101", "T102"]
    assert found(jx.check(report, jx.Config(ignore=["T1"]))) == ["P101"]
    sev = jx.check(report, jx.Config(severity={"P101": "info"}))
    assert {d.code: d.severity for d in sev.diagnostics}["P101"] == "info"


def test_per_file_ignores_and_extra_typos(report: Path) -> None:
    cfg = jx.Config(per_file_ignores={"*summary.txt": ["P"]}, typos={"开展活动": "开展各项活动"})
    codes = found(jx.check(report, cfg))
    assert "P101" not in codes
    assert codes.count("T102") == 2


def test_config_files_are_discovered_and_validated(tmp_path: Path, report: Path) -> None:
    (tmp_path / "reports" / "jixiao.toml").write_text('ignore = ["T101"]\n[severity]\nT102 = "info"\n', "utf-8")
    result = jx.check(report)
    assert found(result) == ["P101", "T102"]
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.jixiao]\nselect = ["P"]\n', "utf-8")
    assert jx.Config.from_file(pyproject).select == ["P"]
    bad = tmp_path / "bad.toml"
    bad.write_text('selekt = ["A"]\n', "utf-8")
    with pytest.raises(jx.ConfigError, match=r"bad\.toml.*selekt"):
        jx.Config.from_file(bad)
    bad.write_text('[severity]\nA101 = "fatal"\n', "utf-8")
    with pytest.raises(jx.ConfigError, match="fatal"):
        jx.Config.from_file(bad)
    bad.write_text('select = ["Q9"]\n', "utf-8")
    with pytest.raises(jx.ConfigError, match="Q9"):
        jx.Config.from_file(bad)
    bad.write_text("select = [\n", "utf-8")
    with pytest.raises(jx.ConfigError, match="TOML"):
        jx.Config.from_file(bad)


def test_an_unreadable_file_becomes_a_result_with_errors(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = jx.check(empty)
    assert result.errors and "empty.txt" in result.errors[0]
    assert not result.ok


def test_results_convert_and_pickle(report: Path) -> None:
    import pickle

    result = jx.check(report)
    df = result.to_pandas()
    assert list(df.columns)[:4] == ["path", "line", "column", "end_line"]
    assert len(df) == len(result)
    assert pickle.loads(pickle.dumps(result)) == result
    assert json.loads(result.to_json())["diagnostics"][0]["code"] in {"P101", "T101", "T102"}
    page = result._repr_html_()
    assert "<table class='findings'>" in page and "错误" in page  # severity in words, not colour alone


def test_cli_exit_codes(cli, tmp_path: Path, report: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("check", str(report)).returncode == 1  # P101 is an error
    assert cli("check", str(report), "--ignore", "P").returncode == 0
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert cli("check", str(empty)).returncode == 2
    assert cli("check", "--format", "xml", str(report)).returncode == 2
    assert cli("check", str(tmp_path / "none.txt")).returncode == 2


def test_cli_text_output_is_compiler_style_with_the_excerpt_underlined(cli, report: Path) -> None:  # type: ignore[no-untyped-def]
    out = cli("check", str(report)).stdout.splitlines()
    head = next(i for i, line in enumerate(out) if " T102 " in line)
    assert out[head].startswith(f"{report}:3:1: T102 「截止目前」应为「截至目前」")
    assert out[head + 1].strip().startswith("截止目前")
    assert out[head + 2] == "    " + "^" * 8  # four characters, two columns each


def test_cli_folders_and_machine_formats(cli, report: Path) -> None:  # type: ignore[no-untyped-def]
    folder = str(report.parent)
    data = json.loads(cli("check", "--format", "json", folder).stdout)
    assert [f["path"] for f in data["files"]] == [str(report)]
    assert data["summary"]["error"] == 1
    lines = cli("check", "--format", "jsonl", folder).stdout.splitlines()
    assert len(lines) == 3 and all(json.loads(x)["path"] == str(report) for x in lines)
    rows = list(csv.DictReader(io.StringIO(cli("check", "--format", "csv", folder).stdout)))
    assert {r["code"] for r in rows} == {"P101", "T101", "T102"}


def test_sarif_has_the_structure_sarif_2_1_0_requires(cli, report: Path) -> None:  # type: ignore[no-untyped-def]
    sarif = json.loads(cli("check", "--format", "sarif", str(report)).stdout)
    assert sarif["version"] == "2.1.0"
    assert sarif["$schema"].endswith("sarif-2.1.0.json")
    run = sarif["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "jixiao"
    ids = [r["id"] for r in driver["rules"]]
    assert "A101" in ids and "T102" in ids and len(ids) == len(set(ids))
    for r in driver["rules"]:
        assert r["shortDescription"]["text"]
        assert r["defaultConfiguration"]["level"] in {"error", "warning", "note"}
    assert len(run["results"]) == 3
    for res in run["results"]:
        assert res["ruleId"] in ids
        assert ids[res["ruleIndex"]] == res["ruleId"]
        assert res["level"] in {"error", "warning", "note"}
        assert res["message"]["text"]
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == str(report)
        region = loc["region"]
        assert region["startLine"] == 3 and region["startColumn"] >= 1
        assert region["endColumn"] > region["startColumn"]


def test_cli_rules_lists_the_catalog(cli) -> None:  # type: ignore[no-untyped-def]
    out = cli("rules")
    assert out.returncode == 0
    assert "A101  sum-mismatch" in out.stdout
    listed = json.loads(cli("rules", "--format", "json").stdout)
    assert len(listed) == 33  # 28 single-document rules and the cross-document L101–L105
    english = cli("--lang", "en", "rules").stdout
    assert "a stated total differs from the sum of its parts" in english


def test_json_output_is_what_json_dumps_writes_of_each_result(tmp_path: Path, report: Path) -> None:
    # The engine writes each file's entry itself; it must be the text json.dumps(indent=2) gives
    # of the same entry, floats, escapes and all, next to entries Python writes (an unreadable
    # file, a severity filter).
    odd = tmp_path / "odd.txt"
    text = '三公经费9.86万元，其中接待费2.15万元、公务用车6.21万元。占比33.3%。\t"引号"\\反斜杠\x01\n'
    odd.write_text(text, encoding="utf-8")
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really")
    results = [jx.check(p) for p in (report, odd)] + [item.check for item in jx.check_many([broken], progress=False)]
    for severity in ("info", "warning"):
        expected = {
            "files": [output._filtered(r, severity) for r in results],
            "summary": output.summary(results, severity),
        }
        assert output.format_json(results, severity) == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"
    assert output.format_json([]) == json.dumps({"files": [], "summary": output.summary([])}, indent=2) + "\n"
    assert any(f.get("errors") for f in json.loads(output.format_json(results))["files"])


def test_text_output_is_the_same_whether_built_at_once_or_a_file_at_a_time(report: Path) -> None:
    results = [jx.check(report), jx.check(report)]
    streamed = output.TextOutput("warning")
    for r in results:
        streamed.add(r)
    assert streamed.finish() == output.format_text(results, "warning")
    assert output.format_text(results).splitlines()[-1].startswith("2 个文件 files, ")


def test_json_output_keeps_what_a_result_subclass_adds_to_its_entry(report: Path) -> None:
    class Annotated(jx.CheckResult):
        def to_dict(self) -> dict[str, object]:
            return {**super().to_dict(), "note": "复核"}

    base = jx.check(report)
    annotated = Annotated.__new__(Annotated)
    annotated.__dict__.update(base.__dict__)
    [entry] = json.loads(output.format_json([annotated]))["files"]
    assert entry["note"] == "复核"
    assert entry["diagnostics"] == base.to_dict()["diagnostics"]
