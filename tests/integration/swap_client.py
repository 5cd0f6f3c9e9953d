"""``http.client`` swapped for httpclient_compat, then real clients run: one mode.

Run as a script by ``test_swap.py``, in a fresh interpreter, so that the
swap never touches the test process:

    python swap_client.py MODE

MODE says how the swap is made and when the clients are imported:

- ``manual``: ``sys.modules["http.client"]`` and ``http.client`` set by
  hand, the script having imported only httpclient_compat (which imports
  the stdlib's ``http.client`` itself);
- ``manual-after-import``: the same after the script's own ``import http.client``;
- ``install``: :func:`httpclient_compat.install`, then the clients; then
  uninstall(), install() twice, nested and concurrent installed() blocks,
  and the module knobs;
- ``late``: requests and urllib.request imported before install().

The clients are imported after the swap (except in ``late``), and run
against servers started here, on 127.0.0.1, after the swap too:
``http.server`` (which reads request heads with ``http.client``'s
parse_headers, so ours), ``xmlrpc.server`` and a TLS ``http.server``
(trustme).  What each client got, and whose classes it ran on, is printed
as one JSON object for the test to check.  An audit hook refuses any
connection off 127.0.0.1.
"""

from __future__ import annotations

import gc
import json
import sys
import threading
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

MODE = sys.argv[1]
#: Where a socket tried to connect off loopback (the hook refuses it too).
OUTSIDE: list[str] = []


def _loopback_only(event: str, args: tuple[Any, ...]) -> None:
    if event == "socket.connect":
        address = args[1]
        if not (isinstance(address, tuple) and address[0] == "127.0.0.1"):
            OUTSIDE.append(repr(address))
            raise RuntimeError(f"connect off loopback refused: {address!r}")


sys.addaudithook(_loopback_only)

#: The stdlib's http.client, taken before the swap; in a dict, for a
#: global naming it would be named in an InstallWarning, as a module that
#: keeps the stdlib's classes.
THE_STDLIB: dict[str, Any] = {}
#: What the modes found, by name; printed as JSON at the end.
RESULTS: dict[str, Any] = {"http.client imported before the swap": "http.client" in sys.modules}

if MODE == "manual-after-import":
    import http.client  # the stdlib's, imported before the swap on purpose

    RESULTS["http.client imported before the swap"] = "http.client" in sys.modules

if MODE in ("manual", "manual-after-import"):
    import http

    import httpclient_compat

    THE_STDLIB["module"] = sys.modules["http.client"]
    sys.modules["http.client"] = httpclient_compat
    http.client = httpclient_compat  # the swap under test
elif MODE == "install":
    import httpclient_compat

    THE_STDLIB["module"] = sys.modules["http.client"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        httpclient_compat.install()
    RESULTS["warnings at install"] = [str(w.message) for w in caught]
elif MODE == "late":
    # Before install(), on purpose.
    import urllib.request  # noqa: F401

    import requests  # noqa: F401

    import httpclient_compat

    THE_STDLIB["module"] = sys.modules["http.client"]
else:
    raise SystemExit(f"unknown mode {MODE!r}")

from httpclient_compat._core import ResponseParser  # noqa: E402

# -- what a response or connection is -----------------------------------------------------


def _name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def _response_facts(response: Any) -> dict[str, Any]:
    """Whose class a response is, and the markers only ours carry: the
    core's parser in ``_parser`` (after begin()), and ``trailers``."""
    trailers = getattr(response, "trailers", "no such attribute")
    return {
        "class": _name(type(response)),
        "ours": isinstance(response, httpclient_compat.HTTPResponse),
        "a stdlib response": isinstance(response, THE_STDLIB["module"].HTTPResponse),
        "parser": isinstance(getattr(response, "_parser", None), ResponseParser),
        "trailers": trailers if isinstance(trailers, str) else _fields(trailers),
    }


def _fields(message: Any) -> Any:
    return None if message is None else [list(item) for item in message.items()]


# -- servers, started after the swap ------------------------------------------------------

#: Whose parse_headers http.server called, module by module, per request.
HEADS_READ_WITH: list[str] = []
CHUNKED_WITH_TRAILERS = b"5\r\nhello\r\n6\r\n world\r\n0\r\nX-Sum: 42\r\n\r\n"


def _http_server_class() -> type:
    import http.server

    class Handler(http.server.BaseHTTPRequestHandler):
        """/plain, /chunked (a trailer field), /many-fields (ten fields)."""

        protocol_version = "HTTP/1.1"
        timeout = 5.0

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            # What http.server called parse_headers through: http.client, by name.
            HEADS_READ_WITH.append(vars(http.server)["http"].client.parse_headers.__module__)
            self.send_response(200)
            if self.path == "/chunked":
                self.send_header("Transfer-Encoding", "chunked")
                self.send_header("Trailer", "X-Sum")
                self.end_headers()
                self.wfile.write(CHUNKED_WITH_TRAILERS)
                return
            if self.path == "/many-fields":
                for n in range(10):
                    self.send_header(f"X-Field-{n}", str(n))
            self.send_header("Content-Length", "5")
            self.end_headers()
            self.wfile.write(b"plain")

    return Handler


@contextmanager
def _serving(server: Any) -> Iterator[int]:
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@contextmanager
def _http_server(tls: Any = None, resets: bool = False) -> Iterator[str]:
    """A ThreadingHTTPServer on 127.0.0.1; its base URL. With ``resets``, a client
    that closes with a response unread (and so resets the connection) is expected."""
    import http.server

    class Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request: Any, client_address: Any) -> None:
            if not (resets and isinstance(sys.exc_info()[1], ConnectionResetError)):
                super().handle_error(request, client_address)

    server = Server(("127.0.0.1", 0), _http_server_class())
    scheme = "http"
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
        scheme = "https"
    with _serving(server) as port:
        yield f"{scheme}://127.0.0.1:{port}"


@contextmanager
def _xmlrpc_server() -> Iterator[str]:
    import xmlrpc.server

    server = xmlrpc.server.SimpleXMLRPCServer(("127.0.0.1", 0), logRequests=False)
    server.register_function(lambda a, b: a + b, "add")
    with _serving(server) as port:
        yield f"http://127.0.0.1:{port}/RPC2"


# -- the clients --------------------------------------------------------------------------


def _urlopen(base: str) -> dict[str, Any]:
    import urllib.request

    with urllib.request.urlopen(f"{base}/plain", timeout=5) as response:
        plain = {**_response_facts(response), "body": response.read().decode()}
    with urllib.request.urlopen(f"{base}/chunked", timeout=5) as response:
        body = response.read().decode()
        chunked = {**_response_facts(response), "body": body}
    return {"plain": plain, "chunked": chunked}


def _xmlrpc(url: str) -> dict[str, Any]:
    import xmlrpc.client

    class Recording(xmlrpc.client.Transport):
        """Keeps the response that parse_response was given."""

        response: Any = None

        def parse_response(self, response: Any) -> Any:
            self.response = response
            return super().parse_response(response)

    transport = Recording()
    with xmlrpc.client.ServerProxy(url, transport=transport) as proxy:
        total = proxy.add(2, 3)
        connection = transport._connection[1]  # (host, connection)
        facts = {
            "result": total,
            "connection": _name(type(connection)),
            "connection ours": isinstance(connection, httpclient_compat.HTTPConnection),
            "response": _response_facts(transport.response),
        }
    return facts


def _urllib3(base: str) -> dict[str, Any]:
    import urllib3

    pool = urllib3.PoolManager(retries=False, timeout=5.0)
    try:
        plain = pool.request("GET", f"{base}/plain")
        chunked = pool.request("GET", f"{base}/chunked")  # read by our read()
        return {
            "connection ours": issubclass(
                urllib3.connection.HTTPConnection, httpclient_compat.HTTPConnection
            ),
            "plain": {
                **_response_facts(plain._original_response),  # type: ignore[attr-defined]
                "body": plain.data.decode(),
            },
            "chunked": {
                **_response_facts(chunked._original_response),  # type: ignore[attr-defined]
                "body": chunked.data.decode(),
            },
        }
    finally:
        pool.clear()


def _requests(base: str) -> dict[str, Any]:
    import requests

    alone = requests.get(f"{base}/plain", timeout=5)
    with requests.Session() as session:
        first = session.get(f"{base}/plain", timeout=5)
        second = session.get(f"{base}/chunked", timeout=5)  # chunked: urllib3's own reader
        return {
            "get": {**_response_facts(alone.raw._original_response), "body": alone.text},
            "session": [
                {**_response_facts(r.raw._original_response), "body": r.text}
                for r in (first, second)
            ],
        }


def _too_many_request_fields(base: str) -> list[Any]:
    """http.server reads a head with 101 fields through our parse_headers."""
    import http.client

    connection = http.client.HTTPConnection(base.split("//")[1], timeout=5)
    try:
        connection.putrequest("GET", "/plain")
        for n in range(101):
            connection.putheader(f"X-Field-{n}", str(n))
        connection.endheaders()
        response = connection.getresponse()
        return [response.status, response.reason, response.read().count(b"Too many headers")]
    finally:
        connection.close()


def _clients() -> dict[str, Any]:
    """Every client against the loopback servers; what each ran on."""
    HEADS_READ_WITH.clear()
    with _http_server() as base, _xmlrpc_server() as rpc:
        results = {
            "urlopen": _urlopen(base),
            "xmlrpc": _xmlrpc(rpc),
            "urllib3": _urllib3(base),
            "requests": _requests(base),
            "http.server, 101 fields": _too_many_request_fields(base),
        }
        results["http.server read heads with"] = sorted(set(HEADS_READ_WITH))
    return results


def _urlopen_tls() -> dict[str, Any]:
    """urllib.request's HTTPS handler, which names http.client.HTTPSConnection."""
    import ssl
    import urllib.request

    import trustme

    ca = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(server_context)
    client_context = ssl.create_default_context()
    ca.configure_trust(client_context)
    with _http_server(server_context) as base:
        url = f"{base}/chunked"
        with urllib.request.urlopen(url, timeout=5, context=client_context) as response:
            body = response.read().decode()
            return {**_response_facts(response), "body": body}


# -- install(), uninstall(), installed() --------------------------------------------------


def _where() -> list[str]:
    """What ``http.client`` names, in sys.modules and as the package's attribute."""
    import http

    names = {id(httpclient_compat): "ours", id(THE_STDLIB["module"]): "stdlib"}

    def which(value: object) -> str:
        return names.get(id(value), repr(value))

    return [which(sys.modules.get("http.client")), which(vars(http).get("client"))]


def _lifecycle() -> dict[str, Any]:
    steps: dict[str, Any] = {"installed": _where()}
    httpclient_compat.uninstall()
    steps["after uninstall()"] = [*_where(), httpclient_compat.is_installed()]
    httpclient_compat.uninstall()
    steps["after a second uninstall()"] = _where()
    httpclient_compat.install()
    httpclient_compat.install()
    httpclient_compat.uninstall()
    steps["install() twice, uninstall() once"] = _where()
    seen: list[Any] = []
    with httpclient_compat.installed() as outer:
        seen.append(outer is httpclient_compat)
        with httpclient_compat.installed():
            seen.append(_where())
        seen.append(_where())
    seen.append(_where())
    steps["nested installed()"] = seen
    httpclient_compat.install()
    with httpclient_compat.installed():
        pass
    steps["installed() inside install()"] = _where()
    with httpclient_compat.installed():
        httpclient_compat.uninstall()
        during = _where()
    steps["uninstall() inside installed()"] = [during, _where()]
    steps["threads leaving one by one"] = _threads_leaving_in_turn(8)
    steps["threads racing"] = _threads_racing(8, 300)
    return steps


def _threads_leaving_in_turn(count: int) -> list[Any]:
    """*count* threads enter installed() at once, then leave one by one:
    what http.client names after each leaves."""
    entered = threading.Barrier(count + 1, timeout=5)
    leave = [threading.Event() for _ in range(count)]
    left = [threading.Event() for _ in range(count)]

    def block(n: int) -> None:
        with httpclient_compat.installed():
            entered.wait()
            leave[n].wait(5)
        left[n].set()

    threads = [threading.Thread(target=block, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    entered.wait()
    after = [_where()]
    for n in range(count):
        leave[n].set()
        left[n].wait(5)
        after.append(_where())
    for thread in threads:
        thread.join(5)
    return after


def _threads_racing(count: int, rounds: int) -> dict[str, Any]:
    """*count* threads enter and leave installed() *rounds* times each, at
    once: whether any saw the swap missing inside its block."""
    start = threading.Barrier(count, timeout=5)
    missing: list[int] = []

    def race() -> None:
        start.wait()
        for _ in range(rounds):
            with httpclient_compat.installed():
                if not httpclient_compat.is_installed():
                    missing.append(1)

    threads = [threading.Thread(target=race) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return {"blocks without the swap": len(missing), "after": _where()}


def _knobs(base: str) -> dict[str, Any]:
    """``http.client._MAXHEADERS`` set while installed is our module's."""
    import http.client

    http.client._MAXHEADERS = 5  # type: ignore[attr-defined] # the knob under test
    facts: dict[str, Any] = {
        "same module": http.client is httpclient_compat,
        "ours reads": httpclient_compat._MAXHEADERS,
    }
    connection = http.client.HTTPConnection(base.split("//")[1], timeout=5)
    try:
        connection.request("GET", "/many-fields")
        response = connection.getresponse()
        response.read()
        facts["ten fields"] = f"read, status {response.status}"
    except http.client.HTTPException as exc:
        facts["ten fields"] = f"{type(exc).__name__}: {exc}"
    finally:
        connection.close()
        http.client._MAXHEADERS = 100  # type: ignore[attr-defined]
    return facts


# -- the modes ----------------------------------------------------------------------------


def _install_mode() -> None:
    RESULTS["clients"] = _clients()
    RESULTS["urlopen over TLS"] = _urlopen_tls()
    with _http_server(resets=True) as base:  # the refused head leaves its body unread
        RESULTS["knobs"] = _knobs(base)
    RESULTS["lifecycle"] = _lifecycle()


def _late_mode() -> None:
    import urllib3

    from httpclient_compat.swap import bound_before

    RESULTS["bound before"] = bound_before()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        httpclient_compat.install()
    RESULTS["warnings at install"] = [[_name(w.category), str(w.message)] for w in caught]
    connection = urllib3.connection.HTTPConnection
    RESULTS["urllib3 connection"] = {
        "stdlib's subclass": issubclass(connection, THE_STDLIB["module"].HTTPConnection),
        "ours": issubclass(connection, httpclient_compat.HTTPConnection),
    }
    with _http_server() as base:
        RESULTS["urlopen"] = _urlopen(base)
        RESULTS["requests"] = _requests(base)
    httpclient_compat.uninstall()


MODES: dict[str, Callable[[], None]] = {
    "manual": lambda: RESULTS.update(clients=_clients()),
    "manual-after-import": lambda: RESULTS.update(clients=_clients()),
    "install": _install_mode,
    "late": _late_mode,
}


def main() -> None:
    MODES[MODE]()
    gc.collect()  # a leaked socket warns now, on stderr, which the test reads
    RESULTS["outside loopback"] = OUTSIDE
    json.dump(RESULTS, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
