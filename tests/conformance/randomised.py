"""What the random conformance tests share: the seed and count they run,
and how they report the differences they find.

Each test has its own seed and count; ``CONFORMANCE_RANDOM=SEED:COUNT``
(or ``SEED`` alone) replaces them, to run another seed or more cases.
"""

from __future__ import annotations

import os
from collections.abc import Callable

__all__ = ["check", "steps_apart"]


def check(run: Callable[[int, int], list[str]], seed: int, count: int) -> None:
    """Call ``run(seed, count)`` and fail on what it reports, the shortest
    five reports shown."""
    given = os.environ.get("CONFORMANCE_RANDOM")
    if given:
        given_seed, _, given_count = given.partition(":")
        seed, count = int(given_seed), int(given_count or count)
    problems = run(seed, count)
    shortest = "\n".join(sorted(problems, key=len)[:5])
    assert not problems, f"{len(problems)} differences (seed {seed}); the shortest:\n{shortest}"


def steps_apart(std: list[object], ours: list[object]) -> str:
    """The steps of two captured call sequences that differ, readably."""
    return "\n  ".join(f"{a}\n   ours {b}" for a, b in zip(std, ours) if a != b)
