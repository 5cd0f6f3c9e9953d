"""The checks on what a caller names: the host and port, the method and
the request target, as http.client's private hooks.

Owns ``_get_hostport``, ``_validate_host``, ``_validate_method``,
``_validate_path`` and ``_encode_request``, which subclasses and tests
replace as they do http.client's (a base of ``HTTPConnection``).  The core
decides what is valid; a pattern a caller rebinds on the module is
honoured instead, as in http.client.
"""

from __future__ import annotations

from .._core import ProtocolError, validate_host, validate_method, validate_target
from . import knobs
from .errors import stdlib_error
from .stdlib import http_client

__all__ = ["Validating"]


class Validating:
    """http.client's validation hooks; a base of HTTPConnection."""

    default_port: int

    def _get_hostport(self, host: str, port: int | None) -> tuple[str, int]:
        if port is None:
            i = host.rfind(":")
            j = host.rfind("]")  # ipv6 addresses have [...]
            if i > j:
                try:
                    port = int(host[i + 1 :])
                except ValueError:
                    if host[i + 1 :] == "":  # http://foo.com:/ == http://foo.com/
                        port = self.default_port
                    else:
                        raise http_client.InvalidURL(
                            f"nonnumeric port: '{host[i + 1 :]}'"
                        ) from None
                host = host[:i]
            else:
                port = self.default_port
            if host and host[0] == "[" and host[-1] == "]":
                host = host[1:-1]
        elif host and host[0] == "[" and host[-1] == "]":
            # gh-100985 (3.11.9, 3.12.3): brackets go with an explicit port
            # too; without the fix, Host would read "[[::1]]:8080".
            host = host[1:-1]
        return (host, port)

    def _encode_request(self, request: str) -> bytes:
        # ASCII also helps prevent CVE-2019-9740.
        return request.encode("ascii")

    def _validate_method(self, method: str) -> None:
        """Validate a method name for putrequest."""
        pattern = knobs.method_check()
        if pattern is not None:
            # The caller's own pattern, rebound on the module: http.client's check.
            match = pattern.search(method)
            if match:
                raise ValueError(
                    f"method can't contain control characters. {method!r} "
                    f"(found at least {match.group()!r})"
                )
            return
        try:
            validate_method(method)
        except ProtocolError as exc:
            raise stdlib_error(exc) from None

    def _validate_path(self, url: str) -> None:
        """Validate a url for putrequest."""
        pattern = knobs.path_check()
        if pattern is not None:
            # The caller's own pattern, rebound on the module: http.client's check.
            match = pattern.search(url)
            if match:
                raise http_client.InvalidURL(
                    f"URL can't contain control characters. {url!r} "
                    f"(found at least {match.group()!r})"
                )
            return
        try:
            validate_target(url)
        except ProtocolError as exc:
            raise stdlib_error(exc) from None

    def _validate_host(self, host: str) -> None:
        """Validate a host so it doesn't contain control characters."""
        try:
            validate_host(host)
        except ProtocolError as exc:
            raise stdlib_error(exc) from None
