"""Both sides of a deliberate difference: each stream of one
:data:`corpus.DIFFERENT` group read by ``http.client`` and by
``httpclient_compat``, for the ``test_difference_*`` tests to assert."""

from __future__ import annotations

import http.client
from collections.abc import Iterator

import httpclient_compat

from .corpus import DIFFERENT, ResponseCase
from .harness import ResponseOutcome, Split, State, run_response, splits_for

__all__ = ["BOTH_MODES", "pairs", "state"]

BOTH_MODES = ("read", "read:7", "readinto:5")


def pairs(
    group: str, modes: tuple[str, ...] = BOTH_MODES
) -> Iterator[tuple[ResponseCase, Split, str, ResponseOutcome, ResponseOutcome]]:
    """(case, split, mode, the stdlib's outcome, ours) for every stream of
    *group*, in each split and each of *modes*."""
    for case in DIFFERENT[group]:
        for split in splits_for(case.name, case.data):
            for mode in modes:
                std = run_response(http.client, case.data, mode, split, case.method)
                ours = run_response(httpclient_compat, case.data, mode, split, case.method)
                yield case, split, mode, std, ours


def state(outcome: ResponseOutcome, when: str = "before") -> State:
    """The response's attributes before or after its body was read."""
    found = outcome.before if when == "before" else outcome.after
    assert found is not None, outcome.head_error
    return found
