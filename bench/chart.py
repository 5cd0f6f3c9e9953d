"""Chart: the benchmarks' figures as speed-ups over http.client, in SVG.

Run by hand: ``python bench/chart.py`` runs the three benchmarks one after
another, with the arguments the documentation gives::

    python bench/bench_heads.py
    python bench/bench_core.py
    python bench/bench_shell.py --requests 3000 --rounds 3

then writes ``docs/_static/benchmarks.svg``, a bar per row of the table in
``docs/benchmarks.rst``, and prints that table as reStructuredText.  With
``--from DIR`` it reads outputs saved earlier (``DIR/bench_heads.txt``,
``DIR/bench_core.txt``, ``DIR/bench_shell.txt``, as ``--save DIR`` keeps
them) instead of running anything.

A speed-up is the stdlib's figure divided by ours, both from the same run:
the stdlib is 1x, and a longer bar is faster.  The SVG is written as text,
with no dependency beyond the standard library.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
OUTPUT = HERE.parent / "docs" / "_static" / "benchmarks.svg"

#: Each benchmark script and the arguments the documentation gives.
BENCHES: dict[str, list[str]] = {
    "bench_heads": [],
    "bench_core": [],
    "bench_shell": ["--requests", "3000", "--rounds", "3"],
}


@dataclass(frozen=True)
class Row:
    group: str
    label: str
    stdlib: float
    ours: float
    unit: str

    @property
    def speedup(self) -> float:
        return self.stdlib / self.ours


# -- reading the benchmarks' output -------------------------------------------

_FIGURE = r"([\d.]+) (us|ms|s)\b"


def _heads_rows(text: str) -> Iterator[Row]:
    group = "Heads from many servers: begin(); read()"
    for label in (
        "one kind repeated",
        "50 kinds in turn",
        "200 kinds each seen twice",
        "2,000 kinds each seen once",
    ):
        match = _search(rf"^\s+{re.escape(label)}\s+([\d.]+) us\s+([\d.]+) us", text, label)
        yield Row(group, label, float(match[1]), float(match[2]), "us")


def _core_rows(text: str) -> Iterator[Row]:
    group = "The core's head parse, against parse_headers"
    stdlib = float(_search(r"^stdlib parse_headers\s+([\d.]+) us", text, "parse_headers")[1])
    for which in ("warm", "cold"):
        ours = _search(rf"^core head \({which}\)\s+([\d.]+) us", text, which)
        yield Row(group, f"head parse ({which})", stdlib, float(ours[1]), "us")


def _shell_sections(text: str) -> dict[str, dict[str, tuple[float, float, str]]]:
    """bench_shell's ratio lines, by section (the last line that is not a
    ratio line and ends with a colon) and name."""
    sections: dict[str, dict[str, tuple[float, float, str]]] = {}
    section = ""
    ratio = re.compile(rf"^\s+(.+?)\s+stdlib\s+{_FIGURE}\s+ours\s+{_FIGURE}\s+ours/stdlib")
    for line in text.splitlines():
        match = ratio.match(line)
        if match:
            name, stdlib, unit, ours, _ = match.groups()
            sections.setdefault(section, {})[name] = (float(stdlib), float(ours), unit)
        elif line.rstrip().endswith(":"):
            section = line.strip()
    return sections


def _shell_rows(text: str) -> Iterator[Row]:
    sections = _shell_sections(text)

    def pick(section_start: str, name: str) -> tuple[float, float, str]:
        for section, rows in sections.items():
            if section.startswith(section_start) and name in rows:
                return rows[name]
        raise SystemExit(f"bench_shell output: no {name!r} under {section_start!r}")

    group = "Keep-alive GET, client CPU per request"
    for section, name, label in (
        ("client and server pinned", "client CPU, user + system", "pinned to one CPU"),
        ("both clients pinned", "thread CPU, user + system", "alternating batches"),
        ("in one thread", "process CPU, user + system", "one thread"),
    ):
        yield Row(group, label, *pick(section, name))
    yield Row("begin() on a 20-field head", "begin()", *pick("begin()", "begin()"))
    group = "Chunked bodies, read(65536) to the end"
    for name in ("1 MiB in 8 KiB chunks", "64 KiB in 64 B chunks"):
        yield Row(group, name, *pick("chunked bodies", name))
    group = "2,000 JSON lines, for line in response"
    for name in ("Content-Length", "4 KiB chunks", "a chunk per line"):
        yield Row(group, name, *pick("2000 JSON lines", name))
    group = "1 GiB body from /dev/zero, client CPU"
    for name in ("read(65536)", "readinto(64 KiB)"):
        yield Row(group, name, *pick("the same body from /dev/zero", f"{name} client CPU"))


def _search(pattern: str, text: str, what: str) -> re.Match[str]:
    match = re.search(pattern, text, re.MULTILINE)
    if match is None:
        raise SystemExit(f"no figure for {what!r} in the benchmark's output")
    return match


def rows(outputs: dict[str, str]) -> list[Row]:
    """The table's rows, in the documentation's order."""
    shell = list(_shell_rows(outputs["bench_shell"]))
    return [
        *_heads_rows(outputs["bench_heads"]),
        *shell[:4],  # keep-alive GET and begin()
        *_core_rows(outputs["bench_core"]),
        *shell[4:],
    ]


def machine(outputs: dict[str, str]) -> str:
    """The Python version and CPU count bench_shell.py prints first."""
    match = re.search(r"^Python (\S+); (\d+) CPUs", outputs["bench_shell"], re.MULTILINE)
    return f"CPython {match[1]}, {match[2]} CPUs" if match else "CPython"


# -- running them ----------------------------------------------------------------


def run_benches(save: Path | None) -> dict[str, str]:
    outputs = {}
    for name, args in BENCHES.items():
        command = [sys.executable, str(HERE / f"{name}.py"), *args]
        print("$", " ".join(["python", f"bench/{name}.py", *args]), flush=True)
        result = subprocess.run(command, capture_output=True, text=True, check=True)
        print(result.stdout, end="", flush=True)
        outputs[name] = result.stdout
        if save is not None:
            save.mkdir(parents=True, exist_ok=True)
            (save / f"{name}.txt").write_text(result.stdout)
    return outputs


def read_outputs(directory: Path) -> dict[str, str]:
    return {name: (directory / f"{name}.txt").read_text() for name in BENCHES}


# -- writing them ----------------------------------------------------------------

_FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
_FASTER, _SLOWER, _INK, _GRID = "#3a6ea5", "#c8553d", "#222222", "#d8d8d8"


def svg(table: list[Row], where: str) -> str:
    """A horizontal bar per row, grouped, with a line at 1x."""
    width, left, right = 760, 300, 64
    row_height, group_height, top = 21, 26, 70
    groups = list(dict.fromkeys(row.group for row in table))
    height = top + len(table) * row_height + len(groups) * group_height + 46
    scale_max = max(2, int(max(row.speedup for row in table)) + 1)
    plot = width - left - right

    def x(value: float) -> float:
        return left + plot * value / scale_max

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"'
        f' viewBox="0 0 {width} {height}" font-family="{_FONT}" font-size="13">',
        "<title>Speed-up over http.client, per benchmark row</title>",
        "<desc>"
        + escape("; ".join(f"{row.group}, {row.label}: {row.speedup:.2f}x" for row in table))
        + "</desc>",
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="12" y="24" font-size="16" font-weight="bold" fill="{_INK}">'
        "Speed-up over http.client (the stdlib is 1x; longer is faster)</text>",
        f'<text x="12" y="44" fill="#555555">{escape(where)};'
        " bench/bench_heads.py, bench_core.py, bench_shell.py; best of alternating rounds</text>",
    ]
    bottom = height - 40
    for tick in range(scale_max + 1):
        out.append(
            f'<line x1="{x(tick):.1f}" y1="{top - 6}" x2="{x(tick):.1f}" y2="{bottom}"'
            f' stroke="{_GRID}" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{x(tick):.1f}" y="{bottom + 16}" text-anchor="middle"'
            f' fill="#555555">{tick}x</text>'
        )
    y = top
    for group in groups:
        y += group_height
        out.append(
            f'<text x="12" y="{y - 8}" font-weight="bold" fill="{_INK}">{escape(group)}</text>'
        )
        for row in (row for row in table if row.group == group):
            colour = _FASTER if row.speedup >= 1 else _SLOWER
            bar = x(row.speedup) - left
            out.append(
                f'<text x="{left - 10}" y="{y + 14}" text-anchor="end"'
                f' fill="{_INK}">{escape(row.label)}</text>'
            )
            out.append(
                f'<rect x="{left}" y="{y + 3}" width="{bar:.1f}" height="{row_height - 6}"'
                f' fill="{colour}"/>'
            )
            # Past the bar, and past the line at 1x for a bar short of it.
            label_x = max(left + bar, x(1)) + 6
            out.append(
                f'<text x="{label_x:.1f}" y="{y + 14}" fill="{_INK}">{row.speedup:.2f}x</text>'
            )
            y += row_height
    out.append(
        f'<line x1="{x(1):.1f}" y1="{top - 10}" x2="{x(1):.1f}" y2="{bottom}"'
        f' stroke="{_INK}" stroke-width="2"/>'
    )
    out.append(f'<text x="{x(1) + 4:.1f}" y="{top - 12}" fill="{_INK}">stdlib</text>')
    legend_y = height - 10
    out.append(f'<rect x="{left}" y="{legend_y - 10}" width="12" height="12" fill="{_FASTER}"/>')
    out.append(f'<text x="{left + 18}" y="{legend_y}" fill="{_INK}">faster than the stdlib</text>')
    out.append(
        f'<rect x="{left + 190}" y="{legend_y - 10}" width="12" height="12" fill="{_SLOWER}"/>'
    )
    out.append(f'<text x="{left + 208}" y="{legend_y}" fill="{_INK}">slower than the stdlib</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _figure(value: float, unit: str) -> str:
    return f"{value:,.0f} {unit}" if value >= 100 else f"{value:.1f} {unit}"


def rst_table(table: Iterable[Row]) -> str:
    """The table for docs/benchmarks.rst: a group's name on its first row."""
    lines = [
        ".. list-table::",
        "   :header-rows: 1",
        "   :widths: 34 30 12 12 12",
        "",
        "   * - Benchmark",
        "     - Row",
        "     - stdlib",
        "     - ours",
        "     - speed-up",
    ]
    group = None
    for row in table:
        lines += [
            f"   * - {row.group if row.group != group else ''}".rstrip(),
            f"     - {row.label}",
            f"     - {_figure(row.stdlib, row.unit)}",
            f"     - {_figure(row.ours, row.unit)}",
            f"     - {row.speedup:.2f}x",
        ]
        group = row.group
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="source", type=Path, help="read saved outputs from DIR")
    parser.add_argument("--save", type=Path, help="keep the benchmarks' outputs in DIR")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="where the SVG goes")
    args = parser.parse_args(argv)
    outputs = read_outputs(args.source) if args.source else run_benches(args.save)
    table = rows(outputs)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(svg(table, machine(outputs)))
    print(f"wrote {args.output}")
    print(rst_table(table))
    return 0


if __name__ == "__main__":
    sys.exit(main())
