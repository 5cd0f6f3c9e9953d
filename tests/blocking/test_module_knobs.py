"""The module-level knobs callers rebind take effect when used, as in http.client.

http.client reads ``_MAXLINE``, ``_MAXHEADERS``, ``_METHODS_EXPECTING_BODY``,
its header, URL and method checks and ``socket`` from its module globals
each time it needs them; a caller's ``client._MAXHEADERS = 1000`` is a
widespread recipe.  Each test sets a knob on both modules and compares
what they do with the same bytes.  Rebinding a check is the escape hatch
from the core's stricter rules (the differences page).
"""

from __future__ import annotations

import http.client
import io
import re
import subprocess
import sys
import textwrap
from typing import Any
from unittest import mock

import pytest

import httpclient_compat

from .fakes import FakeSocket

MODULES = [pytest.param(http.client, id="http.client"), pytest.param(httpclient_compat, id="ours")]


@pytest.fixture
def both(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Sets a knob on both modules for the test's length."""

    def set_knob(name: str, value: object) -> None:
        monkeypatch.setattr(http.client, name, value)
        monkeypatch.setattr(httpclient_compat, name, value)

    return set_knob


def _head(count: int, size: int = 3) -> bytes:
    fields = b"".join(b"X-%d: %s\r\n" % (i, b"v" * size) for i in range(count))
    return b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n" + fields + b"\r\nok"


def _outcome(module: Any, data: bytes, reader: str = "buffered") -> Any:
    sock = mock.Mock()
    raw = io.BytesIO(data)
    sock.makefile.return_value = io.BufferedReader(raw) if reader == "buffered" else raw
    response = module.HTTPResponse(sock)
    try:
        response.begin()
        return response.status, len(response.getheaders()), response.read()
    except Exception as exc:
        return type(exc), str(exc)
    finally:
        response.close()  # no reader left to a finalizer in a later test


@pytest.mark.parametrize("reader", ["buffered", "bytesio"])
@pytest.mark.parametrize(("count", "limit"), [(150, 200), (150, 100), (5, 3), (3, 3), (2, 3)])
def test_maxheaders_set_on_the_module_takes_effect(
    both: Any, count: int, limit: int, reader: str
) -> None:
    both("_MAXHEADERS", limit)
    ours = _outcome(httpclient_compat, _head(count), reader)
    assert ours == _outcome(http.client, _head(count), reader)
    if count + 2 > limit:
        assert ours == (http.client.HTTPException, f"got more than {limit} headers")
    else:
        assert ours[:2] == (200, count + 1)


@pytest.mark.parametrize("reader", ["buffered", "bytesio"])
@pytest.mark.parametrize(("size", "limit"), [(100, 50), (100, 200), (70000, 80000)])
def test_maxline_set_on_the_module_takes_effect(
    both: Any, size: int, limit: int, reader: str
) -> None:
    both("_MAXLINE", limit)
    ours = _outcome(httpclient_compat, _head(2, size), reader)
    assert ours == _outcome(http.client, _head(2, size), reader)
    assert (ours[0] is http.client.LineTooLong) == (size + 7 > limit)


@pytest.mark.parametrize(
    "data",
    [
        b"HTTP/1.1 200 " + b"R" * 40 + b"\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        + b"0" * 40
        + b"5\r\nhello\r\n0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-T: "
        + b"t" * 40
        + b"\r\n\r\n",
    ],
    ids=["status line", "chunk-size line", "trailer line"],
)
def test_maxline_limits_every_kind_of_line(both: Any, data: bytes) -> None:
    both("_MAXLINE", 30)
    ours = _outcome(httpclient_compat, data)
    assert ours == _outcome(http.client, data)
    assert ours[0] is http.client.LineTooLong


@pytest.mark.parametrize("module", MODULES)
def test_parse_headers_and_read_headers_read_the_knobs(both: Any, module: Any) -> None:
    both("_MAXHEADERS", 3)
    with pytest.raises(http.client.HTTPException, match="got more than 3 headers"):
        module.parse_headers(io.BytesIO(b"A: 1\r\nB: 2\r\nC: 3\r\n\r\n"))
    both("_MAXLINE", 5)
    with pytest.raises(http.client.LineTooLong):
        module._read_headers(io.BytesIO(b"Long: line\r\n\r\n"))


def _sent(module: Any, method: str, body: Any = None) -> bytes:
    conn = module.HTTPConnection("example.com")
    conn.sock = FakeSocket(b"")
    conn.request(method, "/", body)
    sent: bytes = conn.sock.data
    return sent


def test_methods_expecting_body_changed_in_place_takes_effect() -> None:
    """A DELETE without a body gets ``Content-Length: 0`` once the caller
    adds it to the set, after the same request was sent before."""
    before = _sent(httpclient_compat, "DELETE")
    assert b"Content-Length" not in before
    added = []
    for module in (http.client, httpclient_compat):
        methods: Any = vars(module)["_METHODS_EXPECTING_BODY"]
        methods.add("DELETE")
        try:
            added.append(_sent(module, "DELETE"))
        finally:
            methods.discard("DELETE")
    assert added[0] == added[1]
    assert b"Content-Length: 0\r\n" in added[1]
    assert _sent(httpclient_compat, "DELETE") == before


def test_rebound_header_name_check_is_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    conn = httpclient_compat.HTTPConnection("example.com")
    conn.putrequest("GET", "/")
    with pytest.raises(ValueError, match="Invalid header name"):
        conn.putheader("X Y", "1")  # not a token: refused by default
    monkeypatch.setattr(httpclient_compat, "_is_legal_header_name", re.compile(rb".+").fullmatch)
    conn.putheader("X Y", "1")
    assert conn._buffer[-1] == b"X Y: 1"
    with pytest.raises(ValueError, match="Invalid header value"):
        conn.putheader("X", "a\x00b")  # the value check is still the core's
    monkeypatch.setattr(httpclient_compat, "_is_legal_header_name", re.compile(rb"X-.*").fullmatch)
    with pytest.raises(ValueError, match=re.escape("Invalid header name b'Y'")):
        conn.putheader("Y", "1")


def test_rebound_header_value_check_is_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(httpclient_compat, "_is_illegal_header_value", re.compile(rb"\n").search)
    for module in (http.client, httpclient_compat):
        monkeypatch.setattr(module, "_is_illegal_header_value", re.compile(rb"\n").search)
        conn = module.HTTPConnection("example.com")
        conn.sock = FakeSocket(b"")
        conn.putrequest("GET", "/")
        with pytest.raises(ValueError, match="Invalid header value"):
            conn.putheader("X", "a\nb")
    with pytest.raises(ValueError, match="Invalid header name"):
        conn.putheader("X Y", "1")  # the name check is still the core's
    assert _sent_with(monkeypatch, {"X-Nul": "a\x00b", "X-Int": 5})


def _sent_with(monkeypatch: pytest.MonkeyPatch, headers: dict[str, Any]) -> bool:
    sent = []
    for module in (http.client, httpclient_compat):
        conn = module.HTTPConnection("example.com")
        conn.sock = FakeSocket(b"")
        conn.request("GET", "/", headers=headers)
        sent.append(conn.sock.data)
    return sent[0] == sent[1] and b"X-Nul: a\x00b\r\nX-Int: 5\r\n" in sent[1]


def test_rebound_url_and_method_patterns_are_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    conn = httpclient_compat.HTTPConnection("example.com")
    with pytest.raises(httpclient_compat.InvalidURL):
        conn.putrequest("GET", "/a b")
    sent = []
    for module in (http.client, httpclient_compat):
        monkeypatch.setattr(module, "_contains_disallowed_url_pchar_re", re.compile("[\x00-\x1f]"))
        monkeypatch.setattr(module, "_contains_disallowed_method_pchar_re", re.compile("[\n]"))
        conn = module.HTTPConnection("example.com")
        conn.sock = FakeSocket(b"")
        conn.request("GE T", "/a b")
        sent.append(conn.sock.data)
        with pytest.raises(http.client.InvalidURL, match="URL can't contain control characters"):
            module.HTTPConnection("example.com").putrequest("GET", "/a\x01")
        with pytest.raises(ValueError, match="method can't contain control characters"):
            module.HTTPConnection("example.com").putrequest("G\nET", "/")
    assert sent[0] == sent[1]
    assert sent[1].startswith(b"GE T /a b HTTP/1.1\r\n")


def test_socket_rebound_on_the_module_makes_the_connection() -> None:
    made = []

    class FakeSocketModule:
        @staticmethod
        def create_connection(address: Any, timeout: Any, source: Any) -> FakeSocket:
            made.append(address)
            return FakeSocket(b"HTTP/1.1 204 No Content\r\n\r\n")

    with mock.patch.object(httpclient_compat, "socket", FakeSocketModule):
        conn = httpclient_compat.HTTPConnection("example.com", 8080)
        conn.request("GET", "/")
        assert conn.getresponse().status == 204
    assert made == [("example.com", 8080)]


def test_knobs_set_on_http_client_under_install_take_effect() -> None:
    """Under ``install()``, ``http.client`` is this package: a knob set there
    is read by our classes (run in a fresh interpreter: the swap is global)."""
    script = textwrap.dedent(
        """
        import io, httpclient_compat
        httpclient_compat.install()
        import http.client
        assert http.client is httpclient_compat
        class Sock:
            def __init__(self, data): self.data = data
            def makefile(self, mode): return io.BufferedReader(io.BytesIO(self.data))
        head = b"HTTP/1.1 200 OK\\r\\n" + b"X: y\\r\\n" * 5 + b"\\r\\n"
        http.client._MAXHEADERS = 3
        response = http.client.HTTPResponse(Sock(head))
        try:
            response.begin()
        except http.client.HTTPException as exc:
            print("headers:", exc)
        http.client._MAXHEADERS = 100
        http.client._MAXLINE = 10
        try:
            http.client.HTTPResponse(Sock(head)).begin()
        except http.client.LineTooLong as exc:
            print("line:", exc)
        print(type(response).__module__)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "headers: got more than 3 headers",
        "line: got more than 10 bytes when reading status line",
        "httpclient_compat._blocking.response",
    ]
