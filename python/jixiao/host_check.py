"""The Python half of ``jixiao-host check``: everything ``jixiao check`` does in Python — options,
configuration, folders, rule files, output, exit code — with the same code, so both print the
same bytes. The host's C++ half calls :func:`parse_check` and :func:`prepare_check`, runs the files
(run_batch on its thread pool, the rules under the GIL only while they run), then calls
:func:`finish_check`.

    jixiao-host check [--rules RULES.py ...] [--rubric R] [--jobs N] [--timeout-per-file S]
                      [--format text|json|jsonl|csv|sarif] [--select/--ignore CODES] PATH...
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from jixiao._native import _core
from jixiao.batch import FileResult, Skipped, walk_paths
from jixiao.checking import CheckResult
from jixiao.cli import NOTHING_TO_CHECK, add_check_options, check_exit_code, load_config, report_skipped
from jixiao.errors import Error, set_language
from jixiao.output import FORMATTERS
from jixiao.scoring import core_indicators, load_rubric
from jixiao.user_rules import CoreRule, core_rules, load_rules


@dataclass
class CheckJob:
    """What the C++ half runs: engine values only, ready to hand to run_batch."""

    paths: list[bytes]  # as the system names them (any encoding)
    skipped: list[Skipped]
    config: _core.CheckConfig
    rules: list[CoreRule]
    indicators: dict[str, Any]
    rubric: str  # "" no scoring, "auto", or the rubric's JSON
    jobs: int
    format: str
    severity: str


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jixiao-host check",
        description="用 C++ 批处理检查报告（文件或文件夹），可加 Python 自定义规则；输出与退出码同 jixiao check",
    )
    add_check_options(parser)
    parser.add_argument("--rubric", metavar="auto|NAME|PATH",
                        help="also score each report (auto: its default rubric); the JSON output gains `score`")
    parser.add_argument("--jobs", type=int, default=1, help="threads (default 1; 0: one per CPU)")
    parser.add_argument("--timeout-per-file", type=float, default=0.0, metavar="SECONDS",
                        help="stop a Python rule still running on a file after this long (default 0: never)")
    return parser


def _fail(message: str) -> SystemExit:
    print(f"jixiao-host: {message}", file=sys.stderr)
    return SystemExit(2)


def parse_check(args: Sequence[str], lang: str) -> argparse.Namespace:
    """The options; usage errors print their message and raise SystemExit(2)."""
    set_language(lang)
    return build_parser().parse_args(list(args))


def prepare_check(ns: argparse.Namespace) -> CheckJob:
    """Reads the configuration, imports the rule files (each stopped past --timeout-per-file) and
    walks the folders. Input errors print their message and raise SystemExit(2)."""
    try:
        cfg = load_config(ns)
        for path in ns.rules or []:
            load_rules(path, timeout=ns.timeout_per_file)
        paths, skipped = walk_paths(ns.paths)
        report_skipped(skipped)
        if not paths:
            raise _fail(NOTHING_TO_CHECK)
        settings = cfg.to_core()
        rubric = "" if ns.rubric is None else "auto" if ns.rubric == "auto" else load_rubric(ns.rubric, cfg).to_json()
    except Error as exc:
        raise _fail(str(exc)) from None
    return CheckJob(
        paths=[os.fsencode(p) for p in paths],
        skipped=skipped,
        config=settings,
        rules=core_rules(),
        indicators=core_indicators(),
        rubric=rubric,
        jobs=ns.jobs,
        format=ns.format,
        severity=ns.severity,
    )


class ScoredCheckResult(CheckResult):
    """A check result whose JSON entry carries the report's score (``--rubric``)."""

    def __init__(self, file: FileResult) -> None:
        check = file.check
        super().__init__(check._core, errors=check.errors)
        self._score = file.score

    def to_dict(self) -> dict[str, Any]:
        data = super().to_dict()
        data["score"] = None if self._score is None else self._score.to_dict()
        return data


def finish_check(job: CheckJob, items: Sequence[_core.BatchItem]) -> int:
    """Writes the results as ``jixiao check`` does and returns its exit code."""
    files = [FileResult(item) for item in items]
    results = [ScoredCheckResult(file) for file in files] if job.rubric else [file.check for file in files]
    try:
        sys.stdout.write(FORMATTERS[job.format](results, job.severity, job.skipped))
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader left (| head): nothing more to say, and nothing left to flush at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return check_exit_code(results)


__all__ = ["CheckJob", "build_parser", "finish_check", "parse_check", "prepare_check"]
