"""CONNECT tunnels through a proxy: ``set_tunnel`` and ``_tunnel``.

Owns the tunnel's settings, the CONNECT exchange (its request from the
core, in one ``send``; the proxy's status line through the response
class's ``_read_status``, its header block under the same limits as any)
and ``get_proxy_response_headers``.  A base of ``HTTPConnection``, which
provides the socket, ``send`` and ``close``.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from .._core import ProtocolError, strip_ipv6_zone, tunnel_request, wrap_ipv6
from . import knobs
from .debug import say
from .errors import stdlib_error
from .message import message_from_lines, read_headers
from .stdlib import http_client

__all__ = ["Tunnels"]

# 3.12 sends CONNECT as HTTP/1.1 with a Host field, IDNA-encoded, and
# reads the proxy's headers before checking its status; follow the
# running interpreter.
_CONNECT_HTTP11 = sys.version_info >= (3, 12)


class Tunnels:
    """The tunnel methods of ``HTTPConnection``."""

    # The connection's, set by its __init__.
    sock: Any
    debuglevel: int
    response_class: Any
    max_response_headers: int | None
    _method: str | None
    _http_vsn_str: str
    _tunnel_host: str | None
    _tunnel_port: int | None
    _tunnel_headers: dict[str, str]
    _raw_proxy_headers: list[bytes] | None

    if TYPE_CHECKING:  # HTTPConnection's and its Sending base's

        def _get_hostport(self, host: str, port: int | None) -> tuple[str, int]: ...
        def send(self, data: Any) -> None: ...
        def close(self) -> None: ...
        def _reading_socket(self) -> Any: ...

    def set_tunnel(
        self, host: str, port: int | None = None, headers: Mapping[str, str] | None = None
    ) -> None:
        """Set up host and port for HTTP CONNECT tunnelling.

        In a connection that uses HTTP CONNECT tunnelling, the host passed to
        the constructor is used as a proxy server that relays all
        communication to the endpoint passed to `set_tunnel`. This done by
        sending an HTTP CONNECT request to the proxy server when the
        connection is established.

        This method must be called before the HTTP connection has been
        established.

        The headers argument should be a mapping of extra HTTP headers to send
        with the CONNECT request.
        """
        if self.sock:
            raise RuntimeError("Can't set up tunnel for established connection")
        self._tunnel_host, self._tunnel_port = self._get_hostport(host, port)
        if _CONNECT_HTTP11:
            self._tunnel_headers = dict(headers) if headers else {}
            if not any(header.lower() == "host" for header in self._tunnel_headers):
                # Bracketed, without an IPv6 zone (http.client sends the
                # literal bare, zone included).
                authority = strip_ipv6_zone(wrap_ipv6(self._tunnel_host.encode("idna")))
                self._tunnel_headers["Host"] = f"{authority.decode('ascii')}:{self._tunnel_port:d}"
        elif headers:
            self._tunnel_headers = headers  # type: ignore[assignment] # 3.11 keeps the object
        else:
            self._tunnel_headers.clear()

    def _wrap_ipv6(self, ip: bytes) -> bytes:
        return wrap_ipv6(ip)

    def _tunnel(self) -> None:
        assert self._tunnel_host is not None
        assert self._tunnel_port is not None
        if _CONNECT_HTTP11:
            host = self._tunnel_host.encode("idna")
            version = self._http_vsn_str
        else:
            host = self._tunnel_host.encode("ascii")
            version = "HTTP/1.0"
        try:
            # One send() for the whole request (the stdlib's call pattern);
            # host and fields validated first (CVE-2026-1502).
            connect = tunnel_request(
                host, self._tunnel_port, version, list(self._tunnel_headers.items())
            )
        except ProtocolError as exc:
            raise stdlib_error(exc) from exc
        self.send(connect)
        response = self.response_class(self._reading_socket(), method=self._method)
        try:
            (version, code, message) = response._read_status()
            if not _CONNECT_HTTP11 and code != HTTPStatus.OK:
                # 3.11 checks the status before reading the proxy's headers.
                self.close()
                raise OSError(f"Tunnel connection failed: {code} {message.strip()}")
            # Bounded as any header block (http.client 3.11 reads these
            # lines without a count limit).
            self._raw_proxy_headers = read_headers(
                response.fp, knobs.limits(self.max_response_headers)
            )
            if self.debuglevel > 0:
                for header in self._raw_proxy_headers:
                    # 3.11 prints the header lines only, 3.12 the blank too.
                    if _CONNECT_HTTP11 or header not in (b"\r\n", b"\n", b""):
                        say("header:", header.decode())
            if code != HTTPStatus.OK:
                self.close()
                raise OSError(f"Tunnel connection failed: {code} {message.strip()}")
        finally:
            response.close()

    def get_proxy_response_headers(self) -> http_client.HTTPMessage | None:
        """Return the headers of the proxy's CONNECT response, as a message,
        or None if no CONNECT was sent (3.12's method, on every version)."""
        lines = self._raw_proxy_headers
        if lines is None:
            return None
        return message_from_lines(lines)
