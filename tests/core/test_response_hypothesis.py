"""Generated responses and arbitrary bytes through both doors of the core.

Valid responses built from parts must read as built, whatever the cuts,
through the pull parser and the push adapter alike.  Arbitrary bytes may
only ever raise the core's own errors, never loop, and give the same
answer through both doors.  Random action sequences walk every (state,
action) pair of the response parser against ``RESPONSE_ACTIONS``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from httpclient_compat._core import (
    DEFAULT_LIMITS,
    NEED_DATA,
    PAUSED,
    RESPONSE_ACTIONS,
    BodyKind,
    EndOfMessage,
    ErrorKind,
    Event,
    IncompleteBody,
    InformationalResponse,
    Limits,
    LocalProtocolError,
    ProtocolError,
    ReadBody,
    RemoteProtocolError,
    Response,
    ResponseAction,
    ResponseParser,
    ResponseState,
    head_length,
)

from .helpers import (
    GOOD_LINES,
    STATE_PATHS,
    EofMode,
    Generated,
    HeadMode,
    body_of,
    connection_for,
    drive,
    error_key,
    feed,
    parser_in,
    push_events_for,
    raises_kind,
    responses,
)

# When a property fails, hypothesis's pytest plugin imports libcst to write a
# patch, and libcst warns about mypy_extensions.TypedDict; with warnings as
# errors that aborts the whole session instead of reporting the failure.
pytestmark = pytest.mark.filterwarnings(
    "ignore:mypy_extensions.TypedDict is deprecated:DeprecationWarning"
)

_S = ResponseState
_OK = b"HTTP/1.1 200 OK\r\n"
_MAX = DEFAULT_LIMITS.max_line
_FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

eof_modes: st.SearchStrategy[EofMode] = st.sampled_from(["natural", "got_eof"])
head_modes: st.SearchStrategy[HeadMode] = st.sampled_from(
    ["lines", "block_with_status", "block_without_status"]
)


def cuts(data: bytes) -> st.SearchStrategy[list[int]]:
    return st.lists(st.integers(0, len(data)), max_size=10)


def check_generated(events: Sequence[Event], error: ProtocolError | None, gen: Generated) -> None:
    """Assert that *events* are what *gen* was built to give."""
    assert error is None
    interim = [e for e in events if isinstance(e, InformationalResponse)]
    assert interim == gen.interim
    (final,) = (e for e in events if isinstance(e, Response))
    assert (final.version, final.status, final.reason) == (gen.version, gen.status, gen.reason)
    assert final.http_version == (10 if gen.version == "HTTP/1.0" else 11)
    assert final.fields == gen.fields
    assert (final.framing.kind, final.framing.will_close) == (gen.kind, gen.will_close)
    assert body_of(events) == gen.body
    last = events[-1]
    assert isinstance(last, EndOfMessage)
    assert list(last.trailers) == gen.trailers


# -- (a) valid responses -----------------------------------------------------------


@_FAST
@given(gen=responses(), data=st.data(), eof=eof_modes, heads=head_modes, chunks=st.booleans())
def test_generated_responses_read_as_built_through_the_pull_parser(
    gen: Generated, data: st.DataObject, eof: EofMode, heads: HeadMode, chunks: bool
) -> None:
    splits = data.draw(cuts(gen.data))
    trace = drive(ResponseParser(gen.method), gen.data, splits, eof=eof, heads=heads, chunks=chunks)
    check_generated(trace.events, trace.error, gen)
    assert trace.rest == b""


@_FAST
@given(gen=responses(), data=st.data())
def test_generated_responses_read_as_built_through_the_push_adapter(
    gen: Generated, data: st.DataObject
) -> None:
    splits = data.draw(cuts(gen.data))
    trace = feed(connection_for(gen.method), gen.data, splits)
    check_generated(trace.events, trace.error, gen)
    whole = drive(ResponseParser(gen.method), gen.data)
    assert trace.events == push_events_for(whole, gen.method)


@_FAST
@given(gen=responses(bare_lf=False), data=st.data())
def test_generated_responses_framed_by_the_server_end_without_eof(
    gen: Generated, data: st.DataObject
) -> None:
    """A length, chunked or empty body ends on its own: no EOF is needed,
    and the connection is reusable exactly when will_close says so."""
    trace = feed(connection_for(gen.method), gen.data, data.draw(cuts(gen.data)), eof=False)
    if gen.kind is BodyKind.UNTIL_CLOSE:
        assert not any(isinstance(e, EndOfMessage) for e in trace.events)
        assert trace.last is NEED_DATA
    else:
        check_generated(trace.events, trace.error, gen)
        assert trace.last is (NEED_DATA if gen.will_close else PAUSED)


# -- (b) arbitrary bytes ------------------------------------------------------------

_FRAGMENTS = [
    b"HTTP/1.1 ", b"HTTP/1.0 ", b"HTTP/2 ", b"200", b"100", b"101", b"103", b"204", b" OK",
    b"\r\n", b"\n", b"\r", b"\r\n\r\n", b":", b": ", b" ", b"\t", b"\x00", b"\xff",
    b"Content-Length: ", b"Transfer-Encoding: ", b"chunked", b"gzip, ", b"Connection: close",
    b"0", b"3", b"5", b"ff", b"-1", b";ext=1", b"abc", b"X-A", b"+", b",",
]  # fmt: skip

garbage = st.one_of(
    st.binary(max_size=120),
    st.lists(st.sampled_from(_FRAGMENTS), max_size=40).map(b"".join),
    st.tuples(responses(), st.binary(max_size=30)).map(
        lambda t: t[0].data[: len(t[0].data) // 2] + t[1]
    ),
)
small_limits = st.builds(
    Limits,
    max_line=st.integers(1, 48),
    max_headers=st.integers(1, 6),
    max_interim=st.integers(1, 3),
    max_trailers=st.integers(1, 3),
    read_size=st.integers(1, 8),
)
any_limits = st.one_of(st.just(Limits()), small_limits)
methods = st.sampled_from(["GET", "HEAD", "CONNECT", "POST"])


@settings(max_examples=300, deadline=None)
@given(blob=garbage, limits=any_limits, method=methods, data=st.data(), eof=eof_modes)
def test_arbitrary_bytes_give_the_same_answer_through_both_doors(
    blob: bytes, limits: Limits, method: str, data: st.DataObject, eof: EofMode
) -> None:
    """Only the core's errors escape (the helpers re-raise anything else),
    every read makes progress, and cutting the bytes changes nothing."""
    pull = drive(ResponseParser(method, limits), blob, data.draw(cuts(blob)), eof=eof)
    push = feed(connection_for(method, limits), blob, data.draw(cuts(blob)))
    assert push.events == push_events_for(pull, method)
    assert error_key(push.error) == error_key(pull.error)
    if pull.error is None:
        assert isinstance(pull.events[-1], EndOfMessage)


@settings(max_examples=300, deadline=None)
@given(blob=garbage, limits=any_limits, heads=head_modes)
def test_arbitrary_heads_read_the_same_in_one_block_as_line_by_line(
    blob: bytes, limits: Limits, heads: HeadMode
) -> None:
    """A shell that hands over whole heads sees what a line-by-line shell
    sees (after an error the two files stand at different places)."""
    lines = drive(ResponseParser("GET", limits), blob)
    block = drive(ResponseParser("GET", limits), blob, heads=heads)
    assert (block.events, error_key(block.error)) == (lines.events, error_key(lines.error))
    if lines.error is None:
        assert block.rest == lines.rest
    # Buffered chunks never take a line that fails, so even after an
    # error the file stands where the line-by-line shell's does.
    chunks = drive(ResponseParser("GET", limits), blob, chunks=True)
    assert chunks.key() == lines.key()


def split_lines(block: bytes) -> list[bytes]:
    return re.findall(rb"[^\n]*\n|[^\n]+", block)


_HEAD_FRAGMENTS = [
    b"\r\n", b"\n", b"\r", b"\r\n\r\n", b":", b": ", b" ", b"\t", b"\x00", b"A", b"b",
    b"Content-Length: ", b"1", b"2, 3", b"HTTP/1.1 200 OK",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(
    block=st.lists(st.sampled_from(_HEAD_FRAGMENTS), max_size=16).map(b"".join),
    status=st.sampled_from([b"", b"HTTP/1.1 200 OK\r\n", b"HTTP/1.1 100 Go\n"]),
    limits=st.builds(Limits, max_line=st.integers(17, 48), max_headers=st.integers(1, 6)),
)
def test_a_head_block_is_taken_only_when_it_is_exactly_one_head(
    block: bytes, status: bytes, limits: Limits
) -> None:
    """``got_head_block`` gives what the same lines give when they make
    exactly one head; otherwise the error the lines give, or BAD_STATE when
    the head ends before the block does or not at all."""
    by_lines = ResponseParser("GET", limits)
    if not status:
        by_lines.got_line(b"HTTP/1.1 200 OK\r\n")
    head: object = None
    index = -1
    expected: object
    pieces = split_lines(status + block)
    try:
        for index, line in enumerate(pieces):  # noqa: B007  # index is used after the loop
            head = by_lines.got_line(line)
            if head is not None:
                break
        if head is None or index != len(pieces) - 1:
            expected = ErrorKind.BAD_STATE
        else:
            expected = (head, by_lines.state)
    except RemoteProtocolError as exc:
        # A limit breaks while the lines are read, and wins; an error found
        # at the head's end (its framing) loses to a block that does not
        # end there, which is refused before anything is taken.
        limit = exc.kind in (ErrorKind.LINE_TOO_LONG, ErrorKind.TOO_MANY_HEADERS)
        at_head_end = pieces[index] in (b"\r\n", b"\n")
        if at_head_end and not limit and index != len(pieces) - 1:
            expected = ErrorKind.BAD_STATE
        else:
            expected = (type(exc), exc.kind, exc.args)
    by_block = ResponseParser("GET", limits)
    if not status:
        by_block.got_line(b"HTTP/1.1 200 OK\r\n")
    try:
        got: object = (by_block.got_head_block(status + block), by_block.state)
    except LocalProtocolError as exc:
        got = exc.kind
    except RemoteProtocolError as exc:
        got = (type(exc), exc.kind, exc.args)
    assert got == expected


@settings(max_examples=400, deadline=None)
@given(data=st.lists(st.sampled_from(_HEAD_FRAGMENTS), max_size=16).map(b"".join))
def test_head_length_is_where_lines_end_a_crlf_head(data: bytes) -> None:
    """``head_length`` is the end of the first blank line, as readline finds
    it, when that line and the one before it end in CRLF; otherwise -1.
    A block it finds reads in one piece as its lines do."""
    lines = [line for line in split_lines(data) if line.endswith(b"\n")]
    blank = next((i for i, line in enumerate(lines) if line in (b"\r\n", b"\n")), None)
    head: list[bytes] = []
    if blank and lines[blank] == b"\r\n" and lines[blank - 1].endswith(b"\r\n"):
        head = lines[: blank + 1]
    expected = sum(map(len, head)) if head else -1
    assert head_length(data) == expected
    if head:
        by_lines = ResponseParser("GET")
        by_lines.got_line(b"HTTP/1.1 200 OK\r\n")
        by_block = ResponseParser("GET")
        by_block.got_line(b"HTTP/1.1 200 OK\r\n")
        try:
            want: object = by_block.got_head_block(data[:expected])
        except ProtocolError as exc:
            want = error_key(exc)
        try:
            got: object = None
            for line in head:
                got = by_lines.got_line(line) or got
        except ProtocolError as exc:
            got = error_key(exc)
        assert want == got


# -- the error state ---------------------------------------------------------------

_FAILURES = {
    "no-response": b"",
    "bad-status": b"ICY 200 OK\r\n",
    "too-long": b"HTTP/1.1 200 OK\r\n" + b"X: " + b"a" * _MAX + b"\r\n",
    "bad-length": _OK + b"Content-Length: 1, 2\r\n\r\n",
    "incomplete": _OK + b"Content-Length: 5\r\n\r\nab",
    "bad-chunk": _OK + b"Transfer-Encoding: chunked\r\n\r\nxyz\r\n",
    "bad-chunk-end": _OK + b"Transfer-Encoding: chunked\r\n\r\n1\r\nab",
}


def _refusals(parser: ResponseParser) -> dict[str, Callable[[], object]]:
    return {
        "want": parser.want,
        "got_line": lambda: parser.got_line(b"\r\n"),
        "got_body": lambda: parser.got_body(1),
        "got_body(0)": lambda: parser.got_body(0),
        "got_eof": parser.got_eof,
        "got_status": lambda: parser.got_status("HTTP/1.1", 200, "OK"),
        "got_head_block": lambda: parser.got_head_block(_OK + b"\r\n"),
        "set_length": lambda: parser.set_length(1),
        "set_chunked": lambda: parser.set_chunked(True),
        "set_chunk_left": lambda: parser.set_chunk_left(1),
    }


@pytest.mark.parametrize("data", _FAILURES.values(), ids=_FAILURES.keys())
def test_after_a_protocol_error_every_call_is_refused(data: bytes) -> None:
    parser = ResponseParser("GET")
    error = drive(parser, data).error
    assert isinstance(error, RemoteProtocolError)
    assert (parser.state, parser.done) == (_S.ERROR, False)
    for name, call in _refusals(parser).items():
        if name == "want" and parser.body_error is not None:
            # A head whose body cannot be framed: want() says why, each time.
            assert parser.body_error is error
            assert raises_kind(call, RemoteProtocolError, error.kind).args == error.args
            continue
        refusal = raises_kind(call, LocalProtocolError, ErrorKind.BAD_STATE)
        assert refusal.args[0] == "error", name
        assert refusal.__cause__ is error, name
        assert parser.state is _S.ERROR


def test_errors_are_reported_with_their_kind() -> None:
    error = drive(ResponseParser("GET"), b"ICY 200 OK\r\n").error
    assert repr(error) == "RemoteProtocolError(BAD_STATUS_LINE, 'ICY 200 OK\\r\\n')"
    assert repr(IncompleteBody(3, None)) == "IncompleteBody(INCOMPLETE_BODY, 3, None)"


# -- every (state, action) pair, one by one ------------------------------------------


def perform(parser: ResponseParser, action: ResponseAction) -> None:
    if action is ResponseAction.LINE:
        parser.got_line(GOOD_LINES.get(parser.state, b"X: y\r\n"))
    elif action is ResponseAction.BODY:
        parser.got_body(1)
    else:
        parser.got_eof()


def test_paths_reach_every_state() -> None:
    assert set(STATE_PATHS) == set(ResponseState) == set(RESPONSE_ACTIONS)


@pytest.mark.parametrize("action", list(ResponseAction))
@pytest.mark.parametrize("state", list(ResponseState))
def test_every_state_action_pair_follows_the_table(
    state: ResponseState, action: ResponseAction
) -> None:
    """An action the table allows is never refused; any other is refused
    with BAD_STATE and leaves the state as it was."""
    parser = parser_in(state)
    if action in RESPONSE_ACTIONS[state]:
        try:
            perform(parser, action)
        except RemoteProtocolError:
            assert parser.state is _S.ERROR
    else:
        error = raises_kind(
            lambda: perform(parser, action), LocalProtocolError, ErrorKind.BAD_STATE
        )
        assert error.args == (state.value, action.value)
        assert parser.state is state


@pytest.mark.parametrize("state", list(ResponseState))
def test_got_body_zero_is_the_same_as_got_eof(state: ResponseState) -> None:
    outcomes = []
    for report in ("got_eof", "got_body"):
        parser = parser_in(state)
        try:
            if report == "got_eof":
                parser.got_eof()
            else:
                parser.got_body(0)
            error = None
        except ProtocolError as exc:
            error = (type(exc), exc.kind, exc.args)
        outcomes.append((error, parser.state, parser.response, parser.received))
    assert outcomes[0] == outcomes[1]


@pytest.mark.parametrize("state", [s for s in ResponseState if s is not _S.STATUS])
def test_got_status_is_refused_outside_the_status_state(state: ResponseState) -> None:
    parser = parser_in(state)
    error = raises_kind(lambda: parser.got_status("HTTP/1.1", 200, "OK"), LocalProtocolError,
                   ErrorKind.BAD_STATE)  # fmt: skip
    assert error.args == (state.value, "line")
    assert parser.state is state


@pytest.mark.parametrize(("state", "left"), [(_S.BODY_LENGTH, 5), (_S.CHUNK_DATA, 5)])
def test_more_body_bytes_than_left_are_refused(state: ResponseState, left: int) -> None:
    parser = parser_in(state)
    error = raises_kind(lambda: parser.got_body(left + 1), LocalProtocolError, ErrorKind.BAD_STATE)
    assert error.args == (state.value, "body")
    assert (parser.state, parser.received, parser.want()) == (state, 0, ReadBody(left))
    parser.got_body(left)
    assert parser.received == left


@pytest.mark.parametrize("state", [_S.BODY_LENGTH, _S.CHUNK_DATA, _S.BODY_UNTIL_CLOSE])
def test_negative_body_counts_are_refused(state: ResponseState) -> None:
    """A negative count would grow the bytes left and shrink the bytes received."""
    parser = parser_in(state)
    want = parser.want()
    raises_kind(lambda: parser.got_body(-1), LocalProtocolError, ErrorKind.BAD_STATE)
    assert (parser.state, parser.received, parser.want()) == (state, 0, want)


# -- (c) every (state, action) pair, at random --------------------------------------------------

_LINES = [
    b"HTTP/1.1 200 OK\r\n", b"HTTP/1.1 100 Continue\r\n", b"HTTP/1.0 204 No\n",
    b"HTTP/1.1 101 S\r\n",
    b"Content-Length: 3\r\n", b"Transfer-Encoding: chunked\r\n", b"Connection: close\r\n",
    b"\r\n", b"\n", b"", b"\r", b"3\r\n", b"0\r\n", b"1;x\n", b"X: y\r\n", b"zz\r\n", b"ab",
]  # fmt: skip
_BLOCKS = [b"HTTP/1.1 200 OK\r\n\r\n", b"X: y\r\n\r\n", b"Content-Length: 2\r\n\r\n", b"\r\n"]

actions = st.lists(
    st.one_of(
        st.tuples(st.just("line"), st.sampled_from(_LINES)),
        st.tuples(st.just("body"), st.integers(0, 6)),
        st.tuples(st.just("eof"), st.none()),
        st.tuples(st.just("status"), st.sampled_from([100, 101, 200, 204])),
        st.tuples(st.just("block"), st.sampled_from(_BLOCKS)),
        st.tuples(st.just("want"), st.none()),
    ),
    max_size=40,
)


def _action_of(name: str, arg: object) -> ResponseAction | None:
    if name in ("line", "status", "block"):
        return ResponseAction.LINE
    if name == "body" and arg:
        return ResponseAction.BODY
    if name in ("body", "eof"):
        return ResponseAction.EOF
    return None


@settings(max_examples=400, deadline=None)
@given(steps=actions, method=st.sampled_from(["GET", "HEAD"]))
def test_random_actions_follow_the_state_table(
    steps: list[tuple[str, object]], method: str
) -> None:
    """An action the table refuses raises BAD_STATE and changes nothing; an
    allowed one succeeds or fails remotely into ERROR; counters only grow."""
    parser = ResponseParser(method, Limits(max_line=32, max_headers=4, max_trailers=2))
    for name, arg in steps:
        before = parser.state
        received = parser.received
        want = parser.want() if before is not _S.ERROR else None
        action = _action_of(name, arg)
        allowed = action is None or action in RESPONSE_ACTIONS[before]
        if name == "status":
            allowed = before is _S.STATUS
        if name == "want":
            allowed = before is not _S.ERROR
        # Length and chunk bodies refuse more than is left (all of it is
        # wanted here: read_size is far larger); until close takes any count.
        too_many = (
            isinstance(want, ReadBody)
            and before is not _S.BODY_UNTIL_CLOSE
            and isinstance(arg, int)
            and arg > want.size
        )
        try:
            if name == "line":
                assert isinstance(arg, bytes)
                parser.got_line(arg)
            elif name == "body":
                assert isinstance(arg, int)
                parser.got_body(arg)
            elif name == "eof":
                parser.got_eof()
            elif name == "status":
                assert isinstance(arg, int)
                parser.got_status("HTTP/1.1", arg, "R")
            elif name == "block":
                assert isinstance(arg, bytes)
                parser.got_head_block(arg)
            else:
                parser.want()
        except LocalProtocolError as exc:
            refusal = exc
            assert refusal.kind is ErrorKind.BAD_STATE
            assert not allowed or too_many or name == "block", (name, arg, before)
            if name != "block":
                assert parser.state is before
        except RemoteProtocolError:
            assert allowed, (name, arg, before)
            assert parser.state is _S.ERROR
        else:
            assert allowed, (name, arg, before)
            assert not too_many, (name, arg, before)
        assert parser.received >= received
        assert parser.done is (parser.state is _S.DONE)
        assert parser.length is None or parser.length >= 0
        assert parser.chunk_left is None or parser.chunk_left >= 0
