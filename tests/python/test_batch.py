"""jixiao.check_many over 200 reports written for these tests (and three files that cannot be read)
on two C++ threads: order, error isolation, equality with single-file results, tables, pickling,
progress, Jupyter display and the ``jixiao batch`` command."""

from __future__ import annotations

import pickle
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from batch_corpus import write_corpus

import jixiao as jx


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], list[Path]]:
    return write_corpus(tmp_path_factory.mktemp("reports"), 200)


@pytest.fixture(scope="module")
def batch(corpus: tuple[list[Path], list[Path]]) -> jx.BatchResult:
    paths, _ = corpus
    return jx.check_many(paths, jobs=2, rubric="auto", progress=False)


def test_results_come_back_in_input_order(corpus: tuple[list[Path], list[Path]], batch: jx.BatchResult) -> None:
    paths, _ = corpus
    assert len(batch) == len(paths) == 203
    assert [r.path for r in batch] == [str(p) for p in paths]
    assert [r.index for r in batch] == list(range(len(paths)))


def test_a_file_that_cannot_be_read_is_a_result_with_an_error(
    corpus: tuple[list[Path], list[Path]], batch: jx.BatchResult
) -> None:
    _, bad = corpus
    failed = [r for r in batch if r.error]
    assert [r.path for r in failed] == [str(p) for p in bad]
    for result in failed:
        assert result.path in result.error
        assert result.check.errors == [result.error]
        assert result.score is None and result.document is None
        assert not result.ok
    assert all(r.check.diagnostics for r in batch if not r.error)  # every written report has findings


def test_every_result_equals_checking_and_scoring_the_file_alone(
    corpus: tuple[list[Path], list[Path]], batch: jx.BatchResult
) -> None:
    paths, bad = corpus
    for path, result in zip(paths, batch, strict=True):
        assert result.check == jx.check(path), path
        if path not in bad:
            assert result.score == jx.score(path), path


def test_one_job_and_two_jobs_agree(corpus: tuple[list[Path], list[Path]], batch: jx.BatchResult) -> None:
    paths, _ = corpus
    assert jx.check_many(paths, jobs=1, rubric="auto", progress=False) == batch


def test_iter_check_hands_over_the_same_results_one_at_a_time(
    corpus: tuple[list[Path], list[Path]], batch: jx.BatchResult
) -> None:
    paths, _ = corpus
    streamed = jx.iter_check(paths, jobs=2, rubric="auto", progress=False)
    assert all(a == b for a, b in zip(streamed, batch, strict=True))


def test_leaving_iter_check_early_stops_the_engine(corpus: tuple[list[Path], list[Path]]) -> None:
    paths, _ = corpus
    threads = threading.active_count()
    taken = []
    for result in jx.iter_check(paths * 5, jobs=2, progress=False):
        taken.append(result.index)
        if len(taken) == 4:
            break
    assert taken == [0, 1, 2, 3]
    assert threading.active_count() == threads  # the producer thread has ended


def test_iter_check_raises_bad_arguments_now_and_engine_errors_when_iterated(
    corpus: tuple[list[Path], list[Path]]
) -> None:
    paths, _ = corpus
    with pytest.raises(jx.RubricError):
        jx.iter_check(paths, rubric="no-such-rubric")
    results = jx.iter_check(paths, config=jx.Config(select=["ZZ9"]), progress=False)
    with pytest.raises(jx.ConfigError, match="ZZ9"):
        next(results)


def test_folders_are_walked_for_reports_in_sorted_order(corpus: tuple[list[Path], list[Path]]) -> None:
    paths, _ = corpus
    folder = paths[0].parent
    result = jx.check_many(folder, jobs=2, progress=False)
    expected = sorted(str(p) for p in paths if p.suffix in (".txt", ".docx"))
    assert [r.path for r in result] == expected
    assert all(r.score is None for r in result)  # no rubric, no scoring
    assert len(jx.check_many(str(paths[0]), progress=False)) == 1  # one path, not its characters


def test_the_tables_have_one_row_per_file_finding_and_figure(batch: jx.BatchResult) -> None:
    files = batch.files
    assert list(files.columns) == [
        "path", "doc_type", "template", "fiscal_year", "department", "error_count", "warning_count",
        "info_count", "rubric", "total", "grade", "coverage", "review_points", "error",
    ]
    assert len(files) == len(batch)
    assert str(files["fiscal_year"].dtype) == "Int64"
    readable = files[files["error"] == ""]
    assert set(readable["doc_type"]) == {"self_evaluation", "project_selfeval_table", "work_summary"}
    assert set(readable["fiscal_year"]) == {2020, 2021, 2022, 2023}
    counts = files[["error_count", "warning_count", "info_count"]].to_numpy().sum()
    assert counts == len(batch.findings) == sum(len(r.check) for r in batch)
    budget = batch.budget
    assert len(budget) == len(readable)
    water = budget[budget["path"].str.endswith("000_水利局_自评报告.txt")].iloc[0]
    assert water["budget"] == 800 and water["expenditure"] == 788
    indicators = batch.indicators
    assert set(indicators["level3"]) >= {"培训人次", "培训合格率", "参训人员满意度"}
    scores = batch.scores
    assert set(scores["rubric"]) == {"dept-overall-2013", "project-selfeval-2020", "report-quality"}
    assert batch.to_pandas("findings").equals(batch.findings)
    with pytest.raises(ValueError, match="unknown kind"):
        batch.to_pandas("nothing")


def test_files_keep_their_figures_and_the_whole_document_only_when_asked(
    corpus: tuple[list[Path], list[Path]], batch: jx.BatchResult
) -> None:
    paths, _ = corpus
    figures = batch[0].document
    assert figures is not None
    assert figures.budget.budget == 800 and figures.text == "" and not figures.blocks
    whole = jx.check_many(paths[:3], keep_documents=True, progress=False)[0].document
    assert whole == jx.load(paths[0])


def test_results_pickle_and_slice(batch: jx.BatchResult) -> None:
    again = pickle.loads(pickle.dumps(batch))
    assert again == batch
    assert again.files.equals(batch.files)
    first = batch[0]
    assert pickle.loads(pickle.dumps(first)) == first
    assert len(batch[:10]) == 10 and isinstance(batch[:10], jx.BatchResult)


def test_repr_is_one_short_line_and_html_is_a_summary_and_a_table(batch: jx.BatchResult) -> None:
    text = repr(batch)
    assert "\n" not in text and text.startswith("BatchResult(203 files, unreadable=3,")
    page = batch._repr_html_()
    assert "<table" in page and "份报告" in page and "另有 103 份" in page
    assert "\n" not in repr(batch[0]) and "FileResult(" in repr(batch[0])
    assert "<mark>" in batch[0]._repr_html_()


def test_progress_goes_to_stderr_only_and_only_when_asked_or_on_a_terminal(
    corpus: tuple[list[Path], list[Path]], capsys: pytest.CaptureFixture[str]
) -> None:
    paths, _ = corpus
    jx.check_many(paths[:20], jobs=2, progress=True)
    out, err = capsys.readouterr()
    assert out == "" and "20/20" in err
    jx.check_many(paths[:20], jobs=2)  # stderr is captured, not a terminal
    assert capsys.readouterr() == ("", "")


@pytest.fixture
def slow_on_first_file(corpus: tuple[list[Path], list[Path]]) -> Iterator[str]:
    paths, _ = corpus
    slow = str(paths[0])
    woke = threading.Event()

    @jx.rule("X990", name="slow-rule")
    def slow_rule(doc: jx.Document, report: jx.RuleReport) -> None:
        if doc.path == slow:
            time.sleep(2)
            woke.set()

    yield slow
    woke.wait(10)  # the abandoned worker finishes on its own; let it before the next test
    jx.unregister_rule("X990")


def test_a_file_past_the_timeout_becomes_an_error_and_the_rest_go_on(
    corpus: tuple[list[Path], list[Path]], slow_on_first_file: str
) -> None:
    paths, _ = corpus
    start = time.perf_counter()
    result = jx.check_many(paths[:6], jobs=2, timeout=0.3, progress=False)
    assert time.perf_counter() - start < 1.8
    # The rule has 0.3 s; a rule asleep where no exception reaches it costs the file after (1 + 1) × 0.3 s.
    assert "0.6" in result[0].error and result[0].path in result[0].error
    assert all(not r.error for r in result[1:])


def test_cli_batch_writes_the_review_and_nothing_on_stdout(
    cli, corpus: tuple[list[Path], list[Path]], tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    paths, _ = corpus
    review = tmp_path / "review.xlsx"
    run = cli("batch", *map(str, paths[:12]), "--jobs", "2", "--out", str(review))
    assert run.stdout == ""
    assert run.returncode == 0  # the review is written; error-level findings are in it
    assert review.is_file() and "12 份报告" in run.stderr
    run = cli("batch", *map(str, paths[:12]), "--jobs", "2", "--out", str(review), "--exit-code")
    assert run.returncode == 1  # asked for: error-level findings
    folder = tmp_path / "csv"
    run = cli("batch", str(paths[0].parent), "--rubric", "none", "--out", str(folder))
    assert run.returncode == 2  # unreadable files among them
    assert cli("batch", str(paths[0].parent), "--rubric", "none", "--out", str(folder), "--exit-zero").returncode == 0
    assert sorted(p.name for p in folder.iterdir()) == [
        "budget.csv", "files.csv", "findings.csv", "indicators.csv", "projects.csv", "scores.csv", "skipped.csv",
    ]
    files = pd.read_csv(folder / "files.csv")
    assert len(files) == 203 and files["rubric"].isna().all()
    run = cli("batch", str(paths[1]), "--out", str(tmp_path / "one.html"), "--rubric", "no-such-rubric")
    assert run.returncode == 2 and "no-such-rubric" in run.stderr and run.stdout == ""


def test_cli_check_gives_the_same_output_on_one_thread_and_on_two(
    cli, corpus: tuple[list[Path], list[Path]]  # type: ignore[no-untyped-def]
) -> None:
    paths, _ = corpus
    folder = str(paths[0].parent)
    for fmt in ("json", "text"):
        one = cli("check", folder, "--format", fmt, "--jobs", "1")
        two = cli("check", folder, "--format", fmt, "--jobs", "2")
        assert one.returncode == two.returncode == 2  # the unreadable files among them
        assert one.stdout == two.stdout and one.stderr == two.stderr
        assert one.stdout.index(paths[0].name) < one.stdout.index(paths[-1].name)


def test_a_batch_kept_on_disk_gives_the_same_results_and_tables(
    batch: jx.BatchResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jixiao import _spill

    monkeypatch.setattr(_spill, "KEEP_IN_MEMORY", 7)
    monkeypatch.setattr(_spill, "CHUNK", 5)
    paths = [r.path for r in batch]
    spilled = jx.check_many(paths, jobs=2, rubric="auto", progress=False)
    assert len(spilled._items._head) == 7 and len(spilled._items._ends) == len(paths) - 7
    assert spilled == batch and pickle.loads(pickle.dumps(spilled)) == batch
    assert spilled[-1] == batch[-1] and spilled[100:103] == batch[100:103]
    assert [r.path for r in spilled] == paths
    built = {kind: spilled.to_pandas(kind) for kind in jx.batch.KINDS}
    for kind in jx.batch.KINDS:
        pd.testing.assert_frame_equal(built[kind], batch.to_pandas(kind))
    # The same as pandas makes them from all the rows at once, from the disk as from memory.
    monkeypatch.setattr(jx.batch, "build_frame", lambda runs, columns: pd.DataFrame(
        [row for rows in runs() for row in rows], columns=columns))
    for kind in jx.batch.KINDS:
        assert len(built[kind]) or kind == "skipped"
        pd.testing.assert_frame_equal(built[kind], spilled.to_pandas(kind))
        pd.testing.assert_frame_equal(built[kind], batch.to_pandas(kind))


@pytest.mark.parametrize(
    "values",
    [
        ["a", "b", "a"], ["a", None, "a"], [None, None, "a"], [None, None, None], [1, 2, 3], [None, 1, 2],
        [1, None, 2], [1, 2, None], [1, 2.5, 3], [1.5, None, float("nan")], [0.0, -0.0, 1e300], [True, False, True],
        [True, None, False], [None, True, False], [1, "a", None], ["a", 1, 2], [1, 2, True], [2**63, 1, 2],
        [2**64, 1, 2], [-(2**63), 1, 2], [(1, 2), None, "a"], ["a", "b", 1.5],
    ],
)
def test_a_table_built_a_column_at_a_time_is_the_one_pandas_builds_from_its_rows(values: list[object]) -> None:
    from jixiao import _spill

    rows = [(v, f"p{k % 2}", k) for k, v in enumerate(values)]
    expected = pd.DataFrame(rows, columns=["value", "path", "number"])
    for cut in range(len(rows) + 1):  # every split into two runs, an empty one among them
        runs = [rows[:cut], rows[cut:]]
        frame = _spill.build_frame(lambda runs=runs: iter(runs), ["value", "path", "number"])
        pd.testing.assert_frame_equal(frame, expected)
        assert [type(v) for v in frame["value"]] == [type(v) for v in expected["value"]]
    empty = _spill.build_frame(lambda: iter([[]]), ["value", "path"])
    pd.testing.assert_frame_equal(empty, pd.DataFrame([], columns=["value", "path"]))


def test_document_and_check_result_show_as_html_in_jupyter(corpus: tuple[list[Path], list[Path]]) -> None:
    paths, _ = corpus
    doc = jx.load(paths[0])
    page = doc._repr_html_()
    assert "某县水利局2020年度部门整体支出绩效自评报告" in page
    assert "<li style='margin-left:0.0em'>一、部门基本情况</li>" in page
    assert "<li style='margin-left:1.5em'>（一）部门职能</li>" in page
    assert "\n" not in repr(doc)
    table_doc = jx.load(paths[1])
    assert "表格 1" in table_doc._repr_html_() and "<td>培训人次</td>" in table_doc._repr_html_()
    result = jx.check(doc)
    finding = next(d for d in result.diagnostics if d.code == "T102")
    marked = finding.excerpt[finding.excerpt_start : finding.excerpt_end]
    assert marked == "截止目前"
    assert f"<mark>{marked}</mark>" in result._repr_html_()
