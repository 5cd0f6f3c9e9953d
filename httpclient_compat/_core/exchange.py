"""Connection-level rules: when a request may start, when a response may
be read, and when a connection may carry the next exchange.

Owns the decisions only.  The state itself is kept by whoever holds the
connection (the blocking shell keeps http.client's name-mangled
``__state`` string, which callers read and write), and passed in here.
"""

from __future__ import annotations

from .errors import ErrorKind, LocalProtocolError
from .events import Response
from .states import ConnAction, ConnState, transition

__all__ = ["advance", "may_reuse"]


def advance(state: str, action: ConnAction, *, response_open: bool = False) -> ConnState:
    """The connection state after *action* from *state* (a state string).

    *response_open* says an earlier response on this connection is still
    being read: a new request may start (http.client allows it), but its
    response may not be read yet.

    :raises LocalProtocolError: ``BAD_STATE`` (args: the state string and
        the action's name) when http.client would refuse the call:
        ``CannotSendRequest``, ``CannotSendHeader`` or ``ResponseNotReady``.
    """
    to = transition(state, action)
    if response_open and action is ConnAction.GET_RESPONSE:
        state = state.value if isinstance(state, ConnState) else state
        raise LocalProtocolError(ErrorKind.BAD_STATE, state, action.value) from None
    return to


def may_reuse(response: Response | None, complete: bool) -> bool:
    """Whether the connection may carry another exchange after *response*.

    Only once the response has been read to its end (*complete*) and when
    its framing neither ran until close nor was ambiguous (RFC 9112 §9.3).
    """
    return response is not None and complete and not response.framing.will_close
