"""The review desk: stable fingerprints, the SQLite store of decisions, baselines, and the server
(what it serves, whom it refuses, and many decisions at once)."""

from __future__ import annotations

import io
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import pytest
from reports import FLAWED_REPORT, FLAWED_TARGET_TABLE, GOOD_REPORT

import jixiao as jx
from jixiao.review.fingerprint import file_key, fingerprints
from jixiao.review.store import SCHEMA_VERSION, ReviewStore

httpx = pytest.importorskip("httpx")
pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from jixiao.review.app import Server, is_loopback  # noqa: E402  (needs the review extra)
from jixiao.review.desk import Desk  # noqa: E402


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    reports = tmp_path / "reports"
    (reports / "乡镇").mkdir(parents=True)
    (reports / "flawed.txt").write_text(FLAWED_REPORT, encoding="utf-8")
    (reports / "乡镇" / "targets.txt").write_text(FLAWED_TARGET_TABLE, encoding="utf-8")
    (reports / "good.txt").write_text(GOOD_REPORT, encoding="utf-8")
    return reports


def store_for(folder: Path) -> ReviewStore:
    return ReviewStore(folder / ".jixiao-review.sqlite", root=folder)


# -- fingerprints ------------------------------------------------------------------------------


def test_a_paragraph_added_above_keeps_every_fingerprint() -> None:
    before = jx.check(jx.parse(FLAWED_REPORT, name="a.txt")).diagnostics
    edited = FLAWED_REPORT.replace("一、部门基本情况\n", "一、部门基本情况\n本报告依据有关规定编制。\n", 1)
    after = jx.check(jx.parse(edited, name="a.txt")).diagnostics
    assert [d.line for d in after] != [d.line for d in before]
    assert fingerprints("a.txt", after) == fingerprints("a.txt", before)


def test_a_change_to_the_figures_a_finding_is_about_gives_it_a_new_fingerprint() -> None:
    before = jx.check(jx.parse(FLAWED_REPORT, name="a.txt")).diagnostics
    changed = FLAWED_REPORT.replace("公务接待费1.50万元", "公务接待费1.20万元")
    after = jx.check(jx.parse(changed, name="a.txt")).diagnostics
    old = dict(zip((d.code for d in before), fingerprints("a.txt", before), strict=True))
    new = dict(zip((d.code for d in after), fingerprints("a.txt", after), strict=True))
    assert old["A101"] != new["A101"]
    assert old["T101"] == new["T101"]


def test_the_same_finding_twice_gets_occurrence_indexes_and_the_file_is_part_of_the_identity() -> None:
    text = "某单位2022年工作总结\n一、工作情况\n开展活动活动。\n二、其他情况\n开展活动活动。\n"
    found = jx.check(jx.parse(text, name="x.txt")).diagnostics
    twice = [i for i, d in enumerate(found) if d.code == "T101"]
    prints = fingerprints("x.txt", found)
    assert [prints[i][1] for i in twice] == [0, 1]
    assert prints[twice[0]][0] != prints[twice[1]][0]
    assert fingerprints("y.txt", found)[twice[0]][0] != prints[twice[0]][0]


def test_a_files_identity_is_its_path_in_the_reviewed_folder(tmp_path: Path) -> None:
    assert file_key(tmp_path / "sub" / "a.txt", tmp_path) == "sub/a.txt"
    assert file_key(tmp_path / "a.txt", tmp_path / "elsewhere") == "a.txt"
    decomposed = "报告" + "\u0065\u0301" + ".txt"  # e + combining acute, as macOS names it
    assert file_key(tmp_path / decomposed, tmp_path) == "报告é.txt"


# -- the store ---------------------------------------------------------------------------------


def test_a_new_store_is_at_the_current_schema_version_in_wal_mode(tmp_path: Path) -> None:
    store = ReviewStore(tmp_path / "review.sqlite")
    with sqlite3.connect(store.path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"decisions", "history", "settings"} <= tables


def test_opening_an_older_store_runs_the_steps_it_has_not_had_and_keeps_its_decisions(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jixiao.review import store as store_module

    store = store_for(folder)
    store.dismiss(store.findings(jx.check_many(folder))[0], "不适用")
    added = ["ALTER TABLE decisions ADD COLUMN ticket TEXT NOT NULL DEFAULT ''"]
    monkeypatch.setattr(store_module, "MIGRATIONS", [*store_module.MIGRATIONS, added])
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with sqlite3.connect(store.path) as db:
        db.execute("INSERT INTO decisions (fingerprint, file, code, occurrence, status, decided_at) "
                   "VALUES ('x', 'f', 'A101', 0, 'accepted', 'now')")
        with pytest.raises(sqlite3.OperationalError):
            db.execute("SELECT ticket FROM decisions")
    migrated = ReviewStore(store.path)
    assert [d.status for d in migrated.decisions().values()] == ["accepted", "dismissed"]
    with sqlite3.connect(store.path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
        rows = db.execute("SELECT status, reason, ticket FROM decisions ORDER BY fingerprint = 'x'").fetchall()
    assert rows == [("dismissed", "不适用", ""), ("accepted", "", "")]


def test_a_store_from_a_newer_jixiao_or_not_a_store_is_a_clear_error(tmp_path: Path) -> None:
    newer = tmp_path / "newer.sqlite"
    with sqlite3.connect(newer) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(jx.Error, match=r"newer\.sqlite") as info:
        ReviewStore(newer)
    assert info.value.path == str(newer)
    garbage = tmp_path / "notes.sqlite"
    garbage.write_bytes(b"this is not a database, just some notes" * 100)
    with pytest.raises(jx.Error, match=r"notes\.sqlite"):
        ReviewStore(garbage)
    with pytest.raises(jx.Error, match=r"no such review store|找不到"):
        jx.check_many([], baseline=tmp_path / "missing.sqlite")


def test_decisions_persist_and_follow_their_findings_after_an_edit(folder: Path) -> None:
    store = store_for(folder)
    findings = store.findings(jx.check_many(folder))
    assert {f.file for f in findings} == {"flawed.txt", "乡镇/targets.txt"}
    typo = next(f for f in findings if f.diagnostic.code == "T102")
    store.dismiss(typo, "地方习惯用法，不改", reviewer="王审核")
    total = next(f for f in findings if f.diagnostic.code == "A101")
    store.accept(total, reviewer="王审核")
    with pytest.raises(ValueError, match=r"理由|reason"):
        store.dismiss(findings[0], "  ")

    report = folder / "flawed.txt"
    edited = FLAWED_REPORT.replace("一、部门基本情况\n", "一、部门基本情况\n新增的一段说明。\n", 1)
    report.write_text(edited, encoding="utf-8")
    again = ReviewStore(store.path).findings(jx.check_many(folder))  # a new session on the same folder
    statuses = Counter(f.status for f in again)
    assert statuses == Counter(open=len(again) - 2, dismissed=1, accepted=1)
    dismissed = next(f for f in again if f.status == "dismissed")
    assert dismissed.diagnostic.code == "T102" and dismissed.reason == "地方习惯用法，不改"
    assert dismissed.diagnostic.line == typo.diagnostic.line + 1

    store.reopen(dismissed)
    assert store.dismissed() == set()
    assert [h[1] for h in store.history()] == ["dismissed", "accepted", "open"]
    assert list(store.to_pandas()["status"]) == ["accepted"]


def test_a_baseline_hides_dismissed_findings_in_check_many_iter_check_check_and_the_cli(folder: Path, cli) -> None:  # type: ignore[no-untyped-def]
    store = store_for(folder)
    findings = store.findings(jx.check_many(folder))
    dismissed = [f for f in findings if f.diagnostic.code in ("T101", "I102")]
    for f in dismissed:
        store.dismiss(f, "已核实")
    counts = {r.path: len(r.check) for r in jx.check_many(folder)}
    hidden = {r.path: len(r.check) for r in jx.check_many(folder, baseline=store.path)}
    assert sum(counts.values()) - sum(hidden.values()) == len(dismissed)
    assert [len(r.check) for r in jx.iter_check([folder], baseline=store)] == list(hidden.values())
    single = jx.check(folder / "乡镇" / "targets.txt", baseline=store.path)
    assert "I102" not in {d.code for d in single.diagnostics}
    assert "I101" in {d.code for d in single.diagnostics}

    shown = cli("check", str(folder), "--format", "json", "--baseline", store.path)
    codes = [d["code"] for f in json.loads(shown.stdout)["files"] for d in f["diagnostics"]]
    assert "T101" not in codes and "I102" not in codes and "A101" in codes
    missing = cli("check", str(folder), "--baseline", str(folder / "nope.sqlite"))
    assert missing.returncode == 2 and "nope.sqlite" in missing.stderr


# -- the server --------------------------------------------------------------------------------


@pytest.fixture
def server(folder: Path):  # type: ignore[no-untyped-def]
    desk = Desk(folder, lang="zh", jobs=1)
    srv = Server(desk, "127.0.0.1", 0)
    with srv.running() as url:
        yield url, desk


def test_the_pages_show_the_folder_its_scores_and_a_report_with_its_findings(server) -> None:  # type: ignore[no-untyped-def]
    url, desk = server
    with httpx.Client(base_url=url) as client:
        overview = client.get("/")
        assert overview.status_code == 200
        assert "flawed.txt" in overview.text and "乡镇/targets.txt" in overview.text
        assert "错误" in overview.text and "Server-Timing" in overview.headers
        # A score says how much of it could be assessed; below the rubric's floor it is no number.
        assert "不可评价" in overview.text
        assert overview.text.count("<svg") == 4 and "总分分布" in overview.text  # the batch's charts
        assert "script-src 'self'" in overview.headers["content-security-policy"]
        filtered = client.get("/", params={"rule": "I104"})
        assert "乡镇/targets.txt" in filtered.text and "flawed.txt" not in filtered.text
        searched = client.get("/findings", params={"q": "占位符"})
        assert "<code>P101</code>" in searched.text and "<code>I104</code>" not in searched.text
        number = next(r.number for r in desk.reports if r.key == "flawed.txt")
        page = client.get(f"/report/{number}")
        assert page.status_code == 200
        assert "<mark class='jx-hl" in page.text and "data-fingerprint=" in page.text
        assert client.get("/report/999").status_code == 404
        assert "jxActivateFinding" in client.get("/assets/fulltext.js").text
        assert client.get("/static/review.js").status_code == 200


def test_a_report_changed_on_disk_is_checked_again_when_opened(server, folder: Path) -> None:  # type: ignore[no-untyped-def]
    url, desk = server
    number = next(r.number for r in desk.reports if r.key == "good.txt")
    with httpx.Client(base_url=url) as client:
        assert "T101" not in client.get(f"/report/{number}").text
        (folder / "good.txt").write_text(GOOD_REPORT.replace("影响项目进度", "影响项目项目进度"), encoding="utf-8")
        page = client.get(f"/report/{number}").text
    assert "<code class='jx-code'>T101</code>" in page and ">项目项目</mark>" in page
    assert any(d.code == "T101" for d in desk.reports[number - 1].diagnostics)


def test_not_assessable_shows_as_words_never_as_zero(folder: Path) -> None:
    from jixiao.review.app import MESSAGES, score_text

    class Card:
        coverage, min_coverage, total, grade = 0.0, 0.5, 0.0, ""

    class Result:
        score = Card()

    assert score_text(Result(), MESSAGES["zh"])[0] == "不可评价"
    Card.coverage, Card.total = 0.2, 80.0  # under the rubric's coverage floor
    assert score_text(Result(), MESSAGES["zh"])[0] == "不可评价"
    Card.coverage = 0.8
    assert score_text(Result(), MESSAGES["zh"])[0] == "80（可评价 80%）"


def test_requests_naming_another_host_are_refused(server) -> None:  # type: ignore[no-untyped-def]
    url, _ = server
    port = url.rstrip("/").rsplit(":", 1)[1]
    with httpx.Client(base_url=url) as client:
        assert client.get("/", headers={"Host": "attacker.example"}).status_code == 421
        assert client.get("/", headers={"Host": f"attacker.example:{port}"}).status_code == 421
        assert client.get("/", headers={"Host": f"localhost:{port}"}).status_code == 200
    assert is_loopback("127.0.0.2") and is_loopback("::1") and not is_loopback("192.168.1.5")
    assert not is_loopback("127.0.0.1.attacker.example") and not is_loopback("localhost.attacker.example")


def test_the_command_serves_the_folder_until_ctrl_c_and_then_exits_0(folder: Path) -> None:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    command = [sys.executable, "-m", "jixiao", "review", str(folder), "--port", "0"]
    with subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, encoding="utf-8",
                          env=env) as proc:
        try:
            assert proc.stderr is not None
            line = proc.stderr.readline()
            url = re.search(r"http://127\.0\.0\.1:\d+/", line)
            assert url, line
            assert "flawed.txt" in httpx.get(url.group(0), timeout=30).text
            proc.send_signal(signal.SIGINT)
            assert proc.wait(timeout=30) == 0
        finally:
            proc.kill()
    assert (folder / ".jixiao-review.sqlite").is_file()  # the default store, in the folder


def test_a_non_local_address_needs_an_explicit_flag(folder: Path, cli) -> None:  # type: ignore[no-untyped-def]
    refused = cli("review", str(folder), "--host", "0.0.0.0", "--port", "0")
    assert refused.returncode == 2 and "--allow-remote" in refused.stderr
    with pytest.raises(jx.Error, match="allow-remote"):
        Server(Desk(folder, jobs=1), "0.0.0.0", 0)
    not_a_folder = cli("review", str(folder / "good.txt"), "--port", "0")
    assert not_a_folder.returncode == 2 and "不是文件夹" in not_a_folder.stderr


def test_decisions_are_taken_only_as_json_from_the_desks_own_pages(server) -> None:  # type: ignore[no-untyped-def]
    url, desk = server
    fingerprint = desk.reports[0].prints[0][0]
    body = {"fingerprint": fingerprint, "status": "accepted", "reason": ""}
    with httpx.Client(base_url=url) as client:
        as_form = client.post("/api/decisions", content="fingerprint=x", headers={"Content-Type": "text/plain"})
        assert as_form.status_code == 403
        other_site = client.post("/api/decisions", json=body, headers={"Origin": "http://attacker.example"})
        assert other_site.status_code == 403
        no_reason = client.post("/api/decisions", json=dict(body, status="dismissed"))
        assert no_reason.status_code == 400 and "理由" in no_reason.json()["error"]
        unknown = client.post("/api/decisions", json=dict(body, fingerprint="0" * 32))
        assert unknown.status_code == 404
        assert client.post("/api/decisions", json=body).json()["status"] == "accepted"
    assert desk.store.decisions()[fingerprint].status == "accepted"


def test_many_decisions_at_once_leave_the_database_whole_and_every_one_recorded(server) -> None:  # type: ignore[no-untyped-def]
    """Writers and readers together: 8 threads each post 25 decisions, reading a page after every fifth."""
    url, desk = server
    prints = [fp for report in desk.reports for fp, _ in report.prints]
    assert len(prints) >= 10
    threads, per_thread = 8, 25
    failures: list[str] = []

    def hammer(seed: int) -> None:
        rng = random.Random(seed)
        with httpx.Client(base_url=url, timeout=60) as client:
            for _ in range(per_thread):
                fingerprint = rng.choice(prints)
                status = rng.choice(["accepted", "dismissed", "open"])
                reply = client.post("/api/decisions", json={"fingerprint": fingerprint, "status": status,
                                                            "reason": f"线程 {seed}"})
                if reply.status_code != 200:
                    failures.append(f"{reply.status_code} {reply.text}")
                if rng.random() < 0.2:
                    page = client.get(rng.choice(["/", "/findings", "/report/1", "/export.xlsx"]))
                    if page.status_code != 200:
                        failures.append(f"{page.status_code} {page.request.url}")

    workers = [threading.Thread(target=hammer, args=(seed,)) for seed in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert failures == []
    with sqlite3.connect(desk.store.path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT count(*) FROM history").fetchone()[0] == threads * per_thread
        # what is in force is what each finding's last recorded decision says
        latest = dict(db.execute(
            "SELECT fingerprint, status FROM history WHERE id IN (SELECT max(id) FROM history GROUP BY fingerprint)"
        ).fetchall())
    in_force = {fp: d.status for fp, d in desk.store.decisions().items()}
    assert in_force == {fp: status for fp, status in latest.items() if status != "open"}


def test_the_export_holds_the_remaining_findings_and_the_decisions(server) -> None:  # type: ignore[no-untyped-def]
    openpyxl = pytest.importorskip("openpyxl")
    url, desk = server
    findings = [f for _, f in desk.all_findings()]
    desk.store.dismiss(findings[0], "不适用")
    desk.store.accept(findings[1], "属实")
    with httpx.Client(base_url=url) as client:
        reply = client.get("/export.xlsx")
    assert reply.status_code == 200 and "attachment" in reply.headers["content-disposition"]
    book = openpyxl.load_workbook(io.BytesIO(reply.content))
    remaining, decisions = book.worksheets
    assert remaining.title == "待处理" and remaining.max_row == len(findings)  # header + all but the dismissed
    assert {row[8] for row in remaining.iter_rows(min_row=2, values_only=True)} == {"待审", "已接受"}
    assert sorted(row[3] for row in decisions.iter_rows(min_row=2, values_only=True)) == ["已接受", "已驳回"]


def test_the_desk_speaks_english_when_asked(folder: Path) -> None:
    desk = Desk(folder, lang="en", jobs=1)
    with Server(desk, "127.0.0.1", 0).running() as url, httpx.Client(base_url=url) as client:
        page = client.get("/")
    assert "Reports" in page.text and "error" in page.text and "报告总览" not in page.text
