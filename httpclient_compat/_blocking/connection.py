"""``HTTPConnection``: http.client's connection object over the core.

Owns the socket, the connection's state and the request: ``putrequest``,
``putheader``, ``endheaders``, ``request`` and ``getresponse``; asks the
core for every validation, encoding and framing decision.  Sending is the
``Sending`` base's (``sending.py``), CONNECT tunnels the ``Tunnels``
base's (``tunnel.py``), the validation hooks the ``Validating`` base's
(``validating.py``), the checks between exchanges and ``total_timeout``
the ``Keeping`` base's (``keeping.py``).  Keeps the stdlib's
private hooks (``_buffer``, ``_output``, ``_send_output``,
``_send_request``, ``_tunnel``, ``_create_connection``, the name-mangled
``__state``/``__response``) with their call order, because subclasses use
them (urllib3, botocore, CPython's test_httplib).
"""

from __future__ import annotations

import errno
import operator
import socket
import sys
from collections.abc import Mapping
from typing import Any

from .._core import (
    ConnAction,
    LocalProtocolError,
    ProtocolError,
    advance,
    client_request_head,
    encode_latin1,
    field_line,
    host_header,
    request_framing,
)
from .._core.members import _PUT_REQUEST  # the one mirror: see there
from . import knobs
from .debug import say
from .errors import state_error, stdlib_error
from .keeping import Keeping
from .reader import SpareReader
from .response import HTTPResponse, response_for
from .sending import Sending, send_body
from .stdlib import http_client
from .tunnel import Tunnels
from .validating import Validating

__all__ = ["HTTPConnection"]

_UNKNOWN = "UNKNOWN"
_CS_IDLE = "Idle"
_CS_REQ_STARTED = "Request-started"
_CS_REQ_SENT = "Request-sent"
_CONNECT_HTTP11 = sys.version_info >= (3, 12)


class HTTPConnection(Keeping, Validating, Tunnels, Sending, http_client.HTTPConnection):
    """A connection to one HTTP server, as :class:`http.client.HTTPConnection`.

    Additions: the keyword-only *max_response_headers* (3.15's) on every
    version; :meth:`get_proxy_response_headers` (3.12's) on every version.
    """

    _http_vsn = 11
    _http_vsn_str = "HTTP/1.1"

    response_class: Any = HTTPResponse
    # The reader a finished response left for the next (see response_for);
    # None on an object whose __init__ is not this class's.
    _spare: SpareReader | None = None
    default_port = http_client.HTTP_PORT
    auto_open = 1
    debuglevel = 0

    @staticmethod
    def _get_content_length(body: Any, method: str) -> int | None:
        """Get the content-length based on the body.

        If the body is None, we set Content-Length: 0 for methods that expect
        a body (RFC 7230, Section 3.3.2). We also set the Content-Length for
        any method if the body is a str or bytes-like object and not a file.
        """
        if body is None:
            return 0 if method.upper() in knobs.methods_expecting_body() else None
        if hasattr(body, "read"):
            return None  # file-like object
        try:
            # does it implement the buffer protocol (bytes, bytearray, array)?
            return memoryview(body).nbytes
        except TypeError:
            pass
        if isinstance(body, str):
            return len(body)
        return None

    def __init__(
        self,
        host: str,
        port: int | None = None,
        timeout: float | None = socket._GLOBAL_DEFAULT_TIMEOUT,  # type: ignore[attr-defined] # the stdlib's sentinel
        source_address: tuple[str, int] | None = None,
        blocksize: int = 8192,
        *,
        max_response_headers: int | None = None,
        continue_timeout: float = 1.0,
        total_timeout: float | None = None,
    ) -> None:
        self.timeout = timeout
        self.source_address = source_address
        self.blocksize = blocksize
        self.sock = None
        self._buffer: list[bytes] = []
        self.__response: HTTPResponse | None = None
        self.__state = _CS_IDLE
        self._method: str | None = None
        self._tunnel_host: str | None = None
        self._tunnel_port: int | None = None
        self._tunnel_headers: dict[str, str] = {}
        self._raw_proxy_headers: list[bytes] | None = None
        self._spare = SpareReader()
        self.max_response_headers = max_response_headers
        self.continue_timeout = continue_timeout
        self.total_timeout = total_timeout
        (self.host, self.port) = self._get_hostport(host, port)
        self._validate_host(self.host)
        # The hook check reads vars(self) on every request.  On 3.11 that
        # turns an object's inline attributes into a dict that the
        # interpreter's attribute caches always miss on, for every later
        # self.attr; a plain dict from the start keeps them cached
        # (bench_shell.py, "keep-alive GET": 4,000 of 123,000 instructions).
        self.__dict__ = dict(vars(self))

    def _create_connection(
        self, address: tuple[str, int], timeout: Any, source_address: Any
    ) -> socket.socket:
        # Looked up at call time, so gevent/eventlet patches made after the
        # connection was built still apply (the gevent and eventlet recipes).  Tests and
        # subclasses replace it on the instance, as with http.client.
        sock: socket.socket = knobs.create_connection(address, timeout, source_address)
        return sock

    def set_debuglevel(self, level: int) -> None:
        self.debuglevel = level

    # -- the socket --------------------------------------------------------------

    def connect(self) -> None:
        """Connect to the host and port specified in __init__."""
        sys.audit("http.client.connect", self, self.host, self.port)
        self.sock = self._create_connection(
            (self.host, self.port), self._connect_timeout(), self.source_address
        )
        # Might fail in OSs that don't implement TCP_NODELAY
        try:
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError as e:
            if e.errno != errno.ENOPROTOOPT:
                raise
        if self._tunnel_host:
            self._tunnel()

    def close(self) -> None:
        """Close the connection to the HTTP server."""
        self.__state = _CS_IDLE
        self.__dict__.pop("_body_withheld", None)  # a refused body's mark: see getresponse
        if self._spare is not None:
            self._spare.drop()
        try:
            sock = self.sock
            if sock:
                self.sock = None
                sock.close()  # close it manually... there may be other refs
        finally:
            response = self.__response
            if response:
                self.__response = None
                response.close()

    def _deadline_passed(self) -> None:
        # total_timeout ran out (see Keeping): closed as close() does, but a
        # response being read is only forgotten, since its read is raising.
        self.__response = None
        self.close()

    # -- the request ------------------------------------------------------------

    def _advance(self, action: ConnAction) -> None:
        try:
            self.__state = advance(self.__state, action)._value_  # not the slow .value
        except LocalProtocolError as exc:
            raise state_error(exc) from None

    def putrequest(
        self, method: str, url: str, skip_host: bool = False, skip_accept_encoding: bool = False
    ) -> None:
        """Start a request: buffer its request line and automatic headers.

        *method* is the request method (``"GET"``), *url* the request
        target (``"/index.html"``, or an absolute URL for a proxy).  Unless
        *skip_host* or *skip_accept_encoding* is true, ``Host`` and
        ``Accept-Encoding: identity`` are added, as ``http.client`` adds
        them (HTTP/1.1 only).

        :raises http.client.CannotSendRequest: unless the connection is idle.
        :raises ValueError: for a method with whitespace or controls.
        :raises http.client.InvalidURL: for a target with whitespace or controls.
        """
        # if a prior response has been completed, then forget about it.
        last = self.__response
        if last and last.isclosed():
            self.__response = None
        if self.__state == _CS_IDLE and self.__response is None:
            self._check_kept(last)  # a stale socket, and the deadline
        self._advance(_PUT_REQUEST)
        self._validate_method(method)
        # Save the method for use later in the response phase
        self._method = method
        url = url or "/"
        self._validate_path(url)
        request = f"{method} {url} {self._http_vsn_str}"
        self._output(self._encode_request(request))
        if self._http_vsn == 11:
            if not skip_host:
                if self._tunnel_host:
                    host, port = self._tunnel_host, self._tunnel_port
                else:
                    host, port = self.host, self.port
                self.putheader("Host", host_header(url, host, port, self.default_port))  # type: ignore[arg-type]
            if not skip_accept_encoding:
                self.putheader("Accept-Encoding", "identity")

    def putheader(self, header: str | bytes, *values: Any) -> None:
        """Send a request header line to the server.

        For example: h.putheader('Accept', 'text/html')
        """
        if self.__state != _CS_REQ_STARTED:
            raise http_client.CannotSendHeader()
        checks = knobs.header_checks()
        try:
            if checks is None:
                line = field_line(header, values)
            else:
                line = knobs.checked_field_line(header, values, *checks)
        except ProtocolError as exc:
            raise stdlib_error(exc) from None
        self._output(line)

    def endheaders(self, message_body: Any = None, *, encode_chunked: bool = False) -> None:
        """Indicate that the last header line has been sent to the server.

        This method sends the request to the server.  The optional message_body
        argument can be used to pass a message body associated with the
        request.
        """
        if self.__state == _CS_REQ_STARTED:
            self.__state = _CS_REQ_SENT
        else:
            raise http_client.CannotSendHeader()
        self._send_output(message_body, encode_chunked=encode_chunked)

    def request(
        self,
        method: str,
        url: str,
        body: Any = None,
        headers: Mapping[str, Any] = {},
        *,
        encode_chunked: bool = False,
    ) -> None:
        """Send a complete request to the server."""
        self._send_request(method, url, body, headers, encode_chunked)

    def _send_request(
        self, method: str, url: str, body: Any, headers: Mapping[str, Any], encode_chunked: bool
    ) -> None:
        # Honor explicitly requested Host: and Accept-Encoding: headers.
        header_names = frozenset(k.lower() for k in headers) if headers else _NO_NAMES
        if (
            (body is None or type(body) is bytes)
            and not encode_chunked
            and self.__state == _CS_IDLE
            and type(self._buffer) is list  # a plain list: tests spy on appends
            and not self._buffer
            # No hook request() would call is replaced, on the class (one C
            # call reads the ten; the tuples compare identity first) or on
            # the instance; checked here, not in a method, for its call
            # (self.__dict__ is vars(self), for half the builtin's cost).
            and _request_hooks(type(self)) == _OWN_REQUEST_HOOKS
            and self.__dict__.keys().isdisjoint(_REQUEST_HOOKS)
            and knobs.request_checks_are_the_cores()
            and "expect" not in header_names  # 100-continue: see _send_output
            and self.total_timeout is None  # every socket call bounded: the general path
        ):
            head = self._whole_head(method, url, body, headers, header_names)
            if head is not None:
                self._send_whole(method, head, body)
                return
        skips = {}
        if "host" in header_names:
            skips["skip_host"] = 1
        if "accept-encoding" in header_names:
            skips["skip_accept_encoding"] = 1
        self.putrequest(method, url, **skips)  # type: ignore[arg-type]
        length = None
        if "content-length" not in header_names and "transfer-encoding" not in header_names:
            length = self._get_content_length(body, method)
        framing = request_framing(method, length, body is not None, header_names, encode_chunked)
        if framing.header is not None:
            if framing.chunked and self.debuglevel > 0:
                # %-formatted as in http.client: a tuple body is the
                # format's arguments there (TypeError, or its one item).
                say("Unable to determine size of %r" % body)  # noqa: UP031
            self.putheader(*framing.header)
        for hdr, value in headers.items():
            self.putheader(hdr, value)
        if isinstance(body, str):
            # RFC 2616 Section 3.7.1 says that text default has a
            # default charset of iso-8859-1.
            body = encode_latin1(body, "body")
        self.endheaders(body, encode_chunked=framing.chunked)

    # -- the request in one piece ---------------------------------------------------
    #
    # request() makes the head through putrequest/putheader/endheaders, and
    # subclasses and patches hook those.  When none of them is replaced (on
    # the class or on the instance), the core builds the head in one go
    # instead: the same bytes, the same send() calls, the same state after
    # (bench_shell.py, "keep-alive GET": request() over a socket that sends
    # nothing, 3.8 us against the general path's 6.3 us).

    def _whole_head(
        self,
        method: str,
        url: str,
        body: bytes | None,
        headers: Mapping[str, Any],
        names: frozenset[Any],
    ) -> bytes | None:
        """The head request() would send, or ``None`` to take the general
        path (which raises whatever the stdlib raises, after the same side
        effects)."""
        if (
            self._http_vsn != 11
            or self.debuglevel > 0
            or type(method) is not str
            or type(url) is not str
        ):
            return None
        if self._tunnel_host:
            host, port = self._tunnel_host, self._tunnel_port
        else:
            host, port = self.host, self.port
        length = None
        if "content-length" not in names and "transfer-encoding" not in names:
            length = self._get_content_length(body, method)
        try:
            return client_request_head(
                method, url or "/", self._http_vsn_str, host, port,  # type: ignore[arg-type]
                self.default_port, length, body is not None, headers, names,
            )  # fmt: skip
        except (ProtocolError, UnicodeError):
            return None

    def _send_whole(self, method: str, head: bytes, body: bytes | None) -> None:
        response = self.__response
        if response and response.isclosed():
            self.__response = None
        if self.__response is None:
            self._check_kept(response)  # as putrequest() does
        self._method = method
        self.__state = _CS_REQ_SENT
        sock = self.sock
        if sock is None:
            self.send(head)  # which connects first (auto_open)
        else:
            # What send() does with bytes on a connected socket: send() is
            # one of the hooks found not replaced, and _whole_head() found
            # debuglevel 0.
            sys.audit("http.client.send", self, head)
            sock.sendall(head)
        if body:
            send_body(self, body)

    def getresponse(self) -> Any:
        """Get the response from the server.

        If the HTTPConnection is in the correct state, returns an
        instance of HTTPResponse or of whatever object is returned by
        the response_class variable.

        If a request has not been sent or if a previous response has
        not be handled, ResponseNotReady is raised.  If the HTTP
        response indicates that the connection should be closed, then
        it will be closed before the response is returned.  When the
        connection is closed, the underlying socket is closed.
        """
        # if a prior response has been completed, then forget about it.
        if self.__response and self.__response.isclosed():
            self.__response = None
        # A prior response must be complete before this one's head can be
        # read (its connection-close behaviour is unknown until then).
        if self.__state != _CS_REQ_SENT or self.__response:
            raise http_client.ResponseNotReady(self.__state)
        sock = self._reading_socket()  # bounded by total_timeout, if set
        if self.debuglevel > 0:
            response = self.response_class(sock, self.debuglevel, method=self._method)
        elif self.response_class is HTTPResponse and self._spare is not None and sock is self.sock:
            response = response_for(sock, self._method, self._spare)
        else:
            response = self.response_class(sock, method=self._method)
        try:
            try:
                if self.max_response_headers is None:
                    response.begin()
                else:
                    response.begin(_max_headers=self.max_response_headers)
            except ConnectionError:
                self.close()
                raise
            assert response.will_close != _UNKNOWN
            self.__state = _CS_IDLE
            if self.__dict__.pop("_body_withheld", False):  # see _send_output
                response.will_close = True
            if response.will_close:
                # this effectively passes the connection to the response
                self.close()
            else:
                # remember this, so we can tell when it is complete
                self.__response = response
            return response
        except BaseException:
            response.close()
            raise


# What _send_request() compares with: request() builds the head in
# one piece only while none of these is replaced.
_REQUEST_HOOKS = (
    "putrequest", "putheader", "endheaders", "_send_output", "_output",
    "_validate_method", "_validate_path", "_encode_request", "_get_content_length", "send",
)  # fmt: skip
_request_hooks = operator.attrgetter(*_REQUEST_HOOKS)
_NO_NAMES: frozenset[Any] = frozenset()
_OWN_REQUEST_HOOKS = _request_hooks(HTTPConnection)
