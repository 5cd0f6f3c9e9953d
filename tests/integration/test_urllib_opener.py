"""``httpclient_compat.urllib``: urllib.request's openers on our classes, without install().

Each test makes the same calls through ``urllib.request`` and through
``httpclient_compat.urllib`` against one loopback server, then compares
what they returned or raised and what the server (or proxy) received.
The stdlib side must return ``http.client``'s response, ours ours.
"""

from __future__ import annotations

import base64
import http.cookiejar
import os
import socket
import ssl
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

import httpclient_compat as client
import httpclient_compat.urllib as compat
from httpclient_compat._blocking.https import HTTPSConnection
from httpclient_compat._blocking.stdlib import http_client

from .servers import TIMEOUT, TLS, ConnectProxy, HTTPServerThread, Peer, RawServer, Request


@dataclass(frozen=True)
class Kit:
    """One side of a comparison: urllib.request's entry points, or ours."""

    urlopen: Callable[..., Any]
    build_opener: Callable[..., urllib.request.OpenerDirector]
    http_handler: Callable[..., urllib.request.BaseHandler]
    https_handler: Callable[..., urllib.request.BaseHandler]


STDLIB = Kit(
    urllib.request.urlopen,
    urllib.request.build_opener,
    urllib.request.HTTPHandler,
    urllib.request.HTTPSHandler,
)
OURS = Kit(compat.urlopen, compat.build_opener, compat.HTTPHandler, compat.HTTPSHandler)


@dataclass(frozen=True)
class Outcome:
    """What an open returned, or the HTTPError it raised (its response read)."""

    kind: str
    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    url: str


@pytest.fixture(autouse=True)
def _no_proxies_and_fresh_openers(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The machine's proxy settings cannot send anything off loopback, each
    test builds the default openers from this environment, and http.client
    is the stdlib's throughout (our side never swaps it)."""
    for name in list(os.environ):
        if name.lower().endswith("_proxy"):
            monkeypatch.delenv(name)
    monkeypatch.setattr(urllib.request, "_opener", None)
    monkeypatch.setattr(compat, "_opener", None)
    assert sys.modules["http.client"] is http_client, "the stdlib side must run on http.client"
    yield
    assert sys.modules["http.client"] is http_client
    assert not client.is_installed()


def _check_class(kit: Kit, response: object) -> None:
    if kit is OURS:
        assert isinstance(response, client.HTTPResponse)
        assert type(response).__module__.startswith("httpclient_compat")
    else:
        assert type(response) is http_client.HTTPResponse


def _headers(message: Any) -> tuple[tuple[str, str], ...]:
    return tuple((k, v) for k, v in message.items() if k != "Date")


def observe(kit: Kit, run: Callable[[Kit], Any]) -> Outcome:
    """Call *run(kit)* and describe the response it returns or the HTTPError it raises."""
    try:
        response = run(kit)
    except urllib.error.HTTPError as error:
        with error:
            _check_class(kit, error.fp)
            return Outcome(
                "HTTPError", error.code, error.reason, _headers(error.headers), error.read(),
                error.url,
            )  # fmt: skip
    with response:
        _check_class(kit, response)
        assert response.msg == response.reason, "urllib puts the reason in msg"
        return Outcome(
            "response", response.status, response.reason, _headers(response.headers),
            response.read(), response.url,
        )  # fmt: skip


def same_on_both(run: Callable[[Kit], Any]) -> Outcome:
    """Run *run* on the stdlib, then on ours; the outcomes must be equal."""
    stdlib = observe(STDLIB, run)
    ours = observe(OURS, run)
    assert ours == stdlib
    return ours


def _sent(records: list[Any]) -> list[tuple[Any, ...]]:
    """What the clients sent, per request, as (method, target, headers, body)."""
    return [
        (r.method, getattr(r, "path", None) or getattr(r, "target", None), r.headers, r.body)
        for r in records
    ]


def assert_halves_sent_the_same(records: list[Any]) -> None:
    sent = _sent(records)
    half = len(sent) // 2
    assert half
    assert len(sent) == 2 * half
    assert sent[half:] == sent[:half]


# -- plain HTTP ---------------------------------------------------------------------------

ROUTES = {
    "/missing": (404, [("Content-Type", "text/plain")], b"no such thing"),
    "/a": (302, [("Location", "/b")], b"to b"),
    "/b": (302, [("Location", "http://127.0.0.1:{port}/c")], b""),
    "/set": (200, [("Set-Cookie", "a=1; Path=/"), ("Set-Cookie", "b=2; Path=/")], b"set"),
}


@pytest.fixture
def server() -> Iterator[HTTPServerThread]:
    with HTTPServerThread(dict(ROUTES)) as started:
        status, headers, body = ROUTES["/b"]
        location = headers[0][1].format(port=started.port)
        started.server.routes["/b"] = (status, [("Location", location)], body)
        yield started


def test_get_through_urlopen_and_build_opener(server: HTTPServerThread) -> None:
    url = f"http://127.0.0.1:{server.port}/hello?x=1"
    outcome = same_on_both(lambda kit: kit.urlopen(url, timeout=TIMEOUT))
    assert same_on_both(lambda kit: kit.build_opener().open(url, timeout=TIMEOUT)) == outcome
    assert (outcome.kind, outcome.status, outcome.reason) == ("response", 200, "OK")
    assert (outcome.body, outcome.url) == (b"GET /hello?x=1 0", url)
    assert_halves_sent_the_same(server.records[0::2] + server.records[1::2])
    assert ("Connection", "close") in server.records[0].headers


def test_post_bytes(server: HTTPServerThread) -> None:
    url = f"http://127.0.0.1:{server.port}/form"
    outcome = same_on_both(lambda kit: kit.urlopen(url, data=b"a=1&b=2", timeout=TIMEOUT))
    assert outcome.body == b"POST /form 7"
    assert_halves_sent_the_same(server.records)
    assert ("Content-Type", "application/x-www-form-urlencoded") in server.records[0].headers


def test_post_an_iterable_of_unknown_length_is_sent_chunked(server: HTTPServerThread) -> None:
    url = f"http://127.0.0.1:{server.port}/stream"
    outcome = same_on_both(
        lambda kit: kit.urlopen(url, data=iter([b"streamed ", b"", b"data"]), timeout=TIMEOUT)
    )
    assert outcome.body == b"POST /stream 13"
    assert_halves_sent_the_same(server.records)
    assert ("Transfer-Encoding", "chunked") in server.records[0].headers
    assert server.records[0].body == b"streamed data"


def test_404_raises_the_same_http_error(server: HTTPServerThread) -> None:
    url = f"http://127.0.0.1:{server.port}/missing"
    outcome = same_on_both(lambda kit: kit.urlopen(url, timeout=TIMEOUT))
    assert (outcome.kind, outcome.status, outcome.reason) == ("HTTPError", 404, "Not Found")
    assert outcome.body == b"no such thing"
    assert ("Content-Type", "text/plain") in outcome.headers


def test_a_302_chain_is_followed(server: HTTPServerThread) -> None:
    base = f"http://127.0.0.1:{server.port}"
    outcome = same_on_both(lambda kit: kit.build_opener().open(f"{base}/a", timeout=TIMEOUT))
    assert (outcome.url, outcome.body) == (f"{base}/c", b"GET /c 0")
    assert [r.path for r in server.records] == ["/a", "/b", "/c"] * 2
    assert_halves_sent_the_same(server.records)


def test_cookies_are_stored_and_sent_back(server: HTTPServerThread) -> None:
    base = f"http://127.0.0.1:{server.port}"
    jars: list[http.cookiejar.CookieJar] = []

    def run(kit: Kit) -> Any:
        jar = http.cookiejar.CookieJar()
        jars.append(jar)
        opener = kit.build_opener(urllib.request.HTTPCookieProcessor(jar))
        with opener.open(f"{base}/set", timeout=TIMEOUT) as response:
            _check_class(kit, response)
            assert response.read() == b"set"
        return opener.open(f"{base}/check", timeout=TIMEOUT)

    assert same_on_both(run).body == b"GET /check 0"
    stdlib_jar, our_jar = jars
    assert [(c.name, c.value) for c in our_jar] == [(c.name, c.value) for c in stdlib_jar]
    assert [(c.name, c.value) for c in our_jar] == [("a", "1"), ("b", "2")]
    assert_halves_sent_the_same(server.records)
    assert ("Cookie", "a=1; b=2") in server.records[1].headers


# -- scripted servers ---------------------------------------------------------------------


def _answer(peer: Peer, status: str, headers: list[tuple[str, str]], body: bytes) -> None:
    head = "".join(f"{name}: {value}\r\n" for name, value in headers)
    peer.send(
        f"HTTP/1.1 {status}\r\n{head}Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        .encode("latin-1") + body
    )  # fmt: skip


@dataclass
class BasicAuthServer:
    """Answers 401 unless the request carries user:secret, recording each request."""

    requests: list[Request] = field(default_factory=list)

    def __call__(self, peer: Peer, server: RawServer) -> None:
        request = peer.read_request()
        if request is None:
            return
        self.requests.append(request)
        if request.header("Authorization") == "Basic " + base64.b64encode(b"user:secret").decode():
            _answer(peer, "200 OK", [], b"welcome to " + request.target.encode())
        else:
            _answer(peer, "401 Unauthorized", [("WWW-Authenticate", 'Basic realm="r"')], b"who?")


@pytest.mark.parametrize(("password", "status"), [("secret", 200), ("wrong", 401)])
def test_basic_auth_answers_a_401_with_credentials(password: str, status: int) -> None:
    auth = BasicAuthServer()
    with RawServer(auth) as server:
        url = f"http://127.0.0.1:{server.port}/private"

        def run(kit: Kit) -> Any:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            passwords.add_password(None, url, "user", password)
            opener = kit.build_opener(urllib.request.HTTPBasicAuthHandler(passwords))
            return opener.open(url, timeout=TIMEOUT)

        outcome = same_on_both(run)
    assert outcome.status == status
    assert outcome.body == (b"welcome to /private" if status == 200 else b"who?")
    assert [r.header("Authorization") is None for r in auth.requests] == [True, False] * 2
    assert_halves_sent_the_same(auth.requests)


@dataclass
class ForwardProxy:
    """A forward proxy: records each absolute-form request and relays it to
    its origin, which must be on 127.0.0.1."""

    requests: list[Request] = field(default_factory=list)

    def __call__(self, peer: Peer, server: RawServer) -> None:
        request = peer.read_request()
        if request is None:
            return
        self.requests.append(request)
        target = urllib.parse.urlsplit(request.target)
        assert (target.scheme, target.hostname, request.body) == ("http", "127.0.0.1", b"")
        head = request.head.split(b"\r\n", 1)[1]
        line = f"{request.method} {target.path or '/'} HTTP/1.1\r\n".encode()
        with socket.create_connection(("127.0.0.1", target.port or 80), TIMEOUT) as upstream:
            upstream.sendall(line + head)
            while data := upstream.recv(65536):
                peer.send(data)


def test_an_http_proxy_gets_the_absolute_form(server: HTTPServerThread) -> None:
    proxy = ForwardProxy()
    with RawServer(proxy) as proxy_server:
        url = f"http://127.0.0.1:{server.port}/via-proxy"
        handler = f"http://user:pw@127.0.0.1:{proxy_server.port}"

        def run(kit: Kit) -> Any:
            opener = kit.build_opener(urllib.request.ProxyHandler({"http": handler}))
            return opener.open(url, timeout=TIMEOUT)

        outcome = same_on_both(run)
    assert outcome.body == b"GET /via-proxy 0"
    lines = [(r.method, r.target, r.version) for r in proxy.requests]
    assert lines == [("GET", url, "HTTP/1.1")] * 2
    assert proxy.requests[0].header("Proxy-Authorization") == "Basic dXNlcjpwdw=="
    assert_halves_sent_the_same(proxy.requests)
    assert_halves_sent_the_same(server.records)


def test_a_request_through_the_environments_proxy(
    server: HTTPServerThread, monkeypatch: pytest.MonkeyPatch
) -> None:
    proxy = ForwardProxy()
    with RawServer(proxy) as proxy_server:
        monkeypatch.setenv("http_proxy", f"http://127.0.0.1:{proxy_server.port}")
        url = f"http://127.0.0.1:{server.port}/env"
        assert same_on_both(lambda kit: kit.urlopen(url, timeout=TIMEOUT)).body == b"GET /env 0"
    assert [r.target for r in proxy.requests] == [url, url]


# -- timeouts -----------------------------------------------------------------------------


def _never_answer(peer: Peer, server: RawServer) -> None:
    peer.read_request()
    server.stopped.wait(TIMEOUT)


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_timeout_is_honoured(scheme: str, tls: TLS) -> None:
    """Unanswered: a request (getresponse() raises the timeout itself) and a
    CONNECT (raised while sending, so urllib wraps it in URLError)."""
    raised: list[tuple[type[BaseException], type[object]]] = []
    with RawServer(_never_answer) as server:
        url = f"{scheme}://127.0.0.1:{server.port}/never"
        proxies = {"https": f"http://127.0.0.1:{server.port}"}
        for kit in (STDLIB, OURS):
            handlers = [
                urllib.request.ProxyHandler(proxies),
                kit.https_handler(context=tls.client_context),
            ]
            opener = kit.build_opener(*handlers)
            started = time.monotonic()
            with pytest.raises((urllib.error.URLError, OSError)) as info:
                opener.open(url, timeout=0.5)
            assert time.monotonic() - started < 2.0
            raised.append((type(info.value), type(getattr(info.value, "reason", None))))
    assert raised[1] == raised[0]
    if scheme == "http":
        assert raised[0] == (socket.timeout, type(None))
    else:
        assert raised[0] == (urllib.error.URLError, socket.timeout)


# -- HTTPS --------------------------------------------------------------------------------


def _serve_tls(peer: Peer, server: RawServer) -> None:
    assert isinstance(peer.sock, ssl.SSLSocket)
    while (request := peer.read_request()) is not None:
        _answer(peer, "200 OK", [("Content-Type", "text/plain")], b"tls " + request.target.encode())


def test_https_with_a_context(tls: TLS) -> None:
    with RawServer(_serve_tls, tls=tls.server_context) as server:
        url = f"https://127.0.0.1:{server.port}/secure"
        context = tls.client_context
        outcome = same_on_both(lambda kit: kit.urlopen(url, timeout=TIMEOUT, context=context))
        assert outcome.body == b"tls /secure"

        def run(kit: Kit) -> Any:
            return kit.build_opener(kit.https_handler(context=context)).open(url, timeout=TIMEOUT)

        assert same_on_both(run) == outcome
    assert server.connections == 4
    assert not server.handshake_errors


def test_https_without_trust_fails_verification_as_the_stdlib(tls: TLS) -> None:
    reasons = []
    with RawServer(_serve_tls, tls=tls.server_context) as server:
        for kit in (STDLIB, OURS):
            with pytest.raises(urllib.error.URLError) as info:
                kit.urlopen(f"https://127.0.0.1:{server.port}/", timeout=TIMEOUT)
            assert isinstance(info.value.reason, ssl.SSLCertVerificationError)
            reasons.append((info.value.reason.verify_code, info.value.reason.verify_message))
    assert reasons[1] == reasons[0]
    assert server.connections == 0


def test_https_through_a_connect_proxy(tls: TLS) -> None:
    proxy = ConnectProxy()
    with RawServer(_serve_tls, tls=tls.server_context) as origin, RawServer(proxy) as proxy_server:
        url = f"https://127.0.0.1:{origin.port}/tunnelled"
        proxies = {"https": f"http://127.0.0.1:{proxy_server.port}"}

        def run(kit: Kit) -> Any:
            opener = kit.build_opener(
                urllib.request.ProxyHandler(proxies), kit.https_handler(context=tls.client_context)
            )
            return opener.open(url, timeout=TIMEOUT)

        assert same_on_both(run).body == b"tls /tunnelled"
    connects = [(r.method, r.target) for r in proxy.requests]
    assert connects == [("CONNECT", f"127.0.0.1:{origin.port}")] * 2
    assert_halves_sent_the_same(proxy.requests)
    assert proxy_server.connections == origin.connections == 2


# -- the opener and its handlers ----------------------------------------------------------


def _handlers(opener: urllib.request.OpenerDirector) -> list[urllib.request.BaseHandler]:
    return list(opener.handlers)  # type: ignore[attr-defined] # not in the stubs


def test_build_opener_puts_ours_in_place_of_the_stdlibs_defaults() -> None:
    opener = compat.build_opener()
    kinds = [type(h) for h in _handlers(opener)]
    assert compat.HTTPHandler in kinds
    assert compat.HTTPSHandler in kinds
    assert urllib.request.HTTPHandler not in kinds
    assert urllib.request.HTTPSHandler not in kinds
    assert len(kinds) == len(_handlers(urllib.request.build_opener()))


class RecordingHandler(urllib.request.HTTPHandler):
    """A caller's own HTTP handler, on the stdlib's connection class."""

    opened: list[str] = []  # noqa: RUF012 - shared by the instances build_opener makes

    def http_open(self, req: urllib.request.Request) -> http_client.HTTPResponse:
        self.opened.append(req.full_url)
        return super().http_open(req)


@pytest.mark.parametrize("given", [RecordingHandler, RecordingHandler()], ids=["class", "instance"])
def test_build_opener_keeps_a_callers_http_handler(
    server: HTTPServerThread, given: type[RecordingHandler] | RecordingHandler
) -> None:
    RecordingHandler.opened.clear()
    opener = compat.build_opener(given)
    kinds = [type(h) for h in _handlers(opener)]
    assert RecordingHandler in kinds
    assert compat.HTTPHandler not in kinds
    assert compat.HTTPSHandler in kinds, "the other default is still ours"
    url = f"http://127.0.0.1:{server.port}/mine"
    with opener.open(url, timeout=TIMEOUT) as response:
        assert type(response) is http_client.HTTPResponse
        assert response.read() == b"GET /mine 0"
    assert RecordingHandler.opened == [url]


def test_build_opener_keeps_a_callers_https_handler(tls: TLS) -> None:
    given = compat.HTTPSHandler(context=tls.client_context)
    stdlib_given = urllib.request.HTTPSHandler(context=tls.client_context)
    assert [h for h in _handlers(compat.build_opener(given)) if hasattr(h, "https_open")] == [given]
    opener = compat.build_opener(stdlib_given)
    assert [h for h in _handlers(opener) if hasattr(h, "https_open")] == [stdlib_given]


def test_handler_defaults_come_from_our_classes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(client.HTTPConnection, "debuglevel", 2)
    assert compat.HTTPHandler()._debuglevel == 2  # type: ignore[attr-defined]
    assert compat.HTTPSHandler()._debuglevel == 2  # type: ignore[attr-defined]
    assert compat.HTTPHandler(0)._debuglevel == 0  # type: ignore[attr-defined]
    made = ssl.create_default_context()
    monkeypatch.setattr(HTTPSConnection, "_create_https_context", staticmethod(lambda v: made))
    handler = compat.HTTPSHandler(check_hostname=True)
    if sys.version_info >= (3, 12):  # the handler makes the context, as urllib.request's
        assert handler._context is made  # type: ignore[attr-defined]
    else:  # each connection makes its own, as with urllib.request's
        assert handler._context is None  # type: ignore[attr-defined]
        assert handler._check_hostname is True  # type: ignore[attr-defined]


def test_debuglevel_reaches_the_connection(
    server: HTTPServerThread, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"http://127.0.0.1:{server.port}/debug"
    printed = []
    for kit in (STDLIB, OURS):
        with kit.build_opener(kit.http_handler(debuglevel=1)).open(url, timeout=TIMEOUT) as r:
            assert r.read() == b"GET /debug 0"
        lines = capsys.readouterr().out.splitlines()
        printed.append([line for line in lines if not line.startswith("header: Date:")])
    assert printed[1] == printed[0]
    assert printed[0][0].startswith("send: b'GET /debug HTTP/1.1")


def test_urlopen_makes_its_default_opener_once(server: HTTPServerThread) -> None:
    barrier = threading.Barrier(8)
    made: list[urllib.request.OpenerDirector] = []

    def first_use() -> None:
        barrier.wait(TIMEOUT)
        made.append(compat._default_opener())

    threads = [threading.Thread(target=first_use) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    assert len(made) == 8
    assert all(opener is made[0] for opener in made)
    with compat.urlopen(f"http://127.0.0.1:{server.port}/", timeout=TIMEOUT) as response:
        response.read()
    assert compat._opener is made[0]


def test_importing_the_package_does_not_import_urllib_request() -> None:
    code = "import sys, httpclient_compat; print('urllib.request' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=True
    )
    assert result.stdout.strip() == "False"
