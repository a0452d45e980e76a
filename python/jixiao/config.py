"""Configuration: ``jixiao.toml`` or ``[tool.jixiao]`` in ``pyproject.toml``.

    select = ["A", "S1"]            # codes or prefixes to run (default: all)
    ignore = ["T101"]
    lang = "zh"                     # or "en"
    templates = ["my_templates.json"]
    rubrics = ["rubrics/my-rubric.json"]

    [severity]                      # per-code severity overrides
    T102 = "info"

    [tolerances]                    # see `jixiao rules --tolerances`
    money = 0.5

    [per-file-ignores]              # glob -> codes
    "archive/*" = ["P101"]

    [typos]                         # extra typo lexicon entries: wrong = right
    "既定" = "既定"

Unknown keys and wrong types are a :class:`jixiao.ConfigError` naming the file and the key.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomllib

from jixiao._native import _core
from jixiao.errors import ConfigError

_LIST_KEYS = ("select", "ignore", "templates", "rubrics")
_TABLE_KEYS = ("severity", "tolerances", "per-file-ignores", "typos")
_KNOWN = (*_LIST_KEYS, *_TABLE_KEYS, "lang")


def _error(source: str, zh: str, en: str) -> ConfigError:
    from jixiao.errors import get_language

    return ConfigError(f"{source}：{zh}" if get_language() == "zh" else f"{source}: {en}")


def _check_per_file_ignore(source: str, glob: str, codes: list[str]) -> None:
    """A glob that can match (no unclosed ``[``, no trailing ``\\``) and codes the checker knows."""
    unclosed = glob.count("[") > glob.count("]") or glob.rfind("[") > glob.rfind("]")
    if not glob or unclosed or (glob.endswith("\\") and not glob.endswith("\\\\")):
        raise _error(source, f"per-file-ignores 的文件模式无效：{glob!r}", f"per-file-ignores: invalid glob {glob!r}")
    try:
        _core.check(_core.Document(), _core.CheckConfig(ignore=codes))
    except ConfigError as exc:
        raise ConfigError(f"{source}: per-file-ignores.{glob}: {exc}") from None


@dataclass
class Config:
    """Settings for checking and scoring; every field has a working default."""

    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    tolerances: dict[str, float] = field(default_factory=dict)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    typos: dict[str, str] = field(default_factory=dict)
    templates: list[str] = field(default_factory=list)
    rubrics: list[str] = field(default_factory=list)
    lang: str = "zh"
    source: str = "<defaults>"

    @classmethod
    def from_mapping(cls, data: dict[str, Any], source: str = "<config>", base: Path | None = None) -> Config:
        """Builds a Config from the parsed table, validating every key and type."""
        for key in data:
            if key not in _KNOWN:
                raise _error(source, f"未知的配置项 {key!r}", f"unknown configuration key {key!r}")
        cfg = cls(source=source)
        for key in _LIST_KEYS:
            if key in data:
                value = data[key]
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise _error(source, f"{key} 应为字符串列表", f"{key} must be a list of strings")
                setattr(cfg, key, list(value))
        if "lang" in data:
            if data["lang"] not in ("zh", "en"):
                raise _error(source, "lang 应为 'zh' 或 'en'", "lang must be 'zh' or 'en'")
            cfg.lang = data["lang"]
        for key in _TABLE_KEYS:
            if key not in data:
                continue
            table = data[key]
            if not isinstance(table, dict):
                raise _error(source, f"{key} 应为表", f"{key} must be a table")
            attr = key.replace("-", "_")
            if key == "tolerances":
                for k, v in table.items():
                    if not isinstance(v, (int, float)) or isinstance(v, bool):
                        raise _error(source, f"tolerances.{k} 应为数字", f"tolerances.{k} must be a number")
                cfg.tolerances = {k: float(v) for k, v in table.items()}
            elif key == "per-file-ignores":
                for k, v in table.items():
                    if not isinstance(v, list) or not all(isinstance(c, str) for c in v):
                        raise _error(source, f"per-file-ignores.{k} 应为规则代码列表",
                                     f"per-file-ignores.{k} must be a list of codes")
                    _check_per_file_ignore(source, k, v)
                cfg.per_file_ignores = {k: list(v) for k, v in table.items()}
            else:
                for k, v in table.items():
                    if not isinstance(v, str):
                        raise _error(source, f"{key}.{k} 应为字符串", f"{key}.{k} must be a string")
                setattr(cfg, attr, dict(table))
        if base is not None:
            cfg.templates = [str((base / p).resolve()) for p in cfg.templates]
            cfg.rubrics = [str((base / p).resolve()) for p in cfg.rubrics]
        # Let the engine validate codes, severities and tolerance names now, with the file named.
        try:
            _core.check(_core.Document(), cfg.to_core())
        except ConfigError as exc:
            raise ConfigError(f"{source}: {exc}") from None
        return cfg

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> Config:
        """Reads ``jixiao.toml`` (top-level keys) or ``pyproject.toml`` (``[tool.jixiao]``)."""
        p = Path(path)
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except OSError as exc:
            raise _error(
                str(p), f"无法读取配置文件（{exc.strerror}）", f"cannot read the file ({exc.strerror})"
            ) from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise _error(str(p), f"不是有效的 TOML：{exc}", f"not valid TOML: {exc}") from None
        if p.name == "pyproject.toml":
            tool = data.get("tool", {})
            data = tool.get("jixiao", {}) if isinstance(tool, dict) else {}
            if not isinstance(data, dict):
                raise _error(str(p), "[tool.jixiao] 应为表", "[tool.jixiao] must be a table")
        return cls.from_mapping(data, source=str(p), base=p.parent)

    @classmethod
    def discover(cls, start: str | os.PathLike[str] = ".") -> Config:
        """The nearest ``jixiao.toml``, or ``pyproject.toml`` with ``[tool.jixiao]``, at or above ``start``."""
        here = Path(start).resolve()
        if here.is_file():
            here = here.parent
        for folder in (here, *here.parents):
            candidate = folder / "jixiao.toml"
            if candidate.is_file():
                return cls.from_file(candidate)
            pyproject = folder / "pyproject.toml"
            if pyproject.is_file():
                try:
                    tool = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {})
                    has_section = isinstance(tool, dict) and "jixiao" in tool
                except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
                    has_section = False
                if has_section:
                    return cls.from_file(pyproject)
        return cls()

    @classmethod
    def for_paths(cls, paths: Iterable[str | os.PathLike[str]]) -> Config:
        """The configuration the command line and :func:`jixiao.check_many` both use when none is
        given: the nearest one at or above the first path (a folder itself, a file's folder), else
        at or above the current folder, else the defaults."""
        first = next((os.fspath(p) for p in paths if os.fspath(p) != "-"), None)
        if first is not None:
            found = cls.discover(first if os.path.isdir(first) else os.path.dirname(os.path.abspath(first)))
            if found.source != "<defaults>":
                return found
        return cls.discover(".")

    def to_core(self) -> Any:
        """The engine's CheckConfig (template files read here, so the engine needs no disk access)."""
        templates = []
        for path in self.templates:
            try:
                templates.append(Path(path).read_text(encoding="utf-8"))
            except OSError as exc:
                raise _error(self.source, f"无法读取模板文件 {path}（{exc.strerror}）",
                             f"cannot read template file {path} ({exc.strerror})") from None
        return _core.CheckConfig(
            select=self.select,
            ignore=self.ignore,
            severity=self.severity,
            tolerances=self.tolerances,
            per_file_ignores=self.per_file_ignores,
            typos=self.typos,
            templates=templates,
            lang=self.lang,
        )


__all__ = ["Config"]
