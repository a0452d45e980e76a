"""The package's type stubs hold under mypy --strict, and the code is ruff-clean."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import jixiao

ROOT = Path(__file__).resolve().parents[2]


def test_the_package_and_its_core_stubs_pass_mypy_strict(tmp_path: Path) -> None:
    package = Path(jixiao.__file__).parent
    assert (package / "py.typed").is_file()
    assert (package / "_core.pyi").is_file()
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "-p", "jixiao"],
        capture_output=True,
        text=True,
        cwd=tmp_path,  # away from the source tree, so the installed (or staged) package is checked
        env={"PATH": "", "PYTHONPATH": str(package.parent), "HOME": str(tmp_path)},
        timeout=600,
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_code_written_against_the_public_api_type_checks(tmp_path: Path) -> None:
    user = tmp_path / "analyst.py"
    user.write_text(
        "import jixiao as jx\n"
        "doc = jx.parse('一、概况\\n', name='x.txt')\n"
        "year: int | None = doc.meta.fiscal_year\n"
        "res = jx.check(doc)\n"
        "codes: list[str] = [d.code for d in res.diagnostics]\n"
        "df = doc.tables[0].to_pandas() if doc.tables else None\n",
        encoding="utf-8",
    )
    package = Path(jixiao.__file__).parent
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(user)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "", "PYTHONPATH": str(package.parent), "HOME": str(tmp_path)},
        timeout=600,
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_the_source_is_ruff_clean() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "python", "tests"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert out.returncode == 0, out.stdout + out.stderr
