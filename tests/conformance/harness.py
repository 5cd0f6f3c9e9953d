"""Fake sockets and the two-sided runner of the differential conformance suite.

Owns the fakes (a socket that records every ``sendall`` and whose
``makefile`` hands out the peer's bytes whole or in pieces) and the runners
that put the same exchange through ``http.client`` and through
``httpclient_compat`` and capture everything a caller can observe.  It never
decides what counts as a difference: the tests compare what it captures.
Nothing here opens a real socket: a connection that tries to connect is
refused.
"""

from __future__ import annotations

import contextlib
import http.client
import io
import random
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import httpclient_compat

__all__ = [
    "ALL_MODES",
    "SIDES",
    "WHOLE",
    "Body",
    "ErrorInfo",
    "FakeSocket",
    "PieceReader",
    "RequestOutcome",
    "ResponseOutcome",
    "Split",
    "State",
    "Step",
    "Tunnel",
    "differences",
    "error_info",
    "modes_for",
    "run_calls",
    "run_request",
    "run_response",
    "splits_for",
]

#: The two modules under comparison: the reference first.
SIDES: dict[str, ModuleType] = {"stdlib": http.client, "ours": httpclient_compat}


# -- fakes ----------------------------------------------------------------------


class _Source:
    """What the peer sends, as pieces that arrive one at a time; shared by
    every file a socket hands out, so bytes one reader never buffered are
    still there for the next (as on a real socket)."""

    def __init__(self, data: bytes, cuts: Iterable[int]) -> None:
        bounds = [0, *sorted({cut for cut in cuts if 0 < cut < len(data)}), len(data)]
        self._pieces = deque(data[a:b] for a, b in zip(bounds, bounds[1:]) if b > a)

    def take(self, size: int) -> bytes:
        """At most *size* bytes of the next piece; ``b""`` at the end."""
        if not self._pieces or size <= 0:
            return b""
        piece = self._pieces.popleft()
        if len(piece) > size:
            self._pieces.appendleft(piece[size:])
            piece = piece[:size]
        return piece

    def take_all(self) -> bytes:
        data = b"".join(self._pieces)
        self._pieces.clear()
        return data


class PieceReader(io.RawIOBase):
    """A raw stream whose every ``readinto`` returns at most the next piece,
    so a buffered reader over it sees the data arrive in chunks."""

    def __init__(self, source: _Source) -> None:
        self._source = source

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        data = self._source.take(len(view))
        view[: len(data)] = data
        return len(data)


#: One ``sendall`` call: the argument's type name and its bytes.
SendCall = tuple[str, bytes]


class FakeSocket:
    """The socket contract of CPython's test_httplib: ``sendall``,
    ``makefile(mode, bufsize)``, ``close``, ``setsockopt``.

    With *cuts* ``None`` the first ``makefile`` returns an ``io.BytesIO``
    over everything (no ``peek``, as CPython's FakeSocket); otherwise each
    returns an ``io.BufferedReader`` of *bufsize* over a :class:`PieceReader`
    cut at *cuts*.  ``sendall`` refuses what a socket refuses.
    """

    def __init__(
        self,
        data: bytes = b"",
        cuts: Sequence[int] | None = None,
        bufsize: int = io.DEFAULT_BUFFER_SIZE,
    ) -> None:
        self.calls: list[SendCall] = []
        self.closed = False
        self.options: list[tuple[int, int, int]] = []
        self._source = _Source(data, cuts or ())
        self._whole = cuts is None
        self._bufsize = bufsize

    def sendall(self, data: Any) -> None:
        try:
            payload = memoryview(data).tobytes()
        except TypeError:
            raise TypeError(
                f"a bytes-like object is required, not {type(data).__name__!r}"
            ) from None
        self.calls.append((type(data).__name__, payload))

    def makefile(self, mode: str = "r", bufsize: int | None = None) -> io.BufferedIOBase:
        if mode not in ("r", "rb"):
            raise http.client.UnimplementedFileMode()
        if self._whole:
            return io.BytesIO(self._source.take_all())
        return io.BufferedReader(PieceReader(self._source), self._bufsize)

    def close(self) -> None:
        self.closed = True

    def setsockopt(self, level: int, optname: int, value: int) -> None:
        self.options.append((level, optname, value))

    @property
    def sent(self) -> list[bytes]:
        """The bytes of each ``sendall`` call."""
        return [payload for _, payload in self.calls]


def _refuse_network(*args: object) -> Any:
    raise ConnectionRefusedError(111, "the conformance suite never connects")


# -- what is captured -------------------------------------------------------------


@dataclass(frozen=True)
class ErrorInfo:
    """An exception as compared across sides: its class and args, and for
    IncompleteRead its ``partial`` and ``expected``."""

    type: type[BaseException]
    args: tuple[Any, ...]
    partial: bytes | None = None
    expected: int | None = None

    def __repr__(self) -> str:
        extra = "" if self.partial is None else f", partial={_short(self.partial)}"
        extra += "" if self.expected is None else f", expected={self.expected}"
        return f"{self.type.__name__}{_short(self.args)}{extra}"


def _payload(payload: object) -> object:
    """A message payload made comparable: sub-messages as their contents."""
    if isinstance(payload, list):
        return [
            (
                type(part),
                part.items(),
                [type(d).__name__ for d in part.defects],
                _payload(part.get_payload()),
            )
            for part in payload
        ]
    return payload


def error_info(exc: BaseException) -> ErrorInfo:
    if isinstance(exc, http.client.IncompleteRead):
        return ErrorInfo(type(exc), exc.args, exc.partial, exc.expected)
    return ErrorInfo(type(exc), exc.args)


def _short(value: object, limit: int = 160) -> str:
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit // 2]}...{text[-limit // 4 :]}"


@dataclass(frozen=True)
class State:
    """The response attributes that change while the body is read."""

    isclosed: bool
    closed: bool
    will_close: Any
    length: Any
    chunk_left: Any
    chunked: Any


def _state(resp: Any) -> State:
    return State(
        resp.isclosed(), resp.closed, resp.will_close, resp.length, resp.chunk_left, resp.chunked
    )


_PROBED_HEADERS = ("content-length", "transfer-encoding", "connection", "set-cookie", "x-missing")


@dataclass
class ResponseOutcome:
    """Everything observable about one response read in one way."""

    head_error: ErrorInfo | None = None
    status: Any = None
    reason: Any = None
    version: Any = None
    headers: list[tuple[str, str]] | None = None
    items: list[tuple[str, str]] | None = None
    getheader: tuple[Any, ...] = ()
    message: tuple[Any, ...] = ()
    before: State | None = None
    pieces: list[bytes] = field(default_factory=list)
    body_error: ErrorInfo | None = None
    after: State | None = None
    conn_sock: bool = False
    sock_closed: bool = False
    next_exchange: Any = None
    printed: str = ""

    @property
    def body(self) -> bytes:
        return b"".join(self.pieces)


# -- reading a body in one way ------------------------------------------------------

#: Reading modes: ``name`` or ``name:size`` (a loop of such calls until one
#: returns nothing).  ``peek`` is one ``peek()`` and then ``read()``;
#: ``read0`` is ``read(0)`` and then ``read()``.  ``read-1`` (``read(-1)``,
#: gh-112064 territory) is run by its own test, not in every case.
ALL_MODES = (
    "read",
    "read:1",
    "read:7",
    "read:1024",
    "readinto:1",
    "readinto:5",
    "readinto:4096",
    "read1",
    "read1:3",
    "readline",
    "readline:4",
    "iter",
    "peek",
    "read0",
)
_BYTEWISE = ("read:1", "readinto:1")
_MAX_CALLS = 200_000


def modes_for(data: bytes) -> tuple[str, ...]:
    """The modes worth running on *data*: one-byte reads only for small streams."""
    if len(data) <= 4096:
        return ALL_MODES
    return tuple(mode for mode in ALL_MODES if mode not in _BYTEWISE)


def _loop(call: Callable[[], bytes], pieces: list[bytes]) -> None:
    for _ in range(_MAX_CALLS):
        piece = call()
        if not piece:
            return
        pieces.append(piece)
    raise AssertionError("a read loop did not end")


def read_body(resp: Any, mode: str, pieces: list[bytes]) -> None:
    """Read *resp*'s body as *mode* says, appending what each call returns."""
    name, _, arg = mode.partition(":")
    size = int(arg) if arg else None
    if name == "read":
        if size is None:
            pieces.append(resp.read())
        else:
            _loop(lambda: resp.read(size), pieces)
    elif name == "readinto":
        buffer = bytearray(size or 1)

        def readinto() -> bytes:
            n = resp.readinto(buffer)
            return bytes(buffer[:n])

        _loop(readinto, pieces)
    elif name == "read1":
        _loop(lambda: resp.read1() if size is None else resp.read1(size), pieces)
    elif name == "readline":
        _loop(lambda: resp.readline() if size is None else resp.readline(size), pieces)
    elif name == "iter":
        pieces.extend(resp)
    elif name == "peek":
        pieces.append(resp.peek())
        pieces.append(resp.read())
    elif name == "read0":
        pieces.append(resp.read(0))
        pieces.append(resp.read())
    elif name == "read-1":
        pieces.append(resp.read(-1))
    else:  # pragma: no cover - a typo in a test
        raise ValueError(mode)


# -- splits --------------------------------------------------------------------------


@dataclass(frozen=True)
class Split:
    """How the peer's bytes arrive: whole (``cuts`` None), or cut at ``cuts``
    and read through a buffered reader of ``bufsize``."""

    name: str
    cuts: tuple[int, ...] | None = None
    bufsize: int = io.DEFAULT_BUFFER_SIZE


#: The peer's bytes in one piece, read through ``io.BytesIO``.
WHOLE = Split("whole")


def splits_for(name: str, data: bytes) -> list[Split]:
    """Whole, a few random cuts, and many cuts under a small buffer; the
    random points come from ``random.Random(name)``, so a failure reproduces."""
    rng = random.Random(f"conformance:{name}")
    size = len(data)
    few = tuple(sorted(rng.sample(range(1, size), min(size - 1, 4)))) if size > 1 else ()
    step = max(1, size // 400)
    many = tuple(range(rng.randint(1, 4 * step), size, rng.randint(1, 4 * step)))
    return [
        WHOLE,
        Split("cuts", few),
        Split("tiny", many, rng.randint(1, 24)),
    ]


# -- the response runner ----------------------------------------------------------------


def run_response(
    side: ModuleType,
    data: bytes,
    mode: str,
    split: Split = WHOLE,
    method: str = "GET",
    url: str = "/",
    next_exchange: bool = True,
    debuglevel: int = 0,
) -> ResponseOutcome:
    """Send *method* on a connection of *side* over a fake socket that
    answers *data*, read the response as *mode* says, and capture it; then,
    if *next_exchange*, try a second exchange on the same connection."""
    out = ResponseOutcome()
    sock = FakeSocket(data, split.cuts, split.bufsize)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        conn = side.HTTPConnection("example.com")
        conn.set_debuglevel(debuglevel)
        conn._create_connection = _refuse_network
        conn.sock = sock
        try:
            _exchange(conn, sock, out, mode, method, url, next_exchange)
        finally:
            conn.close()
    out.printed = printed.getvalue()
    return out


def _exchange(
    conn: Any, sock: FakeSocket, out: ResponseOutcome, mode: str, method: str, url: str, again: bool
) -> None:
    conn.request(method, url)
    try:
        resp = conn.getresponse()
    except Exception as exc:
        out.head_error = error_info(exc)
        return
    try:
        out.status, out.reason, out.version = resp.status, resp.reason, resp.version
        out.headers = resp.getheaders()
        msg = resp.msg
        out.items = list(msg.items())
        out.getheader = (
            *(resp.getheader(name) for name in _PROBED_HEADERS),
            resp.getheader("x-missing", "dflt"),
        )
        out.message = (
            type(msg),
            [type(defect).__name__ for defect in msg.defects],
            _payload(msg.get_payload()),
            str(msg),
        )
        out.before = _state(resp)
        try:
            read_body(resp, mode, out.pieces)
        except Exception as exc:
            out.body_error = error_info(exc)
        out.after = _state(resp)
        out.conn_sock = conn.sock is not None
        out.sock_closed = sock.closed
        if again:
            out.next_exchange = _second_exchange(conn)
    finally:
        resp.close()


def _second_exchange(conn: Any) -> Any:
    resp: Any = None
    try:
        conn.request("GET", "/next")
        resp = conn.getresponse()
        return (resp.status, resp.reason, resp.getheaders(), resp.read())
    except Exception as exc:
        return error_info(exc)
    finally:
        if resp is not None:
            resp.close()


# -- one call at a time ---------------------------------------------------------------


def _one_call(resp: Any, call: str) -> Any:
    """One call on *resp*, named as a reading mode is (``read:7``), or
    ``next`` (one step of iteration) or ``isclosed``; what it returns."""
    name, _, arg = call.partition(":")
    size = int(arg) if arg else None
    if name == "readinto":
        buffer = bytearray(size or 1)
        return bytes(buffer[: resp.readinto(buffer)])
    if name == "next":
        return next(iter(resp), None)
    if name == "isclosed":
        return resp.isclosed()
    method = getattr(resp, name)
    return method() if size is None else method(size)


def run_calls(
    side: ModuleType,
    data: bytes,
    calls: Sequence[str],
    split: Split = WHOLE,
    method: str = "GET",
    stop_at_error: bool = True,
) -> list[Any]:
    """Send *method* on a connection of *side* over a fake socket that
    answers *data*, then make *calls* on the response, one each, and
    capture what each returns or raises and the response's state after
    it; up to the first error, unless not *stop_at_error*."""
    sock = FakeSocket(data, split.cuts, split.bufsize)
    conn = side.HTTPConnection("example.com")
    conn._create_connection = _refuse_network
    conn.sock = sock
    seen: list[Any] = []
    try:
        conn.request(method, "/")
        try:
            resp = conn.getresponse()
        except Exception as exc:
            return [error_info(exc)]
        for call in calls:
            try:
                seen.append((call, _one_call(resp, call), _state(resp)))
            except Exception as exc:
                seen.append((call, error_info(exc), _state(resp)))
                if stop_at_error:
                    break
    finally:
        conn.close()
    return seen


#: What the second exchange gives when the connection opens a new socket.
REFUSED = ErrorInfo(ConnectionRefusedError, (111, "the conformance suite never connects"))


def reconnected_after_failure(std: object, ours: object) -> bool:
    """Whether, after a response not read to its end, the stdlib's next
    exchange on the same socket failed where ours tried a new socket
    (test_strict_framing.py asserts both sides)."""
    return (
        isinstance(std, ResponseOutcome)
        and isinstance(ours, ResponseOutcome)
        and ours.next_exchange == REFUSED
        and isinstance(std.next_exchange, ErrorInfo)
    )


def differences(first: object, second: object) -> list[str]:
    """The fields in which two outcomes (dataclasses) differ, readably."""
    assert type(first) is type(second)
    lines = []
    for name in first.__dataclass_fields__:  # type: ignore[attr-defined] # dataclasses only
        a, b = getattr(first, name), getattr(second, name)
        if name == "next_exchange" and reconnected_after_failure(first, second):
            continue  # docs/differences.rst: a failed response's socket is not reused
        if a != b:
            lines.append(f"{name}: stdlib {_short(a, 600)} != ours {_short(b, 600)}")
    return lines


# -- the request runner ---------------------------------------------------------------------

#: One call on a connection: the method name and its arguments, where a
#: body argument may be a factory (called afresh for each side).
Step = tuple[Any, ...]

_CANNED = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"


@dataclass
class RequestOutcome:
    """Everything observable about one request: each ``sendall`` call in
    order, the error that stopped the steps and at which step, the response
    read back afterwards, and what debuglevel printed."""

    calls: list[SendCall] = field(default_factory=list)
    error: ErrorInfo | None = None
    error_step: int | None = None
    response: Any = None
    printed: str = ""


@dataclass(frozen=True)
class Body:
    """A request body made afresh for each run (files and generators are
    consumed by the first side); the runner closes what it made."""

    make: Callable[[], Any]


def _resolve(value: Any, opened: list[Any]) -> Any:
    if isinstance(value, Body):
        body = value.make()
        opened.append(body)
        return body
    return value


@dataclass(frozen=True)
class Tunnel:
    """``set_tunnel(host, port, headers)`` and what the proxy answers to
    CONNECT (delivered as its own piece, before the origin's response)."""

    host: str
    port: int | None = None
    headers: dict[str, str] | None = None
    answer: bytes = b"HTTP/1.0 200 Connection established\r\n\r\n"


def run_request(
    side: ModuleType,
    steps: Sequence[Step],
    host: str = "example.com",
    port: int | None = None,
    blocksize: int = 8192,
    http10: bool = False,
    response: bytes = _CANNED,
    tunnel: Tunnel | None = None,
    debuglevel: int = 0,
) -> RequestOutcome:
    """Run *steps* (``("request", method, url, body, headers, encode_chunked)``,
    ``("putrequest", method, url[, kwargs])``, ``("putheader", ...)``,
    ``("endheaders", body, encode_chunked)``, ``("send", data)``) on a
    connection of *side* over a fake socket, then read the response if
    every step passed.  With *tunnel*, the socket is made by the connection
    itself (through ``_create_connection``), so CONNECT goes first."""
    out = RequestOutcome()
    cls: Any = side.HTTPConnection
    if http10:
        cls = type("HTTP10Connection", (cls,), {"_http_vsn": 10, "_http_vsn_str": "HTTP/1.0"})
    opened: list[Any] = []
    conn: Any = None
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            try:
                conn = cls(host, port, blocksize=blocksize)
            except Exception as exc:
                out.error, out.error_step = error_info(exc), -1
                return out
            conn.set_debuglevel(debuglevel)
            if tunnel is None:
                sock = FakeSocket(response)
                conn._create_connection = _refuse_network
                conn.sock = sock
            else:
                sock = FakeSocket(tunnel.answer + response, (len(tunnel.answer),))
                conn._create_connection = lambda *args: sock
                conn.set_tunnel(tunnel.host, tunnel.port, tunnel.headers)
            for index, (name, *args) in enumerate(steps):
                try:
                    _call(conn, name, [_resolve(arg, opened) for arg in args])
                except Exception as exc:
                    out.error, out.error_step = error_info(exc), index
                    break
            out.calls = sock.calls
            if out.error is None:
                out.response = _second_exchange_response(conn)
    finally:
        out.printed = printed.getvalue()
        for body in opened:
            if hasattr(body, "close"):
                body.close()
        if conn is not None:
            conn.close()
    return out


def _call(conn: Any, name: str, args: list[Any]) -> None:
    if name == "request":
        method, url, body, headers, encode_chunked = args
        conn.request(method, url, body, headers, encode_chunked=encode_chunked)
    elif name == "endheaders":
        body, encode_chunked = args
        conn.endheaders(body, encode_chunked=encode_chunked)
    elif name == "putrequest":
        conn.putrequest(*args[:2], **args[2] if len(args) > 2 else {})
    else:
        getattr(conn, name)(*args)


def _second_exchange_response(conn: Any) -> Any:
    resp: Any = None
    try:
        resp = conn.getresponse()
        return (resp.status, resp.read(), resp.isclosed(), conn.sock is not None)
    except Exception as exc:
        return error_info(exc)
    finally:
        if resp is not None:
            resp.close()
