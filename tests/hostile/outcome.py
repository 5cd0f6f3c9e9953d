"""The two-sided runner of the hostile-server cases.

:func:`run` performs one or more requests through ``module.HTTPConnection``
(``httpclient_compat`` or the stdlib's ``http.client``) against the replay
server and returns a small comparable :class:`Outcome`: per request either
``("response", status, reason, headers, body[, probe])``, ``("raises",
step, exception name)``, or for a body that fails ``("raises", "read",
name, status, headers)``; and the number of connections the server saw.
:func:`check` runs a :class:`Case` through both modules: ours must give the
expected outcome, and the stdlib must give it exactly when the case carries
no ``differs`` slug.
"""

from __future__ import annotations

import http.client
import socket
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, Final, Union

import pytest

import httpclient_compat

from .replay import Close, ReadRequest, ReplayServer, Script, Send, Step

__all__ = [
    "ANY",
    "OURS",
    "SECOND",
    "SECOND_RESULT",
    "SECOND_SCRIPT",
    "STDLIB",
    "UNSET",
    "Case",
    "Outcome",
    "Record",
    "ReplayServer",
    "Req",
    "Tunnel",
    "check",
    "expect",
    "parametrize",
    "raises",
    "read_raises",
    "response",
    "run",
    "served",
]

OURS: Final = httpclient_compat
STDLIB: Final = http.client


class _Any:
    """Equal to anything: a part of an expected outcome the case leaves open."""

    def __eq__(self, other: object) -> bool:
        return True

    def __ne__(self, other: object) -> bool:
        return False

    __hash__ = None  # type: ignore[assignment] # equal to everything, so unhashable

    def __repr__(self) -> str:
        return "ANY"


ANY: Final[Any] = _Any()


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


#: ``total_timeout`` not given at all (the stdlib's signature).
UNSET: Final = _Unset()
TotalTimeout = Union[float, None, _Unset]  # a run-time alias: no X | Y on 3.9


# -- outcomes ---------------------------------------------------------------------------

Result = tuple[Any, ...]


def response(
    status: int = 200, reason: str = "OK", headers: Any = ANY, body: bytes = b"", *extra: Any
) -> Result:
    """A response read to its end; *extra* is what the case's probe returned."""
    return ("response", status, reason, headers, body, *extra)


def raises(step: str, name: str) -> Result:
    """*step* (``request``, ``getresponse``, ``putheader``...) raised *name*."""
    return ("raises", step, name)


def read_raises(name: str, status: int = 200, headers: Any = ANY) -> Result:
    """The head was returned (*status*, *headers*), then ``read()`` raised *name*."""
    return ("raises", "read", name, status, headers)


@dataclass(frozen=True)
class Outcome:
    """What one run gave: compared on ``results`` and ``connections`` only."""

    results: tuple[Result, ...]
    connections: Any = 1
    #: What each connection received, in order.
    received: tuple[bytes, ...] = field(default=(), compare=False)
    #: Seconds each request took, from ``request()`` to its result.
    elapsed: tuple[float, ...] = field(default=(), compare=False)
    #: Whether ``conn.sock`` was None after each request.
    sock_none: tuple[bool, ...] = field(default=(), compare=False)

    def __repr__(self) -> str:
        return f"Outcome({list(self.results)!r}, connections={self.connections!r})"


def expect(*results: Result, connections: Any = 1) -> Outcome:
    return Outcome(tuple(results), connections)


def _name(exc: BaseException) -> str:
    if isinstance(exc, socket.timeout):  # an alias of TimeoutError from 3.10 on
        return "TimeoutError"
    return type(exc).__name__


# -- requests ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Req:
    """One request on the connection.  With *put*, it is made with
    ``putrequest``/``putheader``/``endheaders`` rather than ``request()``."""

    method: str = "GET"
    url: str = "/"
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes | None = None
    put: bool = False
    #: Seconds to wait first (for a FIN the server sent to arrive).
    delay: float = 0.0
    #: Assigned to ``conn.total_timeout`` first, on our module only.
    total_timeout: TotalTimeout = UNSET


@dataclass(frozen=True)
class Tunnel:
    """``set_tunnel(host, port, headers)``: the replay server plays the proxy."""

    host: str
    port: int | None = None
    headers: tuple[tuple[str, str], ...] | None = None


Probe = Callable[[Any], Any]


def _one(conn: Any, req: Req, probe: Probe | None) -> Result:
    step = "request"
    try:
        if req.put:
            step = "putrequest"
            conn.putrequest(req.method, req.url)
            step = "putheader"
            for name, value in req.headers:
                conn.putheader(name, value)
            step = "endheaders"
            conn.endheaders(req.body)
        else:
            conn.request(req.method, req.url, req.body, dict(req.headers))
        step = "getresponse"
        resp = conn.getresponse()
    except Exception as exc:
        return raises(step, _name(exc))
    try:
        status, reason, headers = resp.status, resp.reason, tuple(resp.getheaders())
        extra = () if probe is None else (probe(resp),)
        try:
            body = resp.read()
        except Exception as exc:
            return read_raises(_name(exc), status, headers)
        return response(status, reason, headers, body, *extra)
    finally:
        resp.close()


def run(
    server: ReplayServer,
    module: ModuleType,
    scripts: Sequence[Script],
    requests: Sequence[Req] = (Req(),),
    *,
    timeout: float = 2.0,
    host: str | None = None,
    tunnel: Tunnel | None = None,
    total_timeout: TotalTimeout = UNSET,
    probe: Probe | None = None,
) -> Outcome:
    """Run *requests* on one ``module.HTTPConnection`` against *server*
    playing *scripts*.  ``total_timeout`` goes to our module only.  With
    *host*, the connection names it but still connects to the server."""
    ours = module is not STDLIB
    server.load(scripts)
    results: list[Result] = []
    elapsed: list[float] = []
    sock_none: list[bool] = []
    kwargs: dict[str, Any] = {"timeout": timeout}
    if ours and not isinstance(total_timeout, _Unset):
        kwargs["total_timeout"] = total_timeout
    conn: Any = None
    try:
        try:
            conn = module.HTTPConnection(host or "127.0.0.1", server.port, **kwargs)
        except Exception as exc:
            results.append(raises("constructor", _name(exc)))
            return _finish(server, results, elapsed, sock_none)
        if host is not None:
            port = server.port
            conn._create_connection = lambda address, timeout, source=None: (
                socket.create_connection(("127.0.0.1", port), timeout)
            )
        if tunnel is not None:
            try:
                conn.set_tunnel(
                    tunnel.host,
                    tunnel.port,
                    None if tunnel.headers is None else dict(tunnel.headers),
                )
            except Exception as exc:
                results.append(raises("set_tunnel", _name(exc)))
                return _finish(server, results, elapsed, sock_none)
        for req in requests:
            if req.delay:
                time.sleep(req.delay)
            if ours and not isinstance(req.total_timeout, _Unset):
                conn.total_timeout = req.total_timeout
            start = time.monotonic()
            results.append(_one(conn, req, probe))
            elapsed.append(time.monotonic() - start)
            sock_none.append(conn.sock is None)
    finally:
        if conn is not None:
            conn.close()
    return _finish(server, results, elapsed, sock_none)


def _finish(
    server: ReplayServer, results: list[Result], elapsed: list[float], sock_none: list[bool]
) -> Outcome:
    connections = server.settle()
    return Outcome(
        tuple(results),
        len(connections),
        tuple(bytes(c.received) for c in connections),
        tuple(elapsed),
        tuple(sock_none),
    )


# -- cases ------------------------------------------------------------------------------------


def served(head: bytes, *, keep: bool = False, after: Sequence[Step] = ()) -> Script:
    """The usual script: read the request, send *head* (and body), then
    close; with *keep*, wait (briefly) for a second request on the same
    connection and answer it with :data:`SECOND`."""
    if keep:
        return (ReadRequest(), Send(head), ReadRequest(0.3), Send(SECOND), Close())
    return (ReadRequest(), Send(head), *after, Close())


#: The answer to a second request, on whichever connection it comes.
SECOND = b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecond"
SECOND_SCRIPT: Script = (ReadRequest(), Send(SECOND), Close())
#: What :data:`SECOND` reads as.
SECOND_RESULT = response(200, "OK", (("Content-Length", "6"),), b"second")


@dataclass(frozen=True)
class Case:
    """One hostile exchange, run the same through both modules."""

    id: str
    scripts: tuple[Script, ...]
    expected: Outcome
    differs: str | None = None
    requests: tuple[Req, ...] = (Req(),)
    host: str | None = None
    tunnel: Tunnel | None = None
    timeout: float = 2.0
    total_timeout: TotalTimeout = UNSET
    probe: Probe | None = None


def _run_case(server: ReplayServer, module: ModuleType, case: Case) -> Outcome:
    return run(
        server,
        module,
        case.scripts,
        case.requests,
        timeout=case.timeout,
        host=case.host,
        tunnel=case.tunnel,
        total_timeout=case.total_timeout,
        probe=case.probe,
    )


#: pytest's ``record_property``.
Record = Callable[[str, object], None]


def check(server: ReplayServer, case: Case, record: Record) -> tuple[Outcome, Outcome]:
    """Run *case* through both modules; fail unless ours gives the expected
    outcome and the ``differs`` slug is there exactly when the stdlib's
    outcome is another.  Both outcomes go to *record* (pytest's
    ``record_property``, so they reach a JUnit report).  Returns (ours, stdlib)."""
    stdlib = _run_case(server, STDLIB, case)
    record("stdlib", repr(stdlib))
    ours = _run_case(server, OURS, case)
    record("ours", repr(ours))
    if case.differs is not None:
        record("differs", case.differs)
    problems = []
    if ours != case.expected:
        problems.append(f"ours:     {ours!r}\nexpected: {case.expected!r}")
    same = stdlib == case.expected
    if same and case.differs is not None:
        problems.append(f"labelled differs={case.differs!r}, but the stdlib gives the same")
    if not same and case.differs is None:
        problems.append("the stdlib differs, and the case carries no differs slug")
    assert not problems, "\n".join([*problems, f"stdlib:   {stdlib!r}"])
    return ours, stdlib


def parametrize(cases: Sequence[Case]) -> pytest.MarkDecorator:
    ids = [case.id for case in cases]
    assert len(set(ids)) == len(ids), "case ids repeat"
    return pytest.mark.parametrize("case", cases, ids=ids)
