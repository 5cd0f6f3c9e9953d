"""The one place core errors become the stdlib's exceptions.

Owns the mapping from :class:`~httpclient_compat._core.ErrorKind` to the
``http.client`` exception classes, which are the stdlib's own objects
(``except http.client.IncompleteRead`` holds everywhere), raised ``from``
the core error so the cause stays visible.  Nothing here parses or
decides.
"""

from __future__ import annotations

from http.client import (
    BadStatusLine,
    CannotSendHeader,
    CannotSendRequest,
    HTTPException,
    IncompleteRead,
    InvalidURL,
    LineTooLong,
    RemoteDisconnected,
    ResponseNotReady,
    UnknownProtocol,
)

from .._core import ConnAction, ErrorKind, IncompleteBody, ProtocolError
from . import knobs

__all__ = ["chunked_error", "line_too_long", "state_error", "stdlib_error"]

_K = ErrorKind


def stdlib_error(exc: ProtocolError, partial: bytes = b"") -> Exception:
    """The stdlib exception for core error *exc*; raise it ``from exc``.

    *partial* is the body data read by the failing call, for
    :exc:`~http.client.IncompleteRead`.
    """
    kind = exc.kind
    message = str(exc.args[0]) if exc.args else kind.value
    if kind is _K.INCOMPLETE_BODY:
        assert isinstance(exc, IncompleteBody)
        return IncompleteRead(partial, exc.expected)
    if kind in (_K.BAD_CHUNK_SIZE, _K.BAD_CHUNK_END):
        # http.client: a chunk-size line it cannot read ends the body as
        # IncompleteRead of what was read so far.
        return IncompleteRead(partial)
    if kind is _K.LINE_TOO_LONG:
        return line_too_long(message)
    if kind is _K.NO_RESPONSE or kind is _K.TRUNCATED_HEAD:
        return RemoteDisconnected(message)
    if kind is _K.BAD_STATUS_LINE:
        return BadStatusLine(exc.args[0])
    if kind is _K.UNKNOWN_PROTOCOL:
        return UnknownProtocol(exc.args[0])
    if kind is _K.INVALID_URL:
        return InvalidURL(message)
    if kind is _K.INVALID_HEADER_TYPE:
        return TypeError(message)
    if kind in (
        _K.INVALID_METHOD,
        _K.INVALID_HEADER_NAME,
        _K.INVALID_HEADER_VALUE,
        _K.INVALID_TUNNEL_HOST,
        _K.BAD_REQUEST_FRAMING,
    ):
        return ValueError(message)
    # TOO_MANY_HEADERS, TOO_MANY_INTERIM, TOO_MANY_TRAILERS, BAD_FIELD_LINE,
    # BAD_CONTENT_LENGTH, BAD_STATE: http.client's generic exception.
    return HTTPException(message)


def line_too_long(line_type: str) -> LineTooLong:
    """``LineTooLong(line_type)``, its message naming ``_MAXLINE`` as the
    module holds it now (the stdlib class reads the stdlib module's)."""
    exc = LineTooLong(line_type)
    exc.args = (f"got more than {knobs.max_line()} bytes when reading {line_type}",)
    return exc


def state_error(exc: ProtocolError) -> Exception:
    """The stdlib exception for a refused connection-state transition."""
    state, action = exc.args[0], exc.args[1]
    if action == ConnAction.PUT_REQUEST.value:
        return CannotSendRequest(state)
    if action == ConnAction.GET_RESPONSE.value:
        return ResponseNotReady(state)
    return CannotSendHeader()


def chunked_error(exc: ProtocolError, partial: bytes) -> Exception:
    """The stdlib exception for *exc* raised inside a chunked body.

    http.client re-raises any short read there as ``IncompleteRead`` of the
    chunks the call completed, without an expected count.
    """
    if exc.kind is _K.INCOMPLETE_BODY:
        return IncompleteRead(partial)
    return stdlib_error(exc, partial)
