"""Content-Length grammar: which values frame a body, and what an unreadable
one does (the head is returned, ``read()`` fails, the connection is dropped).
HEAD and 304 answers frame no body, so their Content-Length is never read."""

from __future__ import annotations

from .outcome import (
    ANY,
    SECOND_RESULT,
    SECOND_SCRIPT,
    Case,
    Record,
    ReplayServer,
    Req,
    check,
    expect,
    parametrize,
    read_raises,
    response,
    served,
)


def _head(*values: str, status: str = "200 OK") -> bytes:
    fields = "".join(f"Content-Length:{value}\r\n" for value in values)
    return f"HTTP/1.1 {status}\r\n{fields}\r\n".encode("latin-1")


# (id, Content-Length field values as sent after the colon, body, differs)
VALID: list[tuple[str, tuple[str, ...], bytes, str | None]] = [
    ("5", (" 5",), b"hello", None),
    ("leading-zeros", (" 005",), b"hello", None),
    ("ows-around", ("  5 ",), b"hello", None),
    ("tab-ows", ("\t5\t",), b"hello", None),
    ("no-ows", ("5",), b"hello", None),
    ("list-5-5", (" 5, 5",), b"hello", "content-length-list"),
    ("list-5-5-no-space", (" 5,5",), b"hello", "content-length-list"),
    ("two-fields-5-5", (" 5", " 5"), b"hello", None),
    ("zero", (" 0",), b"", None),
]

# (id, values, differs): read() must raise HTTPException, and a second
# request must open a new connection.
INVALID: list[tuple[str, tuple[str, ...], str | None]] = [
    ("plus", (" +5",), "content-length-grammar"),
    ("minus", (" -5",), "content-length-grammar"),
    ("hex", (" 0x5",), "content-length-grammar"),
    ("underscore", (" 5_0",), "content-length-grammar"),
    ("two-numbers", (" 5 5",), "content-length-grammar"),
    ("empty", ("",), "content-length-grammar"),
    ("empty-ows", ("   ",), "content-length-grammar"),
    ("letters", (" abc",), "content-length-grammar"),
    ("exponent", (" 1e3",), "content-length-grammar"),
    ("decimal", (" 5.0",), "content-length-grammar"),
    ("list-5-6", (" 5, 6",), "content-length-grammar"),
    ("two-fields-5-6", (" 5", " 6"), "content-length-conflict"),
    ("two-fields-5-abc", (" 5", " abc"), "content-length-conflict"),
    ("trailing-comma", (" 5,",), "content-length-grammar"),
    ("leading-comma", (" ,5",), "content-length-grammar"),
    ("superscript-two", (" \xb2",), "content-length-grammar"),
    ("nbsp-around", (" \xa05\xa0",), "content-length-grammar"),
]

# (id, request method, status, values, differs): no body is framed, so
# the value is never read and nothing fails.
BODYLESS: list[tuple[str, str, str, tuple[str, ...], str | None]] = [
    ("head-letters", "HEAD", "200 OK", (" abc",), None),
    ("head-list-5-6", "HEAD", "200 OK", (" 5, 6",), None),
    ("head-two-fields-5-6", "HEAD", "200 OK", (" 5", " 6"), None),
    ("304-letters", "GET", "304 Not Modified", (" abc",), None),
    ("304-minus", "GET", "304 Not Modified", (" -5",), None),
    ("304-two-fields-5-6", "GET", "304 Not Modified", (" 5", " 6"), None),
]

CASES = [
    *(
        Case(
            f"valid-{name}",
            (served(_head(*values) + body, keep=True), SECOND_SCRIPT),
            expect(response(200, "OK", ANY, body), SECOND_RESULT),
            differs,
            requests=(Req(), Req()),
        )
        for name, values, body, differs in VALID
    ),
    *(
        Case(
            f"invalid-{name}",
            (served(_head(*values) + b"hello"), SECOND_SCRIPT),
            expect(read_raises("HTTPException"), SECOND_RESULT, connections=2),
            differs,
            requests=(Req(), Req()),
        )
        for name, values, differs in INVALID
    ),
    *(
        Case(
            f"bodyless-{name}",
            (served(_head(*values, status=status)),),
            expect(response(int(status[:3]), status[4:], ANY, b"")),
            differs,
            requests=(Req(method),),
        )
        for name, method, status, values, differs in BODYLESS
    ),
]


@parametrize(CASES)
def test_content_length(server: ReplayServer, case: Case, record_property: Record) -> None:
    check(server, case, record_property)
