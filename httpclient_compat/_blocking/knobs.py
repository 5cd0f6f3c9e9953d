"""http.client's module-level knobs, read from the package when they are used.

Owns the look-up of the names callers rebind on the module (``_MAXLINE``,
``_MAXHEADERS``, ``_METHODS_EXPECTING_BODY``, the header and URL checks,
``socket``): http.client reads each one when it needs it, so a caller's
``client._MAXHEADERS = 1000`` takes effect at the next response.  The
package binds its namespace here at import; under ``install()`` that
namespace is ``http.client``'s, so patching either is the same.
"""

from __future__ import annotations

import socket
from typing import Any

from .._core import (
    DEFAULT_LIMITS,
    METHODS_EXPECTING_BODY,
    Limits,
    encode_field_name,
    encode_field_value,
)
from .stdlib import http_client

__all__ = [
    "bind",
    "checked_field_line",
    "create_connection",
    "header_checks",
    "limits",
    "max_line",
    "method_check",
    "methods_expecting_body",
    "path_check",
    "request_checks_are_the_cores",
]

# The package's namespace once bound; before that (while the package is
# being imported), the stdlib's defaults.
_namespace: dict[str, Any] = {}

#: The stdlib's own check objects: bound on the package, they mean "the
#: core's stricter checks", which the stdlib's would only loosen.
_STDLIB_NAME_CHECK = http_client._is_legal_header_name  # type: ignore[attr-defined] # private
_STDLIB_VALUE_CHECK = http_client._is_illegal_header_value  # type: ignore[attr-defined]
_STDLIB_URL_PATTERN = http_client._contains_disallowed_url_pchar_re  # type: ignore[attr-defined]
_STDLIB_METHOD_PATTERN = http_client._contains_disallowed_method_pchar_re  # type: ignore[attr-defined]


def bind(namespace: dict[str, Any]) -> None:
    """Read the knobs from *namespace* (the package's globals) from now on."""
    global _namespace  # noqa: PLW0603 - bound once, at the package's import
    _namespace = namespace


def max_line() -> int:
    """``_MAXLINE``: the longest status, header, chunk-size or trailer line."""
    value: int = _namespace.get("_MAXLINE", DEFAULT_LIMITS.max_line)
    return value


def limits(max_headers: int | None = None) -> Limits:
    """The limits of one response or header block: ``_MAXLINE`` and
    ``_MAXHEADERS`` as they are now, or *max_headers* (3.15's
    ``max_response_headers``, which caps trailer lines too) in place of
    ``_MAXHEADERS``.

    :raises ValueError: for a knob that is not a positive int.
    """
    line = max_line()
    count: int = _namespace.get("_MAXHEADERS", DEFAULT_LIMITS.max_headers)
    if max_headers is not None:
        return Limits(max_line=line, max_headers=max_headers, max_trailers=max_headers)
    if line == DEFAULT_LIMITS.max_line and count == DEFAULT_LIMITS.max_headers:
        return DEFAULT_LIMITS
    return Limits(max_line=line, max_headers=count)


def methods_expecting_body() -> Any:
    """``_METHODS_EXPECTING_BODY``: methods sent with ``Content-Length: 0``
    when they have no body (the set callers may change in place)."""
    return _namespace.get("_METHODS_EXPECTING_BODY", METHODS_EXPECTING_BODY)


def header_checks() -> tuple[Any, Any] | None:
    """The caller's ``_is_legal_header_name`` and ``_is_illegal_header_value``,
    when either was rebound on the module; ``None`` while both are the
    stdlib's objects, which means the core's checks."""
    name = _namespace.get("_is_legal_header_name", _STDLIB_NAME_CHECK)
    value = _namespace.get("_is_illegal_header_value", _STDLIB_VALUE_CHECK)
    if name is _STDLIB_NAME_CHECK and value is _STDLIB_VALUE_CHECK:
        return None
    return (
        None if name is _STDLIB_NAME_CHECK else name,
        None if value is _STDLIB_VALUE_CHECK else value,
    )


def request_checks_are_the_cores() -> bool:
    """Whether every request check is the core's: no header, URL or method
    check rebound on the module (the one-piece request head assumes it)."""
    namespace = _namespace
    return (
        namespace.get("_is_legal_header_name", _STDLIB_NAME_CHECK) is _STDLIB_NAME_CHECK
        and namespace.get("_is_illegal_header_value", _STDLIB_VALUE_CHECK) is _STDLIB_VALUE_CHECK
        and namespace.get("_contains_disallowed_url_pchar_re", _STDLIB_URL_PATTERN)
        is _STDLIB_URL_PATTERN
        and namespace.get("_contains_disallowed_method_pchar_re", _STDLIB_METHOD_PATTERN)
        is _STDLIB_METHOD_PATTERN
    )


def path_check() -> Any:
    """The caller's ``_contains_disallowed_url_pchar_re``, or ``None`` while
    it is the stdlib's (then the core checks the target)."""
    pattern = _namespace.get("_contains_disallowed_url_pchar_re", _STDLIB_URL_PATTERN)
    return None if pattern is _STDLIB_URL_PATTERN else pattern


def method_check() -> Any:
    """The caller's ``_contains_disallowed_method_pchar_re``, or ``None``
    while it is the stdlib's (then the core checks the method)."""
    pattern = _namespace.get("_contains_disallowed_method_pchar_re", _STDLIB_METHOD_PATTERN)
    return None if pattern is _STDLIB_METHOD_PATTERN else pattern


def create_connection(address: Any, timeout: Any, source_address: Any) -> Any:
    """``socket.create_connection`` through the module's ``socket`` name, as
    http.client calls it (``mock.patch("http.client.socket")`` reaches it),
    looked up when called (gevent and eventlet patch it late)."""
    module = _namespace.get("socket", socket)
    return module.create_connection(address, timeout, source_address)


def checked_field_line(
    name: Any, values: tuple[Any, ...], name_check: Any, value_check: Any
) -> bytes:
    """A header line checked by the caller's own ``_is_legal_header_name``
    or ``_is_illegal_header_value`` (rebound on the module: the escape
    hatch from the core's stricter rules), each encoded as http.client
    encodes it; the check not rebound is the core's.  Several values are
    joined with ", " as ever (RFC 9112 §5.2: never obs-fold).

    :raises ValueError: for a name or value the check refuses.
    """
    if name_check is None:
        raw_name = encode_field_name(name)
    else:
        raw_name = name.encode("ascii") if hasattr(name, "encode") else name
        if not name_check(raw_name):
            raise ValueError(f"Invalid header name {raw_name!r}")
    encoded = []
    for value in values:
        if value_check is None:
            encoded.append(encode_field_value(value))
            continue
        if hasattr(value, "encode"):
            value = value.encode("latin-1")  # noqa: PLW2901 - as http.client does
        elif isinstance(value, int):
            value = str(value).encode("ascii")  # noqa: PLW2901
        if value_check(value):
            raise ValueError(f"Invalid header value {value!r}")
        encoded.append(bytes(value))
    return bytes(raw_name) + b": " + b", ".join(encoded)
