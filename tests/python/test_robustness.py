"""Published layouts of a report give the findings, figures and scores of the report itself
(issue 11, DESIGN.md §1: "Re-laying out a document in any of these ways must not change its
findings, figures or score").

Every labelled report reachable here — the reports written for the tests (reports.py, batch_corpus.py),
the package samples and the text files of the shared corpus — is re-laid out by each function of
relayout.py alone, by three realistic combinations (a PDF, a web page, a Word export) and by
combinations hypothesis chooses, then read with ``jx.parse`` in-process. Compared with the original:
- findings: per rule code, the multiset of the figures in the messages (numbers read from the message
  text, line references left out, thousands separators and full-width digits normalised);
- extraction: doc_type, template, fiscal_year, department, every budget field, the number of
  projects, each indicator's level3, target value and actual value;
- scores: report-quality for every report, project-selfeval-2020 for 项目支出绩效自评表.
A failure names the report and the transform in its test id.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import relayout as rl
from batch_corpus import report_text
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from reports import (
    FLAWED_REPORT,
    FLAWED_TARGET_TABLE,
    GOOD_REPORT,
    HENGDONG_REPORT,
    TARGET_TABLE,
    YOUXIAN_TARGET_TABLE,
    shared_corpus,
)

import jixiao as jx

BUDGET_FIELDS = [
    "budget", "revenue", "expenditure", "basic", "project", "personnel", "public", "three_public",
    "gov_fund_revenue", "gov_fund_expenditure", "execution_rate", "year",
]


@dataclass(frozen=True)
class Report:
    name: str  # the file name the report is parsed under (and the test id)
    text: str


def written_reports() -> list[Report]:
    reports = [
        Report("good_report.txt", GOOD_REPORT),
        Report("flawed_report.txt", FLAWED_REPORT),
        Report("target_table.txt", TARGET_TABLE),
        Report("flawed_target_table.txt", FLAWED_TARGET_TABLE),
        Report("hengdong.txt", HENGDONG_REPORT),
        Report("youxian.txt", YOUXIAN_TARGET_TABLE),
    ]
    # The batch generator's three kinds: a 自评报告 whose sums do not add up, a 项目支出绩效自评表, a 工作总结
    # (named in ASCII for readable test ids).
    for i, kind in enumerate(["selfeval", "project_table", "work_summary"]):
        _, text = report_text(i)
        reports.append(Report(f"batch_{kind}.txt", text))
    return reports


def sample_reports() -> list[Report]:
    folder = Path(jx.__file__).parent / "samples"
    return [Report(path.name, path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.txt"))]


def corpus_reports() -> list[Report]:
    """The labelled text files of the shared corpus (those expected.json lists); none without it."""
    corpus = shared_corpus()
    if corpus is None:
        return []
    labels = json.loads((corpus / "expected.json").read_text(encoding="utf-8"))
    return [
        Report(Path(key).name, (corpus / key).read_text(encoding="utf-8"))
        for key in sorted(labels)
        if key.endswith(".txt") and (corpus / key).is_file()
    ]


REPORTS = [*written_reports(), *sample_reports(), *corpus_reports()]
BY_NAME = {r.name: r for r in REPORTS}

SINGLE = {name: (name,) for name in rl.TRANSFORMS}
LAYOUTS: dict[str, tuple[str, ...]] = {**SINGLE, **rl.COMBINATIONS}


# ---- what is compared -------------------------------------------------------------------------------

LINE_REFERENCE = re.compile(r"第\s*\d+\s*行|on line \d+")
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def figures(message: str) -> tuple[float, ...]:
    """The numbers a message states, in order of value: thousands separators and full-width digits
    normalised, references to line numbers left out (they move with the layout)."""
    text = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", message)
    text = LINE_REFERENCE.sub("", unicodedata.normalize("NFKC", text))
    return tuple(sorted(round(float(n), 6) for n in NUMBER.findall(text)))


@dataclass
class Reading:
    findings: Counter[tuple[str, tuple[float, ...]]]
    diagnostics: list[Any]
    extraction: dict[str, Any]
    doc: jx.Document


def plain(text: str) -> str:
    """Text compared modulo character width: ASCII punctuation for full-width changes the characters of
    a label (（次）→ (次)), not what it says."""
    return unicodedata.normalize("NFKC", text)


def read(name: str, text: str) -> Reading:
    doc = jx.parse(text, name=name)
    result = jx.check(doc)
    findings = Counter((d.code, figures(d.message)) for d in result.diagnostics)
    meta, budget = doc.meta, doc.budget
    extraction = {
        "doc_type": meta.doc_type,
        "template": meta.template,
        "fiscal_year": meta.fiscal_year,
        "department": plain(meta.department),
        "budget": {field: getattr(budget, field) for field in BUDGET_FIELDS},
        "projects": len(doc.projects),
        "indicators": [(plain(i.level3), i.target_value, i.actual_value) for i in doc.indicators],
    }
    return Reading(findings, list(result.diagnostics), extraction, doc)


@cache
def original(name: str) -> Reading:
    return read(name, BY_NAME[name].text)


@cache
def relaid(name: str, layout: str) -> Reading:
    return read(name, rl.compose(LAYOUTS[layout])(BY_NAME[name].text))


def adds_furniture(names: tuple[str, ...]) -> bool:
    return bool(rl.FURNITURE.intersection(names))


def compared_findings(before: Reading, after: Reading, names: tuple[str, ...]) -> tuple[Counter[Any], Counter[Any]]:
    """(missing, extra): the original's findings the re-laid out report lacks, and those it adds,
    modulo what the layout legitimately changes."""
    want, got = Counter(before.findings), Counter(after.findings)
    if adds_furniture(names):
        # Page furniture, web chrome, .docx properties and a 目录 are text the report did not have:
        # reporting them as conversion leftovers (P102, info) is allowed; losing the report's own
        # P102 findings is not.
        for key in [k for k in got if k[0] == "P102"]:
            got[key] = min(got[key], want[key])
    if "tables_as_cell_lines" in names:
        # One cell per line drops empty cells, so an empty 指标值 can no longer be told from a merged
        # cell: I101 may be lost (never gained).
        for key in [k for k in want if k[0] == "I101"]:
            want[key] = min(want[key], got[key])
    return want - got, got - want


def scores(reading: Reading, names: tuple[str, ...]) -> dict[str, tuple[float, str]]:
    """report-quality (and project-selfeval-2020 for a 自评表), from the findings compared above."""
    dropped = set()
    if adds_furniture(names):
        dropped.add("P102")  # see expected_findings
    if "tables_as_cell_lines" in names:
        dropped.add("I101")
    diagnostics = [d for d in reading.diagnostics if d.code not in dropped]
    out = {}
    card = jx.score(reading.doc, "report-quality", diagnostics=diagnostics)
    out["report-quality"] = (round(card.total, 2), card.grade)
    if reading.doc.meta.doc_type == "project_selfeval_table":
        card = jx.score(reading.doc, "project-selfeval-2020")
        out["project-selfeval-2020"] = (round(card.total, 2), card.grade)
    return out


def assert_same_reading(name: str, names: tuple[str, ...], after: Reading) -> None:
    before = original(name)
    missing, extra = compared_findings(before, after, names)
    assert not missing and not extra, f"findings lost {dict(missing)}, findings added {dict(extra)}"
    assert after.extraction == before.extraction
    assert scores(after, names) == scores(before, names)


# ---- each layout alone and the three realistic combinations --------------------------------------

# Known gaps (issue 11 is not done while these stand). Whole layouts the reader cannot yet undo: the
# pdf and web combinations contain the single-layout gaps below, and more where two layouts meet.
# Non-strict: some reports already read the same, and the count of those that do not is the measure
# of what is left.
LAYOUT_GAPS = {
    "pdf": "combines the hard_wrap and tables_as_columns gaps below with the other PDF layouts",
}
# Single cases that still read differently, by (report-layout) and test; strict, so a fix shows as
# XPASS and the entry goes: space-aligned tables whose wrapped cells or header rows are cut
# differently from the tab-cell original, seeds/001, whose mis-levelled subsections read
# differently once laid out again, and the seeds/003 target tables, whose rows written one cell
# per line fit their header two ways.
CASE_GAPS: dict[str, set[str]] = {
    "flawed_target_table.txt-tables_as_columns": {'extraction', 'findings', 'scores'},
    "001_fe307e89bfbe4664.txt-run_in_headings": {'findings', 'scores'},
    "001_fe307e89bfbe4664.txt-one_line": {'findings', 'scores'},
    "003_a4cc5b4d43415f75.txt-tables_as_cell_lines": {'extraction', 'findings', 'scores'},
    "001_fe307e89bfbe4664.txt-web": {'findings', 'scores'},
    "003_a4cc5b4d43415f75.txt-web": {'extraction', 'findings', 'scores'},
    "001_fe307e89bfbe4664.txt-table_of_contents": {'findings'},
    "001_fe307e89bfbe4664.txt-page_furniture": {'findings', 'scores'},
    "003_a4cc5b4d43415f75.txt-tables_as_columns": {'extraction', 'findings', 'scores'},
    "culture_targets_2023.txt-tables_as_columns": {'extraction', 'scores'},
}


def case(report: str, layout: str, test: str) -> Any:
    marks = []
    if layout in LAYOUT_GAPS:
        marks.append(pytest.mark.xfail(reason=LAYOUT_GAPS[layout], strict=False))
    elif test in CASE_GAPS.get(f"{report}-{layout}", set()):
        marks.append(pytest.mark.xfail(reason="known gap, see CASE_GAPS", strict=True))
    return pytest.param(report, layout, id=f"{report}-{layout}", marks=marks)


def cases(test: str) -> list[Any]:
    return [case(report.name, layout, test) for report in REPORTS for layout in LAYOUTS]


@pytest.mark.parametrize(("name", "layout"), cases("findings"))
def test_findings_survive_the_layout(name: str, layout: str) -> None:
    missing, extra = compared_findings(original(name), relaid(name, layout), LAYOUTS[layout])
    assert not missing and not extra, f"findings lost {dict(missing)}, findings added {dict(extra)}"


@pytest.mark.parametrize(("name", "layout"), cases("extraction"))
def test_extraction_survives_the_layout(name: str, layout: str) -> None:
    assert relaid(name, layout).extraction == original(name).extraction


@pytest.mark.parametrize(("name", "layout"), cases("scores"))
def test_scores_survive_the_layout(name: str, layout: str) -> None:
    names = LAYOUTS[layout]
    assert scores(relaid(name, layout), names) == scores(original(name), names)


# Page numbers, running headers, web chrome and .docx properties are read as artifacts (DESIGN.md §1,
# issue 11 item 2), not as the report's title, headings or paragraphs.
FURNITURE_LAYOUTS = ["page_furniture", "page_numbers_of", "web_chrome", "docx_properties"]


def squeezed(text: str) -> str:
    return re.sub(r"\s", "", plain(text))


@pytest.mark.parametrize(
    ("name", "layout"),
    [pytest.param(r.name, layout, id=f"{r.name}-{layout}") for r in REPORTS for layout in FURNITURE_LAYOUTS],
)
def test_furniture_is_read_as_artifacts(name: str, layout: str) -> None:
    original_lines = {squeezed(line) for line in BY_NAME[name].text.split("\n")}
    relaid_text = rl.compose(LAYOUTS[layout])(BY_NAME[name].text)
    added = {squeezed(line) for line in relaid_text.split("\n")} - original_lines - {""}
    doc = relaid(name, layout).doc
    artifacts = [squeezed(a.text) for a in doc.artifacts]
    prose = [squeezed(b.text) for b in doc.blocks if b.kind in {"title", "heading", "paragraph", "list_item"}]
    not_artifacts = sorted(line for line in added if not any(line in a for a in artifacts))
    in_prose = sorted(line for line in added if any(line in p for p in prose))
    assert (not_artifacts, in_prose) == ([], [])


def test_the_shared_corpus_is_among_the_reports() -> None:
    if shared_corpus() is None:
        pytest.skip("no shared corpus (../shared/corpus) in this checkout: its reports are not re-laid out")
    assert {"d1_health_selfeval_2021.txt", "d2_health_project_selfeval_2021.txt"} <= BY_NAME.keys()


# ---- combinations hypothesis chooses ---------------------------------------------------------------


# Random combinations draw on the known gaps above too: non-strict until they are closed.
@pytest.mark.parametrize(
    "name", [pytest.param(r.name, marks=pytest.mark.xfail(reason="combinations include the known gaps", strict=False))
             for r in REPORTS]
)
@settings(
    max_examples=6,
    derandomize=True,  # the same combinations on every run: a failure is reproducible, never flaky
    database=None,
    deadline=None,
    phases=[Phase.generate, Phase.shrink],
    suppress_health_check=[HealthCheck.too_slow],
)
@given(names=st.lists(st.sampled_from(sorted(rl.TRANSFORMS)), min_size=2, max_size=4, unique=True))
def test_combined_layouts_keep_findings_extraction_and_scores(name: str, names: list[str]) -> None:
    chosen = tuple(sorted(names))
    assert_same_reading(name, chosen, read(name, rl.compose(chosen)(BY_NAME[name].text)))
