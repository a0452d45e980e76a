"""Hostile inputs, interrupts and misbehaving rules (issue 16): each contract asserted as users meet
it — a clear error naming the file or a result, exit codes 0/1/2, valid output after interrupts
and failed writes, bounded resources (limits set in a subprocess), nothing but the result on stdout.

Every test runs on reports written here, so none needs the ../shared corpus.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from batch_corpus import report_text

import jixiao as jx

HANG = 60  # seconds after which a child is taken to hang


def reports(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        name, text = report_text(i)
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(folder / name)
    return paths


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def command(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "jixiao", *map(str, args)]


ENV = {**os.environ, "PYTHONIOENCODING": "utf-8"}


def jixiao(*args: str | Path, limits: str = "", stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m jixiao ARGS``; with ``limits``, that code runs first, once jixiao is imported (an
    editable install may rebuild on import, which the limits must not hit)."""
    argv = command(*args)
    if limits:
        argv = [sys.executable, "-c", f"import sys, jixiao.cli\n{limits}\nsys.exit(jixiao.cli.main())", *argv[3:]]
    proc = subprocess.run(argv, input=stdin, capture_output=True, env=ENV, timeout=HANG, check=False)
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode("utf-8"),
                                       proc.stderr.decode("utf-8"))


def assert_clean_exit(proc: subprocess.CompletedProcess[str], code: int | tuple[int, ...]) -> None:
    """The exit code asked for, and stderr free of crashes, tracebacks and internal-error labels."""
    assert proc.returncode in ((code,) if isinstance(code, int) else code), proc.stderr
    for sign in ("Traceback", "terminate called", "Fatal Python error", "内部错误", "internal error"):
        assert sign not in proc.stderr, proc.stderr


def json_lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# A rule that says on stderr when it starts on a file and then takes a while there: a test waits for
# the line (no sleeping to synchronise) and interrupts the batch in the middle of it.
SLOW_RULE = """\
    import sys, time
    import jixiao as jx

    @jx.rule("X950", name="slow", severity="info")
    def slow(doc, report):
        print("rule-started", file=sys.stderr, flush=True)
        time.sleep(0.05)
    """


def start_batch(tmp_path: Path, out: Path, *extra: str) -> subprocess.Popen[bytes]:
    folder = tmp_path / "reports"
    reports(folder, 200)
    rules = write(tmp_path / "slow.py", SLOW_RULE)
    return subprocess.Popen(command("batch", folder, "--out", out, "--rules", rules, "--jobs", "1",
                                    "--no-progress", *extra),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV)


def wait_for_rule(child: subprocess.Popen[bytes], times: int = 3) -> bytes:
    assert child.stderr is not None
    seen = b""
    while seen.count(b"rule-started") < times:
        line = child.stderr.readline()
        assert line, f"the batch ended before its rule ran: {seen!r}"
        seen += line
    return seen


# -- 4. Ctrl-C during a streamed batch ---------------------------------------------------------

@pytest.mark.parametrize("name", ["results.jsonl", "findings.csv", "tables"])
def test_ctrl_c_during_batch_stops_it_cleanly_and_keeps_the_results_so_far(tmp_path: Path, name: str) -> None:
    out = tmp_path / name
    child = start_batch(tmp_path, out)
    before = wait_for_rule(child)
    child.send_signal(signal.SIGINT)
    _, rest = child.communicate(timeout=HANG)
    stderr = (before + rest).decode("utf-8")
    assert_clean_exit(subprocess.CompletedProcess([], child.returncode, "", stderr), 2)
    assert "interrupted" in stderr
    if name.endswith(".jsonl"):
        written = [entry["path"] for entry in json_lines(out)]
    else:
        table = out if name.endswith(".csv") else out / "files.csv"
        written = [row["path"] for row in csv.DictReader(io.StringIO(table.read_text(encoding="utf-8-sig")))]
    assert 0 < len(set(written)) < 200
    assert not [p for p in tmp_path.rglob("*.part")], "a temporary file was left behind"


# -- 5. a looping rule with a timeout ------------------------------------------------------------

LOOPING_RULE = """\
    import jixiao as jx

    @jx.rule("X951", name="loops", severity="info")
    def loops(doc, report):
        while "001_" in doc.path:
            pass
    """


def test_a_looping_rule_is_stopped_by_the_timeout_and_the_batch_ends_normally(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    reports(folder, 3)
    rules = write(tmp_path / "loop.py", LOOPING_RULE)
    out = tmp_path / "out.jsonl"
    proc = jixiao("batch", folder, "--out", out, "--rules", rules, "--timeout", "0.5", "--no-progress", "--exit-code")
    assert_clean_exit(proc, 1)
    entries = json_lines(out)
    assert [e["error"] for e in entries] == ["", "", ""]
    stopped = [d["message"] for e in entries for d in e["diagnostics"] if d["code"] == "X951"]
    assert len(stopped) == 1
    assert stopped[0].startswith("规则 X951（loops）运行出错：RuleTimeout: 运行超过 0.5 秒，已中止")


def test_check_many_with_a_timeout_stops_the_rule_thread_itself(tmp_path: Path) -> None:
    reports(tmp_path / "reports", 2)
    script = write(tmp_path / "notebook.py", """\
        import sys, threading
        import jixiao as jx

        left = threading.Event()

        @jx.rule("X952", name="spins", severity="info")
        def spins(doc, report):
            try:
                while True:
                    pass
            finally:
                left.set()

        batch = jx.check_many([sys.argv[1]], timeout=0.5, progress=False)
        print(len(batch), left.is_set(), [f.error for f in batch])
        """)
    proc = subprocess.run([sys.executable, str(script), str(tmp_path / "reports")], capture_output=True,
                          text=True, timeout=HANG, check=False)
    assert (proc.returncode, proc.stdout) == (0, "2 True ['', '']\n"), proc.stderr
    assert "Fatal Python error" not in proc.stderr


# -- 6. FIFOs, pipes and other files whose open() could block -----------------------------------

def test_a_fifo_is_an_error_naming_it_and_never_a_hang(tmp_path: Path) -> None:
    [good] = reports(tmp_path, 1)
    fifo = tmp_path / "管道.txt"
    os.mkfifo(fifo)
    for args in (("check", "--format", "json", tmp_path), ("check", "--format", "json", fifo, good)):
        proc = jixiao(*args)
        assert_clean_exit(proc, 2)
        files = {Path(f["path"]).name: f for f in json.loads(proc.stdout)["files"]}
        assert "不是普通文件" in files["管道.txt"]["errors"][0]
        assert files["管道.txt"]["errors"][0].startswith(str(fifo))
        assert "errors" not in files[good.name]
    proc = jixiao("parse", fifo)
    assert_clean_exit(proc, 2)
    assert str(fifo) in proc.stderr
    out = tmp_path / "out.jsonl"
    proc = jixiao("batch", tmp_path, "--out", out, "--no-progress")
    assert_clean_exit(proc, 2)
    assert sorted(bool(e["error"]) for e in json_lines(out)) == [False, True]


def test_a_report_piped_to_dev_stdin_is_read(tmp_path: Path) -> None:
    _, text = report_text(0)
    proc = jixiao("check", "--format", "json", "/dev/stdin", stdin=text.encode("gb18030"))
    assert_clean_exit(proc, (0, 1))
    [entry] = json.loads(proc.stdout)["files"]
    assert "errors" not in entry and entry["doc_type"] == "self_evaluation"


# -- 7. file names that are not valid UTF-8 ------------------------------------------------------

def gbk_named(folder: Path) -> tuple[bytes, Path]:
    """A report named in GBK (as a Windows zip unpacked on Linux leaves it) beside a UTF-8-named one."""
    [good] = reports(folder, 1)
    name = os.path.join(os.fsencode(folder), "绩效报告.txt".encode("gbk"))
    with open(name, "wb") as out:
        out.write(report_text(1)[1].encode("utf-8"))
    return name, good


def test_a_gbk_file_name_is_read_and_shown_with_escapes(tmp_path: Path) -> None:
    name, good = gbk_named(tmp_path)
    shown = name.decode("utf-8", "backslashreplace")  # bytes that are not UTF-8 as \\xNN, the rest as it is
    assert "\\x" in shown
    doc = jx.load(name)
    assert doc.path == shown
    batch = jx.check_many([tmp_path], progress=False)
    assert sorted((f.path, f.error) for f in batch) == sorted([(shown, ""), (str(good), "")])
    proc = jixiao("check", "--format", "json", tmp_path)
    assert_clean_exit(proc, (0, 1))
    assert sorted(f["path"] for f in json.loads(proc.stdout)["files"]) == sorted([shown, str(good)])
    out = tmp_path / "out.jsonl"
    proc = jixiao("batch", tmp_path, "--out", out, "--no-progress")
    assert_clean_exit(proc, (0, 1))
    assert sorted((e["path"], e["error"]) for e in json_lines(out)) == sorted([(shown, ""), (str(good), "")])


# -- 14. NUL in a path ---------------------------------------------------------------------------

def test_a_path_with_a_nul_byte_is_refused_not_cut_short(tmp_path: Path) -> None:
    [secret] = reports(tmp_path, 1)
    sneaky = str(secret) + "\0.txt"
    with pytest.raises(jx.FormatError, match="NUL"):
        jx.load(sneaky)
    [result] = jx.check_many([sneaky], progress=False)
    assert "NUL" in result.error and result.path == str(secret) + "\\0.txt"


# -- 8. output replaced only once complete -------------------------------------------------------

def test_sigkill_mid_batch_leaves_an_existing_output_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "results.jsonl"
    out.write_text('{"old": true}\n', encoding="utf-8")
    child = start_batch(tmp_path, out)
    wait_for_rule(child)
    child.kill()
    child.communicate(timeout=HANG)
    assert out.read_text(encoding="utf-8") == '{"old": true}\n'


# Writing more than 8 KB to a file fails (EFBIG) instead of killing the process: a disk that fills up.
SMALL_FILES = """\
import resource, signal
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (8 << 10, 8 << 10))
"""


@pytest.mark.parametrize("name", ["review.xlsx", "review.html", "results.jsonl", "findings.csv", "tables"])
def test_a_write_that_fails_is_a_clear_error_and_the_old_output_survives(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "reports"
    reports(folder, 60)
    out = tmp_path / name
    old = out / "files.csv" if name == "tables" else out
    old.parent.mkdir(exist_ok=True)
    old.write_bytes(b"old contents\n")
    proc = jixiao("batch", folder, "--out", out, "--no-progress", limits=SMALL_FILES)
    assert_clean_exit(proc, 2)
    assert "无法写入" in proc.stderr
    assert old.read_bytes() == b"old contents\n"
    assert not [p for p in tmp_path.rglob("*.part")]


def test_a_missing_output_folder_is_a_usage_error(tmp_path: Path) -> None:
    reports(tmp_path / "reports", 1)
    for name in ("results.jsonl", "review.html"):
        proc = jixiao("batch", tmp_path / "reports", "--out", tmp_path / "missing" / name, "--no-progress")
        assert_clean_exit(proc, 2)
        assert f"{tmp_path / 'missing' / name}：无法写入（没有文件夹" in proc.stderr


# -- 9. rules that print -------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_rules_that_print_leave_the_machine_readable_output_alone(tmp_path: Path, fmt: str) -> None:
    reports(tmp_path / "reports", 2)
    rules = write(tmp_path / "noisy.py", """\
        import os, sys
        import jixiao as jx

        print("导入时打印")

        @jx.rule("X953", name="noisy", severity="info")
        def noisy(doc, report):
            print("规则里打印")
            sys.__stdout__.write("写 sys.__stdout__\\n")
            os.write(1, "写描述符 1\\n".encode())
        """)
    proc = jixiao("check", "--format", fmt, "--rules", rules, tmp_path / "reports")
    assert_clean_exit(proc, (0, 1))
    json.loads(proc.stdout)
    for text in ("导入时打印", "规则里打印", "写 sys.__stdout__", "写描述符 1"):
        assert text in proc.stderr and text not in proc.stdout


# -- 10. sys.exit and KeyboardInterrupt inside a rule ----------------------------------------------

EXITING_RULES = """\
    import sys
    import jixiao as jx

    @jx.rule("X954", name="exits", severity="info")
    def exits(doc, report):
        sys.exit(3)

    @jx.rule("X955", name="interrupts", severity="info")
    def interrupts(doc, report):
        raise KeyboardInterrupt
    """


def failure_messages(diagnostics: list[dict[str, object]]) -> list[str]:
    return sorted(str(d["message"]).split(" (")[0] for d in diagnostics if d["code"] in ("X954", "X955"))


EXPECTED_FAILURES = ["规则 X954（exits）运行出错：SystemExit: 3", "规则 X955（interrupts）运行出错：KeyboardInterrupt"]


def test_sys_exit_or_keyboardinterrupt_in_a_rule_is_a_finding_naming_it(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    reports(folder, 2)
    rules = write(tmp_path / "exits.py", EXITING_RULES)
    proc = jixiao("check", "--format", "json", "--rules", rules, folder)
    assert_clean_exit(proc, 1)
    for entry in json.loads(proc.stdout)["files"]:
        assert failure_messages(entry["diagnostics"]) == EXPECTED_FAILURES
    out = tmp_path / "out.jsonl"
    proc = jixiao("batch", folder, "--rules", rules, "--out", out, "--no-progress", "--exit-code")
    assert_clean_exit(proc, 1)
    for entry in json_lines(out):
        assert entry["error"] == "" and failure_messages(entry["diagnostics"]) == EXPECTED_FAILURES


def test_check_many_turns_sys_exit_in_a_rule_into_a_finding(tmp_path: Path) -> None:
    reports(tmp_path, 2)
    jx.user_rules.load_rules(write(tmp_path / "exits.py", EXITING_RULES))
    try:
        batch = jx.check_many([tmp_path], progress=False)
    finally:
        jx.unregister_rule("X954")
        jx.unregister_rule("X955")
    for result in batch:
        assert not result.error
        assert failure_messages([d.to_dict() for d in result.check.diagnostics]) == EXPECTED_FAILURES


def test_sys_exit_or_a_loop_while_importing_a_rule_file_is_a_clear_error(tmp_path: Path) -> None:
    reports(tmp_path / "reports", 1)
    exits = write(tmp_path / "exits_on_import.py", "import sys\nsys.exit(7)\n")
    proc = jixiao("check", "--rules", exits, tmp_path / "reports")
    assert_clean_exit(proc, 2)
    assert f"{exits}：规则文件导入失败：SystemExit: 7" in proc.stderr
    loops = write(tmp_path / "loops_on_import.py", "while True:\n    pass\n")
    proc = jixiao("--lang", "en", "batch", tmp_path / "reports", "--rules", loops, "--timeout", "0.5",
                  "--out", tmp_path / "out.jsonl")
    assert_clean_exit(proc, 2)
    assert f"{loops}: the rule file failed to import: RuleTimeout: still running after 0.5 s" in proc.stderr


# -- 15. input and usage problems, CSV cells, rule reports ---------------------------------------

def test_bad_configuration_and_rubric_files_are_input_errors(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    reports(folder, 1)
    bad = tmp_path / "elsewhere" / "pyproject.toml"  # not above the reports: found only when named
    bad.parent.mkdir()
    bad.write_text("[tool]\njixiao = 5\n", encoding="utf-8")
    proc = jixiao("check", "--config", bad, folder)
    assert_clean_exit(proc, 2)
    assert "[tool.jixiao] 应为表" in proc.stderr
    rubric = tmp_path / "rubric.json"
    rubric.write_bytes('{"name": "评分"}'.encode("gbk"))
    proc = jixiao("batch", folder, "--rubric", rubric, "--out", tmp_path / "out.jsonl")
    assert_clean_exit(proc, 2)
    assert str(rubric) in proc.stderr


@pytest.mark.parametrize(("table", "message"), [
    ('"*.txt" = ["NOPE"]', "NOPE"),
    ('"[abc.txt" = ["T101"]', "[abc.txt"),
])
def test_per_file_ignores_with_unknown_codes_or_bad_globs_are_refused(tmp_path: Path, table: str,
                                                                     message: str) -> None:
    config = tmp_path / "jixiao.toml"
    config.write_text(f"[per-file-ignores]\n{table}\n", encoding="utf-8")
    with pytest.raises(jx.ConfigError, match="per-file-ignores") as caught:
        jx.Config.from_file(config)
    assert message in str(caught.value) and str(config) in str(caught.value)


FORMULA_RULE = """\
    import jixiao as jx

    @jx.rule("X956", name="formula", severity="warning")
    def formula(doc, report):
        for text in ("=HYPERLINK(\\"http://x\\")", "+1", "-2", "@SUM(A1)"):
            report.add(text, block=0)
    """


def test_csv_cells_that_look_like_formulas_are_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    reports(folder, 1)
    rules = write(tmp_path / "formula.py", FORMULA_RULE)
    proc = jixiao("check", "--format", "csv", "--rules", rules, folder)
    assert_clean_exit(proc, (0, 1))
    out = tmp_path / "findings.csv"
    assert_clean_exit(jixiao("batch", folder, "--rules", rules, "--out", out, "--no-progress"), (0, 1))
    for text in (proc.stdout, out.read_text(encoding="utf-8")):
        messages = [row["message"] for row in csv.DictReader(io.StringIO(text)) if row["code"] == "X956"]
        assert messages == ["'=HYPERLINK(\"http://x\")", "'+1", "'-2", "'@SUM(A1)"]


def test_report_add_without_the_args_its_template_needs_is_a_clear_finding() -> None:
    @jx.rule("X957", name="unfilled", severity="info", message="正文夹杂英文单词 {word}")
    def unfilled(doc: jx.Document, report: jx.RuleReport) -> None:
        report.add(block=0)

    try:
        result = jx.check(jx.parse("一、基本情况\n正文。\n"))
    finally:
        jx.unregister_rule("X957")
    [finding] = [d for d in result.diagnostics if d.code == "X957"]
    assert "{word}" in finding.message and "report.add(args=" in finding.message
    assert finding.message.startswith("规则 X957（unfilled）运行出错：ValueError")


def test_report_find_is_linear_in_the_matches() -> None:
    # 200,000 matches in one paragraph: a rescan per match is ~10^11 steps, far past the CPU limit.
    script = textwrap.dedent("""\
        import resource
        resource.setrlimit(resource.RLIMIT_CPU, (20, 20))
        import jixiao as jx

        found = []

        @jx.rule("X958", name="finds", severity="info")
        def finds(doc, report):
            found.append(len(report.find("项目")))

        jx.check(jx.parse("一、情况\\n" + "项目，" * 200_000 + "\\n"))
        print(found)
        """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=HANG, check=False)
    assert (proc.returncode, proc.stdout) == (0, "[200000]\n"), proc.stderr


def test_jixiao_host_check_reads_odd_names_and_refuses_fifos_like_jixiao_check(tmp_path: Path) -> None:
    name, good = gbk_named(tmp_path)
    os.mkfifo(tmp_path / "管道.txt")
    host = subprocess.run([sys.executable, "-m", "jixiao.host", "check", "--format", "json", str(tmp_path)],
                          capture_output=True, env=ENV, timeout=HANG, check=False)
    proc = jixiao("check", "--format", "json", tmp_path)
    assert_clean_exit(proc, 2)
    assert (host.returncode, host.stdout.decode("utf-8")) == (proc.returncode, proc.stdout)
    files = {f["path"]: f for f in json.loads(proc.stdout)["files"]}
    assert sorted(files) == sorted([name.decode("utf-8", "backslashreplace"), str(good), str(tmp_path / "管道.txt")])
