"""The pull-driven response parser, through the core's public door.

Every response of the corpus is read at every split point, in every EOF
style and head style a shell may use, and must read the same each time.
Then the limits, the errors with their kinds and args, the error state,
every (state, action) pair, the accounting and ``got_head_block``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from httpclient_compat._core import (
    DEFAULT_LIMITS,
    NOTHING,
    BodyKind,
    Data,
    EndOfMessage,
    ErrorKind,
    Framing,
    HeaderBlockReader,
    HeadEvent,
    IncompleteBody,
    InformationalResponse,
    Limits,
    LocalProtocolError,
    ProtocolError,
    ReadBody,
    ReadLine,
    RemoteProtocolError,
    Response,
    ResponseParser,
    ResponseState,
    content_length,
    head_length,
    parse_chunk_size,
    parse_status_line,
    read_status_line,
)

from .helpers import (
    CORPUS,
    Case,
    EofMode,
    HeadMode,
    PullTrace,
    all_splits,
    body_of,
    drive,
    parser_in,
    raises_kind,
)

_S = ResponseState
_OK = b"HTTP/1.1 200 OK\r\n"
_MAX = DEFAULT_LIMITS.max_line
_LINE = ReadLine(_MAX + 1)


def check_case(trace: PullTrace, case: Case) -> None:
    """Assert that *trace* is what *case* says reading it gives."""
    interim = [e.status for e in trace.events if isinstance(e, InformationalResponse)]
    assert interim == list(case.interim)
    finals = [e for e in trace.events if isinstance(e, Response)]
    if case.status is None:
        assert finals == []
    else:
        assert [r.status for r in finals] == [case.status]
        if case.fields is not None:
            assert finals[0].fields == list(case.fields)
        if case.framing is not None:
            assert finals[0].framing == case.framing
    assert body_of(trace.events) == case.body
    if case.error is None:
        assert trace.error is None
        last = trace.events[-1]
        assert isinstance(last, EndOfMessage)
        assert list(last.trailers) == list(case.trailers)
    else:
        assert trace.error is not None
        assert (type(trace.error), trace.error.kind, trace.error.args) == case.error
        assert not any(isinstance(e, EndOfMessage) for e in trace.events)
    if case.rest is not None:
        assert trace.rest == case.rest


def lines_of(data: bytes) -> list[bytes]:
    """*data* cut after every LF (and nowhere else), as readline cuts it."""
    return re.findall(rb"[^\n]*\n|[^\n]+", data)


def read_head(parser: ResponseParser, data: bytes) -> HeadEvent | None:
    """Give *data* to the parser line by line; the last head it returned."""
    head = None
    for line in lines_of(data):
        head = parser.got_line(line) or head
    return head


def parser_after(
    data: bytes, method: str = "GET", limits: Limits = DEFAULT_LIMITS
) -> ResponseParser:
    parser = ResponseParser(method, limits)
    read_head(parser, data)
    return parser


# -- the corpus at every split point ------------------------------------------------

_IDS = [case.id for case in CORPUS]


@pytest.mark.parametrize("chunks", [False, True], ids=["chunk-lines", "buffered-chunks"])
@pytest.mark.parametrize("eof", ["natural", "got_eof"])
@pytest.mark.parametrize("heads", ["lines", "block_with_status", "block_without_status"])
@pytest.mark.parametrize("case", CORPUS, ids=_IDS)
def test_corpus_reads_as_expected_in_every_shell_style(
    case: Case, eof: EofMode, heads: HeadMode, chunks: bool
) -> None:
    trace = drive(ResponseParser(case.method), case.data, eof=eof, heads=heads, chunks=chunks)
    check_case(trace, case)


@pytest.mark.parametrize("case", CORPUS, ids=_IDS)
def test_corpus_reads_the_same_at_every_split_point(case: Case) -> None:
    """Short body reads cut anywhere change neither events, error nor rest."""
    whole = drive(ResponseParser(case.method), case.data).key()
    for splits in all_splits(case.data):
        for eof in ("natural", "got_eof"):
            trace = drive(ResponseParser(case.method), case.data, splits, eof=eof)
            assert trace.key() == whole, splits
        # Taking the chunks that have arrived in one piece changes nothing
        # either, wherever the bytes stop (the rest is read line by line).
        trace = drive(ResponseParser(case.method), case.data, splits, chunks=True)
        assert trace.key() == whole, splits


def test_body_reads_never_ask_past_the_framing() -> None:
    """Each read request is sized from the framing, so nothing of the next
    response is consumed."""
    data = _OK + b"Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
    trace = drive(ResponseParser("GET"), data + b"NEXT")
    assert trace.rest == b"NEXT"
    assert trace.wants == [
        _LINE,
        _LINE,
        _LINE,
        _LINE,
        ReadBody(5),
        ReadLine(2),
        _LINE,
        _LINE,
        NOTHING,
    ]


# -- status lines ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (b"HTTP/1.1 200 OK\r\n", ("HTTP/1.1", 200, "OK\r\n")),
        (b"HTTP/1.1 200\r\n", ("HTTP/1.1", 200, "")),
        (b"HTTP/1.0 404 Not  Found \n", ("HTTP/1.0", 404, "Not  Found \n")),
        (b"HTTP/1.1 999 \xe9\r\n", ("HTTP/1.1", 999, "\xe9\r\n")),
        (b"HTTP/9.9 100 x\n", ("HTTP/9.9", 100, "x\n")),
        (b"HTTP/1.1 200  two\tspaces\r\n", ("HTTP/1.1", 200, " two\tspaces\r\n")),
        # a bare CR or NUL never reaches the reason (RFC 9110 §5.5)
        (b"HTTP/1.1 200 O\rK\r\n", ("HTTP/1.1", 200, "O K\r\n")),
        (b"HTTP/1.1 200 O\x00K\n", ("HTTP/1.1", 200, "O K\n")),
        (b"HTTP/1.0 200 \x00\r\r\n", ("HTTP/1.0", 200, " \r\r\n")),
    ],
)
def test_status_lines_split_as_rfc_9112_writes_them(
    line: bytes, expected: tuple[str, int, str]
) -> None:
    assert parse_status_line(line) == expected


@pytest.mark.parametrize(
    "line", [b"", b"\r\n", b"HTTP/1.1\r\n", b"http/1.1 200 OK\r\n", b"HTTP/1.1 099 X\r\n",
             b"HTTP/1.1 1000\r\n", b"HTTP/1.1 2OO OK\r\n", b" HTTP/1.1\r\n",
             # what http.client's split() and int() read (RFC 9112 §4 does not)
             b"HTTP/1.1 +200 OK\r\n", b"HTTP/1.1 2_0 OK\r\n", b"HTTP/1.1  200 OK\r\n",
             b"HTTP/1.1\t200 OK\r\n", b"HTTP/1.1 200\tOK\r\n", b" HTTP/1.1 200 OK\r\n",
             b"HTTP/9 100 x\n", b"HTTP/1.12 200 OK\r\n", b"HTTP/a.b 200 OK\r\n"],
)  # fmt: skip
def test_bad_status_lines_carry_the_decoded_line(line: bytes) -> None:
    error = raises_kind(
        lambda: parse_status_line(line), RemoteProtocolError, ErrorKind.BAD_STATUS_LINE
    )
    assert error.args == (line.decode("iso-8859-1"),)


def test_reason_is_stripped_in_heads() -> None:
    parser = ResponseParser("GET")
    interim = read_head(parser, b"HTTP/1.1 103  Early  \r\n\r\n")
    final = read_head(parser, b"HTTP/1.1 200   OK  \r\nContent-Length: 0\r\n\r\n")
    assert isinstance(interim, InformationalResponse)
    assert isinstance(final, Response)
    assert (interim.reason, final.reason) == ("Early", "OK")


@pytest.mark.parametrize(
    ("version", "http_version"),
    [("HTTP/1.0", 10), ("HTTP/0.9", 10), ("HTTP/1.1", 11), ("HTTP/1.5", 11)],
)
def test_final_versions_map_to_http_client_numbers(version: str, http_version: int) -> None:
    parser = ResponseParser("GET")
    parser.got_status(version, 200, "OK")
    head = read_head(parser, b"Content-Length: 0\r\n\r\n")
    assert isinstance(head, Response)
    assert (head.version, head.http_version) == (version, http_version)


def test_unknown_protocol_is_only_checked_on_final_responses() -> None:
    parser = ResponseParser("GET")
    parser.got_status("HTTP/2", 100, "Continue")
    assert isinstance(parser.got_line(b"\r\n"), InformationalResponse)
    error = raises_kind(lambda: parser.got_status("HTTP/2", 200, "OK"), RemoteProtocolError,
                   ErrorKind.UNKNOWN_PROTOCOL)  # fmt: skip
    assert error.args == ("HTTP/2",)
    assert parser.state is _S.ERROR


def test_status_101_is_final_and_has_no_body() -> None:
    parser = parser_after(b"HTTP/1.1 101 Switching\r\nUpgrade: x\r\n\r\n")
    assert parser.response is not None
    assert parser.response.framing == Framing(BodyKind.NONE, None, False)
    assert (parser.interim_count, parser.done) == (0, True)


# -- limits ------------------------------------------------------------------------


def test_status_line_over_the_limit_is_too_long() -> None:
    data = b"HTTP/1.1 200 " + b"x" * _MAX + b"\r\n\r\n"
    trace = drive(ResponseParser("GET"), data)
    assert trace.error is not None
    assert (trace.error.kind, trace.error.args) == (ErrorKind.LINE_TOO_LONG, ("status line",))


@pytest.mark.parametrize(
    ("prefix", "where"),
    [
        (_OK, "header line"),
        (_OK + b"Transfer-Encoding: chunked\r\n\r\n", "chunk size"),
        (_OK + b"Transfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n", "trailer line"),
    ],
)
def test_lines_over_the_limit_are_too_long(prefix: bytes, where: str) -> None:
    """A line of max_line bytes is read; one byte more is refused."""
    limits = Limits(max_line=40)
    filler = b"X-Long: " if where != "chunk size" else b"1;"
    fits = filler + b"a" * (40 - len(filler) - 2) + b"\r\n"
    assert len(fits) == 40
    fine = prefix + fits + (b"x\r\n0\r\n\r\n" if where == "chunk size" else b"\r\n")
    assert drive(ResponseParser("GET", limits), fine).error is None
    too_long = prefix + fits[:-2] + b"a\r\n\r\n"
    trace = drive(ResponseParser("GET", limits), too_long)
    assert trace.error is not None
    assert (type(trace.error), trace.error.kind) == (RemoteProtocolError, ErrorKind.LINE_TOO_LONG)
    assert trace.error.args == (where,)


def test_default_line_limit_is_http_client_maxline() -> None:
    data = _OK + b"X: " + b"a" * (_MAX - 5) + b"\r\n\r\n"
    assert drive(ResponseParser("GET"), data).error is None
    trace = drive(ResponseParser("GET"), data.replace(b"X: ", b"X:  "))
    assert trace.error is not None
    assert trace.error.args == ("header line",)


def _headers(count: int) -> bytes:
    return b"".join(b"X-%d: v\r\n" % i for i in range(count))


def test_a_hundred_header_lines_with_the_blank_one_are_read() -> None:
    trace = drive(ResponseParser("GET"), _OK + _headers(98) + b"Content-Length: 0\r\n\r\n")
    assert trace.error is None
    response = trace.events[0]
    assert isinstance(response, Response)
    assert len(response.fields) == 99


def test_a_hundred_and_first_header_line_is_too_many() -> None:
    trace = drive(ResponseParser("GET"), _OK + _headers(100) + b"\r\n")
    assert trace.error is not None
    assert (type(trace.error), trace.error.kind) == (
        RemoteProtocolError,
        ErrorKind.TOO_MANY_HEADERS,
    )
    assert trace.error.args == ("got more than 100 headers",)


def test_header_limit_counts_lines_after_a_100_continue() -> None:
    """CVE-2021-3737: an endless 100 Continue head cannot keep the client reading."""
    data = b"HTTP/1.1 100 Continue\r\n" + _headers(101)
    trace = drive(ResponseParser("GET"), data)
    assert trace.error is not None
    assert trace.error.kind is ErrorKind.TOO_MANY_HEADERS
    assert trace.rest == b""  # every line was read, none beyond the 101st
    assert trace.error.args == ("got more than 100 headers",)


def test_a_hundred_interim_responses_are_skipped_and_one_more_is_refused() -> None:
    interim = b"HTTP/1.1 103 Early Hints\r\n\r\n"
    final = _OK + b"Content-Length: 0\r\n\r\n"
    parser = ResponseParser("GET")
    trace = drive(parser, interim * 100 + final)
    assert trace.error is None
    assert parser.interim_count == 100
    assert len(trace.events) == 102
    trace = drive(ResponseParser("GET"), interim * 101 + final)
    assert trace.error is not None
    assert (trace.error.kind, trace.error.args) == (
        ErrorKind.TOO_MANY_INTERIM,
        ("got more than 100 interim responses",),
    )
    assert trace.rest == b"\r\n" + final  # refused on the 101st status line


def test_a_hundred_trailer_lines_are_read_and_one_more_is_refused() -> None:
    head = _OK + b"Transfer-Encoding: chunked\r\n\r\n0\r\n"
    parser = ResponseParser("GET")
    assert drive(parser, head + _headers(99) + b"\r\n").error is None
    assert len(parser.trailers) == 99
    trace = drive(ResponseParser("GET"), head + _headers(100) + b"\r\n")
    assert trace.error is not None
    assert (type(trace.error), trace.error.kind) == (
        RemoteProtocolError,
        ErrorKind.TOO_MANY_TRAILERS,
    )
    assert trace.error.args == ("got more than 100 trailer lines",)


def test_claimed_length_never_sizes_a_read() -> None:
    """CVE-2025-13836: a Content-Length of 10**12 is read in bounded pieces."""
    data = _OK + b"Content-Length: 1000000000000\r\n\r\n0123456789"
    trace = drive(ResponseParser("GET"), data)
    sizes = [w.size for w in trace.wants if isinstance(w, ReadBody)]
    assert sizes == [DEFAULT_LIMITS.read_size, DEFAULT_LIMITS.read_size]
    error = trace.error
    assert isinstance(error, IncompleteBody)
    assert (error.received, error.expected) == (10, 10**12 - 10)
    small = Limits(read_size=4)
    trace = drive(ResponseParser("GET", small), data)
    assert [w.size for w in trace.wants if isinstance(w, ReadBody)] == [4, 4, 4, 4]
    assert body_of(trace.events) == b"0123456789"


def test_claimed_chunk_size_never_sizes_a_read() -> None:
    data = _OK + b"Transfer-Encoding: chunked\r\n\r\nffffffffff\r\nabc"
    parser = ResponseParser("GET", Limits(read_size=2))
    trace = drive(parser, data)
    assert [w.size for w in trace.wants if isinstance(w, ReadBody)] == [2, 2, 2]
    assert isinstance(trace.error, IncompleteBody)
    assert (trace.error.received, trace.error.expected) == (3, 0xFFFFFFFFFF - 3)


def test_until_close_reads_are_bounded_too() -> None:
    trace = drive(ResponseParser("GET", Limits(read_size=3)), _OK + b"\r\nabcdefg")
    assert [w.size for w in trace.wants if isinstance(w, ReadBody)] == [3, 3, 3, 3]
    assert body_of(trace.events) == b"abcdefg"


def test_no_content_length_field_means_no_length() -> None:
    """The parser never asks (it checks for fields first), but the public
    function answers for an empty list too."""
    assert content_length([]) is None
    assert content_length(["7"]) == 7


# -- chunk sizes -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "size"),
    [(b"0\r\n", 0), (b"a\r\n", 10), (b"FF;name=value\r\n", 255), (b"1f \t\r\n", 31),
     (b"5 ;x\n", 5), (b"0" * 30 + b"1\r\n", 1), (b"f" * 16 + b"\r\n", 2**64 - 1)],
)  # fmt: skip
def test_chunk_sizes_are_read_as_rfc_9112_writes_them(line: bytes, size: int) -> None:
    assert parse_chunk_size(line) == size


@pytest.mark.parametrize(
    "line",
    [b"", b"\r\n", b"-1\r\n", b"0x\r\n", b"g\r\n", b";a=b\r\n",
     # what http.client's int(..., 16) reads (RFC 9112 §7.1 does not)
     b" 1f\r\n", b"1_0\n", b"+5\r\n", b"0x5\r\n", b"1" * 17 + b"\r\n", b"5;a\x00\r\n",
     b"5;a\rb\r\n", b"5\x00\r\n"],
)  # fmt: skip
def test_bad_chunk_sizes_carry_the_line(line: bytes) -> None:
    error = raises_kind(
        lambda: parse_chunk_size(line), RemoteProtocolError, ErrorKind.BAD_CHUNK_SIZE
    )
    assert error.args == (line,)


# -- accounting --------------------------------------------------------------------


def accounts(parser: ResponseParser) -> tuple[object, ...]:
    return (parser.state, parser.length, parser.chunk_left, parser.received, parser.done)


def test_length_body_accounting_step_by_step() -> None:
    parser = ResponseParser("GET")
    assert accounts(parser) == (_S.STATUS, None, None, 0, False)
    assert (parser.response, parser.want()) == (None, _LINE)
    parser.got_line(_OK)
    parser.got_line(b"Content-Length: 10\r\n")
    assert accounts(parser) == (_S.HEADERS, None, None, 0, False)
    response = parser.got_line(b"\r\n")
    assert response is parser.response is not None
    assert isinstance(response, Response)
    assert (response.raw, response.clean) == (b"Content-Length: 10\r\n\r\n", True)
    assert response.framing == Framing(BodyKind.LENGTH, 10, False)
    assert accounts(parser) == (_S.BODY_LENGTH, 10, None, 0, False)
    assert parser.want() == ReadBody(10)
    parser.got_body(4)
    assert accounts(parser) == (_S.BODY_LENGTH, 6, None, 4, False)
    assert parser.want() == ReadBody(6)
    parser.got_body(6)
    assert accounts(parser) == (_S.DONE, 0, None, 10, True)
    assert parser.want() is NOTHING
    assert parser.got_eof() is None
    assert accounts(parser) == (_S.DONE, 0, None, 10, True)


def test_chunked_body_accounting_step_by_step() -> None:
    parser = parser_after(_OK + b"Transfer-Encoding: chunked\r\n\r\n")
    assert accounts(parser) == (_S.CHUNK_SIZE, None, None, 0, False)
    assert parser.response is not None
    assert parser.response.framing == Framing(BodyKind.CHUNKED, None, False)
    parser.got_line(b"5;ext=1\r\n")
    assert accounts(parser) == (_S.CHUNK_DATA, None, 5, 0, False)
    parser.got_body(2)
    assert accounts(parser) == (_S.CHUNK_DATA, None, 3, 2, False)
    assert parser.want() == ReadBody(3)
    parser.got_body(3)
    assert accounts(parser) == (_S.CHUNK_END, None, 0, 5, False)
    assert parser.want() == ReadLine(2)
    parser.got_line(b"\r\n")
    assert accounts(parser) == (_S.CHUNK_SIZE, None, None, 5, False)
    parser.got_line(b"2\n")
    parser.got_body(2)
    parser.got_line(b"\n")
    parser.got_line(b"0\r\n")
    assert accounts(parser) == (_S.TRAILERS, None, None, 7, False)
    parser.got_line(b"Expires: never\r\n")
    assert list(parser.trailers) == []
    parser.got_line(b"\r\n")
    assert accounts(parser) == (_S.DONE, None, None, 7, True)
    assert list(parser.trailers) == [("Expires", "never")]


def test_want_asks_for_each_size_right_however_many_sizes_came_before() -> None:
    """Read requests are kept by size in a bounded table: more distinct
    sizes than it holds, each asked for twice, are each asked for right."""
    for _ in range(2):
        for size in range(2, 600):
            parser = parser_after(_OK + b"Transfer-Encoding: chunked\r\n\r\n")
            parser.got_line(b"%x\r\n" % size)
            assert parser.want() == ReadBody(size)
            parser.got_body(size - 1)
            assert parser.want() == ReadBody(1)


def test_until_close_accounting_step_by_step() -> None:
    parser = parser_after(b"HTTP/1.0 200 OK\r\n\r\n")
    assert accounts(parser) == (_S.BODY_UNTIL_CLOSE, None, None, 0, False)
    assert parser.want() == ReadBody(DEFAULT_LIMITS.read_size)
    parser.got_body(7)
    parser.got_body(1)
    assert accounts(parser) == (_S.BODY_UNTIL_CLOSE, None, None, 8, False)
    parser.got_eof()
    assert accounts(parser) == (_S.DONE, None, None, 8, True)


def test_interim_responses_are_counted_and_carry_their_fields() -> None:
    parser = ResponseParser("GET")
    first = read_head(parser, b"HTTP/1.1 100 Continue\r\n\r\n")
    second = read_head(parser, b"HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n")
    assert first == InformationalResponse(100, "Continue", "HTTP/1.1", [])
    assert second == InformationalResponse(103, "Early Hints", "HTTP/1.1", [("Link", "</a>")])
    assert (parser.interim_count, parser.state, parser.response) == (2, _S.STATUS, None)
    read_head(parser, _OK + b"Content-Length: 0\r\n\r\n")
    assert (parser.interim_count, parser.done) == (2, True)


@pytest.mark.parametrize(
    ("head", "raw", "clean"),
    [
        (b"A: 1\r\nB: 2\r\n\r\n", b"A: 1\r\nB: 2\r\n\r\n", True),
        (b"A: 1\nB:2\n\n", b"A: 1\nB:2\n\n", True),
        (b"A: 1\r\n b\r\n\r\n", b"A: 1\r\n b\r\n\r\n", False),
        (b"A: 1\r\nnot a field\r\n\r\n", b"A: 1\r\nnot a field\r\n\r\n", False),
        (b"A: x\x00y\r\n\r\n", b"A: x\x00y\r\n\r\n", False),
        (b"\r\n", b"\r\n", True),
    ],
)
def test_raw_is_the_block_as_read_and_clean_says_whether_it_was_plain(
    head: bytes, raw: bytes, clean: bool
) -> None:
    parser = ResponseParser("HEAD")
    trace = drive(parser, _OK + head)
    assert trace.error is None
    assert parser.response is not None
    assert (parser.response.raw, parser.response.clean) == (raw, clean)


@pytest.mark.parametrize(
    ("head", "fields"),
    [
        (b"A: 1 \r\n", [("A", "1 ")]),
        (b"A:\t 1\r\n", [("A", "1")]),
        (b"A:\r\n", [("A", "")]),
        (b"A: x\x00y\r\n", [("A", "x y")]),
        (b"A: x\ry\r\n", [("A", "x y")]),
        (b" lead\r\nA: 1\r\n", [("A", "1")]),
        (b"A: 1\r\n\tb \r\n c\r\n", [("A", "1 b c")]),
        (b"A: 1\r\n: no name\r\n", [("A", "1")]),
    ],
)
def test_odd_fields_are_read_as_rfc_9112_reads_them(
    head: bytes, fields: list[tuple[str, str]]
) -> None:
    parser = parser_after(_OK + head + b"\r\n", method="HEAD")
    assert parser.response is not None
    assert parser.response.fields == fields


# -- reseeding: what assigning http.client's attributes means -----------------------


def test_setting_length_reframes_the_rest_of_the_body() -> None:
    parser = parser_in(_S.BODY_UNTIL_CLOSE)
    parser.got_body(2)
    parser.set_length(3)
    assert accounts(parser) == (_S.BODY_LENGTH, 3, None, 2, False)
    assert parser.want() == ReadBody(3)
    parser.got_body(3)
    assert accounts(parser) == (_S.DONE, 0, None, 5, True)


def test_setting_length_to_zero_ends_the_body() -> None:
    parser = parser_in(_S.BODY_LENGTH)
    parser.set_length(0)
    assert accounts(parser) == (_S.DONE, 0, None, 0, True)


def test_setting_length_to_none_reads_until_close() -> None:
    parser = parser_in(_S.BODY_LENGTH)
    parser.set_length(None)
    assert accounts(parser) == (_S.BODY_UNTIL_CLOSE, None, None, 0, False)
    assert parser.want() == ReadBody(DEFAULT_LIMITS.read_size)
    parser.got_body(9)
    parser.got_eof()
    assert accounts(parser) == (_S.DONE, None, None, 9, True)


def test_setting_chunked_reads_a_chunk_size_line_next() -> None:
    parser = parser_in(_S.BODY_UNTIL_CLOSE)
    parser.set_chunked(True)
    assert accounts(parser) == (_S.CHUNK_SIZE, None, None, 0, False)
    assert parser.want() == _LINE
    parser.got_line(b"2\r\n")
    assert accounts(parser) == (_S.CHUNK_DATA, None, 2, 0, False)


def test_unsetting_chunked_reads_the_rest_until_close() -> None:
    parser = parser_in(_S.CHUNK_DATA)
    parser.set_chunked(False)
    assert accounts(parser) == (_S.BODY_UNTIL_CLOSE, None, None, 0, False)


def test_unsetting_chunked_on_a_length_body_changes_nothing() -> None:
    parser = parser_in(_S.BODY_LENGTH)
    parser.set_chunked(False)
    assert accounts(parser) == (_S.BODY_LENGTH, 5, None, 0, False)


@pytest.mark.parametrize(
    ("chunk_left", "state", "want"),
    [(None, _S.CHUNK_SIZE, _LINE), (3, _S.CHUNK_DATA, ReadBody(3)), (0, _S.CHUNK_END, ReadLine(2))],
)
@pytest.mark.parametrize("start", [_S.CHUNK_SIZE, _S.CHUNK_DATA, _S.CHUNK_END, _S.TRAILERS])
def test_setting_chunk_left_moves_within_a_chunked_body(
    start: ResponseState, chunk_left: int | None, state: ResponseState, want: object
) -> None:
    parser = parser_in(start)
    parser.set_chunk_left(chunk_left)
    assert (parser.state, parser.chunk_left, parser.want()) == (state, chunk_left, want)


@pytest.mark.parametrize("state", [_S.BODY_LENGTH, _S.BODY_UNTIL_CLOSE])
def test_chunk_left_is_refused_on_a_body_that_is_not_chunked(state: ResponseState) -> None:
    parser = parser_in(state)
    error = raises_kind(lambda: parser.set_chunk_left(1), LocalProtocolError, ErrorKind.BAD_STATE)
    assert error.args == (state.value, "body")
    assert parser.state is state


@pytest.mark.parametrize("state", [_S.STATUS, _S.HEADERS])
@pytest.mark.parametrize("call", ["set_length", "set_chunked", "set_chunk_left"])
def test_reseeding_is_refused_before_the_final_head(state: ResponseState, call: str) -> None:
    parser = parser_in(state)
    calls: dict[str, Callable[[], None]] = {
        "set_length": lambda: parser.set_length(1),
        "set_chunked": lambda: parser.set_chunked(True),
        "set_chunk_left": lambda: parser.set_chunk_left(1),
    }
    error = raises_kind(calls[call], LocalProtocolError, ErrorKind.BAD_STATE)
    assert error.args == (state.value, "body")
    assert (parser.state, parser.response) == (state, None)


# -- helpers for the shell's own reads ------------------------------------------------


def test_read_status_line_checks_the_limit_and_eof_first() -> None:
    small = Limits(max_line=13)
    assert read_status_line(b"HTTP/1.0 200\n", small) == ("HTTP/1.0", 200, "")
    assert read_status_line(_OK) == ("HTTP/1.1", 200, "OK\r\n")
    error = raises_kind(lambda: read_status_line(b"HTTP/1.0 200 \n", small), RemoteProtocolError,
                        ErrorKind.LINE_TOO_LONG)  # fmt: skip
    assert error.args == ("status line",)
    error = raises_kind(lambda: read_status_line(b""), RemoteProtocolError, ErrorKind.NO_RESPONSE)
    assert error.args == ("Remote end closed connection without response",)
    error = raises_kind(lambda: read_status_line(b"ICY 200\r\n"), RemoteProtocolError,
                        ErrorKind.BAD_STATUS_LINE)  # fmt: skip
    assert error.args == ("ICY 200\r\n",)
    error = raises_kind(lambda: read_status_line(b"HTTP/1.1 200 OK\r"), RemoteProtocolError,
                        ErrorKind.TRUNCATED_HEAD)  # fmt: skip
    assert error.args == ("Remote end closed connection in the status line",)


@pytest.mark.parametrize(
    ("data", "length"),
    [
        (_OK + b"A: b\r\n\r\nbody", len(_OK) + 8),
        (b"A: b\r\n\r\n", 8),
        (_OK + b"\r\n", len(_OK) + 2),
        (b"A: b\r\r\n\r\n", 9),
        (b"A: b\r\n\r\n\r\n", 8),
        (b"A: b\n\r\n\r\n", -1),
        (b"A: b\n\nC: d\r\n\r\n", -1),
        (b"A: b\r\n\nC: d\r\n\r\n", -1),
        (b"\r\nA: b\r\n\r\n", -1),
        (b"\nA: b\r\n\r\n", -1),
        (b"A: b\r\n", -1),
        (b"", -1),
    ],
)
def test_head_length_finds_a_crlf_head_or_leaves_it_to_lines(data: bytes, length: int) -> None:
    assert head_length(data) == length


def test_header_block_reader_collects_lines_to_the_blank_one() -> None:
    reader = HeaderBlockReader(Limits(max_line=20, max_headers=3))
    assert reader.want == ReadLine(21)
    assert reader.got_line(b"A: 1\r\n") is False
    assert reader.got_line(b"B: 2\n") is False
    assert reader.got_line(b"\n") is True
    assert reader.lines == [b"A: 1\r\n", b"B: 2\n", b"\n"]
    assert HeaderBlockReader().got_line(b"") is True
    assert HeaderBlockReader().got_line(b"\r\n") is True


def test_header_block_reader_enforces_http_clients_limits() -> None:
    reader = HeaderBlockReader(Limits(max_line=20, max_headers=2))
    error = raises_kind(lambda: reader.got_line(b"X: " + b"a" * 18), RemoteProtocolError,
                        ErrorKind.LINE_TOO_LONG)  # fmt: skip
    assert error.args == ("header line",)
    reader = HeaderBlockReader(Limits(max_headers=2))
    reader.got_line(b"A: 1\r\n")
    reader.got_line(b"B: 2\r\n")
    error = raises_kind(lambda: reader.got_line(b"\r\n"), RemoteProtocolError,
                        ErrorKind.TOO_MANY_HEADERS)  # fmt: skip
    assert error.args == ("got more than 2 headers",)


# -- got_head_block ----------------------------------------------------------------

_HEADS = {
    "clean": _OK + b"Content-Length: 2\r\nX: y\r\n\r\n",
    "bare-lf": b"HTTP/1.1 200 OK\nContent-Length: 2\nX: y\n\n",
    "mixed-endings": _OK + b"Content-Length: 2\nX: y\r\n\n",
    "obs-fold": _OK + b"X: a\r\n b\r\nContent-Length: 2\r\n\r\n",
    "no-fields": _OK + b"\r\n",
    "no-fields-bare-lf": _OK + b"\n",
    "interim": b"HTTP/1.1 103 Early\r\nLink: </a>\r\n\r\n",
    "too-long": _OK + b"X: " + b"a" * 40 + b"\r\n\r\n",
    "too-long-last": _OK + b"X: y\r\n" + b"a" * 41 + b"\r\n",
    "too-many": _OK + _headers(4) + b"\r\n",
    "just-enough": _OK + _headers(3) + b"\r\n",
    "bad-length": _OK + b"Content-Length: 1, 2\r\n\r\n",
    "bad-status": b"HTTP/1.1 x\r\nA: b\r\n\r\n",
    "long-status": b"HTTP/1.1 200 " + b"a" * 40 + b"\r\n\r\n",
}
_SMALL = Limits(max_line=40, max_headers=4)


def one_head(parser: ResponseParser, block: bytes) -> tuple[object, ...]:
    """The head *block* gives (or the error), and the state after it."""
    try:
        head: object = parser.got_head_block(block)
    except ProtocolError as exc:
        head = (type(exc), exc.kind, exc.args)
    return head, parser.state, parser.response


def line_by_line(parser: ResponseParser, block: bytes) -> tuple[object, ...]:
    try:
        head: object = read_head(parser, block)
    except ProtocolError as exc:
        head = (type(exc), exc.kind, exc.args)
    return head, parser.state, parser.response


@pytest.mark.parametrize("block", _HEADS.values(), ids=_HEADS.keys())
def test_head_block_with_status_gives_what_lines_give(block: bytes) -> None:
    expected = line_by_line(ResponseParser("GET", _SMALL), block)
    assert one_head(ResponseParser("GET", _SMALL), block) == expected


@pytest.mark.parametrize("block", _HEADS.values(), ids=_HEADS.keys())
def test_head_block_after_the_status_line_gives_what_lines_give(block: bytes) -> None:
    status, _, rest = block.partition(b"\n")
    by_lines = ResponseParser("GET", _SMALL)
    by_block = ResponseParser("GET", _SMALL)
    try:
        by_lines.got_line(status + b"\n")
        by_block.got_line(status + b"\n")
    except ProtocolError:
        return  # the status line itself fails: no head block follows
    assert one_head(by_block, rest) == line_by_line(by_lines, rest)


_BAD_BLOCKS = [
    _OK + b"A: b\r\n\r\nextra",
    _OK + b"A: b\r\n\r\n\r\n",
    _OK + b"A: b\r\n\n\r\n",
    _OK + b"A: b\n\r\n\r\n",
    _OK + b"A: b\n\nC: d\r\n\r\n",
    _OK + b"\nA: b\r\n\r\n",
    _OK + b"A: b\r\n",
    _OK + b"A: b",
    _OK + b"A:b",
    _OK + b"X\r\n",
    _OK + b"\r\r\n",
    _OK,
    b"HTTP/1.1 100 Continue\r\n\r\n" + _OK + b"\r\n",
]


@pytest.mark.parametrize("block", _BAD_BLOCKS)
def test_head_block_must_end_at_the_heads_blank_line(block: bytes) -> None:
    """A block holding less or more than one head is refused, however its
    lines end (line by line, a bare LF line ends the head too)."""
    parser = ResponseParser("GET")
    error = raises_kind(
        lambda: parser.got_head_block(block), LocalProtocolError, ErrorKind.BAD_STATE
    )
    assert error.args[1] == "line"


def snapshot(parser: ResponseParser) -> tuple[object, ...]:
    """Everything a shell can see of a parser that has read no body."""
    return (parser.state, parser.response, parser.interim_count, parser.want(), parser.done)


@pytest.mark.parametrize("block", _BAD_BLOCKS)
def test_a_refused_head_block_takes_nothing_or_ends_the_parser(block: bytes) -> None:
    """Never half a head: either the refusal took nothing, so the shell can
    fall back to reading lines, or the parser, no longer knowing where the
    shell's file stands, refuses everything after."""
    parser = ResponseParser("GET")
    with pytest.raises(LocalProtocolError):
        parser.got_head_block(block)
    if parser.state is _S.ERROR:
        raises_kind(parser.want, LocalProtocolError, ErrorKind.BAD_STATE)
    else:
        fresh = ResponseParser("GET")
        assert snapshot(parser) == snapshot(fresh)


@pytest.mark.parametrize("state", [s for s in ResponseState if s not in (_S.STATUS, _S.HEADERS)])
def test_head_block_is_refused_where_no_head_is_wanted(state: ResponseState) -> None:
    parser = parser_in(state)
    error = raises_kind(lambda: parser.got_head_block(b"A: b\r\n\r\n"), LocalProtocolError,
                   ErrorKind.BAD_STATE)  # fmt: skip
    assert error.args == (state.value, "line")


def test_head_block_is_refused_once_header_lines_were_given() -> None:
    parser = parser_after(_OK + b"A: b\r\n")
    raises_kind(
        lambda: parser.got_head_block(b"C: d\r\n\r\n"), LocalProtocolError, ErrorKind.BAD_STATE
    )


def test_head_blocks_read_interim_and_final_heads_in_turn() -> None:
    parser = ResponseParser("GET")
    interim = parser.got_head_block(b"HTTP/1.1 100 Continue\r\n\r\n")
    final = parser.got_head_block(_OK + b"Content-Length: 1\r\n\r\n")
    assert isinstance(interim, InformationalResponse)
    assert isinstance(final, Response)
    assert (final.raw, final.framing.length, parser.state) == (
        b"Content-Length: 1\r\n\r\n",
        1,
        _S.BODY_LENGTH,
    )
    parser.got_body(1)
    assert parser.done


def test_drive_reports_heads_with_their_body() -> None:
    trace = drive(
        ResponseParser("GET"), _OK + b"Content-Length: 3\r\n\r\nabc", heads="block_with_status"
    )
    assert [type(e) for e in trace.events] == [Response, Data, EndOfMessage]
