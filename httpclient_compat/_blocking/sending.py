"""Sending: the head buffer flushed, bodies in blocks, the ``sendall`` pattern.

Owns ``send`` (bytes, a file read in ``blocksize`` blocks, or an
iterable), the request buffer's ``_output`` and ``_send_output``, with
the stdlib's call pattern (the head in one ``sendall``, each body block
in its own, chunk framing joined to its chunk), and the one departure
from it: a regular file sent whole over a plain TCP socket goes through
``socket.sendfile`` (see :func:`_sent_by_sendfile`).  A base of
``HTTPConnection``, which provides the socket and ``connect``.
"""

from __future__ import annotations

import collections.abc
import io
import mmap
import os
import select
import selectors
import socket
import stat
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from .._core import CHUNK_SUFFIX, LAST_CHUNK, chunk_prefix, continue_answer, expects_continue
from .deadline import bounded_sendall
from .debug import say
from .fastpaths import is_plain_socket
from .response import parked_reader
from .stdlib import http_client

__all__ = ["Sending", "send_body"]

try:  # what a TLS send raises where the peer closed: a reset, over TLS
    from ssl import SSLEOFError as _TLS_EOF
except ImportError:  # no ssl module
    _TLS_EOF = ConnectionError  # type: ignore[assignment,misc]


class Sending:
    """The sending methods of ``HTTPConnection``."""

    # The connection's, set by its __init__.
    sock: Any
    debuglevel: int
    blocksize: int
    auto_open: int
    continue_timeout: float
    timeout: Any
    _deadline: Any
    _buffer: list[bytes]

    if TYPE_CHECKING:  # HTTPConnection's

        def connect(self) -> None: ...

    @staticmethod
    def _is_textIO(stream: Any) -> bool:
        """Test whether a file-like object is a text or a binary stream."""
        return isinstance(stream, io.TextIOBase)

    def send(self, data: Any) -> None:
        """Send *data* to the server, connecting first if ``auto_open``.

        *data* may be bytes-like, a file-like object with ``read()`` (sent
        in ``blocksize`` blocks; text files encoded as ISO-8859-1), or an
        iterable of bytes-like objects.

        :raises http.client.NotConnected: when not connected and not ``auto_open``.
        :raises TypeError: for anything else.
        """
        if self.sock is None:
            if self.auto_open:
                self.connect()
            else:
                raise http_client.NotConnected()
        sock = self.sock
        # While total_timeout runs, each sendall on a real socket gets what
        # is left of it (any other object is sent to as it is).
        deadline = self._deadline
        sendall = sock.sendall
        if deadline is not None and is_plain_socket(sock):
            sendall = bounded_sendall(sock, deadline, self.timeout)
        if self.debuglevel > 0:
            say("send:", repr(data))
        if hasattr(data, "read"):
            if self.debuglevel > 0:
                say("sending a readable")
            encode = self._is_textIO(data)
            if encode and self.debuglevel > 0:
                say("encoding file using iso-8859-1")
            while 1:
                datablock = data.read(self.blocksize)
                if not datablock:
                    break
                if encode:
                    datablock = datablock.encode("iso-8859-1")
                sys.audit("http.client.send", self, datablock)
                sendall(datablock)
            return
        sys.audit("http.client.send", self, data)
        try:
            sendall(data)
        except TypeError:
            if isinstance(data, collections.abc.Iterable):
                for d in data:
                    sendall(d)
            else:
                raise TypeError(
                    f"data should be a bytes-like object or an iterable, got {type(data)!r}"
                ) from None

    def _output(self, s: bytes) -> None:
        """Add a line of output to the current request buffer.

        Assumes that the line does *not* end with \\r\\n.
        """
        self._buffer.append(s)

    def _read_readable(self, readable: Any) -> Iterator[bytes]:
        if self.debuglevel > 0:
            say("reading a readable")
        encode = self._is_textIO(readable)
        if encode and self.debuglevel > 0:
            say("encoding file using iso-8859-1")
        while True:
            datablock = readable.read(self.blocksize)
            if not datablock:
                break
            if encode:
                datablock = datablock.encode("iso-8859-1")
            yield datablock

    def _send_output(self, message_body: Any = None, encode_chunked: bool = False) -> None:
        """Send the currently buffered request and clear the buffer.

        Appends an extra \\r\\n to the buffer.
        A message_body may be specified, to be appended to the request.
        """
        self._buffer.extend((b"", b""))
        msg = b"\r\n".join(self._buffer)
        del self._buffer[:]
        self.send(msg)

        if message_body is None:
            return
        if expects_continue(msg) and not _continue_or_timeout(self):
            # The server answered without asking for the body: getresponse()
            # returns that answer and closes the connection after it.
            self._body_withheld = True
            return
        try:
            _send_message_body(self, message_body, encode_chunked)
        except _BROKEN_OFF:
            if not _stopped_at_answer(self):
                raise


def _send_message_body(conn: Sending, message_body: Any, encode_chunked: bool) -> None:
    """The body part of ``_send_output``: *message_body* as http.client
    sends it, but for the sendfile and sendmsg paths (see there)."""
    if not encode_chunked and _sent_by_sendfile(conn, message_body):
        return
    chunks: Iterable[Any]
    own_views = False
    sock = _plain_socket(conn)
    if hasattr(message_body, "read"):
        # Let file-like take precedence over byte-like.  This is needed
        # to allow the current position of mmap'ed files to be taken
        # into account.
        if sock is not None and _reads_into_one_buffer(conn, message_body):
            if type(message_body) is mmap.mmap:
                chunks = _blocks_of_mmap(message_body, conn.blocksize)
            else:
                chunks = _blocks_read_into(message_body, conn.blocksize)
            own_views = True  # bytes of one byte per item: sendmsg takes them
        else:
            chunks = conn._read_readable(message_body)
    else:
        try:
            memoryview(message_body)
        except TypeError:
            try:
                chunks = iter(message_body)
            except TypeError:
                raise TypeError(
                    "message_body should be a bytes-like object or an iterable, "
                    f"got {type(message_body)!r}"
                ) from None
        else:
            # the object implements the buffer interface and can be
            # passed directly into socket methods
            chunks = (message_body,)
    if not encode_chunked:
        sock = None
    for data in chunks:
        if not data:
            if conn.debuglevel > 0:
                say("Zero length chunk ignored")
            continue
        if (
            sock is not None
            and (own_views or type(data) in _CHUNK_DATA_TYPES)
            and sock is conn.sock
        ):
            _send_chunk(conn, sock, data)
            continue
        if encode_chunked:
            # One send per chunk, as http.client: the framing is joined
            # to the data (a copy the sendall call pattern requires).
            data = chunk_prefix(len(data)) + data + CHUNK_SUFFIX  # noqa: PLW2901
        conn.send(data)
    if encode_chunked:
        conn.send(LAST_CHUNK)


def _reads_into_one_buffer(conn: Sending, body: Any) -> bool:
    """Whether *body*'s blocks may be read with ``readinto`` into one
    buffer instead of ``_read_readable``'s ``read(blocksize)``: a binary
    file of a type whose ``readinto`` fills what ``read`` would return
    (``open(path, "rb")``, buffered or not, and ``BytesIO``), while
    ``_read_readable`` is this class's."""
    return type(body) in _READINTO_TYPES and type(conn)._read_readable is _OWN_READ_READABLE


def _blocks_of_mmap(body: mmap.mmap, size: int) -> Iterator[memoryview]:
    """*body*'s blocks of *size* bytes from its position, as views of the
    map itself (no copy), the position moved past each as ``read`` moves
    it; the views are released at the end, so the map can be closed."""
    with memoryview(body) as view:
        start = body.tell()
        while start < len(body):
            end = min(start + size, len(body))
            body.seek(end)
            with view[start:end] as block:
                yield block
            start = end


def _blocks_read_into(body: Any, size: int) -> Iterator[memoryview]:
    """*body*'s blocks of *size* bytes, each a view of the same buffer,
    valid until the next is read: no ``bytes`` made per block.  (No row of
    bench_uploads.py measures it: its file row goes through sendfile.)"""
    buffer = memoryview(bytearray(size))
    while True:
        count = body.readinto(buffer)
        if not count:
            return
        yield buffer[:count]


#: What a send raises where the peer broke the connection off (a reset, a
#: broken pipe, a TLS EOF) or stopped reading (a timeout).
_BROKEN_OFF = (ConnectionError, socket.timeout, _TLS_EOF)


def _stopped_at_answer(conn: Sending) -> bool:
    """After a body's send raised one of :data:`_BROKEN_OFF`: whether the
    server had answered.  Then the body stops there, ``getresponse()``
    returns that answer and closes the connection after it; else the
    caller raises the send's own error, as http.client does."""
    if not _answer_waiting(conn):
        return False
    conn._body_withheld = True  # read by getresponse()
    return True


def send_body(conn: Sending, body: Any) -> None:
    """``conn.send(body)`` for a body after its head, stopped at an answer
    as :func:`_stopped_at_answer` says."""
    try:
        conn.send(body)
    except _BROKEN_OFF:
        if not _stopped_at_answer(conn):
            raise


def _answer_waiting(conn: Sending) -> bool:
    """Whether bytes from the peer wait on *conn*'s socket, looked at
    without waiting and without taking them from the response (data that
    came before a reset stays readable; see :func:`_peeker`)."""
    peeker = _peeker(conn)
    if peeker is None:
        return False
    sock = conn.sock
    try:
        if not (_pending(sock) or select.select([sock], [], [], 0)[0]):
            return False
        return bool(peeker[0]())
    except (OSError, ValueError):
        return False


def _peeker(conn: Sending) -> tuple[Callable[[], bytes], Callable[[int], object], bool] | None:
    """How to look at the server's bytes waiting on *conn* without taking
    them from the response, and how to take an interim head: on a plain
    TCP socket with ``MSG_PEEK`` (which shows more as more arrives), else
    through the reader ``getresponse()`` will read (``parked_reader``,
    whose ``peek`` shows one read's bytes); ``None`` where neither can be
    had.  The third item says whether a look can show more later."""
    sock = conn.sock
    if type(sock) is socket.socket:
        return partial(sock.recv, _PEEK_SIZE, socket.MSG_PEEK), partial(_drop, sock), True
    fp = parked_reader(conn)
    if fp is None:
        return None
    return fp.peek, fp.read, False


def _pending(sock: Any) -> int:
    """Bytes a TLS socket has decrypted and holds (which ``select`` cannot
    see); 0 for a socket without that buffer."""
    pending = getattr(type(sock), "pending", None)
    return pending(sock) if pending is not None else 0


def _plain_socket(conn: Sending) -> Any:
    """*conn*'s socket when the body may go to it by other calls than
    ``send``'s ``sendall``, which nothing could tell apart: a plain TCP
    socket (``socket.socket`` itself, its ``sendfile`` and ``sendmsg`` not
    replaced: not TLS, not a fake) that is not non-blocking, while ``send``
    is this class's (subclasses and tests that watch it see every block)
    and no debug output is asked for; else ``None``."""
    sock = conn.sock
    if (
        type(sock) is not _SOCKET
        or _SOCKET.sendfile is not _SOCKET_SENDFILE
        or _SOCKET.sendmsg is not _SOCKET_SENDMSG
        or conn.debuglevel > 0
        or type(conn).send is not _OWN_SEND
        or "send" in vars(conn)
        or sock.gettimeout() == 0
        or conn._deadline is not None  # every call bounded: send's sendall
    ):
        return None
    return sock


def _sent_by_sendfile(conn: Sending, body: Any) -> bool:
    """Send *body* whole with ``socket.sendfile`` (the kernel copies the
    file to the socket) when nothing could tell it from the block loop;
    whether it was sent.

    Taken for a regular file opened in binary mode (``open(path, "rb")``,
    buffered or not) from its current position to its end, as the loop
    sends it, over a :func:`_plain_socket`.  The ``http.client.send``
    audit event is raised once, with the file (docs/differences.rst); the
    wire bytes are the loop's (bench_uploads.py, "1 GiB file,
    Content-Length": 14x to 25x less client CPU).
    """
    if type(body) not in _REGULAR_FILE_TYPES:
        return False
    sock = _plain_socket(conn)
    if sock is None:
        return False
    try:
        if not stat.S_ISREG(os.fstat(body.fileno()).st_mode) or "b" not in body.mode:
            return False
        offset = body.tell()  # a buffered file's, past what it read ahead
    except (OSError, ValueError):  # closed, or no descriptor
        return False
    sys.audit("http.client.send", conn, body)
    sock.sendfile(body, offset)  # which leaves the file at its end
    return True


def _send_chunk(conn: Sending, sock: Any, data: bytes | bytearray | memoryview) -> None:
    """Send *data* as one chunk with ``sendmsg``: its size line, the data
    and its CRLF, without joining them into a copy (bench_uploads.py,
    "1 GiB chunked, 64 KiB iterable").  The ``http.client.send`` audit
    event carries the data without its framing (docs/differences.rst)."""
    sys.audit("http.client.send", conn, data)
    parts: list[bytes | bytearray | memoryview] = [chunk_prefix(len(data)), data, CHUNK_SUFFIX]
    left = len(parts[0]) + len(data) + 2
    while True:
        sent = sock.sendmsg(parts)
        left -= sent
        if not left:
            return
        # A partial send: drop what went, and start the rest where it stopped.
        while sent >= len(parts[0]):
            sent -= len(parts.pop(0))
        parts[0] = memoryview(parts[0])[sent:]


def _continue_or_timeout(conn: Sending) -> bool:
    """After a head with ``Expect: 100-continue``: wait for the server, as
    RFC 9110 §10.1.1 asks, and say whether to send the body.

    True after ``100 Continue`` (taken from the socket; other interim
    heads are taken and waited past), or when nothing came within
    ``continue_timeout`` seconds (the body is then sent, as curl does).
    False when the server answered with a final response, or closed:
    that answer is left for ``getresponse()``.  The server's bytes are
    looked at as :func:`_peeker` says; where they cannot be, or a look
    that cannot show more does not tell, the body is sent, as by
    http.client.
    """
    peeker = _peeker(conn)
    if peeker is None:
        return True
    peek, take, grows = peeker
    sock = conn.sock
    deadline = time.monotonic() + conn.continue_timeout
    with selectors.DefaultSelector() as selector:
        selector.register(sock, selectors.EVENT_READ)
        while True:
            left = deadline - time.monotonic()
            if not _pending(sock) and (left <= 0 or not selector.select(left)):
                return True
            data = peek()
            if not data:
                return False  # closed: getresponse() says so
            answer = continue_answer(data)
            if answer is None:  # the head is on its way
                if not grows:
                    return True
                time.sleep(min(0.001, max(left, 0)))  # look again shortly
                continue
            status, size = answer
            if not size:
                return False
            take(size)
            if status == 100:
                return True


def _drop(sock: socket.socket, size: int) -> None:
    """Take *size* bytes, already waiting, off *sock*."""
    while size:
        taken = len(sock.recv(size))
        if not taken:
            return
        size -= taken


#: How much of a waiting answer is looked at: an interim head is small.
_PEEK_SIZE = 1 << 16

_SOCKET = socket.socket
_SOCKET_SENDFILE = socket.socket.sendfile
_SOCKET_SENDMSG = socket.socket.sendmsg
_OWN_SEND = Sending.send
_OWN_READ_READABLE = Sending._read_readable
#: The files whose readinto() fills what read() would return, and mmap,
#: whose blocks are views of the map.
_READINTO_TYPES = (io.BufferedReader, io.FileIO, io.BytesIO, mmap.mmap)
#: open(path, "rb") and open(path, "rb", buffering=0).
_REGULAR_FILE_TYPES = (io.BufferedReader, io.FileIO)
#: The chunk data sendmsg takes as it is: one byte per item.
_CHUNK_DATA_TYPES = (bytes, bytearray)
