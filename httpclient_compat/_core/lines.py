"""Single lines of a response: the status line, chunk-size lines, and where
a buffered head ends.

Owns the pure functions that read one line, or find a head's end in a
buffer, with http.client's exact leniency and the limits; plain functions
over bytes, so tables of cases test them.  Nothing here keeps state: the
response parser applies them.
"""

from __future__ import annotations

import re

from .errors import ErrorKind, RemoteProtocolError
from .limits import DEFAULT_LIMITS, Limits

__all__ = [
    "BREAKS_A_LIMIT",
    "KnownStatus",
    "common_final_status",
    "head_length",
    "last_final_status",
    "parse_chunk_size",
    "parse_common_status",
    "parse_status_line",
    "read_status_line",
    "scan_head",
]

_STATUS_TEXT_CODES = {str(code): code for code in range(100, 1000)}
_COMMON_VERSIONS = ("HTTP/1.1", "HTTP/1.0")
_NOT_A_REASON_START = ("\x85", "\xa0")  # whitespace to str.strip() in Latin-1 text


def parse_common_status(line: str) -> tuple[str, int, str] | None:
    """Split the usual status line, already decoded.

    Returns (version, status, reason) for an HTTP/1.1 or HTTP/1.0 line with
    one SP after the version, a three-digit code, one SP and a reason that
    does not start with whitespace (in Latin-1 text ``\x85`` and ``\xa0``
    are whitespace too): what the general path, RFC 9112's expression,
    gives for it, without the expression.  A line ending left on the line
    stays on the reason.  ``None`` for any other line, which the general
    path reads.
    """
    code = _STATUS_TEXT_CODES.get(line[9:12])
    first = line[13:14]
    if (
        code is not None
        and line[8:9] == " " == line[12:13]
        and first > " "
        and first not in _NOT_A_REASON_START
        and line[:8] in _COMMON_VERSIONS
    ):
        return line[:8], code, line[13:]
    return None


#: A final status line read by :func:`common_final_status`: the line with
#: its CRLF, its length, (version, status, reason) and the HTTP version as
#: 11 or 10.
KnownStatus = tuple[bytes, int, tuple[str, int, str], int]


def common_final_status(data: bytes) -> KnownStatus | None:
    """Read the usual final status line at the start of *data*.

    For a head read in one piece: *data* starts with a status line ended
    by CRLF that :func:`parse_common_status` reads, with a code of 200 or
    more and no control character (a bare CR or LF would end the line
    elsewhere for ``readline``; obs-text in the reason is left to the
    general path too).  ``None`` for any other line.

    The answer is also kept, as ``last_final_status[0]``, for the next
    head's first check: a server sends the same status line on nearly
    every response, and ``data.startswith(line)`` reads it again for the
    price of one comparison.
    """
    start = data.find(b"\r\n") + 2
    if start < 2:
        return None
    line = data[: start - 2].decode("iso-8859-1")
    status = parse_common_status(line) if line.isprintable() else None
    if status is None or status[1] < 200:
        return None
    known = data[:start], start, status, 11 if status[0] == "HTTP/1.1" else 10
    last_final_status[0] = known
    return known


#: The status line common_final_status() read last.  Before any, what it
#: reads for the most common line of all (a test reads that line first in
#: a new process).  One entry, so a miss costs one startswith() more than a
#: first sight (bench_shell.py, "keep-alive GET"; bench_heads.py, every row).
last_final_status: list[KnownStatus] = [(b"HTTP/1.1 200 OK\r\n", 17, ("HTTP/1.1", 200, "OK"), 11)]


def parse_status_line(line: bytes) -> tuple[str, int, str]:
    """Split a status line, strictly (RFC 9112 §4).

    ``status-line = HTTP-version SP status-code SP [ reason-phrase ]``
    with ``HTTP-version = "HTTP/" DIGIT "." DIGIT`` and a three-digit code
    from 100 to 999.  http.client's leniency is kept only where it cannot
    change how the response is read: the line may end with a bare LF, and
    the reason (with the SP before it) may be missing.  Returns (version,
    status, reason), the reason with its line ending as read (``""`` when
    missing) and each bare CR or NUL in it replaced by SP (RFC 9110 §5.5),
    so neither reaches the application.  The line is ISO-8859-1 text.

    :raises RemoteProtocolError: ``BAD_STATUS_LINE`` (args: the decoded
        line) for any other line: http.client's ``int()`` and
        ``split()`` read ``+20``, ``2_0``, a tab or two spaces between the
        parts, and any version that starts ``HTTP/``.
    """
    text = str(line, "iso-8859-1")
    # The usual line, without the expression.
    parts = parse_common_status(text) or _general_status(text)
    reason = parts[2]
    if "\x00" in reason or "\r" in reason.rstrip("\r\n"):
        return parts[0], parts[1], _clean_reason(reason)
    return parts


def _general_status(text: str) -> tuple[str, int, str]:
    match = _STATUS_LINE.fullmatch(text)
    if match is None:
        raise RemoteProtocolError(ErrorKind.BAD_STATUS_LINE, text)
    version, code, reason = match.groups()
    return version, int(code), reason or ""


# RFC 9112 §4, the line ending (CRLF or bare LF) left on the reason, as
# http.client leaves it; a code below 100 is refused as there.
_STATUS_LINE = re.compile(r"(HTTP/[0-9]\.[0-9]) ([1-9][0-9][0-9])(?: ([^\n]*\n?)|\r?\n?)")


def _clean_reason(reason: str) -> str:
    """*reason* with a bare CR or NUL inside replaced by SP (RFC 9110 §5.5)."""
    body = reason.rstrip("\r\n")
    return body.replace("\r", " ").replace("\x00", " ") + reason[len(body) :]


def read_status_line(line: bytes, limits: Limits = DEFAULT_LIMITS) -> tuple[str, int, str]:
    """Check and split a status line as read by ``fp.readline(limit)``.

    :raises RemoteProtocolError: ``LINE_TOO_LONG`` ("status line") past
        the limit; ``NO_RESPONSE`` for ``b""`` (the peer closed first);
        ``TRUNCATED_HEAD`` for the start of a status line without its LF
        (the peer closed in it); ``BAD_STATUS_LINE`` as
        :func:`parse_status_line`.
    """
    if len(line) > limits.max_line:
        raise RemoteProtocolError(ErrorKind.LINE_TOO_LONG, "status line")
    if not line:
        raise RemoteProtocolError(
            ErrorKind.NO_RESPONSE, "Remote end closed connection without response"
        )
    if not line.endswith(b"\n") and line.startswith(b"HTTP/"[: len(line)]):
        # The start of a status line, cut short; other bytes are no status
        # line at all (BAD_STATUS_LINE, as in http.client).
        raise RemoteProtocolError(
            ErrorKind.TRUNCATED_HEAD, "Remote end closed connection in the status line"
        )
    return parse_status_line(line)


def head_length(data: bytes) -> int:
    """Length of the header block at the start of *data*, or -1.

    For the shell's ``peek`` path: the block up to and including its
    first blank line, when that line ends a CRLF-terminated line (so it is
    the block's end, not a bare-LF blank line earlier).  -1 when *data*
    holds no such complete block, or starts with the blank line: then the
    shell reads line by line.
    """
    end = data.find(b"\r\n\r\n")
    if (
        end < 0
        or data.find(b"\n\n", 0, end + 4) >= 0
        or data.find(b"\n\r\n", 0, end + 4) != end + 1
    ):
        return -1
    if data.startswith((b"\r\n", b"\n")):
        return -1
    return end + 4


def expects_continue(head: bytes) -> bool:
    """Whether a request *head* (CRLF lines) carries ``Expect:
    100-continue``, whose body waits for the server (RFC 9110 §10.1.1).
    The expression runs only where the head holds ``100-``."""
    return b"100-" in head and _EXPECTS_CONTINUE.search(head) is not None


_EXPECTS_CONTINUE = re.compile(rb"(?im)^expect:[ \t]*100-continue[ \t]*\r$")


def continue_answer(data: bytes) -> tuple[int, int] | None:
    """What the start of a response in *data* answers a request sent with
    ``Expect: 100-continue`` whose body waits (RFC 9110 §10.1.1).

    ``(status, size)`` for a whole interim head: its 1xx status and its
    length through the blank line, for the caller to take (100: send the
    body; another 1xx: wait on).  ``(status, 0)`` for a final status line,
    and ``(0, 0)`` for a line that is no status line: both are left for
    the response reader, and the body is not sent.  ``None`` while the
    status line or the interim head is not all in *data*.
    """
    end = data.find(b"\n") + 1
    if not end:
        return None
    try:
        status = parse_status_line(data[:end])[1]
    except RemoteProtocolError:
        return (0, 0)
    if status >= 200:
        return (status, 0)
    rest = data[end:]
    if rest.startswith((b"\r\n", b"\n")):  # no fields
        return (status, end + rest.index(b"\n") + 1)
    size = head_length(rest)
    return None if size < 0 else (status, end + size)


# scan_head's answer when reading the block line by line would break a limit.
BREAKS_A_LIMIT = -2


def scan_head(block: bytes, with_status: bool, limits: Limits) -> int:
    """Read *block* as the parser would, line by line, without taking it.

    Returns where the head ends (after its first blank line), -1 when the
    block holds no complete head, or ``BREAKS_A_LIMIT`` when a line
    before that end is too long or one line too many.
    """
    max_line = limits.max_line
    # The common case at C speed: a CRLF head whose only blank line is its
    # last, short enough that no line can break the line limit.  A bare-LF
    # blank line earlier would show as LF LF or LF CRLF before the end.
    at = block.find(b"\r\n\r\n")
    end = at + 4
    if (
        at >= 0
        and end == len(block) <= max_line
        and block.find(b"\n\n") < 0
        and block.find(b"\n\r\n") == at + 1
        and not block.startswith((b"\r\n", b"\n"), block.find(b"\n") + 1 if with_status else 0)
        and block.count(b"\n") - with_status <= limits.max_headers
    ):
        return end
    start = 0
    if with_status:
        start = block.find(b"\n") + 1
        if (start or len(block)) > max_line:
            return BREAKS_A_LIMIT
        if not start:
            return -1
    count = 0
    while start < len(block):
        # A last line without LF counts too, as readline would return it.
        end = block.find(b"\n", start) + 1
        if (end or len(block)) - start > max_line:
            return BREAKS_A_LIMIT
        count += 1
        if count > limits.max_headers:
            return BREAKS_A_LIMIT
        if not end:
            break
        if block[start:end] in (b"\r\n", b"\n"):
            return end
        start = end
    return -1


def parse_chunk_size(line: bytes) -> int:
    """The size on a chunk-size line, chunk extensions ignored (RFC 9112 §7.1).

    ``chunk-size = 1*HEXDIG``: at most 16 digits past any leading zeros,
    then optional whitespace and extensions, then the line ending (or EOF).
    http.client reads the line with ``int(..., 16)``, which also takes
    ``+5``, ``0x5``, ``5_0`` and leading whitespace, and a negative size
    it passes on to ``read(-1)``; a size one reader takes and another
    does not lets a response smuggle another into a kept connection.

    :raises RemoteProtocolError: ``BAD_CHUNK_SIZE`` (args: the line).
    """
    match = _CHUNK_SIZE_LINE.fullmatch(line)
    if match is None:
        raise RemoteProtocolError(ErrorKind.BAD_CHUNK_SIZE, line)
    return int(match[1], 16)


# RFC 9112 §7.1.1: chunk-ext = *( BWS ";" BWS chunk-ext-name
# [ BWS "=" BWS chunk-ext-val ] ), ignored here as by http.client, but
# never with a CR or NUL inside; trailing whitespace is tolerated (h11
# does too).
_CHUNK_SIZE_LINE = re.compile(rb"0*([0-9A-Fa-f]{1,16})[ \t]*(?:;[^\r\n\x00]*)?\r?\n?")
