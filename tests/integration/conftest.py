"""Fixtures every integration module uses: nothing leaves loopback or
leaks, and one test CA with its server and client contexts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .servers import TLS, loopback_only, make_tls


@pytest.fixture(autouse=True)
def _nothing_leaves_loopback_and_nothing_leaks() -> Iterator[None]:
    with loopback_only():
        yield


@pytest.fixture(scope="module")
def tls() -> TLS:
    return make_tls()
