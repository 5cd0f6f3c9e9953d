"""One fuzz input run through the core's response parser, two ways, and checked.

Owns the harness's meaning of an input and its properties; the fuzzing
script (``fuzz_response.py``) and the corpus replay (``test_corpus.py``)
both call :func:`check_input`.

An input is :data:`CONTROL_SIZE` control bytes, then the server's bytes:

- byte 0: bits 0-1 the request method (GET, HEAD, CONNECT, POST); bit 2
  small :data:`SMALL_LIMITS` instead of the defaults; bit 3 a buffered
  file (``peek`` shows whole heads and chunks to the parser); bit 4 debug
  output on (the shell then reads the status line alone, without a
  ``peek``); bit 5 EOF reported through ``got_eof`` on the line path;
- byte 1: bits 0-2 how many bytes each socket read returns
  (:data:`SEGMENTS`), bits 3-4 the reader's buffer size (:data:`BUFFERS`);
- byte 2: bits 0-2 the caller's read size, ``read(amt)`` (:data:`AMTS`);
  bit 3 the body read with ``read1(amt)`` instead.

The *line path* is the parser's documented loop over an in-memory file:
``want()``; :class:`ReadLine` gives ``got_line(readline(limit))``,
:class:`ReadBody` gives ``got_body(len(read(size)))`` (0 at EOF),
:data:`NOTHING` ends it.  The *shell path* makes the calls the blocking
shell makes (``HTTPResponse.begin``, ``_read_head``, ``read(amt)`` with
``_chunked_loop``, ``read1(amt)`` with ``_get_chunk_left``) on an
``io.BufferedReader`` fed in segments: whole heads through
``got_buffered_head`` and ``got_head_block``, whole chunks through
``got_buffered_chunks`` (the boundary alone before ``read1``), the CRLF
after chunk data through ``got_chunk_end``; and it asks ``overran`` and
``buffered_past_body`` after the head, as ``begin`` does.

Properties (a violation raises :class:`Finding`): only
:class:`RemoteProtocolError` (``IncompleteBody`` included) escapes the
core; every loop ends within a bound linear in the input's length; body
counts add up (``received`` equals the bytes handed over, the length of a
Content-Length body, ``IncompleteBody.received``); no read asks for more
than the read size unless the caller did; the framing agrees with the
head's fields; and both paths give the same result: the same heads, body,
trailers and unread rest, or the same error kind after the same head and
body bytes.  A shell path that took a head whole runs a second time, after
the core has learnt from that head, and must agree again.
"""

from __future__ import annotations

import io
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Union

from httpclient_compat._core import (
    DEFAULT_LIMITS,
    NOTHING,
    BodyKind,
    ErrorKind,
    Field,
    IncompleteBody,
    Limits,
    LocalProtocolError,
    ProtocolError,
    ReadBody,
    ReadLine,
    RemoteProtocolError,
    Response,
    ResponseParser,
    ResponseState,
    head_length,
    read_status_line,
)

__all__ = [
    "AMTS",
    "BUFFERS",
    "CONTROL_SIZE",
    "METHODS",
    "SEGMENTS",
    "SMALL_LIMITS",
    "Control",
    "Finding",
    "Outcome",
    "ParserFactory",
    "check_input",
    "decode",
    "encode_control",
]

METHODS = ("GET", "HEAD", "CONNECT", "POST")
#: Limits small enough that short inputs reach every one of them.
SMALL_LIMITS = Limits(max_line=40, max_headers=6, max_interim=2, max_trailers=3, read_size=7)
SEGMENTS = (1, 2, 3, 5, 16, 64, 1024, 1 << 16)
BUFFERS = (8, 64, 8192, 1 << 16)
AMTS = (None, 1, 2, 3, 5, 16, 1000, None)
CONTROL_SIZE = 3

# Chunk data read in pieces this long or longer is followed by a size line
# read with readline() (the shell's _LONG_PIECE).
_LONG_PIECE = 1024
# The most a read may ask for beyond what the caller asked (the shell's).
_READ_SIZE = DEFAULT_LIMITS.read_size
_READ_CHUNK_END = ReadLine(2)

#: Makes the parser under test: ``ResponseParser`` or a test's subclass.
ParserFactory = Callable[..., ResponseParser]


class Finding(Exception):
    """A property failed; :attr:`kind` names which, for de-duplication."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


@dataclass(frozen=True)
class Control:
    """How one input is driven (see the module docstring)."""

    method: str = "GET"
    small: bool = False
    buffered: bool = True
    debug: bool = False
    got_eof: bool = False
    segment: int = 1 << 16
    buffer_size: int = 8192
    amt: int | None = None
    read1: bool = False

    @property
    def limits(self) -> Limits:
        return SMALL_LIMITS if self.small else DEFAULT_LIMITS


def decode(data: bytes) -> tuple[Control, bytes]:
    """Split an input into its control and the server's bytes."""
    head = data[:CONTROL_SIZE].ljust(CONTROL_SIZE, b"\0")
    b0, b1, b2 = head
    control = Control(
        method=METHODS[b0 & 3],
        small=bool(b0 & 4),
        buffered=bool(b0 & 8),
        debug=bool(b0 & 16),
        got_eof=bool(b0 & 32),
        segment=SEGMENTS[b1 & 7],
        buffer_size=BUFFERS[(b1 >> 3) & 3],
        amt=AMTS[b2 & 7],
        read1=bool(b2 & 8),
    )
    return control, data[CONTROL_SIZE:]


def encode_control(control: Control) -> bytes:
    """The control bytes that :func:`decode` reads as *control*."""
    b0 = METHODS.index(control.method)
    b0 |= 4 * control.small | 8 * control.buffered | 16 * control.debug | 32 * control.got_eof
    b1 = SEGMENTS.index(control.segment) | BUFFERS.index(control.buffer_size) << 3
    b2 = AMTS.index(control.amt) | 8 * control.read1
    return bytes((b0, b1, b2))


@dataclass
class Outcome:
    """What one path read, and the error that stopped it."""

    error: ProtocolError | None = None
    interim: int = 0
    response: Response | None = None
    body: list[bytes] = field(default_factory=list)
    trailers: list[Field] = field(default_factory=list)
    #: Bytes left unread after a complete response.
    rest: bytes | None = None
    #: Body bytes reported to the parser (``got_body`` and buffered chunks).
    handed: int = 0
    #: Whether ``got_buffered_head`` took a head (the core then learns
    #: from it for the next: see ``lines.last_final_status``).
    peeked: bool = False

    @property
    def kind(self) -> str:
        """The outcome's kind: an error kind, or ``ok-`` and the body kind."""
        if self.error is not None:
            return self.error.kind.name
        assert self.response is not None
        return "ok-" + self.response.framing.kind.value

    def key(self) -> tuple[object, ...]:
        """What the two paths must agree on."""
        error = None if self.error is None else (type(self.error), self.error.kind)
        trailers = self.trailers if self.error is None else None
        return (error, self.interim, self.response, b"".join(self.body), trailers, self.rest)


class _Steps:
    """Counts loop turns; past the bound, the parser made no progress."""

    def __init__(self, data: bytes) -> None:
        self.left = 3 * len(data) + 64

    def __call__(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise Finding("no-progress", "more loop turns than the input allows")


class _SegmentedRaw(io.RawIOBase):
    """A socket's raw file: each read returns at most *segment* bytes."""

    def __init__(self, data: bytes, segment: int) -> None:
        self._data = data
        self._pos = 0
        self._segment = segment

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        size = min(len(buffer), self._segment, len(self._data) - self._pos)
        buffer[:size] = self._data[self._pos : self._pos + size]
        self._pos += size
        return size


# -- the line path ---------------------------------------------------------------


def line_path(parser: ResponseParser, data: bytes, control: Control) -> Outcome:
    """The parser's documented loop, over an in-memory file."""
    fp = io.BytesIO(data)
    out = Outcome()
    step = _Steps(data)
    interim = 0
    try:
        while True:
            step()
            want = parser.want()
            if isinstance(want, ReadLine):
                line = fp.readline(want.limit)
                _check_line_request(parser, want)
                head = parser.got_eof() if not line and control.got_eof else parser.got_line(line)
                if head is not None:
                    if isinstance(head, Response):
                        _same(head, parser.response, "got_line's head is not parser.response")
                    else:
                        interim += 1
            elif isinstance(want, ReadBody):
                _check_body_request(parser, want)
                chunk = fp.read(want.size)
                if chunk or not control.got_eof:
                    _got_body(parser, out, chunk)
                else:
                    parser.got_eof()
            else:
                _same(want, NOTHING, "want() gave an unknown request")
                break
        out.rest = fp.read()
    except ProtocolError as exc:
        out.error = exc
    _same(interim, parser.interim_count, "interim heads returned != interim_count")
    _finish(parser, out)
    return out


# -- the shell path ----------------------------------------------------------------

if TYPE_CHECKING:
    _Buffered = io.BufferedReader[_SegmentedRaw]
    _Reader = Union[_Buffered, io.BytesIO]


def shell_path(parser: ResponseParser, data: bytes, control: Control) -> Outcome:
    """The blocking shell's calls, over a buffered reader fed in segments."""
    raw = _SegmentedRaw(data, control.segment)
    fp: _Buffered | None = None
    if control.buffered:
        fp = io.BufferedReader(raw, control.buffer_size)
    # A file without peek() reads as the shell's general path: readline, read.
    reader: _Reader = fp if fp is not None else io.BytesIO(data)
    out = Outcome()
    step = _Steps(data)
    try:
        tail = _shell_head(parser, reader, fp, control, out, step)
        # What begin() asks once the head is in: whether the buffer ran
        # past the response (then bytes must follow it).
        overran = tail > 0 and parser.overran(tail)
        parser.buffered_past_body(tail)
        _shell_body(parser, reader, fp, control, out, step)
        out.rest = reader.read()
        _check(not overran or bool(out.rest), f"overran({tail}), but nothing follows")
    except ProtocolError as exc:
        out.error = exc
    _finish(parser, out)
    return out


def _shell_head(
    parser: ResponseParser,
    reader: _Reader,
    fp: _Buffered | None,
    control: Control,
    out: Outcome,
    step: _Steps,
) -> int:
    """``HTTPResponse.begin`` and ``_read_head``; the bytes buffered after
    the final head when a ``peek()`` showed them, else -1."""
    limits = parser.limits
    peek_heads = fp is not None and not control.debug
    tail = -1
    while parser.response is None:
        step()
        if peek_heads:
            assert fp is not None
            shown = fp.peek()
            size = parser.got_buffered_head(shown)
            if size > 0:
                _check(size <= len(shown), "got_buffered_head took more than it was shown")
                _same(fp.read(size), shown[:size], "the head read is not the head taken")
                tail = len(shown) - size
                out.peeked = True
                continue
            _check(size == -1, f"got_buffered_head returned {size}")
        tail = -1
        line = reader.readline(limits.max_line + 1)
        try:
            version, status, reason = read_status_line(line, limits)
        except RemoteProtocolError as exc:
            # The peer closed after an interim head: maybe the final one.
            if exc.kind is ErrorKind.NO_RESPONSE and parser.interim_count:
                try:
                    parser.got_eof()
                except ProtocolError as eof_exc:
                    if eof_exc.kind is ErrorKind.NO_RESPONSE:
                        raise exc from None
                    raise  # a head it cannot take: the shell raises this
                if _has_response(parser):
                    break
            raise
        parser.got_status(version, status, reason)
        _shell_head_block(parser, reader, fp, step)
    return tail


def _has_response(parser: ResponseParser) -> bool:
    # A function of its own: the loop condition narrowed parser.response.
    return parser.response is not None


def _shell_head_block(
    parser: ResponseParser,
    reader: _Reader,
    fp: _Buffered | None,
    step: _Steps,
) -> None:
    """``HTTPResponse._read_head``: the block whole, or line by line."""
    if fp is not None:
        size = head_length(fp.peek())
        if size > 0:
            parser.got_head_block(fp.read(size))
            return
    want = parser.want()
    _check(isinstance(want, ReadLine), f"a header line was wanted, not {want}")
    assert isinstance(want, ReadLine)
    while True:
        step()
        if parser.got_line(reader.readline(want.limit)) is not None:
            return


def _shell_body(
    parser: ResponseParser,
    reader: _Reader,
    fp: _Buffered | None,
    control: Control,
    out: Outcome,
    step: _Steps,
) -> None:
    """``read(amt)`` until the body ends, as a caller's loop makes them."""
    while True:
        step()
        if parser.body_error is not None:
            raise parser.body_error
        if parser.done:
            return
        if parser.kind is BodyKind.CHUNKED:
            if control.read1:
                _read1_chunked(parser, reader, fp, control.amt, out, step)
            else:
                _chunked_loop(parser, reader, fp, control.amt, out, step)
            continue
        if control.read1:
            # _read_unchunked(): the caller's size, clipped to a
            # Content-Length body; read1() may return less, more reads follow.
            size = -1 if control.amt is None else control.amt
            if parser.kind is BodyKind.LENGTH and size < 0:
                size = parser.read_size()  # read1(-1): at most the read size
            elif parser.kind is BodyKind.LENGTH and size > parser.left:
                size = parser.left
            _check_read_size(size, control.amt, "read1")
            _got_body(parser, out, reader.read1(size))
            continue
        size = parser.read_size(control.amt)
        _check(size > 0, f"read_size() is {size} in {parser.state}")
        _got_body(parser, out, reader.read(size))


def _chunked_loop(
    parser: ResponseParser,
    reader: _Reader,
    fp: _Buffered | None,
    amt: int | None,
    out: Outcome,
    step: _Steps,
) -> None:
    """One ``read(amt)`` of a chunked body: the shell's ``_chunked_loop``."""
    total = 0
    buffered = -1  # bytes known to be in the reader's buffer (-1: unknown)
    long_piece = False
    while True:
        step()
        state = parser.state
        if state is ResponseState.CHUNK_DATA:
            size = parser.read_size(None if amt is None else amt - total)
            data = reader.read(size)
            n = len(data)
            buffered = buffered - n if n <= buffered else -1
            long_piece = n >= _LONG_PIECE
            if n:
                _got_body(parser, out, data)
                total += n
            if n < size:
                parser.got_eof()
            if amt is not None and total >= amt:
                return
            continue
        if state is ResponseState.DONE:
            return
        if state is ResponseState.CHUNK_END and buffered <= 0 and fp is not None:
            buffered = -1
            start = parser.got_chunk_end(reader.read(2))
            if start is not None:
                parser.want()
                if start and not start.endswith(b"\n"):
                    start += reader.readline(parser.limits.max_line)
                parser.got_line(start)
            if long_piece and parser.state is ResponseState.CHUNK_SIZE:
                want = parser.want()
                assert isinstance(want, ReadLine)
                parser.got_line(reader.readline(want.limit))
            continue
        if fp is not None:
            shown = fp.peek()
            before = parser.received
            limit = None if amt is None else amt - total
            consumed, pieces, size = parser.got_buffered_chunks(shown, limit)
            _check(0 <= consumed <= len(shown), "got_buffered_chunks took more than shown")
            _check(size == sum(map(len, pieces)), "got_buffered_chunks miscounted its pieces")
            _check(parser.received == before + size, "received did not grow by the chunks")
            _check(limit is None or size <= limit, "got_buffered_chunks passed the limit")
            buffered = len(shown) - consumed
            if consumed:
                _same(fp.read(consumed), shown[:consumed], "the chunks read are not those taken")
                out.body += pieces
                out.handed += size
                total += size
                if amt is not None and total >= amt:
                    return
                continue
        want = parser.want()
        _check(isinstance(want, ReadLine), f"a line was wanted, not {want}")
        assert isinstance(want, ReadLine)
        got = reader.readline(want.limit)
        buffered = buffered - len(got) if len(got) <= buffered else -1
        parser.got_line(got)


def _read1_chunked(
    parser: ResponseParser,
    reader: _Reader,
    fp: _Buffered | None,
    amt: int | None,
    out: Outcome,
    step: _Steps,
) -> None:
    """One ``read1(amt)`` of a chunked body: ``_get_chunk_left`` (the
    boundary taken whole from the buffer, the rest line by line), then one
    ``read1`` within the chunk."""
    pending = None
    if parser.state is not ResponseState.CHUNK_DATA and fp is not None:
        if parser.state is ResponseState.CHUNK_END:
            data = reader.read(2)
            if data == b"\r\n":
                parser.got_line(data)
            else:
                pending = data  # for got_chunk_end()
        if pending is None:
            shown = fp.peek()
            before = parser.received
            consumed, pieces, size = parser.got_buffered_chunks(shown, 0)
            _check(0 <= consumed <= len(shown), "got_buffered_chunks took more than shown")
            _check((pieces, size) == ([], 0), "got_buffered_chunks passed a limit of 0")
            _check(parser.received == before, "received grew for no data")
            if consumed:
                _same(fp.read(consumed), shown[:consumed], "the boundary read is not that taken")
    while True:
        step()
        want = parser.want()
        if not isinstance(want, ReadLine):
            break
        if pending is None:
            line = reader.readline(want.limit)
        else:
            line, pending = pending, None
            if want == _READ_CHUNK_END:  # read(2) as http.client reads it
                start = parser.got_chunk_end(line)
                if start:  # after a bare LF, the size line began
                    if not start.endswith(b"\n"):
                        start += reader.readline(parser.limits.max_line)
                    pending = start
                continue
        parser.got_line(line)
    chunk_left = parser.chunk_left
    if parser.done:
        _check(chunk_left is None, f"chunk_left {chunk_left} once done")
        return
    _check(chunk_left is not None and chunk_left > 0, f"chunk_left {chunk_left} in a chunk")
    assert chunk_left is not None
    # read1(-1) asks for at most the read size.
    size = parser.read_size() if amt is None else min(amt, chunk_left)
    _check_read_size(size, amt, "read1")
    _got_body(parser, out, reader.read1(size))


# -- shared checks ---------------------------------------------------------------


def _check(condition: bool, what: str) -> None:
    if not condition:
        raise Finding("property", what)


def _same(got: object, expected: object, what: str) -> None:
    if got != expected:
        raise Finding("property", f"{what}: {got!r} != {expected!r}")


def _check_read_size(size: int, amt: int | None, call: str) -> None:
    """A read from an empty buffer allocates *size* bytes first: more
    than the read size, unless the caller asked for them, is memory the
    peer's claim decides (CVE-2025-13836)."""
    if size > max(_READ_SIZE, amt or 0):
        raise Finding(
            f"unbounded-{call}",
            f"{call}({size}) for a caller's {amt}: allocates what the peer claims",
        )


def _check_line_request(parser: ResponseParser, want: ReadLine) -> None:
    allowed = (parser.limits.max_line + 1, 2)
    _check(want.limit in allowed, f"ReadLine({want.limit}) in {parser.state}")


def _check_body_request(parser: ResponseParser, want: ReadBody) -> None:
    read_size = parser.limits.read_size
    _check(0 < want.size <= read_size, f"ReadBody({want.size}) past the read size")
    if parser.state is not ResponseState.BODY_UNTIL_CLOSE:
        _check(want.size <= parser.left, f"ReadBody({want.size}) past {parser.left} left")


def _got_body(parser: ResponseParser, out: Outcome, data: bytes) -> None:
    """Report *data* (``b""``: EOF) and check the counter moved by its length."""
    before = parser.received
    parser.got_body(len(data))
    _check(parser.received == before + len(data), "received did not grow by the bytes given")
    if data:
        out.body.append(data)
        out.handed += len(data)


def _finish(parser: ResponseParser, out: Outcome) -> None:
    """The checks at the end of a path, whatever stopped it."""
    _check(parser.received == out.handed, f"received {parser.received} != {out.handed} handed")
    _check(sum(map(len, out.body)) == out.handed, "body bytes != bytes handed")
    _check(parser.left >= 0, f"left is {parser.left}")
    error = out.error
    if isinstance(error, IncompleteBody):
        _same(error.received, parser.received, "IncompleteBody.received")
    if parser.response is not None:
        _check_framing(parser.response, parser.method, parser.body_error)
    if error is not None:
        _check(parser.state is ResponseState.ERROR or parser.response is None, "error not kept")
        return
    _check(parser.done, f"the path ended in {parser.state}")
    _same(parser.want(), NOTHING, "want() once done")
    response = parser.response
    _check(response is not None, "done without a response")
    assert response is not None
    out.response = response
    out.interim = parser.interim_count
    out.trailers = list(parser.trailers)
    framing = response.framing
    if framing.kind is BodyKind.LENGTH:
        _same(parser.received, framing.length, "a Content-Length body's count")
    elif framing.kind is BodyKind.NONE:
        _same(parser.received, 0, "a response without a body received bytes")


_NO_BODY_STATUSES = frozenset([*range(100, 200), 204, 304])


def _check_framing(response: Response, method: str | None, body_error: object) -> None:
    """The framing agrees with the fields the head reports (RFC 9112 §6.3),
    read here apart from the core's framing code."""
    kind, length, will_close = response.framing
    status = response.status
    if (
        status in _NO_BODY_STATUSES
        or method == "HEAD"
        or (method == "CONNECT" and 200 <= status < 300)
    ):
        _same(kind, BodyKind.NONE, f"the framing of a {status} to {method}")
        return
    values: dict[str, list[str]] = {"transfer-encoding": [], "content-length": []}
    for name, value in response.fields:
        values.get(name.lower(), []).append(value)
    codings = [
        coding.strip(" \t").lower()
        for value in values["transfer-encoding"]
        for coding in value.split(",")
        if coding.strip(" \t")
    ]
    if codings:
        expected = BodyKind.CHUNKED if codings[-1] == "chunked" else BodyKind.UNTIL_CLOSE
        _same(kind, expected, f"the framing for Transfer-Encoding {codings}")
    elif values["content-length"] and body_error is None:
        _same(kind, BodyKind.LENGTH, "the framing for Content-Length")
        for value in values["content-length"]:
            for member in value.split(","):
                _check(_as_int(member) == length, f"length {length} for {value!r}")
    elif not values["content-length"]:
        _same(kind, BodyKind.UNTIL_CLOSE, "the framing without a framing field")
    if kind is BodyKind.UNTIL_CLOSE:
        _check(will_close, "a body read until close, on a connection kept")


def _as_int(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def _record_head(parser: ResponseParser, out: Outcome) -> None:
    out.response = parser.response
    out.interim = parser.interim_count


# -- one input ---------------------------------------------------------------------


def _run(
    path: Callable[[ResponseParser, bytes, Control], Outcome],
    make: ParserFactory,
    data: bytes,
    control: Control,
) -> Outcome:
    parser = make(control.method, control.limits)
    try:
        out = path(parser, data, control)
    except Finding:
        raise
    except LocalProtocolError as exc:
        raise Finding(_where("local-protocol-error", exc), repr(exc)) from exc
    except Exception as exc:
        raise Finding(_where(f"exception-{type(exc).__name__}", exc), repr(exc)) from exc
    if out.error is not None:
        if isinstance(out.error, LocalProtocolError):
            raise Finding(_where("local-protocol-error", out.error), repr(out.error))
        _record_head(parser, out)
    return out


def _where(kind: str, exc: BaseException) -> str:
    """*kind* and the innermost frame of the package the error came from."""
    frames = [
        f for f in traceback.extract_tb(exc.__traceback__) if "httpclient_compat" in f.filename
    ]
    if not frames:
        return kind
    frame = frames[-1]
    name = frame.filename.rsplit("/", 1)[-1]
    return f"{kind}@{name}:{frame.name}:{frame.lineno}"


def check_input(data: bytes, make: ParserFactory = ResponseParser) -> tuple[Outcome, Outcome]:
    """Run one fuzz input both ways and check every property.

    Returns the line path's and the shell path's outcomes.

    :raises Finding: when a property fails.
    """
    control, server = decode(data)
    by_lines = _run(line_path, make, server, control)
    by_shell = _run(shell_path, make, server, control)
    _compare(by_lines, by_shell, "")
    if by_shell.peeked:  # again, after the core learnt from this very head
        _compare(by_lines, _run(shell_path, make, server, control), "-again")
    return by_lines, by_shell


def _compare(by_lines: Outcome, by_shell: Outcome, suffix: str) -> None:
    if by_lines.key() != by_shell.key():
        raise Finding(
            f"differential{suffix}-{by_lines.kind}-{by_shell.kind}",
            f"line path {by_lines.key()!r} != shell path {by_shell.key()!r}",
        )
