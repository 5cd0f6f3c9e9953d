"""``install()``: this package standing in for ``http.client``, reversibly.

Owns the swap of ``sys.modules["http.client"]`` and of the ``http``
package's ``client`` attribute, and nothing else: code that names
``http.client`` when it runs (``urllib.request``, ``xmlrpc.client``,
``http.cookiejar``) then runs on this package's classes, and a module
imported after the swap binds them at its import.  A module imported
before keeps what it bound (a subclass of the stdlib's class, the stdlib
module under another name); :func:`install` names such modules in an
:class:`InstallWarning` and leaves them alone.
"""

from __future__ import annotations

import sys
import threading
import types
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from ._blocking.stdlib import http_client

__all__ = ["InstallWarning", "bound_before", "install", "installed", "is_installed", "uninstall"]


class InstallWarning(RuntimeWarning):
    """Modules imported before :func:`install` keep the stdlib's classes.

    A module that subclassed ``http.client.HTTPConnection`` at its import
    (urllib3 does), or bound the stdlib module or one of its classes to a
    name of its own, is not changed by the swap: import it after
    :func:`install` to have it run on this package.
    """


_MISSING = object()


class _Swap:
    """Whether the swap stands, and what to put back."""

    lock = threading.RLock()
    # Whether install() was called and not undone, and how many installed()
    # blocks are open: the swap stands while either holds.
    explicit = False
    blocks = 0
    # What the two places held before the swap.
    before: tuple[object, object] = (_MISSING, _MISSING)


def _package() -> types.ModuleType:
    return sys.modules[__name__.rpartition(".")[0]]


def is_installed() -> bool:
    """Whether the swap stands: ``http.client`` names this package."""
    return sys.modules.get("http.client") is _package()


def install() -> None:
    """Make ``http.client`` name this package, for code that imports it later.

    Sets ``sys.modules["http.client"]`` and the ``http`` package's
    ``client`` attribute.  Calling it again changes nothing.  It may be
    called whether or not ``http.client``, ``urllib.request``, urllib3 or
    requests were imported before; modules that bound the stdlib's classes
    at their import keep them, and are named in an :class:`InstallWarning`.
    Thread-safe; undone by :func:`uninstall`.
    """
    with _Swap.lock:
        _Swap.explicit = True
        _swap_in(stacklevel=3)


def uninstall() -> None:
    """Undo :func:`install`: ``http.client`` names what it named before.

    Changes nothing when the swap is not standing, and leaves a place that
    someone else changed since.  An open :func:`installed` block keeps the
    swap until it ends.
    """
    with _Swap.lock:
        _Swap.explicit = False
        if not _Swap.blocks:
            _swap_out()


@contextmanager
def installed() -> Iterator[types.ModuleType]:
    """A ``with`` block in which ``http.client`` names this package.

    The swap is undone when the last open block ends, unless
    :func:`install` made it for good; blocks nest, in any thread.  The
    block's value is this package.
    """
    with _Swap.lock:
        _Swap.blocks += 1
        _swap_in(stacklevel=4)
    try:
        yield _package()
    finally:
        with _Swap.lock:
            _Swap.blocks -= 1
            if not _Swap.blocks and not _Swap.explicit:
                _swap_out()


def _swap_in(stacklevel: int) -> None:
    package = _package()
    import http  # noqa: PLC0415 - the package, which the swap changes

    if sys.modules.get("http.client") is package and vars(http).get("client") is package:
        return
    _Swap.before = (sys.modules.get("http.client", _MISSING), vars(http).get("client", _MISSING))
    sys.modules["http.client"] = package
    setattr(http, "client", package)  # noqa: B010 - the name mypy types as the stdlib's
    stale = bound_before()
    if stale:
        warnings.warn(
            "these modules were imported before httpclient_compat.install() and keep "
            f"http.client's classes: {', '.join(stale)}; import them after install() "
            "to run them on httpclient_compat",
            InstallWarning,
            stacklevel=stacklevel,
        )


def _swap_out() -> None:
    package = _package()
    import http  # noqa: PLC0415

    module, attribute = _Swap.before
    if sys.modules.get("http.client") is package:
        if module is _MISSING:
            del sys.modules["http.client"]
        else:
            sys.modules["http.client"] = module  # type: ignore[assignment] # what it held
    if vars(http).get("client") is package:
        if attribute is _MISSING:
            delattr(http, "client")
        else:
            setattr(http, "client", attribute)  # noqa: B010 - the name mypy types as the stdlib's
    _Swap.before = (_MISSING, _MISSING)


_STDLIB_CLASSES = (
    http_client.HTTPConnection,
    http_client.HTTPResponse,
)


def bound_before() -> list[str]:
    """The modules that hold the stdlib's ``http.client`` under a name of
    their own: the module itself, or a class that is or subclasses its
    connection or response class without being this package's.

    Read from each module's namespace, without calling anything in it.
    """
    package = _package()
    ours = (package.HTTPConnection, package.HTTPResponse)
    found = set()
    for name, module in list(sys.modules.items()):
        # sys.modules may hold objects that are not modules: read only
        # what a namespace dict holds.
        namespace = getattr(module, "__dict__", None)
        if (
            not isinstance(namespace, dict)
            or module is http_client
            or module is package
            or name == "http"
            or name.startswith(package.__name__ + ".")
        ):
            continue
        for value in list(namespace.values()):
            if value is http_client or _is_stdlib_class(value, ours):
                found.add(module.__name__)  # once for a module under two names
                break
    return sorted(found)


def _is_stdlib_class(value: object, ours: tuple[type, ...]) -> bool:
    if not isinstance(value, type):
        return False
    try:
        return issubclass(value, _STDLIB_CLASSES) and not issubclass(value, ours)
    except TypeError:  # a class whose metaclass refuses the question
        return False
