"""The parser's read door for the shell: how much to read next, whether
the bytes buffered after a head run past the response, and what the two
bytes read after chunk data were.

The shell asks these instead of computing them from the parser's counters,
so each answer is pinned here against what :meth:`ResponseParser.want`
asks for and against the framing.
"""

from __future__ import annotations

import pytest

from httpclient_compat._core import (
    ErrorKind,
    IncompleteBody,
    Limits,
    LocalProtocolError,
    ReadBody,
    RemoteProtocolError,
    ResponseParser,
    ResponseState,
)

_OK = b"HTTP/1.1 200 OK\r\n"


def _after_head(head: bytes, limits: Limits | None = None, method: str = "GET") -> ResponseParser:
    parser = ResponseParser(method) if limits is None else ResponseParser(method, limits)
    parser.got_head_block(head)
    return parser


@pytest.mark.parametrize("amt", [None, 0, 1, 3, 5, 100])
@pytest.mark.parametrize(
    "head",
    [
        _OK + b"Content-Length: 5\r\n\r\n",
        _OK + b"Content-Length: 50\r\n\r\n",
        b"HTTP/1.0 200 OK\r\n\r\n",
    ],
    ids=["length 5", "length 50 over a read size of 8", "until close"],
)
def test_read_size_is_what_want_asks_for_bounded_by_the_callers_amount(
    head: bytes, amt: int | None
) -> None:
    parser = _after_head(head, Limits(read_size=8))
    want = parser.want()
    assert isinstance(want, ReadBody)
    expected = want.size if amt is None else min(want.size, amt)
    assert parser.read_size(amt) == expected


def test_read_size_follows_a_chunk_and_is_zero_between_chunks() -> None:
    parser = _after_head(_OK + b"Transfer-Encoding: chunked\r\n\r\n")
    assert parser.read_size() == 0  # a size line is next
    parser.got_line(b"a\r\n")
    assert (parser.read_size(), parser.read_size(4)) == (10, 4)
    parser.got_body(6)
    assert parser.read_size() == 4
    parser.got_body(4)
    assert parser.read_size() == 0  # the CRLF after the data is next


@pytest.mark.parametrize(
    ("head", "buffered", "past"),
    [
        (_OK + b"Content-Length: 5\r\n\r\n", 5, False),
        (_OK + b"Content-Length: 5\r\n\r\n", 3, True),
        (_OK + b"Content-Length: 5\r\n\r\n", 9, True),
        (_OK + b"Content-Length: 5\r\n\r\n", -1, True),
        (_OK + b"Content-Length: 0\r\n\r\n", 0, False),
        (b"HTTP/1.1 204 No Content\r\n\r\n", 0, False),
        (b"HTTP/1.1 204 No Content\r\n\r\n", 2, True),
        (_OK + b"Content-Length: 5\r\nConnection: close\r\n\r\n", 5, True),
        (b"HTTP/1.0 200 OK\r\n\r\n", 0, True),
        (_OK + b"Transfer-Encoding: chunked\r\n\r\n", 12, None),
        (_OK + b"Content-Length: 5\r\nContent-Length: 6\r\n\r\n", 5, True),
    ],
    ids=[
        "the rest of the body",
        "part of the body",
        "more than the body",
        "unknown",
        "an empty body",
        "no body",
        "bytes after no body",
        "a connection that will close",
        "until close",
        "chunked: known once read",
        "unframed",
    ],
)
def test_buffered_bytes_run_past_the_response_unless_they_are_its_rest(
    head: bytes, buffered: int, past: bool | None
) -> None:
    assert _after_head(head).buffered_past_body(buffered) is past


def test_no_head_yet_means_the_buffer_may_hold_anything() -> None:
    assert ResponseParser("GET").buffered_past_body(0) is True


@pytest.mark.parametrize(
    ("head", "buffered", "overran"),
    [
        (_OK + b"Content-Length: 5\r\n\r\n", 5, False),
        (_OK + b"Content-Length: 5\r\n\r\n", 3, False),
        (_OK + b"Content-Length: 5\r\n\r\n", 6, True),
        (_OK + b"Content-Length: 5\r\n\r\n", -1, False),
        (b"HTTP/1.1 204 No Content\r\n\r\n", 0, False),
        (b"HTTP/1.1 204 No Content\r\n\r\n", 2, True),
        (b"HTTP/1.0 200 OK\r\n\r\n", 9, False),
        (_OK + b"Transfer-Encoding: chunked\r\n\r\n", 12, False),
    ],
    ids=["the rest", "part", "more", "unknown", "no body", "bytes after no body",
         "until close", "chunked: known once read"],
)  # fmt: skip
def test_overran_says_when_buffered_bytes_are_surely_past_the_response(
    head: bytes, buffered: int, overran: bool
) -> None:
    assert _after_head(head).overran(buffered) is overran


def test_no_head_yet_means_nothing_overran() -> None:
    assert ResponseParser("GET").overran(9) is False


def test_eof_in_the_last_chunks_size_line_is_an_incomplete_body() -> None:
    """A "0" cut before its line end could have been "0a"."""
    parser = _after_head(_OK + b"Transfer-Encoding: chunked\r\n\r\n")
    with pytest.raises(IncompleteBody):
        parser.got_line(b"0")


def _at_chunk_end() -> ResponseParser:
    parser = _after_head(_OK + b"Transfer-Encoding: chunked\r\n\r\n")
    parser.got_line(b"3\r\n")
    parser.got_body(3)
    assert parser.state is ResponseState.CHUNK_END
    return parser


@pytest.mark.parametrize(
    ("data", "start"),
    [(b"\r\n", None), (b"\n5", b"5"), (b"\n\n", b"\n"), (b"\n", b"")],
    ids=["CRLF", "LF, then a size line", "LF, then an empty line", "LF, then EOF"],
)
def test_got_chunk_end_takes_a_crlf_or_a_bare_lf(data: bytes, start: bytes | None) -> None:
    """After a bare LF (RFC 9112 §2.2) the next size line has begun: its
    first byte comes back for the shell to read on and give got_line()."""
    parser = _at_chunk_end()
    assert parser.got_chunk_end(data) == start
    assert parser.state is ResponseState.CHUNK_SIZE


def test_got_chunk_end_refuses_other_bytes_and_eof() -> None:
    with pytest.raises(RemoteProtocolError) as caught:
        _at_chunk_end().got_chunk_end(b"ab")
    assert caught.value.kind is ErrorKind.BAD_CHUNK_END
    for eof in (b"", b"\r"):
        with pytest.raises(IncompleteBody):
            _at_chunk_end().got_chunk_end(eof)


def test_got_chunk_end_is_refused_outside_the_chunk_end() -> None:
    parser = _after_head(_OK + b"Content-Length: 5\r\n\r\n")
    with pytest.raises(LocalProtocolError):
        parser.got_chunk_end(b"\n5")
