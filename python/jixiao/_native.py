"""Imports the compiled engine and explains what to do when it is missing."""

from __future__ import annotations

try:
    from jixiao import _core
except ImportError as exc:  # pragma: no cover - exercised only on broken installs
    raise ImportError(
        "jixiao's compiled engine (jixiao._core) could not be imported: "
        f"{exc}. jixiao must be installed with its C++ extension built, e.g. "
        "`bash scripts/install-system-deps.sh && pip install .` from a source checkout; "
        "importing from the source tree without building does not work."
    ) from exc

__all__ = ["_core"]
