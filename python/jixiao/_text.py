"""Widths of text as terminals and spreadsheets show it: CJK and full-width characters take two columns."""

from __future__ import annotations

import unicodedata
from typing import Any

# What a spreadsheet reads as the start of a formula (CSV injection): such text gets a leading '.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Widths(dict[str, int]):
    """Columns of each character met so far (East Asian wide and full-width take two): a text's
    width is then summed in C, not decided a character at a time in Python."""

    def __missing__(self, ch: str) -> int:
        width = self[ch] = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        return width


_WIDTHS = _Widths()


def display_width(text: str) -> int:
    return len(text) if text.isascii() else sum(map(_WIDTHS.__getitem__, text))


def pad(text: str, width: int) -> str:
    """The text followed by spaces up to `width` columns."""
    return text + " " * (width - display_width(text))


def inert_cells(row: dict[str, Any]) -> dict[str, Any]:
    """A CSV row whose text cells a spreadsheet shows as text, never evaluates as formulas."""
    return {k: "'" + v if isinstance(v, str) and v.startswith(_FORMULA_STARTS) else v for k, v in row.items()}
