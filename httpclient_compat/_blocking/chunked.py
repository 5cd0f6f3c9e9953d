"""Reading a chunked body, as http.client's ``HTTPResponse`` reads one.

Owns the file calls of a chunked body and http.client's observable
behaviour around it (what ``IncompleteRead`` holds, when the response
closes, ``chunk_left`` after an error); the core's parser decides the
framing and counts every byte.  A mixin of the shell's ``HTTPResponse``,
which provides ``fp``, the parser and the closing methods.
"""

from __future__ import annotations

import http.client
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
    ResponseState,
    parse_chunk_size,
)
from .errors import chunked_error, stdlib_error

__all__ = ["ChunkedBody"]

_MAXLINE = DEFAULT_LIMITS.max_line
# The read request for the CRLF after chunk data.
_CHUNK_END = ReadLine(2)
# Enum members as module constants, read per chunk (through the class, a
# member costs a Python-level __getattr__ call in CPython 3.11).
_ERROR = ResponseState.ERROR
_CHUNK_DATA = ResponseState.CHUNK_DATA


class ChunkedBody:
    """The chunked-body methods of ``HTTPResponse``."""

    fp: Any
    _parser: ResponseParser | None = None
    _limits: Limits = DEFAULT_LIMITS
    _want: object = None  # the last read request of a chunked body
    _complete = 0  # bytes of whole chunks moved by the current call
    _stale_chunk_left: int | None = None  # http.client's chunk_left after an error

    def _done(self) -> None:  # pragma: no cover - HTTPResponse defines it
        raise NotImplementedError

    def _close_conn(self) -> None:  # pragma: no cover - HTTPResponse defines it
        raise NotImplementedError

    def _chunked_loop(self, amt: int | None, sink: Any) -> int:
        """Move up to *amt* bytes of chunked body into *sink*; the count.

        On a protocol error, :attr:`_complete` is how many of the bytes moved
        belong to chunks this call read whole (http.client's ``partial``).
        """
        parser = self._parser
        assert parser is not None
        if parser.state is _ERROR:
            # http.client reads on with its stale counters and finds nothing.
            raise http.client.IncompleteRead(b"")
        fp = self.fp
        total = self._complete = 0
        # As http.client: the lines before the next chunk's data (its CRLF,
        # its size line, the trailers after the last) are read when more
        # data is asked for, read(0) included, and not after the data that
        # satisfied the call.
        while True:
            self._want = want = parser.want()
            if isinstance(want, ReadNothing):
                self._done()
                return total
            if isinstance(want, ReadLine):
                # http.client's chunk_left while it reads a line: 0 once
                # any chunk data was read (it resets only on a good size
                # line), None before the first chunk.
                self._stale_chunk_left = 0 if parser.received else None
                parser.got_line(fp.readline(want.limit))
                self._complete = total
                continue
            if amt is not None and total >= amt:
                return total
            if self._complete == total:
                self._stale_chunk_left = parser.chunk_left
            size = want.size if amt is None else min(want.size, amt - total)
            n = sink(size)
            if n:
                parser.got_body(n)
                total += n
            if n < size:
                parser.got_eof()
            if parser.state is not _CHUNK_DATA:
                self._complete = total
            if amt is not None and total >= amt:
                self._complete = total
                return total

    def _read_chunked(self, amt: int | None = None) -> bytes:
        parts: list[bytes] = []
        fp = self.fp

        def sink(size: int) -> int:
            data: bytes = fp.read(size)
            parts.append(data)
            return len(data)

        try:
            self._chunked_loop(amt, sink)
        except ProtocolError as exc:
            self._chunk_failed(exc, self._want)
            raise chunked_error(exc, b"".join(parts)[: self._complete]) from exc
        return b"".join(parts)

    def _readinto_chunked(self, b: Any) -> int:
        view = memoryview(b).cast("B")
        fp = self.fp
        filled = 0

        def sink(size: int) -> int:
            nonlocal filled
            n: int = fp.readinto(view[filled : filled + size])
            filled += n
            return n

        try:
            return self._chunked_loop(len(view), sink)
        except ProtocolError as exc:
            self._chunk_failed(exc, self._want)
            raise chunked_error(exc, bytes(view[: self._complete])) from exc

    def _chunk_failed(self, exc: ProtocolError, want: object) -> None:
        # http.client closes when it cannot read a chunk-size line (a bad
        # size, or the end of the stream there): protocol synchronisation
        # is lost.  So is it when chunk data overruns its size, which
        # http.client only notices at the next size line.  A line too long,
        # or a chunk cut short, leaves fp open, as there.
        at_size_line = isinstance(want, ReadLine) and want != _CHUNK_END
        if (
            exc.kind in (ErrorKind.BAD_CHUNK_SIZE, ErrorKind.BAD_CHUNK_END)
            or (at_size_line and isinstance(exc, IncompleteBody))
        ) and self.fp is not None:
            self._close_conn()

    def _read_next_chunk_size(self) -> int:
        line = self.fp.readline(_MAXLINE + 1)
        if len(line) > _MAXLINE:
            raise http.client.LineTooLong("chunk size")
        try:
            return parse_chunk_size(line)
        except ProtocolError:
            self._close_conn()
            raise ValueError(f"invalid literal for int() with base 16: {line!r}") from None

    def _read_and_discard_trailer(self) -> None:
        lines = 0
        while True:
            line = self.fp.readline(_MAXLINE + 1)
            if len(line) > _MAXLINE:
                raise http.client.LineTooLong("trailer line")
            lines += 1
            if lines > self._limits.max_trailers:
                raise http.client.HTTPException(
                    f"got more than {self._limits.max_trailers} trailer lines"
                )
            if line in (b"\r\n", b"\n", b""):
                break

    def _get_chunk_left(self) -> int | None:
        parser = self._parser
        assert parser is not None
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
                line = self.fp.readline(want.limit)
                parser.got_line(line)
        except ProtocolError as exc:
            self._chunk_failed(exc, self._want)
            if isinstance(exc, IncompleteBody) and self._want == _CHUNK_END:
                # http.client reads the CRLF with _safe_read(2), whose own
                # IncompleteRead escapes from here unchanged.
                raise http.client.IncompleteRead(line, 2 - len(line)) from exc
            raise stdlib_error(exc) from exc

    def _read1_chunked(self, n: int) -> bytes:
        chunk_left = self._get_chunk_left()
        if chunk_left is None or n == 0:
            return b""
        if not 0 <= n <= chunk_left:
            n = chunk_left  # if n is negative or larger than chunk_left
        read: bytes = self.fp.read1(n)
        if not read:
            raise http.client.IncompleteRead(b"")
        parser = self._parser
        assert parser is not None
        parser.got_body(len(read))
        return read

    def _peek_chunked(self, n: int) -> bytes:
        try:
            chunk_left = self._get_chunk_left()
        except http.client.IncompleteRead:
            return b""  # peek doesn't worry about protocol
        if chunk_left is None:
            return b""  # eof
        # peek is allowed to return more than requested.  Just request the
        # entire chunk, and truncate what we get.
        data: bytes = self.fp.peek(chunk_left)
        return data[:chunk_left]

    # -- headers and urllib's accessors ----------------------------------------------
