"""The ``jixiao-host`` command: starts the embedded host installed inside this package.

``jixiao-host`` is a C++ program with Python and the jixiao engine built in (cpp/host/); it is
installed as ``jixiao/bin/jixiao-host``. This entry point replaces itself with that program and
names the interpreter it was started with, so the host runs in the same environment (a venv's
site-packages, its numpy, pandas and openpyxl)::

    jixiao-host run script.py [args...]
    jixiao-host check --rules my_rules.py reports/
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

# Read (and cleared) by the host: the interpreter whose environment it should use.
PYTHON_VARIABLE = "JIXIAO_HOST_PYTHON"


class RuleTimeout(BaseException):
    """Raised by jixiao-host inside a Python rule still running after ``--timeout-per-file`` seconds.

    A BaseException, like KeyboardInterrupt, so that the rule's own ``except Exception`` cannot
    swallow it; the rule ends as one that raised, with an error finding naming it.
    """

    seconds = 0.0  # set by the host

    def __str__(self) -> str:
        from jixiao.errors import get_language

        if get_language() == "en":
            return f"still running after {self.seconds:g} s; stopped"
        return f"运行超过 {self.seconds:g} 秒，已中止"


def executable_path() -> Path:
    """Where the host program is installed: ``jixiao/bin/jixiao-host`` next to this module."""
    return Path(__file__).resolve().parent / "bin" / "jixiao-host"


def main(argv: Sequence[str] | None = None) -> int:
    program = executable_path()
    if not os.access(program, os.X_OK):
        print(
            f"jixiao-host: 本安装不含 jixiao-host 程序 (not installed with this package): {program}",
            file=sys.stderr,
        )
        return 2
    args = list(sys.argv[1:] if argv is None else argv)
    env = dict(os.environ)
    env[PYTHON_VARIABLE] = sys.executable
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(program, [str(program), *args], env)


if __name__ == "__main__":
    raise SystemExit(main())
