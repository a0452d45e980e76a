"""Stable identities for findings, so that a reviewer's decision stays with its finding across reruns.

A finding's fingerprint is made of

- the file's identity: its path relative to the reviewed folder, with ``/`` separators and
  Unicode NFC (not its content hash: editing a report must keep its decisions);
- the rule code;
- what the finding is about, normalised (NFKC, whitespace removed): the words it marks in its
  excerpt with up to :data:`CONTEXT` characters either side, and the figures of its evidence;
- an occurrence index among the findings of that file with the same three parts, in the order
  the engine gives them (the same typo twice on one line).

Not its line or column, nor its message (which follows the language): a paragraph added
above a finding leaves its fingerprint as it was, while a change to the figures or words it is
about gives a new fingerprint, and the finding shows as open again.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

CONTEXT = 8  # characters of the excerpt kept on each side of the marked words


def normalise(text: str) -> str:
    """Text as the fingerprint sees it: NFKC (full-width digits and letters folded), no whitespace."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def file_key(path: str | os.PathLike[str], root: str | os.PathLike[str] | None) -> str:
    """A file's identity in a review: its path relative to ``root`` (the reviewed folder), ``/``
    separated and NFC; the file's name when it is not under ``root`` (or there is none)."""
    full = os.path.abspath(os.fspath(path))
    relative = os.path.basename(full)
    if root is not None:
        base = os.path.abspath(os.fspath(root))
        candidate = os.path.relpath(full, base)
        if not candidate.startswith(os.pardir + os.sep) and candidate != os.pardir:
            relative = candidate
    return unicodedata.normalize("NFC", relative.replace(os.sep, "/"))


def _figure(value: float | None) -> str:
    return "" if value is None else f"{value:.10g}"


def content(d: Any) -> str:
    """What a finding is about, independent of where it is: the marked words in their close
    context, then the evidence's figures (role, value, unit)."""
    excerpt = d.excerpt or ""
    start = min(max(d.excerpt_start, 0), len(excerpt))
    end = min(max(d.excerpt_end, start), len(excerpt))
    before = normalise(excerpt[:start])[-CONTEXT:]
    marked = normalise(excerpt[start:end])
    after = normalise(excerpt[end:])[:CONTEXT]
    figures = ";".join(f"{e.role}={_figure(e.value)}{normalise(e.unit)}" for e in d.evidence)
    return f"{before}[{marked}]{after}|{figures}"


def fingerprints(key: str, diagnostics: Sequence[Any]) -> list[tuple[str, int]]:
    """Each finding's (fingerprint, occurrence index) for the file ``key``, in the given order."""
    seen: dict[str, int] = {}
    out = []
    for d in diagnostics:
        base = "\x1f".join((key, d.code, content(d)))
        occurrence = seen.get(base, 0)
        seen[base] = occurrence + 1
        digest = hashlib.sha256(f"{base}\x1f{occurrence}".encode()).hexdigest()[:32]
        out.append((digest, occurrence))
    return out


def keyed_paths(paths: Iterable[str | os.PathLike[str]], files: Iterable[str]) -> dict[str, str]:
    """Each checked file → its identity: relative to the folder argument it was found in, or its
    name when it was given by itself."""
    folders = [os.path.abspath(os.fspath(p)) for p in paths if os.path.isdir(p)]
    keys = {}
    for f in files:
        full = os.path.abspath(f)
        root = next((d for d in folders if full.startswith(d.rstrip(os.sep) + os.sep)), None)
        keys[f] = file_key(full, root)
    return keys


__all__ = ["CONTEXT", "content", "file_key", "fingerprints", "keyed_paths", "normalise"]
