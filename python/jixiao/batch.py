"""Batches: check (and score) many reports on the engine's C++ threads, results in input order.

    batch = jx.check_many(["reports/"], jobs=4, rubric="auto")
    batch.files          # one row per report: type, department, finding counts, total, grade, error
    batch.findings       # one row per finding; .budget, .projects, .indicators, .scores likewise
    batch.to_excel("review.xlsx"); batch.to_html("review.html"); batch.to_csv("out/")

Memory stays flat however many files: the engine keeps at most 4 × jobs reports in flight, each
result keeps the findings, the score and the figures (meta, budget, projects, indicators), not the
text, and a large batch keeps its results in a temporary file (jixiao/_spill.py).
"""

from __future__ import annotations

import contextlib
import os
import queue
import sys
import threading
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, overload

from jixiao._native import _core
from jixiao._spill import SpilledItems, build_frame, row_runs
from jixiao.checking import CheckResult, batch_settings, with_ordered_severity
from jixiao.config import Config
from jixiao.document import Document
from jixiao.dossier import Dossier, dossiers_of, link_items
from jixiao.errors import get_language
from jixiao.export import overview_html, summary_html, write_csv, write_excel, write_html, write_jsonl
from jixiao.records import CoreWrapper
from jixiao.scoring import Scorecard, core_indicators, load_rubric
from jixiao.tables import COLUMNS, KINDS, OPTIONAL_INT_COLUMNS, item_row_tuples, item_rows
from jixiao.user_rules import core_rules

if TYPE_CHECKING:
    import pandas as pd

    from jixiao.review.store import ReviewStore

# What the engine reads (its reader table, cpp/pipeline/pipeline.cpp); .doc/.wps/.xls need LibreOffice.
REPORT_SUFFIXES = (".txt", ".docx", ".docm", ".xlsx", ".xlsm", ".pdf", ".doc", ".wps", ".xls")


@dataclass(frozen=True)
class Skipped:
    """A file found in a folder and not checked, with why (in the current language)."""

    path: str
    reason: str



def _skip_reason(name: str) -> str | None:
    """Why a file found in a folder is not checked, or None when it is."""
    en = get_language() == "en"
    if name.startswith("~$"):
        return "Office lock file of an open document" if en else "Office 打开文档时留下的临时锁文件"
    suffix = os.path.splitext(name)[1].lower()
    if suffix not in REPORT_SUFFIXES:
        shown = suffix or ("no suffix" if en else "无后缀")
        return f"unsupported file type ({shown})" if en else f"不支持的文件类型（{shown}）"
    return None


def walk_paths(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[str], list[Skipped]]:
    """Files as given; folders walked recursively in sorted order. Every file found in a folder is
    either to be checked or skipped with its reason; hidden files and folders (``.git``) are not looked at."""
    files: list[str] = []
    skipped: list[Skipped] = []
    for p in (os.fspath(x) for x in paths):
        if not os.path.isdir(p):
            files.append(p)
            continue
        for folder, dirs, names in os.walk(p):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                if name.startswith("."):
                    continue
                path = os.path.join(folder, name)
                reason = _skip_reason(name)
                if reason is None:
                    files.append(path)
                else:
                    skipped.append(Skipped(path, reason))
    return files, skipped


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """The files to check: files as given, folders walked (see :func:`walk_paths` for the skipped ones)."""
    return walk_paths(paths)[0]


def skipped_summary(skipped: Sequence[Skipped]) -> str:
    """One line for people: ``跳过 3 个不支持的文件：a.png（…）、…``; empty when nothing was skipped."""
    if not skipped:
        return ""
    if get_language() == "en":
        listed = "; ".join(f"{s.path} ({s.reason})" for s in skipped)
        return f"skipped {len(skipped)} file{'s' if len(skipped) > 1 else ''} that cannot be checked: {listed}"
    return f"跳过 {len(skipped)} 个不支持的文件：" + "；".join(f"{s.path}（{s.reason}）" for s in skipped)


class FileResult(CoreWrapper[_core.BatchItem]):
    """One report of a batch: its findings, its score when scored, its figures, or why it failed."""

    def __init__(self, core: _core.BatchItem) -> None:
        self._core = core

    @property
    def index(self) -> int:
        return int(self._core.index)

    @property
    def path(self) -> str:
        return str(self._core.path)

    @property
    def error(self) -> str:
        """Why the file could not be read (or took too long); empty when it was checked."""
        return str(self._core.error)

    @property
    def check(self) -> CheckResult:
        return CheckResult(self._core.check, errors=[self.error] if self.error else [])

    @property
    def score(self) -> Scorecard | None:
        card = self._core.score
        return None if card is None else Scorecard(card)

    @property
    def document(self) -> Document | None:
        """The report's figures (meta, budget, projects, indicators), or all of it with
        ``check_many(..., keep_documents=True)``; None when it could not be read."""
        doc = self._core.document
        return None if doc is None else Document(doc)

    @property
    def ok(self) -> bool:
        """True when the file was read and has no error-level finding."""
        return not self.error and not any(d.severity == "error" for d in self._core.check.diagnostics)

    def rows(self, kind: str) -> list[dict[str, Any]]:
        """This file's rows of one kind of table (see :meth:`BatchResult.to_pandas`)."""
        return item_rows(self._core, kind)

    def to_dict(self) -> dict[str, Any]:
        """The file's ``jixiao check --format json`` entry plus its score, budget, indicators and error."""
        data: dict[str, Any] = dict(self._core.check.to_dict())
        card = self._core.score
        doc = self._core.document
        data["score"] = None if card is None else card.to_dict()
        data["budget"] = None if doc is None else doc.budget.to_dict()
        data["indicators"] = [] if doc is None else [i.to_dict() for i in doc.indicators]
        data["error"] = self.error
        return data

    def __repr__(self) -> str:
        name = os.path.basename(self.path)
        if self.error:
            return f"FileResult({name!r}, error={self.error!r})"
        c = self.check.counts()
        card = self._core.score
        score = "" if card is None else f", total={card.total:g}, grade={card.grade!r}"
        return f"FileResult({name!r}, error={c['error']}, warning={c['warning']}, info={c['info']}{score})"

    def _repr_html_(self) -> str:
        card = self.score
        return f"<div>{self.check._repr_html_()}{'' if card is None else card._repr_html_()}</div>"


class _Table:
    """A BatchResult property named after a kind of table: that table as a DataFrame."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.kind = name

    def __get__(self, batch: BatchResult, owner: type | None = None) -> pd.DataFrame:
        return batch.to_pandas(self.kind)


class BatchResult(Sequence[FileResult]):
    """The results of :func:`check_many`, one :class:`FileResult` per file in input order.

    Converts to one DataFrame per kind — ``files``, ``findings``, ``budget``, ``projects``,
    ``indicators``, ``scores`` (properties, or ``to_pandas(kind)``) — and writes Excel, CSV,
    JSON lines and a self-contained HTML review page.
    """

    def __init__(
        self, items: Iterable[_core.BatchItem], skipped: Iterable[Skipped] = (), linked: _core.LinkResult | None = None
    ) -> None:
        self._items: Sequence[_core.BatchItem] = items if isinstance(items, SpilledItems) else list(items)
        self.skipped: list[Skipped] = list(skipped)
        """Files found in the folders and not checked, each with its reason."""
        self.linked = linked
        """With ``check_many(..., link=True)``: the dossiers, unlinked files and L1xx findings; else None."""

    @property
    def dossiers(self) -> list[Dossier]:
        """The documents linked by department and fiscal year (``check_many(..., link=True)``); [] otherwise."""
        return [] if self.linked is None else dossiers_of(self.linked)

    @property
    def unlinked(self) -> list[_core.Unlinked]:
        """With ``link=True``: the files that could not be linked, each with the reason."""
        return [] if self.linked is None else list(self.linked.unlinked)

    # -- sequence ---------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> FileResult: ...
    @overload
    def __getitem__(self, index: slice) -> BatchResult: ...
    def __getitem__(self, index: int | slice) -> FileResult | BatchResult:
        if isinstance(index, slice):
            return BatchResult(self._items[index], self.skipped)
        return FileResult(self._items[index])

    def __iter__(self) -> Iterator[FileResult]:
        return (FileResult(item) for item in self._items)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BatchResult):
            return NotImplemented
        return (
            len(self._items) == len(other._items)
            and all(a == b for a, b in zip(self._items, other._items, strict=True))
            and self.skipped == other.skipped
            and self.linked == other.linked
        )

    __hash__ = None  # type: ignore[assignment]

    # -- summaries --------------------------------------------------------------------------
    @property
    def ok(self) -> bool:
        """True when every file was read and none has an error-level finding."""
        return all(result.ok for result in self)

    def summary(self) -> dict[str, Any]:
        """Files, unreadable files, findings by severity and reports by grade."""
        counts = {"error": 0, "warning": 0, "info": 0}
        grades: dict[str, int] = {}
        for item in self._items:
            for d in item.check.diagnostics:
                counts[d.severity] = counts.get(d.severity, 0) + 1
            card = item.score
            if card is not None and card.grade:
                grades[card.grade] = grades.get(card.grade, 0) + 1
        return {
            "files": len(self._items),
            "unreadable": sum(1 for item in self._items if item.error),
            "skipped": len(self.skipped),
            **counts,
            "grades": grades,
        }

    # -- tables -----------------------------------------------------------------------------
    def rows(self, kind: str) -> list[dict[str, Any]]:
        """The rows of one kind of table as dicts (what ``to_pandas`` and the writers use)."""
        if kind == "skipped":
            return [{"path": s.path, "reason": s.reason} for s in self.skipped]
        return [row for item in self._items for row in item_rows(item, kind)]

    def to_pandas(self, kind: str = "files") -> pd.DataFrame:
        """One DataFrame: ``files`` (default), ``findings``, ``budget``, ``projects``, ``indicators``, ``scores``
        or ``skipped`` (files found in the folders and not checked, with the reason)."""
        import pandas as pd

        if kind == "skipped" or kind not in COLUMNS:  # an unknown kind is named by rows()
            frame = pd.DataFrame(self.rows(kind), columns=COLUMNS[kind])
        else:  # column by column, a run of files at a time: a large batch never holds its rows as objects
            frame = build_frame(lambda: row_runs(self._items, kind, item_row_tuples), COLUMNS[kind])
        for column in OPTIONAL_INT_COLUMNS:
            if column in frame:
                frame[column] = frame[column].astype("Int64")
        if kind == "files":  # None where not scored or not assessable: missing values, not object columns
            for column in ("total", "coverage", "review_points"):
                frame[column] = frame[column].astype("float64")
        return with_ordered_severity(frame)

    files = _Table()
    findings = _Table()
    budget = _Table()
    projects = _Table()
    indicators = _Table()
    scores = _Table()

    # -- writers ----------------------------------------------------------------------------
    def to_excel(self, path: str | os.PathLike[str], lang: str | None = None) -> None:
        """A workbook: a summary sheet, one sheet per kind and a rules sheet, with Chinese headers and
        values (``lang="en"``: English), number formats, severity colours, links from each finding
        to its report and a print setup (needs openpyxl: ``pip install 'jixiao[excel]'``)."""
        write_excel(self, path, lang)

    def to_csv(self, path: str | os.PathLike[str], kind: str | None = None, *, bom: bool = True) -> None:
        """One CSV per kind into the folder ``path`` (``files.csv``, ``findings.csv`` …), or ``kind``
        alone to the file ``path``. UTF-8 with a byte order mark, so that Excel on Chinese Windows
        reads it as UTF-8; ``bom=False`` leaves the mark out."""
        write_csv(self, path, kind, skipped=self.skipped, bom=bom)

    def to_jsonl(self, path: str | os.PathLike[str]) -> None:
        """One JSON object per file: the ``check --format json`` entry plus score, budget, indicators and error."""
        write_jsonl(self, path, skipped=self.skipped)

    def to_html(self, path: str | os.PathLike[str]) -> None:
        """A self-contained review page that works offline from a file: summary, legend, charts
        (inline SVG), an overview to sort, filter and search, and one section per report with its
        findings, score and full text with the findings marked in place."""
        write_html(self, path)

    def plot(self, kind: str = "scores", ax: Any = None) -> Any:
        """One chart with matplotlib (``pip install 'jixiao[plot]'``): ``"scores"`` (total
        distribution, 不可评价 apart), ``"rules"`` (findings by rule), ``"heatmap"`` (department ×
        rule) or ``"execution"`` (budget execution rates). Returns the Axes."""
        from jixiao.plot import plot

        return plot(self, kind, ax)

    # -- display ----------------------------------------------------------------------------
    def __repr__(self) -> str:
        s = self.summary()
        skipped = f", skipped={s['skipped']}" if s["skipped"] else ""
        return (
            f"BatchResult({s['files']} files, unreadable={s['unreadable']}{skipped}, error={s['error']}, "
            f"warning={s['warning']}, info={s['info']})"
        )

    def _repr_html_(self) -> str:
        limit = 100
        more = f"<p>… 另有 {len(self) - limit} 份，见 <code>.files</code></p>" if len(self) > limit else ""
        return f"<div>{summary_html(self)}{overview_html(self[:limit], link=False)}{more}</div>"


# Set once a Python rule told to stop (timeout, Ctrl-C) has not returned: it is blocked outside
# Python code, and a process ending normally would pull the interpreter from under it.
_rules_left_running = threading.Event()


def rules_left_running() -> bool:
    """True when a rule stopped by a timeout is still blocked outside Python code (e.g. in
    ``time.sleep``); a program should then end with :func:`os._exit` after flushing its output."""
    return _rules_left_running.is_set()


def progress_class() -> Any:
    """tqdm.auto's bar (a widget in a notebook) when ipywidgets is there to draw it; the text bar
    otherwise, rather than tqdm.auto's warning that it is missing."""
    try:
        import ipywidgets  # type: ignore[import-untyped,import-not-found,unused-ignore]  # noqa: F401
    except ImportError:
        from tqdm import tqdm  # type: ignore[import-untyped,unused-ignore]

        return tqdm
    from tqdm.auto import tqdm as auto_tqdm  # type: ignore[import-untyped,unused-ignore]

    return auto_tqdm


@dataclass
class _Run:
    """check_many's arguments converted to what the engine takes."""

    files: list[bytes]  # as the system names them: any file name opens, whatever its encoding
    skipped: list[Skipped]
    settings: Any
    rubric: str
    jobs: int
    keep_document: str
    timeout: float
    show_progress: bool
    baseline: Any = None  # a ReviewStore whose dismissed findings are hidden
    folders: tuple[str, ...] = ()  # the folders given, where files found in them get their identity
    link: bool = False

    def __call__(self, on_result: Callable[[_core.BatchItem], None], stop: _core.BatchStop | None = None) -> None:
        # Everything is an engine value by now; the engine releases the GIL while it works.
        stuck = _core.run_batch(
            self.files,
            self.settings,
            on_result,
            rubric=self.rubric,
            jobs=self.jobs,
            keep_document=self.keep_document,
            timeout_per_file=self.timeout,
            rules=core_rules(),
            indicators=core_indicators(),
            stop=stop,
            link=self.link,
        )
        if stuck:
            _rules_left_running.set()

    def progress_bar(self) -> Any:
        return progress_class()(total=len(self.files), unit="份", desc="jixiao", file=sys.stderr,
                                disable=not self.show_progress)


def _prepare(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    jobs: int | None,
    rubric: str | os.PathLike[str] | _core.Rubric | None,
    config: Config | None,
    progress: bool | None,
    keep_documents: bool,
    timeout: float | None,
    baseline: str | os.PathLike[str] | ReviewStore | None = None,
    link: bool = False,
) -> _Run:
    given = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    files, skipped = walk_paths(given)
    store = None
    if baseline is not None:  # opened now: a missing store is said before any work
        from jixiao.review.store import ReviewStore, open_baseline

        store = baseline if isinstance(baseline, ReviewStore) else open_baseline(baseline)
    settings = batch_settings(config, given)
    if isinstance(rubric, str) and rubric == "none":  # as on the command line
        rubric = None
    if rubric is None or rubric == "auto":
        rubric_spec = "" if rubric is None else "auto"
    else:  # loaded here so that names from the config's rubric files resolve and errors come before any work
        chosen = rubric if isinstance(rubric, _core.Rubric) else load_rubric(rubric, config)
        rubric_spec = chosen.to_json()
    if progress is None:
        isatty = getattr(sys.stderr, "isatty", None)
        progress = bool(isatty and isatty())
    keep = "whole" if keep_documents else "figures"
    encoded = [os.fsencode(f) for f in files]
    folders = tuple(os.fspath(p) for p in given if os.path.isdir(p))
    return _Run(encoded, skipped, settings, rubric_spec, jobs or 0, keep, timeout or 0.0, progress, store, folders,
                link)


def check_many(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    jobs: int | None = None,
    rubric: str | os.PathLike[str] | _core.Rubric | None = None,
    config: Config | None = None,
    progress: bool | None = None,
    *,
    keep_documents: bool = False,
    timeout: float | None = None,
    baseline: str | os.PathLike[str] | ReviewStore | None = None,
    link: bool = False,
) -> BatchResult:
    """Checks (and scores) many reports on the engine's C++ threads; results in input order.

    ``paths`` are files or folders (walked for .txt, .docx, .xlsx, .pdf, .doc, .wps and .xls; other
    files found are listed in ``.skipped`` with the reason). ``jobs`` threads (default or 0:
    one per CPU). ``rubric``: None or ``"none"`` (no scoring), ``"auto"`` (each report's default rubric, as
    :func:`jixiao.score` picks it), a built-in name, a rubric file, JSON text or a :class:`Rubric`.
    ``config`` defaults to the one the command line finds (:meth:`Config.for_paths`). A progress bar shows
    on stderr when it is a terminal (``progress=True``/``False`` forces it). Registered rules
    (:func:`jixiao.rule`) and custom indicators run for every report. A file that cannot be read
    becomes a result with ``.error`` set. With ``timeout``, a registered rule still running after
    that many seconds on a file is stopped (an error finding names it), and a file not finished
    after ``timeout`` × (rules + 1) seconds (a rule blocked where no exception reaches it) becomes
    a result with ``.error``. Ctrl-C stops the engine and the running rules before it is raised.

    With ``baseline`` (a review store, ``jixiao review``'s ``.sqlite`` file, docs/review.md) the
    findings dismissed there are left out; scores are as checked.

    The result keeps every file's findings, score and figures; past the first 500 files they
    are kept compressed in a temporary file (some 2.5 KB a report) and read back when asked for, so
    memory stays flat. :func:`iter_check` hands them over one at a time and keeps nothing.

    With ``link=True`` the reports are also linked into dossiers by department and fiscal year
    (``.dossiers``, ``.unlinked``) and each gains the cross-document findings L101–L105 (docs/link.md);
    linking needs every report's figures, so a linked batch is kept in memory.
    """
    run = _prepare(paths, jobs, rubric, config, progress, keep_documents, timeout, baseline, link)
    if not link:
        kinds = [k for k in KINDS if k != "skipped"]
        return BatchResult(SpilledItems(_stream(run), item_row_tuples, kinds), run.skipped)
    items = list(_stream(run))
    return BatchResult(items, run.skipped, link_items(items, run.settings))


class _Stop(Exception):
    """Raised into the engine's callback when the consumer of iter_check has gone."""


_FINISHED = object()


def iter_check(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    jobs: int | None = None,
    rubric: str | os.PathLike[str] | _core.Rubric | None = None,
    config: Config | None = None,
    progress: bool | None = None,
    *,
    keep_documents: bool = False,
    timeout: float | None = None,
    baseline: str | os.PathLike[str] | ReviewStore | None = None,
) -> Generator[FileResult, None, None]:
    """Like :func:`check_many`, but yields each :class:`FileResult` as soon as it is ready, in input
    order, and keeps nothing: memory stays flat however many files. Arguments are checked now;
    the files are read as the results are taken. Leaving the loop early stops the engine. Files
    the folders hold that are not checked are not reported here: :func:`walk_paths` lists them.
    ``baseline`` hides dismissed findings as in :func:`check_many`."""
    run = _prepare(paths, jobs, rubric, config, progress, keep_documents, timeout, baseline)
    return _file_results(run)


def _file_results(run: _Run) -> Generator[FileResult, None, None]:
    items = _stream(run)
    try:
        for item in items:
            yield FileResult(item)
    finally:
        items.close()  # leaving early stops the engine now, not when the generator is collected


# The stops of the batches running now, so that a program's Ctrl-C handler can end them gracefully.
# No lock: a signal handler runs on the main thread, which may be the one holding it; adding,
# discarding and copying a set are each atomic under the GIL.
_running: set[_core.BatchStop] = set()


def stop_running() -> bool:
    """Asks every batch running in this process to stop (their results so far are still handed
    over); returns whether there was one. Safe in a signal handler."""
    running = list(_running)
    for stop in running:
        stop.request()
    return bool(running)


def _stream(run: _Run) -> Generator[_core.BatchItem, None, None]:
    """The engine's items in input order, from a producer thread through a bounded hand-off, so
    that the consuming thread waits in Python, where Ctrl-C reaches it."""
    handoff: queue.Queue[Any] = queue.Queue(maxsize=max(64, 8 * (run.jobs or os.cpu_count() or 1)))
    stop = _core.BatchStop()
    consumer_gone = threading.Event()
    failures: list[BaseException] = []

    def put(entry: object) -> None:
        while not consumer_gone.is_set():
            try:
                handoff.put(entry, timeout=0.1)
                return
            except queue.Full:
                continue
        raise _Stop

    def produce() -> None:
        try:
            run(put, stop)
        except _Stop:
            return
        except BaseException as exc:  # handed to the consumer, which raises it
            failures.append(exc)
        with contextlib.suppress(_Stop):
            put(_FINISHED)

    dismissed = run.baseline.dismissed() if run.baseline is not None else set()
    _running.add(stop)
    producer = threading.Thread(target=produce, name="jixiao-batch", daemon=True)
    producer.start()
    try:
        with run.progress_bar() as bar:
            while (entry := handoff.get()) is not _FINISHED:
                bar.update(1)
                if dismissed:
                    run.baseline.hide(entry, dismissed, run.folders)
                yield entry
        if failures:
            raise failures[0]
    finally:
        consumer_gone.set()
        stop.request()  # no more files start; running rules are stopped
        _join(producer)
        _running.discard(stop)


def _join(thread: threading.Thread) -> None:
    """Waits for the thread; a second Ctrl-C while waiting must not leave it running into exit."""
    while True:
        try:
            thread.join()
            return
        except KeyboardInterrupt:
            continue


__all__ = [
    "COLUMNS",
    "KINDS",
    "BatchResult",
    "FileResult",
    "Skipped",
    "check_many",
    "expand_paths",
    "iter_check",
    "rules_left_running",
    "skipped_summary",
    "walk_paths",
]
