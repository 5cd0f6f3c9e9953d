"""``urllib.request`` on our classes through ``AbstractHTTPHandler.do_open``."""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request

import pytest

import httpclient_compat as client

from .servers import TIMEOUT, HTTPServerThread, Peer, RawServer, make_tls


class CompatHTTPHandler(urllib.request.HTTPHandler):
    """The T1 recipe: a handler that opens with httpclient_compat's class."""

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(client.HTTPConnection, req)


class CompatHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(client.HTTPSConnection, req, context=self._context)  # type: ignore[attr-defined] # the stdlib keeps it there


def _opener(*handlers: urllib.request.BaseHandler) -> urllib.request.OpenerDirector:
    # An empty ProxyHandler: proxy settings from the environment must not
    # send these requests anywhere but 127.0.0.1.
    return urllib.request.build_opener(urllib.request.ProxyHandler({}), *handlers)


ROUTES = {
    "/redirect": (302, [("Location", "/target")], b""),
    "/missing": (404, [("Content-Type", "text/plain")], b"no such thing"),
    "/cookies": (200, [("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")], b"two cookies"),
}


def test_urlopen_through_a_do_open_handler_gets_our_response() -> None:
    with HTTPServerThread(ROUTES) as server:
        opener = _opener(CompatHTTPHandler())
        with opener.open(f"http://127.0.0.1:{server.port}/hello?x=1", timeout=TIMEOUT) as response:
            assert isinstance(response, client.HTTPResponse)
            assert response.read() == b"GET /hello?x=1 0"
            assert response.status == response.code == 200
            assert response.geturl() == f"http://127.0.0.1:{server.port}/hello?x=1"
            assert response.msg == "OK", "urllib overwrites msg with the reason"
            assert isinstance(response.info(), http.client.HTTPMessage)
    (record,) = server.records
    assert ("Connection", "close") in record.headers
    assert ("Host", f"127.0.0.1:{server.port}") in record.headers


def test_urlopen_posts_data_of_known_and_unknown_length() -> None:
    with HTTPServerThread() as server:
        opener = _opener(CompatHTTPHandler())
        url = f"http://127.0.0.1:{server.port}"
        with opener.open(f"{url}/known", data=b"a=1&b=2", timeout=TIMEOUT) as response:
            assert response.read() == b"POST /known 7"
        chunks = iter([b"streamed ", b"", b"data"])
        with opener.open(f"{url}/unknown", data=chunks, timeout=TIMEOUT) as response:
            assert response.read() == b"POST /unknown 13"
    known, unknown = server.records
    assert ("Content-Length", "7") in known.headers
    assert ("Content-Type", "application/x-www-form-urlencoded") in known.headers
    assert unknown.body == b"streamed data"
    assert ("Transfer-Encoding", "chunked") in unknown.headers


def test_urlopen_follows_redirects_and_raises_http_error_for_404() -> None:
    with HTTPServerThread(ROUTES) as server:
        opener = _opener(CompatHTTPHandler())
        url = f"http://127.0.0.1:{server.port}"
        with opener.open(f"{url}/redirect", timeout=TIMEOUT) as response:
            assert response.geturl() == f"{url}/target"
            assert response.read() == b"GET /target 0"
        with pytest.raises(urllib.error.HTTPError) as raised:
            opener.open(f"{url}/missing", timeout=TIMEOUT)
        with raised.value as error:
            assert error.code == 404
            assert error.headers["Content-Type"] == "text/plain"
            assert error.read() == b"no such thing"


def test_cookiejar_reads_every_set_cookie_from_our_message() -> None:
    import http.cookiejar

    jar = http.cookiejar.CookieJar()
    with HTTPServerThread(ROUTES) as server:
        opener = _opener(CompatHTTPHandler(), urllib.request.HTTPCookieProcessor(jar))
        with opener.open(f"http://127.0.0.1:{server.port}/cookies", timeout=TIMEOUT) as response:
            assert response.read() == b"two cookies"
    assert sorted(cookie.name for cookie in jar) == ["a", "b"]


def _serve_tls(peer: Peer, server: RawServer) -> None:
    request = peer.read_request()
    assert request is not None
    body = b"tls " + request.target.encode()
    peer.send(
        b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body)
    )


def test_urlopen_over_https_with_a_context_through_a_do_open_handler() -> None:
    tls = make_tls()
    with RawServer(_serve_tls, tls=tls.server_context) as server:
        opener = _opener(CompatHTTPSHandler(context=tls.client_context))
        with opener.open(f"https://127.0.0.1:{server.port}/s", timeout=TIMEOUT) as response:
            assert isinstance(response, client.HTTPResponse)
            assert response.read() == b"tls /s"
    assert server.connections == 1
