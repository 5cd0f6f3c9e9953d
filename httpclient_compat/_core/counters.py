"""The body's one counter as the shell reads it and as callers reseed it.

Owns the parser's read door (``done``, ``length``, ``chunk_left``,
``read_size()``, ``buffered_past_body()``) and the reseeding that
assigning http.client's ``length``, ``chunked`` and ``chunk_left`` means
(``set_length`` and the rest).  A base of
:class:`.response_parser.ResponseParser`, whose state and counter these
methods read and set; nothing here parses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NoReturn

from .events import BodyKind, Response
from .limits import Limits
from .members import (
    _BODY_LENGTH,
    _BODY_UNTIL_CLOSE,
    _CHUNK_DATA,
    _CHUNK_END,
    _CHUNK_SIZE,
    _CHUNKED,
    _DONE,
    _ERROR,
    _LENGTH,
    _NO_BODY,
    _UNTIL_CLOSE,
)
from .states import ResponseAction, ResponseState

__all__ = ["BodyCounters"]


class BodyCounters:
    """The parser's methods over its body counter."""

    # The parser's, read and set here.
    state: ResponseState
    response: Response | None
    limits: Limits
    kind: BodyKind
    left: int

    if TYPE_CHECKING:

        def _refuse(self, action: ResponseAction) -> NoReturn: ...

    def read_size(self, amt: int | None = None) -> int:
        """How many body bytes to read next, for a caller who asked for at
        most *amt* (``None``: no bound): what :meth:`want` asks for in a
        body state, at most *amt*; 0 outside a body.  The size is bounded
        by :attr:`limits` ``.read_size``, so memory grows with the bytes
        that arrive, never with what the peer claims (CVE-2025-13836)."""
        state = self.state
        read_size = self.limits.read_size
        if state is _BODY_LENGTH or state is _CHUNK_DATA:
            left = self.left
            size = left if left < read_size else read_size
        elif state is _BODY_UNTIL_CLOSE:
            size = read_size
        else:
            return 0
        return size if amt is None or amt > size else amt

    def buffered_past_body(self, buffered: int) -> bool | None:
        """Whether *buffered* bytes, all the reader held after the final
        head, run past this response: on a connection that will close,
        and unless they are exactly the rest of the body (of its length,
        or none).  ``None`` for a chunked body, whose end is known once its
        last chunk is read; ``True`` for a body read until close, and
        when *buffered* is -1 (not known)."""
        response = self.response
        if response is None or response.framing.will_close:
            return True
        kind = self.kind
        if kind is _CHUNKED:
            return None
        if kind is _LENGTH:
            return buffered != self.left
        return kind is not _NO_BODY or buffered != 0

    def overran(self, buffered: int) -> bool:
        """Whether *buffered* bytes, all the reader held after the final
        head, hold bytes past this response's framed end: bytes no request
        asked for, which must not be read as the next response (the
        connection is not reused).  ``False`` when it cannot yet be known:
        *buffered* is -1, or the body is chunked or runs until close."""
        if buffered < 0 or self.response is None:
            return False
        kind = self.kind
        if kind is _LENGTH:
            return buffered > self.left
        return kind is _NO_BODY and buffered > 0

    @property
    def done(self) -> bool:
        """True once the whole response, body and trailers, has been read."""
        return self.state is _DONE

    @property
    def length(self) -> int | None:
        """Bytes left in a Content-Length body (0 once read); ``None`` for
        any other framing, as http.client's ``HTTPResponse.length``."""
        if self.response is None or self.kind is not _LENGTH:
            return None
        return self.left

    @property
    def chunk_left(self) -> int | None:
        """Bytes left in the current chunk, as http.client's ``chunk_left``:
        ``None`` before a chunk-size line and after the last chunk, ``0``
        when only the chunk's CRLF is left."""
        state = self.state
        if state is _CHUNK_DATA:
            return self.left
        if state is _CHUNK_END:
            return 0
        return None

    # -- reseeding, for callers that assign http.client's attributes --------

    def set_length(self, length: int | None) -> None:
        """Make the rest of the body *length* bytes long, or (``None``) run
        until close: what assigning ``HTTPResponse.length`` means.

        :raises LocalProtocolError: ``BAD_STATE`` before the final head or
            after an error.
        """
        self._reseeding()
        if length is not None and length < 0:
            self._refuse(ResponseAction.BODY)
        if length is None:
            self.kind = _UNTIL_CLOSE
            self.state = _BODY_UNTIL_CLOSE
        else:
            self.kind = _LENGTH
            self.left = length
            self.state = _BODY_LENGTH if length > 0 else _DONE

    def set_chunked(self, chunked: bool) -> None:
        """Read the rest of the body as chunks (from a chunk-size line), or
        not (then until close): what assigning ``HTTPResponse.chunked`` means.

        :raises LocalProtocolError: ``BAD_STATE`` before the final head or
            after an error.
        """
        self._reseeding()
        if chunked:
            self.kind = _CHUNKED
            self.state = _CHUNK_SIZE
        elif self.kind is _CHUNKED:
            self.set_length(None)

    def set_chunk_left(self, chunk_left: int | None) -> None:
        """Set the bytes left in the current chunk, with http.client's
        conventions: ``None`` reads a chunk-size line next, ``0`` the CRLF
        that ends a chunk.

        :raises LocalProtocolError: ``BAD_STATE`` unless the body is chunked.
        """
        self._reseeding()
        if self.kind is not _CHUNKED or (chunk_left is not None and chunk_left < 0):
            self._refuse(ResponseAction.BODY)
        if chunk_left is None:
            self.state = _CHUNK_SIZE
        elif chunk_left > 0:
            self.left = chunk_left
            self.state = _CHUNK_DATA
        else:
            self.state = _CHUNK_END

    def _reseeding(self) -> None:
        if self.response is None or self.state is _ERROR:
            self._refuse(ResponseAction.BODY)
