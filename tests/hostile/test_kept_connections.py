"""What a kept-alive connection carries between responses: floods of 1xx
heads, body bytes sent where no body is allowed, garbage after a complete
response, and a connection the server closed while it sat idle."""

from __future__ import annotations

from .outcome import (
    ANY,
    SECOND,
    SECOND_RESULT,
    SECOND_SCRIPT,
    Case,
    Record,
    ReplayServer,
    Req,
    check,
    expect,
    parametrize,
    raises,
    response,
    served,
)
from .replay import Close, Pause, ReadRequest, Reset, Send, Step

FAST = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
FAST_RESULT = response(200, "OK", (("Content-Length", "2"),), b"ok")
CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"
PROCESSING = b"HTTP/1.1 102 Processing\r\n\r\n"
EARLY_HINTS = b"HTTP/1.1 103 Early Hints\r\nLink: x\r\n\r\n"
CHUNKED = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"
CLOSE = b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok"
TWICE = (Req(), Req())

# (id, interim heads before FAST, expected, differs)
INTERIM: list[tuple[str, bytes, tuple[object, ...], str | None]] = [
    ("continue-1", CONTINUE, FAST_RESULT, None),
    ("continue-50", CONTINUE * 50, FAST_RESULT, None),
    ("continue-100", CONTINUE * 100, FAST_RESULT, None),
    ("continue-101", CONTINUE * 101, raises("getresponse", "HTTPException"), "interim-limit"),
    ("processing-1", PROCESSING, FAST_RESULT, "interim-skipped"),
    ("early-hints-1", EARLY_HINTS, FAST_RESULT, "interim-skipped"),
    ("mixed-1xx", CONTINUE + PROCESSING + EARLY_HINTS, FAST_RESULT, "interim-skipped"),
    ("processing-100", PROCESSING * 100, FAST_RESULT, "interim-skipped"),
    ("processing-101", PROCESSING * 101, raises("getresponse", "HTTPException"), "interim-limit"),
    ("early-hints-101", EARLY_HINTS * 101, raises("getresponse", "HTTPException"), "interim-limit"),
]

# (id, method, response with bytes after its end, first result, differs): the
# stray bytes wait on the idle connection, so ours drops it and answers the
# second request on a new one.  The stdlib keeps the connection: bytes that
# came in the response's segment go with its buffer, bytes that came later
# (the "late" cases) are read as the next status line.
STRAY: list[tuple[str, str, bytes, tuple[object, ...], str | None]] = [
    (
        "head-with-body",
        "HEAD",
        b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
        response(200, "OK", (("Content-Length", "5"),), b""),
        "stray-bytes",
    ),
    (
        "204-with-body",
        "GET",
        b"HTTP/1.1 204 No Content\r\n\r\nhello",
        response(204, "No Content", (), b""),
        "stray-bytes",
    ),
    (
        "204-with-length-and-body",
        "GET",
        b"HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\nhello",
        response(204, "No Content", (("Content-Length", "5"),), b""),
        "stray-bytes",
    ),
    (
        "304-with-body",
        "GET",
        b"HTTP/1.1 304 Not Modified\r\n\r\nhello",
        response(304, "Not Modified", (), b""),
        "stray-bytes",
    ),
    (
        "304-with-length-and-body",
        "GET",
        b"HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\nhello",
        response(304, "Not Modified", (("Content-Length", "5"),), b""),
        "stray-bytes",
    ),
    ("garbage-after-length-body", "GET", FAST + b"XYZ", FAST_RESULT, "stray-bytes"),
    ("status-after-length-body", "GET", FAST + FAST, FAST_RESULT, "stray-bytes"),
    ("crlf-after-length-body", "GET", FAST + b"\r\n", FAST_RESULT, "stray-bytes"),
    (
        "garbage-after-chunked-body",
        "GET",
        CHUNKED + b"XYZ",
        response(200, "OK", ANY, b"ok"),
        "stray-bytes",
    ),
]

#: Cases whose head, without fields, is read line by line: the stray bytes
#: that came with it stay in the response's reader and go with it when it
#: closes, so the connection is reused safely, as the stdlib's is.
DISCARDED = ("204-with-body", "304-with-body")

#: Cases whose stray bytes come 20 ms after the response, in their own segment.
LATE = ("head-with-body", "204-with-body", "304-with-body", "garbage-after-length-body")


def _late(data: bytes, stray: bytes) -> tuple[Step, ...]:
    return (
        ReadRequest(),
        Send(data),
        Pause(0.02),
        Send(stray),
        ReadRequest(0.3),
        Send(SECOND),
        Close(),
    )


CASES = [
    *(
        Case(f"interim-{name}", (served(heads + FAST),), expect(result), differs)
        for name, heads, result, differs in INTERIM
    ),
    *(
        Case(
            f"stray-{name}",
            (served(data, keep=True), SECOND_SCRIPT),
            expect(first, SECOND_RESULT, connections=1 if name in DISCARDED else 2),
            differs if name not in DISCARDED else None,
            requests=(Req(method), Req()),
        )
        for name, method, data, first, differs in STRAY
    ),
    *(
        Case(
            f"stray-{name}-late",
            (_late(data[: -len(stray)], stray), SECOND_SCRIPT),
            expect(first, SECOND_RESULT, connections=2),
            differs,
            requests=(Req(method), Req(delay=0.1)),
        )
        for name, method, data, first, differs in STRAY
        if name in LATE
        for stray in [b"XYZ" if name.startswith("garbage") else b"hello"]
    ),
    Case(
        "kept-baseline",
        (served(FAST, keep=True), SECOND_SCRIPT),
        expect(FAST_RESULT, SECOND_RESULT),
        requests=TWICE,
    ),
    Case(
        "kept-chunked-baseline",
        (served(CHUNKED, keep=True), SECOND_SCRIPT),
        expect(response(200, "OK", ANY, b"ok"), SECOND_RESULT),
        requests=TWICE,
    ),
    Case(
        "stale-closed-while-idle",
        (served(FAST), SECOND_SCRIPT),
        expect(FAST_RESULT, SECOND_RESULT, connections=2),
        "stale-connection",
        requests=(Req(), Req(delay=0.05)),
    ),
    Case(
        "stale-chunked-closed-while-idle",
        (served(CHUNKED), SECOND_SCRIPT),
        expect(response(200, "OK", ANY, b"ok"), SECOND_RESULT, connections=2),
        "stale-connection",
        requests=(Req(), Req(delay=0.05)),
    ),
    Case(
        "stale-reset-while-idle",
        ((ReadRequest(), Send(FAST), Reset()), SECOND_SCRIPT),
        expect(FAST_RESULT, SECOND_RESULT, connections=2),
        "stale-connection",
        requests=(Req(), Req(delay=0.05)),
    ),
    Case(
        "close-announced",
        (served(CLOSE), SECOND_SCRIPT),
        expect(
            response(200, "OK", (("Connection", "close"), ("Content-Length", "2")), b"ok"),
            SECOND_RESULT,
            connections=2,
        ),
        requests=TWICE,
    ),
    Case(
        "close-implied-by-http10",
        (served(b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok"), SECOND_SCRIPT),
        expect(FAST_RESULT, SECOND_RESULT, connections=2),
        requests=TWICE,
    ),
    Case(
        "close-implied-by-read-until-close",
        (served(b"HTTP/1.1 200 OK\r\n\r\nok"), SECOND_SCRIPT),
        expect(response(200, "OK", (), b"ok"), SECOND_RESULT, connections=2),
        requests=TWICE,
    ),
]


@parametrize(CASES)
def test_kept_connections(server: ReplayServer, case: Case, record_property: Record) -> None:
    check(server, case, record_property)
