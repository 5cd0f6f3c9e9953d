"""Any socket http.client accepts: ``HTTPResponse`` over what it does not know.

http.client only calls ``sock.makefile("rb")`` and reads the file it gets
with ``readline``, ``read``, ``readinto``, ``read1`` and ``peek``.  The
shell's fast paths (a real socket's file made by hand, a whole head or
whole chunks taken from ``peek()``) must check for the objects they know
and leave everything else to the general path.  Each case here runs the
same bytes through both modules over one kind of socket and compares
status, headers, body, the exception and ``isclosed()``.
"""

from __future__ import annotations

import io
import socket
import sys
from collections.abc import Callable, Iterator
from typing import Any
from unittest import mock

import pytest

import httpclient_compat
from httpclient_compat._blocking.fastpaths import buffered_peek, is_plain_socket

from .fakes import NoEOFBytesIO

STREAMS = {
    "length": b"HTTP/1.1 200 OK\r\nContent-Length: 11\r\nX-A: b\r\n\r\nhello world",
    "chunked": (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"5\r\nhello\r\n6\r\n world\r\n0\r\nX-T: 1\r\n\r\n"
    ),
    "until close": b"HTTP/1.0 200 OK\r\nX-A: b\r\n\r\nhello world",
    "interim": b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\nX-A: b\r\n\r\n",
    "interim then close": b"HTTP/1.1 103 Early Hints\r\nLink: </s>\r\n\r\n",
    "short": b"HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\nhello",
    "bad status": b"HTTX/1.1 200 OK\r\n\r\n",
    "empty": b"",
}


class NoPeekFile:
    """A file with ``readline``, ``read`` and ``close`` only."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readline(self, size: int = -1) -> bytes:
        return self._data.readline(size)

    def read(self, size: int | None = -1) -> bytes:
        return self._data.read(size)

    def close(self) -> None:
        self._data.close()

    def flush(self) -> None:
        pass


class OddPeekReader(io.BufferedReader):
    """A buffered reader whose ``peek`` shows nothing: a fast path that
    trusted any ``peek`` would read no head at all."""

    def peek(self, size: int = 0, /) -> bytes:
        return b""


def _socketpair_with(data: bytes) -> socket.socket:
    reader, writer = socket.socketpair()
    writer.sendall(data)
    writer.close()
    return reader


class ForwardingSocket:
    """A wrapper that forwards every attribute to a real socket."""

    def __init__(self, data: bytes) -> None:
        self._sock = _socketpair_with(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


def _sockets(data: bytes) -> Iterator[tuple[str, Callable[[], Any]]]:
    """Every kind of socket, each made afresh per call, over *data*."""

    def mock_with(kind: type[mock.Mock], file: Callable[[], Any]) -> Callable[[], Any]:
        def make() -> Any:
            sock = kind()
            sock.makefile.return_value = file()
            return sock

        return make

    class ClassSocket:
        """A class used as the socket: makefile is a classmethod."""

        @classmethod
        def makefile(cls, mode: str, *args: Any) -> io.BytesIO:
            return io.BytesIO(data)

    class BytesIOSocket:
        def makefile(self, mode: str, *args: Any) -> io.BytesIO:
            return io.BytesIO(data)

    class NoPeekSocket:
        def makefile(self, mode: str, *args: Any) -> NoPeekFile:
            return NoPeekFile(data)

    class OddPeekSocket:
        def makefile(self, mode: str, *args: Any) -> io.BufferedReader:
            return OddPeekReader(io.BytesIO(data))

    yield "Mock()", mock.Mock
    yield "MagicMock()", mock.MagicMock
    yield "Mock() -> BytesIO", mock_with(mock.Mock, lambda: io.BytesIO(data))
    yield "MagicMock() -> BytesIO", mock_with(mock.MagicMock, lambda: io.BytesIO(data))
    yield "Mock() -> no-EOF BytesIO", mock_with(mock.Mock, lambda: NoEOFBytesIO(data))
    yield "class with a makefile classmethod", lambda: ClassSocket
    yield "makefile gives a BytesIO", BytesIOSocket
    yield "file without peek or readinto", NoPeekSocket
    yield "buffered reader with its own peek", OddPeekSocket
    yield "attribute-forwarding wrapper", lambda: ForwardingSocket(data)
    yield "real socket", lambda: _socketpair_with(data)


def _read(response: Any, how: str) -> Any:
    if how == "read()":
        return response.read()
    if how == "read(4) x3":
        return [response.read(4), response.read(4), response.read()]
    if how == "readinto":
        buffer = bytearray(64)
        count = response.readinto(buffer)
        return bytes(buffer[:count])
    if how == "read1":
        return [response.read1(), response.read()]
    if how == "readline":
        return [response.readline(), response.read()]
    assert how == "peek"
    return [response.peek()[:0], response.read()]


READS = ("read()", "read(4) x3", "readinto", "read1", "readline", "peek")


def _outcome(module: Any, make: Callable[[], Any], how: str, method: str) -> Any:
    """What a caller sees: status, headers, body, isclosed(), or the error."""
    sock = make()
    try:
        response = module.HTTPResponse(sock, method=method)
        seen: list[Any] = []
        try:
            response.begin()
            seen += [response.status, response.reason, response.version, response.getheaders()]
            seen.append(_read(response, how))
            seen.append(response.isclosed())
        except Exception as exc:
            seen.append((type(exc), str(exc)))
        finally:
            # Closed, so no reader is left to a finalizer (flush on a file
            # without flush raises there on both modules).
            with _quietly():
                response.close()
        return seen
    finally:
        if isinstance(sock, (socket.socket, ForwardingSocket)):
            sock.close()


class _quietly:
    def __enter__(self) -> None:
        pass

    def __exit__(self, *exc: object) -> bool:
        return True


CASES = [
    (stream, name, how)
    for stream, data in STREAMS.items()
    for name, _ in _sockets(data)
    for how in READS
    # http.client takes a lone 1xx as final at once; ours reads on to the
    # end of the stream first, which a file failing reads past EOF refuses.
    if (stream, name) != ("interim then close", "Mock() -> no-EOF BytesIO")
]


def _maker(stream: str, name: str) -> Callable[[], Any]:
    return dict(_sockets(STREAMS[stream]))[name]


_PYTHON_3_9 = sys.version_info < (3, 10)


def _differs_on_this_interpreter(stream: str, sock: str, how: str) -> bool:
    """The cases where Python 3.9's http.client makes other file calls than
    3.10 and later, which ours follow (the differences page): read(amt)
    through readinto(), and a short body's read() tried again past EOF."""
    if not _PYTHON_3_9:
        return False
    if sock == "file without peek or readinto" and how == "read(4) x3":
        return True
    return sock == "Mock() -> no-EOF BytesIO" and stream == "short" and how == "read()"


@pytest.mark.parametrize(("stream", "sock", "how"), CASES)
def test_response_over_any_socket_behaves_as_http_client(stream: str, sock: str, how: str) -> None:
    """The same bytes over the same kind of socket: what each module shows."""
    import http.client

    make = _maker(stream, sock)
    ours = _outcome(httpclient_compat, make, how, "GET")
    if _differs_on_this_interpreter(stream, sock, how):
        pytest.skip("Python 3.9's http.client makes other file calls here")
    assert ours == _outcome(http.client, make, how, "GET")


@pytest.mark.parametrize("sock", [name for name, _ in _sockets(b"")])
def test_head_response_over_any_socket_behaves_as_http_client(sock: str) -> None:
    import http.client

    make = _maker("length", sock)
    assert _outcome(httpclient_compat, make, "read()", "HEAD") == _outcome(
        http.client, make, "read()", "HEAD"
    )


def test_fast_path_checks_know_only_real_sockets_and_buffered_readers() -> None:
    """Each check says no to what it does not know, and yes to the real thing."""
    reader, writer = socket.socketpair()
    try:
        assert is_plain_socket(reader)
        fp = reader.makefile("rb")
        assert buffered_peek(fp) is not None
        fp.close()
    finally:
        reader.close()
        writer.close()
    strangers: list[Any] = [
        mock.Mock(),
        mock.MagicMock(),
        mock.Mock(spec=socket.socket),
        mock.MagicMock(spec=io.BufferedReader),
        ForwardingSocket(b""),
        socket.socket,
        io.BytesIO(b""),
        OddPeekReader(io.BytesIO(b"")),
        NoPeekFile(b""),
    ]
    for stranger in strangers:
        assert not is_plain_socket(stranger), stranger
        assert buffered_peek(stranger) is None, stranger
    strangers[4].close()


def test_response_over_a_mock_socket_calls_makefile_as_http_client_does() -> None:
    import http.client

    for module in (http.client, httpclient_compat):
        sock = mock.Mock()
        sock.makefile.return_value = io.BytesIO(STREAMS["length"])
        response = module.HTTPResponse(sock)
        sock.makefile.assert_called_once_with("rb")
        response.begin()
        assert response.read() == b"hello world"


def test_fp_assigned_by_a_caller_is_read_as_any_file() -> None:
    """A file put in ``fp`` after ``begin()`` is read with read() alone."""
    import http.client

    results = []
    for module in (http.client, httpclient_compat):
        sock = mock.Mock()
        sock.makefile.return_value = io.BytesIO(STREAMS["chunked"])
        response = module.HTTPResponse(sock)
        response.begin()
        response.fp = NoPeekFile(b"3\r\nabc\r\n0\r\n\r\n")
        results.append(response.read())
    assert results == [b"abc", b"abc"]


@pytest.mark.parametrize("kind", [mock.Mock, mock.MagicMock])
def test_request_over_a_mock_socket_sends_what_http_client_sends(kind: type[mock.Mock]) -> None:
    """The one-piece request head goes to ``sock.sendall`` as send() would."""
    import http.client

    calls = []
    for module in (http.client, httpclient_compat):
        conn = module.HTTPConnection("example.com")
        conn.sock = kind()
        conn.request("GET", "/a")
        calls.append(conn.sock.sendall.call_args_list)
    assert calls[0] == calls[1]
    assert calls[1] == [
        mock.call(b"GET /a HTTP/1.1\r\nHost: example.com\r\nAccept-Encoding: identity\r\n\r\n")
    ]
