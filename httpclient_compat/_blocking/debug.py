"""Debug output, worded exactly as ``http.client`` words it.

Owns every line printed when ``debuglevel > 0`` (``send:``, ``reply:``,
``header:`` ...), printed with ``print`` to ``sys.stdout`` as the stdlib
does, so recipes that capture it keep working.  Nothing else prints.
"""

from __future__ import annotations

__all__ = ["say"]


def say(*parts: object) -> None:
    """Print one debug line, as http.client's ``print(...)`` calls do."""
    print(*parts)
