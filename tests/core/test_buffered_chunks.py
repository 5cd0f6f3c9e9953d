"""``got_buffered_chunks``: the whole chunks a shell's ``peek`` shows.

The blocking shell hands the parser what is buffered between chunks and
reads exactly what it took.  Taking must give what reading line by line
gives (the corpus and generated responses check that through
``drive(..., chunks=True)``); here: the limit a ``read(n)`` puts on it,
where it stops, and that it takes nothing outside the states between
chunks.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from httpclient_compat._core import Limits, ResponseParser, ResponseState

from .helpers import STATE_PATHS, body_of, drive, parser_in

_HEAD = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"


def _at_first_size_line(limits: Limits | None = None) -> ResponseParser:
    parser = ResponseParser("GET") if limits is None else ResponseParser("GET", limits)
    for line in _HEAD.splitlines(keepends=True):
        parser.got_line(line)
    assert parser.state is ResponseState.CHUNK_SIZE
    return parser


def _wire(chunks: list[bytes], eol: bytes = b"\r\n") -> bytes:
    return b"".join(b"%x%s%s%s" % (len(c), eol, c, eol) for c in chunks) + b"0" + eol + eol


@settings(max_examples=400, deadline=None)
@given(
    chunks=st.lists(st.binary(min_size=1, max_size=30), max_size=6),
    eol=st.sampled_from([b"\r\n", b"\n"]),
    data=st.data(),
)
def test_whole_chunks_within_the_limit_are_taken_and_the_rest_reads_on(
    chunks: list[bytes], eol: bytes, data: st.DataObject
) -> None:
    wire = _wire(chunks, eol)
    body = b"".join(chunks)
    shown = wire[: data.draw(st.integers(0, len(wire)), label="buffered")]
    limit = data.draw(st.none() | st.integers(0, len(body) + 1), label="limit")
    parser = _at_first_size_line()

    taken, pieces, size = parser.got_buffered_chunks(shown, limit)

    assert 0 <= taken <= len(shown)
    assert size == sum(map(len, pieces))
    assert pieces == chunks[: len(pieces)], "whole chunks, in order"
    assert limit is None or size <= limit
    assert parser.received == size
    if limit is not None and pieces and size == limit:
        # The data that reached the limit is taken, its CRLF is not.
        assert parser.state is ResponseState.CHUNK_END
    # Read line by line from there, the rest of the body follows.
    rest = drive(parser, wire[taken:])
    assert rest.error is None
    assert body_of(rest.events) == body[size:]
    assert rest.rest == b""


@pytest.mark.parametrize(
    "state",
    [s for s in STATE_PATHS if s not in (ResponseState.CHUNK_END, ResponseState.CHUNK_SIZE)],
)
def test_outside_the_states_between_chunks_nothing_is_taken(state: ResponseState) -> None:
    parser = parser_in(state)
    left = parser.chunk_left
    assert parser.got_buffered_chunks(b"5\r\nhello\r\n0\r\n\r\n") == (0, [], 0)
    assert (parser.state, parser.chunk_left) == (state, left)


@pytest.mark.parametrize(
    ("shown", "taken", "pieces", "state"),
    [
        # a bare LF after the data, as readline(2) would return it
        (b"\n3\r\nabc", 7, [b"abc"], ResponseState.CHUNK_END),
        # a size line with an extension, or leading zeros, as the line
        # path reads it (the usual line's check sends them there)
        (b"\r\n3;x=y\r\nabc", 12, [b"abc"], ResponseState.CHUNK_END),
        (b"\r\n03\r\nabc", 9, [b"abc"], ResponseState.CHUNK_END),
        (b"\r\n3 \r\nabc", 9, [b"abc"], ResponseState.CHUNK_END),
        # the CRLF cut short, or not a line end: the line path reads it
        (b"\r", 0, [], ResponseState.CHUNK_END),
        (b"ab3\r\nabc", 0, [], ResponseState.CHUNK_END),
        # a size line not all there
        (b"\r\n3", 2, [], ResponseState.CHUNK_SIZE),
        # the last chunk, and a size http.client's int() refuses
        (b"\r\n0\r\n\r\n", 2, [], ResponseState.CHUNK_SIZE),
        (b"\r\nzz\r\n", 2, [], ResponseState.CHUNK_SIZE),
        (b"\r\n-3\r\n", 2, [], ResponseState.CHUNK_SIZE),
        # and sizes its int() reads that RFC 9112 §7.1 does not allow
        (b"\r\n+3\r\nabc", 2, [], ResponseState.CHUNK_SIZE),
        (b"\r\n 3\r\nabc", 2, [], ResponseState.CHUNK_SIZE),
        (b"\r\n0x3\r\nabc", 2, [], ResponseState.CHUNK_SIZE),
        (b"\r\n1_0\r\nabc", 2, [], ResponseState.CHUNK_SIZE),
        # data not all there: the size line is taken, the data is not
        (b"\r\n3\r\nab", 5, [], ResponseState.CHUNK_DATA),
    ],
)
def test_taking_stops_before_what_the_line_path_must_read(
    shown: bytes, taken: int, pieces: list[bytes], state: ResponseState
) -> None:
    parser = parser_in(ResponseState.CHUNK_END)
    assert parser.got_buffered_chunks(shown)[:2] == (taken, pieces)
    assert parser.state is state


def test_a_size_line_longer_than_the_line_limit_is_left_to_the_line_path() -> None:
    # 28 bytes is the head's longest line, "Transfer-Encoding: chunked\r\n".
    limits = Limits(max_line=28)
    too_long = b"0" * 26 + b"3\r\n"
    assert len(too_long) == 29
    assert _at_first_size_line(limits).got_buffered_chunks(too_long + b"abc") == (0, [], 0)
    parser = _at_first_size_line(limits)
    assert parser.got_buffered_chunks(too_long[1:] + b"abc") == (31, [b"abc"], 3)


def test_a_chunk_that_would_pass_the_limit_is_left_whole_for_the_shell() -> None:
    parser = _at_first_size_line()
    assert parser.got_buffered_chunks(b"2\r\nab\r\n3\r\nabc\r\n", limit=4) == (10, [b"ab"], 2)
    assert (parser.state, parser.chunk_left) == (ResponseState.CHUNK_DATA, 3)
