"""Differential conformance on random request patterns.

As ``test_random_streams`` does for responses: patterns drawn from a
grammar of requests both sides must send alike, each run on an
``http.client`` connection and on ours, which must make the same
``sendall`` calls, raise the same error at the same step, read the same
response and print the same debug lines.  A pattern is ``request()`` or
``putrequest``/``putheader``/``endheaders`` (maybe a ``send()`` among
them), maybe followed by a call out of turn; with a method, a URL, header
fields (token names; values of every type and shape the stdlib takes
that no deliberate difference touches), a body of any kind the stdlib
takes (and some it refuses), ``encode_chunked``, HTTP/1.0, a blocksize
and debug output.

The deliberate differences of docs/differences.rst stay out of the
grammar: names that are not tokens, CR, LF or NUL in values, several
values in one ``putheader``, methods with SP or DEL, a chunked body on
HTTP/1.0, CONNECT (whose 2xx answer has no body here).

A third test makes connection calls in any order (request, getresponse,
reads, closes, the putrequest sequence, send) over sockets that answer
several responses, and compares each call's result or error, the
connection's state after it and what each socket was sent.
``CONFORMANCE_RANDOM=SEED:COUNT`` runs another seed, or more patterns.
"""

from __future__ import annotations

import array
import http.client
import io
import random
import re
from collections.abc import Callable
from typing import Any

import httpclient_compat

from .harness import Body, FakeSocket, RequestOutcome, differences, error_info, run_request
from .randomised import check, steps_apart

_SEED, _COUNT = 20261122, 5000

_METHODS = ("GET", "POST", "PUT", "HEAD", "PATCH", "DELETE", "get", "post", "OPTIONS", "X-FOO")
_URLS = (
    "/", "/a?b=c", "", "http://h.example/p", "*", "/%20", "/a#f", "https://h.example:8443/x",
    "//x/y", "/a b", "/\u00e9", "h.example:80",
)  # fmt: skip
_TCHARS = "!#$%&'*+-.^_`|~abcXYZ019"
_NAMES = (
    "X-A", "x-b", "Content-Length", "content-length", "Transfer-Encoding", "transfer-encoding",
    "Host", "host", "Accept-Encoding", "User-Agent", "Content-Type", "Connection", "Expect",
)  # fmt: skip
_VALUES: tuple[Any, ...] = (
    "v", "", " lead", "trail ", "a\tb", "caf\u00e9", 5, 0, 3.5, b"bytes", b"caf\xe9",
    "chunked", "gzip, chunked", "10", "close", "100-continue", "x" * 300, "a  b", "\x7f",
    "\x01ctl", "=?x?=",
)  # fmt: skip
#: Body kinds, each made afresh per run; those marked True have no length
#: (sent chunked on HTTP/1.1, a deliberate difference on HTTP/1.0).
_BODIES: dict[str, tuple[Callable[[], Any], bool]] = {
    "none": (lambda: None, False),
    "bytes": (lambda: b"hello", False),
    "empty": (lambda: b"", False),
    "str": (lambda: "hello", False),
    "latin-1": (lambda: "h\u00e9llo", False),
    "not-latin-1": (lambda: "\u20ac", False),
    "bytearray": (lambda: bytearray(b"abc"), False),
    "memoryview": (lambda: memoryview(b"abcd"), False),
    "array": (lambda: array.array("H", [1, 2, 3]), False),
    "file": (lambda: io.BytesIO(b"filedata" * 3), True),
    "text-file": (lambda: io.StringIO("text\u00e9"), True),
    "list": (lambda: [b"a", b"bc", b""], True),
    "list-of-str": (lambda: ["a", "bc"], True),
    "generator": (lambda: (piece for piece in [b"x", b"yz"]), True),
    "empty-list": (lambda: [], True),
    "tuple": (lambda: (b"t1", b"t2"), True),
    "int": (lambda: 5, True),
}
_SENT = (b"raw", "str", bytearray(b"ba"), Body(lambda: io.BytesIO(b"f")))
_OUT_OF_TURN: tuple[tuple[Any, ...], ...] = (
    ("request", "GET", "/2", None, {}, False),
    ("putrequest", "GET", "/3"),
    ("putheader", "X", "y"),
    ("endheaders", None, False),
    ("send", b"late"),
)
_ADDRESS = re.compile(r" at 0x[0-9a-f]+")


def _pattern(rng: random.Random) -> dict[str, Any]:
    """One random pattern: run_request()'s keyword arguments."""
    method, url = rng.choice(_METHODS), rng.choice(_URLS)
    make, unsized = _BODIES[rng.choice(list(_BODIES))]
    names = (*_NAMES, "X-" + "".join(rng.choice(_TCHARS) for _ in range(5)))
    headers = {rng.choice(names): rng.choice(_VALUES) for _ in range(rng.randint(0, 4))}
    encode_chunked = rng.random() < 0.3
    chunked = encode_chunked or unsized or any(n.lower() == "transfer-encoding" for n in headers)
    http10 = not chunked and rng.random() < 0.2
    if rng.random() < 0.3:
        skips = rng.choice(({}, {"skip_host": True}, {"skip_accept_encoding": True}))
        steps: list[tuple[Any, ...]] = [("putrequest", method, url, skips)]
        steps += [("putheader", name, value) for name, value in headers.items()]
        if rng.random() < 0.15:
            steps.insert(rng.randint(1, len(steps)), ("send", rng.choice(_SENT)))
        steps.append(("endheaders", Body(make), encode_chunked))
    else:
        steps = [("request", method, url, Body(make), headers, encode_chunked)]
    if rng.random() < 0.2:
        steps.append(rng.choice(_OUT_OF_TURN))
    return {
        "steps": steps,
        "blocksize": rng.choice((1, 3, 8192)),
        "http10": http10,
        "debuglevel": rng.choice((0, 0, 1)),
    }


def _without_addresses(outcome: RequestOutcome) -> RequestOutcome:
    # Debug output shows a file body's repr, whose address differs per run.
    outcome.printed = _ADDRESS.sub("", outcome.printed)
    return outcome


def _run(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    problems = []
    for index in range(count):
        pattern = _pattern(rng)
        std = _without_addresses(run_request(http.client, **pattern))
        ours = _without_addresses(run_request(httpclient_compat, **pattern))
        found = differences(std, ours)
        if found:
            problems.append(f"pattern {index} of seed {seed}: {pattern}\n  " + "\n  ".join(found))
    return problems


def test_random_requests_are_sent_as_the_stdlib_sends_them() -> None:
    check(_run, _SEED, _COUNT)


# -- calls on a connection in any order ------------------------------------------------

#: Answers a connection's socket may hold, several in a row.
_ANSWERS = (
    b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n",
    b"HTTP/1.1 204 No Content\r\n\r\n",
    b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 3\r\n\r\nbye",
    b"HTTP/1.0 200 OK\r\n\r\nuntil-close",
)
#: One call each, on the connection or on its last response.
_CALLS: dict[str, Callable[[Any, Any], Any]] = {
    "request": lambda conn, resp: conn.request("GET", "/"),
    "getresponse": lambda conn, resp: conn.getresponse(),
    "read": lambda conn, resp: resp.read(),
    "read1": lambda conn, resp: resp.read1(1),
    "close response": lambda conn, resp: resp.close(),
    "close": lambda conn, resp: conn.close(),
    "putrequest": lambda conn, resp: conn.putrequest("GET", "/p"),
    "putheader": lambda conn, resp: conn.putheader("X", "1"),
    "endheaders": lambda conn, resp: conn.endheaders(),
    "send": lambda conn, resp: conn.send(b"x"),
    "isclosed": lambda conn, resp: resp.isclosed(),
    "fileno": lambda conn, resp: resp.fileno(),
}


def _connection_calls(side: Any, data: bytes, calls: list[str]) -> list[Any]:
    """Make *calls* on a connection of *side* whose every socket answers
    *data* (it reconnects after a close, as auto_open does); what each
    returned or raised, the connection's state after it, and what each
    socket was sent."""
    socks: list[FakeSocket] = []

    def connect(*args: object) -> FakeSocket:
        socks.append(FakeSocket(data, (), 8192))
        return socks[-1]

    conn = side.HTTPConnection("example.com")
    conn._create_connection = connect
    resp: Any = None
    seen: list[Any] = []
    for call in calls:
        try:
            if resp is None and call in ("read", "read1", "close response", "isclosed", "fileno"):
                continue
            result = _CALLS[call](conn, resp)
            if call == "getresponse":
                resp, result = result, (result.status, result.will_close)
        except Exception as exc:
            result = error_info(exc)
        state = (conn._HTTPConnection__state, conn.sock is not None)
        seen.append((call, result, state, conn._HTTPConnection__response is not None))
    seen.append([sock.calls for sock in socks])
    return seen


def _run_connection_calls(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    problems = []
    for index in range(count):
        data = b"".join(rng.choice(_ANSWERS) for _ in range(rng.randint(1, 3)))
        calls = [rng.choice(list(_CALLS)) for _ in range(rng.randint(1, 14))]
        std = _connection_calls(http.client, data, calls)
        ours = _connection_calls(httpclient_compat, data, calls)
        if std != ours:
            steps = steps_apart(std, ours)
            problems.append(f"sequence {index} of seed {seed}: {data!r} {calls}\n  {steps}")
    return problems


def test_random_connection_calls_are_answered_as_the_stdlib_answers_them() -> None:
    check(_run_connection_calls, _SEED, _COUNT // 2)


def test_the_grammar_reaches_every_kind_of_pattern() -> None:
    rng = random.Random(_SEED)
    patterns = [_pattern(rng) for _ in range(_COUNT)]
    first_steps = {pattern["steps"][0][0] for pattern in patterns}
    assert first_steps == {"request", "putrequest"}
    assert any(pattern["http10"] for pattern in patterns)
    assert any(pattern["debuglevel"] for pattern in patterns)
    assert any(step[0] == "send" for pattern in patterns for step in pattern["steps"])
    assert any(len(p["steps"]) > 1 and p["steps"][0][0] == "request" for p in patterns)
