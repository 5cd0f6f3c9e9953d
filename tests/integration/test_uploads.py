"""Uploads over loopback: a regular file goes through ``socket.sendfile``
where nothing can tell, and the server receives the stdlib's bytes for
every file body either way."""

from __future__ import annotations

import array
import contextlib
import http.client
import io
import mmap
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

import httpclient_compat as client

from .servers import TIMEOUT, TLS, Peer, RawServer

CONTENT = bytes(range(256)) * 1200  # 300 KiB: several blocks and sendfile calls
LENGTH = {"Content-Length": str(len(CONTENT))}


def _answer(peer: Peer, server: RawServer) -> None:
    while peer.read_request() is not None:
        peer.send(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")


@pytest.fixture
def upload_file(tmp_path: Path) -> Path:
    path = tmp_path / "upload.bin"
    path.write_bytes(CONTENT)
    return path


def _upload(
    module: Any,
    body: Any,
    headers: dict[str, str],
    *,
    connection: Callable[..., Any] | None = None,
    tls: TLS | None = None,
    debuglevel: int = 0,
) -> bytes:
    """Everything the server received for one request with *body*."""
    with RawServer(_answer, tls=None if tls is None else tls.server_context) as server:
        if connection is not None:
            conn = connection("127.0.0.1", server.port, timeout=TIMEOUT)
        elif tls is not None:
            conn = module.HTTPSConnection(
                "localhost", server.port, timeout=TIMEOUT, context=tls.client_context
            )
        else:
            conn = module.HTTPConnection("127.0.0.1", server.port, timeout=TIMEOUT)
        conn.set_debuglevel(debuglevel)
        try:
            # One Host for every server, so that the bytes compare.
            conn.request("PUT", "/up", body=body, headers={"Host": "up.test", **headers})
            assert conn.getresponse().read() == b""
        finally:
            conn.close()
    return bytes(server.peers[0].received)


@contextlib.contextmanager
def _sendfile_calls() -> Iterator[list[Any]]:
    """The os.sendfile calls made meanwhile (socket.sendfile makes them)."""
    calls: list[Any] = []
    real = os.sendfile

    def spy(*args: Any) -> int:
        calls.append(args)
        return real(*args)

    with mock.patch("os.sendfile", spy):
        yield calls


def _both(path: Path, headers: dict[str, str], **kwargs: Any) -> tuple[bytes, bytes, int]:
    """The stdlib's bytes, ours, and how many os.sendfile calls ours made."""
    with path.open("rb") as body:
        stdlib = _upload(http.client, body, headers, **kwargs)
    with path.open("rb") as body, _sendfile_calls() as calls:
        ours = _upload(client, body, headers, **kwargs)
    return stdlib, ours, len(calls)


def test_a_file_with_content_length_goes_through_sendfile_with_the_stdlibs_bytes(
    upload_file: Path,
) -> None:
    stdlib, ours, sendfiles = _both(upload_file, LENGTH)
    assert ours == stdlib
    assert ours.endswith(b"\r\n\r\n" + CONTENT)
    assert sendfiles >= 1


@pytest.mark.parametrize("buffering", [-1, 0], ids=["buffered", "unbuffered"])
def test_sendfile_starts_at_the_files_position_and_leaves_it_at_the_end(
    upload_file: Path, buffering: int
) -> None:
    with upload_file.open("rb", buffering=buffering) as body, _sendfile_calls() as calls:
        body.read(1000)  # a buffered file reads ahead: tell() is what counts
        received = _upload(client, body, {"Content-Length": str(len(CONTENT) - 1000)})
        assert body.tell() == len(CONTENT)
    assert received.endswith(b"\r\n\r\n" + CONTENT[1000:])
    assert calls


def test_a_file_without_a_length_is_chunked_as_by_the_stdlib(upload_file: Path) -> None:
    stdlib, ours, sendfiles = _both(upload_file, {})
    assert ours == stdlib
    assert b"Transfer-Encoding: chunked" in ours
    assert sendfiles == 0


def test_a_text_file_is_read_and_encoded_as_by_the_stdlib(tmp_path: Path) -> None:
    path = tmp_path / "text.txt"
    path.write_text("caf\xe9 " * 5000, encoding="latin-1")
    headers = {"Content-Length": str(path.stat().st_size)}
    with path.open(encoding="latin-1") as body:
        stdlib = _upload(http.client, body, headers)
    with path.open(encoding="latin-1") as body, _sendfile_calls() as calls:
        ours = _upload(client, body, headers)
    assert ours == stdlib
    assert not calls


def test_a_pipe_is_read_block_by_block(upload_file: Path) -> None:
    read_end, write_end = os.pipe()
    os.write(write_end, CONTENT[:60000])
    os.close(write_end)
    with open(read_end, "rb") as body, _sendfile_calls() as calls:
        received = _upload(client, body, {"Content-Length": "60000"})
    assert received.endswith(CONTENT[:60000])
    assert not calls


def test_tls_takes_the_block_loop(upload_file: Path, tls: TLS) -> None:
    assert _both(upload_file, LENGTH, tls=tls)[2] == 0


def test_debug_output_takes_the_block_loop(
    upload_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, _, sendfiles = _both(upload_file, LENGTH, debuglevel=1)
    assert sendfiles == 0
    lines = capsys.readouterr().out.splitlines()
    half = len(lines) // 2
    assert lines[:half] == lines[half:], "the same debug output as the stdlib's"


def test_a_send_override_sees_every_block(upload_file: Path) -> None:
    seen: list[int] = []

    class Watching(client.HTTPConnection):
        def send(self, data: Any) -> None:
            seen.append(len(data))
            super().send(data)

    with upload_file.open("rb") as body, _sendfile_calls() as calls:
        _upload(client, body, LENGTH, connection=Watching)
    assert not calls
    assert sum(seen[1:]) == len(CONTENT)  # the head, then every block


def test_the_audit_event_is_raised_once_with_the_file(upload_file: Path) -> None:
    """A difference (docs/differences.rst): the stdlib raises it per block,
    with the block's bytes."""
    with upload_file.open("rb") as body, _audited_sends() as events:
        _upload(client, body, LENGTH)
    assert len(events) == 2
    assert isinstance(events[0], bytes)  # the head
    assert events[1] is body


@contextlib.contextmanager
def _audited_sends() -> Iterator[list[Any]]:
    """What the ``http.client.send`` audit events carry meanwhile."""
    events: list[Any] = []
    state = {"watching": True}

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if state["watching"] and event == "http.client.send":
            events.append(args[1])

    sys.addaudithook(hook)  # hooks cannot be removed: this one stops watching
    try:
        yield events
    finally:
        state["watching"] = False


def _blocks() -> Iterator[Any]:
    yield b"first"
    yield bytearray(b"second")
    yield b""  # skipped, as by the stdlib
    yield memoryview(b"third")
    yield array.array("B", b"fourth")
    yield CONTENT


def test_chunks_go_without_a_copy_with_the_stdlibs_bytes() -> None:
    stdlib = _upload(http.client, _blocks(), {})
    with _audited_sends() as sends:
        ours = _upload(client, _blocks(), {})
    assert ours == stdlib
    assert b"\r\n6\r\nsecond\r\n" in ours
    # bytes and bytearray chunks went by sendmsg, their data alone audited;
    # the others joined to their framing, as the stdlib sends them.
    assert sends[1:] == [b"first", b"second", b"5\r\nthird\r\n", b"6\r\nfourth\r\n",
                         CONTENT, b"0\r\n\r\n"]  # fmt: skip


class _TrickleSocket:
    """A socket whose sendmsg takes a few bytes at a time."""

    def __init__(self) -> None:
        self.sent = bytearray()

    def sendmsg(self, parts: list[Any]) -> int:
        joined = b"".join(bytes(part) for part in parts)
        taken = joined[: 1 + len(self.sent) % 4]
        self.sent += taken
        return len(taken)


def test_a_partial_sendmsg_sends_the_rest() -> None:
    from httpclient_compat._blocking.sending import _send_chunk

    sock = _TrickleSocket()
    _send_chunk(client.HTTPConnection("example.com"), sock, b"0123456789abcdef" * 3)
    assert bytes(sock.sent) == b"30\r\n" + b"0123456789abcdef" * 3 + b"\r\n"


BIG = 64 << 20


def _refuse_after_a_mib(answer: bool) -> Any:
    """Read the head and the first MiB of the body, then answer 413 (or
    not) and close with the rest unread, which resets the connection."""

    def handler(peer: Peer, server: RawServer) -> None:
        assert peer.read_request(body=False) is not None
        peer.read_exactly(1 << 20)
        if answer:
            peer.send(b"HTTP/1.1 413 Content Too Large\r\nContent-Length: 7\r\n\r\ntoo big")
        peer.close()

    return handler


def _big_bodies(tmp_path: Path) -> Iterator[tuple[str, Any, dict[str, str]]]:
    path = tmp_path / "big.bin"
    with path.open("wb") as f:
        f.truncate(BIG)
    block = b"x" * (1 << 16)
    yield "bytes", b"x" * BIG, {}
    with path.open("rb") as file:
        yield "file", file, {"Content-Length": str(BIG)}
    yield "chunked iterable", (block for _ in range(BIG >> 16)), {}


def test_an_answer_before_the_body_ends_is_returned(tmp_path: Path) -> None:
    """The stdlib raises from request() and the 413 is lost; here the body
    stops, getresponse() returns the 413 and its body, and the connection
    is not reused."""
    for kind, body, headers in _big_bodies(tmp_path):
        with RawServer(_refuse_after_a_mib(answer=True)) as server:
            conn = client.HTTPConnection("127.0.0.1", server.port, timeout=TIMEOUT)
            conn.request("PUT", "/up", body=body, headers=headers)
            response = conn.getresponse()
            assert (response.status, response.read()) == (413, b"too big"), kind
            assert conn.sock is None, kind
            conn.close()


def test_a_server_that_closes_without_answering_raises_the_send_error(tmp_path: Path) -> None:
    for kind, body, headers in _big_bodies(tmp_path):
        with RawServer(_refuse_after_a_mib(answer=False)) as server:
            conn = client.HTTPConnection("127.0.0.1", server.port, timeout=TIMEOUT)
            with pytest.raises((BrokenPipeError, ConnectionResetError)):
                conn.request("PUT", "/up", body=body, headers=headers)
            conn.close()
            assert kind


def _spy_blocks_read_into() -> Any:
    from httpclient_compat._blocking import sending

    return mock.patch.object(sending, "_blocks_read_into", side_effect=sending._blocks_read_into)


@pytest.mark.parametrize("headers", [LENGTH, {}], ids=["Content-Length", "chunked"])
def test_other_binary_files_are_read_into_one_buffer(headers: dict[str, str]) -> None:
    stdlib = _upload(http.client, io.BytesIO(CONTENT), headers)
    with _spy_blocks_read_into() as spy:
        ours = _upload(client, io.BytesIO(CONTENT), headers)
    assert ours == stdlib
    assert spy.call_count == 1


def test_a_read_readable_override_is_still_called(upload_file: Path) -> None:
    seen: list[int] = []

    class Reading(client.HTTPConnection):
        def _read_readable(self, readable: Any) -> Iterator[bytes]:
            for block in super()._read_readable(readable):
                seen.append(len(block))
                yield block

    with upload_file.open("rb") as body, _spy_blocks_read_into() as spy:
        _upload(client, body, {}, connection=Reading)
    assert sum(seen) == len(CONTENT)
    assert spy.call_count == 0


@pytest.mark.parametrize("headers", [LENGTH, {}], ids=["Content-Length", "chunked"])
def test_a_mmap_is_sent_from_its_position_without_a_copy(
    upload_file: Path, headers: dict[str, str]
) -> None:
    with upload_file.open("rb") as file:
        stdlib_map = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        ours_map = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    for mapped in (stdlib_map, ours_map):
        mapped.seek(100)
    headers = {"Content-Length": str(len(CONTENT) - 100)} if headers else {}
    from httpclient_compat._blocking import sending

    stdlib = _upload(http.client, stdlib_map, headers)
    with mock.patch.object(
        sending, "_blocks_of_mmap", side_effect=sending._blocks_of_mmap
    ) as views:
        ours = _upload(client, ours_map, headers)
    assert views.call_count == 1
    assert ours == stdlib
    assert ours_map.tell() == stdlib_map.tell() == len(CONTENT)
    ours_map.close()  # no view of it is left
    stdlib_map.close()


@pytest.mark.parametrize("kind", ["bytes", "chunked iterable"])
def test_over_tls_an_answer_before_the_body_ends_is_returned(kind: str, tls: TLS) -> None:
    block = b"x" * (1 << 16)
    body: Any = b"x" * BIG if kind == "bytes" else (block for _ in range(BIG >> 16))
    handler = _refuse_after_a_mib(answer=True)
    with RawServer(handler, tls=tls.server_context) as server:
        conn = client.HTTPSConnection(
            "localhost", server.port, timeout=TIMEOUT, context=tls.client_context
        )
        conn.request("PUT", "/up", body=body)
        response = conn.getresponse()
        assert (response.status, response.read()) == (413, b"too big")
        assert conn.sock is None
        conn.close()
