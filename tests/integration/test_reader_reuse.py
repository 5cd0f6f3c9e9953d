"""The reader a keep-alive connection keeps between responses.

A response that arrived whole in the buffer ``begin()`` peeked at, and
nothing after it, leaves its reader empty once its body is read; the
connection's next response reads through it instead of a new
``sock.makefile("rb")``.  What a caller can see of the socket must not
change: these tests hold http.client and us to the same figures where the
two must agree, and show where the reader is kept and where it is not.
"""

from __future__ import annotations

import errno
import functools
import gc
import http.client
import io
import random
import socket
import ssl
import threading
import time
from collections.abc import Callable
from types import ModuleType
from typing import Any
from unittest import mock

import pytest

import httpclient_compat as client
from httpclient_compat._blocking import keeping

from .servers import TIMEOUT, TLS, Peer, RawServer

MODULES = pytest.mark.parametrize("module", [http.client, client], ids=["stdlib", "ours"])

OK = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s"


def _answer(
    response: Callable[[bytes], list[bytes]], closed: threading.Event | None = None
) -> Callable[[Peer, RawServer], None]:
    """A handler answering each request with the pieces *response(target)*
    gives, sent one by one with a pause between them; *closed* is set when
    the client closes the connection."""

    def handler(peer: Peer, server: RawServer) -> None:
        while (request := peer.read_request()) is not None:
            for i, piece in enumerate(response(request.target.encode())):
                if i:
                    time.sleep(0.05)  # the client has read what came before
                peer.send(piece)
        if closed is not None:
            closed.set()

    return handler


def _whole(target: bytes) -> list[bytes]:
    return [OK % (len(target), target)]


def _connection(module: ModuleType, port: int) -> Any:
    return module.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)


def _get(conn: Any, target: str, method: str = "GET") -> tuple[Any, Any, bytes]:
    """Request *target*; the response, its reader before the body is read,
    and the body."""
    conn.request(method, target)
    response = conn.getresponse()
    fp = response.fp
    return response, fp, response.read()


def test_the_next_response_reads_through_the_reader_the_last_one_left() -> None:
    with RawServer(_answer(_whole)) as server:
        conn = _connection(client, server.port)
        try:
            first, fp, body = _get(conn, "/1")
            assert body == b"/1"
            assert first.isclosed()
            assert first.fp is None
            assert not fp.closed  # kept, not closed
            _second, second_fp, body = _get(conn, "/2")
            assert body == b"/2"
            assert second_fp is fp
            assert fp.raw._sock is conn.sock  # docker-py's path to the socket
        finally:
            conn.close()
        assert fp.closed
    assert server.connections == 1


def test_a_tls_connection_keeps_its_reader_too(tls: TLS) -> None:
    with RawServer(_answer(_whole), tls=tls.server_context) as server:
        conn = client.HTTPSConnection(
            "127.0.0.1", server.port, timeout=TIMEOUT, context=tls.client_context
        )
        try:
            _, fp, first = _get(conn, "/1")
            _, second_fp, second = _get(conn, "/2")
            sock: Any = conn.sock
            assert sock._io_refs == 0
            assert isinstance(sock, ssl.SSLSocket)
        finally:
            conn.close()
    assert (first, second) == (b"/1", b"/2")
    assert second_fp is fp
    assert fp.closed


@MODULES
def test_the_socket_counts_a_reader_only_while_a_response_reads(module: ModuleType) -> None:
    with RawServer(_answer(_whole)) as server:
        conn = _connection(module, server.port)
        try:
            counts = []
            for target in ("/1", "/2"):
                conn.request("GET", target)
                response = conn.getresponse()
                counts.append(conn.sock._io_refs)
                response.read()
                counts.append(conn.sock._io_refs)
        finally:
            conn.close()
    assert counts == [1, 0, 1, 0]


@MODULES
@pytest.mark.parametrize("closing", ["socket", "connection"])
def test_closing_between_responses_closes_the_socket_at_once(
    module: ModuleType, closing: str
) -> None:
    closed = threading.Event()
    with RawServer(_answer(_whole, closed)) as server:
        conn = _connection(module, server.port)
        _get(conn, "/1")
        sock = conn.sock
        (sock if closing == "socket" else conn).close()
        assert sock.fileno() == -1
        assert closed.wait(TIMEOUT)  # the server saw the close
        if closing == "socket":
            with pytest.raises(OSError) as caught:
                conn.request("GET", "/2")
            assert caught.value.errno == errno.EBADF
            conn.close()


@MODULES
def test_a_dropped_connection_leaves_its_socket_counted_right(module: ModuleType) -> None:
    """A caller keeping the socket of a dropped connection, and a file of
    its own over it, can still read through that file after closing it."""
    with RawServer(_answer(_whole)) as server:
        conn = _connection(module, server.port)
        _get(conn, "/1")
        sock = conn.sock
        with sock.makefile("rb") as fp:
            del conn
            gc.collect()
            assert sock._io_refs == 1
            sock.sendall(b"GET /2 HTTP/1.1\r\nHost: x\r\n\r\n")
            sock.close()
            assert sock.fileno() != -1  # the file still counts
            assert fp.readline() == b"HTTP/1.1 200 OK\r\n"
        assert sock.fileno() == -1


@MODULES
def test_closing_the_connection_leaves_a_callers_file_readable(module: ModuleType) -> None:
    with RawServer(_answer(_whole)) as server:
        conn = _connection(module, server.port)
        _get(conn, "/1")
        sock = conn.sock
        with sock.makefile("rb") as fp:
            sock.sendall(b"GET /2 HTTP/1.1\r\nHost: x\r\n\r\n")
            conn.close()
            assert sock._io_refs == 1
            assert fp.readline() == b"HTTP/1.1 200 OK\r\n"
        assert sock.fileno() == -1


def _junk_after(target: bytes) -> list[bytes]:
    return [OK % (len(target), target) + b"junk\r\n"]


CHUNKED_HEAD = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"


def _chunks(target: bytes) -> bytes:
    return b"%x\r\n%s\r\n" % (len(target), target)


def _chunked_junk_after(target: bytes) -> list[bytes]:
    return [CHUNKED_HEAD + _chunks(target) + b"0\r\n\r\njunk\r\n"]


@MODULES
@pytest.mark.parametrize("respond", [_junk_after, _chunked_junk_after], ids=["length", "chunked"])
def test_bytes_after_a_response_in_its_buffer_are_dropped_with_it(
    module: ModuleType, respond: Callable[[bytes], list[bytes]]
) -> None:
    """http.client drops what its reader holds past the response, and so
    do we: a reader holding more is not kept."""
    with RawServer(_answer(respond)) as server:
        conn = _connection(module, server.port)
        try:
            _, fp, first = _get(conn, "/1")
            _, second_fp, second = _get(conn, "/2")
        finally:
            conn.close()
    assert (first, second) == (b"/1", b"/2")
    assert second_fp is not fp
    assert fp.closed


def _body_later(target: bytes) -> list[bytes]:
    return [b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(target), target]


def _interim_first(target: bytes) -> list[bytes]:
    return [b"HTTP/1.1 100 Continue\r\n\r\n" + OK % (len(target), target)]


def _head_only(target: bytes) -> list[bytes]:
    return [b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"]


def _chunked_whole(target: bytes) -> list[bytes]:
    return [CHUNKED_HEAD + _chunks(target[:1]) + _chunks(target[1:]) + b"0\r\n\r\n"]


def _chunked_trailers(target: bytes) -> list[bytes]:
    return [CHUNKED_HEAD + _chunks(target) + b"0\r\nX-Sum: 1\r\nX-Two: 2\r\n\r\n"]


def _chunked_body_later(target: bytes) -> list[bytes]:
    return [CHUNKED_HEAD, _chunks(target) + b"0\r\n\r\n"]


def _chunked_end_later(target: bytes) -> list[bytes]:
    return [CHUNKED_HEAD + _chunks(target), b"0\r\n\r\n"]


def _chunked_closing(target: bytes) -> list[bytes]:
    head = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    return [head + _chunks(target) + b"0\r\n\r\n"]


@pytest.mark.parametrize(
    ("respond", "method", "kept"),
    [
        (_whole, "GET", True),
        (_interim_first, "GET", True),
        (_head_only, "HEAD", True),
        (_body_later, "GET", False),  # the peek saw only the head
        (_chunked_whole, "GET", True),
        (_chunked_trailers, "GET", True),
        # Each boundary starts with a peek, which shows the whole buffer,
        # refilled from the socket when empty: the body's end is known.
        (_chunked_body_later, "GET", True),
        (_chunked_end_later, "GET", True),
    ],
    ids=[
        "whole",
        "after-100",
        "head",
        "body-later",
        "chunked",
        "chunked-trailers",
        "chunked-body-later",
        "chunked-end-later",
    ],
)
def test_which_readers_are_kept(
    respond: Callable[[bytes], list[bytes]], method: str, kept: bool
) -> None:
    with RawServer(_answer(respond)) as server:
        conn = _connection(client, server.port)
        try:
            _, fp, first = _get(conn, "/1", method)
            _, second_fp, second = _get(conn, "/2", method)
            closed = fp.closed
        finally:
            conn.close()
    expected = b"" if method == "HEAD" else b"/1"
    assert first == expected
    assert second == expected.replace(b"1", b"2")
    assert (second_fp is fp) is kept
    assert closed is not kept


def _ask(conn: Any, target: str) -> Any:
    conn.request("GET", target)
    return conn.getresponse()


def test_a_partly_read_response_closes_its_reader() -> None:
    with RawServer(_answer(lambda target: [OK % (10, b"0123456789")])) as server:
        conn = _connection(client, server.port)
        try:
            response = _ask(conn, "/1")
            fp = response.fp
            assert response.read(4) == b"0123"
            response.close()
            assert fp.closed
        finally:
            conn.close()


def _read_by_lines(response: Any) -> bytes:
    return b"".join(response)


def _read_in_pieces(response: Any) -> bytes:
    return b"".join(iter(lambda: response.read(1), b""))


@pytest.mark.parametrize(
    ("read", "kept"),
    [(_read_in_pieces, True), (_read_by_lines, False)],
    ids=["read-in-pieces", "by-lines"],
)
def test_a_chunked_reader_is_kept_only_where_its_end_was_tracked(
    read: Callable[[Any], bytes], kept: bool
) -> None:
    """read() and readinto() know what the buffer holds when the body
    ends; the other ways of reading leave the reader to be closed."""
    with RawServer(_answer(_chunked_whole)) as server:
        conn = _connection(client, server.port)
        try:
            first = _ask(conn, "/1")
            fp = first.fp
            body = read(first)
            second = _ask(conn, "/2")
            assert (body, second.read()) == (b"/1", b"/2")
            assert (second.fp is None, fp.closed) == (True, not kept)
        finally:
            conn.close()


def _random_stream(rng: random.Random) -> tuple[bytes, list[str]]:
    """Three responses on one stream, and the method of each request:
    Content-Length or chunked bodies (random chunk sizes, some trailers),
    a 204, a 100 Continue first, a HEAD's head; some followed by stray
    bytes."""
    stream = b""
    methods = []
    for index in range(3):
        body = bytes(rng.choice(b"abcdef\n") for _ in range(rng.choice([0, 1, 7, 300, 5000])))
        kind = rng.choice(["length", "chunked", "chunked", "no-content", "interim", "head"])
        methods.append("HEAD" if kind == "head" else "GET")
        if kind == "no-content":
            stream += b"HTTP/1.1 204 No Content\r\nX-Index: %d\r\n\r\n" % index
        elif kind == "head":
            stream += b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body)
        elif kind == "chunked":
            stream += CHUNKED_HEAD
            rest = body
            while rest:
                size = rng.choice([1, 10, 700, 3000, 9000])
                stream += _chunks(rest[:size])
                rest = rest[size:]
            stream += b"0\r\nX-Index: %d\r\n\r\n" % index if rng.random() < 0.3 else b"0\r\n\r\n"
        else:
            if kind == "interim":
                stream += b"HTTP/1.1 100 Continue\r\n\r\n"
            stream += OK % (len(body), body)
        if rng.random() < 0.2:
            stream += b"stray\r\n" * rng.choice([1, 2000])
    return stream, methods


def _read_stream(
    module: ModuleType, stream: bytes, methods: list[str], rng: random.Random
) -> list[Any]:
    """Each response of *stream* as *module* reads it, in ways *rng* picks."""
    a, b = socket.socketpair()
    with a, b:
        b.sendall(stream)
        b.shutdown(socket.SHUT_WR)
        conn = module.HTTPConnection("127.0.0.1", 80)
        conn.sock = a
        outcomes: list[Any] = []
        for method in methods:
            how = rng.choice(["read", "pieces", "readinto"])
            try:
                conn.request(method, "/")
                response = conn.getresponse()
                if how == "read":
                    body = response.read()
                elif how == "pieces":
                    body = b"".join(iter(functools.partial(response.read, 777), b""))
                else:
                    buffer = bytearray(20000)
                    body = bytes(buffer[: response.readinto(buffer)])
                    body += response.read()
                outcomes.append((response.status, body, response.getheaders()))
            except Exception as exc:  # part of the outcome compared
                outcomes.append((type(exc), str(exc)))
                conn.close()
                conn.sock = None
                break
        conn.close()
    return outcomes


@pytest.mark.parametrize("seed", range(80))
def test_a_stream_of_responses_reads_as_in_http_client(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever a reader holds past a response, http.client drops with it;
    a reader kept here must hold nothing, so the next response reads the
    same bytes on both.  The whole stream waits on the socket before the
    first request, which the check for a stale idle socket would refuse
    (tests/hostile covers it): it is off here."""
    monkeypatch.setattr(keeping, "idle_socket_is_stale", lambda sock, last=None: False)
    stream, methods = _random_stream(random.Random(seed))
    expected = _read_stream(http.client, stream, methods, random.Random(seed + 1000))
    assert _read_stream(client, stream, methods, random.Random(seed + 1000)) == expected


class _Subclass(client.HTTPResponse):
    pass


@pytest.mark.parametrize(
    "setup",
    [
        lambda conn: setattr(conn, "response_class", _Subclass),
        lambda conn: conn.set_debuglevel(1),
    ],
    ids=["response-class", "debuglevel"],
)
def test_responses_made_another_way_close_their_readers(
    setup: Callable[[Any], None],
) -> None:
    with RawServer(_answer(_whole)) as server:
        conn = _connection(client, server.port)
        setup(conn)
        try:
            _, fp, _ = _get(conn, "/1")
            assert fp.closed
            _, second_fp, body = _get(conn, "/2")
            assert body == b"/2"
            assert second_fp is not fp
        finally:
            conn.close()


def test_a_reader_left_on_a_socket_since_replaced_is_closed() -> None:
    with RawServer(_answer(_whole)) as server:
        conn = _connection(client, server.port)
        try:
            _, fp, _ = _get(conn, "/1")
            old = conn.sock
            conn.sock = socket.create_connection(("127.0.0.1", server.port), TIMEOUT)
            _, second_fp, body = _get(conn, "/2")
            assert body == b"/2"
            assert second_fp is not fp
            assert fp.closed
            assert old._io_refs == 0
            old.close()
            assert old.fileno() == -1
        finally:
            conn.close()


@MODULES
def test_a_file_the_caller_put_in_fp_is_closed_at_the_end(module: ModuleType) -> None:
    with RawServer(_answer(_whole)) as server:
        conn = _connection(module, server.port)
        try:
            conn.request("GET", "/1")
            response = conn.getresponse()
            own = response.fp
            response.fp = io.BufferedReader(io.BytesIO(b"/1"))
            replaced = response.fp
            assert response.read() == b"/1"
            assert replaced.closed
            assert response.isclosed()
            own.close()
        finally:
            conn.close()


def test_a_patched_response_init_is_called_with_a_reader_parked() -> None:
    """getresponse() makes a response over the parked reader without the
    call of __init__, unless the class's __init__ was replaced."""
    with RawServer(_answer(_whole)) as server:
        conn = _connection(client, server.port)
        try:
            _, fp, _ = _get(conn, "/1")
            with mock.patch.object(
                client.HTTPResponse,
                "__init__",
                autospec=True,
                side_effect=client.HTTPResponse.__init__,
            ) as init:
                second, second_fp, body = _get(conn, "/2")
            init.assert_called_once_with(second, conn.sock, method="GET")
            assert body == b"/2"
            assert second_fp is not fp  # its own reader, as __init__ made it
            _third, third_fp, body = _get(conn, "/3")
            assert body == b"/3"
            assert third_fp is fp  # the parked one, still kept
        finally:
            conn.close()
