"""``python -m httpclient_compat``: a self-contained demonstration.

With no arguments, starts a small HTTP/1.1 server on 127.0.0.1 (an
ephemeral port, nothing leaves the machine), sends it two requests over
one keep-alive connection and prints each event the sans-I/O core reports:
a Content-Length response, then a chunked response with a trailer.
"""

from __future__ import annotations

import argparse
import socket
import sys
import threading
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from . import __version__
from ._core import (
    NEED_DATA,
    PAUSED,
    ClientConnection,
    ConnectionClosed,
    Data,
    EndOfMessage,
    Request,
    Response,
)


class _DemoHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        if self.path == "/stream":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Transfer-Encoding", "chunked")
            self.send_header("Trailer", "X-Checksum")
            self.end_headers()
            for piece in (b"streamed ", b"in ", b"chunks\n"):
                self.wfile.write(b"%X\r\n%s\r\n" % (len(piece), piece))
            self.wfile.write(b"0\r\nX-Checksum: 42\r\n\r\n")
            return
        body = b"hello from a local server\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def _exchange(sock: socket.socket, conn: ClientConnection, target: str, host: str) -> None:
    print(f"> GET {target}")
    sock.sendall(conn.send(Request("GET", target, host=host)))
    sock.sendall(conn.send(EndOfMessage()))
    while True:
        event = conn.next_event()
        if event is NEED_DATA:
            conn.receive_data(sock.recv(65536))
            continue
        if event is PAUSED or isinstance(event, ConnectionClosed):
            print(f"  {event!r}")
            return
        if isinstance(event, Response):
            print(f"< {event.version} {event.status} {event.reason}")
            for name, value in event.fields:
                print(f"<   {name}: {value}")
            print(f"  framing: {event.framing.kind.value}, will_close={event.framing.will_close}")
        elif isinstance(event, Data):
            print(f"  body: {event.data!r}")
        elif isinstance(event, EndOfMessage):
            print(f"  end of message, trailers: {list(event.trailers)}")


def demo() -> int:
    """Run the demonstration; return the exit status."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _DemoHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = str(server.server_address[0]), int(server.server_address[1])
    authority = f"{host}:{port}"
    print(f"httpclient_compat {__version__}: demo server on http://{authority}/")
    try:
        with socket.create_connection((host, port), timeout=10) as sock:
            conn = ClientConnection()
            _exchange(sock, conn, "/hello", authority)
            conn.start_next_cycle()
            print("  start_next_cycle(): the same connection carries the next request")
            _exchange(sock, conn, "/stream", authority)
    finally:
        server.shutdown()
        server.server_close()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(
        prog="python -m httpclient_compat",
        description="With no arguments: a demonstration against a local server.",
    )
    parser.add_argument("--version", action="version", version=__version__)
    parser.parse_args(argv)
    return demo()


if __name__ == "__main__":
    sys.exit(main())
