"""Our classes subclass the stdlib's and override every method.

Statically: every function, staticmethod, classmethod and property in the
stdlib classes' own ``__dict__`` is defined again by a class of ours.
Dynamically: with every such stdlib function wrapped in a tracer, a full
tour of our classes over fake sockets runs no stdlib method body.
"""

from __future__ import annotations

import functools
import http.client
import inspect
import io
import ssl
from collections.abc import Callable
from typing import Any

import pytest

import httpclient_compat as client
from httpclient_compat import HTTPConnection, HTTPResponse, HTTPSConnection

from .fakes import FakeSocket, connection_on

STDLIB_TO_OURS: dict[type, type] = {
    http.client.HTTPConnection: HTTPConnection,
    http.client.HTTPSConnection: HTTPSConnection,
    http.client.HTTPResponse: HTTPResponse,
}


def _is_method(obj: object) -> bool:
    return inspect.isfunction(obj) or isinstance(obj, (staticmethod, classmethod, property))


def _stdlib_methods() -> list[tuple[type, str]]:
    return [
        (stdlib_class, name)
        for stdlib_class in STDLIB_TO_OURS
        for name, obj in vars(stdlib_class).items()
        if _is_method(obj)
    ]


def _definer(cls: type, name: str) -> type:
    return next(klass for klass in cls.__mro__ if name in vars(klass))


def test_our_classes_subclass_the_stdlib_classes() -> None:
    for stdlib_class, ours in STDLIB_TO_OURS.items():
        assert issubclass(ours, stdlib_class)
        assert ours.__module__.startswith("httpclient_compat.")


def test_the_walk_finds_the_methods_it_must_check() -> None:
    """Guards the walk itself: an empty walk would pass anything."""
    names = {(cls.__name__, name) for cls, name in _stdlib_methods()}
    for expected in [
        ("HTTPConnection", "_send_output"),
        ("HTTPConnection", "_is_textIO"),  # a staticmethod
        ("HTTPSConnection", "connect"),
        ("HTTPResponse", "_safe_read"),
        ("HTTPResponse", "__iter__"),
    ]:
        assert expected in names
    assert len(names) >= 50


@pytest.mark.parametrize(
    ("stdlib_class", "name"),
    _stdlib_methods(),
    ids=[f"{cls.__name__}.{name}" for cls, name in _stdlib_methods()],
)
def test_every_stdlib_method_is_overridden_by_our_package(stdlib_class: type, name: str) -> None:
    definer = _definer(STDLIB_TO_OURS[stdlib_class], name)
    assert definer.__module__.startswith("httpclient_compat."), (
        f"{STDLIB_TO_OURS[stdlib_class].__name__}.{name} comes from {definer!r}"
    )
    ours = vars(definer)[name]
    assert type(ours) is type(vars(stdlib_class)[name]), "same kind (staticmethod, property...)"


def test_response_class_is_our_response() -> None:
    assert HTTPConnection.response_class is HTTPResponse
    assert HTTPSConnection.response_class is HTTPResponse


# -- the dynamic proof ---------------------------------------------------------------

Calls = list[str]


def _traced(func: Callable[..., Any], label: str, calls: Calls) -> Callable[..., Any]:
    @functools.wraps(func)
    def tracer(*args: Any, **kwargs: Any) -> Any:
        calls.append(label)
        return func(*args, **kwargs)

    return tracer


def _trace_stdlib(monkeypatch: pytest.MonkeyPatch) -> Calls:
    """Wrap every method body of the stdlib classes; return the call log."""
    calls: Calls = []
    for stdlib_class, name in _stdlib_methods():
        obj = vars(stdlib_class)[name]
        label = f"{stdlib_class.__name__}.{name}"
        wrapped: object
        if isinstance(obj, staticmethod):
            wrapped = staticmethod(_traced(obj.__func__, label, calls))
        elif isinstance(obj, classmethod):
            wrapped = classmethod(_traced(obj.__func__, label, calls))
        elif isinstance(obj, property):
            wrapped = property(
                obj.fget and _traced(obj.fget, label, calls),
                obj.fset and _traced(obj.fset, label, calls),
                obj.fdel and _traced(obj.fdel, label, calls),
            )
        else:
            wrapped = _traced(obj, label, calls)
        monkeypatch.setattr(stdlib_class, name, wrapped)
    return calls


CL_REPLY = b"HTTP/1.1 200 OK\r\nContent-Length: 40\r\nX-Multi: a\r\nX-Multi: b\r\n\r\n" + (
    b"line one\nline two\n" + b"x" * 22
)
CHUNKED_REPLY = (
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    b"a\r\nfirst\nline\r\n6;ext=1\r\nsecond\r\n0\r\nX-Trailer: t\r\n\r\n"
)
CLOSE_REPLY = b"HTTP/1.0 200 OK\r\n\r\nuntil close\nmore"
HEAD_REPLY = b"HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n"
OK_EMPTY = b"HTTP/1.1 204 No Content\r\n\r\n"


class _FakeTLSContext:
    """Stands in for an SSLContext: 'wraps' a fake socket by returning it."""

    verify_mode = ssl.CERT_REQUIRED
    check_hostname = True
    post_handshake_auth = None

    def __init__(self) -> None:
        self.wrapped: list[str] = []

    def wrap_socket(self, sock: Any, server_hostname: str) -> Any:
        self.wrapped.append(server_hostname)
        return sock


def _tour_response_reads(conn: Any) -> list[bytes]:
    """Every read method over a Content-Length body, then a chunked one."""
    got: list[bytes] = []
    conn.request("GET", "/cl")
    resp = conn.getresponse()
    assert resp.getheaders() == [("Content-Length", "40"), ("X-Multi", "a"), ("X-Multi", "b")]
    assert resp.getheader("x-multi") == "a, b"
    assert resp.getheader("missing", "d") == "d"
    assert resp.info() is resp.headers
    assert resp.getcode() == 200
    assert resp.readable()
    resp.flush()
    got.append(resp.peek(4)[:4])
    got.append(resp.readline())
    got.append(next(iter(resp)))
    buffer = bytearray(5)
    assert resp.readinto(buffer) == 5
    got.append(bytes(buffer))
    got.append(resp.read1(3))
    got.append(resp.read(4))
    got.append(resp.read())
    assert resp.isclosed()
    resp.close()

    conn.request("GET", "/chunked")
    resp = conn.getresponse()
    got.append(resp.peek(1)[:1])
    got.append(resp.readline())
    got.append(resp.read1(2))
    buffer = bytearray(3)
    assert resp.readinto(buffer) == 3
    got.append(bytes(buffer))
    got.extend(resp)
    assert resp.trailers is not None
    assert resp.trailers["X-Trailer"] == "t"
    return got


def test_a_full_tour_of_our_classes_runs_no_stdlib_method(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calls = _trace_stdlib(monkeypatch)

    # Plain connection: CL and chunked bodies, every read method.
    sock = FakeSocket(CL_REPLY, CHUNKED_REPLY, CLOSE_REPLY, HEAD_REPLY, *[OK_EMPTY] * 3)
    conn = connection_on(sock)
    assert _tour_response_reads(conn) == [
        *(b"line", b"line one\n", b"line two\n", b"xxxxx", b"xxx", b"xxxx", b"x" * 10),
        *(b"f", b"first\n", b"li", b"nes", b"econd"),
    ]

    # Uploads: bytes, str, a binary and a text file, an iterable (chunked).
    conn.request("POST", "/bytes", body=b"payload", headers={"X-A": "1"})
    resp = conn.getresponse()
    assert resp.read() == b"until close\nmore"
    conn.request("HEAD", "/head", body="text body")
    resp = conn.getresponse()
    assert resp.read() == b""
    conn.request("PUT", "/file", body=io.BytesIO(b"file body"))
    conn.getresponse().read()
    conn.request("PUT", "/text", body=io.StringIO("text file"), headers={"Content-Length": "9"})
    conn.getresponse().read()

    # urllib3 style: the head, then pre-framed chunks through send().
    conn.set_debuglevel(1)
    conn.putrequest("POST", "/raw", skip_host=True, skip_accept_encoding=True)
    conn.putheader("Host", "example.com")
    conn.putheader(b"Transfer-Encoding", b"chunked")
    conn.endheaders()
    conn.send(b"3\r\nabc\r\n")
    conn.send([b"0\r\n", b"\r\n"])
    assert conn.getresponse().status == 204
    conn.close()

    # Error paths: a peer that closed, a short body.
    conn = connection_on(FakeSocket(b"", b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc"))
    conn.request("GET", "/")
    with pytest.raises(http.client.RemoteDisconnected):
        conn.getresponse()
    conn.request("GET", "/")
    with pytest.raises(http.client.IncompleteRead):
        conn.getresponse().read()
    conn.close()

    # Raw helpers that urllib3 calls on the response.
    resp = HTTPResponse(FakeSocket(CHUNKED_REPLY), method="GET")
    resp.begin()
    assert resp._read_next_chunk_size() == 10
    assert resp._safe_read(10) == b"first\nline"
    resp.fp.readline()
    assert resp._read_next_chunk_size() == 6
    assert resp._safe_readinto(bytearray(6)) == 6
    resp.fp.readline()
    assert resp._read_next_chunk_size() == 0
    resp._read_and_discard_trailer()
    resp.close()

    # A CONNECT tunnel through a fake proxy, then HTTPS over it.
    context = _FakeTLSContext()
    tunnel_sock = FakeSocket(b"HTTP/1.1 200 Connection established\r\nVia: p\r\n\r\n", OK_EMPTY)
    https = connection_on(
        tunnel_sock,
        cls=HTTPSConnection,
        context=context,
    )
    https.set_tunnel("origin.example", 8443, {"Proxy-Authorization": "Basic eA=="})
    https.request("GET", "/")
    assert https.getresponse().status == 204
    assert https.get_proxy_response_headers()["Via"] == "p"
    assert context.wrapped == ["origin.example"]
    https.close()
    plain_https = HTTPSConnection("[::1]:8443", timeout=3)
    assert (plain_https.host, plain_https.port) == ("::1", 8443)
    assert plain_https._context.verify_mode == ssl.CERT_REQUIRED
    assert HTTPConnection._get_content_length(b"abc", "POST") == 3
    assert HTTPConnection._is_textIO(io.StringIO())
    assert client.HTTPConnection("h", 1, 1.0, ("127.0.0.1", 0), 16).blocksize == 16

    capsys.readouterr()
    assert calls == []


def test_the_tracer_sees_stdlib_method_bodies_when_they_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The control: the same tracing catches the stdlib's own classes."""
    calls = _trace_stdlib(monkeypatch)
    conn = connection_on(FakeSocket(CL_REPLY), cls=http.client.HTTPConnection)
    conn.request("GET", "/")
    conn.getresponse().read()
    conn.close()
    assert {
        "HTTPConnection.request",
        "HTTPConnection._send_output",
        "HTTPResponse.begin",
        "HTTPResponse.read",
    } <= set(calls)
