"""Libraries built on http.client, run on our classes: the stdlib's results.

urllib3, requests, httplib2 and botocore derive their connection classes
from ``http.client``'s and read every response through
``http.client.HTTPResponse`` (urllib3 through ``fp``, ``_safe_read`` and
``_fp.fp.readline`` for chunked streaming; httplib2's HTTPS connection
through ``HTTPSConnection``). botocore holds a body back until "100
Continue" through ``_send_request``, ``_send_output`` and ``send``, and
replays a status line through ``_read_status``. ``library_client.py`` runs
the same scenarios twice in fresh interpreters, once on the stdlib and once
with http.client's classes bound to ours before the libraries are imported,
against one pair of loopback servers (plain and TLS). What the libraries
returned or raised, and every byte the servers received, must be the same.
urllib.request's default handlers and xmlrpc.client, which look the classes
up at call time, run the same way.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import re
import subprocess
import sys
import threading
import time
import xmlrpc.client
from pathlib import Path
from typing import Any

import pytest

from ..conformance.corpus import OK, TE, chunked, response
from .servers import TLS, ConnectProxy, Peer, RawServer, Request

pytest.importorskip("urllib3")
pytest.importorskip("requests")
pytest.importorskip("httplib2")
pytest.importorskip("botocore")

CLIENT = Path(__file__).with_name("library_client.py")
ROOT = Path(__file__).resolve().parents[2]

_GZIPPED = gzip.compress(b"compressed text, " * 500, mtime=0)
_BIG = bytes(range(256)) * 4096  # 1 MiB
#: How long /slow waits before it answers: longer than the clients' read timeout.
_SLOW = 0.6
_CHUNKS = [b"alpha-" * 40, b"beta-" * 90, b"g", b"delta" * 300]
_NOT_FOUND = "HTTP/1.1 404 Not Found"


def _length(body: bytes) -> str:
    return f"Content-Length: {len(body)}"


def _echo(request: Request) -> bytes:
    """What the request was, as its body: method, target, framing, body digest."""
    framing = request.header("Transfer-Encoding") or request.header("Content-Length")
    return f"{request.method} {request.target} {framing} {len(request.body)}".encode()


#: By target path: the response bytes, and whether the connection closes after.
def _answer(request: Request) -> tuple[bytes, bool]:
    path = request.target.split("?")[0]
    if path == "/plain":
        body = _echo(request)
        if request.method == "HEAD":
            return response(OK, "Content-Type: text/plain", "Content-Length: 1234"), False
        return response(OK, "Content-Type: text/plain", _length(body), body=body), False
    if path == "/chunked":
        body = chunked(*_CHUNKS, trailers=(b"X-Sum: 42",))
        return response(OK, TE, "Trailer: X-Sum", body=body), False
    if path == "/lines":
        pieces = [b"first line\nsec", b"ond line\r\n", b"\nthird", b" line\nlast"]
        return response(OK, TE, body=chunked(*pieces)), False
    if path == "/gzip":
        return response(OK, "Content-Encoding: gzip", _length(_GZIPPED), body=_GZIPPED), False
    if path == "/redirect":
        found = "HTTP/1.1 302 Found"
        return response(found, "Location: /plain?from=redirect", "Content-Length: 0"), False
    if path == "/many":
        fields = [f"X-Field-{n}: value {n}" for n in range(30)]
        fields += ["Set-Cookie: a=1; Path=/", "Set-Cookie: b=2; Path=/", "X-Dup: one", "x-dup: two"]
        return response(OK, *fields, "Content-Length: 4", body=b"many"), False
    if path == "/big":
        kind = "Content-Type: application/octet-stream"
        return response(OK, kind, _length(_BIG), body=_BIG), False
    if path == "/big-chunked":
        pieces = [_BIG[at : at + 70_000] for at in range(0, len(_BIG), 70_000)]
        return response(OK, TE, body=chunked(*pieces)), False
    if path == "/slow":
        time.sleep(_SLOW)
        return response(OK, "Content-Length: 4", body=b"late"), True
    if path == "/close":
        return response(OK, "Connection: close", "Content-Length: 6", body=b"closed"), True
    if path == "/until-close":
        return response(OK, "Content-Type: text/plain", body=b"read to the end"), True
    if path == "/short":
        return response(OK, "Content-Length: 100", body=b"only ten b"), True
    if path == "/bad-chunk":
        return response(OK, TE, body=b"5\r\nfirst\r\nzz\r\n"), True
    if path == "/RPC2":
        return _xmlrpc_answer(request.body)
    if path.startswith("/bucket"):
        return _s3_answer(request, path)
    return response(_NOT_FOUND, "Content-Length: 7", body=b"missing"), False


def _xmlrpc_answer(call: bytes) -> tuple[bytes, bool]:
    """An XML-RPC server's answer: add(a, b) sums, any other method is a fault."""
    if b"<methodName>add</methodName>" in call:
        a, b = (int(n) for n in re.findall(rb"<int>(\d+)</int>", call))
        body = xmlrpc.client.dumps((a + b,), methodresponse=True).encode()
    else:
        body = xmlrpc.client.dumps(xmlrpc.client.Fault(4, "no such method")).encode()
    return response(OK, "Content-Type: text/xml", _length(body), body=body), False


_S3_OBJECT = b"file" * 5000
_S3_LISTING = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
    b"<Name>bucket</Name><Prefix></Prefix><KeyCount>1</KeyCount><MaxKeys>1000</MaxKeys>"
    b"<IsTruncated>false</IsTruncated><Contents><Key>file</Key>"
    b"<LastModified>2026-11-21T06:46:58.000Z</LastModified><ETag>&quot;e1&quot;</ETag>"
    b"<Size>20000</Size><StorageClass>STANDARD</StorageClass></Contents></ListBucketResult>"
)
_S3_XML = "Content-Type: application/xml"


def _s3_error(status: str, code: str, message: str) -> bytes:
    body = f"<Error><Code>{code}</Code><Message>{message}</Message></Error>".encode()
    return response(status, _S3_XML, _length(body), body=body)


def _s3_answer(request: Request, path: str) -> tuple[bytes, bool]:
    """A few answers of S3's, path-style, for botocore."""
    if request.method == "PUT":
        return response(OK, f'ETag: "{len(request.body)}"', "Content-Length: 0"), False
    if path == "/bucket/missing":
        missing = "The specified key does not exist."
        return _s3_error(_NOT_FOUND, "NoSuchKey", missing), False
    if path == "/bucket":
        return response(OK, _S3_XML, _length(_S3_LISTING), body=_S3_LISTING), False
    if path == "/bucket/chunked":
        return response(OK, 'ETag: "c1"', TE, body=chunked(*_CHUNKS)), False
    fields = (
        'ETag: "e1"',
        "Last-Modified: Sat, 21 Nov 2026 06:46:58 GMT",
        "Content-Type: binary/octet-stream",
        _length(_S3_OBJECT),
    )
    if request.method == "HEAD":
        return response(OK, *fields), False
    return response(OK, *fields, body=_S3_OBJECT), False


#: Request fields whose values change from run to run (botocore's).
_RANDOM_FIELDS = re.compile(rb"(?im)^(amz-sdk-invocation-id):[^\r\n]*")


class _Recorder:
    """A RawServer handler answering by _answer() and recording each request."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests: list[tuple[int, bytes, bytes, list[tuple[str, str]]]] = []

    def __call__(self, peer: Peer, server: RawServer) -> None:
        connection = server.connections
        while (request := peer.read_request(body=False)) is not None:
            if request.header("Expect") == "100-continue":
                if request.target.endswith("/denied"):
                    # Refused before the body: it is never sent, nor read.
                    self._record(connection, request)
                    peer.send(_s3_error("HTTP/1.1 403 Forbidden", "AccessDenied", "Access Denied"))
                    peer.shutdown()
                    return
                peer.send(b"HTTP/1.1 100 Continue\r\n\r\n")
            peer.read_body(request)
            self._record(connection, request)
            response, close = _answer(request)
            peer.send(response)
            if close:
                peer.shutdown()
                return

    def _record(self, connection: int, request: Request) -> None:
        head = _RANDOM_FIELDS.sub(rb"\1: (random)", request.head)
        with self.lock:
            self.requests.append((connection, head, request.body, request.trailers))

    def take(self) -> list[Any]:
        with self.lock:
            taken, self.requests = self.requests, []
        # The order of connections is the client's; numbers count from its first.
        first = min((entry[0] for entry in taken), default=0)
        return [(number - first, *rest) for number, *rest in taken]


def _run(engine: str, base: str, tls_base: str, ca_pem: Path, proxy: str) -> dict[str, Any]:
    # No proxy, and no AWS settings or files but the scenarios' own.
    env = {
        k: v
        for k, v in os.environ.items()
        if "proxy" not in k.lower() and not k.startswith(("AWS_", "BOTO"))
    }
    env["AWS_CONFIG_FILE"] = env["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
    env["PYTHONHASHSEED"] = "0"  # botocore's User-Agent lists a set
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    run = subprocess.run(
        [sys.executable, str(CLIENT), engine, base, tls_base, str(ca_pem), proxy],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    results: dict[str, Any] = json.loads(run.stdout)
    return results


@pytest.fixture(scope="module")
def runs(tls: TLS, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Both engines' results and the bytes each sent, from one pair of servers."""
    ca_pem = tmp_path_factory.mktemp("ca") / "ca.pem"
    tls.ca.cert_pem.write_to_path(str(ca_pem))
    plain, secure, tunnels = _Recorder(), _Recorder(), ConnectProxy()
    outcome: dict[str, Any] = {}
    with contextlib.ExitStack() as stack:
        server = stack.enter_context(RawServer(plain))
        tls_server = stack.enter_context(RawServer(secure, tls=tls.server_context))
        proxy = stack.enter_context(RawServer(tunnels))
        base = f"http://127.0.0.1:{server.port}"
        tls_base = f"https://localhost:{tls_server.port}"
        for engine in ("stdlib", "ours"):
            outcome[engine] = _run(engine, base, tls_base, ca_pem, f"http://127.0.0.1:{proxy.port}")
            outcome[engine + " sent"] = plain.take()
            outcome[engine + " sent over TLS"] = secure.take()
            outcome[engine + " CONNECTs"] = [request.head for request in tunnels.requests]
            tunnels.requests.clear()
    return outcome


ENGINE_SCENARIOS = (
    "urllib3_engine",
    "requests_engine",
    "httplib2_engine",
    "urllib_engine",
    "xmlrpc_engine",
)


def test_the_libraries_read_our_responses_when_rebased(runs: dict[str, Any]) -> None:
    assert runs["stdlib"]["urllib3_engine"] == runs["stdlib"]["requests_engine"] == "http"
    assert runs["ours"]["urllib3_engine"] == runs["ours"]["requests_engine"] == "httpclient_compat"
    assert runs["stdlib"]["httplib2_engine"] == ["http"]
    assert runs["ours"]["httplib2_engine"] == ["http", "httpclient_compat"]
    assert runs["stdlib"]["urllib_engine"] == runs["stdlib"]["xmlrpc_engine"] == "http"
    assert runs["ours"]["urllib_engine"] == runs["ours"]["xmlrpc_engine"] == "httpclient_compat"


def _scenarios() -> list[str]:
    """The client's scenarios, by name, but those that say whose classes ran."""
    names = re.findall(r"^@scenario\ndef (\w+)\(", CLIENT.read_text(), re.MULTILINE)
    return [name for name in names if name not in ENGINE_SCENARIOS]


@pytest.mark.parametrize("name", _scenarios())
def test_each_scenario_gives_the_stdlib_s_result(runs: dict[str, Any], name: str) -> None:
    assert runs["ours"][name] == runs["stdlib"][name]


def test_the_servers_received_the_same_bytes(runs: dict[str, Any]) -> None:
    assert runs["ours sent"] == runs["stdlib sent"]
    assert runs["ours sent over TLS"] == runs["stdlib sent over TLS"]
    assert runs["ours CONNECTs"] == runs["stdlib CONNECTs"]
    assert len(runs["stdlib sent"]) > 40  # every scenario's requests, not a few


def test_the_scenarios_reach_what_they_claim(runs: dict[str, Any]) -> None:
    """The comparison is worth something only if the scenarios did what
    they are named for: a spot check of the stdlib's own results."""
    stdlib = runs["stdlib"]
    assert stdlib["urllib3_keep_alive"]["connections"] == 1
    assert [r["status"] for r in stdlib["urllib3_closing"]] == [200] * 4
    assert len({entry[0] for entry in runs["stdlib sent"]}) > 10  # closed and reopened
    assert "IncompleteRead" in stdlib["urllib3_short_body"]["message"]
    assert any("InvalidChunkLength" in step for step in stdlib["urllib3_bad_chunk"]["error"])
    assert stdlib["urllib3_heads_and_redirects"]["cookies"] == ["a=1; Path=/", "b=2; Path=/"]
    assert stdlib["requests_streaming"]["lines"] == [
        "b'first line'",
        "b'second line'",
        "b''",
        "b'third line'",
        "b'last'",
    ]
    assert stdlib["requests_session"][1]["history"] == [302]
    assert len(stdlib["urllib3_tls"]) == len(stdlib["httplib2_tls"]) == 2
    assert stdlib["requests_tls"]["status"] == 200
    assert stdlib["urllib_tls"][0] == 200
    assert [r["status"] for r in stdlib["urllib3_tunnel"]] == [200, 200]
    assert stdlib["requests_tunnel"]["status"] == stdlib["urllib_tunnel"][0] == 200
    assert len(runs["stdlib CONNECTs"]) == 3  # urllib3 kept its tunnel for the second request
    assert stdlib["httplib2_short_body"]["error"] == ["http.client.IncompleteRead"]
    assert "ChunkedEncodingError" in stdlib["requests_short_body"]["error"][0]
    assert "ReadTimeoutError" in stdlib["urllib3_read_timeout"]["error"][0]
    assert stdlib["httplib2_read_timeout"]["error"] == ["builtins.TimeoutError"]
    refused, after = stdlib["botocore_upload_refused_before_the_body"]
    assert refused[0]["Code"] == "AccessDenied"
    assert after["ContentLength"] == 20000
    held_back = [
        (head.split(b" ")[1], len(body))
        for _, head, body, _ in runs["stdlib sent"]
        if b"Expect: 100-continue\r\n" in head
    ]
    assert held_back == [
        (b"/bucket/file", 20000),
        (b"/bucket/bytes", 10),
        (b"/bucket/empty", 0),
        (b"/bucket/denied", 0),
    ]
