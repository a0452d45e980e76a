"""Review decisions in SQLite (docs/review.md): which findings a reviewer accepted or dismissed, and why.

    store = ReviewStore("reports/.jixiao-review.sqlite", root="reports/")
    findings = store.findings(jixiao.check_many("reports/"))
    store.dismiss(findings[0], "口径不同，已与单位核实")
    jixiao.check_many("reports/", baseline=store.path)     # the dismissed ones no longer show

The schema is versioned (``PRAGMA user_version``) and brought up to date by ordered migration
steps when a store is opened; the journal is WAL, so readers never wait for the writer, and
every decision is one transaction. Each call opens its own connection: a store may be shared
by threads (the review desk's requests) and by processes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jixiao.errors import Error, get_language
from jixiao.review.fingerprint import file_key, fingerprints, keyed_paths

if TYPE_CHECKING:
    import pandas as pd

    from jixiao.batch import BatchResult, FileResult

STATUSES = ("open", "accepted", "dismissed")
DEFAULT_NAME = ".jixiao-review.sqlite"  # in the reviewed folder: hidden from the walk, travels with it

# Ordered migration steps: step n brings a store from version n to n + 1 (PRAGMA user_version).
# A released step is never edited; a change of schema is a new step at the end.
MIGRATIONS: list[list[str]] = [
    [
        """CREATE TABLE decisions (
             fingerprint TEXT PRIMARY KEY,
             file TEXT NOT NULL,
             code TEXT NOT NULL,
             occurrence INTEGER NOT NULL,
             status TEXT NOT NULL CHECK (status IN ('accepted', 'dismissed')),
             reason TEXT NOT NULL DEFAULT '',
             reviewer TEXT NOT NULL DEFAULT '',
             decided_at TEXT NOT NULL,
             message TEXT NOT NULL DEFAULT '',
             excerpt TEXT NOT NULL DEFAULT ''
           )""",
        "CREATE INDEX decisions_by_file ON decisions (file)",
        """CREATE TABLE history (
             id INTEGER PRIMARY KEY AUTOINCREMENT,
             fingerprint TEXT NOT NULL,
             status TEXT NOT NULL CHECK (status IN ('open', 'accepted', 'dismissed')),
             reason TEXT NOT NULL DEFAULT '',
             reviewer TEXT NOT NULL DEFAULT '',
             decided_at TEXT NOT NULL
           )""",
        "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ],
]
SCHEMA_VERSION = len(MIGRATIONS)


def _say(zh: str, en: str) -> str:
    return en if get_language() == "en" else zh


def _store_error(path: str, zh: str, en: str) -> Error:
    error = Error(f"{path}：{zh}" if get_language() != "en" else f"{path}: {en}")
    error.path = path
    return error


@dataclass(frozen=True)
class Decision:
    """A reviewer's decision on one finding."""

    fingerprint: str
    file: str
    code: str
    occurrence: int
    status: str  # accepted | dismissed
    reason: str
    reviewer: str
    decided_at: str  # ISO 8601, UTC
    message: str  # the finding's message and excerpt when it was decided, for the record
    excerpt: str


@dataclass(frozen=True)
class Finding:
    """A finding of a checked folder with its identity and its review status."""

    file: str  # the file's identity in the review (path relative to the reviewed folder)
    path: str  # the path it was checked under
    index: int  # its position among the file's findings
    diagnostic: Any
    fingerprint: str
    occurrence: int
    decision: Decision | None

    @property
    def status(self) -> str:
        """``open`` (no decision yet), ``accepted`` or ``dismissed``."""
        return "open" if self.decision is None else self.decision.status

    @property
    def reason(self) -> str:
        return "" if self.decision is None else self.decision.reason


# Named, never ``*``: a later migration may add columns.
DECISION_COLUMNS = ", ".join(Decision.__dataclass_fields__)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _reviewer() -> str:
    with contextlib.suppress(Exception):
        return getpass.getuser()
    return ""


class ReviewStore:
    """The decisions of one review, in the SQLite file ``path`` (created when missing).

    ``root`` is the reviewed folder: files under it are known by their path relative to it
    (see :mod:`jixiao.review.fingerprint`). It is recorded in the store, so a store opened
    later without ``root`` (``check --baseline``) still knows it.
    """

    def __init__(self, path: str | os.PathLike[str], root: str | os.PathLike[str] | None = None) -> None:
        self.path = os.fspath(path)
        if os.path.isdir(self.path):
            raise _store_error(self.path, "这是文件夹，不是审核记录文件", "is a folder, not a review store")
        self._migrate()
        if root is not None:
            with self._transaction() as db:
                db.execute("INSERT OR REPLACE INTO settings VALUES ('root', ?)", (os.path.abspath(root),))
        self.root = self._setting("root")

    # -- connections -------------------------------------------------------------------------
    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        try:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        except sqlite3.Error as exc:
            raise _store_error(self.path, f"无法打开审核记录（{exc}）",
                               f"cannot open the review store ({exc})") from None
        try:
            db.execute("PRAGMA busy_timeout = 30000")
            yield db
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                raise
            raise _store_error(self.path, f"不是可用的审核记录文件（{exc}）",
                               f"not a usable review store ({exc})") from None
        finally:
            db.close()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken before anything is read so writers queue instead of failing."""
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def _migrate(self) -> None:
        with self._connect() as db:
            db.execute("PRAGMA journal_mode = WAL")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise _store_error(
                    self.path, f"审核记录的版本（{version}）比这个 jixiao 新，请升级 jixiao",
                    f"the review store's schema version ({version}) is newer than this jixiao knows; upgrade jixiao",
                )
            if version == SCHEMA_VERSION:
                return
        with self._transaction() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]  # another process may have migrated
            for step in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[step]:
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {step + 1}")

    def _setting(self, key: str) -> str | None:
        with self._connect() as db:
            row = db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    # -- decisions ---------------------------------------------------------------------------
    def decide(
        self, finding: Finding, status: str, reason: str = "", *, reviewer: str | None = None
    ) -> Decision | None:
        """Records ``accepted`` or ``dismissed`` (a dismissal needs its reason) for a finding, or
        ``open`` to take a decision back; one transaction. Returns the decision now in force."""
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
        reason = reason.strip()
        if status == "dismissed" and not reason:
            raise ValueError(_say("驳回需要说明理由", "a dismissal needs a reason"))
        who = _reviewer() if reviewer is None else reviewer
        when = _now()
        d = finding.diagnostic
        with self._transaction() as db:
            db.execute(
                "INSERT INTO history (fingerprint, status, reason, reviewer, decided_at) VALUES (?, ?, ?, ?, ?)",
                (finding.fingerprint, status, reason, who, when),
            )
            if status == "open":
                db.execute("DELETE FROM decisions WHERE fingerprint = ?", (finding.fingerprint,))
                return None
            db.execute(
                f"INSERT OR REPLACE INTO decisions ({DECISION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (finding.fingerprint, finding.file, d.code, finding.occurrence, status, reason, who, when,
                 d.message, d.excerpt),
            )
        return Decision(finding.fingerprint, finding.file, d.code, finding.occurrence, status, reason, who, when,
                        d.message, d.excerpt)

    def accept(self, finding: Finding, reason: str = "", *, reviewer: str | None = None) -> Decision | None:
        """The finding is right: it stays among the findings to act on."""
        return self.decide(finding, "accepted", reason, reviewer=reviewer)

    def dismiss(self, finding: Finding, reason: str, *, reviewer: str | None = None) -> Decision | None:
        """The finding does not apply (say why): it is hidden from later runs with this store as baseline."""
        return self.decide(finding, "dismissed", reason, reviewer=reviewer)

    def reopen(self, finding: Finding, *, reviewer: str | None = None) -> None:
        """Takes the finding's decision back: it is open again."""
        self.decide(finding, "open", reviewer=reviewer)

    def decisions(self, fingerprints: Iterable[str] | None = None) -> dict[str, Decision]:
        """The decisions in force, by fingerprint (all of them, or those of ``fingerprints``)."""
        with self._connect() as db:
            rows = db.execute(f"SELECT {DECISION_COLUMNS} FROM decisions ORDER BY file, decided_at").fetchall()
        wanted = None if fingerprints is None else set(fingerprints)
        return {row[0]: Decision(*row) for row in rows if wanted is None or row[0] in wanted}

    def history(self) -> list[tuple[str, str, str, str, str]]:
        """Every decision ever taken, oldest first: (fingerprint, status, reason, reviewer, decided_at)."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT fingerprint, status, reason, reviewer, decided_at FROM history ORDER BY id"
            ).fetchall()
        return [tuple(row) for row in rows]

    def dismissed(self) -> set[str]:
        with self._connect() as db:
            return {row[0] for row in db.execute("SELECT fingerprint FROM decisions WHERE status = 'dismissed'")}

    # -- findings ----------------------------------------------------------------------------
    def key(self, path: str, folders: Sequence[str | os.PathLike[str]] = ()) -> str:
        """A checked file's identity: relative to the store's folder when it is under it, else to
        the folder it was found in (``folders``), else its name."""
        if self.root is not None:
            full = os.path.abspath(path)
            if full.startswith(self.root.rstrip(os.sep) + os.sep):
                return file_key(full, self.root)
        return keyed_paths(folders, [path])[path]

    def file_findings(self, path: str, diagnostics: Sequence[Any], key: str | None = None,
                      decisions: dict[str, Decision] | None = None) -> list[Finding]:
        """One file's findings with their fingerprints and decisions."""
        key = self.key(path) if key is None else key
        prints = fingerprints(key, diagnostics)
        known = self.decisions(fp for fp, _ in prints) if decisions is None else decisions
        return [
            Finding(key, path, i, d, fp, occurrence, known.get(fp))
            for i, (d, (fp, occurrence)) in enumerate(zip(diagnostics, prints, strict=True))
        ]

    def findings(
        self, results: BatchResult | Iterable[FileResult], folders: Sequence[str | os.PathLike[str]] = ()
    ) -> list[Finding]:
        """Every finding of a batch (:func:`jixiao.check_many`) with its identity and decision.
        ``folders`` are the folders the batch was run on, when not the store's own folder."""
        decisions = self.decisions()
        out: list[Finding] = []
        for result in results:
            key = self.key(result.path, folders)
            out.extend(self.file_findings(result.path, result.check.diagnostics, key, decisions))
        return out

    def hide(self, item: Any, dismissed: set[str], folders: Sequence[str | os.PathLike[str]] = ()) -> None:
        """Removes from an engine result (a batch item or a check result) the findings whose
        fingerprints are in ``dismissed`` (:meth:`dismissed`)."""
        check = getattr(item, "check", item)
        if not dismissed or not check.diagnostics:
            return
        diagnostics = list(check.diagnostics)
        path = check.path if check is item else item.path
        prints = fingerprints(self.key(path, folders), diagnostics)
        check.diagnostics = [d for d, (fp, _) in zip(diagnostics, prints, strict=True) if fp not in dismissed]

    def to_pandas(self) -> pd.DataFrame:
        """The decisions in force, one row each."""
        import pandas as pd

        columns = list(Decision.__dataclass_fields__)
        return pd.DataFrame([vars(d) for d in self.decisions().values()], columns=columns)

    def __repr__(self) -> str:
        return f"ReviewStore({self.path!r}, root={self.root!r})"


def open_baseline(path: str | os.PathLike[str]) -> ReviewStore:
    """An existing review store, for ``baseline=``; a missing file is an error, not a new empty store."""
    if not os.path.isfile(path):
        raise _store_error(os.fspath(path), "找不到审核记录文件", "no such review store")
    return ReviewStore(path)


__all__ = [
    "DEFAULT_NAME",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "STATUSES",
    "Decision",
    "Finding",
    "ReviewStore",
    "open_baseline",
]
