"""Pure framing decisions: how a message's body ends, and whether the
connection may carry another exchange.

Owns RFC 9112 §6 (message body length) for responses and the body framing
http.client chooses for requests.  Plain functions over plain values, so a
table of cases can test them; nothing here reads bytes or keeps state.
"""

from __future__ import annotations

from typing import NamedTuple

from .errors import ErrorKind, RemoteProtocolError
from .events import Framing
from .headers import FramingValues
from .members import _CHUNKED, _LENGTH, _NO_BODY, _UNTIL_CLOSE

# NamedTuple's own __new__ is a Python function; the C-level constructor
# builds the same Framing for half of it, once per response (bench_shell.py,
# "keep-alive GET" and "begin()"; see headers.py).
_new_tuple = tuple.__new__
# The statuses whose responses never have a body (RFC 9112 §6.3 item 1).
_NO_BODY_STATUS = frozenset(range(100, 200)) | {204, 304}

__all__ = [
    "METHODS_EXPECTING_BODY",
    "RequestFraming",
    "content_length",
    "request_framing",
    "response_framing",
    "will_close",
]


def content_length(values: list[str]) -> int | None:
    """Read the Content-Length of a response from every such field's value.

    ``Content-Length = 1*DIGIT`` (RFC 9110 §8.6), with whitespace around
    it; several values, in several fields or as a comma list, must be the
    same number, which is taken once.  Anything else (``+5``, ``-5``,
    ``0x5``, ``5_0``, ``5 5``, an empty value, values that differ) is an
    invalid length: RFC 9112 §6.3 item 5 makes it an unrecoverable error,
    because another reader could frame the message otherwise.  http.client
    reads the first field with ``int()``, which takes ``+5`` and ``5_0``,
    ignores the others, and reads a value it cannot parse as no length at
    all (see the differences page).  No value is ``None``.

    :raises RemoteProtocolError: (``BAD_CONTENT_LENGTH``) for an invalid
        or conflicting length.
    """
    if not values:
        return None
    lengths = set()
    for value in values:
        for part in value.split(","):
            member = part.strip(" \t")
            # isdecimal() is True only for 0-9 in ISO-8859-1 text; the
            # bound keeps int() within its digit limit.
            if not (member.isdecimal() and len(member) <= _MAX_DIGITS):
                raise RemoteProtocolError(
                    ErrorKind.BAD_CONTENT_LENGTH,
                    f"invalid Content-Length {', '.join(values)!r}",
                )
            lengths.add(int(member))
    if len(lengths) != 1:
        raise RemoteProtocolError(
            ErrorKind.BAD_CONTENT_LENGTH,
            f"conflicting Content-Length {', '.join(values)!r}",
        )
    return lengths.pop()


# More digits than any length a file can have (2**64 has 20), with room
# for leading zeros.
_MAX_DIGITS = 40


def _is_chunked(transfer_encoding: list[str]) -> bool | None:
    """Whether chunked is the final transfer coding; ``None`` if no coding."""
    codings = [
        coding.strip(" \t").lower() for value in transfer_encoding for coding in value.split(",")
    ]
    codings = [coding for coding in codings if coding]
    if not codings:
        return None
    return codings[-1] == "chunked"


def will_close(http_version: int, fields: FramingValues) -> bool:
    """http.client's ``_check_close``: does the server mean to close?

    HTTP/1.1 closes when Connection contains "close"; HTTP/1.0 stays open
    only with Keep-Alive, or Connection or Proxy-Connection containing
    "keep-alive".  Substring tests and first-field lookups are the
    stdlib's, kept so that the same responses reuse the same connections.
    """
    _, _, connection, keep_alive, proxy, _ = fields
    if http_version == 11:
        return connection is not None and "close" in connection.lower()
    if keep_alive:
        return False
    if connection and "keep-alive" in connection.lower():
        return False
    return not (proxy and "keep-alive" in proxy.lower())


def response_framing(
    status: int, method: str | None, http_version: int, fields: FramingValues
) -> Framing:
    """Decide how a response body ends (RFC 9112 §6.3) and ``will_close``.

    - No body for a response to HEAD, a 1xx, 204 or 304, or a 2xx to
      CONNECT (RFC 9112 §6.3 items 1 and 2).
    - Transfer-Encoding whose final coding is chunked: chunked, whatever
      Content-Length says (item 3).  http.client only recognises a single
      field that is exactly "chunked", and reads "gzip, chunked" as raw
      bytes with the chunk framing in them (see the differences page).
    - Any other Transfer-Encoding: read until close (item 4).
    - Otherwise Content-Length (item 5, see :func:`content_length`), else
      read until close (item 8).

    ``will_close`` is http.client's, then forced true when a body runs
    until close, and when the framing was ambiguous (both Transfer-Encoding
    and Content-Length, or Transfer-Encoding in HTTP/1.0: RFC 9112 §6.1),
    so such a connection is never reused.

    :raises RemoteProtocolError: (``BAD_CONTENT_LENGTH``) as
        :func:`content_length` does, when Content-Length decides.
    """
    te, cl, connection, _, _, _ = fields  # one unpack, not three attribute reads
    if http_version == 11:  # will_close(), inlined for the common case
        close = connection is not None and "close" in connection.lower()
    else:
        close = will_close(http_version, fields)
    if status in _NO_BODY_STATUS or method == "HEAD" or (method == "CONNECT" and status < 300):
        return _new_tuple(Framing, (_NO_BODY, None, close))
    if not te and len(cl) == 1:  # the usual response: one Content-Length
        value = cl[0]
        # A plain decimal needs none of content_length()'s checks.
        length = int(value) if value.isdecimal() and len(value) <= _MAX_DIGITS else None
        if length is None:
            length = content_length(cl)
        return _new_tuple(Framing, (_LENGTH, length, close))
    if te:
        chunked = _is_chunked(te)
        if chunked is not None:
            close = close or bool(cl) or http_version == 10
            if chunked:
                return _new_tuple(Framing, (_CHUNKED, None, close))
            return _new_tuple(Framing, (_UNTIL_CLOSE, None, True))
    length = content_length(cl)
    if length is not None:
        return _new_tuple(Framing, (_LENGTH, length, close))
    return _new_tuple(Framing, (_UNTIL_CLOSE, None, True))


#: Methods for which http.client sends ``Content-Length: 0`` without a
#: body, because some servers answer 411 otherwise (RFC 9110 §8.6).
METHODS_EXPECTING_BODY = frozenset({"PATCH", "POST", "PUT"})


class RequestFraming(NamedTuple):
    """How a request body goes on the wire.

    :attr:`header` is the framing header to add, as (name, value), or
    ``None``; :attr:`chunked` says whether the body is sent in chunks.
    """

    header: tuple[str, str] | None
    chunked: bool


def request_framing(
    method: str,
    body_length: int | None,
    has_body: bool,
    header_names: frozenset[str],
    encode_chunked: bool,
) -> RequestFraming:
    """http.client's ``_send_request`` framing decision.

    *body_length* is the body's size when it is known (bytes-like and str
    bodies), *has_body* whether a body was given at all, *header_names*
    the caller's header names in lower case, *encode_chunked* the caller's
    flag.  The caller's own Content-Length wins and nothing is chunked; the
    caller's own Transfer-Encoding leaves chunking to *encode_chunked*;
    otherwise a known length becomes Content-Length (``0`` where
    ``_get_content_length`` gives it for a method that expects a body), no
    body and no length no framing field, and a body of unknown length (a
    file, an iterable) is sent chunked.
    """
    if "content-length" in header_names:
        return _NO_FRAMING
    if "transfer-encoding" in header_names:
        return RequestFraming(None, encode_chunked)
    if body_length is None and not has_body:
        # No length for no body: ``_get_content_length`` gave 0 for the
        # methods that expect a body, and a caller who replaced it decided.
        return _NO_FRAMING
    if body_length is None:
        return RequestFraming(("Transfer-Encoding", "chunked"), True)
    return RequestFraming(("Content-Length", str(body_length)), False)


# The answer for most requests (a GET without a body), made once: a
# NamedTuple's constructor is a Python-level call (bench_shell.py,
# "keep-alive GET").
_NO_FRAMING = RequestFraming(None, False)
