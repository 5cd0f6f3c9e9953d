"""Benchmark: reading response heads from many servers, against http.client.

Run by hand (never as a test): ``python bench/bench_heads.py``.  Each row
times ``HTTPResponse(sock).begin(); read()`` on both modules, side by side
in one process, over a buffered reader holding one response (what
``sock.makefile("rb")`` gives), and prints the time per response and the
ratio.  Every head has 20 fields; each *kind* of head (a server, or one of
its endpoints) has its own set and order of field names, and values
change from call to call as a server's do.  The rows differ only in how
kinds follow each other, which is what a cache keyed on what one server
repeats would be sensitive to:

- one kind repeated: a client of one API;
- 50 kinds in turn: a client of several APIs;
- 200 kinds each seen twice (all once, then all again): a crawler;
- 2,000 kinds each seen once: first sight only, which no cache can help.

Each round makes kinds never seen before in the process, so "first
sight" is true in every round; the best round of each side is kept.
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
import time
from collections.abc import Iterator
from typing import Any

import httpclient_compat

#: Field names servers send, from which each kind draws its own set.
COMMON_NAMES = [
    "Date", "Server", "Content-Type", "Cache-Control", "Expires", "Last-Modified", "ETag",
    "Vary", "X-Frame-Options", "X-Content-Type-Options", "Strict-Transport-Security",
    "Set-Cookie", "Access-Control-Allow-Origin", "X-Request-Id", "Via", "Age",
    "Accept-Ranges", "X-Cache", "Content-Encoding", "Pragma", "X-Powered-By",
    "Content-Security-Policy", "Referrer-Policy", "X-XSS-Protection", "Link", "Alt-Svc",
    "CF-Ray", "X-Amz-Request-Id", "X-Amz-Id-2", "X-Served-By", "X-Timer", "Report-To",
    "NEL", "Permissions-Policy", "X-RateLimit-Limit", "X-RateLimit-Remaining",
    "X-RateLimit-Reset", "Access-Control-Allow-Credentials", "Access-Control-Expose-Headers",
    "X-Runtime", "X-Trace-Id", "Timing-Allow-Origin", "Server-Timing", "Content-Language",
    "X-Cache-Hits", "X-Backend", "X-Envoy-Upstream-Service-Time", "Location",
]  # fmt: skip
BODY = b"x" * 100
_serial = itertools.count()


def _value(name: str, call: int) -> str:
    """A value as a server writes it, different on every call."""
    if name in ("Date", "Expires", "Last-Modified"):
        return f"Mon, 07 Dec 2026 {call // 3600 % 24:02d}:{call // 60 % 60:02d}:{call % 60:02d} GMT"
    if name == "ETag":
        return f'"{call:08x}-5e3a"'
    if name == "Age":
        return str(call % 3600)
    return f"{name.lower()}-value-{call % 9973}"


def kind_names(kind: int) -> list[str]:
    """The 18 names of one kind (Content-Length and Connection follow):
    its own choice and order from the common names, and two names of its
    own (an application's headers)."""
    step = 7 + 2 * (kind % 5)
    names = [COMMON_NAMES[(kind + i * step) % len(COMMON_NAMES)] for i in range(40)]
    chosen = list(dict.fromkeys(names))[:16]
    return [*chosen, f"X-App-{kind:x}-Id", f"X-App-{kind:x}-Version"]


def response(names: list[str], call: int) -> bytes:
    lines = [f"{name}: {_value(name, call)}" for name in names]
    lines += [f"Content-Length: {len(BODY)}", "Connection: keep-alive"]
    head = "HTTP/1.1 200 OK\r\n" + "".join(line + "\r\n" for line in lines) + "\r\n"
    return head.encode("latin-1") + BODY


def row_sequence(row: str, count: int) -> list[list[str]]:
    """The kinds' names, in the order the row sees them; new kinds each call."""
    fresh = next(_serial) * 100_000
    if row == "one kind repeated":
        return [kind_names(fresh)] * count
    if row == "50 kinds in turn":
        kinds = [kind_names(fresh + k) for k in range(50)]
        return [kinds[i % 50] for i in range(count)]
    if row == "200 kinds each seen twice":
        kinds = [kind_names(fresh + k) for k in range(200)]
        return kinds + kinds
    assert row == "2,000 kinds each seen once"
    return [kind_names(fresh + k) for k in range(2000)]


ROWS = ("one kind repeated", "50 kinds in turn", "200 kinds each seen twice",
        "2,000 kinds each seen once")  # fmt: skip


class _Socket:
    __slots__ = ("data",)

    def __init__(self, data: bytes) -> None:
        self.data = data

    def makefile(self, mode: str) -> io.BufferedReader:
        return io.BufferedReader(io.BytesIO(self.data))  # type: ignore[arg-type]


def _read_all(module: Any, responses: list[bytes]) -> float:
    response_class = module.HTTPResponse
    start = time.perf_counter()
    for data in responses:
        response = response_class(_Socket(data))
        response.begin()
        response.read()
    return time.perf_counter() - start


def measure(row: str, rounds: int) -> tuple[float, float]:
    """Best seconds per response of (stdlib, ours) for *row*."""
    best = {"stdlib": float("inf"), "ours": float("inf")}
    sides: list[tuple[str, Any]] = [("stdlib", http.client), ("ours", httpclient_compat)]
    for round_ in range(rounds):
        for name, module in sides if round_ % 2 == 0 else sides[::-1]:
            # Kinds never seen before, in this row's order, made before the clock.
            responses = [response(names, call) for call, names in enumerate(row_sequence(row, 400))]
            best[name] = min(best[name], _read_all(module, responses) / len(responses))
    return best["stdlib"], best["ours"]


def table(rounds: int) -> Iterator[tuple[str, float, float]]:
    for row in ROWS:
        stdlib, ours = measure(row, rounds)
        yield row, stdlib, ours


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="rounds per side; best kept")
    args = parser.parse_args(argv)
    print(f"Python {platform.python_version()}; HTTPResponse(sock).begin(); read(), 20 fields")
    print(f"  {'row':<28} {'stdlib':>10} {'ours':>10}  speed-up")
    for row, stdlib, ours in table(args.rounds):
        print(f"  {row:<28} {stdlib * 1e6:8.1f} us {ours * 1e6:8.1f} us  {stdlib / ours:5.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
