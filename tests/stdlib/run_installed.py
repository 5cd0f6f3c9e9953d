"""CPython's own ``test.test_httplib``, run with ``http.client`` swapped for httpclient_compat.

Run in a fresh interpreter, from the repository's root, by
``test_cpython_httplib_installed.py`` (or by hand, on any interpreter
that ships the ``test`` package):

    python -W error -m tests.stdlib.run_installed

:func:`httpclient_compat.install` runs before the suite is imported, so
its ``from http import client`` binds our package, and so does every
module the suite imports after (``test.support``'s helpers, http.server,
ssl servers): nothing is rebound by hand.  Internet-only tests are
skipped by denying the ``network`` resource, the tests in
:data:`~tests.stdlib.excluded.EXCLUDED` are skipped with their reasons,
and the rest run under unittest.  The last line printed is a JSON
summary; the exit status is 0 only if every test that ran passed.
"""

from __future__ import annotations

import importlib
import json
import sys
import unittest
import warnings
from typing import Any

import httpclient_compat

from .excluded import EXCLUDED

#: Tests that fail under install() only (not with the suite's global
#: rebound), each with its reason: run as expected failures, so one that
#: passes fails the run.
FAILING_ONLY_INSTALLED: dict[str, str] = {}


def _swap() -> None:
    """install(), warning of nothing: no module bound the stdlib's classes before."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", httpclient_compat.InstallWarning)
        httpclient_compat.install()


def _mark(suite_module: Any) -> None:
    """Skip the excluded tests; expect the known failures to fail."""
    for key, reason in EXCLUDED.items():
        class_name, method = key.split(".")
        cls = getattr(suite_module, class_name)
        assert hasattr(cls, method), f"{key} is not in the suite"
        setattr(cls, method, unittest.skip(reason)(lambda self: None))
    for key in FAILING_ONLY_INSTALLED:
        class_name, method = key.split(".")
        cls = getattr(suite_module, class_name)
        setattr(cls, method, unittest.expectedFailure(getattr(cls, method)))


def main() -> int:
    _swap()
    support: Any = importlib.import_module("test.support")

    # Internet-only tests ask for the 'network' resource; deny it so they
    # skip before any name lookup.
    support.use_resources = []
    # Quiet, as under regrtest: the suite's TLS servers print when verbose.
    support.verbose = False
    suite_module: Any = importlib.import_module("test.test_httplib")

    assert suite_module.client is httpclient_compat, suite_module.client
    assert sys.modules["http.client"] is httpclient_compat
    _mark(suite_module)
    suite = unittest.defaultTestLoader.loadTestsFromModule(suite_module)
    result = unittest.TextTestRunner(stream=sys.stderr, verbosity=1).run(suite)
    summary = {
        "python": sys.version.split()[0],
        "run": result.testsRun,
        "failures": len(result.failures),
        "errors": len(result.errors),
        "skipped": len(result.skipped),
        "expected failures": len(result.expectedFailures),
        "unexpected successes": len(result.unexpectedSuccesses),
    }
    print(json.dumps(summary))
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
