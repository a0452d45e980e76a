from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The labelled corpus in ../shared beside the repository. A clone without it skips the tests
    that read it; CI sets JIXIAO_REQUIRE_SHARED=1, which makes its absence a failure."""
    if not (CORPUS / "expected.json").is_file():
        message = f"the labelled corpus is missing: expected it at {CORPUS}"
        if os.environ.get("JIXIAO_REQUIRE_SHARED") == "1":
            pytest.fail(f"{message} (JIXIAO_REQUIRE_SHARED=1)")
        pytest.skip(message)
    return CORPUS


@pytest.fixture(scope="session")
def samples() -> Path:
    import jixiao

    return Path(jixiao.__file__).parent / "samples"


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Runs ``python -m jixiao ARGS`` the way a user would, capturing both streams."""
    env = dict(os.environ)
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run(
        [sys.executable, "-m", "jixiao", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=env,
        timeout=120,
    )


@pytest.fixture
def cli():  # type: ignore[no-untyped-def]
    return run_cli
