"""Widths of text as terminals and spreadsheets show it: CJK and full-width characters take two columns."""

from __future__ import annotations

import unicodedata
from typing import Any

# What a spreadsheet reads as the start of a formula (CSV injection): such text gets a leading '.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    """The text followed by spaces up to `width` columns."""
    return text + " " * (width - display_width(text))


def inert_cells(row: dict[str, Any]) -> dict[str, Any]:
    """A CSV row whose text cells a spreadsheet shows as text, never evaluates as formulas."""
    return {k: "'" + v if isinstance(v, str) and v.startswith(_FORMULA_STARTS) else v for k, v in row.items()}
