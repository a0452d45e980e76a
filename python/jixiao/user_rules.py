"""Analysts' own rules, run by the C++ checker on every document after the built-in ones.

    import jixiao as jx

    @jx.rule("X901", name="no-english", severity="warning", message="正文夹杂英文单词 {word}")
    def no_english(doc: jx.Document, report: jx.RuleReport) -> None:
        for word in ("COVID", "KPI"):
            for place in report.find(word):
                report.add(at=place, args={"word": word})

A rule receives the :class:`jixiao.Document` (its own copy) and a :class:`jixiao.RuleReport`,
valid while the rule runs:

- ``report.add(message=None, *, block=None, table=None, row=None, col=None, line=None, text=None,
  at=None, suggestion=None, evidence=None, args=None)`` adds a finding. Without ``message`` the
  rule's ``message`` template is used, ``{name}`` filled from ``args``. The place is ``at`` (a
  :class:`jixiao.Place` from ``find``), or a block index, a table index (with ``row``/``col``, 0-based)
  or a source ``line``, narrowed to the first occurrence of ``text`` in it (or in the whole
  document when no place is given). ``evidence`` is a list of :class:`jixiao.Evidence` or a
  ``{label: number or text}`` mapping.
- ``report.find(text, *, block=None, table=None)`` lists every :class:`jixiao.Place` the text occurs.
- ``report.block_at(line)`` is the index of the block holding a source line.

A Python exception inside a rule becomes an error finding with the rule's code that names the
rule, the exception and the line that raised it; it never stops the checking. Codes must not be
built-in ones (use ``X901`` and up). ``jixiao check --rules my_rules.py`` imports rule files, so
the rules (and custom score indicators, :func:`jixiao.register_indicator`) they define register.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TypeVar

from jixiao._native import _core
from jixiao.config import _error
from jixiao.document import Document
from jixiao.errors import Error, get_language
from jixiao.host import RuleTimeout

RuleReport = _core.RuleReport
Place = _core.Place
RuleInfo = _core.RuleInfo

RuleFunction = Callable[[Document, RuleReport], None]
CoreRule = tuple[RuleInfo, Callable[[_core.Document, RuleReport], None]]
F = TypeVar("F", bound=RuleFunction)

SEVERITIES = ("error", "warning", "info")
_CODE = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


@dataclass(frozen=True)
class _Registered:
    info: RuleInfo
    function: RuleFunction


_registry: dict[str, _Registered] = {}


def _same_function(a: Callable[..., object], b: Callable[..., object]) -> bool:
    """Re-running a notebook cell or re-loading a rule file defines the same function anew."""
    return (a.__module__, a.__qualname__) == (b.__module__, b.__qualname__)


def rule(
    code: str,
    *,
    name: str | None = None,
    severity: str = "warning",
    message: str | Mapping[str, str] | None = None,
    summary: str | None = None,
) -> Callable[[F], F]:
    """Registers ``fn(doc, report)`` as rule ``code`` for every document the checker sees.

    ``name`` defaults to the function's name (``no_english`` → ``no-english``); ``message`` is a
    template (``{name}`` filled from ``report.add(args=...)``), one string or ``{"zh": …, "en": …}``;
    ``summary`` (for ``jixiao rules``) defaults to the docstring's first line. A code taken by a
    built-in rule or by another function is a :class:`jixiao.ConfigError`.
    """
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        raise _error(str(code), "规则代码应以字母开头，只含字母、数字和下划线（如 X901）",
                     "a rule code starts with a letter and holds only letters, digits and _ (e.g. X901)")
    if any(r.code == code for r in _core.rule_catalog()):
        raise _error(code, "规则代码与内置规则重复，请用 X901 这类代码",
                     "the code is taken by a built-in rule; use codes like X901")
    if severity not in SEVERITIES:
        raise _error(code, f"严重级别无效：{severity!r}（应为 error、warning 或 info）",
                     f"invalid severity {severity!r} (use error, warning or info)")
    templates = {"zh": message, "en": message} if isinstance(message, str) else dict(message or {})

    def register(fn: F) -> F:
        known = _registry.get(code)
        if known is not None and not _same_function(known.function, fn):
            raise _error(code, f"规则代码已被 {known.function.__qualname__} 使用",
                         f"the code is already used by {known.function.__qualname__}")
        line = summary or next(iter((fn.__doc__ or "").strip().splitlines()), "")
        info = RuleInfo(
            code=code,
            name=name or fn.__name__.replace("_", "-"),
            severity=severity,
            summary={"zh": line, "en": line},
            messages={"default": templates} if templates else {},
        )
        _registry[code] = _Registered(info, fn)
        return fn

    return register


def unregister_rule(code: str) -> None:
    """Removes a rule registered with :func:`rule`."""
    _registry.pop(code, None)


def registered_rules() -> list[RuleInfo]:
    """The catalog entries of the registered rules, in registration order."""
    return [r.info for r in _registry.values()]


def _call_with_document(fn: RuleFunction, core: _core.Document, report: RuleReport) -> None:
    fn(Document(core), report)


def core_rules() -> list[CoreRule]:
    """The registered rules as the engine takes them: (RuleInfo, function of the engine's Document)."""
    return [(r.info, functools.partial(_call_with_document, r.function)) for r in _registry.values()]


def load_rules(path: str | os.PathLike[str], timeout: float | None = None) -> ModuleType:
    """Imports a rule file, so the rules and score indicators its decorators define register.

    Loading the same file again re-registers its rules (a changed file replaces them). A missing
    file, one that fails to import, calls ``sys.exit()`` or runs longer than ``timeout`` seconds
    is a :class:`jixiao.ConfigError` naming it.
    """
    file = Path(path).resolve()
    if not file.is_file():
        raise _error(str(path), "找不到规则文件", "no such rule file")
    module_name = "jixiao_rules_" + hashlib.sha1(os.fsencode(file)).hexdigest()[:12]
    spec = importlib.util.spec_from_file_location(module_name, file)
    if spec is None or spec.loader is None:
        raise _error(str(path), "无法作为 Python 模块导入", "cannot be imported as a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # what the file defines (dataclasses, pickled functions) resolves by name
    loader = spec.loader
    try:
        _core.call_within_time(timeout or 0.0, _label(str(path)), functools.partial(loader.exec_module, module))
    except Error as exc:
        del sys.modules[module_name]
        raise _error(str(path), str(exc), str(exc)) from exc
    except (Exception, SystemExit, RuleTimeout) as exc:  # RuleTimeout and sys.exit() are no Exception
        del sys.modules[module_name]
        what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        raise _error(str(path), f"规则文件导入失败：{what}", f"the rule file failed to import: {what}") from None
    return module


def _label(path: str) -> str:
    return f"rule file {path}" if get_language() == "en" else f"规则文件 {path}"


__all__ = [
    "Place",
    "RuleReport",
    "core_rules",
    "load_rules",
    "registered_rules",
    "rule",
    "unregister_rule",
]
