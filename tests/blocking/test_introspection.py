"""Our classes and functions seen through ``inspect`` and subclasses, as the
stdlib's are: source found for every public name, a response over a
``Mock()``, and a subclass with its own ``__init__`` and attributes.
"""

from __future__ import annotations

import http.client
import inspect
import io
import re
import sys
import types
from typing import Any
from unittest import mock

import pytest

import httpclient_compat
import httpclient_compat._core as core

_PUBLIC = [
    httpclient_compat.HTTPConnection,
    httpclient_compat.HTTPSConnection,
    httpclient_compat.HTTPResponse,
    httpclient_compat.parse_headers,
    httpclient_compat.install,
    httpclient_compat.installed,
]
_CORE = [
    getattr(core, name)
    for name in core.__all__
    # (a type alias such as tuple[str, str] passes isclass() before 3.11)
    if type(getattr(core, name)) is not types.GenericAlias
    and (inspect.isclass(getattr(core, name)) or inspect.isfunction(getattr(core, name)))
]


@pytest.mark.parametrize("obj", _PUBLIC + _CORE, ids=lambda obj: obj.__qualname__)
def test_inspect_finds_the_source_of_every_class_and_function(obj: Any) -> None:
    """The module an object names is the one that defines it."""
    source = inspect.getsource(obj)
    assert re.match(rf"(@.*\n)*(class|def) {obj.__name__}\b", source), source[:80]
    assert inspect.getsourcefile(inspect.unwrap(obj)) == inspect.getsourcefile(
        sys.modules[obj.__module__]
    )


_REPLY = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: b\r\n\r\nhello"


def _mock_socket() -> mock.Mock:
    sock = mock.Mock()
    sock.makefile.return_value = io.BytesIO(_REPLY)
    return sock


@pytest.mark.parametrize("module", [http.client, httpclient_compat], ids=["http.client", "ours"])
def test_a_response_over_a_mock_reads_as_the_stdlibs(module: Any) -> None:
    response = module.HTTPResponse(_mock_socket(), method="GET")
    response.begin()
    assert (response.status, response.getheader("X-A"), response.read()) == (200, "b", b"hello")
    assert response.isclosed()


def _subclass_of(base: type[Any]) -> type[Any]:
    class Recording(base):  # type: ignore[misc] # a subclass of either module's
        """A response subclass with an ``__init__`` and attributes of its own."""

        def __init__(self, sock: Any, *args: Any, **kwargs: Any) -> None:
            self.seen: list[str] = ["init"]
            super().__init__(sock, *args, **kwargs)
            self.label = "recorded"

        def begin(self) -> None:
            self.seen.append("begin")
            super().begin()

    return Recording


@pytest.mark.parametrize("module", [http.client, httpclient_compat], ids=["http.client", "ours"])
def test_a_subclass_with_its_own_init_and_attributes_keeps_them(module: Any) -> None:
    response = _subclass_of(module.HTTPResponse)(_mock_socket(), method="GET")
    response.begin()
    assert response.read() == b"hello"
    assert (response.seen, response.label) == (["init", "begin"], "recorded")
    assert {"seen", "label"} <= vars(response).keys()


#: What our connection holds that http.client's does not (docs/differences):
#: the parked reader, 3.15's max_response_headers, 3.12's proxy headers and
#: continue_timeout; http.client's instance-level _create_connection is a
#: method here.
_OUR_CONNECTION_STATE = {
    "_spare", "max_response_headers", "_raw_proxy_headers", "continue_timeout", "total_timeout",
}  # fmt: skip


@pytest.mark.parametrize("name", ["HTTPConnection", "HTTPSConnection"])
def test_vars_of_a_connection_are_the_stdlibs_in_its_order(name: str) -> None:
    """__init__ swaps the instance's dict for a copy (a speed-up): what
    vars() shows, and its order, must not change."""
    stdlib = getattr(http.client, name)("example.com", 8080)
    ours = getattr(httpclient_compat, name)("example.com", 8080)
    theirs = [key for key in vars(stdlib) if key != "_create_connection"]
    assert [key for key in vars(ours) if key not in _OUR_CONNECTION_STATE] == theirs
    assert vars(ours) is ours.__dict__
    ours.label = "set later"
    assert vars(ours)["label"] == "set later"


def test_a_subclass_keeps_what_it_set_before_calling_init() -> None:
    class Early(httpclient_compat.HTTPConnection):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            self.early = "kept"
            super().__init__(*args, **kwargs)

    conn = Early("example.com")
    assert (conn.early, conn.host) == ("kept", "example.com")
    assert next(iter(vars(conn))) == "early"
