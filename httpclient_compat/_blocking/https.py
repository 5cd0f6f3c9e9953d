"""``HTTPSConnection``: TLS on top of :class:`HTTPConnection`.

Owns the TLS context and the wrap after connect (and after the CONNECT
exchange when tunnelling).  The default context is built by calling
``ssl._create_default_https_context`` at construction, so the PEP 476
opt-out recipe keeps working.  Follows the running interpreter's
constructor signature (3.12 made everything after *port* keyword-only and
removed *key_file*, *cert_file* and *check_hostname*, which keep working
here with a DeprecationWarning).
"""

from __future__ import annotations

import socket
import ssl
import sys
import warnings
from typing import Any

from .connection import HTTPConnection
from .stdlib import http_client

__all__ = ["HTTPSConnection"]

_DEFAULT_TIMEOUT: Any = socket._GLOBAL_DEFAULT_TIMEOUT  # type: ignore[attr-defined] # the stdlib's sentinel


def _legacy(key_file: Any, cert_file: Any, check_hostname: Any) -> None:
    if key_file is not None or cert_file is not None or check_hostname is not None:
        warnings.warn(
            "key_file, cert_file and check_hostname are deprecated, use a custom context instead.",
            DeprecationWarning,
            stacklevel=3,
        )


class HTTPSConnection(HTTPConnection, http_client.HTTPSConnection):
    "This class allows communication via SSL."

    default_port = http_client.HTTPS_PORT

    if sys.version_info < (3, 12):

        def __init__(
            self,
            host: str,
            port: int | None = None,
            key_file: str | None = None,
            cert_file: str | None = None,
            timeout: Any = _DEFAULT_TIMEOUT,
            source_address: tuple[str, int] | None = None,
            *,
            context: ssl.SSLContext | None = None,
            check_hostname: bool | None = None,
            blocksize: int = 8192,
            max_response_headers: int | None = None,
            continue_timeout: float = 1.0,
            total_timeout: float | None = None,
        ) -> None:
            _legacy(key_file, cert_file, check_hostname)
            self._setup(
                host, port, key_file, cert_file, timeout, source_address, context,
                check_hostname, blocksize, max_response_headers, continue_timeout, total_timeout,
            )  # fmt: skip

    else:

        def __init__(
            self,
            host: str,
            port: int | None = None,
            *,
            timeout: Any = _DEFAULT_TIMEOUT,
            source_address: tuple[str, int] | None = None,
            context: ssl.SSLContext | None = None,
            blocksize: int = 8192,
            max_response_headers: int | None = None,
            continue_timeout: float = 1.0,
            total_timeout: float | None = None,
            key_file: str | None = None,
            cert_file: str | None = None,
            check_hostname: bool | None = None,
        ) -> None:
            _legacy(key_file, cert_file, check_hostname)
            self._setup(
                host, port, key_file, cert_file, timeout, source_address, context,
                check_hostname, blocksize, max_response_headers, continue_timeout, total_timeout,
            )  # fmt: skip

    def _setup(
        self,
        host: str,
        port: int | None,
        key_file: str | None,
        cert_file: str | None,
        timeout: Any,
        source_address: tuple[str, int] | None,
        context: ssl.SSLContext | None,
        check_hostname: bool | None,
        blocksize: int,
        max_response_headers: int | None,
        continue_timeout: float,
        total_timeout: float | None,
    ) -> None:
        HTTPConnection.__init__(
            self, host, port, timeout, source_address, blocksize=blocksize,
            max_response_headers=max_response_headers, continue_timeout=continue_timeout,
            total_timeout=total_timeout,
        )  # fmt: skip
        if sys.version_info < (3, 12):
            self.key_file = key_file
            self.cert_file = cert_file
        if context is None:
            context = self._create_https_context(self._http_vsn)
        will_verify = context.verify_mode != ssl.CERT_NONE
        if check_hostname is None:
            check_hostname = context.check_hostname
        if check_hostname and not will_verify:
            raise ValueError(
                "check_hostname needs a SSL context with either CERT_OPTIONAL or CERT_REQUIRED"
            )
        if key_file or cert_file:
            context.load_cert_chain(cert_file, key_file)  # type: ignore[arg-type]
            # cert and key file means the user wants to authenticate.
            # enable TLS 1.3 PHA implicitly even for custom contexts.
            if context.post_handshake_auth is not None:
                context.post_handshake_auth = True
        self._context = context
        if check_hostname is not None:
            self._context.check_hostname = check_hostname

    @staticmethod
    def _create_https_context(http_version: int) -> ssl.SSLContext:
        # Looked up at call time: the PEP 476 opt-out recipe replaces it.
        context = ssl._create_default_https_context()
        # send ALPN extension to indicate HTTP/1.1 protocol
        if http_version == 11:
            context.set_alpn_protocols(["http/1.1"])
        # enable PHA for TLS 1.3 connections if available
        if context.post_handshake_auth is not None:
            context.post_handshake_auth = True
        return context

    def connect(self) -> None:
        "Connect to a host on a given (SSL) port."
        super().connect()
        server_hostname = self._tunnel_host if self._tunnel_host else self.host
        self.sock = self._context.wrap_socket(self.sock, server_hostname=server_hostname)
