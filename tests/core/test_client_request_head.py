"""``client_request_head``: the head http.client's ``request()`` sends, in one piece.

The shell sends it when nothing ``request()`` calls is replaced, so it must
be byte for byte what http.client's ``putrequest``/``putheader``/
``endheaders`` chain sends for the same arguments, and refuse exactly what
that chain refuses (the shell then takes the chain, which raises).
"""

from __future__ import annotations

import http.client
import sys
from typing import Any

import pytest

from httpclient_compat._core import ErrorKind, LocalProtocolError, client_request_head

_CALLER: dict[str, Any] = {"X-Request-Id": "7f3a", "X-Count": 3, "X-Raw": b"raw"}


class _Socket:
    """Records what a stdlib connection sends."""

    def __init__(self) -> None:
        self.data = b""

    def sendall(self, data: bytes) -> None:
        self.data += data


def stdlib_head(
    method: str,
    url: str,
    body: bytes | None,
    headers: dict[str, Any],
    tunnel: tuple[str, int] | None = None,
    host: str = "example.com",
    port: int = 80,
) -> bytes:
    conn = http.client.HTTPConnection(host, port)
    if tunnel is not None:
        conn.set_tunnel(*tunnel)
    conn.sock = sock = _Socket()
    conn.request(method, url, body, headers)
    return sock.data[: len(sock.data) - len(body or b"")]


def our_head(
    method: str,
    url: str,
    body: bytes | None,
    headers: dict[str, Any],
    tunnel: tuple[str, int] | None = None,
    host: str = "example.com",
    port: int = 80,
) -> bytes:
    names = frozenset(name.lower() for name in headers)
    length = http.client.HTTPConnection._get_content_length(body, method)  # type: ignore[attr-defined]
    target_host, target_port = tunnel or (host, port)
    return client_request_head(
        method, url or "/", "HTTP/1.1", target_host, target_port, 80,
        length, body is not None, headers, names,
    )  # fmt: skip


@pytest.mark.parametrize("headers", [{}, _CALLER], ids=["no caller fields", "caller fields"])
@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("GET", "/", None),
        ("GET", "", None),
        ("POST", "/submit", None),
        ("PUT", "/up", b"payload"),
        ("post", "/lower", None),
        ("DELETE", "/x?q=1", None),
        ("GET", "http://other.example:8080/abs", None),
    ],
)
def test_the_head_is_the_stdlib_chains_bytes(
    method: str, url: str, body: bytes | None, headers: dict[str, Any]
) -> None:
    assert our_head(method, url, body, headers) == stdlib_head(method, url, body, headers)


def test_an_absolute_url_with_an_ipv6_zone_keeps_its_port_unlike_the_stdlib() -> None:
    """The differences page: the zone is dropped from Host, the port kept."""
    url = "http://[fe80::1%25eth0]:81/zone"
    assert b"\r\nHost: [fe80::1]:81\r\n" in our_head("GET", url, None, {})
    if sys.version_info >= (3, 11):  # before, http.client sends the zone too
        assert b"\r\nHost: [fe80::1]\r\n" in stdlib_head("GET", url, None, {})


@pytest.mark.parametrize(
    "headers",
    [
        {"Host": "h.example"},
        {"accept-encoding": "gzip"},
        {"Content-Length": "7"},
        {"Transfer-Encoding": "chunked"},
        {"HOST": "h", "Accept-Encoding": "br", "Content-Length": "0"},
    ],
)
def test_caller_fields_replace_the_automatic_ones_as_in_the_stdlib(headers: dict[str, Any]) -> None:
    for body in (None, b"abc"):
        assert our_head("POST", "/", body, headers) == stdlib_head("POST", "/", body, headers)


def test_a_tunnel_sends_the_tunnel_hosts_name_and_a_port_off_the_default() -> None:
    for host, port in (("origin.example", 443), ("bücher.example", 80), ("::1", 8443)):
        assert our_head("GET", "/", None, {}, tunnel=(host, port)) == stdlib_head(
            "GET", "/", None, {}, tunnel=(host, port)
        )
    assert our_head("GET", "/", None, {}, host="h.example", port=8080) == stdlib_head(
        "GET", "/", None, {}, host="h.example", port=8080
    )


@pytest.mark.parametrize(
    ("method", "url", "headers", "kind"),
    [
        ("G T", "/", {}, ErrorKind.INVALID_METHOD),
        ("GET", "/a b", {}, ErrorKind.INVALID_URL),
        ("GET", "/", {"X Y": "1"}, ErrorKind.INVALID_HEADER_NAME),
        ("GET", "/", {"X": "a\r\nb"}, ErrorKind.INVALID_HEADER_VALUE),
        ("GET", "/", {"X": 1.5}, ErrorKind.INVALID_HEADER_TYPE),
    ],
)
def test_what_the_core_refuses_raises_its_error(
    method: str, url: str, headers: dict[str, Any], kind: ErrorKind
) -> None:
    with pytest.raises(LocalProtocolError) as caught:
        our_head(method, url, None, headers)
    assert caught.value.kind is kind


@pytest.mark.parametrize(
    ("url", "headers"),
    [("/caf\xe9", {}), ("/", {"X": "\u20ac"})],
    ids=["a target that is not ASCII", "a value outside ISO-8859-1"],
)
def test_what_cannot_be_encoded_raises_a_unicode_error(url: str, headers: dict[str, Any]) -> None:
    with pytest.raises(UnicodeError):
        our_head("GET", url, None, headers)
