"""How an ``HTTPResponse`` ends and what it reads from: the body's end (trailers,
``IncompleteRead`` in bounded memory, a file with only ``read`` and ``readline``),
finalization, and the file over a real socket (``SocketReader``).

Where the stdlib defines the answer, each scenario runs on both classes and
the results must be equal.  The private hooks and attributes that subclasses
and callers use are in ``test_response_hooks.py``.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import http.client
import io
import socket
import sys
import tracemalloc
from collections.abc import Callable
from types import ModuleType
from typing import Any
from unittest import mock

import pytest

import httpclient_compat as client
from httpclient_compat._blocking import reader as reader_module

from .fakes import CHUNKED, CHUNKED2, CL10, FILE_KINDS, FakeSocket, FileKind, begun, same_on_both

MODULES = [http.client, client]


# -- trailers, IncompleteRead, bounded memory ---------------------------------------------


def test_trailers_of_a_chunked_body_are_a_message_after_the_end() -> None:
    response = begun(client, CHUNKED)
    assert response.trailers is None
    assert response.read() == b"hello world"
    trailers: object = response.trailers
    assert isinstance(trailers, http.client.HTTPMessage)
    assert trailers.items() == [("X-Sum", "1")]
    assert "X-Sum" not in response.headers, "never merged into the headers"


@pytest.mark.parametrize("reply", [CL10, CHUNKED2], ids=["content-length", "chunked-no-trailers"])
def test_trailers_stay_none_without_trailer_fields(reply: bytes) -> None:
    response = begun(client, reply)
    response.read()
    assert response.isclosed()
    assert response.trailers is None


@pytest.mark.parametrize("kind", FILE_KINDS)
def test_read_of_a_short_content_length_body_raises_incomplete_read(kind: FileKind) -> None:
    def scenario(module: ModuleType) -> Any:
        response = begun(
            module, b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello", kind="buffered"
        )
        try:
            response.read()
        except http.client.IncompleteRead as exc:
            return exc.partial, exc.expected, response.isclosed()
        raise AssertionError("no IncompleteRead")

    assert same_on_both(scenario) == (b"hello", 5, True)
    response = begun(client, b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello", kind=kind)
    with pytest.raises(http.client.IncompleteRead) as raised:
        response.read()
    assert (raised.value.partial, raised.value.expected) == (b"hello", 5)


@pytest.mark.parametrize("kind", FILE_KINDS)
def test_a_claimed_terabyte_body_raises_incomplete_read_in_bounded_memory(kind: FileKind) -> None:
    """CVE-2025-13836: ``Content-Length: 10**12`` with 10 bytes sent, then EOF."""
    reply = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n0123456789" % 10**12
    response = begun(client, reply, kind=kind)
    tracemalloc.start()
    try:
        with pytest.raises(http.client.IncompleteRead) as raised:
            response.read()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert raised.value.partial == b"0123456789"
    assert raised.value.expected == 10**12 - 10
    assert peak < 20 * 2**20


@pytest.mark.parametrize(
    "reply",
    [
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffff\r\n0123456789",
        b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n0123456789" % 10**12,
    ],
    ids=["chunk-size", "safe-read"],
)
def test_a_claimed_huge_chunk_or_safe_read_stays_in_bounded_memory(reply: bytes) -> None:
    response = begun(client, reply)
    read = response.read if response.chunked else functools.partial(response._safe_read, 10**12)
    tracemalloc.start()
    try:
        with pytest.raises(http.client.IncompleteRead) as raised:
            read()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # http.client's partial holds the chunks read whole: none here; a raw
    # _safe_read keeps what it read.
    assert raised.value.partial == (b"" if response.chunked else b"0123456789")
    assert peak < 20 * 2**20


@pytest.mark.parametrize(
    "reply",
    [
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffff\r\n0123456789",
        b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n0123456789" % 10**12,
    ],
    ids=["chunk-size", "content-length"],
)
def test_read1_of_a_claimed_huge_body_stays_in_bounded_memory(reply: bytes) -> None:
    """read1(-1) asks the file for at most the read size, not the claim
    (found by tests/fuzz: http.client asks for the whole claim).  The body
    comes after the head, so the reader's buffer is empty when asked."""
    head, body = reply[: reply.index(b"\r\n\r\n") + 4], reply[reply.index(b"\r\n\r\n") + 4 :]
    ours, theirs = socket.socketpair()
    with ours, theirs:
        theirs.sendall(head)
        response = client.HTTPResponse(ours, method="GET")
        response.begin()
        theirs.sendall(body)
        tracemalloc.start()
        try:
            first = response.read1()
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        response.close()
    assert first == b"0123456789"
    assert peak < 20 * 2**20


@pytest.mark.parametrize("amt", [None, 4, 100])
def test_a_chunk_cut_short_raises_incomplete_read_with_http_clients_partial(
    amt: int | None,
) -> None:
    """http.client's ``partial`` holds the whole chunks read before the cut."""

    def scenario(module: ModuleType) -> Any:
        reply = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n5\r\nhel"
        response = begun(module, reply)
        try:
            response.read(amt)
        except http.client.IncompleteRead as exc:
            return exc.partial, exc.expected
        raise AssertionError("no IncompleteRead")

    same_on_both(scenario)


def test_a_short_read_with_amt_returns_short_data_as_http_client_does() -> None:
    def scenario(module: ModuleType) -> Any:
        response = begun(module, b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello")
        return response.read(7), response.isclosed(), response.read(7), response.isclosed()

    assert same_on_both(scenario) == (b"hello", False, b"", True)


class _ReadAndReadlineOnly:
    """A file with only ``read`` and ``readline``, like urllib3's test mocks."""

    def __init__(self, data: bytes) -> None:
        self._file = io.BytesIO(data)

    def read(self, size: int = -1) -> bytes:
        return self._file.read(size)

    def readline(self, size: int = -1) -> bytes:
        return self._file.readline(size)

    def close(self) -> None:
        self._file.close()


class _MinimalSocket:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def makefile(self, mode: str, buffering: int | None = None) -> _ReadAndReadlineOnly:
        return _ReadAndReadlineOnly(self.data)


@pytest.mark.parametrize("amt", [None, 3])
@pytest.mark.parametrize(
    "reply",
    [CL10, CHUNKED2, b"HTTP/1.0 200 OK\r\n\r\nuntil close"],
    ids=["content-length", "chunked", "until-close"],
)
def test_a_file_with_only_read_and_readline_is_enough(reply: bytes, amt: int | None) -> None:
    """The shell treats ``fp`` as duck-typed, as http.client does."""

    def scenario(module: ModuleType) -> Any:
        response = module.HTTPResponse(_MinimalSocket(reply))
        response.begin()
        return response.status, response.read(amt), response.read(), response.isclosed()

    same_on_both(scenario)


@pytest.mark.parametrize(
    "read",
    [
        lambda response: (response.readline(), response.read1()),
        lambda response: (response.read1(), response.read1()),
        lambda response: (response.read1(), response.readline()),
        lambda response: (response.readlines(),),
    ],
    ids=["readline-read1", "read1-read1", "read1-readline", "readlines"],
)
def test_read1_and_readline_close_at_the_end_of_a_length_body_as_the_running_http_client(
    read: Callable[[Any], tuple[bytes, ...]],
) -> None:
    """gh-113199 made them close in 3.11.8; we follow the running interpreter."""

    def scenario(module: ModuleType) -> Any:
        response = begun(module, b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nline\nx")
        return read(response), response.isclosed()

    same_on_both(scenario)


# -- finalization ---------------------------------------------------------------------
#
# IOBase's finalizer calls close() on a response that is dropped unclosed.
# Ours skips that call once the connection is released and close() and
# flush() are its own; every case where the call does something is here.

_LENGTH_REPLY = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"


def test_a_response_dropped_mid_body_closes_its_file_as_http_client() -> None:
    def scenario(module: ModuleType) -> Any:
        response = begun(module, _LENGTH_REPLY)
        fp = response.fp
        response.read(2)
        del response
        gc.collect()
        return fp.closed

    assert same_on_both(scenario) is True


def test_a_response_whose_init_never_ran_is_dropped_quietly_as_http_client() -> None:
    """With no file set, dropping a response reports nothing: our
    __del__ reads the missing attribute as None.  (For a failed makefile() see
    below.)"""

    def scenario(module: ModuleType) -> Any:
        reports: list[Any] = []
        with mock.patch.object(sys, "unraisablehook", reports.append):
            bare = module.HTTPResponse.__new__(module.HTTPResponse)
            del bare
            gc.collect()
        return len(reports)

    assert same_on_both(scenario) == 0


@pytest.mark.parametrize("read_first", [True, False], ids=["body-read", "body-unread"])
@pytest.mark.parametrize("hook", ["close", "flush"])
@pytest.mark.parametrize("where", ["subclass", "instance", "class-patch"])
def test_a_replaced_close_or_flush_still_runs_when_a_response_is_dropped(
    where: str, hook: str, read_first: bool
) -> None:
    def scenario(module: ModuleType) -> Any:
        calls: list[str] = []
        original = getattr(module.HTTPResponse, hook)

        def replacement(self: Any) -> None:
            calls.append(hook)
            original(self)

        cls = module.HTTPResponse
        if where == "subclass":
            cls = type("Sub", (module.HTTPResponse,), {hook: replacement})
        with (
            mock.patch.object(module.HTTPResponse, hook, replacement)
            if where == "class-patch"
            else contextlib.nullcontext()
        ):
            response = cls(FakeSocket(_LENGTH_REPLY), method="GET")
            if where == "instance":
                setattr(response, hook, functools.partial(replacement, response))
            response.begin()
            if read_first:
                assert response.read() == b"hello"
            del response
            gc.collect()
        return calls

    assert same_on_both(scenario) == [hook]


def test_a_response_whose_makefile_failed_is_dropped_quietly_as_http_client() -> None:
    class BrokenSocket:
        def makefile(self, mode: str) -> Any:
            raise OSError("no file")

    def scenario(module: ModuleType) -> Any:
        reports: list[Any] = []
        with mock.patch.object(sys, "unraisablehook", reports.append):
            with pytest.raises(OSError, match="no file"):
                module.HTTPResponse(BrokenSocket())
            gc.collect()
        return len(reports)

    assert same_on_both(scenario) == 0


# -- the file over a real socket ------------------------------------------------------


def test_fp_over_a_real_socket_is_the_file_socket_makefile_gives() -> None:
    """Ours makes it without the call (the mode parsing is the cost), so
    the objects, their buffer and the socket's file count are compared.
    The one difference: ours reads through SocketReader, a SocketIO."""
    a, b = socket.socketpair()
    with a, b:
        seen = []
        for module in MODULES:
            response = module.HTTPResponse(a)
            fp = response.fp
            raw = fp.raw
            seen.append((type(fp), raw._sock, fp.mode, raw.mode, raw.name, sys.getsizeof(fp)))
            assert isinstance(raw, socket.SocketIO)
            assert a._io_refs == 1  # type: ignore[attr-defined]
            response.close()
            assert a._io_refs == 0  # type: ignore[attr-defined]
        assert seen[0] == seen[1]
        assert seen[0][:3] == (io.BufferedReader, a, "rb")
        assert type(http.client.HTTPResponse(a).fp.raw) is socket.SocketIO
        assert type(client.HTTPResponse(a).fp.raw) is reader_module.SocketReader


@pytest.mark.parametrize(
    "patch",
    [
        lambda: mock.patch.object(socket, "SocketIO", type("MySocketIO", (socket.SocketIO,), {})),
        lambda: mock.patch.object(
            socket.SocketIO, "readinto", autospec=True, side_effect=socket.SocketIO.readinto
        ),
    ],
    ids=["socket.SocketIO", "SocketIO.readinto"],
)
def test_a_replaced_socket_io_is_read_through(patch: Callable[[], Any]) -> None:
    a, b = socket.socketpair()
    with a, b, patch():
        b.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        response = client.HTTPResponse(a)
        assert type(response.fp.raw) is socket.SocketIO
        response.begin()
        assert response.read() == b"ok"
        if isinstance(socket.SocketIO.readinto, mock.Mock):
            assert socket.SocketIO.readinto.called


def _raw_readers(sock: socket.socket) -> list[socket.SocketIO]:
    """The stdlib's SocketIO and ours over *sock*, for the same calls."""
    return [socket.SocketIO(sock, "rb"), reader_module.SocketReader(sock, "rb")]


def test_socket_reader_holds_what_socket_io_holds() -> None:
    a, b = socket.socketpair()
    with a, b:
        stdlib, ours = _raw_readers(a)
        assert vars(ours) == vars(stdlib)
        ours.read(0)
        ours.close()
        stdlib.close()
        assert vars(ours) == vars(stdlib)
        assert ours.closed
        assert stdlib.closed


def _read_outcome(raw: socket.SocketIO, size: int = 10) -> Any:
    buffer = bytearray(size)
    try:
        n = raw.readinto(buffer)
    except Exception as exc:  # compared by type and args
        return type(exc), exc.args
    return n, bytes(buffer[: n or 0])


def test_socket_reader_reads_as_socket_io() -> None:
    a, b = socket.socketpair()
    with a, b:
        for raw in _raw_readers(a):
            b.sendall(b"abc")
            assert _read_outcome(raw) == (3, b"abc")
            assert _read_outcome(raw, 0) == (0, b"")
            raw.close()
            # Closed: ValueError, as from SocketIO's own check.
            assert _read_outcome(raw) == (ValueError, ("I/O operation on closed file.",))
        b.close()
        assert [_read_outcome(raw) for raw in _raw_readers(a)] == [(0, b"")] * 2  # EOF


def test_socket_reader_answers_none_where_socket_io_does() -> None:
    a, b = socket.socketpair()
    with a, b:
        a.setblocking(False)
        assert [_read_outcome(raw) for raw in _raw_readers(a)] == [(None, b"")] * 2


def test_socket_reader_remembers_a_timeout_as_socket_io_does() -> None:
    a, b = socket.socketpair()
    with a, b:
        a.settimeout(0.01)
        outcomes = []
        for raw in _raw_readers(a):
            first = _read_outcome(raw)
            b.sendall(b"late")  # there now, and still refused
            second = _read_outcome(raw)
            outcomes.append((first, second, raw._timeout_occurred))  # type: ignore[attr-defined]
            a.recv(4)
        assert outcomes[0] == outcomes[1]
        assert outcomes[0] == (
            (TimeoutError, ("timed out",)),
            (OSError, ("cannot read from timed out object",)),
            True,
        )


def test_socket_reader_raises_the_sockets_errors() -> None:
    a, b = socket.socketpair()
    with b:
        readers = _raw_readers(a)
        a.close()  # the file stays open, the socket under it does not
        outcomes = [_read_outcome(raw) for raw in readers]
        assert outcomes[0] == outcomes[1]
        assert outcomes[0][0] is OSError  # EBADF


def _closed_states(raw: socket.SocketIO) -> tuple[bool, bool]:
    """What the file says, and IOBase's own flag under it."""
    return raw.closed, io.RawIOBase.closed.__get__(raw)


def test_socket_reader_says_closed_as_socket_io_does() -> None:
    a, b = socket.socketpair()
    with a, b:
        outcomes = []
        for raw in _raw_readers(a):
            buffered = io.BufferedReader(raw)
            states = [_closed_states(raw), raw.readable()]
            buffered.close()  # the buffer closes the raw file through close()
            states.append(_closed_states(raw))
            with pytest.raises(ValueError, match="closed file"):
                buffered.peek()
            with pytest.raises(ValueError, match="closed socket"):
                raw.readable()
            outcomes.append(states)
        assert outcomes[0] == outcomes[1] == [(False, False), True, (True, True)]


def test_socket_reader_is_closed_when_socket_io_close_fails_after_closing() -> None:
    a, b = socket.socketpair()
    with a, b:
        outcomes = []
        for raw in _raw_readers(a):
            with (
                mock.patch.object(socket.socket, "_decref_socketios", side_effect=OSError("refs")),
                pytest.raises(OSError, match="refs"),
            ):
                raw.close()
            outcomes.append(_closed_states(raw))
        assert outcomes == [(True, True)] * 2


def test_a_patched_socket_makefile_is_still_called() -> None:
    a, b = socket.socketpair()
    with a, b:
        with mock.patch.object(
            socket.socket, "makefile", autospec=True, side_effect=socket.socket.makefile
        ) as makefile:
            client.HTTPResponse(a).close()
        makefile.assert_called_once_with(a, "rb")
