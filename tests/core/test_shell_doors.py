"""The core's doors for the blocking shell: header blocks read from a file,
status lines as ``_read_status`` reads them, the buffered-head length for
the ``peek`` path, and reseeding the accountant when callers assign
http.client's attributes."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from httpclient_compat._core import (
    BodyKind,
    ErrorKind,
    HeaderBlockReader,
    Limits,
    LocalProtocolError,
    ReadBody,
    ReadLine,
    RemoteProtocolError,
    ResponseParser,
    ResponseState,
    continue_answer,
    expects_continue,
    field_line,
    head_length,
    parse_status_line,
    read_status_line,
    request_line,
    validate_method,
    validate_target,
)


def _parser_after(head: bytes, method: str = "GET") -> ResponseParser:
    parser = ResponseParser(method)
    parser.got_head_block(head)
    return parser


# -- HeaderBlockReader -------------------------------------------------------


def test_header_block_reader_collects_lines_up_to_the_blank_line() -> None:
    reader = HeaderBlockReader()
    assert reader.want == ReadLine(65537)
    assert not reader.got_line(b"A: 1\r\n")
    assert reader.got_line(b"\r\n")
    assert reader.lines == [b"A: 1\r\n", b"\r\n"]


@pytest.mark.parametrize("end", [b"\n", b""])
def test_header_block_reader_ends_at_a_bare_lf_blank_line_or_eof(end: bytes) -> None:
    reader = HeaderBlockReader()
    assert not reader.got_line(b"A: 1\n")
    assert reader.got_line(end)


def test_header_block_reader_refuses_a_line_over_the_limit() -> None:
    reader = HeaderBlockReader(Limits(max_line=10))
    reader.got_line(b"x" * 10)
    with pytest.raises(RemoteProtocolError) as info:
        reader.got_line(b"x" * 11)
    assert info.value.kind is ErrorKind.LINE_TOO_LONG
    assert info.value.args == ("header line",)


def test_header_block_reader_counts_the_blank_line_against_the_limit() -> None:
    """As http.client: 99 fields and the blank line pass, 100 and it fail."""
    reader = HeaderBlockReader()
    for _ in range(99):
        reader.got_line(b"A: 1\r\n")
    assert reader.got_line(b"\r\n")
    reader = HeaderBlockReader()
    for _ in range(100):
        reader.got_line(b"A: 1\r\n")
    with pytest.raises(RemoteProtocolError) as info:
        reader.got_line(b"\r\n")
    assert info.value.kind is ErrorKind.TOO_MANY_HEADERS
    assert info.value.args == ("got more than 100 headers",)


# -- read_status_line --------------------------------------------------------


def test_read_status_line_splits_as_http_client() -> None:
    assert read_status_line(b"HTTP/1.1 200 OK\r\n") == ("HTTP/1.1", 200, "OK\r\n")


def test_read_status_line_reports_eof_before_a_response() -> None:
    with pytest.raises(RemoteProtocolError) as info:
        read_status_line(b"")
    assert info.value.kind is ErrorKind.NO_RESPONSE
    assert info.value.args == ("Remote end closed connection without response",)


def test_read_status_line_refuses_a_line_over_the_limit() -> None:
    with pytest.raises(RemoteProtocolError) as info:
        read_status_line(b"HTTP/1.1 200 " + b"x" * 20, Limits(max_line=20))
    assert info.value.kind is ErrorKind.LINE_TOO_LONG
    assert info.value.args == ("status line",)


# -- head_length -------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"A: 1\r\n\r\nbody", 8),
        (b"A: 1\r\nB: 2\r\n\r\n", 14),
        (b"A: 1\nB: 2\r\n\r\nrest", 13),  # a bare-LF line before the CRLF end
        (b"A: 1\r\n", -1),  # incomplete
        (b"", -1),
        (b"\r\nbody\r\n\r\n", -1),  # the head is the blank line alone
        (b"\nbody\r\n\r\n", -1),
        (b"A: 1\n\nB: 2\r\n\r\n", -1),  # a bare-LF blank line ends it earlier
        (b"A: 1\r\n\nB: 2\r\n\r\n", -1),  # so does an LF after a CRLF line
    ],
)
def test_head_length_finds_only_a_head_that_ends_at_its_first_blank_line(
    data: bytes, expected: int
) -> None:
    assert head_length(data) == expected


# -- reseeding ---------------------------------------------------------------


def test_set_length_makes_the_rest_a_length_body() -> None:
    parser = _parser_after(b"HTTP/1.1 200 OK\r\n\r\n")  # until close
    parser.set_length(3)
    assert parser.length == 3
    assert parser.want() == ReadBody(3)
    parser.got_body(3)
    assert parser.done


def test_set_length_zero_ends_the_body() -> None:
    parser = _parser_after(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n")
    parser.set_length(0)
    assert parser.done
    assert parser.length == 0


def test_set_length_none_reads_until_close() -> None:
    parser = _parser_after(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n")
    parser.set_length(None)
    assert parser.length is None
    assert parser.state is ResponseState.BODY_UNTIL_CLOSE


def test_set_chunked_reads_chunks_from_a_size_line() -> None:
    parser = _parser_after(b"HTTP/1.1 200 OK\r\n\r\n")
    parser.set_chunked(True)
    assert parser.state is ResponseState.CHUNK_SIZE
    assert parser.chunk_left is None
    parser.set_chunked(False)
    assert parser.length is None
    assert parser.want() == ReadBody(parser.limits.read_size)


def test_set_chunked_false_leaves_a_length_body_alone() -> None:
    parser = _parser_after(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n")
    parser.set_chunked(False)
    assert parser.length == 5


@pytest.mark.parametrize(
    ("value", "state", "chunk_left"),
    [
        (None, ResponseState.CHUNK_SIZE, None),
        (0, ResponseState.CHUNK_END, 0),
        (4, ResponseState.CHUNK_DATA, 4),
    ],
)
def test_set_chunk_left_follows_http_client_conventions(
    value: int | None, state: ResponseState, chunk_left: int | None
) -> None:
    parser = _parser_after(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
    parser.set_chunk_left(value)
    assert parser.state is state
    assert parser.chunk_left == chunk_left


def test_set_chunk_left_refuses_a_body_that_is_not_chunked() -> None:
    parser = _parser_after(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n")
    with pytest.raises(LocalProtocolError) as info:
        parser.set_chunk_left(1)
    assert info.value.kind is ErrorKind.BAD_STATE


def test_reseeding_before_the_head_or_after_an_error_is_refused() -> None:
    parser = ResponseParser()
    with pytest.raises(LocalProtocolError):
        parser.set_length(1)
    with pytest.raises(RemoteProtocolError):
        parser.got_line(b"ICY 200 OK\r\n")
    with pytest.raises(LocalProtocolError) as info:
        parser.set_chunked(True)
    assert info.value.kind is ErrorKind.BAD_STATE


def test_a_head_request_has_no_body_kind() -> None:
    parser = _parser_after(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", "HEAD")
    assert parser.response is not None
    assert parser.response.framing.kind is BodyKind.NONE
    assert parser.length is None


def test_set_length_refuses_a_negative_length() -> None:
    parser = _parser_after(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n")
    with pytest.raises(LocalProtocolError) as info:
        parser.set_length(-1)
    assert info.value.kind is ErrorKind.BAD_STATE
    assert parser.length == 5


def test_a_head_block_without_a_whole_status_line_is_refused_untouched() -> None:
    parser = ResponseParser()
    with pytest.raises(LocalProtocolError) as info:
        parser.got_head_block(b"HTTP/1.1 200 OK")
    assert info.value.kind is ErrorKind.BAD_STATE
    assert parser.state is ResponseState.STATUS
    assert parser.got_head_block(b"HTTP/1.1 200 OK\r\n\r\n").status == 200


@pytest.mark.parametrize(
    "block",
    [
        b"\n\r\n",  # a bare-LF blank line first: three bytes, like CRLF CRLF's end
        b"\nA: b\r\n\r\n",  # a bare-LF blank line before fields
        b"\r\nA: b\r\n\r\n",  # a CRLF blank line before fields
        b"A: b\n\r\n\r\n",  # a CRLF blank line after a bare-LF field line
    ],
)
def test_a_head_block_with_an_earlier_blank_line_is_refused_untouched(block: bytes) -> None:
    parser = ResponseParser()
    parser.got_line(b"HTTP/1.1 200 OK\r\n")
    with pytest.raises(LocalProtocolError) as info:
        parser.got_head_block(block)
    assert info.value.kind is ErrorKind.BAD_STATE
    assert parser.state is ResponseState.HEADERS


# -- got_buffered_head -------------------------------------------------------

_BUFFERED = b"HTTP/1.1 200 OK\r\nA: 1\r\nContent-Length: 2\r\n\r\nhi"


def test_got_buffered_head_takes_a_whole_head_and_says_how_long_it_was() -> None:
    parser = ResponseParser()
    assert parser.got_buffered_head(_BUFFERED) == len(_BUFFERED) - 2
    assert parser.response is not None
    assert parser.response.fields == [("A", "1"), ("Content-Length", "2")]
    assert parser.want() == ReadBody(2)


def test_got_buffered_head_after_the_status_line_takes_the_fields() -> None:
    parser = ResponseParser()
    parser.got_line(b"HTTP/1.1 200 OK\r\n")
    assert parser.got_buffered_head(b"A: 1\r\n\r\nbody") == 8
    assert parser.response is not None
    assert parser.response.fields == [("A", "1")]


def test_got_buffered_head_reports_an_interim_head_and_waits_for_the_next() -> None:
    data = b"HTTP/1.1 100 Continue\r\nX: y\r\n\r\n" + _BUFFERED
    parser = ResponseParser()
    size = parser.got_buffered_head(data)
    assert parser.response is None
    assert parser.interim_count == 1
    assert parser.got_buffered_head(data[size:]) == len(_BUFFERED) - 2
    assert parser.response is not None


@pytest.mark.parametrize(
    "data",
    [
        b"HTTP/1.1 200 OK\r\nA: 1\r\n",  # not all there yet
        b"HTTP/1.1 200 OK\r\n\r\nbody\r\n\r\n",  # empty head: line path
        b"HTTP/1.1 200 OK\r\nA: 1\n\nB: 2\r\n\r\n",  # bare-LF blank line first
        b"HTTP/1.1 200 OK\r\nA: 1\n\r\nB: 2\r\n\r\n",  # CRLF blank after a bare-LF line
        b"HTTP/1.1 200 OK\r\n" + b"X: y\r\n" * 100 + b"\r\n",  # over the header count
        b"HTTP/1.1 200 OK\r\nX: " + b"y" * 65536 + b"\r\n\r\n",  # over the line limit
    ],
)
def test_got_buffered_head_leaves_anything_else_to_the_line_path(data: bytes) -> None:
    parser = ResponseParser()
    assert parser.got_buffered_head(data) == -1
    assert parser.state is ResponseState.STATUS


def _line_by_line(data: bytes) -> tuple[object, ResponseState]:
    """The head of *data* fed a line at a time: the response or the error kind."""
    parser = ResponseParser()
    start = 0
    try:
        while parser.response is None:
            end = data.index(b"\n", start) + 1
            parser.got_line(data[start:end])
            start = end
    except RemoteProtocolError as exc:
        return exc.kind, parser.state
    return parser.response, parser.state


def _buffered(data: bytes) -> tuple[object, ResponseState]:
    parser = ResponseParser()
    try:
        while parser.response is None:
            size = parser.got_buffered_head(data)
            assert size > 0
            data = data[size:]
    except RemoteProtocolError as exc:
        return exc.kind, parser.state
    return parser.response, parser.state


@pytest.mark.parametrize(
    "data",
    [
        b"HTTP/1.1 200 OK\r\nA: 1\r\nContent-Length: 2\r\n\r\n",
        b"HTTP/1.0 200 OK\r\nA: 1\r\n\r\n",
        b"HTTP/1.1 200 a: b: c\r\nH: v\r\n\r\n",  # two ": " in the reason
        b"HTTP/1.1 200 a: b\r\nH: v\r\n\r\n",
        b"HTTP/1.1 200 OK: \r\nH: v\r\n\r\n",
        b"HTTP/1.1 200  OK\r\nA: 1\r\n\r\n",
        b"HTTP/1.1 200\r\nA: 1\r\n\r\n",
        b"HTTP/1.1 200 \r\nA: 1\r\n\r\n",
        b"HTTP/1.1 200 \x85x\r\nA: 1\r\n\r\n",
        b"HTTP/1.1 200 OK\xe9 \r\nA: 1\r\n\r\n",
        b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\n",
        b"HTTP/1.1 100 Continue\r\nA: 1\r\n\r\nHTTP/1.1 200 OK\r\nB: 2\r\n\r\n",
        b"HTTP/1.1 204 No Content\r\nA: 1\r\n\r\n",
        b"HTTP/1.2 200 OK\r\nA: 1\r\n\r\n",
        b"HTTP/2 200 OK\r\nA: 1\r\n\r\n",
        b"HTTP/1.1 20x OK\r\nA: 1\r\n\r\n",
        b"HTTP/1.1  200 OK\r\nA: 1\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nA: 1\r\nTransfer-Encoding: chunked\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nKeep-Alive: timeout=5\r\nConnection: keep-alive\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nB:  2\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nB: \r\n\r\n",
        b"HTTP/1.1 200 OK\r\nB\r\nC: x: y\r\n\r\n",
        b"HTTP/1.1 200 OK\r\n\xe9: 2\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nA: 1\rB: 2\r\n\r\n",
        b"HTTP/1.1 200 OK\r\n" + b"X: y\r\n" * 98 + b"\r\n",  # at the header limit
    ],
)
def test_got_buffered_head_reads_each_head_as_the_line_path_does(data: bytes) -> None:
    assert _buffered(data) == _line_by_line(data)


_REASON_CHARS = st.sampled_from([" ", ":", "\x85", "\xa0", "\t", "O", "K", "\xe9"])
_HEAD_NAMES = st.sampled_from(["A", "Content-Length", "Connection", "Transfer-Encoding", "X:"])
_HEAD_VALUES = st.lists(st.sampled_from([" ", ": ", "1", "a", "\t", "close", ","]), max_size=4).map(
    "".join
)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["HTTP/1.1", "HTTP/1.0", "HTTP/1.2", "HTTP/2"]),
    st.sampled_from(["200", "204", "101", "404", "20x"]),
    st.sampled_from(["", " "]),
    st.text(_REASON_CHARS, max_size=6),
    st.lists(
        st.tuples(_HEAD_NAMES, st.sampled_from([": ", ":", ":  "]), _HEAD_VALUES),
        min_size=1,
        max_size=5,
    ),
)
def test_got_buffered_head_matches_the_line_path_on_generated_heads(
    version: str,
    code: str,
    space: str,
    reason: str,
    fields: list[tuple[str, str, str]],
) -> None:
    status = f"{version} {code}{space}{reason}\r\n"
    block = "".join(f"{name}{colon}{value}\r\n" for name, colon, value in fields)
    data = (status + block + "\r\n").encode("latin-1")
    expected = _line_by_line(data)
    assert _buffered(data) == expected
    assert _buffered_after([name for name, _, _ in fields], data) == expected


def _buffered_after(names: list[str], data: bytes) -> tuple[object, ResponseState]:
    """:func:`_buffered`, once heads of these *names* were read last: the
    core then uses again what it learnt of them."""
    fields = "".join(f"{name}: 1\r\n" for name in names)
    prime = f"HTTP/1.1 200 OK\r\n{fields}\r\n".encode("latin-1")
    for _ in range(2):
        _buffered(prime)
    return _buffered(data)


_AB = ["A", "B"]


@pytest.mark.parametrize(
    ("names", "data"),
    [
        (_AB, b"HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\n\r\n"),
        (_AB, b"HTTP/1.0 404 Not: Found\r\nA:  1\r\nB:\r\n\r\n"),
        (_AB, b"HTTP/1.1 200 O\rK\r\nA: 1\r\nB: 2\r\n\r\n"),
        (_AB, b"HTTP/1.1 200 O\nK\r\nA: 1\r\nB: 2\r\n\r\n"),
        (_AB, b"HTTP/1.1 200 OK\nA: 1\r\nB: 2\r\n\r\n"),
        (_AB, b"HTTP/1.1 200 OK\r\nA: 1\nB: 2\r\n\r\n"),
        (_AB, b"HTTP/1.1 200 OK\r\nA: 1\r\n\tmore\r\nB: 2\r\n\r\n"),
        (
            _AB,
            b"HTTP/1.1 100 Continue\r\nA: 1\r\nB: 2\r\n\r\nHTTP/1.1 200 OK\r\nA: 3\r\nB: 4\r\n\r\n",
        ),
        (_AB, b"ICY 200 OK\r\nA: 1\r\nB: 2\r\n\r\n"),
        (["A"] * 99, b"HTTP/1.1 200 OK\r\n" + b"A: 1\r\n" * 99 + b"\r\n"),  # over the count
    ],
)
def test_a_head_of_the_names_read_last_is_read_as_line_by_line(
    names: list[str], data: bytes
) -> None:
    assert _buffered_after(names, data) == _line_by_line(data)


def test_a_new_process_reads_its_first_status_line_as_the_line_path_does() -> None:
    """Before any head the core guesses the most common status line; the
    guess must be what reading that line gives."""
    script = (
        "from tests.core.test_shell_doors import _buffered, _line_by_line\n"
        "data = b'HTTP/1.1 200 OK\\r\\nA: 1\\r\\n\\r\\n'\n"
        "assert _buffered(data) == _line_by_line(data), _buffered(data)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr


@pytest.mark.parametrize(
    "status",
    [
        b"HTTP/1.1 200 OK\r\n",
        b"HTTP/1.0 200 OK\r\n",
        b"HTTP/1.1 404 Not Found\r\n",
        b"HTTP/1.1 200 \r\n",
        b"HTTP/1.1 200 OK \r\n",
        b"HTTP/1.1 200 OK\r\r\n",
        b"HTTP/1.1 304 Not Modified\r\n",
    ],
)
def test_a_status_line_read_last_is_read_again_as_the_line_path_reads_it(
    status: bytes,
) -> None:
    """The first head's status line differs from the one read last, the
    second's is the same: both are read as line by line."""
    data = status + b"A: 1\r\nContent-Length: 0\r\n\r\n"
    expected = _line_by_line(data)
    _buffered(b"HTTP/1.1 500 Other\r\nA: 1\r\n\r\n")
    assert _buffered(data) == expected
    assert _buffered(data) == expected


@pytest.mark.parametrize("names_read_last", [False, True])
@pytest.mark.parametrize("value_size", [1, 2000, 4060, 4070, 5000])
@pytest.mark.parametrize(
    "body",
    [b"", b"x" * 100, b"C: 3\r\n\r\n", b"\r\n\r\nA: 1\r\n\r\n", b"y" * 10000],
    ids=["none", "100 bytes", "a field line", "blank lines", "10000 bytes"],
)
def test_a_head_is_taken_whole_before_any_body_bytes(
    names_read_last: bool, value_size: int, body: bytes
) -> None:
    """With or without its names read last, the head ends at its first
    blank line whatever the body holds, however long the head."""
    head = b"HTTP/1.1 200 OK\r\nA: " + b"v" * value_size + b"\r\nB: 2\r\n\r\n"
    expected = _line_by_line(head)
    if names_read_last:
        _buffered_after(_AB, head)
    parser = ResponseParser()
    assert parser.got_buffered_head(head + body) == len(head)
    assert (parser.response, parser.state) == expected


@pytest.mark.parametrize(
    ("data", "size"),
    [
        (b"HTTP/1.1 200 OK", -1),
        (b"HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\n", -1),
        (b"HTTP/1.1 200 OK\nA: 1\r\nB: 2\r\n\r\n", 30),
    ],
)
def test_names_read_last_never_read_a_head_that_is_not_there(data: bytes, size: int) -> None:
    """No CRLF at all, no blank line yet, a bare LF ending the status line:
    the general path decides, whatever names were read last."""
    _buffered_after(_AB, b"HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\n\r\n")
    parser = ResponseParser()
    assert parser.got_buffered_head(data) == size
    if size < 0:
        assert parser.response is None
    else:
        assert (parser.response, parser.state) == _line_by_line(data)


def test_names_read_last_never_read_a_head_without_a_status_line() -> None:
    _buffered_after(_AB, b"HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\n\r\n")
    with pytest.raises(RemoteProtocolError) as caught:
        ResponseParser().got_buffered_head(b"A: 1\r\nB: 2\r\n\r\n")
    assert caught.value.kind is ErrorKind.BAD_STATUS_LINE


def test_many_distinct_status_lines_and_a_long_one_read_alike_through_both_paths() -> None:
    """More status lines than are remembered, and one too long to keep."""
    reasons = [f"Reason {number}" for number in range(150)] + ["R" * 300]
    for reason in reasons * 2:
        data = f"HTTP/1.1 200 {reason}\r\nA: 1\r\n\r\n".encode("ascii")
        response, _ = _buffered(data)
        assert response == _line_by_line(data)[0]
        assert response.reason == reason  # type: ignore[attr-defined]


def test_got_buffered_head_raises_for_a_bad_whole_head() -> None:
    parser = ResponseParser()
    with pytest.raises(RemoteProtocolError) as info:
        parser.got_buffered_head(b"ICY 200 OK\r\nA: 1\r\n\r\n")
    assert info.value.kind is ErrorKind.BAD_STATUS_LINE
    assert parser.state is ResponseState.ERROR


def test_got_buffered_head_is_refused_when_no_head_is_wanted() -> None:
    parser = ResponseParser()
    parser.got_buffered_head(_BUFFERED)
    with pytest.raises(LocalProtocolError) as info:
        parser.got_buffered_head(_BUFFERED)
    assert info.value.kind is ErrorKind.BAD_STATE


def test_a_longer_block_is_refused_before_its_heads_framing_is_read() -> None:
    """Only a limit broken while reading the lines wins over the refusal."""
    parser = ResponseParser()
    parser.got_line(b"HTTP/1.1 200 OK\r\n")
    with pytest.raises(LocalProtocolError) as info:
        parser.got_head_block(b"Content-Length: 2, 3\r\n\r\n\r\n")
    assert info.value.kind is ErrorKind.BAD_STATE
    assert parser.state is ResponseState.HEADERS
    with pytest.raises(RemoteProtocolError) as limit:
        parser.got_head_block(b"X: y\r\n\r\n\r\n".replace(b"y", b"y" * 70000))
    assert limit.value.kind is ErrorKind.LINE_TOO_LONG


# -- parse_status_line's fast path ---------------------------------------------


def _stdlib_split(line: bytes) -> tuple[str, int, str] | None:
    """http.client's _read_status split, or None where it raises BadStatusLine."""
    text = str(line, "iso-8859-1")
    try:
        version, status, reason = text.split(None, 2)
    except ValueError:
        try:
            version, status = text.split(None, 1)
            reason = ""
        except ValueError:
            version = ""
    if not version.startswith("HTTP/"):
        return None
    try:
        code = int(status)
    except ValueError:
        return None
    if not 100 <= code <= 999:
        return None
    return version, code, reason


_STATUS_PIECES = [
    b"HTTP/1.1",
    b"HTTP/1.0",
    b"HTTP/2",
    b" ",
    b"  ",
    b"\t",
    b"200",
    b"099",
    b"1000",
    b"OK",
    b"\x85",
    b"\xa0",
    b"\x1c",
    b"\xe9t\xe9",
    b"\r\n",
    b"\n",
]


# RFC 9112 §4, written out on its own: the line the parser must accept.
_RFC_STATUS_LINE = re.compile(r"HTTP/[0-9]\.[0-9] [1-9][0-9]{2}( [^\r\n\x00]*)?\r?\n?")


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_STATUS_PIECES), max_size=7).map(b"".join))
def test_parse_status_line_accepts_rfc_9112_lines_and_no_line_http_client_refuses(
    line: bytes,
) -> None:
    """What we read, http.client reads alike (the reason after its strip());
    we refuse what it refuses, and what RFC 9112 §4 does not allow."""
    expected = _stdlib_split(line)
    text = line.decode("iso-8859-1")
    try:
        ours = parse_status_line(line)
    except RemoteProtocolError:
        assert expected is None or _RFC_STATUS_LINE.fullmatch(text) is None
        return
    assert _RFC_STATUS_LINE.fullmatch(text)
    assert expected is not None
    assert ours[:2] == expected[:2]
    assert ours[2].strip() == expected[2].strip()


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (b"HTTP/1.1 200 OK\r\n", "OK\r\n"),
        (b"HTTP/1.1 200 \xa0OK\r\n", "\xa0OK\r\n"),  # \xa0 is whitespace to str.split
        (b"HTTP/1.1 200 \x85OK\r\n", "\x85OK\r\n"),
        (b"HTTP/1.1 200  OK\r\n", " OK\r\n"),
        (b"HTTP/1.1 200 O\rK\r\n", "O K\r\n"),
        (b"HTTP/1.1 200\r\n", ""),
        (b"HTTP/1.1 200 \r\n", "\r\n"),
    ],
)
def test_parse_status_line_fast_path_agrees_with_the_general_path(line: bytes, reason: str) -> None:
    """The usual line has a path of its own; both give the reason as read."""
    assert parse_status_line(line) == ("HTTP/1.1", 200, reason)
    assert parse_status_line(line.replace(b"HTTP/1.1", b"HTTP/1.2")) == ("HTTP/1.2", 200, reason)


def test_a_two_part_status_line_keeps_trailing_whitespace_on_the_code_as_http_client() -> None:
    """http.client splits again with maxsplit=1: ``200\\x1c`` is no code."""
    with pytest.raises(RemoteProtocolError) as info:
        parse_status_line(b"HTTP/1.1 200\x1c")
    assert info.value.kind is ErrorKind.BAD_STATUS_LINE
    assert parse_status_line(b"HTTP/1.1 200\r\n") == ("HTTP/1.1", 200, "")


# -- field_line's table of validated lines ----------------------------------


def test_field_line_gives_the_same_lines_past_the_size_of_its_table() -> None:
    """More distinct lines than the table keeps: it is cleared, never wrong."""
    for round_ in range(2):
        for i in range(1200):
            assert field_line("X-Id", (f"v{i}",)) == b"X-Id: v%d" % i
        assert field_line("Host", ("example.com",)) == b"Host: example.com", round_


def test_field_line_remembers_only_what_it_validated() -> None:
    with pytest.raises(LocalProtocolError):
        field_line("Bad Name", ("v",))
    with pytest.raises(LocalProtocolError):
        field_line("Bad Name", ("v",))  # still refused the second time
    assert field_line("X", (True,)) == b"X: True"  # not confused with 1
    assert field_line("X", (1,)) == b"X: 1"


@pytest.mark.parametrize("text", ["GET\xa0", "/caf\xe9\x85", "/\u2028"])
def test_non_ascii_that_is_not_printable_passes_validation_as_in_http_client(text: str) -> None:
    """http.client's check covers 0x00-0x20 and 0x7f only; the ASCII encoding
    of the request line refuses the rest later."""
    validate_method(text)
    validate_target(text)
    with pytest.raises(UnicodeEncodeError):
        request_line(text, "/", "HTTP/1.1").encode("ascii")


@pytest.mark.parametrize(
    ("data", "answer"),
    [
        (b"", None),
        (b"HTTP/1.1 100 Continue", None),
        (b"HTTP/1.1 100 Continue\r\n", None),
        (b"HTTP/1.1 100 Continue\r\n\r\n", (100, 25)),
        (b"HTTP/1.1 100 Continue\n\nmore", (100, 23)),
        (b"HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1", (103, 40)),
        (b"HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n", None),
        (b"HTTP/1.1 417 Expectation Failed\r\n", (417, 0)),
        (b"HTTP/1.0 401 Unauthorized\r\nContent-Length: 0\r\n\r\n", (401, 0)),
        (b"garbage\r\n", (0, 0)),
    ],
)
def test_continue_answer_reads_what_the_server_said(
    data: bytes, answer: tuple[int, int] | None
) -> None:
    """RFC 9110 §10.1.1: an interim head is measured for the shell to take,
    a final or bad status line is left for the response reader."""
    assert continue_answer(data) == answer


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"PUT / HTTP/1.1\r\nExpect: 100-continue\r\n\r\n", True),
        (b"PUT / HTTP/1.1\r\nexpect:100-Continue \r\n\r\n", True),
        (b"PUT / HTTP/1.1\r\nX-Expect: 100-continue\r\n\r\n", False),
        (b"PUT / HTTP/1.1\r\nExpect: 100-continue, x\r\n\r\n", False),
        (b"PUT / HTTP/1.1\r\nHost: h\r\n\r\n", False),
    ],
)
def test_expects_continue_finds_the_field_line(head: bytes, expected: bool) -> None:
    assert expects_continue(head) is expected
