"""Connection states and the response table, held against a real
``http.client.HTTPConnection`` whose state is set by hand and whose socket
and response are stubs, so every (state, action) pair runs the stdlib's own
checks without a network.
"""

from __future__ import annotations

import http.client
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from httpclient_compat._core import (
    CONN_TRANSITIONS,
    RESPONSE_ACTIONS,
    BodyKind,
    ConnAction,
    ConnState,
    ErrorKind,
    Framing,
    LocalProtocolError,
    Response,
    ResponseAction,
    ResponseState,
    advance,
    may_reuse,
    transition,
)

_STATE_ATTRIBUTE = "_HTTPConnection__state"


class _DoneResponse(http.client.HTTPResponse):
    """A response that keeps the connection and is already read to its end."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        self.will_close = False
        self._done = self.complete_at_once

    complete_at_once = True

    def begin(self) -> None:
        pass

    def isclosed(self) -> bool:
        return self._done

    def close(self) -> None:
        self._done = True


class _OpenResponse(_DoneResponse):
    """A response still being read when the next request starts."""

    complete_at_once = False


class StdlibConnection(http.client.HTTPConnection):
    """An HTTPConnection that never touches a socket."""

    def __init__(self, response_class: type[http.client.HTTPResponse] = _DoneResponse) -> None:
        super().__init__("example.com", 80)
        self.response_class = response_class

    def send(self, data: object) -> None:
        pass

    @property
    def state(self) -> str:
        state: str = vars(self)[_STATE_ATTRIBUTE]
        return state

    @state.setter
    def state(self, value: str) -> None:
        vars(self)[_STATE_ATTRIBUTE] = value

    def do(self, action: ConnAction) -> bool:
        """Apply *action* the stdlib way; False if http.client refuses it."""
        try:
            if action is ConnAction.PUT_REQUEST:
                self.putrequest("GET", "/")
            elif action is ConnAction.PUT_HEADER:
                self.putheader("X", "1")
            elif action is ConnAction.END_HEADERS:
                self.endheaders()
            elif action is ConnAction.GET_RESPONSE:
                self.getresponse()
            else:
                self.close()
        except http.client.ImproperConnectionState:
            return False
        return True


def ours(state: str, action: ConnAction, *, response_open: bool = False) -> str | None:
    """Our next state, or None when refused (checking the refusal's shape)."""
    refusal: LocalProtocolError | None = None
    try:
        return advance(state, action, response_open=response_open).value
    except LocalProtocolError as error:
        refusal = error
    assert refusal.kind is ErrorKind.BAD_STATE
    assert refusal.args == (state, action.value)
    return None


PAIRS = list(itertools.product(ConnState, ConnAction))


# -- the connection table ------------------------------------------------------


def test_conn_states_are_the_stdlib_state_strings() -> None:
    stdlib = vars(http.client)
    assert [state.value for state in ConnState] == [
        stdlib["_CS_IDLE"],
        stdlib["_CS_REQ_STARTED"],
        stdlib["_CS_REQ_SENT"],
    ]
    # Callers compare and store plain strings: each member is one.
    as_strings: list[str] = list(ConnState)
    assert as_strings == ["Idle", "Request-started", "Request-sent"]
    assert {"Idle": 1}[ConnState.IDLE] == 1
    assert ConnState("Request-sent") is ConnState.REQ_SENT


def test_conn_actions_are_named_after_the_stdlib_methods() -> None:
    for action in ConnAction:
        assert callable(getattr(http.client.HTTPConnection, action.value))


@pytest.mark.parametrize(("state", "action"), PAIRS)
def test_every_state_and_action_does_what_http_client_does(
    state: ConnState, action: ConnAction
) -> None:
    conn = StdlibConnection()
    conn.state = state.value
    allowed = conn.do(action)
    expected = CONN_TRANSITIONS.get((state, action))
    assert ours(state.value, action) == (expected.value if expected else None)
    assert allowed is (expected is not None)
    assert conn.state == (expected.value if expected else state.value)


@pytest.mark.parametrize(("state", "action"), PAIRS)
def test_transition_applies_the_table(state: ConnState, action: ConnAction) -> None:
    expected = CONN_TRANSITIONS.get((state, action))
    if expected is None:
        with pytest.raises(LocalProtocolError) as info:
            transition(state, action)
        assert info.value.kind is ErrorKind.BAD_STATE
        assert info.value.args == (state.value, action.value)
    else:
        assert transition(state, action) is expected


def test_close_is_legal_in_every_state_and_lands_in_idle() -> None:
    for state in ConnState:
        assert CONN_TRANSITIONS[state, ConnAction.CLOSE] is ConnState.IDLE


def test_the_table_holds_only_states_and_actions() -> None:
    for (state, action), target in CONN_TRANSITIONS.items():
        assert isinstance(state, ConnState)
        assert isinstance(action, ConnAction)
        assert isinstance(target, ConnState)


@pytest.mark.parametrize(("state", "action"), PAIRS)
def test_an_open_response_refuses_only_get_response(state: ConnState, action: ConnAction) -> None:
    """http.client lets a new request start but not its response be read."""
    conn = StdlibConnection(_OpenResponse)
    for step in (ConnAction.PUT_REQUEST, ConnAction.END_HEADERS, ConnAction.GET_RESPONSE):
        assert conn.do(step)
    conn.state = state.value
    allowed = conn.do(action)
    result = ours(state.value, action, response_open=True)
    if action is ConnAction.GET_RESPONSE:
        assert result is None
    else:
        assert result == ours(state.value, action)
    assert allowed is (result is not None)


def test_an_open_response_still_lets_a_request_be_sent() -> None:
    state = ConnState.IDLE.value
    for action in (ConnAction.PUT_REQUEST, ConnAction.PUT_HEADER, ConnAction.END_HEADERS):
        state = advance(state, action, response_open=True).value
    assert state == "Request-sent"


@pytest.mark.parametrize("state", ["", "idle", "Busy", "Request-Sent"])
@pytest.mark.parametrize("action", list(ConnAction))
def test_an_unknown_state_string_is_refused(state: str, action: ConnAction) -> None:
    with pytest.raises(LocalProtocolError) as info:
        advance(state, action)
    assert info.value.kind is ErrorKind.BAD_STATE
    assert info.value.args == (state, action.value)
    assert info.value.__cause__ is None
    assert info.value.__suppress_context__


def test_advance_accepts_a_conn_state_as_its_string() -> None:
    assert advance(ConnState.IDLE, ConnAction.PUT_REQUEST) is ConnState.REQ_STARTED


def _model_step(state: str, action: ConnAction) -> str | None:
    """http.client's rules, read off its source in five lines."""
    if action is ConnAction.CLOSE:
        return "Idle"
    rule = {
        ConnAction.PUT_REQUEST: ("Idle", "Request-started"),
        ConnAction.PUT_HEADER: ("Request-started", "Request-started"),
        ConnAction.END_HEADERS: ("Request-started", "Request-sent"),
        ConnAction.GET_RESPONSE: ("Request-sent", "Idle"),
    }[action]
    return rule[1] if state == rule[0] else None


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(list(ConnAction)), max_size=25), st.booleans())
def test_random_walks_agree_with_a_model_and_with_http_client(
    actions: list[ConnAction], responses_stay_open: bool
) -> None:
    conn = StdlibConnection(_OpenResponse if responses_stay_open else _DoneResponse)
    state = "Idle"
    response_open = False
    for action in actions:
        expected = _model_step(state, action)
        if action is ConnAction.GET_RESPONSE and response_open:
            expected = None
        assert ours(state, action, response_open=response_open) == expected
        assert conn.do(action) is (expected is not None)
        if expected is not None:
            state = expected
            if action is ConnAction.CLOSE:
                response_open = False
            elif action is ConnAction.GET_RESPONSE:
                response_open = responses_stay_open
        assert conn.state == state


# -- reuse -----------------------------------------------------------------------


def _response(will_close: bool) -> Response:
    return Response(
        version="HTTP/1.1",
        http_version=11,
        status=200,
        reason="OK",
        fields=[("Content-Length", "0")],
        raw=b"Content-Length: 0\r\n\r\n",
        clean=True,
        framing=Framing(BodyKind.LENGTH, 0, will_close),
    )


@pytest.mark.parametrize(
    ("response", "complete", "expected"),
    [
        (_response(will_close=False), True, True),
        (_response(will_close=False), False, False),
        (_response(will_close=True), True, False),
        (_response(will_close=True), False, False),
        (None, True, False),
        (None, False, False),
    ],
)
def test_may_reuse_only_after_a_complete_response_that_keeps_the_connection(
    response: Response | None, complete: bool, expected: bool
) -> None:
    assert may_reuse(response, complete) is expected


# -- the response table ------------------------------------------------------------


def test_response_actions_cover_every_response_state() -> None:
    assert set(RESPONSE_ACTIONS) == set(ResponseState)
    for actions in RESPONSE_ACTIONS.values():
        assert isinstance(actions, frozenset)
        assert actions <= set(ResponseAction)


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (ResponseState.STATUS, {ResponseAction.LINE, ResponseAction.EOF}),
        (ResponseState.HEADERS, {ResponseAction.LINE, ResponseAction.EOF}),
        (ResponseState.CHUNK_SIZE, {ResponseAction.LINE, ResponseAction.EOF}),
        (ResponseState.CHUNK_END, {ResponseAction.LINE, ResponseAction.EOF}),
        (ResponseState.TRAILERS, {ResponseAction.LINE, ResponseAction.EOF}),
        (ResponseState.BODY_LENGTH, {ResponseAction.BODY, ResponseAction.EOF}),
        (ResponseState.CHUNK_DATA, {ResponseAction.BODY, ResponseAction.EOF}),
        (ResponseState.BODY_UNTIL_CLOSE, {ResponseAction.BODY, ResponseAction.EOF}),
        (ResponseState.DONE, {ResponseAction.EOF}),
        (ResponseState.ERROR, set()),
    ],
)
def test_each_response_state_accepts_its_actions(
    state: ResponseState, expected: set[ResponseAction]
) -> None:
    assert RESPONSE_ACTIONS[state] == expected


def test_state_and_action_values_are_distinct() -> None:
    for enum_class in (ConnAction, ResponseState, ResponseAction):
        values = [member.value for member in enum_class.__members__.values()]
        assert len(set(values)) == len(values)
