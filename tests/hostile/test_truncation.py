"""A server that closes part-way: at every byte of a head (``getresponse()``
raises ``RemoteDisconnected``), inside the body (``read()`` raises
``IncompleteRead``), inside or after interim responses, and inside trailers."""

from __future__ import annotations

from .outcome import (
    ANY,
    Case,
    Record,
    ReplayServer,
    check,
    expect,
    parametrize,
    raises,
    read_raises,
    response,
    served,
)

CRLF_HEAD = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-A: b\r\n\r\n"
LF_HEAD = b"HTTP/1.1 200 OK\nContent-Length: 2\nX-A: b\n\n"
FIELDS = (("Content-Length", "2"), ("X-A", "b"))
EARLY_HINTS = b"HTTP/1.1 103 Early Hints\r\nLink: x\r\n\r\n"
CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"
TE_HEAD = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
DISCONNECTED = expect(raises("getresponse", "RemoteDisconnected"))


_SHOWN = {"\r": "CR", "\n": "LF", " ": "_"}


def _cut(name: str, data: bytes, cut: int) -> str:
    """An id naming the cut and the (up to) four bytes before it."""
    tail = data[max(0, cut - 4) : cut].decode("latin-1")
    return f"{name}-{cut:02d}-" + ("".join(_SHOWN.get(c, c) for c in tail) or "nothing")


# Every prefix of a head, the empty one included: the peer went away
# before a response was complete.  Only the empty prefix reads the same in
# the stdlib, which returns whatever part it has.
HEAD_CUTS = [
    Case(
        _cut(name, head, cut),
        (served(head[:cut]),),
        DISCONNECTED,
        None if cut == 0 else "truncated-head",
    )
    for name, head in (("crlf", CRLF_HEAD), ("lf", LF_HEAD))
    for cut in range(len(head))
]

BODY_CUTS = [
    Case(
        f"{name}-body-{len(body)}",
        (served(head + body),),
        expect(read_raises("IncompleteRead", 200, FIELDS)),
    )
    for name, head in (("crlf", CRLF_HEAD), ("lf", LF_HEAD))
    for body in (b"", b"h")
]

# A 100 Continue, then the end: no response came.  A part of an interim
# head, then the end: likewise.
INTERIM_CUTS = (
    [
        Case(
            _cut("interim-100", CONTINUE, cut),
            (served(CONTINUE[:cut]),),
            DISCONNECTED,
            "truncated-head" if cut in (5, 10) else None,  # the stdlib skips a part 100 head
        )
        for cut in (0, 5, 10, 13, 20, 21, 22, 23, 24, 25)
    ]
    + [
        Case(
            _cut("interim-103", EARLY_HINTS, cut),
            (served(EARLY_HINTS[:cut]),),
            DISCONNECTED,
            "truncated-head",
        )
        for cut in (5, 12, 20, 25, 26, 30, 34, 35)
    ]
)

OTHER = [
    Case(
        "interim-103-whole-then-close",
        (served(EARLY_HINTS),),
        expect(response(103, "Early Hints", (("Link", "x"),), b"")),
    ),
    Case(
        "interim-103-whole-lf-then-close",
        (served(b"HTTP/1.1 103 Early Hints\nLink: x\n\n"),),
        expect(response(103, "Early Hints", (("Link", "x"),), b"")),
    ),
    Case("interim-100-whole-then-close", (served(CONTINUE),), DISCONNECTED),
    Case("interim-100-twice-then-close", (served(CONTINUE * 2),), DISCONNECTED),
    Case(
        "interim-100-then-final-cut-in-status",
        (served(CONTINUE + CRLF_HEAD[:10]),),
        DISCONNECTED,
        "truncated-head",
    ),
    Case(
        "interim-100-then-final-cut-in-fields",
        (served(CONTINUE + CRLF_HEAD[:30]),),
        DISCONNECTED,
        "truncated-head",
    ),
    Case(
        "interim-100-then-final-cut-before-blank",
        (served(CONTINUE + CRLF_HEAD[:-2]),),
        DISCONNECTED,
        "truncated-head",
    ),
    Case(
        "interim-100-then-final-body-cut",
        (served(CONTINUE + CRLF_HEAD + b"h"),),
        expect(read_raises("IncompleteRead", 200, FIELDS)),
    ),
]

# (id, chunked body up to the close, expected, differs).  A size line cut
# before its line end is incomplete ("0" may be the start of "0a"); a cut
# in the trailer section loses no body and is accepted, as by the stdlib.
CHUNKED: list[tuple[str, bytes, tuple[object, ...], str | None]] = [
    ("in-size-line", b"5", read_raises("IncompleteRead"), None),
    ("after-size-line", b"5\r\n", read_raises("IncompleteRead"), None),
    ("in-data", b"5\r\nhel", read_raises("IncompleteRead"), None),
    ("after-data", b"5\r\nhello", read_raises("IncompleteRead"), None),
    ("after-data-crlf", b"5\r\nhello\r\n", read_raises("IncompleteRead"), None),
    ("in-last-chunk", b"5\r\nhello\r\n0", read_raises("IncompleteRead"), "truncated-last-chunk"),
    ("trailers-none", b"5\r\nhello\r\n0\r\n", response(200, "OK", ANY, b"hello"), None),
    ("trailers-in-line", b"5\r\nhello\r\n0\r\nX-T: 1", response(200, "OK", ANY, b"hello"), None),
    (
        "trailers-after-line",
        b"5\r\nhello\r\n0\r\nX-T: 1\r\n",
        response(200, "OK", ANY, b"hello"),
        None,
    ),
    ("trailers-cr", b"5\r\nhello\r\n0\r\nX-T: 1\r\n\r", response(200, "OK", ANY, b"hello"), None),
]

CASES = [
    *HEAD_CUTS,
    *BODY_CUTS,
    *INTERIM_CUTS,
    *OTHER,
    *(
        Case(f"chunked-{name}", (served(TE_HEAD + body),), expect(result), differs)
        for name, body, result, differs in CHUNKED
    ),
]


@parametrize(CASES)
def test_truncation(server: ReplayServer, case: Case, record_property: Record) -> None:
    check(server, case, record_property)
