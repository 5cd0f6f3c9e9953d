"""Differential conformance of responses: the same bytes through
``http.client`` and through ``httpclient_compat``.

Every stream of :data:`corpus.RESPONSES` is read whole, cut at a few random
points and cut into many small pieces under a small buffer, each in every
reading mode of the harness; both sides must give the same status, headers,
message, body, exception (type, args, ``partial``, ``expected``),
attributes before and after, connection hand-off and next exchange.  The
deliberate differences of docs/differences.rst are asserted on both sides
by the ``test_difference_*`` tests, one per row; a stream that differs on
purpose in some reading modes only (``corpus.MODE_DIFFERENT``) is compared
here in all its other modes.  ``test_finding`` pins, on
minimal inputs, the differences this suite found that are not documented:
they are bugs, asserted as stdlib-identical.
"""

from __future__ import annotations

import http.client
import sys
import tracemalloc

import pytest

import httpclient_compat

from . import test_strict_framing
from .corpus import (
    CHUNKED_FULL,
    DIFFERENT,
    MODE_DIFFERENT,
    RESPONSE_FINDINGS,
    RESPONSES,
    ResponseCase,
    skipped_modes,
)
from .harness import (
    ALL_MODES,
    ErrorInfo,
    FakeSocket,
    ResponseOutcome,
    Split,
    differences,
    modes_for,
    run_calls,
    run_response,
    splits_for,
)
from .pairs import pairs as _pairs
from .pairs import state as _state

_SPLIT_CASES = [
    pytest.param(case, split, id=f"{case.name}/{split.name}")
    for case in RESPONSES
    for split in splits_for(case.name, case.data)
]


def _compare(case: ResponseCase, split: Split, modes: tuple[str, ...]) -> list[str]:
    problems = []
    for mode in modes:
        std = run_response(http.client, case.data, mode, split, case.method)
        ours = run_response(httpclient_compat, case.data, mode, split, case.method)
        problems += [f"[{mode}] {line}" for line in differences(std, ours)]
    return problems


@pytest.mark.parametrize(("case", "split"), _SPLIT_CASES)
def test_response_is_read_as_the_stdlib_reads_it(case: ResponseCase, split: Split) -> None:
    skipped = skipped_modes(case.name)  # asserted by the test_difference_* of MODE_DIFFERENT
    problems = _compare(case, split, tuple(m for m in modes_for(case.data) if m not in skipped))
    assert not problems, f"{case.data[:200]!r}\n" + "\n".join(problems)


# -- the corpus itself ---------------------------------------------------------------


def test_corpus_has_at_least_200_distinct_streams() -> None:
    names = [case.name for case in RESPONSES] + [c.name for g in DIFFERENT.values() for c in g]
    assert len(names) == len(set(names))
    assert len({(case.data, case.method) for case in RESPONSES}) >= 200
    assert len(_SPLIT_CASES) == 3 * len(RESPONSES)


#: http.client's observed parsing behaviour, row by row: the corpus cases that carry each input.
_COMPAT_3_4 = {
    "103 Early Hints before 200": ["interim-103"],
    "Content-Length 1_0, +5, ' 5 '": ["cl-underscore", "cl-plus", "cl-' 5 '"],
    "Content-Length 0x5, '5, 5', -1": ["cl-hex", "cl-5-5", "cl-negative"],
    "two different Content-Length": ["cl-two-fields"],
    "Transfer-Encoding: gzip, chunked": ["te-gzip-chunked"],
    "TE chunked + Content-Length": ["te-and-cl", "cl-and-te"],
    "non-ASCII header name": ["hdr-non-ascii-name"],
    "obs-fold": ["hdr-obs-fold", "hdr-obs-fold-cl"],
    "bare LF": ["hdr-bare-lf", "te-bare-lf"],
    "status line without reason": ["line-no-reason", "line-no-reason-space"],
    "HTTP/2 200 / ICY 200 OK": ["line-version-2", "line-icy"],
    "HTTP/1.0 without length": ["eof-10", "ka-10-plain-nolength"],
    "chunk extensions, trailers": ["te-ext", "te-trailers", "te-100-trailers"],
    "header parse, many fields": ["hdr-99-lines"],
}


def test_every_compat_3_4_input_is_in_the_corpus() -> None:
    names = {case.name for case in RESPONSES} | {c.name for g in DIFFERENT.values() for c in g}
    missing = {row: cases for row, cases in _COMPAT_3_4.items() if not set(cases) <= names}
    assert not missing


def test_every_documented_difference_has_its_test() -> None:
    groups = [*DIFFERENT, *MODE_DIFFERENT]
    assert len(groups) == len(set(groups))
    tests = set(globals()) | set(vars(test_strict_framing))
    assert {f"test_difference_{name}" for name in groups} <= tests


def test_mode_differences_name_streams_and_modes_that_exist() -> None:
    names = {case.name for case in RESPONSES}
    for group in MODE_DIFFERENT.values():
        for difference in group:
            assert difference.name in names
            assert set(difference.modes) <= {*ALL_MODES, "read-1"}


# -- deliberate differences (docs/differences.rst), both sides asserted ---------------


def test_difference_interim_1xx_skipped() -> None:
    for case, _, _, std, ours in _pairs("interim_1xx_skipped"):
        code = int(case.name.split("-")[1])
        # http.client: the interim response is taken as the final one.
        assert (std.status, _state(std).length, std.body) == (code, 0, b"")
        assert std.items == [("Link", "</s.css>")]
        # ours: skipped; the real response is read.
        assert (ours.status, ours.reason, ours.body) == (200, "OK", b"hello")
        assert ours.items == [("Content-Length", "5")]


def test_difference_interim_1xx_poisons_the_next_exchange_in_the_stdlib_only() -> None:
    case = DIFFERENT["interim_1xx_skipped"][1]  # 103 Early Hints
    boundary = Split("boundary", (case.data.index(b"HTTP/1.1 200"),))
    std = run_response(http.client, case.data, "read", boundary)
    ours = run_response(httpclient_compat, case.data, "read", boundary)
    # http.client answers the *next* request with this request's 200.
    assert std.status == 103
    assert std.next_exchange == (200, "OK", [("Content-Length", "5")], b"hello")
    assert ours.status == 200
    assert isinstance(ours.next_exchange, ErrorInfo)
    assert ours.next_exchange.type is http.client.RemoteDisconnected


def test_difference_more_than_100_interim() -> None:
    for _, _, _, std, ours in _pairs("more_than_100_interim"):
        assert (std.head_error, std.status, std.body) == (None, 200, b"hello")
        assert ours.head_error == ErrorInfo(
            http.client.HTTPException, ("got more than 100 interim responses",)
        )


def test_difference_more_than_100_trailers() -> None:
    for _, _, _, std, ours in _pairs("more_than_100_trailers"):
        assert (std.body, std.body_error, _state(std, "after").isclosed) == (b"hi", None, True)
        assert ours.body_error == ErrorInfo(
            http.client.HTTPException, ("got more than 100 trailer lines",)
        )


def test_difference_gzip_chunked_is_chunked() -> None:
    for case, _, _, std, ours in _pairs("gzip_chunked_is_chunked"):
        head_end = case.data.index(b"\r\n\r\n") + 4
        # http.client: read until close, chunk framing left in the body.
        assert (_state(std).chunked, _state(std).will_close) == (False, True)
        assert std.body == case.data[head_end:]
        # ours: the final coding is chunked, so the body is de-chunked.
        assert (_state(ours).chunked, _state(ours).will_close) == (True, False)
        assert ours.body == b"\x1f\x8b"


def test_difference_te_other_with_cl_reads_until_close() -> None:
    for case, _, _, std, ours in _pairs("te_other_with_cl_reads_until_close"):
        body = case.data[case.data.index(b"\r\n\r\n") + 4 :]
        assert (_state(std).length, _state(std).will_close, std.body) == (2, False, body[:2])
        assert (_state(ours).length, _state(ours).will_close, ours.body) == (None, True, body)


def test_difference_te_chunked_and_cl_never_reused() -> None:
    for _, _, _, std, ours in _pairs("te_chunked_and_cl_never_reused"):
        assert (_state(std).chunked, _state(std).will_close, std.conn_sock) == (True, False, True)
        assert (_state(ours).chunked, _state(ours).will_close, ours.conn_sock) == (
            True,
            True,
            False,
        )
        assert std.body == ours.body == b"hello"


def test_difference_cl_list_of_equal_values() -> None:
    for _, _, _, std, ours in _pairs("cl_list_of_equal_values"):
        assert (_state(std).length, _state(std).will_close, std.body) == (None, True, b"helloXX")
        assert (_state(ours).length, _state(ours).will_close, ours.body) == (5, False, b"hello")


def test_difference_cl_conflict_is_error() -> None:
    for case, _, _, std, ours in _pairs("cl_conflict_is_error"):
        # http.client: the first field wins; a list in one field is ignored.
        length = None if case.name == "cl-list-conflict" else 5
        assert (std.head_error, _state(std).length, std.body) == (None, length, b"hello")
        # ours: the same head, every field readable (urllib3 checks them
        # and raises its own error) ...
        assert ours.head_error is None
        assert ours.status == std.status
        if case.name == "cl-after-odd-line":  # the email parser hid the second field
            assert ours.headers == [*(std.headers or ()), ("Content-Length", "7")]
        else:
            assert ours.headers == std.headers
        assert [v for n, v in ours.items or () if n == "Content-Length"][-1] in ("7", "x", "5, 7")
        assert (_state(ours).will_close, _state(ours).length) == (True, None)
        # ... but no body: reading it raises, and the connection is closed.
        assert ours.body_error is not None
        assert ours.body_error.type is http.client.HTTPException
        assert "Content-Length" in ours.body_error.args[0]
        assert (ours.body, _state(ours, "after").isclosed, ours.conn_sock) == (b"", True, False)


def test_difference_interim_then_close_is_final_and_closes() -> None:
    for case, _, _, std, ours in _pairs("interim_then_close_is_final_and_closes"):
        # Both: the interim head is the response, without a body.
        assert std.head_error is None, case.name
        assert (ours.status, ours.reason, ours.version, ours.headers, ours.body) == (
            std.status,
            std.reason,
            std.version,
            std.headers,
            std.body,
        )
        assert 100 < ours.status < 200
        # http.client keeps a connection the peer closed; ours knows it ended.
        assert (_state(std).will_close, std.conn_sock) == (
            case.name.endswith("http10-then-close"),
            not case.name.endswith("http10-then-close"),
        )
        assert (_state(ours).will_close, ours.conn_sock) == (True, False)


def test_difference_negative_chunk_size() -> None:
    for case, split, _, std, ours in _pairs("negative_chunk_size", ("read",)):
        rest = case.data[case.data.index(b"\r\n\r\n") + 4 :].split(b"\n", 1)[1]
        # http.client passes the size to fp.read(): BytesIO reads the rest of
        # the stream as body, a buffered reader refuses; the response stays open.
        if split.cuts is None or case.name == "te-negative-one":  # fp.read(-1) reads all
            assert std.body_error == ErrorInfo(http.client.IncompleteRead, (rest,), rest)
        else:
            assert std.body_error is not None
            assert std.body_error.type is ValueError
        assert _state(std, "after").isclosed is False
        assert ours.body_error == ErrorInfo(http.client.IncompleteRead, (b"",), b"")
        assert _state(ours, "after").isclosed is True


def test_difference_bad_crlf_after_chunk() -> None:
    for _, _, _, std, ours in _pairs("bad_crlf_after_chunk", ("read",)):
        assert (std.body, std.body_error) == (b"hello", None)
        assert ours.body_error == ErrorInfo(http.client.IncompleteRead, (b"hello",), b"hello")


def test_difference_odd_header_line_keeps_later_fields() -> None:
    for case, _, _, std, ours in _pairs("odd_header_line_keeps_later_fields"):
        std_defects, std_payload = std.message[1], std.message[2]
        assert "MissingHeaderBodySeparatorDefect" in std_defects
        assert std_payload  # the later lines went to the payload ...
        assert not any(name == "Content-Length" for name, _ in std.items or ())
        assert _state(std).length is None  # ... framing fields included
        # The same defects and payload as the email parser's message ...
        assert ours.message[1:3] == std.message[1:3]
        if case.name != "hdr-cr-only":
            # ... and every field still readable.
            assert ("Content-Length", "5") in (ours.items or ())
            assert (_state(ours).length, ours.body) == (5, b"hello")


def test_difference_no_body_204_304_with_te() -> None:
    for _, _, _, std, ours in _pairs("no_body_204_304_with_te", ("read",)):
        assert (_state(std).chunked, _state(std).length) == (True, 0)
        assert std.body_error is not None or std.body == b"hello"
        assert (_state(ours).chunked, _state(ours).length) == (False, 0)
        assert (ours.body, ours.body_error) == (b"", None)


def test_difference_connect_2xx_has_no_body() -> None:
    for case, _, _, std, ours in _pairs("connect_2xx_has_no_body"):
        body = case.data[case.data.index(b"\r\n\r\n") + 4 :]
        assert std.body == body
        assert (_state(ours).length, ours.body) == (0, b"")


def test_difference_huge_content_length_bounded() -> None:
    for case, split, mode, std, ours in _pairs("huge_content_length_bounded", ("read", "read:7")):
        body = case.data[case.data.index(b"\r\n\r\n") + 4 :]
        if mode == "read" and std.body_error is not None:
            # 3.11.7 asks fp.read() for the whole claimed length at once.
            assert std.body_error.type in (http.client.IncompleteRead, OverflowError, MemoryError)
        if mode == "read":
            assert ours.body_error is not None
            assert (ours.body_error.type, ours.body_error.partial) == (
                http.client.IncompleteRead,
                body,
            ), split
        else:
            assert std.body == ours.body == body


@pytest.mark.parametrize("side", [http.client, httpclient_compat], ids=["stdlib", "ours"])
def test_difference_huge_content_length_memory(side: object) -> None:
    """CVE-2025-13836: 10 bytes sent against a 64 MiB claim."""
    data = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n0123456789" % (1 << 26)
    resp = side.HTTPResponse(FakeSocket(data, (len(data) - 10,)))  # type: ignore[attr-defined]
    resp.begin()
    tracemalloc.start()
    try:
        with pytest.raises(http.client.IncompleteRead) as info:
            resp.read()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        resp.close()
    assert (info.value.partial, info.value.expected) == (b"0123456789", (1 << 26) - 10)
    if side is http.client:
        assert peak >= 1 << 26  # allocated up front on 3.11.7
    else:
        assert peak < 4 << 20


def _after_head(data: bytes) -> bytes:
    return data[data.index(b"\r\n\r\n") + 4 :]


def _incomplete(partial: bytes) -> ErrorInfo:
    return ErrorInfo(http.client.IncompleteRead, (partial,), partial)


def test_difference_te_chunked_with_whitespace_is_chunked() -> None:
    """docs/differences.rst, Responses: ``Transfer-Encoding: chunked`` with trailing whitespace."""
    for case, _, _, std, ours in _pairs("te_chunked_with_whitespace_is_chunked"):
        # http.client: 'chunked ' is not 'chunked': read until close, framing in the body.
        assert (_state(std).chunked, _state(std).will_close, _state(std).length) == (
            False,
            True,
            None,
        )
        assert (std.body, std.body_error, std.conn_sock) == (_after_head(case.data), None, False)
        # ours: whitespace around a coding is OWS: de-chunked, the connection kept.
        assert (_state(ours).chunked, _state(ours).will_close) == (True, False)
        assert (ours.body, ours.body_error, ours.conn_sock) == (b"hello", None, True)
        assert _state(std, "after").isclosed is _state(ours, "after").isclosed is True


def test_difference_bare_lf_after_chunk_data_is_a_line() -> None:
    """docs/differences.rst, Responses: a bare LF after chunk data, or bare-LF chunked framing."""
    for _, _, _, std, ours in _pairs("bare_lf_after_chunk_data_is_a_line"):
        # http.client: b'\n0' discarded as if it were the CRLF, then the rest of
        # the line misread as a chunk size: IncompleteRead of what was not returned.
        assert b"hello".startswith(std.body)
        assert std.body_error == _incomplete(b"hello"[len(std.body) :])
        assert (_state(std, "after").isclosed, _state(std, "after").chunk_left) == (True, 0)
        # ours: the LF ends the line it ends; the body is whole.
        assert (ours.body, ours.body_error) == (b"hello", None)
        assert (_state(ours, "after").isclosed, _state(ours, "after").chunk_left) == (True, None)


def test_difference_chunk_data_too_long_is_error() -> None:
    """docs/differences.rst, Responses: chunk data longer than its size line says."""
    for _, _, _, std, ours in _pairs("chunk_data_too_long_is_error"):
        # Both raise IncompleteRead for the 3 declared bytes and close the
        # response: http.client after discarding b'lo' as if it were the CRLF
        # and misreading b'\r\n' as a size line, ours at b'lo' itself, where
        # the CRLF must be.
        for outcome in (std, ours):
            assert b"hel".startswith(outcome.body)
            assert outcome.body_error == _incomplete(b"hel"[len(outcome.body) :])
            assert _state(outcome, "after").isclosed is True
    # readline() peeks: both return the declared data as a line, and peek
    # swallows the framing error (the response is closed by then).
    case = DIFFERENT["chunk_data_too_long_is_error"][0]
    buffered = Split("buffered", ())
    std = run_response(http.client, case.data, "readline", buffered)
    ours = run_response(httpclient_compat, case.data, "readline", buffered)
    assert (std.pieces, std.body_error) == ([b"hel"], None)
    assert (ours.pieces, ours.body_error) == ([b"hel"], None)


def test_difference_http10_chunked_is_never_reused() -> None:
    """docs/differences.rst, Responses: ``Transfer-Encoding: chunked`` in an HTTP/1.0 response."""
    for _, _, _, std, ours in _pairs("http10_chunked_is_never_reused"):
        assert std.version == ours.version == 10
        assert std.body == ours.body == b"hello"
        # http.client: will_close from Connection/Keep-Alive; the socket is kept.
        assert (_state(std).chunked, _state(std).will_close) == (True, False)
        assert (std.conn_sock, std.sock_closed) == (True, False)
        # ours: RFC 9112 §6.1: closed after the message.
        assert (_state(ours).chunked, _state(ours).will_close) == (True, True)
        assert (ours.conn_sock, ours.sock_closed) == (False, True)


def test_difference_head_te_chunked_is_not_chunked() -> None:
    """docs/differences.rst, Responses: the ``chunked`` attribute of a HEAD ... response."""
    for _, _, _, std, ours in _pairs("head_te_chunked_is_not_chunked"):
        assert (_state(std).chunked, _state(std).chunk_left, _state(std).length) == (True, None, 0)
        assert (_state(ours).chunked, _state(ours).chunk_left, _state(ours).length) == (
            False,
            "UNKNOWN",
            0,
        )
        assert (std.body, std.body_error) == (ours.body, ours.body_error) == (b"", None)
        assert _state(std, "after").isclosed is _state(ours, "after").isclosed is True


# -- deliberate differences in some reading modes of identical streams ----------------


def _stream(name: str) -> ResponseCase:
    return next(case for case in RESPONSES if case.name == name)


def test_difference_peek_clipped_to_content_length() -> None:
    """docs/differences.rst, Responses: ``peek()`` at the end of a Content-Length body."""
    for difference in MODE_DIFFERENT["peek_clipped_to_content_length"]:
        case = _stream(difference.name)
        start = case.data.index(b"\r\n\r\n") + 4
        body = case.data[start : start + 5]
        # The bytes buffered after the head are what fp.peek() returns.
        for cut in (None, start + 7, start + 3):
            split = Split(f"buffered-to-{cut}", () if cut is None else (cut,))
            std = run_response(http.client, case.data, "peek", split)
            ours = run_response(httpclient_compat, case.data, "peek", split)
            buffered = case.data[start:cut]
            assert std.pieces == [buffered, body]  # http.client: past the body too
            assert ours.pieces == [buffered[:5], body]  # ours: never past the body
            assert {line.split(":")[0] for line in differences(std, ours)} <= {"pieces"}


#: gh-112064 (``read(-1)`` reads as ``read()``) was merged in January 2025:
#: no release before it has the fix.
_PREDATES_GH_112064 = (
    sys.version_info < (3, 11, 12)
    or (3, 12) <= sys.version_info < (3, 12, 9)
    or (3, 13) <= sys.version_info < (3, 13, 2)
)


def _stdlib_reads_negative_amt_as_read() -> bool:
    """Whether the running http.client has the gh-112064 fix, found by running it."""
    case = _stream("cl-extra-after-body")
    return run_response(http.client, case.data, "read-1").pieces == [b"hello"]


#: What ``read(-1)`` returns where the stdlib passes -1 on to ``fp.read()``
#: (the rest of the stream, from the first byte after the head or after the
#: first chunk-size line), and the body ``read()`` returns.
_NEGATIVE_AMT_READS = {
    "cl-extra-after-body": (b"helloEXTRA", b"hello"),
    "te-basic": (b"hello\r\n0\r\n\r\n", b"hello"),
    "te-extra-after": (b"hello\r\n0\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", b"hello"),
    "eof-11": (b"until close", b"until close"),
}


def test_difference_negative_amt_reads_the_whole_body() -> None:
    """docs/differences.rst, Responses: ``read(-1)`` (a negative amount)."""
    fixed = _stdlib_reads_negative_amt_as_read()
    assert not (fixed and _PREDATES_GH_112064)
    differences_ = MODE_DIFFERENT["negative_amt_reads_the_whole_body"]
    assert {d.name for d in differences_} == set(_NEGATIVE_AMT_READS)
    for difference in differences_:
        case = _stream(difference.name)
        raw, body = _NEGATIVE_AMT_READS[case.name]
        for split in splits_for(case.name, case.data):
            std = run_response(http.client, case.data, "read-1", split)
            ours = run_response(httpclient_compat, case.data, "read-1", split)
            whole = run_response(httpclient_compat, case.data, "read", split)
            # ours: as read(), on every version.
            assert (ours.pieces, ours.body_error, ours.after) == ([body], None, whole.after)
            assert _state(ours, "after").isclosed is True
            if fixed:  # the running stdlib has gh-112064: no difference left
                assert (std.pieces, std.body_error, std.after) == (
                    ours.pieces,
                    ours.body_error,
                    ours.after,
                )
            else:  # fp.read(-1): the rest of the stream; the response never ends
                assert (std.pieces, std.body_error) == ([raw], None)
                assert _state(std, "after").isclosed is False


#: Streams whose ``read(-1)`` is the same on both sides on every version.
_NEGATIVE_AMT = ["cl-'0'", "cl-'5'", "status-204", "head-cl-with-body", "te-size-bad"]


@pytest.mark.parametrize("name", _NEGATIVE_AMT)
def test_read_with_negative_amt_as_the_running_stdlib(name: str) -> None:
    """Where no body bytes would be read past, ``read(-1)`` agrees with
    ``http.client`` with or without gh-112064."""
    assert "read-1" not in skipped_modes(name)
    case = _stream(name)
    std = run_response(http.client, case.data, "read-1", method=case.method)
    ours = run_response(httpclient_compat, case.data, "read-1", method=case.method)
    assert (std.pieces, std.body_error, _state(std, "after").isclosed) == (
        ours.pieces,
        ours.body_error,
        _state(ours, "after").isclosed,
    )


@pytest.mark.parametrize(
    "name", ["1xx-100-fields", "te-trailers", "hdr-obs-fold-first", "line-version-2.0"]
)
def test_debug_output_of_responses(name: str) -> None:
    case = next(case for case in RESPONSES if case.name == name)
    std = run_response(http.client, case.data, "read", debuglevel=1)
    ours = run_response(httpclient_compat, case.data, "read", debuglevel=1)
    assert std.printed
    assert std.printed == ours.printed


# -- undocumented differences this suite found: minimal reproducers -----------------------


@pytest.mark.parametrize("name", list(RESPONSE_FINDINGS))
def test_finding(name: str) -> None:
    finding = RESPONSE_FINDINGS[name]
    case, mode, split = finding.case, finding.mode, finding.split
    std = run_response(http.client, case.data, mode, split, case.method)
    ours = run_response(httpclient_compat, case.data, mode, split, case.method)
    problems = [line for line in differences(std, ours) if line.split(":")[0] in finding.fields]
    assert not problems, f"{finding.note}\n{case.data!r}\n" + "\n".join(problems)


# -- heads read through a name sequence's pattern --------------------------------------
#
# Once a server has sent the same names twice, the core tries their pattern
# first.  Each stream here is read after two clean heads of its names (or
# nearly its names) and after two heads of other names: the two readings
# must be the same, and where the stream is clean, the stdlib's.

_NAMES_PRIME = b"HTTP/1.1 200 OK\r\nServer: p\r\nContent-Length: 2\r\n\r\nhi"
_OTHER_PRIME = b"HTTP/1.1 200 OK\r\nX-Other: p\r\nContent-Length: 2\r\n\r\nhi"
_CLEAN_GUESSED = [
    b"HTTP/1.1 200 OK\r\nServer: x\r\nContent-Length: 5\r\n\r\nhello",
    b"HTTP/1.1 200 OK\r\nServer:  x\r\nContent-Length:\t5\r\n\r\nhello",
    b"HTTP/1.1 200 OK\r\nServer:\r\nContent-Length: 5 \r\n\r\nhello",
    b"HTTP/1.1 404 Not: Found\r\nServer: x\r\nContent-Length: 5\r\n\r\nhello",
    b"HTTP/1.1 200 OK\r\nServer: x\r\nContent-Length: 3\r\n\r\nhello",
]
_ODD_GUESSED = [
    b"HTTP/1.1 200 OK\r\nServer: x\nContent-Length: 9\r\nContent-Length: 5\r\n\r\nhello",
    b"HTTP/1.1 200 OK\r\nServer: x\nY\r\nContent-Length: 5\r\n\r\nhello",
    b"HTTP/1.1 200 OK\r\nServer: x\ry\r\nContent-Length: 5\r\n\r\nhello",
    b"HTTP/1.1 200 OK\r\nServer: x\x00\r\nContent-Length: 5\r\n\r\nhello",
    b"HTTP/1.1 200 OK\r\nServer: x\r\n y\r\nContent-Length: 5\r\n\r\nhello",
    b"HTTP/1.1 200 OK\nServer: x\r\nContent-Length: 5\r\n\r\nhello",
    b"HTTP/1.1 200 OK\r\nServer: a: b\r\nContent-Length: 5, 5\r\n\r\nhello",
]


def _after(prime: bytes, data: bytes, mode: str) -> ResponseOutcome:
    for _ in range(2):
        run_response(httpclient_compat, prime, "read")
    return run_response(httpclient_compat, data, mode)


@pytest.mark.parametrize("data", _CLEAN_GUESSED + _ODD_GUESSED)
def test_a_head_read_through_its_names_pattern_is_read_as_without_it(data: bytes) -> None:
    problems = []
    for mode in ("read", "read:3", "readline", "iter"):
        warm = _after(_NAMES_PRIME, data, mode)
        cold = _after(_OTHER_PRIME, data, mode)
        problems += [f"[{mode}] {line}" for line in differences(cold, warm)]
        if data in _CLEAN_GUESSED:
            std = run_response(http.client, data, mode)
            problems += [f"[{mode}] stdlib: {line}" for line in differences(std, warm)]
    assert not problems, f"{data!r}\n" + "\n".join(problems)


# -- reads after a chunked body raised ---------------------------------------------------
#
# http.client reads on by its stale counters; at the end of the stream that
# gives IncompleteRead(b"") from read(), readinto(), read1() and lines
# (expected=2 from read1() when the CRLF after a chunk's data is what is
# missing), b"" from peek(), and b"" from read(0) inside a chunk.  Ours
# gives the same from its error state.

_CHUNKED_CUTS = {
    "in-data": CHUNKED_FULL[: CHUNKED_FULL.index(b"world") + 2],
    "after-data": CHUNKED_FULL[: CHUNKED_FULL.index(b"hello") + 5],
    "at-size-line": CHUNKED_FULL[: CHUNKED_FULL.index(b"hello") + 7],
}
_AFTER_ERROR = ("read1", "read1:3", "readline", "readline:4", "next", "peek:1", "read:0", "read")


@pytest.mark.parametrize("then", _AFTER_ERROR)
@pytest.mark.parametrize("cut", list(_CHUNKED_CUTS))
def test_reads_after_a_chunked_error_are_the_stdlib_s_at_the_end(cut: str, then: str) -> None:
    data, calls, split = _CHUNKED_CUTS[cut], ("read", then, then), Split("buffered", ())
    std = run_calls(http.client, data, calls, split, stop_at_error=False)
    assert isinstance(std[0][1], ErrorInfo)  # the first read() raised
    assert run_calls(httpclient_compat, data, calls, split, stop_at_error=False) == std
