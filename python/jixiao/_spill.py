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
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, overload

# Items kept as objects before the rest goes to disk: small batches pay nothing for the spill.
KEEP_IN_MEMORY = 2000
CHUNK = 2000  # items turned into rows at a time when a table is built from a spilled batch


class SpilledItems(Sequence[Any]):
    """A sequence of engine items (anything picklable) whose tail lives in a temporary file."""

    def __init__(self, items: Iterable[Any], keep_in_memory: int | None = None) -> None:
        keep = KEEP_IN_MEMORY if keep_in_memory is None else keep_in_memory
        self._head: list[Any] = []
        self._ends = array("q")  # end offset in the file of each spilled item
        self._file: Any = None
        self._lock = threading.Lock()  # one reader or writer of the file at a time
        for item in items:
            if len(self._head) < keep:
                self._head.append(item)
            else:
                self._append(zlib.compress(pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL), 1))

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
        return pickle.loads(zlib.decompress(self._spilled(index - len(self._head))))

    def __iter__(self) -> Iterator[Any]:
        yield from self._head
        for k in range(len(self._ends)):
            yield pickle.loads(zlib.decompress(self._spilled(k)))

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled as the compressed records, not as objects: a spilled batch pickles in about its size on disk.
        spilled = [self._spilled(k) for k in range(len(self._ends))]
        return (_restore, (self._head, spilled))


def _restore(head: list[Any], spilled: list[bytes]) -> SpilledItems:
    items = SpilledItems(head, keep_in_memory=len(head))
    for data in spilled:
        items._append(data)
    return items


def chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    """The items in consecutive runs of CHUNK (read from disk one run at a time)."""
    for begin in range(0, len(items), CHUNK):
        yield items[begin : begin + CHUNK]


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
