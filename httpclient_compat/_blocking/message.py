"""Header blocks as ``http.client`` hands them out: ``HTTPMessage`` objects.

Owns reading a header block from a file (``_read_headers``), and building
the stdlib's own :class:`http.client.HTTPMessage` from the core's fields:
directly for a clean head, through the email parser for an odd one, so the
result is the one ``http.client`` would give.  The core decides what the
fields are; nothing here parses a line.
"""

from __future__ import annotations

import re
from typing import Any, BinaryIO, Protocol, TypeVar

from .._core import DEFAULT_LIMITS, HeaderBlockReader, Limits, ProtocolError, parse_block
from . import knobs
from .errors import stdlib_error
from .stdlib import http_client

__all__ = [
    "HTTPMessage",
    "build_message",
    "message_from_lines",
    "parse_headers",
    "read_headers",
]

HTTPMessage = http_client.HTTPMessage

M = TypeVar("M", bound=http_client.HTTPMessage)


class _Readline(Protocol):
    def readline(self, size: int = ..., /) -> bytes: ...


def read_headers(fp: _Readline, limits: Limits = DEFAULT_LIMITS) -> list[bytes]:
    """Read one header block's raw lines from *fp*, as ``http.client._read_headers``.

    :raises http.client.LineTooLong: for a line over the limit.
    :raises http.client.HTTPException: for more lines than the limit.
    """
    reader = HeaderBlockReader(limits)
    readline = fp.readline
    limit = reader.want.limit
    try:
        while not reader.got_line(readline(limit)):
            pass
    except ProtocolError as exc:
        raise stdlib_error(exc) from exc
    return reader.lines


def build_message(
    raw: bytes,
    fields: list[tuple[str, str]],
    clean: bool,
    content_type: str | None,
    _class: type[M] = HTTPMessage,  # type: ignore[assignment] # the default class is M's bound
) -> M:
    """The message ``http.client.parse_headers`` would make of *raw*.

    *fields*, *clean* and *content_type* (the first Content-Type value)
    are what the core read from *raw*.  A clean head is built directly from
    the fields (the email parser would give the same; tests pin it), which
    skips the parser's cost.  A head whose Content-Type is ``multipart`` or
    ``message`` still goes through the parser, for the body part and the
    defects it records (urllib3 filters them by name).  Any other head
    goes through the email parser as in http.client, except that the
    headers are the core's fields: no field is lost where the parser would
    drop the rest into the payload (after one odd line, gh-81274), and no
    value holds an obs-fold, a bare CR or a NUL; the parser's defects and
    payload (the text after the odd line) are kept, as http.client's
    message has them.
    """
    if clean and _class is HTTPMessage and not _reads_a_part(content_type):
        # What the parser does for a head without a body: Message.__init__
        # (the running interpreter's), then the fields and an empty payload.
        # Set attribute by attribute, the state stays in the object's
        # inline values, cheaper than a dict copied from a template.  The
        # email parser costs most of http.client's begin() (bench_shell.py,
        # "begin()"; bench_heads.py, every row).
        message: M = _class()
        message._headers = fields  # type: ignore[attr-defined]
        message._payload = ""  # type: ignore[attr-defined]
        return message
    import email.parser  # noqa: PLC0415 - on first use: clean heads never need it

    text = raw.decode("iso-8859-1")
    if not clean and ("\x00" in text or "\r" in text.replace("\r\n", "")):
        # A bare CR or NUL is SP before any reader sees it (RFC 9110 §5.5):
        # the email parser would take a bare CR for a line break.
        text = _BARE_CR_OR_NUL.sub(" ", text)
    message = email.parser.Parser(_class=_class).parsestr(text)
    if not clean:
        # The core's fields: obs-fold, bare CR and NUL replaced by SP
        # (RFC 9112 §5.2, RFC 9110 §5.5), and none lost where the parser
        # stopped at an odd line; the parser's defects and payload (the
        # text after that line), which callers log (urllib3 does), stay.
        message._headers = list(fields)  # type: ignore[attr-defined]
    return message


_BARE_CR_OR_NUL = re.compile("\r(?!\n)|\x00")


def _reads_a_part(content_type: str | None) -> bool:
    """Whether the email parser may read a body part for this Content-Type.

    It does for the main types ``multipart`` and ``message``, compared
    without case; any value naming either is sent its way, which is never
    wrong, only slower.
    """
    if content_type is None:
        return False
    lowered = content_type.lower()
    return "multipart" in lowered or "message" in lowered


def message_from_lines(
    lines: list[bytes],
    _class: type[M] = HTTPMessage,  # type: ignore[assignment] # the default class is M's bound
) -> M:
    """The message http.client makes of a header block's raw *lines*."""
    raw = b"".join(lines)
    fields, clean, framing = parse_block(raw)
    return build_message(raw, fields, clean, framing.content_type, _class)


def parse_headers(
    fp: BinaryIO | Any,
    _class: type[M] = HTTPMessage,  # type: ignore[assignment] # the default class is M's bound
    *,
    _max_headers: int | None = None,
) -> M:
    """Parse a header block from *fp* into a message, as ``http.client`` does.

    Lines are read with ``fp.readline(_MAXLINE + 1)`` up to a blank line or
    EOF, at most ``_MAXHEADERS`` of them (or *_max_headers*, 3.15's
    argument, on every version), decoded as ISO-8859-1; the two knobs are
    read from the module now, as in http.client.

    :raises http.client.LineTooLong: for a line over ``_MAXLINE`` bytes.
    :raises http.client.HTTPException: for too many lines.
    """
    return message_from_lines(read_headers(fp, knobs.limits(_max_headers)), _class)
