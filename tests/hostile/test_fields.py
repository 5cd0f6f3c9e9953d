"""Header fields of a response: field names that are not tokens (an error
from ``getresponse()``), lines that are skipped (no colon, empty name), and
values with bare CR, NUL or obs-fold (read as SP, never kept as CR/LF)."""

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

STATUS = b"HTTP/1.1 200 OK\r\n"
CL2 = ("Content-Length", "2")


def _probe(resp: Any) -> Any:
    return (resp.getheader("X"), str(resp.msg))


def _head(*lines: bytes) -> bytes:
    return STATUS + b"".join(line + b"\r\n" for line in lines) + b"\r\n"


def _message(fields: tuple[tuple[str, str], ...]) -> str:
    """``str(response.msg)`` for *fields*: one line each, then a blank line."""
    return "".join(f"{name}: {value}\n" for name, value in fields) + "\n"


# (id, field lines before Content-Length: 2, differs): getresponse() raises HTTPException.
BAD_NAMES: list[tuple[str, tuple[bytes, ...], str | None]] = [
    ("sp-before-colon-content-length", (b"Content-Length : 5",), "field-name-grammar"),
    ("sp-before-colon", (b"Foo : x",), "field-name-grammar"),
    ("tab-before-colon", (b"Foo\t: x",), "field-name-grammar"),
    ("sp-inside", (b"Fo o: x",), "field-name-grammar"),
    ("nul-inside", (b"Fo\x00o: x",), "field-name-grammar"),
    ("latin1-inside", (b"F\xe9: x",), "field-name-grammar"),
    ("del-inside", (b"Foo\x7f: x",), "field-name-grammar"),
    ("quote-inside", (b'Fo"o: x',), "field-name-grammar"),
    ("paren-inside", (b"Fo(o): x",), "field-name-grammar"),
    ("slash-inside", (b"Fo/o: x",), "field-name-grammar"),
    ("bad-name-after-good", (b"X: 1", b"Fo o: x"), "field-name-grammar"),
]

# (id, field lines, the fields read, getheader("X"), differs); the body is "ok".
READ: list[tuple[str, tuple[bytes, ...], tuple[tuple[str, str], ...], Any, str | None]] = [
    ("plain", (b"X: a", b"Content-Length: 2"), (("X", "a"), CL2), "a", None),
    (
        "no-colon-skipped",
        (b"X-Before: 1", b"no colon here", b"X: a", b"Content-Length: 2"),
        (("X-Before", "1"), ("X", "a"), CL2),
        "a",
        "skipped-lines",
    ),
    (
        "empty-name-skipped",
        (b"X-Before: 1", b": x", b"X: a", b"Content-Length: 2"),
        (("X-Before", "1"), ("X", "a"), CL2),
        "a",
        None,
    ),
    (
        "value-bare-cr",
        (b"X: a\rb", b"Content-Length: 2"),
        (("X", "a b"), CL2),
        "a b",
        "value-controls",
    ),
    (
        "value-nul",
        (b"X: a\x00b", b"Content-Length: 2"),
        (("X", "a b"), CL2),
        "a b",
        "value-controls",
    ),
    (
        "value-cr-nul",
        (b"X: \x00a\rb", b"Content-Length: 2"),
        (("X", "a b"), CL2),
        "a b",
        "value-controls",
    ),
    (
        "obs-fold-sp",
        (b"X: a", b"  b", b"Content-Length: 2"),
        (("X", "a b"), CL2),
        "a b",
        "obs-fold",
    ),
    (
        "obs-fold-tab",
        (b"X: a", b"\tb", b"Content-Length: 2"),
        (("X", "a b"), CL2),
        "a b",
        "obs-fold",
    ),
    (
        "obs-fold-twice",
        (b"X: a", b" b", b" c", b"Content-Length: 2"),
        (("X", "a b c"), CL2),
        "a b c",
        "obs-fold",
    ),
    (
        "obs-fold-content-length",
        (b"X: a", b"Content-Length:", b" 2"),
        (("X", "a"), CL2),
        "a",
        "obs-fold",
    ),
    (
        # The fold reads as SP; trailing whitespace is kept, as in "5 " (as the stdlib).
        "obs-fold-content-length-value-first",
        (b"X: a", b"Content-Length: 2", b" "),
        (("X", "a"), ("Content-Length", "2 ")),
        "a",
        "obs-fold",
    ),
]

# (id, field lines, differs): a chunked body whose Transfer-Encoding is folded.
FOLDED_TE: list[tuple[str, tuple[bytes, ...], str | None]] = [
    ("obs-fold-transfer-encoding", (b"Transfer-Encoding:", b" chunked"), "obs-fold"),
    ("obs-fold-transfer-encoding-tab", (b"Transfer-Encoding:", b"\tchunked"), "obs-fold"),
]

# A skipped line still goes, with what follows, into the message's payload
# (the email parser's view, kept for callers that log it): str(msg) is open.
PAYLOAD_KEPT = {"no-colon-skipped", "empty-name-skipped"}

CASES = [
    *(
        Case(
            f"name-{name}",
            (served(_head(*lines, b"Content-Length: 2") + b"ok"),),
            expect(raises("getresponse", "HTTPException")),
            differs,
            probe=_probe,
        )
        for name, lines, differs in BAD_NAMES
    ),
    *(
        Case(
            f"read-{name}",
            (served(_head(*lines) + b"ok"),),
            expect(
                response(
                    200, "OK", fields, b"ok", (x, ANY if name in PAYLOAD_KEPT else _message(fields))
                )
            ),
            differs,
            probe=_probe,
        )
        for name, lines, fields, x, differs in READ
    ),
    *(
        Case(
            f"read-{name}",
            (served(_head(*lines) + b"5\r\nhello\r\n0\r\n\r\n"),),
            expect(
                response(
                    200, "OK", ANY, b"hello", (None, _message((("Transfer-Encoding", "chunked"),)))
                )
            ),
            differs,
            probe=_probe,
        )
        for name, lines, differs in FOLDED_TE
    ),
]


@parametrize(CASES)
def test_fields(server: ReplayServer, case: Case, record_property: Record) -> None:
    check(server, case, record_property)
