"""The sans-I/O HTTP/1.1 core: the one public door to it.

Owns no code of its own: it names what the blocking shell and the tests
may use.  Nothing in this package reads, writes, sleeps or prints, and it
imports only the standard-library leaf modules listed in
``tests/core/test_imports.py``.
"""

from __future__ import annotations

from .errors import (
    ErrorKind,
    IncompleteBody,
    LocalProtocolError,
    ProtocolError,
    RemoteProtocolError,
)
from .events import (
    NEED_DATA,
    NOTHING,
    PAUSED,
    BodyKind,
    ConnectionClosed,
    Data,
    EndOfMessage,
    Event,
    Field,
    Framing,
    InformationalResponse,
    ReadBody,
    ReadLine,
    ReadNothing,
    ReadRequest,
    Request,
    Response,
    Sentinel,
)
from .exchange import advance, may_reuse
from .framing import (
    METHODS_EXPECTING_BODY,
    RequestFraming,
    content_length,
    request_framing,
    response_framing,
    will_close,
)
from .grammar import is_token
from .headers import (
    FramingFields,
    HeaderBlockReader,
    encode_field_name,
    encode_field_value,
    field_line,
    framing_fields,
    parse_block,
    parse_fields,
)
from .limits import DEFAULT_LIMITS, Limits
from .lines import head_length, parse_chunk_size, parse_status_line, read_status_line
from .push import ClientConnection
from .request_writer import (
    CHUNK_SUFFIX,
    LAST_CHUNK,
    chunk_prefix,
    client_request_head,
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
from .response_parser import HeadEvent, ResponseParser
from .states import (
    CONN_TRANSITIONS,
    RESPONSE_ACTIONS,
    ConnAction,
    ConnState,
    ResponseAction,
    ResponseState,
    transition,
)

__all__ = [
    "CHUNK_SUFFIX",
    "CONN_TRANSITIONS",
    "DEFAULT_LIMITS",
    "LAST_CHUNK",
    "METHODS_EXPECTING_BODY",
    "NEED_DATA",
    "NOTHING",
    "PAUSED",
    "RESPONSE_ACTIONS",
    "BodyKind",
    "ClientConnection",
    "ConnAction",
    "ConnState",
    "ConnectionClosed",
    "Data",
    "EndOfMessage",
    "ErrorKind",
    "Event",
    "Field",
    "Framing",
    "FramingFields",
    "HeadEvent",
    "HeaderBlockReader",
    "IncompleteBody",
    "InformationalResponse",
    "Limits",
    "LocalProtocolError",
    "ProtocolError",
    "ReadBody",
    "ReadLine",
    "ReadNothing",
    "ReadRequest",
    "RemoteProtocolError",
    "Request",
    "RequestFraming",
    "Response",
    "ResponseAction",
    "ResponseParser",
    "ResponseState",
    "Sentinel",
    "advance",
    "chunk_prefix",
    "client_request_head",
    "content_length",
    "encode_field_name",
    "encode_field_value",
    "encode_latin1",
    "field_line",
    "framing_fields",
    "head_length",
    "host_header",
    "is_token",
    "may_reuse",
    "parse_block",
    "parse_chunk_size",
    "parse_fields",
    "parse_status_line",
    "read_status_line",
    "request_framing",
    "request_head",
    "request_line",
    "response_framing",
    "strip_ipv6_zone",
    "transition",
    "tunnel_request",
    "validate_host",
    "validate_method",
    "validate_target",
    "will_close",
    "wrap_ipv6",
]
