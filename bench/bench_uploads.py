"""Benchmark: uploads, httpclient_compat against http.client.

Run by hand (never as a test): ``python bench/bench_uploads.py``.  Each row
uploads one body to a server in its own process (bench/_server.py, mode
"sink", which reads and drops it), from a child process per upload, so
that the client's CPU (user and system, around the request alone) and its
peak RSS are its own.  The stdlib and ours run in alternating rounds, the
order swapped from round to round, and each keeps its best figures.

- "1 GiB file, Content-Length": ``request("PUT", "/", body=open(path,
  "rb"), headers={"Content-Length": ...})``.  The stdlib reads and sends
  ``blocksize`` blocks; ours hands the file to ``socket.sendfile``.
- "1 GiB chunked, 64 KiB iterable": ``request("PUT", "/", body=iterable)``
  of 16,384 blocks of 64 KiB, which both send chunked.

Throughput ratios are the stdlib's client CPU over ours (higher is
better); "RSS growth" is the child's peak resident set after the upload
less before it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from bench_shell import server  # noqa: E402

BLOCK = 1 << 16
ROWS = ("1 GiB file, Content-Length", "1 GiB chunked, 64 KiB iterable")
MODULES = ("http.client", "httpclient_compat")


def _child(module_name: str, row: str, path: str, size: int, port: int) -> None:
    """One upload in this process; prints its figures as JSON."""
    sys.path.insert(0, ROOT)
    module = __import__(module_name, fromlist=["HTTPConnection"])
    conn = module.HTTPConnection("127.0.0.1", port)
    conn.connect()
    block = b"x" * BLOCK
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    usage0 = resource.getrusage(resource.RUSAGE_SELF)
    wall0 = time.perf_counter()
    if row == ROWS[0]:
        with open(path, "rb") as body:
            conn.request("PUT", "/", body=body, headers={"Content-Length": str(size)})
            response = conn.getresponse()
    else:
        blocks = (block for _ in range(size // BLOCK))
        conn.request("PUT", "/", body=blocks)
        response = conn.getresponse()
    response.read()
    wall = time.perf_counter() - wall0
    usage1 = resource.getrusage(resource.RUSAGE_SELF)
    conn.close()
    assert response.status == 200, response.status
    cpu = (usage1.ru_utime - usage0.ru_utime) + (usage1.ru_stime - usage0.ru_stime)
    growth_kib = usage1.ru_maxrss - rss0  # ru_maxrss is in KiB on Linux
    print(json.dumps({"cpu": cpu, "wall": wall, "rss_growth_kib": growth_kib}))


def _measure(module_name: str, row: str, path: str, size: int) -> dict[str, float]:
    with server("sink") as port:
        out = subprocess.run(
            [sys.executable, __file__, "--child", module_name, row, path, str(size), str(port)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    figures: dict[str, float] = json.loads(out)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1 << 30, help="body size in bytes")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds; best kept")
    parser.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        module_name, row, path, size, port = args.child
        _child(module_name, row, path, int(size), int(port))
        return
    print(f"Python {sys.version.split()[0]}; {os.cpu_count()} CPUs; {args.size} bytes per upload")
    print(f"  {'row':32s} {'':8s} {'stdlib':>10s} {'ours':>10s} {'ratio':>8s}")
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "upload.bin")
        with open(path, "wb") as f:
            f.truncate(args.size)  # zeros, read from the page cache by both
        for row in ROWS:
            best: dict[str, dict[str, float]] = {}
            for round_ in range(args.rounds):
                order = MODULES if round_ % 2 == 0 else MODULES[::-1]
                for name in order:
                    got = _measure(name, row, path, args.size)
                    kept = best.setdefault(name, got)
                    for key, value in got.items():
                        kept[key] = min(kept[key], value)
            std, ours = best[MODULES[0]], best[MODULES[1]]
            print(
                f"  {row:32s} {'CPU':8s} {std['cpu']:9.2f}s {ours['cpu']:9.2f}s"
                f" {std['cpu'] / ours['cpu']:7.2f}x"
            )
            print(
                f"  {'':32s} {'wall':8s} {std['wall']:9.2f}s {ours['wall']:9.2f}s"
                f" {std['wall'] / ours['wall']:7.2f}x"
            )
            print(
                f"  {'':32s} {'RSS +KiB':8s} {std['rss_growth_kib']:10.0f} "
                f"{ours['rss_growth_kib']:10.0f}"
            )


if __name__ == "__main__":
    main()
