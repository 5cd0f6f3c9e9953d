"""CPython's own ``test.test_httplib``, run against httpclient_compat.

The suite installed with the interpreter imports ``http.client`` as the
module global ``client``; rebinding that global to ``httpclient_compat``
runs every test against our module.  Each TestCase class is subclassed
here so pytest collects its tests one by one.  Skipped where the
interpreter ships no ``test`` package.

The tests that cannot pass, each with its reason, are in EXCLUDED; the
internet-only tests are skipped by denying the ``network`` resource before
anything is looked up, so nothing leaves the machine.
"""

from __future__ import annotations

import unittest
from typing import Any

import pytest

import httpclient_compat

from .excluded import EXCLUDED

cpython = pytest.importorskip("test.test_httplib", reason="this interpreter ships no test package")
support = pytest.importorskip("test.support")

cpython.client = httpclient_compat
# Internet-only tests ask for the 'network' resource; deny it so they skip
# before any name lookup.
support.use_resources = []


def _skipped(reason: str) -> Any:
    @unittest.skip(reason)
    def test(self: unittest.TestCase) -> None:  # pragma: no cover - skipped
        pass

    return test


def _collect() -> dict[str, type]:
    classes = {}
    for name, obj in vars(cpython).items():
        if (
            isinstance(obj, type)
            and issubclass(obj, unittest.TestCase)
            and obj.__module__ == cpython.__name__
        ):
            overrides = {
                key.split(".", 1)[1]: _skipped(reason)
                for key, reason in EXCLUDED.items()
                if key.split(".", 1)[0] == name
            }
            classes[name] = type(name, (obj,), {**overrides, "__module__": __name__})
    return classes


globals().update(_collect())


def test_every_excluded_test_exists_in_the_cpython_suite() -> None:
    for key in EXCLUDED:
        class_name, method = key.split(".")
        assert hasattr(getattr(cpython, class_name), method), key
