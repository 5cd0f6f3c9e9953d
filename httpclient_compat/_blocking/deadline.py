"""``total_timeout``: one bound on a whole exchange, however slowly the peer drips.

Owns the deadline of one exchange and the socket calls that keep to it.
The stdlib's ``timeout`` bounds each socket call, so a server that sends a
byte every few seconds holds a caller forever (CPython gh-89953).  While a
deadline runs, every call is given what is left of it (at most
``timeout``): connect, each ``sendall`` (whose timeout bounds the whole
call since Python 3.5) and each read of the response, through a reader
whose every ``recv_into`` is bounded so.  When nothing is left,
``TimeoutError`` (``socket.timeout`` on 3.9) is raised, and the
connection is closed first.
"""

from __future__ import annotations

import io
import socket
import time
from collections.abc import Callable
from typing import Any, NoReturn

__all__ = ["Deadline", "DeadlineSocket", "bounded_sendall"]

_DEFAULT = socket._GLOBAL_DEFAULT_TIMEOUT  # type: ignore[attr-defined] # the stdlib's sentinel
_monotonic = time.monotonic


class Deadline:
    """When the running exchange must end, and what to do then: *expire*
    is called once, before the ``TimeoutError`` is raised (the connection
    closes its socket)."""

    __slots__ = ("end", "expire", "total")

    def __init__(self, total: float, expire: Callable[[], None]) -> None:
        self.total = total
        self.end = _monotonic() + total
        self.expire: Callable[[], None] | None = expire

    def bound(self, timeout: Any) -> float:
        """The timeout for one socket call: what is left, at most *timeout*
        (a socket's timeout, ``None`` for none, or the stdlib's default).

        :raises TimeoutError: (``socket.timeout``) when nothing is left.
        """
        left = self.end - _monotonic()
        if left <= 0:
            self.passed()
        if timeout is _DEFAULT:
            timeout = socket.getdefaulttimeout()
        return left if timeout is None or timeout > left else float(timeout)

    def check(self, exc: socket.timeout) -> NoReturn:
        """After a socket call timed out: the deadline's ``TimeoutError`` if
        it has passed, else *exc* again (the call's own timeout)."""
        if _monotonic() >= self.end:
            self.passed()
        raise exc

    def passed(self) -> NoReturn:
        expire, self.expire = self.expire, None
        if expire is not None:
            expire()
        # socket.timeout is TimeoutError from 3.10; on 3.9 it is what
        # callers catch for the per-call timeout.
        raise socket.timeout(f"the exchange took longer than its total_timeout of {self.total:g} s")


def bounded_sendall(sock: Any, deadline: Deadline, timeout: Any) -> Callable[[Any], None]:
    """``sock.sendall``, each call bounded by *deadline*."""

    def sendall(data: Any) -> None:
        sock.settimeout(deadline.bound(timeout))
        try:
            sock.sendall(data)
        except socket.timeout as exc:
            deadline.check(exc)

    return sendall


class DeadlineSocket:
    """The socket a response is given while a deadline runs: its
    ``makefile("rb")`` reads through a :class:`DeadlineReader`; every other
    attribute is the socket's."""

    def __init__(self, sock: socket.socket, deadline: Deadline, timeout: Any) -> None:
        self._sock = sock
        self._deadline = deadline
        self._timeout = timeout

    def makefile(self, mode: str = "r", buffering: int | None = None, **kwargs: Any) -> Any:
        if mode != "rb":
            return self._sock.makefile(mode, buffering, **kwargs)  # type: ignore[call-overload]
        raw = DeadlineReader(self._sock, self._deadline, self._timeout)
        self._sock._io_refs += 1  # type: ignore[attr-defined] # as socket.makefile counts it
        return io.BufferedReader(raw, io.DEFAULT_BUFFER_SIZE)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


class DeadlineReader(socket.SocketIO):
    """``socket.SocketIO`` whose every read is bounded by the deadline."""

    _sock: Any

    def __init__(self, sock: socket.socket, deadline: Deadline, timeout: Any) -> None:
        super().__init__(sock, "rb")
        self._deadline = deadline
        self._op_timeout = timeout

    def readinto(self, b: Any) -> int | None:
        sock = self._sock
        deadline = self._deadline
        if sock is not None:
            sock.settimeout(deadline.bound(self._op_timeout))
        try:
            return super().readinto(b)
        except socket.timeout as exc:
            deadline.check(exc)
