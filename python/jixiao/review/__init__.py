"""The review desk (docs/review.md): a folder's findings triaged in the browser, decisions kept.

    jixiao review reports/                       # the web app on http://127.0.0.1:8765/

    from jixiao.review import ReviewStore, render_fulltext
    store = ReviewStore("reports/.jixiao-review.sqlite", root="reports/")
    findings = store.findings(jixiao.check_many("reports/"))
    store.dismiss(findings[0], "口径不同，已与单位核实")
    html = render_fulltext(doc, jixiao.check(doc).diagnostics, lang="zh")

The web app needs the ``review`` extra (starlette, uvicorn, jinja2); the store, the
fingerprints and the full-text view need nothing beyond jixiao.
"""

from __future__ import annotations

from jixiao.review.app import DEFAULT_PORT, Server, create_app, export_workbook, serve
from jixiao.review.desk import Desk
from jixiao.review.fingerprint import file_key, fingerprints
from jixiao.review.fulltext import CJK_FONT_STACK, FULLTEXT_SCRIPT, FULLTEXT_STYLE, render_fulltext, severity_label
from jixiao.review.store import DEFAULT_NAME, Decision, Finding, ReviewStore

__all__ = [
    "CJK_FONT_STACK",
    "DEFAULT_NAME",
    "DEFAULT_PORT",
    "FULLTEXT_SCRIPT",
    "FULLTEXT_STYLE",
    "Decision",
    "Desk",
    "Finding",
    "ReviewStore",
    "Server",
    "create_app",
    "export_workbook",
    "file_key",
    "fingerprints",
    "render_fulltext",
    "serve",
    "severity_label",
]
