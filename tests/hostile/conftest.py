"""Fixtures of the hostile-server suite: one replay server per test module,
and a guard that fails a test whose client connected anywhere but 127.0.0.1."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import pytest

from .replay import ReplayServer

#: The addresses connected to during the running test (None between tests).
_connects: list[Any] | None = None
_hooked = False


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _connects is not None and event == "socket.connect":
        _connects.append(args[1])


@pytest.fixture(scope="module")
def server() -> Iterator[ReplayServer]:
    replay = ReplayServer().start()
    try:
        yield replay
    finally:
        replay.stop()


@pytest.fixture(autouse=True)
def _nothing_leaves_loopback() -> Iterator[None]:
    # The integration suite's loopback_only() also collects garbage after
    # each test, which would cost more than the cases here; this only looks.
    global _connects, _hooked  # noqa: PLW0603 - audit hooks are process-wide and permanent
    if not _hooked:
        sys.addaudithook(_audit)
        _hooked = True
    addresses: list[Any] = []
    _connects = addresses
    try:
        yield
    finally:
        _connects = None
    outside = [a for a in addresses if not (isinstance(a, tuple) and a[0] == "127.0.0.1")]
    assert not outside, f"connected outside 127.0.0.1: {outside}"
