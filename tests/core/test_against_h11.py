"""The push adapter against h11, an independent HTTP/1.1 implementation.

For responses both accept, h11 as a client and our adapter must see the
same interim responses, status, reason, headers, body and trailers.  h11
strips trailing whitespace from values and keeps names as sent in
``raw_items()``; reasons are compared stripped, as ``HTTPResponse.reason``
is.
"""

from __future__ import annotations

from collections.abc import Sequence

import h11
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from httpclient_compat._core import (
    Data,
    EndOfMessage,
    Event,
    Field,
    InformationalResponse,
    Response,
)

from .helpers import CORPUS, Case, Generated, connection_for, feed, pieces, responses

# See test_response_hypothesis.py: a failing property must not abort the session.
pytestmark = pytest.mark.filterwarnings(
    "ignore:mypy_extensions.TypedDict is deprecated:DeprecationWarning"
)

Item = tuple[object, ...]


def _fields(fields: Sequence[Field]) -> list[Field]:
    """Values stripped, and agreeing Content-Length values collapsed into
    the first such field, as h11 keeps them."""
    stripped = [(name, value.strip(" \t")) for name, value in fields]
    lengths = [i for i, (name, _) in enumerate(stripped) if name.lower() == "content-length"]
    values = {v.strip() for i in lengths for v in stripped[i][1].split(",")}
    if len(values) == 1:
        first = lengths[0]
        stripped[first] = (stripped[first][0], values.pop())
        stripped = [f for i, f in enumerate(stripped) if i == first or i not in lengths]
    return stripped


def _h11_fields(headers: h11._headers.Headers) -> list[Field]:
    return [(n.decode("iso-8859-1"), v.decode("iso-8859-1")) for n, v in headers.raw_items()]


def ours(data: bytes, method: str, splits: Sequence[int] = ()) -> list[Item] | None:
    """What our push adapter reads from *data*, or ``None`` if it refuses it."""
    trace = feed(connection_for(method), data, splits)
    if trace.error is not None:
        return None
    return [_item(event) for event in trace.events]


def _item(event: Event) -> Item:
    if isinstance(event, InformationalResponse):
        return ("interim", event.version, event.status, event.reason, _fields(event.fields))
    if isinstance(event, Response):
        return ("final", event.version, event.status, event.reason, _fields(event.fields))
    if isinstance(event, Data):
        return ("data", event.data)
    assert isinstance(event, EndOfMessage)
    return ("end", _fields(event.trailers))


def theirs(data: bytes, method: str, splits: Sequence[int] = ()) -> list[Item] | None:
    """What h11, as a client that sent *method*, reads from *data*, or
    ``None`` if it refuses it."""
    conn = h11.Connection(h11.CLIENT)
    target = "example.com:443" if method == "CONNECT" else "/"
    conn.send(h11.Request(method=method, target=target, headers=[("Host", "example.com")]))
    conn.send(h11.EndOfMessage())
    items: list[Item] = []
    try:
        for piece in [*pieces(data, splits), b""]:
            conn.receive_data(piece)
            for _ in range(2 * len(data) + 16):
                event = conn.next_event()
                if event is h11.NEED_DATA or event is h11.PAUSED:
                    break
                if isinstance(event, h11.ConnectionClosed):
                    return items
                _add_h11(items, event)
            if event is h11.PAUSED:
                return items
    except h11.RemoteProtocolError:
        return None
    return items


def _add_h11(items: list[Item], event: object) -> None:
    if isinstance(event, (h11.InformationalResponse, h11.Response)):
        kind = "interim" if isinstance(event, h11.InformationalResponse) else "final"
        version = "HTTP/" + event.http_version.decode("ascii")
        reason = event.reason.decode("iso-8859-1").strip()
        items.append((kind, version, event.status_code, reason, _h11_fields(event.headers)))
    elif isinstance(event, h11.Data):
        if items and items[-1][0] == "data":
            items[-1] = ("data", items[-1][1] + bytes(event.data))  # type: ignore[operator]  # bytes
        else:
            items.append(("data", bytes(event.data)))
    else:
        assert isinstance(event, h11.EndOfMessage)
        items.append(("end", _h11_fields(event.headers)))


def test_both_read_the_corpus_alike_where_both_accept_it() -> None:
    compared = []
    for case in CORPUS:
        mine, h11s = ours(case.data, case.method), theirs(case.data, case.method)
        if mine is not None and h11s is not None:
            assert mine == h11s, case.id
            compared.append(case.id)
    # The comparison must not pass by skipping: most valid cases are shared.
    assert len(compared) >= 25, compared


# h11 reads any HTTP/DIGIT.DIGIT version; http.client refuses a final head
# of any but 0.9 and 1.x (UnknownProtocol), and so do we.
_H11_READS = {"http20"}


@pytest.mark.parametrize(
    "case",
    [c for c in CORPUS if c.error is not None and c.id not in _H11_READS],
    ids=lambda c: c.id,
)
def test_what_we_refuse_h11_refuses_too(case: Case) -> None:
    assert ours(case.data, case.method) is None
    assert theirs(case.data, case.method) is None


def test_h11_reads_the_versions_we_refuse_as_http_client_does() -> None:
    for case in CORPUS:
        if case.id in _H11_READS:
            assert ours(case.data, case.method) is None
            assert theirs(case.data, case.method) is not None


@settings(max_examples=150, deadline=None)
@given(
    gen=responses(bare_lf=False, methods=("GET", "HEAD", "POST")),
    data=st.data(),
)
def test_generated_responses_read_the_same_as_h11_reads_them(
    gen: Generated, data: st.DataObject
) -> None:
    splits = data.draw(st.lists(st.integers(0, len(gen.data)), max_size=6))
    h11s = theirs(gen.data, gen.method, splits)
    assert h11s is not None  # every generated response is valid
    assert ours(gen.data, gen.method, splits) == h11s


@settings(max_examples=100, deadline=None)
@given(gen=responses(bare_lf=True, methods=("GET", "HEAD")))
def test_bare_lf_responses_read_the_same_as_h11_where_h11_takes_them(gen: Generated) -> None:
    """h11 takes bare LF in heads but not in chunked framing lines."""
    h11s = theirs(gen.data, gen.method)
    if h11s is not None:
        assert ours(gen.data, gen.method) == h11s
