"""The review desk's web app: Starlette pages rendered on the server, a small script of its own.

    jixiao review reports/ [--db review.sqlite] [--port 8765] [--host 127.0.0.1]

Pages: ``/`` the overview of the reports, ``/findings`` every finding, ``/report/N`` one report's
full text with its findings; ``POST /api/decisions`` records a decision; ``/export.xlsx`` the
remaining findings and the decisions. Everything is served from the package (no CDN).

It is a local tool: it binds to loopback unless told otherwise (``allow_remote``), answers only
requests whose Host header names this machine (a page elsewhere cannot reach it through a DNS
name that resolves here), and takes decisions only as JSON from its own pages.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import ipaddress
import os
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from jixiao.checking import place
from jixiao.errors import Error
from jixiao.review.desk import Desk, Report
from jixiao.review.fulltext import FULLTEXT_SCRIPT, FULLTEXT_STYLE, render_fulltext, rule_titles, severity_label
from jixiao.review.store import Decision, Finding
from jixiao.scoring import is_assessable

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.types import ASGIApp, Receive, Scope, Send

HERE = os.path.dirname(__file__)
DEFAULT_PORT = 8765

DOC_TYPES = {
    "zh": {"self_evaluation": "部门整体支出绩效自评报告", "target_table": "绩效目标表",
           "project_selfeval_table": "项目支出绩效自评表", "work_summary": "工作总结",
           "final_accounts": "部门决算", "budget": "部门预算", "unknown": "未识别", "": "未识别"},
    "en": {"self_evaluation": "department self-evaluation", "target_table": "performance target table",
           "project_selfeval_table": "project self-evaluation table", "work_summary": "work summary",
           "final_accounts": "final accounts", "budget": "budget", "unknown": "unrecognised", "": "unrecognised"},
}

MESSAGES = {
    "zh": {
        "title": "预算绩效报告审核", "overview": "报告总览", "findings": "全部问题", "export": "导出 Excel",
        "rescan": "重新检查", "file": "文件", "type": "类型", "department": "单位",
        "year": "年度", "score": "得分", "progress": "审核进度", "status": "状态", "rule": "规则",
        "severity": "级别", "search": "搜索", "search_hint": "文件名、单位或问题内容", "all": "全部",
        "apply": "筛选", "clear": "清除", "charts": "图表", "not_assessable": "不可评价",
        "coverage": "（可评价 {share}）",
        "not_scored": "未评分", "unreadable": "无法读取", "no_findings": "无问题", "todo": "未开始",
        "doing": "审核中", "done": "已审完", "open": "待审", "accepted": "已接受", "dismissed": "已驳回",
        "accept": "接受", "dismiss": "驳回", "reopen": "撤销决定", "reason": "理由（驳回必填）",
        "need_reason": "驳回需要说明理由", "of": "/", "colon": "：", "remaining": "待处理",
        "summary": "{files} 份报告，{findings} 个问题：待审 {open}，已接受 {accepted}，已驳回 {dismissed}",
        "back": "← 返回总览", "previous": "上一份", "next": "下一份",
        "message": "问题", "place": "位置", "report": "报告", "none": "没有符合条件的项",
        "grade": "等级", "review_points": "待人工复核 {points:g} 分", "skipped": "跳过的文件",
        "shown": "显示 {shown} / {total}", "sort_hint": "点击表头排序",
        "decisions": "审核决定", "reviewer": "审核人", "decided_at": "时间", "seen": "本次检查仍有此问题",
        "yes": "是", "no": "否", "excerpt": "原文", "reason_column": "理由", "suggestion": "建议", "code": "代码",
        "lang": "zh-CN",
    },
    "en": {
        "title": "Budget performance review", "overview": "Reports", "findings": "All findings",
        "export": "Export to Excel", "rescan": "Check again", "file": "File", "type": "Type",
        "department": "Department", "year": "Year", "score": "Score", "progress": "Review", "status": "Status",
        "rule": "Rule", "severity": "Severity", "search": "Search", "search_hint": "file, department or finding",
        "all": "all", "apply": "Filter", "clear": "Clear", "charts": "Charts", "not_assessable": "not assessable",
        "coverage": " ({share} assessable)", "not_scored": "not scored", "unreadable": "unreadable",
        "no_findings": "no findings", "todo": "not started", "doing": "in review", "done": "reviewed",
        "open": "open", "accepted": "accepted", "dismissed": "dismissed", "accept": "Accept", "dismiss": "Dismiss",
        "reopen": "Undo", "reason": "reason (required to dismiss)", "need_reason": "a dismissal needs a reason",
        "of": "/", "remaining": "remaining",
        "summary": "{files} reports, {findings} findings: {open} open, {accepted} accepted, {dismissed} dismissed",
        "back": "← back to the reports", "previous": "previous", "next": "next",
        "message": "Finding", "place": "Place", "report": "Report",
        "none": "nothing matches", "grade": "Grade", "review_points": "{points:g} points await review",
        "skipped": "Skipped files", "shown": "{shown} of {total} shown",
        "sort_hint": "click a header to sort", "decisions": "Decisions", "reviewer": "Reviewer",
        "decided_at": "When", "colon": ": ", "seen": "still found", "yes": "yes", "no": "no", "excerpt": "Excerpt",
        "reason_column": "Reason",
        "suggestion": "Suggestion", "code": "Code", "lang": "en",
    },
}

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


# -- who may talk to it ------------------------------------------------------------------------


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    name = host.strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _host_name(header: str) -> str:
    """The host of a Host header, without its port (``[::1]:8765`` → ``::1``)."""
    return (urlsplit(f"//{header}").hostname or "").lower()


class HostGuard:
    """Answers only requests whose Host header names this machine: loopback names always, and
    the names given in ``extra`` (the address served on, with ``allow_remote``). Everything
    else gets 421 — the DNS-rebinding guard."""

    def __init__(self, app: ASGIApp, extra: set[str]) -> None:
        self.app = app
        self.extra = {name.lower().strip("[]") for name in extra}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            headers = dict(scope.get("headers") or [])
            host = _host_name(headers.get(b"host", b"").decode("latin-1"))
            if not host or not (is_loopback(host) or host in self.extra):
                from starlette.responses import PlainTextResponse

                response = PlainTextResponse("jixiao review: this Host is not served (local use only)\n", 421)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


# -- pages -------------------------------------------------------------------------------------


@dataclass
class ReportRow:
    report: Report
    findings: list[Finding]
    doc_type: str
    department: str
    year: int | None

    @property
    def remaining(self) -> Counter[str]:
        return Counter(f.diagnostic.severity for f in self.findings if f.status != "dismissed")

    @property
    def decided(self) -> int:
        return sum(1 for f in self.findings if f.status != "open")

    def state(self) -> str:
        if self.report.result.error:
            return "unreadable"
        if not self.findings:
            return "no_findings"
        decided = self.decided
        return "done" if decided == len(self.findings) else "doing" if decided else "todo"


def _rows(desk: Desk, decisions: dict[str, Decision]) -> list[ReportRow]:
    rows = []
    for report in desk.snapshot():
        check = report.result.check
        rows.append(ReportRow(report, report.findings(decisions), check.doc_type or "unknown", check.department,
                              check.fiscal_year))
    return rows


def score_text(result: Any, words: dict[str, str]) -> tuple[str, str, float]:
    """(score as shown, grade, sort value): 不可评价 when nothing could be assessed, never 0."""
    card = result.score
    if card is None:
        return words["not_scored"], "", -2.0
    # Below the rubric's coverage floor a total says nothing about the report.
    if card.total is None or not is_assessable(card):
        return words["not_assessable"], "", -1.0
    shown = f"{card.total:g}"
    if card.coverage < 1:
        shown += words["coverage"].format(share=f"{card.coverage:.0%}")
    return shown, card.grade, float(card.total)


def _query(request: Request) -> dict[str, str]:
    keys = ("q", "type", "department", "year", "severity", "rule", "status")
    return {k: request.query_params.get(k, "").strip() for k in keys}


def _matches_finding(f: Finding, query: dict[str, str], finding_status: bool) -> bool:
    d = f.diagnostic
    if query["severity"] and d.severity != query["severity"]:
        return False
    if query["rule"] and d.code != query["rule"]:
        return False
    return not (finding_status and query["status"] and f.status != query["status"])


def _matches_report(row: ReportRow, query: dict[str, str]) -> bool:
    if query["type"] and row.doc_type != query["type"]:
        return False
    if query["department"] and row.department != query["department"]:
        return False
    if query["year"] and str(row.year or "") != query["year"]:
        return False
    if query["status"] and row.state() != query["status"]:
        return False
    if (query["severity"] or query["rule"]) and not any(
        _matches_finding(f, query, False) and f.status != "dismissed" for f in row.findings
    ):
        return False
    needle = query["q"].lower()
    if needle:
        haystack = [row.report.key, row.department, *(f.diagnostic.message for f in row.findings)]
        return any(needle in text.lower() for text in haystack)
    return True


class ReviewApp:
    """The pages and the API over one :class:`Desk`."""

    def __init__(self, desk: Desk) -> None:
        import jinja2

        self.desk = desk
        self.lang = desk.lang if desk.lang in MESSAGES else "zh"
        self.words = MESSAGES[self.lang]
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(os.path.join(HERE, "templates")),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.globals.update(t=self.words, severity_label=lambda s: severity_label(s, self.lang),
                                doc_type_name=self.doc_type_name, lang=self.lang)
        self.titles = rule_titles(self.lang)

    def doc_type_name(self, doc_type: str) -> str:
        return DOC_TYPES[self.lang].get(doc_type, doc_type)

    def page(self, template: str, status: int = 200, **context: Any) -> Response:
        from starlette.responses import HTMLResponse

        return HTMLResponse(self.env.get_template(template).render(**context), status, headers=SECURITY_HEADERS)

    def _choices(self, rows: list[ReportRow]) -> dict[str, list[tuple[str, str]]]:
        types = sorted({r.doc_type for r in rows})
        departments = sorted({r.department for r in rows if r.department})
        years = sorted({str(r.year) for r in rows if r.year})
        codes = sorted({f.diagnostic.code for r in rows for f in r.findings})
        return {
            "type": [(t, self.doc_type_name(t)) for t in types],
            "department": [(d, d) for d in departments],
            "year": [(y, y) for y in years],
            "rule": [(c, f"{c} {self.titles.get(c, '')}") for c in codes],
            "severity": [(s, severity_label(s, self.lang)) for s in ("error", "warning", "info")],
        }

    def _summary(self, rows: list[ReportRow]) -> str:
        statuses = Counter(f.status for r in rows for f in r.findings)
        return self.words["summary"].format(
            files=len(rows), findings=sum(statuses.values()), open=statuses["open"],
            accepted=statuses["accepted"], dismissed=statuses["dismissed"],
        )

    async def overview(self, request: Request) -> Response:
        started = time.perf_counter()
        rows = _rows(self.desk, self.desk.store.decisions())
        query = _query(request)
        shown = [r for r in rows if _matches_report(r, query)]
        table = []
        for r in shown:
            score, grade, score_value = score_text(r.report.result, self.words)
            remaining = r.remaining
            table.append({
                "number": r.report.number, "key": r.report.key, "type": self.doc_type_name(r.doc_type),
                "department": r.department, "year": r.year or "", "error": remaining["error"],
                "warning": remaining["warning"], "info": remaining["info"], "score": score, "grade": grade,
                "score_value": score_value, "decided": r.decided, "total": len(r.findings),
                "state": r.state(), "problem": r.report.result.error,
            })
        states = [("todo", self.words["todo"]), ("doing", self.words["doing"]), ("done", self.words["done"]),
                  ("no_findings", self.words["no_findings"]), ("unreadable", self.words["unreadable"])]
        response = self.page(
            "overview.html", rows=table, query=query, choices=self._choices(rows), states=states,
            summary=self._summary(rows), shown=len(shown), total=len(rows), skipped=self.desk.skipped,
            folder=self.desk.folder, charts=self.desk.charts,
        )
        response.headers["Server-Timing"] = f"render;dur={1000 * (time.perf_counter() - started):.1f}"
        return response

    async def findings(self, request: Request) -> Response:
        rows = _rows(self.desk, self.desk.store.decisions())
        query = _query(request)
        report_query = dict(query, severity="", rule="", status="", q="")
        needle = query["q"].lower()
        items = []
        for r in rows:
            if not _matches_report(r, report_query):
                continue
            for f in r.findings:
                text = (r.report.key, r.department, f.diagnostic.code, f.diagnostic.message, f.diagnostic.excerpt)
                if _matches_finding(f, query, True) and (not needle or any(needle in x.lower() for x in text)):
                    items.append({"report": r.report, "finding": f, "title": self.titles.get(f.diagnostic.code, ""),
                                  "where": place(f.diagnostic, self.lang)})
        statuses = [(s, self.words[s]) for s in ("open", "accepted", "dismissed")]
        total = sum(len(r.findings) for r in rows)
        return self.page("findings.html", items=items, query=query, choices=self._choices(rows), states=statuses,
                         summary=self._summary(rows), shown=len(items), total=total)

    async def report(self, request: Request) -> Response:
        from starlette.concurrency import run_in_threadpool

        started = time.perf_counter()
        number = int(request.path_params["number"])
        report = await run_in_threadpool(self.desk.report, number)
        if report is None:
            return self.page("missing.html", 404)
        document, problem = await run_in_threadpool(self._document, report)
        findings = report.findings(self.desk.store.decisions())
        fragment = render_fulltext(
            document, report.diagnostics, lang=self.lang, id_prefix="r",
            finding_extra=lambda i, d: self._decision_controls(findings[i]),
            states=[f.status for f in findings],
        )
        score, grade, _ = score_text(report.result, self.words)
        card = report.result.score
        review_points = card.review_points if card is not None else 0
        check = report.result.check
        response = self.page(
            "report.html", report=report, fragment=fragment, problem=problem or report.result.error, score=score,
            grade=grade, review_points=review_points, doc_type=self.doc_type_name(check.doc_type),
            department=check.department, year=check.fiscal_year, count=len(findings),
            decided=sum(1 for f in findings if f.status != "open"),
            previous=number - 1 if number > 1 else None,
            following=number + 1 if number < len(self.desk.reports) else None,
        )
        response.headers["Server-Timing"] = f"render;dur={1000 * (time.perf_counter() - started):.1f}"
        return response

    @staticmethod
    def _document(report: Report) -> tuple[Any, str]:
        from jixiao.document import load

        if report.result.error:
            return None, ""
        try:
            return load(report.path), ""
        except Error as exc:
            return None, str(exc)

    def _decision_controls(self, finding: Finding) -> str:
        return self.env.get_template("decision.html").render(finding=finding)

    async def decide(self, request: Request) -> Response:
        from starlette.concurrency import run_in_threadpool
        from starlette.responses import JSONResponse

        refusal = _refuse_cross_site(request)
        if refusal:
            return JSONResponse({"error": refusal}, 403)
        try:
            body = await request.json()
            fingerprint, status = str(body["fingerprint"]), str(body["status"])
            reason = str(body.get("reason") or "")
        except (ValueError, KeyError, TypeError):
            return JSONResponse({"error": "expected JSON {fingerprint, status, reason}"}, 400)
        finding = self.desk.finding(fingerprint)
        if finding is None:
            return JSONResponse({"error": "no such finding in the latest check"}, 404)
        try:
            decision = await run_in_threadpool(self.desk.store.decide, finding, status, reason)
        except ValueError as exc:
            message = self.words["need_reason"] if status == "dismissed" else str(exc)
            return JSONResponse({"error": message}, 400)
        shown = decision.status if decision else "open"
        return JSONResponse({
            "fingerprint": fingerprint, "status": shown, "label": self.words[shown],
            "reason": decision.reason if decision else "", "reviewer": decision.reviewer if decision else "",
            "decided_at": decision.decided_at if decision else "",
        }, headers=SECURITY_HEADERS)

    async def rescan(self, request: Request) -> Response:
        from starlette.concurrency import run_in_threadpool
        from starlette.responses import JSONResponse

        refusal = _refuse_cross_site(request)
        if refusal:
            return JSONResponse({"error": refusal}, 403)
        await run_in_threadpool(self.desk.scan)
        return JSONResponse({"reports": len(self.desk.reports)})

    async def export(self, request: Request) -> Response:
        from starlette.concurrency import run_in_threadpool
        from starlette.responses import Response as Plain

        data = await run_in_threadpool(self.workbook)
        name = f"review-{dt.date.today().isoformat()}.xlsx"
        return Plain(data, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})

    def workbook(self) -> bytes:
        """The remaining findings (open and accepted) and every decision, as an Excel workbook."""
        return export_workbook(self.desk, self.lang)

    async def asset(self, request: Request) -> Response:
        from starlette.responses import Response as Plain

        name = request.path_params["name"]
        if name == "fulltext.css":
            return Plain(FULLTEXT_STYLE, media_type="text/css")
        if name == "fulltext.js":
            return Plain(FULLTEXT_SCRIPT, media_type="text/javascript")
        return Plain("not found", 404)


def _refuse_cross_site(request: Request) -> str:
    """Why a state-changing request is refused: not JSON (a plain form from another site could
    send it without asking), or sent from a page of another origin."""
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return "expected Content-Type: application/json"
    origin = request.headers.get("origin")
    if origin and urlsplit(origin).netloc.lower() != request.headers.get("host", "").lower():
        return "cross-origin request refused"
    return ""


def export_workbook(desk: Desk, lang: str = "zh") -> bytes:
    """The remaining findings (not dismissed) with their decisions, and every decision on record."""
    try:
        from openpyxl import Workbook  # type: ignore[import-untyped,unused-ignore]
        from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped,unused-ignore]
        from openpyxl.utils import get_column_letter  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        raise Error("导出 Excel 需要 openpyxl：pip install 'jixiao[review]' (the export needs openpyxl)") from None
    words = MESSAGES.get(lang, MESSAGES["zh"])
    titles = rule_titles(lang)
    decisions = desk.store.decisions()
    seen = set()
    remaining = []
    for report, f in desk.all_findings(decisions):
        seen.add(f.fingerprint)
        if f.status == "dismissed":
            continue
        d = f.diagnostic
        remaining.append([report.key, place(d, lang), severity_label(d.severity, lang), d.code,
                          titles.get(d.code, d.rule), d.message, d.excerpt, d.suggestion, words[f.status], f.reason])
    recorded = [
        [x.file, x.code, titles.get(x.code, ""), words[x.status], x.reason, x.reviewer, x.decided_at, x.message,
         x.excerpt, words["yes"] if x.fingerprint in seen else words["no"], x.fingerprint]
        for x in decisions.values()
    ]
    sheets = [
        (words["remaining"], [words["file"], words["place"], words["severity"], words["code"], words["rule"],
                              words["message"], words["excerpt"], words["suggestion"], words["status"],
                              words["reason_column"]], remaining),
        (words["decisions"], [words["file"], words["code"], words["rule"], words["status"],
                              words["reason_column"], words["reviewer"], words["decided_at"],
                              words["message"], words["excerpt"], words["seen"], "fingerprint"], recorded),
    ]
    book = Workbook()
    book.remove(book.active)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
            for cell in sheet[sheet.max_row]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # the document's text, never a formula
        for column in range(1, len(header) + 1):
            sheet.column_dimensions[get_column_letter(column)].width = 40 if column in (6, 7, 8) else 16
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def create_app(desk: Desk, *, allowed_hosts: set[str] | None = None) -> Starlette:
    """The ASGI app over a desk. ``allowed_hosts``: names besides loopback the Host header may give."""
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    pages = ReviewApp(desk)
    routes = [
        Route("/", pages.overview),
        Route("/findings", pages.findings),
        Route("/report/{number:int}", pages.report),
        Route("/api/decisions", pages.decide, methods=["POST"]),
        Route("/api/rescan", pages.rescan, methods=["POST"]),
        Route("/export.xlsx", pages.export),
        Route("/assets/{name}", pages.asset),
        Mount("/static", StaticFiles(directory=os.path.join(HERE, "static")), name="static"),
    ]
    return Starlette(routes=routes, middleware=[Middleware(HostGuard, extra=allowed_hosts or set())])


# -- serving -----------------------------------------------------------------------------------


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
        sock.listen(128)  # connections wait in the queue from now on, before the server loop runs
    except OSError as exc:
        sock.close()
        raise Error(f"无法在 {host}:{port} 上提供服务（{exc.strerror or exc}） "
                    f"(cannot serve on {host}:{port}: {exc.strerror or exc})") from None
    return sock


def _check_host(host: str, allow_remote: bool) -> set[str]:
    """The names the Host header may give besides loopback; a non-loopback address needs ``allow_remote``."""
    if is_loopback(host):
        return set()
    if not allow_remote:
        raise Error(
            f"只在本机（127.0.0.1）提供服务；要在 {host} 上对其他机器开放，请加 --allow-remote "
            f"(serving on {host} exposes the review to other machines; pass --allow-remote to do it)"
        )
    names = {host, socket.gethostname(), socket.getfqdn()}
    if host in ("0.0.0.0", "::"):  # every address of this machine
        with contextlib.suppress(OSError):
            names.update(str(info[4][0]) for info in socket.getaddrinfo(socket.gethostname(), None))
    return names


class Server:
    """The review desk served by uvicorn on ``host:port`` (port 0: any free port)."""

    def __init__(self, desk: Desk, host: str = "127.0.0.1", port: int = DEFAULT_PORT, *,
                 allow_remote: bool = False) -> None:
        import uvicorn

        extra = _check_host(host, allow_remote)
        self.socket = _bind(host, port)
        self.host = host
        self.port = int(self.socket.getsockname()[1])
        config = uvicorn.Config(create_app(desk, allowed_hosts=extra), log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)

    @property
    def url(self) -> str:
        shown = "127.0.0.1" if self.host in ("0.0.0.0", "::") else self.host
        shown = f"[{shown}]" if ":" in shown else shown
        return f"http://{shown}:{self.port}/"

    def serve(self) -> None:
        """Serves until Ctrl-C."""
        self.server.run(sockets=[self.socket])

    @contextlib.contextmanager
    def running(self) -> Iterator[str]:
        """Serves on a thread while the block runs; gives the URL."""
        thread = threading.Thread(target=self.serve, name="jixiao-review", daemon=True)
        thread.start()
        while not self.server.started and thread.is_alive():
            time.sleep(0.01)
        try:
            yield self.url
        finally:
            self.server.should_exit = True
            thread.join()
            self.socket.close()


def serve(
    folder: str | os.PathLike[str],
    db: str | os.PathLike[str] | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    allow_remote: bool = False,
    lang: str | None = None,
    jobs: int | None = None,
    ready: Any = None,
) -> None:
    """Checks the folder and serves its review desk until Ctrl-C. ``ready(url)`` is called once serving."""
    _check_host(host, allow_remote)  # before the folder is checked: a refusal comes at once
    desk = Desk(folder, db, lang=lang, jobs=jobs)
    server = Server(desk, host, port, allow_remote=allow_remote)
    if ready is not None:
        ready(server.url)
    with contextlib.suppress(KeyboardInterrupt):  # uvicorn raises the Ctrl-C it stopped on again: a normal end
        server.serve()


__all__ = ["DEFAULT_PORT", "MESSAGES", "HostGuard", "ReviewApp", "Server", "create_app", "export_workbook",
           "is_loopback", "serve"]

