"""Hostile but valid inputs cost time and memory in proportion to their size: each runs in a
subprocess under CPU-time and address-space limits, so a quadratic scan or a blow-up fails the
test (killed by the limit) instead of hanging the suite. No timings are asserted."""

from __future__ import annotations

import json
import math
import pickle
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import jixiao as jx

CPU_SECONDS = 60
MEMORY_BYTES = 4 << 30


def run_limited(code: str, *args: str, cpu: int = CPU_SECONDS, memory: int = MEMORY_BYTES) -> str:
    """Runs ``code`` in a fresh interpreter with at most ``cpu`` seconds of CPU time and
    ``memory`` bytes of address space; returns its stdout and fails the test if it was stopped."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    proc = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        preexec_fn=limit,
        timeout=20 * cpu,
    )
    assert proc.returncode == 0, f"exit {proc.returncode}: {proc.stderr[-2000:]}"
    return proc.stdout


CHECK = """
import sys, jixiao as jx
result = jx.check(sys.argv[1])
assert not result.errors, result.errors
print(len(result.diagnostics))
"""


def sample_report(samples: Path) -> str:
    return (samples / "agri_dept_selfeval_2022.txt").read_text(encoding="utf-8")


def test_a_report_flowed_into_one_5_mb_line_is_checked_in_bounded_time(tmp_path: Path, samples: Path) -> None:
    # PDF and web copies join a report into one line: every rule must stay near-linear in it.
    line = sample_report(samples).replace("\n", "")
    path = tmp_path / "one_line.txt"
    path.write_text(line * (5_000_000 // len(line.encode()) + 1) + "\n", encoding="utf-8")
    assert int(run_limited(CHECK, str(path)).split()[-1]) > 0


def test_fifty_thousand_percentages_in_one_sentence_are_checked_in_bounded_time(tmp_path: Path) -> None:
    path = tmp_path / "percent.txt"
    path.write_text("共有职工100人，其中女职工40人，" + "1%" * 50_000 + "\n", encoding="utf-8")
    run_limited(CHECK, str(path))


def test_thirty_thousand_breakdowns_in_one_paragraph_are_checked_in_bounded_time(tmp_path: Path) -> None:
    path = tmp_path / "qizhong.txt"
    path.write_text("支出100万元，其中：基本支出60万元，项目支出40万元，" * 32_000 + "\n", encoding="utf-8")
    run_limited(CHECK, str(path))


def test_a_sentence_crowded_with_counts_states_no_share_mismatch() -> None:
    # 70 counts in one sentence (a table flowed into prose): which is the part of 12.5% and which
    # the whole cannot be told, so A102 stays silent there; the same share in a plain sentence fires.
    crowded = "，".join(f"项目{i}完成{i + 10}人" for i in range(70))
    plain = "全县共有学校40所，其中达标学校10所，占12.5%。\n"
    crowded_doc = jx.parse(crowded + "，共有学校40所，其中达标学校10所，占12.5%。\n")
    plain_doc = jx.parse(plain)
    assert [d.code for d in jx.check(plain_doc).diagnostics if d.code == "A102"] == ["A102"]
    assert not [d for d in jx.check(crowded_doc).diagnostics if d.code == "A102"]


@pytest.mark.parametrize("copies", [1, 3])
def test_findings_in_a_long_paragraph_point_where_they_would_in_a_short_one(copies: int) -> None:
    # Columns and excerpts in a long line come from a character index: they must match the text.
    text = "文字a" * 3000 + "本年度侨侨眷工作稳步推进，资金用途请填写。" * copies
    found = [d for d in jx.check(jx.parse(text + "\n")).diagnostics if d.code in ("P101", "T101")]
    assert len(found) == 2 * copies
    for d in found:
        assert d.line == d.end_line == 1
        written = text[d.column - 1 : d.end_column - 1]
        assert written in ("侨侨", "侨侨眷", "请填写")
        assert d.excerpt[d.excerpt_start : d.excerpt_end] == written


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def write_docx(path: Path, body: str, numbering: str = "") -> Path:
    """A minimal .docx: the body's paragraphs and tables, and optionally numbering.xml."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(
            "word/document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>',
        )
        if numbering:
            numbering_xml = f'<?xml version="1.0" encoding="UTF-8"?><w:numbering {W}>{numbering}</w:numbering>'
            z.writestr("word/numbering.xml", numbering_xml)
    return path


def test_a_numbering_pattern_of_300000_placeholders_over_3000_paragraphs_stays_small(tmp_path: Path) -> None:
    # 3.4 KB zipped; every numbered paragraph rendered the whole pattern (4.8 GB).
    numbering = (
        '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        f'<w:lvlText w:val="{"%1" * 300_000}"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
    )
    paragraph = '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr></w:p>'
    path = write_docx(tmp_path / "numbering.docx", paragraph * 3000, numbering)
    assert path.stat().st_size < 10_000
    run_limited(CHECK, str(path), memory=1 << 30)


def test_a_400_digit_number_is_no_figure_and_every_serialisation_round_trips(tmp_path: Path) -> None:
    # Past 308 digits a number became inf: JSON printed Infinity, from_json and pickle failed.
    text = "一、预算执行情况\n全年支出" + "9" * 400 + "万元，执行率" + "9" * 400 + ".5%。\n"
    doc = jx.parse(text)
    assert all(math.isfinite(q.value) for q in doc.facts)
    assert jx.Document.from_json(doc.to_json()) == doc
    assert pickle.loads(pickle.dumps(doc)) == doc
    json.loads(doc.to_json(), parse_constant=lambda name: pytest.fail(f"{name} in JSON"))
    path = tmp_path / "huge.txt"
    path.write_text(text, encoding="utf-8")
    parse_json = "import sys, jixiao.cli as c; sys.exit(c.main(['parse', sys.argv[1], '--format', 'json']))"
    out = run_limited(parse_json, str(path))
    json.loads(out[out.index("{") :], parse_constant=lambda name: pytest.fail(f"{name} in JSON"))


def test_a_long_cell_merged_over_the_whole_grid_is_refused_naming_the_file(tmp_path: Path) -> None:
    # 2.3 KB zipped: one 105 KB cell, gridSpan 1000, 100 vMerge rows (~21 GB when every grid cell
    # held a copy of the text).
    def cell(props: str, text: str = "") -> str:
        run = f"<w:r><w:t>{text}</w:t></w:r>" if text else ""
        return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p>{run}</w:p></w:tc>"

    first = cell('<w:gridSpan w:val="1000"/><w:vMerge w:val="restart"/>', "长" * 35_000)
    below = cell('<w:gridSpan w:val="1000"/><w:vMerge/>')
    table = f"<w:tbl><w:tr>{first}</w:tr>" + f"<w:tr>{below}</w:tr>" * 99 + "</w:tbl>"
    path = write_docx(tmp_path / "merged.docx", table)
    assert path.stat().st_size < 10_000
    code = "import sys, jixiao as jx\ntry:\n    jx.load(sys.argv[1])\nexcept jx.FormatError as e:\n    print(e)\n"
    out = run_limited(code, str(path), memory=2 << 30)
    assert "merged.docx" in out


def test_a_large_table_prints_as_json_without_an_intermediate_tree(tmp_path: Path) -> None:
    # parse --format json built the whole document as an engine JSON tree and then as Python
    # objects: a 14 MB table peaked at 13.6 GB (4.7 GB for to_json alone). The engine now writes
    # the text as it walks the document; this 2 MB table needed some 2 GB before.
    rows = "".join(f"\t项目{i}\n\t数量指标\n\t{i}.45\n\t≥95%\n\n" for i in range(40_000))
    path = tmp_path / "table.txt"
    path.write_text("项目支出绩效目标表\n" + rows, encoding="utf-8")
    assert path.stat().st_size > 1_800_000
    parse_json = "import sys, jixiao.cli as c; sys.exit(c.main(['parse', sys.argv[1], '--format', 'json']))"
    out = run_limited(parse_json, str(path), memory=1200 << 20)
    doc = json.loads(out[out.index("{") :])
    assert len(doc["tables"][0]["rows"]) == 40_000
    assert jx.Document.from_json(json.dumps(doc)) == jx.load(path)
