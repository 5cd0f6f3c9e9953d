"""Differential conformance of requests: the same calls on an
``http.client`` connection and on an ``httpclient_compat`` one.

Every pattern of :data:`corpus.REQUESTS` (request() with every body kind x
header set x ``encode_chunked`` x HTTP version, the
putrequest/putheader/endheaders/send sequences urllib3 uses, hosts, URLs,
blocksizes, tunnels, debug output) must give the same ``sendall`` calls
(count, argument type and bytes, in order), the same exception at the same
step, and the same response afterwards.  The deliberate differences of
docs/differences.rst are asserted on both sides by ``test_difference_*``;
``test_finding`` pins undocumented differences this suite found.
"""

from __future__ import annotations

import http.client
import sys
from types import ModuleType

import pytest

import httpclient_compat

from .corpus import (
    BODIES,
    HEADER_SETS,
    REQUEST_DIFFERENT,
    REQUEST_FINDINGS,
    REQUESTS,
    RequestCase,
)
from .harness import ErrorInfo, RequestOutcome, differences, run_request


def _run(side: ModuleType, case: RequestCase) -> RequestOutcome:
    return run_request(
        side,
        case.steps,
        host=case.host,
        port=case.port,
        blocksize=case.blocksize,
        http10=case.http10,
        tunnel=case.tunnel,
        debuglevel=case.debuglevel,
    )


def _both(case: RequestCase) -> tuple[RequestOutcome, RequestOutcome]:
    return _run(http.client, case), _run(httpclient_compat, case)


@pytest.mark.parametrize("case", [pytest.param(case, id=case.name) for case in REQUESTS])
def test_request_is_sent_as_the_stdlib_sends_it(case: RequestCase) -> None:
    std, ours = _both(case)
    problems = differences(std, ours)
    assert not problems, "\n".join(problems)


# -- the corpus itself ---------------------------------------------------------------


def test_corpus_has_at_least_100_request_patterns() -> None:
    names = [case.name for case in REQUESTS]
    names += [case.name for group in REQUEST_DIFFERENT.values() for case in group]
    assert len(names) == len(set(names))
    assert len(REQUESTS) >= 100


def test_every_body_kind_meets_every_header_set_and_both_flags() -> None:
    names = {case.name for case in REQUESTS}
    names |= {case.name for group in REQUEST_DIFFERENT.values() for case in group}
    for body in BODIES:
        for headers in HEADER_SETS:
            for flag in ("plain", "chunk"):
                assert f"{body}-{headers}-{flag}" in names
                if headers in ("none", "te"):
                    assert f"{body}-{headers}-{flag}-10" in names


def test_every_documented_difference_has_its_test() -> None:
    assert {f"test_difference_{name}" for name in REQUEST_DIFFERENT} <= set(globals())


def test_the_sendall_call_count_follows_blocksize() -> None:
    """The harness sees what the stdlib's call pattern promises: the head in
    one call, then one call per block of a file body."""
    for blocksize, calls in ((4096, 1 + 5), (3, 1 + 6827), (100000, 1 + 1)):
        case = next(c for c in REQUESTS if c.name == f"blocksize-{blocksize}-real-file-cl")
        std, ours = _both(case)
        assert len(std.calls) == len(ours.calls) == calls
        assert std.calls[0][1].endswith(b"Content-Length: 20480\r\n\r\n")


# -- deliberate differences (docs/differences.rst), both sides asserted -------------------


def _head(outcome: RequestOutcome) -> bytes:
    assert outcome.calls, outcome.error
    return outcome.calls[0][1]


def test_difference_putheader_values_joined_with_comma() -> None:
    for case in REQUEST_DIFFERENT["putheader_values_joined_with_comma"]:
        std, ours = _both(case)
        values = [str(v).encode() if isinstance(v, int) else v for v in case.steps[1][2:]]
        values = [v.encode() if isinstance(v, str) else v for v in values]
        assert b"X-Many: " + b"\r\n\t".join(values) + b"\r\n" in _head(std)  # obs-fold
        assert b"X-Many: " + b", ".join(values) + b"\r\n" in _head(ours)
        assert std.calls[1:] == ours.calls[1:] == []


def _refused_before_sending(group: str, message: str) -> None:
    for case in REQUEST_DIFFERENT[group]:
        std, ours = _both(case)
        assert std.error is None, case.name  # http.client puts it on the wire
        assert std.response == (200, b"ok", True, True)
        assert ours.calls == [], case.name  # ours: refused before any byte is sent
        assert ours.error is not None
        assert ours.error.type is ValueError
        assert message in ours.error.args[0]


def test_difference_value_with_cr_lf_nul_refused() -> None:
    _refused_before_sending("value_with_cr_lf_nul_refused", "Invalid header value")
    for case in REQUEST_DIFFERENT["value_with_cr_lf_nul_refused"]:
        assert b"X: a" in _head(_run(http.client, case))


def test_difference_name_not_a_token_refused() -> None:
    _refused_before_sending("name_not_a_token_refused", "Invalid header name")


def test_difference_method_with_sp_or_del_refused() -> None:
    _refused_before_sending("method_with_sp_or_del_refused", "method can't contain")


def test_difference_http10_chunked_body_is_encoded() -> None:
    cases = REQUEST_DIFFERENT["http10_chunked_body_is_encoded"]
    assert len(cases) >= 30
    for case in cases:
        std, ours = _both(case)
        head = _head(std)
        assert head.startswith(b"POST /u HTTP/1.0\r\n")
        assert b"Transfer-Encoding: chunked\r\n" in head
        assert ours.calls[0] == std.calls[0]
        # ours frames the body exactly as http.client frames it on HTTP/1.1 ...
        http11 = next(c for c in REQUESTS if c.name == case.name.removesuffix("-10"))
        framed = _run(http.client, http11)
        assert ours.calls[1:] == framed.calls[1:], case.name
        assert ours.error == framed.error, case.name
        # ... where http.client, on HTTP/1.0, sends each piece raw after the same header.
        if framed.error is None:
            assert std.error is None
            assert len(std.calls) == len(framed.calls) - 1, case.name  # no last chunk
            for (_, raw), (_, frame) in zip(std.calls[1:], framed.calls[1:-1]):
                assert frame == frame.split(b"\r\n", 1)[0] + b"\r\n" + raw + b"\r\n"
        else:  # pieces that are not bytes: refused by the socket instead
            assert std.error is not None
            assert std.error.type is TypeError, case.name


def test_difference_ipv6_zone_url_keeps_port() -> None:
    for case in REQUEST_DIFFERENT["ipv6_zone_url_keeps_port"]:
        std, ours = _both(case)
        assert b"\r\nHost: [fe80::1]\r\n" in _head(std)
        assert b"\r\nHost: [fe80::1]:8080\r\n" in _head(ours)


def test_difference_tunnel_crlf_refused() -> None:
    for case in REQUEST_DIFFERENT["tunnel_crlf_refused"]:
        std, ours = _both(case)
        assert b"\r\nInjected: 1" in _head(std)
        assert std.calls[0][1].startswith(b"CONNECT o.example")
        assert ours.calls == []
        assert ours.error is not None
        assert ours.error.type is ValueError


#: gh-100985 (IPv6 brackets in CONNECT and Host) reached 3.11.9 and 3.12.3.
_BRACKETS_FIXED = sys.version_info >= (3, 12, 3) or (3, 11, 9) <= sys.version_info < (3, 12)


def _connect(target: bytes, host: bytes) -> bytes:
    """The CONNECT request for *target*: HTTP/1.0 before 3.12, HTTP/1.1 with a
    Host field (*host*, as ``set_tunnel`` words it) from 3.12 on."""
    if sys.version_info >= (3, 12):
        return b"CONNECT %s HTTP/1.1\r\nHost: %s\r\n\r\n" % (target, host)
    return b"CONNECT %s HTTP/1.0\r\n\r\n" % target


def _get_to(host: bytes) -> tuple[str, bytes]:
    """The ``sendall`` call of ``request("GET", "/")`` with *host* in Host."""
    return ("bytes", b"GET / HTTP/1.1\r\nHost: %s\r\nAccept-Encoding: identity\r\n\r\n" % host)


_OK = (200, b"ok", True, True)


def test_difference_bare_ipv6_tunnel_host_bracketed() -> None:
    """docs/differences.rst, Requests: bare IPv6 tunnel host (``set_tunnel('::1', 8443)``)."""
    std_target = b"[::1]:8443" if _BRACKETS_FIXED else b"::1:8443"
    for case in REQUEST_DIFFERENT["bare_ipv6_tunnel_host_bracketed"]:
        std, ours = _both(case)
        assert std.calls == [("bytes", _connect(std_target, b"::1:8443")), _get_to(b"[::1]:8443")]
        assert ours.calls == [
            ("bytes", _connect(b"[::1]:8443", b"[::1]:8443")),  # Host bracketed too
            _get_to(b"[::1]:8443"),
        ]
        assert (std.error, std.response) == (ours.error, ours.response) == (None, _OK)


def test_difference_ipv6_brackets_with_port_removed() -> None:
    """docs/differences.rst, Requests: ``HTTPConnection('[::1]', 8080)`` (brackets and a port)."""
    host_case, tunnel_case = REQUEST_DIFFERENT["ipv6_brackets_with_port_removed"]
    kept = not _BRACKETS_FIXED  # http.client keeps the brackets as part of the host
    assert http.client.HTTPConnection("[::1]", 8080).host == ("[::1]" if kept else "::1")
    assert httpclient_compat.HTTPConnection("[::1]", 8080).host == "::1"
    std, ours = _both(host_case)
    assert std.calls == [_get_to(b"[[::1]]:8080" if kept else b"[::1]:8080")]
    assert ours.calls == [_get_to(b"[::1]:8080")]
    assert (std.error, std.response) == (ours.error, ours.response) == (None, _OK)
    std, ours = _both(tunnel_case)  # set_tunnel('[::1]', 8443)
    std_host = b"[::1]:8443" if kept else b"::1:8443"
    assert std.calls == [
        ("bytes", _connect(b"[::1]:8443", std_host)),
        _get_to(b"[[::1]]:8443" if kept else b"[::1]:8443"),
    ]
    assert ours.calls == [("bytes", _connect(b"[::1]:8443", b"[::1]:8443")), _get_to(b"[::1]:8443")]
    assert (std.error, std.response) == (ours.error, ours.response) == (None, _OK)


def test_difference_tunnel_answer_lines_bounded() -> None:
    """docs/differences.rst, Requests: a proxy's CONNECT answer with more than 100 header lines."""
    connect = ("bytes", _connect(b"o.example:443", b"o.example:443"))
    refused = ErrorInfo(http.client.HTTPException, ("got more than 100 headers",))
    for case in REQUEST_DIFFERENT["tunnel_answer_lines_bounded"]:
        std, ours = _both(case)
        assert (ours.calls, ours.error, ours.error_step, ours.response) == (
            [connect],
            refused,
            0,
            None,
        )
        if sys.version_info >= (3, 12):  # _tunnel reads through _read_headers: the same cap
            assert (std.calls, std.error, std.error_step, std.response) == (
                [connect],
                refused,
                0,
                None,
            )
        else:  # 3.11's _tunnel reads the answer's lines without a count
            assert std.calls == [connect, _get_to(b"o.example:443")]
            assert (std.error, std.response) == (None, _OK)


# -- undocumented differences this suite found: minimal reproducers -----------------------


@pytest.mark.parametrize("name", list(REQUEST_FINDINGS))
def test_finding(name: str) -> None:
    finding = REQUEST_FINDINGS[name]
    std, ours = _both(finding.case)
    problems = differences(std, ours)
    assert not problems, f"{finding.note}\n" + "\n".join(problems)


def test_findings_hold_on_the_stdlib_side() -> None:
    """What the findings say http.client does, it does."""
    none = _run(http.client, REQUEST_FINDINGS["putheader_none_value_message"].case)
    assert none.error == ErrorInfo(
        TypeError, ("expected string or bytes-like object, got 'NoneType'",)
    )


def test_difference_userinfo_never_in_host() -> None:
    """RFC 9110 §4.2.4: a sender must not put userinfo in a field value.
    (The request line is sent as given, as by http.client.)"""
    for case in REQUEST_DIFFERENT["userinfo_never_in_host"]:
        std, ours = _both(case)
        url = case.steps[0][2]
        authority = url.split("//", 1)[1].split("/", 1)[0]
        host = authority.rpartition("@")[2]
        assert f"\r\nHost: {authority}\r\n".encode() in _head(std)
        assert f"\r\nHost: {host}\r\n".encode() in _head(ours)
        assert _head(ours).split(b"\r\n", 1)[0] == _head(std).split(b"\r\n", 1)[0]


def test_difference_tunnel_ipv6_zone_left_out() -> None:
    """The zone is local to this host (RFC 9110 §7.2): not in CONNECT."""
    for case in REQUEST_DIFFERENT["tunnel_ipv6_zone_left_out"]:
        std, ours = _both(case)
        assert b"%eth0" in std.calls[0][1]
        assert ours.calls[0][1].startswith(b"CONNECT [fe80::1]:8443 ")
        assert b"%" not in b"".join(data for _, data in ours.calls)
