"""Real HTTP libraries written against ``http.client``, run on one engine.

Run as a script by ``test_libraries.py``, in a fresh interpreter:

    python library_client.py ENGINE HTTP_BASE HTTPS_BASE CA_PEM PROXY

ENGINE is ``stdlib`` or ``ours``.  With ``ours``, the stdlib module's
``HTTPConnection``, ``HTTPSConnection`` and ``HTTPResponse`` are bound to
httpclient_compat's classes before urllib3, requests, httplib2 and
botocore are imported, so the classes those libraries derive from
http.client's (their connections, httplib2's HTTPS connection) are based
on ours, and every response they read is one of ours; urllib.request and
xmlrpc.client look the classes up at call time.  The same scenarios then run against the
test's loopback servers, and what each library returned or raised is
printed as one JSON object, for the test to compare the two engines.
"""

from __future__ import annotations

import hashlib
import http.client
import io
import json
import re
import ssl
import sys
import urllib.error
import urllib.request
import xmlrpc.client
from collections.abc import Callable, Iterator
from typing import Any

ENGINE, BASE, TLS_BASE, CA_PEM, PROXY = sys.argv[1:6]

if ENGINE == "ours":
    import httpclient_compat

    for _name in ("HTTPConnection", "HTTPSConnection", "HTTPResponse"):
        setattr(http.client, _name, getattr(httpclient_compat, _name))

import botocore  # noqa: E402 - after the classes are bound
import botocore.config  # noqa: E402
import botocore.exceptions  # noqa: E402
import botocore.session  # noqa: E402
import httplib2  # noqa: E402
import requests  # noqa: E402
import urllib3  # noqa: E402
import urllib3.filepost  # noqa: E402

# The same multipart boundary in both runs (urllib3's, which requests uses).
urllib3.filepost.choose_boundary = lambda: "boundary-of-the-test"

#: Scenario name -> what it returned (JSON-able) or the error it raised.
Scenario = Callable[[], Any]
SCENARIOS: dict[str, Scenario] = {}


def scenario(function: Scenario) -> Scenario:
    SCENARIOS[function.__name__] = function
    return function


def _digest(data: bytes) -> str:
    """A body, short: its length and hash."""
    return f"{len(data)}:{hashlib.sha256(data).hexdigest()[:16]}"


def _error(exc: BaseException) -> dict[str, Any]:
    """An exception as the caller sees it: its type, message and causes,
    object addresses removed."""
    chain: list[str] = []
    seen: BaseException | None = exc
    while seen is not None and len(chain) < 5:
        chain.append(f"{type(seen).__module__}.{type(seen).__qualname__}")
        seen = seen.__cause__ or seen.__context__
    return {"error": chain, "message": re.sub(r"0x[0-9a-f]+", "0x", str(exc))}


def _engine_of(cls: type) -> str:
    """The top-level package that defines *cls*: "http" or "httpclient_compat"."""
    return cls.__module__.split(".")[0]


# -- urllib3 ------------------------------------------------------------------------------


def _pool(**kwargs: Any) -> urllib3.PoolManager:
    kwargs.setdefault("timeout", 5.0)
    return urllib3.PoolManager(retries=False, **kwargs)


def _urllib3_result(response: urllib3.BaseHTTPResponse) -> dict[str, Any]:
    return {
        "status": response.status,
        "reason": response.reason,
        "version": response.version,
        "headers": list(response.headers.items()),
        "data": _digest(response.data),
    }


@scenario
def urllib3_keep_alive() -> Any:
    pool = _pool()
    results = [_urllib3_result(pool.request("GET", f"{BASE}/plain?n={n}")) for n in range(3)]
    connection_pool = pool.connection_from_url(BASE)
    return {"results": results, "connections": connection_pool.num_connections}


@scenario
def urllib3_engine() -> Any:
    response = _pool().request("GET", f"{BASE}/plain")
    return _engine_of(type(response._original_response))  # type: ignore[attr-defined]


@scenario
def urllib3_streaming() -> Any:
    pool = _pool()
    response = pool.request("GET", f"{BASE}/plain", preload_content=False)
    pieces = [response.read(5), response.read(7), response.read()]
    response.release_conn()
    chunked = pool.request("GET", f"{BASE}/chunked", preload_content=False)
    chunks = list(chunked.read_chunked())
    chunked.release_conn()
    streamed = pool.request("GET", f"{BASE}/chunked", preload_content=False)
    parts = list(streamed.stream(100))
    streamed.release_conn()
    again = pool.request("GET", f"{BASE}/plain")
    return {
        "pieces": pieces,
        "chunks": [_digest(chunk) for chunk in chunks],
        "stream": [len(part) for part in parts],
        "after": _urllib3_result(again),
        "connections": pool.connection_from_url(BASE).num_connections,
    }


@scenario
def urllib3_bodies() -> Any:
    pool = _pool()
    sent = [
        pool.request("POST", f"{BASE}/plain", body=b"x" * 100_000),
        pool.request("POST", f"{BASE}/plain", body=[b"ab", b"", b"cde"], chunked=True),
        pool.request("PUT", f"{BASE}/plain", body=io.BytesIO(b"file body" * 1000)),
        pool.request("POST", f"{BASE}/plain", fields={"a": "1", "b": "two"}),
        pool.request("PATCH", f"{BASE}/plain", json={"k": [1, 2]}),
    ]
    return [_urllib3_result(response) for response in sent]


@scenario
def urllib3_heads_and_redirects() -> Any:
    pool = urllib3.PoolManager(timeout=5.0)  # with its default retries, which redirect
    head = pool.request("HEAD", f"{BASE}/plain")
    redirected = pool.request("GET", f"{BASE}/redirect")
    many = pool.request("GET", f"{BASE}/many")
    return {
        "head": _urllib3_result(head),
        "redirected": _urllib3_result(redirected),
        "history": [str(step) for step in redirected.retries.history],  # type: ignore[union-attr]
        "cookies": many.headers.getlist("Set-Cookie"),
        "many": _urllib3_result(many),
        "gzip": _urllib3_result(pool.request("GET", f"{BASE}/gzip")),
        "not found": _urllib3_result(pool.request("GET", f"{BASE}/missing")),
    }


@scenario
def urllib3_closing() -> Any:
    pool = _pool()
    results = []
    for path in ("/close", "/plain", "/until-close", "/plain"):
        results.append(_urllib3_result(pool.request("GET", f"{BASE}{path}")))
    return results


@scenario
def urllib3_short_body() -> Any:
    return _urllib3_result(_pool().request("GET", f"{BASE}/short"))


@scenario
def urllib3_bad_chunk() -> Any:
    response = _pool().request("GET", f"{BASE}/bad-chunk", preload_content=False)
    return [_digest(chunk) for chunk in response.read_chunked()]


@scenario
def urllib3_big_bodies() -> Any:
    pool = _pool()
    whole = pool.request("GET", f"{BASE}/big")
    streamed = pool.request("GET", f"{BASE}/big-chunked", preload_content=False)
    pieces = [_digest(piece) for piece in streamed.stream(300_000)]
    streamed.release_conn()
    into = pool.request("GET", f"{BASE}/big", preload_content=False)
    buffer = bytearray(100_000)
    sizes = []
    while size := into.readinto(buffer):
        sizes.append(size)
    return {"whole": _urllib3_result(whole), "pieces": pieces, "readinto": sizes}


@scenario
def urllib3_read_timeout() -> Any:
    return _urllib3_result(_pool(timeout=0.2).request("GET", f"{BASE}/slow"))


@scenario
def urllib3_tls() -> Any:
    pool = _pool(ca_certs=CA_PEM)
    return [_urllib3_result(pool.request("GET", f"{TLS_BASE}/plain?n={n}")) for n in range(2)]


@scenario
def urllib3_tunnel() -> Any:
    """HTTPS through a CONNECT proxy: urllib3's set_tunnel and _tunnel."""
    pool = urllib3.ProxyManager(PROXY, ca_certs=CA_PEM, retries=False, timeout=5.0)
    return [_urllib3_result(pool.request("GET", f"{TLS_BASE}/plain?n={n}")) for n in range(2)]


# -- requests -----------------------------------------------------------------------------


def _session() -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # no proxy or netrc from the environment
    return session


def _requests_result(response: requests.Response) -> dict[str, Any]:
    return {
        "status": response.status_code,
        "reason": response.reason,
        "url": response.url,
        "history": [step.status_code for step in response.history],
        "headers": list(response.headers.items()),
        "content": _digest(response.content),
    }


@scenario
def requests_engine() -> Any:
    response = _session().get(f"{BASE}/plain", timeout=5)
    return _engine_of(type(response.raw._original_response))


@scenario
def requests_session() -> Any:
    session = _session()
    return [
        _requests_result(session.get(f"{BASE}/plain", params={"q": "a b"}, timeout=5)),
        _requests_result(session.get(f"{BASE}/redirect", timeout=5)),
        _requests_result(session.get(f"{BASE}/gzip", timeout=5)),
        _requests_result(session.get(f"{BASE}/many", timeout=5)),
        sorted(session.cookies.items()),
        _requests_result(session.head(f"{BASE}/plain", timeout=5)),
    ]


@scenario
def requests_uploads() -> Any:
    session = _session()

    def generated() -> Iterator[bytes]:
        yield b"first,"
        yield b"second"

    return [
        _requests_result(session.post(f"{BASE}/plain", data={"a": "1"}, timeout=5)),
        _requests_result(session.post(f"{BASE}/plain", json={"k": "v"}, timeout=5)),
        _requests_result(session.post(f"{BASE}/plain", data=generated(), timeout=5)),
        _requests_result(session.put(f"{BASE}/plain", data=io.BytesIO(b"y" * 20_000), timeout=5)),
        _requests_result(session.post(f"{BASE}/plain", files={"f": ("a.txt", b"file")}, timeout=5)),
    ]


@scenario
def requests_streaming() -> Any:
    session = _session()
    lines = session.get(f"{BASE}/lines", stream=True, timeout=5)
    chunks = session.get(f"{BASE}/chunked", stream=True, timeout=5)
    return {
        "lines": list(lines.iter_lines()),
        "chunks": [len(chunk) for chunk in chunks.iter_content(333)],
        "after": _requests_result(session.get(f"{BASE}/plain", timeout=5)),
    }


@scenario
def requests_big_body() -> Any:
    response = _session().get(f"{BASE}/big-chunked", stream=True, timeout=5)
    return [len(piece) for piece in response.iter_content(200_000)]


@scenario
def requests_short_body() -> Any:
    return _requests_result(_session().get(f"{BASE}/short", timeout=5))


@scenario
def requests_tls() -> Any:
    return _requests_result(_session().get(f"{TLS_BASE}/plain", verify=CA_PEM, timeout=5))


@scenario
def requests_tunnel() -> Any:
    response = _session().get(
        f"{TLS_BASE}/chunked", proxies={"https": PROXY}, verify=CA_PEM, timeout=5
    )
    return _requests_result(response)


# -- httplib2 -----------------------------------------------------------------------------


def _http(**kwargs: Any) -> httplib2.Http:
    kwargs.setdefault("timeout", 5)
    return httplib2.Http(proxy_info=None, **kwargs)


def _httplib2_result(answer: tuple[httplib2.Response, bytes]) -> dict[str, Any]:
    response, content = answer
    return {
        "status": response.status,
        "reason": response.reason,
        "fields": sorted(response.items()),
        "content": _digest(content),
    }


@scenario
def httplib2_engine() -> Any:
    """The modules of the classes httplib2 connects with, http.client's and ours."""
    classes = httplib2.SCHEME_TO_CONNECTION.values()
    modules = {_engine_of(base) for cls in classes for base in cls.__mro__}
    return sorted(modules - {"builtins", "httplib2"})


@scenario
def httplib2_requests() -> Any:
    http = _http()
    return [
        _httplib2_result(http.request(f"{BASE}/plain")),
        _httplib2_result(http.request(f"{BASE}/plain", "POST", body="form=1")),
        _httplib2_result(http.request(f"{BASE}/plain", "HEAD")),
        _httplib2_result(http.request(f"{BASE}/redirect")),
        _httplib2_result(http.request(f"{BASE}/gzip")),
        _httplib2_result(http.request(f"{BASE}/chunked")),
        _httplib2_result(http.request(f"{BASE}/close")),
        _httplib2_result(http.request(f"{BASE}/many")),
        _httplib2_result(http.request(f"{BASE}/big-chunked")),
    ]


@scenario
def httplib2_short_body() -> Any:
    return _httplib2_result(_http().request(f"{BASE}/short"))


@scenario
def httplib2_read_timeout() -> Any:
    return _httplib2_result(_http(timeout=0.2).request(f"{BASE}/slow"))


@scenario
def httplib2_tls() -> Any:
    http = _http(ca_certs=CA_PEM)
    return [_httplib2_result(http.request(f"{TLS_BASE}/plain?n={n}")) for n in range(2)]


# -- botocore -----------------------------------------------------------------------------
#
# botocore's AWSConnection overrides _send_request, _send_output and send to
# hold a body back until the server answers "100 Continue", and its
# AWSHTTPResponse replays through _read_status a status line it consumed.


def _s3() -> Any:
    config = botocore.config.Config(
        signature_version=botocore.UNSIGNED,  # no dates or signatures in the bytes sent
        s3={"addressing_style": "path"},
        retries={"total_max_attempts": 1},
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
        connect_timeout=5,
        read_timeout=5,
    )
    session = botocore.session.get_session()
    return session.create_client("s3", region_name="us-east-1", endpoint_url=BASE, config=config)


def _metadata(answer: dict[str, Any]) -> dict[str, Any]:
    """An answer without its streaming body, which is read apart."""
    return {key: value for key, value in answer.items() if key != "Body"}


@scenario
def botocore_uploads() -> Any:
    s3 = _s3()
    return [
        # A file-like body goes with "Expect: 100-continue".
        _metadata(s3.put_object(Bucket="bucket", Key="file", Body=io.BytesIO(b"file" * 5000))),
        _metadata(s3.put_object(Bucket="bucket", Key="bytes", Body=b"some bytes")),
        _metadata(s3.put_object(Bucket="bucket", Key="empty", Body=io.BytesIO(b""))),
    ]


@scenario
def botocore_upload_refused_before_the_body() -> Any:
    s3 = _s3()
    try:
        s3.put_object(Bucket="bucket", Key="denied", Body=io.BytesIO(b"secret" * 1000))
    except botocore.exceptions.ClientError as exc:
        refused: Any = [exc.response["Error"], exc.response["ResponseMetadata"]]
    else:
        refused = "no error"
    # The connection was closed by the refusal; the next request opens another.
    return [refused, _metadata(s3.head_object(Bucket="bucket", Key="file"))]


@scenario
def botocore_downloads() -> Any:
    s3 = _s3()
    whole = s3.get_object(Bucket="bucket", Key="file")
    chunked = s3.get_object(Bucket="bucket", Key="chunked")
    pieces = [_digest(piece) for piece in chunked["Body"].iter_chunks(1000)]
    listed = s3.list_objects_v2(Bucket="bucket")
    return {
        "whole": [_metadata(whole), _digest(whole["Body"].read())],
        "chunked": [_metadata(chunked), pieces],
        "listed": listed,
        "head": _metadata(s3.head_object(Bucket="bucket", Key="file")),
    }


@scenario
def botocore_missing_key() -> Any:
    try:
        _s3().get_object(Bucket="bucket", Key="missing")
    except botocore.exceptions.ClientError as exc:
        return [str(exc), exc.response]
    return "no error"


# -- the stdlib's own clients: urllib.request and xmlrpc.client -------------------------
#
# Both look http.client's classes up at call time, so they run on ours too.


def _opener(proxies: dict[str, str] | None = None) -> urllib.request.OpenerDirector:
    """An opener using *proxies* only (none from the environment), and
    trusting the test CA."""
    context = ssl.create_default_context(cafile=CA_PEM)
    return urllib.request.build_opener(
        urllib.request.ProxyHandler(proxies or {}), urllib.request.HTTPSHandler(context=context)
    )


@scenario
def urllib_engine() -> Any:
    with _opener().open(f"{BASE}/plain", timeout=5) as response:
        return _engine_of(type(response))


@scenario
def urllib_requests() -> Any:
    opener = _opener()
    results = []
    for path, data in (("/plain", None), ("/plain", b"posted"), ("/redirect", None)):
        with opener.open(f"{BASE}{path}", data=data, timeout=5) as response:
            results.append(
                [response.status, response.geturl(), response.getheaders(), response.read()]
            )
    with opener.open(f"{BASE}/lines", timeout=5) as response:
        results.append(list(response))
    try:
        opener.open(f"{BASE}/missing", timeout=5)
    except urllib.error.HTTPError as exc:
        results.append([exc.code, exc.reason, exc.read()])
        exc.close()
    return results


@scenario
def urllib_tls() -> Any:
    with _opener().open(f"{TLS_BASE}/chunked", timeout=5) as response:
        return [response.status, response.getheaders(), _digest(response.read())]


@scenario
def urllib_tunnel() -> Any:
    """HTTPS through a CONNECT proxy: urllib's set_tunnel on HTTPSConnection."""
    with _opener({"https": PROXY}).open(f"{TLS_BASE}/plain", timeout=5) as response:
        return [response.status, response.getheaders(), response.read()]


@scenario
def xmlrpc_engine() -> Any:
    transport = xmlrpc.client.Transport()
    xmlrpc.client.ServerProxy(f"{BASE}/RPC2", transport=transport).add(2, 3)
    return _engine_of(type(transport._connection[1]))


@scenario
def xmlrpc_calls() -> Any:
    proxy = xmlrpc.client.ServerProxy(f"{BASE}/RPC2")
    results: list[Any] = [proxy.add(2, 3), proxy.add(40, 2)]  # one kept-alive connection
    try:
        proxy.fail()
    except xmlrpc.client.Fault as fault:
        results.append([fault.faultCode, fault.faultString])
    return results


def main() -> None:
    results: dict[str, Any] = {}
    for name, run in SCENARIOS.items():
        try:
            results[name] = run()
        except Exception as exc:  # what the library raised is the result
            results[name] = _error(exc)
    json.dump(results, sys.stdout, default=repr, indent=1)


if __name__ == "__main__":
    main()
