"""The file a response reads from a real socket, and the one a connection keeps.

Owns :class:`SocketReader` (``socket.SocketIO`` without its per-read
checks) and :class:`SpareReader` (the reader a finished keep-alive
response parks for the next one).  Nothing here knows HTTP: the response
and the connection decide when a reader is made, parked or dropped.
"""

from __future__ import annotations

import socket
from typing import Any

__all__ = ["SocketReader", "SpareReader", "raw_file_class"]


class SocketReader(socket.SocketIO):
    """``socket.SocketIO`` whose ``readinto`` goes straight to the socket.

    The stdlib's checks that the file is open and readable are two
    Python-level calls on every read, about 2,700 instructions of a
    keep-alive exchange (bench_shell.py, "keep-alive GET").  Here the file
    is open while it holds its socket (``SocketIO.close`` drops it), and
    it is made for reading only (``HTTPResponse.__init__`` makes it with
    mode ``"rb"``); anything else (closed, or timed out before) goes to
    ``SocketIO.readinto``, which raises what it raises.  Errors of the
    read itself are handled as there.
    """

    _sock: Any
    _timeout_occurred: bool

    def readinto(self, b: Any) -> int | None:
        sock = self._sock
        if sock is None or self._timeout_occurred:
            return _SOCKET_IO_READINTO(self, b)
        try:
            return sock.recv_into(b)  # type: ignore[no-any-return]
        except socket.timeout:
            self._timeout_occurred = True
            raise
        except OSError as exc:
            if exc.errno in _BLOCKING_ERRNOS:
                return None
            raise


class SpareReader:
    """A connection's parked reader, and the socket it reads."""

    __slots__ = ("fp", "sock")

    def __init__(self) -> None:
        self.fp: Any = None
        self.sock: Any = None

    def drop(self) -> None:
        """Close the parked reader, if any."""
        fp = self.fp
        if fp is not None:
            self.fp = None
            self.sock._io_refs += 1  # it counts again, and closing counts it off
            fp.close()

    def __del__(self) -> None:
        # Dropped with its connection: the reader's own finalizer will close
        # it, counting off a use of the socket; count it in first.
        if self.fp is not None:
            self.sock._io_refs += 1


def raw_file_class() -> type[socket.SocketIO]:
    """The raw file class for a response over a real socket: a
    :class:`SocketReader`, unless ``socket.SocketIO`` or its ``readinto``
    was replaced (then ``socket.SocketIO`` as it is now), read at call time."""
    raw_class: type[socket.SocketIO] = socket.SocketIO
    if raw_class is _SOCKET_IO and raw_class.readinto is _SOCKET_IO_READINTO:
        return SocketReader
    return raw_class


_SOCKET_IO = socket.SocketIO
_SOCKET_IO_READINTO = socket.SocketIO.readinto
# The errors for which SocketIO.readinto returns None: a non-blocking
# socket with no data yet.
_BLOCKING_ERRNOS = socket._blocking_errnos  # type: ignore[attr-defined]
