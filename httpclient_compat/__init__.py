"""httpclient_compat: the blocking ``http.client`` API on a sans-I/O HTTP/1.1 core.

The HTTP/1.1 knowledge lives in :mod:`httpclient_compat._core`; the
``http.client``-compatible classes are built on it in the blocking shell.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
