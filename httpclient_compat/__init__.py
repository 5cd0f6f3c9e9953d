"""httpclient_compat: the blocking ``http.client`` API on a sans-I/O HTTP/1.1 core.

``import httpclient_compat as client`` gives every name ``http.client``
has: the same classes (subclasses of the stdlib's, built on
:mod:`httpclient_compat._core`), the stdlib's own exception classes and
``HTTPMessage``, ``parse_headers``, ``responses`` and the status constants
of the running interpreter, and the private names callers reach for.
"""

from __future__ import annotations

import collections
import email
import errno
import http
import http.client
import io
import re
import socket
import sys
from http.client import (  # the stdlib's own objects: except clauses and isinstance hold
    BadStatusLine,
    CannotSendHeader,
    CannotSendRequest,
    HTTPException,
    ImproperConnectionState,
    IncompleteRead,
    InvalidURL,
    LineTooLong,
    NotConnected,
    RemoteDisconnected,
    ResponseNotReady,
    UnimplementedFileMode,
    UnknownProtocol,
    UnknownTransferEncoding,
    error,
)
from typing import Any
from urllib.parse import urlsplit

from ._blocking import knobs as _knobs
from ._blocking.connection import HTTPConnection
from ._blocking.message import HTTPMessage as HTTPMessage
from ._blocking.message import message_from_lines, read_headers
from ._blocking.message import parse_headers as parse_headers
from ._blocking.response import HTTPResponse
from ._core import (
    DEFAULT_LIMITS,
    METHODS_EXPECTING_BODY,
    encode_latin1,
    strip_ipv6_zone,
)
from .swap import InstallWarning as InstallWarning
from .swap import install as install
from .swap import installed as installed
from .swap import is_installed as is_installed
from .swap import uninstall as uninstall

__version__ = "0.1.0"

__all__ = [
    "BadStatusLine",
    "CannotSendHeader",
    "CannotSendRequest",
    "HTTPConnection",
    "HTTPException",
    "HTTPResponse",
    "HTTPSConnection",
    "ImproperConnectionState",
    "IncompleteRead",
    "InvalidURL",
    "LineTooLong",
    "NotConnected",
    "RemoteDisconnected",
    "ResponseNotReady",
    "UnimplementedFileMode",
    "UnknownProtocol",
    "UnknownTransferEncoding",
    "error",
    "responses",
]

HTTP_PORT = 80
HTTPS_PORT = 443

_UNKNOWN = "UNKNOWN"

# connection states
_CS_IDLE = "Idle"
_CS_REQ_STARTED = "Request-started"
_CS_REQ_SENT = "Request-sent"

# The status names and phrases of the running interpreter (3.13 added
# aliases and changed phrases), as IntEnum members like the stdlib's.
globals().update(http.HTTPStatus.__members__)
responses: dict[int, str] = {v: v.phrase for v in http.HTTPStatus.__members__.values()}

_MAXLINE = DEFAULT_LIMITS.max_line
_MAXHEADERS = DEFAULT_LIMITS.max_headers
_METHODS_EXPECTING_BODY = set(METHODS_EXPECTING_BODY)


def _read_headers(fp: Any, max_headers: int | None = None) -> list[bytes]:
    """Reads potential header lines into a list from a file pointer.

    Length of line is limited by _MAXLINE, and number of
    headers is limited by _MAXHEADERS.  From Python 3.15 on, as there, the
    blank line that ends the block is not in the list.
    """
    lines = read_headers(fp, _knobs.limits(max_headers))
    if _READ_HEADERS_DROPS_BLANK and lines and lines[-1] in (b"\r\n", b"\n", b""):
        del lines[-1]
    return lines


_READ_HEADERS_DROPS_BLANK = sys.version_info >= (3, 15)


def _parse_header_lines(header_lines: list[bytes], _class: type = HTTPMessage) -> Any:
    """Parse raw header lines into a message (3.12's helper, on every version)."""
    return message_from_lines(header_lines, _class)


def _encode(data: str, name: str = "data") -> bytes:
    """Call data.encode("latin-1") but show a better error message."""
    return encode_latin1(data, name)


def _strip_ipv6_iface(enc_name: bytes) -> bytes:
    """Remove interface scope from IPv6 address."""
    return strip_ipv6_zone(enc_name)


_HAS_CONTEXT_HELPER = sys.version_info >= (3, 12)


def __getattr__(name: str) -> Any:
    # ssl (and so HTTPSConnection) is imported on first use: importing the
    # module stays cheap, and it exists only where ssl imports, as in
    # http.client.
    if name in ("HTTPSConnection", "ssl") or (
        name == "_create_https_context" and _HAS_CONTEXT_HELPER
    ):
        import ssl  # noqa: PLC0415 - on first use, see above

        from ._blocking.https import HTTPSConnection  # noqa: PLC0415

        found = {"ssl": ssl, "HTTPSConnection": HTTPSConnection}
        if _HAS_CONTEXT_HELPER:  # 3.12's module-level helper, which urllib.request calls
            found["_create_https_context"] = HTTPSConnection._create_https_context
        globals().update(found)
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# http.client's validation patterns, re-exported as the stdlib's own objects
# because code reads or calls them.  While they are, our classes validate
# in the core, more strictly; a caller who rebinds one on this module (the
# recipe to relax validation) has its own check used instead.
_is_legal_header_name = http.client._is_legal_header_name  # type: ignore[attr-defined] # private
_is_illegal_header_value = http.client._is_illegal_header_value  # type: ignore[attr-defined]
_contains_disallowed_url_pchar_re = http.client._contains_disallowed_url_pchar_re  # type: ignore[attr-defined]
_contains_disallowed_method_pchar_re = http.client._contains_disallowed_method_pchar_re  # type: ignore[attr-defined]

# Names http.client happens to carry, which callers patch or read
# (``http.client.socket.create_connection`` is a common mock target).
_incidental = (collections, email, errno, io, re, socket, sys, urlsplit)

# The knobs above are read from this namespace when used, as in http.client.
_knobs.bind(globals())
