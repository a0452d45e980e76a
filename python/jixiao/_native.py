"""Imports the compiled engine, tells it where PDFium is, and explains what to do when it is missing."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

try:
    from jixiao import _core
except ImportError as exc:  # pragma: no cover - exercised only on broken installs
    raise ImportError(
        "jixiao's compiled engine (jixiao._core) could not be imported: "
        f"{exc}. jixiao must be installed with its C++ extension built, e.g. "
        "`bash scripts/install-system-deps.sh && pip install .` from a source checkout; "
        "importing from the source tree without building does not work."
    ) from exc


def pdfium_library() -> str | None:
    """The libpdfium inside pypdfium2's wheel (package pypdfium2_raw), found without importing it."""
    spec = importlib.util.find_spec("pypdfium2_raw")
    if spec is None or spec.origin is None:
        return None
    name = {"win32": "pdfium.dll", "darwin": "libpdfium.dylib"}.get(sys.platform, "libpdfium.so")
    library = Path(spec.origin).parent / name
    return str(library) if library.is_file() else None


_library = pdfium_library()
if _library is not None:
    _core.set_pdfium_library(_library)

__all__ = ["_core", "pdfium_library"]
