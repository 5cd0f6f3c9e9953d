"""The module namespace: every name ``http.client`` has, with the same meaning."""

from __future__ import annotations

import http
import http.client
from typing import Any

import pytest

import httpclient_compat as client

stdlib: Any = http.client  # its private helpers are not in the stubs

#: Names whose value is the module's own by nature, so only presence is checked.
MODULE_METADATA = {
    "__builtins__", "__cached__", "__doc__", "__file__", "__loader__", "__name__",
    "__package__", "__spec__", "__all__",
}  # fmt: skip

#: Names that must be the very same objects as http.client's.
SAME_OBJECTS = [
    "HTTP_PORT", "HTTPS_PORT", "HTTPMessage", "error", "HTTPException", "IncompleteRead",
    "RemoteDisconnected", "_MAXHEADERS", "_UNKNOWN", "_CS_IDLE", "socket", "email", "io", "re",
    "sys", "errno", "collections", "http", "urlsplit",
]  # fmt: skip


@pytest.mark.parametrize("name", sorted(set(dir(http.client)) - MODULE_METADATA))
def test_every_name_http_client_has_exists_in_httpclient_compat(name: str) -> None:
    """No exceptions: callers reach for private names too (``_MAXLINE``,
    ``_read_headers``, ``_is_legal_header_name``, ``_contains_disallowed_url_pchar_re``)."""
    assert hasattr(client, name)


def test_all_lists_the_same_names_as_http_client() -> None:
    assert sorted(client.__all__) == sorted(http.client.__all__)
    assert len(set(client.__all__)) == len(client.__all__)
    for name in client.__all__:
        assert hasattr(client, name)


@pytest.mark.parametrize("name", SAME_OBJECTS)
def test_shared_names_are_the_same_objects(name: str) -> None:
    assert getattr(client, name) == getattr(http.client, name)
    if not isinstance(getattr(http.client, name), (int, str)):
        assert getattr(client, name) is getattr(http.client, name)


@pytest.mark.parametrize("name", list(http.HTTPStatus.__members__))
def test_status_constants_are_the_same_int_enum_members(name: str) -> None:
    ours = getattr(client, name)
    assert ours is getattr(http.client, name)
    assert isinstance(ours, http.HTTPStatus)


def test_responses_equal_http_clients() -> None:
    assert client.responses == http.client.responses
    assert client.responses[http.HTTPStatus.NOT_FOUND] == "Not Found"
    assert 404 in client.responses


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("_MAXLINE", 65536),
        ("_MAXHEADERS", 100),
        ("_CS_REQ_STARTED", "Request-started"),
        ("_CS_REQ_SENT", "Request-sent"),
        ("_METHODS_EXPECTING_BODY", {"PATCH", "POST", "PUT"}),
    ],
)
def test_private_constants_have_http_clients_values(name: str, value: object) -> None:
    assert getattr(client, name) == getattr(http.client, name) == value


def test_https_connection_is_available_as_in_http_client() -> None:
    assert client.HTTPSConnection.default_port == 443
    assert issubclass(client.HTTPSConnection, http.client.HTTPSConnection)
    assert client.ssl is vars(http.client)["ssl"]


def test_private_helpers_behave_as_http_clients() -> None:
    assert client._encode("abc") == stdlib._encode("abc") == b"abc"
    with pytest.raises(UnicodeEncodeError) as raised:
        client._encode("\u20ac", "body")
    with pytest.raises(UnicodeEncodeError) as stdlib_raised:
        stdlib._encode("\u20ac", "body")
    assert raised.value.reason == stdlib_raised.value.reason
    for host in (b"[fe80::1%eth0]", b"example.com"):
        assert client._strip_ipv6_iface(host) == stdlib._strip_ipv6_iface(host)
