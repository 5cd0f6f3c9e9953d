"""Frozen values the core hands out: read requests, heads, body events.

Owns plain immutable records and nothing else: no parsing, no decisions.
Read requests are what :meth:`ResponseParser.want` answers; the head and
body events are what the parser and the push adapter report.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import NamedTuple, Union

__all__ = [
    "NEED_DATA",
    "NOTHING",
    "PAUSED",
    "BodyKind",
    "ConnectionClosed",
    "Data",
    "EndOfMessage",
    "Event",
    "Framing",
    "HeadEvent",
    "InformationalResponse",
    "ReadBody",
    "ReadLine",
    "ReadNothing",
    "ReadRequest",
    "Request",
    "Response",
    "Sentinel",
]

#: A header field as received or sent: (name, value), ISO-8859-1 text.
Field = tuple[str, str]


class ReadLine(NamedTuple):
    """Read one line of at most :attr:`limit` bytes (``fp.readline(limit)``)."""

    limit: int


class ReadBody(NamedTuple):
    """Read up to :attr:`size` body bytes, then report how many arrived."""

    size: int


class ReadNothing(NamedTuple):
    """The response is complete (or failed): read nothing more for it."""


#: The only :class:`ReadNothing` value.
NOTHING = ReadNothing()

ReadRequest = Union[ReadLine, ReadBody, ReadNothing]


class BodyKind(enum.Enum):
    """How the end of a response body is found (RFC 9112 §6.3)."""

    #: There is no body (HEAD, 1xx, 204, 304, 2xx to CONNECT).
    NONE = "none"
    #: The body is Content-Length bytes long.
    LENGTH = "length"
    #: The body is in the chunked transfer coding.
    CHUNKED = "chunked"
    #: The body runs until the server closes the connection.
    UNTIL_CLOSE = "until-close"


class Framing(NamedTuple):
    """How a response body is delimited and whether the connection ends.

    :attr:`length` is the Content-Length for :attr:`BodyKind.LENGTH` and
    ``None`` otherwise; :attr:`will_close` is http.client's ``will_close``,
    forced true wherever reusing the connection would be ambiguous.
    """

    kind: BodyKind
    length: int | None
    will_close: bool


class InformationalResponse(NamedTuple):
    """An interim (1xx, not 101) response, skipped on the way to the final one."""

    status: int
    reason: str
    version: str
    fields: list[Field]


class Response(NamedTuple):
    """The final response head.

    :attr:`version` is the status line's version text (``"HTTP/1.1"``) and
    :attr:`http_version` http.client's number for it (10 or 11).
    :attr:`reason` is stripped, as ``HTTPResponse.reason`` is.
    :attr:`fields` lists every header field in order; :attr:`raw` is the
    header block as read (the blank line included when present), what
    ``http.client`` hands to the email parser.  :attr:`clean`
    says every line was a token, a colon and a value: for such heads the
    fields are exactly what the email package would parse.
    :attr:`content_type` is the first Content-Type value, or ``None``.
    """

    version: str
    http_version: int
    status: int
    reason: str
    fields: list[Field]
    raw: bytes
    clean: bool
    framing: Framing
    content_type: str | None = None


class Request(NamedTuple):
    """A request head to send through the push adapter.

    *headers* are (name, value) pairs, sent in order after Host (added when
    absent, from *host*) and the framing header.
    """

    method: str
    target: str
    headers: Sequence[Field] = ()
    host: str | None = None


class Data(NamedTuple):
    """Body bytes."""

    data: bytes


class EndOfMessage(NamedTuple):
    """The message ended; :attr:`trailers` are a chunked body's trailer fields."""

    trailers: Sequence[Field] = ()


class ConnectionClosed(NamedTuple):
    """The peer closed the connection."""


class Sentinel(enum.Enum):
    """Answers of the push adapter that are not events."""

    #: More bytes must be received before the next event.
    NEED_DATA = "NEED_DATA"
    #: The message is complete; call ``start_next_cycle`` to go on.
    PAUSED = "PAUSED"


NEED_DATA = Sentinel.NEED_DATA
PAUSED = Sentinel.PAUSED

Event = Union[InformationalResponse, Response, Data, EndOfMessage, ConnectionClosed]


#: What :meth:`ResponseParser.got_line` returns when a head is complete.
HeadEvent = Union[InformationalResponse, Response]
