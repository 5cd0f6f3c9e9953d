"""Names whose presence or shape depends on the running interpreter
(docs/differences.rst, "Interpreter versions"): they follow it, and additions exist everywhere."""

from __future__ import annotations

import http.client
import io
import sys

import httpclient_compat as client


def test_parse_header_lines_gives_the_message_http_client_would() -> None:
    """3.12's helper, available on every version."""
    lines = [b"A: 1\r\n", b"B:  two \r\n", b"\r\n"]
    ours = client._parse_header_lines(lines)
    assert isinstance(ours, http.client.HTTPMessage)
    assert vars(ours) == vars(http.client.parse_headers(io.BytesIO(b"".join(lines))))


def test_read_headers_keeps_the_blank_line_before_3_15_only() -> None:
    lines = client._read_headers(io.BytesIO(b"A: 1\r\n\r\nbody"))
    if sys.version_info >= (3, 15):
        assert lines == [b"A: 1\r\n"]
    else:
        assert lines == [b"A: 1\r\n", b"\r\n"]


def test_the_module_level_https_context_helper_follows_the_interpreter() -> None:
    assert hasattr(client, "_create_https_context") == hasattr(http.client, "_create_https_context")
