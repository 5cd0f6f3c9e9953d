"""The status line: version, status code and reason grammar.  A malformed
line raises ``BadStatusLine`` from ``getresponse()`` (``UnknownProtocol`` for
a major version other than 1); a bare CR or NUL in the reason reads as SP."""

from __future__ import annotations

from typing import Any

from .outcome import (
    ANY,
    Case,
    Record,
    ReplayServer,
    check,
    expect,
    parametrize,
    raises,
    response,
    served,
)

REST = b"\r\nContent-Length: 2\r\n\r\nok"


def _version(resp: Any) -> Any:
    return resp.version


# (id, whole response as sent, version, status, reason, differs)
VALID: list[tuple[str, bytes, int, int, str, str | None]] = [
    ("11", b"HTTP/1.1 200 OK" + REST, 11, 200, "OK", None),
    ("10", b"HTTP/1.0 200 OK" + REST, 10, 200, "OK", None),
    ("no-reason-no-sp", b"HTTP/1.1 200" + REST, 11, 200, "", None),
    ("no-reason-sp", b"HTTP/1.1 200 " + REST, 11, 200, "", None),
    ("reason-words", b"HTTP/1.1 404 Not Found Here" + REST, 11, 404, "Not Found Here", None),
    ("reason-latin1", b"HTTP/1.1 200 \xe9t\xe9" + REST, 11, 200, "\xe9t\xe9", None),
    ("reason-tab-inside", b"HTTP/1.1 200 O\tK" + REST, 11, 200, "O\tK", None),
    ("bare-lf", b"HTTP/1.1 200 OK\nContent-Length: 2\n\nok", 11, 200, "OK", None),
    ("version-1.2", b"HTTP/1.2 200 OK" + REST, 11, 200, "OK", None),
    ("status-599", b"HTTP/1.1 599 Odd" + REST, 11, 599, "Odd", None),
    ("status-999", b"HTTP/1.1 999 Max" + REST, 11, 999, "Max", None),
    ("reason-bare-cr", b"HTTP/1.1 200 O\rK" + REST, 11, 200, "O K", "reason-controls"),
    ("reason-nul", b"HTTP/1.1 200 O\x00K" + REST, 11, 200, "O K", "reason-controls"),
    ("reason-cr-and-nul", b"HTTP/1.1 200 \rO\x00K" + REST, 11, 200, "O K", "reason-controls"),
]

# (id, status line, exception from getresponse(), differs)
INVALID: list[tuple[str, bytes, str, str | None]] = [
    ("status-2-digits", b"HTTP/1.1 20 OK", "BadStatusLine", None),
    ("status-4-digits", b"HTTP/1.1 2000 OK", "BadStatusLine", None),
    ("status-plus", b"HTTP/1.1 +20 OK", "BadStatusLine", None),
    ("status-plus-3-digits", b"HTTP/1.1 +200 OK", "BadStatusLine", "status-line-grammar"),
    ("status-underscore", b"HTTP/1.1 2_0 OK", "BadStatusLine", None),
    ("status-underscore-3-digits", b"HTTP/1.1 2_00 OK", "BadStatusLine", "status-line-grammar"),
    ("status-099", b"HTTP/1.1 099 OK", "BadStatusLine", None),
    ("status-letters", b"HTTP/1.1 abc OK", "BadStatusLine", None),
    ("status-missing", b"HTTP/1.1", "BadStatusLine", None),
    ("status-glued-reason", b"HTTP/1.1 200OK", "BadStatusLine", None),
    ("two-sp", b"HTTP/1.1  200 OK", "BadStatusLine", "status-line-grammar"),
    ("tab-after-version", b"HTTP/1.1\t200 OK", "BadStatusLine", "status-line-grammar"),
    ("tab-after-status", b"HTTP/1.1 200\tOK", "BadStatusLine", "status-line-grammar"),
    ("leading-sp", b" HTTP/1.1 200 OK", "BadStatusLine", "status-line-grammar"),
    ("version-1.12", b"HTTP/1.12 200 OK", "BadStatusLine", "status-line-grammar"),
    ("version-1", b"HTTP/1 200 OK", "BadStatusLine", "status-line-grammar"),
    ("version-letters", b"HTTP/a.b 200 OK", "BadStatusLine", "status-line-grammar"),
    ("version-lowercase", b"http/1.1 200 OK", "BadStatusLine", None),
    ("version-missing", b"200 OK", "BadStatusLine", None),
    ("icy", b"ICY 200 OK", "BadStatusLine", None),
    ("version-2.0", b"HTTP/2.0 200 OK", "UnknownProtocol", None),
]

CASES = [
    *(
        Case(
            f"valid-{name}",
            (served(data),),
            expect(response(status, reason, ANY, b"ok", version)),
            differs,
            probe=_version,
        )
        for name, data, version, status, reason, differs in VALID
    ),
    *(
        Case(
            f"invalid-{name}",
            (served(line + REST),),
            expect(raises("getresponse", error)),
            differs,
        )
        for name, line, error, differs in INVALID
    ),
]


@parametrize(CASES)
def test_status_line(server: ReplayServer, case: Case, record_property: Record) -> None:
    check(server, case, record_property)
