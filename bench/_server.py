"""A minimal keep-alive HTTP/1.1 server for the benchmarks, run as its own
process so its CPU is not counted against the client.

Usage: python bench/_server.py PORTFILE MODE
MODE "small": every request gets the same 8-header, 100-byte response.
MODE "big:N": every request gets an N-byte body, sent with sendfile from a
zero-filled file (so the server costs little CPU).
MODE "sink": every request's body (Content-Length, or chunked data that
holds no CRLF) is read and dropped, and an empty 200 answers it.
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


def sink(conn: socket.socket) -> None:
    """Read uploads and answer each; the bodies are dropped as they come."""
    buffer = bytearray(1 << 20)
    pending = b""
    while True:
        while b"\r\n\r\n" not in pending:
            data = conn.recv(65536)
            if not data:
                return
            pending += data
        head, pending = pending.split(b"\r\n\r\n", 1)
        fields = dict(
            line.lower().split(b": ", 1) for line in head.split(b"\r\n")[1:] if b": " in line
        )
        if b"content-length" in fields:
            left = int(fields[b"content-length"]) - len(pending)
            pending = b""
            while left > 0:
                got = conn.recv_into(buffer, min(left, len(buffer)))
                if not got:
                    return
                left -= got
        else:  # chunked: the data holds no CRLF, so the last chunk ends it
            tail = pending[-7:]
            while not tail.endswith(b"\r\n0\r\n\r\n") and pending != b"0\r\n\r\n":
                got = conn.recv_into(buffer)
                if not got:
                    return
                tail = (tail + bytes(buffer[max(0, got - 7) : got]))[-7:]
                pending = b""
            pending = b""
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")


def serve(portfile: str, mode: str) -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    with open(portfile, "w") as f:
        f.write(str(listener.getsockname()[1]))
    conn, _ = listener.accept()
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    if mode == "sink":
        sink(conn)
        conn.close()
        listener.close()
        return
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
