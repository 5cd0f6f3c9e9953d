"""``HTTPResponse`` as subclasses and callers (urllib3, botocore, vcrpy) use it:
``fp``, ``_read_status``, ``_safe_read``, the legacy attributes, and the attributes
``begin()`` stores the head in, over fake sockets.

Where the stdlib defines the answer, each scenario runs on both classes and
the results must be equal.  Reading to the body's end, finalization and the
file over a real socket are in ``test_response_lifecycle.py``.
"""

from __future__ import annotations

import functools
import http.client
import io
from collections.abc import Callable
from types import ModuleType
from typing import Any, ClassVar

import pytest

import httpclient_compat as client

from .fakes import (
    CHUNKED,
    CHUNKED2,
    CL10,
    FILE_KINDS,
    FakeSocket,
    FileKind,
    begun,
    connection_on,
    same_on_both,
)

MODULES = [http.client, client]


def _scenarios(scope: dict[str, Any]) -> dict[str, Callable[[ModuleType], Any]]:
    """The scenario functions a function defined, by name."""
    return {name: value for name, value in scope.items() if callable(value)}


# -- fp after begin() -----------------------------------------------------------------

HEADS_AND_BODIES = {
    "content-length": (b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", b"helloNEXT"),
    "chunked": (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
        b"5\r\nhello\r\n0\r\n\r\n",
    ),
    "until-close": (b"HTTP/1.0 200 OK\r\nServer: s\r\n\r\n", b"all of it"),
    "interim-first": (
        b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 102 Processing\r\nX: 1\r\n\r\n"
        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n",
        b"ok",
    ),
    "bare-lf": (b"HTTP/1.1 200 OK\nContent-Length: 2\n\n", b"ok"),
    "no-body": (b"HTTP/1.1 304 Not Modified\r\nETag: x\r\n\r\n", b"HTTP/1.1 200 OK\r\n"),
}


@pytest.mark.parametrize("kind", FILE_KINDS)
@pytest.mark.parametrize("shape", HEADS_AND_BODIES)
def test_fp_stands_at_the_first_body_byte_after_begin(shape: str, kind: FileKind) -> None:
    """urllib3 and botocore read ``response.fp`` themselves after ``begin()``."""
    head, rest = HEADS_AND_BODIES[shape]
    response = begun(client, head + rest, kind=kind)
    assert response.fp.read(len(rest)) == rest
    if kind != "noeof":
        assert response.fp.read() == b""


def test_getresponse_leaves_fp_at_the_body_through_a_connection() -> None:
    conn = connection_on(FakeSocket(b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcdef"))
    conn.request("GET", "/")
    response = conn.getresponse()
    assert response.fp.read() == b"abcdef"


# -- _read_status overridden (botocore's AWSHTTPResponse) ----------------------------------


def _aws_response_class(module: ModuleType) -> Callable[..., Any]:
    class AWSHTTPResponse(module.HTTPResponse):  # type: ignore[name-defined,misc] # per module
        status_calls = 0

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            self._status_tuple = kwargs.pop("status_tuple")
            super().__init__(*args, **kwargs)

        def _read_status(self) -> Any:
            self.status_calls += 1
            if self._status_tuple is not None:
                status_tuple = self._status_tuple
                self._status_tuple = None
                return status_tuple
            return super()._read_status()

    return AWSHTTPResponse


@pytest.mark.parametrize("kind", FILE_KINDS)
def test_begin_takes_a_replayed_status_line_only_from_read_status(kind: FileKind) -> None:
    """botocore consumed the status line itself; ``fp`` starts at the headers."""

    def scenario(module: ModuleType) -> Any:
        cls = _aws_response_class(module)
        sock = FakeSocket(b"Content-Length: 2\r\nX-A: 1\r\n\r\nno", file_kind=kind)
        response = cls(sock, method="PUT", status_tuple=("HTTP/1.1", 403, "Forbidden"))
        response.begin()
        return (response.status_calls, response.status, response.reason, response.version,
                response.getheaders(), response.read())  # fmt: skip

    assert same_on_both(scenario) == (
        1, 403, "Forbidden", 11, [("Content-Length", "2"), ("X-A", "1")], b"no",
    )  # fmt: skip


@pytest.mark.parametrize("kind", FILE_KINDS)
def test_a_replayed_100_continue_is_skipped_and_the_next_status_read_through_the_hook(
    kind: FileKind,
) -> None:
    def scenario(module: ModuleType) -> Any:
        cls = _aws_response_class(module)
        reply = b"\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
        sock = FakeSocket(reply, file_kind=kind)
        response = cls(sock, method="PUT", status_tuple=("HTTP/1.1", 100, "Continue"))
        response.begin()
        return response.status_calls, response.status, response.read()

    assert same_on_both(scenario) == (2, 200, b"ok")


class AWSConnection(client.HTTPConnection):
    """botocore's expect-100 flow: peek at the reply after the head, replay it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._response_received = False

    def _send_output(self, message_body: Any = None, *args: Any, **kwargs: Any) -> None:
        self._buffer.extend((b"", b""))
        msg = b"\r\n".join(self._buffer)
        del self._buffer[:]
        self.send(msg)
        fp = self.sock.makefile("rb", 0)
        parts = fp.readline().split(None, 2)
        if parts[1] == b"100":
            while fp.readline() not in (b"\r\n", b"\n", b""):
                pass
        else:
            status_tuple = (parts[0].decode("ascii"), int(parts[1]), parts[2].decode("ascii"))
            self.response_class = functools.partial(
                _aws_response_class(client), status_tuple=status_tuple
            )
            self._response_received = True
        if message_body is not None:
            self.send(message_body)

    def send(self, data: Any) -> None:
        if self._response_received:
            return  # botocore drops the body after an early final response
        super().send(data)


def test_botocore_expect_100_flow_drops_the_body_and_replays_the_early_status() -> None:
    sock = FakeSocket(b"HTTP/1.1 403 Forbidden\r\n", b"Content-Length: 6\r\n\r\ndenied")
    conn = connection_on(sock, cls=AWSConnection)
    conn.request("PUT", "/bucket/key", body=b"x" * 1000, headers={"Expect": "100-continue"})
    response = conn.getresponse()
    assert (response.status, response.reason, response.read()) == (403, "Forbidden", b"denied")
    assert sock.sendall_calls == 1
    assert sock.makefile_args == [("rb", 0), ("rb", None)]


def test_botocore_expect_100_flow_sends_the_body_after_100_continue() -> None:
    sock = FakeSocket(
        b"HTTP/1.1 100 Continue\r\n\r\n", b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
    )
    conn = connection_on(sock, cls=AWSConnection)
    conn.request("PUT", "/bucket/key", body=b"payload", headers={"Expect": "100-continue"})
    assert conn.getresponse().status == 200
    assert sock.sent[1:] == [b"payload"]


# -- urllib3's chunked streaming through fp.readline() and _safe_read() ------------------


def _urllib3_read_chunked(response: Any) -> list[bytes]:
    """urllib3 2.x ``HTTPResponse.read_chunked``, reduced to its calls on ``_fp``."""
    chunks = []
    while True:
        line = response.fp.readline()
        chunk_left = int(line.split(b";", 1)[0], 16)
        if chunk_left == 0:
            break
        chunks.append(response._safe_read(chunk_left))
        response._safe_read(2)  # toss the CRLF at the end of the chunk
    while response.fp is not None:
        line = response.fp.readline()
        if not line or line == b"\r\n":
            break
    response.close()
    return chunks


@pytest.mark.parametrize("kind", FILE_KINDS)
def test_urllib3_streams_chunks_through_fp_readline_and_safe_read(kind: FileKind) -> None:
    def scenario(module: ModuleType) -> Any:
        response = begun(module, CHUNKED, kind=kind)
        assert response.chunked
        assert response.fp is not None
        chunks = _urllib3_read_chunked(response)
        return chunks, response.isclosed(), response.closed

    assert same_on_both(scenario) == ([b"hello", b" ", b"world"], True, True)


def test_safe_read_of_a_short_body_raises_the_stdlib_incomplete_read() -> None:
    def scenario(module: ModuleType) -> Any:
        response = begun(module, b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nabc")
        try:
            response._safe_read(10)
        except http.client.IncompleteRead as exc:
            return exc.partial, exc.expected, repr(exc)
        raise AssertionError("no IncompleteRead")

    assert same_on_both(scenario) == (b"abc", 7, "IncompleteRead(3 bytes read, 7 more expected)")


# -- the legacy attributes are views; assigning them reseeds reading ---------------------


def _views(response: Any) -> tuple[Any, ...]:
    return (response.length, response.chunked, response.chunk_left, response.will_close)


@pytest.mark.parametrize(
    "reply",
    [CL10, CHUNKED2, b"HTTP/1.0 200 OK\r\n\r\nx", b"HTTP/1.1 204 No Content\r\n\r\n"],
    ids=["content-length", "chunked", "until-close", "no-content"],
)
def test_length_chunked_chunk_left_and_will_close_read_as_in_http_client(reply: bytes) -> None:
    def scenario(module: ModuleType) -> Any:
        response = module.HTTPResponse(FakeSocket(reply), method="GET")
        before = _views(response)
        response.begin()
        return before, _views(response)

    same_on_both(scenario)


def _reseeding_scenarios() -> dict[str, Callable[[ModuleType], Any]]:
    def shorter_length(module: ModuleType) -> Any:
        response = begun(module, CL10)
        response.read(2)
        response.length = 3
        return response.read(10), response.read(), response.isclosed()

    def length_none_reads_until_close(module: ModuleType) -> Any:
        response = begun(module, CL10 + b"tail")
        response.length = None
        return response.read(), response.isclosed()

    def unchunked_reads_the_framing(module: ModuleType) -> Any:
        response = begun(module, CHUNKED2)
        response.chunked = False
        response.length = None
        return response.read(), response.isclosed()

    def chunk_left_after_reading_the_size_line(module: ModuleType) -> Any:
        response = begun(module, CHUNKED2)
        size = int(response.fp.readline(), 16)
        response.chunk_left = size
        return response.read(3), response.chunk_left, response.read(), response.isclosed()

    def chunk_left_zero_reads_the_chunk_end(module: ModuleType) -> Any:
        response = begun(module, CHUNKED2)
        response.fp.readline()
        response.fp.read(5)
        response.chunk_left = 0
        return response.read(), response.isclosed()

    def length_on_a_chunked_response_is_ignored(module: ModuleType) -> Any:
        response = begun(module, CHUNKED2)
        response.length = None
        return response.read(), response.isclosed()

    def chunked_set_on_a_length_response(module: ModuleType) -> Any:
        response = begun(
            module, b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n2\r\nok\r\n0\r\n\r\n"
        )
        response.chunked = True
        response.chunk_left = None
        return response.read(), response.isclosed()

    return _scenarios(locals())


@pytest.mark.parametrize("name", list(_reseeding_scenarios()))
def test_assigning_a_legacy_attribute_reseeds_reading_as_in_http_client(name: str) -> None:
    """Callers assign ``length``, ``chunk_left`` and ``chunked`` to steer the reads."""
    same_on_both(_reseeding_scenarios()[name])


def test_chunk_left_stays_as_assigned_where_the_body_is_not_chunked() -> None:
    """http.client's begin() sets chunk_left only for a chunked body, and
    switching chunked off leaves it as it was."""

    def scenario(module: ModuleType) -> Any:
        before_begin = module.HTTPResponse(FakeSocket(CL10), method="GET")
        before_begin.chunk_left = 7
        before_begin.begin()
        switched = begun(module, CHUNKED2)
        switched.fp.readline()
        switched.chunk_left = 5
        switched.chunked = False
        after_begin = begun(module, CL10)
        after_begin.chunk_left = 4
        return before_begin.chunk_left, switched.chunk_left, after_begin.chunk_left

    assert same_on_both(scenario) == (7, 5, 4)


# -- framing set by hand, without begin() ------------------------------------------------
#
# Test doubles make a response over a file of body bytes, assign chunked
# and length (or chunk_left) and read it without begin(): http.client reads
# by those attributes alone.

_BODY = b"line one\nline two\ntail"
_CHUNKS = b"4\r\nabcd\r\n3\r\nefg\r\n0\r\n\r\n"


def _set_by_hand(module: ModuleType, data: bytes, **framing: Any) -> Any:
    response = module.HTTPResponse(FakeSocket(data), method="GET")
    for name, value in framing.items():
        setattr(response, name, value)
    return response


def _hand_framed_scenarios() -> dict[str, Callable[[ModuleType], Any]]:
    def read_a_length(module: ModuleType) -> Any:
        response = _set_by_hand(module, _BODY, chunked=False, length=8)
        views = (response.length, response.chunked, response.chunk_left)
        return views, response.read(), response.length, response.isclosed()

    def read_in_pieces(module: ModuleType) -> Any:
        response = _set_by_hand(module, _BODY, chunked=False, length=12)
        return response.read(5), response.length, response.read(), response.read()

    def readinto(module: ModuleType) -> Any:
        response = _set_by_hand(module, _BODY, chunked=False, length=6)
        buffer = bytearray(10)
        return response.readinto(buffer), bytes(buffer), response.isclosed()

    def readline_and_iteration(module: ModuleType) -> Any:
        response = _set_by_hand(module, _BODY, chunked=False, length=len(_BODY))
        return response.readline(), list(response)

    def read1(module: ModuleType) -> Any:
        response = _set_by_hand(module, _BODY, chunked=False, length=4)
        return response.read1(), response.read1()

    def peek(module: ModuleType) -> Any:
        # (past a Content-Length body's end, peek() differs: documented)
        response = _set_by_hand(module, _BODY, chunked=False, length=len(_BODY))
        return response.peek(), response.read()

    def peek_chunked(module: ModuleType) -> Any:
        response = _set_by_hand(module, _CHUNKS, chunked=True, chunk_left=None)
        return response.peek(), response.read()

    def until_close(module: ModuleType) -> Any:
        response = _set_by_hand(module, _BODY, chunked=False, length=None)
        return response.read(), response.isclosed()

    def chunked(module: ModuleType) -> Any:
        response = _set_by_hand(module, _CHUNKS, chunked=True, chunk_left=None)
        return response.read(2), response.chunk_left, response.read(), response.isclosed()

    def chunked_mid_chunk(module: ModuleType) -> Any:
        response = _set_by_hand(module, _CHUNKS[3:], chunked=True, chunk_left=4)
        return response.read(), response.isclosed()

    def then_begin_reads_the_head(module: ModuleType) -> Any:
        response = _set_by_hand(module, CL10, chunked=False, length=3)
        views = (response.length, response.chunked)
        response.begin()
        return views, response.length, response.read(), response.chunk_left

    return _scenarios(locals())


@pytest.mark.parametrize("name", list(_hand_framed_scenarios()))
def test_a_response_framed_by_hand_reads_as_in_http_client(name: str) -> None:
    same_on_both(_hand_framed_scenarios()[name])


def test_assigned_framing_is_kept_where_http_client_keeps_it() -> None:
    """Before begin() every attribute http.client's response holds reads
    back as assigned, as in http.client."""
    held = []
    for module in MODULES:
        response = _set_by_hand(module, _BODY, chunked=False, length=3, chunk_left=None)
        held.append({name: getattr(response, name) for name in _STDLIB_NAMES - {"fp"}})
    assert held[0] == held[1]
    assert (held[1]["chunked"], held[1]["length"], held[1]["chunk_left"]) == (False, 3, None)


@pytest.mark.parametrize(
    "framing",
    [{}, {"length": 3}, {"chunked": False}, {"chunked": True}, {"chunked": False, "length": -1}],
    ids=["nothing", "length-only", "no-length", "no-chunk-left", "negative-length"],
)
def test_reading_without_begin_or_framing_raises_response_not_ready(
    framing: dict[str, Any],
) -> None:
    """Documented difference: http.client fails here with whatever its
    string 'UNKNOWN' meets (TypeError, AssertionError) or reads a negative
    length as 'everything'."""
    response = _set_by_hand(client, _BODY, **framing)
    with pytest.raises(http.client.ResponseNotReady):
        response.read()
    assert response.fp is not None  # nothing was read or released


# -- what a response holds, and begin() through a subclass's attributes ---------------


class _EmptySock:
    def makefile(self, mode: str) -> io.BufferedReader:
        return io.BufferedReader(io.BytesIO(b""))


def _stdlib_names() -> frozenset[str]:
    response = http.client.HTTPResponse(_EmptySock())  # type: ignore[arg-type]
    names = frozenset(vars(response))  # (read while it lives: closing adds a name)
    response.close()
    return names


#: What a new response of http.client's holds.
_STDLIB_NAMES = _stdlib_names()


#: The attributes that are views over the parser here (the one body
#: accountant), read as attributes; and our own private ones.
_VIEWS = frozenset({"chunked", "chunk_left", "length"})
_OURS = frozenset({"_parser", "_drained", "_spare"})


def test_a_new_response_holds_http_clients_attributes_in_its_dict() -> None:
    """vars() of a new response holds http.client's attributes with the
    same values (but for the file), the parser views aside, which read the
    same as attributes (the differences page)."""
    ours = client.HTTPResponse(_EmptySock())
    stdlib = http.client.HTTPResponse(_EmptySock())  # type: ignore[arg-type]
    expected = vars(stdlib) | {"fp": ours.fp}
    assert {name: vars(ours)[name] for name in _STDLIB_NAMES - _VIEWS} == {
        name: expected[name] for name in _STDLIB_NAMES - _VIEWS
    }
    assert {name: getattr(ours, name) for name in _VIEWS} == {
        name: expected[name] for name in _VIEWS
    }
    assert set(vars(ours)) <= (_STDLIB_NAMES - _VIEWS) | _OURS


@pytest.mark.parametrize(
    "reply",
    [
        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n",
        b"HTTP/1.0 200 OK\r\n\r\nok",
    ],
    ids=["length", "chunked", "until-close"],
)
def test_a_read_response_holds_http_clients_attributes_in_its_dict(reply: bytes) -> None:
    """After begin() and the body, vars() holds what http.client's holds,
    with the same values, the parser views aside."""
    responses = [begun(module, reply) for module in MODULES]
    for response in responses:
        response.read()
    stdlib_names = set(vars(responses[0]))
    assert set(vars(responses[1])) == stdlib_names - _VIEWS | (_OURS & set(vars(responses[1])))
    names = stdlib_names - {"fp"}
    held = [{name: getattr(response, name) for name in names} for response in responses]
    # (HTTPMessage compares by identity: its items are compared instead)
    for attributes in held:
        attributes["headers"] = attributes["msg"] = attributes["msg"].items()
    assert held[0] == held[1]
    assert responses[1].fp is responses[0].fp is None


def test_begin_sets_the_head_through_a_subclass_property() -> None:
    """begin() stores the head's attributes by plain attribute stores, so a
    subclass's property setter runs, as in http.client."""
    outcomes = []
    for module in MODULES:

        class Recording(module.HTTPResponse):  # type: ignore[name-defined,misc]
            @property
            def reason(self) -> Any:
                return self.__dict__["_reasons"][-1]

            @reason.setter
            def reason(self, value: Any) -> None:
                self.__dict__.setdefault("_reasons", []).append(value)

        response = Recording(FakeSocket(CL10), method="GET")
        response.begin()
        seen = response.__dict__["_reasons"]
        outcomes.append((seen, response.reason, response.status, response.read()))
    # (__init__ sets it too, to 'UNKNOWN')
    assert outcomes[0] == outcomes[1] == (["UNKNOWN", "OK"], "OK", 200, b"0123456789")


_HEAD_ORDER = ("code", "status", "reason", "version", "headers", "msg", "will_close")


def test_a_subclass_setattr_sees_the_head_stored_as_in_http_client() -> None:
    """begin() sets the head's attributes through a subclass's
    __setattr__, in http.client's order (the parser views aside)."""
    stored = []
    for module in MODULES:

        class Watching(module.HTTPResponse):  # type: ignore[name-defined,misc]
            names: ClassVar[list[str]] = []

            def __setattr__(self, name: str, value: Any) -> None:
                self.names.append(name)
                super().__setattr__(name, value)

        response = Watching(FakeSocket(CL10), method="GET")
        Watching.names.clear()
        response.begin()
        stored.append([name for name in Watching.names if name in _HEAD_ORDER])
        assert response.read() == b"0123456789"
    assert stored[0] == stored[1] == list(_HEAD_ORDER)


@pytest.mark.parametrize("name", ["headers", "fp", "_method", "debuglevel"])
def test_begin_on_a_response_missing_an_attribute_raises_attribute_error(name: str) -> None:
    """begin() reads its attributes as stored; one a caller deleted
    still raises what http.client raises."""
    for module in MODULES:
        response = module.HTTPResponse(FakeSocket(CL10), method="GET")
        delattr(response, name)
        with pytest.raises(AttributeError):
            response.begin()


def test_a_subclass_whose_init_skips_ours_reads_no_parser() -> None:
    """As a recording's replay does (vcrpy): no __init__ of ours ran."""

    class Replay(client.HTTPResponse):
        def __init__(self, body: bytes) -> None:
            self.fp = None
            self.status = 200
            self._body = io.BytesIO(body)

        def read(self, amt: int | None = None) -> bytes:
            return self._body.read(amt)

    response = Replay(b"ok")
    assert (response.length, response.chunked, response.chunk_left) == ("UNKNOWN",) * 3
    response.length = 2
    response.chunked = False
    assert response.read() == b"ok"
    assert response.isclosed()
    response.close()
    assert response.closed


def test_a_response_initialised_again_reads_a_new_response() -> None:
    """``__init__`` called again on a begun response starts it afresh, as
    http.client's does: a new file, a new head, a new body."""
    replies = [CL10, b"HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\nno"]
    outcomes = []
    for module in MODULES:
        response = module.HTTPResponse(FakeSocket(replies[0]), method="GET")
        response.begin()
        response.__init__(FakeSocket(replies[1]), method="GET")
        response.begin()
        outcomes.append((response.status, response.read(), response.isclosed()))
    assert outcomes[0] == outcomes[1] == (404, b"no", True)
    # Before the new begin(), nothing of the first response's framing is
    # left: a read is refused as on any new response (the differences page).
    ours = client.HTTPResponse(FakeSocket(replies[0]), method="GET")
    ours.begin()
    client.HTTPResponse.__init__(ours, FakeSocket(replies[1]), method="GET")
    with pytest.raises(http.client.ResponseNotReady):
        ours.read()
