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

from .harness import Body, RequestOutcome, differences, run_request
from .randomised import check

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


def test_the_grammar_reaches_every_kind_of_pattern() -> None:
    rng = random.Random(_SEED)
    patterns = [_pattern(rng) for _ in range(_COUNT)]
    first_steps = {pattern["steps"][0][0] for pattern in patterns}
    assert first_steps == {"request", "putrequest"}
    assert any(pattern["http10"] for pattern in patterns)
    assert any(pattern["debuglevel"] for pattern in patterns)
    assert any(step[0] == "send" for pattern in patterns for step in pattern["steps"])
    assert any(len(p["steps"]) > 1 and p["steps"][0][0] == "request" for p in patterns)
