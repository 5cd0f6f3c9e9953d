"""CONNECT tunnels through a loopback proxy thread, to HTTP and HTTPS origins."""

from __future__ import annotations

import http.client
import ssl
import sys

import pytest

import httpclient_compat as client

from .servers import (
    TIMEOUT,
    TLS,
    ConnectProxy,
    HTTPServerThread,
    Peer,
    RawServer,
)

CONNECT_VERSION = "HTTP/1.1" if sys.version_info >= (3, 12) else "HTTP/1.0"


def test_a_tunnel_carries_plain_http_to_the_origin_through_the_proxy() -> None:
    proxy = ConnectProxy()
    with HTTPServerThread() as origin, RawServer(proxy) as proxy_server:
        conn = client.HTTPConnection("127.0.0.1", proxy_server.port, timeout=TIMEOUT)
        conn.set_tunnel("localhost", origin.port, headers={"Proxy-Authorization": "Basic dTpw"})
        try:
            for path in ("/first", "/second"):
                conn.request("GET", path)
                assert conn.getresponse().read() == b"GET %s 0" % path.encode()
            headers = conn.get_proxy_response_headers()
        finally:
            conn.close()
    assert [r.path for r in origin.records] == ["/first", "/second"]
    assert ("Host", f"localhost:{origin.port}") in origin.records[0].headers
    assert proxy_server.connections == 1
    (connect,) = proxy.requests
    assert (connect.method, connect.target, connect.version) == (
        "CONNECT", f"localhost:{origin.port}", CONNECT_VERSION,
    )  # fmt: skip
    assert connect.header("Proxy-Authorization") == "Basic dTpw"
    assert isinstance(headers, http.client.HTTPMessage)
    assert headers["Proxy-Agent"] == "test-proxy"


def _serve_tls(peer: Peer, server: RawServer) -> None:
    assert isinstance(peer.sock, ssl.SSLSocket)
    while (request := peer.read_request()) is not None:
        body = b"tls %s host=%s" % (request.target.encode(), str(request.header("Host")).encode())
        peer.send(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))


def test_a_tunnel_carries_https_verified_against_the_tunnel_host(tls: TLS) -> None:
    proxy = ConnectProxy()
    with RawServer(_serve_tls, tls=tls.server_context) as origin, RawServer(proxy) as proxy_server:
        conn = client.HTTPSConnection(
            "127.0.0.1", proxy_server.port, timeout=TIMEOUT, context=tls.client_context
        )
        conn.set_tunnel("localhost", origin.port)
        try:
            conn.request("POST", "/secure", body=b"secret")
            response = conn.getresponse()
            assert response.read() == b"tls /secure host=localhost:%d" % origin.port
            assert isinstance(conn.sock, ssl.SSLSocket)
            assert conn.sock.server_hostname == "localhost"
        finally:
            conn.close()
    assert proxy.requests[0].target == f"localhost:{origin.port}"
    assert b"secret" not in bytes(proxy_server.peers[0].received), "the proxy saw only TLS"


def test_no_proxy_response_headers_without_a_tunnel() -> None:
    assert client.HTTPConnection("127.0.0.1", 1).get_proxy_response_headers() is None


def test_a_proxy_answering_407_fails_the_tunnel_with_os_error() -> None:
    proxy = ConnectProxy(
        reply=b"HTTP/1.1 407 Proxy Authentication Required\r\n"
        b"Proxy-Authenticate: Basic realm=p\r\nContent-Length: 0\r\n\r\n"
    )
    with RawServer(proxy) as proxy_server:
        conn = client.HTTPConnection("127.0.0.1", proxy_server.port, timeout=TIMEOUT)
        conn.set_tunnel("localhost", 8080)
        try:
            with pytest.raises(
                OSError, match=r"^Tunnel connection failed: 407 Proxy Authentication Required$"
            ):
                conn.request("GET", "/")
            assert conn.sock is None
        finally:
            conn.close()
    assert len(proxy.requests) == 1


@pytest.mark.parametrize(
    ("host", "headers"),
    [
        ("a\r\nX: y", None),
        ("localhost", {"X-Injected": "v\nEvil: 1"}),
        ("localhost", {"X-Injected": "v\r\nEvil: 1"}),
        ("localhost", {"Bad\r\nName": "v"}),
    ],
    ids=["host", "value-lf", "value-crlf", "name"],
)
def test_tunnel_host_or_headers_with_line_breaks_raise_value_error_before_any_byte(
    host: str, headers: dict[str, str] | None
) -> None:
    """CVE-2026-1502, fixed on every version (3.11.7's http.client sends them)."""
    proxy = ConnectProxy()
    with RawServer(proxy) as proxy_server:
        conn = client.HTTPConnection("127.0.0.1", proxy_server.port, timeout=TIMEOUT)
        conn.set_tunnel(host, 8080, headers=headers)
        try:
            with pytest.raises(ValueError):
                conn.request("GET", "/")
        finally:
            conn.close()
    assert all(peer.received == b"" for peer in proxy_server.peers)
    assert proxy.requests == []


def test_set_tunnel_after_connecting_raises_runtime_error() -> None:
    with HTTPServerThread() as origin:
        conn = client.HTTPConnection("127.0.0.1", origin.port, timeout=TIMEOUT)
        try:
            conn.connect()
            with pytest.raises(RuntimeError):
                conn.set_tunnel("localhost", 1)
        finally:
            conn.close()
