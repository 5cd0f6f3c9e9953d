"""``python -m httpclient_compat``: a self-contained demonstration.

With no arguments, starts a small HTTP/1.1 server on 127.0.0.1 (an
ephemeral port; nothing leaves the machine) and talks to it the three ways
code can reach this package:

1. ``import httpclient_compat as client``, used exactly as code written for
   ``http.client`` would: three requests over one keep-alive connection,
   a Content-Length response, a chunked upload, and a chunked response
   whose trailer ``http.client`` would discard;
2. ``httpclient_compat.installed()``, under which ``urllib.request`` (and
   any library imported there) runs on this package's classes;
3. ``httpclient_compat.urllib.urlopen``, urllib's opener on this package's
   classes without touching ``http.client``.
"""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Iterator, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpclient_compat as client


class _DemoHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _reply(self, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Client-Port", str(self.client_address[1]))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if self.path != "/stream":
            self._reply(b"hello from a local server\n")
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Trailer", "X-Checksum")
        self.send_header("X-Client-Port", str(self.client_address[1]))
        self.end_headers()
        for piece in (b"streamed ", b"in ", b"chunks\n"):
            self.wfile.write(b"%X\r\n%s\r\n" % (len(piece), piece))
        self.wfile.write(b"0\r\nX-Checksum: 42\r\n\r\n")

    def do_POST(self) -> None:
        # The upload arrives chunked: read the chunks and count the bytes.
        total = 0
        while True:
            size = int(self.rfile.readline().split(b";")[0], 16)
            if not size:
                while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass
                break
            total += len(self.rfile.read(size))
            self.rfile.readline()
        self._reply(b"received %d bytes in chunks\n" % total)

    def log_message(self, format: str, *args: object) -> None:
        pass


def _show(response: client.HTTPResponse) -> None:
    print(f"< {response.status} {response.reason}")
    for name, value in response.getheaders():
        print(f"<   {name}: {value}")
    print(f"  body: {response.read()!r}")
    if response.trailers is not None:
        print(f"  trailers: {response.trailers.items()}")


def _upload() -> Iterator[bytes]:
    yield from (b"an iterable ", b"body of ", b"unknown length")


def _other_ways_in(url: str) -> None:
    print("2. under httpclient_compat.installed(): urllib.request.urlopen")
    with client.installed():
        import urllib.request  # noqa: PLC0415 - it follows the swap wherever imported

        with urllib.request.urlopen(url, timeout=10) as response:
            _show_class(response)
    print("3. httpclient_compat.urllib.urlopen, no swap")
    from .urllib import urlopen  # noqa: PLC0415 - urllib.request is a costly import

    with urlopen(url, timeout=10) as response:
        _show_class(response)


def _show_class(response: Any) -> None:
    kind = type(response)
    print(f"< {response.status} {response.reason}: a {kind.__module__}.{kind.__qualname__}")
    print(f"  body: {response.read()!r}")


def demo() -> int:
    """Run the demonstration; return the exit status."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _DemoHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = str(server.server_address[0]), int(server.server_address[1])
    print(f"httpclient_compat {client.__version__}: demo server on http://{host}:{port}/")
    conn = client.HTTPConnection(host, port, timeout=10)
    try:
        print("1. import httpclient_compat as client")
        print("> GET /hello")
        conn.request("GET", "/hello")
        _show(conn.getresponse())
        print("> POST /upload (an iterable body: sent chunked)")
        conn.request("POST", "/upload", body=_upload())
        _show(conn.getresponse())
        print("> GET /stream")
        conn.request("GET", "/stream")
        _show(conn.getresponse())
        print("  one connection carried all three requests (same X-Client-Port)")
        _other_ways_in(f"http://{host}:{port}/hello")
    finally:
        conn.close()
        server.shutdown()
        server.server_close()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(
        prog="python -m httpclient_compat",
        description="With no arguments: a demonstration against a local server.",
    )
    parser.add_argument("--version", action="version", version=client.__version__)
    parser.parse_args(argv)
    return demo()


if __name__ == "__main__":
    sys.exit(main())
