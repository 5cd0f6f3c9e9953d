"""The objects the shell's fast paths know, recognised by their type.

Owns the checks that decide whether a fast path may run: a socket is a
``socket.socket`` whose class keeps the stdlib's ``makefile``, a file is an
``io.BufferedReader`` whose class keeps the stdlib's ``peek``.  Anything
else (a ``Mock``, a class used as the socket, a wrapper that forwards
attributes, a file without ``peek``) takes the general path, which makes
exactly the calls http.client makes.  Never a look-up on the object itself:
a ``Mock`` answers every name.
"""

from __future__ import annotations

import io
import socket
from collections.abc import Callable
from typing import Any

__all__ = ["buffered_peek", "is_buffered", "is_plain_socket"]

_SOCKET = socket.socket
_SOCKET_MAKEFILE = socket.socket.makefile
_BUFFERED_READER = io.BufferedReader
_BUFFERED_PEEK = io.BufferedReader.peek
_BUFFERED_READ = io.BufferedReader.read


def is_plain_socket(sock: object) -> bool:
    """Whether *sock* is a real socket whose ``makefile`` is the stdlib's
    (``ssl.SSLSocket`` is one), so ``makefile("rb")`` may be done by hand."""
    cls = type(sock)
    if cls is _SOCKET:
        # The plain class, without a call (bench row "keep-alive GET"); its
        # makefile may still be patched on the class.
        return cls.makefile is _SOCKET_MAKEFILE
    return getattr(cls, "makefile", None) is _SOCKET_MAKEFILE and isinstance(sock, socket.socket)


def buffered_peek(fp: object) -> Callable[[], bytes] | None:
    """*fp*'s ``peek`` when *fp* is a buffered reader whose ``peek`` and
    ``read`` are the stdlib's (they show, then take, the buffer's bytes
    without a read past them); else ``None``."""
    if is_buffered(fp):
        peek: Callable[[], bytes] = fp.peek  # type: ignore[attr-defined] # a BufferedReader
        return peek
    return None


def is_buffered(fp: object) -> bool:
    """Whether *fp* is a buffered reader whose ``peek`` and ``read`` are the
    stdlib's (see :func:`buffered_peek`)."""
    cls: Any = type(fp)
    # The plain class first, one comparison (a built-in type's methods
    # cannot be patched), on the per-line and per-chunk paths (bench rows
    # "2000 JSON lines", "chunked bodies").
    return cls is _BUFFERED_READER or (
        getattr(cls, "peek", None) is _BUFFERED_PEEK
        and getattr(cls, "read", None) is _BUFFERED_READ
        and isinstance(fp, io.BufferedReader)
    )
