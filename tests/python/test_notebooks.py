"""The notebooks in notebooks/ run from top to bottom on the current package, and their code type-checks."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import jixiao

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
PACKAGE_PARENT = str(Path(jixiao.__file__).resolve().parent.parent)
PYTHON_WARNING = re.compile(r"\b\w*Warning: ")  # how warnings.warn prints, e.g. "FutureWarning: ..."


def test_the_notebooks_are_there_and_committed_with_outputs() -> None:
    assert [nb.stem for nb in NOTEBOOKS] == [
        "01_quickstart",
        "02_reviewing_a_folder",
        "03_your_own_rule_and_rubric",
        "04_scoring_project_tables",
        "05_scaling_out_with_dask",
        "06_triage_a_folder",
        "07_dossier_review",
    ]
    for path in NOTEBOOKS:
        code = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
        assert all(c.execution_count is not None for c in code), f"{path.name} is committed unexecuted"
        assert any(c.outputs for c in code), f"{path.name} is committed without outputs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_the_notebook_runs_without_errors_or_warnings(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The kernel is a new process: it must import this jixiao (the staged or installed one), not another.
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [PACKAGE_PARENT, os.environ.get("PYTHONPATH")])))
    copy = tmp_path / path.name
    copy.write_bytes(path.read_bytes())
    samples = sorted(p.name for p in (Path(jixiao.__file__).parent / "samples").iterdir())
    notebook = nbformat.read(copy, as_version=4)
    client = nbclient.NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()  # raises CellExecutionError, naming the cell, on the first error
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if output.get("name") == "stderr":
                assert not PYTHON_WARNING.search(output["text"]), f"cell {index} warns:\n{output['text']}"
    # Notebooks write to temporary folders only: not beside themselves, not into the samples.
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
    assert sorted(p.name for p in (Path(jixiao.__file__).parent / "samples").iterdir()) == samples


def test_the_notebooks_code_type_checks(tmp_path: Path) -> None:
    """mypy over each notebook's code cells, calls into jixiao checked against its stubs."""
    scripts = []
    for path in NOTEBOOKS:
        cells = [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
        script = tmp_path / f"nb_{path.stem}.py"
        script.write_text("\n\n".join(cells) + "\n", encoding="utf-8")
        scripts.append(str(script))
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--check-untyped-defs", "--ignore-missing-imports", "--no-incremental",
         *scripts],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "", "PYTHONPATH": PACKAGE_PARENT, "HOME": str(tmp_path)},
        timeout=600,
    )
    assert out.returncode == 0, out.stdout + out.stderr
