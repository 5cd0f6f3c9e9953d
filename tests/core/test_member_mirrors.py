"""The module-global mirrors of the parser's Enum members hold every member.

The response parser's modules read states and body kinds through the
globals of ``_core/members.py`` (``_STATUS``, ``_CHUNKED``...) because an
Enum class attribute costs a Python-level ``__getattr__`` call in CPython
3.11; a member missing from
the mirrors would only show as a NameError on some rare path, so it is
checked here.
"""

from __future__ import annotations

import enum

import pytest

from httpclient_compat._core import BodyKind, ResponseState
from httpclient_compat._core import members as mirrors

#: BodyKind.NONE is mirrored as _NO_BODY: "_NONE" would read as "no value".
_RENAMED: dict[enum.Enum, str] = {BodyKind.NONE: "_NO_BODY"}


@pytest.mark.parametrize("members", [ResponseState, BodyKind])
def test_mirror_holds_every_member_as_itself(members: type[enum.Enum]) -> None:
    for name, member in members.__members__.items():
        assert getattr(mirrors, _RENAMED.get(member, "_" + name)) is member


def test_no_mirror_names_a_member_of_both_enums() -> None:
    # A state and a kind must not share a mirror name (UNTIL_CLOSE and
    # BODY_UNTIL_CLOSE, LENGTH and BODY_LENGTH stay apart).
    states = {"_" + name for name in ResponseState.__members__}
    kinds = {_RENAMED.get(member, "_" + name) for name, member in BodyKind.__members__.items()}
    assert not states & kinds
