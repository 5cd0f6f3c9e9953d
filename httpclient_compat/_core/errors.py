"""The core's own error tree.

Every error the core raises is a :class:`ProtocolError` with a stable
:class:`ErrorKind`; the blocking shell turns them into the stdlib's
exception classes in exactly one place (``_blocking/errors.py``).  No
stdlib ``http.client`` exception is named here.
"""

from __future__ import annotations

import enum

__all__ = [
    "ErrorKind",
    "IncompleteBody",
    "LocalProtocolError",
    "ProtocolError",
    "RemoteProtocolError",
]


class ErrorKind(enum.Enum):
    """What went wrong, stable across releases; the shell maps on it."""

    #: A status, header, chunk-size or trailer line longer than the limit.
    LINE_TOO_LONG = "line-too-long"
    #: More header lines than ``Limits.max_headers``.
    TOO_MANY_HEADERS = "too-many-headers"
    #: More interim (1xx) responses than ``Limits.max_interim``.
    TOO_MANY_INTERIM = "too-many-interim"
    #: More trailer lines than ``Limits.max_trailers``.
    TOO_MANY_TRAILERS = "too-many-trailers"
    #: The peer closed the connection before sending a status line.
    NO_RESPONSE = "no-response"
    #: The peer closed the connection inside a response head.
    TRUNCATED_HEAD = "truncated-head"
    #: A header line whose field name is not a token (RFC 9110 §5.1), or
    #: has whitespace before its colon (RFC 9112 §5.1).
    BAD_FIELD_LINE = "bad-field-line"
    #: A status line that does not start ``HTTP/`` or has no valid code.
    BAD_STATUS_LINE = "bad-status-line"
    #: A final response whose version is not HTTP/0.9, 1.0 or 1.x.
    UNKNOWN_PROTOCOL = "unknown-protocol"
    #: Content-Length values that disagree or cannot all be read.
    BAD_CONTENT_LENGTH = "bad-content-length"
    #: A chunk-size line that is not a non-negative hex number.
    BAD_CHUNK_SIZE = "bad-chunk-size"
    #: Chunk data not followed by CRLF.
    BAD_CHUNK_END = "bad-chunk-end"
    #: The connection closed before the body was complete.
    INCOMPLETE_BODY = "incomplete-body"
    #: An action that the current state does not allow.
    BAD_STATE = "bad-state"
    #: A request method with whitespace or control characters.
    INVALID_METHOD = "invalid-method"
    #: A request target or host with whitespace or control characters.
    INVALID_URL = "invalid-url"
    #: A CONNECT tunnel host with whitespace or control characters.
    INVALID_TUNNEL_HOST = "invalid-tunnel-host"
    #: A header name that is not a token.
    INVALID_HEADER_NAME = "invalid-header-name"
    #: A header value with CR, LF or NUL.
    INVALID_HEADER_VALUE = "invalid-header-value"
    #: A header value of a type that has no wire form.
    INVALID_HEADER_TYPE = "invalid-header-type"
    #: A request that HTTP/1.1 cannot frame or send as asked (no Host,
    #: a bad Content-Length, body bytes beyond the framing).
    BAD_REQUEST_FRAMING = "bad-request-framing"


class ProtocolError(Exception):
    """Base of every core error.

    ``kind`` says what happened; ``args`` carries what the stdlib's
    matching exception carries (a line, a message), so the shell can build
    that exception without re-deriving anything.
    """

    kind: ErrorKind

    def __init__(self, kind: ErrorKind, *args: object) -> None:
        super().__init__(*args)
        self.kind = kind

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join([self.kind.name, *map(repr, self.args)])})"


class RemoteProtocolError(ProtocolError):
    """The peer sent something the core cannot accept."""


class LocalProtocolError(ProtocolError):
    """The caller asked for something HTTP/1.1 forbids or the state disallows."""


class IncompleteBody(RemoteProtocolError):
    """The connection ended inside a body.

    ``received`` is how many body bytes arrived in all; ``expected``
    is how many more were announced, or ``None`` when the framing (a chunk
    size line cut short) announced none.
    """

    def __init__(self, received: int, expected: int | None) -> None:
        super().__init__(ErrorKind.INCOMPLETE_BODY, received, expected)
        self.received = received
        self.expected = expected
