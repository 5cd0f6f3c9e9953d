"""The parser's plain mirrors of its Enum members hold every member.

The response parser reads states and body kinds through plain classes
(``_S``, ``_K``) because an Enum class attribute costs a Python-level
``__getattr__`` call in CPython 3.11; a member missing from a mirror would
only show as an AttributeError on some rare path, so it is checked here.
"""

from __future__ import annotations

import enum

import pytest

from httpclient_compat._core import BodyKind, ResponseState, response_parser


@pytest.mark.parametrize(
    ("mirror", "members"), [(response_parser._S, ResponseState), (response_parser._K, BodyKind)]
)
def test_mirror_holds_every_member_as_itself(mirror: type, members: type[enum.Enum]) -> None:
    mirrored = {name: value for name, value in vars(mirror).items() if not name.startswith("_")}
    assert mirrored == dict(members.__members__)
    for name, member in members.__members__.items():
        assert getattr(mirror, name) is member
