"""Record types (described once in C++) and list helpers that turn them into DataFrames."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from jixiao._native import _core

if TYPE_CHECKING:
    import pandas as pd

Span = _core.Span
Cell = _core.Cell
Block = _core.Block
Heading = _core.Heading
Artifact = _core.Artifact
Quantity = _core.Quantity
Meta = _core.Meta
Budget = _core.Budget
Project = _core.Project
Indicator = _core.Indicator

T = TypeVar("T")


C = TypeVar("C")


class CoreWrapper(Generic[C]):
    """A Python face over one engine record (``_core``): equal when the records are, pickled as the record."""

    _core: C

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, type(self)):
            return NotImplemented
        return bool(self._core == other._core)

    __hash__ = None  # type: ignore[assignment]

    def __getstate__(self) -> Any:
        return self._core

    def __setstate__(self, state: C) -> None:
        self._core = state


def _flatten(record: Any) -> dict[str, Any]:
    """One flat row: nested spans become line/column/end_line/end_column, maps are dropped."""
    row: dict[str, Any] = {}
    for key, value in record.to_dict().items():
        if key == "span" and isinstance(value, dict):
            row.update(value)
        elif key in ("map", "spans"):
            continue
        else:
            row[key] = value
    return row


def record_to_pandas(record: Any) -> pd.DataFrame:
    """A one-row DataFrame of a single record (e.g. ``doc.meta``)."""
    import pandas as pd

    return pd.DataFrame([_flatten(record)])


class RecordList(list[T], Generic[T]):
    """A list of records that also converts to a DataFrame, one row per record."""

    def __init__(self, items: Iterable[T] = (), record_type: type | None = None) -> None:
        super().__init__(items)
        self._record_type = record_type

    def to_pandas(self) -> pd.DataFrame:
        import pandas as pd

        columns: list[str] | None = None
        if self._record_type is not None:
            sample = _flatten(self._record_type())
            columns = list(sample)
        return pd.DataFrame([_flatten(r) for r in self], columns=columns)


# Single records convert too: doc.meta.to_pandas(), doc.budget.to_pandas().
for _cls in (Meta, Budget):
    setattr(_cls, "to_pandas", record_to_pandas)  # noqa: B010 - the stub declares it; mypy forbids plain assignment

__all__ = [
    "Artifact",
    "Block",
    "Budget",
    "Cell",
    "Heading",
    "Indicator",
    "Meta",
    "Project",
    "Quantity",
    "RecordList",
    "Span",
    "record_to_pandas",
]
