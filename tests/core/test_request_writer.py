"""The request side of the core, held against http.client where it is right.

Request lines, Host values, chunk framing, CONNECT heads and the Latin-1
encoding of text, each compared with what a stdlib ``HTTPConnection``
builds in its ``_buffer`` without ever connecting.
"""

from __future__ import annotations

import http.client
import sys
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from httpclient_compat._core import (
    CHUNK_SUFFIX,
    LAST_CHUNK,
    ErrorKind,
    LocalProtocolError,
    ProtocolError,
    chunk_prefix,
    encode_latin1,
    host_header,
    request_head,
    request_line,
    strip_ipv6_zone,
    tunnel_request,
    validate_host,
    validate_method,
    validate_target,
    wrap_ipv6,
)

_stdlib_encode: Callable[[str, str], bytes] = vars(http.client)["_encode"]
# 3.11 and later; None before, where http.client sent the zone as it was.
_stdlib_strip_zone: Callable[[bytes], bytes] | None = vars(http.client).get("_strip_ipv6_iface")
_needs_stdlib_strip = pytest.mark.skipif(
    _stdlib_strip_zone is None, reason="http.client before 3.11 has no _strip_ipv6_iface"
)

#: Every character http.client refuses in a request target or host.
URL_CONTROLS = [chr(code) for code in range(0x21)] + ["\x7f"]


def stdlib_buffer(conn: http.client.HTTPConnection) -> list[bytes]:
    """The lines a stdlib connection has buffered but not sent."""
    buffer: list[bytes] = vars(conn)["_buffer"]
    return buffer


def stdlib_host(host: str, port: int | None, url: str, tunnel: tuple[str, int] | None) -> bytes:
    """The Host value http.client's ``putrequest`` buffers for this request."""
    conn = http.client.HTTPConnection(host, port)
    if tunnel is not None:
        conn.set_tunnel(*tunnel)
    conn.putrequest("GET", url)
    host_line = stdlib_buffer(conn)[1]
    assert host_line.startswith(b"Host: ")
    return host_line[len(b"Host: ") :]


def as_sent(value: bytes | str) -> bytes:
    """A Host value as putheader puts it on the wire (str as Latin-1)."""
    return value.encode("latin-1") if isinstance(value, str) else value


def our_host(host: str, port: int | None, url: str, tunnel: tuple[str, int] | None) -> bytes:
    """Our Host value for the host and port http.client's constructor keeps."""
    conn = http.client.HTTPConnection(host, port)
    if tunnel is not None:
        return as_sent(host_header(url, tunnel[0], tunnel[1], conn.default_port))
    return as_sent(host_header(url, conn.host, conn.port, conn.default_port))


def raised(call: Callable[[], object]) -> ProtocolError:
    """The core error *call* raises (fails the test if it raises none)."""
    with pytest.raises(ProtocolError) as info:
        call()
    return info.value


# -- request line ------------------------------------------------------------


def test_request_line_joins_method_target_and_version() -> None:
    assert request_line("GET", "/a?b=c", "HTTP/1.1") == "GET /a?b=c HTTP/1.1"


def test_request_line_sends_an_empty_target_as_slash_like_the_stdlib() -> None:
    conn = http.client.HTTPConnection("example.com", 80)
    conn.putrequest("GET", "", skip_host=True, skip_accept_encoding=True)
    assert request_line("GET", "", "HTTP/1.1") == "GET / HTTP/1.1"
    assert stdlib_buffer(conn)[0] == b"GET / HTTP/1.1"


@pytest.mark.parametrize(
    ("method", "target"),
    [("GET", "/"), ("POST", "/x?y=1&z=%20"), ("OPTIONS", "*"), ("GET", "http://h:8/p")],
)
def test_request_line_matches_the_stdlib_first_buffered_line(method: str, target: str) -> None:
    conn = http.client.HTTPConnection("example.com", 80)
    conn.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
    ours = request_line(method, target, "HTTP/1.1").encode("ascii")
    assert ours == stdlib_buffer(conn)[0]


@pytest.mark.parametrize("char", [chr(code) for code in range(0x20)])
def test_method_with_a_control_is_refused_with_the_stdlib_message(char: str) -> None:
    method = f"GE{char}T"
    error = raised(lambda: request_line(method, "/", "HTTP/1.1"))
    assert type(error) is LocalProtocolError
    assert error.kind is ErrorKind.INVALID_METHOD
    conn = http.client.HTTPConnection("example.com", 80)
    with pytest.raises(ValueError) as stdlib:
        conn.putrequest(method, "/")
    assert str(error) == str(stdlib.value)
    assert error.args == (
        f"method can't contain control characters. {method!r} (found at least {char!r})",
    )


@pytest.mark.parametrize("char", [" ", "\x7f"])
def test_method_with_space_or_del_is_refused_although_the_stdlib_sends_it(char: str) -> None:
    """Our difference: SP and DEL would split or corrupt the request line."""
    method = f"GE{char}T"
    conn = http.client.HTTPConnection("example.com", 80)
    conn.putrequest(method, "/", skip_host=True, skip_accept_encoding=True)
    assert stdlib_buffer(conn)[0] == f"{method} / HTTP/1.1".encode("ascii")
    error = raised(lambda: validate_method(method))
    assert error.kind is ErrorKind.INVALID_METHOD
    assert error.args == (
        f"method can't contain control characters. {method!r} (found at least {char!r})",
    )


def test_method_reports_the_first_forbidden_character() -> None:
    error = raised(lambda: validate_method("G\nE\rT"))
    assert str(error).endswith("(found at least '\\n')")


@pytest.mark.parametrize("char", URL_CONTROLS)
def test_target_with_a_control_space_or_del_is_refused_as_the_stdlib_does(char: str) -> None:
    target = f"/a{char}b"
    error = raised(lambda: request_line("GET", target, "HTTP/1.1"))
    assert type(error) is LocalProtocolError
    assert error.kind is ErrorKind.INVALID_URL
    conn = http.client.HTTPConnection("example.com", 80)
    with pytest.raises(http.client.InvalidURL) as stdlib:
        conn.putrequest("GET", target)
    assert str(error) == str(stdlib.value)


@pytest.mark.parametrize(
    "target",
    ["/?x=1\r\nX: y", "/?x=1 HTTP/1.1\r\nX-Injected: 1", "/ a", "/\x7f", "/\r\n\r\nGET /"],
)
def test_cve_2019_9740_targets_are_refused_before_any_byte(target: str) -> None:
    error = raised(lambda: validate_target(target))
    assert error.kind is ErrorKind.INVALID_URL
    assert str(error).startswith(f"URL can't contain control characters. {target!r}")


def test_request_line_leaves_non_ascii_targets_to_the_ascii_encoding() -> None:
    """http.client refuses them only when it encodes the line as ASCII."""
    line = request_line("GET", "/caf\xe9", "HTTP/1.1")
    with pytest.raises(UnicodeEncodeError):
        line.encode("ascii")


def test_method_is_checked_before_the_target() -> None:
    error = raised(lambda: request_line("G T", "/ x", "HTTP/1.1"))
    assert error.kind is ErrorKind.INVALID_METHOD


@pytest.mark.parametrize("host", ["host\r\nX: y", "a b", "h\x00", "h\x7f", "\tx"])
def test_host_with_control_or_space_is_refused_with_the_stdlib_message(host: str) -> None:
    """CVE-2019-18348: CRLF in the host part."""
    error = raised(lambda: validate_host(host))
    assert error.kind is ErrorKind.INVALID_URL
    with pytest.raises(http.client.InvalidURL) as stdlib:
        http.client.HTTPConnection(host, 80)
    assert str(error) == str(stdlib.value)


@pytest.mark.parametrize("host", ["example.com", "::1", "fe80::1%eth0", "b\xfccher.de"])
def test_host_without_controls_passes_validation(host: str) -> None:
    validate_host(host)


# -- Host ------------------------------------------------------------------

HOST_CASES = [
    pytest.param("example.com", 80, "/", None, id="default-port"),
    pytest.param("example.com", 8080, "/", None, id="other-port"),
    pytest.param("example.com:8080", None, "/", None, id="port-in-host"),
    pytest.param("::1", 80, "/", None, id="ipv6"),
    pytest.param("::1", 8080, "/", None, id="ipv6-port"),
    pytest.param("[::1]:8080", None, "/", None, id="ipv6-bracketed-port"),
    pytest.param("fe80::1%eth0", 80, "/", None, id="ipv6-zone", marks=_needs_stdlib_strip),
    pytest.param("fe80::1%eth0", 8080, "/", None, id="ipv6-zone-port", marks=_needs_stdlib_strip),
    pytest.param("b\xfccher.de", 80, "/", None, id="idna"),
    pytest.param("b\xfccher.de", 81, "/", None, id="idna-port"),
    pytest.param("proxy", 3128, "http://example.com:8080/x", None, id="absolute-port"),
    pytest.param("proxy", 3128, "http://example.com/x", None, id="absolute"),
    pytest.param("proxy", 3128, "https://a.b:443/x", None, id="absolute-https"),
    pytest.param("proxy", 3128, "http://[::1]:8080/x", None, id="absolute-ipv6-port"),
    pytest.param(
        "proxy",
        3128,
        "http://[fe80::1%25eth0]/x",
        None,
        id="absolute-ipv6-zone",
        marks=_needs_stdlib_strip,
    ),
    pytest.param("proxy", 3128, "HTTP://a.b/x", None, id="upper-scheme-is-not-absolute"),
    pytest.param("proxy", 3128, "httpfoo", None, id="http-prefix-no-netloc"),
    pytest.param("proxy", 3128, "*", None, id="asterisk"),
    pytest.param("proxy", 3128, "/", ("example.org", 80), id="tunnel-default-port"),
    pytest.param("proxy", 3128, "/", ("example.org", 443), id="tunnel-port"),
    pytest.param(
        "proxy", 3128, "/", ("fe80::1%eth0", 443), id="tunnel-ipv6-zone", marks=_needs_stdlib_strip
    ),
]


@pytest.mark.parametrize(("host", "port", "url", "tunnel"), HOST_CASES)
def test_host_header_matches_what_the_stdlib_buffers(
    host: str, port: int | None, url: str, tunnel: tuple[str, int] | None
) -> None:
    assert our_host(host, port, url, tunnel) == stdlib_host(host, port, url, tunnel)


@pytest.mark.parametrize(
    ("host", "port", "expected"),
    [
        ("example.com", 80, b"example.com"),
        ("example.com", 8080, b"example.com:8080"),
        ("::1", 80, b"[::1]"),
        ("fe80::1%eth0", 80, b"[fe80::1]"),
        ("fe80::1%eth0", 81, b"[fe80::1]:81"),
        ("b\xfccher.de", 80, b"xn--bcher-kva.de"),
    ],
)
def test_host_header_spells_the_value_out(host: str, port: int, expected: bytes) -> None:
    assert as_sent(host_header("/", host, port, 80)) == expected


def test_host_header_keeps_the_port_of_an_absolute_ipv6_zone_url() -> None:
    """Our difference: http.client drops ``:8080`` with the zone."""
    url = "http://[fe80::1%25eth0]:8080/x"
    assert host_header(url, "proxy", 3128, 80) == b"[fe80::1]:8080"
    if _stdlib_strip_zone is not None:  # before 3.11 it sends the zone
        assert stdlib_host("proxy", 3128, url, None) == b"[fe80::1]"


def test_host_header_idna_encodes_an_absolute_url_netloc() -> None:
    assert host_header("http://b\xfccher.de/x", "proxy", 3128, 80) == b"xn--bcher-kva.de"


def test_host_header_uses_the_given_default_port() -> None:
    assert host_header("/", "example.com", 443, 443) == b"example.com"
    assert host_header("/", "example.com", 80, 443) == "example.com:80"  # str, as http.client


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        (b"[fe80::1%eth0]", b"[fe80::1]"),
        (b"[fe80::1%25eth0]", b"[fe80::1]"),
        (b"[fe80::1%eth0", b"[fe80::1]"),
        (b"[::1]", b"[::1]"),
        (b"example.com", b"example.com"),
        (b"example.com:80", b"example.com:80"),
    ],
)
def test_strip_ipv6_zone_leaves_no_zone_without_a_port(host: bytes, expected: bytes) -> None:
    assert strip_ipv6_zone(host) == expected


@_needs_stdlib_strip
@pytest.mark.parametrize("host", [b"[fe80::1%eth0]", b"[fe80::1%25eth0]", b"[::1]", b"a.b:80"])
def test_strip_ipv6_zone_agrees_with_the_stdlib_without_a_port(host: bytes) -> None:
    assert _stdlib_strip_zone is not None
    assert strip_ipv6_zone(host) == _stdlib_strip_zone(host)


def test_strip_ipv6_zone_keeps_a_port_after_the_bracket() -> None:
    assert strip_ipv6_zone(b"[fe80::1%eth0]:8080") == b"[fe80::1]:8080"


@_needs_stdlib_strip
def test_the_stdlibs_strip_drops_a_port_after_the_bracket() -> None:
    assert _stdlib_strip_zone is not None
    assert _stdlib_strip_zone(b"[fe80::1%eth0]:8080") == b"[fe80::1]"


def test_strip_ipv6_zone_leaves_an_unbracketed_percent_alone() -> None:
    """Only a bracketed literal has a zone; http.client asserts here instead."""
    assert strip_ipv6_zone(b"a%b") == b"a%b"


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        (b"::1", b"[::1]"),
        (b"fe80::1%eth0", b"[fe80::1%eth0]"),
        (b"[::1]", b"[::1]"),
        (b"example.com", b"example.com"),
        (b"", b""),
    ],
)
def test_wrap_ipv6_brackets_only_bare_ipv6_literals(host: bytes, expected: bytes) -> None:
    assert wrap_ipv6(host) == expected


# -- chunks ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "expected"),
    [(0, b"0\r\n"), (1, b"1\r\n"), (10, b"A\r\n"), (255, b"FF\r\n"), (4096, b"1000\r\n")],
)
def test_chunk_prefix_is_upper_case_hex(size: int, expected: bytes) -> None:
    assert chunk_prefix(size) == expected


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=0, max_value=2**64))
def test_chunk_prefix_matches_the_stdlib_formula(size: int) -> None:
    assert chunk_prefix(size) == f"{size:X}\r\n".encode("ascii")


def test_chunk_suffix_and_last_chunk_are_the_stdlib_bytes() -> None:
    assert CHUNK_SUFFIX == b"\r\n"
    assert LAST_CHUNK == b"0\r\n\r\n"
    assert chunk_prefix(3) + b"abc" + CHUNK_SUFFIX + LAST_CHUNK == b"3\r\nabc\r\n0\r\n\r\n"


# -- request head ------------------------------------------------------------


def test_request_head_matches_the_stdlib_bytes() -> None:
    fields: list[tuple[str | bytes, str | bytes | int]] = [
        ("Host", "example.com"),
        ("Accept-Encoding", "identity"),
        ("Content-Length", 5),
        (b"X-Raw", b"v\xe9"),
        ("X-Text", "caf\xe9"),
    ]
    conn = http.client.HTTPConnection("example.com", 80)
    conn.putrequest("POST", "/p", skip_host=True, skip_accept_encoding=True)
    for name, value in fields:
        conn.putheader(name, value)
    stdlib = b"\r\n".join([*stdlib_buffer(conn), b"", b""])
    line = request_line("POST", "/p", "HTTP/1.1").encode("ascii")
    assert request_head(line, fields) == stdlib


def test_request_head_without_fields_is_the_line_and_a_blank_line() -> None:
    assert request_head(b"GET / HTTP/1.1", []) == b"GET / HTTP/1.1\r\n\r\n"


@pytest.mark.parametrize(
    ("fields", "kind"),
    [
        ([("X\r\nY", "1")], ErrorKind.INVALID_HEADER_NAME),
        ([("X", "1\r\nY: 2")], ErrorKind.INVALID_HEADER_VALUE),
        ([("X", 1.5)], ErrorKind.INVALID_HEADER_TYPE),
    ],
)
def test_request_head_refuses_a_bad_field(
    fields: list[tuple[object, object]], kind: ErrorKind
) -> None:
    error = raised(lambda: request_head(b"GET / HTTP/1.1", fields))
    assert error.kind is kind


# -- CONNECT -----------------------------------------------------------------


class _Sent(Exception):
    """Stops the stdlib's ``_tunnel`` once the CONNECT head is sent."""


class _StopResponse(http.client.HTTPResponse):
    def __init__(self, *args: object, **kwargs: object) -> None:
        self.fp = None  # type: ignore[assignment] # what close() reads when finalized
        raise _Sent


class _RecordingConnection(http.client.HTTPConnection):
    response_class = _StopResponse
    sent: list[bytes]

    def send(self, data: Any) -> None:
        self.sent.append(bytes(data))


def stdlib_connect_head(host: str, port: int, headers: dict[str, str]) -> bytes:
    """The CONNECT head this interpreter's ``_tunnel`` sends."""
    conn = _RecordingConnection("proxy", 3128)
    conn.sent = []
    conn.set_tunnel(host, port, headers)
    with pytest.raises(_Sent):
        vars(http.client.HTTPConnection)["_tunnel"](conn)
    return b"".join(conn.sent)


def test_tunnel_request_matches_the_stdlib_connect_head() -> None:
    headers = {"Proxy-Authorization": "Basic dTpw", "X-Text": "\xe9t\xe9"}
    # 3.12 moved the CONNECT line from HTTP/1.0 to the connection's version.
    version = "HTTP/1.1" if sys.version_info >= (3, 12) else "HTTP/1.0"
    fields = dict(headers)
    if sys.version_info >= (3, 12):  # set_tunnel adds Host, which the shell passes on
        fields["Host"] = "example.com:443"
    ours = tunnel_request(b"example.com", 443, version, list(fields.items()))
    assert ours == stdlib_connect_head("example.com", 443, headers)


def test_tunnel_request_is_one_complete_head() -> None:
    ours = tunnel_request(b"example.com", 8443, "HTTP/1.1", [("A", "1")])
    assert ours == b"CONNECT example.com:8443 HTTP/1.1\r\nA: 1\r\n\r\n"


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        (b"::1", b"CONNECT [::1]:443 HTTP/1.1\r\n\r\n"),
        (b"[::1]", b"CONNECT [::1]:443 HTTP/1.1\r\n\r\n"),
    ],
)
def test_tunnel_request_brackets_an_ipv6_host(host: bytes, expected: bytes) -> None:
    """As http.client does from 3.12 on (3.11 sends ``CONNECT ::1:443``)."""
    assert tunnel_request(host, 443, "HTTP/1.1", []) == expected


@pytest.mark.parametrize(
    "host", [b"a\r\nX: y", b"a\nb", b"a\rb", b"a b", b"a\x00", b"a\x7f", b"\ta"]
)
def test_tunnel_host_with_controls_is_refused(host: bytes) -> None:
    """CVE-2026-1502 (gh-146211): the CONNECT line must not be split."""
    error = raised(lambda: tunnel_request(host, 443, "HTTP/1.1", []))
    assert type(error) is LocalProtocolError
    assert error.kind is ErrorKind.INVALID_TUNNEL_HOST
    assert error.args == (f"Tunnel host can't contain control characters {host!r}",)


@pytest.mark.parametrize(
    ("name", "value", "kind"),
    [
        ("X", "a\nb", ErrorKind.INVALID_HEADER_VALUE),
        ("X", "a\r\nInjected: 1", ErrorKind.INVALID_HEADER_VALUE),
        ("X", "a\r\n\tfolded", ErrorKind.INVALID_HEADER_VALUE),
        ("X:Y", "1", ErrorKind.INVALID_HEADER_NAME),
        ("X Y", "1", ErrorKind.INVALID_HEADER_NAME),
        ("X\r\nY", "1", ErrorKind.INVALID_HEADER_NAME),
    ],
)
def test_tunnel_fields_are_validated_like_request_fields(
    name: str, value: str, kind: ErrorKind
) -> None:
    error = raised(lambda: tunnel_request(b"example.com", 443, "HTTP/1.1", [(name, value)]))
    assert error.kind is kind


# -- Latin-1 -----------------------------------------------------------------


def test_encode_latin1_encodes_latin1_text() -> None:
    assert encode_latin1("caf\xe9 \xff") == b"caf\xe9 \xff"
    assert encode_latin1("") == b""


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("\u1234abc", "body"),
        ("ab\U0001f600c", "body"),
        ("\u1234" * 30, "body"),
        ("x\u20acy", "data"),
    ],
)
def test_encode_latin1_error_is_the_stdlib_error(text: str, name: str) -> None:
    with pytest.raises(UnicodeEncodeError) as ours:
        encode_latin1(text, name)
    with pytest.raises(UnicodeEncodeError) as stdlib:
        _stdlib_encode(text, name)
    assert ours.value.reason == stdlib.value.reason
    assert (ours.value.encoding, ours.value.start, ours.value.end) == (
        stdlib.value.encoding,
        stdlib.value.start,
        stdlib.value.end,
    )
    assert str(ours.value) == str(stdlib.value)
    assert ours.value.__cause__ is None
    assert ours.value.__suppress_context__


def test_encode_latin1_names_data_by_default() -> None:
    with pytest.raises(UnicodeEncodeError) as info:
        encode_latin1("\u20ac")
    assert info.value.reason.startswith("Data ('\u20ac') is not valid Latin-1. Use data.encode(")


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=30))
def test_encode_latin1_agrees_with_the_stdlib_on_any_text(text: str) -> None:
    try:
        expected: bytes | str = _stdlib_encode(text, "body")
    except UnicodeEncodeError as error:
        expected = error.reason
    try:
        ours: bytes | str = encode_latin1(text, "body")
    except UnicodeEncodeError as error:
        ours = error.reason
    assert ours == expected
