"""jixiao (绩效): reads, checks and scores Chinese government budget-performance reports.

    import jixiao as jx
    doc = jx.load("report.txt")
    doc.meta.fiscal_year, doc.outline, doc.tables[0].to_pandas()
    batch = jx.check_many(["reports/"], jobs=4, rubric="auto"); batch.to_excel("review.xlsx")
"""

from __future__ import annotations

from jixiao.batch import BatchResult, FileResult, check_many, iter_check
from jixiao.checking import CheckResult, Diagnostic, Evidence, RuleInfo, check, rules
from jixiao.config import Config
from jixiao.document import Document, Table, load, parse, read
from jixiao.dossier import Dossier
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
from jixiao.user_rules import Place, RuleReport, load_rules, registered_rules, rule, unregister_rule

__version__ = "0.1.0"

__all__ = [
    "Artifact",
    "BatchResult",
    "Block",
    "Budget",
    "Cell",
    "CheckResult",
    "Config",
    "ConfigError",
    "DecodeError",
    "Diagnostic",
    "Document",
    "Dossier",
    "Error",
    "Evidence",
    "FileResult",
    "FormatError",
    "Heading",
    "Indicator",
    "Meta",
    "Place",
    "Project",
    "Quantity",
    "RecordList",
    "Rubric",
    "RubricError",
    "RuleInfo",
    "RuleReport",
    "ScoreItem",
    "Scorecard",
    "Span",
    "Table",
    "__version__",
    "check",
    "check_many",
    "get_language",
    "iter_check",
    "load",
    "load_rubric",
    "load_rules",
    "parse",
    "read",
    "register_indicator",
    "registered_rules",
    "rubrics",
    "rule",
    "rules",
    "score",
    "set_language",
    "unregister_rule",
]
