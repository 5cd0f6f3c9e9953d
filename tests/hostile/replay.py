"""A replay server on 127.0.0.1: each accepted connection plays a script.

A case loads a list of scripts (one per connection it expects, in order);
each accepted connection takes the next one (a connection beyond the list
is closed at once) and runs its steps: :class:`Send`, :class:`Pause`,
:class:`Drip`, :class:`ReadRequest`, :class:`Close`, :class:`Hold` and
:class:`Reset`.  Every byte a connection receives is recorded, so a case can
tell how many connections were opened and what reached the wire.

Nothing here can hang a suite: every blocking call has a timeout, every
thread is a daemon, and :meth:`ReplayServer.stop` joins with a bound.
"""

from __future__ import annotations

import contextlib
import select
import socket
import struct
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Union

__all__ = [
    "Close",
    "Connection",
    "Drip",
    "Hold",
    "Pause",
    "ReadRequest",
    "ReplayServer",
    "Reset",
    "Script",
    "Send",
    "Step",
]

#: The bound on any one blocking socket call of the server.
IO_TIMEOUT = 3.0
#: The bound on how long a connection waits for its client to go away.
LINGER = 5.0
#: How often a waiting thread looks at the stop flag.
POLL = 0.05


@dataclass(frozen=True)
class Send:
    """Send *data* at once."""

    data: bytes


@dataclass(frozen=True)
class Pause:
    """Send nothing for *seconds* (cut short when the server stops)."""

    seconds: float


@dataclass(frozen=True)
class Drip:
    """Send *data* one byte at a time, waiting *interval* after each byte."""

    data: bytes
    interval: float


@dataclass(frozen=True)
class ReadRequest:
    """Read one request head, and its body when it has Content-Length (or is
    chunked).  If the client closes first, or nothing comes within *timeout*
    (the server's own bound when None), the script ends with a close."""

    timeout: float | None = None


@dataclass(frozen=True)
class Close:
    """End the connection in order: FIN first, then read (and record) what
    the client still sends until it goes away, then close.  Reading on keeps
    the kernel from answering late client bytes with a reset."""


@dataclass(frozen=True)
class Hold:
    """Send nothing and keep the connection open until the client goes away
    or the server stops."""


@dataclass(frozen=True)
class Reset:
    """Abort the connection: close with SO_LINGER 0, so the client sees RST."""


Step = Union[Send, Pause, Drip, ReadRequest, Close, Hold, Reset]
Script = Sequence[Step]


@dataclass
class Connection:
    """One accepted connection: what it received, and how its script ended."""

    received: bytearray = field(default_factory=bytearray)
    #: The exception that ended the script early (a client that went away).
    error: BaseException | None = None
    done: threading.Event = field(default_factory=threading.Event)


class _EndOfScript(Exception):
    """The client went away: close and stop."""


class _TimedOut(Exception):
    """A read step waited its whole bound: end the connection in order and stop."""


class _Player:
    """Runs one script on one accepted socket."""

    def __init__(self, sock: socket.socket, record: Connection, stop: threading.Event) -> None:
        self.sock = sock
        self.record = record
        self.stop = stop
        self.buffer = bytearray()

    def play(self, script: Script) -> None:
        try:
            for step in script:
                if self.stop.is_set():
                    break
                if isinstance(step, (Send, Drip)):
                    self.sock.settimeout(IO_TIMEOUT)  # a read step may have left a shorter one
                if isinstance(step, Send):
                    self.sock.sendall(step.data)
                elif isinstance(step, Pause):
                    self.stop.wait(step.seconds)
                elif isinstance(step, Drip):
                    for byte in step.data:
                        self.sock.sendall(bytes((byte,)))
                        if self.stop.wait(step.interval):
                            break
                elif isinstance(step, ReadRequest):
                    self._read_request(step.timeout)
                elif isinstance(step, Hold):
                    self._drain(LINGER * 2)
                    return
                elif isinstance(step, Reset):
                    self.sock.setsockopt(
                        socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                    )
                    return
                else:  # Close
                    self._close()
                    return
            self._close()
        except _EndOfScript:
            pass
        except _TimedOut:
            self._close()
        except OSError as exc:  # the client went away mid-step: not an error of the case
            self.record.error = exc

    # -- reading ---------------------------------------------------------------

    def _recv(self, deadline: float) -> bytes:
        """The next bytes received (b"" at EOF); _TimedOut at *deadline*."""
        while True:
            left = deadline - time.monotonic()
            if self.stop.is_set():
                raise _EndOfScript
            if left <= 0:
                raise _TimedOut
            self.sock.settimeout(min(POLL, left))
            try:
                data = self.sock.recv(65536)
            except socket.timeout:  # TimeoutError from 3.10 on; not on 3.9
                continue
            self.record.received += data
            return data

    def _read_until(self, marker: bytes, deadline: float) -> bytes:
        while marker not in self.buffer:
            data = self._recv(deadline)
            if not data:
                raise _EndOfScript
            self.buffer += data
        end = self.buffer.index(marker) + len(marker)
        head = bytes(self.buffer[:end])
        del self.buffer[:end]
        return head

    def _read_request(self, timeout: float | None) -> None:
        deadline = time.monotonic() + (IO_TIMEOUT if timeout is None else timeout)
        head = self._read_until(b"\r\n\r\n", deadline).lower()
        if b"\ntransfer-encoding: chunked" in head:
            self._read_until(b"\r\n0\r\n\r\n", deadline)
            return
        length = 0
        for line in head.split(b"\r\n"):
            name, _, value = line.partition(b":")
            if name.strip() == b"content-length" and value.strip().isdigit():
                length = int(value)
        while len(self.buffer) < length:
            data = self._recv(deadline)
            if not data:
                raise _EndOfScript
            self.buffer += data
        del self.buffer[:length]

    def _drain(self, seconds: float) -> None:
        """Record what arrives until the client closes (or *seconds* pass)."""
        deadline = time.monotonic() + seconds
        with contextlib.suppress(_EndOfScript, _TimedOut, OSError):
            while self._recv(deadline):
                pass

    def _close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_WR)
        self._drain(LINGER)


class ReplayServer:
    """A threaded TCP server on ``127.0.0.1:0`` that replays loaded scripts."""

    def __init__(self) -> None:
        self.stopped = threading.Event()
        self._lock = threading.Lock()
        self._scripts: list[Script] = []
        self._connections: list[Connection] = []
        self._threads: list[threading.Thread] = []
        self._socks: list[socket.socket] = []
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.port = 0

    # -- life ----------------------------------------------------------------------

    def start(self) -> ReplayServer:
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(32)
        self._listener.setblocking(False)
        self.port = self._listener.getsockname()[1]
        self._spawn(self._accept_loop)
        return self

    def stop(self) -> None:
        self.stopped.set()
        with self._lock:
            threads = list(self._threads)
            socks = list(self._socks)
        for sock in socks:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        deadline = time.monotonic() + IO_TIMEOUT
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        self._listener.close()
        hung = [thread.name for thread in threads if thread.is_alive()]
        assert not hung, f"replay threads still running: {hung}"

    def _spawn(self, target: object, *args: object) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)  # type: ignore[arg-type] # a callable
        with self._lock:
            self._threads = [t for t in self._threads if t.is_alive()]
            self._threads.append(thread)
        thread.start()

    def _accept_loop(self) -> None:
        while not self.stopped.is_set():
            if not self._pending(POLL):
                continue
            with self._lock:  # accepted and counted at once: see settle()
                try:
                    sock, _ = self._listener.accept()
                except BlockingIOError:
                    continue
                except OSError:
                    return
                record = Connection()
                script: Script = self._scripts.pop(0) if self._scripts else (Close(),)
                self._connections.append(record)
                self._socks.append(sock)
            self._spawn(self._serve, sock, record, script)

    def _serve(self, sock: socket.socket, record: Connection, script: Script) -> None:
        try:
            sock.settimeout(IO_TIMEOUT)
            _Player(sock, record, self.stopped).play(script)
        finally:
            sock.close()
            with self._lock:
                if sock in self._socks:
                    self._socks.remove(sock)
            record.done.set()

    # -- cases ------------------------------------------------------------------------

    def load(self, scripts: Sequence[Script]) -> None:
        """Forget the last case; the next connections play *scripts* in order."""
        with self._lock:
            self._scripts = list(scripts)
            self._connections = []

    def _pending(self, timeout: float = 0.0) -> bool:
        """Whether a connection waits in the listen backlog."""
        try:
            readable, _, _ = select.select([self._listener], [], [], timeout)
        except (OSError, ValueError):  # closed by stop()
            self.stopped.set()
            return False
        return bool(readable)

    def settle(self, timeout: float = IO_TIMEOUT) -> list[Connection]:
        """Wait (bounded) for this case's connections to end; return them."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                pending = self._pending()
                connections = list(self._connections)
            if not pending or time.monotonic() >= deadline:
                break
            time.sleep(0.002)
        for connection in connections:
            connection.done.wait(max(0.0, deadline - time.monotonic()))
        return connections
