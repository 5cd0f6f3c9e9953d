"""Loopback servers for the integration tests: started and stopped by each test.

:class:`RawServer` accepts on ``127.0.0.1:0`` and runs a scripted handler
per connection in a thread; the handler reads and writes bytes through a
:class:`Peer` (optionally over TLS).  :class:`HTTPServerThread` runs
``http.server.ThreadingHTTPServer`` with a handler that records every
request.  :class:`ConnectProxy` is a raw-server handler that answers
``CONNECT`` and relays bytes to an origin on 127.0.0.1.  :func:`make_tls`
issues trustme certificates for ``localhost`` and ``127.0.0.1``.

Every socket operation has a timeout and every ``__exit__`` joins its
threads and closes its sockets, so a test can neither hang nor leak.
:func:`loopback_only` records ``socket.connect`` audit events and fails
the test if anything connected anywhere but 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import gc
import http.server
import select
import socket
import ssl
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

import trustme

__all__ = [
    "ESTABLISHED",
    "TIMEOUT",
    "TLS",
    "ConnectProxy",
    "HTTPServerThread",
    "Peer",
    "RawServer",
    "Record",
    "Request",
    "loopback_only",
    "make_tls",
]

#: The bound on every blocking operation of the servers and clients here.
TIMEOUT = 5.0
ESTABLISHED = b"HTTP/1.1 200 Connection established\r\nProxy-Agent: test-proxy\r\n\r\n"


# -- guard: nothing leaves loopback ------------------------------------------------------

_connects: list[list[Any]] = []
_hook_installed = False


def _audit_hook(event: str, args: tuple[Any, ...]) -> None:
    if _connects and event == "socket.connect":
        _connects[-1].append(args[1])


@contextlib.contextmanager
def loopback_only() -> Iterator[None]:
    """Fail unless every socket connected to 127.0.0.1; then collect garbage,
    so a socket leaked by the test warns (an error) inside the test."""
    global _hook_installed  # noqa: PLW0603 - audit hooks are process-wide and permanent
    if not _hook_installed:
        sys.addaudithook(_audit_hook)
        _hook_installed = True
    addresses: list[Any] = []
    _connects.append(addresses)
    try:
        yield
    finally:
        _connects.pop()
        gc.collect()
    outside = [a for a in addresses if not (isinstance(a, tuple) and a[0] == "127.0.0.1")]
    assert not outside, f"connected outside 127.0.0.1: {outside}"


# -- requests as a server reads them -----------------------------------------------------


@dataclass
class Request:
    """One request as received: the raw head, its parts and the decoded body."""

    head: bytes
    method: str
    target: str
    version: str
    headers: list[tuple[str, str]]
    body: bytes = b""
    trailers: list[tuple[str, str]] = field(default_factory=list)

    def header(self, name: str) -> str | None:
        values = [v for k, v in self.headers if k.lower() == name.lower()]
        return ", ".join(values) if values else None


class Peer:
    """One accepted connection, seen from the server: buffered reads with timeouts."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self._buffer = bytearray()
        #: Every byte received, in order.
        self.received = bytearray()

    def _fill(self) -> bool:
        data = self.sock.recv(65536)
        self.received += data
        self._buffer += data
        return bool(data)

    def read_until(self, marker: bytes) -> bytes | None:
        """Bytes up to and including *marker*; None if the peer closed first."""
        while marker not in self._buffer:
            if not self._fill():
                return None
        end = self._buffer.index(marker) + len(marker)
        data = bytes(self._buffer[:end])
        del self._buffer[:end]
        return data

    def read_exactly(self, size: int) -> bytes:
        while len(self._buffer) < size:
            if not self._fill():
                raise EOFError(f"peer closed with {len(self._buffer)} of {size} bytes")
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        return data

    def take_buffered(self) -> bytes:
        data = bytes(self._buffer)
        self._buffer.clear()
        return data

    def read_request(self, *, body: bool = True) -> Request | None:
        """The next request (body decoded); None if the peer closed between requests."""
        head = self.read_until(b"\r\n\r\n")
        if head is None:
            return None
        lines = head.decode("latin-1").split("\r\n")
        method, target, version = lines[0].split(" ", 2)
        headers = [(k, v.strip()) for k, v in (line.split(":", 1) for line in lines[1:] if line)]
        request = Request(head, method, target, version, headers)
        if body:
            self.read_body(request)
        return request

    def read_body(self, request: Request) -> None:
        """Read *request*'s body (and trailers) into it, as its framing says."""
        if (request.header("Transfer-Encoding") or "").lower() == "chunked":
            request.body, request.trailers = self._read_chunked()
        elif request.header("Content-Length") is not None:
            request.body = self.read_exactly(int(request.header("Content-Length") or 0))

    def _read_chunked(self) -> tuple[bytes, list[tuple[str, str]]]:
        parts = []
        while True:
            line = self.read_until(b"\r\n")
            assert line is not None, "peer closed inside a chunked body"
            size = int(line.split(b";")[0], 16)
            if size == 0:
                break
            parts.append(self.read_exactly(size))
            assert self.read_exactly(2) == b"\r\n"
        trailers = []
        while (line := self.read_until(b"\r\n")) not in (b"\r\n", None):
            assert line is not None
            name, _, value = line.decode("latin-1").partition(":")
            trailers.append((name, value.strip()))
        return b"".join(parts), trailers

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def shutdown(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self.sock.close()


Handler = Callable[[Peer, "RawServer"], None]


class RawServer:
    """A loopback server running *handler(peer, server)* per accepted connection.

    With *tls*, each connection is wrapped server-side first; handshakes the
    client refuses are recorded in :attr:`handshake_errors`, not raised.
    An exception a handler raises before the server stops is re-raised by
    ``__exit__``, so assertions inside handlers count.
    """

    def __init__(self, handler: Handler, tls: ssl.SSLContext | None = None) -> None:
        self.handler = handler
        self.tls = tls
        self.stopped = threading.Event()
        #: One Peer per accepted connection, in order.
        self.peers: list[Peer] = []
        self.errors: list[BaseException] = []
        self.handshake_errors: list[BaseException] = []
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        #: The port it listens on, once entered.
        self.port = 0

    @property
    def connections(self) -> int:
        with self._lock:
            return len(self.peers)

    def __enter__(self) -> RawServer:
        self._listener.bind(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._listener.listen(16)
        self._listener.settimeout(0.05)
        self._start(self._accept_loop)
        return self

    def _start(self, target: Callable[..., None], *args: Any) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        with self._lock:
            self._threads.append(thread)
        thread.start()

    def _accept_loop(self) -> None:
        while not self.stopped.is_set():
            try:
                sock, _ = self._listener.accept()
            except socket.timeout:  # TimeoutError from 3.10 on; not on 3.9
                continue
            except OSError:
                return
            sock.settimeout(TIMEOUT)
            self._start(self._serve, sock)

    def _serve(self, sock: socket.socket) -> None:
        if self.tls is not None:
            try:
                sock = self.tls.wrap_socket(sock, server_side=True)
            except (ssl.SSLError, OSError) as exc:
                self.handshake_errors.append(exc)
                sock.close()
                return
        peer = Peer(sock)
        with self._lock:
            self.peers.append(peer)
        try:
            self.handler(peer, self)
        except BaseException as exc:
            if not self.stopped.is_set():
                self.errors.append(exc)
        finally:
            peer.close()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stopped.set()
        with self._lock:
            peers = list(self.peers)
            threads = list(self._threads)
        for peer in peers:
            peer.shutdown()
        for thread in threads:
            thread.join(TIMEOUT)
        self._listener.close()
        assert not any(thread.is_alive() for thread in threads), "a server thread hangs"
        if self.errors and exc_type is None:
            raise self.errors[0]


# -- a CONNECT proxy ----------------------------------------------------------------------


def _relay(a: socket.socket, b: socket.socket, stopped: threading.Event) -> None:
    """Copy bytes both ways until either side closes or the server stops."""
    while not stopped.is_set():
        readable, _, _ = select.select([a, b], [], [], 0.05)
        for source in readable:
            target = b if source is a else a
            try:
                data = source.recv(65536)
            except OSError:
                return
            if not data:
                return
            target.sendall(data)


@dataclass
class ConnectProxy:
    """A RawServer handler answering CONNECT with *reply*, then relaying.

    Whatever host the client names, the proxy connects to 127.0.0.1 (only
    ``localhost`` and ``127.0.0.1`` are accepted), so nothing leaves loopback.
    """

    reply: bytes = ESTABLISHED
    requests: list[Request] = field(default_factory=list)

    def __call__(self, peer: Peer, server: RawServer) -> None:
        request = peer.read_request(body=False)
        if request is None:
            return
        self.requests.append(request)
        assert request.method == "CONNECT", request.head
        host, _, port = request.target.rpartition(":")
        assert host in ("localhost", "127.0.0.1"), request.target
        peer.send(self.reply)
        if not self.reply.startswith(b"HTTP/1.1 200"):
            return
        upstream = socket.create_connection(("127.0.0.1", int(port)), timeout=TIMEOUT)
        try:
            upstream.sendall(peer.take_buffered())
            _relay(peer.sock, upstream, server.stopped)
        finally:
            upstream.close()


# -- http.server --------------------------------------------------------------------------


@dataclass
class Record:
    """A request as http.server's handler saw it."""

    method: str
    path: str
    headers: list[tuple[str, str]]
    body: bytes
    client_port: int


class _RecordingServer(http.server.ThreadingHTTPServer):
    records: list[Record]
    routes: dict[str, tuple[int, list[tuple[str, str]], bytes]]


class _RecordingHandler(http.server.BaseHTTPRequestHandler):
    """Records each request, then answers from the server's routes (default: an echo)."""

    protocol_version = "HTTP/1.1"
    timeout = TIMEOUT
    server: _RecordingServer

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep the test output clean

    def _read_body(self) -> bytes:
        if (self.headers.get("Transfer-Encoding") or "").lower() == "chunked":
            parts = []
            while size := int(self.rfile.readline().split(b";")[0], 16):
                parts.append(self.rfile.read(size))
                self.rfile.readline()
            while self.rfile.readline() not in (b"\r\n", b""):
                pass
            return b"".join(parts)
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _answer(self) -> None:
        body = self._read_body()
        self.server.records.append(
            Record(self.command, self.path, self.headers.items(), body, self.client_address[1])
        )
        status, headers, payload = self.server.routes.get(
            self.path,
            (200, [], b"%s %s %d" % (self.command.encode(), self.path.encode(), len(body))),
        )
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        if not any(name.lower() == "content-length" for name, _ in headers):
            self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = _answer


class HTTPServerThread:
    """``http.server.ThreadingHTTPServer`` on 127.0.0.1:0, serving in a thread."""

    def __init__(self, routes: dict[str, tuple[int, list[tuple[str, str]], bytes]] | None = None):
        self.server = _RecordingServer(("127.0.0.1", 0), _RecordingHandler)
        self.server.records = []
        self.server.routes = routes or {}
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    @property
    def records(self) -> list[Record]:
        return self.server.records

    def __enter__(self) -> HTTPServerThread:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(TIMEOUT)
        assert not self._thread.is_alive(), "the http.server thread hangs"


# -- TLS -----------------------------------------------------------------------------------


@dataclass
class TLS:
    """A trustme CA, a server context for localhost/127.0.0.1, a client context trusting it."""

    ca: trustme.CA
    server_context: ssl.SSLContext
    client_context: ssl.SSLContext


def make_tls() -> TLS:
    ca = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("localhost", "127.0.0.1").configure_cert(server_context)
    server_context.set_alpn_protocols(["http/1.1"])
    client_context = ssl.create_default_context()
    ca.configure_trust(client_context)
    return TLS(ca, server_context, client_context)
