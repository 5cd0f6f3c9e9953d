"""What a connection checks between exchanges, and the exchange's deadline.

Owns two decisions the stdlib leaves to luck.  Before a request goes out on
a kept-alive socket, :meth:`Keeping._check_kept` drops the socket if the
last response on it ended in a framing error (which RFC 9112 §6.3 says to
close and discard) or if the server closed it or sent bytes while it was
idle (a stale connection, a body left unread, or garbage that would be
read as the next response);
the request then opens a new connection, as ``auto_open`` does.  And
``total_timeout`` bounds each exchange as a whole (see ``deadline.py``).
"""

from __future__ import annotations

import select
import socket
import ssl
from typing import TYPE_CHECKING, Any

from .._core.members import _ERROR  # the one mirror: see there
from .deadline import Deadline, DeadlineSocket
from .fastpaths import is_plain_socket
from .response import HTTPResponse

__all__ = ["Keeping", "idle_socket_is_stale"]

_SOCKET = socket.socket
_DEFAULT = socket._GLOBAL_DEFAULT_TIMEOUT  # type: ignore[attr-defined] # the stdlib's sentinel
_SSL_SOCKET = ssl.SSLSocket


class Keeping:
    """The connection's checks between exchanges; a base of HTTPConnection."""

    sock: Any
    timeout: Any
    #: Seconds one exchange may take in all, from ``request()`` (connect
    #: included) to the end of the body; ``None`` for no bound.
    total_timeout: float | None = None
    # The running exchange's deadline, while total_timeout is set.
    _deadline: Deadline | None = None

    if TYPE_CHECKING:

        def close(self) -> None: ...
        def _deadline_passed(self) -> None: ...

    def _check_kept(self, last: Any) -> None:
        """Before a request on an idle connection: when the socket was kept
        alive after a response, *last*, now done (``None`` for a socket that
        carried no exchange yet, which is left as it is), close the socket
        if it must not carry another; then start the new exchange's
        deadline."""
        sock = self.sock
        if (
            sock is not None
            and last is not None
            and (_ended_in_error(last) or idle_socket_is_stale(sock, last))
        ):
            self.close()
        total = self.total_timeout
        if total is not None:
            self._deadline = Deadline(total, self._deadline_passed)
        elif self._deadline is not None:
            # total_timeout was unset: a socket whose calls it bounded gets
            # its own timeout back (as create_connection sets it).
            self._deadline = None
            if self.sock is sock and is_plain_socket(sock):
                timeout = self.timeout
                sock.settimeout(socket.getdefaulttimeout() if timeout is _DEFAULT else timeout)

    def _reading_socket(self) -> Any:
        """The socket a response is made over: while a deadline runs, one
        whose reads keep to it (real sockets only: a fake is read as it is)."""
        sock, deadline = self.sock, self._deadline
        if deadline is not None and is_plain_socket(sock):
            return DeadlineSocket(sock, deadline, self.timeout)
        return sock

    def _connect_timeout(self) -> Any:
        """The timeout to connect with: ``timeout``, within the deadline."""
        deadline = self._deadline
        return self.timeout if deadline is None else deadline.bound(self.timeout)


def _ended_in_error(response: Any) -> bool:
    """Whether *response*'s framing failed: what follows it on the socket
    is not the next response (RFC 9112 §6.3: close and discard).  Our own
    responses only: another class's are its own."""
    if not isinstance(response, HTTPResponse):
        return False
    parser = response._parser
    return parser is not None and parser.state is _ERROR


def idle_socket_is_stale(sock: Any, last: Any = None) -> bool:
    """Whether an idle *sock* has been closed by the peer, or holds bytes
    no request asked for: some that came with *last*, the response before
    (a server that sent more than it framed), or any waiting now (a body
    left unread, garbage); without blocking, in one ``poll`` while nothing
    has arrived (urllib3's ``is_connection_dropped`` does the same).  Only
    for the stdlib's own socket classes; any other object (a mock, a test's
    fake serving a whole conversation) is never judged."""
    cls = type(sock)
    if cls is not _SOCKET and cls is not _SSL_SOCKET:
        return False
    if isinstance(last, HTTPResponse) and last._overran:
        return True
    try:
        fileno = sock.fileno()
        if fileno < 0:
            return False
        if not _readable(fileno):
            return False
        if cls is _SOCKET:
            return True  # EOF, a reset or bytes: none is an answer to come
        return _tls_has_data_or_eof(sock)
    except (OSError, ValueError):
        return True


def _readable(fileno: int) -> bool:
    if _poll is not None:
        poller = _poll()
        poller.register(fileno, select.POLLIN)
        return bool(poller.poll(0))
    return bool(select.select([fileno], [], [], 0)[0])


_poll = getattr(select, "poll", None)


def _tls_has_data_or_eof(sock: ssl.SSLSocket) -> bool:
    """A readable TLS socket may only hold a record that carries no data
    (a TLS 1.3 session ticket): read without blocking to tell."""
    if sock.pending():
        return True
    timeout = sock.gettimeout()
    sock.settimeout(0.0)
    try:
        sock.recv(1)  # b"" at EOF, or a byte no request asked for
    except ssl.SSLWantReadError:
        return False
    finally:
        sock.settimeout(timeout)
    return True
