"""Every ``differs`` slug the hostile cases use is documented: each must
appear in docs/differences.rst.  Named to run after the theme modules."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

from .outcome import Case

DOCS = Path(__file__).resolve().parents[2] / "docs" / "differences.rst"


def _cases() -> list[Case]:
    """The CASES of every theme module of this directory."""
    cases: list[Case] = []
    for info in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if info.name.startswith("test_") and info.name != Path(__file__).stem:
            module = importlib.import_module(f"{__package__}.{info.name}")
            cases.extend(getattr(module, "CASES", []))
    return cases


def test_differences_documented() -> None:
    used: dict[str, list[str]] = {}
    for case in _cases():
        if case.differs is not None:
            used.setdefault(case.differs, []).append(case.id)
    assert used, "no case carries a differs slug: the theme modules were not found"
    text = DOCS.read_text(encoding="utf-8")
    missing = {
        slug: ids
        for slug, ids in sorted(used.items())
        if not re.search(rf"(?<![\w-]){re.escape(slug)}(?![\w-])", text)
    }
    assert not missing, (
        f"differs slugs not in {DOCS.name} (name each, e.g. as a label "
        "'.. _<slug>:', on the section that explains it):\n"
        + "\n".join(f"  {slug}: {len(ids)} cases, e.g. {ids[0]}" for slug, ids in missing.items())
    )
