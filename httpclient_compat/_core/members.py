"""The Enum members read on hot paths, as module constants.

Owns the one mirror of ``ResponseState``'s and ``BodyKind``'s members (and
``ConnAction.PUT_REQUEST``), which the parser's modules and the shell's
body, response and connection modules import.  Nothing else lives here.
"""

from __future__ import annotations

from .events import BodyKind
from .states import ConnAction, ResponseState

# ResponseState's and BodyKind's members as module globals.  Read through
# an Enum class, a member costs a call of the Python-level ``__getattr__``
# hook that CPython 3.11's ``EnumType`` defines (about 90 ns; 3.12 dropped
# the hook), and an attribute of any class costs a type look-up that 3.11
# does not specialise; a module global is one indexed load.  The parser
# and the shell read states on every line and body piece: through the
# class, bench_shell.py's "chunked bodies, 64 B chunks" row takes 47% more
# instructions and "keep-alive GET" 10% more.  The tests check that these
# hold every member.
_STATUS = ResponseState.STATUS
_HEADERS = ResponseState.HEADERS
_BODY_LENGTH = ResponseState.BODY_LENGTH
_CHUNK_SIZE = ResponseState.CHUNK_SIZE
_CHUNK_DATA = ResponseState.CHUNK_DATA
_CHUNK_END = ResponseState.CHUNK_END
_TRAILERS = ResponseState.TRAILERS
_BODY_UNTIL_CLOSE = ResponseState.BODY_UNTIL_CLOSE
_DONE = ResponseState.DONE
_ERROR = ResponseState.ERROR
_NO_BODY = BodyKind.NONE
_LENGTH = BodyKind.LENGTH
_CHUNKED = BodyKind.CHUNKED
_UNTIL_CLOSE = BodyKind.UNTIL_CLOSE
_PUT_REQUEST = ConnAction.PUT_REQUEST
