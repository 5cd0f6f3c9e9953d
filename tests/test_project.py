"""Project-level checks run by CI: the demo runs, the docs build with
warnings as errors and their examples pass, lint and types are clean."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, capture_output=True, text=True, timeout=600, check=False
    )


def test_demo_shows_the_three_ways_in_against_a_local_server() -> None:
    """One keep-alive connection used as http.client's, then urlopen under
    installed() and httpclient_compat.urllib, both on our response class;
    with warnings as errors (install() warns nothing in a clean process)."""
    result = _run("-W", "error", "-m", "httpclient_compat")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    assert "demo server on http://127.0.0.1:" in out
    assert out.count("< 200 OK\n") == 3
    for way in (
        "1. import httpclient_compat as client",
        "2. under httpclient_compat.installed(): urllib.request.urlopen",
        "3. httpclient_compat.urllib.urlopen, no swap",
    ):
        assert way in out
    ours = "< 200 OK: a httpclient_compat._blocking.response.HTTPResponse"
    assert out.count(ours) == 2
    assert "body: b'hello from a local server\\n'" in out
    assert "body: b'received 34 bytes in chunks\\n'" in out
    assert "body: b'streamed in chunks\\n'" in out
    assert "trailers: [('X-Checksum', '42')]" in out
    ports = {line.split(":")[-1].strip() for line in out.splitlines() if "X-Client-Port:" in line}
    assert len(ports) == 1, f"the requests used {len(ports)} connections"


@pytest.mark.parametrize("builder", ["html", "doctest"])
def test_docs_build_with_warnings_as_errors(builder: str, tmp_path: Path) -> None:
    pytest.importorskip("sphinx")
    result = _run("-m", "sphinx", "-W", "-n", "-q", "-b", builder, "docs", str(tmp_path / builder))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_ruff_finds_nothing() -> None:
    if shutil.which("ruff") is None:
        pytest.skip("ruff is not installed")
    result = subprocess.run(
        ["ruff", "check", "--no-cache", "."], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-4000:]


def test_mypy_strict_finds_nothing() -> None:
    pytest.importorskip("mypy")
    result = _run("-m", "mypy", "--cache-dir", "/dev/null")
    assert result.returncode == 0, result.stdout[-4000:]


def test_core_bench_runs_and_prints_its_ratio() -> None:
    # Only that the documented command works: its own check (core and
    # stdlib agree on the fields) passes and every row is printed.  No
    # figure is asserted: speed is measured by hand, never in tests.
    result = _run("bench/bench_core.py", "--rounds", "1", "--number", "20")
    assert result.returncode == 0, result.stderr
    for row in ("stdlib parse_headers", "core head (warm)", "core head (cold)", "two kinds"):
        assert row in result.stdout
    assert "faster than http.client.parse_headers" in result.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="the shell bench uses resource and /dev/zero")
def test_shell_bench_runs_every_part() -> None:
    # A few requests and a 1 MiB body: the keep-alive loop (across
    # processes and in one thread), the bare socket, begin(), the chunked
    # bodies and both large-body reads (which assert every byte came) run
    # end to end.
    result = _run(
        "bench/bench_shell.py", "--requests", "20", "--rounds", "1", "--body", str(1 << 20)
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for row in (
        "client user CPU",
        "bare socket user + system",
        "in one thread",
        "bare socket, user + system",
        "begin() is",
        "1 MiB in 8 KiB chunks",
        "64 KiB in 64 B chunks",
        "a chunk per line",
        "read(65536) client CPU",
        "readinto(64 KiB) client CPU",
        "the same body from /dev/zero",
    ):
        assert row in out, out
    # Eight keep-alive rows more where the client and server can be
    # pinned: six pinned rows, and the two of the alternating batches.
    pinned = hasattr(os, "sched_setaffinity")
    assert ("client and server pinned to one CPU" in out) == pinned, out
    assert ("alternating batches" in out) == pinned, out
    assert out.count("ours/stdlib") == (28 if pinned else 20), out


@pytest.mark.parametrize("part", ["keep-alive", "begin", "keep-alive-evicted", "evict"])
def test_shell_bench_count_child_runs_one_part_alone(part: str) -> None:
    # What --instructions and --cache run under callgrind, once per client.
    for module in ("http.client", "httpclient_compat"):
        result = _run("bench/bench_shell.py", "--count-child", part, module, "5")
        assert result.returncode == 0, result.stderr
        assert result.stdout == ""
