"""The ``jixiao`` command line.

    jixiao parse FILE [--format json|text]
    jixiao extract FILE [--format json|text]
    jixiao check PATH... [--format text|json|jsonl|csv|sarif] [--select ...] [--ignore ...] [--rules F.py]
                 [--jobs N] [--timeout S]
    jixiao rules [--format text|json] [--rules F.py]
    jixiao score FILE [--rubric NAME|PATH] [--format text|json] [--rules F.py]
    jixiao batch PATH... --out review.xlsx|review.html|results.jsonl|FOLDER/ [--jobs N] [--rubric R] [--rules F.py]
    jixiao review FOLDER [--db review.sqlite] [--port 8765] [--host 127.0.0.1] [--allow-remote]

Exit codes: 0 fine, 1 error-level findings, 2 usage, input or internal error, or Ctrl-C (a batch
then stops after the files in hand and writes what it has). Results go to stdout; messages,
progress and whatever rules print go to stderr. Output files are replaced only once complete.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import json
import os
import re
import signal
import sys
from collections.abc import Iterable, Iterator, Sequence
from types import FrameType
from typing import TYPE_CHECKING, Any, NoReturn

from jixiao._native import _core
from jixiao.batch import Skipped, rules_left_running, skipped_summary, stop_running, walk_paths
from jixiao.config import Config
from jixiao.document import Document, load, read
from jixiao.errors import Error, get_language, set_language
from jixiao.user_rules import load_rules

if TYPE_CHECKING:
    from jixiao.batch import FileResult
    from jixiao.checking import CheckResult


def _codes(values: Sequence[str] | None) -> list[str]:
    return [c.strip().upper() for v in values or [] for c in v.split(",") if c.strip()]


def _print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
    sys.stdout.write("\n")


def _parse_text(doc: Document) -> str:
    m = doc.meta
    lines = [
        f"{m.path}",
        f"  标题 title: {m.title or '—'}",
        f"  格式 format: {m.format}  编码 encoding: {m.encoding}",
        f"  类型 doc_type: {m.doc_type or '—'}  年度 fiscal_year: {m.fiscal_year or '—'}",
        f"  单位 department: {m.department or '—'}",
        f"  表格 tables: {len(doc.tables)}  段落 blocks: {len(doc.blocks)}",
        "",
        "提纲 outline:",
    ]
    outline = doc.outline_text()
    lines.extend("  " + line for line in outline.splitlines()) if outline else lines.append("  （无编号标题）")
    return "\n".join(lines) + "\n"


def load_argument(path: str, stdin_filename: str | None = None) -> Document:
    """The report a command's FILE names; ``-`` reads standard input, as the file ``--stdin-filename``
    (default ``-.txt``: text) would be read."""
    if path != "-":
        return load(path)
    return read(sys.stdin.buffer.read(), stdin_filename or STDIN_NAME)


STDIN_NAME = "-.txt"


def cmd_parse(args: argparse.Namespace) -> int:
    doc = load_argument(args.file, args.stdin_filename)
    if args.format == "json":
        # The engine writes the JSON itself: a large document as Python objects takes many times its text.
        sys.stdout.write(doc.to_json(indent=2))
        sys.stdout.write("\n")
    else:
        sys.stdout.write(_parse_text(doc))
    return 0


def extraction_dict(doc: Document) -> dict[str, object]:
    """The ``extract`` JSON shape of DESIGN.md §8."""
    return {
        "meta": doc.meta.to_dict(),
        "budget": doc.budget.to_dict(),
        "projects": [p.to_dict() for p in doc.projects],
        "indicators": [i.to_dict() for i in doc.indicators],
        "facts": [f.to_dict() for f in doc.facts],
    }


def _extract_text(doc: Document) -> str:
    m = doc.meta
    out = [
        f"{m.path}",
        f"  类型 doc_type: {m.doc_type or '—'}  模板 template: {m.template or '—'}",
        f"  年度 fiscal_year: {m.fiscal_year or '—'}  单位 department: {m.department or '—'}"
        + (f"  地区 region: {m.region}" if m.region else ""),
        "",
        "预算 budget（万元）:",
    ]
    budget = {k: v for k, v in doc.budget.to_dict().items() if k != "spans" and v is not None}
    out.extend(f"  {k}: {v:g}" for k, v in budget.items()) if budget else out.append("  （未载明）")
    out.append("")
    out.append(f"项目 projects: {len(doc.projects)}")
    out.extend(f"  {p.name}: {p.amount:g} 万元" for p in doc.projects)
    out.append("")
    out.append(f"指标 indicators: {len(doc.indicators)}")
    for i in doc.indicators:
        levels = " / ".join(x for x in (i.level1, i.level2, i.level3) if x)
        actual = f" → {i.actual}" if i.actual else ""
        out.append(f"  {levels}: {i.target or '（空）'}{actual}")
    out.append("")
    out.append(f"数据 facts: {len(doc.facts)}")
    return "\n".join(out) + "\n"


def cmd_extract(args: argparse.Namespace) -> int:
    doc = load_argument(args.file, args.stdin_filename)
    if args.format == "json":
        _print_json(extraction_dict(doc))
    else:
        sys.stdout.write(_extract_text(doc))
    return 0


def load_config(args: argparse.Namespace) -> Config:
    if getattr(args, "config", None):
        cfg = Config.from_file(args.config)
    else:  # found as jixiao.check_many finds it
        cfg = Config.for_paths(getattr(args, "paths", None) or [getattr(args, "file", ".")])
    if getattr(args, "select", None):
        cfg.select = _codes(args.select)
    if getattr(args, "ignore", None):
        cfg.ignore = cfg.ignore + _codes(args.ignore)
    cfg.lang = get_language()
    return cfg


def load_rule_files(args: argparse.Namespace) -> None:
    """Imports the --rules files, so the rules and score indicators they define register; what
    they print goes to stderr, and an import running past --timeout is stopped."""
    with _core.StdoutToStderr():
        for path in getattr(args, "rules", None) or []:
            load_rules(path, timeout=getattr(args, "timeout", None))


class Interrupt:
    """Ctrl-C during a batch ends it gracefully: no more files start, the results so far are
    written, and the command says so and exits 2. Outside a batch (or at a second Ctrl-C) it
    raises KeyboardInterrupt as usual."""

    interrupted = False

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        if self.interrupted or not stop_running():
            raise KeyboardInterrupt
        type(self).interrupted = True


def cmd_check(args: argparse.Namespace) -> int:
    from jixiao.batch import check_many, iter_check
    from jixiao.checking import check
    from jixiao.output import OUTPUTS, Collected, format_statistics

    cfg = load_config(args)
    load_rule_files(args)
    # Each file is formatted as it comes in, while the pool checks the next ones.
    output = Collected(args.severity) if args.statistics else OUTPUTS[args.format](args.severity)
    if "-" in args.paths:
        if len(args.paths) > 1:
            raise Error(_t(get_language(), "- （标准输入）须是唯一的路径", "- (standard input) must be the only path"))
        doc = load_argument("-", args.stdin_filename)
        with _core.StdoutToStderr():
            output.add(check(doc, cfg))
        paths: list[str] = ["-"]
        skipped: list[Skipped] = []
    else:
        paths, skipped = walk_paths(args.paths)
        report_skipped(skipped)
        if not paths:
            print(f"jixiao: {NOTHING_TO_CHECK}", file=sys.stderr)
            return 2
        with _core.StdoutToStderr():  # rules that print must not mix into the result
            if args.link:  # linking needs every file's figures before any finding is final
                batch = check_many(args.paths, jobs=args.jobs, config=cfg, progress=False, timeout=args.timeout,
                                   baseline=args.baseline, link=True)
                for item in batch:
                    output.add(item.check)
            else:
                stream = iter_check(args.paths, jobs=args.jobs, config=cfg, progress=False, timeout=args.timeout,
                                    baseline=args.baseline)
                for item in stream:
                    output.add(item.check)
    results = output.results
    if Interrupt.interrupted:
        print(f"jixiao: 已中断，未输出结果 (interrupted after {len(results)} of {len(paths)} files; "
              "nothing written)", file=sys.stderr)
        return 2
    if args.statistics:
        sys.stdout.write(format_statistics(results, args.severity, args.format))
    else:
        sys.stdout.write(output.finish(skipped))
    return check_exit_code(results)


NOTHING_TO_CHECK = "没有找到可检查的文件（.txt .docx .xlsx .pdf .doc .wps .xls） (no files to check found)"


def report_skipped(skipped: Sequence[Skipped]) -> None:
    """Names, on stderr, the files found in the folders that are not checked, with the reasons."""
    if skipped:
        print(f"jixiao: {skipped_summary(skipped)}", file=sys.stderr)


def check_exit_code(results: Sequence[CheckResult]) -> int:
    """``check``'s exit code: 2 when a file could not be read, 1 for error-level findings, else 0."""
    if any(r.errors for r in results):
        return 2
    return 1 if any(d.severity == "error" for r in results for d in r.diagnostics) else 0


def cmd_rules(args: argparse.Namespace) -> int:
    from jixiao.checking import rules

    load_rule_files(args)
    catalog = rules()
    lang = get_language()
    if args.format == "json":
        _print_json([r.to_dict() for r in catalog])
        return 0
    for r in catalog:
        summary = r.summary.get(lang, r.summary.get("zh", ""))
        sys.stdout.write(f"{r.code}  {r.name:<28} {r.severity:<8} {summary}\n")
    return 0


def cmd_rule(args: argparse.Namespace) -> int:
    from jixiao.explain import explain, explain_text

    load_rule_files(args)
    info = explain(args.code)
    if args.format == "json":
        _print_json(info)
    else:
        sys.stdout.write(explain_text(info))
    return 0


def cmd_score(args: argparse.Namespace) -> int:
    from jixiao.scoring import score

    load_rule_files(args)
    with _core.StdoutToStderr():  # custom indicators that print must not mix into the result
        card = score(load_argument(args.file, args.stdin_filename), args.rubric, config=load_config(args))
    if args.format == "json":
        _print_json(card.to_dict())
    else:
        sys.stdout.write(card.to_text())
    return 0


class Tally:
    """Counts files, unreadable files and findings by severity as results go past."""

    def __init__(self) -> None:
        self.files = 0
        self.unreadable = 0
        self.severity = {"error": 0, "warning": 0, "info": 0}
        self.rules: dict[tuple[str, str, str], int] = {}  # (code, rule, severity) -> findings

    def count(self, results: Iterable[FileResult]) -> Iterator[FileResult]:
        for result in results:
            self.files += 1
            self.unreadable += bool(result.error)
            for d in result.check.diagnostics:
                self.severity[d.severity] = self.severity.get(d.severity, 0) + 1
                key = (d.code, d.rule, d.severity)
                self.rules[key] = self.rules.get(key, 0) + 1
            yield result


OUT_KINDS = {".xlsx": "excel", ".html": "html", ".htm": "html", ".jsonl": "jsonl", ".csv": "csv"}


def output_kind(out: str) -> str:
    """What ``--out`` asks for, by its suffix: excel, html, jsonl, csv, or folder (a name ending in
    ``/``, an existing folder, or a name without a suffix). Any other suffix is a usage error, not
    a folder named ``x.pdf``."""
    suffix = os.path.splitext(out.rstrip("/" + os.sep))[1].lower()
    if out.endswith(("/", os.sep)) or os.path.isdir(out) or not suffix:
        return "folder"
    if suffix in OUT_KINDS:
        return OUT_KINDS[suffix]
    raise UsageError(_t(
        get_language(),
        f"--out {out}：不支持的后缀 {suffix}；可用 .xlsx、.html、.jsonl、.csv，或以 / 结尾的文件夹",
        f"--out {out}: unsupported suffix {suffix}; use .xlsx, .html, .jsonl, .csv, or a folder ending in /",
    ))


class UsageError(Error):
    """A command line that asks for something jixiao cannot do (exit 2 before any work)."""


def cmd_batch(args: argparse.Namespace) -> int:
    from jixiao.batch import check_many, iter_check
    from jixiao.export import require_openpyxl, write_csv, write_jsonl

    kind = output_kind(args.out)
    if kind == "excel":
        require_openpyxl()  # said now, not after the whole batch has run
    cfg = load_config(args)
    load_rule_files(args)
    paths, skipped = walk_paths(args.paths)
    report_skipped(skipped)
    if not paths:
        print(f"jixiao: {NOTHING_TO_CHECK}", file=sys.stderr)
        return 2
    rubric = None if args.rubric == "none" else args.rubric
    progress = False if args.no_progress else None
    target = args.out.rstrip("/" + os.sep) or args.out
    folder = os.path.dirname(os.path.abspath(target))
    if not os.path.isdir(folder):  # said now, not after the whole batch has run
        raise Error(f"{args.out}：无法写入（没有文件夹 {folder}） (cannot write the file: no folder {folder})")
    tally = Tally()
    bom = not args.no_bom
    if kind in ("excel", "html"):  # a workbook or a page holds every report at once
        with _core.StdoutToStderr():
            batch = check_many(paths, jobs=args.jobs, rubric=rubric, config=cfg, progress=progress,
                               timeout=args.timeout, link=args.link)
        batch.skipped = skipped
        for _ in tally.count(batch):
            pass
        if kind == "excel":
            batch.to_excel(args.out)
        else:
            batch.to_html(args.out)
    elif args.link:  # linked first (every file's figures are needed), then written
        with _core.StdoutToStderr():
            batch = check_many(paths, jobs=args.jobs, rubric=rubric, config=cfg, progress=progress,
                               timeout=args.timeout, link=True)
        results = tally.count(batch)
        if kind == "jsonl":
            write_jsonl(results, args.out, skipped=skipped)
        elif kind == "csv":
            write_csv(results, args.out, kind="findings", bom=bom)
        else:
            write_csv(results, args.out, skipped=skipped, bom=bom)
    else:  # streamed to disk as the results come: memory stays flat however many files
        stream = iter_check(paths, jobs=args.jobs, rubric=rubric, config=cfg, progress=progress, timeout=args.timeout)
        try:
            results = tally.count(stream)
            if kind == "jsonl":
                write_jsonl(results, args.out, skipped=skipped)
            elif kind == "csv":
                write_csv(results, args.out, kind="findings", bom=bom)
            else:
                write_csv(results, target, skipped=skipped, bom=bom)
        finally:
            # A write that fails leaves the stream half read: stop and join the engine now, not
            # at interpreter shutdown.
            stream.close()
    s = tally.severity
    print(
        f"jixiao: {tally.files} 份报告 files（{tally.unreadable} 份无法读取 unreadable，"
        f"{len(skipped)} 个跳过 skipped），"
        f"error {s['error']}, warning {s['warning']}, info {s['info']} → {args.out}",
        file=sys.stderr,
    )
    if args.statistics:
        from jixiao.output import statistics_text

        sys.stderr.write(statistics_text(tally.rules))
    if Interrupt.interrupted:
        print(f"jixiao: 已中断，只写入了前 {tally.files} 份（共 {len(paths)} 份）"
              f"(interrupted: {tally.files} of {len(paths)} files written)", file=sys.stderr)
        return 2
    if args.exit_zero:
        return 0
    if tally.unreadable:
        return 2
    return 1 if args.exit_code and s["error"] else 0


def cmd_review(args: argparse.Namespace) -> int:
    try:
        from jixiao.review.app import serve
    except ImportError as exc:
        raise Error(f"jixiao review 需要可选依赖：pip install 'jixiao[review]' "
                    f"(jixiao review needs its optional dependencies: {exc.name})") from None

    def ready(url: str) -> None:
        english = get_language() == "en"
        print(f"jixiao: review desk at {url} (Ctrl-C stops it)" if english
              else f"jixiao: 审核台已启动 {url}（Ctrl-C 停止）", file=sys.stderr, flush=True)
        if args.open:
            import webbrowser

            webbrowser.open(url)

    signal.signal(signal.SIGINT, signal.default_int_handler)  # the server handles Ctrl-C itself
    serve(args.folder, args.db, host=args.host, port=args.port, allow_remote=args.allow_remote,
          lang=get_language(), jobs=args.jobs or None, ready=ready)
    return 0


def _t(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" else zh


def add_check_options(p: argparse.ArgumentParser, lang: str = "zh") -> None:
    """The options of ``check`` (jixiao-host check takes them too)."""
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help=_t(lang, "文件或文件夹；- 读标准输入", "files or folders; - reads standard input"))
    p.add_argument("--format", choices=["text", "json", "jsonl", "csv", "sarif"], default="text",
                   help=_t(lang, "输出格式（默认 text）", "output format (default text)"))
    p.add_argument("--select", action="append", metavar="CODES",
                   help=_t(lang, "只检查这些代码或前缀（A,S1）", "only these codes or prefixes (A,S1)"))
    p.add_argument("--ignore", action="append", metavar="CODES",
                   help=_t(lang, "跳过这些代码或前缀", "skip these codes or prefixes"))
    p.add_argument("--severity", choices=["info", "warning", "error"], default="info",
                   help=_t(lang, "只显示不低于此级别的问题", "show findings of at least this severity"))
    p.add_argument("--config", help=_t(lang, CONFIG_HELP_ZH, CONFIG_HELP_EN))
    p.add_argument("--rules", action="append", metavar="FILE.py",
                   help=_t(lang, "自定义规则的 Python 文件（jixiao.rule）",
                           "a Python file of custom rules (jixiao.rule)"))
    p.add_argument("--baseline", metavar="REVIEW.sqlite", help=_t(
        lang, "隐藏在此审核库中已驳回的问题（jixiao review，docs/review.md）",
        "hide the findings dismissed in this review store (jixiao review, docs/review.md)"))


CONFIG_HELP_ZH = "jixiao.toml 或 pyproject.toml（默认：在第一个路径及其上级文件夹中查找，再在当前文件夹及其上级中查找）"
CONFIG_HELP_EN = ("a jixiao.toml or pyproject.toml (default: the nearest at or above the first path, "
                  "else at or above the current folder)")


def _timeout_help(lang: str) -> str:
    return _t(lang, "Python 规则（或规则文件的导入）运行超过此秒数即停止；"
                    "单个文件超过此秒数 ×（规则数 + 1）即放弃（默认 0：不限）",
              "stop a Python rule (or a rule file's import) still running after this long, and give up on a "
              "file after this long times (rules + 1) (default 0: never)")


def _link_help(lang: str) -> str:
    return _t(lang, "按单位和年度把文件关联成卷宗，运行跨文档规则 L101–L105（docs/link.md）",
              "link the files by department and fiscal year and run the cross-document rules L101-L105")


BATCH_EPILOG = {
    "zh": "退出码：写出结果后为 0；有文件无法读取时为 2（--exit-zero 时仍为 0）；--exit-code 时有错误级问题为 1。"
          "用法错误、输入错误或中断为 2。.csv 默认带 UTF-8 BOM（中文 Windows 的 Excel 可直接打开），--no-bom 去掉。",
    "en": "Exit codes: 0 once the output is written; 2 when some files could not be read (0 with --exit-zero); "
          "with --exit-code, 1 when there are error-level findings. Usage, input errors and Ctrl-C give 2. "
          ".csv files start with a UTF-8 BOM (Excel on Chinese Windows opens them as UTF-8); --no-bom leaves it out.",
}


def build_parser(lang: str = "zh") -> argparse.ArgumentParser:
    """The command line, its help in ``lang``."""
    from jixiao import __version__

    parser = Parser(prog="jixiao", lang=lang, description=_t(
        lang, "读取、检查并评分预算绩效报告", "reads, checks and scores budget-performance reports"))
    parser.add_argument("--lang", choices=["zh", "en"], default="zh",
                        help=_t(lang, "提示与帮助的语言（默认 zh）", "message and help language (default zh)"))
    parser.add_argument("--version", action="version", version=f"jixiao {__version__}",
                        help=_t(lang, "显示版本并退出", "show the version and exit"))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                title=_t(lang, "命令", "commands"))

    def command(name: str, zh: str, en: str, epilog: str | None = None) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=_t(lang, zh, en), description=_t(lang, zh, en), lang=lang, epilog=epilog)

    stdin_help = _t(lang, "文件；- 读标准输入", "a file; - reads standard input")
    stdin_name_help = _t(lang, "从标准输入读取时使用的文件名（决定格式，默认 .txt）",
                         "the file name standard input stands for (it picks the format; default .txt)")
    p = command("parse", "显示文档模型：元数据、提纲、表格", "show the document model: meta, outline, tables")
    p.add_argument("file", help=stdin_help)
    p.add_argument("--format", choices=["json", "text"], default="text")
    p.add_argument("--stdin-filename", metavar="NAME", help=stdin_name_help)
    p.set_defaults(func=cmd_parse)

    p = command("extract", "抽取元数据、预算、项目、指标和数据", "extract meta, budget, projects, indicators and facts")
    p.add_argument("file", help=stdin_help)
    p.add_argument("--format", choices=["json", "text"], default="text")
    p.add_argument("--stdin-filename", metavar="NAME", help=stdin_name_help)
    p.set_defaults(func=cmd_extract)

    p = command("check", "按规则目录检查报告（文件或文件夹）",
                "check reports (files or folders) against the rule catalog")
    add_check_options(p, lang)
    p.add_argument("--statistics", action="store_true",
                   help=_t(lang, "只显示每条规则的问题数",
                           "show the number of findings per rule instead of the findings"))
    p.add_argument("--stdin-filename", metavar="NAME", help=stdin_name_help)
    p.add_argument("--jobs", type=int, default=0, help=_t(
        lang, "线程数（默认 0：每个 CPU 一个）；输出相同，按给出的顺序",
        "threads (default 0: one per CPU); the same output, in the order given"))
    p.add_argument("--timeout", type=float, default=0.0, metavar="SECONDS", help=_timeout_help(lang))
    p.add_argument("--link", action="store_true", help=_link_help(lang))
    p.set_defaults(func=cmd_check)

    p = command("rules", "列出规则目录", "list the rule catalog")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--rules", action="append", metavar="FILE.py",
                   help=_t(lang, "同时列出此文件中的自定义规则", "list the custom rules of this file too"))
    p.set_defaults(func=cmd_rules)

    p = command("rule", "解释一条规则：说明、消息、触发与不触发的示例", "explain a rule: what it checks, its messages, "
                "an example that fires it and one that does not")
    p.add_argument("code", metavar="CODE", help=_t(lang, "规则代码，如 A101", "a rule code, e.g. A101"))
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--rules", action="append", metavar="FILE.py",
                   help=_t(lang, "自定义规则的 Python 文件", "a Python file of custom rules"))
    p.set_defaults(func=cmd_rule)

    p = command("score", "按评分标准为报告评分（docs/rubrics.md）", "score a report under a rubric (docs/rubrics.md)")
    p.add_argument("file", help=stdin_help)
    p.add_argument("--rubric", metavar="NAME|PATH", help=_t(
        lang, "project-selfeval-2020、report-quality、dept-overall-2013 或评分标准文件（默认：按文档类型选择）",
        "project-selfeval-2020, report-quality, dept-overall-2013, or a rubric file "
        "(default: the one for the document's type)"))
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--config", help=_t(lang, CONFIG_HELP_ZH, CONFIG_HELP_EN))
    p.add_argument("--rules", action="append", metavar="FILE.py", help=_t(
        lang, "注册自定义指标的 Python 文件（jixiao.register_indicator）",
        "a Python file registering custom indicators (jixiao.register_indicator)"))
    p.add_argument("--stdin-filename", metavar="NAME", help=stdin_name_help)
    p.set_defaults(func=cmd_score)

    p = command("batch", "在 C++ 线程上检查、抽取并评分多份报告，写出 Excel、HTML 审核页、JSON lines 或 CSV",
                "check, extract and score reports (files or folders) on C++ threads; "
                "write an Excel workbook, an HTML review page, JSON lines or CSV files", epilog=BATCH_EPILOG[lang])
    p.add_argument("paths", nargs="+", metavar="PATH", help=_t(lang, "文件或文件夹", "files or folders"))
    p.add_argument("--out", required=True, metavar="review.xlsx|review.html|results.jsonl|findings.csv|FOLDER/",
                   help=_t(lang, "按文件名后缀决定写什么：.xlsx、.html、.jsonl、.csv（问题表）；"
                                 "以 / 结尾或已有的文件夹则写一组 CSV",
                           "what to write, by its name: .xlsx, .html, .jsonl, .csv (findings); a name ending "
                           "in / or an existing folder gets one CSV per table"))
    p.add_argument("--jobs", type=int, default=0, help=_t(lang, "线程数（默认 0：每个 CPU 一个）",
                                                          "threads (default 0: one per CPU)"))
    p.add_argument("--rubric", default="auto", metavar="auto|none|NAME|PATH", help=_t(
        lang, "auto：按各报告类型选择（默认）；none：不评分；或评分标准名称、文件",
        "auto: each report's default rubric (default); none: no scoring; or a rubric name or file"))
    p.add_argument("--rules", action="append", metavar="FILE.py", help=_t(
        lang, "自定义规则或评分指标的 Python 文件", "a Python file of custom rules or score indicators"))
    p.add_argument("--select", action="append", metavar="CODES",
                   help=_t(lang, "只检查这些代码或前缀（A,S1）", "only these codes or prefixes (A,S1)"))
    p.add_argument("--ignore", action="append", metavar="CODES",
                   help=_t(lang, "跳过这些代码或前缀", "skip these codes or prefixes"))
    p.add_argument("--config", help=_t(lang, CONFIG_HELP_ZH, CONFIG_HELP_EN))
    p.add_argument("--timeout", type=float, default=0.0, metavar="SECONDS", help=_timeout_help(lang))
    p.add_argument("--no-progress", action="store_true",
                   help=_t(lang, "不在 stderr 显示进度条", "no progress bar on stderr"))
    p.add_argument("--no-bom", action="store_true", help=_t(
        lang, "CSV 不加 UTF-8 BOM", "write CSV without the UTF-8 byte order mark"))
    p.add_argument("--statistics", action="store_true", help=_t(
        lang, "在 stderr 列出每条规则的问题数", "list the number of findings per rule on stderr"))
    exits = p.add_mutually_exclusive_group()
    exits.add_argument("--exit-code", action="store_true", help=_t(
        lang, "有错误级问题时退出码为 1", "exit 1 when there are error-level findings"))
    exits.add_argument("--exit-zero", action="store_true", help=_t(
        lang, "写出结果后总是以 0 退出（即使有文件无法读取）",
        "exit 0 once the output is written, even when files could not be read"))
    p.add_argument("--link", action="store_true", help=_link_help(lang))
    p.set_defaults(func=cmd_batch)

    p = command("review", "在浏览器中审核文件夹中的问题：接受或驳回，决定保存在 SQLite 中（docs/review.md）",
                "review a folder's findings in the browser: accept or dismiss them, "
                "decisions kept in SQLite (docs/review.md)")
    p.add_argument("folder", metavar="FOLDER", help=_t(lang, "要审核的报告文件夹", "the folder of reports to review"))
    p.add_argument("--db", metavar="REVIEW.sqlite", help=_t(
        lang, "保存审核决定的数据库（默认：FOLDER/.jixiao-review.sqlite）",
        "the store of decisions (default: FOLDER/.jixiao-review.sqlite)"))
    p.add_argument("--host", default="127.0.0.1", help=_t(
        lang, "服务地址（默认 127.0.0.1，仅本机）", "address to serve on (default 127.0.0.1, this machine only)"))
    p.add_argument("--port", type=int, default=8765, help=_t(
        lang, "端口（默认 8765；0：任一空闲端口）", "port (default 8765; 0: any free port)"))
    p.add_argument("--allow-remote", action="store_true", help=_t(
        lang, "允许其他机器可访问的 --host（审核台没有登录：仅限可信网络）",
        "allow a --host other machines can reach (the review has no login: trusted networks only)"))
    p.add_argument("--jobs", type=int, default=0, help=_t(
        lang, "检查文件夹所用的线程数（默认 0：每个 CPU 一个）",
        "threads for checking the folder (default 0: one per CPU)"))
    p.add_argument("--open", action="store_true",
                   help=_t(lang, "在浏览器中打开审核台", "open the desk in the web browser"))
    p.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS, help=_t(
        lang, "审核台和问题的语言", "language of the desk and findings"))
    p.set_defaults(func=cmd_review)
    return parser


class Parser(argparse.ArgumentParser):
    """argparse with help in the chosen language and "did you mean" on mistyped commands and options."""

    def __init__(self, *args: Any, lang: str = "zh", **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _formatter(lang))
        super().__init__(*args, **kwargs)
        self.lang = lang
        if lang == "zh":
            self._positionals.title = "位置参数"
            self._optionals.title = "选项"
            for action in self._actions:
                if isinstance(action, argparse._HelpAction):
                    action.help = "显示帮助并退出"

    def parse_args(self, args: Sequence[str] | None = None, namespace: Any = None) -> Any:  # type: ignore[override]
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            command = self._subparser(getattr(parsed, "command", None))
            options = [o for a in (command or self)._actions for o in a.option_strings]
            unknown = " ".join(extras)
            hint = _did_you_mean(self.lang, [e.split("=")[0] for e in extras if e.startswith("-")], options)
            (command or self).error(_t(self.lang, f"无法识别的参数：{unknown}", f"unrecognized arguments: {unknown}")
                                    + hint)
        return parsed

    def _subparser(self, name: str | None) -> argparse.ArgumentParser | None:
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction) and name in action.choices:
                return action.choices[name]  # type: ignore[no-any-return]
        return None

    def error(self, message: str) -> NoReturn:
        # argparse's own messages name an unknown command "invalid choice: 'chek' (choose from …)"
        match = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
        if match:
            choices = re.findall(r"'([^']*)'", match.group(2))
            message += _did_you_mean(self.lang, [match.group(1)], choices)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: {_t(self.lang, '错误', 'error')}: {message}\n")


def _did_you_mean(lang: str, words: Sequence[str], known: Sequence[str]) -> str:
    """``（是否想用 --select？）`` for the closest known spelling of each mistyped word; empty if none is close."""
    close = [m[0] for w in words if (m := difflib.get_close_matches(w, known, n=1, cutoff=0.6))]
    if not close:
        return ""
    shown = ", ".join(close)
    return _t(lang, f"（是否想用 {shown}？）", f" (did you mean {shown}?)")


def _formatter(lang: str) -> type[argparse.HelpFormatter]:
    class Formatter(argparse.HelpFormatter):
        def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
            super().add_usage(usage, actions, groups, prefix if prefix is not None or lang != "zh" else "用法：")

    return Formatter


def _language(argv: Sequence[str]) -> str:
    """The --lang given before the command line is parsed, so that its help and errors follow it."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return "en" if argv[i + 1] == "en" else "zh"
        if arg.startswith("--lang="):
            return "en" if arg.split("=", 1)[1] == "en" else "zh"
    return "zh"


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_language(arguments))
    try:
        args = parser.parse_args(arguments)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    set_language(args.lang)
    Interrupt.interrupted = False
    previous = signal.signal(signal.SIGINT, Interrupt()) if _on_main_thread() else None
    try:
        code = _run(args)
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    if rules_left_running():
        # A rule stopped for its time is still blocked outside Python: ending normally would
        # finalize the interpreter under it. The output is complete; leave at once.
        with contextlib.suppress(OSError, ValueError):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)
    return code


def _on_main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def _run(args: argparse.Namespace) -> int:
    try:
        return int(args.func(args))
    except UsageError as exc:
        print(f"jixiao: {_t(get_language(), '错误', 'error')}: {exc}", file=sys.stderr)
        return 2
    except Error as exc:
        print(f"jixiao: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("jixiao: 已中断 (interrupted)", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug of ours; still a clear message and exit 2, never a traceback dump
        print(f"jixiao: 内部错误 internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
