"""The stdlib's ``http.client`` module, taken once, when this package is imported.

Owns the one reference through which the shell reaches the stdlib's
classes and exceptions.  After a swap (:func:`httpclient_compat.install`,
or a caller's own ``sys.modules["http.client"] = httpclient_compat``) the
name ``http.client`` means this package, so nothing in the shell may look
the stdlib up by that name at run time: it would find itself.
"""

from __future__ import annotations

import http.client as http_client

__all__ = ["http_client"]
