"""The pull-driven response parser and the one body accountant.

Owns everything about reading one response: the status line, interim
responses, header and trailer blocks under their limits, the framing and
the count of body bytes.  It never reads.

Theory of operation
-------------------
The shell loops: ``want()`` answers :class:`ReadLine` (call
``fp.readline(limit)``, pass the line to :meth:`got_line`),
:class:`ReadBody` (read up to ``size`` body bytes, pass their count to
:meth:`got_body`), or :data:`NOTHING` (the response is complete); EOF goes
to :meth:`got_eof`.  The shell makes exactly the reads http.client makes,
so callers that read ``response.fp`` themselves see every byte.

Whole heads and chunks shown by a buffer are taken by the methods of
:class:`.buffered.BufferedInput`, the body's counter read and reseeded by
those of :class:`.counters.BodyCounters`; this class inherits both.

Byte counts live here and only here: :attr:`length` (bytes left in a
Content-Length body), :attr:`chunk_left` (bytes left in the current
chunk, with http.client's ``None``/``0`` conventions) and
:attr:`received`.  A protocol error moves the parser to ``ERROR`` and
every later call raises ``BAD_STATE``.
"""

from __future__ import annotations

from typing import NoReturn

from .buffered import BufferedInput
from .counters import BodyCounters
from .errors import (
    ErrorKind,
    IncompleteBody,
    LocalProtocolError,
    ProtocolError,
    RemoteProtocolError,
)
from .events import (
    NOTHING,
    BodyKind,
    Field,
    Framing,
    HeadEvent,
    InformationalResponse,
    ReadBody,
    ReadLine,
    ReadRequest,
    Response,
)
from .framing import response_framing
from .headers import FramingValues, parse_block, parse_fields
from .limits import DEFAULT_LIMITS, Limits
from .lines import (
    parse_chunk_size,
    read_status_line,
)
from .members import (
    _BODY_LENGTH,
    _BODY_UNTIL_CLOSE,
    _CHUNK_DATA,
    _CHUNK_END,
    _CHUNK_SIZE,
    _CHUNKED,
    _DONE,
    _ERROR,
    _HEADERS,
    _LENGTH,
    _NO_BODY,
    _STATUS,
    _TRAILERS,
    _UNTIL_CLOSE,
)
from .states import RESPONSE_ACTIONS, ResponseAction, ResponseState

__all__ = ["HeadEvent", "ResponseParser"]

# An interim head kept in case the peer closes next: (status line, raw
# block, fields, clean, framing values).
_InterimHead = tuple[tuple[str, int, str], bytes, list[Field], bool, FramingValues]


_BLANK = (b"\r\n", b"\n", b"")
# The CRLF after chunk data is read as a line of at most two bytes, so a
# bare LF is accepted (RFC 9112 §2.2) and nothing past it is consumed.
_READ_CHUNK_END = ReadLine(2)
_new_tuple = tuple.__new__
_DEFAULT_MAX_LINE = DEFAULT_LIMITS.max_line
_DEFAULT_MAX_HEADERS = DEFAULT_LIMITS.max_headers
_DEFAULT_READ_LINE = ReadLine(_DEFAULT_MAX_LINE + 1)


# The states that accept a line, from the table, as a tuple: Enum hashing is a
# Python call in 3.11 (bench_shell.py, "2000 JSON lines, a chunk per line").
_LINE_STATES = tuple(s for s in ResponseState if ResponseAction.LINE in RESPONSE_ACTIONS[s])


class ResponseParser(BodyCounters, BufferedInput):
    """Reads one HTTP/1.x response, pulled by the shell.

    :param method: the request method, which decides whether a body can
        follow (HEAD, CONNECT), compared as sent.
    :param limits: the bounds to enforce; the stdlib's by default.
    """

    #: Where the parser stands.
    state: ResponseState
    #: The final head, once read.
    response: Response | None = None
    #: Interim responses skipped so far.
    interim_count = 0
    #: Body bytes received so far.
    received = 0
    #: Bytes left in the Content-Length body or the current chunk, the one
    #: counter (``length`` and ``chunk_left`` are views); changed only by
    #: :meth:`got_body` and the ``set_*`` methods.
    left = 0
    # The status line of the head being read, whether it is the final one,
    # and http.client's version number for it.
    _status: tuple[str, int, str] = ("", 0, "")
    _final = False
    _http_version = 11
    _error: ProtocolError | None = None
    #: Why the final head's body cannot be read (Content-Length values
    #: invalid or in conflict), or ``None``; the head is still returned.
    body_error: ProtocolError | None = None
    # The last interim head, the final one if the peer closes next.
    _interim_head: _InterimHead | None = None
    #: How the body ends; ``BodyKind.NONE`` until a final head is read.
    #: Read it; :meth:`set_length` and :meth:`set_chunked` change it.
    kind: BodyKind
    #: The bounds enforced.
    limits: Limits
    # The limits read on every line or head.
    _max_line: int
    _max_headers: int
    # What want() asks for when a line is next.
    _read_line: ReadLine

    # The defaults above are class attributes: a parser is made for every
    # response, and setting only what differs keeps that cheap.  The rest,
    # read on every response, are set here: CPython 3.11 specialises an
    # attribute access only for a value the instance holds, and never for
    # a name whose class default is an object of a Python class (an Enum
    # member, a NamedTuple), even once the instance holds its own.
    def __init__(self, method: str | None = None, limits: Limits = DEFAULT_LIMITS) -> None:
        self.method = method
        self.state = _STATUS
        self.response = None
        self.received = 0
        self.kind = _NO_BODY
        self.limits = limits
        if limits is DEFAULT_LIMITS:
            self._max_line = _DEFAULT_MAX_LINE
            self._max_headers = _DEFAULT_MAX_HEADERS
            self._read_line = _DEFAULT_READ_LINE
        else:
            self._max_line = limits.max_line
            self._max_headers = limits.max_headers
            self._read_line = _new_tuple(ReadLine, (limits.max_line + 1,))
        self._lines: list[bytes] = []
        #: Trailer fields of a chunked body, once read.
        self.trailers: list[Field] = []

    # -- what to read -------------------------------------------------------

    def want(self) -> ReadRequest:
        """What the shell should read next.

        :raises RemoteProtocolError: ``body_error``, after a head whose
            body cannot be framed.
        :raises LocalProtocolError: ``BAD_STATE`` after a protocol error.
        """
        state = self.state
        if state is _BODY_LENGTH or state is _CHUNK_DATA:
            left = self.left
            read_size = self.limits.read_size
            size = left if left < read_size else read_size
            return ReadBody(size)
        if state is _BODY_UNTIL_CLOSE:
            size = self.limits.read_size
            return ReadBody(size)
        if state is _CHUNK_END:
            return _READ_CHUNK_END
        if state is _DONE:
            return NOTHING
        if state is _ERROR:
            error = self.body_error
            if error is not None:  # the head was taken; its body cannot be framed
                raise error.with_traceback(None)
            self._refuse(ResponseAction.LINE)
        return self._read_line

    # -- what arrived -------------------------------------------------------

    def got_chunk_end(self, data: bytes) -> bytes | None:
        """Report the bytes read, with ``read(2)`` as http.client reads
        them, where the CRLF after chunk data belongs.

        Returns ``None`` for the CRLF.  A bare LF is taken too (RFC 9112
        §2.2): the byte after it, if any, begins the next size line, and is
        returned for the caller to read on to its end for :meth:`got_line`.

        :raises RemoteProtocolError: ``BAD_CHUNK_END`` for other bytes.
        :raises IncompleteBody: at EOF.
        :raises LocalProtocolError: ``BAD_STATE`` outside ``CHUNK_END``.
        """
        if self.state is _CHUNK_END and data.startswith(b"\n"):
            self.state = _CHUNK_SIZE
            return data[1:]
        self.got_line(data)  # the CRLF, or the error got_line() gives
        return None

    def got_line(self, line: bytes) -> HeadEvent | None:
        """Report a line read as :meth:`want` asked (``b""`` at EOF).

        Returns the head when this line completes one: an
        :class:`InformationalResponse` for a skipped 1xx, the
        :class:`Response` for the final head; otherwise ``None``.

        :raises RemoteProtocolError: on a line the protocol does not allow
            here, or past a limit; :class:`IncompleteBody` at EOF inside a
            chunked body.
        :raises LocalProtocolError: ``BAD_STATE`` when no line was wanted.
        """
        state = self.state
        if state is _HEADERS:
            # The hot path: one call per header line.
            if len(line) > self._max_line:
                return self._fail(RemoteProtocolError(ErrorKind.LINE_TOO_LONG, "header line"))
            lines = self._lines
            lines.append(line)
            if len(lines) > self._max_headers:
                return self._fail(
                    RemoteProtocolError(
                        ErrorKind.TOO_MANY_HEADERS,
                        f"got more than {self.limits.max_headers} headers",
                    )
                )
            if line in _BLANK:
                if line:
                    return self._end_head()
                # EOF before the blank line: never a whole head.
                self._fail(
                    RemoteProtocolError(
                        ErrorKind.TRUNCATED_HEAD,
                        "Remote end closed connection in the response head",
                    )
                )
            return None
        if state is _CHUNK_END and line == b"\r\n":
            # The shell's other per-chunk line: the CRLF after the data.
            self.state = _CHUNK_SIZE
            return None
        if state not in _LINE_STATES:
            self._refuse(ResponseAction.LINE)
        if state is _STATUS and not line and self._interim_head is not None:
            taken = self._interim_as_final()
            if taken is not None:
                return taken
        try:
            if state is _STATUS:
                self._got_status_line(line)
            elif state is _CHUNK_SIZE:
                self._got_chunk_size(line)
            elif state is _CHUNK_END:
                self._got_chunk_end(line)
            else:
                self._got_trailer(line)
        except ProtocolError as exc:
            self._fail(exc)
        return None

    def got_status(self, version: str, status: int, reason: str) -> None:
        """Report a status line the shell split itself (``_read_status``).

        An interim status (1xx but 101) starts a header block to skip;
        any other starts the final head.

        :raises RemoteProtocolError: ``TOO_MANY_INTERIM`` past the limit;
            ``UNKNOWN_PROTOCOL`` (args: the version) for a final response
            whose version is not HTTP/0.9, HTTP/1.0 or HTTP/1.x.
        """
        if self.state is not _STATUS:
            self._refuse(ResponseAction.LINE)
        if 100 <= status < 200 and status != 101:
            if self.interim_count >= self.limits.max_interim:
                self._fail(
                    RemoteProtocolError(
                        ErrorKind.TOO_MANY_INTERIM,
                        f"got more than {self.limits.max_interim} interim responses",
                    )
                )
            self._final = False
        else:
            self._take_version(version)
            self._final = True
        self._status = (version, status, reason)
        self.state = _HEADERS

    def got_body(self, count: int) -> None:
        """Report that *count* body bytes arrived: at most the bytes left in
        a Content-Length body or in the current chunk (the shell may read
        more than one :class:`ReadBody` asked for at once, never past them).

        A count of 0 means the connection ended, as :meth:`got_eof`.

        :raises IncompleteBody: at EOF before the framing's end.
        :raises LocalProtocolError: ``BAD_STATE`` when no body was wanted
            or more bytes arrived than were.
        """
        state = self.state
        if count > 0:
            if state is _BODY_LENGTH or state is _CHUNK_DATA:
                left = self.left - count
                if left >= 0:  # the hot path: a piece of a body or chunk
                    self.left = left
                    self.received += count
                    if not left:
                        self.state = _DONE if state is _BODY_LENGTH else _CHUNK_END
                    return
            elif state is _BODY_UNTIL_CLOSE:
                self.received += count
                return
            self._refuse(ResponseAction.BODY)
        if not count:
            self.got_eof()
            return
        self._refuse(ResponseAction.BODY)

    def got_eof(self) -> HeadEvent | None:
        """Report that the connection ended.

        In a line state it is an empty line: ``NO_RESPONSE`` before any
        status line, ``TRUNCATED_HEAD`` inside a head (never its end, as in
        http.client), the final head after a whole interim one (as there),
        the trailers' end.  A body read until close ends; any other is
        incomplete.  After the response, EOF changes nothing.

        :raises RemoteProtocolError: ``NO_RESPONSE`` before a status line,
            ``TRUNCATED_HEAD`` inside a head.
        :raises IncompleteBody: inside a body whose end was announced.
        """
        state = self.state
        if state is _BODY_UNTIL_CLOSE:
            self.state = _DONE
        elif state is _BODY_LENGTH or state is _CHUNK_DATA:
            self._fail(IncompleteBody(self.received, self.left))
        elif state is _ERROR:
            self._refuse(ResponseAction.EOF)
        elif state is not _DONE:
            return self.got_line(b"")
        return None

    # -- internals ----------------------------------------------------------

    def _got_status_line(self, line: bytes) -> None:
        self.got_status(*read_status_line(line, self.limits))

    def _end_head(self, raw: bytes | None = None) -> HeadEvent:
        if raw is None:
            lines, self._lines = self._lines, []
            raw = b"".join(lines)
        try:
            fields, clean, framing_fields = parse_block(raw, strict=True)
        except ProtocolError as exc:
            self._fail(exc)
        if not self._final:
            self.interim_count += 1
            self.state = _STATUS
            self._interim_head = (self._status, raw, fields, clean, framing_fields)
            _, status, reason = self._status
            return InformationalResponse(status, reason.strip(), self._status[0], fields)
        return self._take_final(raw, fields, clean, framing_fields)

    def _take_final(
        self, raw: bytes, fields: list[Field], clean: bool, framing_fields: FramingValues
    ) -> Response:
        version, status, reason = self._status
        try:
            framing = response_framing(status, self.method, self._http_version, framing_fields)
        except ProtocolError as exc:
            # Content-Length values that conflict or cannot be read: the
            # head is whole and returned (urllib3 checks the values itself
            # and raises its own error), the body cannot be framed, so
            # reading it fails and the connection is never reused.
            self.body_error = exc
            framing = _new_tuple(Framing, (_UNTIL_CLOSE, None, True))
        # tuple.__new__: the same Response, without NamedTuple's Python-level
        # constructor, once per response (bench_shell.py, "begin()").
        self.response = response = _new_tuple(
            Response,
            (
                version,
                self._http_version,
                status,
                reason.strip(),
                fields,
                raw,
                clean,
                framing,
                framing_fields[5],  # Content-Type
            ),
        )
        # By index: each attribute of a NamedTuple is a descriptor call.
        self.kind = kind = framing[0]
        if self.body_error is not None:
            self.state = _ERROR
            self._error = self.body_error
        elif kind is _LENGTH:
            self.left = left = framing[1] or 0
            self.state = _BODY_LENGTH if left else _DONE
        elif kind is _CHUNKED:
            self.state = _CHUNK_SIZE
        elif kind is _UNTIL_CLOSE:
            self.state = _BODY_UNTIL_CLOSE
        else:
            self.state = _DONE
        return response

    def _take_version(self, version: str) -> None:
        """The final head's version as http.client's number (10 or 11)."""
        if version in ("HTTP/1.0", "HTTP/0.9"):
            # Some servers still answer 0.9; http.client reads it as 1.0.
            self._http_version = 10
        elif version.startswith("HTTP/1."):
            self._http_version = 11
        else:
            self._fail(RemoteProtocolError(ErrorKind.UNKNOWN_PROTOCOL, version))

    def _interim_as_final(self) -> Response | None:
        """The last interim head as the final one, when the peer closed
        after it instead of sending a final head: http.client takes any
        1xx but 100 as final, and reads no body.  ``None`` after a 100
        Continue, which http.client skips too (the peer closed without a
        response).  The connection ended, so ``will_close`` is true."""
        assert self._interim_head is not None
        status_line, raw, fields, clean, framing_fields = self._interim_head
        if status_line[1] == 100:
            return None
        self._take_version(status_line[0])
        self._status = status_line
        self._final = True
        response = self._take_final(raw, fields, clean, framing_fields)
        self.response = response = response._replace(
            framing=response.framing._replace(will_close=True)
        )
        return response

    def _got_chunk_size(self, line: bytes) -> None:
        if len(line) > self._max_line:
            raise RemoteProtocolError(ErrorKind.LINE_TOO_LONG, "chunk size")
        if not line:
            raise IncompleteBody(self.received, None)
        size = parse_chunk_size(line)
        if not size and not line.endswith(b"\n"):
            # EOF in the last chunk's line: "0" may begin "0a".  (Cut after
            # another size, the data read fails, as in http.client.)
            raise IncompleteBody(self.received, None)
        if size:
            self.left = size
            self.state = _CHUNK_DATA
        else:
            self.state = _TRAILERS

    def _got_chunk_end(self, line: bytes) -> None:
        if line in (b"\r\n", b"\n"):
            self.state = _CHUNK_SIZE
        elif line in (b"", b"\r"):
            raise IncompleteBody(self.received, None)
        else:
            # http.client discards these two bytes unchecked, so a
            # mis-sized chunk shifts every later chunk (RFC 9112 §7.1).
            raise RemoteProtocolError(ErrorKind.BAD_CHUNK_END, line)

    def _got_trailer(self, line: bytes) -> None:
        if len(line) > self._max_line:
            raise RemoteProtocolError(ErrorKind.LINE_TOO_LONG, "trailer line")
        lines = self._lines
        lines.append(line)
        if len(lines) > self.limits.max_trailers:
            raise RemoteProtocolError(
                ErrorKind.TOO_MANY_TRAILERS,
                f"got more than {self.limits.max_trailers} trailer lines",
            )
        if line in _BLANK:
            self._lines = []
            self.trailers = parse_fields(lines)[0]
            self.state = _DONE

    def _fail(self, exc: ProtocolError) -> NoReturn:
        self.state = _ERROR
        self._error = exc
        raise exc

    def _refuse(self, action: ResponseAction) -> NoReturn:
        raise LocalProtocolError(
            ErrorKind.BAD_STATE, self.state.value, action.value
        ) from self._error
