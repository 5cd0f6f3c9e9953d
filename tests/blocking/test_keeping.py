"""Between exchanges and across one: the stale-socket check and ``total_timeout``.

The check for a stale idle socket runs only for the stdlib's own socket
classes, and only after a response was kept on them; ``total_timeout``
bounds real sockets through a reader of its own and leaves any other
object to the general path.  Each is tried here with what it does not know
(``Mock()``, ``MagicMock()``, a class used as the socket, a subclass), and
on a real socket pair; tests/hostile runs them against servers.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest

import httpclient_compat
from httpclient_compat._blocking.deadline import Deadline
from httpclient_compat._blocking.keeping import idle_socket_is_stale

from .fakes import FakeSocket

_OK = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"


@pytest.fixture
def pair() -> Iterator[tuple[socket.socket, socket.socket]]:
    a, b = socket.socketpair()
    with a, b:
        yield a, b


class _SocketSubclass(socket.socket):
    pass


class _NotASocket:
    def fileno(self) -> int:
        raise AssertionError("never asked")


@pytest.mark.parametrize(
    "make",
    [mock.Mock, mock.MagicMock, lambda: _NotASocket, _NotASocket, lambda: FakeSocket(_OK)],
    ids=["Mock", "MagicMock", "a class", "an object", "a fake"],
)
def test_what_is_not_the_stdlibs_socket_is_never_judged(make: Any) -> None:
    assert idle_socket_is_stale(make()) is False


def test_a_socket_subclass_is_never_judged() -> None:
    with _SocketSubclass(socket.AF_INET, socket.SOCK_STREAM) as sock:
        assert idle_socket_is_stale(sock) is False


def test_a_real_socket_is_stale_once_bytes_wait_or_the_peer_closed(
    pair: tuple[socket.socket, socket.socket],
) -> None:
    a, b = pair
    assert idle_socket_is_stale(a) is False
    b.sendall(b"x")
    time.sleep(0.01)
    assert idle_socket_is_stale(a) is True
    assert a.recv(1) == b"x"  # only looked at: a plain socket is polled, not read
    assert idle_socket_is_stale(a) is False
    b.shutdown(socket.SHUT_WR)
    time.sleep(0.01)
    assert idle_socket_is_stale(a) is True


def test_a_closed_socket_is_left_to_the_request(pair: tuple[socket.socket, socket.socket]) -> None:
    a, _ = pair
    a.close()
    assert idle_socket_is_stale(a) is False


def _answered_on(pair: tuple[socket.socket, socket.socket]) -> Any:
    """A connection given the pair's first end, with the answer waiting on
    it before the request (no response was kept on it yet): it reads that
    answer, and keeps the socket."""
    a, b = pair
    b.sendall(_OK)
    conn = httpclient_compat.HTTPConnection("example.com")
    conn.sock = a
    conn.request("GET", "/")
    assert conn.getresponse().read() == b"ok"
    assert conn.sock is a
    return conn


def test_a_socket_the_caller_gave_with_the_answer_waiting_is_read_as_before(
    pair: tuple[socket.socket, socket.socket],
) -> None:
    _answered_on(pair).close()


def test_bytes_waiting_after_a_kept_response_drop_the_socket(
    pair: tuple[socket.socket, socket.socket],
) -> None:
    a, b = pair
    conn = _answered_on(pair)
    b.sendall(b"garbage")
    time.sleep(0.01)
    with socket.create_server(("127.0.0.1", 0)) as listener:
        c = socket.create_connection(listener.getsockname())
        d, _ = listener.accept()
    with c, d:
        conn._create_connection = lambda *args: c
        conn.request("GET", "/")  # on a new socket
        assert d.recv(100).startswith(b"GET / ")
        assert conn.sock is c
    assert a.fileno() == -1  # the stale one was closed
    conn.close()


def test_total_timeout_over_a_fake_socket_takes_the_general_path() -> None:
    conn = httpclient_compat.HTTPConnection("example.com", total_timeout=5)
    sock = FakeSocket(_OK)
    conn.sock = sock
    conn.request("GET", "/")
    response = conn.getresponse()
    assert response.read() == b"ok"
    assert sock.sent[0].startswith(b"GET / HTTP/1.1\r\n")


def test_total_timeout_over_a_mock_socket_reads_as_without_it() -> None:
    for total in (None, 5.0):
        conn = httpclient_compat.HTTPConnection("example.com", total_timeout=total)
        conn.sock = mock.MagicMock()
        conn.sock.makefile.return_value.readline.return_value = b""
        conn.request("GET", "/")
        with pytest.raises(httpclient_compat.RemoteDisconnected):
            conn.getresponse()


def test_unsetting_total_timeout_gives_the_socket_its_own_timeout_back(
    pair: tuple[socket.socket, socket.socket],
) -> None:
    a, b = pair
    a.settimeout(7.0)
    conn = httpclient_compat.HTTPConnection("example.com", timeout=7.0, total_timeout=2.0)
    conn.sock = a
    b.sendall(_OK)
    conn.request("GET", "/")
    assert conn.getresponse().read() == b"ok"
    timeout = a.gettimeout()
    assert timeout is not None
    assert timeout <= 2.0  # each call was given what was left
    conn.total_timeout = None
    conn.request("GET", "/")
    assert a.gettimeout() == 7.0
    b.sendall(_OK)
    assert conn.getresponse().read() == b"ok"
    assert conn.sock is a


def test_a_deadline_gives_each_call_what_is_left_at_most_its_timeout() -> None:
    expired: list[bool] = []
    deadline = Deadline(10.0, lambda: expired.append(True))
    assert deadline.bound(1.0) == 1.0
    assert 9.0 < deadline.bound(None) <= 10.0
    with mock.patch("socket.getdefaulttimeout", return_value=3.0):
        assert deadline.bound(socket._GLOBAL_DEFAULT_TIMEOUT) == 3.0  # type: ignore[attr-defined]
    deadline.end = time.monotonic() - 1
    with pytest.raises(socket.timeout) as info:  # TimeoutError from 3.10
        deadline.bound(1.0)
    assert "total_timeout of 10 s" in str(info.value)
    with pytest.raises(socket.timeout):
        deadline.bound(1.0)
    assert expired == [True]  # the connection is told once


def test_unsetting_total_timeout_leaves_a_fake_socket_alone() -> None:
    conn = httpclient_compat.HTTPConnection("example.com", total_timeout=5.0)
    conn.sock = FakeSocket(_OK, _OK)
    conn.request("GET", "/")
    assert conn.getresponse().read() == b"ok"
    conn.total_timeout = None
    conn.request("GET", "/")  # FakeSocket has no settimeout: never called
    assert conn.getresponse().read() == b"ok"


def test_unsetting_total_timeout_restores_the_default_timeout(
    pair: tuple[socket.socket, socket.socket],
) -> None:
    a, b = pair
    conn = httpclient_compat.HTTPConnection("example.com", total_timeout=2.0)
    conn.sock = a
    b.sendall(_OK)
    conn.request("GET", "/")
    assert conn.getresponse().read() == b"ok"
    conn.total_timeout = None
    with mock.patch("socket.getdefaulttimeout", return_value=9.0):
        conn.request("GET", "/")
    assert a.gettimeout() == 9.0
