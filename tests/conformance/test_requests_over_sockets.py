"""The request corpus over real sockets: the bytes that arrive.

test_requests.py compares each ``sendall`` call over a fake socket, where
the shell keeps http.client's call pattern.  Over a real socket the shell
may take other calls (``sendfile`` for a regular file, ``sendmsg`` for a
chunk, docs/differences.rst), so here every pattern of the corpus runs on
one end of a socket pair and the bytes the other end receives must be the
stdlib's, with the same error at the same step, the same response and the
same debug output.
"""

from __future__ import annotations

import contextlib
import http.client
import io
import os
import socket
import threading
from dataclasses import dataclass
from types import ModuleType
from typing import Any
from unittest import mock

import pytest

import httpclient_compat

from .corpus import REQUESTS, RequestCase
from .harness import (
    ErrorInfo,
    _call,
    _refuse_network,
    _resolve,
    _second_exchange_response,
    error_info,
)

_ANSWER = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"


@dataclass
class Arrived:
    """What the server's end received, and what the client saw."""

    received: bytes = b""
    error: ErrorInfo | None = None
    error_step: int | None = None
    response: Any = None
    printed: str = ""


def run_over_socket(side: ModuleType, case: RequestCase) -> Arrived:
    out = Arrived()
    cls: Any = side.HTTPConnection
    if case.http10:
        cls = type("HTTP10Connection", (cls,), {"_http_vsn": 10, "_http_vsn_str": "HTTP/1.0"})
    client_end, server_end = socket.socketpair()
    received = bytearray()

    def drain() -> None:
        # Until the client's end closes; with the answer unread (a request
        # that failed) the close resets the pair.
        with contextlib.suppress(ConnectionResetError):
            while data := server_end.recv(65536):
                received.extend(data)

    reader = threading.Thread(target=drain)
    reader.start()
    server_end.sendall(_ANSWER)  # waiting before the request: read after it
    opened: list[Any] = []
    printed = io.StringIO()
    conn: Any = None
    try:
        with contextlib.redirect_stdout(printed):
            try:
                conn = cls(case.host, case.port, blocksize=case.blocksize)
            except Exception as exc:  # a bad host or port
                out.error, out.error_step = error_info(exc), -1
                return out
            conn.set_debuglevel(case.debuglevel)
            conn._create_connection = _refuse_network
            conn.sock = client_end
            for index, (name, *args) in enumerate(case.steps):
                try:
                    _call(conn, name, [_resolve(arg, opened) for arg in args])
                except Exception as exc:
                    out.error, out.error_step = error_info(exc), index
                    break
            if out.error is None:
                out.response = _second_exchange_response(conn)
    finally:
        for body in opened:
            if hasattr(body, "close"):
                body.close()
        if conn is not None:
            conn.close()
        client_end.close()
        reader.join(10)
        server_end.close()
    out.received = bytes(received)
    out.printed = printed.getvalue()
    return out


_CASES = [case for case in REQUESTS if case.tunnel is None]


@pytest.mark.parametrize("case", [pytest.param(case, id=case.name) for case in _CASES])
def test_the_bytes_that_arrive_are_the_stdlibs(case: RequestCase) -> None:
    stdlib = run_over_socket(http.client, case)
    ours = run_over_socket(httpclient_compat, case)
    assert ours == stdlib


def test_the_corpus_reaches_the_sendfile_and_sendmsg_paths() -> None:
    """Some patterns of the corpus take each path over a real socket, so
    the comparison above covers them."""
    from httpclient_compat._blocking import sending

    with (
        mock.patch("os.sendfile", side_effect=os.sendfile) as sendfile,
        mock.patch.object(sending, "_send_chunk", side_effect=sending._send_chunk) as chunk,
    ):
        for case in _CASES:
            run_over_socket(httpclient_compat, case)
    assert sendfile.call_count >= 2
    assert chunk.call_count >= 10
