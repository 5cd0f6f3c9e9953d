"""Early answers to uploads through urllib.request and requests, with the
package installed as ``http.client`` (in a fresh interpreter: the swap is
process-wide).  http.client loses a 413 sent before the body ends (urllib
raises ``URLError`` from the reset) and sends the body after a 417;
installed, urllib gets the answer as an ``HTTPError`` and never sends the
refused body.  requests (urllib3) gets both answers either way."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("requests")

CLIENT = Path(__file__).with_name("upload_client.py")


def test_early_answers_reach_urllib_and_requests() -> None:
    run = subprocess.run(
        [sys.executable, str(CLIENT)], capture_output=True, text=True, timeout=120, check=False
    )
    assert run.returncode == 0, run.stderr[-3000:]
    found = json.loads(run.stdout)
    assert found["urllib 413"]["status"] == 413
    assert found["urllib 413"]["body"] == "too big"
    assert found["urllib 417"] == {"status": 417, "body": "refused", "received": [0]}
    assert found["requests 413"] == {"status": 413, "body": "too big"}
    assert found["requests 417"] == {"status": 417, "body": "refused"}
