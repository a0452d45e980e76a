"""部门决算 and 部门预算: the near neighbours of the 绩效 reports that sit in the same folders
(DESIGN.md §1, issue 11). Read as published — PDF text with a cover, a 目录 with page numbers,
letter-spaced and wrapped headings, page footers and form feeds, tables as space-aligned columns —
they keep their type, are held to no 绩效 template, give no structure findings on 目录 entries or
table rows, and give their figures; the errors planted in the real PDF are found, and nothing else
at error level but the judged slips of the originals.

Texts: three written for these tests (data/near_neighbours/, figures reconciled by hand) and the four
real PDFs of ../shared/corpus/pdf converted with ``pdftotext -layout`` (poppler-utils) at test time;
their facts and planted errors are in that folder's README.md.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from reports import shared_corpus

import jixiao as jx

DATA = Path(__file__).parent / "data" / "near_neighbours"
STRUCTURE_CODES = {"S101", "S102", "S103", "S201", "S202"}


@dataclass(frozen=True)
class Slip:
    """A finding a careful reader makes: its code, figures its message must state (any order, among
    others) and text at its place (the excerpt or the source line, spaces ignored)."""

    code: str
    figures: tuple[float, ...] = ()
    anchor: str = ""
    why: str = ""

    def matches(self, finding: Any, text: str) -> bool:
        if finding.code != self.code:
            return False
        if self.figures and not set(self.figures) <= set(figures(finding.message)):
            return False
        if self.anchor:
            lines = text.split("\n")
            line = lines[finding.line - 1] if 0 < finding.line <= len(lines) else ""
            return squeeze(self.anchor) in squeeze(finding.excerpt) or squeeze(self.anchor) in squeeze(line)
        return True


@dataclass(frozen=True)
class Neighbour:
    name: str  # a file of data/near_neighbours, or a PDF of ../shared/corpus/pdf
    doc_type: str
    fiscal_year: int
    department: str
    total_revenue: float  # 本年收入合计
    total_expenditure: float  # 本年支出合计
    basic: float  # 基本支出 of 本年支出合计
    project: float  # 项目支出 of 本年支出合计
    personnel: float | None = None  # 人员经费, when the document states one value
    public: float | None = None  # 公用经费
    required: tuple[Slip, ...] = ()  # error-level findings the document deserves
    allowed: tuple[Slip, ...] = ()  # genuine slips of the original a finding may name

    @property
    def pdf(self) -> bool:
        return self.name.endswith(".pdf")


def squeeze(text: str) -> str:
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text))


def figures(message: str) -> set[float]:
    """The numbers a message states (thousands separators dropped, line references left out)."""
    text = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", unicodedata.normalize("NFKC", message))
    text = re.sub(r"第\s*\d+\s*行|on line \d+", "", text)
    return {round(float(n), 6) for n in re.findall(r"\d+(?:\.\d+)?", text)}


# The slips of the finance PDF as published (verified by hand against its tables).
FINANCE_SLIPS = (
    Slip("A102", (71.73, 2106.66, 2940.05), why="2106.66 / 2940.05 = 71.65 %, stated 71.73 % (README)"),
)
FINANCE_CLEAN_ONLY = (
    Slip("C101", (0.3, 2961.68), why="情况说明 四: 财政拨款收入支出总计 0.3 万元; its 决算总表 gives 2,961.68"),
)
FINANCE_ALLOWED = (
    Slip("C101", (326.71, 326.72), why="社会保障和就业支出: 326.71 in the 总表, 326.72 elsewhere"),
)
PLANTED = (
    Slip("C101", (0, 2995.39), why="情况说明 states 收入支出总计 0 万元; the 收入支出决算总表 gives 2,995.39"),
    Slip("C103", anchor="2023年度部门决算情况说明", why="a heading of the 2024 report names the 2023 年度 决算"),
    Slip("C103", anchor="截至2023年12月31日", why="截至 2023 年 12 月 31 日 where the clean copy says 2024"),
    Slip("P101", anchor="XX局", why="上海市普陀区XX局"),
    Slip("A105", (1511.89, 1560.05), why="决算数大于预算数 where 1,511.89 < 1,560.05"),
    Slip("A105", (80.38, 80.81), why="决算数大于预算数 where 80.38 < 80.81"),
    Slip("A105", (60.99, 62.29), why="决算数等于预算数 where 60.99 ≠ 62.29"),
    Slip("T103", anchor="。。", why="a doubled 。"),
)

# After the planted 收入支出总计 0 万元, 减少 56.95 万元 is all of the previous year's total, not 下降 1.87 %.
PLANT_CONSEQUENCE = Slip("A105", (1.87,), why="a consequence of the planted 0: the stated change cannot hold")

NEIGHBOURS = [
    Neighbour("county_water_final_accounts_2023.txt", "final_accounts", 2023, "某县水利局",
              3594.55, 3593.35, 1486.25, 2107.10, 1298.74, 187.51),
    Neighbour("district_education_budget_2024.txt", "budget_disclosure", 2024, "某区教育局",
              47126.80, 47126.80, 31268.40, 15858.40, 28914.35, 2354.05),
    # 基本支出 812.44 of 本年支出合计; 人员经费 + 公用经费 = 809.26 is the 一般公共预算财政拨款 基本支出,
    # another figure under another label (no C101 between them).
    Neighbour("city_statistics_final_accounts_2022.txt", "final_accounts", 2022, "某市统计局",
              1050.00, 1058.26, 812.44, 245.82, 713.72, 95.54),
    Neighbour("putuo_finance_final_accounts_2024.pdf", "final_accounts", 2024, "上海市普陀区财政局",
              2946.25, 2940.05, 2336.91, 603.14, 2152.26, 184.65,
              required=FINANCE_SLIPS + FINANCE_CLEAN_ONLY, allowed=FINANCE_ALLOWED),
    Neighbour("putuo_finance_final_accounts_2024_planted_errors.pdf", "final_accounts", 2024, "上海市普陀区财政局",
              2946.25, 2940.05, 2336.91, 603.14, 2152.26, 184.65,
              required=FINANCE_SLIPS + tuple(s for s in PLANTED if s.code in {"C101", "P101", "A105"}),
              allowed=(*FINANCE_ALLOWED, PLANT_CONSEQUENCE)),
    # 95.36 + 10.23 = 105.59 against 105.58 is rounding, not an error.
    Neighbour("putuo_social_work_final_accounts_2024.pdf", "final_accounts", 2024, "中共上海市普陀区委社会工作部",
              307.82, 307.82, 105.58, 202.24, 95.36, 10.23,
              allowed=(
                  Slip("A102", (9.55,), why="29.42 / 307.82 = 9.56 %, written 9.55 % so that the shares add up to 100"),
                  Slip("A102", (95.89,), why="完成年初预算的 95.89 % is of the 全年预算 321.02; the 年初预算 is 0"),
                  Slip("A105", (95.89,), why="the same sentence"),
              )),
    # The prose gives 人员经费 4896.98 where the table's 人员经费合计 is 4884.09: personnel is not asserted.
    Neighbour("putuo_planning_final_accounts_2024.pdf", "final_accounts", 2024, "上海市普陀区规划和自然资源局",
              9746.50, 9759.38, 5377.64, 4381.74, None, 480.66,
              allowed=(
                  Slip("A102", (99.86,), why="9746.50 / 9759.38 = 99.87 %, written 99.86 %"),
                  Slip("A102", (95.45,), why="9746.50 / 10210.34 = 95.46 %, written 95.45 %"),
                  Slip("C101", (5377.64, 5364.75), why="财政拨款基本支出: 5377.64 in the prose, 5364.75 in its table"),
                  Slip("C101", (4896.98, 4884.09), why="人员经费: 4896.98 in the prose, 4884.09 in the table"),
                  Slip("C101", (236.63, 236.64), why="卫生健康支出: 236.63 in the prose, 236.64 in the tables"),
              )),
]


@dataclass
class Read:
    text: str
    doc: jx.Document
    result: jx.CheckResult
    findings: list[Any]


_cache: dict[str, Read] = {}


def pdf_text(name: str, folder: Path) -> str:
    corpus = shared_corpus()
    if corpus is None:
        pytest.skip("no shared corpus (../shared/corpus) here: the real PDFs are not available")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils, scripts/install-system-deps.sh) is not installed")
    target = folder / (Path(name).stem + ".txt")
    subprocess.run(
        ["pdftotext", "-q", "-layout", "-enc", "UTF-8", str(corpus / "pdf" / name), str(target)],
        check=True,
        timeout=120,
    )
    return target.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def read_neighbour(tmp_path_factory: pytest.TempPathFactory) -> Any:
    def read(neighbour: Neighbour) -> Read:
        if neighbour.name not in _cache:
            if neighbour.pdf:
                text = pdf_text(neighbour.name, tmp_path_factory.mktemp("pdftotext"))
            else:
                text = (DATA / neighbour.name).read_text(encoding="utf-8")
            doc = jx.parse(text, name=Path(neighbour.name).stem + ".txt")
            result = jx.check(doc)
            _cache[neighbour.name] = Read(text, doc, result, list(result.diagnostics))
        return _cache[neighbour.name]

    return read


# What pdftotext's text of a real PDF still defeats; strict, so a fix shows as XPASS and the entry goes.
KNOWN_GAPS = {
    ("test_basic_and_project_expenditure", "putuo_finance_final_accounts_2024"):
        "pdftotext moves the 项目支出 603.14 line above its sentence, "
        "and the 决算表 header runs 基本支出 项目支出 together",
}


def by_name(neighbours: list[Neighbour], test: str = "") -> list[Any]:
    params = []
    for n in neighbours:
        stem = Path(n.name).stem
        gap = KNOWN_GAPS.get((test, stem))
        marks = [pytest.mark.xfail(reason=gap, strict=True)] if gap else []
        params.append(pytest.param(n, id=stem, marks=marks))
    return params


@pytest.mark.parametrize("neighbour", by_name(NEIGHBOURS))
def test_type_year_and_department(neighbour: Neighbour, read_neighbour: Any) -> None:
    meta = read_neighbour(neighbour).doc.meta
    assert (meta.doc_type, meta.fiscal_year, meta.department) == (
        neighbour.doc_type,
        neighbour.fiscal_year,
        neighbour.department,
    )


@pytest.mark.parametrize("neighbour", by_name(NEIGHBOURS))
def test_no_template_is_applied(neighbour: Neighbour, read_neighbour: Any) -> None:
    # DESIGN.md §4: when no template fits, the result says `template: none`.
    read = read_neighbour(neighbour)
    assert (read.doc.meta.template, read.result.template) == ("none", "none")


@pytest.mark.parametrize("neighbour", by_name(NEIGHBOURS, "test_no_section_or_numbering_findings"))
def test_no_section_or_numbering_findings(neighbour: Neighbour, read_neighbour: Any) -> None:
    read = read_neighbour(neighbour)
    found = [(d.code, d.line, d.excerpt[:30]) for d in read.findings if d.code in STRUCTURE_CODES]
    assert found == []


@pytest.mark.parametrize("neighbour", by_name(NEIGHBOURS, "test_basic_and_project_expenditure"))
def test_basic_and_project_expenditure(neighbour: Neighbour, read_neighbour: Any) -> None:
    budget = read_neighbour(neighbour).doc.budget
    assert (budget.basic, budget.project) == (neighbour.basic, neighbour.project)
    if neighbour.personnel is not None:
        assert budget.personnel == neighbour.personnel
    if neighbour.public is not None:
        assert budget.public == neighbour.public


@pytest.mark.parametrize("neighbour", by_name(NEIGHBOURS, "test_year_totals"))
def test_year_totals(neighbour: Neighbour, read_neighbour: Any) -> None:
    # 本年收入合计 and 本年支出合计 (all funds; revenue and expenditure are the 财政拨款 figures).
    budget = read_neighbour(neighbour).doc.budget
    totals = (budget.income_total, budget.spending_total)
    assert totals == (neighbour.total_revenue, neighbour.total_expenditure)


@pytest.mark.parametrize("neighbour", by_name(NEIGHBOURS))
def test_error_findings_are_the_known_slips(neighbour: Neighbour, read_neighbour: Any) -> None:
    read = read_neighbour(neighbour)
    errors = [d for d in read.findings if d.severity == "error"]
    missing = [s.why for s in neighbour.required if not any(s.matches(d, read.text) for d in errors)]
    judged = neighbour.required + neighbour.allowed
    unexpected = [(d.code, d.message) for d in errors if not any(s.matches(d, read.text) for s in judged)]
    assert (missing, unexpected) == ([], [])


PLANTED_COPY = next(n for n in NEIGHBOURS if n.name.endswith("_planted_errors.pdf"))
CLEAN_COPY = next(n for n in NEIGHBOURS if n.name == "putuo_finance_final_accounts_2024.pdf")


PLANTED_IDS = ["C101-total-0", "C103-heading-2023", "C103-date-2023", "P101-XX", "A105-1511.89", "A105-80.38",
               "A105-60.99", "T103-doubled-stop"]


@pytest.mark.parametrize("slip", PLANTED, ids=PLANTED_IDS)
def test_each_planted_error_is_found(slip: Slip, read_neighbour: Any) -> None:
    read = read_neighbour(PLANTED_COPY)
    assert any(slip.matches(d, read.text) for d in read.findings), slip.why


@pytest.mark.parametrize("slip", PLANTED, ids=PLANTED_IDS)
def test_no_planted_error_is_found_in_the_clean_copy(slip: Slip, read_neighbour: Any) -> None:
    read = read_neighbour(CLEAN_COPY)
    assert not [d.message for d in read.findings if slip.matches(d, read.text)], slip.why
