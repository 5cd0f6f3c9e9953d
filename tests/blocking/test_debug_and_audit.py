"""Debug output and audit events, compared with http.client's for the same exchange."""

from __future__ import annotations

import http.client
import io
import re
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest

import httpclient_compat as client

from .fakes import AuditLog, FakeSocket, audit_events, connection_on

CONTINUE_THEN_OK = (
    b"HTTP/1.1 100 Continue\r\nX-Interim: 1\r\n\r\n"
    b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n\r\nhi"
)
CHUNKED = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n"
CLOSE = b"HTTP/1.0 404 Not Found\r\nContent-Type: text/plain\r\n\r\nnope"


def _exchanges(module: ModuleType, sock: FakeSocket) -> Any:
    conn = connection_on(sock, cls=module.HTTPConnection)
    conn.set_debuglevel(1)
    conn.request("POST", "/form", body="a=1", headers={"X-A": "1"})
    conn.getresponse().read()
    conn.request("PUT", "/file", body=io.BytesIO(b"abc"))
    conn.getresponse().read()
    conn.request("PUT", "/iter", body=[b"a", b"", b"b"])
    conn.getresponse().read()
    conn.request("PUT", "/text", body=io.StringIO("t\xe9"), headers={"Content-Length": "2"})
    conn.getresponse().read()
    conn.request("HEAD", "/gone")
    try:
        conn.getresponse()
    except http.client.RemoteDisconnected as exc:
        print("raised", repr(exc))
    return conn


def _printed(
    module: ModuleType,
    run: Callable[[ModuleType, FakeSocket], Any],
    sock: FakeSocket,
    capsys: pytest.CaptureFixture[str],
) -> list[str]:
    capsys.readouterr()
    run(module, sock)
    return re.sub(r" at 0x[0-9a-f]+", "", capsys.readouterr().out).split("\n")


def test_debug_output_is_worded_as_http_client_words_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    replies = (CONTINUE_THEN_OK, CHUNKED, CLOSE, CHUNKED, b"")
    ours = _printed(client, _exchanges, FakeSocket(*replies), capsys)
    stdlib = _printed(http.client, _exchanges, FakeSocket(*replies), capsys)
    assert ours == stdlib
    for expected in [
        "send: b'POST /form HTTP/1.1\\r\\nHost: example.com\\r\\nAccept-Encoding: identity"
        "\\r\\nContent-Length: 3\\r\\nX-A: 1\\r\\n\\r\\n'",
        "reply: 'HTTP/1.1 100 Continue\\r\\n'",
        "headers: [b'X-Interim: 1\\r\\n', b'\\r\\n']",
        "header: Set-Cookie: b=2",
        "Zero length chunk ignored",
        "encoding file using iso-8859-1",
    ]:
        assert expected in ours


def _tunnelled(module: ModuleType, sock: FakeSocket) -> Any:
    conn = connection_on(sock, cls=module.HTTPConnection)
    conn.set_debuglevel(1)
    conn.set_tunnel("origin.example", 8080, headers={"Proxy-Authorization": "Basic eA=="})
    conn.request("GET", "/")
    conn.getresponse().read()


def test_debug_output_of_a_tunnel_is_worded_as_http_client_words_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    replies = (b"HTTP/1.1 200 Connection established\r\nVia: 1.1 proxy\r\n\r\n", CHUNKED)
    ours = _printed(client, _tunnelled, FakeSocket(*replies), capsys)
    stdlib = _printed(http.client, _tunnelled, FakeSocket(*replies), capsys)
    assert ours == stdlib
    assert "header: Via: 1.1 proxy\r" in ours


def test_debuglevel_set_on_the_class_turns_debug_output_on(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The logging recipe of requests' docs sets the class attribute."""
    monkeypatch.setattr(client.HTTPConnection, "debuglevel", 1)
    conn = connection_on(FakeSocket(CHUNKED))
    conn.request("GET", "/")
    conn.getresponse().read()
    assert capsys.readouterr().out.splitlines() == [
        "send: b'GET / HTTP/1.1\\r\\nHost: example.com\\r\\nAccept-Encoding: identity\\r\\n\\r\\n'",
        "reply: 'HTTP/1.1 200 OK\\r\\n'",
        "header: Transfer-Encoding: chunked",
    ]


# -- audit events ---------------------------------------------------------------------------


def _audited(module: ModuleType) -> tuple[Any, AuditLog]:
    sock = FakeSocket(b"HTTP/1.1 200 OK\r\n\r\n", CHUNKED, CHUNKED)
    with audit_events() as log:
        conn = connection_on(sock, cls=module.HTTPConnection)
        conn.set_tunnel("origin.example", 81)
        conn.request("POST", "/", body=b"abc")
        conn.getresponse().read()
        conn.request("PUT", "/", body=io.BytesIO(b"x" * 10000), headers={"Content-Length": "10000"})
        conn.getresponse().read()
        conn.close()
    return conn, log


def test_connect_and_send_raise_the_stdlib_audit_events_with_the_same_arguments() -> None:
    conn, ours = _audited(client)
    _, stdlib = _audited(http.client)
    assert all(args[0] is conn for _, args in ours)
    assert [(event, args[1:]) for event, args in ours] == [
        (event, args[1:]) for event, args in stdlib
    ]
    assert [event for event, _ in ours] == ["http.client.connect"] + ["http.client.send"] * 6
    assert ours[0][1][1:] == ("example.com", 80)


def test_send_of_a_file_raises_one_audit_event_per_block() -> None:
    sock = FakeSocket()
    conn = client.HTTPConnection("example.com", blocksize=4)
    conn.sock = sock
    with audit_events() as log:
        conn.send(io.BytesIO(b"0123456789"))
    assert [args[1] for _, args in log] == [b"0123", b"4567", b"89"]
    assert sock.sent == [b"0123", b"4567", b"89"]
