"""``http.client`` swapped for httpclient_compat: real clients run on our classes.

The swap is process-wide, so it never happens in the test process:
``swap_client.py`` makes it in a fresh interpreter, one per mode (by
hand, by hand after ``import http.client``, by ``install()``, and by
``install()`` after requests and urllib.request were imported), starts
``http.server`` and ``xmlrpc.server`` on 127.0.0.1 after it, runs
urlopen, xmlrpc.client, urllib3 and requests against them, and prints
what it found.  Whose classes a client ran on is shown twice: by
``isinstance`` where the object is reachable, and by what only our
response carries (the core's parser in ``_parser``, and ``trailers``
filled from a chunked body read through ``read()``).  The four modes run
at once, under ``-W error``; each must exit 0 and write nothing to stderr.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("urllib3")
pytest.importorskip("requests")

CLIENT = Path(__file__).with_name("swap_client.py")
ROOT = Path(__file__).resolve().parents[2]
MODES = ("manual", "manual-after-import", "install", "late")
#: The modes that swap before the clients are imported.
SWAPPED_FIRST = ("manual", "manual-after-import", "install")

OURS = "httpclient_compat._blocking.response.HTTPResponse"
TRAILERS = [["X-Sum", "42"]]
INSTALLED = ["ours", "ours"]  # sys.modules["http.client"], and http.client
UNINSTALLED = ["stdlib", "stdlib"]


def _env() -> dict[str, str]:
    """The package importable; no proxy, so every request stays on 127.0.0.1."""
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    return env


@pytest.fixture(scope="module")
def runs() -> dict[str, Any]:
    """Every mode's findings, the modes run at once."""
    started = {
        mode: subprocess.Popen(
            [sys.executable, "-W", "error", str(CLIENT), mode],
            cwd=ROOT,
            env=_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for mode in MODES
    }
    outputs = {}
    for mode, process in started.items():  # every process is waited for before any assert
        try:
            outputs[mode] = process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            outputs[mode] = ("", "no answer in 60 s\n" + process.communicate()[1])
    found = {}
    for mode, (out, err) in outputs.items():
        assert started[mode].returncode == 0, f"{mode}:\n{err}"
        assert err == "", f"{mode} wrote to stderr:\n{err}"
        found[mode] = json.loads(out)
        assert found[mode]["outside loopback"] == [], mode
    return found


def _is_ours(response: dict[str, Any], trailers: Any = None) -> None:
    assert response["class"] == OURS
    assert response["ours"]
    assert response["a stdlib response"]
    assert response["parser"], "no core parser in _parser"
    assert response["trailers"] == trailers


@pytest.mark.parametrize("mode", SWAPPED_FIRST)
def test_urlopen_returns_our_response(runs: dict[str, Any], mode: str) -> None:
    urlopen = runs[mode]["clients"]["urlopen"]
    _is_ours(urlopen["plain"])
    assert urlopen["plain"]["body"] == "plain"
    _is_ours(urlopen["chunked"], trailers=TRAILERS)
    assert urlopen["chunked"]["body"] == "hello world"


@pytest.mark.parametrize("mode", SWAPPED_FIRST)
def test_xmlrpc_connects_and_reads_with_our_classes(runs: dict[str, Any], mode: str) -> None:
    xmlrpc = runs[mode]["clients"]["xmlrpc"]
    assert xmlrpc["result"] == 5
    assert xmlrpc["connection"] == "httpclient_compat._blocking.connection.HTTPConnection"
    assert xmlrpc["connection ours"]
    _is_ours(xmlrpc["response"])


@pytest.mark.parametrize("mode", SWAPPED_FIRST)
def test_urllib3_connection_derives_from_ours(runs: dict[str, Any], mode: str) -> None:
    """urllib3 imported after the swap subclasses our connection, and our
    read() of its chunked body fills ``trailers``."""
    urllib3 = runs[mode]["clients"]["urllib3"]
    assert urllib3["connection ours"]
    _is_ours(urllib3["plain"])
    assert urllib3["plain"]["body"] == "plain"
    _is_ours(urllib3["chunked"], trailers=TRAILERS)
    assert urllib3["chunked"]["body"] == "hello world"


@pytest.mark.parametrize("mode", SWAPPED_FIRST)
def test_requests_reads_our_responses(runs: dict[str, Any], mode: str) -> None:
    """requests' responses are ours; it reads a chunked body with urllib3's
    own chunk reader, so ``trailers`` stays None."""
    requests = runs[mode]["clients"]["requests"]
    _is_ours(requests["get"])
    first, chunked = requests["session"]
    _is_ours(first)
    _is_ours(chunked)
    assert [requests["get"]["body"], first["body"], chunked["body"]] == [
        "plain",
        "plain",
        "hello world",
    ]


@pytest.mark.parametrize("mode", SWAPPED_FIRST)
def test_http_server_reads_request_heads_with_our_parse_headers(
    runs: dict[str, Any], mode: str
) -> None:
    """Our parse_headers' HTTPException for 101 fields is http.server's 431."""
    clients = runs[mode]["clients"]
    assert clients["http.server read heads with"] == ["httpclient_compat._blocking.message"]
    assert clients["http.server, 101 fields"] == [431, "Too many headers", 1]


def test_the_manual_modes_differ_in_whether_http_client_was_imported(
    runs: dict[str, Any],
) -> None:
    assert runs["manual"]["http.client imported before the swap"] is False
    assert runs["manual-after-import"]["http.client imported before the swap"] is True


def test_install_with_nothing_imported_before_warns_nothing(runs: dict[str, Any]) -> None:
    assert runs["install"]["warnings at install"] == []


def test_urlopen_over_tls_runs_on_ours_under_install(runs: dict[str, Any]) -> None:
    response = runs["install"]["urlopen over TLS"]
    _is_ours(response, trailers=TRAILERS)
    assert response["body"] == "hello world"


def test_uninstall_puts_the_stdlib_module_back(runs: dict[str, Any]) -> None:
    steps = runs["install"]["lifecycle"]
    assert steps["installed"] == INSTALLED
    assert steps["after uninstall()"] == [*UNINSTALLED, False]
    assert steps["after a second uninstall()"] == UNINSTALLED


def test_install_twice_then_uninstall_once_is_uninstalled(runs: dict[str, Any]) -> None:
    assert runs["install"]["lifecycle"]["install() twice, uninstall() once"] == UNINSTALLED


def test_nested_installed_blocks_undo_the_swap_when_the_outer_ends(
    runs: dict[str, Any],
) -> None:
    outer_value, inner, after_inner, after_outer = runs["install"]["lifecycle"][
        "nested installed()"
    ]
    assert outer_value is True, "installed() gives the package"
    assert inner == after_inner == INSTALLED
    assert after_outer == UNINSTALLED


def test_installed_and_install_keep_the_swap_while_either_holds(runs: dict[str, Any]) -> None:
    steps = runs["install"]["lifecycle"]
    assert steps["installed() inside install()"] == INSTALLED
    assert steps["uninstall() inside installed()"] == [INSTALLED, UNINSTALLED]


def test_installed_in_threads_holds_until_the_last_block_ends(runs: dict[str, Any]) -> None:
    after_each = runs["install"]["lifecycle"]["threads leaving one by one"]
    assert after_each == [INSTALLED] * 8 + [UNINSTALLED]


def test_installed_in_racing_threads_never_drops_the_swap_inside_a_block(
    runs: dict[str, Any],
) -> None:
    raced = runs["install"]["lifecycle"]["threads racing"]
    assert raced == {"blocks without the swap": 0, "after": UNINSTALLED}


def test_install_after_urllib3_warns_naming_urllib3_connection(runs: dict[str, Any]) -> None:
    late = runs["late"]
    ((category, message),) = late["warnings at install"]
    assert category == "httpclient_compat.swap.InstallWarning"
    assert "urllib3.connection," in message
    assert "urllib.request" not in message, "it looks http.client up when it runs"
    assert "urllib3.connection" in late["bound before"]


def test_urllib3_imported_before_install_keeps_the_stdlib_classes(runs: dict[str, Any]) -> None:
    """The documented limitation: urllib3's connection and requests' responses stay the stdlib's."""
    late = runs["late"]
    assert late["urllib3 connection"] == {"stdlib's subclass": True, "ours": False}
    for response in [late["requests"]["get"], *late["requests"]["session"]]:
        assert response["class"] == "http.client.HTTPResponse"
        assert not response["ours"]
        assert not response["parser"]
        assert response["trailers"] == "no such attribute"


def test_urlopen_imported_before_install_runs_on_ours(runs: dict[str, Any]) -> None:
    urlopen = runs["late"]["urlopen"]
    _is_ours(urlopen["plain"])
    _is_ours(urlopen["chunked"], trailers=TRAILERS)


def test_a_module_knob_set_while_installed_is_set_on_the_package(runs: dict[str, Any]) -> None:
    knobs = runs["install"]["knobs"]
    assert knobs["same module"] is True
    assert knobs["ours reads"] == 5


def test_maxheaders_set_while_installed_caps_a_response_head(runs: dict[str, Any]) -> None:
    assert runs["install"]["knobs"]["ten fields"] == "HTTPException: got more than 5 headers"
