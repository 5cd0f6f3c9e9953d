"""The tests of CPython's ``test.test_httplib`` that cannot pass here, each with its reason.

Shared by the run with the suite's ``client`` global rebound
(``test_cpython_httplib.py``) and the run under ``install()``
(``run_installed.py``).  Imports nothing: reading it changes nothing.
"""

from __future__ import annotations

#: Tests that cannot apply to another module, or that pin a stdlib
#: behaviour changed on purpose (docs/differences.rst),
#: as "TestCaseClass.test_method": reason.
EXCLUDED = {
    "OfflineTest.test_all": (
        "counts the objects whose __module__ is 'http.client'; "
        "ours are defined in httpclient_compat"
    ),
    "HeaderTests.test_putheader": (
        "rule 4: several putheader values are joined with ', ', "
        "never folded onto a continuation line (obs-fold)"
    ),
}
