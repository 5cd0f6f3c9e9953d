"""``urllib.request`` on this package's classes, without :func:`~httpclient_compat.install`.

Owns the two handlers that open ``http`` and ``https`` URLs with this
package's connection classes, and the opener and ``urlopen()`` built on
them.  ``http.client`` is left alone: code that uses ``urllib.request``
directly is not affected.
"""

from __future__ import annotations

import socket
import sys
import threading
import urllib.request
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, cast

from . import HTTPConnection, HTTPResponse

if TYPE_CHECKING:
    import ssl
    from typing import TypeAlias

    from _typeshed import ReadableBuffer, SupportsRead

    _Handler: TypeAlias = urllib.request.BaseHandler | Callable[[], urllib.request.BaseHandler]

__all__ = ["HTTPHandler", "build_opener", "urlopen"]

_DEFAULT_TIMEOUT: Any = socket._GLOBAL_DEFAULT_TIMEOUT  # type: ignore[attr-defined] # the stdlib's sentinel

# From 3.12 on, urllib.request's HTTPSHandler builds its default context
# itself, once, and passes only the context to each connection; before, it
# passes context=None and check_hostname, and each connection builds its own.
_CONTEXT_IN_HANDLER = sys.version_info >= (3, 12)


class HTTPHandler(urllib.request.HTTPHandler):
    """A handler for ``http`` URLs that opens them with this package's
    :class:`~httpclient_compat.HTTPConnection`.

    Everything else is ``urllib.request.HTTPHandler``'s: the request is
    prepared, sent and answered as there.  When *debuglevel* is ``None``,
    the ``debuglevel`` class attribute of
    :class:`~httpclient_compat.HTTPConnection` is used, on every Python
    version (as Python 3.12 does with ``http.client``'s).
    """

    def __init__(self, debuglevel: int | None = None) -> None:
        if debuglevel is None:
            debuglevel = HTTPConnection.debuglevel
        super().__init__(debuglevel)

    def http_open(self, req: urllib.request.Request) -> HTTPResponse:
        """Send *req* over a new :class:`~httpclient_compat.HTTPConnection`
        and return its response."""
        # do_open returns what the connection's getresponse() returned.
        return cast(HTTPResponse, self.do_open(HTTPConnection, req))


#: The stdlib's default handlers and the handlers put in their place.
_REPLACED: list[tuple[type[urllib.request.BaseHandler], type[urllib.request.BaseHandler]]] = [
    (urllib.request.HTTPHandler, HTTPHandler),
]

# As in urllib.request and http.client, HTTPS exists where ssl imports.
if hasattr(urllib.request, "HTTPSHandler"):
    from ._blocking.https import HTTPSConnection

    class HTTPSHandler(urllib.request.HTTPSHandler):
        """A handler for ``https`` URLs that opens them with this package's
        ``HTTPSConnection``.

        *context* and *check_hostname* mean what they mean to
        ``urllib.request.HTTPSHandler`` on the running Python version, and reach
        the connection the same way.  Defaults come from this package, not from
        ``http.client``: when *debuglevel* is ``None``, ``HTTPSConnection``'s
        ``debuglevel`` class attribute is used; when *context* is ``None``, the
        context is made by ``HTTPSConnection``'s default, once here from
        Python 3.12 on (as ``urllib.request`` does there) and by each connection
        before.
        """

        def __init__(
            self,
            debuglevel: int | None = None,
            context: ssl.SSLContext | None = None,
            check_hostname: bool | None = None,
        ) -> None:
            if debuglevel is None:
                debuglevel = HTTPSConnection.debuglevel
            if context is None and _CONTEXT_IN_HANDLER:
                context = HTTPSConnection._create_https_context(HTTPSConnection._http_vsn)
            super().__init__(debuglevel, context, check_hostname)

        def https_open(self, req: urllib.request.Request) -> HTTPResponse:
            """Send *req* over a new ``HTTPSConnection`` and return its response."""
            # The stdlib keeps both in these attributes, which the stubs omit.
            context = self._context  # type: ignore[attr-defined]
            if _CONTEXT_IN_HANDLER:
                response = self.do_open(HTTPSConnection, req, context=context)
            else:
                check_hostname = self._check_hostname  # type: ignore[attr-defined]
                response = self.do_open(
                    HTTPSConnection, req, context=context, check_hostname=check_hostname
                )
            return cast(HTTPResponse, response)

    __all__ += ["HTTPSHandler"]
    _REPLACED.append((urllib.request.HTTPSHandler, HTTPSHandler))


def build_opener(*handlers: _Handler) -> urllib.request.OpenerDirector:
    """Return ``urllib.request.build_opener(*handlers)`` with this module's
    :class:`HTTPHandler` and :class:`HTTPSHandler` in place of the stdlib's.

    As with the stdlib's function, a handler given as an argument (an
    instance or a class) that is a ``urllib.request.HTTPHandler`` or
    ``urllib.request.HTTPSHandler`` is used instead of the default for its
    scheme, whether or not it opens with this package's classes.
    """
    defaults = [
        ours
        for stdlib, ours in _REPLACED
        if not any(_is_a(handler, stdlib) for handler in handlers)
    ]
    return urllib.request.build_opener(*defaults, *handlers)


def _is_a(handler: _Handler, cls: type[urllib.request.BaseHandler]) -> bool:
    # build_opener's own test: a class given is a subclass, an instance is one.
    if isinstance(handler, type):
        return issubclass(handler, cls)
    return isinstance(handler, cls)


_opener: urllib.request.OpenerDirector | None = None
_opener_lock = threading.Lock()


def _default_opener() -> urllib.request.OpenerDirector:
    global _opener  # noqa: PLW0603 - made once, on first use, as urllib.request's
    opener = _opener
    if opener is None:
        with _opener_lock:
            opener = _opener
            if opener is None:
                opener = _opener = build_opener()
    return opener


def urlopen(
    url: str | urllib.request.Request,
    data: ReadableBuffer | SupportsRead[bytes] | Iterable[bytes] | None = None,
    timeout: float | None = _DEFAULT_TIMEOUT,
    *,
    context: ssl.SSLContext | None = None,
) -> Any:
    """Open *url* (a string or a ``urllib.request.Request``) as
    ``urllib.request.urlopen()`` does, on this package's classes.

    *data* and *timeout* mean what they mean there.  With *context*, an
    opener is built for this call with ``HTTPSHandler(context=context)``;
    without, one opener is built on first use by :func:`build_opener` and
    shared (proxy settings are read from the environment then, as the
    stdlib's default opener reads them).  An opener given to
    ``urllib.request.install_opener()`` is not used.

    For ``http`` and ``https`` URLs the value is this package's
    :class:`~httpclient_compat.HTTPResponse`, with ``msg`` set to the reason
    phrase and ``url`` to the final URL, as ``urllib.request`` sets them; an
    HTTP error status raises ``urllib.error.HTTPError``.
    """
    if context is not None:
        opener = build_opener(HTTPSHandler(context=context))
    else:
        opener = _default_opener()
    return opener.open(url, data, timeout)
