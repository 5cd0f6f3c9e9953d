"""The request side: validation and bytes for request lines, heads, chunks.

Owns what a client may put on the wire (RFC 9110/9112 and every stdlib CVE fix
for requests) and the exact bytes http.client produces for it.  Returns
bytes or text and never touches a payload it only frames; it neither sends
nor buffers anything.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from typing import Any
from urllib.parse import urlsplit

from .errors import ErrorKind, LocalProtocolError
from .framing import request_framing
from .grammar import FORBIDDEN_IN_METHOD, FORBIDDEN_IN_TARGET
from .headers import field_line

__all__ = [
    "CHUNK_SUFFIX",
    "LAST_CHUNK",
    "chunk_prefix",
    "client_request_head",
    "encode_latin1",
    "host_header",
    "request_head",
    "request_line",
    "strip_ipv6_zone",
    "tunnel_request",
    "validate_host",
    "validate_method",
    "validate_target",
    "wrap_ipv6",
]

#: What follows each chunk's data (RFC 9112 §7.1).
CHUNK_SUFFIX = b"\r\n"
#: The last chunk and the empty trailer section that end a chunked body.
LAST_CHUNK = b"0\r\n\r\n"


def chunk_prefix(size: int) -> bytes:
    """The chunk-size line for *size* bytes of data, in upper-case hex as
    http.client writes it.  The data itself goes out untouched between this
    prefix and :data:`CHUNK_SUFFIX`."""
    return b"%X\r\n" % size


def validate_method(method: str) -> None:
    """Refuse a method with controls, SP or DEL (CVE-2020-26116).

    :raises LocalProtocolError: ``INVALID_METHOD``, with http.client's message.
    """
    # isprintable() is False for 0x00-0x1f and 0x7f, so a printable method
    # without SP passes without the regex, which only words the refusal.
    if method.isprintable() and " " not in method:
        return
    match = FORBIDDEN_IN_METHOD.search(method)
    if match:
        raise LocalProtocolError(
            ErrorKind.INVALID_METHOD,
            f"method can't contain control characters. {method!r} "
            f"(found at least {match.group()!r})",
        )


def _refuse_in_url(kind: ErrorKind, text: str) -> None:
    if text.isprintable() and " " not in text:  # see validate_method
        return
    match = FORBIDDEN_IN_TARGET.search(text)
    if match:
        raise LocalProtocolError(
            kind,
            f"URL can't contain control characters. {text!r} (found at least {match.group()!r})",
        )


def validate_target(url: str) -> None:
    """Refuse a request target with controls, SP or DEL
    (CVE-2019-9740, CVE-2019-9947).

    :raises LocalProtocolError: ``INVALID_URL``, with http.client's message.
    """
    _refuse_in_url(ErrorKind.INVALID_URL, url)


def validate_host(host: str) -> None:
    """Refuse a host with controls, SP or DEL (CVE-2019-18348).

    :raises LocalProtocolError: ``INVALID_URL``, with http.client's message.
    """
    _refuse_in_url(ErrorKind.INVALID_URL, host)


def request_line(method: str, target: str, http_vsn_str: str) -> str:
    """The request line as text, validated; an empty target means ``/``.

    The caller encodes it as ASCII (http.client's ``_encode_request``),
    which refuses non-ASCII with :exc:`UnicodeEncodeError`.
    """
    validate_method(method)
    target = target or "/"
    validate_target(target)
    return f"{method} {target} {http_vsn_str}"


def strip_ipv6_zone(host: bytes) -> bytes:
    """Drop the zone of a bracketed IPv6 literal (``[fe80::1%eth0]`` ->
    ``[fe80::1]``), which RFC 9110 §7.2 leaves out of Host, keeping any
    port after the bracket (http.client drops it)."""
    if not host.startswith(b"["):
        return host
    address, percent, rest = host.partition(b"%")
    if not percent:
        return host
    return address + rest[rest.find(b"]") :] if b"]" in rest else address + b"]"


def wrap_ipv6(host: bytes) -> bytes:
    """Bracket an IPv6 literal for use before ``:port``."""
    if b":" in host and not host.startswith(b"["):
        return b"[" + host + b"]"
    return host


def _idna(text: str) -> bytes:
    try:
        return text.encode("ascii")
    except UnicodeEncodeError:
        return text.encode("idna")


def host_header(url: str, host: str, port: int, default_port: int) -> bytes | str:
    """The automatic Host value http.client sends (RFC 9110 §7.2).

    An absolute-form *url* names the host itself, without its userinfo;
    otherwise *host* and *port* (the tunnel's, when tunnelling) do.  Non-ASCII names are IDNA
    encoded, IPv6 literals bracketed without their zone, and the port left
    out when it is the default.  The value has the type http.client hands
    to ``putheader`` (subclasses see it): bytes, or str when a port is
    added.
    """
    netloc = urlsplit(url).netloc if url.startswith("http") else ""
    if netloc:
        # Never the userinfo: it is credentials, which RFC 9110 §4.2.4
        # forbids a sender to put in a field value (http.client sends it).
        return strip_ipv6_zone(_idna(netloc.rpartition("@")[2]))
    if ":" in host:
        encoded = strip_ipv6_zone(b"[" + _idna(host) + b"]")
    elif host.isascii():
        if port != default_port:
            return f"{host}:{port}"
        return host.encode("ascii")
    else:
        encoded = _idna(host)
    if port == default_port:
        return encoded
    return f"{encoded.decode('ascii')}:{port}"


def request_head(line: bytes, fields: Sequence[tuple[object, object]]) -> bytes:
    """A whole request head: *line*, each field validated, the blank line."""
    return b"\r\n".join([line, *(field_line(n, (v,)) for n, v in fields), b"", b""])


def client_request_head(
    method: str,
    url: str,
    http_vsn_str: str,
    host: str,
    port: int,
    default_port: int,
    body_length: int | None,
    has_body: bool,
    headers: Mapping[Any, object],
    names: Set[object],
) -> bytes:
    """The head http.client's ``request()`` sends, in one piece.

    What ``putrequest`` (the request line, then ``Host`` and
    ``Accept-Encoding: identity`` unless *names* holds them), the framing
    field (``request_framing`` of *body_length*, unless the caller set
    Content-Length or Transfer-Encoding) and one ``putheader`` per caller
    field would put in the buffer, joined and ended with the blank line.
    *host* and *port* are the tunnel's when tunnelling; an absolute-form
    *url* names the host itself.  *names* are the caller's header names,
    lowered as http.client lowers them; *body_length* is what
    ``_get_content_length`` says of the body.

    :raises LocalProtocolError: for a method, target or field refused.
    :raises UnicodeError: for a request line that is not ASCII, a field
        value outside ISO-8859-1 or a host IDNA cannot encode.
    """
    # The full checks, which word the refusal, run when the quick one finds
    # a control, SP or DEL (isprintable() is False for each).
    if " " in method or " " in url or not (method.isprintable() and url.isprintable()):
        validate_method(method)
        validate_target(url)
    lines = [f"{method} {url} {http_vsn_str}".encode("ascii")]
    if "host" not in names:
        lines.append(field_line("Host", (host_header(url, host, port, default_port),)))
    if "accept-encoding" not in names:
        lines.append(_ACCEPT_IDENTITY)
    if "content-length" not in names and "transfer-encoding" not in names:
        header = request_framing(method, body_length, has_body, _NO_NAMES, False).header
        if header is not None:
            lines.append(field_line(header[0], (header[1],)))
    for name, value in headers.items():
        lines.append(field_line(name, (value,)))
    lines.extend(_HEAD_END)
    return b"\r\n".join(lines)


_ACCEPT_IDENTITY = b"Accept-Encoding: identity"
_NO_NAMES: frozenset[str] = frozenset()
_HEAD_END = (b"", b"")


def tunnel_request(
    host: bytes, port: int, http_vsn_str: str, fields: Sequence[tuple[object, object]]
) -> bytes:
    """The CONNECT request for a tunnel to *host*:*port*, in one piece.

    The host must be free of controls, SP and DEL and every field valid as
    for any request (CVE-2026-1502, gh-146211); an IPv6 literal is
    bracketed and its zone left out.

    :raises LocalProtocolError: ``INVALID_TUNNEL_HOST`` for a bad host,
        ``INVALID_HEADER_NAME``/``INVALID_HEADER_VALUE`` for a bad field.
    """
    match = FORBIDDEN_IN_TARGET.search(host.decode("iso-8859-1"))
    if match:
        raise LocalProtocolError(
            ErrorKind.INVALID_TUNNEL_HOST,
            f"Tunnel host can't contain control characters {host!r}",
        )
    # An IPv6 zone is local to this host: never on the wire (RFC 9110 §7.2
    # leaves it out of the authority; http.client sends it).
    authority = strip_ipv6_zone(wrap_ipv6(host))
    line = b"CONNECT %s:%d %s" % (authority, port, http_vsn_str.encode("ascii"))
    return request_head(line, fields)


def encode_latin1(data: str, name: str = "data") -> bytes:
    """Encode *data* as ISO-8859-1 (RFC 2616 §3.7.1's default charset).

    :raises UnicodeEncodeError: with http.client's advice to encode as UTF-8.
    """
    try:
        return data.encode("iso-8859-1")
    except UnicodeEncodeError as err:
        raise UnicodeEncodeError(
            err.encoding,
            err.object,
            err.start,
            err.end,
            f"{name.title()} ({data[err.start : err.end]!r:.20}) is not valid "
            f"Latin-1. Use {name}.encode('utf-8') if you want to send it "
            "encoded in UTF-8.",
        ) from None
