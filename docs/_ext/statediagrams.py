"""Sphinx extension: the core's state diagrams, drawn at build time.

When the builder starts (``builder-inited``), this module imports
:mod:`httpclient_compat._core` and writes two SVG files into
``docs/_static``, which the architecture page shows with ``.. image::``:

``states-connection.svg``
    The :class:`~httpclient_compat._core.ConnState` members, and an arrow
    for each entry of ``CONN_TRANSITIONS``, labelled with its
    :class:`~httpclient_compat._core.ConnAction`.

``states-response.svg``
    The :class:`~httpclient_compat._core.ResponseState` members, each box
    listing the :class:`~httpclient_compat._core.ResponseAction` values
    that ``RESPONSE_ACTIONS`` lets it accept.  That table holds no moves
    (the parser decides them from the framing), so the arrows are the
    moves a :class:`~httpclient_compat._core.ResponseParser` makes, read
    from its public ``state`` while sample responses are fed to it through
    ``want()`` and ``got_line``/``got_body``/``got_eof``, as the shell
    feeds it line by line.

The drawing is plain Python writing SVG text, with no graphviz: the states
are laid out in layers from the top, arrows that close a cycle pointing up,
and an arrow that spans layers passing through a place kept free for it in
each.  A file is rewritten only when its text changes.
"""

from __future__ import annotations

import io
import math
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from httpclient_compat._core import (
    CONN_TRANSITIONS,
    RESPONSE_ACTIONS,
    ConnState,
    Limits,
    ProtocolError,
    ReadLine,
    ReadNothing,
    ResponseAction,
    ResponseParser,
    ResponseState,
)

__all__ = ["connection_svg", "response_svg", "setup"]

_FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
_INK, _MUTED, _ERROR_INK = "#222222", "#666666", "#b04030"
#: Approximate advance of one character at 13 px (DejaVu Sans), for box sizes.
_CHAR, _BOLD_CHAR = 7.4, 8.2


# -- a graph and its drawing ------------------------------------------------------


@dataclass
class Node:
    key: str
    title: str
    note: str = ""
    fill: str = "#eef3fa"
    #: A protocol error in this state moves the parser to ERROR.
    fails: bool = False

    @property
    def size(self) -> tuple[float, float]:
        width = max(len(self.title) * _BOLD_CHAR, len(self.note) * _CHAR) + 24
        return width, 44.0 if self.note else 30.0


@dataclass
class Edge:
    source: str
    target: str
    labels: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return ", ".join(self.labels)


@dataclass
class Graph:
    title: str
    nodes: list[Node]
    edges: list[Edge] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)

    def add(self, source: str, target: str, label: str) -> None:
        for edge in self.edges:
            if (edge.source, edge.target) == (source, target):
                if label not in edge.labels:
                    edge.labels.append(label)
                return
        self.edges.append(Edge(source, target, [label]))


Point = tuple[float, float]

_LAYER_GAP, _ITEM_GAP, _MARGIN, _TOP = 62.0, 34.0, 16.0, 44.0


@dataclass
class _Item:
    """A box, or a point a long arrow passes through, in one layer."""

    key: str
    width: float
    height: float = 0.0
    x: float = 0.0
    y: float = 0.0


@dataclass
class _Route:
    edge: Edge
    #: Item keys from the source's layer down to the target's.
    keys: list[str]
    #: The arrow points up: it runs from the last key to the first.
    upward: bool


def _layout(graph: Graph) -> tuple[dict[str, _Item], list[_Route], float, float]:
    """Layers from the top, as a layered drawing does: arrows that close a
    cycle point up, every other one down; an arrow that spans several
    layers passes through a point reserved in each; the order within a
    layer is the one, of a few sweeps by mean neighbour position, that
    crosses fewest arrows."""
    order = {node.key: index for index, node in enumerate(graph.nodes)}
    successors: dict[str, list[str]] = {node.key: [] for node in graph.nodes}
    for edge in graph.edges:
        if edge.source != edge.target:
            successors[edge.source].append(edge.target)
    back: set[tuple[str, str]] = set()
    mark: dict[str, int] = {}

    def visit(key: str) -> None:
        mark[key] = 1
        for target in sorted(successors[key], key=order.__getitem__):
            if mark.get(target) == 1:
                back.add((key, target))
            elif target not in mark:
                visit(target)
        mark[key] = 2

    for node in graph.nodes:
        if node.key not in mark:
            visit(node.key)
    downward = [
        (edge, (edge.target, edge.source) if (edge.source, edge.target) in back
         else (edge.source, edge.target))
        for edge in graph.edges if edge.source != edge.target
    ]  # fmt: skip
    layer: dict[str, int] = {}
    for node in graph.nodes:  # longest path from the top, in the nodes' order
        _layer_of(node.key, downward, layer)
    linked = {key for _, pair in downward for key in pair}
    bottom = max(layer[key] for key in linked) if linked else 0
    for node in graph.nodes:
        if node.key not in linked:
            layer[node.key] = bottom
    items = {node.key: _Item(node.key, node.size[0] + _loop_room(graph, node.key),
                             node.size[1]) for node in graph.nodes}  # fmt: skip
    layers: list[list[str]] = [[] for _ in range(bottom + 1)]
    for node in graph.nodes:
        layers[layer[node.key]].append(node.key)
    routes = []
    for number, (edge, (top, low)) in enumerate(downward):
        keys = [top]
        for between in range(layer[top] + 1, layer[low]):
            key = f"~{number}.{between}"
            items[key] = _Item(key, len(edge.text) * _CHAR + 10)
            layers[between].append(key)
            keys.append(key)
        keys.append(low)
        routes.append(_Route(edge, keys, (top, low) != (edge.source, edge.target)))
    links = [(a, b) for route in routes for a, b in zip(route.keys, route.keys[1:])]
    layers = _order(layers, links)
    _place(layers, items, links)
    width = max(item.x + item.width / 2 for item in items.values()) + _MARGIN
    height = max(item.y + item.height / 2 for item in items.values())
    return items, routes, width, height


def _layer_of(key: str, downward: list[tuple[Edge, tuple[str, str]]], layer: dict[str, int]) -> int:
    if key not in layer:
        layer[key] = 0  # a guard; the arrows left are acyclic
        above = [top for _, (top, low) in downward if low == key]
        layer[key] = max((_layer_of(top, downward, layer) + 1 for top in above), default=0)
    return layer[key]


def _loop_room(graph: Graph, key: str) -> float:
    loops = [edge for edge in graph.edges if edge.source == edge.target == key]
    return 52 + len(loops[0].text) * _CHAR if loops else 0.0


def _crossings(layers: list[list[str]], links: list[tuple[str, str]]) -> int:
    where = {key: index for keys in layers for index, key in enumerate(keys)}
    count = 0
    for i, (a1, b1) in enumerate(links):
        for a2, b2 in links[i + 1 :]:
            if (where[a1] - where[a2]) * (where[b1] - where[b2]) < 0:
                count += 1
    return count


def _order(layers: list[list[str]], links: list[tuple[str, str]]) -> list[list[str]]:
    best, fewest = [list(keys) for keys in layers], _crossings(layers, links)
    current = [list(keys) for keys in layers]
    for sweep in range(8):
        where = {key: index for keys in current for index, key in enumerate(keys)}
        down = sweep % 2 == 0
        span = range(1, len(current)) if down else range(len(current) - 2, -1, -1)
        for number in span:

            def mean(key: str, down: bool = down, where: dict[str, int] = where) -> float:
                near = [a if down else b for a, b in links if (b if down else a) == key]
                return sum(where[k] for k in near) / len(near) if near else where[key]

            current[number].sort(key=mean)
            where.update({key: index for index, key in enumerate(current[number])})
        count = _crossings(current, links)
        if count < fewest:
            best, fewest = [list(keys) for keys in current], count
    return best


def _place(layers: list[list[str]], items: dict[str, _Item], links: list[tuple[str, str]]) -> None:
    """Each item as near as the order allows to the mean of its neighbours."""
    y = _TOP
    for keys in layers:
        height = max((items[key].height for key in keys), default=0.0)
        x = _MARGIN
        for key in keys:
            item = items[key]
            item.x, item.y = x + item.width / 2, y + height / 2
            x += item.width + _ITEM_GAP
        y += height + _LAYER_GAP
    for _ in range(12):
        for keys in layers:
            wanted = []
            for key in keys:
                near = [b for a, b in links if a == key] + [a for a, b in links if b == key]
                xs = [items[k].x for k in near]
                wanted.append(sum(xs) / len(xs) if xs else items[key].x)
            placed: list[float] = []
            for index, key in enumerate(keys):
                x = wanted[index]
                if placed:
                    previous = items[keys[index - 1]]
                    x = max(x, placed[-1] + (previous.width + items[key].width) / 2 + _ITEM_GAP)
                placed.append(x)
            shift = sum(w - p for w, p in zip(wanted, placed)) / len(keys) if keys else 0.0
            for key, x in zip(keys, placed):
                items[key].x = x + shift
        left = min(item.x - item.width / 2 for item in items.values())
        for item in items.values():
            item.x += _MARGIN - left


def _box(item: _Item, node: Node) -> tuple[Point, tuple[float, float]]:
    """A box's centre and size (its item also holds the room of its loop)."""
    width, height = node.size
    return (item.x - item.width / 2 + width / 2, item.y), (width, height)


def _clip(centre: Point, size: tuple[float, float], towards: Point) -> Point:
    """Where the line from a box's centre towards *towards* leaves the box."""
    (cx, cy), (width, height) = centre, size
    dx, dy = towards[0] - cx, towards[1] - cy
    if dx == dy == 0:
        return centre
    scale = min(
        (width / 2 + 2) / abs(dx) if dx else math.inf,
        (height / 2 + 2) / abs(dy) if dy else math.inf,
    )
    return cx + dx * scale, cy + dy * scale


def _label(x: float, y: float, text: str, anchor: str = "middle") -> Iterator[str]:
    """A label on a white ground; (x, y) is its anchor on the middle line."""
    width = len(text) * _CHAR + 6
    left = {"start": x - 3, "middle": x - width / 2, "end": x - width + 3}[anchor]
    yield (
        f'<rect x="{left:.1f}" y="{y - 9:.1f}" width="{width:.1f}" height="17"'
        ' rx="3" fill="#ffffff" fill-opacity="0.92"/>'
    )
    yield (
        f'<text x="{x:.1f}" y="{y + 4.5:.1f}" text-anchor="{anchor}"'
        f' fill="{_INK}">{escape(text)}</text>'
    )


def _path(points: list[Point]) -> str:
    """A line through *points*, its corners rounded."""
    (x0, y0), rest = points[0], points[1:]
    parts = [f"M{x0:.1f},{y0:.1f}"]
    for index in range(len(rest) - 1):
        (cx, cy), (nx, ny) = rest[index], rest[index + 1]
        parts.append(f"Q{cx:.1f},{cy:.1f} {(cx + nx) / 2:.1f},{(cy + ny) / 2:.1f}")
    parts.append(f"L{rest[-1][0]:.1f},{rest[-1][1]:.1f}")
    return " ".join(parts)


def render(graph: Graph) -> str:
    """The graph as SVG text, in layers from the top."""
    items, routes, width, height = _layout(graph)
    nodes = {node.key: node for node in graph.nodes}
    boxes = {key: _box(items[key], node) for key, node in nodes.items()}
    failing = any(node.fails for node in graph.nodes)
    legend = 26.0 if failing else 0.0
    full_height = height + 24 + legend + 18 * len(graph.footer)
    width = max(
        width,
        2 * _MARGIN + len(graph.title) * 9.0,
        *(2 * _MARGIN + len(line) * _CHAR for line in graph.footer),
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{full_height:.0f}"'
        f' viewBox="0 0 {width:.0f} {full_height:.0f}" font-family="{_FONT}" font-size="13">',
        f"<title>{escape(graph.title)}</title>",
        f'<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8"'
        f' markerHeight="8" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{_INK}"/>'
        "</marker></defs>",
        f'<rect width="{width:.0f}" height="{full_height:.0f}" fill="#ffffff"/>',
        f'<text x="{_MARGIN}" y="22" font-size="15" font-weight="bold" fill="{_INK}">'
        f"{escape(graph.title)}</text>",
    ]
    style = f'fill="none" stroke="{_INK}" stroke-width="1.3" marker-end="url(#arrow)"'
    pairs = {(edge.source, edge.target) for edge in graph.edges}
    labels: list[str] = []
    for route in routes:
        edge, keys = route.edge, route.keys
        inner = [(items[key].x, items[key].y) for key in keys[1:-1]]
        first, last = boxes[keys[0]], boxes[keys[-1]]
        if not inner and (edge.target, edge.source) in pairs:
            # Arrows both ways between neighbouring layers: bowed apart.
            (start_c, start_size), (end_c, end_size) = (
                (last, first) if route.upward else (first, last)
            )
            dx, dy = end_c[0] - start_c[0], end_c[1] - start_c[1]
            length = math.hypot(dx, dy)
            nx, ny = dy / length, -dx / length  # the left of the arrow
            control = ((start_c[0] + end_c[0]) / 2 + 22 * nx, (start_c[1] + end_c[1]) / 2 + 22 * ny)
            start = _clip(start_c, start_size, control)
            end = _clip(end_c, end_size, control)
            out.append(
                f'<path d="M{start[0]:.1f},{start[1]:.1f} Q{control[0]:.1f},{control[1]:.1f}'
                f' {end[0]:.1f},{end[1]:.1f}" {style}/>'
            )
            mx = 0.25 * start[0] + 0.5 * control[0] + 0.25 * end[0]
            my = 0.25 * start[1] + 0.5 * control[1] + 0.25 * end[1]
            labels.extend(_label(mx + 5 * (1 if nx > 0 else -1), my, edge.text,
                                 "start" if nx > 0 else "end"))  # fmt: skip
            continue
        points = [
            _clip(*first, inner[0] if inner else last[0]),
            *inner,
            _clip(*last, inner[-1] if inner else first[0]),
        ]
        if route.upward:
            points.reverse()
        out.append(f'<path d="{_path(points)}" {style}/>')
        if inner:
            at = inner[len(inner) // 2]
        else:
            at = ((points[0][0] + points[-1][0]) / 2, (points[0][1] + points[-1][1]) / 2)
        labels.extend(_label(*at, edge.text))
    for edge in graph.edges:
        if edge.source == edge.target:
            (x, y), (w, _) = boxes[edge.source]
            right = x + w / 2
            out.append(
                f'<path d="M{right:.1f},{y - 9:.1f} C{right + 44:.1f},{y - 34:.1f}'
                f' {right + 44:.1f},{y + 34:.1f} {right + 2:.1f},{y + 9:.1f}" {style}/>'
            )
            labels.extend(_label(right + 42, y, edge.text, "start"))
    for key, node in nodes.items():
        (x, y), (w, h) = boxes[key]
        out.append(
            f'<rect x="{x - w / 2:.1f}" y="{y - h / 2:.1f}" width="{w:.1f}" height="{h:.1f}"'
            f' rx="6" fill="{node.fill}" stroke="{_INK}" stroke-width="1.2"/>'
        )
        if node.fails:
            out.append(
                f'<rect x="{x - w / 2 + 1:.1f}" y="{y - h / 2 + 6:.1f}" width="5"'
                f' height="{h - 12:.1f}" fill="{_ERROR_INK}"/>'
            )
        title_y = y - 3 if node.note else y + 5
        out.append(
            f'<text x="{x:.1f}" y="{title_y:.1f}" text-anchor="middle" font-weight="bold"'
            f' fill="{_INK}">{escape(node.title)}</text>'
        )
        if node.note:
            out.append(
                f'<text x="{x:.1f}" y="{y + 14:.1f}" text-anchor="middle"'
                f' fill="{_MUTED}">{escape(node.note)}</text>'
            )
    out.extend(labels)  # over every line and box, so that none is hidden
    y = height + 30
    if failing:
        out.append(
            f'<rect x="{_MARGIN}" y="{y - 11:.0f}" width="5" height="14" fill="{_ERROR_INK}"/>'
        )
        out.append(
            f'<text x="{_MARGIN + 12}" y="{y:.0f}" fill="{_INK}">a protocol error in this state'
            " moves the parser to ERROR</text>"
        )
        y += legend
    for line in graph.footer:
        out.append(f'<text x="{_MARGIN}" y="{y:.0f}" fill="{_MUTED}">{escape(line)}</text>')
        y += 18
    out.append("</svg>")
    return "\n".join(out) + "\n"


# -- the connection ----------------------------------------------------------------


def connection_graph() -> Graph:
    """ConnState and CONN_TRANSITIONS, as they are."""
    graph = Graph(
        "Connection states (CONN_TRANSITIONS)",
        [Node(state.name, f"'{state.value}'", state.name) for state in ConnState],
        footer=[
            "An arrow for each entry of CONN_TRANSITIONS, labelled with its ConnAction;",
            "transition() refuses any other action with ErrorKind.BAD_STATE.",
        ],
    )
    for (state, action), to in CONN_TRANSITIONS.items():
        graph.add(state.name, to.name, action.value)
    return graph


def connection_svg() -> str:
    return render(connection_graph())


# -- the response ------------------------------------------------------------------

_OK = b"HTTP/1.1 200 OK\r\n"
_CHUNKED = _OK + b"Transfer-Encoding: chunked\r\n\r\n"

#: Responses fed to a parser to trace its moves: every framing, then one
#: protocol error in each state that can raise one.
SAMPLES: list[tuple[bytes, dict[str, Any]]] = [
    (_OK + b"Content-Length: 5\r\n\r\nhello", {}),
    (_CHUNKED + b"5\r\nhello\r\n0\r\nX-Checksum: 1\r\n\r\n", {}),
    (b"HTTP/1.0 200 OK\r\n\r\nuntil close", {}),
    (b"HTTP/1.1 204 No Content\r\n\r\n", {}),
    (b"HTTP/1.1 100 Continue\r\n\r\n" + _OK + b"Content-Length: 0\r\n\r\n", {}),
    (b"HTTP/1.1 103 Early Hints\r\nLink: </style.css>\r\n\r\n", {}),  # then the peer closes
    (b"", {}),
    (b"NOT HTTP\r\n", {}),
    (_OK + b"X-Long: " + b"x" * 70_000 + b"\r\n\r\n", {}),
    (_OK + b"Content-Length: 5\r\nContent-Length: 6\r\n\r\n", {}),
    (_OK + b"Content-Length: 10\r\n\r\nshort", {}),
    (_CHUNKED + b"zz\r\n", {}),
    (_CHUNKED + b"5\r\nhel", {}),
    (_CHUNKED + b"5\r\nhelloXY", {}),
    (_CHUNKED + b"0\r\nA: 1\r\nB: 2\r\n\r\n", {"limits": Limits(max_trailers=2)}),
]


def trace(data: bytes, limits: Limits | None = None) -> Iterator[tuple[str, str, str]]:
    """(state, action, next state) for each report that moves the parser,
    fed *data* as the shell feeds it line by line, then the end of the
    stream."""
    parser = ResponseParser("GET") if limits is None else ResponseParser("GET", limits)
    stream = io.BytesIO(data)
    while parser.state is not ResponseState.ERROR:
        before = parser.state
        request = parser.want()
        if isinstance(request, ReadNothing):
            return
        if isinstance(request, ReadLine):
            line = stream.readline(request.limit)
            action = ResponseAction.LINE if line else ResponseAction.EOF
        else:
            count = len(stream.read(request.size))
            action = ResponseAction.BODY if count else ResponseAction.EOF
        try:
            if action is ResponseAction.LINE:
                parser.got_line(line)
            elif action is ResponseAction.BODY:
                parser.got_body(count)
            else:
                parser.got_eof()
        except ProtocolError:
            pass
        if parser.state is not before:
            yield before.name, action.value, parser.state.name


def _fill(state: ResponseState) -> str:
    actions = RESPONSE_ACTIONS[state]
    if ResponseAction.LINE in actions:
        return "#eef3fa"
    if ResponseAction.BODY in actions:
        return "#eaf5e4"
    return "#f4f4f4" if actions else "#fbe9e5"


def response_graph() -> Graph:
    order = {action: index for index, action in enumerate(ResponseAction)}
    moves = [move for data, options in SAMPLES for move in trace(data, **options)]
    failing = {before for before, _, after in moves if after == ResponseState.ERROR.name}
    nodes = []
    for state in ResponseState:
        accepted = sorted(RESPONSE_ACTIONS[state], key=order.__getitem__)
        note = ", ".join(action.value for action in accepted) or "nothing"
        nodes.append(
            Node(state.name, state.name, f"accepts {note}", _fill(state), state.name in failing)
        )
    graph = Graph(
        "Response states (RESPONSE_ACTIONS) and the parser's moves",
        nodes,
        footer=[
            "A box lists the reports its state accepts (RESPONSE_ACTIONS).  An arrow is a move",
            "a ResponseParser makes on a report (its label) while reading sample responses;",
            "a report that leaves the state where it is has none.",
        ],
    )
    for before, action, after in moves:
        if after != ResponseState.ERROR.name:
            graph.add(before, after, action)
    return graph


def response_svg() -> str:
    return render(response_graph())


# -- Sphinx ------------------------------------------------------------------------


def _write(path: Path, text: str) -> None:
    """Write *text* to *path* unless it holds it already (atomically)."""
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".svg")
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        file.write(text)
    os.replace(temporary, path)


def write_diagrams(directory: Path) -> list[Path]:
    written = []
    for name, text in (("connection", connection_svg()), ("response", response_svg())):
        path = directory / f"states-{name}.svg"
        _write(path, text)
        written.append(path)
    return written


def _builder_inited(app: Any) -> None:
    write_diagrams(Path(app.srcdir) / "_static")


def setup(app: Any) -> dict[str, Any]:
    app.connect("builder-inited", _builder_inited)
    return {
        "version": "1",
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


def _main(argv: Iterable[str] = ()) -> None:
    """``python docs/_ext/statediagrams.py [DIR]`` writes the two files."""
    target = Path(next(iter(argv), Path(__file__).resolve().parents[1] / "_static"))
    for path in write_diagrams(target):
        print(path)


if __name__ == "__main__":
    import sys

    _main(sys.argv[1:])
