"""The state of one review: a folder's reports as last checked, and the store of decisions.

The folder is checked once when the desk opens (and again on request); a report opened after
its file changed on disk is checked again first, so what the reviewer reads is what is there.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from jixiao.batch import FileResult, Skipped, check_many
from jixiao.config import Config
from jixiao.errors import Error, get_language
from jixiao.plot import svg_charts
from jixiao.review.fingerprint import fingerprints
from jixiao.review.store import DEFAULT_NAME, Decision, Finding, ReviewStore


@dataclass
class Report:
    """One report of the folder as last checked."""

    number: int  # 1-based, in the folder's walking order
    path: str
    key: str  # its identity in the review
    result: FileResult
    stat: tuple[int, int]  # (mtime_ns, size) when checked
    prints: list[tuple[str, int]]  # each finding's (fingerprint, occurrence)

    @property
    def diagnostics(self) -> list[Any]:
        return list(self.result.check.diagnostics)

    def findings(self, decisions: dict[str, Decision]) -> list[Finding]:
        return [
            Finding(self.key, self.path, i, d, fp, occurrence, decisions.get(fp))
            for i, (d, (fp, occurrence)) in enumerate(zip(self.diagnostics, self.prints, strict=True))
        ]


def _stat(path: str) -> tuple[int, int]:
    try:
        st = os.stat(path)
    except OSError:
        return (0, -1)
    return (st.st_mtime_ns, st.st_size)


class Desk:
    """A folder under review: its reports, their findings and the decisions on them."""

    def __init__(
        self,
        folder: str | os.PathLike[str],
        db: str | os.PathLike[str] | None = None,
        *,
        lang: str | None = None,
        jobs: int | None = None,
    ) -> None:
        self.folder = os.path.abspath(os.fspath(folder))
        if not os.path.isdir(self.folder):
            english = (lang or get_language()) == "en"
            error = Error(f"{folder}: not a folder" if english else f"{folder}：不是文件夹")
            error.path = os.fspath(folder)
            raise error
        self.lang = lang or get_language()
        self.jobs = jobs
        self.store = ReviewStore(db if db is not None else os.path.join(self.folder, DEFAULT_NAME), root=self.folder)
        self.config = Config.discover(self.folder)
        self.config.lang = self.lang
        self._lock = threading.Lock()
        self.reports: list[Report] = []
        self.skipped: list[Skipped] = []
        self.charts = ""  # the batch's charts as inline SVG
        self._where: dict[str, tuple[int, int]] = {}  # fingerprint → (report number, finding index)
        self.scan()

    def _entry(self, number: int, result: FileResult) -> Report:
        key = self.store.key(result.path, [self.folder])
        prints = fingerprints(key, list(result.check.diagnostics))
        return Report(number, result.path, key, result, _stat(result.path), prints)

    def _index(self) -> None:
        self._where = {fp: (r.number, i) for r in self.reports for i, (fp, _) in enumerate(r.prints)}

    def scan(self) -> None:
        """Checks (and scores) the whole folder again."""
        batch = check_many(self.folder, jobs=self.jobs, rubric="auto", config=self.config, progress=False)
        reports = [self._entry(n, result) for n, result in enumerate(batch, start=1)]
        charts = svg_charts(batch)  # the overview's pictures, drawn once per scan
        with self._lock:
            self.reports = reports
            self.skipped = list(batch.skipped)
            self.charts = charts
            self._index()

    def report(self, number: int) -> Report | None:
        """The report, checked again first when its file changed since."""
        with self._lock:
            if not 1 <= number <= len(self.reports):
                return None
            report = self.reports[number - 1]
        if _stat(report.path) != report.stat:
            fresh = check_many([report.path], jobs=1, rubric="auto", config=self.config, progress=False)
            report = self._entry(number, fresh[0])
            with self._lock:
                self.reports[number - 1] = report
                self._index()
        return report

    def snapshot(self) -> list[Report]:
        """The reports as last checked, as a list no rescan changes under its reader."""
        with self._lock:
            return list(self.reports)

    def locate(self, fingerprint: str) -> tuple[Report, int] | None:
        """The report and finding index of a fingerprint of the latest check."""
        with self._lock:
            where = self._where.get(fingerprint)
            if where is None:
                return None
            number, index = where
            return self.reports[number - 1], index

    def finding(self, fingerprint: str) -> Finding | None:
        located = self.locate(fingerprint)
        if located is None:
            return None
        report, index = located
        return report.findings({})[index]

    def all_findings(self, decisions: dict[str, Decision] | None = None) -> Iterable[tuple[Report, Finding]]:
        known = self.store.decisions() if decisions is None else decisions
        for report in self.snapshot():
            for finding in report.findings(known):
                yield report, finding


__all__ = ["Desk", "Report"]
