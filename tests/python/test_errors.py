"""Bad input gives a clear jixiao error naming the file, never a crash or garbage."""

from __future__ import annotations

from pathlib import Path

import pytest

import jixiao as jx


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def test_errors_form_one_hierarchy() -> None:
    for cls in (jx.DecodeError, jx.FormatError, jx.RubricError, jx.ConfigError):
        assert issubclass(cls, jx.Error)
    assert cls.__module__ == "jixiao"


def test_an_empty_file_is_a_format_error_naming_it(tmp_path: Path) -> None:
    p = write(tmp_path, "空文件.txt", b"")
    with pytest.raises(jx.FormatError, match=r"空文件\.txt") as info:
        jx.load(p)
    assert info.value.path == str(p)


def test_binary_junk_is_refused(tmp_path: Path) -> None:
    p = write(tmp_path, "junk.txt", bytes((i * 131 + 7) % 256 for i in range(4096)))
    with pytest.raises(jx.DecodeError, match=r"junk\.txt"):
        jx.load(p)


def test_gbk_and_utf16_reports_decode(tmp_path: Path) -> None:
    text = "某局2021年度部门整体支出绩效自评报告\n一、部门基本情况\n"
    gbk = jx.load(write(tmp_path, "gbk.txt", text.encode("gbk")))
    assert gbk.meta.encoding == "gb18030"
    assert gbk.outline[0].title == "部门基本情况"
    u16 = jx.load(write(tmp_path, "u16.txt", text.encode("utf-16")))
    assert u16.meta.encoding.startswith("utf-16")
    assert u16.text == gbk.text


def test_invalid_bytes_name_the_file_and_the_position(tmp_path: Path) -> None:
    p = write(tmp_path, "bad.txt", "正文".encode() + b"\x81\x20" + "结尾".encode())
    with pytest.raises(jx.DecodeError, match=r"bad\.txt"):
        jx.load(p)


def test_a_missing_file_and_a_folder_are_format_errors(tmp_path: Path) -> None:
    with pytest.raises(jx.FormatError, match=r"nope\.txt"):
        jx.load(tmp_path / "nope.txt")
    with pytest.raises(jx.FormatError):
        jx.load(tmp_path)


def test_a_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    p = tmp_path / "huge.txt"
    with p.open("wb") as f:
        f.truncate(65 * 1024 * 1024)  # sparse: no disk used
    with pytest.raises(jx.FormatError, match=r"huge\.txt"):
        jx.load(p)


def test_old_word_and_pdf_files_are_named_as_unsupported(tmp_path: Path) -> None:
    with pytest.raises(jx.FormatError, match="docx"):
        jx.load(write(tmp_path, "old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100))
    with pytest.raises(jx.FormatError, match="PDF"):
        jx.load(write(tmp_path, "scan.txt", b"%PDF-1.7\n..."))


def test_messages_switch_to_english_on_request(tmp_path: Path) -> None:
    p = write(tmp_path, "empty.txt", b"")
    jx.set_language("en")
    try:
        with pytest.raises(jx.FormatError, match=r"empty\.txt: the file is empty"):
            jx.load(p)
    finally:
        jx.set_language("zh")
    with pytest.raises(ValueError):
        jx.set_language("fr")


def test_odd_but_valid_text_gives_a_clean_result() -> None:
    assert jx.parse("只有一行").blocks[0].text == "只有一行"
    headings_only = jx.parse("一、甲\n二、乙\n三、丙\n")
    assert [h.level for h in headings_only.outline] == [1, 1, 1]
    ragged = jx.parse("\t甲\n\n\t乙\n\t丙\n\t丁\n")
    assert ragged.tables[0].n_cols == 3


def test_cli_reports_a_bad_file_with_exit_code_2(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    p = write(tmp_path, "empty.txt", b"")
    out = cli("parse", str(p))
    assert out.returncode == 2
    assert "empty.txt" in out.stderr
    assert out.stdout == ""
    assert "Traceback" not in out.stderr
