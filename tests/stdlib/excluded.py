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
    "BasicTest.test_early_eof": (
        "a status line cut before its CRLF is a truncated head: RemoteDisconnected, "
        "never a response (docs/differences.rst, Strict framing)"
    ),
    "BasicTest.test_epipe": (
        "the 401's head ends without its blank line: a truncated head, RemoteDisconnected "
        "(docs/differences.rst, Strict framing)"
    ),
    "HeaderTests.test_headers_debuglevel": (
        "the head ends without its blank line: a truncated head, RemoteDisconnected "
        "(docs/differences.rst, Strict framing)"
    ),
    "BasicTest.test_negative_content_length": (
        "Content-Length: -1 is not 1*DIGIT (RFC 9110 §8.6): reading the body raises "
        "HTTPException (docs/differences.rst, Strict framing)"
    ),
    "HeaderTests.test_putheader": (
        "rule 4: several putheader values are joined with ', ', "
        "never folded onto a continuation line (obs-fold)"
    ),
}
