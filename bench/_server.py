"""A minimal keep-alive HTTP/1.1 server for the benchmarks, run as its own
process so its CPU is not counted against the client.

Usage: python bench/_server.py PORTFILE MODE
MODE "small": every request gets the same 8-header, 100-byte response.
MODE "big:N": every request gets an N-byte body, sent with sendfile from a
zero-filled file (so the server costs little CPU).
"""

from __future__ import annotations

import os
import socket
import sys
import tempfile


def _small_response() -> bytes:
    body = b"x" * 100
    head = (
        b"HTTP/1.1 200 OK\r\n"
        b"Date: Sat, 21 Nov 2026 06:46:58 GMT\r\n"
        b"Server: bench/1.0\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n"
        b"Cache-Control: no-cache\r\n"
        b"X-Request-Id: 7f3a9b2c1d\r\n"
        b"Vary: Accept-Encoding\r\n"
        b"Connection: keep-alive\r\n"
        b"Content-Length: 100\r\n\r\n"
    )
    return head + body


def serve(portfile: str, mode: str) -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    with open(portfile, "w") as f:
        f.write(str(listener.getsockname()[1]))
    conn, _ = listener.accept()
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    reply = _small_response()
    big = None
    if mode.startswith("big:"):
        size = int(mode.split(":")[1])
        big = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the server
        big.truncate(size)
        reply = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % size
    pending = b""
    while True:
        data = conn.recv(65536)
        if not data:
            break
        pending += data
        while b"\r\n\r\n" in pending:
            _, pending = pending.split(b"\r\n\r\n", 1)
            conn.sendall(reply)
            if big is not None:
                conn.sendfile(big, 0)
    conn.close()
    listener.close()


if __name__ == "__main__":
    serve(sys.argv[1], sys.argv[2])
    os._exit(0)
