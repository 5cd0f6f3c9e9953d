"""Fake sockets and files for the blocking-shell tests, after CPython's own.

:class:`FakeSocket` follows ``FakeSocket`` in CPython's
``Lib/test/test_httplib.py``: ``sendall`` records each call (the call
pattern is part of the API), ``makefile`` hands out a file holding the next
scripted reply, ``close``/``setsockopt`` do nothing harmful.  The file can
be a ``BufferedReader`` over a ``BytesIO`` (what ``socket.makefile("rb")``
gives: it has ``peek``), a plain ``BytesIO`` (no ``peek``), a
:class:`NoEOFBytesIO` that fails any read past EOF, or a buffered reader
over a raw stream that yields one byte per read (a trickling peer).

:func:`audit_events` records ``http.client.*`` audit events; the hook is
installed once per session (audit hooks cannot be removed) and records only
while a test asks it to.
"""

from __future__ import annotations

import collections
import contextlib
import http.client
import io
import sys
from collections.abc import Iterator
from typing import Any, BinaryIO, Literal

__all__ = [
    "FILE_KINDS",
    "AuditLog",
    "FakeSocket",
    "FileKind",
    "NoEOFBytesIO",
    "TrickleRaw",
    "audit_events",
    "connection_on",
    "make_file",
]

FileKind = Literal["buffered", "bytesio", "noeof", "trickle"]
FILE_KINDS: tuple[FileKind, ...] = ("buffered", "bytesio", "noeof", "trickle")


class NoEOFBytesIO(io.BytesIO):
    """A BytesIO that fails any read past EOF, as CPython's test helper.

    It proves the shell never asks for more than the response holds.
    """

    def read(self, size: int | None = -1, /) -> bytes:
        data = super().read(size)
        if not data and size != 0:
            raise AssertionError("caller tried to read past EOF")
        return data

    def read1(self, size: int | None = -1, /) -> bytes:
        data = super().read1(size)
        if not data and size != 0:
            raise AssertionError("caller tried to read past EOF")
        return data

    def readline(self, size: int | None = -1, /) -> bytes:
        data = super().readline(size)
        if not data and size != 0:
            raise AssertionError("caller tried to read past EOF")
        return data

    def readinto(self, buffer: Any, /) -> int:
        n = super().readinto(buffer)
        if not n and memoryview(buffer):
            raise AssertionError("caller tried to read past EOF")
        return n


class TrickleRaw(io.RawIOBase):
    """A raw stream that returns at most *step* bytes per read, like a slow peer."""

    def __init__(self, data: bytes, step: int = 1) -> None:
        self._data = data
        self._pos = 0
        self._step = step
        self.reads = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any, /) -> int:
        self.reads += 1
        view = memoryview(buffer).cast("B")
        piece = self._data[self._pos : self._pos + min(self._step, len(view))]
        view[: len(piece)] = piece
        self._pos += len(piece)
        return len(piece)


def make_file(data: bytes, kind: FileKind = "buffered") -> BinaryIO:
    """A readable binary file over *data* of the given kind."""
    if kind == "buffered":
        return io.BufferedReader(io.BytesIO(data))
    if kind == "bytesio":
        return io.BytesIO(data)
    if kind == "noeof":
        return NoEOFBytesIO(data)
    return io.BufferedReader(TrickleRaw(data))


class FakeSocket:
    """A socket that records ``sendall`` calls and serves scripted replies.

    Each ``makefile`` call returns a file over the next reply in
    *replies* (an empty file once they run out: the peer has closed).
    ``fail_after`` makes every ``sendall`` after that many calls raise
    ``BrokenPipeError`` (the peer stopped reading).
    """

    def __init__(
        self,
        *replies: bytes,
        file_kind: FileKind = "buffered",
        fail_after: int | None = None,
    ) -> None:
        self.replies = collections.deque(replies)
        self.file_kind: FileKind = file_kind
        self.fail_after = fail_after
        self.sent: list[bytes] = []
        self.files: list[BinaryIO] = []
        self.makefile_args: list[tuple[Any, ...]] = []
        self.sockopts: list[tuple[int, int, int]] = []
        self.closed = False

    @property
    def data(self) -> bytes:
        """Every byte sent, in order."""
        return b"".join(self.sent)

    @property
    def sendall_calls(self) -> int:
        return len(self.sent)

    def sendall(self, data: Any) -> None:
        if self.fail_after is not None and len(self.sent) >= self.fail_after:
            raise BrokenPipeError(32, "Broken pipe")
        self.sent.append(bytes(data))

    def makefile(self, mode: str = "r", buffering: int | None = None) -> BinaryIO:
        if mode not in ("r", "rb"):
            raise http.client.UnimplementedFileMode()
        self.makefile_args.append((mode, buffering))
        reply = self.replies.popleft() if self.replies else b""
        file = make_file(reply, self.file_kind)
        self.files.append(file)
        return file

    def setsockopt(self, level: int, option: int, value: int) -> None:
        self.sockopts.append((level, option, value))

    def close(self) -> None:
        self.closed = True


def connection_on(
    sock: FakeSocket, cls: type[http.client.HTTPConnection] | None = None, **kwargs: Any
) -> Any:
    """A connection to example.com whose ``connect()`` yields *sock*.

    *cls* defaults to httpclient_compat's ``HTTPConnection``.  The socket
    comes through the instance's ``_create_connection`` hook, so
    ``connect()`` (and its audit event and ``setsockopt``) really runs.
    """
    if cls is None:
        import httpclient_compat

        cls = httpclient_compat.HTTPConnection
    conn = cls("example.com", **kwargs)

    def create_connection(address: Any, timeout: Any, source_address: Any) -> FakeSocket:
        return sock

    conn._create_connection = create_connection  # type: ignore[attr-defined] # the instance hook
    return conn


AuditLog = list[tuple[str, tuple[Any, ...]]]

_recording: list[AuditLog] = []
_hook_installed = False


def _audit_hook(event: str, args: tuple[Any, ...]) -> None:
    if _recording and event.startswith("http.client."):
        _recording[-1].append((event, args))


@contextlib.contextmanager
def audit_events() -> Iterator[AuditLog]:
    """Record ``http.client.*`` audit events raised inside the block."""
    global _hook_installed  # noqa: PLW0603 - audit hooks are process-wide and permanent
    if not _hook_installed:
        sys.addaudithook(_audit_hook)
        _hook_installed = True
    log: AuditLog = []
    _recording.append(log)
    try:
        yield log
    finally:
        _recording.pop()


# -- responses begun over a FakeSocket, and scenarios played on both modules ------------
#
# Shared by test_response_hooks.py and test_response_lifecycle.py.  A
# scenario takes ``http.client`` or ``httpclient_compat`` and returns what
# it saw; what it raises is part of that outcome.

#: A chunked reply with a chunk extension and a trailer field.
CHUNKED = (
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    b"5;name=value\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\nX-Sum: 1\r\n\r\n"
)
#: A reply with a ten-byte Content-Length body.
CL10 = b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789"
#: A chunked reply of two chunks and no trailer fields.
CHUNKED2 = (
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"
)


def begun(module: Any, reply: bytes, method: str = "GET", kind: FileKind = "buffered") -> Any:
    """*module*'s ``HTTPResponse`` over a FakeSocket serving *reply*, after ``begin()``."""
    response = module.HTTPResponse(FakeSocket(reply, file_kind=kind), method=method)
    response.begin()
    return response


def _outcome(scenario: Any, module: Any) -> Any:
    try:
        return scenario(module)
    except Exception as exc:  # the exception is part of the outcome compared
        return (type(exc), exc.args)


def same_on_both(scenario: Any) -> Any:
    """The outcome of *scenario* on httpclient_compat, asserted equal on http.client."""
    import httpclient_compat

    ours = _outcome(scenario, httpclient_compat)
    assert ours == _outcome(scenario, http.client)
    return ours
