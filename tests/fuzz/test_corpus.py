"""Replays the fuzz corpus through the fuzz driver's checks, for CI.

Owns the corpus's place in the test suite: every file in
``tests/fuzz/corpus/`` keeps every property of ``driver.py`` (a
``known-`` file is a reported finding not fixed yet, and must still
fail), also under other controls; the corpus reaches every outcome kind
and every read path; and the checks catch a parser broken on purpose.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from httpclient_compat._core import HeadEvent, ResponseParser

from .driver import CONTROL_SIZE, Control, Finding, Outcome, check_input, decode, encode_control

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
FILES = sorted(p for p in CORPUS.iterdir() if p.is_file() and not p.name.startswith("."))
KNOWN = [p for p in FILES if p.name.startswith("known-")]
CLEAN = [p for p in FILES if p not in KNOWN]

#: Controls every clean file is also read under: methods, small limits,
#: one-byte socket reads and buffers, no peek, debug, EOF by got_eof, read1.
VARIANTS = (
    Control(),
    Control(method="HEAD"),
    Control(method="CONNECT", segment=5, buffer_size=64),
    Control(method="POST", small=True, amt=3),
    Control(small=True, segment=1, buffer_size=8, amt=1),
    Control(buffered=False, got_eof=True, amt=2),
    Control(debug=True, segment=3, buffer_size=64, amt=5),
    Control(segment=2, buffer_size=8, got_eof=True),
    Control(read1=True),
    Control(read1=True, segment=3, buffer_size=8, amt=2),
)

#: Outcome kinds the corpus must reach: if one goes missing, the driver
#: or the corpus stopped testing it.
REQUIRED_KINDS = {
    "ok-length",
    "ok-chunked",
    "ok-until-close",
    "ok-none",
    "INCOMPLETE_BODY",
    "BAD_CHUNK_SIZE",
    "BAD_CHUNK_END",
    "BAD_STATUS_LINE",
    "BAD_CONTENT_LENGTH",
    "NO_RESPONSE",
    "LINE_TOO_LONG",
    "TOO_MANY_HEADERS",
    "TOO_MANY_INTERIM",
    "TOO_MANY_TRAILERS",
    "TRUNCATED_HEAD",
    "BAD_FIELD_LINE",
    "UNKNOWN_PROTOCOL",
}


def _known_kinds() -> set[str]:
    kinds = set()
    for path in KNOWN:
        try:
            check_input(path.read_bytes())
        except Finding as finding:
            kinds.add(finding.kind)
    return kinds


KNOWN_KINDS = _known_kinds()


def _variants(data: bytes) -> Iterator[bytes]:
    server = data[CONTROL_SIZE:]
    for control in VARIANTS:
        yield encode_control(control) + server


def _outcomes(make: Callable[..., ResponseParser] = ResponseParser) -> Iterator[Outcome]:
    """Every clean file as saved and under every variant; known findings skipped."""
    for path in CLEAN:
        data = path.read_bytes()
        for variant in (data, *_variants(data)):
            try:
                yield check_input(variant, make)[0]
            except Finding as finding:
                if finding.kind not in KNOWN_KINDS:
                    raise


def test_the_corpus_is_small() -> None:
    assert len(CLEAN) >= 50
    assert sum(p.stat().st_size for p in FILES) < 200_000


@pytest.mark.parametrize(
    "path",
    [
        *CLEAN,
        *(
            pytest.param(path, marks=pytest.mark.xfail(raises=Finding, strict=True))
            for path in KNOWN
        ),
    ],
    ids=lambda p: p.name,
)
def test_a_corpus_file_keeps_every_property(path: Path) -> None:
    by_lines, by_shell = check_input(path.read_bytes())
    assert by_lines.key() == by_shell.key()


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_a_corpus_file_keeps_them_under_other_controls(path: Path) -> None:
    for variant in _variants(path.read_bytes()):
        try:
            check_input(variant)
        except Finding as finding:
            if finding.kind not in KNOWN_KINDS:
                raise AssertionError(f"{decode(variant)[0]}: {finding}") from finding


def test_the_corpus_reaches_every_outcome_kind() -> None:
    outcomes = list(_outcomes())
    kinds = {outcome.kind for outcome in outcomes}
    assert kinds >= REQUIRED_KINDS, sorted(REQUIRED_KINDS - kinds)
    assert any(o.interim and o.response for o in outcomes), "no interim head before a final one"
    assert any(o.trailers for o in outcomes), "no trailers"
    assert any(o.rest for o in outcomes), "no bytes left after a response"


class _Spy(ResponseParser):
    """Records which of the shell's doors took something."""

    used: ClassVar[Counter[str]] = Counter()

    def got_buffered_head(self, data: bytes) -> int:
        size = super().got_buffered_head(data)
        self.used["buffered head"] += size > 0
        return size

    def got_head_block(self, block: bytes) -> HeadEvent:
        self.used["head block"] += 1
        return super().got_head_block(block)

    def got_buffered_chunks(
        self, data: bytes, limit: int | None = None
    ) -> tuple[int, list[bytes], int]:
        taken = super().got_buffered_chunks(data, limit)
        self.used["buffered chunks"] += taken[2] > 0
        self.used["buffered chunks, limited"] += taken[2] > 0 and limit is not None
        self.used["buffered boundary"] += taken[0] > 0 and limit == 0
        return taken

    def got_chunk_end(self, data: bytes) -> bytes | None:
        start = super().got_chunk_end(data)
        self.used["chunk end"] += 1
        self.used["chunk end, bare LF"] += start is not None
        return start


def test_the_corpus_reaches_every_read_path() -> None:
    _Spy.used = Counter()
    for _ in _outcomes(_Spy):
        pass
    paths = {
        "buffered head",
        "head block",
        "buffered chunks",
        "buffered chunks, limited",
        "buffered boundary",
        "chunk end",
        "chunk end, bare LF",
    }
    assert {path for path in paths if _Spy.used[path]} == paths, _Spy.used


# -- the checks catch a parser broken on purpose -----------------------------------


class _Miscounts(ResponseParser):
    def got_body(self, count: int) -> None:
        super().got_body(count)
        if count > 3:
            self.received -= 1


class _LosesAChunk(ResponseParser):
    def got_buffered_chunks(
        self, data: bytes, limit: int | None = None
    ) -> tuple[int, list[bytes], int]:
        taken, pieces, size = super().got_buffered_chunks(data, limit)
        return taken, pieces[:-1], size - len(pieces[-1]) if pieces else 0


class _Crashes(ResponseParser):
    def got_line(self, line: bytes) -> HeadEvent | None:
        if line.startswith(b"0;"):
            raise ValueError(line)
        return super().got_line(line)


class _NeverEnds(ResponseParser):
    def got_eof(self) -> HeadEvent | None:
        return None

    def got_line(self, line: bytes) -> HeadEvent | None:
        return None if not line else super().got_line(line)


@pytest.mark.parametrize(
    ("broken", "kind"),
    [
        (_Miscounts, "property"),
        (_LosesAChunk, "property"),
        (_Crashes, "exception-ValueError"),
        (_NeverEnds, "no-progress"),
    ],
)
def test_a_broken_parser_is_a_finding(broken: type[ResponseParser], kind: str) -> None:
    with pytest.raises(Finding) as info:
        for _ in _outcomes(broken):
            pass
    assert info.value.kind.startswith(kind), info.value


def test_a_shell_path_that_differs_is_a_finding() -> None:
    data = encode_control(Control()) + b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"

    class ShellOnly(ResponseParser):
        def got_buffered_head(self, data: bytes) -> int:
            return super().got_buffered_head(data.replace(b"OK", b"KO"))

    with pytest.raises(Finding) as info:
        check_input(data, ShellOnly)
    assert info.value.kind.startswith("differential"), info.value


def test_the_script_runs_without_atheris(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    before = sorted(p.name for p in corpus.iterdir())
    result = subprocess.run(
        [
            sys.executable,
            str(HERE / "fuzz_response.py"),
            *("--engine", "mutate", "--runs", "300", "--keep", "0", "--seed", "1"),
            *("--corpus", str(corpus)),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "inputs run:  300" in result.stdout, result.stdout + result.stderr
    for figure in ("seconds:", "inputs/s:", "peak RSS:"):
        assert figure in result.stdout
    new = sorted(p.name for p in corpus.iterdir() if p.name not in before)
    assert result.returncode == (1 if new else 0), (new, result.stdout)
