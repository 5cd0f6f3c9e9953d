"""Each speed-up the core keeps gives what its plain path gives.

docs/architecture.rst lists the speed-ups with their bench rows.  Here
each is run where it cannot help (a first sight, a miss, an object built
the slow way) and compared with the plain path or with the stdlib's
reading of the same bytes: a speed-up a caller could tell apart is a bug.
"""

from __future__ import annotations

import email.parser
from email.policy import compat32

import pytest

from httpclient_compat._core import (
    Framing,
    FramingFields,
    Limits,
    Response,
    ResponseParser,
    parse_block,
)
from httpclient_compat._core import lines as status_lines

HEAD = (
    b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n"
    b"Connection: keep-alive\r\n\r\nabc"
)


def _buffered(data: bytes) -> ResponseParser:
    """A parser given *data* on the one-piece path, which must take it."""
    parser = ResponseParser("GET", Limits())
    assert parser.got_buffered_head(data) > 0
    return parser


def _line_by_line(data: bytes) -> ResponseParser:
    """A parser given *data*'s head line by line, the plain path."""
    parser = ResponseParser("GET", Limits())
    for line in data.split(b"\r\n\r\n")[0].split(b"\r\n"):
        parser.got_line(line + b"\r\n")
    parser.got_line(b"\r\n")
    return parser


def test_named_tuples_built_the_fast_way_are_the_constructors() -> None:
    """tuple.__new__ builds Response, Framing and FramingFields: the same
    class, fields and equality as their NamedTuple constructors give."""
    response = _buffered(HEAD).response
    assert response is not None
    assert type(response) is Response
    assert response == Response(*response)
    assert type(response.framing) is Framing
    assert response.framing == Framing(*response.framing)
    assert tuple(response._asdict()) == Response._fields
    assert response == _line_by_line(HEAD).response
    framing_fields = parse_block(HEAD.split(b"\r\n", 1)[1].split(b"abc")[0])[2]
    assert type(framing_fields) is FramingFields
    assert framing_fields == FramingFields(*framing_fields)


@pytest.mark.parametrize(
    "lines",
    [
        [b"HTTP/1.1 200 OK", b"HTTP/1.1 404 Not Found", b"HTTP/1.1 200 OK"],
        [b"HTTP/1.1 200 OK", b"HTTP/1.1 200 OKAY", b"HTTP/1.1 200 OK yes"],
        [b"HTTP/1.0 200 OK", b"HTTP/1.1 200 OK", b"HTTP/1.1 201 Created"],
        [b"HTTP/1.1 200 OK", b"HTTP/1.1 200  OK", b"HTTP/1.1 200"],
    ],
)
def test_the_status_line_read_last_never_answers_for_another(lines: list[bytes]) -> None:
    """last_final_status matches a line with its CRLF or not at all."""
    for line in lines:
        data = line + b"\r\nContent-Length: 0\r\n\r\n"
        plain = _line_by_line(data).response
        parser = ResponseParser("GET", Limits())
        parser.got_buffered_head(data)  # may leave an odd line to the line path
        fast = parser.response or _line_by_line(data).response
        assert fast == plain, line


def test_the_status_line_read_last_is_the_last_common_one() -> None:
    _buffered(b"HTTP/1.1 418 I'm a teapot\r\nContent-Length: 0\r\n\r\n")
    assert status_lines.last_final_status[0][0] == b"HTTP/1.1 418 I'm a teapot\r\n"
    _buffered(HEAD)
    assert status_lines.last_final_status[0][2] == ("HTTP/1.1", 200, "OK")


def _email_fields(block: bytes) -> list[tuple[str, str]]:
    message = email.parser.Parser(policy=compat32).parsestr(block.decode("iso-8859-1"))
    return list(message.items())


KIND_A = b"Server: a\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\n"
KIND_B = b"Content-Length: 3\r\nServer: b\r\nContent-Type: text/html\r\n\r\n"
# KIND_A's names, joined, with a value that holds ": ": the pieces shift.
KIND_A_SHIFTED = b"Server: a: b\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\n"
# The same names, spelt in another case: framing must be found again.
KIND_A_CASED = b"server: a\r\ncontent-type: text/plain\r\ncontent-length: 3\r\n\r\n"
TWO_LENGTHS = b"Server: a\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\n"
# Pieces that join to KIND_AB's names when split on ": ", with one row more.
KIND_AB = b"Ab: 1\r\nContent-Length: 3\r\n\r\n"
KIND_A_X_B = b"A: x: b: 2\r\nContent-Length: 3\r\n\r\n"


@pytest.mark.parametrize(
    "sequence",
    [
        [KIND_A, KIND_A, KIND_B, KIND_A],
        [KIND_A, KIND_A_SHIFTED, KIND_A],
        [KIND_A, KIND_A_CASED, KIND_A],
        [KIND_A, TWO_LENGTHS, KIND_A, TWO_LENGTHS],
        [KIND_AB, KIND_A_X_B, KIND_AB],
    ],
)
def test_the_names_read_last_never_answer_for_another_block(sequence: list[bytes]) -> None:
    """_last_names: each block in turn, hit or miss, reads as the email
    parser reads it, with the framing values of its own fields."""
    for block in sequence:
        fields, clean, framing = parse_block(block)
        assert clean
        assert fields == _email_fields(block)
        lengths = [v for n, v in fields if n.lower() == "content-length"]
        assert framing.content_length == lengths
        status = b"HTTP/1.1 200 OK\r\n" + block
        response = _buffered(status).response
        assert response is not None
        assert response.fields == fields
