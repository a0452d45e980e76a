"""jixiao (绩效): reads, checks and scores Chinese government budget-performance reports.

    import jixiao as jx
    doc = jx.load("report.txt")
    doc.meta.fiscal_year, doc.outline, doc.tables[0].to_pandas()
"""

from __future__ import annotations

from jixiao.checking import CheckResult, Diagnostic, Evidence, RuleInfo, check, rules
from jixiao.config import Config
from jixiao.document import Document, Table, load, parse, read
from jixiao.errors import (
    ConfigError,
    DecodeError,
    Error,
    FormatError,
    RubricError,
    get_language,
    set_language,
)
from jixiao.records import (
    Artifact,
    Block,
    Budget,
    Cell,
    Heading,
    Indicator,
    Meta,
    Project,
    Quantity,
    RecordList,
    Span,
)
from jixiao.scoring import Rubric, Scorecard, ScoreItem, load_rubric, register_indicator, rubrics, score

__version__ = "0.1.0"

__all__ = [
    "Artifact",
    "Block",
    "Budget",
    "Cell",
    "CheckResult",
    "Config",
    "ConfigError",
    "DecodeError",
    "Diagnostic",
    "Document",
    "Error",
    "Evidence",
    "FormatError",
    "Heading",
    "Indicator",
    "Meta",
    "Project",
    "Quantity",
    "RecordList",
    "Rubric",
    "RubricError",
    "RuleInfo",
    "ScoreItem",
    "Scorecard",
    "Span",
    "Table",
    "__version__",
    "check",
    "get_language",
    "load",
    "load_rubric",
    "parse",
    "read",
    "register_indicator",
    "rubrics",
    "rules",
    "score",
    "set_language",
]
