"""The data of the conformance suite: response byte streams and request patterns.

Owns inputs only.  :data:`RESPONSES` must be read identically by both sides;
:data:`DIFFERENT` holds, per deliberate difference of docs/differences.rst,
the inputs on which the sides differ on purpose (each group is asserted,
both sides, by a test named after it), and :data:`MODE_DIFFERENT` the
streams of :data:`RESPONSES` that differ on purpose in some reading modes
only (those modes are asserted the same way).  :data:`REQUESTS` lists request
patterns (steps on a connection), :data:`REQUEST_DIFFERENT` the deliberate
request-side differences.  :data:`RESPONSE_FINDINGS` and
:data:`REQUEST_FINDINGS` pin undocumented differences this suite found, on
minimal inputs.  Nothing here runs an exchange.
"""

from __future__ import annotations

import array
import atexit
import io
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from .harness import WHOLE, Body, Split, Tunnel

__all__ = [
    "BODIES",
    "CHUNKED_FULL",
    "DIFFERENT",
    "HEADER_SETS",
    "MODE_DIFFERENT",
    "REQUESTS",
    "REQUEST_DIFFERENT",
    "REQUEST_FINDINGS",
    "RESPONSES",
    "RESPONSE_FINDINGS",
    "Finding",
    "ModeDifference",
    "RequestCase",
    "RequestFinding",
    "ResponseCase",
    "chunked",
    "response",
    "skipped_modes",
]


@dataclass(frozen=True)
class ResponseCase:
    """A response stream, and the request method it answers."""

    name: str
    data: bytes
    method: str = "GET"


def response(
    status: bytes | str = "HTTP/1.1 200 OK",
    *fields: bytes | str,
    body: bytes = b"",
    eol: bytes = b"\r\n",
) -> bytes:
    """A response: status line, *fields* (``"Name: value"``), blank line, body."""
    lines = [x if isinstance(x, bytes) else x.encode("latin-1") for x in (status, *fields)]
    return b"".join(line + eol for line in lines) + eol + body


def chunked(
    *parts: bytes, upper: bool = True, ext: bytes = b"", trailers: tuple[bytes, ...] = ()
) -> bytes:
    """A chunked body of *parts* (sizes in hex, *ext* after each size)."""
    size = b"%X" if upper else b"%x"
    out = [size % len(part) + ext + b"\r\n" + part + b"\r\n" for part in parts]
    return b"".join([*out, b"0", ext, b"\r\n", *(t + b"\r\n" for t in trailers), b"\r\n"])


R = response
OK = "HTTP/1.1 200 OK"
OK10 = "HTTP/1.0 200 OK"
TE = "Transfer-Encoding: chunked"
CL5 = "Content-Length: 5"
HELLO = R(OK, CL5, body=b"hello")
BIG = bytes(range(256)) * 256 + b"!"  # 64 KiB + 1
CHUNKED_FULL = R(OK, TE, body=chunked(b"hello", b" world", trailers=(b"X-T: 1",)))
TE_HEAD = R(OK, TE)
CONTINUE = R("HTTP/1.1 100 Continue")
_STATUSES = (
    101, 200, 201, 202, 203, 205, 206, 207, 226, 299, 300, 301, 302, 303, 305, 307, 308, 399,
    400, 401, 403, 404, 405, 408, 410, 413, 418, 429, 451, 499, 500, 501, 502, 503, 504, 599,
    600, 999,
)  # fmt: skip
_STATUS_LINES = {
    "no-reason": b"HTTP/1.1 200", "no-reason-space": b"HTTP/1.1 200 ",
    "reason-spaces": b"HTTP/1.1 200   Very   OK  ", "reason-latin1": b"HTTP/1.1 200 \xe9t\xe9 \xff",
    "status-99": b"HTTP/1.1 99 Low",
    "status-1000": b"HTTP/1.1 1000 High", "status-alpha": b"HTTP/1.1 abc OK",
    "status-missing": b"HTTP/1.1", "version-lower": b"http/1.1 200 OK",
    "version-1.0": b"HTTP/1.0 200 OK", "version-0.9": b"HTTP/0.9 200 OK",
    "version-1.2": b"HTTP/1.2 200 OK", "version-2.0": b"HTTP/2.0 200 OK",
    "icy": b"ICY 200 OK", "rtsp": b"RTSP/1.0 200 OK",
}  # fmt: skip
_GARBAGE = {
    "empty": b"", "crlf": b"\r\n", "lf": b"\n", "blank-then-status": b"\r\n" + HELLO,
    "word": b"garbage\r\n", "binary": b"\x00\x01\x02\xff\xfe\r\n\r\n",
    "html": b"<html><body>hello</body></html>\r\n", "json": b'{"status": 200}',
    "tls-alert": b"\x15\x03\x01\x00\x02\x02\x46",
}  # fmt: skip
_LENGTHS = {
    "0": b"", "5": b"hello", "05": b"hello", " 5 ": b"hello", "5\t": b"hello",
}  # fmt: skip
_KEEP_ALIVE = {
    "conn-close": (OK, "Connection: close"), "conn-Close": (OK, "Connection: Close"),
    "conn-ka-close": (OK, "Connection: keep-alive, close"),
    "conn-closed-substring": (OK, "Connection: closed"),
    "conn-upgrade": (OK, "Connection: upgrade"),
    "conn-two-fields": (OK, "Connection: keep-alive", "Connection: close"),
    "conn-two-fields-rev": (OK, "Connection: close", "Connection: keep-alive"),
    "10-plain": (OK10,), "10-keep-alive-field": (OK10, "Keep-Alive: timeout=5"),
    "10-keep-alive-empty": (OK10, "Keep-Alive:"), "10-conn-ka": (OK10, "Connection: keep-alive"),
    "10-conn-Ka": (OK10, "Connection: Keep-Alive"),
    "10-conn-ka-close": (OK10, "Connection: close, keep-alive"),
    "10-proxy-conn": (OK10, "Proxy-Connection: keep-alive"),
    "10-proxy-conn-close": (OK10, "Proxy-Connection: close"),
    "09-conn-ka": ("HTTP/0.9 200 OK", "Connection: keep-alive"),
}  # fmt: skip
_LONG = "X-Long: " + "v" * 65536


def _generated() -> Iterator[tuple[str, bytes]]:
    for code in _STATUSES:
        yield f"status-{code}", R(f"HTTP/1.1 {code} Reason", CL5, body=b"hello")
    for name, line in _STATUS_LINES.items():
        yield f"line-{name}", R(line, "Content-Length: 2", body=b"ok")
    for total in (65536, 65537):  # the status line with its CRLF is *total* bytes
        yield f"line-long-{total}", b"HTTP/1.1 200 " + b"r" * (total - 15) + b"\r\n\r\n"
    yield from ((f"garbage-{name}", data) for name, data in _GARBAGE.items())
    for value, payload in _LENGTHS.items():
        yield f"cl-{value!r}", R(OK, f"Content-Length: {value}", body=payload)
    for short in (1, 3, 5, 10):
        yield f"cl-short-by-{short}", R(OK, "Content-Length: 10", body=b"0123456789"[short:])
    for name, (status, *fields) in _KEEP_ALIVE.items():
        yield f"ka-{name}", R(status, *fields, CL5, body=b"hello")
        yield f"ka-{name}-nolength", R(status, *fields, body=b"hello")
    for total in (65535, 65536, 65537, 65538):  # the line with its CRLF is *total* bytes
        yield f"hdr-line-{total}", R(OK, _LONG[: total - 2], "Content-Length: 2", body=b"ok")
    for count in (99, 100, 101):  # header lines, the blank line included
        fields = [f"X-{i}: {i}" for i in range(count - 2)]
        yield f"hdr-{count}-lines", R(OK, *fields, "Content-Length: 0")
    # The same chunked message cut after every byte: truncated at every stage.
    # (Cuts inside the head: see DIFFERENT["truncated_head_is_an_error"].)
    for cut in range(len(TE_HEAD), len(CHUNKED_FULL)):
        if not CHUNKED_FULL[:cut].endswith((b"\n0", b"\n0\r")):  # "truncated_last_chunk_line"
            yield f"te-truncated-{cut}", CHUNKED_FULL[:cut]


# fmt: off
_TABLE: dict[str, bytes] = {
    "status-204": R("HTTP/1.1 204 No Content"),
    "status-204-cl-body": R("HTTP/1.1 204 No Content", CL5, body=b"hello"),
    "status-304": R("HTTP/1.1 304 Not Modified", "ETag: x"),
    "status-304-cl": R("HTTP/1.1 304 Not Modified", "Content-Length: 50"),
    "status-101-upgrade": R("HTTP/1.1 101 Switching Protocols", "Upgrade: websocket",
                            "Connection: Upgrade", body=b"\x81\x05hello"),
    "line-long-65537-lf": b"HTTP/1.1 200 " + b"r" * (65537 - 14) + b"\n\n",
    "cl-two-equal-fields": R(OK, CL5, CL5, body=b"hello"),
    "cl-big": R(OK, f"Content-Length: {len(BIG)}", body=BIG),
    "cl-big-short-by-1": R(OK, f"Content-Length: {len(BIG)}", body=BIG[:-1]),
    "cl-extra-after-body": R(OK, CL5, body=b"helloEXTRA"),
    "cl-100-no-body": R(OK, "Content-Length: 100"),
    "cl-lowercase-name": R(OK, "content-length: 5", body=b"hello"),
    "cl-with-close": R(OK, CL5, "Connection: close", body=b"hello"),
    "te-basic": TE_HEAD + chunked(b"hello"),
    "te-empty": TE_HEAD + chunked(),
    "te-upper": TE_HEAD + chunked(b"x" * 0xAB, b"y" * 0x1F),
    "te-lower": TE_HEAD + chunked(b"x" * 0xAB, b"y" * 0x1F, upper=False),
    "te-leading-zeros": TE_HEAD + b"0005\r\nhello\r\n000\r\n\r\n",
    "te-ext": TE_HEAD + chunked(b"hello", b"abc", ext=b";name=value"),
    "te-ext-quoted": TE_HEAD + chunked(b"hello", ext=b';a="b;c"'),
    "te-ext-space": TE_HEAD + b"5 ;x\r\nhello\r\n0 \r\n\r\n",
    "te-size-tab": TE_HEAD + b"5\t\r\nhello\r\n0\r\n\r\n",
    "te-size-bad": TE_HEAD + b"xyz\r\nhello\r\n0\r\n\r\n",
    "te-size-empty-line": TE_HEAD + b"\r\nhello\r\n0\r\n\r\n",
    "te-size-long": TE_HEAD + b"5;" + b"e" * 65536 + b"\r\nhello\r\n0\r\n\r\n",
    "te-trailers": TE_HEAD + chunked(b"hello", trailers=(b"X-A: 1", b"X-B: 2")),
    "te-trailer-long": TE_HEAD + chunked(b"hello", trailers=(b"X-A: " + b"a" * 65536,)),
    "te-100-trailers": TE_HEAD + chunked(b"hi", trailers=tuple(b"X-%d: v" % i for i in range(99))),
    "te-many-small": TE_HEAD + chunked(*(bytes([65 + i % 26]) for i in range(300))),
    "te-big-chunk": TE_HEAD + chunked(BIG),
    "te-mixed-sizes": TE_HEAD + chunked(b"a", BIG[:5000], b"", b"bc"),
    "te-last-chunk-ext": TE_HEAD + b"5\r\nhello\r\n0;done\r\n\r\n",
    "te-no-final-crlf": TE_HEAD + b"5\r\nhello\r\n0\r\n",
    "te-case": R(OK, "Transfer-Encoding: Chunked") + chunked(b"hello"),
    "te-upper-value": R(OK, "Transfer-Encoding: CHUNKED") + chunked(b"hello"),
    "te-identity": R(OK, "Transfer-Encoding: identity", body=b"raw"),
    "te-gzip-alone": R(OK, "Transfer-Encoding: gzip", body=b"\x1f\x8b"),
    "te-chunked-gzip": R(OK, "Transfer-Encoding: chunked, gzip", body=b"raw"),
    "te-twice-chunked": R(OK, TE, TE) + chunked(b"hello"),
    "te-with-close": R(OK, TE, "Connection: close") + chunked(b"hello"),
    "te-http10-no-keepalive": R(OK10, TE) + chunked(b"hello"),
    "te-extra-after": TE_HEAD + chunked(b"hello") + R(OK, "Content-Length: 0"),
    "eof-11": R(OK, body=b"until close"),
    "eof-11-empty": R(OK),
    "eof-11-big": R(OK, "Content-Type: x", body=BIG * 2),
    "eof-10": R(OK10, body=b"until close"),
    "eof-10-lines": R(OK10, body=b"a\nbb\r\n\nccc\n" * 20),
    "eof-09": R("HTTP/0.9 200 OK", body=b"old"),
    "hdr-bare-lf": R(OK, CL5, "X-A: 1", body=b"hello", eol=b"\n"),
    "hdr-mixed-eol": b"HTTP/1.1 200 OK\nX-A: 1\r\nContent-Length: 5\n\r\nhello",
    "hdr-obs-fold-first": R(OK, " X-Lead: 1", CL5, body=b"hello"),
    "hdr-empty-value": R(OK, "X-Empty:", "X-Space: ", "Content-Length: 0"),
    "hdr-value-spaces": R(OK, "X-A:   padded   ", "X-B:\tt\t", "Content-Length: 0"),
    "hdr-no-space": R(OK, "X-A:1", "Content-Length:5", body=b"hello"),
    "hdr-duplicates": R(OK, "Set-Cookie: a=1", "Set-Cookie: b=2", "X-A: 1", "x-a: 2",
                        "Content-Length: 0"),
    "hdr-latin1-value": R(OK, b"X-A: caf\xe9 \xff", "Content-Length: 0"),
    "hdr-utf8-value": R(OK, "X-A: caf\xc3\xa9", "Content-Length: 0"),
    "hdr-colon-in-value": R(OK, "X-Url: http://x:80/", "Content-Length: 0"),
    "hdr-unusual-name": R(OK, "X_Under.score~!#$%&'*+^`|: 1", "Content-Length: 0"),
    "hdr-encoded-word": R(OK, "X-A: =?utf-8?q?caf=C3=A9?=", "Content-Length: 0"),
    "hdr-from-line": R(OK, "From nobody", "Content-Length: 0"),
    "hdr-line-65537-lf": R(OK, _LONG[: 65537 - 1], eol=b"\n"),
    "hdr-content-type": R(OK, "Content-Type: text/html; charset=utf-8", "Content-Length: 0"),
    "hdr-multipart-ct": R(OK, 'Content-Type: multipart/mixed; boundary="b"', "Content-Length: 9",
                          body=b"--b--\r\nxx"),
    "hdr-multipart-upper-ct": R(OK, "Content-Type: MULTIPART/Mixed", "Content-Length: 0"),
    "hdr-message-ct": R(OK, "Content-Type: message/rfc822", "Content-Length: 0"),
    "hdr-message-mixed-case-ct": R(OK, "content-type: Message/Partial; id=1", "Content-Length: 0"),
    "hdr-not-multipart-ct": R(OK, "Content-Type: text/x-multipart-message", "Content-Length: 0"),
    "1xx-100-continue": CONTINUE + HELLO,
    "1xx-100-no-reason": R("HTTP/1.1 100") + HELLO,
    "1xx-100-fields": R("HTTP/1.1 100 Continue", "X-A: 1", "X-B: 2") + HELLO,
    "1xx-100-bare-lf": R("HTTP/1.1 100 Continue", eol=b"\n") + HELLO,
    "1xx-100-twice": CONTINUE * 2 + HELLO,
    "1xx-100-x100": CONTINUE * 100 + HELLO,
    "1xx-100-then-eof": CONTINUE,
    "1xx-100-then-garbage": CONTINUE + b"garbage\r\n",
    "1xx-100-then-chunked": CONTINUE + CHUNKED_FULL,
    "1xx-100-101-lines": R("HTTP/1.1 100 Continue", *(f"X-{i}: 1" for i in range(100))) + HELLO,
    "1xx-100-long-line": R("HTTP/1.1 100 Continue", "X: " + "v" * 65536) + HELLO,
    "1xx-100-http10": R("HTTP/1.0 100 Continue") + HELLO,
}
_METHOD_TABLE: dict[str, tuple[str, bytes]] = {
    "head-cl": ("HEAD", R(OK, CL5)),
    "head-nothing": ("HEAD", R(OK)),
    "head-cl-with-body": ("HEAD", HELLO),
    "head-http10": ("HEAD", R(OK10, CL5)),
    "head-close": ("HEAD", R(OK, "Connection: close")),
    "head-404": ("HEAD", R("HTTP/1.1 404 Not Found", "Content-Length: 9")),
    "post-cl": ("POST", HELLO),
    "put-chunked": ("PUT", CHUNKED_FULL),
    "connect-404": ("CONNECT", R("HTTP/1.1 404 No", CL5, body=b"hello")),
    "connect-407": ("CONNECT", R("HTTP/1.1 407 Auth", body=b"closing")),
    "options-cl": ("OPTIONS", R(OK, "Allow: GET", "Content-Length: 0")),
}
# fmt: on

#: Responses both sides must read identically.
RESPONSES = (
    *(ResponseCase(name, data) for name, data in _generated()),
    *(ResponseCase(name, data) for name, data in _TABLE.items()),
    *(ResponseCase(name, data, method) for name, (method, data) in _METHOD_TABLE.items()),
)

_TRAILED = TE_HEAD + b"2\r\nhi\r\n0\r\n"
_INTERIM = {102: "Processing", 103: "Early Hints", 150: "Other", 199: "Last"}


def _cases(**named: bytes) -> tuple[ResponseCase, ...]:
    return tuple(ResponseCase(name.replace("_", "-"), data) for name, data in named.items())


# fmt: off
#: Per deliberate difference (docs/differences.rst), the inputs that show it.
DIFFERENT: dict[str, tuple[ResponseCase, ...]] = {
    "interim_1xx_skipped": tuple(
        ResponseCase(f"interim-{code}", R(f"HTTP/1.1 {code} {text}", "Link: </s.css>") + HELLO)
        for code, text in _INTERIM.items()),
    "more_than_100_interim": _cases(interim_x101=CONTINUE * 101 + HELLO),
    "interim_then_close_is_final_and_closes": (
        *(ResponseCase(f"interim-{code}-then-close", R(f"HTTP/1.1 {code} {text}", "Link: </s>"))
          for code, text in _INTERIM.items()),
        ResponseCase("interim-100-103-then-close", CONTINUE + R("HTTP/1.1 103 Early Hints")),
        ResponseCase("interim-103-http10-then-close", R("HTTP/1.0 103 Early Hints", "X: 1"))),
    "more_than_100_trailers": _cases(  # 101 lines after the last chunk, the blank one included
        trailers_100_fields=_TRAILED + b"".join(b"X-%d: v\r\n" % i for i in range(100)) + b"\r\n"),
    "gzip_chunked_is_chunked": _cases(
        te_gzip_chunked=R(OK, "Transfer-Encoding: gzip, chunked") + chunked(b"\x1f\x8b"),
        te_second_field=R(OK, "Transfer-Encoding: gzip", TE) + chunked(b"\x1f\x8b")),
    "te_other_with_cl_reads_until_close": _cases(
        te_gzip_cl=R(OK, "Transfer-Encoding: gzip", "Content-Length: 2", body=b"\x1f\x8bXX"),
        te_identity_cl=R(OK, "Transfer-Encoding: identity", "Content-Length: 2", body=b"okXX")),
    "te_chunked_and_cl_never_reused": _cases(
        te_and_cl=R(OK, TE, "Content-Length: 3") + chunked(b"hello"),
        cl_and_te=R(OK, "Content-Length: 300", TE) + chunked(b"hello")),
    "cl_list_of_equal_values": _cases(
        cl_5_5=R(OK, "Content-Length: 5, 5", body=b"helloXX"),
        cl_5c5=R(OK, "Content-Length: 5,5", body=b"helloXX")),
    "cl_conflict_is_error": _cases(
        cl_two_fields=R(OK, CL5, "Content-Length: 7", body=b"hello"),
        cl_list_conflict=R(OK, "Content-Length: 5, 7", body=b"hello"),
        cl_field_then_junk=R(OK, CL5, "Content-Length: x", body=b"hello"),
        cl_after_odd_line=R(OK, CL5, "odd line", "Content-Length: 7", body=b"hello")),
    "negative_chunk_size": _cases(
        te_negative=TE_HEAD + b"-5\r\nhello\r\n0\r\n\r\n",
        te_negative_one=TE_HEAD + b"-1\r\nrest of the stream"),
    "bad_crlf_after_chunk": _cases(
        te_data_xx=TE_HEAD + b"5\r\nhelloXX0\r\n\r\n",
        te_data_cr_x=TE_HEAD + b"5\r\nhello\rX0\r\n\r\n"),
    "odd_header_line_keeps_later_fields": _cases(
        hdr_no_colon=R(OK, "X-A: 1", "nocolon", CL5, "X-B: 2", body=b"helloXX")),
    "no_body_204_304_with_te": _cases(
        te_204=R("HTTP/1.1 204 No Content", TE) + b"HTTP/1.1 200 OK\r\n\r\n",
        te_304=R("HTTP/1.1 304 Not Modified", TE) + chunked(b"hello")),
    "connect_2xx_has_no_body": (
        ResponseCase("connect-200", R("HTTP/1.1 200 Established", body=b"\x16\x03\x01"), "CONNECT"),
        ResponseCase("connect-200-cl", R(OK, CL5, body=b"hello"), "CONNECT")),
    "huge_content_length_bounded": _cases(
        cl_1e12=R(OK, "Content-Length: 1000000000000", body=b"0123456789"),
        cl_1e20=R(OK, "Content-Length: 99999999999999999999", body=b"hello")),
    "te_chunked_with_whitespace_is_chunked": _cases(
        te_trailing_space=R(OK, "Transfer-Encoding: chunked ") + chunked(b"hello"),
        te_trailing_space_tab=R(OK, "Transfer-Encoding: chunked \t") + chunked(b"hello")),
    "bare_lf_after_chunk_data_is_a_line": _cases(
        te_data_lf_only=TE_HEAD + b"5\r\nhello\n0\r\n\r\n",
        te_bare_lf=R(OK, TE, eol=b"\n") + b"5\nhello\n0\n\n"),
    "chunk_data_too_long_is_error": _cases(te_data_too_long=TE_HEAD + b"3\r\nhello\r\n0\r\n\r\n"),
    "http10_chunked_is_never_reused": _cases(
        te_http10_keepalive=R(OK10, TE, "Connection: keep-alive") + chunked(b"hello"),
        te_http10_keep_alive_field=R(OK10, TE, "Keep-Alive: timeout=5") + chunked(b"hello")),
    # RFC 9110/9112 framing grammar (test_strict_framing.py).
    "field_name_not_a_token_is_an_error": _cases(
        cl_space_before_colon=R(OK, "Content-Length : 5", body=b"hello"),
        cl_space_before_colon_between=R(OK, "X-A: 1", "Content-Length : 5", "X-B: 2",
                                        body=b"hello"),
        cl_tab_before_colon=R(OK, "Content-Length\t: 5", body=b"hello"),
        hdr_non_ascii_name=R(OK, b"X-\xe9: 1", CL5, body=b"helloXX"),
        hdr_space_in_name=R(OK, "X Bad: 1", CL5, "X-B: 2", body=b"helloXX")),
    "status_line_grammar": _cases(**{
        f"line_{name}": R(line, "Content-Length: 2", body=b"ok") for name, line in {
            "reason_tab": b"HTTP/1.1\t200\tOK", "leading_space": b" HTTP/1.1 200 OK",
            "status_leading_zero": b"HTTP/1.1 0200 OK", "status_plus": b"HTTP/1.1 +200 OK",
            "status_underscore": b"HTTP/1.1 2_00 OK", "version_1_10": b"HTTP/1.10 200 OK",
            "version_2": b"HTTP/2 200", "version_3": b"HTTP/3 200 OK",
            "version_bare": b"HTTP/ 200 OK", "two_spaces": b"HTTP/1.1  200 OK"}.items()}),
    "reason_cr_nul_become_sp": _cases(
        reason_nul=b"HTTP/1.1 200 O\x00K\r\nContent-Length: 0\r\n\r\n",
        reason_cr=b"HTTP/1.1 200 O\rK\r\nContent-Length: 0\r\n\r\n"),
    "obs_fold_and_nul_become_sp": _cases(
        hdr_obs_fold=R(OK, "X-Folded: a", "  b", "\tc", CL5, body=b"hello"),
        hdr_obs_fold_cl=R(OK, "Content-Length:", " 5", body=b"hello"),
        hdr_nul_value=R(OK, b"X-A: a\x00b", "Content-Length: 0")),
    "content_length_grammar": _cases(**{
        f"cl_{name}": R(OK, b"Content-Length: " + value, body=b"0123456789") for name, value in {
            "plus": b"+5", "underscore": b"1_0", "hex": b"0x5", "negative": b"-1",
            "word": b"abc", "empty": b"", "two_numbers": b"5 5", "decimal": b"5.0",
            "superscript": b"\xb2"}.items()}),
    "chunk_size_grammar": _cases(
        te_size_0x=TE_HEAD + b"0x5\r\nhello\r\n0\r\n\r\n",
        te_size_plus=TE_HEAD + b"+5\r\nhello\r\n0\r\n\r\n",
        te_size_underscore=TE_HEAD + b"1_0\r\n0123456789abcdef\r\n0\r\n\r\n",
        te_size_leading_space=TE_HEAD + b" 5\r\nhello\r\n0\r\n\r\n"),
    "failed_response_socket_not_reused": _cases(
        te_cut_after_data=CHUNKED_FULL[:57],
        te_bad_size=TE_HEAD + b"5\r\nhello\r\nzz\r\n"),
    "truncated_last_chunk_line": _cases(
        te_cut_after_last_size=CHUNKED_FULL[: CHUNKED_FULL.rindex(b"\n0") + 2],
        te_cut_in_last_crlf=CHUNKED_FULL[: CHUNKED_FULL.rindex(b"\n0") + 3],
        te_only_last_size=TE_HEAD + b"0"),
    "truncated_head_is_an_error": _cases(
        line_no_eol_at_eof=b"HTTP/1.1 200 OK",
        line_cut_in_version=b"HTTP/1.",
        line_status_then_eof=b"HTTP/1.1 200 OK\r\n",
        hdr_eof_mid_head=b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: 1",
        hdr_eof_before_blank=b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n",
        hdr_eof_in_blank=b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r",
        hdr_cr_only=b"HTTP/1.1 200 OK\rContent-Length: 5\r\r\nhello",
        interim_eof_in_head=b"HTTP/1.1 100 Continue\r\nX-A: 1\r\n",
        te_head_cut_2=TE_HEAD[:-2], te_head_cut_1=TE_HEAD[:-1]),
    "head_te_chunked_is_not_chunked": (ResponseCase("head-te-chunked", TE_HEAD, "HEAD"),),
}
# fmt: on


@dataclass(frozen=True)
class ModeDifference:
    """A stream of :data:`RESPONSES` that shows a deliberate difference in
    *modes* only; in every other reading mode it must be read identically."""

    name: str
    modes: tuple[str, ...]


def _in_modes(modes: tuple[str, ...], *names: str) -> tuple[ModeDifference, ...]:
    return tuple(ModeDifference(name, modes) for name in names)


#: Per deliberate difference (docs/differences.rst) seen in some reading
#: modes only, the streams and modes that show it.  The identical-behaviour
#: test skips exactly these modes of these streams (``read-1`` is not one of
#: its modes anyway); each group is asserted, both sides, by a test named
#: after it.
MODE_DIFFERENT: dict[str, tuple[ModeDifference, ...]] = {
    "peek_clipped_to_content_length": _in_modes(("peek",), "cl-extra-after-body"),
    "negative_amt_reads_the_whole_body": _in_modes(
        ("read-1",), "cl-extra-after-body", "te-basic", "te-extra-after", "eof-11"
    ),
}


def skipped_modes(name: str) -> frozenset[str]:
    """The reading modes of stream *name* that :data:`MODE_DIFFERENT` claims."""
    return frozenset(
        mode
        for group in MODE_DIFFERENT.values()
        for d in group
        if d.name == name
        for mode in d.modes
    )


@dataclass(frozen=True)
class Finding:
    """An undocumented difference found by this suite: a minimal input, how
    it is read, the captured fields that differ, and what each side does."""

    case: ResponseCase
    mode: str
    fields: tuple[str, ...]
    note: str
    split: Split = WHOLE


def _named(name: str) -> ResponseCase:
    return next(case for case in RESPONSES if case.name == name)


_BUFFERED = Split("buffered", ())
_AFTER_DATA = ResponseCase("cut-after-data", CHUNKED_FULL[: CHUNKED_FULL.index(b"hello") + 5])
_AT_SIZE = ResponseCase("cut-at-size-line", CHUNKED_FULL[: CHUNKED_FULL.index(b"hello") + 7])
_IN_DATA = ResponseCase("cut-in-data", CHUNKED_FULL[: CHUNKED_FULL.index(b"world") + 2])
_STATE = ("before", "after")
_NEXT = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
_CR_CUT = ResponseCase("chunk-then-next", R(OK, TE, body=chunked(b"abc", ext=b";x")) + _NEXT)
_TWO_CHUNKS = ResponseCase(
    "two-chunks-then-next", R(OK, TE, body=chunked(b"abc", b"0123456789abcde")) + _NEXT
)


def _after_cr(case: ResponseCase, bufsize: int) -> Split:
    """A cut after the CR of the CRLF that ends the data b"abc", under a
    small buffer."""
    return Split("cut-after-cr", (case.data.index(b"abc\r\n") + 4,), bufsize)


_CLOSE = ("after", "next_exchange")

# fmt: off
#: Undocumented differences, each on a minimal input; the tests assert the
#: stdlib's behaviour and fail until the package is fixed.
RESPONSE_FINDINGS: dict[str, Finding] = {
    "chunk_left_stays_UNKNOWN_when_not_chunked": Finding(_named("cl-'5'"), "read", _STATE,
        "http.client sets chunk_left only for chunked bodies, else it stays 'UNKNOWN' (ours None)"),
    "read1_does_not_close_at_end_of_length": Finding(_named("cl-'5'"), "read1", _CLOSE,
        "auto-close (gh-113199) is 3.11.8+: 3.11.7's read1() leaves it open (ours closes)"),
    "readline_does_not_close_at_end_of_length": Finding(_named("cl-'5'"), "readline", _CLOSE,
        "auto-close (gh-113199) is 3.11.8+: 3.11.7's readline() leaves it open (ours closes)"),
    "read0_on_chunked_reads_the_size_line": Finding(
        _named("te-size-bad"), "read0", ("pieces", "body_error"),
        "http.client's read(0) reads the chunk-size line, here raising (ours returns b'')"),
    "line_too_long_in_chunk_size_leaves_it_open": Finding(_named("te-size-long"), "read", _CLOSE,
        "http.client raises LineTooLong and leaves the response open (ours closes)"),
    "line_too_long_in_trailer_leaves_it_open": Finding(_named("te-trailer-long"), "read", _CLOSE,
        "http.client: LineTooLong, response open, chunk_left 0 (ours closes, None)"),
    "multipart_content_type_defects": Finding(_named("hdr-multipart-ct"), "read", ("message",),
        "the email parser records StartBoundaryNotFoundDefect and MultipartInvariantViolation"
        "Defect (urllib3 filters them by name); ours' fast path records none"),
    "incomplete_chunk_partial_and_expected": Finding(_IN_DATA, "read", ("body_error", "after"),
        "IncompleteRead from read(): the completed chunks only, expected None, chunk_left kept "
        "(ours: the partial chunk too, expected = bytes missing, chunk_left None)"),
    "eof_at_chunk_size_line_closes": Finding(_AT_SIZE, "read", _CLOSE,
        "EOF where a chunk-size line should be: http.client closes the response (ours not)"),
    "read1_eof_before_chunk_crlf": Finding(_AFTER_DATA, "read1", ("body_error",),
        "read1() at EOF before the CRLF after chunk data: IncompleteRead(b'', 2) (ours: None)"),
    "reads_after_a_chunked_error_return_empty": Finding(
        _AT_SIZE, "readline", ("pieces", "body_error"),
        "readline() (peek, then read) at EOF at a size line gives b'hello' in http.client; "
        "ours raises HTTPException('error') from a parser left in its error state", _BUFFERED),
    "chunk_crlf_split_after_its_cr": Finding(_CR_CUT, "read", ("next_exchange",),
        "the socket gives the CR of a chunk's CRLF alone: read(2) reads on into the rest of the "
        "buffer, where a peek() first made the next read refill it whole, one byte more of the "
        "next response dropped with the reader", _after_cr(_CR_CUT, 5)),
    "read1_after_a_chunk_crlf_split_after_its_cr": Finding(_TWO_CHUNKS, "read1", ("pieces",),
        "the same refill showed in what read1() returns: b'01234' in http.client, b'012345' here",
        _after_cr(_TWO_CHUNKS, 10)),
}
# fmt: on


# -- requests --------------------------------------------------------------------------

_FILE: list[str] = []


def _real_file() -> io.BufferedReader:
    """A real file on disk opened 'rb': made on first use, the same name
    for both sides (debug output shows it), removed at exit."""
    if not _FILE:
        fd, path = tempfile.mkstemp(prefix="conformance-", suffix=".bin")
        with os.fdopen(fd, "wb") as handle:
            handle.write(bytes(range(256)) * 80)  # 20480 bytes: several blocks
        atexit.register(os.unlink, path)
        _FILE.append(path)
    return open(_FILE[0], "rb")


class _StrReader:
    """A file-like object that is not a TextIOBase but reads str."""

    def __init__(self) -> None:
        self._parts = ["abc", "de"]

    def read(self, size: int = -1) -> str:
        return self._parts.pop(0) if self._parts else ""


# fmt: off
#: Body kinds, each made afresh per run.
BODIES: dict[str, Body] = {
    "none": Body(lambda: None), "empty": Body(lambda: b""), "bytes": Body(lambda: b"hello world"),
    "bytearray": Body(lambda: bytearray(b"hello bytearray")),
    "memoryview": Body(lambda: memoryview(b"hello memoryview")),
    "array": Body(lambda: array.array("i", [1, 2, 3])),
    "str-latin1": Body(lambda: "caf\xe9 au lait"), "str-empty": Body(lambda: ""),
    "str-non-latin1": Body(lambda: "snow \u2603 man"),
    "bytesio": Body(lambda: io.BytesIO(b"x" * 20000)), "bytesio-empty": Body(io.BytesIO),
    "stringio": Body(lambda: io.StringIO("text caf\xe9 " * 100)),
    "stringio-non-latin1": Body(lambda: io.StringIO("\u2603")),
    "real-file": Body(_real_file), "str-reader": Body(_StrReader),
    "list": Body(lambda: [b"abc", b"", b"defg", bytearray(b"hi"), memoryview(b"mv")]),
    "tuple-empty-items": Body(lambda: (b"", b"")),
    "generator": Body(lambda: (bytes([65 + i]) * i for i in range(5))),
    "iter-str": Body(lambda: ["ab", "cd"]), "iter-int": Body(lambda: [1, 2]),
    "int": Body(lambda: 5), "dict": Body(lambda: {b"k": b"v"}),
}
# fmt: on

#: Header sets for ``request()``.
HEADER_SETS: dict[str, dict[Any, Any]] = {
    "none": {},
    "cl": {"Content-Length": "11"},
    "te": {"Transfer-Encoding": "chunked"},
    "host": {"Host": "other.example:81"},
    "ae": {"Accept-Encoding": "gzip"},
    "mixed-case": {"cOnTeNt-LeNgTh": "3", "x-MiXeD": "v", "HOST": "h"},
    "int-values": {"X-Int": 42, "Content-Length": 11},
    "bytes-values": {"X-Bytes": b"raw\xff", b"X-Bytes-Name": "v"},
}


@dataclass(frozen=True)
class RequestCase:
    """Steps on one connection and how the connection is made."""

    name: str
    steps: tuple[tuple[Any, ...], ...]
    host: str = "example.com"
    port: int | None = None
    blocksize: int = 8192
    http10: bool = False
    tunnel: Tunnel | None = None
    debuglevel: int = 0


def _get(url: str = "/", method: str = "GET") -> tuple[Any, ...]:
    return ("request", method, url, BODIES["none"], {}, False)


#: Bodies of a length http.client cannot know, which it declares chunked.
_UNKNOWN_LENGTH = {"bytesio", "bytesio-empty", "stringio", "real-file", "str-reader", "list",
                   "tuple-empty-items", "generator", "iter-str", "iter-int", "dict"}  # fmt: skip
_FAIL_FIRST = {"none", "int", "str-non-latin1", "stringio-non-latin1"}


def _matrix() -> Iterator[tuple[bool, RequestCase]]:
    """Body kind x header set x encode_chunked x HTTP version; the flag says
    whether HTTP/1.0 declares chunked framing for a body (a deliberate
    difference)."""
    for body_name, body in BODIES.items():
        for header_name, headers in HEADER_SETS.items():
            for encode in (False, True):
                for http10 in (False, True):
                    if http10 and header_name not in ("none", "te"):
                        continue
                    name = f"{body_name}-{header_name}-{'chunk' if encode else 'plain'}"
                    step = ("request", "POST", "/u", body, headers, encode)
                    declared = (header_name == "none" and body_name in _UNKNOWN_LENGTH) or (
                        header_name == "te" and encode and body_name not in _FAIL_FIRST
                    )
                    case = RequestCase(name + ("-10" if http10 else ""), (step,), http10=http10)
                    yield http10 and declared, case


# fmt: off
_URLS = ("", "/", "/p?q=1&r=%20", "*", "http://example.org/abs", "http://example.org:8080/abs",
         "https://secure.example/", "http://[::1]/", "http://[::1]:8080/", "http://[fe80::1%25eth0]/",
         "http://b\xfccher.example/", "HTTP://example.org/",
         "httpx://o/", "/a b", "/a\r\nX: y", "/\x00", "/\x7f", "/caf\xe9")
_HOSTS: dict[str, tuple[str, int | None]] = {
    "name": ("example.com", None), "name-port": ("example.com:8080", None),
    "name-port-arg": ("example.com", 8080), "default-port": ("example.com:80", None),
    "empty-port": ("example.com:", None), "bad-port": ("example.com:abc", None),
    "v6": ("[::1]", None), "v6-port": ("[::1]:8080", None), "v6-bare-port-arg": ("::1", 8080),
    "v6-zone": ("fe80::1%eth0", None),
    "v6-zone-port": ("[fe80::1%eth0]:8080", None), "v6-zone-port-arg": ("fe80::1%eth0", 8080),
    "idna": ("b\xfccher.example", None), "ip": ("127.0.0.1:80", None), "ctl": ("exa\r\nmple", None),
}
_P = ("putrequest", "POST", "/up")
_E = ("endheaders", None, False)
_LOW: dict[str, tuple[tuple[Any, ...], ...]] = {
    "urllib3-chunked": (_P, ("putheader", "Transfer-Encoding", "chunked"), _E,
                        ("send", b"5\r\nhello\r\n"), ("send", b"0\r\n\r\n")),
    "send-bytearray": (_P, _E, ("send", bytearray(b"ba")), ("send", memoryview(b"mv"))),
    "send-file": (_P, _E, ("send", BODIES["bytesio"])),
    "send-text-file": (_P, _E, ("send", BODIES["stringio"])),
    "send-iterable": (_P, _E, ("send", BODIES["list"])),
    "send-str": (_P, _E, ("send", "text")), "send-int": (_P, _E, ("send", 7)),
    "endheaders-body-chunked": (_P, ("putheader", "Transfer-Encoding", "chunked"),
                                ("endheaders", BODIES["generator"], True)),
    "endheaders-bytes-chunked": (_P, ("endheaders", b"abc", True)),
    "endheaders-bytes": (_P, ("endheaders", b"abc", False)),
    "endheaders-str": (_P, ("endheaders", "abc", False)),
    "endheaders-file": (_P, ("endheaders", BODIES["real-file"], True)),
    "skip-host": (("putrequest", "GET", "/", {"skip_host": True}), _E),
    "skip-ae": (("putrequest", "GET", "/", {"skip_accept_encoding": True}), _E),
    "skip-both": (("putrequest", "GET", "/", {"skip_host": 1, "skip_accept_encoding": 1}),
                  ("putheader", "Host", "x"), _E),
    "absolute-skip-host": (("putrequest", "GET", "http://o.example:81/", {"skip_host": True}), _E),
    "putheader-int": (_P, ("putheader", "Content-Length", 0), _E),
    "putheader-bool": (_P, ("putheader", "X-B", True), _E),
    "putheader-intenum": (_P, ("putheader", "X-S", HTTPStatus.OK), _E),
    "putheader-bytes": (_P, ("putheader", b"X-Raw", b"\xff\xfe"), _E),
    "putheader-bytearray": (_P, ("putheader", "X-Ba", bytearray(b"ba")), _E),
    "putheader-none": (_P, ("putheader", "X-N", None)),
    "putheader-float": (_P, ("putheader", "X-F", 1.5)),
    "putheader-no-values": (_P, ("putheader", "X-Empty"), _E),
    "putheader-empty": (_P, ("putheader", "X-Empty", ""), _E),
    "putheader-latin1": (_P, ("putheader", "X-L", "caf\xe9"), _E),
    "putheader-non-latin1": (_P, ("putheader", "X-L", "\u2603")),
    "putheader-name-non-ascii": (_P, ("putheader", "X-\xe9", "v")),
    "putheader-name-colon": (_P, ("putheader", "X:Y", "v")),
    "putheader-name-crlf": (_P, ("putheader", "X\r\nY", "v")),
    "putheader-name-empty": (_P, ("putheader", "", "v")),
    "putheader-name-leading-space": (_P, ("putheader", " X", "v")),
    "putheader-name-int": (_P, ("putheader", 5, "v")),
    "putheader-value-crlf": (_P, ("putheader", "X", "a\r\nb")),
    "putheader-value-lf": (_P, ("putheader", "X", "a\nb")),
    "putheader-value-cr": (_P, ("putheader", "X", "a\rb")),
    "putheader-value-trailing-crlf": (_P, ("putheader", "X", "a\r\n")),
    "putheader-value-tab": (_P, ("putheader", "X", "a\tb"), _E),
    "putheader-value-spaces": (_P, ("putheader", "X", " a "), _E),
    "putheader-value-del": (_P, ("putheader", "X", "a\x7fb"), _E),
    "putheader-before-putrequest": (("putheader", "X", "v"),),
    "putrequest-twice": (_P, _P), "endheaders-twice": (_P, _E, _E),
    "request-twice": (_get(), _get()),
    "method-crlf": (("putrequest", "GET\r\nX: y", "/"),),
    "method-nul": (("putrequest", "G\x00T", "/"),),
    "method-non-ascii": (("putrequest", "G\xc9T", "/"),),
    "method-empty": (("putrequest", "", "/"), _E),
    "method-tab": (("putrequest", "GE\tT", "/"),),
}
_PROXY_OK = b"HTTP/1.0 200 Connection established\r\n"
_TUNNELS = {
    "basic": Tunnel("origin.example", 8443),
    "headers": Tunnel("origin.example", 8443, {"Proxy-Authorization": "Basic eA==", "X-A": "1"}),
    "default-port": Tunnel("origin.example"), "port-in-host": Tunnel("origin.example:8443"),
    "idna": Tunnel("b\xfccher.example", 443),
    "407": Tunnel("o.example", 443, None, b"HTTP/1.1 407 Proxy Auth\r\nProxy-Auth: x\r\n\r\n"),
    "answer-headers": Tunnel("o.example", 443, None, b"HTTP/1.1 200 OK\nVia: proxy\nX-A: 1\n\n"),
    "answer-eof": Tunnel("o.example", 443, None, b"HTTP/1.1 200 OK\r\n"),
    "answer-garbage": Tunnel("o.example", 443, None, b"garbage\r\n"),
    "answer-empty": Tunnel("o.example", 443, None, b""),
    "answer-long-line": Tunnel("o.example", 443, None, _PROXY_OK + b"X: " + b"v" * 65536 + b"\n\n"),
}
# fmt: on


def _request_cases() -> Iterator[RequestCase]:
    yield from (case for different, case in _matrix() if not different)
    for method in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "post", "Put"):
        yield RequestCase(f"method-{method}", (_get("/", method),))
    yield from (RequestCase(f"url-{url!r}", (_get(url),)) for url in _URLS)
    for name, (host, port) in _HOSTS.items():
        yield RequestCase(f"host-{name}", (_get(),), host=host, port=port)
        yield RequestCase(f"host-{name}-10", (_get(),), host=host, port=port, http10=True)
    # HTTP/1.0 sends no Host field, so this host's bracket difference cannot show.
    yield RequestCase(
        "host-v6-brackets-port-arg-10", (_get(),), host="[::1]", port=8080, http10=True
    )
    for blocksize in (1, 3, 4096, 8192, 20480, 100000):
        for body_name in ("bytesio", "real-file", "stringio"):
            for headers in ({}, {"Content-Length": "20480"}):
                steps = (("request", "PUT", "/", BODIES[body_name], headers, False),)
                name = f"blocksize-{blocksize}-{body_name}-{'cl' if headers else 'te'}"
                yield RequestCase(name, steps, blocksize=blocksize)
    yield from (RequestCase(f"low-{name}", steps) for name, steps in _LOW.items())
    yield RequestCase("low-urllib3-chunked-10", _LOW["urllib3-chunked"], http10=True)
    yield from (RequestCase(f"tunnel-{n}", (_get(),), tunnel=t) for n, t in _TUNNELS.items())
    basic = _TUNNELS["basic"]
    yield RequestCase("tunnel-debug", (_get(),), tunnel=basic, debuglevel=1)
    yield RequestCase("tunnel-absolute-url", (_get("http://other.example/"),), tunnel=basic)
    for name in ("bytes", "real-file", "list", "str-latin1"):
        steps = (("request", "PUT", "/", BODIES[name], {}, False),)
        yield RequestCase(f"debug-{name}", steps, debuglevel=1)


#: Request patterns both sides must send identically.
REQUESTS = tuple(_request_cases())


def _low(name: str, *steps: tuple[Any, ...]) -> RequestCase:
    return RequestCase(name, steps)


# fmt: off
#: Per deliberate request-side difference, the patterns that show it.
REQUEST_DIFFERENT: dict[str, tuple[RequestCase, ...]] = {
    "putheader_values_joined_with_comma": (
        _low("two-values", _P, ("putheader", "X-Many", "a", "b"), _E),
        _low("three-values", _P, ("putheader", "X-Many", "a", 2, b"c"), _E)),
    "value_with_cr_lf_nul_refused": (
        _low("value-crlf-sp", _P, ("putheader", "X", "a\r\n b"), _E),
        _low("value-lf-tab", _P, ("putheader", "X", "a\n\tb"), _E),
        _low("value-nul", _P, ("putheader", "X", "a\x00b"), _E),
        _low("request-value-nul", ("request", "GET", "/", None, {"X": "a\x00b"}, False))),
    "name_not_a_token_refused": (
        _low("name-space", _P, ("putheader", "X Y", "v"), _E),
        _low("name-nul", _P, ("putheader", "X\x00Y", "v"), _E),
        _low("name-bytes-non-ascii", _P, ("putheader", b"X-\xe9", "v"), _E),
        _low("name-trailing-space", ("request", "GET", "/", None, {"X ": "v"}, False))),
    "method_with_sp_or_del_refused": (
        _low("method-sp", ("putrequest", "GE T", "/"), _E),
        _low("method-del", ("putrequest", "GET\x7f", "/"), _E),
        _low("request-method-sp", ("request", "GET /x", "/", None, {}, False))),
    "http10_chunked_body_is_encoded": tuple(case for different, case in _matrix() if different),
    "ipv6_zone_url_keeps_port": (_low("abs-zone-port", _get("http://[fe80::1%25eth0]:8080/")),),
    "userinfo_never_in_host": (
        _low("abs-userinfo", _get("http://user:pw@example.org/")),
        _low("abs-userinfo-port", _get("http://user@example.org:8080/"))),
    "tunnel_ipv6_zone_left_out": (
        RequestCase("tunnel-v6-zone", (_get(),), tunnel=Tunnel("fe80::1%eth0", 8443)),),
    "tunnel_crlf_refused": (
        RequestCase("tunnel-value-crlf", (_get(),),
                    tunnel=Tunnel("o.example", 443, {"X-A": "1\r\nInjected: 1"})),
        RequestCase("tunnel-host-crlf", (("putrequest", "GET", "/", {"skip_host": True}), _E),
                    tunnel=Tunnel("o.example\r\nInjected: 1", 443))),
    "bare_ipv6_tunnel_host_bracketed": (
        RequestCase("tunnel-v6-bare", (_get(),), tunnel=Tunnel("::1", 8443)),
        RequestCase("tunnel-v6-in-host", (_get(),), tunnel=Tunnel("[::1]:8443"))),
    "ipv6_brackets_with_port_removed": (
        RequestCase("host-v6-brackets-port-arg", (_get(),), host="[::1]", port=8080),
        RequestCase("tunnel-v6-port-arg", (_get(),), tunnel=Tunnel("[::1]", 8443))),
    "tunnel_answer_lines_bounded": (
        RequestCase("tunnel-answer-101-lines", (_get(),), tunnel=Tunnel(
            "o.example", 443, None, _PROXY_OK + b"X: 1\r\n" * 100 + b"\r\n")),),
}
# fmt: on


@dataclass(frozen=True)
class RequestFinding:
    """An undocumented request-side difference, on a minimal pattern."""

    case: RequestCase
    note: str


def _req(name: str) -> RequestCase:
    return next(case for case in REQUESTS if case.name == name)


# fmt: off
#: Undocumented request-side differences; the tests assert the stdlib's behaviour.
REQUEST_FINDINGS: dict[str, RequestFinding] = {
    "putheader_none_value_message": RequestFinding(_req("low-putheader-none"),
        "TypeError('expected string or bytes-like object, got ...') from http.client's regex; "
        "ours words it 'header value must be str, bytes-like or int, got NoneType'"),
    "putheader_float_value_message": RequestFinding(_req("low-putheader-float"), "the same, float"),
    "putheader_int_name_is_type_error": RequestFinding(_req("low-putheader-name-int"),
        "int header name: http.client raises TypeError, ours ValueError('Invalid header name 5')"),
    "tunnel_debug_output": RequestFinding(_req("tunnel-debug"),
        "3.11.7 prints no 'header:' line for the blank line ending the CONNECT answer; "
        "ours prints 'header: \\r\\n' (3.12's wording)"),
    "tuple_body_debug_message": RequestFinding(
        RequestCase("debug-tuple-body", (("request", "PUT", "/", (b"t1", b"t2"), {}, False),),
                    debuglevel=1),
        "http.client %-formats 'Unable to determine size of %r' with the body: a tuple of two "
        "raises TypeError before a byte is sent (ours printed it and sent the chunks)"),
    "one_tuple_body_debug_message": RequestFinding(
        RequestCase("debug-one-tuple-body", (("request", "PUT", "/", (b"t1",), {}, False),),
                    debuglevel=1),
        "the same format with a tuple of one prints its item: Unable to determine size of b't1'"),
}
# fmt: on
