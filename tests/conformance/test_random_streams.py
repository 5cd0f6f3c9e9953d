"""Differential conformance on random response streams.

The corpus holds inputs someone thought of; this module makes them up.
Each stream is drawn from a grammar of the responses on which both sides
must agree (no deliberate difference of docs/differences.rst applies to
them): a status line with an odd reason or none, fields of many shapes
(whitespace around values, empty values, repeated names, Latin-1 bytes,
``Connection`` and ``Keep-Alive``), line endings CRLF, bare LF or mixed,
and a body framed by Content-Length (right, short, long, or a value
``int()`` may or may not read), by chunks (sizes in either case, with
extensions and trailers, maybe cut short), or by the end of the stream;
sometimes a second response follows.  Each is read through both modules
in three reading modes drawn from the harness's, arriving whole, cut at a
few points, or cut under a small buffer.  Every captured field must be the
same.

The streams come from ``random.Random`` seeded here, so a failure names a
stream that reproduces.  ``CONFORMANCE_RANDOM=SEED:COUNT`` runs another
seed, or more streams, than the suite's own.
"""

from __future__ import annotations

import http.client
import random

import httpclient_compat

from .harness import ALL_MODES, WHOLE, Split, differences, run_calls, run_response
from .randomised import check, steps_apart

#: The suite's own run: a seed and a count of streams.
_SEED, _COUNT = 20261122, 1500

_REASONS = (b"OK", b"", b" ", b"Not Found", b"x\ty", b"caf\xe9", b"  spaced  ", b"A:B", b"OK\x0b")
_CODES = (200, 200, 201, 206, 299, 301, 400, 404, 418, 500, 503, 599)
_NAMES = (
    b"Server", b"Date", b"X-A", b"x-b", b"Set-Cookie", b"Content-Type", b"Vary", b"ETag",
    b"Keep-Alive", b"Proxy-Connection", b"content-TYPE",
)  # fmt: skip
_VALUES = (
    b"v", b"a b", b"a\tb", b"trailing ", b"trailing\t", b" lead", b"\tlead", b"", b"x:y",
    b"caf\xe9", b"a,b", b"text/html; charset=utf-8", b"multipart/mixed; boundary=x",
    b"message/rfc822", b"timeout=5", b"=?utf-8?q?x?=", b'"quoted"', b"a;b=c",
)  # fmt: skip
_SEPARATORS = (b": ", b":", b":  ", b":\t")
# Values both read alike; the others (+5, 1_0, -1...) are the
# "content_length_grammar" difference.
_ODD_LENGTHS = (b" 5 ", b"5 ", b"05", b"005", b"\t5")
_CONNECTION = (b"close", b"keep-alive", b"Keep-Alive", b"close, x", b"CLOSE")
_NEXT = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"


class _Stream:
    """One random response stream, drawn from *rng*."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        style = rng.random()
        self._eol = b"\r\n" if style < 0.75 else b"\n" if style < 0.85 else None
        self.framing = rng.choice(("length", "length", "chunked", "close", "odd-length"))
        self.cut_short = False
        self.data = self._draw()

    def _end(self) -> bytes:
        return self._eol or self._rng.choice((b"\r\n", b"\n"))

    def _insert(self, fields: list[bytes], field: bytes) -> None:
        fields.insert(self._rng.randint(0, len(fields)), field + self._end())

    def _bytes(self, most: int) -> bytes:
        return self._rng.randbytes(self._rng.randint(0, most))

    def _draw(self) -> bytes:
        rng = self._rng
        # Chunked HTTP/1.0 is a deliberate difference (never reused).
        version = b"HTTP/1.0" if self.framing != "chunked" and rng.random() < 0.25 else b"HTTP/1.1"
        reason = rng.choice(_REASONS)
        space = b" " if reason or rng.random() < 0.5 else b""
        status = b"%s %d%s%s" % (version, rng.choice(_CODES), space, reason) + self._end()
        fields = [
            rng.choice(_NAMES) + rng.choice(_SEPARATORS) + rng.choice(_VALUES) + self._end()
            for _ in range(rng.randint(0, 6))
        ]
        body = self._bytes(60)
        if self.framing == "length":
            length = max(0, len(body) + rng.choice((0, 0, 0, -3, 5)))
            self._insert(fields, b"Content-Length: %d" % length)
        elif self.framing == "odd-length":
            value = rng.choice(_ODD_LENGTHS)
            self._insert(fields, b"Content-Length: " + value)
        elif self.framing == "chunked":
            coding = rng.choice((b"chunked", b"Chunked", b"CHUNKED"))
            self._insert(fields, b"Transfer-Encoding: " + coding)
            body = self._chunks()
            if rng.random() < 0.3:
                body = body[: rng.randint(0, len(body))]
                # A cut in the last chunk's line is "truncated_last_chunk_line":
                # cut before that line instead.
                line_start = body.rfind(b"\n") + 1
                if body.startswith(b"0", line_start):
                    body = body[:line_start]
                self.cut_short = True
        if rng.random() < 0.3:
            self._insert(fields, b"Connection: " + rng.choice(_CONNECTION))
        data = status + b"".join(fields) + self._end() + body
        # After a chunked body cut short, the next response's bytes would
        # be read as chunk data, and what follows a chunk's data unchecked
        # is a deliberate difference.
        if not self.cut_short and rng.random() < 0.2:
            data += _NEXT
        return data

    def _chunks(self) -> bytes:
        rng = self._rng
        out = []
        for _ in range(rng.randint(0, 4)):
            data = rng.randbytes(rng.randint(1, 40))
            size = format(len(data), rng.choice(("x", "X", "04x"))).encode()
            extension = rng.choice((b"", b"", b";a=b", b"; x", b" "))
            out.append(size + extension + self._end() + data + b"\r\n")
        out.append(rng.choice((b"0", b"000", b"0;e=1")) + self._end())
        for _ in range(rng.choice((0, 0, 1, 2))):
            name = rng.choice((b"X-T", b"Expires", b"Content-Length"))
            out.append(name + b": " + rng.choice(_VALUES) + self._end())
        out.append(self._end())
        return b"".join(out)


def _split(rng: random.Random, data: bytes) -> Split:
    size = len(data)
    cuts = tuple(sorted(rng.sample(range(1, size), min(size - 1, rng.randint(0, 5)))))
    return rng.choice((WHOLE, Split("cuts", cuts), Split("tiny", cuts, rng.randint(1, 24))))


def _modes(rng: random.Random, stream: _Stream) -> list[str]:
    modes = rng.sample(ALL_MODES, 3)
    if stream.framing in ("length", "odd-length"):
        # peek() at the end of a Content-Length body: a deliberate difference.
        modes = [mode for mode in modes if mode != "peek"]
    return modes


def _run(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    problems = []
    for index in range(count):
        stream = _Stream(rng)
        # HEAD with Transfer-Encoding: chunked: a deliberate difference.
        head = stream.framing != "chunked" and rng.random() < 0.2
        method = "HEAD" if head else "GET"
        split = _split(rng, stream.data)
        for mode in _modes(rng, stream):
            std = run_response(http.client, stream.data, mode, split, method)
            ours = run_response(httpclient_compat, stream.data, mode, split, method)
            found = differences(std, ours)
            if found:
                problems.append(
                    f"stream {index} of seed {seed}, {method}, {mode}, {split}:\n"
                    f"  {stream.data!r}\n  " + "\n  ".join(found)
                )
    return problems


def test_random_streams_are_read_as_the_stdlib_reads_them() -> None:
    check(_run, _SEED, _COUNT)


#: Single calls for the mixed sequences (``peek`` only on bodies that are
#: not Content-Length ones: see _modes).
_CALLS = (
    "read", "read:1", "read:3", "read:100", "read:0", "readinto:2", "readinto:17",
    "read1", "read1:1", "read1:5", "readline", "readline:1", "readline:5", "next", "isclosed",
)  # fmt: skip
_PEEKS = ("peek:1", "peek:5", "peek:5000")


def _run_mixed(seed: int, count: int) -> list[str]:
    """Random sequences of single calls, each stream read by one sequence
    to its first error (what follows an error has its own tests)."""
    rng = random.Random(seed)
    problems = []
    for index in range(count):
        stream = _Stream(rng)
        split = _split(rng, stream.data)
        calls = _CALLS if stream.framing in ("length", "odd-length") else _CALLS + _PEEKS
        sequence = [rng.choice(calls) for _ in range(rng.randint(1, 12))]
        std = run_calls(http.client, stream.data, sequence, split)
        ours = run_calls(httpclient_compat, stream.data, sequence, split)
        if std != ours:
            steps = steps_apart(std, ours)
            where = f"stream {index} of seed {seed}, {split}"
            problems.append(f"{where}:\n  {stream.data!r}\n  {steps}")
    return problems


def test_random_sequences_of_calls_are_answered_as_the_stdlib_answers_them() -> None:
    check(_run_mixed, _SEED, _COUNT)


def test_the_grammar_reaches_every_framing_and_split() -> None:
    # A generator that stopped drawing some kind of stream would leave
    # the test above passing on less than it claims.
    rng = random.Random(_SEED)
    streams = [_Stream(rng) for _ in range(_COUNT)]
    assert {stream.framing for stream in streams} == {
        "length",
        "odd-length",
        "chunked",
        "close",
    }
    assert any(stream.cut_short for stream in streams)
    assert any(stream.data.endswith(_NEXT) for stream in streams)
    assert any(b"\r\n" not in stream.data for stream in streams)  # bare LF throughout
    kinds = {_split(rng, stream.data).name for stream in streams}
    assert kinds == {"whole", "cuts", "tiny"}
