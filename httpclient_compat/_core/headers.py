"""Header fields: received lines to (name, value) pairs, and back to bytes.

Owns the reading of a received header block (with the stdlib's lookup
rules: names compared without case, ``get`` takes the first field) and the
encoding and validation of outgoing fields.  Framing decisions made from
the fields live in :mod:`.framing`; limits on how many lines arrive live in
the response parser.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from .errors import ErrorKind, LocalProtocolError, RemoteProtocolError
from .events import Field, ReadLine
from .grammar import CLEAN_FIELD, CLEAN_HEAD, FORBIDDEN_IN_FIELD_VALUE, TOKEN_TEXT, is_token
from .limits import DEFAULT_LIMITS, Limits

__all__ = [
    "FramingFields",
    "FramingValues",
    "HeaderBlockReader",
    "encode_field_name",
    "encode_field_value",
    "field_line",
    "framing_fields",
    "parse_block",
    "parse_common_head",
    "parse_fields",
]


def parse_fields(lines: Sequence[bytes]) -> tuple[list[Field], bool]:
    """Read the header lines of one block into fields.

    *lines* are the raw lines as read, line endings included; a blank line
    ends the block and may be present or not.  Returns the fields in order
    and whether the block was *clean*; see :func:`parse_block`.
    """
    fields, clean, _ = parse_block(b"".join(lines))
    return fields, clean


def parse_block(raw: bytes, strict: bool = False) -> tuple[list[Field], bool, FramingFields]:
    """Read a header block into fields and framing fields.

    *raw* is the block as read: its lines, line endings included, and the
    blank line that ends it, if any.  Returns the fields in order, whether
    the block was *clean* (every line a token, a colon and a value without
    CR, LF or NUL), and the fields framing depends on (``framing_fields``).

    For a clean block each field is exactly what ``email.parser`` with the
    compat32 policy, which http.client uses, makes of it: the name as
    sent, the value without its leading SP/HTAB and line ending.  Any
    other block is read as RFC 9112 §5 reads it, field by field, so one odd
    line never hides the fields after it (as it does in the email parser,
    gh-81274): obs-fold is replaced by one SP (RFC 9112 §5.2), bare CR and
    NUL by SP (RFC 9110 §5.5, RFC 9112 §2.2); a line without a colon or
    with an empty name is not a field and is skipped, and so are its
    continuation lines and a continuation with nothing to continue.

    With *strict* (a response head), a name that is not a token, such as
    one with whitespace before its colon, which one reader would strip and
    another keep, is an error (RFC 9112 §5.1); elsewhere (``parse_headers``,
    trailers) such a line is kept as a field, as http.client keeps it.

    :raises RemoteProtocolError: ``BAD_FIELD_LINE`` (args: the line), with
        *strict* only.
    """
    text = raw.decode("iso-8859-1")
    common = _common_block(text, 0)
    if common is not None:
        return common[0], True, _new_tuple(FramingFields, common[1])
    if CLEAN_HEAD.fullmatch(text) is not None:
        fields: list[Field] = CLEAN_FIELD.findall(text)
        return fields, True, framing_fields(fields)
    fields = _parse_odd_fields(text, strict)
    return fields, False, framing_fields(fields)


def parse_common_head(data: bytes, start: int) -> tuple[list[Field], FramingValues, int] | None:
    """Read the common header block of the response head in *data*.

    *data* is what is buffered: a status line and a header block up to its
    blank line, maybe followed by body bytes; the caller has read the
    status line, which ends with a CRLF at *start*.  When the block is the
    common one, returns its fields and framing values, exactly as
    :func:`parse_block` reads the block, and the head's length through the
    blank line; ``None`` for any other block, or one not all in *data*,
    which the caller reads in the general way.
    """
    end = data.find(b"\r\n\r\n") + 4
    if end < 4:
        return None
    return _common_block(data[:end].decode("iso-8859-1"), 1)


# NamedTuple's own __new__ is a Python function; the C-level tuple
# constructor builds the same object for half of it, about 300 ns less
# per object (bench_heads.py, every row; bench_shell.py, "begin()").
_new_tuple = tuple.__new__

# Field-name characters (RFC 9110 §5.6.2 tchar) and the NUL marker of
# _common_block, for bytes.translate.
_TCHARS = b"!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz\x00"


def _common_block(text: str, lead: int) -> _CommonBlock | None:
    """Fields, framing and end of the common clean block, or ``None`` for others.

    *lead* is 1 when a line that is not a field (the status line) comes
    first, else 0.  The common block has CRLF line endings and a blank
    line last, and its fields are read as the clean path reads them.  It
    is read with C-level string methods alone: a loop over the fields
    costs several times more on this per-response path (bench_heads.py,
    every row).  Every condition
    is checked on the whole text at once; a block that fails one takes
    the general path, which gives the same fields.

    Each CRLF becomes ": " plus a NUL marker (the block holds no NUL of
    its own), so one split on ": " gives [lead line,] name, value,
    NUL-name, value, ..., NUL, NUL: a marker starts every piece that
    follows a line end, and the two last pieces are the two final CRLFs.
    The pieces are taken as names and values by their place, which is
    right exactly when every line is written ``name: value`` with one
    ": ": then every marker but the last two is in a name piece.  The
    count of validated names proves that: each name piece after the first
    (with a lead line, the first too) must hold a marker.  A value piece
    that holds one starts with NUL, which ``min(values)`` refuses, as it
    refuses an empty value and one starting with SP, HTAB or a control
    (the general path reads those).

    """
    if not text.endswith("\r\n\r\n") or "\x00" in text:
        return None
    # The whole text, its last two CRLFs included: they become two empty
    # marked pieces at the end, cheaper to drop than to slice them off.
    marked = text.replace("\r\n", ": \x00")
    if "\r" in marked or "\n" in marked:  # a bare CR or LF
        return None
    flat = marked.split(": ")
    rows = (len(flat) - lead) // 2 - 1
    values = flat[lead + 1 : -2 : 2]
    if rows < 1 or len(flat) != 2 * rows + 2 + lead or min(values) < "!":
        return None
    joined = "".join(flat[lead:-2:2])
    last = _last_names[lead]
    if joined == last[0]:
        known: _KnownNames | None = last[1]
    else:
        known = _learn_names(joined, lead)
        if known is not None:
            _last_names[lead] = (joined, known)
    # Every name piece after the first holds its marker; with a lead line
    # the first does too.
    if known is None or len(known[0]) != rows:
        return None
    return _fields_and_framing(known, values, len(text))


#: A common block read: its fields, its framing values, and where it ends
#: in the text read (after its blank line).
_CommonBlock = tuple[list[Field], "FramingValues", int]


def _fields_and_framing(known: _KnownNames, values: Sequence[str], end: int) -> _CommonBlock:
    """The fields and framing values of a common block, from its values;
    *end* is passed through, as the block's end."""
    names, te_at, cl_at, connection_at, keep_alive_at, proxy_at, type_at, usual = known
    if usual:
        # At most Content-Length, Connection, Content-Type.
        framing: FramingValues = (
            [],
            [values[cl_at[0]]] if cl_at else [],
            None if connection_at < 0 else values[connection_at],
            None,
            None,
            None if type_at < 0 else values[type_at],
        )
        return list(zip(names, values)), framing, end
    framing = (
        [values[i] for i in te_at] if te_at else [],
        ([values[cl_at[0]]] if len(cl_at) == 1 else [values[i] for i in cl_at]) if cl_at else [],
        None if connection_at < 0 else values[connection_at],
        None if keep_alive_at < 0 else values[keep_alive_at],
        None if proxy_at < 0 else values[proxy_at],
        None if type_at < 0 else values[type_at],
    )
    return list(zip(names, values)), framing, end


# A validated sequence of field names: the names, where the framing fields
# stand (indices; -1 when absent), and whether the usual shape holds: no
# Transfer-Encoding, Keep-Alive or Proxy-Connection, at most one
# Content-Length.
_KnownNames = tuple[list[str], tuple[int, ...], tuple[int, ...], int, int, int, int, bool]


#: Per lead (a block's names, a head's), the names read last and what was
#: learnt of them: a server sends the same names on every response of a
#: kind, and a keep-alive connection reads one kind after another.  One
#: entry, so a miss costs one string comparison more than a first sight,
#: and nothing is kept that grows (bench_heads.py, every row; keep-alive
#: GET in bench_shell.py).
_last_names: list[tuple[str, _KnownNames | None]] = [("", None), ("", None)]


def _found(low: bytes, name: bytes) -> int:
    """Index of the first field *name* in *low*, the lowered names each
    behind a NUL and the last followed by one; -1 when absent.  Searched at
    C level: the name between two NULs, then the NULs before it counted."""
    at = low.find(name)
    return -1 if at < 0 else low.count(b"\x00", 0, at)


def _every(low: bytes, name: bytes) -> tuple[int, ...]:
    """Indices of every field *name* in *low* (see :func:`_found`)."""
    found = []
    at = low.find(name)
    while at >= 0:
        found.append(low.count(b"\x00", 0, at))
        at = low.find(name, at + 1)  # the NUL between two fields is shared
    return tuple(found)


def _learn_names(joined: str, lead: int) -> _KnownNames | None:
    """Validate NUL-joined names and find where the framing fields are.

    With a *lead* line, *joined* starts with the first name's marker.  The
    same C-level steps for every head, whatever was read before: the
    token check, one split for the names, and a search of the lowered
    text for each framing field's name.
    """
    if lead and not joined.startswith("\x00"):
        return None
    try:
        raw = joined.encode("ascii")
    except UnicodeEncodeError:
        return None
    if raw.translate(None, _TCHARS):
        return None
    names = joined[lead:].split("\x00")
    if "" in names:
        return None
    # Every name behind a NUL and followed by one, so that a search for
    # "\0name\0" finds that name only.
    low = (raw if lead else b"\x00" + raw).lower() + b"\x00"
    find = low.find
    length_at = find(b"\x00content-length\x00")
    if (
        find(b"\x00transfer-encoding\x00") < 0
        and find(b"\x00keep-alive\x00") < 0
        and find(b"\x00proxy-connection\x00") < 0
        and (length_at < 0 or find(b"\x00content-length\x00", length_at + 1) < 0)
    ):
        # The usual head, without a call per framing field: at most one
        # Content-Length, and Connection and Content-Type.
        count = low.count
        connection_at = find(b"\x00connection\x00")
        type_at = find(b"\x00content-type\x00")
        return (
            names,
            (),
            () if length_at < 0 else (count(b"\x00", 0, length_at),),
            -1 if connection_at < 0 else count(b"\x00", 0, connection_at),
            -1,
            -1,
            -1 if type_at < 0 else count(b"\x00", 0, type_at),
            True,
        )
    te_at = _every(low, b"\x00transfer-encoding\x00")
    cl_at = _every(low, b"\x00content-length\x00")
    keep_alive_at = _found(low, b"\x00keep-alive\x00")
    proxy_at = _found(low, b"\x00proxy-connection\x00")
    return (
        names,
        te_at,
        cl_at,
        _found(low, b"\x00connection\x00"),
        keep_alive_at,
        proxy_at,
        _found(low, b"\x00content-type\x00"),
        not te_at and keep_alive_at < 0 and proxy_at < 0 and len(cl_at) <= 1,
    )


def _parse_odd_fields(text: str, strict: bool) -> list[Field]:
    fields: list[Field] = []
    # Whether the last line that was not a continuation made a field: a
    # continuation of a skipped line is skipped too, never glued onto the
    # field before it (that could turn "Content-Length: 5" into "5 0").
    in_field = False
    # Lines end at LF only (readline's rule); CR before it is the ending.
    for raw in text.split("\n"):
        line = (raw[:-1] if raw.endswith("\r") else raw).replace("\r", " ").replace("\x00", " ")
        if not line:
            continue
        if line[0] in " \t":
            if in_field:
                name, value = fields[-1]
                value = value.rstrip(" \t")
                more = line.lstrip(" \t")
                fields[-1] = (name, value + " " + more if value else more)
            continue
        name, colon, value = line.partition(":")
        # A field name has at least one character (RFC 9110 §5.1).
        in_field = bool(colon and name)
        if in_field:
            if strict and TOKEN_TEXT.fullmatch(name) is None:
                raise RemoteProtocolError(ErrorKind.BAD_FIELD_LINE, f"invalid header line {line!r}")
            fields.append((name, value.lstrip(" \t")))
    return fields


#: FramingFields' values as a plain tuple, which the per-response path
#: builds instead: a NamedTuple instance costs an extra call and copy
#: (bench_heads.py, every row).
FramingValues = tuple[list[str], list[str], "str | None", "str | None", "str | None", "str | None"]


class FramingFields(NamedTuple):
    """The fields framing, connection reuse and the body's reading depend on.

    Transfer-Encoding and Content-Length list every field's value, in
    order; the others hold the first field's value, or ``None``, which is
    what http.client's ``msg.get(name)`` sees.  Content-Type is there for
    the shell: http.client's email parser reads a body part for a
    ``multipart`` or ``message`` type.
    """

    transfer_encoding: list[str]
    content_length: list[str]
    connection: str | None
    keep_alive: str | None
    proxy_connection: str | None
    content_type: str | None = None


def framing_fields(fields: Sequence[Field]) -> FramingFields:
    """Pick the framing-relevant fields out of *fields*."""
    te: list[str] = []
    cl: list[str] = []
    first: dict[str, str] = {}
    for name, value in fields:
        key = name.lower()
        if key == "transfer-encoding":
            te.append(value)
        elif key == "content-length":
            cl.append(value)
        elif key not in first:
            first[key] = value
    return FramingFields(
        te,
        cl,
        first.get("connection"),
        first.get("keep-alive"),
        first.get("proxy-connection"),
        first.get("content-type"),
    )


def encode_field_name(name: object) -> bytes:
    """Encode an outgoing field name as http.client does (str as ASCII).

    :raises UnicodeEncodeError: for a non-ASCII str, as http.client does.
    :raises LocalProtocolError: ``INVALID_HEADER_TYPE`` for a name that is
        neither str nor bytes-like; ``INVALID_HEADER_NAME`` unless it is
        an RFC 9110 token; http.client lets through anything without a
        colon, CR or LF, spaces and controls included (RFC 9110 §5.1).
    """
    raw = name.encode("ascii") if isinstance(name, str) else name
    if not isinstance(raw, (bytes, bytearray)):
        raise LocalProtocolError(
            ErrorKind.INVALID_HEADER_TYPE,
            f"expected string or bytes-like object, got {type(name).__name__!r}",
        )
    if not is_token(bytes(raw)):
        raise LocalProtocolError(ErrorKind.INVALID_HEADER_NAME, f"Invalid header name {raw!r}")
    return bytes(raw)


def encode_field_value(value: object) -> bytes:
    """Encode one outgoing field value as http.client does.

    A str is encoded as ISO-8859-1, an int written in ASCII digits, a
    bytes-like object taken as is.

    :raises UnicodeEncodeError: for a str outside ISO-8859-1.
    :raises LocalProtocolError: ``INVALID_HEADER_TYPE`` for any other type;
        ``INVALID_HEADER_VALUE`` if the value holds CR, LF or NUL (RFC 9110
        §5.5, CVE-2016-5699), which http.client lets through before SP or
        HTAB as obs-fold.
    """
    if isinstance(value, str):
        raw = value.encode("iso-8859-1")
    elif isinstance(value, int):
        raw = str(value).encode("ascii")
    elif isinstance(value, (bytes, bytearray, memoryview)):
        raw = bytes(value)
    else:
        # http.client's words: its regex check fails on such a value.
        raise LocalProtocolError(
            ErrorKind.INVALID_HEADER_TYPE,
            f"expected string or bytes-like object, got {type(value).__name__!r}",
        )
    if FORBIDDEN_IN_FIELD_VALUE.search(raw) is not None:
        raise LocalProtocolError(ErrorKind.INVALID_HEADER_VALUE, f"Invalid header value {raw!r}")
    return raw


def field_line(name: object, values: Sequence[object]) -> bytes:
    """Return the header line for *name* and *values*, without line ending.

    Several values are joined with ``", "`` (RFC 9110 §5.3), never folded
    across lines as http.client does (obs-fold, RFC 9112 §5.2).
    """
    # Requests repeat their header lines (Host, Accept-Encoding, a client's
    # own); a line validated once for a str name and one str or bytes value
    # is remembered, in a table cleared when full (bench_shell.py,
    # "keep-alive GET": the Host line alone costs 1.3 us to validate).
    if len(values) == 1 and type(name) is str and type(values[0]) in _KEPT_VALUE_TYPES:
        key = (name, values[0])
        line = _known_lines.get(key)
        if line is None:
            line = encode_field_name(name) + b": " + encode_field_value(values[0])
            if len(_known_lines) >= _KNOWN_LINES_MAX:
                _known_lines.clear()
            _known_lines[key] = line
        return line
    encoded = [encode_field_value(value) for value in values]
    return encode_field_name(name) + b": " + b", ".join(encoded)


_KEPT_VALUE_TYPES = (str, bytes)
_known_lines: dict[tuple[str, object], bytes] = {}
_KNOWN_LINES_MAX = 512


class HeaderBlockReader:
    """Collects the raw lines of one header block under the limits.

    What ``http.client._read_headers`` does, for the shell's
    ``_read_headers`` and ``parse_headers``: lines of at most
    ``limits.max_line`` bytes, at most ``limits.max_headers`` lines with
    the blank one, ended by a blank line or by EOF (``b""``).  The lines
    read, the last one included, are in :attr:`lines`.
    """

    def __init__(self, limits: Limits = DEFAULT_LIMITS) -> None:
        self.limits = limits
        #: The lines read so far, line endings included.
        self.lines: list[bytes] = []
        #: What to read: one line, as ``fp.readline(limit)``.
        self.want = ReadLine(limits.max_line + 1)

    def got_line(self, line: bytes) -> bool:
        """Add a line; return whether it ended the block.

        :raises RemoteProtocolError: ``LINE_TOO_LONG`` ("header line") or
            ``TOO_MANY_HEADERS``, with http.client's messages.
        """
        if len(line) > self.limits.max_line:
            raise RemoteProtocolError(ErrorKind.LINE_TOO_LONG, "header line")
        self.lines.append(line)
        if len(self.lines) > self.limits.max_headers:
            raise RemoteProtocolError(
                ErrorKind.TOO_MANY_HEADERS, f"got more than {self.limits.max_headers} headers"
            )
        return line in (b"\r\n", b"\n", b"")
