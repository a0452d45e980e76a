"""Writers for check results: text (compiler style), JSON, JSON lines, CSV and SARIF 2.1.0."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from jixiao._text import display_width, inert_cells
from jixiao.checking import DIAGNOSTIC_COLUMNS, SEVERITY_RANK, CheckResult, place, rules

if TYPE_CHECKING:
    from jixiao.batch import Skipped

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _excerpt_window(d: Any) -> tuple[str, str]:
    """The excerpt around the finding (≤ ~70 columns) and a caret line under the finding."""
    excerpt: str = d.excerpt
    start = min(max(d.excerpt_start, 0), len(excerpt))
    end = min(max(d.excerpt_end, start + 1), len(excerpt) + 1)
    lo = max(0, start - 24)
    hi = min(len(excerpt), end + 24)
    lead = "…" if lo > 0 else ""
    shown = lead + excerpt[lo:hi] + ("…" if hi < len(excerpt) else "")
    pad = display_width(lead + excerpt[lo:start])
    mark = max(display_width(excerpt[start:end]), 1)
    return shown, " " * pad + "^" * mark


def format_text(
    results: Sequence[CheckResult], min_severity: str = "info", skipped: Sequence[Skipped] = ()
) -> str:
    out: list[str] = []
    totals = {"error": 0, "warning": 0, "info": 0}
    for r in results:
        for e in r.errors:
            out.append(f"{r.path}: 无法读取 cannot read: {e}")
        for d in r.diagnostics:
            if SEVERITY_RANK[d.severity] < SEVERITY_RANK[min_severity]:
                continue
            totals[d.severity] += 1
            out.append(f"{d.path}:{place(d)}: {d.code} {d.message} [{d.rule}, {d.severity}]")
            if d.excerpt:
                shown, carets = _excerpt_window(d)
                out.append(f"    {shown}")
                out.append(f"    {carets}")
            if d.suggestion:
                out.append(f"    建议 suggestion: {d.suggestion}")
    failed = sum(1 for r in results if r.errors)
    out.append(
        f"{len(results)} 个文件 files, {totals['error']} error, {totals['warning']} warning, "
        f"{totals['info']} info" + (f", {failed} 个无法读取 unreadable" if failed else "")
    )
    return "\n".join(out) + "\n"


def _filtered(r: CheckResult, min_severity: str) -> dict[str, Any]:
    data = r.to_dict()
    data["diagnostics"] = [
        d for d in data["diagnostics"] if SEVERITY_RANK[d["severity"]] >= SEVERITY_RANK[min_severity]
    ]
    return data


def summary(
    results: Sequence[CheckResult], min_severity: str = "info", skipped: Sequence[Skipped] = ()
) -> dict[str, Any]:
    counts = {"error": 0, "warning": 0, "info": 0}
    by_code: dict[str, int] = {}
    for r in results:
        for d in r.diagnostics:
            if SEVERITY_RANK[d.severity] < SEVERITY_RANK[min_severity]:
                continue
            counts[d.severity] += 1
            by_code[d.code] = by_code.get(d.code, 0) + 1
    return {
        "files": len(results),
        "unreadable": sum(1 for r in results if r.errors),
        "skipped": [{"path": s.path, "reason": s.reason} for s in skipped],
        **counts,
        "by_code": dict(sorted(by_code.items())),
    }


def format_json(
    results: Sequence[CheckResult], min_severity: str = "info", skipped: Sequence[Skipped] = ()
) -> str:
    data = {"files": [_filtered(r, min_severity) for r in results], "summary": summary(results, min_severity, skipped)}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def format_jsonl(
    results: Sequence[CheckResult], min_severity: str = "info", skipped: Sequence[Skipped] = ()
) -> str:
    lines = []
    for r in results:
        for e in r.errors:
            lines.append(json.dumps({"path": r.path, "error": e}, ensure_ascii=False))
        for d in _filtered(r, min_severity)["diagnostics"]:
            lines.append(json.dumps(d, ensure_ascii=False))
    return "".join(line + "\n" for line in lines)


def format_csv(
    results: Sequence[CheckResult], min_severity: str = "info", skipped: Sequence[Skipped] = ()
) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=DIAGNOSTIC_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for r in results:
        for d in _filtered(r, min_severity)["diagnostics"]:
            writer.writerow(inert_cells(d))
    return buf.getvalue()


def format_sarif(
    results: Sequence[CheckResult], min_severity: str = "info", skipped: Sequence[Skipped] = ()
) -> str:
    from jixiao import __version__
    from jixiao.errors import get_language

    lang = get_language()
    catalog = rules()
    index = {r.code: i for i, r in enumerate(catalog)}
    driver_rules = [
        {
            "id": r.code,
            "name": r.name,
            "shortDescription": {"text": r.summary.get(lang, r.summary.get("zh", r.name))},
            "defaultConfiguration": {"level": SARIF_LEVEL[r.severity]},
        }
        for r in catalog
    ]
    sarif_results = []
    notifications = []
    for r in results:
        for e in r.errors:
            notifications.append({"level": "error", "message": {"text": e},
                                  "locations": [{"physicalLocation": {"artifactLocation": {"uri": r.path}}}]})
        for d in _filtered(r, min_severity)["diagnostics"]:
            region: dict[str, Any] = {"startLine": max(d["line"], 1), "startColumn": max(d["column"], 1)}
            if d["end_line"] >= d["line"] and d["end_line"] > 0:
                region["endLine"] = d["end_line"]
                region["endColumn"] = max(d["end_column"], 1)
            if d["excerpt"]:
                region["snippet"] = {"text": d["excerpt"]}
            location: dict[str, Any] = {
                "physicalLocation": {"artifactLocation": {"uri": d["path"]}, "region": region},
            }
            properties: dict[str, Any] = {}
            if d["sheet"]:
                # Line and column count in the workbook's decoded text; the cell is what a reader opens.
                cell = f"{d['sheet']}!{d['cell']}" if d["cell"] else d["sheet"]
                location["logicalLocations"] = [{"name": d["cell"] or d["sheet"], "fullyQualifiedName": cell,
                                                 "kind": "element"}]
                properties.update(sheet=d["sheet"], cell=d["cell"])
            if d["page"]:
                properties["page"] = d["page"]
                location["logicalLocations"] = [{"name": f"page {d['page']}", "kind": "page"}]
            result: dict[str, Any] = {
                "ruleId": d["code"],
                "level": SARIF_LEVEL[d["severity"]],
                "message": {"text": d["message"]},
                "locations": [location],
            }
            if d["code"] in index:
                result["ruleIndex"] = index[d["code"]]
            if d["suggestion"]:
                properties["suggestion"] = d["suggestion"]
            if properties:
                result["properties"] = properties
            sarif_results.append(result)
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "jixiao", "version": __version__, "rules": driver_rules}},
        "results": sarif_results,
    }
    if notifications:
        run["invocations"] = [{"executionSuccessful": False, "toolExecutionNotifications": notifications}]
    return json.dumps({"version": "2.1.0", "$schema": SARIF_SCHEMA, "runs": [run]}, ensure_ascii=False, indent=2) + "\n"


def rule_counts(results: Sequence[CheckResult], min_severity: str = "info") -> dict[tuple[str, str, str], int]:
    """Findings per (code, rule, severity) of at least ``min_severity``."""
    counts: dict[tuple[str, str, str], int] = {}
    for r in results:
        for d in r.diagnostics:
            if SEVERITY_RANK[d.severity] >= SEVERITY_RANK[min_severity]:
                key = (d.code, d.rule, d.severity)
                counts[key] = counts.get(key, 0) + 1
    return counts


def statistics_text(counts: dict[tuple[str, str, str], int]) -> str:
    """One line per rule, most findings first (ruff's ``--statistics``): count, code, name, severity."""
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0]))
    width = max((len(str(n)) for n in counts.values()), default=1)
    return "".join(f"{n:>{width}}\t{code}\t{rule}\t{severity}\n" for (code, rule, severity), n in ordered)


def format_statistics(results: Sequence[CheckResult], min_severity: str = "info", fmt: str = "text") -> str:
    """``check --statistics``: counts per rule instead of the findings; JSON (a list of
    ``{"code", "name", "severity", "count"}``) when ``fmt`` is a JSON format, else text."""
    counts = rule_counts(results, min_severity)
    if fmt in ("json", "jsonl", "sarif"):
        ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0]))
        listed = [{"code": c, "name": r, "severity": s, "count": n} for (c, r, s), n in ordered]
        return json.dumps(listed, ensure_ascii=False, indent=2) + "\n"
    return statistics_text(counts)


FORMATTERS = {"text": format_text, "json": format_json, "jsonl": format_jsonl, "csv": format_csv, "sarif": format_sarif}

__all__ = [
    "FORMATTERS",
    "format_csv",
    "format_json",
    "format_jsonl",
    "format_sarif",
    "format_statistics",
    "format_text",
    "rule_counts",
    "statistics_text",
    "summary",
]
