"""Header messages and exceptions: the stdlib's own classes, built as the stdlib builds them.

The fast path builds ``HTTPMessage`` from parsed lines for clean heads; it
must equal what ``email.parser`` gives (compared through ``vars()``), and
odd heads must keep every field.
"""

from __future__ import annotations

import email.message
import http.client
import io
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import httpclient_compat as client

from .fakes import FakeSocket, connection_on

stdlib: Any = http.client  # private helpers and fake sockets are outside the stubs

TCHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
VCHARS = "".join(chr(c) for c in range(0x21, 0x7F)) + "".join(chr(c) for c in range(0xA0, 0x100))


def _comparable(message: email.message.Message) -> dict[str, Any]:
    """``vars(message)`` with the defects (compared by identity) as type and text."""
    state = dict(vars(message))
    state["defects"] = [(type(d), str(d)) for d in message.defects]
    return state


def _field_value() -> st.SearchStrategy[str]:
    inner = st.text(alphabet=VCHARS + " \t", max_size=30)
    return st.one_of(
        st.just(""),
        st.builds(
            lambda a, b, c: a + b + c, st.sampled_from(VCHARS), inner, st.sampled_from(VCHARS)
        ),
    )


clean_fields = st.lists(
    st.tuples(
        st.text(alphabet=TCHARS, min_size=1, max_size=20),
        st.sampled_from(["", " ", "  ", "\t"]),
        _field_value(),
        st.sampled_from(["", " ", "\t "]),
    ),
    max_size=25,
)


@given(fields=clean_fields, eol=st.sampled_from([b"\r\n", b"\n"]))
def test_the_fast_path_message_equals_the_email_parser_message_for_clean_heads(
    fields: list[tuple[str, str, str, str]], eol: bytes
) -> None:
    raw = b"".join(
        f"{name}:{lead}{value}{trail}".encode("latin-1") + eol
        for name, lead, value, trail in fields
    )
    raw += eol
    ours: http.client.HTTPMessage = client.parse_headers(io.BytesIO(raw + b"body"))
    theirs = http.client.parse_headers(io.BytesIO(raw + b"body"))
    assert type(ours) is http.client.HTTPMessage
    assert _comparable(ours) == _comparable(theirs)


_CONTENT_TYPES = (
    "text/plain; charset=UTF-8",
    'multipart/mixed; boundary="b"',
    "message/rfc822",
    'text/html; charset="iso-8859-1"; q=1',
    "attachment; filename*=UTF-8''a%20b",
    "=?utf-8?q?caf=C3=A9?=",
)


@given(
    fields=clean_fields,
    folds=st.lists(st.tuples(st.integers(0, 24), st.sampled_from([" more", "\tmore", "  x y"]))),
    content_type=st.none() | st.sampled_from(_CONTENT_TYPES),
    eol=st.sampled_from([b"\r\n", b"\n"]),
)
def test_folded_heads_and_content_types_give_the_email_parser_message(
    fields: list[tuple[str, str, str, str]],
    folds: list[tuple[int, str]],
    content_type: str | None,
    eol: bytes,
) -> None:
    """Continuation lines after fields and Content-Types the email parser
    reads a part for.  The parser keeps an obs-fold in the value; ours is
    replaced by SP (RFC 9112 §5.2), the one difference."""
    lines = [f"{name}:{lead}{value}{trail}" for name, lead, value, trail in fields]
    if content_type is not None:
        lines.append(f"Content-Type: {content_type}")
    for at, fold in sorted(folds, reverse=True):
        if lines and at < len(lines):
            lines.insert(at + 1, fold)
    raw = b"".join(line.encode("latin-1") + eol for line in lines) + eol
    ours: http.client.HTTPMessage = client.parse_headers(io.BytesIO(raw + b"--b\r\n\r\nx"))
    theirs = http.client.parse_headers(io.BytesIO(raw + b"--b\r\n\r\nx"))
    theirs._headers = [(name, _unfold(value)) for name, value in theirs._headers]  # type: ignore[attr-defined]
    assert _with_parts(ours) == _with_parts(theirs)


def _unfold(value: str) -> str:
    """*value* with each obs-fold (and the whitespace around it) one SP."""
    return re.sub(r"[ \t]*\r?\n[ \t]+", " ", value).lstrip(" \t")


def test_a_response_head_builds_the_same_message_as_http_client() -> None:
    reply = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        b"Set-Cookie: a=1\r\nSet-Cookie: b=2\r\nX-Latin: caf\xe9\r\nContent-Length: 0\r\n\r\n"
    )
    ours = client.HTTPResponse(FakeSocket(reply))
    theirs = stdlib.HTTPResponse(FakeSocket(reply))
    ours.begin()
    theirs.begin()
    assert _comparable(ours.msg) == _comparable(theirs.msg)
    assert ours.msg is ours.headers
    assert ours.info().get_all("Set-Cookie") == ["a=1", "b=2"]
    assert ours.getheader("x-latin") == "caf\xe9"
    assert ours.msg.get_content_charset() == "utf-8"


def test_content_types_remembered_as_plain_never_hide_a_body_part() -> None:
    """Heads whose Content-Type needs no body part are remembered by value:
    more kinds than are kept, and between them the kinds the email parser
    reads a part for (multipart, message, any case), each head's message
    the stdlib's."""
    kinds = [f"text/x-{number}" for number in range(150)]
    kinds[::10] = ['multipart/mixed; boundary="b"', "Message/RFC822", "MULTIPART/x"] * 5
    for kind in kinds + kinds:
        raw = f"HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: 9\r\n\r\n".encode(
            "latin-1"
        )
        ours = client.HTTPResponse(FakeSocket(raw + b"--b\r\n\r\nx"))
        theirs = stdlib.HTTPResponse(FakeSocket(raw + b"--b\r\n\r\nx"))
        ours.begin()
        theirs.begin()
        assert _with_parts(ours.msg) == _with_parts(theirs.msg), kind


def _with_parts(message: email.message.Message) -> dict[str, Any]:
    """:func:`_comparable`, with a payload of parts compared by their fields."""
    state = _comparable(message)
    if isinstance(state["_payload"], list):
        state["_payload"] = [(type(part), part.items()) for part in state["_payload"]]
    return state


@pytest.mark.parametrize(
    "raw",
    [
        b"A: 1\r\n  folded\r\nB: 2\r\n\r\n",
        b"A: 1\r\n\tB: 2\r\n\r\n",
        b" Leading: continuation\r\nB: 2\r\n\r\n",
        b"From nobody\r\nA: 1\r\n\r\n",
        b"A: 1\r\nB: 2\r\n",
        b"\r\n",
        b"",
    ],
    ids=[
        "obs-fold",
        "tab-fold",
        "first-line-continuation",
        "unix-from",
        "no-blank",
        "empty",
        "eof",
    ],
)
def test_odd_heads_the_email_parser_reads_whole_give_the_same_message(raw: bytes) -> None:
    """The same message, but that an obs-fold is SP (RFC 9112 §5.2)."""
    theirs = http.client.parse_headers(io.BytesIO(raw))
    theirs._headers = [(name, _unfold(value)) for name, value in theirs._headers]  # type: ignore[attr-defined]
    assert _comparable(client.parse_headers(io.BytesIO(raw))) == _comparable(theirs)


@pytest.mark.parametrize(
    ("raw", "fields"),
    [
        (
            b"A: 1\r\nno colon here\r\nContent-Length: 5\r\n\r\n",
            [("A", "1"), ("Content-Length", "5")],
        ),
        (
            b"A: 1\r\nN\xe9: x\r\nContent-Length: 5\r\nB: 2\r\n\r\n",
            [("A", "1"), ("N\xe9", "x"), ("Content-Length", "5"), ("B", "2")],
        ),
    ],
    ids=["line-without-colon", "non-ascii-name"],
)
def test_odd_heads_keep_every_later_field_and_the_parsers_defects(
    raw: bytes, fields: list[tuple[str, str]]
) -> None:
    """gh-81274: the email parser drops every later field into the payload."""
    ours: http.client.HTTPMessage = client.parse_headers(io.BytesIO(raw))
    theirs = http.client.parse_headers(io.BytesIO(raw))
    for name, value in fields:
        assert ours[name] == value
    # What the email parser reports of the same bytes: the defects and the
    # text after the odd line as the payload (urllib3 logs both).
    assert ours.get_payload() == theirs.get_payload() != ""
    assert [type(d) for d in ours.defects] == [type(d) for d in theirs.defects]
    assert ours.defects, "the defect urllib3's assert_header_parsing reports is kept"


def test_an_odd_response_head_still_frames_the_body_by_its_content_length() -> None:
    reply = b"HTTP/1.1 200 OK\r\nX: 1\r\nbad line\r\nContent-Length: 5\r\n\r\nhelloNEXT"
    response = client.HTTPResponse(FakeSocket(reply), method="GET")
    response.begin()
    assert response.getheader("Content-Length") == "5"
    assert response.read() == b"hello"
    assert not response.will_close


def test_parse_headers_builds_the_class_it_is_given() -> None:
    class Message(http.client.HTTPMessage):
        pass

    message = client.parse_headers(io.BytesIO(b"A: 1\r\n\r\n"), _class=Message)
    assert type(message) is Message
    assert message.items() == [("A", "1")]
    assert message.getallmatchingheaders("a") == []


def test_parse_headers_reads_exactly_the_head_from_the_file() -> None:
    fp = io.BufferedReader(io.BytesIO(b"A: 1\r\nB: 2\r\n\r\nbody"))
    client.parse_headers(fp)
    assert fp.read() == b"body"


@pytest.mark.parametrize(
    "raw",
    [
        b"A: 1\r\nB: 2\r\n\r\nbody",
        b"A: 1\nB: 2\n\nbody",
        b"A: 1\r\n",
        b"",
        b"A: 1\r\n" * 99 + b"\r\n",
    ],
    ids=["crlf", "lf", "eof", "empty", "99-fields"],
)
def test_read_headers_returns_the_raw_lines_with_the_terminator_as_http_client(raw: bytes) -> None:
    ours = client._read_headers(io.BytesIO(raw))
    assert ours == stdlib._read_headers(io.BytesIO(raw))
    assert ours[-1] in (b"\r\n", b"\n", b"")


@pytest.mark.parametrize(
    ("raw", "error", "message"),
    [
        (b"A: 1\r\n" * 100 + b"\r\n", http.client.HTTPException, "got more than 100 headers"),
        (
            b"A: " + b"x" * 65540 + b"\r\n\r\n",
            http.client.LineTooLong,
            "got more than 65536 bytes when reading header line",
        ),
    ],
    ids=["too-many", "too-long"],
)
def test_read_headers_and_parse_headers_refuse_oversized_heads_as_http_client(
    raw: bytes, error: type[Exception], message: str
) -> None:
    for function in (client._read_headers, client.parse_headers):
        with pytest.raises(error) as raised:
            function(io.BytesIO(raw))
        assert str(raised.value) == message
    with pytest.raises(error):
        stdlib._read_headers(io.BytesIO(raw))


def test_read_headers_accepts_only_a_file_as_urllib3s_tunnel_calls_it() -> None:
    lines = client._read_headers(io.BytesIO(b"Proxy-Agent: p\r\n\r\n"))
    assert lines == [b"Proxy-Agent: p\r\n", b"\r\n"]


# -- exceptions are the stdlib's own ---------------------------------------------------------

EXCEPTION_NAMES = [
    "HTTPException", "NotConnected", "InvalidURL", "UnknownProtocol", "UnknownTransferEncoding",
    "UnimplementedFileMode", "IncompleteRead", "ImproperConnectionState", "CannotSendRequest",
    "CannotSendHeader", "ResponseNotReady", "BadStatusLine", "LineTooLong", "RemoteDisconnected",
    "error",
]  # fmt: skip


@pytest.mark.parametrize("name", EXCEPTION_NAMES)
def test_exception_classes_are_the_stdlib_objects(name: str) -> None:
    assert getattr(client, name) is getattr(http.client, name)


def test_http_message_is_the_stdlib_class() -> None:
    assert client.HTTPMessage is http.client.HTTPMessage


@pytest.mark.parametrize(
    ("reply", "error", "args"),
    [
        (b"", http.client.RemoteDisconnected, ("Remote end closed connection without response",)),
        (b"ICY 200 OK\r\n\r\n", http.client.BadStatusLine, ("ICY 200 OK\r\n",)),
        (b"HTTP/2.0 200 OK\r\n\r\n", http.client.UnknownProtocol, ("HTTP/2.0",)),
        (b"HTTP/2.0 103 Early\r\nLink: x\r\n\r\n", http.client.UnknownProtocol, ("HTTP/2.0",)),
        (b"HTTP/1.1 2000 OK\r\n\r\n", http.client.BadStatusLine, ("HTTP/1.1 2000 OK\r\n",)),
        (
            b"HTTP/1.1 200 " + b"x" * 65537,
            http.client.LineTooLong,
            ("got more than 65536 bytes when reading status line",),
        ),
    ],
    ids=["closed", "icy", "http2", "interim-http2-then-eof", "bad-code", "long-status"],
)
def test_bad_replies_raise_the_stdlib_exception_with_the_stdlib_args(
    reply: bytes, error: type[Exception], args: tuple[Any, ...]
) -> None:
    raised: list[BaseException] = []
    for module in (client, http.client):
        conn = connection_on(FakeSocket(reply), cls=module.HTTPConnection)
        conn.request("GET", "/")
        with pytest.raises(error) as caught:
            conn.getresponse()
        raised.append(caught.value)
    ours, theirs = raised
    assert type(ours) is type(theirs)
    assert ours.args == theirs.args == args


def test_remote_disconnected_is_also_a_connection_reset_and_bad_status_line() -> None:
    conn = connection_on(FakeSocket(b""))
    conn.request("GET", "/")
    with pytest.raises(ConnectionResetError) as caught:
        conn.getresponse()
    assert isinstance(caught.value, http.client.BadStatusLine)
    assert conn.sock is None


def test_incomplete_read_is_caught_by_except_http_client_incomplete_read() -> None:
    conn = connection_on(FakeSocket(b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nab"))
    conn.request("GET", "/")
    response = conn.getresponse()
    assert isinstance(response, http.client.HTTPResponse)
    assert isinstance(response.msg, http.client.HTTPMessage)
    caught: list[http.client.IncompleteRead] = []
    try:
        response.read()
    except http.client.IncompleteRead as exc:
        caught.append(exc)
    assert [(exc.partial, exc.expected) for exc in caught] == [(b"ab", 2)]
