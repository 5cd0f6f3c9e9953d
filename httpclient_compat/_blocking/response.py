"""``HTTPResponse``: http.client's response object over the core's parser.

Owns the file calls: every read goes to ``self.fp`` with the call
http.client would make, and the parser is told what arrived.  The parser
decides framing and counts body bytes; ``length``, ``chunk_left`` and
``chunked`` are views over it.  Subclasses the stdlib class (so
``isinstance`` checks hold) and overrides every method it defines.  Owns
the head (``begin``), the response's life (closing, finalizing) and
``response_for``; the body is read by the ``Body`` base (``body.py``).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from .._core import (
    DEFAULT_LIMITS,
    ErrorKind,
    Limits,
    ProtocolError,
    ReadLine,
    ResponseParser,
    head_length,
    read_status_line,
)
from .._core.members import _CHUNKED, _DONE  # the one mirror: see there
from . import knobs
from .body import Body
from .debug import say
from .errors import stdlib_error
from .fastpaths import buffered_peek, is_plain_socket
from .message import build_message
from .reader import SpareReader, raw_file_class
from .stdlib import http_client

__all__ = ["HTTPResponse", "parked_reader", "response_for"]

_UNKNOWN = "UNKNOWN"


class HTTPResponse(Body, http_client.HTTPResponse):  # type: ignore[misc] # Body's views are settable properties
    """The response to one request, read from ``sock.makefile("rb")``.

    Behaves as :class:`http.client.HTTPResponse`.  Additions: after a
    chunked body has been read to its end, :attr:`trailers` holds its
    trailer fields as an :class:`http.client.HTTPMessage` (``None`` before
    that and for other bodies).
    """

    # Our own state, as class defaults: a response stores them only when
    # they change, and one whose __init__ is a subclass's that never calls
    # ours (vcrpy's replays a recording) reads no parser.
    _parser: ResponseParser | None = None
    # Where the connection keeps a reader between responses (see
    # response_for): set for a response whose reader may be kept.
    _spare: SpareReader | None = None
    # For a chunked body, whether its reader was known to hold nothing past
    # the body when the body ended (ChunkedBody._chunked_loop tracks it);
    # only then is it kept.
    _drained = False
    # Whether the server sent bytes past this response's end (see
    # ResponseParser.overran): its connection then drops the socket.
    _overran = False
    _limits: Limits = DEFAULT_LIMITS
    fp: Any
    #: Trailer fields of a chunked body, once it has been read (a class
    #: default: most responses have none).
    trailers: http_client.HTTPMessage | None = None
    # The stdlib's attributes change type over the object's life (the
    # string 'UNKNOWN' before begin(), None once closed), so they are Any.
    _method: str | None
    debuglevel: int
    headers: Any
    msg: Any
    version: Any
    status: Any
    code: Any
    will_close: Any
    url: Any

    def __init__(
        self, sock: Any, debuglevel: int = 0, method: str | None = None, url: str | None = None
    ) -> None:
        if is_plain_socket(sock):
            # What socket.makefile("rb") does, without its mode parsing: the
            # same objects, made the same way, read from the same modules
            # (a SocketIO with a leaner readinto unless socket.SocketIO or
            # its readinto was replaced: see SocketReader).
            raw = raw_file_class()(sock, "rb")
            sock._io_refs += 1
            fp = io.BufferedReader(raw, io.DEFAULT_BUFFER_SIZE)
        else:
            fp = sock.makefile("rb")
        # url is accepted and not stored, as in http.client (urllib sets .url).
        _set_new(self, fp, debuglevel, method)
        state = self.__dict__
        if "_parser" in state:  # initialised again: our own state afresh too
            for name in _OWN_STATE:
                state.pop(name, None)

    # -- the head -------------------------------------------------------------

    def _read_status(self) -> tuple[str, int, str]:
        limits = knobs.limits()
        line = self.fp.readline(limits.max_line + 1)
        if type(line) is not bytes:
            # http.client decodes the line first, which raises TypeError
            # for anything but a bytes-like object (a Mock's readline).
            str(line, "iso-8859-1")
        if self.debuglevel > 0 and len(line) <= limits.max_line:
            say("reply:", repr(str(line, "iso-8859-1")))
        try:
            return read_status_line(line, limits)
        except ProtocolError as exc:
            if exc.kind is ErrorKind.BAD_STATUS_LINE:
                self._close_conn()
            raise stdlib_error(exc) from exc

    def begin(self, *, _max_headers: int | None = None) -> None:
        headers, method, fp, debuglevel = self.headers, self._method, self.fp, self.debuglevel
        if headers is not None:
            # we've already started reading the response
            return
        if _max_headers is None:
            parser = ResponseParser(method, knobs.limits())
        else:
            self._limits = limits = knobs.limits(_max_headers)
            parser = ResponseParser(method, limits)
        # The whole head from one peek, when nothing needs the line-by-line
        # calls: no debug output, and _read_status() not overridden (a
        # subclass that replays a status line through it keeps it).
        peek = None
        tail = -1  # bytes buffered after the final head, when peek() told
        debug = debuglevel > 0
        if not debug and type(self)._read_status is _READ_STATUS:
            peek = buffered_peek(fp)  # any other file: line by line
        while parser.response is None:
            if peek is not None:
                try:
                    data = peek()
                    size = parser.got_buffered_head(data)
                except ProtocolError as exc:
                    if exc.kind is ErrorKind.BAD_STATUS_LINE:
                        self._close_conn()  # as _read_status() does
                    raise stdlib_error(exc) from exc
                if size > 0:
                    fp.read(size)  # exactly the head: fp stands at the body
                    tail = len(data) - size
                    continue
            tail = -1
            # The status line comes only through _read_status(), which
            # subclasses override to replay a line they consumed (botocore).
            try:
                version, status, reason = self._read_status()
            except http_client.RemoteDisconnected as exc:
                # The peer closed after an interim head, before any byte of
                # the next status line: the core may take that head as the
                # final one, as http.client does.
                if (
                    not parser.interim_count
                    or _cut_in_status_line(exc)
                    or not _eof_ends_head(parser)
                ):
                    raise
                break
            try:
                parser.got_status(version, status, reason)
                head = self._read_head(parser, fp)
            except ProtocolError as exc:
                raise stdlib_error(exc) from exc
            if self._interim(parser) and debug:
                say("headers:", _raw_lines(head))
        response = parser.response
        assert response is not None
        # One unpack: each attribute of a NamedTuple is a descriptor call
        # (bench_shell.py, "begin()").
        _, number, status, phrase, fields, raw, clean, framing, content_type = response
        message: http_client.HTTPMessage = build_message(raw, fields, clean, content_type)
        will_close = framing[2]  # Framing.will_close, read as a plain tuple
        # In http.client's order (a subclass's __setattr__ sees it).
        self.code = self.status = status
        self.reason = phrase
        self.version = number
        self.headers = self.msg = message
        self.will_close = will_close
        if debug:
            for hdr, val in message.items():
                say("header:", hdr + ":", val)
        self._parser = parser
        if tail > 0 and parser.overran(tail):
            self._overran = True  # the connection drops its socket: see keeping.py
        if self._spare is not None and parser.buffered_past_body(tail):
            # The reader may hold more than this response.  (Where a chunked
            # body ends is known once it is read: see _drained.)
            self._spare = None

    @staticmethod
    def _interim(parser: ResponseParser) -> bool:
        # A function of its own: the loop condition narrowed this for mypy.
        return parser.response is None

    @staticmethod
    def _read_head(parser: ResponseParser, fp: Any) -> bytes:
        """Read one header block into *parser*; return its raw bytes."""
        peek = buffered_peek(fp)
        if peek is not None:
            # The whole head is usually buffered already: take it in one
            # piece, reading exactly its length so fp stands at the body.
            size = head_length(peek())
            if size > 0:
                block: bytes = fp.read(size)
                parser.got_head_block(block)
                return block
        lines = []
        limit = parser.want()
        assert isinstance(limit, ReadLine)
        while True:
            line = fp.readline(limit.limit)
            lines.append(line)
            if parser.got_line(line) is not None:
                return b"".join(lines)

    def _check_close(self) -> bool:
        if self._parser is None or self._parser.response is None:
            raise http_client.ResponseNotReady()
        return self._parser.response.framing.will_close

    # -- closing ------------------------------------------------------------------

    def _close_conn(self) -> None:
        fp = self.fp
        self.fp = None
        spare = self._spare
        if spare is not None:
            # Park the reader (see response_for) if the response was read to
            # its end, its socket is still open and no other reader is parked.
            parser = self._parser
            if (
                parser is not None
                and parser.state is _DONE
                and spare.fp is None
                and (parser.kind is not _CHUNKED or self._drained)
            ):
                try:
                    sock = fp.raw._sock
                except AttributeError:  # a file the caller put in fp: closed as ever
                    sock = None
                if sock is not None and not sock._closed:
                    sock._io_refs -= 1
                    spare.sock = sock
                    spare.fp = fp
                    return
        fp.close()

    def close(self) -> None:
        try:
            io.BufferedIOBase.close(self)  # set "closed"
        finally:
            if self.fp:
                self._close_conn()

    def __del__(self) -> None:
        # IOBase's finalizer calls close() unless closed.  Once the
        # connection is released, our close() and flush() have nothing left
        # to do but mark a dying object closed, so they are skipped, unless
        # a subclass or a patch (on the class or on the object) replaced
        # one of them: the bound methods tell all three at once (bench
        # row "keep-alive GET": a finalizer's close() per exchange).
        try:
            fp = self.fp
        except AttributeError:  # never set: nothing to close
            fp = None
        if fp is None:  # released
            try:
                close, flush = self.close, self.flush
                if close.__func__ is _OWN_CLOSE and flush.__func__ is _OWN_FLUSH:  # type: ignore[attr-defined]
                    return
            except AttributeError:  # replaced by something that is not a method
                pass
        _IOBASE_FINALIZE(self)

    def flush(self) -> None:
        io.BufferedIOBase.flush(self)
        if self.fp:
            self.fp.flush()

    def readable(self) -> bool:
        """Always returns True"""
        return True

    def isclosed(self) -> bool:
        """True if the connection is closed."""
        return self.fp is None

    def fileno(self) -> int:
        fileno: int = self.fp.fileno()
        return fileno

    def getheader(self, name: str, default: Any = None) -> Any:
        """Returns the value of the header matching *name*.

        If there are multiple matching headers, the values are
        combined into a single string separated by commas and spaces.

        If no matching header is found, returns *default* or None if
        the *default* is not specified.

        If the headers are unknown, raises http.client.ResponseNotReady.

        """
        if self.headers is None:
            raise http_client.ResponseNotReady()
        headers = self.headers.get_all(name) or default
        if isinstance(headers, str) or not hasattr(headers, "__iter__"):
            return headers
        return ", ".join(headers)

    def getheaders(self) -> list[tuple[str, str]]:
        """Return list of (header, value) tuples."""
        if self.headers is None:
            raise http_client.ResponseNotReady()
        return list(self.headers.items())

    def __iter__(self) -> Iterator[bytes]:
        return self

    def info(self) -> http_client.HTTPMessage:
        """Returns an instance of the class mimetools.Message containing
        meta-information associated with the URL.
        """
        headers: http_client.HTTPMessage = self.headers
        return headers

    def geturl(self) -> str:
        """Return the real URL of the page (set by urllib)."""
        url: str = self.url  # set by urllib, as for http.client
        return url

    def getcode(self) -> int:
        """Return the HTTP status code that was sent with the response,
        or None if the URL is not an HTTP URL.
        """
        status: int = self.status
        return status


# -- the reader kept between responses -----------------------------------------
#
# A keep-alive connection's responses each read through a new
# sock.makefile("rb") in http.client, and making and closing that pair of
# objects is a sixth of what an exchange costs (bench_shell.py, "keep-alive
# GET").  When the whole response
# came in the buffer that begin() peeked at, and nothing more, the reader's
# buffer is empty once the body is read: the response then parks it with its
# connection, and the connection's next response reads through it.  While
# parked, the reader does not count as a use of the socket (sock._io_refs),
# so closing the socket closes it at once, as in http.client.


def response_for(sock: Any, method: str | None, spare: SpareReader) -> HTTPResponse:
    """``HTTPResponse(sock, method=method)``, reading through the reader
    parked in *spare* if it is one for *sock*, and allowed to park its own
    there if *sock* is a plain socket."""
    fp = spare.fp
    if fp is not None and (spare.sock is not sock or sock._closed):
        spare.drop()  # another socket's, or a closed one's
        fp = None
    if fp is None or HTTPResponse.__init__ is not _OWN_INIT:
        response = HTTPResponse(sock, method=method)
        if is_plain_socket(sock):
            response._spare = spare  # it may park its reader
        return response
    # What __init__ does, with the reader the response before parked (only
    # plain sockets' readers are parked).
    response = _ALLOCATE(HTTPResponse)
    spare.fp = None
    sock._io_refs += 1  # in use again
    _set_new(response, fp, 0, method)
    response._spare = spare
    return response


def parked_reader(conn: Any) -> Any:
    """The reader *conn*'s next ``getresponse()`` will read through, parked
    now if none is (a new ``makefile("rb")``, not counted on the socket
    while parked); ``None`` where ``getresponse()`` would make its own:
    another response class, a replaced ``__init__``, debug output, or a
    socket whose ``makefile`` is not the stdlib's.  For a sender that must
    look at the server's first bytes without taking them from the
    response (``Expect: 100-continue`` over TLS)."""
    spare, sock = conn._spare, conn.sock
    if (
        spare is None
        or conn.response_class is not HTTPResponse
        or HTTPResponse.__init__ is not _OWN_INIT
        or conn.debuglevel > 0
        or not is_plain_socket(sock)
    ):
        return None
    if spare.fp is not None:
        return spare.fp if spare.sock is sock else None
    fp = sock.makefile("rb")
    sock._io_refs -= 1  # parked: not a use of the socket
    spare.sock, spare.fp = sock, fp
    return fp


def _eof_ends_head(parser: ResponseParser) -> bool:
    """Tell *parser* that the peer closed where a status line was wanted;
    whether that gave it a final head.  An interim head it cannot take as
    final (its version is no HTTP/1.x) raises what http.client raises."""
    try:
        parser.got_eof()
    except ProtocolError as exc:
        if exc.kind is ErrorKind.NO_RESPONSE:
            return False
        raise stdlib_error(exc) from exc
    return parser.response is not None


def _cut_in_status_line(exc: BaseException) -> bool:
    """Whether *exc* came from a status line the peer cut short."""
    cause = exc.__cause__
    return isinstance(cause, ProtocolError) and cause.kind is ErrorKind.TRUNCATED_HEAD


def _raw_lines(block: bytes) -> list[bytes]:
    """A raw header block as http.client's list of lines, for debug output."""
    return block.splitlines(keepends=True) if block else [b""]


def _set_new(response: HTTPResponse, fp: Any, debuglevel: int, method: str | None) -> None:
    """What a new response holds: http.client's attributes, stored in its
    order (its chunked, chunk_left and length are views here).  Our own
    are class defaults until set."""
    response.fp = fp
    response.debuglevel = debuglevel
    response._method = method
    response.headers = response.msg = None
    response.version = response.status = response.reason = response.will_close = _UNKNOWN


_OWN_INIT = HTTPResponse.__init__
#: Our own attributes, set after __init__ (their class defaults before).
_OWN_STATE = ("_parser", "_spare", "_drained", "_overran")

# begin() takes a head whole unless a subclass overrides this.
_READ_STATUS = HTTPResponse._read_status
# Allocates a response, as the stdlib class's __new__ (IOBase's) does.
_ALLOCATE = http_client.HTTPResponse.__new__
#: What __del__ checks: the methods IOBase's finalizer would reach.
_OWN_CLOSE = HTTPResponse.close
_OWN_FLUSH = HTTPResponse.flush
_IOBASE_FINALIZE = io.IOBase.__del__
