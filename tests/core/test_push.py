"""The push adapter (``ClientConnection``): bytes in, events out, as in h11.

Every response of the corpus is fed cut in two at every index and in
single bytes, and must give what the pull parser gives.  Then h11's basic
flow, request framing on the sending side, the order of events, EOF,
protocol switches and hostile trickles.
"""

from __future__ import annotations

import pytest

from httpclient_compat._core import (
    NEED_DATA,
    PAUSED,
    BodyKind,
    ClientConnection,
    ConnectionClosed,
    ConnState,
    Data,
    EndOfMessage,
    ErrorKind,
    IncompleteBody,
    InformationalResponse,
    Limits,
    LocalProtocolError,
    ProtocolError,
    RemoteProtocolError,
    Request,
    Response,
    ResponseParser,
    ResponseState,
)

from .helpers import (
    CORPUS,
    Case,
    all_splits,
    body_of,
    connection_for,
    drive,
    error_key,
    feed,
    push_events_for,
)

_OK = b"HTTP/1.1 200 OK\r\n"
_IDS = [case.id for case in CORPUS]


def states(conn: ClientConnection) -> tuple[ConnState, ResponseState | None]:
    return conn.our_state, conn.their_state


def bad_state(error: pytest.ExceptionInfo[LocalProtocolError]) -> None:
    assert type(error.value) is LocalProtocolError
    assert error.value.kind is ErrorKind.BAD_STATE


def framing_error(info: pytest.ExceptionInfo[LocalProtocolError]) -> str:
    assert info.value.kind is ErrorKind.BAD_REQUEST_FRAMING
    return str(info.value.args[0])


# -- the corpus at every split point ------------------------------------------------


@pytest.mark.parametrize("case", CORPUS, ids=_IDS)
def test_corpus_gives_what_the_pull_parser_gives_at_every_split_point(case: Case) -> None:
    """Cut anywhere, the adapter gives the pull parser's events and error."""
    pull = drive(ResponseParser(case.method), case.data)
    expected = (push_events_for(pull, case.method), error_key(pull.error))
    for splits in all_splits(case.data):
        conn = connection_for(case.method)
        trace = feed(conn, case.data, splits)
        assert (trace.events, error_key(trace.error)) == expected, splits
        if trace.error is None:
            assert conn.trailing_data == (pull.rest, True)
            assert trace.last in (PAUSED, ConnectionClosed())


@pytest.mark.parametrize("case", CORPUS, ids=_IDS)
def test_corpus_without_eof_reads_the_same_at_every_split_point(case: Case) -> None:
    whole = feed(connection_for(case.method), case.data, eof=False)
    for splits in all_splits(case.data):
        trace = feed(connection_for(case.method), case.data, splits, eof=False)
        assert (trace.events, error_key(trace.error), trace.last) == (
            whole.events,
            error_key(whole.error),
            whole.last,
        ), splits


@pytest.mark.parametrize("case", [c for c in CORPUS if c.error is None], ids=lambda c: c.id)
def test_complete_responses_need_eof_only_when_their_framing_does(case: Case) -> None:
    """Without EOF, a response framed by length or chunks (or without a
    body) still ends; one read until close waits for more."""
    trace = feed(connection_for(case.method), case.data, eof=False)
    assert case.framing is not None
    has_end = any(isinstance(e, EndOfMessage) for e in trace.events)
    if case.status == 101 or (case.method == "CONNECT" and case.framing.kind is BodyKind.NONE):
        assert (trace.last, has_end) == (PAUSED, False)
    elif case.framing.kind is BodyKind.UNTIL_CLOSE or case.id.startswith("eof-"):
        # The body, or a head or trailers without their blank line, end at EOF.
        assert (trace.last, has_end) == (NEED_DATA, False)
    else:
        assert isinstance(trace.events[-1], EndOfMessage)
        assert body_of(trace.events) == case.body
        assert trace.last is (NEED_DATA if case.framing.will_close else PAUSED)


# -- h11's basic flow --------------------------------------------------------------


def test_basic_request_and_response_cycle() -> None:
    conn = ClientConnection()
    assert states(conn) == (ConnState.IDLE, None)
    assert conn.next_event() is NEED_DATA
    head = conn.send(Request("GET", "/", [("Host", "example.com"), ("Accept", "*/*")]))
    assert head == b"GET / HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n"
    assert states(conn) == (ConnState.REQ_STARTED, ResponseState.STATUS)
    assert conn.send(EndOfMessage()) == b""
    assert conn.our_state is ConnState.REQ_SENT
    assert conn.next_event() is NEED_DATA
    conn.receive_data(_OK + b"Content-Length: 5\r\n\r\nhel")
    response = conn.next_event()
    assert isinstance(response, Response)
    assert (response.status, response.fields) == (200, [("Content-Length", "5")])
    assert conn.next_event() == Data(b"hel")
    assert conn.next_event() is NEED_DATA
    assert conn.their_state is ResponseState.BODY_LENGTH
    conn.receive_data(b"lo")
    assert conn.next_event() == Data(b"lo")
    end = conn.next_event()
    assert isinstance(end, EndOfMessage)
    assert list(end.trailers) == []
    assert conn.next_event() is PAUSED
    assert conn.next_event() is PAUSED
    conn.start_next_cycle()
    assert states(conn) == (ConnState.IDLE, None)
    second = conn.send(Request("HEAD", "/two", host="example.com"))
    assert second == b"HEAD /two HTTP/1.1\r\nHost: example.com\r\n\r\n"
    conn.send(EndOfMessage())
    conn.receive_data(_OK + b"Content-Length: 5\r\n\r\n")
    assert isinstance(conn.next_event(), Response)
    assert isinstance(conn.next_event(), EndOfMessage)
    assert conn.next_event() is PAUSED
    conn.receive_data(b"")
    assert conn.next_event() == ConnectionClosed()


def test_host_argument_comes_first_and_a_host_header_wins() -> None:
    conn = ClientConnection(http_vsn_str="HTTP/1.0")
    head = conn.send(Request("GET", "", [("X-A", "1")], host="h:8080"))
    assert head == b"GET / HTTP/1.0\r\nHost: h:8080\r\nX-A: 1\r\n\r\n"
    conn = ClientConnection()
    head = conn.send(Request("GET", "/", [("host", "mine")], host="ignored"))
    assert head == b"GET / HTTP/1.1\r\nhost: mine\r\n\r\n"


def test_a_request_without_host_is_refused() -> None:
    conn = ClientConnection()
    with pytest.raises(LocalProtocolError) as info:
        conn.send(Request("GET", "/"))
    assert framing_error(info) == "an HTTP/1.1 request needs a Host header"
    assert states(conn) == (ConnState.IDLE, None)


@pytest.mark.parametrize(
    ("request_", "kind"),
    [
        (Request("GE T", "/", host="h"), ErrorKind.INVALID_METHOD),
        (Request("GET", "/a b", host="h"), ErrorKind.INVALID_URL),
        (Request("GET", "/", [("X", "a\r\nB: c")], host="h"), ErrorKind.INVALID_HEADER_VALUE),
        (Request("GET", "/", [("X Y", "a")], host="h"), ErrorKind.INVALID_HEADER_NAME),
    ],
)
def test_a_refused_request_changes_nothing(request_: Request, kind: ErrorKind) -> None:
    conn = ClientConnection()
    with pytest.raises(LocalProtocolError) as info:
        conn.send(request_)
    assert info.value.kind is kind
    assert states(conn) == (ConnState.IDLE, None)
    assert conn.send(Request("GET", "/", host="h")) == b"GET / HTTP/1.1\r\nHost: h\r\n\r\n"


def test_pipelined_response_bytes_wait_for_the_next_cycle() -> None:
    conn = connection_for()
    second = _OK + b"Content-Length: 3\r\n\r\ntwo"
    conn.receive_data(_OK + b"Content-Length: 3\r\n\r\none" + second)
    assert [type(conn.next_event()) for _ in range(3)] == [Response, Data, EndOfMessage]
    assert conn.next_event() is PAUSED
    assert conn.trailing_data == (second, False)
    conn.start_next_cycle()
    assert conn.next_event() is NEED_DATA  # no request yet: nothing is read
    conn.send(Request("GET", "/2", host="example.com"))
    conn.send(EndOfMessage())
    assert isinstance(conn.next_event(), Response)
    assert conn.next_event() == Data(b"two")


# -- request bodies ----------------------------------------------------------------


def test_chunked_request_bodies_are_framed_chunk_by_chunk() -> None:
    conn = ClientConnection()
    conn.send(Request("POST", "/", [("Transfer-Encoding", "chunked")], host="h"))
    assert conn.send(Data(b"hello")) == b"5\r\nhello\r\n"
    assert conn.send(Data(b"")) == b""
    assert conn.send(Data(b"x" * 26)) == b"1A\r\n" + b"x" * 26 + b"\r\n"
    assert conn.send(EndOfMessage([("X-Sum", "abc"), ("X-N", "2")])) == (
        b"0\r\nX-Sum: abc\r\nX-N: 2\r\n\r\n"
    )
    assert conn.our_state is ConnState.REQ_SENT


def test_chunked_request_without_trailers_ends_with_the_last_chunk() -> None:
    conn = ClientConnection()
    conn.send(Request("PUT", "/", [("Transfer-Encoding", "gzip, Chunked")], host="h"))
    assert conn.send(Data(b"ab")) == b"2\r\nab\r\n"
    assert conn.send(EndOfMessage()) == b"0\r\n\r\n"


def test_trailers_of_a_chunked_request_are_validated() -> None:
    conn = ClientConnection()
    conn.send(Request("POST", "/", [("Transfer-Encoding", "chunked")], host="h"))
    with pytest.raises(LocalProtocolError) as info:
        conn.send(EndOfMessage([("X", "a\nb")]))
    assert info.value.kind is ErrorKind.INVALID_HEADER_VALUE


def test_a_refused_trailer_leaves_the_body_open() -> None:
    """Nothing went on the wire, so the caller may still end the body."""
    conn = ClientConnection()
    conn.send(Request("POST", "/", [("Transfer-Encoding", "chunked")], host="h"))
    with pytest.raises(LocalProtocolError):
        conn.send(EndOfMessage([("Bad Name", "x")]))
    assert conn.our_state is ConnState.REQ_STARTED
    assert conn.send(EndOfMessage([("Good-Name", "x")])) == b"0\r\nGood-Name: x\r\n\r\n"


def test_content_length_request_bodies_are_counted() -> None:
    conn = ClientConnection()
    head = conn.send(Request("POST", "/", [("Content-Length", " 5 ")], host="h"))
    assert head.endswith(b"Content-Length:  5 \r\n\r\n")
    assert conn.send(Data(b"hel")) == b"hel"
    with pytest.raises(LocalProtocolError) as info:
        conn.send(Data(b"lo!"))
    assert framing_error(info) == "3 body bytes sent where 2 were left"
    assert conn.send(Data(b"lo")) == b"lo"
    assert conn.send(EndOfMessage()) == b""
    assert conn.our_state is ConnState.REQ_SENT


def test_ending_a_content_length_body_early_is_refused() -> None:
    conn = ClientConnection()
    conn.send(Request("POST", "/", [("Content-Length", "5")], host="h"))
    conn.send(Data(b"abc"))
    with pytest.raises(LocalProtocolError) as info:
        conn.send(EndOfMessage())
    assert framing_error(info) == "2 bytes of the announced body were not sent"


def test_a_refused_end_of_message_leaves_the_body_open() -> None:
    """Refusing to end a short body must not mark the request as sent, or
    the missing bytes could never be sent."""
    conn = ClientConnection()
    conn.send(Request("POST", "/", [("Content-Length", "5")], host="h"))
    conn.send(Data(b"abc"))
    with pytest.raises(LocalProtocolError):
        conn.send(EndOfMessage())
    assert conn.our_state is ConnState.REQ_STARTED
    assert conn.send(Data(b"de")) == b"de"
    assert conn.send(EndOfMessage()) == b""


def test_a_request_without_framing_headers_has_no_body() -> None:
    conn = ClientConnection()
    conn.send(Request("GET", "/", host="h"))
    assert conn.send(Data(b"")) == b""
    with pytest.raises(LocalProtocolError) as info:
        conn.send(Data(b"x"))
    assert framing_error(info) == "1 body bytes sent where 0 were left"


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "", "\u0665"])
def test_unreadable_request_content_length_is_refused(value: str) -> None:
    conn = ClientConnection()
    with pytest.raises(LocalProtocolError) as info:
        conn.send(Request("POST", "/", [("Content-Length", value)], host="h"))
    assert framing_error(info) == f"invalid Content-Length {value!r}"
    assert conn.our_state is ConnState.IDLE


def test_trailers_on_a_content_length_request_are_refused() -> None:
    """Trailers exist only in the chunked coding (RFC 9112 §7.1.2); dropping
    them silently would lose the caller's data."""
    conn = ClientConnection()
    conn.send(Request("POST", "/", [("Content-Length", "1")], host="h"))
    conn.send(Data(b"x"))
    with pytest.raises(LocalProtocolError) as info:
        conn.send(EndOfMessage([("X-Sum", "1")]))
    assert info.value.kind is ErrorKind.BAD_REQUEST_FRAMING


@pytest.mark.parametrize(
    "headers",
    [
        [("Content-Length", "5"), ("Transfer-Encoding", "chunked")],
        [("Transfer-Encoding", "chunked"), ("Content-Length", "5")],
        [("Content-Length", "5"), ("Content-Length", "3")],
    ],
)
def test_ambiguous_request_framing_is_refused(headers: list[tuple[str, str]]) -> None:
    """RFC 9112 §6.2: a sender must not send Content-Length with
    Transfer-Encoding, and conflicting lengths make the body ambiguous."""
    conn = ClientConnection()
    with pytest.raises(LocalProtocolError) as info:
        conn.send(Request("POST", "/", headers, host="h"))
    assert info.value.kind is ErrorKind.BAD_REQUEST_FRAMING
    assert conn.our_state is ConnState.IDLE


def test_a_request_transfer_coding_must_end_in_chunked() -> None:
    """RFC 9112 §6.1: a client applying any transfer coding to a request
    must apply chunked last, or the server cannot find the body's end."""
    conn = ClientConnection()
    with pytest.raises(LocalProtocolError) as info:
        conn.send(Request("POST", "/", [("Transfer-Encoding", "gzip")], host="h"))
    assert info.value.kind is ErrorKind.BAD_REQUEST_FRAMING
    assert conn.our_state is ConnState.IDLE


# -- order of events ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("steps", "state"),
    [
        ([Data(b"x")], "Idle"),
        ([EndOfMessage()], "Idle"),
        ([Request("GET", "/", host="h"), Request("GET", "/", host="h")], "Request-started"),
        ([Request("GET", "/", host="h"), EndOfMessage(), Data(b"")], "Request-sent"),
        ([Request("GET", "/", host="h"), EndOfMessage(), EndOfMessage()], "Request-sent"),
        (
            [Request("GET", "/", host="h"), EndOfMessage(), Request("GET", "/", host="h")],
            "Request-sent",
        ),
    ],
)
def test_events_out_of_order_are_refused(
    steps: list[Request | Data | EndOfMessage], state: str
) -> None:
    conn = ClientConnection()
    for step in steps[:-1]:
        conn.send(step)
    with pytest.raises(LocalProtocolError) as info:
        conn.send(steps[-1])
    bad_state(info)
    assert info.value.args[0] == state
    assert conn.our_state.value == state


@pytest.mark.parametrize(
    "setup",
    [
        "idle",
        "request-started",
        "response-unread",
        "body-unread",
        "will-close",
        "switched",
    ],
)
def test_start_next_cycle_is_refused_before_a_reusable_end(setup: str) -> None:
    conn = ClientConnection()
    if setup != "idle":
        conn.send(Request("GET", "/", host="h"))
    if setup not in ("idle", "request-started"):
        conn.send(EndOfMessage())
    if setup == "body-unread":
        conn.receive_data(_OK + b"Content-Length: 2\r\n\r\nh")
    elif setup == "will-close":
        conn.receive_data(_OK + b"Connection: close\r\nContent-Length: 0\r\n\r\n")
    elif setup == "switched":
        conn.receive_data(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\n")
    while conn.next_event() not in (NEED_DATA, PAUSED):
        pass
    with pytest.raises(LocalProtocolError) as info:
        conn.start_next_cycle()
    bad_state(info)
    assert info.value.args == (conn.our_state.value, "start_next_cycle")


def test_start_next_cycle_waits_for_the_end_of_message_to_be_taken() -> None:
    conn = connection_for()
    conn.receive_data(_OK + b"Content-Length: 0\r\n\r\n")
    assert isinstance(conn.next_event(), Response)
    with pytest.raises(LocalProtocolError):
        conn.start_next_cycle()
    assert isinstance(conn.next_event(), EndOfMessage)
    conn.start_next_cycle()
    assert conn.our_state is ConnState.IDLE


def test_an_early_response_is_read_while_the_body_is_still_being_sent() -> None:
    conn = ClientConnection()
    conn.send(Request("POST", "/", [("Content-Length", "10")], host="h"))
    conn.receive_data(b"HTTP/1.1 413 Too Large\r\nContent-Length: 0\r\n\r\n")
    response = conn.next_event()
    assert isinstance(response, Response)
    assert response.status == 413
    assert isinstance(conn.next_event(), EndOfMessage)
    assert conn.next_event() is PAUSED
    with pytest.raises(LocalProtocolError):
        conn.start_next_cycle()  # the request is not complete
    conn.send(Data(b"0123456789"))
    conn.send(EndOfMessage())
    conn.start_next_cycle()


# -- receiving: EOF, errors, switches -------------------------------------------------


def test_data_after_eof_is_refused() -> None:
    conn = connection_for()
    conn.receive_data(b"")
    conn.receive_data(b"")
    with pytest.raises(LocalProtocolError) as info:
        conn.receive_data(b"x")
    bad_state(info)
    assert info.value.args == ("closed", "receive_data")
    assert conn.trailing_data == (b"", True)


def test_eof_before_any_request_is_connection_closed() -> None:
    conn = ClientConnection()
    conn.receive_data(b"")
    assert conn.next_event() == ConnectionClosed()


def test_eof_before_a_response_is_no_response() -> None:
    conn = connection_for()
    conn.receive_data(b"")
    with pytest.raises(RemoteProtocolError) as info:
        conn.next_event()
    assert info.value.kind is ErrorKind.NO_RESPONSE


def test_connection_close_waits_for_eof() -> None:
    conn = connection_for()
    conn.receive_data(_OK + b"Connection: close\r\nContent-Length: 2\r\n\r\nhi")
    assert [type(conn.next_event()) for _ in range(3)] == [Response, Data, EndOfMessage]
    assert conn.next_event() is NEED_DATA
    assert conn.next_event() is NEED_DATA
    conn.receive_data(b"")
    assert conn.next_event() == ConnectionClosed()
    with pytest.raises(LocalProtocolError) as info:
        conn.start_next_cycle()
    bad_state(info)


def test_bytes_after_a_closing_response_are_dropped_at_eof() -> None:
    conn = connection_for()
    conn.receive_data(_OK + b"Connection: close\r\nContent-Length: 0\r\n\r\njunk")
    assert [type(conn.next_event()) for _ in range(2)] == [Response, EndOfMessage]
    assert conn.next_event() is NEED_DATA
    conn.receive_data(b"")
    assert conn.next_event() == ConnectionClosed()
    assert conn.trailing_data == (b"junk", True)


def test_a_connection_the_peer_closed_is_not_reused() -> None:
    """After EOF a complete, keep-alive exchange still cannot start another."""
    conn = connection_for()
    conn.receive_data(_OK + b"Content-Length: 0\r\n\r\n")
    conn.receive_data(b"")
    assert [type(conn.next_event()) for _ in range(2)] == [Response, EndOfMessage]
    assert conn.next_event() == ConnectionClosed()
    with pytest.raises(LocalProtocolError) as info:
        conn.start_next_cycle()
    bad_state(info)


def test_bytes_before_any_request_wait_and_eof_closes() -> None:
    conn = ClientConnection()
    conn.receive_data(b"HTTP/1.1 408 Request Timeout\r\n\r\n")
    assert conn.next_event() is NEED_DATA
    conn.receive_data(b"")
    assert conn.next_event() == ConnectionClosed()


def test_a_body_until_close_ends_at_eof() -> None:
    conn = connection_for()
    conn.receive_data(b"HTTP/1.0 200 OK\r\n\r\nsome")
    assert [type(conn.next_event()) for _ in range(2)] == [Response, Data]
    assert conn.next_event() is NEED_DATA
    conn.receive_data(b" more")
    assert conn.next_event() == Data(b" more")
    conn.receive_data(b"")
    assert isinstance(conn.next_event(), EndOfMessage)
    assert conn.next_event() == ConnectionClosed()


def test_eof_inside_a_body_is_incomplete() -> None:
    conn = connection_for()
    conn.receive_data(_OK + b"Content-Length: 10\r\n\r\nabc")
    assert [type(conn.next_event()) for _ in range(2)] == [Response, Data]
    conn.receive_data(b"")
    with pytest.raises(IncompleteBody) as info:
        conn.next_event()
    assert (info.value.received, info.value.expected) == (3, 7)
    with pytest.raises(LocalProtocolError) as after:
        conn.next_event()
    bad_state(after)
    assert after.value.__cause__ is info.value


@pytest.mark.parametrize(
    ("method", "head"),
    [
        ("GET", b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n"),
        ("CONNECT", b"HTTP/1.1 200 Connection established\r\n\r\n"),
        ("CONNECT", b"HTTP/1.1 204 Tunnel\r\nContent-Length: 4\r\n\r\n"),
    ],
)
def test_protocol_switches_pause_with_the_new_protocols_bytes(method: str, head: bytes) -> None:
    conn = connection_for(method)
    conn.receive_data(b"HTTP/1.1 100 Continue\r\n\r\n" + head + b"\x16\x03")
    assert isinstance(conn.next_event(), InformationalResponse)
    assert isinstance(conn.next_event(), Response)
    assert conn.next_event() is PAUSED
    assert conn.trailing_data == (b"\x16\x03", False)
    conn.receive_data(b"more")
    assert conn.next_event() is PAUSED
    conn.receive_data(b"")
    assert conn.next_event() is PAUSED
    assert conn.trailing_data == (b"\x16\x03more", True)


def test_a_failed_connect_is_an_ordinary_response() -> None:
    conn = connection_for("CONNECT")
    conn.receive_data(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 3\r\n\r\nbad")
    assert [type(conn.next_event()) for _ in range(3)] == [Response, Data, EndOfMessage]
    assert conn.next_event() is PAUSED
    conn.start_next_cycle()


def test_interim_responses_surface_before_the_final_one() -> None:
    conn = connection_for()
    conn.receive_data(
        b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\n"
    )
    assert conn.next_event() == InformationalResponse(100, "Continue", "HTTP/1.1", [])
    hints = conn.next_event()
    assert hints == InformationalResponse(103, "Early Hints", "HTTP/1.1", [("Link", "</s.css>")])
    assert conn.next_event() is NEED_DATA
    conn.receive_data(_OK + b"Content-Length: 0\r\n\r\n")
    assert isinstance(conn.next_event(), Response)


@pytest.mark.parametrize(
    "data",
    [b"ICY 200 OK\r\n\r\n", _OK + b"Transfer-Encoding: chunked\r\n\r\nzz\r\n"],
)
def test_after_a_remote_error_every_event_is_refused(data: bytes) -> None:
    conn = connection_for()
    trace = feed(conn, data, eof=False)
    assert isinstance(trace.error, RemoteProtocolError)
    for _ in range(2):
        with pytest.raises(LocalProtocolError) as info:
            conn.next_event()
        bad_state(info)
        assert info.value.__cause__ is trace.error
    assert conn.their_state is ResponseState.ERROR


def test_a_long_line_trickling_in_is_refused_once_past_the_limit() -> None:
    """Each byte is searched once, so a line trickled a byte at a time costs
    O(n); the line is refused as soon as one byte past the limit arrives."""
    limit = Limits().max_line
    conn = connection_for()
    line = b"HTTP/1.1 200 " + b"a" * limit
    for index in range(limit):
        conn.receive_data(line[index : index + 1])
        assert conn.next_event() is NEED_DATA
    conn.receive_data(line[limit : limit + 1])
    with pytest.raises(RemoteProtocolError) as info:
        conn.next_event()
    assert (info.value.kind, info.value.args) == (ErrorKind.LINE_TOO_LONG, ("status line",))


def test_a_header_line_trickling_in_keeps_its_bytes() -> None:
    """The search resumes where it stopped and the line is taken whole."""
    conn = connection_for(limits=Limits(max_line=64))
    for byte in _OK + b"X-Long: " + b"v" * 50 + b"\r\nContent-Length: 1\r\n\r\nz":
        conn.receive_data(bytes([byte]))
        event = conn.next_event()
        while event not in (NEED_DATA, PAUSED):
            if isinstance(event, Response):
                assert event.fields == [("X-Long", "v" * 50), ("Content-Length", "1")]
            event = conn.next_event()
    assert conn.their_state is ResponseState.DONE


def test_limits_reach_the_parser() -> None:
    conn = connection_for(limits=Limits(max_headers=2))
    trace = feed(conn, _OK + b"A: 1\r\nB: 2\r\n\r\n")
    assert trace.error is not None
    assert trace.error.kind is ErrorKind.TOO_MANY_HEADERS


def test_only_protocol_errors_escape_feed() -> None:
    trace = feed(connection_for(), b"\x00" * 10 + b"\r\n")
    assert isinstance(trace.error, ProtocolError)
    assert trace.error.kind is ErrorKind.BAD_STATUS_LINE
