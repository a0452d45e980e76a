"""jixiao-host, the program with Python and the engine built in (DESIGN.md §9): `run` for analysts'
scripts, `check` for the C++ batch pipeline with Python rules.

The host is started the way users start it, through the `jixiao-host` entry point
(`python -m jixiao.host`), which execs the program inside the package under test: the installed
one (pip install .) or the one scripts/dev.sh stages in build/NAME/pkg.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import jixiao as jx
from jixiao.host import PYTHON_VARIABLE, executable_path


def host(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None,
         command: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    return subprocess.run(
        [*(command or [sys.executable, "-m", "jixiao.host"]), *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=full_env,
        timeout=180,
    )


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture(scope="module", autouse=True)
def built_host() -> None:
    if not os.access(executable_path(), os.X_OK):
        pytest.fail(f"jixiao-host is not in the package under test: expected it at {executable_path()}")


# -- run ---------------------------------------------------------------------------------------

def test_a_script_uses_jixiao_and_pandas_and_writes_an_excel_file(tmp_path: Path, corpus: Path) -> None:
    script = write(tmp_path / "review.py", """\
        import sys
        from pathlib import Path

        import pandas as pd
        import jixiao as jx

        folder, out = Path(sys.argv[1]), Path(sys.argv[2])
        rows = []
        for path in sorted(folder.rglob("*.txt")):
            result = jx.check(path)
            rows.append({"file": path.name, "doc_type": result.doc_type, "findings": len(result.diagnostics)})
        pd.DataFrame(rows).to_excel(out, index=False, engine="openpyxl")
        print(f"写入 {len(rows)} 行")
        """)
    out = tmp_path / "review.xlsx"
    proc = host("run", script, corpus, out)
    assert proc.returncode == 0, proc.stderr
    expected = [(p.name, (r := jx.check(p)).doc_type, len(r.diagnostics)) for p in sorted(corpus.rglob("*.txt"))]
    assert proc.stdout == f"写入 {len(expected)} 行\n"
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("file", "doc_type", "findings")
    assert rows[1:] == expected
    assert any(findings for _, _, findings in expected)


def test_the_script_sees_its_arguments_and_its_folder_on_sys_path(tmp_path: Path) -> None:
    write(tmp_path / "helper.py", "GREETING = '你好'\n")
    script = write(tmp_path / "main.py", """\
        import sys
        import helper
        print(sys.argv[1:], helper.GREETING, sys.path[0] == sys.argv[0].rsplit('/', 1)[0])
        """)
    proc = host("run", script, "--format", "json", "两个", cwd=Path("/"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "['--format', 'json', '两个'] 你好 True\n"


@pytest.mark.parametrize(("body", "code"), [
    ("raise SystemExit(7)", 7),
    ("import sys; sys.exit(0)", 0),
    ("pass", 0),
    ("import sys; sys.exit('说明原因')", 1),
])
def test_the_scripts_exit_code_is_the_programs(tmp_path: Path, body: str, code: int) -> None:
    proc = host("run", write(tmp_path / "s.py", body + "\n"))
    assert proc.returncode == code, proc.stderr


def test_an_uncaught_exception_prints_the_traceback_and_exits_1(tmp_path: Path) -> None:
    script = write(tmp_path / "broken.py", """\
        def divide(a, b):
            return a / b

        divide(1, 0)
        """)
    proc = host("run", script)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert "Traceback (most recent call last)" in proc.stderr
    assert 'broken.py", line 2, in divide' in proc.stderr
    assert proc.stderr.rstrip().endswith("ZeroDivisionError: division by zero")


def test_a_missing_script_or_command_is_a_usage_error(tmp_path: Path) -> None:
    proc = host("run", tmp_path / "nowhere.py")
    assert proc.returncode == 2
    assert "找不到脚本" in proc.stderr
    proc = host("--lang", "en", "run")
    assert (proc.returncode, proc.stdout) == (2, "")
    assert "no script given" in proc.stderr
    proc = host("frobnicate")
    assert proc.returncode == 2
    assert "未知子命令 frobnicate" in proc.stderr


def test_jixiao_core_is_the_built_in_bindings_not_the_extension_file(tmp_path: Path) -> None:
    script = write(tmp_path / "which.py", """\
        import jixiao, jixiao._core as core
        maps = open("/proc/self/maps").read()
        print(core.__spec__.origin, "_core.cpython" in maps, jixiao.Diagnostic is core.Diagnostic)
        print(jixiao.__file__)
        """)
    proc = host("run", script)
    assert proc.returncode == 0, proc.stderr
    origin, loaded_file, same_types = proc.stdout.splitlines()[0].split()
    assert (origin, loaded_file, same_types) == ("built-in", "False", "True")
    # The package next to the program is the one imported: its Python half matches the bindings.
    assert Path(proc.stdout.splitlines()[1]).parent == executable_path().parent.parent


def test_the_host_runs_in_the_environment_of_the_interpreter_that_started_it(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", "--system-site-packages", str(venv)],
                   check=True, timeout=120)
    venv_python = venv / "bin" / "python"
    site = subprocess.run([venv_python, "-c", "import site; print(site.getsitepackages()[0])"],
                          capture_output=True, text=True, check=True, timeout=60).stdout.strip()
    write(Path(site) / "only_in_this_venv.py", "VALUE = 42\n")
    script = write(tmp_path / "env.py", """\
        import sys
        import numpy, pandas, openpyxl, only_in_this_venv, jixiao
        print(sys.prefix, sys.executable, only_in_this_venv.VALUE, jixiao.check(jixiao.parse("x")).ok)
        """)
    package_root = str(Path(jx.__file__).parent.parent)
    # The venv's own interpreter starts the entry point, which hands its environment to the host.
    proc = host("run", script, command=[str(venv_python), "-m", "jixiao.host"], env={"PYTHONPATH": package_root})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == [str(venv), str(venv_python), "42", "True"]
    # Started directly, the program is told the environment the same way.
    proc = host("run", script, command=[str(executable_path())], env={PYTHON_VARIABLE: str(venv_python)})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split()[:3] == [str(venv), str(venv_python), "42"]


# -- check -------------------------------------------------------------------------------------

RULES = """\
    import jixiao as jx

    @jx.rule("X901", name="mentions-year", severity="warning", message="提到了年度")
    def mentions_year(doc, report):
        for place in report.find("年度")[:1]:
            report.add(at=place)

    @jx.rule("X902", name="always-raises", severity="info")
    def always_raises(doc, report):
        raise ValueError("坏了")
    """


def jixiao_check(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return host(*args, command=[sys.executable, "-m", "jixiao", "check"])


def corpus_reports(corpus: Path) -> int:
    """The reports of the corpus the host reads: its texts, Word files and PDFs."""
    return sum(len(list(corpus.rglob(f"*.{suffix}"))) for suffix in ("txt", "docx", "pdf"))


def test_check_json_is_byte_identical_to_jixiao_check_on_the_corpus(corpus: Path) -> None:
    ours = host("check", "--format", "json", corpus)
    theirs = jixiao_check("--format", "json", corpus)
    assert ours.stdout == theirs.stdout
    assert ours.returncode == theirs.returncode == 1  # the corpus has error-level findings
    assert len(jx_files(ours.stdout)) == corpus_reports(corpus)


def jx_files(json_text: str) -> list[dict[str, Any]]:
    files: list[dict[str, Any]] = json.loads(json_text)["files"]
    return files


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "csv", "sarif"])
def test_every_format_and_exit_code_matches_jixiao_check(tmp_path: Path, corpus: Path, fmt: str) -> None:
    rules = write(tmp_path / "rules.py", RULES)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    args = ("--format", fmt, "--rules", rules, "--select", "A,P,S,X", corpus, empty, tmp_path / "missing.txt")
    ours = host("check", "--jobs", "2", *args)
    theirs = jixiao_check(*args)
    assert ours.stdout == theirs.stdout
    assert ours.returncode == theirs.returncode == 2  # unreadable files


def test_python_rules_fire_and_a_raising_rule_becomes_a_finding_naming_it(tmp_path: Path, corpus: Path) -> None:
    rules = write(tmp_path / "my_rules.py", RULES)
    plain = host("check", "--format", "json", corpus)
    proc = host("check", "--format", "json", "--rules", rules, corpus)
    assert proc.returncode == 1, proc.stderr
    files = jx_files(proc.stdout)
    found = [d for f in files for d in f["diagnostics"] if d["code"].startswith("X")]
    assert any(d["code"] == "X901" and d["rule"] == "mentions-year" and d["message"] == "提到了年度" for d in found)
    failures = [d for d in found if d["code"] == "X902"]
    assert len(failures) == len(files)  # once per report, and every report was still checked
    assert all(d["severity"] == "error" for d in failures)
    assert "always-raises" in failures[0]["message"]
    assert "ValueError: 坏了 (my_rules.py:10)" in failures[0]["message"]
    # The raise adds its own finding and changes nothing else: the built-in findings and the exit code stay.
    built_in = [[d for d in f["diagnostics"] if not d["code"].startswith("X")] for f in files]
    assert built_in == [f["diagnostics"] for f in jx_files(plain.stdout)]
    assert plain.returncode == proc.returncode


def test_prints_from_rules_and_rule_files_never_reach_stdout(tmp_path: Path, corpus: Path) -> None:
    rules = write(tmp_path / "noisy.py", """\
        import os, sys
        import jixiao as jx
        print("导入时打印")

        @jx.rule("X903", name="noisy", severity="info")
        def noisy(doc, report):
            print("规则里打印", doc.path)
            sys.__stdout__.write("直接写 sys.__stdout__\\n")
            os.write(1, "直接写文件描述符 1\\n".encode())
        """)
    proc = host("check", "--format", "json", "--rules", rules, corpus)
    assert proc.returncode == 1, proc.stderr
    assert len(jx_files(proc.stdout)) == corpus_reports(corpus)
    for text in ("导入时打印", "规则里打印", "直接写 sys.__stdout__", "直接写文件描述符 1"):
        assert text not in proc.stdout
        assert text in proc.stderr


def test_timeout_per_file_stops_a_looping_rule_and_the_batch_goes_on(tmp_path: Path, corpus: Path) -> None:
    rules = write(tmp_path / "stuck.py", """\
        import time
        import jixiao as jx

        @jx.rule("X904", name="loops-on-d1", severity="info")
        def loops(doc, report):
            while "d1_" in doc.path:
                try:
                    time.sleep(0.01)
                except Exception:  # RuleTimeout is no Exception: it cannot be swallowed here
                    pass
        """)
    proc = host("check", "--format", "json", "--rules", rules, "--timeout-per-file", "0.5", "--jobs", "2", corpus)
    assert proc.returncode == 1, proc.stderr
    files = jx_files(proc.stdout)
    assert len(files) == corpus_reports(corpus)
    stopped = {f["path"]: [d["message"] for d in f["diagnostics"] if d["code"] == "X904"] for f in files}
    d1 = next(p for p in stopped if "d1_" in p)
    [message] = stopped.pop(d1)
    assert message.startswith("规则 X904（loops-on-d1）运行出错：RuleTimeout: 运行超过 0.5 秒，已中止 (stuck.py:")
    assert all(not messages for messages in stopped.values())


def test_a_rule_file_that_raises_or_loops_on_import_is_a_clear_error(tmp_path: Path, corpus: Path) -> None:
    broken = write(tmp_path / "broken.py", "print('半截')\nraise RuntimeError('导入失败')\n")
    proc = host("check", "--format", "json", "--rules", broken, corpus)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert "broken.py：规则文件导入失败：RuntimeError: 导入失败" in proc.stderr
    looping = write(tmp_path / "looping.py", "while True:\n    pass\n")
    proc = host("--lang", "en", "check", "--format", "json", "--rules", looping, "--timeout-per-file", "0.5", corpus)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert "looping.py: the rule file failed to import: RuleTimeout: still running after 0.5 s" in proc.stderr


def test_check_scores_with_a_rubric_and_reports_usage_errors(corpus: Path) -> None:
    proc = host("check", "--format", "json", "--rubric", "auto", corpus / "dev")
    assert proc.returncode == 1, proc.stderr
    scores = {Path(f["path"]).name: f["score"] for f in jx_files(proc.stdout)}
    d2 = scores["d2_health_project_selfeval_2021.txt"]
    assert (d2["rubric"], d2["total"], d2["grade"]) == ("project-selfeval-2020", 92.0, "优")
    proc = host("check", "--format", "yaml", corpus)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert "usage: jixiao-host check" in proc.stderr
    proc = host("check", corpus, "--rubric", "no-such-rubric")
    assert (proc.returncode, proc.stdout) == (2, "")
    assert "no-such-rubric" in proc.stderr


def test_a_rule_blocked_outside_python_costs_its_file_not_the_batch(tmp_path: Path, corpus: Path) -> None:
    rules = write(tmp_path / "blocked.py", """\
        import time
        import jixiao as jx

        @jx.rule("X905", name="waits-forever", severity="info")
        def waits(doc, report):
            if "d1_" in doc.path:
                time.sleep(120)  # no exception reaches a thread inside sleep()
        """)
    started = time.monotonic()
    proc = host("check", "--format", "json", "--rules", rules, "--timeout-per-file", "0.5", corpus)
    assert time.monotonic() - started < 60
    assert proc.returncode == 2, proc.stderr  # like any file that could not be checked
    files = jx_files(proc.stdout)
    assert len(files) == corpus_reports(corpus)
    [d1] = [f for f in files if "d1_" in f["path"]]
    assert d1["errors"] == [f"{d1['path']}：处理超过 1 秒仍未完成，已跳过"]  # the rule's 0.5 s and the engine's
    # Every other file was checked (a clean one, such as a sound 决算 PDF, has no findings).
    assert all("errors" not in f for f in files if f is not d1)


def test_sys_exit_inside_a_rule_ends_the_rule_not_the_batch(tmp_path: Path, corpus: Path) -> None:
    rules = write(tmp_path / "exits.py", """\
        import sys
        import jixiao as jx

        @jx.rule("X906", name="exits", severity="info")
        def exits(doc, report):
            sys.exit(3)
        """)
    proc = host("check", "--format", "json", "--rules", rules, corpus / "dev")
    assert proc.returncode == 1, proc.stderr
    for f in jx_files(proc.stdout):
        assert "errors" not in f
        messages = [d["message"] for d in f["diagnostics"] if d["code"] == "X906"]
        assert [m.split(" (")[0] for m in messages] == ["规则 X906（exits）运行出错：SystemExit: 3"]
