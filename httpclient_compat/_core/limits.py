"""Limits: every bound the core puts on what a peer can make it read or keep.

Owns the numbers only; the defaults are the stdlib's (``_MAXLINE``,
``_MAXHEADERS``, gh-150743's interim and trailer caps, gh-119451's read
size).  Nothing here reads, counts or raises.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEFAULT_LIMITS", "Limits"]


@dataclass(frozen=True)
class Limits:
    """Bounds on one response, all defaulting to what ``http.client`` uses.

    :param max_line: longest status, header, chunk-size or trailer line in
        bytes, without counting the one extra byte read to detect overflow
        (``http.client._MAXLINE``, CVE-2013-1752).
    :param max_headers: most lines in one header block, the terminating
        blank line included (``http.client._MAXHEADERS``, bpo-16037; the
        3.15 ``max_response_headers`` argument).
    :param max_interim: most interim (1xx) responses skipped before the
        final one (gh-150743).
    :param max_trailers: most trailer lines after the last chunk, the blank
        line included (gh-150743).
    :param read_size: largest single read of a body whose length the peer
        only claims, so memory grows with data received, never with a
        Content-Length or chunk size (CVE-2025-13836, gh-119451).
    """

    max_line: int = 65536
    max_headers: int = 100
    max_interim: int = 100
    max_trailers: int = 100
    read_size: int = 1 << 20

    def __post_init__(self) -> None:
        for name in ("max_line", "max_headers", "max_interim", "max_trailers", "read_size"):
            value = getattr(self, name)
            if type(value) is not int or value < 1:
                raise ValueError(f"{name} must be a positive int, got {value!r}")


#: The limits used when none are given: the stdlib's.
DEFAULT_LIMITS = Limits()
