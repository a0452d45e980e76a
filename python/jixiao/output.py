"""Writers for check results: text (compiler style), JSON, JSON lines, CSV and SARIF 2.1.0."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
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


class TextOutput:
    """``check``'s output built one result at a time, as results come in (``jixiao check`` formats
    each file while the pool checks the next ones); ``finish`` gives the whole text. Each
    ``format_*`` function is its class run over a list, so both give the same bytes."""

    def __init__(self, min_severity: str = "info") -> None:
        self.min_severity = min_severity
        self.parts: list[str] = []
        self.results: list[CheckResult] = []

    def add(self, r: CheckResult) -> None:
        self.results.append(r)
        self.parts.append(self.piece(r))

    def piece(self, r: CheckResult) -> str:
        out: list[str] = []
        for e in r.errors:
            out.append(f"{r.path}: 无法读取 cannot read: {e}")
        for d in r.diagnostics:
            if SEVERITY_RANK[d.severity] < SEVERITY_RANK[self.min_severity]:
                continue
            out.append(f"{d.path}:{place(d)}: {d.code} {d.message} [{d.rule}, {d.severity}]")
            if d.excerpt:
                shown, carets = _excerpt_window(d)
                out.append(f"    {shown}")
                out.append(f"    {carets}")
            if d.suggestion:
                out.append(f"    建议 suggestion: {d.suggestion}")
            for other in d.related:
                out.append(f"    另见 see also: {other.path}:{other.line}:{other.column}: {other.message}")
        return "".join(line + "\n" for line in out)

    def finish(self, skipped: Sequence[Skipped] = ()) -> str:
        totals = summary(self.results, self.min_severity)
        failed = totals["unreadable"]
        tail = (
            f"{len(self.results)} 个文件 files, {totals['error']} error, {totals['warning']} warning, "
            f"{totals['info']} info" + (f", {failed} 个无法读取 unreadable" if failed else "")
        )
        return "".join(self.parts) + tail + "\n"


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


def _nested(value: Any, indent: str) -> str:
    """``value`` as ``json.dumps(..., indent=2)`` writes it nested at ``indent`` (its first line
    not indented): JSON text has no raw line breaks inside its strings."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + indent)


class JsonOutput(TextOutput):
    def piece(self, r: CheckResult) -> str:
        # The engine writes a file's entry as json.dumps(indent=2) does (a test holds it to that),
        # in a fraction of the time; Python writes the entries it must filter or add to (errors,
        # a subclass's fields such as jixiao-host's score).
        if self.min_severity == "info" and not r.errors and type(r).to_dict is CheckResult.to_dict:
            text: str = r._core.to_json(2)
        else:
            text = json.dumps(_filtered(r, self.min_severity), ensure_ascii=False, indent=2)
        return "    " + text.replace("\n", "\n    ")

    def finish(self, skipped: Sequence[Skipped] = ()) -> str:
        files = "[\n" + ",\n".join(self.parts) + "\n  ]" if self.parts else "[]"
        totals = _nested(summary(self.results, self.min_severity, skipped), "  ")
        return '{\n  "files": ' + files + ',\n  "summary": ' + totals + "\n}\n"


class JsonLinesOutput(TextOutput):
    def piece(self, r: CheckResult) -> str:
        lines = [json.dumps({"path": r.path, "error": e}, ensure_ascii=False) for e in r.errors]
        lines += [json.dumps(d, ensure_ascii=False) for d in _filtered(r, self.min_severity)["diagnostics"]]
        return "".join(line + "\n" for line in lines)

    def finish(self, skipped: Sequence[Skipped] = ()) -> str:
        return "".join(self.parts)


class CsvOutput(TextOutput):
    def piece(self, r: CheckResult) -> str:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=DIAGNOSTIC_COLUMNS, extrasaction="ignore", lineterminator="\n")
        for d in _filtered(r, self.min_severity)["diagnostics"]:
            writer.writerow(inert_cells(d))
        return buf.getvalue()

    def finish(self, skipped: Sequence[Skipped] = ()) -> str:
        buf = io.StringIO()
        csv.DictWriter(buf, fieldnames=DIAGNOSTIC_COLUMNS, lineterminator="\n").writeheader()
        return buf.getvalue() + "".join(self.parts)


class Collected(TextOutput):
    """The results only (``check --statistics`` counts them at the end)."""

    def piece(self, r: CheckResult) -> str:
        return ""


class SarifOutput(TextOutput):
    """SARIF is one JSON document indexed across files: written whole at the end."""

    def piece(self, r: CheckResult) -> str:
        return ""

    def finish(self, skipped: Sequence[Skipped] = ()) -> str:
        return format_sarif(self.results, self.min_severity, skipped)


def _whole(output: type[TextOutput]) -> Callable[[Sequence[CheckResult], str, Sequence[Skipped]], str]:
    def format_all(results: Sequence[CheckResult], min_severity: str = "info", skipped: Sequence[Skipped] = ()) -> str:
        out = output(min_severity)
        for r in results:
            out.add(r)
        return out.finish(skipped)

    return format_all


format_text = _whole(TextOutput)
format_json = _whole(JsonOutput)
format_jsonl = _whole(JsonLinesOutput)
format_csv = _whole(CsvOutput)


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
            if d["related"]:
                result["relatedLocations"] = [_sarif_related(i, r) for i, r in enumerate(d["related"])]
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


def _sarif_related(i: int, r: dict[str, Any]) -> dict[str, Any]:
    """A finding's other place (the other document of a cross-check) as a SARIF relatedLocation."""
    region: dict[str, Any] = {"startLine": max(r["line"], 1), "startColumn": max(r["column"], 1)}
    if r["excerpt"]:
        region["snippet"] = {"text": r["excerpt"]}
    return {"id": i, "message": {"text": r["message"]},
            "physicalLocation": {"artifactLocation": {"uri": r["path"]}, "region": region}}


OUTPUTS: dict[str, type[TextOutput]] = {
    "text": TextOutput, "json": JsonOutput, "jsonl": JsonLinesOutput, "csv": CsvOutput, "sarif": SarifOutput,
}
FORMATTERS = {name: _whole(output) for name, output in OUTPUTS.items()}

__all__ = [
    "FORMATTERS",
    "OUTPUTS",
    "Collected",
    "TextOutput",
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
