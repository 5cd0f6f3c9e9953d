"""A response's body: its framing as http.client's attributes, and its reads.

Owns ``length``, ``chunked`` and ``chunk_left`` (views over the parser,
the one body accountant) and ``read``, ``readinto``, ``read1``,
``readline`` and ``peek`` with their helpers, each making on ``fp`` the
call http.client makes.  Chunked bodies are read by the ``ChunkedBody``
base (``chunked.py``); the response's head and life are ``response.py``'s.
"""

from __future__ import annotations

import io
import sys
from typing import Any, NoReturn

from .._core import (
    DEFAULT_LIMITS,
    ProtocolError,
    ReadBody,
    ResponseParser,
    framing_fields,
)
from .._core.members import (  # the one mirror: see there
    _BODY_LENGTH,
    _CHUNKED,
    _DONE,
    _ERROR,
    _LENGTH,
    _NO_BODY,
    _UNTIL_CLOSE,
)
from . import knobs
from .chunked import ChunkedBody
from .errors import stdlib_error
from .message import build_message
from .stdlib import http_client

__all__ = ["Body"]

_UNKNOWN = "UNKNOWN"
# gh-113199: read1() and readline() close the response at the end of a
# Content-Length body since 3.11.8 and 3.12.2; follow the running one.
_READ1_CLOSES = (3, 11, 8) <= sys.version_info < (3, 12) or sys.version_info >= (3, 12, 2)
# gh-119451 / CVE-2025-13836: never allocate more than this ahead of data.
_READ_SIZE = DEFAULT_LIMITS.read_size


class Body(ChunkedBody):
    """The body methods of ``HTTPResponse``."""

    _method: str | None  # HTTPResponse's
    #: Trailer fields of a chunked body, once it has been read (a class
    #: default: most responses have none).
    trailers: http_client.HTTPMessage | None = None

    def _close_conn(self) -> None:  # pragma: no cover - HTTPResponse defines it
        raise NotImplementedError

    # -- views over the parser --------------------------------------------------
    #
    # Before begin() there is no parser: what a caller assigns is kept in
    # the instance's __dict__ under the same name, where http.client keeps
    # it, and read back from there.  So is chunk_left on a body that is not
    # chunked, which http.client's begin() leaves as it was.

    # What a caller assigned to length on a chunked body: http.client keeps
    # it but reads chunks regardless, and so do we.
    _chunked_length: int | None = None

    @property  # a view over the parser, settable
    def length(self) -> int | str | None:
        parser = self._parser
        if parser is None:
            assigned: int | str | None = vars(self).get("length", _UNKNOWN)
            return assigned
        kind = parser.kind
        if kind is _NO_BODY:
            return 0
        if kind is _CHUNKED:
            return self._chunked_length
        return parser.length

    @length.setter
    def length(self, value: int | str | None) -> None:
        parser = self._parser
        if parser is None:
            vars(self)["length"] = value
        elif isinstance(value, str):
            return
        elif parser.kind is _CHUNKED:
            self._chunked_length = value
        else:
            parser.set_length(value)

    @property  # a view over the parser, settable
    def chunked(self) -> bool | str:
        parser = self._parser
        if parser is None:
            assigned: bool | str = vars(self).get("chunked", _UNKNOWN)
            return assigned
        return parser.kind is _CHUNKED

    @chunked.setter
    def chunked(self, value: bool | str) -> None:
        parser = self._parser
        if parser is None:
            vars(self)["chunked"] = value
        elif value != _UNKNOWN:
            if not value and parser.kind is _CHUNKED:
                # http.client's chunk_left stays as it was.
                vars(self)["chunk_left"] = self.chunk_left
            parser.set_chunked(bool(value))

    @property  # a view over the parser, settable
    def chunk_left(self) -> int | str | None:
        parser = self._parser
        if parser is None or parser.kind is not _CHUNKED:
            assigned: int | str | None = vars(self).get("chunk_left", _UNKNOWN)
            return assigned
        if parser.state is _ERROR:
            return self._stale_chunk_left  # what http.client's counter says
        return parser.chunk_left

    @chunk_left.setter
    def chunk_left(self, value: int | str | None) -> None:
        parser = self._parser
        if parser is None or parser.kind is not _CHUNKED:
            vars(self)["chunk_left"] = value
        elif value != _UNKNOWN:
            parser.set_chunk_left(value)  # type: ignore[arg-type] # int or None here

    def _framing_set_by_hand(self) -> ResponseParser:
        """The parser of a response read without begin(), its framing set by
        hand as test doubles do (http.client reads such a response by its
        attributes alone): ``chunked``, then ``chunk_left`` or ``length``,
        each an int or None.

        :raises http.client.ResponseNotReady: unless those were assigned
            (http.client fails on a str, with TypeError or AssertionError).
        """
        assigned = vars(self)
        chunked = assigned.get("chunked", _UNKNOWN)
        left = assigned.get("chunk_left" if chunked else "length", _UNKNOWN)
        if isinstance(chunked, str) or not (left is None or _is_size(left)):
            raise http_client.ResponseNotReady()
        parser = ResponseParser(self._method, knobs.limits())
        parser.got_status("HTTP/1.1", 200, "")
        parser.got_head_block(b"\r\n")  # no framing field: until close
        if not chunked:
            parser.set_length(left)
        else:
            parser.set_chunked(True)
            if left is not None:
                parser.set_chunk_left(left)
        del assigned["chunked"]  # the parser holds the framing from now on
        assigned.pop("length", None)
        self._parser = parser
        return parser

    # -- reading the body -----------------------------------------------------------

    def _done(self) -> None:
        """The parser has the whole body: trailers out, connection released."""
        parser = self._parser
        if parser is not None and parser.trailers:
            trailers = list(parser.trailers)
            self.trailers = build_message(
                b"", trailers, True, framing_fields(trailers).content_type
            )
        self._close_conn()

    def _refuse_body(self, error: ProtocolError) -> NoReturn:
        """A body whose framing the head left unreadable (conflicting
        Content-Length values): the error, once the connection is closed."""
        self._close_conn()
        raise stdlib_error(error) from error

    def _release_if_done(self, parser: ResponseParser) -> None:
        # A method of its own: checked after got_body(), which moved it.
        if parser.done:
            self._done()

    def read(self, amt: int | None = None) -> bytes:
        """Read and return the response body, or up to the next amt bytes."""
        fp = self.fp
        if fp is None:
            return b""
        if self._method == "HEAD":
            self._close_conn()
            return b""
        parser = self._parser
        if parser is None:
            parser = self._framing_set_by_hand()
        if parser.state is _BODY_LENGTH:
            # The usual Content-Length body, read in pieces or whole.
            left = parser.left
            if amt is not None and amt >= 0:
                # Clipped to the end of the response; short at EOF rather
                # than IncompleteRead, "as it might break compatibility".
                data: bytes = fp.read(amt if amt < left else left)
                size = len(data)
                if size:
                    parser.got_body(size)
                    if size == left:
                        self._done()
                elif amt:
                    self._close_conn()
                return data
            if left <= _READ_SIZE:
                data = fp.read(left)
                if len(data) < left:
                    self._close_conn()
                    raise http_client.IncompleteRead(data, left - len(data))
                parser.got_body(left)
                self._close_conn()
                return data
        if parser.body_error is not None:
            self._refuse_body(parser.body_error)
        if amt is not None and amt < 0:
            amt = None  # gh-112064: a negative amt reads everything
        kind = parser.kind
        if kind is _CHUNKED:
            return self._read_chunked(amt)
        if kind is _NO_BODY or parser.done:
            self._done()
            return b""
        if amt is not None:  # a body read until close
            data = self.fp.read(amt)
            if not data and amt:
                # http.client returns short here rather than raising
                # IncompleteRead, "as it might break compatibility".
                self._close_conn()
            elif data:
                parser.got_body(len(data))
                self._release_if_done(parser)
            return data
        if kind is _UNTIL_CLOSE:
            data = self.fp.read()
            if data:
                parser.got_body(len(data))
            parser.got_eof()
            self._done()
            return data
        try:
            data = self._read_length_body(parser)
        finally:
            if self.fp is not None and not parser.done:
                self._close_conn()
        self._done()
        return data

    def _read_length_body(self, parser: ResponseParser) -> bytes:
        """The rest of a long Content-Length body, in bounded reads
        (CVE-2025-13836); read() takes a short one in one read itself."""
        fp = self.fp
        parts = []
        while not parser.done:
            want = parser.want()
            assert isinstance(want, ReadBody)
            size = want.size
            data = fp.read(size)
            if data:
                parts.append(data)
                parser.got_body(len(data))
            if len(data) < size:
                joined = b"".join(parts)
                raise http_client.IncompleteRead(joined, parser.left)
        return b"".join(parts)

    def readinto(self, b: Any) -> int:
        """Read up to len(b) bytes into bytearray b and return the number
        of bytes read.
        """
        fp = self.fp
        if fp is None:
            return 0
        if self._method == "HEAD":
            self._close_conn()
            return 0
        parser = self._parser
        if parser is None:
            parser = self._framing_set_by_hand()
        state = parser.state
        if state is _BODY_LENGTH:
            left = parser.left
            if len(b) > left:
                b = memoryview(b)[0:left]  # clip the read to the end of the response
        elif parser.kind is _CHUNKED:
            return self._readinto_chunked(b)
        elif parser.body_error is not None:
            self._refuse_body(parser.body_error)
        elif state is _DONE or parser.kind is _NO_BODY:
            if parser.kind is not _UNTIL_CLOSE:
                # http.client reads none of a body whose length is 0: a
                # readinto() of an empty view, which a file without
                # readinto() refuses there too.
                fp.readinto(memoryview(b)[0:0])
            self._done()
            return 0
        # Straight into the caller's memory, the caller's own object when it
        # fits, as in http.client.
        n: int = fp.readinto(b)
        if n:
            parser.got_body(n)
            if parser.state is _DONE:
                self._done()
        elif b:
            self._close_conn()  # short, as in http.client
        return n

    def _safe_read(self, amt: int) -> bytes:
        """Read the number of bytes requested.

        This function should be used when <amt> bytes "should" be present for
        reading. If the bytes are truly not available (due to EOF), then the
        IncompleteRead exception can be used to detect the problem.
        """
        # Bounded pieces, growing with what arrived (CVE-2025-13836).
        cursize = min(amt, _READ_SIZE)
        data: bytes = self.fp.read(cursize)
        if len(data) >= amt:
            return data
        if len(data) < cursize:
            raise http_client.IncompleteRead(data, amt - len(data))
        buffer = io.BytesIO()
        buffer.write(data)
        while True:
            delta = min(cursize, amt - cursize)
            buffer.write(self.fp.read(delta))
            if buffer.tell() >= amt:
                return buffer.getvalue()
            cursize += delta
            if buffer.tell() < cursize:
                return self._incomplete(buffer.getvalue(), amt)

    @staticmethod
    def _incomplete(data: bytes, amt: int) -> bytes:
        raise http_client.IncompleteRead(data, amt - len(data))

    def _safe_readinto(self, b: Any) -> int:
        """Same as _safe_read, but for reading into a buffer."""
        amt = len(b)
        n: int = self.fp.readinto(b)
        if n < amt:
            raise http_client.IncompleteRead(bytes(b[:n]), amt - n)
        return n

    def read1(self, n: int = -1) -> bytes:
        """Read with at most one underlying system call.  If at least one
        byte is buffered, return that instead.
        """
        if self.fp is None or self._method == "HEAD":
            return b""
        parser = self._parser
        if parser is None:
            parser = self._framing_set_by_hand()
        if parser.kind is _CHUNKED:
            return self._read1_chunked(n)
        if n < 0 and parser.kind is _LENGTH:
            # At most the read size: read1() allocates what it is asked
            # for, and the length is the peer's claim (CVE-2025-13836).
            n = parser.read_size()
        return self._read_unchunked(parser, self.fp.read1, n)

    def _read_unchunked(self, parser: ResponseParser, read: Any, size: int) -> bytes:
        """read1() or readline() of a body that is not chunked: clipped to
        the body, counted, the response released at its end where the
        running http.client releases it (gh-113199)."""
        if parser.body_error is not None:
            self._refuse_body(parser.body_error)
        kind = parser.kind
        if kind is _NO_BODY or parser.done:
            if _READ1_CLOSES:
                self._done()
            return b""
        if kind is _LENGTH and (size < 0 or size > parser.left):
            size = parser.left
        result: bytes = read(size)
        if not result and size:
            self._close_conn()
        elif result:
            parser.got_body(len(result))
            if _READ1_CLOSES:
                self._release_if_done(parser)
        return result

    def peek(self, n: int = -1) -> bytes:
        # Having this enables IOBase.readline() to read more than one
        # byte at a time
        if self.fp is None or self._method == "HEAD":
            return b""
        parser = self._parser
        if parser is None and "chunked" in vars(self):
            parser = self._framing_set_by_hand()
        if parser is not None and parser.kind is _CHUNKED:
            return self._peek_chunked(n)
        if parser is not None and parser.body_error is not None:
            self._refuse_body(parser.body_error)
        data: bytes = self.fp.peek(n)
        if parser is not None and parser.kind is _LENGTH:
            return data[: parser.left]
        return data

    def readline(self, limit: int | None = -1) -> bytes:
        fp = self.fp
        if fp is None or self._method == "HEAD":
            return b""
        parser = self._parser
        if parser is None:
            parser = self._framing_set_by_hand()
        if limit is None:
            limit = -1
        if parser.state is _BODY_LENGTH:
            # The usual Content-Length body, a line at a time (iteration
            # calls this per line): _read_unchunked()'s steps, inlined.
            left = parser.left
            if limit < 0 or limit > left:
                limit = left
            line: bytes = fp.readline(limit)
            size = len(line)
            if size:
                parser.got_body(size)
                if _READ1_CLOSES and size == left:
                    self._done()
            elif limit:
                self._close_conn()  # short, as in http.client
            return line
        if parser.kind is _CHUNKED:
            return self._readline_chunked(limit)
        return self._read_unchunked(parser, self.fp.readline, limit)


def _is_size(value: object) -> bool:
    """Whether *value* is a byte count: a non-negative int."""
    return isinstance(value, int) and value >= 0
