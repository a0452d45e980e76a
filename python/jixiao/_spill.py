"""Where a large batch keeps its results: past the first few thousand, each engine item is pickled,
compressed and appended to an unnamed temporary file, with its end offset kept in an array, and
read back when asked for. A report's findings, score and figures take some 30 KB as objects and
some 2 KB on disk, so 100,000 reports hold a few MB of memory instead of 3 GB (DESIGN.md §10)."""

from __future__ import annotations

import pickle
import tempfile
import threading
import weakref
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, overload

# Items kept as objects before the rest goes to disk: small batches pay nothing for the spill.
KEEP_IN_MEMORY = 2000
CHUNK = 2000  # items turned into rows at a time when a table is built from a spilled batch


RowsOf = Callable[[Any, str], list[dict[str, Any]]]  # an item's rows of one kind of table
Rows = dict[str, list[dict[str, Any]]]  # an item's rows of each kind of table


class SpilledItems(Sequence[Any]):
    """A sequence of engine items (anything picklable) whose tail lives in a temporary file, each
    spilled item with its rows of every kind of table (``rows_of(item, kind)``), so that a table is
    built from the file without turning the items back into engine objects."""

    def __init__(
        self, items: Iterable[Any], rows_of: RowsOf, kinds: Sequence[str], keep_in_memory: int | None = None
    ) -> None:
        keep = KEEP_IN_MEMORY if keep_in_memory is None else keep_in_memory
        self._rows_of = rows_of
        self._kinds = tuple(kinds)
        self._head: list[Any] = []
        self._ends = array("q")  # end offset in the file of each spilled record
        self._file: Any = None
        self._lock = threading.Lock()  # one reader or writer of the file at a time
        for item in items:
            if len(self._head) < keep:
                self._head.append(item)
            else:
                rows = {kind: rows_of(item, kind) for kind in self._kinds}
                record = (pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL), rows)
                self._append(zlib.compress(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL), 1))

    def _append(self, data: bytes) -> None:
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="jixiao-batch-")  # noqa: SIM115 (lives as long as self)
            weakref.finalize(self, self._file.close)
        self._file.seek(0, 2)
        self._file.write(data)
        self._ends.append((self._ends[-1] if self._ends else 0) + len(data))

    def _spilled(self, k: int) -> bytes:
        begin = self._ends[k - 1] if k > 0 else 0
        with self._lock:
            self._file.seek(begin)
            return bytes(self._file.read(self._ends[k] - begin))

    def _record(self, k: int) -> tuple[bytes, Rows]:
        record: tuple[bytes, Rows] = pickle.loads(zlib.decompress(self._spilled(k)))
        return record

    def __len__(self) -> int:
        return len(self._head) + len(self._ends)

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("batch index out of range")
        if index < len(self._head):
            return self._head[index]
        return pickle.loads(self._record(index - len(self._head))[0])

    def __iter__(self) -> Iterator[Any]:
        yield from self._head
        for k in range(len(self._ends)):
            yield pickle.loads(self._record(k)[0])

    def row_runs(self, kind: str) -> Iterator[list[dict[str, Any]]]:
        """The rows of one kind of table, CHUNK items at a time."""
        for begin in range(0, len(self._head), CHUNK):
            yield [row for item in self._head[begin : begin + CHUNK] for row in self._rows_of(item, kind)]
        for begin in range(0, len(self._ends), CHUNK):
            yield [row for k in range(begin, min(begin + CHUNK, len(self._ends))) for row in self._record(k)[1][kind]]

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled as the compressed records, not as objects: a spilled batch pickles in about its size on disk.
        spilled = [self._spilled(k) for k in range(len(self._ends))]
        return (_restore, (self._head, self._rows_of, self._kinds, spilled))


def _restore(head: list[Any], rows_of: RowsOf, kinds: tuple[str, ...], spilled: list[bytes]) -> SpilledItems:
    items = SpilledItems(head, rows_of, kinds, keep_in_memory=len(head))
    for data in spilled:
        items._append(data)
    return items


def row_runs(items: Sequence[Any], kind: str, rows_of: RowsOf) -> Iterator[list[dict[str, Any]]]:
    """The rows of one kind of table over the items, CHUNK items at a time."""
    if isinstance(items, SpilledItems):
        yield from items.row_runs(kind)
        return
    for begin in range(0, len(items), CHUNK):
        yield [row for item in items[begin : begin + CHUNK] for row in rows_of(item, kind)]


def build_frame(row_runs: Iterable[list[dict[str, Any]]], columns: list[str]) -> Any:
    """One DataFrame from runs of rows, the same as from all the rows at once, without holding all
    the rows as dicts: a column whose type came out differently in different runs (a run where it
    is always None) is typed again over all its values, as a single frame would have typed it."""
    import pandas as pd

    frames = [pd.DataFrame(rows, columns=columns) for rows in row_runs if rows]
    if not frames:
        return pd.DataFrame([], columns=columns)
    if len(frames) == 1:
        return frames[0]
    mixed = [c for c in columns if len({str(f[c].dtype) for f in frames}) > 1]
    frame = pd.concat(frames, ignore_index=True)
    del frames
    for column in mixed:
        frame[column] = pd.DataFrame({column: frame[column].tolist()})[column]
    return frame


def shared_values(rows: list[dict[str, Any]], seen: dict[str, str]) -> list[dict[str, Any]]:
    """The rows with each text value replaced by the first equal one ``seen``: a path, code, rule
    name or status repeated over 100,000 rows is then held once, not once per row."""
    for row in rows:
        for key, value in row.items():
            if type(value) is str and len(value) <= 40:
                row[key] = seen.setdefault(value, value)
    return rows
