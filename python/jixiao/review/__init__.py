"""The review desk: a report's full text with its findings in place, decisions that persist.

    from jixiao.review import render_fulltext
    html = render_fulltext(doc, jixiao.check(doc).diagnostics, lang="zh")
"""

from __future__ import annotations

from jixiao.review.fulltext import CJK_FONT_STACK, FULLTEXT_SCRIPT, FULLTEXT_STYLE, render_fulltext, severity_label

__all__ = ["CJK_FONT_STACK", "FULLTEXT_SCRIPT", "FULLTEXT_STYLE", "render_fulltext", "severity_label"]
