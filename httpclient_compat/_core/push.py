"""A push adapter: feed bytes, get events, in the style of h11.

Owns the receive buffer and the event sequence for code that does its own
I/O (async frameworks, tests).  All HTTP knowledge stays in the request
writer and the response parser; this module only moves bytes between a
buffer and the parser's pull requests, so both doors give the same
answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Union

from .errors import ErrorKind, LocalProtocolError
from .events import (
    NEED_DATA,
    PAUSED,
    ConnectionClosed,
    Data,
    EndOfMessage,
    Event,
    InformationalResponse,
    ReadBody,
    ReadLine,
    Request,
    Response,
    Sentinel,
)
from .exchange import advance, may_reuse
from .headers import field_line
from .limits import DEFAULT_LIMITS, Limits
from .request_writer import CHUNK_SUFFIX, LAST_CHUNK, chunk_prefix, request_head, request_line
from .response_parser import ResponseParser
from .states import ConnAction, ConnState, ResponseState

__all__ = ["ClientConnection"]

SendEvent = Union[Request, Data, EndOfMessage]


def _request_body_framing(headers: Sequence[tuple[str, str]]) -> tuple[bool, int]:
    """(chunked, Content-Length) of a request, from its own headers.

    RFC 9112 §6: Transfer-Encoding must end in chunked, and may not come
    with Content-Length; several Content-Length values must agree.  No
    framing header means no body.

    :raises LocalProtocolError: ``BAD_REQUEST_FRAMING`` otherwise.
    """
    codings: list[str] = []
    lengths: set[str] = set()
    for name, value in headers:
        key = str(name).lower()
        if key == "transfer-encoding":
            codings.extend(c.strip().lower() for c in str(value).split(","))
        elif key == "content-length":
            lengths.add(str(value).strip())
    if codings:
        if lengths or codings[-1] != "chunked":
            raise LocalProtocolError(
                ErrorKind.BAD_REQUEST_FRAMING,
                f"a request's Transfer-Encoding must end in chunked, without Content-Length: "
                f"{', '.join(codings)!r}",
            )
        return True, 0
    if not lengths:
        return False, 0
    text = lengths.pop()
    if lengths or not (text.isdigit() and text.isascii()):
        raise LocalProtocolError(ErrorKind.BAD_REQUEST_FRAMING, f"invalid Content-Length {text!r}")
    return False, int(text)


class ClientConnection:
    """One client connection, driven by the bytes its owner moves.

    :meth:`send` turns a :class:`Request`, its :class:`Data` and its
    :class:`EndOfMessage` into bytes to write; :meth:`receive_data` takes
    bytes read (``b""`` for EOF); :meth:`next_event` answers the next
    :class:`InformationalResponse`, :class:`Response`, :class:`Data`,
    :class:`EndOfMessage` or :class:`ConnectionClosed`, or
    :data:`NEED_DATA` / :data:`PAUSED`.  After a complete exchange on a
    reusable connection, :meth:`start_next_cycle` makes it ready for the
    next request.

    :param http_vsn_str: the version sent on request lines.
    :param limits: bounds for reading responses.
    """

    def __init__(self, *, http_vsn_str: str = "HTTP/1.1", limits: Limits = DEFAULT_LIMITS) -> None:
        self.http_vsn_str = http_vsn_str
        self.limits = limits
        #: Our side, as http.client names it: ``Idle``, ``Request-started``
        #: (head sent, body may follow), ``Request-sent``.
        self.our_state = ConnState.IDLE
        self._parser: ResponseParser | None = None
        self._buffer = bytearray()
        self._scanned = 0  # how far the buffer is known to hold no LF
        self._eof = False
        self._chunked = False
        self._body_left = 0
        self._ended = False  # EndOfMessage of the response handed out
        self._switched = False

    # -- state --------------------------------------------------------------

    @property
    def their_state(self) -> ResponseState | None:
        """The response parser's state, ``None`` before a request is sent."""
        return None if self._parser is None else self._parser.state

    @property
    def trailing_data(self) -> tuple[bytes, bool]:
        """Bytes received but not consumed, and whether EOF was received:
        after a protocol switch (101, or 2xx to CONNECT) they belong to the
        new protocol."""
        return bytes(self._buffer), self._eof

    # -- sending ------------------------------------------------------------

    def send(self, event: SendEvent) -> bytes:
        """Return the bytes that put *event* on the wire.

        :raises LocalProtocolError: ``BAD_STATE`` for an event out of
            order; ``BAD_REQUEST_FRAMING`` for a request without Host, with
            an unreadable Content-Length, or a body that does not match
            its Content-Length; the request writer's validation errors.
        """
        if isinstance(event, Request):
            return self._send_request(event)
        if isinstance(event, Data):
            self._check_sending(ConnAction.PUT_HEADER)
            return self._send_data(event.data)
        state = advance(self.our_state, ConnAction.END_HEADERS)
        if self._chunked:
            tail = b"".join(field_line(n, (v,)) + b"\r\n" for n, v in event.trailers)
            data = LAST_CHUNK[:-2] + tail + b"\r\n"
        elif event.trailers:
            raise LocalProtocolError(
                ErrorKind.BAD_REQUEST_FRAMING, "trailers need a chunked request body"
            )
        elif self._body_left:
            raise LocalProtocolError(
                ErrorKind.BAD_REQUEST_FRAMING,
                f"{self._body_left} bytes of the announced body were not sent",
            )
        else:
            data = b""
        self.our_state = state
        return data

    def _check_sending(self, action: ConnAction) -> None:
        self.our_state = advance(self.our_state, action)

    def _send_request(self, request: Request) -> bytes:
        state = advance(self.our_state, ConnAction.PUT_REQUEST)
        names = {str(name).lower() for name, _ in request.headers}
        fields: list[tuple[object, object]] = []
        if "host" not in names:
            if request.host is None:
                raise LocalProtocolError(
                    ErrorKind.BAD_REQUEST_FRAMING, "an HTTP/1.1 request needs a Host header"
                )
            fields.append(("Host", request.host))
        fields.extend(request.headers)
        chunked, body_left = _request_body_framing(request.headers)
        line = request_line(request.method, request.target, self.http_vsn_str)
        head = request_head(line.encode("ascii"), fields)
        self._chunked = chunked
        self._body_left = body_left
        self._parser = ResponseParser(request.method, self.limits)
        self._ended = False
        self.our_state = state
        return head

    def _send_data(self, data: bytes) -> bytes:
        if self._chunked:
            if not data:
                return b""
            return chunk_prefix(len(data)) + data + CHUNK_SUFFIX
        left = self._body_left
        if len(data) > left:
            raise LocalProtocolError(
                ErrorKind.BAD_REQUEST_FRAMING,
                f"{len(data)} body bytes sent where {left} were left",
            )
        self._body_left = left - len(data)
        return bytes(data)

    # -- receiving ----------------------------------------------------------

    def receive_data(self, data: bytes) -> None:
        """Add bytes read from the peer; ``b""`` means the peer closed.

        :raises LocalProtocolError: ``BAD_STATE`` for data after EOF.
        """
        if self._eof and data:
            raise LocalProtocolError(ErrorKind.BAD_STATE, "closed", "receive_data")
        if data:
            self._buffer += data
        else:
            self._eof = True

    def next_event(self) -> Event | Sentinel:
        """The next thing the peer said, or what is missing to say it.

        :raises RemoteProtocolError: when the response breaks the protocol
            (and on every later call, ``BAD_STATE``).
        """
        parser = self._parser
        if parser is None or self._switched:
            return self._idle_answer()
        while True:
            want = parser.want()
            if isinstance(want, ReadLine):
                line = self._take_line(want.limit)
                if line is None:
                    return NEED_DATA
                head = parser.got_line(line)
                if head is not None:
                    return self._head(parser, head)
            elif isinstance(want, ReadBody):
                buffer = self._buffer
                if buffer:
                    data = bytes(buffer[: want.size])
                    del buffer[: want.size]
                    parser.got_body(len(data))
                    return Data(data)
                if not self._eof:
                    return NEED_DATA
                parser.got_eof()
            elif not self._ended:
                self._ended = True
                return EndOfMessage(parser.trailers)
            else:
                return self._idle_answer()

    def _head(self, parser: ResponseParser, head: InformationalResponse | Response) -> Event:
        # 101 and a 2xx to CONNECT hand the connection to another protocol.
        if isinstance(head, Response) and (
            head.status == 101 or (parser.method == "CONNECT" and 200 <= head.status < 300)
        ):
            self._switched = True
        return head

    def _idle_answer(self) -> Event | Sentinel:
        if self._switched:
            return PAUSED
        if self._eof and not self._buffer:
            return ConnectionClosed()
        parser = self._parser
        if parser is not None and may_reuse(parser.response, parser.done):
            return PAUSED
        if self._eof:
            return ConnectionClosed()
        # Before a request, or waiting for the server to close.
        return NEED_DATA

    def _take_line(self, limit: int) -> bytes | None:
        buffer = self._buffer
        # Search only what has not been searched, and never past the limit,
        # so a peer that trickles a long line costs O(n) in all.
        end = buffer.find(b"\n", self._scanned, limit)
        if end >= 0:
            size = end + 1
        elif len(buffer) >= limit or self._eof:
            size = limit
        else:
            self._scanned = len(buffer)
            return None
        line = bytes(buffer[:size])
        del buffer[:size]
        self._scanned = 0
        return line

    def start_next_cycle(self) -> None:
        """Make the connection ready for the next request.

        :raises LocalProtocolError: ``BAD_STATE`` unless the request was
            sent, its response read to the end, and the connection may be
            reused.
        """
        parser = self._parser
        if (
            self.our_state is not ConnState.REQ_SENT
            or parser is None
            or not self._ended
            or self._switched
            or self._eof
            or not may_reuse(parser.response, parser.done)
        ):
            raise LocalProtocolError(ErrorKind.BAD_STATE, self.our_state.value, "start_next_cycle")
        self.our_state = advance(self.our_state, ConnAction.GET_RESPONSE)
        self._parser = None
