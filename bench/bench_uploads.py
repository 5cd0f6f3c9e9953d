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
less before it.  Where urllib3 is installed, its ``HTTPConnectionPool``
uploads the same bodies in the same rounds (the file with its length, the
iterable with ``chunked=True``), for comparison.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from bench_shell import server  # noqa: E402

BLOCK = 1 << 16
ROWS = ("1 GiB file, Content-Length", "1 GiB chunked, 64 KiB iterable")
MODULES = ("http.client", "httpclient_compat")


def _urllib3_upload(row: str, path: str, size: int, port: int) -> Any:
    import urllib3

    pool = urllib3.HTTPConnectionPool("127.0.0.1", port, retries=False)
    block = b"x" * BLOCK
    if row == ROWS[0]:
        with open(path, "rb") as body:
            return pool.urlopen("PUT", "/", body=body, headers={"Content-Length": str(size)})
    blocks = (block for _ in range(size // BLOCK))
    return pool.urlopen("PUT", "/", body=blocks, chunked=True)


def _child(module_name: str, row: str, path: str, size: int, port: int) -> None:
    """One upload in this process; prints its figures as JSON."""
    sys.path.insert(0, ROOT)
    if module_name == "urllib3":
        rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        usage0 = resource.getrusage(resource.RUSAGE_SELF)
        wall0 = time.perf_counter()
        response = _urllib3_upload(row, path, size, port)
        wall = time.perf_counter() - wall0
        usage1 = resource.getrusage(resource.RUSAGE_SELF)
        assert response.status == 200, response.status
        _report(usage0, usage1, wall, rss0)
        return
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
    _report(usage0, usage1, wall, rss0)


def _report(usage0: Any, usage1: Any, wall: float, rss0: int) -> None:
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
    others = [name for name in ("urllib3",) if importlib.util.find_spec(name) is not None]
    print(
        f"  {'row':32s} {'':8s} {'stdlib':>10s} {'ours':>10s} {'ratio':>8s}"
        + "".join(f" {name:>10s} {'ratio':>8s}" for name in others)
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "upload.bin")
        with open(path, "wb") as f:
            f.truncate(args.size)  # zeros, read from the page cache by both
        for row in ROWS:
            best: dict[str, dict[str, float]] = {}
            for round_ in range(args.rounds):
                sides = (*MODULES, *others)
                order = sides if round_ % 2 == 0 else sides[::-1]
                for name in order:
                    got = _measure(name, row, path, args.size)
                    kept = best.setdefault(name, got)
                    for key, value in got.items():
                        kept[key] = min(kept[key], value)
            std = best[MODULES[0]]
            for key, label, unit in (("cpu", "CPU", "s"), ("wall", "wall", "s")):
                cells = [row if key == "cpu" else "", label]
                line = f"  {cells[0]:32s} {cells[1]:8s} {std[key]:9.2f}{unit}"
                for name in (MODULES[1], *others):
                    line += f" {best[name][key]:9.2f}{unit} {std[key] / best[name][key]:7.2f}x"
                print(line)
            line = f"  {'':32s} {'RSS +KiB':8s} {std['rss_growth_kib']:10.0f}"
            for name in (MODULES[1], *others):
                line += f" {best[name]['rss_growth_kib']:10.0f} {'':8s}"
            print(line)


if __name__ == "__main__":
    main()
