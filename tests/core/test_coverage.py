"""The core's tests cover every line and branch of the core (the architecture page).

Runs ``tests/core`` under coverage in a child process and fails below
100 % branch coverage of ``httpclient_compat._core``.  Skipped inside that
child run, and where coverage is not installed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHILD = "HTTPCLIENT_COMPAT_COVERAGE_CHILD"


@pytest.mark.skipif(bool(os.environ.get(CHILD)), reason="inside the coverage run itself")
def test_core_tests_cover_every_branch_of_the_core(tmp_path: Path) -> None:
    pytest.importorskip("coverage")
    env = dict(os.environ, **{CHILD: "1", "COVERAGE_FILE": str(tmp_path / ".coverage")})
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "coverage",
            "run",
            "--branch",
            "--source=httpclient_compat._core",
            "-m",
            "pytest",
            "tests/core",
            "-q",
            "-p",
            "no:cacheprovider",
            "-x",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    report = subprocess.run(
        [sys.executable, "-m", "coverage", "report", "-m", "--fail-under=100"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert report.returncode == 0, report.stdout[-6000:]
