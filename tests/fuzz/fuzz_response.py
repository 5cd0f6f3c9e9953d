"""Fuzzes the core's response side: a runnable script.

Owns the fuzzing loop around :func:`tests.fuzz.driver.check_input`: with
atheris (coverage-guided libFuzzer) when it is installed, otherwise a
mutational loop over the corpus; writing findings and a few inputs per
new outcome kind to ``tests/fuzz/corpus/``; and the closing figures
(inputs run, seconds, inputs/s, peak RSS).

Run from the repository root::

    python tests/fuzz/fuzz_response.py --runs 10000000

Options it does not know go to libFuzzer (``-seed=N``, ``-only_ascii=1``...).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import os
import random
import resource
import signal
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
if __package__ in (None, ""):
    sys.path.insert(0, str(ROOT))  # run as a script: import tests.fuzz as a package

if TYPE_CHECKING:
    from tests.fuzz.driver import Finding

# Inputs kept for a new outcome kind are at most this long.
_KEEP_MAX_LEN = 512
_PROGRESS_EVERY = 60.0
# An input of at most --max-len bytes that runs this long is a finding.
_SLOW_SECONDS = 1.0
# The mutate engine's watchdog (libFuzzer's -timeout for atheris).
_TIMEOUT_SECONDS = 10


class InputTimeout(BaseException):
    """The watchdog fired: one input ran past the timeout."""


class Fuzzer:
    """Runs inputs, records findings and kept inputs, and stops in time."""

    def __init__(self, corpus: Path, runs: int | None, seconds: float | None, keep: int) -> None:
        from tests.fuzz import driver  # after atheris has instrumented the core

        self.driver = driver
        self.corpus = corpus
        self.runs = runs
        self.deadline = None if seconds is None else time.monotonic() + seconds
        self.keep = keep
        self.count = 0
        self.start = time.monotonic()
        self.next_progress = self.start + _PROGRESS_EVERY
        self.findings: dict[str, int] = {}
        self.known_findings: set[str] = set()
        # Outcome kinds the corpus has; those reached in this run too, and
        # whether the last input reached a new one (the mutate engine's pool).
        self.outcomes: set[tuple[object, ...]] = set()
        self.kept = 0
        for data in corpus_inputs(corpus):
            try:
                self.outcomes.add(self.signature(data))
            except driver.Finding as finding:
                self.known_findings.add(finding.kind)
        self.reached = set(self.outcomes)
        self.new_outcome = False

    def signature(self, data: bytes) -> tuple[object, ...]:
        """The outcome kind of *data*, as the kept inputs sample them."""
        by_lines, _ = self.driver.check_input(data)
        control, _ = self.driver.decode(data)
        kind = by_lines.kind
        method = control.method if kind.startswith("ok-") else None
        return (kind, method, control.small, by_lines.interim > 0)

    def one(self, data: bytes) -> None:
        """Run one input; stop the process when the runs or time are spent."""
        began = time.monotonic()
        try:
            signature = self.signature(data)
        except self.driver.Finding as finding:
            self.found(data, finding)
        except InputTimeout:
            self.found(data, self.driver.Finding("timeout", f"over {_TIMEOUT_SECONDS} s"))
        else:
            if signature not in self.reached:
                self.reached.add(signature)
                self.new_outcome = True
            if (
                signature not in self.outcomes
                and self.kept < self.keep
                and len(data) <= _KEEP_MAX_LEN
            ):
                self.outcomes.add(signature)
                self.kept += 1
                write_input(self.corpus, "kept", data)
        self.count += 1
        if self.runs is not None and self.count >= self.runs:
            self.finish()
        now = time.monotonic()
        if now - began > _SLOW_SECONDS:
            self.found(data, self.driver.Finding("slow", f"{now - began:.1f} s"))
        if now >= self.next_progress:
            self.next_progress = now + _PROGRESS_EVERY
            print(f"# {self.count} inputs, {self.count / (now - self.start):.0f}/s", flush=True)
            if self.deadline is not None and now >= self.deadline:
                self.finish()
        elif self.deadline is not None and now >= self.deadline:
            self.finish()

    def found(self, data: bytes, finding: Finding) -> None:
        seen = self.findings.get(finding.kind, 0)
        self.findings[finding.kind] = seen + 1
        if seen or finding.kind in self.known_findings:
            return
        path = write_input(self.corpus, "crash", data)
        print(f"FINDING {finding.kind} in {path.name}: {finding.detail[:2000]}", flush=True)

    def finish(self) -> None:
        """Print the figures and end the process (libFuzzer never returns)."""
        seconds = time.monotonic() - self.start
        peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"inputs run:  {self.count}")
        print(f"seconds:     {seconds:.1f}")
        print(f"inputs/s:    {self.count / seconds if seconds else 0.0:.0f}")
        print(f"peak RSS:    {peak_kib / 1024:.1f} MiB")
        print(f"kept inputs: {self.kept} written to {self.corpus}")
        for kind, times in sorted(self.findings.items()):
            known = " (known)" if kind in self.known_findings else ""
            print(f"finding:     {kind}{known}, {times} inputs")
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(1 if set(self.findings) - self.known_findings else 0)


def corpus_inputs(corpus: Path) -> Iterator[bytes]:
    """Every input file in *corpus*, in name order."""
    for path in sorted(corpus.iterdir()):
        if path.is_file() and not path.name.startswith("."):
            yield path.read_bytes()


def write_input(corpus: Path, prefix: str, data: bytes) -> Path:
    """Save *data* in *corpus* under a name from its hash."""
    path = corpus / f"{prefix}-{hashlib.sha1(data).hexdigest()[:16]}"
    path.write_bytes(data)
    return path


def read_dictionary(path: Path) -> list[bytes]:
    """The tokens of a libFuzzer dictionary: one quoted string a line."""
    tokens = []
    for text in path.read_text("ascii").splitlines():
        line = text.strip()
        if line.startswith('"') and line.endswith('"'):
            tokens.append(line[1:-1].encode("latin-1").decode("unicode_escape").encode("latin-1"))
    return tokens


# -- the engines -----------------------------------------------------------------


def run_atheris(
    fuzzer_for: Callable[[], Fuzzer], args: argparse.Namespace, rest: list[str]
) -> None:
    """Coverage-guided: libFuzzer mutates, the core is instrumented.

    New-coverage inputs go to the working corpus (``--work``), read back on
    the next run; the seed corpus is read and never written by libFuzzer.
    """
    atheris = importlib.import_module("atheris")
    # The core only: instrumenting the driver too costs a third of the
    # speed and reached no more of the core.
    with atheris.instrument_imports(include=["httpclient_compat"]):
        importlib.import_module("httpclient_compat._core")
    fuzzer = fuzzer_for()
    args.work.mkdir(parents=True, exist_ok=True)
    libfuzzer_args = [
        sys.argv[0],
        str(args.work),
        str(args.corpus),
        f"-dict={HERE / 'http.dict'}",
        f"-artifact_prefix={args.corpus}/crash-",
        f"-max_len={args.max_len}",
        "-timeout=10",
        *rest,
    ]
    atheris.Setup(libfuzzer_args, fuzzer.one)
    atheris.Fuzz()


def run_mutate(fuzzer_for: Callable[[], Fuzzer], args: argparse.Namespace) -> None:
    """Without atheris: random mutations of the corpus, and of the inputs
    that reached an outcome kind no earlier input had."""
    fuzzer = fuzzer_for()

    def timed_out(signum: int, frame: object) -> None:
        raise InputTimeout

    signal.signal(signal.SIGALRM, timed_out)
    rng = random.Random(args.seed)
    tokens = read_dictionary(HERE / "http.dict")
    pool = list(corpus_inputs(args.corpus)) or [b""]
    while True:
        data = mutate(rng, rng.choice(pool), rng.choice(pool), tokens, args.max_len)
        signal.setitimer(signal.ITIMER_REAL, _TIMEOUT_SECONDS)
        fuzzer.one(data)
        signal.setitimer(signal.ITIMER_REAL, 0)
        if fuzzer.new_outcome:  # a new outcome kind: mutate it too
            fuzzer.new_outcome = False
            pool.append(data)


def mutate(
    rng: random.Random, data: bytes, other: bytes, tokens: list[bytes], max_len: int
) -> bytes:
    """*data* changed by one to four random edits (*other* for splices)."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        at = rng.randint(0, len(buf))
        choice = rng.randrange(8)
        if choice == 0 and buf:  # flip a bit
            at = min(at, len(buf) - 1)
            buf[at] ^= 1 << rng.randrange(8)
        elif choice == 1:  # a random byte
            buf[at:at] = bytes([rng.randrange(256)])
        elif choice == 2:  # delete a run
            del buf[at : at + rng.randint(1, 8)]
        elif choice == 3:  # a token
            buf[at:at] = rng.choice(tokens)
        elif choice == 4 and buf:  # repeat a run
            end = rng.randint(at, min(len(buf), at + 64))
            buf[at:at] = buf[at:end] * rng.randint(1, 8)
        elif choice == 5:  # splice with another input
            cut = rng.randint(0, len(other))
            buf[at:] = other[cut:]
        elif choice == 6 and len(buf) >= 3:  # other control bytes
            buf[rng.randrange(3)] = rng.randrange(256)
        else:  # cut the input short
            del buf[at:]
    return bytes(buf[:max_len])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, help="stop after this many inputs")
    parser.add_argument("--seconds", type=float, help="stop after this many seconds")
    parser.add_argument("--engine", choices=["auto", "atheris", "mutate"], default="auto")
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus", help="seeds and findings")
    parser.add_argument(
        "--work", type=Path, default=HERE / "work", help="atheris' working corpus (not committed)"
    )
    parser.add_argument("--keep", type=int, default=16, help="most inputs kept per run")
    parser.add_argument("--max-len", type=int, default=4096)
    parser.add_argument("--seed", type=int, default=None, help="the mutate engine's seed")
    args, rest = parser.parse_known_args(argv)
    if args.runs is None and args.seconds is None:
        parser.error("give --runs or --seconds (or both)")

    def fuzzer_for() -> Fuzzer:
        return Fuzzer(args.corpus, args.runs, args.seconds, args.keep)

    engine = args.engine
    if engine == "auto":
        try:
            importlib.import_module("atheris")
        except ImportError:
            engine = "mutate"
        else:
            engine = "atheris"
    print(f"engine: {engine}", flush=True)
    if engine == "atheris":
        run_atheris(fuzzer_for, args, rest)
    else:
        if rest:
            parser.error(f"unknown arguments for the mutate engine: {rest}")
        run_mutate(fuzzer_for, args)


if __name__ == "__main__":
    main()
