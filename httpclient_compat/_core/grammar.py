"""Named fragments of the HTTP/1.1 grammar, each under the rule it encodes.

Owns regular expressions and character sets only.  Nothing here decides
framing or raises; callers apply the fragments.  Received lines are
matched after ISO-8859-1 decoding (every byte maps to one code point), so
the same fragments serve ``str`` and byte semantics.
"""

from __future__ import annotations

import re

__all__ = [
    "CLEAN_FIELD",
    "CLEAN_HEAD",
    "FORBIDDEN_IN_FIELD_VALUE",
    "FORBIDDEN_IN_METHOD",
    "FORBIDDEN_IN_TARGET",
    "TOKEN",
    "TOKEN_TEXT",
    "is_token",
]

# RFC 9110 §5.6.2:
#   token          = 1*tchar
#   tchar          = "!" / "#" / "$" / "%" / "&" / "'" / "*"
#                  / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
#                  / DIGIT / ALPHA
TOKEN = r"[-!#$%&'*+.^_`|~0-9A-Za-z]+"

_token_re = re.compile(TOKEN.encode("ascii"))
#: A token in decoded text (a received field name).
TOKEN_TEXT = re.compile(TOKEN)


def is_token(name: bytes) -> bool:
    """True if *name* is an RFC 9110 token (a legal field name or method)."""
    return _token_re.fullmatch(name) is not None


# RFC 9112 §5:
#   field-line   = field-name ":" OWS field-value OWS
# A *clean* field line is a token, a colon and a value without CR or LF
# (the line ending aside, bare LF accepted as RFC 9112 §2.2 allows).  For
# such lines the email package's compat32 parser, which http.client uses,
# gives exactly (name, value with leading SP/HTAB removed), trailing
# whitespace kept; the fast path relies on that equality.  NUL is left to
# the slow path, which replaces it as RFC 9110 §5.5 asks.  One pass of
# this regex over the decoded head is far cheaper than a Python loop.
CLEAN_FIELD = re.compile(rf"({TOKEN}):[ \t]*([^\r\n\x00]*)\r?\n")

# A whole head of clean field lines, ended by a blank line or by EOF
# (http.client takes EOF as the end of a header block).
CLEAN_HEAD = re.compile(rf"(?:{TOKEN}:[^\r\n\x00]*\r?\n)*(?:\r?\n)?")


# RFC 9110 §9.1 (method = token).  http.client refuses 0x00-0x1f
# (CVE-2020-26116, bpo-39603); the core also refuses SP and DEL,
# which no token contains and which would split the request line.
FORBIDDEN_IN_METHOD = re.compile("[\x00-\x20\x7f]")

# RFC 3986 §3.3 pchar; http.client refuses 0x00-0x20 and 0x7f in the
# request target and in the host (CVE-2019-9740, CVE-2019-9947,
# CVE-2019-18348).  Non-ASCII is refused by the ASCII encoding of the
# request line.
FORBIDDEN_IN_TARGET = re.compile("[\x00-\x20\x7f]")

# RFC 9110 §5.5: "Field values containing CR, LF, or NUL characters are
# invalid and dangerous".  http.client lets CR/LF through when followed by
# SP/HTAB (obs-fold, CVE-2016-5699 fix); we generate no obs-fold at all
# (RFC 9112 §5.2), so any CR, LF or NUL is refused.
FORBIDDEN_IN_FIELD_VALUE = re.compile(b"[\r\n\x00]")
