"""jixiao's exception hierarchy. Every error names the file it concerns (``.path``).

    Error
    ├── DecodeError   bytes that fit no supported encoding
    ├── FormatError   not a readable report: empty, damaged, unsupported format
    ├── RubricError   an invalid rubric file
    └── ConfigError   an invalid configuration
"""

from __future__ import annotations

from jixiao._native import _core

Error = _core.Error
DecodeError = _core.DecodeError
FormatError = _core.FormatError
RubricError = _core.RubricError
ConfigError = _core.ConfigError


def set_language(lang: str) -> None:
    """Language of messages and findings: ``"zh"`` (default) or ``"en"``."""
    if lang not in ("zh", "en"):
        raise ValueError(f"unsupported language {lang!r}; use 'zh' or 'en'")
    _core.set_language(lang)


def get_language() -> str:
    """The current message language, ``"zh"`` or ``"en"``."""
    return str(_core.get_language())


__all__ = ["ConfigError", "DecodeError", "Error", "FormatError", "RubricError", "get_language", "set_language"]
