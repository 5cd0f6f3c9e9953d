"""CR, LF, CRLF and NUL in every part of a request a caller supplies: the
method, path, query, header names and values, the Host, and a tunnel's host
and headers.  Each is refused before a byte reaches the server."""

from __future__ import annotations

from collections.abc import Callable

from .outcome import (
    ANY,
    Case,
    Record,
    ReplayServer,
    Req,
    Tunnel,
    check,
    expect,
    parametrize,
    raises,
)
from .replay import Close, ReadRequest, Script, Send

ESTABLISHED = b"HTTP/1.1 200 Connection established\r\n\r\n"
FAST = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
#: Answers what is sent, so a request that does go out reads as a response.
ANSWER: Script = (ReadRequest(), Send(FAST), Close())
#: Plays the proxy and then the origin behind it.
PROXY: Script = (ReadRequest(), Send(ESTABLISHED), ReadRequest(), Send(FAST), Close())
CHARS = {"cr": "\r", "lf": "\n", "crlf": "\r\nX-Injected: 1", "nul": "\x00"}
ALL = frozenset(CHARS)
NUL = frozenset({"nul"})


#: Where a case's character goes: (scripts, requests, constructor host, tunnel).
Setup = tuple[tuple[Script, ...], tuple[Req, ...], "str | None", "Tunnel | None"]
Build = Callable[[str], Setup]


def _request(
    method: str = "GET", url: str = "/", header: tuple[str, str] | None = None, put: bool = False
) -> Build:
    """A request with the character put where ``{}`` is."""

    def build(c: str) -> Setup:
        headers = () if header is None else ((header[0].format(c), header[1].format(c)),)
        req = Req(method.format(c), url.format(c), headers, put=put)
        return (ANSWER,), (req,), None, None

    return build


def _host(c: str) -> Setup:
    return (ANSWER,), (Req(),), f"local{c}host", None


def _tunnel(host: str, header: tuple[str, str] | None = None) -> Build:
    def build(c: str) -> Setup:
        headers = None if header is None else ((header[0].format(c), header[1].format(c)),)
        return (PROXY,), (Req(),), None, Tunnel(host.format(c), 80, headers)

    return build


# (part, how the character goes in, step that raises, exception, chars on
# which the stdlib differs, differs slug)
PARTS: list[tuple[str, Build, str, str, frozenset[str], str | None]] = [
    ("method", _request(method="GE{}T"), "request", "ValueError", frozenset(), None),
    ("path", _request(url="/a{}b"), "request", "InvalidURL", frozenset(), None),
    ("query", _request(url="/?q=a{}b"), "request", "InvalidURL", frozenset(), None),
    ("putrequest-method", _request(method="GE{}T", put=True), "putrequest", "ValueError",
     frozenset(), None),
    ("putrequest-path", _request(url="/a{}b", put=True), "putrequest", "InvalidURL",
     frozenset(), None),
    ("putheader-name", _request(header=("X{}Y", "v"), put=True), "putheader", "ValueError",
     NUL, "request-field-nul"),
    ("request-header-name", _request(header=("X{}Y", "v")), "request", "ValueError",
     NUL, "request-field-nul"),
    ("putheader-value", _request(header=("X", "a{}b"), put=True), "putheader", "ValueError",
     NUL, "request-field-nul"),
    ("request-header-value", _request(header=("X", "a{}b")), "request", "ValueError",
     NUL, "request-field-nul"),
    ("host", _host, "constructor", "InvalidURL", frozenset(), None),
    ("tunnel-host", _tunnel("example{}.com"), "request", "ValueError", NUL, "tunnel-validation"),
    ("tunnel-header-name", _tunnel("example.com", ("X{}Y", "v")), "request", "ValueError",
     ALL, "tunnel-validation"),
    ("tunnel-header-value", _tunnel("example.com", ("X", "a{}b")), "request", "ValueError",
     ALL, "tunnel-validation"),
]  # fmt: skip


def _case(
    key: str,
    part: str,
    build: Build,
    step: str,
    error: str,
    differ: frozenset[str],
    slug: str | None,
) -> Case:
    scripts, requests, host, tunnel = build(CHARS[key])
    # Whether a connection was opened is left open: what counts is that no
    # byte reached it (asserted below).
    expected = expect(raises(step, error), connections=ANY)
    differs = slug if key in differ else None
    return Case(f"{part}-{key}", scripts, expected, differs, requests, host, tunnel)


CASES = [_case(key, *row) for key in CHARS for row in PARTS]


@parametrize(CASES)
def test_request_parts(server: ReplayServer, case: Case, record_property: Record) -> None:
    ours, _ = check(server, case, record_property)
    assert not any(ours.received), f"bytes reached the server: {ours.received}"
