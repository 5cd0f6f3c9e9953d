"""Whole heads and whole chunks from a buffer: the parser's peek path.

Owns the reading of what a buffered reader's ``peek()`` shows, in one
piece: a whole head (``got_head_block``, ``got_buffered_head``) or whole
chunks (``got_buffered_chunks``), with the limits and the results of
reading it line by line.  A base of :class:`.response_parser.ResponseParser`,
whose state, counters and errors these methods use; nothing here reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NoReturn

from .errors import ProtocolError
from .events import Field, HeadEvent
from .headers import FramingValues, parse_common_head
from .limits import Limits
from .lines import (
    BREAKS_A_LIMIT,
    common_final_status,
    last_final_status,
    parse_chunk_size,
    parse_status_line,
    scan_head,
)
from .members import (
    _CHUNK_DATA,
    _CHUNK_END,
    _CHUNK_SIZE,
    _HEADERS,
    _STATUS,
)
from .states import ResponseAction, ResponseState

if TYPE_CHECKING:
    from .events import Response

__all__ = ["BufferedInput"]


#: The smallest size each count of hex digits spells (1 to 16: at most 64
#: bits); none for 0 digits.
_SMALLEST_OF_LENGTH = (1 << 64, *(16 ** (digits - 1) for digits in range(1, 17)))


class BufferedInput:
    """The parser's methods for input taken whole from a buffer."""

    # The parser's, read and moved here.
    state: ResponseState
    limits: Limits
    left: int
    received: int
    _lines: list[bytes]
    _max_line: int
    _max_headers: int
    _status: tuple[str, int, str]
    _http_version: int
    _final: bool

    if TYPE_CHECKING:

        def got_line(self, line: bytes) -> HeadEvent | None: ...
        def got_status(self, version: str, status: int, reason: str) -> None: ...
        def _end_head(self, raw: bytes | None = None) -> HeadEvent: ...
        def _take_final(
            self, raw: bytes, fields: list[Field], clean: bool, framing_fields: FramingValues
        ) -> Response: ...
        def _fail(self, exc: ProtocolError) -> NoReturn: ...
        def _refuse(self, action: ResponseAction) -> NoReturn: ...

    def got_head_block(self, block: bytes) -> HeadEvent:
        """Report a whole head at once: what :meth:`got_line` would be told
        line by line, as one piece (the shell's ``peek`` path).

        *block* holds complete lines: the status line (when a status line
        is wanted), then the header lines up to and including the first
        blank line, and nothing after it.  The same limits apply and the
        same head is returned.  A block that is not exactly that is refused
        before any of it is taken.

        :raises RemoteProtocolError: as :meth:`got_line` would.
        :raises LocalProtocolError: ``BAD_STATE`` when no head is wanted or
            *block* is not exactly one head.
        """
        state = self.state
        if state is not _STATUS and (state is not _HEADERS or self._lines):
            self._refuse(ResponseAction.LINE)
        end = scan_head(block, state is _STATUS, self.limits)
        if end == BREAKS_A_LIMIT:
            # Line by line, so the limit fails exactly where it would.
            return self._feed_lines(block)
        if end != len(block):
            self._refuse(ResponseAction.LINE)  # nothing taken
        if state is _STATUS:
            start = block.find(b"\n") + 1
            try:
                self.got_status(*parse_status_line(block[:start]))
            except ProtocolError as exc:
                self._fail(exc)
            block = block[start:]
        return self._end_head(block)

    def got_buffered_head(self, data: bytes) -> int:
        """Take the head at the start of *data*, if it is all there.

        For the shell's ``peek`` path: *data* is what is buffered, the head
        (and the status line, when one is wanted) possibly followed by body
        bytes.  When it holds a whole head within the limits, the head is
        taken as :meth:`got_head_block` takes it and its length returned,
        for the shell to read exactly that much; otherwise nothing is taken
        and -1 returned (read line by line then).

        :raises RemoteProtocolError: as :meth:`got_line` would, for a whole
            head that is bad.
        """
        state = self.state
        with_status = state is _STATUS
        if not with_status and (state is not _HEADERS or self._lines):
            self._refuse(ResponseAction.LINE)
        if with_status:
            # The usual response: a final status line and a common clean
            # block within the limits, taken in one piece.  The status line
            # is most often the one read last.
            last = last_final_status[0]
            known = last if data.startswith(last[0]) else common_final_status(data)
            if known is not None:
                _, start, status, http_version = known
                common = parse_common_head(data, start)
                if common is not None:
                    fields, framing_fields, end = common
                    if len(fields) < self._max_headers and end <= self._max_line:
                        self._status = status
                        self._http_version = http_version
                        self._final = True
                        self._take_final(data[start:end], fields, True, framing_fields)
                        return end
        at = data.find(b"\r\n\r\n")
        end = at + 4
        if at < 0 or end > self._max_line:
            return -1
        # Where the header lines start: after the status line, if wanted.
        first = data.find(b"\n") + 1 if with_status else 0
        # A whole CRLF head within the limits, whose first blank line is
        # its last (an empty head, or a bare-LF blank line, takes the line
        # path, which reads it right).
        if (
            data.find(b"\n\n", 0, end) >= 0
            or data.find(b"\n\r\n", 0, end) != at + 1
            or data.startswith((b"\r\n", b"\n"), first)
            or data.count(b"\n", first, end) > self._max_headers
        ):
            return -1
        if with_status:
            try:
                self.got_status(*parse_status_line(data[:first]))
            except ProtocolError as exc:
                self._fail(exc)
        self._end_head(data[first:end])
        return end

    def got_buffered_chunks(
        self, data: bytes, limit: int | None = None
    ) -> tuple[int, list[bytes], int]:
        """Take the whole chunks at the start of *data*, for the shell's
        ``peek`` path between chunks (in ``CHUNK_END`` or ``CHUNK_SIZE``).

        *data* is what is buffered.  Each chunk is taken as :meth:`got_line`
        and :meth:`got_body` would take it (the CRLF or bare LF after the
        chunk before, the size line, the data), and *limit*, if given, caps
        the data bytes taken.  Taking stops, leaving the rest to the line
        path and its errors:

        - before a line not all in *data*, the last chunk's size line, or
          a line :meth:`got_line` would refuse;
        - after a size line whose data is not all in *data*, or would pass
          *limit* (the state is then ``CHUNK_DATA``);
        - after data that reaches *limit*, before its CRLF.

        Returns the number of bytes of *data* taken, for the shell to read
        exactly that much, the chunks' data, and its length.  In any other
        state nothing is taken.
        """
        state = self.state
        if state is not _CHUNK_END and state is not _CHUNK_SIZE:
            return 0, [], 0
        pos = taken = 0
        pieces: list[bytes] = []
        max_line = self._max_line
        while True:
            if state is _CHUNK_END:
                if data.startswith(b"\r\n", pos):
                    pos += 2
                elif data.startswith(b"\n", pos):
                    pos += 1
                else:
                    break
                state = _CHUNK_SIZE
            end = data.find(b"\n", pos, pos + max_line) + 1
            if not end:
                break
            # The usual size line (hex digits, CRLF) is read here with int():
            # a call to parse_chunk_size() per chunk costs a quarter more
            # (bench row "64 KiB in 64 B chunks").  int() also reads "+5",
            # "0x5", "5_0" and whitespace, each a character more than the
            # size's own hex digits, so a size below the smallest number of
            # the line's length is another line: parse_chunk_size() reads it.
            line = data[pos:end]
            try:
                size = int(line, 16)
                usual = data[end - 2] == 13 and size >= _SMALLEST_OF_LENGTH[end - pos - 2]
            except (ValueError, IndexError):
                usual = False
            if not usual:
                try:
                    size = parse_chunk_size(line)
                except ProtocolError:
                    break  # the line path refuses it
            if size <= 0:
                break  # the last chunk (trailers follow), or a bad size
            pos = end
            state = _CHUNK_DATA
            self.left = size
            stop = pos + size
            if stop > len(data) or (limit is not None and taken + size > limit):
                break  # the shell reads this chunk's data
            pieces.append(data[pos:stop])
            pos = stop
            taken += size
            self.left = 0
            state = _CHUNK_END
            if limit is not None and taken >= limit:
                break
        self.state = state
        self.received += taken
        return pos, pieces, taken

    def _feed_lines(self, block: bytes) -> HeadEvent:
        start = 0
        while True:
            end = block.find(b"\n", start) + 1 or len(block)
            event = self.got_line(block[start:end])
            if event is not None:  # pragma: no cover - a limit fails first
                return event
            start = end
