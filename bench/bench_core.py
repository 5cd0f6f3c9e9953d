"""Benchmark: the core's parse of a response head against http.client's.

Run by hand (never as a test): ``python bench/bench_core.py``.  Prints
figures from one run, as ratios against the stdlib measured in the same
run, interleaved so that machine noise hits both sides alike.

What is compared, for a realistic 20-field response head whose values
change from call to call as a server's do (64 variants, taken in turn on
both sides):

- stdlib: ``http.client.parse_headers(fp)``, lines read from a BytesIO
  and parsed by the email package into an ``HTTPMessage``.
- core, head: ``parse_block`` + ``response_framing``: the header lines in
  (joined as the shell's peek path hands them over), the header list and
  the framing decision out.  "warm" is a keep-alive connection's steady
  state: the server sent these names last, so what was learnt of them
  (their check, where the framing fields stand) is used again.  "cold"
  forgets the names read last before each parse, as for the first
  response of a kind.  "two kinds in turn" alternates this head with one
  of other names, so every parse is a first sight.
- core, whole response head: a new ``ResponseParser`` fed the status line
  and the header block (``got_head_block``), and line by line
  (``got_line``), for scale.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Measure the tree this file sits in, whatever is installed.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import argparse
import http.client
import io
import itertools
import platform
import sys
import timeit
from collections.abc import Callable

import httpclient_compat._core as core
from httpclient_compat._core import headers as _headers

FIELDS = [
    ("Date", "Sat, 21 Nov 2026 06:46:58 GMT"),
    ("Server", "nginx/1.25.3"),
    ("Content-Type", "text/html; charset=utf-8"),
    ("Cache-Control", "max-age=3600, public"),
    ("Expires", "Sat, 21 Nov 2026 07:46:58 GMT"),
    ("Last-Modified", "Fri, 20 Nov 2026 06:46:58 GMT"),
    ("ETag", '"5f1c-5e3a"'),
    ("Vary", "Accept-Encoding"),
    ("X-Frame-Options", "SAMEORIGIN"),
    ("X-Content-Type-Options", "nosniff"),
    ("Strict-Transport-Security", "max-age=31536000"),
    ("Set-Cookie", "session=abc123; Path=/; HttpOnly"),
    ("Access-Control-Allow-Origin", "*"),
    ("X-Request-Id", "7f3a9b2c1d"),
    ("Via", "1.1 varnish"),
    ("Age", "120"),
    ("Accept-Ranges", "bytes"),
    ("X-Cache", "HIT"),
    ("Content-Length", "100"),
    ("Connection", "keep-alive"),
]
STATUS = b"HTTP/1.1 200 OK\r\n"


def head_lines(number: int) -> list[bytes]:
    """The head's lines, blank line included; *number* varies the values a
    server changes from response to response (dates, ETag, request id, age,
    length), so that nothing can be remembered from one parse to the next
    but the names."""
    varied = {
        "Date": f"Sat, 21 Nov 2026 06:{number // 60 % 60:02d}:{number % 60:02d} GMT",
        "Expires": f"Sat, 21 Nov 2026 07:{number // 60 % 60:02d}:{number % 60:02d} GMT",
        "ETag": f'"5f1c-{number:04x}"',
        "X-Request-Id": f"7f3a9b{number:04x}",
        "Age": str(number % 3600),
        "Content-Length": str(100 + 37 * number),
    }
    fields = [(name, varied.get(name, value)) for name, value in FIELDS]
    return [f"{name}: {value}\r\n".encode("latin-1") for name, value in fields] + [b"\r\n"]


HEAD = b"".join(head_lines(0))
# Each timed call takes the next of these heads, on both sides alike.
VARIANTS = 64
_lines = itertools.cycle([head_lines(number) for number in range(VARIANTS)])
_heads = itertools.cycle([b"".join(head_lines(number)) for number in range(VARIANTS)])
# The other kind of head for "two kinds in turn": the same fields but the
# last two swapped, so a guess fails as late as it can.
_other_lines = itertools.cycle(
    [[*lines[:-3], lines[-2], lines[-3], lines[-1]] for lines in map(head_lines, range(VARIANTS))]
)


def stdlib_parse_headers() -> object:
    return http.client.parse_headers(io.BytesIO(next(_heads)))


def core_head() -> tuple[list[tuple[str, str]], core.Framing]:
    fields, _clean, framing_fields = core.parse_block(b"".join(next(_lines)))
    return fields, core.response_framing(200, "GET", 11, framing_fields)


def core_head_cold() -> tuple[list[tuple[str, str]], core.Framing]:
    _headers._last_names[0] = ("", None)
    return core_head()


def core_head_two_kinds() -> object:
    core.parse_block(b"".join(next(_other_lines)))
    return core_head()


def core_parser_block() -> object:
    return core.ResponseParser("GET").got_head_block(STATUS + next(_heads))


def core_parser_lines() -> object:
    parser = core.ResponseParser("GET")
    parser.got_line(STATUS)
    got_line = parser.got_line
    for line in next(_lines):
        got_line(line)
    return parser.response


def _check() -> None:
    """The two sides agree on every head before anything is timed."""
    for number in range(VARIANTS):
        lines = head_lines(number)
        message = http.client.parse_headers(io.BytesIO(b"".join(lines)))
        fields, _clean, framing_fields = core.parse_block(b"".join(lines))
        framing = core.response_framing(200, "GET", 11, framing_fields)
        assert fields == message.items(), "core and stdlib disagree on the fields"
        assert framing.length == 100 + 37 * number
        assert not framing.will_close


def measure(func: Callable[[], object], number: int) -> float:
    """Seconds per call: the best of one timeit repeat."""
    return timeit.timeit(func, number=number) / number


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="interleaved rounds")
    parser.add_argument("--number", type=int, default=20000, help="calls per round")
    args = parser.parse_args()
    _check()
    cases = {
        "stdlib parse_headers": stdlib_parse_headers,
        "core head (warm)": core_head,
        "core head (cold)": core_head_cold,
        "core head (two kinds in turn), per head": core_head_two_kinds,
        "core ResponseParser.got_head_block": core_parser_block,
        "core ResponseParser.got_line x22": core_parser_lines,
    }
    best = dict.fromkeys(cases, float("inf"))
    for _ in range(args.rounds):
        for name, func in cases.items():
            best[name] = min(best[name], measure(func, args.number))
    best["core head (two kinds in turn), per head"] /= 2
    base = best["stdlib parse_headers"]
    print(
        f"Python {platform.python_version()} ({platform.python_implementation()}),"
        f" {platform.machine()}; {len(FIELDS)} fields, {len(HEAD)} bytes;"
        f" best of {args.rounds} x {args.number}"
    )
    for name, seconds in best.items():
        print(f"{name:40s} {seconds * 1e6:8.2f} us   {base / seconds:5.2f}x stdlib")
    ratio = base / best["core head (warm)"]
    print(f"core head parse is {ratio:.2f}x faster than http.client.parse_headers")
    sys.exit(0)


if __name__ == "__main__":
    main()
