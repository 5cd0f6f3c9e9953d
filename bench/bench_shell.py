"""Benchmark: httpclient_compat's blocking shell against http.client.

Run by hand (never as a test): ``python bench/bench_shell.py``.  Every
figure is a ratio against the stdlib measured in the same run, with the
server in its own process (bench/_server.py) so that only the client's
CPU is counted (but for the one-thread row, see same_thread()).

1. A keep-alive GET of a 100-byte, 8-header response on loopback: client
   CPU per request, user and system time apart (the system time is the
   kernel's socket work, the same system calls for both clients).  A bare
   socket doing the same exchange with no HTTP code at all is measured
   alongside, as the floor any client pays here.  Measured four ways: with
   client and server where the scheduler puts them, and pinned together to
   one CPU (see one_cpu()); and in one thread, the server's end a socket
   of the client's own thread, so that no wait and no other process comes
   between the client's steps (see same_thread()).  And the two clients
   at once, each with its own server, all pinned to one CPU, in
   alternating batches timed by the thread's CPU clock, so that what the
   machine does meanwhile lands on both (see batched()).  With
   ``--instructions``, also counted in user-space instructions by
   callgrind, when valgrind is installed.
2. ``begin()`` on a 20-field response head from memory, its values
   changing from call to call (bench_core's variants); chunked bodies
   read to the end from memory (8 KiB and 64-byte chunks); and 2000 lines
   read by iterating over the response (Content-Length, 4 KiB chunks, a
   chunk per line).
3. A 1 GiB body read with ``read(65536)`` and with ``readinto`` of a 64 KiB
   buffer, over loopback (wall time and client CPU), and the same reads
   from /dev/zero (client CPU without the kernel's socket work).

Every part runs the two clients in rounds (``--rounds``), the order
swapped from round to round, and keeps each client's best figure: noise
from the machine then cannot favour one side by landing on the other.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Measure the tree this file sits in, whatever is installed.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import argparse
import contextlib
import http.client
import io
import itertools
import os
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import Any

import httpclient_compat

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from _server import _small_response  # noqa: E402
from bench_core import STATUS, VARIANTS, head_lines  # noqa: E402

MODULES: list[ModuleType] = [http.client, httpclient_compat]


@contextmanager
def server(mode: str) -> Iterator[int]:
    """A bench server process; yields its port."""
    with tempfile.TemporaryDirectory() as tmp:
        portfile = os.path.join(tmp, "port")
        proc = subprocess.Popen([sys.executable, os.path.join(HERE, "_server.py"), portfile, mode])
        try:
            deadline = time.monotonic() + 10
            port = ""
            while not port:
                if time.monotonic() > deadline:
                    raise RuntimeError("bench server did not start")
                time.sleep(0.01)
                if os.path.exists(portfile):
                    port = Path(portfile).read_text()
            yield int(port)
        finally:
            proc.wait(timeout=30)


def cpu() -> tuple[float, float]:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime, usage.ru_stime


def keep_alive(module: ModuleType, requests: int) -> tuple[float, float, float]:
    """Per request: user CPU, system CPU, wall (seconds)."""
    with server("small") as port:
        conn = module.HTTPConnection("127.0.0.1", port)
        for _ in range(200):  # warm up
            conn.request("GET", "/")
            conn.getresponse().read()
        user0, sys0 = cpu()
        wall0 = time.perf_counter()
        for _ in range(requests):
            conn.request("GET", "/")
            response = conn.getresponse()
            response.read()
        wall = time.perf_counter() - wall0
        user1, sys1 = cpu()
        conn.close()
    return (user1 - user0) / requests, (sys1 - sys0) / requests, wall / requests


#: What the bare socket sends: the stdlib's request head, byte for byte.
_BARE_REQUEST = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: identity\r\n\r\n"


def _bare_exchange(sock: socket.socket) -> None:
    """One sendall of the request bytes and recv() until the known response
    length: the exchange with no HTTP code at all."""
    sock.sendall(_BARE_REQUEST)
    got = 0
    while got < _SMALL_SIZE:
        got += len(sock.recv(65536))


_SMALL_SIZE = len(_small_response())


def bare_socket(requests: int) -> tuple[float, float, float]:
    """The floor: the same exchange with no HTTP code at all."""
    with server("small") as port:
        sock = socket.create_connection(("127.0.0.1", port))

        def exchange() -> None:
            _bare_exchange(sock)

        for _ in range(200):  # warm up
            exchange()
        user0, sys0 = cpu()
        wall0 = time.perf_counter()
        for _ in range(requests):
            exchange()
        wall = time.perf_counter() - wall0
        user1, sys1 = cpu()
        sock.close()
    return (user1 - user0) / requests, (sys1 - sys0) / requests, wall / requests


def same_thread(module: ModuleType | None, requests: int) -> float:
    """Per request: process CPU (user + system) of the keep-alive exchange
    over loopback with no waiting, by *module*'s client, or (``None``) by a
    bare socket, the floor.

    The server's end is a socket of this same thread: it drains the
    request once the client has sent it and writes the response before
    the client reads, so the client never blocks and no other process runs
    between its steps.  The server's two system calls are counted too,
    alike for every client, which can only pull a ratio towards 1.  (A
    response written before the request would be bytes waiting on an idle
    connection, which this module refuses to read as the answer.)
    """
    reply = _small_response()
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]
        if module is None:
            client: Any = socket.create_connection(("127.0.0.1", port))
            client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        else:
            client = module.HTTPConnection("127.0.0.1", port)
            client.connect()
        end, _ = listener.accept()
    end.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def exchange() -> None:
        if module is None:
            client.sendall(_BARE_REQUEST)
        else:
            client.request("GET", "/")
        end.recv(65536)
        end.sendall(reply)
        if module is None:
            got = 0
            while got < _SMALL_SIZE:
                got += len(client.recv(65536))
        else:
            client.getresponse().read()

    for _ in range(200):  # warm up
        exchange()
    start = time.process_time()
    for _ in range(requests):
        exchange()
    used = (time.process_time() - start) / requests
    client.close()
    end.close()
    return used


class _MemorySocket:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def makefile(self, mode: str, bufsize: int = -1) -> io.BufferedReader:
        return io.BufferedReader(io.BytesIO(self.data))


def _head_sockets() -> Iterator[_MemorySocket]:
    # bench_core's head, its values changing from call to call as a
    # server's do (the same variants in the same order for both clients).
    return itertools.cycle(
        [_MemorySocket(STATUS + b"".join(head_lines(n)) + b"x" * 100) for n in range(VARIANTS)]
    )


def begin(module: ModuleType, number: int) -> float:
    socks = _head_sockets()

    def one() -> None:
        module.HTTPResponse(next(socks), method="GET").begin()

    return min(timeit.repeat(one, number=number, repeat=5)) / number


def chunked_body(total: int, size: int) -> bytes:
    """A response whose *total*-byte body comes in chunks of *size* bytes."""
    chunk = b"%x\r\n%s\r\n" % (size, b"x" * size)
    head = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    return head + chunk * (total // size) + b"0\r\n\r\n"


def read_from_memory(module: ModuleType, data: bytes, number: int, lines: bool = False) -> float:
    """Seconds per response to read *data* to the end from memory, with
    read(65536), or (*lines*) by iterating over its lines."""
    sock = _MemorySocket(data)

    def one() -> None:
        response = module.HTTPResponse(sock, method="GET")
        response.begin()
        if lines:
            for _ in response:
                pass
        else:
            while response.read(65536):
                pass

    return min(timeit.repeat(one, number=number, repeat=5)) / number


def json_lines(chunk_size: int | None) -> bytes:
    """A response of 2000 JSON lines, with Content-Length or in chunks."""
    body = b"".join(b'{"event": %d, "data": "%s"}\n' % (i, b"x" * 32) for i in range(2000))
    if chunk_size is None:
        return b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body) + body
    pieces = [body[i : i + chunk_size] for i in range(0, len(body), chunk_size)]
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for piece in pieces)
    return b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks + b"0\r\n\r\n"


def big_body(module: ModuleType, size: int, use_readinto: bool) -> tuple[float, float]:
    """Wall and client CPU (user + system) seconds to read a *size* body."""
    with server(f"big:{size}") as port:
        conn = module.HTTPConnection("127.0.0.1", port)
        conn.request("GET", "/")
        response = conn.getresponse()
        user0, sys0 = cpu()
        wall0 = time.perf_counter()
        total = _drain(response, use_readinto)
        wall = time.perf_counter() - wall0
        user1, sys1 = cpu()
        conn.close()
    assert total == size, (total, size)
    return wall, (user1 - user0) + (sys1 - sys0)


def _drain(response: Any, use_readinto: bool) -> int:
    buffer = bytearray(65536)
    total = 0
    if use_readinto:
        while n := response.readinto(buffer):
            total += n
    else:
        while data := response.read(65536):
            total += len(data)
    return total


def big_body_from_fd(module: ModuleType, size: int, use_readinto: bool) -> float:
    """Client CPU seconds to read a *size* body from /dev/zero: the same
    reads through the same C file objects, without the kernel's socket work
    and the server's pace, which blur the loopback figure by 5-10%."""
    head = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % size
    response = module.HTTPResponse(_MemorySocket(head), method="GET")
    response.begin()
    with open("/dev/zero", "rb") as zero:
        response.fp = zero  # a BufferedReader over a FileIO, as makefile's
        start = time.process_time()
        total = _drain(response, use_readinto)
        used = time.process_time() - start
    assert total == size, (total, size)
    return used


@contextmanager
def one_cpu() -> Iterator[None]:
    """Run this process, and the server it starts meanwhile, on one CPU.

    On the small virtual machines this runs on, a client that waits for a
    server on another CPU is charged 30 to 50 us of user CPU per request by
    cold caches after each wake-up, whichever client it is: pinned together,
    the two processes hand the CPU to each other and the figure is the
    client's own work.
    """
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(before)})
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def _keep_alive_ratios(rounds: int, requests: int, pinned: bool) -> None:
    best: dict[str, tuple[float, float, float]] = {}

    def keep(name: str, result: tuple[float, float, float]) -> None:
        if name not in best or sum(result[:2]) < sum(best[name][:2]):
            best[name] = result

    for round_, index, module in _alternating(rounds):
        keep(module.__name__, keep_alive(module, requests))
        if index == round_ % 2:  # once a round, between the two clients
            keep("bare", bare_socket(requests))
    std, ours, bare = best[http.client.__name__], best[httpclient_compat.__name__], best["bare"]
    if pinned:
        print("  client and server pinned to one CPU:")
    else:
        print("  client and server where the scheduler puts them:")
    ratio = partial(_ratio, indent="    ")
    ratio("client user CPU", std[0], ours[0])
    ratio("client system CPU", std[1], ours[1])
    ratio("client CPU, user + system", std[0] + std[1], ours[0] + ours[1])
    ratio("wall", std[2], ours[2])
    print("    the floor, a bare socket doing the same exchange (no HTTP code):")
    ratio("bare socket user CPU", std[0], bare[0])
    ratio("bare socket user + system", std[0] + std[1], bare[0] + bare[1])


def batched(requests: int, batch: int = 50) -> tuple[float, float, float]:
    """Both clients at once, pinned to one CPU with their servers: each
    against a server of its own, in alternating batches of *batch*
    requests, timed with the thread's CPU clock (user + system, exact
    where rusage samples).  Whatever the machine does meanwhile lands on
    both alike.  Returns per request the stdlib's and our CPU, and the
    median of the batches' ratios."""
    with contextlib.ExitStack() as stack:
        stack.enter_context(one_cpu())
        conns = [
            module.HTTPConnection("127.0.0.1", stack.enter_context(server("small")))
            for module in MODULES
        ]

        def run(conn: Any, number: int) -> float:
            start = time.thread_time()
            for _ in range(number):
                conn.request("GET", "/")
                conn.getresponse().read()
            return time.thread_time() - start

        for conn in conns:
            run(conn, 200)  # warm up
        totals = [0.0, 0.0]
        ratios = []
        rounds = max(requests // batch, 1)
        for round_ in range(rounds):
            used = [0.0, 0.0]
            for index in (0, 1) if round_ % 2 == 0 else (1, 0):
                used[index] = run(conns[index], batch)
                totals[index] += used[index]
            ratios.append(used[1] / used[0])
        for conn in conns:
            conn.close()
    done = rounds * batch
    return totals[0] / done, totals[1] / done, statistics.median(ratios)


def _batched_ratio(requests: int) -> None:
    std, ours, median = batched(requests)
    print("  both clients pinned to one CPU, alternating batches of 50 requests:")
    _ratio("thread CPU, user + system", std, ours, indent="    ")
    print(f"    {'median of the batch ratios':28s}{'':40s}   ours/stdlib {median:5.2f}")


def _same_thread_ratios(rounds: int, requests: int) -> None:
    best = [float("inf")] * len(MODULES)
    bare = float("inf")
    for round_, index, module in _alternating(rounds):
        best[index] = min(best[index], same_thread(module, requests))
        if index == round_ % 2:  # once a round, between the two clients
            bare = min(bare, same_thread(None, requests))
    print(
        "  in one thread, the server's end a socket of the same thread (no waiting;"
        f" best of {rounds} alternating rounds):"
    )
    _ratio("process CPU, user + system", best[0], best[1], indent="    ")
    _ratio("bare socket, user + system", best[0], bare, indent="    ")


def keep_alive_loop(module: ModuleType, requests: int, evict: bool = False) -> None:
    """The keep-alive exchange alone, for an instruction count; with
    *evict*, the caches evicted before each exchange, as a client finds
    them after another process ran (see --cache)."""
    wipe = _evictor() if evict else None
    with server("small") as port:
        conn = module.HTTPConnection("127.0.0.1", port)
        for _ in range(requests):
            if wipe is not None:
                wipe()
            conn.request("GET", "/")
            conn.getresponse().read()
        conn.close()


def begin_loop(module: ModuleType, number: int) -> None:
    """``begin()`` alone, as :func:`begin` times it, for an instruction count."""
    socks = _head_sockets()
    for _ in range(number):
        module.HTTPResponse(next(socks), method="GET").begin()


#: Bytes written between two exchanges by the evicting loops: twice the
#: simulated last level, so that every line of it is missed (LRU), the same
#: count with or without an exchange between, and all else evicted.
_EVICT = 1 << 20


def _evictor() -> Callable[[], None]:
    """A call that writes _EVICT bytes, evicting the caches."""
    junk = bytearray(_EVICT)
    zeros = bytes(_EVICT)

    def wipe() -> None:
        junk[:] = zeros

    return wipe


def evict_loop(module: ModuleType, number: int) -> None:
    """The eviction of keep_alive_loop(evict=True) alone, subtracted from it."""
    wipe = _evictor()
    for _ in range(number):
        wipe()


#: What --count-child runs, by the name _instruction_ratio() passes.
_COUNTED = {
    "keep-alive": keep_alive_loop,
    "begin": begin_loop,
    "keep-alive-evicted": partial(keep_alive_loop, evict=True),
    "evict": evict_loop,
}

#: callgrind's cache simulation: 32 KiB L1s and, as last level, a 512 KiB
#: cache (the L2 of the EPYC the figures on the docs page come from).
_CACHE_SIM = ("--cache-sim=yes", "--I1=32768,8,64", "--D1=32768,8,64", "--LL=524288,8,64")


def _counts(
    part: str, number: int, module: ModuleType, options: tuple[str, ...] = ()
) -> list[float]:
    """callgrind's event counts per call of *part* (instructions first;
    with _CACHE_SIM, then data reads and writes and the misses of each
    level).  Two runs, *number* calls apart, so that start-up cancels out."""
    totals = []
    for n in (number // 5, number // 5 + number):
        run = subprocess.run(
            ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *options,
             sys.executable, __file__, "--count-child", part, module.__name__, str(n)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        totals.append([int(x) for x in re.findall(r"Collected : ([\d ]+)", run.stderr)[-1].split()])
    return [(after - before) / number for before, after in zip(*totals)]


def _instruction_ratio(part: str, number: int, label: str, indent: str = "  ") -> None:
    """User-space instructions per call of *part*, counted by callgrind:
    the one figure here that the machine's noise does not move (by up to
    3% with memory layout)."""
    if not shutil.which("valgrind"):
        print("  instructions: valgrind is not installed, not counted")
        return
    counts = [_counts(part, number, module)[0] for module in MODULES]
    _ratio(label, counts[0], counts[1], "k", 1e-3, indent)


def _cache_ratios(number: int) -> None:
    """Per keep-alive exchange, by callgrind's cache simulation: the L1
    misses with warm caches, and the lines fetched from beyond the last
    level when it was evicted before the exchange (the eviction's own
    misses subtracted).  A client that runs after another process pays
    for the lines it touches more than for its instructions."""
    if not shutil.which("valgrind"):
        print("  caches: valgrind is not installed, not simulated")
        return
    warm, cold = [], []
    for module in MODULES:
        events = _counts("keep-alive", number, module, _CACHE_SIM)
        warm.append(sum(events[3:6]))
        evicted = _counts("keep-alive-evicted", number, module, _CACHE_SIM)
        alone = _counts("evict", number, module, _CACHE_SIM)
        cold.append(sum(evicted[6:9]) - sum(alone[6:9]))
    _ratio("L1 misses, warm", warm[0], warm[1], "k", 1e-3, "    ")
    _ratio("lines past L2, evicted", cold[0], cold[1], "k", 1e-3, "    ")


def _ratio(
    name: str, stdlib: float, ours: float, unit: str = "us", scale: float = 1e6, indent: str = "  "
) -> None:
    # getrusage() counts in clock ticks: a short run can measure 0 s.
    ratio = f"{ours / stdlib:5.2f}" if stdlib else "  n/a"
    print(
        f"{indent}{name:28s} stdlib {stdlib * scale:9.2f} {unit}   ours {ours * scale:9.2f} {unit}"
        f"   ours/stdlib {ratio}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds; best kept")
    parser.add_argument("--body", type=int, default=1 << 30, help="big body size in bytes")
    parser.add_argument(
        "--instructions", action="store_true", help="also count instructions with callgrind"
    )
    parser.add_argument(
        "--cache", action="store_true", help="also simulate the caches with callgrind (slow)"
    )
    parser.add_argument("--count-child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.count_child:
        part, name, number = args.count_child
        _COUNTED[part](sys.modules[name], int(number))
        return
    print(f"Python {sys.version.split()[0]}; {os.cpu_count()} CPUs")

    print("keep-alive GET, 100-byte body, 8 fields, per request:")
    for pinned in (False, True):
        if pinned and not hasattr(os, "sched_setaffinity"):
            continue
        with one_cpu() if pinned else nullcontext():
            _keep_alive_ratios(args.rounds, args.requests, pinned)
    if hasattr(os, "sched_setaffinity"):
        _batched_ratio(args.requests * 2)
    # Short runs: more rounds find the machine's quiet moments.
    _same_thread_ratios(max(args.rounds, 9), args.requests)
    if args.instructions:
        print("  user-space instructions (callgrind), server in its own process:")
        _instruction_ratio("keep-alive", args.requests, "instructions per request", "    ")
    if args.cache:
        print("  callgrind's cache simulation (32 KiB L1s, 512 KiB last level), per request:")
        _cache_ratios(500)

    rounds = args.rounds
    print(f"begin() on a 20-field head from memory (best of {rounds} alternating rounds):")
    std_begin, our_begin = _best(rounds, partial(begin, number=5000))
    _ratio("begin()", std_begin, our_begin)
    print(f"  begin() is {std_begin / our_begin:.2f}x faster than http.client's")
    if args.instructions:
        _instruction_ratio("begin", 5000, "begin() instructions")

    print("chunked bodies from memory, read(65536) to the end, per response:")
    for total, size, label in (
        (1 << 20, 8192, "1 MiB in 8 KiB chunks"),
        (1 << 16, 64, "64 KiB in 64 B chunks"),
    ):
        data = chunked_body(total, size)
        _ratio(label, *_best(rounds, partial(read_from_memory, data=data, number=20)))

    print("2000 JSON lines from memory, `for line in response`, per response:")
    for chunk_size, label in (
        (None, "Content-Length"),
        (4096, "4 KiB chunks"),
        (55, "a chunk per line"),
    ):
        data = json_lines(chunk_size)
        _ratio(label, *_best(rounds, partial(read_from_memory, data=data, number=8, lines=True)))

    print(f"{args.body} byte body over loopback (best of {args.rounds} alternating rounds):")
    for use_readinto, label in ((False, "read(65536)"), (True, "readinto(64 KiB)")):
        walls = [float("inf")] * len(MODULES)
        cpus = [float("inf")] * len(MODULES)
        for _, index, module in _alternating(args.rounds):
            wall, used = big_body(module, args.body, use_readinto)
            walls[index] = min(walls[index], wall)
            cpus[index] = min(cpus[index], used)
        _ratio(f"{label} wall", walls[0], walls[1], "s", 1)
        _ratio(f"{label} client CPU", cpus[0], cpus[1], "s", 1)
    if os.path.exists("/dev/zero"):
        rounds = max(args.rounds, 15)
        print(f"the same body from /dev/zero, client CPU (best of {rounds} alternating rounds):")
        for use_readinto, label in ((False, "read(65536)"), (True, "readinto(64 KiB)")):
            cpus = [float("inf")] * len(MODULES)
            for _, index, module in _alternating(rounds):
                cpus[index] = min(cpus[index], big_body_from_fd(module, args.body, use_readinto))
            _ratio(f"{label} client CPU", cpus[0], cpus[1], "ms", 1e3)


def _best(rounds: int, measure: Callable[[ModuleType], float]) -> tuple[float, float]:
    """The best figure of each client (stdlib, ours) over alternating rounds."""
    best = [float("inf")] * len(MODULES)
    for _, index, module in _alternating(rounds):
        best[index] = min(best[index], measure(module))
    return best[0], best[1]


def _alternating(rounds: int) -> Iterator[tuple[int, int, ModuleType]]:
    """(round, index, module), the modules' order swapped every round so
    that neither always runs first."""
    for round_ in range(rounds):
        order = list(enumerate(MODULES))
        if round_ % 2:
            order.reverse()
        for index, module in order:
            yield round_, index, module


if __name__ == "__main__":
    main()
