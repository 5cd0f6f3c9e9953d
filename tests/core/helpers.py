"""Shared helpers for the core tests: shells that drive the core over bytes.

:func:`drive` feeds a byte stream to the pull parser exactly as a blocking
shell would: ``readline(limit)`` for every line and ``read(size)`` for body
bytes, on a file that holds the whole stream and then reports EOF.
:func:`feed` feeds the same stream to the push adapter in pieces.  Both
return a trace (events with adjacent :class:`Data` merged, and the error
that stopped them) so a test can prove that where the stream is cut
changes nothing (the ``tr()`` idea of h11's test_io.py).

:data:`CORPUS` lists responses with what each must give; the response
parser and push adapter tests run every one at every split point.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

import pytest
from hypothesis import strategies as st

from httpclient_compat._core import (
    DEFAULT_LIMITS,
    BodyKind,
    ClientConnection,
    ConnectionClosed,
    Data,
    EndOfMessage,
    ErrorKind,
    Event,
    Field,
    Framing,
    IncompleteBody,
    InformationalResponse,
    Limits,
    ProtocolError,
    ReadBody,
    ReadLine,
    ReadRequest,
    RemoteProtocolError,
    Request,
    Response,
    ResponseParser,
    ResponseState,
    Sentinel,
)

__all__ = [
    "CORPUS",
    "FIELD_VCHARS",
    "GOOD_LINES",
    "STATE_PATHS",
    "TCHARS",
    "Case",
    "EofMode",
    "Generated",
    "HeadMode",
    "PullTrace",
    "PushTrace",
    "ShellFile",
    "all_splits",
    "append_event",
    "body_of",
    "connection_for",
    "drive",
    "error_key",
    "feed",
    "parser_in",
    "pieces",
    "push_events_for",
    "raises_kind",
    "responses",
]

#: How a shell reports EOF: ``"natural"`` passes what the read returned
#: (``got_line(b"")`` for a line, ``got_body(0)`` for body bytes);
#: ``"got_eof"`` calls :meth:`ResponseParser.got_eof` for both.
EofMode = Literal["natural", "got_eof"]

#: How a shell reports heads: line by line, or as one block through
#: ``got_head_block`` with the status line in it or read before it.
HeadMode = Literal["lines", "block_with_status", "block_without_status"]


def pieces(data: bytes, splits: Iterable[int]) -> list[bytes]:
    """*data* cut at every index in *splits* (out-of-range cuts ignored);
    never an empty piece, so no piece can be mistaken for EOF."""
    cuts = sorted({s for s in splits if 0 < s < len(data)})
    bounds = [0, *cuts, len(data)]
    return [data[a:b] for a, b in zip(bounds, bounds[1:]) if b > a]


def all_splits(data: bytes) -> Iterator[tuple[int, ...]]:
    """The ways a test cuts *data*: whole, in two at every index, in single bytes."""
    yield ()
    for index in range(1, len(data)):
        yield (index,)
    yield tuple(range(1, len(data)))


def append_event(events: list[Event], event: Event) -> None:
    """Append *event*, merging it into a :class:`Data` just before it, so
    traces do not depend on how the bytes were cut."""
    if isinstance(event, Data) and events and isinstance(events[-1], Data):
        events[-1] = Data(events[-1].data + event.data)
    else:
        events.append(event)


def body_of(events: Sequence[Event]) -> bytes:
    """Every body byte in *events*, in order."""
    return b"".join(event.data for event in events if isinstance(event, Data))


def error_key(error: ProtocolError | None) -> tuple[object, ...] | None:
    """What must match between two runs that fail: class, kind and args."""
    if error is None:
        return None
    return (type(error), error.kind, error.args)


class ShellFile:
    """The file a blocking shell reads: ``BytesIO`` semantics, except that
    a body read stops at the next cut, as a socket read returns what has
    arrived.  A line never stops at a cut: ``readline`` waits for LF, the
    limit or EOF, whichever comes first."""

    def __init__(self, data: bytes, splits: Iterable[int] = ()) -> None:
        self.data = data
        self.pos = 0
        self.cuts = sorted({s for s in splits if 0 < s < len(data)})

    def readline(self, limit: int) -> bytes:
        """Up to *limit* bytes, through the first LF."""
        end = self.data.find(b"\n", self.pos, self.pos + limit)
        stop = end + 1 if end >= 0 else min(self.pos + limit, len(self.data))
        line = self.data[self.pos : stop]
        self.pos = stop
        return line

    def read(self, size: int) -> bytes:
        """Up to *size* bytes, never past the next cut."""
        stop = min(self.pos + size, len(self.data))
        for cut in self.cuts:
            if self.pos < cut < stop:
                stop = cut
                break
        chunk = self.data[self.pos : stop]
        self.pos = stop
        return chunk

    def buffered(self) -> bytes:
        """What ``peek`` shows: the bytes up to the next cut (all that has
        arrived), without moving."""
        stop = len(self.data)
        for cut in self.cuts:
            if self.pos < cut:
                stop = cut
                break
        return self.data[self.pos : stop]

    def head_block(self, limit: int, with_status: bool) -> bytes | None:
        """The next head as ``peek`` would find it: whole lines through the
        first blank line, or ``None`` when no complete head of lines within
        *limit* is there (the shell then reads line by line)."""
        pos = self.pos
        first = True
        while True:
            end = self.data.find(b"\n", pos, pos + limit)
            if end < 0:
                return None
            line = self.data[pos : end + 1]
            pos = end + 1
            if line in (b"\r\n", b"\n") and not (first and with_status):
                break
            first = False
        block = self.data[self.pos : pos]
        self.pos = pos
        return block


@dataclass
class PullTrace:
    """What a pull-driven shell saw."""

    #: Heads, merged body data and the end of the message, in order.
    events: list[Event] = field(default_factory=list)
    #: The error that stopped the shell, if any.
    error: ProtocolError | None = None
    #: Every read request the parser made.
    wants: list[ReadRequest] = field(default_factory=list)
    #: Bytes the shell left unread in the file.
    rest: bytes = b""

    def key(self) -> tuple[object, ...]:
        """Everything two runs over the same bytes must agree on."""
        return (self.events, error_key(self.error), self.rest)


def drive(
    parser: ResponseParser,
    data: bytes,
    splits: Iterable[int] = (),
    *,
    eof: EofMode = "natural",
    heads: HeadMode = "lines",
    chunks: bool = False,
    max_steps: int | None = None,
) -> PullTrace:
    """Read one response from *data*, then EOF, as a blocking shell does.

    With *chunks*, between chunks the shell first offers what has arrived
    to :meth:`ResponseParser.got_buffered_chunks` and reads what it took,
    as the blocking shell's ``peek`` path does.

    Stops at the end of the response or at the first :class:`ProtocolError`,
    which is recorded; any other exception propagates.  Fails the test if
    the parser asks for more than *max_steps* reads (default: a bound
    linear in ``len(data)``), since every read must make progress.
    """
    file = ShellFile(data, splits)
    trace = PullTrace()
    limit = 2 * len(data) + 32 if max_steps is None else max_steps
    block_next = False
    try:
        for _ in range(limit):
            if chunks and parser.state in _BETWEEN_CHUNKS:
                taken, chunk_data, size = parser.got_buffered_chunks(file.buffered())
                assert size == sum(map(len, chunk_data))
                if taken:
                    file.pos += taken
                    for piece in chunk_data:
                        append_event(trace.events, Data(piece))
                    continue
            want = parser.want()
            trace.wants.append(want)
            if isinstance(want, ReadLine):
                head = _read_head(parser, file, want, heads, block_next)
                block_next = False
                if head is None:
                    before = parser.state
                    line = file.readline(want.limit)
                    if not line and eof == "got_eof":
                        head = parser.got_eof()
                    else:
                        head = parser.got_line(line)
                    block_next = before is ResponseState.STATUS and (
                        parser.state is ResponseState.HEADERS
                    )
                if head is not None:
                    trace.events.append(head)
            elif isinstance(want, ReadBody):
                assert want.size > 0, f"the parser asked for an empty read: {want}"
                chunk = file.read(want.size)
                if chunk:
                    parser.got_body(len(chunk))
                    append_event(trace.events, Data(chunk))
                elif eof == "got_eof":
                    parser.got_eof()
                else:
                    parser.got_body(0)
            else:
                trace.events.append(EndOfMessage(parser.trailers))
                break
        else:
            raise AssertionError(f"the parser made no progress in {limit} reads")
    except ProtocolError as exc:
        trace.error = exc
    trace.rest = data[file.pos :]
    return trace


_BETWEEN_CHUNKS = (ResponseState.CHUNK_END, ResponseState.CHUNK_SIZE)


def _read_head(
    parser: ResponseParser,
    file: ShellFile,
    want: ReadLine,
    heads: HeadMode,
    block_next: bool,
) -> InformationalResponse | Response | None:
    if heads == "block_with_status" and parser.state is ResponseState.STATUS:
        block = file.head_block(want.limit, with_status=True)
    elif heads == "block_without_status" and block_next:
        block = file.head_block(want.limit, with_status=False)
    else:
        return None
    return None if block is None else parser.got_head_block(block)


@dataclass
class PushTrace:
    """What the owner of a push adapter saw."""

    #: Events with adjacent Data merged, ConnectionClosed left out.
    events: list[Event] = field(default_factory=list)
    #: The error that stopped the feeding, if any.
    error: ProtocolError | None = None
    #: The last answer: NEED_DATA, PAUSED or ConnectionClosed (None after an error).
    last: Sentinel | ConnectionClosed | None = None


def connection_for(method: str = "GET", limits: Limits = DEFAULT_LIMITS) -> ClientConnection:
    """A push adapter that has sent a whole *method* request to ``example.com``."""
    conn = ClientConnection(limits=limits)
    target = "example.com:443" if method == "CONNECT" else "/"
    conn.send(Request(method, target, host="example.com"))
    conn.send(EndOfMessage())
    return conn


def _collect(conn: ClientConnection, trace: PushTrace, max_steps: int) -> None:
    for _ in range(max_steps):
        event = conn.next_event()
        if isinstance(event, (Sentinel, ConnectionClosed)):
            trace.last = event
            return
        append_event(trace.events, event)
    raise AssertionError(f"next_event gave {max_steps} events without asking for data")


def feed(
    conn: ClientConnection,
    data: bytes,
    splits: Iterable[int] = (),
    *,
    eof: bool = True,
) -> PushTrace:
    """Give *data* to ``receive_data`` in pieces cut at *splits*, taking
    events after each piece until the adapter answers NEED_DATA, PAUSED or
    ConnectionClosed; then, if *eof*, report EOF and take events again.

    Stops at the first :class:`ProtocolError`, which is recorded.
    """
    trace = PushTrace()
    bound = 2 * len(data) + 32
    try:
        for piece in pieces(data, splits):
            conn.receive_data(piece)
            _collect(conn, trace, bound)
        if eof:
            conn.receive_data(b"")
            _collect(conn, trace, bound)
    except ProtocolError as exc:
        trace.error = exc
        trace.last = None
    return trace


def push_events_for(pull: PullTrace, method: str) -> list[Event]:
    """The events the push adapter gives for what the pull parser read:
    the same, except that after a protocol switch (101, a 2xx to CONNECT)
    the adapter pauses instead of ending the message."""
    events = list(pull.events)
    final = next((e for e in events if isinstance(e, Response)), None)
    switched = final is not None and (
        final.status == 101 or (method == "CONNECT" and 200 <= final.status < 300)
    )
    if switched and events and isinstance(events[-1], EndOfMessage):
        events.pop()
    return events


# -- the corpus --------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """A response and what reading it must give.

    *fields* and *framing* are checked when given.  *error* is (class,
    kind, args) of the error that must stop the reading; *rest* is what
    must be left unread after the response.
    """

    id: str
    data: bytes
    method: str = "GET"
    status: int | None = 200
    interim: tuple[int, ...] = ()
    fields: tuple[Field, ...] | None = None
    body: bytes = b""
    framing: Framing | None = None
    trailers: tuple[Field, ...] = ()
    error: tuple[type[ProtocolError], ErrorKind, tuple[object, ...]] | None = None
    rest: bytes | None = None


def _ok(
    id: str,
    head: bytes,
    body: bytes = b"",
    *,
    kind: BodyKind,
    length: int | None = None,
    close: bool = False,
    payload: bytes | None = None,
    rest: bytes = b"",
    **kwargs: object,
) -> Case:
    """A case that reads cleanly; *body* is the wire bytes after the head,
    *payload* the body they carry (the same, unless chunked), *rest* bytes
    after the response that must stay unread."""
    return Case(
        id,
        head + body + rest,
        body=body if payload is None else payload,
        framing=Framing(kind, length, close),
        rest=rest,
        **kwargs,  # type: ignore[arg-type]  # the remaining Case fields
    )


def _err(
    id: str,
    data: bytes,
    kind: ErrorKind,
    args: tuple[object, ...],
    *,
    cls: type[ProtocolError] = RemoteProtocolError,
    **kwargs: object,
) -> Case:
    return Case(id, data, error=(cls, kind, args), **kwargs)  # type: ignore[arg-type]


_OK = b"HTTP/1.1 200 OK\r\n"
_CHUNKED = _OK + b"Transfer-Encoding: chunked\r\n\r\n"
_L, _C, _U, _N = BodyKind.LENGTH, BodyKind.CHUNKED, BodyKind.UNTIL_CLOSE, BodyKind.NONE
_INCOMPLETE = ErrorKind.INCOMPLETE_BODY


def _incomplete(id: str, data: bytes, received: int, expected: int | None, body: bytes) -> Case:
    return _err(id, data, _INCOMPLETE, (received, expected), cls=IncompleteBody, body=body)


def _cl(id: str, value: bytes, *, length: int | None) -> Case:
    """A Content-Length of 1*DIGIT (*length*), or any other (``None``):
    the head is taken, its body cannot be framed (RFC 9112 §6.3 item 5)."""
    data = _OK + b"Content-Length: " + value + b"\r\n\r\n"
    if length is None:
        message = f"invalid Content-Length {value.decode('iso-8859-1')!r}"
        return _err(f"cl-{id}", data + b"abcdef", ErrorKind.BAD_CONTENT_LENGTH, (message,),
                    framing=Framing(_U, None, True))  # fmt: skip
    return _ok(f"cl-{id}", data, b"abcdefghij"[:length], kind=_L, length=length)


_TRUNCATED = ("Remote end closed connection in the response head",)


CORPUS: tuple[Case, ...] = (
    _ok("content-length", _OK + b"Content-Length: 5\r\n\r\n", b"hello", kind=_L, length=5,
        fields=(("Content-Length", "5"),)),
    _ok("content-length-zero", _OK + b"Content-Length: 0\r\n\r\n", kind=_L, length=0),
    _ok("content-length-rest-stays", _OK + b"Content-Length: 2\r\n\r\n", b"hi",
        kind=_L, length=2, rest=b"HTTP/1.1 200 OK\r\n"),
    _ok("chunked-extensions-trailers", _CHUNKED,
        b"5;name=value\r\nhello\r\n6;flag\r\n world\r\n0;last=1\r\n"
        b"X-Trailer: yes\r\nX-Other: 2\r\n\r\n",
        kind=_C, payload=b"hello world", trailers=(("X-Trailer", "yes"), ("X-Other", "2"))),
    _ok("chunked-upper-hex", _CHUNKED, b"A\r\n0123456789\r\n0\r\n\r\n", kind=_C,
        payload=b"0123456789"),
    _ok("chunked-bare-lf", b"HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n",
        b"5\nhello\n3;x\n!!!\n0\nT: v\n\n", kind=_C, payload=b"hello!!!", trailers=(("T", "v"),)),
    _ok("until-close-http10", b"HTTP/1.0 200 OK\r\n\r\n", b"abc\r\n\r\nxyz", kind=_U, close=True),
    _ok("until-close-http11", _OK + b"Server: x\r\n\r\n", b"abcdef", kind=_U, close=True,
        fields=(("Server", "x"),)),
    _ok("head", _OK + b"Content-Length: 100\r\n\r\n", method="HEAD", kind=_N),
    _ok("head-chunked", _OK + b"Transfer-Encoding: chunked\r\n\r\n", method="HEAD", kind=_N),
    _ok("no-content", b"HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n", kind=_N,
        status=204, rest=b"hello"),
    _ok("not-modified", b"HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n", kind=_N,
        status=304),
    _ok("switching-protocols",
        b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
        kind=_N, status=101, rest=b"\x81\x05hello"),
    _ok("connect-established", b"HTTP/1.1 200 Connection established\r\n\r\n", method="CONNECT",
        kind=_N, rest=b"\x16\x03\x01\x00\x05hello"),
    _ok("connect-refused-has-body", b"HTTP/1.1 407 Proxy Authentication Required\r\n"
        b"Content-Length: 4\r\n\r\n", b"deny", method="CONNECT", kind=_L, length=4, status=407),
    _ok("interim-responses", b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 102 Processing\r\n\r\n"
        b"HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
        + _OK + b"Content-Length: 2\r\n\r\n", b"ok", kind=_L, length=2, interim=(100, 102, 103)),
    _ok("obs-fold", _OK + b"X-Folded: a\r\n  b\r\n\tc\r\nContent-Length: 1\r\n\r\n", b"z",
        kind=_L, length=1, fields=(("X-Folded", "a b c"), ("Content-Length", "1"))),
    _ok("bare-lf-head", b"HTTP/1.1 200 OK\nContent-Length: 2\nX: y\n\n", b"hi", kind=_L,
        length=2, fields=(("Content-Length", "2"), ("X", "y"))),
    _ok("no-reason", b"HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n", kind=_L, length=0),
    _ok("http10-content-length-closes", b"HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\n", b"x",
        kind=_L, length=1, close=True),
    _ok("http10-keep-alive-header", b"HTTP/1.0 200 OK\r\nKeep-Alive: timeout=5\r\n"
        b"Content-Length: 1\r\n\r\n", b"x", kind=_L, length=1),
    _ok("http10-connection-keep-alive", b"HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\n"
        b"Content-Length: 1\r\n\r\n", b"x", kind=_L, length=1),
    _ok("http10-proxy-connection-keep-alive", b"HTTP/1.0 200 OK\r\n"
        b"Proxy-Connection: keep-alive\r\nContent-Length: 1\r\n\r\n", b"x", kind=_L, length=1),
    _ok("http10-keep-alive-until-close", b"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n\r\n",
        b"x", kind=_U, close=True),
    _ok("connection-close", _OK + b"Connection: close\r\nContent-Length: 2\r\n\r\n", b"hi",
        kind=_L, length=2, close=True),
    _ok("te-gzip-chunked", _OK + b"Transfer-Encoding: gzip, chunked\r\n\r\n",
        b"3\r\n\x1f\x8b\x08\r\n0\r\n\r\n", kind=_C, payload=b"\x1f\x8b\x08"),
    _ok("te-gzip-until-close", _OK + b"Transfer-Encoding: gzip\r\n\r\n", b"3\r\nabc\r\n0\r\n\r\n",
        kind=_U, close=True),
    _ok("te-and-content-length", _OK + b"Transfer-Encoding: chunked\r\nContent-Length: 100\r\n\r\n",
        b"2\r\nhi\r\n0\r\n\r\n", kind=_C, close=True, payload=b"hi"),
    _ok("te-chunked-http10",
        b"HTTP/1.0 200 OK\r\nKeep-Alive: x\r\nTransfer-Encoding: chunked\r\n\r\n",
        b"2\r\nhi\r\n0\r\n\r\n", kind=_C, close=True, payload=b"hi"),
    _ok("content-length-list-agrees", _OK + b"Content-Length: 5, 5\r\n\r\n", b"hello", kind=_L,
        length=5),
    _ok("content-length-fields-agree", _OK + b"Content-Length: 5\r\ncontent-length: 5\r\n\r\n",
        b"hello", kind=_L, length=5),
    _cl("plus", b"+5", length=None),
    _cl("spaces", b" 5 ", length=5),
    _cl("leading-zeros", b"005", length=5),
    _cl("underscore", b"1_0", length=None),
    _cl("inner-space", b"5 5", length=None),
    _cl("superscript", b"\xb2", length=None),
    _cl("hex", b"0x5", length=None),
    _cl("negative", b"-1", length=None),
    _cl("empty", b"", length=None),
    _err("non-ascii-name", _OK + b"X-\xe9t\xe9: a\r\nContent-Length: 2\r\n\r\nhi",
         ErrorKind.BAD_FIELD_LINE, ("invalid header line 'X-\xe9t\xe9: a'",), status=None),
    _err("space-before-colon", _OK + b"Content-Length : 2\r\n\r\nhi",
         ErrorKind.BAD_FIELD_LINE, ("invalid header line 'Content-Length : 2'",), status=None),
    _ok("line-without-colon",
        _OK + b"X-A: 1\r\nthis line has no colon\r\nContent-Length: 2\r\n\r\n",
        b"hi", kind=_L, length=2, fields=(("X-A", "1"), ("Content-Length", "2"))),
    _err("eof-ends-head", _OK + b"Content-Length: 0\r\n", ErrorKind.TRUNCATED_HEAD, _TRUNCATED,
         status=None),
    _err("eof-in-head-line", _OK + b"X: y", ErrorKind.TRUNCATED_HEAD, _TRUNCATED, status=None),
    _err("eof-in-interim-head", b"HTTP/1.1 103 Early Hints\r\nLink: x\r\n",
         ErrorKind.TRUNCATED_HEAD, _TRUNCATED, status=None),
    _ok("eof-in-trailers", _CHUNKED, b"2\r\nhi\r\n0\r\nX: y\r\n", kind=_C, payload=b"hi",
        trailers=(("X", "y"),)),
    _ok("eof-after-last-chunk", _CHUNKED, b"2\r\nhi\r\n0\r\n", kind=_C, payload=b"hi"),
    _err("no-response", b"", ErrorKind.NO_RESPONSE,
         ("Remote end closed connection without response",), status=None),
    _err("icy", b"ICY 200 OK\r\n\r\n", ErrorKind.BAD_STATUS_LINE, ("ICY 200 OK\r\n",), status=None),
    _err("status-99", b"HTTP/1.1 99 X\r\n\r\n", ErrorKind.BAD_STATUS_LINE, ("HTTP/1.1 99 X\r\n",),
         status=None),
    _err("status-1000", b"HTTP/1.1 1000 X\r\n\r\n", ErrorKind.BAD_STATUS_LINE,
         ("HTTP/1.1 1000 X\r\n",), status=None),
    _err("status-not-a-number", b"HTTP/1.1 abc\r\n\r\n", ErrorKind.BAD_STATUS_LINE,
         ("HTTP/1.1 abc\r\n",), status=None),
    _err("status-version-only", b"HTTP/1.1\r\n\r\n", ErrorKind.BAD_STATUS_LINE, ("HTTP/1.1\r\n",),
         status=None),
    _err("http2", b"HTTP/2 200\r\n\r\n", ErrorKind.BAD_STATUS_LINE, ("HTTP/2 200\r\n",),
         status=None),
    _err("http20", b"HTTP/2.0 200\r\n\r\n", ErrorKind.UNKNOWN_PROTOCOL, ("HTTP/2.0",),
         status=None),
    _err("status-plus", b"HTTP/1.1 +20 OK\r\n\r\n", ErrorKind.BAD_STATUS_LINE,
         ("HTTP/1.1 +20 OK\r\n",), status=None),
    _err("status-tab", b"HTTP/1.1\t200 OK\r\n\r\n", ErrorKind.BAD_STATUS_LINE,
         ("HTTP/1.1\t200 OK\r\n",), status=None),
    _err("interim-then-eof", b"HTTP/1.1 100 Continue\r\n\r\n", ErrorKind.NO_RESPONSE,
         ("Remote end closed connection without response",), status=None, interim=(100,)),
    # Any other 1xx followed by the end of the stream is the final head, as
    # http.client reads it; the connection ended, so it will close.
    _ok("eof-after-interim-103", b"HTTP/1.1 103 Early Hints\r\nLink: </s>\r\n\r\n", kind=_N,
        close=True, interim=(103,), status=103, fields=(("Link", "</s>"),)),
    _ok("eof-after-interim-100-102", b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 102 P\r\n\r\n",
        kind=_N, close=True, interim=(100, 102), status=102),
    _err("eof-after-interim-http2", b"HTTP/2.0 103 X\r\n\r\n", ErrorKind.UNKNOWN_PROTOCOL,
         ("HTTP/2.0",), status=None, interim=(103,)),
    _err("conflicting-content-length", _OK + b"Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello",
         ErrorKind.BAD_CONTENT_LENGTH, ("conflicting Content-Length '5, 6'",),
         framing=Framing(_U, None, True)),
    _err("conflicting-content-length-list", _OK + b"Content-Length: 5, 6\r\n\r\nhello",
         ErrorKind.BAD_CONTENT_LENGTH, ("conflicting Content-Length '5, 6'",),
         framing=Framing(_U, None, True)),
    _err("unreadable-content-length-in-list", _OK + b"Content-Length: 5, x\r\n\r\nhello",
         ErrorKind.BAD_CONTENT_LENGTH, ("invalid Content-Length '5, x'",),
         framing=Framing(_U, None, True)),
    _err("bad-chunk-size", _CHUNKED + b"zz\r\nhello\r\n", ErrorKind.BAD_CHUNK_SIZE, (b"zz\r\n",)),
    _err("negative-chunk-size", _CHUNKED + b"-5\r\nhello\r\n", ErrorKind.BAD_CHUNK_SIZE,
         (b"-5\r\n",)),
    _err("plus-chunk-size", _CHUNKED + b"+5\r\nhello\r\n", ErrorKind.BAD_CHUNK_SIZE,
         (b"+5\r\n",)),
    _err("spaced-chunk-size", _CHUNKED + b" 5\r\nhello\r\n", ErrorKind.BAD_CHUNK_SIZE,
         (b" 5\r\n",)),
    _err("hex-prefix-chunk-size", _CHUNKED + b"0x5\r\nhello\r\n", ErrorKind.BAD_CHUNK_SIZE,
         (b"0x5\r\n",)),
    _err("empty-chunk-size", _CHUNKED + b";ext\r\nhello\r\n", ErrorKind.BAD_CHUNK_SIZE,
         (b";ext\r\n",)),
    _err("chunk-without-crlf", _CHUNKED + b"3\r\nabcX\r\n0\r\n\r\n", ErrorKind.BAD_CHUNK_END,
         (b"X\r",), body=b"abc"),
    _err("chunk-longer-than-size", _CHUNKED + b"3\r\nabcd\n0\r\n\r\n", ErrorKind.BAD_CHUNK_END,
         (b"d\n",), body=b"abc"),
    _incomplete("eof-in-length-body", _OK + b"Content-Length: 10\r\n\r\nabc", 3, 7, b"abc"),
    _incomplete("eof-in-chunk-data", _CHUNKED + b"3\r\nabc\r\n5\r\nde", 5, 3, b"abcde"),
    _incomplete("eof-before-chunk-size", _CHUNKED + b"3\r\nabc\r\n", 3, None, b"abc"),
    _incomplete("eof-before-first-chunk", _CHUNKED, 0, None, b""),
    _incomplete("eof-in-chunk-size-line", _CHUNKED + b"3\r\nabc\r\n1", 3, 1, b"abc"),
    _incomplete("eof-before-chunk-crlf", _CHUNKED + b"3\r\nabc", 3, None, b"abc"),
    _incomplete("eof-in-chunk-crlf", _CHUNKED + b"3\r\nabc\r", 3, None, b"abc"),
)  # fmt: skip


# -- parsers in every state ---------------------------------------------------------

_CHUNKED_HEAD = [_OK, b"Transfer-Encoding: chunked\r\n", b"\r\n"]
#: How to bring a fresh parser into each state: lines, and body byte counts.
STATE_PATHS: dict[ResponseState, list[bytes | int]] = {
    ResponseState.STATUS: [],
    ResponseState.HEADERS: [_OK],
    ResponseState.BODY_LENGTH: [_OK, b"Content-Length: 5\r\n", b"\r\n"],
    ResponseState.CHUNK_SIZE: [*_CHUNKED_HEAD],
    ResponseState.CHUNK_DATA: [*_CHUNKED_HEAD, b"5\r\n"],
    ResponseState.CHUNK_END: [*_CHUNKED_HEAD, b"5\r\n", 5],
    ResponseState.TRAILERS: [*_CHUNKED_HEAD, b"0\r\n"],
    ResponseState.BODY_UNTIL_CLOSE: [_OK, b"\r\n"],
    ResponseState.DONE: [_OK, b"Content-Length: 0\r\n", b"\r\n"],
    ResponseState.ERROR: [b"garbage\r\n"],
}
#: A line each line state accepts.
GOOD_LINES = {
    ResponseState.STATUS: _OK,
    ResponseState.HEADERS: b"X: y\r\n",
    ResponseState.CHUNK_SIZE: b"5\r\n",
    ResponseState.CHUNK_END: b"\r\n",
    ResponseState.TRAILERS: b"X: y\r\n",
}


def parser_in(state: ResponseState, method: str = "GET") -> ResponseParser:
    """A fresh parser brought into *state* (the 200 head it reads has a
    5-byte length body, a 5-byte chunk, or no framing)."""
    parser = ResponseParser(method)
    try:
        for step in STATE_PATHS[state]:
            if isinstance(step, int):
                parser.got_body(step)
            else:
                parser.got_line(step)
    except RemoteProtocolError:
        pass
    assert parser.state is state
    return parser


def raises_kind(
    call: Callable[[], object], cls: type[ProtocolError], kind: ErrorKind
) -> ProtocolError:
    """Assert *call* raises exactly *cls* of *kind*; return the error."""
    with pytest.raises(cls) as info:
        call()
    assert type(info.value) is cls
    assert info.value.kind is kind
    return info.value


# -- generated valid responses ------------------------------------------------------

#: RFC 9110 §5.6.2 tchar.
TCHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
#: RFC 9110 §5.5 field-vchar: VCHAR and obs-text.
FIELD_VCHARS = "".join(map(chr, [*range(0x21, 0x7F), *range(0x80, 0x100)]))
_FRAMING_NAMES = {
    "content-length",
    "transfer-encoding",
    "connection",
    "keep-alive",
    "proxy-connection",
}


@dataclass(frozen=True)
class Generated:
    """A valid response built from parts, and what reading it must give."""

    data: bytes
    method: str
    interim: list[InformationalResponse]
    version: str
    status: int
    reason: str
    fields: list[Field]
    kind: BodyKind
    will_close: bool
    body: bytes
    trailers: list[Field]


@st.composite
def field_lines(draw: st.DrawFn, eol: bytes) -> tuple[bytes, Field]:
    """One field line that is not about framing, and the field it must give."""
    name = draw(
        st.text(TCHARS, min_size=1, max_size=10).filter(lambda n: n.lower() not in _FRAMING_NAMES)
    )
    value = draw(st.text(FIELD_VCHARS + " \t", max_size=16)).strip(" \t")
    lead = draw(st.sampled_from(["", " ", "\t", "  "]))
    tail = draw(st.sampled_from(["", "", " ", "\t "]))
    line = f"{name}:{lead}{value}{tail}".encode("iso-8859-1") + eol
    return line, (name, value + tail if value else "")


@st.composite
def status_lines(draw: st.DrawFn, version: str, status: int, eol: bytes) -> tuple[bytes, str]:
    reason = draw(st.text(FIELD_VCHARS + " \t", max_size=12))
    space = " " if reason or draw(st.booleans()) else ""
    line = f"{version} {status}{space}{reason}".encode("iso-8859-1") + eol
    return line, reason.strip()


def _chunk_extension(draw: st.DrawFn) -> bytes:
    name = draw(st.text(TCHARS, min_size=1, max_size=5)).encode("ascii")
    value = draw(st.text(TCHARS, max_size=5)).encode("ascii")
    return b";" + name + (b"=" + value if value else b"")


@st.composite
def responses(
    draw: st.DrawFn,
    *,
    bare_lf: bool = True,
    methods: Sequence[str] = ("GET", "POST", "HEAD"),
    max_interim: int = 3,
) -> Generated:
    """Valid responses: random interim responses, status, reason, fields,
    framing (Content-Length, chunked with extensions and trailers, or until
    close), body, and line endings (CRLF, or bare LF when *bare_lf*)."""
    eol = draw(st.sampled_from([b"\r\n", b"\n"])) if bare_lf else b"\r\n"
    method = draw(st.sampled_from(list(methods)))
    version = draw(st.sampled_from(["HTTP/1.1", "HTTP/1.0"]))
    wire = b""
    interim = []
    for status in draw(st.lists(st.sampled_from([100, 102, 103, 199]), max_size=max_interim)):
        line, reason = draw(status_lines(version, status, eol))
        lines = draw(st.lists(field_lines(eol), max_size=3))
        wire += line + b"".join(text for text, _ in lines) + eol
        interim.append(InformationalResponse(status, reason, version, [f for _, f in lines]))
    status = draw(st.one_of(st.sampled_from([200, 204, 304]), st.integers(200, 599)))
    line, reason = draw(status_lines(version, status, eol))
    lines = draw(st.lists(field_lines(eol), max_size=6))
    framing = draw(st.sampled_from(["length", "chunked", "close"]))
    chunks = draw(st.lists(st.binary(min_size=1, max_size=20), max_size=4))
    body = b"".join(chunks)
    no_body = method == "HEAD" or status in (204, 304)
    payload, trailers = b"", []
    if framing == "length":
        name = draw(st.sampled_from(["Content-Length", "content-length", "CONTENT-LENGTH"]))
        header = (f"{name}: {len(body)}".encode("ascii") + eol, (name, str(len(body))))
        payload = body
    elif framing == "chunked":
        name = draw(st.sampled_from(["Transfer-Encoding", "transfer-encoding"]))
        header = (f"{name}: chunked".encode("ascii") + eol, (name, "chunked"))
        for chunk in chunks:
            size = draw(st.sampled_from([b"%x", b"%X", b"%04x"])) % len(chunk)
            ext = _chunk_extension(draw) if draw(st.booleans()) else b""
            payload += size + ext + eol + chunk + eol
        trailer_lines = draw(st.lists(field_lines(eol), max_size=3))
        ext = _chunk_extension(draw) if draw(st.booleans()) else b""
        payload += b"0" + ext + eol + b"".join(text for text, _ in trailer_lines) + eol
        trailers = [f for _, f in trailer_lines]
    else:
        header = None
        payload = body
    if header is not None:
        lines.insert(draw(st.integers(0, len(lines))), header)
    wire += line + b"".join(text for text, _ in lines) + eol
    if no_body:
        kind, body, payload, trailers = BodyKind.NONE, b"", b"", []
    else:
        kind = {"length": BodyKind.LENGTH, "chunked": BodyKind.CHUNKED}.get(
            framing, BodyKind.UNTIL_CLOSE
        )
    will_close = version == "HTTP/1.0" or kind is BodyKind.UNTIL_CLOSE
    return Generated(
        wire + payload,
        method,
        interim,
        version,
        status,
        reason,
        [f for _, f in lines],
        kind,
        will_close,
        body,
        trailers,
    )
