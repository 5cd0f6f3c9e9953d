"""CPython's own ``test.test_httplib``, run under ``httpclient_compat.install()``.

``run_installed.py`` swaps ``http.client`` before the suite is imported,
in a fresh interpreter (the swap is process-wide), skips the tests in
``excluded.py`` and runs the rest under unittest with warnings as errors.
Unlike ``test_cpython_httplib.py``, which rebinds the suite's ``client``
global, every module the suite imports after the swap (``test.support``'s
helpers, http.server, its TLS servers) sees our package too.  Skipped
where the interpreter ships no ``test`` package.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("test.test_httplib", reason="this interpreter ships no test package")

ROOT = Path(__file__).resolve().parents[2]


def test_the_cpython_suite_passes_with_http_client_swapped() -> None:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    run = subprocess.run(
        [sys.executable, "-W", "error", "-m", "tests.stdlib.run_installed"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = f"{run.stdout}\n{run.stderr}"
    assert run.returncode == 0, output
    summary = json.loads(run.stdout.splitlines()[-1])
    assert summary["run"] > 100, output
    assert summary["failures"] == summary["errors"] == 0, output
    assert summary["unexpected successes"] == 0, output
