"""``Expect: 100-continue`` over loopback: the body waits for the server's
word (RFC 9110 §10.1.1), and a final answer instead is what
``getresponse()`` returns."""

from __future__ import annotations

import http.client
import time
from typing import Any

import pytest

import httpclient_compat as client

from .servers import TIMEOUT, TLS, Peer, RawServer

BODY = b"x" * 100_000
EXPECT = {"Expect": "100-continue", "Content-Length": str(len(BODY))}


def _continue_then_read(*interim: bytes) -> Any:
    def handler(peer: Peer, server: RawServer) -> None:
        request = peer.read_request(body=False)
        assert request is not None
        for head in interim:
            peer.send(head)
        peer.read_body(request)
        got = b"%d" % len(request.body)
        peer.send(b"HTTP/1.1 200 OK\r\nX-Got: %s\r\nContent-Length: 0\r\n\r\n" % got)

    return handler


def _refuse(status: bytes) -> Any:
    def handler(peer: Peer, server: RawServer) -> None:
        assert peer.read_request(body=False) is not None
        peer.send(b"HTTP/1.1 %s\r\nContent-Length: 7\r\n\r\nrefused" % status)
        time.sleep(0.3)  # long enough for a body sent anyway to arrive

    return handler


def _connection(server: RawServer, **kwargs: Any) -> client.HTTPConnection:
    return client.HTTPConnection("127.0.0.1", server.port, timeout=TIMEOUT, **kwargs)


@pytest.mark.parametrize(
    "interim",
    [
        (b"HTTP/1.1 100 Continue\r\n\r\n",),
        (b"HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n", b"HTTP/1.1 100 Continue\r\n\r\n"),
    ],
    ids=["100", "103 then 100"],
)
def test_the_body_follows_100_continue(interim: tuple[bytes, ...]) -> None:
    with RawServer(_continue_then_read(*interim)) as server:
        conn = _connection(server, continue_timeout=30)
        started = time.monotonic()
        conn.request("PUT", "/up", body=BODY, headers=EXPECT)
        response = conn.getresponse()
        assert (response.status, response.read()) == (200, b"")
        assert time.monotonic() - started < 10, "sent on the server's word, not a timeout"
        assert response.getheader("X-Got") == str(len(BODY))
        conn.close()


@pytest.mark.parametrize("status", [b"417 Expectation Failed", b"401 Unauthorized"])
def test_a_final_answer_instead_of_100_is_returned_and_no_body_is_sent(status: bytes) -> None:
    with RawServer(_refuse(status)) as server:
        conn = _connection(server)
        conn.request("PUT", "/up", body=BODY, headers=EXPECT)
        response = conn.getresponse()
        assert (response.status, response.read()) == (int(status[:3]), b"refused")
        assert response.will_close
        assert conn.sock is None, "the server still waits for a body: never reused"
    assert server.peers[0].received.endswith(b"\r\n\r\n"), "the head alone"


def test_putheader_and_endheaders_wait_too() -> None:
    with RawServer(_refuse(b"417 Expectation Failed")) as server:
        conn = _connection(server)
        conn.putrequest("PUT", "/up")
        conn.putheader("Content-Length", str(len(BODY)))
        conn.putheader("expect", "100-Continue")
        conn.endheaders(BODY)
        assert conn.getresponse().status == 417
    assert server.peers[0].received.endswith(b"\r\n\r\n")


def test_the_body_goes_after_continue_timeout_when_the_server_says_nothing() -> None:
    with RawServer(_continue_then_read()) as server:
        conn = _connection(server, continue_timeout=0.2)
        started = time.monotonic()
        conn.request("PUT", "/up", body=BODY, headers=EXPECT)
        assert conn.getresponse().status == 200
        assert time.monotonic() - started >= 0.2
        conn.close()


def test_a_server_that_closes_without_answering_raises_as_the_stdlib() -> None:
    def close(peer: Peer, server: RawServer) -> None:
        assert peer.read_request(body=False) is not None

    for module in (http.client, client):
        with RawServer(close) as server:
            conn = module.HTTPConnection("127.0.0.1", server.port, timeout=TIMEOUT)
            try:
                conn.request("PUT", "/up", body=b"small", headers={"Expect": "100-continue"})
                with pytest.raises(http.client.RemoteDisconnected):
                    conn.getresponse()
            except ConnectionError:  # the stdlib's send may meet the close first
                assert module is http.client
            finally:
                conn.close()


def test_no_wait_without_the_header() -> None:
    with RawServer(_continue_then_read()) as server:
        conn = _connection(server, continue_timeout=30)
        started = time.monotonic()
        conn.request("PUT", "/up", body=BODY)
        assert conn.getresponse().status == 200
        assert time.monotonic() - started < 10
        conn.close()


def test_https_connections_take_continue_timeout_too() -> None:
    conn = client.HTTPSConnection("example.com", continue_timeout=2.5)
    assert conn.continue_timeout == 2.5
    assert client.HTTPConnection("example.com").continue_timeout == 1.0


def _botocore_connection() -> Any:
    """botocore's own 100-continue handling (it replaces _send_output and
    request on its mixin) on our connection class."""
    awsrequest = pytest.importorskip("botocore.awsrequest")
    return type("AWSOurConnection", (awsrequest.AWSConnection, client.HTTPConnection), {})


@pytest.mark.parametrize(
    ("handler", "status", "sent"),
    [
        (_continue_then_read(b"HTTP/1.1 100 Continue\r\n\r\n"), 200, True),
        (_refuse(b"417 Expectation Failed"), 417, False),
    ],
    ids=["100", "417"],
)
def test_botocores_own_expect_handling_runs_on_our_class(
    handler: Any, status: int, sent: bool
) -> None:
    connection_class = _botocore_connection()
    with RawServer(handler) as server:
        conn = connection_class("127.0.0.1", server.port, timeout=TIMEOUT)
        headers = {"Expect": b"100-continue", "Content-Length": str(len(BODY))}
        conn.request("PUT", "/up", body=BODY, headers=headers)
        response = conn.getresponse()
        assert response.status == status
        response.read()
        assert conn._response_received is not sent, "botocore's handler read the answer"
        conn.close()
    assert server.peers[0].received.endswith(BODY) is sent


def _tls_connection(server: RawServer, tls: TLS, **kwargs: Any) -> client.HTTPSConnection:
    return client.HTTPSConnection(
        "localhost", server.port, timeout=TIMEOUT, context=tls.client_context, **kwargs
    )


def test_over_tls_the_body_follows_100_continue(tls: TLS) -> None:
    handler = _continue_then_read(b"HTTP/1.1 100 Continue\r\n\r\n")
    with RawServer(handler, tls=tls.server_context) as server:
        conn = _tls_connection(server, tls, continue_timeout=30)
        started = time.monotonic()
        conn.request("PUT", "/up", body=BODY, headers=EXPECT)
        response = conn.getresponse()
        assert (response.status, response.getheader("X-Got")) == (200, str(len(BODY)))
        assert time.monotonic() - started < 10
        conn.close()


def test_over_tls_a_final_answer_is_returned_and_no_body_is_sent(tls: TLS) -> None:
    with RawServer(_refuse(b"417 Expectation Failed"), tls=tls.server_context) as server:
        conn = _tls_connection(server, tls)
        conn.request("PUT", "/up", body=BODY, headers=EXPECT)
        response = conn.getresponse()
        assert (response.status, response.read()) == (417, b"refused")
        assert conn.sock is None
    assert server.peers[0].received.endswith(b"\r\n\r\n")


def test_over_tls_a_custom_response_class_gets_the_body_at_once(tls: TLS) -> None:
    """No reader to look through: the body follows the head, as in http.client."""

    class Custom(client.HTTPResponse):
        pass

    with RawServer(
        _continue_then_read(b"HTTP/1.1 100 Continue\r\n\r\n"), tls=tls.server_context
    ) as server:
        conn = _tls_connection(server, tls, continue_timeout=30)
        conn.response_class = Custom
        conn.request("PUT", "/up", body=BODY, headers=EXPECT)
        assert conn.getresponse().status == 200
        conn.close()
