"""Chunked framing: the chunk-size line grammar (extensions, whitespace,
digits), the CRLF after chunk data, and trailers.  A size line that is not
one makes ``read()`` raise ``IncompleteRead``."""

from __future__ import annotations

import sys

from .outcome import (
    ANY,
    Case,
    Record,
    ReplayServer,
    check,
    expect,
    parametrize,
    read_raises,
    response,
    served,
)

HEAD = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
TEN = b"0123456789"

# (id, chunked body as sent, the body read, differs)
VALID: list[tuple[str, bytes, bytes, str | None]] = [
    ("5", b"5\r\nhello\r\n0\r\n\r\n", b"hello", None),
    ("leading-zero", b"05\r\nhello\r\n0\r\n\r\n", b"hello", None),
    ("many-leading-zeros", b"0005\r\nhello\r\n0000\r\n\r\n", b"hello", None),
    # Leading zeros are not counted: 16 hex digits bound the size itself.
    ("21-digits-zeros", b"0" * 20 + b"5\r\nhello\r\n0\r\n\r\n", b"hello", None),
    ("upper-A", b"A\r\n" + TEN + b"\r\n0\r\n\r\n", TEN, None),
    ("lower-a", b"a\r\n" + TEN + b"\r\n0\r\n\r\n", TEN, None),
    ("two-chunks", b"5\r\nhello\r\n1\r\n!\r\n0\r\n\r\n", b"hello!", None),
    ("ext", b"5;ext=1\r\nhello\r\n0\r\n\r\n", b"hello", None),
    ("ext-name-only", b"5;ext\r\nhello\r\n0;ext\r\n\r\n", b"hello", None),
    ("ext-bws", b"5 ;ext\r\nhello\r\n0\r\n\r\n", b"hello", None),
    ("ext-bws-both", b"5 ; ext=1\r\nhello\r\n0\r\n\r\n", b"hello", None),
    ("ext-quoted", b'5;a="b;c"\r\nhello\r\n0\r\n\r\n', b"hello", None),
    ("trailing-tab", b"5\t\r\nhello\r\n0\r\n\r\n", b"hello", None),
    ("trailing-space", b"5 \r\nhello\r\n0\r\n\r\n", b"hello", None),
    ("trailer", b"5\r\nhello\r\n0\r\nX-T: 1\r\n\r\n", b"hello", None),
    ("trailers-two", b"5\r\nhello\r\n0\r\nX-A: 1\r\nX-B: 2\r\n\r\n", b"hello", None),
    ("empty-body", b"0\r\n\r\n", b"", None),
    ("bare-lf-after-data", b"5\r\nhello\n0\r\n\r\n", b"hello", "chunked-bare-lf"),
    ("bare-lf-throughout", b"5\nhello\n0\n\n", b"hello", "chunked-bare-lf"),
]

# http.client 3.9 refuses a negative or huge size itself (IncompleteRead).
_FROM_3_10 = "chunk-size-grammar" if sys.version_info >= (3, 10) else None

# (id, chunked body as sent, differs): read() must raise IncompleteRead.
INVALID: list[tuple[str, bytes, str | None]] = [
    ("plus", b"+5\r\nhello\r\n0\r\n\r\n", "chunk-size-grammar"),
    ("minus", b"-5\r\nhello\r\n0\r\n\r\n", _FROM_3_10),
    ("hex-prefix", b"0x5\r\nhello\r\n0\r\n\r\n", "chunk-size-grammar"),
    ("underscore", b"5_0\r\n" + b"x" * 80 + b"\r\n0\r\n\r\n", "chunk-size-grammar"),
    ("leading-space", b" 5\r\nhello\r\n0\r\n\r\n", "chunk-size-grammar"),
    ("leading-tab", b"\t5\r\nhello\r\n0\r\n\r\n", "chunk-size-grammar"),
    ("empty-line", b"\r\nhello\r\n0\r\n\r\n", None),
    ("not-hex", b"g\r\nhello\r\n0\r\n\r\n", None),
    ("21-digits-huge", b"1" + b"0" * 20 + b"\r\nhello\r\n0\r\n\r\n", _FROM_3_10),
    ("nul-after", b"5\x00\r\nhello\r\n0\r\n\r\n", None),
    ("ext-without-size", b";ext\r\nhello\r\n0\r\n\r\n", None),
    ("data-then-xx", b"5\r\nhelloXX0\r\n\r\n", "chunk-data-crlf"),
    ("data-then-cr-x", b"5\r\nhello\rX0\r\n\r\n", "chunk-data-crlf"),
    ("data-longer-than-size", b"3\r\nhello\r\n0\r\n\r\n", None),
]

CASES = [
    *(
        Case(f"valid-{name}", (served(HEAD + body),), expect(response(200, "OK", ANY, read)), d)
        for name, body, read, d in VALID
    ),
    *(
        Case(f"invalid-{name}", (served(HEAD + body),), expect(read_raises("IncompleteRead")), d)
        for name, body, d in INVALID
    ),
]


@parametrize(CASES)
def test_chunked(server: ReplayServer, case: Case, record_property: Record) -> None:
    check(server, case, record_property)
