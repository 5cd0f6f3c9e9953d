"""Plain HTTP over real loopback sockets: keep-alive, framing, uploads, hostile peers."""

from __future__ import annotations

import http.client
import io
import socket
import time
from pathlib import Path

import pytest

import httpclient_compat as client

from .servers import TIMEOUT, HTTPServerThread, Peer, RawServer


def _connection(port: int, timeout: float = TIMEOUT) -> client.HTTPConnection:
    return client.HTTPConnection("127.0.0.1", port, timeout=timeout)


# -- keep-alive and Connection: close ------------------------------------------------------


def test_keep_alive_reuses_one_tcp_connection_for_several_requests() -> None:
    with HTTPServerThread() as server:
        conn = _connection(server.port)
        try:
            socks = []
            for path in ("/a", "/b", "/c"):
                conn.request("GET", path)
                response = conn.getresponse()
                assert response.read() == b"GET %s 0" % path.encode()
                assert not response.will_close
                socks.append(conn.sock)
        finally:
            conn.close()
        assert [r.path for r in server.records] == ["/a", "/b", "/c"]
        assert len({r.client_port for r in server.records}) == 1
        assert socks[0] is socks[1] is socks[2]


def test_the_response_file_is_a_buffered_reader_over_the_connections_socket() -> None:
    """docker-py hijacks ``response.fp.raw._sock`` for attach streams."""
    with HTTPServerThread() as server:
        conn = _connection(server.port)
        try:
            conn.request("GET", "/")
            response = conn.getresponse()
            assert isinstance(response.fp, io.BufferedReader)
            assert response.fp.raw._sock is conn.sock
            assert response.fileno() == conn.sock.fileno()
            response.read()
        finally:
            conn.close()


def _serve_requests(peer: Peer, server: RawServer) -> None:
    """Answer every request on the connection: keep-alive, byte by byte scripted."""
    while (request := peer.read_request()) is not None:
        body = b"%d:%s" % (server.connections, request.target.encode())
        peer.send(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))


def test_keep_alive_against_a_raw_server_sees_one_accepted_connection() -> None:
    with RawServer(_serve_requests) as server:
        conn = _connection(server.port)
        try:
            bodies = []
            for path in ("/1", "/2", "/3", "/4"):
                conn.request("GET", path)
                bodies.append(conn.getresponse().read())
        finally:
            conn.close()
    assert bodies == [b"1:/1", b"1:/2", b"1:/3", b"1:/4"]
    assert server.connections == 1


def _close_after_one(peer: Peer, server: RawServer) -> None:
    request = peer.read_request()
    assert request is not None
    peer.send(b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 6\r\n\r\n")
    time.sleep(0.05)  # the client has the head before the body arrives
    peer.send(b"closed")


def test_connection_close_hands_the_socket_to_the_response() -> None:
    with RawServer(_close_after_one) as server:
        conn = _connection(server.port)
        try:
            conn.request("GET", "/")
            response = conn.getresponse()
            assert response.will_close
            assert conn.sock is None
            assert response.read() == b"closed"
            assert response.isclosed()
            conn.request("GET", "/again")
            assert conn.getresponse().read() == b"closed"
        finally:
            conn.close()
    assert server.connections == 2


def test_closing_the_connection_does_not_cut_a_response_that_owns_the_socket() -> None:
    """urllib closes ``h.sock`` right after ``getresponse()`` and reads afterwards."""
    with RawServer(_close_after_one) as server:
        conn = _connection(server.port)
        conn.request("GET", "/")
        response = conn.getresponse()
        conn.close()
        with response:
            assert response.read() == b"closed"


# -- chunked responses, slow and hostile peers ---------------------------------------------


def _chunked_in_pieces(peer: Peer, server: RawServer) -> None:
    assert peer.read_request() is not None
    peer.send(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
    for piece in (
        b"5\r\nhel",
        b"lo\r\n",
        b"7;ext=1\r\n world\n\r\n",
        b"0\r\nX-Sum: 9\r\n",
        b"\r\n",
    ):
        time.sleep(0.01)
        peer.send(piece)
    assert peer.read_request() is None


def test_a_chunked_response_sent_in_pieces_reads_whole_with_its_trailers() -> None:
    with RawServer(_chunked_in_pieces) as server:
        conn = _connection(server.port)
        try:
            conn.request("GET", "/")
            response = conn.getresponse()
            assert response.chunked
            assert response.read() == b"hello world\n"
            assert response.trailers is not None
            assert response.trailers["X-Sum"] == "9"
        finally:
            conn.close()


def test_a_chunked_response_reads_by_lines_and_into_buffers() -> None:
    with RawServer(_chunked_in_pieces) as server:
        conn = _connection(server.port)
        try:
            conn.request("GET", "/")
            response = conn.getresponse()
            buffer = bytearray(4)
            got = [bytes(buffer[: response.readinto(buffer)])]
            got += list(response)
            assert got == [b"hell", b"o world\n"]
            assert response.isclosed()
        finally:
            conn.close()


def _trickle(peer: Peer, server: RawServer) -> None:
    assert peer.read_request() is not None
    peer.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    reply = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Slow: yes\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n4\r\nslow\r\n6\r\n bytes\r\n0\r\n\r\n"
    )
    for i in range(len(reply)):
        peer.send(reply[i : i + 1])
        time.sleep(0.001)
    assert peer.read_request() is None


def test_a_server_trickling_one_byte_at_a_time_gives_the_whole_response() -> None:
    with RawServer(_trickle) as server:
        conn = _connection(server.port)
        try:
            conn.request("GET", "/")
            response = conn.getresponse()
            assert (response.status, response.getheader("X-Slow")) == (200, "yes")
            assert response.read() == b"slow bytes"
        finally:
            conn.close()


def _close_mid_body(peer: Peer, server: RawServer) -> None:
    assert peer.read_request() is not None
    peer.send(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789")


def test_a_server_closing_mid_body_raises_incomplete_read() -> None:
    with RawServer(_close_mid_body) as server:
        conn = _connection(server.port)
        try:
            conn.request("GET", "/")
            response = conn.getresponse()
            with pytest.raises(http.client.IncompleteRead) as raised:
                response.read()
            assert (raised.value.partial, raised.value.expected) == (b"0123456789", 90)
            assert response.isclosed()
        finally:
            conn.close()


def _drop_the_first_connection(peer: Peer, server: RawServer) -> None:
    request = peer.read_request()
    assert request is not None
    if server.connections == 1:
        return  # closes without a response
    peer.send(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
    assert peer.read_request() is None


def test_a_server_closing_before_responding_raises_remote_disconnected_then_reconnects() -> None:
    with RawServer(_drop_the_first_connection) as server:
        conn = _connection(server.port)
        try:
            conn.request("GET", "/")
            with pytest.raises(http.client.RemoteDisconnected):
                conn.getresponse()
            assert conn.sock is None
            conn.request("GET", "/retry")  # auto_open reconnects
            assert conn.getresponse().read() == b"ok"
        finally:
            conn.close()
    assert server.connections == 2


def _never_answer(peer: Peer, server: RawServer) -> None:
    assert peer.read_request() is not None
    server.stopped.wait(TIMEOUT)


def test_a_silent_server_times_out_with_the_connections_timeout() -> None:
    with RawServer(_never_answer) as server:
        conn = _connection(server.port, timeout=0.2)
        try:
            conn.request("GET", "/")
            started = time.monotonic()
            with pytest.raises(socket.timeout) as raised:
                conn.getresponse()
            assert isinstance(raised.value, TimeoutError)
            assert time.monotonic() - started < 2
        finally:
            conn.close()


def _stall_mid_body(peer: Peer, server: RawServer) -> None:
    assert peer.read_request() is not None
    peer.send(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")
    server.stopped.wait(TIMEOUT)


def test_a_server_stalling_mid_body_times_out_the_read() -> None:
    with RawServer(_stall_mid_body) as server:
        conn = _connection(server.port, timeout=0.2)
        try:
            conn.request("GET", "/")
            response = conn.getresponse()
            with pytest.raises(TimeoutError):
                response.read()
        finally:
            conn.close()


# -- uploads ----------------------------------------------------------------------------------


def test_uploads_of_every_body_kind_reach_the_server_intact(tmp_path: Path) -> None:
    data = bytes(range(256)) * 100
    path = tmp_path / "upload.bin"
    path.write_bytes(data)
    with HTTPServerThread() as server:
        conn = _connection(server.port)
        try:
            conn.request("POST", "/bytes", body=data)
            conn.getresponse().read()
            with path.open("rb") as file:
                conn.request("PUT", "/file", body=file)
                conn.getresponse().read()
            with path.open("rb") as file:
                conn.request(
                    "PUT",
                    "/file-with-length",
                    body=file,
                    headers={"Content-Length": str(len(data))},
                )
                conn.getresponse().read()
            conn.request(
                "PUT", "/iterable", body=(data[i : i + 1000] for i in range(0, len(data), 1000))
            )
            conn.getresponse().read()
            conn.request("PUT", "/text", body=io.StringIO("caf\xe9 " * 3000))
            conn.getresponse().read()
            conn.request("POST", "/str", body="na\xefve")
            conn.getresponse().read()
            conn.request("POST", "/empty")
            conn.getresponse().read()
        finally:
            conn.close()
    records = {r.path: r for r in server.records}
    for name in ("/bytes", "/file", "/file-with-length", "/iterable"):
        assert records[name].body == data, name
    assert records["/text"].body == ("caf\xe9 " * 3000).encode("latin-1")
    assert records["/str"].body == "na\xefve".encode("latin-1")
    assert records["/empty"].body == b""
    chunked = {p for p, r in records.items() if ("Transfer-Encoding", "chunked") in r.headers}
    assert chunked == {"/file", "/iterable", "/text"}
    assert ("Content-Length", str(len(data))) in records["/bytes"].headers
    assert ("Content-Length", "0") in records["/empty"].headers
    assert len({r.client_port for r in server.records}) == 1


def _no_content(peer: Peer, server: RawServer) -> None:
    assert peer.read_request() is not None
    peer.send(b"HTTP/1.1 204 No Content\r\n\r\n")
    assert peer.read_request() is None


def test_an_explicit_chunked_upload_sends_trailing_framing_the_server_decodes() -> None:
    with RawServer(_no_content) as server:
        conn = _connection(server.port)
        try:
            conn.request(
                "POST",
                "/up",
                body=iter([b"first", b"", b"second"]),
                headers={"Transfer-Encoding": "chunked"},
                encode_chunked=True,
            )
            assert conn.getresponse().status == 204
        finally:
            conn.close()
        raw = bytes(server.peers[0].received)
    head, _, body = raw.partition(b"\r\n\r\n")
    assert head.startswith(b"POST /up HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n" % server.port)
    assert body == b"5\r\nfirst\r\n6\r\nsecond\r\n0\r\n\r\n"
