"""Reading a chunked body, as http.client's ``HTTPResponse`` reads one.

Owns the file calls of a chunked body and http.client's observable
behaviour around it (what ``IncompleteRead`` holds, when the response
closes, ``chunk_left`` after an error); the core's parser decides the
framing and counts every byte.  A mixin of the shell's ``HTTPResponse``,
which provides ``fp``, the parser and the closing methods.
"""

from __future__ import annotations

import io
from typing import Any

from .._core import (
    DEFAULT_LIMITS,
    ErrorKind,
    IncompleteBody,
    Limits,
    ProtocolError,
    ReadLine,
    ReadNothing,
    ResponseParser,
    parse_chunk_size,
)
from .._core.members import (  # the one mirror: see there
    _CHUNK_DATA,
    _CHUNK_END,
    _CHUNK_SIZE,
    _DONE,
    _ERROR,
)
from . import knobs
from .errors import chunked_error, line_too_long, stdlib_error
from .fastpaths import buffered_peek, is_buffered
from .stdlib import http_client

__all__ = ["ChunkedBody"]

# The read request for the CRLF after chunk data.
_READ_CHUNK_END = ReadLine(2)
# Chunk data read in pieces this long or longer: the next size line is
# read with readline(); after shorter ones, the core takes the chunks a
# peek() shows, several at a time.
_LONG_PIECE = 1024


def _size_line(fp: Any, parser: ResponseParser, start: bytes) -> bytes:
    """The chunk-size line that *start* begins, the byte the core found
    after a bare LF where the CRLF after chunk data belongs
    (``got_chunk_end``), read on to its end; *start* itself when empty
    (EOF) or already a whole line.

    (That CRLF is read as http.client reads it, with ``fp.read(2)`` and
    not after a ``peek()``, whenever the buffer may be empty.  From an
    empty buffer, ``read(2)`` fills it, and when the socket gave one byte
    it reads on into the rest of the buffer, where ``peek()`` returns
    that byte and the next read refills the whole buffer: the reader
    would hold other bytes than http.client's, which ``read1()`` returns,
    and a reader closed at the body's end drops.)
    """
    if start and not start.endswith(b"\n"):
        start += fp.readline(parser.limits.max_line)  # with its first byte, the line's limit
    return start


class ChunkedBody:
    """The chunked-body methods of ``HTTPResponse``."""

    fp: Any
    _parser: ResponseParser | None  # HTTPResponse's
    _drained: bool  # HTTPResponse's
    _overran: bool  # HTTPResponse's
    _limits: Limits = DEFAULT_LIMITS
    _want: object = None  # the last line request of a chunked body (None after data)
    _complete = 0  # bytes of whole chunks moved by the current call
    _stale_chunk_left: int | None = None  # http.client's chunk_left after an error

    def _done(self) -> None:  # pragma: no cover - HTTPResponse defines it
        raise NotImplementedError

    def _close_conn(self) -> None:  # pragma: no cover - HTTPResponse defines it
        raise NotImplementedError

    def _chunked_loop(
        self, amt: int | None, parts: list[bytes] | None, view: memoryview | None = None
    ) -> int:
        """Move up to *amt* bytes of chunked body, appended to *parts*
        (``read``) or else written into *view* (``readinto``); the count.

        On a protocol error, :attr:`_complete` is how many of the bytes moved
        belong to chunks this call read whole (http.client's ``partial``).
        """
        parser = self._parser
        assert parser is not None
        if parser.state is _ERROR:
            # http.client reads on with its stale counters and finds nothing.
            if amt == 0 and self._stale_chunk_left:
                return 0  # a read of none of a chunk's bytes, there
            raise http_client.IncompleteRead(b"")
        fp = self.fp
        # Between chunks, the whole chunks that peek() shows are taken in
        # one piece (the core parses them, then exactly their bytes are
        # read); what is not all buffered is read as http.client reads it.
        peek = buffered_peek(fp)
        # What an error reports is kept in locals and stored on the way
        # out: _complete (bytes of chunks read whole by this call), the
        # stale chunk_left http.client would show, the last read request.
        total = complete = 0
        stale: int | None = None
        want: object = None
        # Bytes known to be in fp's buffer (-1: unknown), so that at the
        # body's end the reader can be kept when it holds nothing more.  A
        # peek() shows the whole buffer (refilled from the socket when it
        # was empty); a line taken within it leaves the rest, and one that
        # reached past it read the socket.
        buffered = -1
        long_piece = False  # whether the last data read was long
        try:
            # As http.client: the lines before the next chunk's data (its
            # CRLF, its size line, the trailers after the last) are read
            # when more data is asked for, read(0) included, and not after
            # the data that satisfied the call.
            while True:
                state = parser.state
                if state is _CHUNK_DATA:
                    if amt is not None and total >= amt:
                        return total
                    if complete == total:
                        stale = parser.left
                    want = None  # not a line (all _chunk_failed() asks of it)
                    size = parser.read_size(None if amt is None else amt - total)
                    if parts is not None:
                        data: bytes = fp.read(size)
                        parts.append(data)
                        n = len(data)
                    else:
                        assert view is not None
                        n = fp.readinto(view[total : total + size])
                    # Known while the data came from what a peek showed.
                    buffered = buffered - n if n <= buffered else -1
                    long_piece = n >= _LONG_PIECE
                    if n:
                        parser.got_body(n)
                        total += n
                    if n < size:
                        parser.got_eof()
                    if amt is not None and total >= amt:
                        return total
                    if parser.state is not _CHUNK_DATA:
                        complete = total
                    continue
                if state is _DONE:
                    self._drained = buffered == 0
                    if buffered > 0:
                        self._overran = True  # bytes past the last chunk
                    self._done()
                    return total
                # http.client's chunk_left while it reads a line: 0 once any
                # chunk data was read (it resets only on a good size line),
                # None before the first chunk.
                stale = 0 if parser.received else None
                if state is _CHUNK_END and buffered <= 0 and peek is not None:
                    # The buffer may be empty: the CRLF read as http.client
                    # reads it, not peeked at (see _size_line).  After a
                    # long piece of data, the size line too: a peek would
                    # copy the buffer for one line.
                    want = _READ_CHUNK_END
                    buffered = -1
                    start = parser.got_chunk_end(fp.read(2))
                    if start is not None:  # after a bare LF, the size line
                        want = parser.want()
                        parser.got_line(_size_line(fp, parser, start))
                    if long_piece and parser.state is _CHUNK_SIZE:
                        want = line = parser.want()
                        assert isinstance(line, ReadLine)
                        parser.got_line(fp.readline(line.limit))
                    complete = total
                    continue
                if peek is not None:  # the core takes nothing but chunks
                    shown = peek()
                    consumed, pieces, size = parser.got_buffered_chunks(
                        shown, None if amt is None else amt - total
                    )
                    buffered = len(shown) - consumed
                    if consumed:
                        fp.read(consumed)
                        if size:
                            if parts is not None:
                                parts += pieces
                            else:
                                assert view is not None
                                view[total : total + size] = (
                                    pieces[0] if len(pieces) == 1 else b"".join(pieces)
                                )
                            total += size
                            if amt is not None and total >= amt:
                                return total
                        complete = total
                        continue
                want = line = parser.want()
                assert isinstance(line, ReadLine)  # in a line state, a line
                got = fp.readline(line.limit)
                taken = len(got)
                buffered = buffered - taken if taken <= buffered else -1
                parser.got_line(got)
                complete = total
        except ProtocolError:
            self._complete = complete
            self._stale_chunk_left = stale
            self._want = want
            raise

    def _read_chunked(self, amt: int | None = None) -> bytes:
        parts: list[bytes] = []
        try:
            self._chunked_loop(amt, parts)
        except ProtocolError as exc:
            self._chunk_failed(exc, self._want)
            raise chunked_error(exc, b"".join(parts)[: self._complete]) from exc
        return b"".join(parts)

    def _readinto_chunked(self, b: Any) -> int:
        view = memoryview(b).cast("B")
        try:
            return self._chunked_loop(len(view), None, view)
        except ProtocolError as exc:
            self._chunk_failed(exc, self._want)
            raise chunked_error(exc, bytes(view[: self._complete])) from exc

    def _chunk_failed(self, exc: ProtocolError, want: object) -> None:
        # http.client closes when it cannot read a chunk-size line (a bad
        # size, or the end of the stream there): protocol synchronisation
        # is lost.  So is it when chunk data overruns its size, which
        # http.client only notices at the next size line.  A line too long,
        # or a chunk cut short, leaves fp open, as there.
        at_size_line = isinstance(want, ReadLine) and want != _READ_CHUNK_END
        if (
            exc.kind in (ErrorKind.BAD_CHUNK_SIZE, ErrorKind.BAD_CHUNK_END)
            or (at_size_line and isinstance(exc, IncompleteBody))
        ) and self.fp is not None:
            self._close_conn()

    def _read_next_chunk_size(self) -> int:
        max_line = knobs.max_line()
        line = self.fp.readline(max_line + 1)
        if len(line) > max_line:
            raise line_too_long("chunk size")
        try:
            return parse_chunk_size(line)
        except ProtocolError:
            self._close_conn()
            raise ValueError(f"invalid literal for int() with base 16: {line!r}") from None

    def _read_and_discard_trailer(self) -> None:
        lines = 0
        max_line = knobs.max_line()
        while True:
            line = self.fp.readline(max_line + 1)
            if len(line) > max_line:
                raise line_too_long("trailer line")
            lines += 1
            if lines > self._limits.max_trailers:
                raise http_client.HTTPException(
                    f"got more than {self._limits.max_trailers} trailer lines"
                )
            if line in (b"\r\n", b"\n", b""):
                break

    def _take_buffered_boundary(self, parser: ResponseParser) -> bytes | None:
        """Take a boundary between chunks (the CRLF, the next size line) in
        one piece, when the core can take it from what ``peek()`` shows; a
        limit of 0 stops it before the chunk's data.  The CRLF is read
        first, with ``fp.read(2)`` (see :func:`_size_line`); a line
        that leaves for ``got_line()`` is returned.  Whatever is left is
        read line by line, with the line path's errors."""
        fp = self.fp
        peek = buffered_peek(fp)
        if peek is None:
            return None
        if parser.state is _CHUNK_END:
            data: bytes = fp.read(2)
            if data != b"\r\n":
                return data  # for got_chunk_end(), with the line path's errors
            parser.got_line(data)
        consumed = parser.got_buffered_chunks(peek(), 0)[0]
        if consumed:
            fp.read(consumed)
        return None

    def _get_chunk_left(self) -> int | None:
        parser = self._parser
        assert parser is not None
        if parser.state is _ERROR:
            # As in _chunked_loop: what http.client finds by its stale
            # counters after the error, at the end of the stream (with a
            # chunk_left of 0, its _safe_read(2) of the CRLF comes short).
            expected = 2 if self._stale_chunk_left == 0 else None
            raise http_client.IncompleteRead(b"", expected)
        pending = None
        if parser.state is not _CHUNK_DATA:
            pending = self._take_buffered_boundary(parser)
        return self._chunk_left_by_lines(parser, pending)

    def _chunk_left_by_lines(self, parser: ResponseParser, pending: bytes | None) -> int | None:
        """:meth:`_get_chunk_left` after the buffered boundary: what is left
        of the boundary, line by line, with http.client's errors; the line
        *pending* (if any) first."""
        line = b""
        try:
            while True:
                self._want = want = parser.want()
                if isinstance(want, ReadNothing):
                    self._done()
                    return None
                if not isinstance(want, ReadLine):
                    return parser.chunk_left
                self._stale_chunk_left = 0 if parser.received else None
                if pending is None:
                    line = self.fp.readline(want.limit)
                else:
                    line, pending = pending, None
                    if want == _READ_CHUNK_END:  # read(2) as http.client reads it
                        start = parser.got_chunk_end(line)
                        if start:  # after a bare LF, the size line began
                            pending = _size_line(self.fp, parser, start)
                        continue
                parser.got_line(line)
        except ProtocolError as exc:
            self._chunk_failed(exc, self._want)
            if isinstance(exc, IncompleteBody) and self._want == _READ_CHUNK_END:
                # http.client reads the CRLF with _safe_read(2), whose own
                # IncompleteRead escapes from here unchanged.
                raise http_client.IncompleteRead(line, 2 - len(line)) from exc
            raise stdlib_error(exc) from exc

    def _readline_chunked(self, limit: int) -> bytes:
        """A line of a chunked body, as http.client's fallback to
        ``IOBase.readline`` reads it (``peek(1)``, then ``read()`` up to the
        LF it shows, until a LF or the end), without that fallback's copies
        of the buffer: inside a chunk, each piece is one ``fp.readline``
        within the chunk.  Where ``peek(1)`` would show nothing (the body's
        end, a boundary that cannot be read, the stream ending),
        ``read(1)`` follows, as there, with its result or error.

        With a limit, or when ``fp`` has no ``peek``, the fallback itself
        runs: how far past the limit it reads depends on what each
        ``peek`` shows (it caps each piece, not the line, at the limit).
        """
        fp = self.fp
        if limit >= 0 or not is_buffered(fp):
            return io.BufferedIOBase.readline(self, limit)  # type: ignore[arg-type]
        parser = self._parser
        assert parser is not None
        line = b""
        while True:
            part = b""
            state = parser.state
            # After an error, peek(1) shows nothing (see _get_chunk_left)
            # and read(1) raises.
            if state is not _CHUNK_DATA and state is not _ERROR:
                # peek(1) reads the boundary, as _peek_chunked() does; on
                # this per-line path, whole when it is buffered (without
                # _get_chunk_left()'s steps after it), and with a try
                # statement, where contextlib.suppress would cost a
                # context manager per boundary.
                pending = self._take_buffered_boundary(parser)
                if parser.state is not _CHUNK_DATA:
                    try:  # noqa: SIM105 - see above
                        self._chunk_left_by_lines(parser, pending)
                    except http_client.IncompleteRead:
                        pass
            if parser.state is _CHUNK_DATA:
                part = fp.readline(parser.left)
                if part:
                    parser.got_body(len(part))
            if not part:
                part = self.read(1)  # type: ignore[attr-defined] # as IOBase.readline does
                if not part:
                    break
            line += part
            if part.endswith(b"\n"):
                break
        return line

    def _read1_chunked(self, n: int) -> bytes:
        chunk_left = self._get_chunk_left()
        if chunk_left is None or n == 0:
            return b""
        parser = self._parser
        assert parser is not None
        if n < 0:
            # At most the read size: read1() allocates what it is asked
            # for, and the chunk's size is the peer's claim (CVE-2025-13836).
            n = parser.read_size()
        elif n > chunk_left:
            n = chunk_left
        read: bytes = self.fp.read1(n)
        if not read:
            raise http_client.IncompleteRead(b"")
        parser.got_body(len(read))
        return read

    def _peek_chunked(self, n: int) -> bytes:
        try:
            chunk_left = self._get_chunk_left()
        except http_client.IncompleteRead:
            return b""  # peek doesn't worry about protocol
        if chunk_left is None:
            return b""  # eof
        # peek is allowed to return more than requested.  Just request the
        # entire chunk, and truncate what we get.
        data: bytes = self.fp.peek(chunk_left)
        return data[:chunk_left]

    # -- headers and urllib's accessors ----------------------------------------------
