"""The framing grammar of RFC 9110/9112, where http.client is lenient:
both sides of each deliberate difference (docs/differences.rst,
"Strict framing"), on the streams of the matching ``corpus.DIFFERENT`` group.

http.client reads these bytes one way and another reader could read them
another, which is how a response is smuggled into a kept connection; the
module refuses them, in the core, with an exception of the stdlib's tree.
"""

from __future__ import annotations

import http.client

from .harness import REFUSED
from .pairs import pairs, state


def test_difference_field_name_not_a_token_is_an_error() -> None:
    """RFC 9112 §5.1: no whitespace between a field name and its colon;
    RFC 9110 §5.1: a field name is a token."""
    for case, _, _, std, ours in pairs("field_name_not_a_token_is_an_error"):
        # http.client: the line and every later one go into the payload
        # (MissingHeaderBodySeparatorDefect), Content-Length included.
        assert std.head_error is None, case.name
        assert "MissingHeaderBodySeparatorDefect" in std.message[1]
        # ours: no response at all; the connection is closed.
        assert ours.head_error is not None
        assert ours.head_error.type is http.client.HTTPException
        assert ours.head_error.args[0].startswith("invalid header line ")
        assert (ours.status, ours.conn_sock) == (None, False)


def test_difference_status_line_grammar() -> None:
    """RFC 9112 §4: ``HTTP/`` DIGIT ``.`` DIGIT SP 3DIGIT [SP reason]."""
    for case, _, _, std, ours in pairs("status_line_grammar", ("read",)):
        # http.client: split() and int() read these; a version of 2 or 3
        # is UnknownProtocol there.
        if case.name in ("line-version-2", "line-version-3", "line-version-bare"):
            assert std.head_error is not None
            assert std.head_error.type is http.client.UnknownProtocol
        else:
            assert (std.head_error, std.status, std.body) == (None, 200, b"ok"), case.name
        assert ours.head_error is not None
        assert ours.head_error.type is http.client.BadStatusLine
        line = case.data[: case.data.index(b"\n") + 1].decode("iso-8859-1")
        assert ours.head_error.args == (line,)
        assert ours.conn_sock is False


def test_difference_reason_cr_nul_become_sp() -> None:
    """RFC 9110 §5.5: a bare CR or NUL never reaches the application."""
    for _, _, _, std, ours in pairs("reason_cr_nul_become_sp", ("read",)):
        assert std.reason in ("O\x00K", "O\rK")
        assert (ours.reason, ours.status, ours.body) == ("O K", 200, b"")


def test_difference_obs_fold_and_nul_become_sp() -> None:
    """RFC 9112 §5.2: obs-fold becomes SP before the value is used; RFC
    9110 §5.5: so does a NUL."""
    for case, _, _, std, ours in pairs("obs_fold_and_nul_become_sp"):
        std_values = [value for _, value in std.items or ()]
        ours_values = [value for _, value in ours.items or ()]
        # http.client: the CRLF (or the NUL) is in the value.
        assert any("\n" in value or "\x00" in value for value in std_values), case.name
        assert not any(set(value) & {"\r", "\n", "\x00"} for value in ours_values)
        if case.name == "hdr-obs-fold":
            assert ("X-Folded", "a b c") in (ours.items or ())
        if case.name == "hdr-obs-fold-cl":
            # Both read the folded length: int() strips the CRLF and SP.
            assert ("Content-Length", "5") in (ours.items or ())
            assert state(std).length == state(ours).length == 5
        # The same defects and payload as the email parser's message.
        assert ours.message[1:3] == std.message[1:3]
        assert ours.body == std.body


def test_difference_content_length_grammar() -> None:
    """RFC 9110 §8.6: Content-Length = 1*DIGIT; RFC 9112 §6.3 item 5: any
    other value is an unrecoverable error."""
    for case, _, _, std, ours in pairs("content_length_grammar"):
        # http.client: int() reads +5, 1_0; other values mean "until close".
        assert (std.head_error, std.body_error) == (None, None), case.name
        assert std.body in (b"0123456789", b"01234")
        # ours: the head is returned, its body cannot be framed.
        assert ours.head_error is None
        assert ours.headers == std.headers
        assert ours.body_error is not None
        assert ours.body_error.type is http.client.HTTPException
        assert ours.body_error.args[0].startswith("invalid Content-Length ")
        assert (ours.body, state(ours, "after").isclosed, ours.conn_sock) == (b"", True, False)


def test_difference_chunk_size_grammar() -> None:
    """RFC 9112 §7.1: chunk-size = 1*HEXDIG."""
    for case, _, _, std, ours in pairs("chunk_size_grammar", ("read",)):
        # http.client: int(line, 16) takes 0x5, +5, 1_0 and a leading space.
        assert (std.body_error, std.head_error) == (None, None), case.name
        # ours: no chunk at all; the connection is closed.
        assert ours.body_error is not None
        assert ours.body_error.type is http.client.IncompleteRead
        assert (ours.body, state(ours, "after").isclosed, ours.next_exchange) == (
            b"",
            True,
            REFUSED,
        )


def test_difference_truncated_head_is_an_error() -> None:
    """A head cut short is never a response (see docs/differences.rst)."""
    for case, _, _, std, ours in pairs("truncated_head_is_an_error", ("read",)):
        if case.name == "line-cut-in-version":
            # http.client: "HTTP/1." is no status line to it.
            assert std.head_error is not None
            assert std.head_error.type is http.client.BadStatusLine
        elif case.name == "interim-eof-in-head":
            # http.client skips the 100 and finds no response: the same
            # exception, which does not say where the stream ended.
            assert std.head_error is not None
            assert std.head_error.args == ("Remote end closed connection without response",)
        else:
            # http.client: EOF ends the head; the response looks whole.
            assert std.head_error is None, case.name
            assert std.status is not None
        assert ours.head_error is not None, case.name
        assert ours.head_error.type is http.client.RemoteDisconnected
        assert "closed connection in the" in ours.head_error.args[0]
        assert (ours.status, ours.conn_sock) == (None, False)


def test_difference_failed_response_socket_not_reused() -> None:
    """RFC 9112 §6.3: after a framing error the connection is closed and
    discarded; the next request opens a new one (auto_open)."""
    for case, _, _, std, ours in pairs("failed_response_socket_not_reused", ("read",)):
        assert std.body_error is not None, case.name
        assert ours.body_error is not None
        # http.client sends the next request on the same socket, and reads
        # what the old one holds; ours connects anew (the suite refuses).
        assert std.next_exchange != REFUSED
        assert ours.next_exchange == REFUSED


def test_difference_truncated_last_chunk_line() -> None:
    """EOF right after the last chunk's ``0``, which could have begun
    ``0a``: the body is not known to be whole."""
    for case, _, _, std, ours in pairs("truncated_last_chunk_line", ("read",)):
        # http.client: int(b"0", 16) is the last chunk; the body looks whole.
        assert std.body_error is None, case.name
        assert ours.body_error is not None
        assert ours.body_error.type is http.client.IncompleteRead
        assert ours.body_error.partial == std.body
