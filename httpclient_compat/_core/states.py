"""States and actions of the core, with the tables that relate them.

Owns the Enum members and the transition tables, and the one small
function that applies a table.  Holds no per-connection data: the
response parser and the exchange keep their current state themselves and
ask :func:`transition` for the next one.

Theory of operation
-------------------
The connection (:class:`ConnState`) follows http.client's own diagram:
``Idle`` -> ``Request-started`` (putrequest) -> ``Request-sent``
(endheaders) -> ``Idle`` (getresponse).  The member values are the
stdlib's state strings, because callers read and even write
``conn._HTTPConnection__state`` with those strings.

The response (:class:`ResponseState`) is read in this order::

    STATUS -> HEADERS --+--> (interim 1xx) --> STATUS
                        +--> BODY_LENGTH ----------------------+
                        +--> CHUNK_SIZE <-> CHUNK_DATA/END     |
                        |        +--> TRAILERS ----------------+--> DONE
                        +--> BODY_UNTIL_CLOSE -----------------+
                        +--> DONE (no body)

Any protocol error moves the parser to ERROR, where it stays.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

from .errors import ErrorKind, LocalProtocolError

__all__ = [
    "CONN_TRANSITIONS",
    "RESPONSE_ACTIONS",
    "ConnAction",
    "ConnState",
    "ResponseAction",
    "ResponseState",
    "transition",
]


class ConnState(str, enum.Enum):
    """State of one connection, valued as http.client's state strings."""

    #: No request in progress; a new one may start.
    IDLE = "Idle"
    #: ``putrequest`` done, headers may follow.
    REQ_STARTED = "Request-started"
    #: ``endheaders`` done; the response may be fetched.
    REQ_SENT = "Request-sent"


class ConnAction(enum.Enum):
    """What a caller does to a connection."""

    #: Start a request (``putrequest``).
    PUT_REQUEST = "putrequest"
    #: Add a header (``putheader``).
    PUT_HEADER = "putheader"
    #: Finish the head and send it (``endheaders``).
    END_HEADERS = "endheaders"
    #: Read the response head (``getresponse``).
    GET_RESPONSE = "getresponse"
    #: Forget the exchange (``close``, or a failed ``getresponse``).
    CLOSE = "close"


class ResponseState(enum.Enum):
    """Where the response parser stands."""

    #: Waiting for a status line.
    STATUS = "status"
    #: Reading a header block (final or interim).
    HEADERS = "headers"
    #: Reading a body of known length.
    BODY_LENGTH = "body-length"
    #: Reading a chunk-size line.
    CHUNK_SIZE = "chunk-size"
    #: Reading chunk data.
    CHUNK_DATA = "chunk-data"
    #: Reading the CRLF after chunk data.
    CHUNK_END = "chunk-end"
    #: Reading trailer lines after the last chunk.
    TRAILERS = "trailers"
    #: Reading a body delimited by the end of the connection.
    BODY_UNTIL_CLOSE = "body-until-close"
    #: The whole response has been read.
    DONE = "done"
    #: A protocol error happened; nothing more can be read.
    ERROR = "error"


class ResponseAction(enum.Enum):
    """What the shell reports to the response parser."""

    #: A line arrived (``got_line``).
    LINE = "line"
    #: Body bytes arrived (``got_body``).
    BODY = "body"
    #: The connection ended (``got_eof``).
    EOF = "eof"


_IDLE, _STARTED, _SENT = ConnState.IDLE, ConnState.REQ_STARTED, ConnState.REQ_SENT

#: (state, action) -> next state for a connection.  A missing pair is an
#: illegal action in that state.
CONN_TRANSITIONS: Mapping[tuple[ConnState, ConnAction], ConnState] = {
    (_IDLE, ConnAction.PUT_REQUEST): _STARTED,
    (_STARTED, ConnAction.PUT_HEADER): _STARTED,
    (_STARTED, ConnAction.END_HEADERS): _SENT,
    (_SENT, ConnAction.GET_RESPONSE): _IDLE,
    # close() is legal everywhere and always lands in Idle.
    **{(state, ConnAction.CLOSE): _IDLE for state in ConnState},
}

_LINE, _BODY, _EOF = ResponseAction.LINE, ResponseAction.BODY, ResponseAction.EOF
_LINE_STATES = (
    ResponseState.STATUS,
    ResponseState.HEADERS,
    ResponseState.CHUNK_SIZE,
    ResponseState.CHUNK_END,
    ResponseState.TRAILERS,
)
_BODY_STATES = (
    ResponseState.BODY_LENGTH,
    ResponseState.CHUNK_DATA,
    ResponseState.BODY_UNTIL_CLOSE,
)

#: The actions each response state accepts.  EOF is accepted everywhere
#: but ERROR: what it means depends on the state (a clean end, or an
#: incomplete body) and is decided by the parser.  In DONE, EOF is a no-op.
RESPONSE_ACTIONS: Mapping[ResponseState, frozenset[ResponseAction]] = {
    **{state: frozenset({_LINE, _EOF}) for state in _LINE_STATES},
    **{state: frozenset({_BODY, _EOF}) for state in _BODY_STATES},
    ResponseState.DONE: frozenset({_EOF}),
    ResponseState.ERROR: frozenset(),
}


# CONN_TRANSITIONS keyed by plain strings: Enum hashing is a Python call in
# 3.11, and a connection applies the table several times per request.
_NEXT = {(state.value, action.value): to for (state, action), to in CONN_TRANSITIONS.items()}


def transition(state: ConnState | str, action: ConnAction) -> ConnState:
    """Return the state *action* leads to from connection state *state*
    (a member, or the stdlib's state string).

    :raises LocalProtocolError: (kind ``BAD_STATE``) if
        :data:`CONN_TRANSITIONS` has no such transition; its args are the
        state's string and the action's value.
    """
    # _value_, not the value property: that is a Python-level descriptor
    # (about 250 ns in 3.11), and this runs on every request
    # (bench_shell.py, "keep-alive GET").
    if isinstance(state, ConnState):  # a member hashes as an Enum, not as its string
        state = state._value_
    to = _NEXT.get((state, action._value_))
    if to is None:
        raise LocalProtocolError(ErrorKind.BAD_STATE, state, action.value) from None
    return to
