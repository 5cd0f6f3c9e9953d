"""Slow and silent servers: ``timeout=`` bounds each socket operation, and
the keyword-only ``total_timeout=`` (also ``conn.total_timeout``) bounds a
whole exchange, so a server dripping bytes cannot hold a caller forever."""

from __future__ import annotations

import inspect

import pytest

from .outcome import (
    OURS,
    Case,
    Record,
    ReplayServer,
    Req,
    check,
    expect,
    parametrize,
    raises,
    read_raises,
    response,
    served,
)
from .replay import Close, Drip, Hold, ReadRequest, Send

#: 19 bytes: about 0.95 s at one byte every 0.05 s.
SLOW_HEAD = b"HTTP/1.1 200 OK\r\n\r\n"
FAST = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
FAST_RESULT = response(200, "OK", (("Content-Length", "2"),), b"ok")
BODY_HEAD = b"HTTP/1.1 200 OK\r\nContent-Length: 16\r\n\r\n"
BODY = b"0123456789abcdef"  # about 0.8 s at one byte every 0.05 s
SLOW_RESULT = response(200, "OK", (), b"")

CASES = [
    Case(
        "drip-head-total-timeout",
        ((ReadRequest(), Drip(SLOW_HEAD, 0.05), Close()),),
        expect(raises("getresponse", "TimeoutError")),
        "total-timeout",
        total_timeout=0.4,
    ),
    Case(
        "drip-body-total-timeout",
        ((ReadRequest(), Send(BODY_HEAD), Drip(BODY, 0.05), Close()),),
        expect(read_raises("TimeoutError", 200, (("Content-Length", "16"),))),
        "total-timeout",
        total_timeout=0.4,
    ),
    Case(
        "drip-head-total-timeout-set-between-requests",
        ((ReadRequest(), Send(FAST), ReadRequest(), Drip(SLOW_HEAD, 0.05), Close()),),
        expect(FAST_RESULT, raises("getresponse", "TimeoutError")),
        "total-timeout",
        requests=(Req(), Req(total_timeout=0.4)),
    ),
    Case(
        "hold-timeout",
        ((ReadRequest(), Hold()),),
        expect(raises("getresponse", "TimeoutError")),
        timeout=0.3,
    ),
    Case(
        "hold-total-timeout",
        ((ReadRequest(), Hold()),),
        expect(raises("getresponse", "TimeoutError")),
        timeout=1.0,
        total_timeout=0.3,
    ),
    Case(
        "hold-before-reading-request",
        ((Hold(),),),
        expect(raises("getresponse", "TimeoutError")),
        timeout=0.3,
    ),
    Case(
        "fast-total-timeout-ample",
        (served(FAST),),
        expect(FAST_RESULT),
        total_timeout=5.0,
    ),
    Case(
        "drip-total-timeout-ample",
        ((ReadRequest(), Drip(SLOW_HEAD, 0.02), Close()),),
        expect(SLOW_RESULT),
        total_timeout=1.2,
    ),
    Case(
        "drip-total-timeout-none",
        ((ReadRequest(), Drip(SLOW_HEAD, 0.03), Close()),),
        expect(SLOW_RESULT),
        timeout=0.3,
        total_timeout=None,
    ),
    Case(
        "drip-total-timeout-unset-between-requests",
        ((ReadRequest(), Send(FAST), ReadRequest(), Drip(SLOW_HEAD, 0.03), Close()),),
        expect(FAST_RESULT, SLOW_RESULT),
        requests=(Req(), Req(total_timeout=None)),
        total_timeout=0.3,
    ),
]

#: Seconds ours must take, at least and less than, for the last request.
BOUNDS = {
    "drip-head-total-timeout": (0.4, 1.0),
    "drip-body-total-timeout": (0.4, 1.0),
    "drip-head-total-timeout-set-between-requests": (0.4, 1.0),
    "hold-timeout": (0.3, 1.0),
    "hold-total-timeout": (0.3, 0.8),
    "hold-before-reading-request": (0.3, 1.0),
}
#: Cases after which ours must have closed the connection (``conn.sock is None``).
CLOSED = {
    "drip-head-total-timeout",
    "drip-body-total-timeout",
    "drip-head-total-timeout-set-between-requests",
}


@parametrize(CASES)
def test_slow_and_silent(server: ReplayServer, case: Case, record_property: Record) -> None:
    ours, _ = check(server, case, record_property)
    if case.id in BOUNDS:
        low, high = BOUNDS[case.id]
        assert low <= ours.elapsed[-1] < high, ours.elapsed
    if case.id in CLOSED:
        assert ours.sock_none[-1], "the connection was left open after the timeout"


@pytest.mark.parametrize("name", ["HTTPConnection", "HTTPSConnection"])
def test_total_timeout_is_keyword_only(name: str) -> None:
    cls = getattr(OURS, name)
    parameter = inspect.signature(cls).parameters["total_timeout"]
    assert parameter.kind is inspect.Parameter.KEYWORD_ONLY
    assert parameter.default is None
    conn = cls("127.0.0.1", 1, total_timeout=0.5)
    assert conn.total_timeout == 0.5
    conn.total_timeout = None
    assert conn.total_timeout is None
    assert cls("127.0.0.1", 1).total_timeout is None
