"""Framing decisions, one table row per RFC 9112 §6.3 case and stdlib quirk.

Each response row says whether http.client frames it the same way; the
stdlib's answer is read from a real ``HTTPResponse.begin()`` over the same
head.  ``will_close`` is held against ``HTTPResponse._check_close`` and
request framing against ``HTTPConnection._send_request``.
"""

from __future__ import annotations

import array
import http.client
import io
import itertools
import socket
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any, NamedTuple, cast

import pytest

from httpclient_compat._core import (
    METHODS_EXPECTING_BODY,
    BodyKind,
    ErrorKind,
    Framing,
    FramingFields,
    RemoteProtocolError,
    RequestFraming,
    content_length,
    framing_fields,
    request_framing,
    response_framing,
    will_close,
)

_stdlib_check_close: Callable[[object], bool] = vars(http.client.HTTPResponse)["_check_close"]
# Read through the class: a staticmethod object is callable only from 3.10 on.
_stdlib_content_length: Callable[[object, str], int | None] = (
    http.client.HTTPConnection._get_content_length  # type: ignore[attr-defined] # private
)

NONE, LENGTH, CHUNKED, UNTIL_CLOSE = (
    BodyKind.NONE,
    BodyKind.LENGTH,
    BodyKind.CHUNKED,
    BodyKind.UNTIL_CLOSE,
)


def ff(
    te: tuple[str, ...] = (),
    cl: tuple[str, ...] = (),
    connection: str | None = None,
    keep_alive: str | None = None,
    proxy: str | None = None,
) -> FramingFields:
    return FramingFields(list(te), list(cl), connection, keep_alive, proxy)


def head_of(fields: FramingFields) -> bytes:
    """A header block carrying *fields*, one line per value."""
    lines = [("Transfer-Encoding", value) for value in fields.transfer_encoding]
    lines += [("Content-Length", value) for value in fields.content_length]
    for name, value in (
        ("Connection", fields.connection),
        ("Keep-Alive", fields.keep_alive),
        ("Proxy-Connection", fields.proxy_connection),
    ):
        if value is not None:
            lines.append((name, value))
    return b"".join(f"{name}: {value}\r\n".encode("latin-1") for name, value in lines) + b"\r\n"


class _FakeSocket:
    """CPython's test_httplib FakeSocket: ``makefile`` returns a BytesIO."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def makefile(self, mode: str, *args: object) -> io.BytesIO:
        return io.BytesIO(self.data)


def stdlib_framing(status: int, method: str | None, version: int, fields: FramingFields) -> Framing:
    """How http.client frames this response, said in our terms."""
    line = f"HTTP/1.{version % 10} {status} X\r\n".encode("ascii")
    sock = cast(socket.socket, _FakeSocket(line + head_of(fields)))
    response = http.client.HTTPResponse(sock, method=method)
    response.begin()
    if status in (204, 304) or 100 <= status < 200 or method == "HEAD":
        assert response.length == 0
        return Framing(NONE, None, response.will_close)
    if response.chunked:
        return Framing(CHUNKED, None, response.will_close)
    if response.length is not None:
        return Framing(LENGTH, response.length, response.will_close)
    return Framing(UNTIL_CLOSE, None, response.will_close)


class Row(NamedTuple):
    status: int
    method: str | None
    version: int
    fields: FramingFields
    expected: Framing | ErrorKind
    stdlib_same: bool


def row(
    status: int,
    fields: FramingFields,
    expected: Framing | ErrorKind,
    *,
    method: str | None = "GET",
    version: int = 11,
    stdlib_same: bool = True,
) -> Row:
    return Row(status, method, version, fields, expected, stdlib_same)


BAD_CL = ErrorKind.BAD_CONTENT_LENGTH

RESPONSE_ROWS = {
    # §6.3 item 1: HEAD, 1xx, 204, 304 have no body, whatever the fields say.
    "head-with-length": row(200, ff(cl=("5",)), Framing(NONE, None, False), method="HEAD"),
    "head-with-chunked": row(200, ff(te=("chunked",)), Framing(NONE, None, False), method="HEAD"),
    "head-is-compared-as-sent": row(200, ff(cl=("5",)), Framing(LENGTH, 5, False), method="head"),
    "101-with-length": row(101, ff(cl=("5",)), Framing(NONE, None, False)),
    "103-with-length": row(103, ff(cl=("5",)), Framing(NONE, None, False)),
    "204-with-length": row(204, ff(cl=("5",)), Framing(NONE, None, False)),
    "304-with-chunked": row(304, ff(te=("chunked",)), Framing(NONE, None, False)),
    "204-keeps-close": row(204, ff(connection="close"), Framing(NONE, None, True)),
    "204-http10-closes": row(204, ff(), Framing(NONE, None, True), version=10),
    # §6.3 item 2: a 2xx to CONNECT is a tunnel, with no body.
    "connect-200": row(
        200, ff(cl=("5",)), Framing(NONE, None, False), method="CONNECT", stdlib_same=False
    ),
    "connect-299": row(299, ff(), Framing(NONE, None, False), method="CONNECT", stdlib_same=False),
    "connect-407-has-body": row(407, ff(cl=("5",)), Framing(LENGTH, 5, False), method="CONNECT"),
    # §6.3 item 3: chunked as the final coding wins over Content-Length.
    "chunked": row(200, ff(te=("chunked",)), Framing(CHUNKED, None, False)),
    "chunked-any-case": row(200, ff(te=("ChUnKeD",)), Framing(CHUNKED, None, False)),
    "chunked-with-whitespace": row(
        200, ff(te=("chunked \t",)), Framing(CHUNKED, None, False), stdlib_same=False
    ),
    "gzip-then-chunked": row(
        200, ff(te=("gzip, chunked",)), Framing(CHUNKED, None, False), stdlib_same=False
    ),
    "gzip-then-chunked-in-two-fields": row(
        200, ff(te=("gzip", "chunked")), Framing(CHUNKED, None, False), stdlib_same=False
    ),
    "chunked-and-length-closes": row(
        200, ff(te=("chunked",), cl=("5",)), Framing(CHUNKED, None, True), stdlib_same=False
    ),
    "chunked-and-bad-length-closes": row(
        200, ff(te=("chunked",), cl=("x",)), Framing(CHUNKED, None, True), stdlib_same=False
    ),
    "chunked-in-http10-closes": row(
        200,
        ff(te=("chunked",), keep_alive="timeout=5"),
        Framing(CHUNKED, None, True),
        version=10,
        stdlib_same=False,
    ),
    "chunked-in-http10-without-keep-alive": row(
        200, ff(te=("chunked",)), Framing(CHUNKED, None, True), version=10
    ),
    # §6.3 item 4: any other coding last: read until close.
    "gzip": row(200, ff(te=("gzip",)), Framing(UNTIL_CLOSE, None, True)),
    "identity": row(200, ff(te=("identity",)), Framing(UNTIL_CLOSE, None, True)),
    "chunked-then-gzip": row(200, ff(te=("chunked, gzip",)), Framing(UNTIL_CLOSE, None, True)),
    "chunked-then-gzip-in-two-fields": row(
        200, ff(te=("chunked", "gzip")), Framing(UNTIL_CLOSE, None, True), stdlib_same=False
    ),
    "gzip-and-length": row(
        200, ff(te=("gzip",), cl=("5",)), Framing(UNTIL_CLOSE, None, True), stdlib_same=False
    ),
    "empty-coding-falls-to-length": row(200, ff(te=("",), cl=("5",)), Framing(LENGTH, 5, False)),
    "only-commas-falls-through": row(200, ff(te=(" , ",)), Framing(UNTIL_CLOSE, None, True)),
    # §6.3 item 5: 1*DIGIT (RFC 9110 §8.6); what else int() reads, or a
    # value it cannot (which the stdlib ignores), is an invalid length.
    "length": row(200, ff(cl=("5",)), Framing(LENGTH, 5, False)),
    "length-zero": row(200, ff(cl=("0",)), Framing(LENGTH, 0, False)),
    "length-plus": row(200, ff(cl=("+5",)), BAD_CL, stdlib_same=False),
    "length-leading-zeros": row(200, ff(cl=("005",)), Framing(LENGTH, 5, False)),
    "length-spaces": row(200, ff(cl=(" 5 ",)), Framing(LENGTH, 5, False)),
    "length-underscore": row(200, ff(cl=("1_0",)), BAD_CL, stdlib_same=False),
    "length-inner-space": row(200, ff(cl=("5 5",)), BAD_CL, stdlib_same=False),
    "length-too-many-digits": row(200, ff(cl=("1" * 41,)), BAD_CL, stdlib_same=False),
    "length-huge": row(200, ff(cl=("99999999999999999999",)), Framing(LENGTH, 10**20 - 1, False)),
    "length-hex": row(200, ff(cl=("0x5",)), BAD_CL, stdlib_same=False),
    "length-negative": row(200, ff(cl=("-1",)), BAD_CL, stdlib_same=False),
    "length-empty": row(200, ff(cl=("",)), BAD_CL, stdlib_same=False),
    "length-list-equal": row(200, ff(cl=("5, 5",)), Framing(LENGTH, 5, False), stdlib_same=False),
    "length-fields-equal": row(200, ff(cl=("5", "5")), Framing(LENGTH, 5, False)),
    "length-list-conflict": row(200, ff(cl=("5, 6",)), BAD_CL, stdlib_same=False),
    "length-fields-conflict": row(200, ff(cl=("5", "6")), BAD_CL, stdlib_same=False),
    "length-fields-unreadable": row(200, ff(cl=("5", "x")), BAD_CL, stdlib_same=False),
    "length-list-empty-member": row(200, ff(cl=("5,",)), BAD_CL, stdlib_same=False),
    "length-http10-closes": row(200, ff(cl=("5",)), Framing(LENGTH, 5, True), version=10),
    "length-http10-keep-alive": row(
        200, ff(cl=("5",), keep_alive="timeout=5"), Framing(LENGTH, 5, False), version=10
    ),
    "length-connection-close": row(
        200, ff(cl=("5",), connection="close"), Framing(LENGTH, 5, True)
    ),
    "length-without-method": row(200, ff(cl=("5",)), Framing(LENGTH, 5, False), method=None),
    # §6.3 item 8: nothing says where the body ends.
    "nothing": row(200, ff(), Framing(UNTIL_CLOSE, None, True)),
    "nothing-keep-alive": row(200, ff(connection="keep-alive"), Framing(UNTIL_CLOSE, None, True)),
}


@pytest.mark.parametrize("case", RESPONSE_ROWS.values(), ids=RESPONSE_ROWS.keys())
def test_response_framing_follows_rfc_9112(case: Row) -> None:
    if isinstance(case.expected, ErrorKind):
        with pytest.raises(RemoteProtocolError) as info:
            response_framing(case.status, case.method, case.version, case.fields)
        assert info.value.kind is case.expected
        return
    framing = response_framing(case.status, case.method, case.version, case.fields)
    assert framing == case.expected
    assert type(framing) is Framing


@pytest.mark.parametrize("case", RESPONSE_ROWS.values(), ids=RESPONSE_ROWS.keys())
def test_response_framing_agrees_with_the_stdlib_except_where_it_is_wrong(case: Row) -> None:
    """Rows marked ``stdlib_same=False`` are the differences docs/differences.rst lists."""
    stdlib = stdlib_framing(case.status, case.method, case.version, case.fields)
    assert (stdlib == case.expected) is case.stdlib_same


def test_conflicting_length_error_names_every_value() -> None:
    with pytest.raises(RemoteProtocolError) as info:
        response_framing(200, "GET", 11, ff(cl=("5", "6")))
    assert info.value.args == ("conflicting Content-Length '5, 6'",)
    with pytest.raises(RemoteProtocolError) as info:
        response_framing(200, "GET", 11, ff(cl=("5", "x")))
    assert info.value.args == ("invalid Content-Length '5, x'",)


def test_a_bodyless_response_ignores_a_bad_length() -> None:
    assert response_framing(304, "GET", 11, ff(cl=("5", "6"))) == Framing(NONE, None, False)


# -- content_length ------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["5"], 5),
        (["0"], 0),
        ([" 5 "], 5),
        (["\t005"], 5),
        ([], None),
        (["5, 5"], 5),
        (["5,5"], 5),
        (["5", "5"], 5),
        (["5", " 5 ", "5,5"], 5),
    ],
)
def test_content_length_reads_values(values: list[str], expected: int | None) -> None:
    assert content_length(values) == expected


@pytest.mark.parametrize(
    "values",
    [["5, 6"], ["5", "6"], ["5", "x"], ["x", "5"], ["5,"], ["5", "-1"], ["-1", "-1"], ["", ""],
     ["+5"], ["1_0"], ["-0"], ["0x5"], ["-1"], [""], ["five"], ["1" * 5000], ["\xb2"], ["5 5"]],
)  # fmt: skip
def test_content_length_refuses_disagreeing_or_invalid_values(values: list[str]) -> None:
    with pytest.raises(RemoteProtocolError) as info:
        content_length(values)
    assert info.value.kind is ErrorKind.BAD_CONTENT_LENGTH


@pytest.mark.parametrize("value", ["5", " 5 ", "005"])
def test_a_single_valid_length_is_read_as_the_stdlib_reads_it(value: str) -> None:
    sock = cast(
        socket.socket, _FakeSocket(f"HTTP/1.1 200 OK\r\nContent-Length: {value}\r\n\r\n".encode())
    )
    response = http.client.HTTPResponse(sock, method="GET")
    response.begin()
    message = http.client.parse_headers(io.BytesIO(f"Content-Length: {value}\r\n\r\n".encode()))
    assert content_length([message["content-length"]]) == response.length


# -- will_close ----------------------------------------------------------------

_CONNECTION = [None, "close", "Close", "keep-alive", "Keep-Alive, Upgrade", "closed-ish"]
_KEEP_ALIVE = [None, "", "timeout=5"]
_PROXY = [None, "keep-alive"]
WILL_CLOSE_CASES = list(itertools.product([10, 11], _CONNECTION, _KEEP_ALIVE, _PROXY))


def _stdlib_will_close(version: int, fields: FramingFields) -> bool:
    headers = http.client.parse_headers(io.BytesIO(head_of(fields)))
    return _stdlib_check_close(SimpleNamespace(headers=headers, version=version))


@pytest.mark.parametrize(("version", "connection", "keep_alive", "proxy"), WILL_CLOSE_CASES)
def test_will_close_is_the_stdlib_check_close(
    version: int, connection: str | None, keep_alive: str | None, proxy: str | None
) -> None:
    fields = ff(connection=connection, keep_alive=keep_alive, proxy=proxy)
    expected = _stdlib_will_close(version, fields)
    assert will_close(version, fields) is expected
    # A body of known length keeps http.client's answer unchanged.
    with_length = fields._replace(content_length=["0"])
    assert response_framing(200, "GET", version, with_length).will_close is expected


def test_will_close_reads_only_the_first_connection_field() -> None:
    block = b"Connection: keep-alive\r\nConnection: close\r\n\r\n"
    message = http.client.parse_headers(io.BytesIO(block))
    fields = framing_fields(list(message.items()))
    stdlib = _stdlib_check_close(SimpleNamespace(headers=message, version=11))
    assert will_close(11, fields) is stdlib is False


# -- request framing -----------------------------------------------------------


class _FramingRecorder(http.client.HTTPConnection):
    """Runs the stdlib's ``_send_request`` without sending a byte."""

    def __init__(self) -> None:
        super().__init__("example.com", 80)
        self.put: list[tuple[str | bytes, tuple[Any, ...]]] = []
        self.encode_chunked: bool | None = None

    def putheader(self, header: str | bytes, *values: Any) -> None:
        self.put.append((header, values))

    def endheaders(self, message_body: Any = None, *, encode_chunked: bool = False) -> None:
        self.encode_chunked = encode_chunked


_CALLER = "caller's value"


def stdlib_request_framing(
    method: str, body: object, headers: dict[str, str], encode_chunked: bool
) -> RequestFraming:
    """The framing header http.client adds itself, and whether it chunks."""
    conn = _FramingRecorder()
    conn.request(method, "/", cast(Any, body), headers, encode_chunked=encode_chunked)
    added = [
        (str(name), str(values[0]))
        for name, values in conn.put
        if name in ("Content-Length", "Transfer-Encoding") and values != (_CALLER,)
    ]
    assert len(added) <= 1
    assert conn.encode_chunked is not None
    return RequestFraming(added[0] if added else None, conn.encode_chunked)


def _generator() -> Iterator[bytes]:
    yield b"chunk"


BODIES: dict[str, Callable[[], object]] = {
    "none": lambda: None,
    "empty-bytes": lambda: b"",
    "bytes": lambda: b"x",
    "text": lambda: "text",
    "bytearray": lambda: bytearray(b"ab"),
    "memoryview": lambda: memoryview(b"abc"),
    "array": lambda: array.array("H", [1, 2]),
    "file": lambda: io.BytesIO(b"file"),
    "iterable": lambda: [b"it", b"er"],
    "generator": _generator,
}
CALLER_HEADERS: list[dict[str, str]] = [
    {},
    {"Content-Length": _CALLER},
    {"Transfer-Encoding": _CALLER},
    {"Content-Length": _CALLER, "Transfer-Encoding": _CALLER},
    {"content-LENGTH": _CALLER},
    {"TRANSFER-encoding": _CALLER},
]


@pytest.mark.parametrize("make_body", BODIES.values(), ids=BODIES.keys())
@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH", "HEAD", "get", "post"])
def test_request_framing_is_the_stdlib_send_request_decision(
    method: str, make_body: Callable[[], object]
) -> None:
    for headers, encode_chunked in itertools.product(CALLER_HEADERS, [False, True]):
        body = make_body()
        has_body = body is not None
        body_length = _stdlib_content_length(body, method)
        ours = request_framing(
            method,
            body_length,
            has_body,
            frozenset(name.lower() for name in headers),
            encode_chunked,
        )
        stdlib = stdlib_request_framing(method, make_body(), headers, encode_chunked)
        assert ours == stdlib, (headers, encode_chunked)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("POST", 0, False, frozenset(), False), RequestFraming(("Content-Length", "0"), False)),
        # _get_content_length replaced to give no length: no framing field.
        (("POST", None, False, frozenset(), False), RequestFraming(None, False)),
        (("GET", None, False, frozenset(), True), RequestFraming(None, False)),
        (("GET", 3, True, frozenset(), False), RequestFraming(("Content-Length", "3"), False)),
        (
            ("PUT", None, True, frozenset(), False),
            RequestFraming(("Transfer-Encoding", "chunked"), True),
        ),
        (("PUT", 3, True, frozenset({"content-length"}), True), RequestFraming(None, False)),
        (("PUT", 3, True, frozenset({"transfer-encoding"}), True), RequestFraming(None, True)),
        (("PUT", 3, True, frozenset({"transfer-encoding"}), False), RequestFraming(None, False)),
    ],
)
def test_request_framing_spelled_out(
    args: tuple[str, int | None, bool, frozenset[str], bool], expected: RequestFraming
) -> None:
    assert request_framing(*args) == expected


def test_methods_expecting_a_body_are_the_stdlib_set() -> None:
    assert vars(http.client)["_METHODS_EXPECTING_BODY"] == METHODS_EXPECTING_BODY
