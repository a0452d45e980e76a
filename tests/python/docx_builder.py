"""Building .docx files with python-docx for the tests and the benchmark: Word's own multi-level
numbering, set up as a user would."""

from __future__ import annotations

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn


def add_list(document: docx.document.Document, *levels: tuple[str, str]) -> int:
    """Adds a multi-level list definition ((numFmt, lvlText) per level) to the numbering part and
    returns its numId."""
    numbering = document.part.numbering_part.element
    existing = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    abstract_id = max(existing, default=-1) + 1
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>'
    )
    first_num = numbering.find(qn("w:num"))
    if first_num is None:
        numbering.append(abstract)
    else:
        first_num.addprevious(abstract)
    return int(numbering.add_num(abstract_id).numId)


def numbered(document: docx.document.Document, num_id: int, level: int, *runs: str) -> None:
    """A paragraph of the list `num_id` at `level`, its text in one run per string."""
    paragraph = document.add_paragraph()
    for text in runs:
        paragraph.add_run(text)
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id
