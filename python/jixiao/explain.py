"""``jixiao rule CODE``: a rule explained — what it checks, its messages, and the catalog's two
examples (data/rules.json ``examples``) run through the engine: one it fires on, one it stays
silent on."""

from __future__ import annotations

import difflib
from typing import Any

from jixiao.checking import check, rules
from jixiao.config import Config
from jixiao.document import parse
from jixiao.errors import Error, get_language

EXAMPLE_KINDS = ("fires", "silent")


def run_example(code: str, text: str) -> list[Any]:
    """The findings of rule ``code`` on an example report (the other rules are not run)."""
    result = check(parse(text, name="example.txt"), Config(select=[code], lang=get_language()))
    return [d for d in result.diagnostics if d.code == code]


def explain(code: str) -> dict[str, Any]:
    """The catalog entry of ``code`` with its examples and what the engine finds in each.
    Raises :class:`jixiao.Error` for an unknown code, naming the closest known ones."""
    catalog = {r.code: r for r in rules()}
    wanted = code.strip().upper()
    if wanted not in catalog:
        close = difflib.get_close_matches(wanted, list(catalog), n=3, cutoff=0.5)
        en = get_language() == "en"
        hint = (f" (did you mean {', '.join(close)}?)" if en else f"（是否想查 {'、'.join(close)}？）") if close else ""
        raise Error(f"unknown rule {code}{hint}; `jixiao rules` lists them" if en
                    else f"没有规则 {code}{hint}；`jixiao rules` 列出全部规则")
    info = catalog[wanted]
    lang = get_language()
    examples = {}
    for kind in EXAMPLE_KINDS:
        text = info.examples.get(kind, "") if hasattr(info, "examples") else ""
        if text:
            examples[kind] = {"text": text, "findings": [d.to_dict() for d in run_example(wanted, text)]}
    return {
        "code": info.code,
        "name": info.name,
        "severity": info.severity,
        "summary": info.summary.get(lang, info.summary.get("zh", "")),
        "messages": {variant: texts.get(lang, texts.get("zh", "")) for variant, texts in info.messages.items()},
        "evidence": {
            "applies_to": info.evidence.applies_to.get(lang, info.evidence.applies_to.get("zh", "")),
            "needs": info.evidence.needs.get(lang, info.evidence.needs.get("zh", "")),
            "silent_when": list(info.evidence.silent_when.get(lang, info.evidence.silent_when.get("zh", []))),
        },
        "examples": examples,
    }


def explain_text(info: dict[str, Any]) -> str:
    """The explanation for a terminal."""
    en = get_language() == "en"
    severity = info["severity"] if en else {"error": "错误", "warning": "警告", "info": "提示"}[info["severity"]]
    lines = [f"{info['code']} ({info['name']}) — {severity}", "", f"  {info['summary']}", ""]
    if info["messages"]:
        lines.append("Messages:" if en else "消息：")
        lines.extend(f"  {text}" for text in info["messages"].values())
        lines.append("")
    evidence = info["evidence"]
    if evidence["applies_to"] or evidence["needs"]:
        lines.append(("Applies to: " if en else "适用：") + evidence["applies_to"])
        lines.append(("Reports only when: " if en else "报告条件：") + evidence["needs"])
        if evidence["silent_when"]:
            lines.append("Stays silent when:" if en else "不报告的情形：")
            lines.extend(f"  - {case}" for case in evidence["silent_when"])
        lines.append("")
    titles = {"fires": ("触发示例", "Fires on"), "silent": ("不触发示例", "Silent on")}
    for kind in EXAMPLE_KINDS:
        example = info["examples"].get(kind)
        if example is None:
            continue
        lines.append(titles[kind][en] + (":" if en else "："))
        lines.extend(f"  │ {line}" for line in example["text"].rstrip("\n").split("\n"))
        for d in example["findings"]:
            lines.append(f"  → {d['line']}:{d['column']} {d['message']}")
        if not example["findings"]:
            lines.append("  → (no finding)" if en else "  → （无问题）")
        lines.append("")
    if not info["examples"]:
        lines.append("(no examples in the catalog)" if en else "（目录中没有示例）")
    return "\n".join(lines).rstrip("\n") + "\n"


__all__ = ["EXAMPLE_KINDS", "explain", "explain_text", "run_example"]
