# Hand-written stubs for jixiao._core, the compiled engine (private: import jixiao instead).
# Every record class is generated from one Boost.Describe description: keyword constructor,
# attributes, to_json/from_json/to_dict, `_fields`, equality and pickling.

from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar, TypeVar

_R = TypeVar("_R", bound=_Record)

class _Record:
    _fields: ClassVar[tuple[str, ...]]
    def __init__(self, **fields: Any) -> None: ...
    def to_json(self, indent: int | None = None) -> str: ...
    @classmethod
    def from_json(cls: type[_R], text: str) -> _R: ...
    def to_dict(self) -> dict[str, Any]: ...
    def __eq__(self, other: object) -> bool: ...

class Error(Exception):
    path: str | None

class DecodeError(Error): ...
class FormatError(Error): ...
class RubricError(Error): ...
class ConfigError(Error): ...

def set_language(lang: str) -> None: ...
def get_language() -> str: ...

# ---- document model ---------------------------------------------------------------------

class Span(_Record):
    line: int
    column: int
    end_line: int
    end_column: int

class Segment(_Record):
    offset: int
    line: int
    column: int

class Cell(_Record):
    text: str
    span: Span
    merged: bool
    map: list[Segment]
    ref: str
    page: int

class Table(_Record):
    index: int
    block: int
    n_rows: int
    n_cols: int
    span: Span
    layout: str
    rows: list[list[Cell]]
    page: int
    sheet: str

class Block(_Record):
    kind: str
    text: str
    span: Span
    table: int
    heading: int
    ref: str
    level: int
    map: list[Segment]
    page: int
    sheet: str

class Heading(_Record):
    text: str
    title: str
    numbering: str
    style: str
    value: int
    level: int
    parent: int
    block: int
    run_in: bool
    span: Span

class Artifact(_Record):
    kind: str
    text: str
    span: Span
    block: int

class Quantity(_Record):
    value: float
    value_high: float | None
    unit: str
    kind: str
    comparator: str
    text: str
    label: str
    decimals: int
    block: int
    span: Span

class Meta(_Record):
    def to_pandas(self) -> Any: ...
    path: str
    title: str
    encoding: str
    format: str
    doc_type: str
    template: str
    department: str
    region: str
    fiscal_year: int | None

class Budget(_Record):
    def to_pandas(self) -> Any: ...
    budget: float | None
    revenue: float | None
    expenditure: float | None
    basic: float | None
    project: float | None
    personnel: float | None
    public: float | None
    three_public: float | None
    gov_fund_revenue: float | None
    gov_fund_expenditure: float | None
    income_total: float | None
    spending_total: float | None
    grand_total: float | None
    execution_rate: float | None
    year: int | None
    spans: dict[str, Span]

class Project(_Record):
    name: str
    amount: float
    table: int
    span: Span

class Indicator(_Record):
    table: int
    row: int
    level1: str
    level2: str
    level3: str
    target: str
    target_comparator: str
    target_value: float | None
    target_unit: str
    actual: str
    actual_value: float | None
    actual_unit: str
    points: float | None
    self_score: float | None
    deviation_note: str
    span: Span

class Document(_Record):
    meta: Meta
    text: str
    blocks: list[Block]
    outline: list[Heading]
    tables: list[Table]
    artifacts: list[Artifact]
    budget: Budget
    projects: list[Project]
    indicators: list[Indicator]
    facts: list[Quantity]

def load(path: str | bytes) -> Document: ...
def read(data: bytes, path: str) -> Document: ...
def set_pdfium_library(path: str) -> None: ...
def parse(text: str, name: str = "<text>") -> Document: ...

# ---- checking -----------------------------------------------------------------------------

class Evidence(_Record):
    role: str
    label: str
    value: float | None
    unit: str
    text: str
    span: Span | None

class Diagnostic(_Record):
    code: str
    rule: str
    severity: str
    message: str
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    block: str
    excerpt: str
    excerpt_start: int
    excerpt_end: int
    evidence: list[Evidence]
    suggestion: str
    page: int
    sheet: str
    cell: str

class CheckConfig(_Record):
    select: list[str]
    ignore: list[str]
    severity: dict[str, str]
    tolerances: dict[str, float]
    per_file_ignores: dict[str, list[str]]
    typos: dict[str, str]
    templates: list[str]
    lang: str

class CheckResult(_Record):
    path: str
    doc_type: str
    template: str
    fiscal_year: int | None
    department: str
    diagnostics: list[Diagnostic]

class RuleEvidence(_Record):
    applies_to: dict[str, str]
    needs: dict[str, str]
    silent_when: dict[str, list[str]]

class RuleInfo(_Record):
    code: str
    name: str
    severity: str
    summary: dict[str, str]
    messages: dict[str, dict[str, str]]
    examples: dict[str, str]
    evidence: RuleEvidence

def rule_catalog() -> list[RuleInfo]: ...
def check(
    doc: Document,
    config: CheckConfig = ...,
    rules: Sequence[tuple[RuleInfo, Callable[[Document, RuleReport], None]]] = ...,
) -> CheckResult: ...

# ---- scoring ------------------------------------------------------------------------------

class GradeBand(_Record):
    grade: str
    min: float

class Deduction(_Record):
    code: str
    each: float
    max: float | None

class RubricItem(_Record):
    key: str
    name: str
    dimension: str
    points: float
    method: str
    metric: str
    function: str
    params: dict[str, float]
    words: dict[str, list[str]]
    deductions: list[Deduction]
    doc_types: list[str]
    source: str

class Rubric(_Record):
    name: str
    title: str
    source: str
    total: float
    not_assessable: str
    min_coverage: float
    grades: list[GradeBand]
    indicators: list[RubricItem]

class ScoreItem(_Record):
    key: str
    name: str
    dimension: str
    method: str
    points: float
    score: float | None
    value: float | None
    text: str
    formula: str
    evidence: list[Span]
    status: str
    note: str
    self_score: float | None
    table_points: float | None
    table: int
    row: int

class Scorecard(_Record):
    rubric: str
    title: str
    path: str
    total: float
    points: float
    grade: str
    coverage: float
    review_points: float
    min_coverage: float
    self_total: float | None
    self_total_table: int
    self_total_row: int
    items: list[ScoreItem]
    notes: list[str]

def builtin_rubrics() -> list[str]: ...
def default_rubric(doc_type: str) -> str: ...
def load_rubric(rubric: str) -> Rubric: ...
def uses_diagnostics(rubric: Rubric) -> bool: ...
def score(
    doc: Document,
    rubric: Rubric | str,
    diagnostics: Sequence[Diagnostic] = ...,
    indicators: Mapping[str, Callable[[Any], float | None]] = ...,
) -> Scorecard: ...

# ---- custom rules -------------------------------------------------------------------------

class Place(_Record):
    block: int
    row: int
    col: int
    start: int
    end: int
    text: str
    span: Span

class RuleReport:
    @property
    def code(self) -> str: ...
    @property
    def lang(self) -> str: ...
    @property
    def template(self) -> str: ...
    def add(
        self,
        message: str | None = None,
        *,
        block: int | None = None,
        table: int | None = None,
        row: int | None = None,
        col: int | None = None,
        line: int | None = None,
        text: str | None = None,
        at: Place | None = None,
        suggestion: str | None = None,
        evidence: Sequence[Evidence] | Mapping[str, float | str] | None = None,
        args: Mapping[str, object] | None = None,
    ) -> None: ...
    def find(self, text: str, *, block: int | None = None, table: int | None = None) -> list[Place]: ...
    def block_at(self, line: int) -> int | None: ...

# ---- batch --------------------------------------------------------------------------------

class BatchItem(_Record):
    index: int
    path: str
    document: Document | None
    check: CheckResult
    score: Scorecard | None
    error: str

def run_batch(
    paths: Sequence[str | bytes],
    config: CheckConfig,
    on_result: Callable[[BatchItem], None],
    *,
    rubric: str = "",
    jobs: int = 1,
    keep_document: str = "figures",
    timeout_per_file: float = 0.0,
    rules: Sequence[tuple[RuleInfo, Callable[[Document, RuleReport], None]]] = ...,
    indicators: Mapping[str, Callable[[Any], float | None]] = ...,
    stop: BatchStop | None = None,
    exit_when_stuck: str = "",
) -> bool: ...

class BatchStop:
    def __init__(self) -> None: ...
    def request(self) -> None: ...
    @property
    def requested(self) -> bool: ...

class StdoutToStderr:
    def __init__(self) -> None: ...
    def __enter__(self) -> None: ...
    def __exit__(self, *args: object) -> bool: ...

def call_within_time(seconds: float, what: str, work: Callable[[], Any]) -> Any: ...
