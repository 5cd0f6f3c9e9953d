"""Header fields both ways: outgoing encoding and validation, incoming parsing.

Outgoing fields are held against ``HTTPConnection.putheader`` (and against
the RFC where we refuse what the stdlib sends); incoming clean blocks
against ``http.client.parse_headers``, odd blocks against RFC 9112 §5.
"""

from __future__ import annotations

import http.client
import io
import string
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from httpclient_compat._core import (
    ErrorKind,
    Field,
    FramingFields,
    LocalProtocolError,
    ProtocolError,
    encode_field_name,
    encode_field_value,
    field_line,
    framing_fields,
    parse_block,
    parse_fields,
)

#: RFC 9110 §5.6.2 tchar.
TCHARS = "!#$%&'*+-.^_`|~" + string.digits + string.ascii_letters
#: Visible Latin-1 characters (VCHAR and obs-text without the C1 controls).
VISIBLE = "".join(chr(code) for code in [*range(0x21, 0x7F), *range(0xA0, 0x100)])


def stdlib_putheader(
    name: str | bytes, *values: str | bytes | bytearray | memoryview[int] | int
) -> bytes:
    """The header line ``HTTPConnection.putheader`` buffers."""
    conn = http.client.HTTPConnection("example.com", 80)
    conn.putrequest("GET", "/", skip_host=True, skip_accept_encoding=True)
    conn.putheader(name, *values)
    buffer: list[bytes] = vars(conn)["_buffer"]
    return buffer[-1]


def stdlib_fields(block: bytes) -> list[Field]:
    """What http.client's header parser makes of *block*."""
    return list(http.client.parse_headers(io.BytesIO(block)).items())


def lines_of(block: bytes) -> list[bytes]:
    """*block* as the response parser reads it: line by line, endings kept."""
    return io.BytesIO(block).readlines()


def our_fields(block: bytes) -> tuple[list[Field], bool]:
    return parse_fields(lines_of(block))


def refused(call: Callable[..., object], *args: object) -> ProtocolError:
    """The core error *call* raises for *args* (fails the test if none)."""
    with pytest.raises(LocalProtocolError) as info:
        call(*args)
    return info.value


# -- outgoing names ----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Host", b"Host"),
        (b"X-Raw", b"X-Raw"),
        (bytearray(b"X-Ba"), b"X-Ba"),
        ("a!#$%&'*+-.^_`|~z", b"a!#$%&'*+-.^_`|~z"),
    ],
)
def test_encode_field_name_accepts_tokens(name: str | bytes, expected: bytes) -> None:
    encoded = encode_field_name(name)
    assert encoded == expected
    assert type(encoded) is bytes


def test_encode_field_name_refuses_non_ascii_text_as_the_stdlib_does() -> None:
    with pytest.raises(UnicodeEncodeError) as ours:
        encode_field_name("X-Caf\xe9")
    with pytest.raises(UnicodeEncodeError) as stdlib:
        stdlib_putheader("X-Caf\xe9", "1")
    assert str(ours.value) == str(stdlib.value)


@pytest.mark.parametrize(
    "name",
    ["X:Y", "X\r\nY", "X\nY", "\rX", ":", b"X:", "X\r\n\tY", "", " X"],
)
def test_encode_field_name_refuses_what_the_stdlib_refuses_with_its_message(
    name: str | bytes,
) -> None:
    error = refused(encode_field_name, name)
    assert error.kind is ErrorKind.INVALID_HEADER_NAME
    with pytest.raises(ValueError) as stdlib:
        stdlib_putheader(name, "1")
    assert str(error) == str(stdlib.value)


@pytest.mark.parametrize(
    "name",
    ["X Y", "X\tY", "X ", "X\x00", "X\x7f", b"\xc3\xa9", b"X\xe9", "(x)", "a/b", "a@b", "{}"],
)
def test_encode_field_name_refuses_non_tokens_the_stdlib_sends(name: str | bytes) -> None:
    """Our difference: names are tokens (RFC 9110 §5.1), never controls or SP."""
    raw = name.encode("ascii") if isinstance(name, str) else name
    assert stdlib_putheader(name, "1") == raw + b": 1"
    error = refused(encode_field_name, name)
    assert error.kind is ErrorKind.INVALID_HEADER_NAME
    assert error.args == (f"Invalid header name {raw!r}",)


@pytest.mark.parametrize("name", [5, None, memoryview(b"X"), ["X"]])
def test_encode_field_name_refuses_other_types_as_the_stdlib_does(name: object) -> None:
    """http.client's regex check raises TypeError for them; the shell maps
    INVALID_HEADER_TYPE to TypeError with the same words."""
    error = refused(encode_field_name, name)
    assert error.kind is ErrorKind.INVALID_HEADER_TYPE
    assert error.args == (f"expected string or bytes-like object, got {type(name).__name__!r}",)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=TCHARS, min_size=1, max_size=20))
def test_any_token_is_a_valid_name_the_stdlib_sends_alike(name: str) -> None:
    assert encode_field_name(name) == name.encode("ascii")
    assert stdlib_putheader(name, "v") == name.encode("ascii") + b": v"


@settings(max_examples=60, deadline=None)
@given(
    st.binary(max_size=8),
    st.sampled_from([code for code in range(256) if chr(code) not in TCHARS]),
    st.binary(max_size=8),
)
def test_any_name_with_a_non_tchar_byte_is_refused(head: bytes, bad: int, tail: bytes) -> None:
    name = head + bytes([bad]) + tail
    error = refused(encode_field_name, name)
    assert error.args == (f"Invalid header name {name!r}",)


# -- outgoing values ---------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("text", b"text"),
        ("caf\xe9 \xff", b"caf\xe9 \xff"),
        ("", b""),
        ("a\tb c", b"a\tb c"),
        (42, b"42"),
        (-1, b"-1"),
        (True, b"True"),
        (b"raw\xe9", b"raw\xe9"),
        (bytearray(b"ba"), b"ba"),
        (memoryview(b"mv"), b"mv"),
    ],
)
def test_encode_field_value_encodes_as_the_stdlib_does(
    value: str | int | bytes | bytearray | memoryview, expected: bytes
) -> None:
    encoded = encode_field_value(value)
    assert encoded == expected
    assert type(encoded) is bytes
    assert stdlib_putheader("X", value) == b"X: " + expected


def test_encode_field_value_refuses_text_outside_latin1_as_the_stdlib_does() -> None:
    with pytest.raises(UnicodeEncodeError) as ours:
        encode_field_value("\u20ac")
    with pytest.raises(UnicodeEncodeError) as stdlib:
        stdlib_putheader("X", "\u20ac")
    assert str(ours.value) == str(stdlib.value)


@pytest.mark.parametrize("value", [1.5, None, object(), ["a"], ("a",)])
def test_encode_field_value_refuses_types_without_a_wire_form(value: object) -> None:
    error = refused(encode_field_value, value)
    assert error.kind is ErrorKind.INVALID_HEADER_TYPE
    assert type(value).__name__ in str(error)


@pytest.mark.parametrize(
    "value",
    ["a\r\nX: y", "a\nb", "a\rb", "a\r", "\n", "a\x00b", b"a\r\nX: y", b"\x00", bytearray(b"\n")],
)
def test_encode_field_value_refuses_cr_lf_and_nul(value: str | bytes | bytearray) -> None:
    """CVE-2016-5699; RFC 9110 §5.5."""
    raw = value.encode("latin-1") if isinstance(value, str) else bytes(value)
    error = refused(encode_field_value, value)
    assert error.kind is ErrorKind.INVALID_HEADER_VALUE
    assert error.args == (f"Invalid header value {raw!r}",)


@pytest.mark.parametrize("value", ["a\r\n\tb", "a\r\n b", "a\n\tb", b"a\r\n b"])
def test_continuation_values_are_refused_although_the_stdlib_sends_them(
    value: str | bytes,
) -> None:
    """Our difference: no obs-fold is generated (RFC 9112 §5.2)."""
    raw = value.encode("latin-1") if isinstance(value, str) else value
    assert stdlib_putheader("X", value) == b"X: " + raw
    assert refused(encode_field_value, value).kind is ErrorKind.INVALID_HEADER_VALUE


def test_nul_in_a_value_is_refused_although_the_stdlib_sends_it() -> None:
    assert stdlib_putheader("X", "a\x00b") == b"X: a\x00b"
    assert refused(encode_field_value, "a\x00b").kind is ErrorKind.INVALID_HEADER_VALUE


@pytest.mark.parametrize("value", ["a\r\nX: y", "a\rb", "a\nb"])
def test_values_the_stdlib_refuses_carry_its_message(value: str) -> None:
    with pytest.raises(ValueError) as stdlib:
        stdlib_putheader("X", value)
    assert str(refused(encode_field_value, value)) == str(stdlib.value)


_SAFE_LATIN1 = st.text(
    alphabet=st.characters(codec="latin-1", exclude_characters="\r\n\x00"), max_size=30
)


@settings(max_examples=80, deadline=None)
@given(_SAFE_LATIN1)
def test_any_latin1_text_without_cr_lf_nul_round_trips(value: str) -> None:
    encoded = encode_field_value(value)
    assert encoded.decode("latin-1") == value
    assert stdlib_putheader("X", value) == b"X: " + encoded


@settings(max_examples=80, deadline=None)
@given(_SAFE_LATIN1, st.sampled_from(["\r", "\n", "\x00", "\r\n", "\r\n\t"]), _SAFE_LATIN1)
def test_any_value_with_cr_lf_or_nul_is_refused(head: str, bad: str, tail: str) -> None:
    value = head + bad + tail
    for form in (value, value.encode("latin-1")):
        error = refused(encode_field_value, form)
        assert error.kind is ErrorKind.INVALID_HEADER_VALUE


# -- field lines -------------------------------------------------------------


def test_field_line_joins_several_values_with_comma_not_obs_fold() -> None:
    """Our difference: http.client folds them onto continuation lines."""
    assert field_line("Accept", ["a", b"b", 3]) == b"Accept: a, b, 3"
    assert stdlib_putheader("Accept", "a", b"b", 3) == b"Accept: a\r\n\tb\r\n\t3"


@pytest.mark.parametrize(
    ("name", "values"),
    [("X", ["1"]), (b"X", [b"\xe9"]), ("Content-Length", [0]), ("X", []), ("X", [""])],
)
def test_field_line_with_at_most_one_value_is_the_stdlib_line(
    name: str | bytes, values: list[str | bytes | int]
) -> None:
    assert field_line(name, values) == stdlib_putheader(name, *values)


def test_field_line_checks_the_name_and_every_value() -> None:
    assert refused(field_line, "X Y", ["1"]).kind is ErrorKind.INVALID_HEADER_NAME
    assert refused(field_line, "X", ["1", "2\n"]).kind is ErrorKind.INVALID_HEADER_VALUE
    assert refused(field_line, "X", ["1", None]).kind is ErrorKind.INVALID_HEADER_TYPE


# -- incoming: clean blocks --------------------------------------------------

CLEAN_BLOCKS = [
    b"",
    b"\r\n",
    b"\n",
    b"Content-Type: text/html\r\nContent-Length: 5\r\n\r\n",
    b"Content-Type: text/html\r\nContent-Length: 5\r\n",
    b"A:x\r\nB:  y\r\nC:\tz\r\nD: \t w\r\n\r\n",
    b"Empty:\r\nBlank:   \r\nTab:\t\r\n\r\n",
    b"Trailing: x  \r\nTab: y\t\r\n\r\n",
    b"Colons: a: b: c\r\nUrl: http://x:80/\r\n\r\n",
    b"A: 1\nB: 2\n\n",
    b"A: 1\r\nB: 2\nC: 3\r\n\n",
    b"Set-Cookie: a=1\r\nset-cookie: b=2\r\nSET-COOKIE: c=3\r\n\r\n",
    b"X-Latin: caf\xe9 \xff\r\n\r\n",
    b"X-Odd-Controls: 1\x0b2\x0c3\x1c4\x855\x7f\r\n\r\n",
    b"From: someone\r\nX: >From\r\n\r\n",
    b"!#$%&'*+-.^_`|~: token\r\n\r\n",
]


@pytest.mark.parametrize("block", CLEAN_BLOCKS)
def test_clean_blocks_give_exactly_the_stdlib_fields(block: bytes) -> None:
    fields, clean = our_fields(block)
    assert clean is True
    assert fields == stdlib_fields(block)


def test_fields_of_a_clean_block_keep_order_case_and_duplicates() -> None:
    fields, _ = our_fields(b"B: 2\r\nA: 1\r\nb: 3\r\n\r\n")
    assert fields == [("B", "2"), ("A", "1"), ("b", "3")]


_COMMON_NAMES = ["Content-Length", "Transfer-Encoding", "Connection", "Set-Cookie", "X-A"]


@st.composite
def field_names(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return draw(st.text(alphabet=TCHARS, min_size=1, max_size=12))
    name = draw(st.sampled_from(_COMMON_NAMES))
    upper = draw(st.lists(st.booleans(), min_size=len(name), max_size=len(name)))
    return "".join(c.upper() if up else c.lower() for c, up in zip(name, upper))


@st.composite
def clean_lines(draw: st.DrawFn) -> bytes:
    name = draw(field_names())
    space = draw(st.sampled_from(["", " ", " ", "  ", "\t", " \t "]))
    value = draw(st.text(alphabet=VISIBLE + " \t", max_size=16))
    if draw(st.booleans()):
        value = draw(st.sampled_from(["a: b", ": ", "x: y: z", "http://h:1/"])) + value
    ending = draw(st.sampled_from(["\r\n", "\r\n", "\n"]))
    return f"{name}:{space}{value}{ending}".encode("latin-1")


@st.composite
def clean_blocks(draw: st.DrawFn) -> bytes:
    lines = draw(st.lists(clean_lines(), max_size=8))
    return b"".join(lines) + draw(st.sampled_from([b"\r\n", b"\r\n", b"\n", b""]))


@settings(max_examples=150, deadline=None)
@given(clean_blocks())
def test_any_clean_block_gives_exactly_the_stdlib_fields(block: bytes) -> None:
    fields, clean = our_fields(block)
    assert clean is True
    assert fields == stdlib_fields(block)


# -- incoming: odd blocks ----------------------------------------------------

ODD_BLOCKS = [
    pytest.param(
        b"A: 1\r\n b\r\nC: 2\r\n\r\n",
        [("A", "1 b"), ("C", "2")],
        [("A", "1\r\n b"), ("C", "2")],
        id="obs-fold",
    ),
    pytest.param(
        b"A: 1 \t\r\n\t  b\r\n c\r\nD: 4\r\n\r\n",
        [("A", "1 b c"), ("D", "4")],
        [("A", "1 \t\r\n\t  b\r\n c"), ("D", "4")],
        id="obs-fold-twice-with-whitespace",
    ),
    pytest.param(
        b"A: 1\r\nno colon here\r\nC: 2\r\n\r\n",
        [("A", "1"), ("C", "2")],
        [("A", "1")],
        id="line-without-colon",
    ),
    pytest.param(
        b"\xe9t\xe9: 1\r\nB: 2\r\n\r\n",
        [("\xe9t\xe9", "1"), ("B", "2")],
        [],
        id="non-ascii-name",
    ),
    pytest.param(
        b"A: 1\x002\r\nB: 2\r\n\r\n",
        [("A", "1 2"), ("B", "2")],
        [("A", "1\x002"), ("B", "2")],
        id="nul-in-value",
    ),
    pytest.param(
        b"A: 1\r2\r\nB: 2\r\n\r\n",
        [("A", "1 2"), ("B", "2")],
        [("A", "1")],
        id="bare-cr-in-value",
    ),
    pytest.param(
        b" continued\r\nA: 1\r\n\r\n",
        [("A", "1")],
        [("A", "1")],
        id="continuation-first",
    ),
    pytest.param(
        b":x\r\nA: 1\r\n\r\n",
        [("A", "1")],
        [("A", "1")],
        id="empty-name",
    ),
    pytest.param(
        b"X: 1\r\nbad line\r\n cont\r\nA: 2\r\n\r\n",
        [("X", "1"), ("A", "2")],
        [("X", "1")],
        id="continuation-of-a-skipped-line",
    ),
    pytest.param(
        b"X: 1\r\n:x\r\n cont\r\nA: 2\r\n\r\n",
        [("X", "1"), ("A", "2")],
        [("X", "1"), ("A", "2")],
        id="continuation-of-an-empty-name",
    ),
    pytest.param(
        b"\xe9: y\r\n cont\r\nA: 2\r\n\r\n",
        [("\xe9", "y cont"), ("A", "2")],
        [],
        id="continuation-of-a-non-ascii-name",
    ),
    pytest.param(
        b"A: 1\r\nB: 2",
        [("A", "1"), ("B", "2")],
        [("A", "1"), ("B", "2")],
        id="last-line-cut-at-eof",
    ),
]


@pytest.mark.parametrize(("block", "expected", "stdlib"), ODD_BLOCKS)
def test_odd_blocks_are_read_field_by_field(
    block: bytes, expected: list[Field], stdlib: list[Field]
) -> None:
    fields, clean = our_fields(block)
    assert clean is False
    assert fields == expected
    assert stdlib_fields(block) == stdlib


def test_an_odd_line_hides_later_fields_from_the_stdlib_but_not_from_us() -> None:
    """gh-81274: one line without a colon ends the email parser's headers."""
    block = b"A: 1\r\nbroken\r\nContent-Length: 5\r\nConnection: close\r\n\r\n"
    fields, _ = our_fields(block)
    assert ("Content-Length", "5") in fields
    assert ("Connection", "close") in fields
    assert stdlib_fields(block) == [("A", "1")]


def test_a_skipped_line_continued_does_not_change_the_field_before_it() -> None:
    """Folded text of a line that is no field must not land in Content-Length."""
    fields, clean = our_fields(b"Content-Length: 5\r\nnot a field\r\n 0\r\n\r\n")
    assert clean is False
    assert fields == [("Content-Length", "5")]
    assert framing_fields(fields).content_length == ["5"]


_ODD_LINES = [
    b"no colon\r\n",
    b"\xe9: high\r\n",
    b"A\x00B: nul\r\n",
    b"Bad Name: sp\r\n",
    b"X: cr\rin value\r\n",
    b"X: nul\x00value\r\n",
]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(clean_lines(), max_size=5),
    st.sampled_from(_ODD_LINES),
    st.lists(clean_lines(), min_size=1, max_size=5),
)
def test_no_field_after_an_odd_line_is_lost(
    before: list[bytes], odd: bytes, after: list[bytes]
) -> None:
    block = b"".join([*before, odd, *after]) + b"\r\n"
    fields, clean = our_fields(block)
    assert clean is False
    expected_after, _ = our_fields(b"".join(after) + b"\r\n")
    assert fields[-len(expected_after) :] == expected_after
    expected_before, _ = our_fields(b"".join(before) + b"\r\n")
    assert fields[: len(expected_before)] == expected_before


@pytest.mark.parametrize("fold", [b" b\r\n", b"\tb\r\n", b"  \t b\r\n"])
def test_obs_fold_is_replaced_by_one_space(fold: bytes) -> None:
    """RFC 9112 §5.2."""
    fields, clean = our_fields(b"A: a\r\n" + fold + b"\r\n")
    assert clean is False
    assert fields == [("A", "a b")]


# -- framing fields ----------------------------------------------------------


def test_framing_fields_collect_every_te_and_cl_and_the_first_of_the_rest() -> None:
    fields = [
        ("Transfer-Encoding", "gzip"),
        ("CONTENT-LENGTH", "5"),
        ("Connection", "close"),
        ("transfer-encoding", "chunked"),
        ("content-length", "6"),
        ("connection", "keep-alive"),
        ("Keep-Alive", "timeout=5"),
        ("keep-alive", "max=1"),
        ("Proxy-Connection", "keep-alive"),
        ("proxy-connection", "close"),
        ("X-Other", "1"),
    ]
    assert framing_fields(fields) == FramingFields(
        ["gzip", "chunked"], ["5", "6"], "close", "timeout=5", "keep-alive"
    )


def test_framing_fields_of_a_block_without_them_are_empty() -> None:
    assert framing_fields([("A", "1")]) == FramingFields([], [], None, None, None)


def test_framing_fields_take_the_first_value_as_the_stdlib_get_does() -> None:
    block = b"Connection: keep-alive\r\nconnection: close\r\nKeep-Alive: \r\n\r\n"
    fields, _ = our_fields(block)
    message = http.client.parse_headers(io.BytesIO(block))
    ours = framing_fields(fields)
    assert (ours.connection, ours.keep_alive) == (
        message.get("connection"),
        message.get("keep-alive"),
    )


_FRAMING_NAMES = [
    "Transfer-Encoding",
    "Content-Length",
    "Connection",
    "Keep-Alive",
    "Proxy-Connection",
    "X-Other",
]
_FRAMING_VALUES = [
    "chunked",
    "gzip",
    "gzip, chunked",
    "5",
    "6",
    "x",
    "close",
    "keep-alive",
    "timeout=5",
]


@st.composite
def framing_heads(draw: st.DrawFn) -> list[tuple[str, str]]:
    count = draw(st.integers(min_value=1, max_value=6))
    head = []
    for _ in range(count):
        name = draw(st.sampled_from(_FRAMING_NAMES))
        name = draw(st.sampled_from([name, name.lower(), name.upper()]))
        head.append((name, draw(st.sampled_from(_FRAMING_VALUES))))
    return head


def _block(head: list[tuple[str, str]], ending: bytes) -> bytes:
    return b"".join(f"{name}: {value}".encode("latin-1") + ending for name, value in head)


@settings(max_examples=120, deadline=None)
@given(framing_heads(), st.sampled_from(["5", "gzip", "close"]))
def test_fast_and_general_paths_pick_the_same_framing_fields(
    head: list[tuple[str, str]], extra: str
) -> None:
    """A CRLF block takes the fast path; one bare LF line sends it down the general one."""
    crlf = _block(head, b"\r\n") + b"\r\n"
    bare = _block(head, b"\r\n")[:-2] + b"\n\r\n"
    expected = (head, True, framing_fields(head))
    assert parse_block(crlf) == expected
    assert parse_block(bare) == expected
    # The same names again with other values: values are read afresh.
    again = [(name, f"{value}{extra}") for name, value in head]
    block = _block(again, b"\r\n") + b"\r\n"
    assert parse_block(block) == (again, True, framing_fields(again))


def test_a_block_not_ending_in_a_blank_line_takes_the_general_path_alike() -> None:
    head = [("Content-Length", "5"), ("Connection", "close")]
    block = _block(head, b"\r\n")
    assert parse_block(block) == (head, True, framing_fields(head))


@pytest.mark.parametrize(
    "block",
    [
        b"A: 1\r\nB:2\r\n\r\n",
        b"A: 1\r\nB: \r\n\r\n",
        b"A: 1\r\nB:  2\r\n\r\n",
        b"A: 1\r\nB: x: y\r\n\r\n",
        b"A: 1\r\nB:: 2\r\n\r\n",
        b"A: 1\r\nB\r\nC: x: y\r\n\r\n",
        b"A: 1\r\n: 2\r\n\r\n",
        b"A: 1\r\nB C: 2\r\n\r\n",
        b"A: 1\r\n\xe9: 2\r\n\r\n",
        b"A: 1\x00\r\n\r\n",
        b"A: 1\rx\r\n\r\n",
        b"\r\n\r\n",
    ],
)
def test_blocks_near_the_fast_path_read_as_the_general_path_reads_them(block: bytes) -> None:
    """Each block fails one condition of the fast path by a hair."""
    fields, clean = parse_fields(lines_of(block))
    assert parse_block(block) == (fields, clean, framing_fields(fields))
    if clean:
        assert fields == stdlib_fields(block)


def test_many_distinct_name_sequences_all_parse_right() -> None:
    """More kinds of head than the name cache holds: each is still read right."""
    for number in range(300):
        head = [(f"X-{number}", str(number)), ("Content-Length", str(number))]
        block = _block(head, b"\r\n") + b"\r\n"
        assert parse_block(block) == (head, True, framing_fields(head))


def test_a_head_with_very_long_names_parses_right_twice() -> None:
    head = [("X-" + "n" * 5000, "1"), ("Connection", "close")]
    for value in ("1", "2"):
        head[0] = (head[0][0], value)
        block = _block(head, b"\r\n") + b"\r\n"
        assert parse_block(block) == (head, True, framing_fields(head))


# -- incoming: names read last -----------------------------------------------
#
# What was learnt of the names read last (their check, where the framing
# fields stand) is used again when the next block has the same names.
# Each test primes that memo with a block of the same names, then checks
# that a block read through it gives what the same block gives without it
# (other names read last).


def _prime(names: list[str]) -> None:
    """Make *names* the names read last: a block of them."""
    block = _block([(name, "1") for name in names], b"\r\n") + b"\r\n"
    assert parse_block(block)[1] is True


def _without_guess(block: bytes) -> tuple[list[Field], bool, FramingFields]:
    _prime(["X-Other-Shape"])
    return parse_block(block)


def _with_guess(names: list[str], block: bytes) -> tuple[list[Field], bool, FramingFields]:
    _prime(names)
    return parse_block(block)


@pytest.mark.parametrize(
    ("block", "fields", "clean"),
    [
        (b"A: 1\r\nB: 2\r\n\r\n", [("A", "1"), ("B", "2")], True),
        (b"A:  1\r\nB:\t2\r\n\r\n", [("A", "1"), ("B", "2")], True),
        (b"A:1\r\nB: \t \r\n\r\n", [("A", "1"), ("B", "")], True),
        (b"A:\r\nB:\r\n\r\n", [("A", ""), ("B", "")], True),
        (b"A: x: y\r\nB: 2 \r\n\r\n", [("A", "x: y"), ("B", "2 ")], True),
        (b"A: \x01x\r\nB: \xe9\x85\r\n\r\n", [("A", "\x01x"), ("B", "\xe9\x85")], True),
        pytest.param(
            b"A: " + b" " * 3000 + b"\rx\r\nB: 2\r\n\r\n",
            [("A", "x"), ("B", "2")],
            False,
            id="a long run of spaces, then a bare CR",
        ),
        (b"A: \t1\r\nB: 2\r\n\r\n", [("A", "1"), ("B", "2")], True),
        (b"A: 1\r\nB: \t\r\n\r\n", [("A", "1"), ("B", "")], True),
        (b"A: 1\r\nB: \r\n\r\n", [("A", "1"), ("B", "")], True),
        (b"A: 1\t2\t\r\nB: 2\r\n\r\n", [("A", "1\t2\t"), ("B", "2")], True),
        (b"A: \rx\r\nB: 2\r\n\r\n", [("A", "x"), ("B", "2")], False),
        (b"A: \nx\r\nB: 2\r\n\r\n", [("A", ""), ("B", "2")], False),
        (b"A: \x00x\r\nB: 2\r\n\r\n", [("A", "x"), ("B", "2")], False),
        (b"A: 1\nx\r\nB: 2\r\n\r\n", [("A", "1"), ("B", "2")], False),
        (b"A: 1\nB: 2\r\n\r\n", [("A", "1"), ("B", "2")], True),
        (b"A: 1\rx\r\nB: 2\r\n\r\n", [("A", "1 x"), ("B", "2")], False),
        (b"A: 1\x00\r\nB: 2\r\n\r\n", [("A", "1 "), ("B", "2")], False),
        (b"A: 1\r\n 2\r\nB: 3\r\n\r\n", [("A", "1 2"), ("B", "3")], False),
        (b"A: 1\r\nB: 2\r\nC: 3\r\n\r\n", [("A", "1"), ("B", "2"), ("C", "3")], True),
        (b"A: 1\r\n\r\n", [("A", "1")], True),
        (b"a: 1\r\nB: 2\r\n\r\n", [("a", "1"), ("B", "2")], True),
        (b"A: 1\r\nB: 2\r\n", [("A", "1"), ("B", "2")], True),
        (b"A: 1\r\nB: 2\r\n\r\nC: 3\r\n\r\n", [("A", "1"), ("B", "2"), ("C", "3")], False),
    ],
)
def test_a_block_of_the_names_read_last_is_read_as_without_them(
    block: bytes, fields: list[Field], clean: bool
) -> None:
    """Blocks of the names read last, and near them: values as the clean
    path reads them, and anything odd (a bare CR or LF, NUL, obs-fold,
    other names) left to the paths that read it."""
    expected = _without_guess(block)
    assert expected[:2] == (fields, clean)
    assert _with_guess(["A", "B"], block) == expected
    if clean:
        assert fields == stdlib_fields(block)


@st.composite
def value_text(draw: st.DrawFn) -> str:
    """Values as servers write them, with the odd bytes that must not slip
    through: CR, LF, NUL, runs of SP and HTAB, ": "."""
    pieces = draw(
        st.lists(
            st.one_of(
                st.text(alphabet=VISIBLE, max_size=6),
                st.sampled_from([" ", "\t", "  \t ", ": ", "\r", "\n", "\x00", "\r\n"]),
            ),
            max_size=5,
        )
    )
    return "".join(pieces)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(field_names(), min_size=1, max_size=6),
    st.data(),
)
def test_any_block_of_the_names_read_last_is_read_as_without_them(
    names: list[str], data: st.DataObject
) -> None:
    values = [data.draw(value_text()) for _ in names]
    # What follows the colon first: the common single SP, and what must
    # not be taken for a value's first character.
    leads = [data.draw(st.sampled_from(["", " ", " \t", " \r", "  "])) for _ in names]
    block = "".join(f"{name}:{lead}{value}\r\n" for name, lead, value in zip(names, leads, values))
    raw = (block + "\r\n").encode("latin-1")
    expected = _without_guess(raw)
    assert _with_guess(names, raw) == expected
    if expected[1]:
        assert expected[0] == stdlib_fields(raw)


def test_many_kinds_of_head_in_turn_all_parse_right() -> None:
    """Each of 40 name sequences read three times, in turn, with new values."""
    for round_ in range(3):
        for number in range(40):
            head = [(f"X-{number}", f"{round_}.{number}"), ("Content-Length", str(round_))]
            block = _block(head, b"\r\n") + b"\r\n"
            assert parse_block(block) == (head, True, framing_fields(head))


def test_long_names_read_again_are_read_right_every_time() -> None:
    """2 KiB of names, the same three times with new values."""
    head = [(f"X-{number}-" + "n" * 100, str(number)) for number in range(20)]
    for value in ("a", "b", "c"):
        head[0] = (head[0][0], value)
        block = _block(head, b"\r\n") + b"\r\n"
        assert parse_block(block) == (head, True, framing_fields(head))
