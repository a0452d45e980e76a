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
import json
import os
import signal
import sys
from collections.abc import Iterable, Iterator, Sequence
from types import FrameType
from typing import TYPE_CHECKING

from jixiao._native import _core
from jixiao.batch import Skipped, rules_left_running, skipped_summary, stop_running, walk_paths
from jixiao.config import Config
from jixiao.document import Document, load
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


def cmd_parse(args: argparse.Namespace) -> int:
    doc = load(args.file)
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
    doc = load(args.file)
    if args.format == "json":
        _print_json(extraction_dict(doc))
    else:
        sys.stdout.write(_extract_text(doc))
    return 0


def load_config(args: argparse.Namespace) -> Config:
    cfg = Config.from_file(args.config) if getattr(args, "config", None) else Config.discover(".")
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
    from jixiao.batch import iter_check
    from jixiao.output import FORMATTERS

    cfg = load_config(args)
    load_rule_files(args)
    paths, skipped = walk_paths(args.paths)
    report_skipped(skipped)
    if not paths:
        print(f"jixiao: {NOTHING_TO_CHECK}", file=sys.stderr)
        return 2
    with _core.StdoutToStderr():  # rules that print must not mix into the result
        stream = iter_check(args.paths, jobs=args.jobs, config=cfg, progress=False, timeout=args.timeout,
                            baseline=args.baseline)
        results = [r.check for r in stream]
    if Interrupt.interrupted:
        print(f"jixiao: 已中断，未输出结果 (interrupted after {len(results)} of {len(paths)} files; "
              "nothing written)", file=sys.stderr)
        return 2
    sys.stdout.write(FORMATTERS[args.format](results, args.severity, skipped))
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


def cmd_score(args: argparse.Namespace) -> int:
    from jixiao.scoring import score

    load_rule_files(args)
    with _core.StdoutToStderr():  # custom indicators that print must not mix into the result
        card = score(load(args.file), args.rubric, config=load_config(args))
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

    def count(self, results: Iterable[FileResult]) -> Iterator[FileResult]:
        for result in results:
            self.files += 1
            self.unreadable += bool(result.error)
            for severity, n in result.check.counts().items():
                self.severity[severity] = self.severity.get(severity, 0) + n
            yield result


def cmd_batch(args: argparse.Namespace) -> int:
    from jixiao.batch import check_many, iter_check
    from jixiao.export import write_csv, write_jsonl

    cfg = load_config(args)
    load_rule_files(args)
    paths, skipped = walk_paths(args.paths)
    report_skipped(skipped)
    if not paths:
        print(f"jixiao: {NOTHING_TO_CHECK}", file=sys.stderr)
        return 2
    rubric = None if args.rubric == "none" else args.rubric
    progress = False if args.no_progress else None
    suffix = os.path.splitext(args.out)[1].lower()
    folder = os.path.dirname(os.path.abspath(args.out))
    if not os.path.isdir(folder):  # said now, not after the whole batch has run
        raise Error(f"{args.out}：无法写入（没有文件夹 {folder}） (cannot write the file: no folder {folder})")
    tally = Tally()
    if suffix in (".xlsx", ".html", ".htm"):  # a workbook or a page holds every report at once
        with _core.StdoutToStderr():
            batch = check_many(paths, jobs=args.jobs, rubric=rubric, config=cfg, progress=progress,
                               timeout=args.timeout)
        batch.skipped = skipped
        for _ in tally.count(batch):
            pass
        if suffix == ".xlsx":
            batch.to_excel(args.out)
        else:
            batch.to_html(args.out)
    else:  # streamed to disk as the results come: memory stays flat however many files
        stream = iter_check(paths, jobs=args.jobs, rubric=rubric, config=cfg, progress=progress, timeout=args.timeout)
        try:
            results = tally.count(stream)
            if suffix == ".jsonl":
                write_jsonl(results, args.out, skipped=skipped)
            elif suffix == ".csv":
                write_csv(results, args.out, kind="findings")
            else:
                write_csv(results, args.out, skipped=skipped)
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
    if Interrupt.interrupted:
        print(f"jixiao: 已中断，只写入了前 {tally.files} 份（共 {len(paths)} 份）"
              f"(interrupted: {tally.files} of {len(paths)} files written)", file=sys.stderr)
        return 2
    if tally.unreadable:
        return 2
    return 1 if s["error"] else 0


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


def add_check_options(p: argparse.ArgumentParser) -> None:
    """The options of ``check`` (jixiao-host check takes them too)."""
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--format", choices=["text", "json", "jsonl", "csv", "sarif"], default="text")
    p.add_argument("--select", action="append", metavar="CODES", help="only these codes or prefixes (A,S1)")
    p.add_argument("--ignore", action="append", metavar="CODES", help="skip these codes or prefixes")
    p.add_argument("--severity", choices=["info", "warning", "error"], default="info",
                   help="show findings of at least this severity")
    p.add_argument("--config", help="a jixiao.toml or pyproject.toml (default: discovered from the current folder)")
    p.add_argument("--rules", action="append", metavar="FILE.py", help="a Python file of custom rules (jixiao.rule)")
    p.add_argument("--baseline", metavar="REVIEW.sqlite",
                   help="hide the findings dismissed in this review store (jixiao review, docs/review.md)")


TIMEOUT_HELP = (
    "stop a Python rule (or a rule file's import) still running after this long, and give up on a "
    "file after this long times (rules + 1) (default 0: never)"
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jixiao", description="读取、检查并评分预算绩效报告")
    parser.add_argument("--lang", choices=["zh", "en"], default="zh", help="message language (default zh)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("parse", help="show the document model: meta, outline, tables")
    p.add_argument("file")
    p.add_argument("--format", choices=["json", "text"], default="text")
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("extract", help="extract meta, budget, projects, indicators and facts")
    p.add_argument("file")
    p.add_argument("--format", choices=["json", "text"], default="text")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("check", help="check reports (files or folders) against the rule catalog")
    add_check_options(p)
    p.add_argument("--jobs", type=int, default=0,
                   help="threads (default 0: one per CPU); the output is the same, in the order given")
    p.add_argument("--timeout", type=float, default=0.0, metavar="SECONDS", help=TIMEOUT_HELP)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("rules", help="list the rule catalog")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--rules", action="append", metavar="FILE.py", help="list the custom rules of this file too")
    p.set_defaults(func=cmd_rules)

    p = sub.add_parser("score", help="score a report under a rubric (docs/rubrics.md)")
    p.add_argument("file")
    p.add_argument("--rubric", metavar="NAME|PATH",
                   help="project-selfeval-2020, report-quality, dept-overall-2013, or a rubric file "
                        "(default: the one for the document's type)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--config", help="a jixiao.toml or pyproject.toml (default: discovered from the folder)")
    p.add_argument("--rules", action="append", metavar="FILE.py",
                   help="a Python file registering custom indicators (jixiao.register_indicator)")
    p.set_defaults(func=cmd_score)

    p = sub.add_parser("batch", help="check, extract and score reports (files or folders) on C++ threads; "
                                     "write an Excel workbook, an HTML review page, JSON lines or CSV files")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--out", required=True, metavar="review.xlsx|review.html|results.jsonl|FOLDER/",
                   help="what to write, by its name: .xlsx, .html, .jsonl, .csv (findings), else a folder of CSVs")
    p.add_argument("--jobs", type=int, default=0, help="threads (default 0: one per CPU)")
    p.add_argument("--rubric", default="auto", metavar="auto|none|NAME|PATH",
                   help="auto: each report's default rubric (default); none: no scoring; or a rubric name or file")
    p.add_argument("--rules", action="append", metavar="FILE.py",
                   help="a Python file of custom rules or score indicators")
    p.add_argument("--select", action="append", metavar="CODES", help="only these codes or prefixes (A,S1)")
    p.add_argument("--ignore", action="append", metavar="CODES", help="skip these codes or prefixes")
    p.add_argument("--config", help="a jixiao.toml or pyproject.toml (default: discovered from the current folder)")
    p.add_argument("--timeout", type=float, default=0.0, metavar="SECONDS", help=TIMEOUT_HELP)
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    p.set_defaults(func=cmd_batch)

    p = sub.add_parser("review", help="review a folder's findings in the browser: accept or dismiss them, "
                                      "decisions kept in SQLite (docs/review.md)")
    p.add_argument("folder", metavar="FOLDER")
    p.add_argument("--db", metavar="REVIEW.sqlite",
                   help="the store of decisions (default: FOLDER/.jixiao-review.sqlite)")
    p.add_argument("--host", default="127.0.0.1", help="address to serve on (default 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8765, help="port (default 8765; 0: any free port)")
    p.add_argument("--allow-remote", action="store_true",
                   help="allow a --host other machines can reach (the review has no login: trusted networks only)")
    p.add_argument("--jobs", type=int, default=0, help="threads for checking the folder (default 0: one per CPU)")
    p.add_argument("--open", action="store_true", help="open the desk in the web browser")
    p.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS, help="language of the desk and findings")
    p.set_defaults(func=cmd_review)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
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
