"""Where a large batch keeps its results: past the first 500, each engine item is pickled with its
table rows, compressed and appended to an unnamed temporary file, with its end offset kept in an
array, and read back when asked for. A report's findings, score and figures take some 10 KB as
objects and some 2.5 KB on disk, so 100,000 reports hold a few MB of memory instead of 1 GB
(DESIGN.md §10). A table is built from them a column at a time (:func:`build_frame`), never
holding its rows as objects."""

from __future__ import annotations

import pickle
import tempfile
import threading
import weakref
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, overload

# Items kept as objects before the rest goes to disk: small batches pay nothing for the spill, and
# a large one holds some 5 MB of them (500 rather than 2,000 took 15–20 MB off its peak).
KEEP_IN_MEMORY = 500
# Items turned into rows at a time when a table is built: few, so that the short-lived objects of
# a run do not leave the text kept from it scattered over many of the allocator's arenas.
CHUNK = 50


Row = tuple[Any, ...]  # one row of a table, its values in the table's column order
RowsOf = Callable[[Any, str], list[Row]]  # an item's rows of one kind of table
Rows = dict[str, list[Row]]  # an item's rows of each kind of table


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

    def row_runs(self, kind: str) -> Iterator[list[Row]]:
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


def row_runs(items: Sequence[Any], kind: str, rows_of: RowsOf) -> Iterator[list[Row]]:
    """The rows of one kind of table over the items, CHUNK items at a time."""
    if isinstance(items, SpilledItems):
        yield from items.row_runs(kind)
        return
    for begin in range(0, len(items), CHUNK):
        yield [row for item in items[begin : begin + CHUNK] for row in rows_of(item, kind)]


_NONE = type(None)
_NAN = float("nan")


class _Column:
    """One column of a table, gathered a run of rows at a time into a compact store: numbers in a
    typed array, text as codes into its distinct values (each equal text held once). The values'
    types decide the dtype as pandas decides it from rows of dicts; a mix this store does not keep
    (text and numbers, booleans and None, an int past int64 …) is ``mixed``, and gathered again as
    objects for pandas to type."""

    def __init__(self) -> None:
        self.state = "none"  # only None so far; then "text", "int", "float", "bool" or "mixed"
        self.length = 0
        self.store: array[Any] = array("b")  # codes ("i", -1 for None), "q", "d" or booleans ("b")
        self.texts: dict[str, int] = {}  # text -> its code

    def add(self, values: Sequence[Any]) -> None:
        if self.state != "mixed":
            try:
                self._add(values, set(map(type, values)))
            except OverflowError:  # an int past int64
                self.state = "mixed"
            if self.state == "mixed":
                self.store, self.texts = array("b"), {}
        self.length += len(values)

    def _add(self, values: Sequence[Any], types: set[type]) -> None:
        present, missing = types - {_NONE}, _NONE in types
        state = self.state
        if not present:
            if state == "text":
                self.store.extend([-1] * len(values))
            elif state in ("int", "float"):
                self._floats().extend([_NAN] * len(values))
            elif state == "bool":
                self.state = "mixed"
        elif present == {str} and state in ("none", "text"):
            if state == "none":
                self.state, self.store = "text", array("i", [-1] * self.length)
            texts = self.texts
            self.store.extend([-1 if v is None else texts.setdefault(v, len(texts)) for v in values])
        elif present <= {int, float} and state in ("none", "int", "float"):
            if present == {int} and not missing and (state == "int" or (state == "none" and not self.length)):
                if state == "none":
                    self.state, self.store = "int", array("q")
                self.store.extend(values)
            else:
                self._floats().extend([_NAN if v is None else v for v in values])
        elif present == {bool} and not missing and (state == "bool" or (state == "none" and not self.length)):
            self.state = "bool"
            self.store.extend(values)
        else:
            self.state = "mixed"

    def _floats(self) -> array[Any]:
        if self.state == "none":
            self.store = array("d", [_NAN] * self.length)
        elif self.state == "int":
            self.store = array("d", self.store)
        self.state = "float"
        return self.store

    def series(self) -> Any:
        """The column as pandas types it (``mixed``: None, gathered again by the caller)."""
        import numpy as np
        import pandas as pd

        if self.state == "none":
            return pd.Series(np.full(self.length, None, dtype=object))
        if self.state == "text":
            distinct = np.empty(len(self.texts) + 1, dtype=object)
            distinct[:-1] = list(self.texts)  # in code order; the last is None, where code -1 takes
            self.texts = {}
            values = distinct.take(np.frombuffer(self.store, dtype=np.int32))
            self.store = array("b")
            return pd.Series(values)
        dtype = {"int": np.int64, "float": np.float64, "bool": np.bool_}.get(self.state)
        if dtype is None:
            return None
        return pd.Series(np.frombuffer(self.store, dtype=dtype), copy=False)


def _gathered(runs: Iterable[Sequence[Sequence[Any]]], width: int) -> list[_Column]:
    gathered = [_Column() for _ in range(width)]
    for rows in runs:
        if rows:
            for column, values in zip(gathered, zip(*rows, strict=True), strict=True):
                column.add(values)
    return gathered


def build_frame(runs: Callable[[], Iterable[Sequence[Sequence[Any]]]], columns: list[str]) -> Any:
    """One DataFrame from runs of rows (each row a tuple in ``columns`` order), equal to
    ``pd.DataFrame(all_rows, columns=columns)`` — same values, same dtypes — without ever holding
    the rows as objects: each column is gathered into a compact store as the runs go by
    (``runs()`` is called again only for a column of mixed types)."""
    import pandas as pd

    gathered = _gathered(runs(), len(columns))
    if not gathered or not gathered[0].length:
        return pd.DataFrame([], columns=columns)
    series: dict[str, Any] = {}
    for name, column in zip(columns, gathered, strict=True):
        series[name] = column.series()
    mixed = [k for k, name in enumerate(columns) if series[name] is None]
    if mixed:
        objects: list[list[Any]] = [[] for _ in mixed]
        for rows in runs():
            for values, k in zip(objects, mixed, strict=True):
                values.extend(row[k] for row in rows)
        for values, k in zip(objects, mixed, strict=True):
            series[columns[k]] = pd.Series(values)
    return pd.DataFrame(series, copy=False)
