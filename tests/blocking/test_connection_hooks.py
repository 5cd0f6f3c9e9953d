"""The T2 hooks of ``HTTPConnection`` (the private names urllib3, botocore and CPython's
tests use), over fake sockets.

Subclasses written against ``http.client`` (urllib3, botocore, httplib2,
requests-racer) override or call private methods and attributes; each test
plays one such subclass against our class, and most replay it against the
stdlib's to show both behave alike.
"""

from __future__ import annotations

import http.client
import io
import re
import socket
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any, ClassVar

import pytest

import httpclient_compat as client

from .fakes import FakeSocket, connection_on

MODULES = [http.client, client]
OK = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi"
NO_CONTENT = b"HTTP/1.1 204 No Content\r\n\r\n"

Log = list[tuple[str, str, str]]

#: Every hook http.client routes a request through; traced in call order.
HOOKS = (
    "set_tunnel", "_get_hostport", "_validate_host", "connect", "_tunnel", "request",
    "_send_request", "putrequest", "_validate_method", "_validate_path", "_encode_request",
    "putheader", "_output", "_get_content_length", "endheaders", "_send_output",
    "_read_readable", "_is_textIO", "send", "getresponse", "close",
)  # fmt: skip


def _tracing(base: type[http.client.HTTPConnection]) -> tuple[type[Any], Log]:
    """A subclass of *base* logging each hook call (name, args, kwargs)."""
    log: Log = []

    def hook(name: str) -> Callable[..., Any]:
        def method(self: Any, *args: Any, **kwargs: Any) -> Any:
            log.append((name, _plain(repr(args)), _plain(repr(kwargs))))
            return getattr(super(traced, self), name)(*args, **kwargs)

        return method

    traced = type("Traced", (base,), {name: hook(name) for name in HOOKS})
    return traced, log


def _plain(text: str) -> str:
    return re.sub(r" at 0x[0-9a-f]+", "", text)


def _hook_trace(module: ModuleType) -> Log:
    traced, log = _tracing(module.HTTPConnection)
    sock = FakeSocket(b"HTTP/1.1 200 Connection established\r\n\r\n", OK, OK, OK, OK, OK)
    conn = traced("example.com:8080")
    conn._create_connection = lambda *args: sock
    conn.set_tunnel("origin.example", 81, {"Proxy-Authorization": "Basic eA=="})
    conn.request("GET", "/a")
    conn.getresponse().read()
    conn.request("POST", "/b", body=b"abc", headers={"X-A": "1"})
    conn.getresponse().read()
    conn.request("POST", "/c", body=io.BytesIO(b"abc"))
    conn.getresponse().read()
    conn.request("POST", "/d", body=io.StringIO("abc"), headers={"Content-Length": 3})
    conn.getresponse().read()
    conn.request("PUT", "/e", body=[b"a", b"", b"bc"], encode_chunked=False)
    conn.getresponse().read()
    conn.close()
    return log


def test_requests_pass_through_the_same_hooks_in_the_same_order_with_the_same_arguments() -> None:
    """A subclass overriding any hook sees exactly the calls http.client makes."""
    ours, stdlib = _hook_trace(client), _hook_trace(http.client)
    assert [name for name, _, _ in ours] == [name for name, _, _ in stdlib]
    assert ours == stdlib


# -- _buffer, _send_output, _send_request ----------------------------------------------


def test_buffer_holds_unterminated_lines_until_send_output() -> None:
    sock = FakeSocket()
    conn = connection_on(sock)
    conn.putrequest("GET", "/x")
    conn.putheader("X-Custom", "v")
    assert conn._buffer == [
        b"GET /x HTTP/1.1",
        b"Host: example.com",
        b"Accept-Encoding: identity",
        b"X-Custom: v",
    ]
    assert sock.sent == []
    conn.endheaders()
    assert conn._buffer == []
    assert sock.sent == [
        b"GET /x HTTP/1.1\r\nHost: example.com\r\nAccept-Encoding: identity\r\nX-Custom: v\r\n\r\n"
    ]


def _recording_send_output(module: ModuleType) -> tuple[Any, list[Any]]:
    calls: list[Any] = []

    class Recording(module.HTTPConnection):  # type: ignore[name-defined,misc] # per-module subclass
        def _send_output(self, *args: Any, **kwargs: Any) -> None:
            calls.append((args, kwargs))
            super()._send_output(*args, **kwargs)

    return connection_on(FakeSocket(), cls=Recording), calls


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_endheaders_delegates_to_send_output_with_body_and_encode_chunked_keyword(
    module: ModuleType,
) -> None:
    conn, calls = _recording_send_output(module)
    conn.putrequest("POST", "/")
    conn.endheaders(b"body")
    assert calls == [((b"body",), {"encode_chunked": False})]
    conn, calls = _recording_send_output(module)
    body = iter([b"a"])
    conn.request("POST", "/", body=body)
    assert calls == [((body,), {"encode_chunked": True})]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_request_calls_send_request_positionally(module: ModuleType) -> None:
    """botocore's urllib3-1.x-era override takes ``(method, url, body, headers, *extra)``."""
    calls: list[tuple[Any, ...]] = []

    class Botocore(module.HTTPConnection):  # type: ignore[name-defined,misc] # per-module subclass
        def _send_request(
            self, method: str, url: str, body: Any, headers: Any, *args: Any, **kwargs: Any
        ) -> None:
            calls.append((method, url, body, headers, args, kwargs))
            super()._send_request(method, url, body, headers, *args, **kwargs)

    headers = {"X-A": "1"}
    conn = connection_on(FakeSocket(), cls=Botocore)
    conn.request("PUT", "/k", b"data", headers, encode_chunked=False)
    assert calls == [("PUT", "/k", b"data", headers, (False,), {})]
    assert calls[0][3] is headers, "the very dict the caller passed (dd-trace injects into it)"


class BotocoreConnection(client.HTTPConnection):
    """botocore's ``AWSConnection._send_output``: it takes ``_buffer`` itself."""

    def _send_output(self, message_body: Any = None, *args: Any, **kwargs: Any) -> None:
        self._buffer.extend((b"", b""))
        buffer: list[bytes | str] = list(self._buffer)  # botocore accepts both
        msg = b"\r\n".join(
            chunk.encode("utf-8") if isinstance(chunk, str) else chunk for chunk in buffer
        )
        del self._buffer[:]
        if isinstance(message_body, bytes):
            msg += message_body
            message_body = None
        self.send(msg)
        if message_body is not None:
            self.send(message_body)


def test_a_send_output_override_that_takes_the_buffer_itself_sends_one_message() -> None:
    sock = FakeSocket(OK)
    conn = connection_on(sock, cls=BotocoreConnection)
    conn.request("PUT", "/key", body=b"data", headers={"Expect": "100-continue"})
    assert sock.sent == [
        b"PUT /key HTTP/1.1\r\nHost: example.com\r\nAccept-Encoding: identity\r\n"
        b"Content-Length: 4\r\nExpect: 100-continue\r\n\r\ndata"
    ]
    assert conn._buffer == []
    assert conn.getresponse().read() == b"hi"


def _send_calls_after_the_head(module: ModuleType, body: Any, **kwargs: Any) -> list[bytes]:
    """Every ``send`` after the head, from a subclass that drops them all."""
    dropped: list[bytes] = []

    class DropsBody(module.HTTPConnection):  # type: ignore[name-defined,misc] # per-module subclass
        head_sent = False

        def send(self, data: Any) -> None:
            if self.head_sent:
                dropped.append(data)
                return
            self.head_sent = True
            super().send(data)

    sock = FakeSocket()
    conn = connection_on(sock, cls=DropsBody)
    conn.request("PUT", "/", body=body, **kwargs)
    assert len(sock.sent) == 1
    assert sock.sent[0].startswith(b"PUT / HTTP/1.1\r\n")
    return dropped


@pytest.mark.parametrize(
    ("make_body", "kwargs"),
    [
        (lambda: b"x" * 10, {}),
        (lambda: io.BytesIO(b"y" * 20000), {}),
        (lambda: io.StringIO("z" * 9000), {"headers": {"Content-Length": "9000"}}),
        (lambda: [b"a", b"", b"bc"], {}),
        (lambda: iter([b"pre-framed"]), {"headers": {"Transfer-Encoding": "chunked"}}),
    ],
    ids=["bytes", "binary-file", "text-file", "iterable", "pre-framed"],
)
def test_every_body_byte_goes_through_self_send_so_an_override_can_drop_it(
    make_body: Callable[[], Any], kwargs: dict[str, Any]
) -> None:
    """botocore drops the body after an early response by overriding ``send``."""
    ours = _send_calls_after_the_head(client, make_body(), **kwargs)
    assert ours == _send_calls_after_the_head(http.client, make_body(), **kwargs)
    assert ours


def _sendall_calls(module: ModuleType, body: Any, **kwargs: Any) -> list[bytes]:
    sock = FakeSocket()
    conn = connection_on(sock, cls=module.HTTPConnection)
    conn.request("PUT", "/", body=body, **kwargs)
    return sock.sent


@pytest.mark.parametrize(
    ("make_body", "kwargs"),
    [
        (lambda: b"x" * 10, {}),
        (lambda: "caf\xe9", {}),
        (lambda: bytearray(b"y" * 5), {}),
        (lambda: memoryview(b"z" * 7), {}),
        (lambda: io.BytesIO(b"y" * 20000), {}),
        (lambda: io.BytesIO(b"y" * 20000), {"headers": {"Content-Length": "20000"}}),
        (lambda: io.StringIO("z" * 9000), {"headers": {"Content-Length": "9000"}}),
        (lambda: [b"a", b"", b"bc"], {}),
        (lambda: (b"%d" % i for i in range(3)), {"headers": {"Content-Length": "3"}}),
        (lambda: [b"x"], {"headers": {"Transfer-Encoding": "chunked"}, "encode_chunked": True}),
        (lambda: None, {}),
    ],
    ids=[
        "bytes", "str", "bytearray", "memoryview", "file", "file-with-length", "text-file",
        "iterable", "generator-with-length", "encode-chunked", "no-body",
    ],
)  # fmt: skip
def test_wire_bytes_and_sendall_calls_equal_http_clients_for_every_body_kind(
    make_body: Callable[[], Any], kwargs: dict[str, Any]
) -> None:
    """CPython's tests count ``sendall`` calls: the head in one, each block in its own."""
    ours = _sendall_calls(client, make_body(), **kwargs)
    assert ours == _sendall_calls(http.client, make_body(), **kwargs)


# -- response_class ----------------------------------------------------------------------


class RecordingResponse(client.HTTPResponse):
    calls: ClassVar[list[tuple[tuple[Any, ...], dict[str, Any]]]] = []

    def __init__(self, *args: Any, status_tuple: Any = None, **kwargs: Any) -> None:
        RecordingResponse.calls.append((args, {**kwargs, "status_tuple": status_tuple}))
        super().__init__(*args, **kwargs)


@pytest.mark.parametrize("debuglevel", [0, 1])
def test_response_class_may_be_a_partial_called_with_sock_and_method_keyword(
    debuglevel: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """botocore swaps ``response_class`` for a ``functools.partial`` per request."""
    import functools

    monkeypatch.setattr(RecordingResponse, "calls", [])
    sock = FakeSocket(OK)
    conn = connection_on(sock)
    conn.set_debuglevel(debuglevel)
    conn.response_class = functools.partial(RecordingResponse, status_tuple=None)
    conn.request("HEAD", "/")
    response = conn.getresponse()
    assert isinstance(response, RecordingResponse)
    positional = (sock, debuglevel) if debuglevel else (sock,)
    assert RecordingResponse.calls == [(positional, {"method": "HEAD", "status_tuple": None})]
    capsys.readouterr()


# -- connecting: _create_connection, socket.create_connection, connect, _tunnel ---------


def test_create_connection_replaced_on_the_instance_is_called_positionally() -> None:
    calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    sock = FakeSocket(OK)
    conn = client.HTTPConnection("example.com", 8080, timeout=2.5, source_address=("10.0.0.1", 0))

    def create_connection(*args: Any, **kwargs: Any) -> FakeSocket:
        calls.append((args, kwargs))
        return sock

    conn._create_connection = create_connection  # type: ignore[method-assign,assignment] # the instance hook
    conn.connect()
    assert calls == [((("example.com", 8080), 2.5, ("10.0.0.1", 0)), {})]
    assert conn.sock is sock
    assert sock.sockopts == [(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]


def test_socket_create_connection_patched_after_construction_is_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """gevent and eventlet patch ``socket.create_connection`` at any time
    (http.client 3.11 binds it in ``__init__``, so this is ours only)."""
    calls: list[tuple[Any, ...]] = []
    conn = client.HTTPConnection("example.com", 8080, timeout=3)
    sock = FakeSocket(OK)

    def create_connection(*args: Any) -> FakeSocket:
        calls.append(args)
        return sock

    monkeypatch.setattr(socket, "create_connection", create_connection)
    conn.request("GET", "/")
    assert calls == [(("example.com", 8080), 3, None)]
    assert conn.getresponse().read() == b"hi"


def test_a_tunnel_override_reads_the_proxy_reply_with_the_module_hooks() -> None:
    """urllib3 main backports ``_tunnel`` and calls ``_read_headers(fp)`` with one argument."""

    class Urllib3Tunnel(client.HTTPConnection):
        def _tunnel(self) -> None:
            assert self._tunnel_host is not None
            connect = f"CONNECT {self._tunnel_host}:{self._tunnel_port} HTTP/1.1\r\n"
            lines = [connect.encode("ascii")]
            lines += [f"{k}: {v}\r\n".encode("latin-1") for k, v in self._tunnel_headers.items()]
            self.send(b"".join([*lines, b"\r\n"]))
            response = self.response_class(self.sock, method=self._method)
            try:
                (_, code, message) = response._read_status()
                self._raw_proxy_headers = client._read_headers(response.fp)
                line = response.fp.readline(client._MAXLINE + 1)
                assert line == b"", "the reply was read to its end"
                if code != 200:
                    self.close()
                    raise OSError(f"Tunnel connection failed: {code} {message.strip()}")
            finally:
                response.close()

    sock = FakeSocket(b"HTTP/1.1 200 OK\r\nProxy-Agent: p\r\n\r\n", NO_CONTENT)
    conn = connection_on(sock, cls=Urllib3Tunnel)
    conn.set_tunnel("origin.example", 443, headers={"Proxy-Authorization": "Basic eA=="})
    conn.request("GET", "/")
    assert conn.getresponse().status == 204
    # 3.12's set_tunnel adds Host to the tunnel's headers.
    host = b"Host: origin.example:443\r\n" if sys.version_info >= (3, 12) else b""
    assert sock.sent[0] == (
        b"CONNECT origin.example:443 HTTP/1.1\r\nProxy-Authorization: Basic eA==\r\n"
        + host
        + b"\r\n"
    )
    assert sock.sent[1].startswith(b"GET / HTTP/1.1\r\nHost: origin.example:443\r\n")
    headers = conn.get_proxy_response_headers()
    assert isinstance(headers, http.client.HTTPMessage)
    assert headers.items() == [("Proxy-Agent", "p")]


def test_a_connect_override_that_sets_sock_itself_is_all_the_connection_needs() -> None:
    """docker's UnixHTTPConnection and httplib2 set ``self.sock`` in ``connect``."""
    sock = FakeSocket(OK)

    class UnixConnection(client.HTTPConnection):
        def connect(self) -> None:
            self.sock = sock

    conn = UnixConnection("localhost")
    conn.request("GET", "/containers/json")
    assert conn.getresponse().read() == b"hi"
    assert sock.sent[0].startswith(b"GET /containers/json HTTP/1.1\r\nHost: localhost\r\n")


def test_a_host_property_with_setter_on_a_subclass_is_assigned_by_init() -> None:
    """urllib3 2.x turns ``host`` into a property that stores ``_dns_host``."""

    class Urllib3Connection(client.HTTPConnection):
        @property
        def host(self) -> str:
            return self._dns_host.rstrip(".")

        @host.setter
        def host(self, value: str) -> None:
            self._dns_host = value

    conn = Urllib3Connection("example.com.:8080")
    assert conn._dns_host == "example.com."
    assert (conn.host, conn.port) == ("example.com", 8080)


def test_auto_open_zero_refuses_to_reconnect_with_not_connected() -> None:
    """urllib3 1.26 sets ``auto_open = 0`` after tunnelling."""
    conn = client.HTTPConnection("example.com")
    conn.auto_open = 0
    with pytest.raises(http.client.NotConnected):
        conn.request("GET", "/")


# -- the name-mangled state -------------------------------------------------------------


def test_the_mangled_state_walks_idle_started_sent_idle() -> None:
    conn = connection_on(FakeSocket(OK))
    seen = [conn._HTTPConnection__state]
    conn.putrequest("GET", "/")
    seen.append(conn._HTTPConnection__state)
    conn.endheaders()
    seen.append(conn._HTTPConnection__state)
    conn.getresponse()
    seen.append(conn._HTTPConnection__state)
    assert seen == ["Idle", "Request-started", "Request-sent", "Idle"]
    assert client._CS_IDLE == "Idle"
    assert client._CS_REQ_STARTED == "Request-started"
    assert client._CS_REQ_SENT == "Request-sent"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_writing_request_sent_after_sending_the_buffer_by_hand_allows_getresponse(
    module: ModuleType,
) -> None:
    """requests-racer sends ``_buffer`` itself and then sets the state."""
    sock = FakeSocket(OK)
    conn = connection_on(sock, cls=module.HTTPConnection)
    conn.connect()
    conn._buffer.extend([b"GET /race HTTP/1.1", b"Host: example.com"])
    conn._HTTPConnection__state = "Request-sent"
    conn.send(b"\r\n".join([*conn._buffer, b"", b""]))
    del conn._buffer[:]
    response = conn.getresponse()
    assert (response.status, response.read()) == (200, b"hi")
    assert sock.data == b"GET /race HTTP/1.1\r\nHost: example.com\r\n\r\n"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_writing_idle_abandons_a_started_request(module: ModuleType) -> None:
    conn = connection_on(FakeSocket(), cls=module.HTTPConnection)
    conn.putrequest("GET", "/first")
    with pytest.raises(http.client.CannotSendRequest) as refused:
        conn.putrequest("GET", "/second")
    assert refused.value.args == ("Request-started",)
    conn._HTTPConnection__state = "Idle"
    del conn._buffer[:]
    conn.putrequest("GET", "/second")
    assert conn._buffer[0] == b"GET /second HTTP/1.1"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_a_pending_response_blocks_getresponse_until_the_mangled_response_is_cleared(
    module: ModuleType,
) -> None:
    conn = connection_on(FakeSocket(OK, OK), cls=module.HTTPConnection)
    conn.request("GET", "/1")
    first = conn.getresponse()
    assert conn._HTTPConnection__response is first
    conn.request("GET", "/2")
    with pytest.raises(http.client.ResponseNotReady) as not_ready:
        conn.getresponse()
    assert not_ready.value.args == ("Request-sent",)
    conn._HTTPConnection__response = None
    assert conn.getresponse().status == 200


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_state_errors_carry_the_state_string(module: ModuleType) -> None:
    conn = connection_on(FakeSocket(OK), cls=module.HTTPConnection)
    with pytest.raises(http.client.ResponseNotReady) as not_ready:
        conn.getresponse()
    assert not_ready.value.args == ("Idle",)
    conn.request("GET", "/")
    with pytest.raises(http.client.CannotSendHeader):
        conn.putheader("X", "y")
    with pytest.raises(http.client.CannotSendRequest) as refused:
        conn.request("GET", "/")
    assert refused.value.args == ("Request-sent",)


# -- _http_vsn = 10 -----------------------------------------------------------------------


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_http_vsn_10_on_a_subclass_sends_an_http_10_request_without_host(
    module: ModuleType,
) -> None:
    class HTTP10Connection(module.HTTPConnection):  # type: ignore[name-defined,misc] # recipe
        _http_vsn = 10
        _http_vsn_str = "HTTP/1.0"

    sock = FakeSocket(OK)
    conn = connection_on(sock, cls=HTTP10Connection)
    conn.request("POST", "/form", body=b"a=1")
    assert sock.sent == [b"POST /form HTTP/1.0\r\nContent-Length: 3\r\n\r\n", b"a=1"]


def test_http_vsn_10_frames_a_body_of_unknown_length_as_the_header_it_sends_says() -> None:
    """docs/differences.rst: http.client sends the chunked header with a raw body."""

    class HTTP10Connection(client.HTTPConnection):
        _http_vsn = 10
        _http_vsn_str = "HTTP/1.0"

    sock = FakeSocket(OK)
    conn = connection_on(sock, cls=HTTP10Connection)
    conn.request("POST", "/", body=io.BytesIO(b"abc"))
    head, _, body = sock.data.partition(b"\r\n\r\n")
    assert head == b"POST / HTTP/1.0\r\nTransfer-Encoding: chunked"
    assert body == b"3\r\nabc\r\n0\r\n\r\n"


def test_http_vsn_is_read_at_use_not_cached_at_construction(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Recipe(client.HTTPConnection):
        pass

    sock = FakeSocket(OK)
    conn = connection_on(sock, cls=Recipe)
    monkeypatch.setattr(Recipe, "_http_vsn", 10)
    monkeypatch.setattr(Recipe, "_http_vsn_str", "HTTP/1.0")
    conn.request("GET", "/")
    assert sock.sent == [b"GET / HTTP/1.0\r\n\r\n"]


# -- urllib3 2.x request shapes ----------------------------------------------------------


def _urllib3_chunked_upload(module: ModuleType) -> FakeSocket:
    sock = FakeSocket(OK)
    conn = connection_on(sock, cls=module.HTTPConnection)
    conn.putrequest("POST", "/upload", skip_accept_encoding=True)
    conn.putheader("Transfer-Encoding", "chunked")
    conn.endheaders()
    assert len(sock.sent) == 1, "endheaders() flushes the head at once"
    for chunk in (b"hello", b" world"):
        conn.send(b"%x\r\n%b\r\n" % (len(chunk), chunk))
    conn.send(b"0\r\n\r\n")
    assert conn._HTTPConnection__state == "Request-sent"
    response = conn.getresponse()
    assert response.read() == b"hi"
    return sock


def test_urllib3_style_head_then_pre_framed_sends_goes_out_as_given() -> None:
    ours = _urllib3_chunked_upload(client)
    assert ours.sent == [
        b"POST /upload HTTP/1.1\r\nHost: example.com\r\nTransfer-Encoding: chunked\r\n\r\n",
        b"5\r\nhello\r\n",
        b"6\r\n world\r\n",
        b"0\r\n\r\n",
    ]
    assert ours.sent == _urllib3_chunked_upload(http.client).sent


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_getresponse_works_after_broken_pipe_during_the_body(module: ModuleType) -> None:
    """urllib3 swallows EPIPE on send and reads the early response (CPython test_epipe)."""
    early = b"HTTP/1.1 413 Content Too Large\r\nConnection: close\r\nContent-Length: 4\r\n\r\nbig!"
    sock = FakeSocket(early, fail_after=1)
    conn = connection_on(sock, cls=module.HTTPConnection)
    with pytest.raises(BrokenPipeError):
        conn.request("PUT", "/", body=b"x" * 100_000)
    assert conn._HTTPConnection__state == "Request-sent"
    response = conn.getresponse()
    assert (response.status, response.read()) == (413, b"big!")
    assert conn.sock is None, "Connection: close handed the socket to the response"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_getresponse_with_buffering_raises_type_error_before_touching_state(
    module: ModuleType,
) -> None:
    """urllib3 1.26 tries ``getresponse(buffering=True)`` and falls back on TypeError."""
    sock = FakeSocket(OK)
    conn = connection_on(sock, cls=module.HTTPConnection)
    conn.request("GET", "/")
    with pytest.raises(TypeError):
        conn.getresponse(buffering=True)
    assert conn._HTTPConnection__state == "Request-sent"
    assert sock.makefile_args == []
    assert conn.getresponse().read() == b"hi"


# -- the request in one piece -------------------------------------------------------------
#
# With no request hook replaced, request() builds the head in one go; these
# tests show that replacing any hook, on the class or on the instance, brings
# back every call, and that both ways put the same bytes on the wire.

_ONE_PIECE_CASES = [
    ("example.com", None, "GET", "/", None, {}),
    ("example.com:8080", None, "POST", "/p?q=1", b"abc", {"X-A": "1"}),
    ("[::1]:81", None, "PUT", "", None, {"Accept-Encoding": "gzip"}),
    ("xn--caf-dma.example", None, "DELETE", "/d", b"", {"Host": "other"}),
    ("caf\xe9.example", None, "GET", "/", None, {"Content-Length": "0"}),
    ("proxy.example:3128", ("origin.example", 443), "GET", "/t", None, {}),
    ("example.com", None, "GET", "http://example.com:81/abs", None, {}),
    ("example.com", None, "PATCH", "/", None, {b"X-Bytes": b"v", "X-Int": 5}),
    ("example.com", None, "GET", "/bad path", None, {}),
    ("example.com", None, "GET", "/", None, {"X-Bad": "a\r\nb"}),
]


def _wire(module: ModuleType, case: tuple[Any, ...], patch: str = "") -> tuple[Any, ...]:
    host, tunnel, method, url, body, headers = case
    sock = FakeSocket(b"HTTP/1.1 200 Connection established\r\n\r\n", OK)
    conn = module.HTTPConnection(host)
    conn._create_connection = lambda *args: sock
    calls: list[str] = []
    if patch:
        original = getattr(conn, patch)

        def spy(*args: Any, **kwargs: Any) -> Any:
            calls.append(patch)
            return original(*args, **kwargs)

        setattr(conn, patch, spy)
    if tunnel:
        conn.set_tunnel(*tunnel)
    try:
        conn.request(method, url, body, headers)
    except Exception as exc:  # the error is what is compared
        return type(exc), str(exc), conn._HTTPConnection__state, list(sock.sent), calls
    return None, None, conn._HTTPConnection__state, list(sock.sent), calls


@pytest.mark.parametrize("case", _ONE_PIECE_CASES, ids=range(len(_ONE_PIECE_CASES)))
def test_a_request_in_one_piece_puts_http_clients_bytes_on_the_wire(case: tuple[Any, ...]) -> None:
    ours = _wire(client, case)
    assert ours == _wire(http.client, case)
    assert ours[:4] == _wire(client, case, patch="putheader")[:4]


@pytest.mark.parametrize(
    "patch", ["putrequest", "putheader", "endheaders", "_send_output", "_output"]
)
def test_a_request_hook_patched_on_the_instance_is_called_as_in_http_client(patch: str) -> None:
    case = _ONE_PIECE_CASES[1]
    ours, stdlib = _wire(client, case, patch), _wire(http.client, case, patch)
    assert ours == stdlib
    assert ours[-1], "the patched hook was called"


@pytest.mark.parametrize(
    ("warm_up", "headers", "expected"),
    [
        (False, {"X-A": "1"}, ["Host", "Accept-Encoding", "X-A"]),
        # after a head without caller headers was made and remembered
        (True, {}, ["Host", "Accept-Encoding"]),
    ],
    ids=["fresh", "remembered-head"],
)
def test_a_request_hook_patched_on_the_class_after_creation_is_called(
    monkeypatch: pytest.MonkeyPatch, warm_up: bool, headers: dict[str, str], expected: list[str]
) -> None:
    """Instrumentation patches the class (``HTTPConnection.putheader = wrap``)."""
    seen: list[Any] = []
    original = client.HTTPConnection.putheader

    def putheader(self: Any, header: Any, *values: Any) -> None:
        seen.append(header)
        original(self, header, *values)

    conn = client.HTTPConnection("example.com")
    conn.sock = FakeSocket(OK, OK)
    if warm_up:
        conn.request("GET", "/", headers=headers)
        conn.getresponse().read()
    monkeypatch.setattr(client.HTTPConnection, "putheader", putheader)
    conn.request("GET", "/", headers=headers)
    assert seen == expected


def _functions_run(action: Callable[[], object]) -> set[str]:
    import sys

    names: set[str] = set()

    def profile(frame: Any, event: str, arg: Any) -> None:
        if event == "call":
            names.add(frame.f_code.co_name)

    sys.setprofile(profile)
    try:
        action()
    finally:
        sys.setprofile(None)
    return names


def test_a_plain_request_is_built_in_one_piece_and_a_hooked_one_is_not() -> None:
    plain = client.HTTPConnection("example.com")
    plain.sock = FakeSocket(OK)
    run = _functions_run(lambda: plain.request("POST", "/", b"x", {"X-A": "1"}))
    assert "_whole_head" in run
    assert "putrequest" not in run
    assert "putheader" not in run
    hooked = client.HTTPConnection("example.com")
    hooked.sock = FakeSocket(OK)
    hooked.putheader = hooked.putheader  # type: ignore[method-assign] # an instance patch
    run = _functions_run(lambda: hooked.request("POST", "/", b"x", {"X-A": "1"}))
    assert {"putrequest", "putheader", "endheaders"} <= run
    assert "_whole_head" not in run


@pytest.mark.parametrize("where", ["class", "instance"])
def test_a_replaced_send_gets_every_piece_of_the_request(where: str) -> None:
    """request() sends its head through send() unless send() is its own:
    a replacement on the class or the instance sees the head and the body
    as it does in http.client."""
    seen = []
    for module in MODULES:
        sent: list[bytes] = []

        class Spying(module.HTTPConnection):  # type: ignore[name-defined,misc]
            pass

        def spy(
            self: Any, data: Any, send: Any = module.HTTPConnection.send, sent: list[bytes] = sent
        ) -> None:
            sent.append(bytes(data))
            send(self, data)

        conn = (Spying if where == "class" else module.HTTPConnection)("example.com")
        if where == "class":
            Spying.send = spy
        else:
            conn.send = spy.__get__(conn)
        conn.sock = sock = FakeSocket(OK, OK)
        conn.request("GET", "/")
        conn.getresponse().read()
        conn.request("POST", "/b", b"abc")
        conn.getresponse().read()
        seen.append((sent, sock.sent))
    assert seen[0] == seen[1]
    assert seen[0][0] == seen[0][1]
    assert len(seen[0][0]) == 3


# Requests without caller headers reuse the head made for the same method,
# target, body length, version and host.  A run of requests on one
# connection, with each of those changed in turn, must send what
# http.client sends.
_HEAD_CHANGES: list[tuple[str, Any]] = [
    ("request", ("GET", "/")),
    ("request", ("GET", "/")),
    ("request", ("GET", "")),
    ("request", ("POST", "/")),
    ("request", ("POST", "/", b"abc")),
    ("request", ("POST", "/", b"xyz")),
    ("request", ("POST", "/", b"")),
    ("request", ("GET", "/", b"")),
    ("request", ("GET", "/bad path")),
    ("request", ("GET", "/bad path")),
    ("instance", ("host", "other.example")),
    ("request", ("GET", "/")),
    ("instance", ("port", 8080)),
    ("request", ("GET", "/")),
    ("class", ("default_port", 8080)),
    ("request", ("GET", "/")),
    ("instance", ("_tunnel_host", "origin.example")),
    ("instance", ("_tunnel_port", 443)),
    ("request", ("GET", "/")),
    ("instance", ("_tunnel_port", 8443)),
    ("request", ("GET", "/")),
    ("instance", ("_tunnel_host", "origin2.example")),
    ("request", ("GET", "/")),
    ("class", ("_http_vsn_str", "HTTP/1.0")),
    ("request", ("GET", "/")),
    ("class", ("_http_vsn", 10)),
    ("request", ("GET", "/")),
]


def _head_run(module: ModuleType) -> list[Any]:
    cls = type("Conn", (module.HTTPConnection,), {})
    conn = cls("example.com")
    sock = FakeSocket(*[OK] * len(_HEAD_CHANGES))
    conn.sock = sock
    seen: list[Any] = []
    for kind, change in _HEAD_CHANGES:
        if kind == "request":
            try:
                conn.request(*change)
            except Exception as exc:  # the error is what is compared
                seen.append((type(exc), str(exc)))
                conn._HTTPConnection__state = "Idle"  # abandon it, as callers do
                continue
            seen.append(sock.sent[-1])
            conn.getresponse().read()
        else:
            setattr(conn if kind == "instance" else cls, *change)
    return seen


def test_repeated_requests_send_http_clients_heads_whatever_changes_between_them() -> None:
    ours = _head_run(client)
    assert ours == _head_run(http.client)
    assert ours[0] == ours[1]  # the same head twice, the second from memory
