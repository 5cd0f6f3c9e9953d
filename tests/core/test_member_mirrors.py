"""The module-global mirrors of the Enum members hold every member, once.

The parser's modules and the shell's read states and body kinds through
the globals of ``_core/members.py`` (``_STATUS``, ``_CHUNKED``...) because
an Enum class attribute costs a Python-level ``__getattr__`` call in
CPython 3.11 (bench_shell.py, "chunked bodies, 64 B chunks": 47% more
instructions through the class).  A member missing from the mirrors would
only show as a NameError on some rare path, and a second copy elsewhere
could drift, so both are checked here.
"""

from __future__ import annotations

import enum
import re
from pathlib import Path

import pytest

import httpclient_compat
from httpclient_compat._core import BodyKind, ConnAction, ResponseState
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


def test_the_connection_reads_put_request_from_the_mirror() -> None:
    assert mirrors._PUT_REQUEST is ConnAction.PUT_REQUEST


def test_no_other_module_copies_a_member() -> None:
    package = Path(httpclient_compat.__file__).parent
    copying = re.compile(r"^\w+ = (ResponseState|BodyKind|ConnAction)\.[A-Z_]+$", re.M)
    copies = [
        path.relative_to(package).as_posix()
        for path in package.rglob("*.py")
        if path.name != "members.py" and copying.search(path.read_text(encoding="utf-8"))
    ]
    assert copies == []
